/* scenarios/equal.c - deep equality of two configurations (tests, round trips). */
#include "scenarios/scenario.h"

#include <string.h>

static gboolean member_equal(const MdlMemberConfig *a, const MdlMemberConfig *b)
{
    if (g_strcmp0(a->name, b->name) != 0 || a->zone != b->zone || a->capacity != b->capacity ||
        a->concurrency != b->concurrency || a->queue_limit != b->queue_limit ||
        a->boot_time != b->boot_time || a->activation_hold != b->activation_hold ||
        a->reinit_time != b->reinit_time || a->standby != b->standby)
        return FALSE;
    for (int t = 0; t < MDL_N_OPS; t++) {
        if (a->has_service[t] != b->has_service[t])
            return FALSE;
        if (a->has_service[t] && !sim_dist_equal(&a->service[t], &b->service[t]))
            return FALSE;
    }
    return TRUE;
}

static gboolean fault_equal(const MdlFaultConfig *a, const MdlFaultConfig *b)
{
    if (a->kind != b->kind || a->target != b->target || a->index != b->index ||
        a->scheduled != b->scheduled)
        return FALSE;
    if (a->scheduled)
        return a->at == b->at && a->duration == b->duration;
    return sim_dist_equal(&a->every, &b->every) && sim_dist_equal(&a->repair, &b->repair);
}

gboolean scn_config_equal(const MdlConfig *a, const MdlConfig *b)
{
    if (a == b)
        return TRUE;
    if (a == NULL || b == NULL)
        return FALSE;
    if (g_strcmp0(a->name, b->name) != 0 || g_strcmp0(a->description, b->description) != 0 ||
        a->seed != b->seed || a->duration != b->duration || a->warmup != b->warmup ||
        a->replications != b->replications || a->n_zones != b->n_zones ||
        a->n_members != b->n_members || a->n_clients != b->n_clients ||
        a->balancing != b->balancing || a->command_timeout != b->command_timeout ||
        a->ha_only != b->ha_only || a->synchronize != b->synchronize || a->retry != b->retry ||
        a->interval != b->interval || a->recovery_mode != b->recovery_mode ||
        a->attempt_cost != b->attempt_cost || a->rate != b->rate ||
        a->workload_mode != b->workload_mode ||
        a->mix[0] != b->mix[0] || a->mix[1] != b->mix[1] ||
        a->mix[2] != b->mix[2] || a->initial_objects != b->initial_objects ||
        a->key_choice != b->key_choice || a->zipf_s != b->zipf_s ||
        a->mirror_mode != b->mirror_mode || a->min_copies != b->min_copies ||
        a->mirror_delay != b->mirror_delay || a->sync_base != b->sync_base ||
        a->sync_per_object != b->sync_per_object || a->n_faults != b->n_faults ||
        a->n_actions != b->n_actions ||
        !sim_dist_equal(&a->operator_response, &b->operator_response))
        return FALSE;
    for (uint32_t i = 0; i < a->n_zones; i++)
        if (g_strcmp0(a->zones[i], b->zones[i]) != 0)
            return FALSE;
    for (uint32_t i = 0; i < a->n_members; i++)
        if (!member_equal(&a->members[i], &b->members[i]))
            return FALSE;
    for (uint32_t i = 0; i < a->n_clients; i++)
        if (g_strcmp0(a->clients[i].name, b->clients[i].name) != 0 ||
            a->clients[i].zone != b->clients[i].zone)
            return FALSE;
    for (uint32_t i = 0; i < a->n_faults; i++)
        if (!fault_equal(&a->faults[i], &b->faults[i]))
            return FALSE;
    for (uint32_t i = 0; i < a->n_actions; i++)
        if (a->actions[i].at != b->actions[i].at || a->actions[i].kind != b->actions[i].kind ||
            a->actions[i].index != b->actions[i].index)
            return FALSE;
    return TRUE;
}
