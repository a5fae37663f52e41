/* models/fault.c - fault processes and scheduled faults (MODEL.md 1.3).
 *
 * Each fault of the configuration becomes one instance per target: `each-member`
 * and `each-zone` expand to one instance per member or zone, each with its own
 * process and its own random stream, named fault/KIND/TARGET/K (TARGET the member,
 * zone or client:NAME the instance acts on; K counts the earlier instances with the
 * same kind and the same TARGET, whichever way the list named it: `{power, hsm1}`
 * then `{power, each-member}` give hsm1 K = 0 and 1) so that no two instances share a
 * stream and adding a member or a fault leaves the other instances' draws unchanged.
 * A scheduled fault begins at `at` and its cause clears at `at + duration`; a process
 * alternates `every` (from the end of one fault to the next) and `repair` (how long
 * the fault lasts), from time 0.
 * What a fault does to a member is member.c's business; a client network fault cuts
 * that client off from every member; a zone's network and power faults also act on
 * the network between zones and on the clients in the zone (zone.c).
 */
#include "models/world.h"

#include <string.h>

/* `seen` counts the instances made so far per "fault/KIND/TARGET" (scheduled ones
 * too: they have no stream, but counting them keeps the names as they always were). */
static void add_instance(MdlGroup *g, GArray *out, GHashTable *seen, const MdlFaultConfig *f,
                         uint32_t members, uint32_t client, uint32_t zone, const char *target)
{
    FaultInst fi = {.cfg = f, .members = members, .client = client, .zone = zone};
    char *key = g_strdup_printf("fault/%s/%s", mdl_fault_kind_name(f->kind), target);
    uint32_t k = GPOINTER_TO_UINT(g_hash_table_lookup(seen, key));
    if (!f->scheduled) {
        char name[240];
        g_snprintf(name, sizeof name, "%s/%u", key, k);
        fi.r = mdl_stream_new(g, name);
    }
    g_hash_table_insert(seen, key, GUINT_TO_POINTER(k + 1));   /* takes the key */
    g_array_append_val(out, fi);
}

static uint32_t zone_members(const MdlGroup *g, uint32_t zone)
{
    uint32_t mask = 0;
    for (uint32_t m = 0; m < g->n_members; m++)
        if (g->cfg->members[m].zone == zone)
            mask |= BIT(m);
    return mask;
}

void mdl_faults_init(MdlGroup *g)
{
    const MdlConfig *c = g->cfg;
    GArray *insts = g_array_new(FALSE, FALSE, sizeof(FaultInst));
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (uint32_t i = 0; i < c->n_faults; i++) {
        const MdlFaultConfig *f = &c->faults[i];
        char target[160];
        switch (f->target) {
        case MDL_TARGET_MEMBER:
            add_instance(g, insts, seen, f, BIT(f->index), MDL_NONE, MDL_NONE, c->members[f->index].name);
            break;
        case MDL_TARGET_ZONE:
            add_instance(g, insts, seen, f, zone_members(g, f->index), MDL_NONE, f->index, c->zones[f->index]);
            break;
        case MDL_TARGET_EACH_MEMBER:
            for (uint32_t m = 0; m < g->n_members; m++)
                add_instance(g, insts, seen, f, BIT(m), MDL_NONE, MDL_NONE, c->members[m].name);
            break;
        case MDL_TARGET_EACH_ZONE:
            for (uint32_t z = 0; z < c->n_zones; z++)
                add_instance(g, insts, seen, f, zone_members(g, z), MDL_NONE, z, c->zones[z]);
            break;
        case MDL_TARGET_CLIENT:
            g_snprintf(target, sizeof target, "client:%s", c->clients[f->index].name);
            add_instance(g, insts, seen, f, 0, f->index, MDL_NONE, target);
            break;
        case MDL_TARGET_CLIENT_GROUP:    /* issue 11: each client of the group */
            for (uint32_t k = 0; k < c->n_clients; k++) {
                if (c->clients[k].group != f->index)
                    continue;
                g_snprintf(target, sizeof target, "client:%s", c->clients[k].name);
                add_instance(g, insts, seen, f, 0, k, MDL_NONE, target);
            }
            break;
        }
    }
    g_hash_table_destroy(seen);
    g->n_faults = insts->len;
    g->faults = (FaultInst *)(void *)g_array_free(insts, FALSE);

    /* first occurrences; scheduled ones at their times, processes after one `every` */
    for (uint32_t i = 0; i < g->n_faults; i++) {
        FaultInst *fi = &g->faults[i];
        SimTime at = fi->cfg->scheduled ? fi->cfg->at : sim_dist_sample_time(&fi->cfg->every, fi->r);
        sim_engine_schedule(g->engine, at, g->kind[EV_FAULT], i, 1);
    }
}

void mdl_faults_clear(MdlGroup *g)
{
    for (uint32_t i = 0; i < g->n_faults; i++)
        if (g->faults[i].r)
            gsl_rng_free(g->faults[i].r);
    g_free(g->faults);
    g->faults = NULL;
    g->n_faults = 0;
}

static void apply(MdlGroup *g, FaultInst *fi, gboolean begins)
{
    MdlFaultKind kind = fi->cfg->kind;
    if (fi->client != MDL_NONE) {
        Client *cl = &g->clients[fi->client];
        FLUID_TOUCH(g);
        OBS(g, fault, NOW(g), kind, MDL_NONE, fi->client, begins);
        if (begins) {
            if (cl->isolated++ == 0 && cl->down == 0)   /* a host that is off has nothing out */
                mdl_client_cut_off(g, fi->client);
        } else {
            cl->isolated--;
        }
        mdl_slot_update(g, fi->client);
        return;
    }
    if (fi->zone != MDL_NONE && kind == MDL_FAULT_NETWORK) {
        mdl_zone_partition(g, fi->zone, fi->members, kind, begins);   /* zone.c */
        return;
    }
    for (uint32_t m = 0, mask = fi->members; mask; m++, mask >>= 1) {
        if (!(mask & 1))
            continue;
        OBS(g, fault, NOW(g), kind, m, MDL_NONE, begins);
        mdl_member_fault(g, m, kind, begins);
    }
    if (fi->zone != MDL_NONE && kind == MDL_FAULT_POWER)
        mdl_zone_clients_power(g, fi->zone, begins);                  /* zone.c */
}

void mdl_on_fault(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    FaultInst *fi = &g->faults[ev->target];
    gboolean begins = ev->data == 1;
    fi->since = NOW(g);
    apply(g, fi, begins);
    if (begins) {
        SimTime len = fi->cfg->scheduled ? fi->cfg->duration
                                         : sim_dist_sample_time(&fi->cfg->repair, fi->r);
        sim_engine_schedule_in(e, len, g->kind[EV_FAULT], ev->target, 0);
    } else if (!fi->cfg->scheduled) {
        SimTime gap = sim_dist_sample_time(&fi->cfg->every, fi->r);
        sim_engine_schedule_in(e, gap, g->kind[EV_FAULT], ev->target, 1);
    }
}
