/* models/operator.c - the operator (a team) and the scheduled actions.
 *
 * A case opens when a view becomes exhausted or absent, or when a member waits for
 * re-activation or re-initialization.  Each case gets its own response delay, drawn
 * from operator.response on the member's stream (operator/MEMBER), in parallel with
 * the others.  When the delay is over the operator acts; if the member is still down
 * the case stays open and the operator comes back after another response delay.
 * A manual recover brings the member back in every client's view that lost it.
 * Scheduled actions (recover, resync, client-restart) happen exactly when written,
 * once: an action on a member that is down does nothing.
 */
#include "models/world.h"

void mdl_operator_init(MdlGroup *g)
{
    g->cases = g_array_new(FALSE, FALSE, sizeof(OpCase));
    g->r_operator = g_new(gsl_rng *, g->n_members);
    for (uint32_t m = 0; m < g->n_members; m++) {
        char name[160];
        g_snprintf(name, sizeof name, "operator/%s", g->cfg->members[m].name);
        g->r_operator[m] = mdl_stream_new(g, name);
    }
    for (uint32_t a = 0; a < g->cfg->n_actions; a++)
        sim_engine_schedule(g->engine, g->cfg->actions[a].at, g->kind[EV_ACTION], a, 0);
}

static void schedule_case(MdlGroup *g, uint32_t index, uint32_t member)
{
    g_array_index(g->cases, OpCase, index).since = NOW(g);
    SimTime d = sim_dist_sample_time(&g->cfg->operator_response, g->r_operator[member]);
    sim_engine_schedule_in(g->engine, d, g->kind[EV_OPERATOR], index, 0);
}

void mdl_case_open(MdlGroup *g, int kind, uint32_t member, uint32_t client)
{
    if (kind == CASE_VIEW) {
        Pair *p = PAIR(g, client, member);
        if (p->case_open)
            return;
        p->case_open = 1;
    } else {
        Member *m = &g->members[member];
        if (m->cases & BIT(kind))
            return;
        m->cases |= BIT(kind);
    }
    OpCase c = {(uint8_t)kind, member, client, 0};
    g_array_append_val(g->cases, c);
    schedule_case(g, g->cases->len - 1, member);
}

/* Brings the member back in every client's view that lost it and can reach it.
 * FALSE when the member is not up (nothing done). */
gboolean mdl_manual_recover(MdlGroup *g, uint32_t member, MdlCause cause)
{
    if (g->members[member].phys != MDL_PHYS_UP)
        return FALSE;
    for (uint32_t c = 0; c < g->n_clients; c++) {
        Pair *p = PAIR(g, c, member);
        if (g->clients[c].down)
            continue;                    /* its host is off: fresh views at power-on */
        if (mdl_view_lost((MdlView)p->view) && !p->attempting && mdl_reachable(g, c, member))
            mdl_rejoin(g, c, member, cause);
    }
    return TRUE;
}

void mdl_on_operator(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    OpCase oc = g_array_index(g->cases, OpCase, ev->target);
    Member *m = &g->members[oc.member];
    gboolean done;
    const char *what;
    switch (oc.kind) {
    case CASE_VIEW: {
        Pair *p = PAIR(g, oc.client, oc.member);
        what = "recover";
        if (!mdl_view_lost((MdlView)p->view) || g->clients[oc.client].down) {
            done = TRUE;                 /* back already (client restart, another case),
                                            or its host is off (fresh views at power-on) */
        } else {
            done = mdl_reachable(g, oc.client, oc.member) && mdl_manual_recover(g, oc.member, MDL_CAUSE_MANUAL);
        }
        if (done)
            p->case_open = 0;
        break;
    }
    case CASE_ACTIVATE:
        what = "activate";
        done = !m->needs_activation || m->needs_reinit || mdl_member_activate(g, oc.member);
        if (done)
            m->cases &= ~BIT(CASE_ACTIVATE);
        break;
    case CASE_REINIT:
        what = "reinit";
        done = !m->needs_reinit || mdl_member_start_reinit(g, oc.member);
        if (done)
            m->cases &= ~BIT(CASE_REINIT);
        break;
    default:
        g_assert_not_reached();
    }
    OBS(g, operator_action, NOW(g), what, oc.member, done);
    if (!done)
        schedule_case(g, ev->target, oc.member);
}

/* resync: for every client that has the member in rotation, a full synchronization:
 * every existing object it lacks is copied to it and the client's pending set for it
 * is replayed.  Nothing happens for clients that have it out of rotation. */
static gboolean resync(MdlGroup *g, uint32_t member)
{
    if (g->members[member].phys != MDL_PHYS_UP)
        return FALSE;
    for (uint32_t c = 0; c < g->n_clients; c++) {
        Pair *p = PAIR(g, c, member);
        if (g->clients[c].down)
            continue;
        if ((p->view == MDL_VIEW_ACTIVE || p->view == MDL_VIEW_STANDBY) && mdl_reachable(g, c, member))
            mdl_sync_start(g, c, member, TRUE, MDL_CAUSE_RESYNC);
    }
    return TRUE;
}

void mdl_on_action(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    const MdlActionConfig *a = &g->cfg->actions[ev->target];
    uint32_t n = a->kind == MDL_ACTION_CLIENT_RESTART ? g->n_clients : g->n_members;
    for (uint32_t k = 0; k < n; k++) {
        if (a->index != MDL_NONE && (a->group ? g->cfg->clients[k].group != a->index
                                              : a->index != k))
            continue;                    /* issue 11: a->group, the clients of a group */
        gboolean done;
        switch (a->kind) {
        case MDL_ACTION_RECOVER:
            done = mdl_manual_recover(g, k, MDL_CAUSE_MANUAL);
            OBS(g, operator_action, NOW(g), "recover", k, done);
            break;
        case MDL_ACTION_RESYNC:
            done = resync(g, k);
            OBS(g, operator_action, NOW(g), "resync", k, done);
            break;
        case MDL_ACTION_CLIENT_RESTART:
            if (g->clients[k].down == 0)  /* a client whose host is off restarts at power-on */
                mdl_client_start(g, k, TRUE);
            break;
        }
    }
}
