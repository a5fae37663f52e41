/* scenarios/hooks.h - the hand-written parts of the variant keys (schema.h, SCN_T_HOOK
 * rows and the sections typed or printed by hand), as schema.c refers to them. */
#ifndef HAPGSIM_SCENARIOS_HOOKS_H
#define HAPGSIM_SCENARIOS_HOOKS_H

#include "scenarios/schema.h"

extern const ScnHooks scn_hook_version, scn_hook_study, scn_hook_zones, scn_hook_members,
    scn_hook_service, scn_hook_clients, scn_hook_client_count, scn_hook_client_list,
    scn_hook_mix, scn_hook_key_choice, scn_hook_mirroring, scn_hook_faults,
    scn_hook_actions, scn_hook_fault_target, scn_hook_fault_form, scn_hook_action_target,
    scn_hook_rate;

/* warmup < duration */
void scn_check_warmup(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                      void *base);

/* a client's zone holds a member */
void scn_check_client_zone(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                           void *base);
/* warns when an action's at is not before duration */
void scn_check_action_at(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                         void *base);
/* issue 11: closed loop.  workload.threads is not with workload.rate, nor in fluid mode
 * or with splitting; the closed-loop keys need threads. */
void scn_check_closed_loop(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                           void *base);

#endif
