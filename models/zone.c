/* models/zone.c - what a zone's faults do beyond its members (docs/model.md "Faults").
 *
 * Topology.  Clients with a zone run in that zone; clients with no zone run outside
 * every zone.  A network fault on zone Z partitions the network: Z keeps its own links
 * but loses those to every other zone and to the clients with no zone, both ways
 * (mdl_linked()).  A member that no client can reach any more (no client on its side of
 * the partitions) is `isolated`, as a member cut by its own network fault; otherwise it
 * stays up and only the pairs across the cut lose each other: what the client had
 * outstanding there will not be answered, and its detection follows, as when the member
 * goes silent.  With no client in Z this is exactly a zone's members cut off from every
 * client.
 *
 * Power.  A power fault on zone Z also turns off the application hosts of the clients
 * in Z.  While off a client issues nothing (its arrivals stop, its threads wait), what
 * it had outstanding ends `aborted`, and it runs no detection or recovery; its pending
 * sets, kept in the application's memory, are gone.  When the last such fault ends it
 * restarts as a client-restart action does (fresh views).
 */
#include "models/world.h"

static gboolean zone_has_clients(const MdlGroup *g, uint32_t zone)
{
    for (uint32_t c = 0; c < g->n_clients; c++)
        if (g->clients[c].cfg->zone == zone)
            return TRUE;
    return FALSE;
}

/* A member no client can reach by the network (client network faults aside): its zone
 * is cut and holds no client, or it is not cut and every client is in a cut zone. */
static gboolean member_cut_off(const MdlGroup *g, const Member *m)
{
    if (m->zcut > 0)
        return !zone_has_clients(g, m->cfg->zone);
    for (uint32_t c = 0; c < g->n_clients; c++)
        if (g->clients[c].zcut == 0)
            return FALSE;
    return TRUE;
}

static void cut_job(MdlGroup *g, uint32_t member, Job *job, void *data)
{
    if (job->client == GPOINTER_TO_UINT(data))
        mdl_op_lost_job(g, member, job);
}

/* The member runs but no longer reaches the client: what the client had outstanding
 * there will not be answered (the member goes on serving it, unheard). */
static void pair_cut(MdlGroup *g, uint32_t client, uint32_t member)
{
    mdl_member_foreach_job(g, member, cut_job, GUINT_TO_POINTER(client));
    if (g->fluid)
        mdl_fluid_in_flight(g, client, member);
    mdl_pair_silenced(g, client, member);
}

void mdl_zone_partition(MdlGroup *g, uint32_t zone, uint32_t members, MdlFaultKind kind,
                        gboolean begins)
{
    uint32_t nm = g->n_members, nc = g->n_clients;
    gboolean clients_in = zone_has_clients(g, zone);
    /* the pairs that reach each other now (only needed when the cut splits pairs whose
     * member stays up: with no client in the zone, its members are simply cut off) */
    guint8 *before = NULL;
    if (clients_in) {
        before = g_new(guint8, (size_t)nc * nm);
        for (uint32_t c = 0; c < nc; c++)
            for (uint32_t m = 0; m < nm; m++)
                before[(size_t)c * nm + m] = (guint8)mdl_reachable(g, c, m);
        for (uint32_t c = 0; c < nc; c++) {
            Client *cl = &g->clients[c];
            if (cl->cfg->zone != zone)
                continue;
            if (begins && cl->zcut++ == 0)
                cl->cut_since = NOW(g);
            else if (!begins)
                cl->zcut--;
        }
    }
    for (uint32_t m = 0; MASK_MORE(members, m); m++) {
        if (!(members & BIT(m)))
            continue;
        Member *mm = &g->members[m];
        OBS(g, fault, NOW(g), kind, m, MDL_NONE, begins);
        if (begins && mm->zcut++ == 0)
            mm->cut_since = NOW(g);
        else if (!begins)
            mm->zcut--;
        mm->cut_off = member_cut_off(g, mm);
        mdl_member_update(g, mm);
    }
    if (!clients_in)
        return;
    /* the clients of the zone moved too: members elsewhere may have lost (or got back)
     * every client */
    for (uint32_t m = 0; m < nm; m++) {
        Member *mm = &g->members[m];
        if (members & BIT(m))
            continue;
        mm->cut_off = member_cut_off(g, mm);
        mdl_member_update(g, mm);
    }
    gboolean moved = FALSE;
    for (uint32_t c = 0; c < nc; c++)
        for (uint32_t m = 0; m < nm; m++) {
            gboolean now = mdl_reachable(g, c, m);
            if (now == before[(size_t)c * nm + m])
                continue;
            moved = TRUE;
            /* cut, the member still up (a member that went off dropped its work) */
            if (!now && g->members[m].phys == MDL_PHYS_UP && g->clients[c].down == 0)
                pair_cut(g, c, m);
        }
    g_free(before);
    if (moved) {
        FLUID_TOUCH(g);
        mdl_slots_update_all(g);
    }
}

/* ---- clients' hosts ------------------------------------------------------------------ */

static void client_off(MdlGroup *g, uint32_t c)
{
    Client *cl = &g->clients[c];
    FLUID_TOUCH(g);
    OBS(g, client_power, NOW(g), c, FALSE);
    cl->epoch++;                         /* its pending arrival is stale */
    if (!cl->started)
        return;                          /* not started yet, or still off */
    mdl_threads_park(g, c);
    mdl_client_abort_all(g, c);
    for (uint32_t m = 0; m < g->n_members; m++) {
        Pair *p = PAIR(g, c, m);
        SimEventId *evs[] = {&p->det_ev, &p->probe_ev, &p->sync_ev};
        for (size_t k = 0; k < G_N_ELEMENTS(evs); k++) {
            if (*evs[k] != SIM_EVENT_NONE)
                sim_engine_cancel(g->engine, *evs[k]);
            *evs[k] = SIM_EVENT_NONE;
        }
        p->attempting = 0;
        if (g_hash_table_size(p->pending) > 0) {  /* they lived in the host's memory */
            g_hash_table_remove_all(p->pending);
            OBS(g, pending, NOW(g), c, m, 0);
        }
    }
    cl->started = FALSE;     /* its slot is left as it was: not reported while off */
}

static void client_on(MdlGroup *g, uint32_t c)
{
    Client *cl = &g->clients[c];
    OBS(g, client_power, NOW(g), c, TRUE);
    if (cl->start_due) {                 /* off since time 0: its first start */
        cl->start_due = FALSE;
        mdl_client_start(g, c, FALSE);
        mdl_threads_start(g, c);
        return;
    }
    mdl_client_start(g, c, TRUE);
    mdl_threads_resume(g, c);
}

void mdl_zone_clients_power(MdlGroup *g, uint32_t zone, gboolean begins)
{
    for (uint32_t c = 0; c < g->n_clients; c++) {
        Client *cl = &g->clients[c];
        if (cl->cfg->zone != zone)
            continue;
        if (begins) {
            if (cl->down++ == 0)
                client_off(g, c);
        } else if (cl->down == 1) {
            client_on(g, c);             /* its slot is not reported until it is up */
            cl->down = 0;
            mdl_slot_update(g, c);
        } else {
            cl->down--;
        }
    }
}
