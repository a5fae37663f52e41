/* models/recovery.c - one client's view of one member: the autoRecovery state
 * machine of MODEL.md 1.5, failure detection and failover, and the slot's state.
 *
 *   active/standby/syncing --detected--> failed --attempt ok--> syncing or active
 *   failed --attempt fails, attempts == retry--> exhausted --operator--> syncing/active
 *   (not reachable at start) absent --operator or client restart--> syncing/active
 *
 * Passive mode: an attempt rides on an application call made at least `interval`
 * after detection or after the previous attempt's start (client.c makes the call wait
 * attempt_cost).  Active mode: a probe at detection + k * interval, free of cost.
 * retry 0, or a group of one member, leaves no automatic path: detection goes
 * straight to exhausted.
 */
#include "models/world.h"

void mdl_view_set(MdlGroup *g, uint32_t client, uint32_t member, MdlView to, MdlCause cause)
{
    Pair *p = PAIR(g, client, member);
    MdlView from = (MdlView)p->view;
    if (from == to)
        return;
    p->view = (uint8_t)to;
    FLUID_TOUCH(g);
    Client *cl = &g->clients[client];
    uint32_t b = BIT(member), rotation = cl->rotation;
    cl->rotation = (to == MDL_VIEW_ACTIVE || to == MDL_VIEW_STANDBY) ? cl->rotation | b : cl->rotation & ~b;
    if (cl->rotation != rotation)
        mdl_rotation_moved(g, client);
    cl->active = to == MDL_VIEW_ACTIVE ? cl->active | b : cl->active & ~b;
    cl->syncing = to == MDL_VIEW_SYNCING ? cl->syncing | b : cl->syncing & ~b;
    if (to != MDL_VIEW_FAILED && p->probe_ev != SIM_EVENT_NONE) {
        sim_engine_cancel(g->engine, p->probe_ev);
        p->probe_ev = SIM_EVENT_NONE;
    }
    OBS(g, view, NOW(g), client, member, from, to, cause);
    if (to == MDL_VIEW_EXHAUSTED || to == MDL_VIEW_ABSENT)
        mdl_case_open(g, CASE_VIEW, member, client);
    mdl_slot_update(g, client);
    mdl_consistency_update(g);
}

/* ---- detection and failover -------------------------------------------------------------- */

void mdl_detect_schedule(MdlGroup *g, uint32_t client, uint32_t member, SimTime at)
{
    Pair *p = PAIR(g, client, member);
    if (p->det_ev != SIM_EVENT_NONE) {
        if (p->det_at <= at)
            return;
        sim_engine_cancel(g->engine, p->det_ev);
    }
    p->det_at = at;
    p->det_ev = sim_engine_schedule(g->engine, at, g->kind[EV_DETECT],
                                    client * g->n_members + member, 0);
}

/* The member stopped answering the client: whatever the client has there goes
 * unanswered -- its lost operations, and a synchronization under way, which is broken
 * (nothing more arrives; mdl_on_sync_done() will copy nothing) -- and the detection
 * follows command_timeout later, even if the member comes back meanwhile. */
void mdl_pair_silenced(MdlGroup *g, uint32_t client, uint32_t member)
{
    Pair *p = PAIR(g, client, member);
    gboolean syncing = p->view == MDL_VIEW_SYNCING || p->sync_live;
    if (syncing)
        p->sync_broken = 1;
    if (p->lost->len > 0 || syncing)
        mdl_detect_schedule(g, client, member,
                            sim_time_add_sat(NOW(g), g->clients[client].grp->command_timeout));
}

static void no_automatic_path_check(MdlGroup *g, uint32_t client, uint32_t member)
{
    const MdlClientGroupConfig *c = g->clients[client].grp;
    Pair *p = PAIR(g, client, member);
    if (c->retry == 0 || g->n_members < 2) {
        mdl_view_set(g, client, member, MDL_VIEW_EXHAUSTED, MDL_CAUSE_ATTEMPTS_USED_UP);
    } else if (c->recovery_mode == MDL_RECOVERY_ACTIVE) {
        p->probe_ev = sim_engine_schedule_in(g->engine, c->interval, g->kind[EV_PROBE],
                                             client * g->n_members + member, 0);
    }
}

static void collect_job(MdlGroup *g, uint32_t member, Job *job, void *data)
{
    GArray *list = data;
    if (job->client == g_array_index(list, uint32_t, 0)) {
        uint32_t op = job->op;
        mdl_member_mark_stale(g, member, job);   /* the member's answer will go unheard */
        g_array_append_val(list, op);
    }
}

void mdl_on_detect(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    uint32_t client = ev->target / g->n_members, member = ev->target % g->n_members;
    Pair *p = PAIR(g, client, member);
    p->det_ev = SIM_EVENT_NONE;
    gboolean sync_broken = (p->view == MDL_VIEW_SYNCING || p->sync_live) && p->sync_broken;
    if (p->lost->len == 0 && !sync_broken)
        return;                          /* nothing unanswered any more */

    if (p->view == MDL_VIEW_ACTIVE || p->view == MDL_VIEW_STANDBY || p->view == MDL_VIEW_SYNCING) {
        /* a synchronization under way is abandoned; the pending set is kept */
        if (p->sync_ev != SIM_EVENT_NONE) {
            sim_engine_cancel(e, p->sync_ev);
            p->sync_ev = SIM_EVENT_NONE;
        }
        p->sync_broken = 0;
        p->sync_live = 0;
        p->last_try = NOW(g);
        p->attempts = 0;
        mdl_view_set(g, client, member, MDL_VIEW_FAILED, MDL_CAUSE_DETECTED);
        no_automatic_path_check(g, client, member);
    }

    /* failover: everything outstanding there is re-sent, the lost ones (oldest first),
     * then any the member is still serving (the client cannot tell them apart) */
    GArray *list = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    g_array_append_val(list, client);    /* [0]: the client, for collect_job */
    g_array_append_vals(list, p->lost->data, p->lost->len);
    g_array_set_size(p->lost, 0);
    mdl_member_foreach_job(g, member, collect_job, list);
    for (guint k = 1; k < list->len; k++) {
        uint32_t i = g_array_index(list, uint32_t, k);
        if (k + 8 < list->len)
            __builtin_prefetch(&g->ops[g_array_index(list, uint32_t, k + 8)]);
        Op *op = &g->ops[i];
        SimTime delay = NOW(g) - op->sent;
        p->n_out--;
        op->member = MDL_NONE;
        if (op->phase == PH_CLONE) {
            mdl_clone_lost(g, i, member);
        } else {
            OBS(g, failover, NOW(g), client, delay);
            mdl_op_route(g, i);
        }
    }
    g_array_free(list, TRUE);
}

/* ---- attempts -------------------------------------------------------------------------------- */

static void attempt_failed(MdlGroup *g, uint32_t client, uint32_t member)
{
    Pair *p = PAIR(g, client, member);
    p->attempts++;
    const MdlClientGroupConfig *grp = g->clients[client].grp;
    if (grp->retry != -1 && p->attempts >= (uint32_t)grp->retry) {
        mdl_view_set(g, client, member, MDL_VIEW_EXHAUSTED, MDL_CAUSE_ATTEMPTS_USED_UP);
    } else if (grp->recovery_mode == MDL_RECOVERY_ACTIVE) {
        p->probe_ev = sim_engine_schedule_in(g->engine, grp->interval, g->kind[EV_PROBE],
                                             client * g->n_members + member, 0);
    }
}

void mdl_on_probe(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    uint32_t client = ev->target / g->n_members, member = ev->target % g->n_members;
    Pair *p = PAIR(g, client, member);
    p->probe_ev = SIM_EVENT_NONE;
    if (p->view != MDL_VIEW_FAILED)
        return;
    gboolean ok = mdl_reachable(g, client, member);
    OBS(g, attempt, NOW(g), client, member, ok);
    if (ok)
        mdl_rejoin(g, client, member, MDL_CAUSE_AUTO);
    else
        attempt_failed(g, client, member);
}

uint32_t mdl_passive_due(MdlGroup *g, uint32_t client)
{
    SimTime now = NOW(g), interval = g->clients[client].grp->interval;
    for (uint32_t m = 0; m < g->n_members; m++) {
        Pair *p = PAIR(g, client, m);
        if (p->view == MDL_VIEW_FAILED && !p->attempting && now - p->last_try >= interval)
            return m;
    }
    return MDL_NONE;
}

void mdl_attempt_begin(MdlGroup *g, uint32_t client, uint32_t member, gboolean ok)
{
    Pair *p = PAIR(g, client, member);
    FLUID_TOUCH(g);                      /* the next attempt's due time moves */
    p->attempting = 1;
    p->last_try = NOW(g);
    OBS(g, attempt, NOW(g), client, member, ok);
}

void mdl_attempt_result(MdlGroup *g, uint32_t client, uint32_t member, gboolean ok)
{
    Pair *p = PAIR(g, client, member);
    FLUID_TOUCH(g);
    p->attempting = 0;
    if (p->view != MDL_VIEW_FAILED)
        return;                          /* recovered otherwise meanwhile */
    if (ok)
        mdl_rejoin(g, client, member, MDL_CAUSE_AUTO);
    else
        attempt_failed(g, client, member);
}

/* The member comes back into this client's group (automatic or manual recovery):
 * it synchronizes first when synchronize is on and it has something to receive. */
void mdl_rejoin(MdlGroup *g, uint32_t client, uint32_t member, MdlCause cause)
{
    Pair *p = PAIR(g, client, member);
    p->attempts = 0;
    uint32_t epoch = g->members[member].wipe_epoch;
    /* a full synchronization (every existing object it lacks) for a member wiped since
     * this view last saw it hold data; otherwise the pending set */
    gboolean full = p->wipe_epoch != epoch;
    if (g->clients[client].grp->synchronize && mdl_sync_start(g, client, member, full, cause))
        return;
    p->wipe_epoch = epoch;
    mdl_view_set(g, client, member, mdl_healthy_view(g, member), cause);
}

/* ---- the slot ---------------------------------------------------------------------------------- */

void mdl_slot_update(MdlGroup *g, uint32_t client)
{
    Client *cl = &g->clients[client];
    if (cl->down)
        return;                          /* its host is off (zones): as it was, until back */
    gboolean available = FALSE;
    if (cl->isolated == 0 && cl->started) {
        uint32_t s = mdl_serving(g, client);
        for (uint32_t m = 0; MASK_MORE(s, m); m++)
            if ((s & BIT(m)) && mdl_reachable(g, client, m)) {   /* zones: per pair */
                available = TRUE;
                break;
            }
    }
    if (available != cl->available) {
        cl->available = available;
        OBS(g, slot, NOW(g), client, available);
    }
}

void mdl_slots_update_all(MdlGroup *g)
{
    for (uint32_t c = 0; c < g->n_clients; c++)
        mdl_slot_update(g, c);
}

/* ---- client start ------------------------------------------------------------------------------ */

void mdl_client_start(MdlGroup *g, uint32_t client, gboolean restart)
{
    Client *cl = &g->clients[client];
    FLUID_TOUCH(g);
    if (restart) {
        OBS(g, client_restart, NOW(g), client);
        mdl_client_abort_all(g, client);
    }
    for (uint32_t m = 0; m < g->n_members; m++) {
        Pair *p = PAIR(g, client, m);
        SimEventId *evs[] = {&p->det_ev, &p->probe_ev, &p->sync_ev};
        for (size_t k = 0; k < G_N_ELEMENTS(evs); k++) {
            if (*evs[k] != SIM_EVENT_NONE)
                sim_engine_cancel(g->engine, *evs[k]);
            *evs[k] = SIM_EVENT_NONE;
        }
        p->attempting = 0;
        p->attempts = 0;
        p->sync_broken = 0;
        p->sync_live = 0;
        if (g_hash_table_size(p->pending) > 0) {  /* the pending sets lived in its memory */
            g_hash_table_remove_all(p->pending);
            OBS(g, pending, NOW(g), client, m, 0);
        }
        if (mdl_reachable(g, client, m)) {
            /* it is taken as it is: whatever it lacks now stays missing (the pending
             * sets are gone) until a resync */
            p->wipe_epoch = g->members[m].wipe_epoch;
            mdl_view_set(g, client, m, mdl_healthy_view(g, m), MDL_CAUSE_START);
        }
        else if (p->view != MDL_VIEW_ABSENT)   /* a wipe since it last saw data shows later */
            mdl_view_set(g, client, m, MDL_VIEW_ABSENT, MDL_CAUSE_START);
        else
            mdl_case_open(g, CASE_VIEW, m, client);
    }
    if (!cl->started) {
        cl->started = TRUE;
        if (cl->grp->rate > 0 && !g->fluid)
            sim_engine_schedule_in(g->engine,
                                   sim_dist_sample_time(&g->grp_arrival[cl->gi], cl->r_arrival),
                                   g->kind[EV_ARRIVAL], client, cl->epoch);
    }
    mdl_slot_update(g, client);
    mdl_consistency_update(g);
}
