/* scenarios/hooks.h - the hand-written parts of the variant keys (schema.h, SCN_T_HOOK
 * rows and the sections typed or printed by hand), as schema.c refers to them. */
#ifndef HAPGSIM_SCENARIOS_HOOKS_H
#define HAPGSIM_SCENARIOS_HOOKS_H

#include "scenarios/schema.h"

extern const ScnHooks scn_hook_version, scn_hook_study, scn_hook_zones, scn_hook_members,
    scn_hook_clients, scn_hook_client_count,
    scn_hook_key_choice, scn_hook_mirroring, scn_hook_faults,
    scn_hook_actions, scn_hook_fault_target, scn_hook_fault_form, scn_hook_action_target,
    scn_hook_group_clients, scn_hook_group_list, scn_hook_group_workload;

/* issue 11: client groups (hooks_fleet.c).  A group's zone holds a member; the
 * closed-loop keys of a group's workload; the groups' workloads again once the
 * top-level workload (their defaults) is typed. */
void scn_check_group_zone(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                          void *base);
void scn_check_group_closed_loop(Ty *ty, const ScnNode *map, const ScnNode *n,
                                 const char *path, void *base);
void scn_check_group_workloads(Ty *ty, const ScnNode *map, const ScnNode *n,
                               const char *path, void *base);
/* hooks_groups.c, shared with hooks_fleet.c: the entries of a list of named entries
 * (see there), and the single form's clients hook parts. */
void *scn_type_named_list(Ty *ty, const ScnNode *n, const char *path, ScnSection s,
                          const char *what, const char *one, guint max, gsize size,
                          void (*init)(Ty *ty, void *entry, guint i), gboolean *ok,
                          guint *len);
/* The clients the `count` or the `list` of `map` give (`section`: "clients", "clients.K"),
 * appended to the configuration's: those of the list, or `count` ones (`dflt` when neither
 * is written) named PREFIX1..; each of group `gi` and, unless its own, in zone `zone`.
 * Nothing without a prefix (a group whose name failed).  FALSE after errors. */
gboolean scn_type_clients_of(Ty *ty, const ScnNode *map, const char *section,
                             const char *prefix, guint dflt, uint32_t gi, uint32_t zone);
gboolean scn_type_client_groups(Ty *ty, const ScnNode *map, const ScnNode *n,
                                const char *path);
void scn_print_client_groups(ScnCanon *c, ScnNode *map, const ScnField *f, const ScnTyped *t);
gboolean scn_client_groups_equal(const MdlConfig *a, const MdlConfig *b);

/* The values of the rows of type SCN_T_SERVICE (hooks_groups.c) and SCN_T_MIX
 * (hooks_workload.c): service times per operation type `{read, create, delete, clone}`
 * (has[t]: given), a mix `{read, create, delete}` (each in [0, 1], summing to 1); their
 * canonical flow mappings (service: NULL when none is given). */
gboolean scn_type_service(Ty *ty, const ScnNode *n, const char *path, gboolean *has,
                          SimDist *service);
ScnNode *scn_canon_service(ScnCanon *c, const gboolean *has, const SimDist *service);
gboolean scn_type_mix(Ty *ty, const ScnNode *n, const char *path, double *mix);
ScnNode *scn_canon_mix(ScnCanon *c, const double *mix);

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
