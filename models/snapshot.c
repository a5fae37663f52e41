/* models/snapshot.c - copies of a replication's whole state, and how close it is to a
 * rare set (the importance functions of splitting, docs/rare-events.md).
 *
 * mdl_group_clone() copies everything a replication's future depends on: the engine
 * with its pending events (same ids, so the event ids the state holds stay valid), the
 * members with their queues and jobs, the clients, their views and pending sets, the
 * operations in flight, the objects, the fault instances, the operator's cases and the
 * fluid state.  The configuration is shared (read-only).  The copy's random streams
 * are then re-seeded in a fixed order from the seed it is given, so a copy is a new,
 * independent continuation of the same state, and the same seed gives the same copy.
 */
#include "models/world.h"

#include "sim/rng.h"

#include <string.h>

static void *dup_array(const void *p, size_t n, size_t size)
{
    return p && n ? g_memdup2(p, n * size) : NULL;
}

static GArray *dup_garray(GArray *a)
{
    GArray *b = g_array_sized_new(FALSE, FALSE, g_array_get_element_size(a), a->len);
    g_array_append_vals(b, a->data, a->len);
    return b;
}

static GHashTable *dup_set(GHashTable *t)
{
    GHashTable *u = g_hash_table_new(g_direct_hash, g_direct_equal);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_hash_table_add(u, key);
    return u;
}

/* Calls fn on every random stream of the group, always in the same order. */
static void foreach_stream(MdlGroup *g, void (*fn)(gsl_rng *r, uint64_t index, void *data),
                           void *data)
{
    uint64_t k = 0;
    for (uint32_t m = 0; m < g->n_members; m++) {
        fn(g->members[m].r_service, k++, data);
        fn(g->r_operator[m], k++, data);
    }
    for (uint32_t c = 0; c < g->n_clients; c++) {
        Client *cl = &g->clients[c];
        fn(cl->r_arrival, k++, data);
        fn(cl->r_mix, k++, data);
        fn(cl->r_keys, k++, data);
        fn(cl->r_balance, k++, data);
        if (g->fl) {
            FluidClient *f = &g->fl[c];
            fn(f->r_reads, k++, data);
            fn(f->r_writes, k++, data);
            fn(f->r_calls, k++, data);
            fn(f->r_flight, k++, data);
        }
    }
    for (uint32_t i = 0; i < g->n_faults; i++)
        if (g->faults[i].r)
            fn(g->faults[i].r, k++, data);
    if (g->r_pool)
        fn(g->r_pool, k++, data);
}

static void reseed(gsl_rng *r, uint64_t index, void *data)
{
    gsl_rng_set(r, sim_rng_mix64(*(const uint64_t *)data + index));
}

static gsl_rng *dup_rng(const gsl_rng *r)
{
    return r ? gsl_rng_clone(r) : NULL;
}

/* What is left of a pending delay that began at `since`, drawn anew from its law given
 * that it has lasted that long (memoryless ones: simply anew): a copy may draw it, since
 * nothing of the state depends on the draw the original made.  -1: kept (a
 * deterministic delay).  sim_dist_sample_residual() is exact for every family. */
static SimTime redraw_left(const SimDist *d, SimTime since, SimTime now, gsl_rng *r)
{
    double left;
    if (!sim_dist_sample_residual(d, sim_time_to_s(now - since), r, &left))
        return -1;
    SimTime t = left >= sim_time_to_s(SIM_TIME_MAX - now) ? SIM_TIME_MAX - now
                                                           : sim_time_from_s(left);
    return now + t;
}

/* A fault process's pending begin (the gap) or end (the repair). */
static SimTime redraw_fault(const SimEvent *ev, SimTime now, void *ctx)
{
    MdlGroup *g = ctx;
    FaultInst *fi = &g->faults[ev->target];
    if (fi->cfg->scheduled || fi->r == NULL)
        return -1;
    return redraw_left(ev->data == 1 ? &fi->cfg->every : &fi->cfg->repair, fi->since, now, fi->r);
}

/* The operator's pending response to a case. */
static SimTime redraw_operator(const SimEvent *ev, SimTime now, void *ctx)
{
    MdlGroup *g = ctx;
    const OpCase *c = &g_array_index(g->cases, OpCase, ev->target);
    return redraw_left(&g->cfg->operator_response, c->since, now, g->r_operator[c->member]);
}

MdlGroup *mdl_group_clone(const MdlGroup *src, const MdlObserver *observer, uint64_t stream_seed)
{
    g_return_val_if_fail(src != NULL, NULL);
    g_return_val_if_fail(src->threads == NULL, NULL);   /* closed loop: not with splitting */
    MdlGroup *g = g_memdup2(src, sizeof *src);
    g->engine = sim_engine_clone(src->engine, src, g);
    g->obs = observer ? *observer : src->obs;
    g->interrupted = 0;

    g->members = g_memdup2(src->members, g->n_members * sizeof(Member));
    for (uint32_t m = 0; m < g->n_members; m++) {
        Member *d = &g->members[m];
        const Member *s = &src->members[m];
        d->serving = dup_array(s->serving, s->cfg->concurrency, sizeof(Job));
        d->free_units = dup_array(s->free_units, s->cfg->concurrency, sizeof(uint16_t));
        d->queue = dup_array(s->queue, s->q_cap, sizeof(Job));
        d->r_service = dup_rng(s->r_service);
        for (int t = 0; t < MDL_N_OPS; t++)
            sim_dist_copy(&d->service[t], &s->service[t]);
        d->async_missed = dup_garray(s->async_missed);
    }
    g->clients = g_memdup2(src->clients, g->n_clients * sizeof(Client));
    for (uint32_t c = 0; c < g->n_clients; c++) {
        Client *d = &g->clients[c];
        d->r_arrival = dup_rng(d->r_arrival);
        d->r_mix = dup_rng(d->r_mix);
        d->r_keys = dup_rng(d->r_keys);
        d->r_balance = dup_rng(d->r_balance);
    }
    size_t n_pairs = (size_t)g->n_clients * g->n_members;
    g->pairs = g_memdup2(src->pairs, n_pairs * sizeof(Pair));
    for (size_t k = 0; k < n_pairs; k++) {
        g->pairs[k].lost = dup_garray(src->pairs[k].lost);
        g->pairs[k].pending = dup_set(src->pairs[k].pending);
    }
    g->rot = g_memdup2(src->rot, g->n_clients * sizeof(RotClass));
    g->ops = dup_array(src->ops, src->ops_cap, sizeof(Op));

    Objects *o = &g->obj;
    const Objects *so = &src->obj;
    o->state = dup_array(so->state, so->cap, sizeof *so->state);
    o->pos = dup_array(so->pos, so->cap, sizeof(uint32_t));
    o->rpos = dup_array(so->rpos, so->cap, sizeof(uint32_t));
    o->alive = dup_array(so->alive, so->alive_cap, sizeof(uint32_t));
    o->readable = dup_array(so->readable, so->readable_cap, sizeof(uint32_t));

    g->faults = dup_array(src->faults, src->n_faults, sizeof(FaultInst));
    for (uint32_t i = 0; i < g->n_faults; i++)
        g->faults[i].r = dup_rng(src->faults[i].r);
    g->cases = dup_garray(src->cases);
    g->r_operator = g_new(gsl_rng *, g->n_members);
    for (uint32_t m = 0; m < g->n_members; m++)
        g->r_operator[m] = dup_rng(src->r_operator[m]);
    g->grps = g_memdup2(src->grps, g->n_grps * sizeof *g->grps);
    g->grp_arrival = g_new0(SimDist, g->n_grps);
    for (uint32_t k = 0; k < g->n_grps; k++)
        sim_dist_copy(&g->grp_arrival[k], &src->grp_arrival[k]);
    g->grp_cum_mix = g_memdup2(src->grp_cum_mix, g->n_grps * sizeof *g->grp_cum_mix);
    for (uint32_t c = 0; c < g->n_clients; c++)
        g->clients[c].grp = &g->grps[g->clients[c].gi];
    g->mirror_backlog = dup_garray(src->mirror_backlog);
    if (src->fl) {
        g->fl = g_memdup2(src->fl, g->n_clients * sizeof(FluidClient));
        for (uint32_t c = 0; c < g->n_clients; c++) {
            FluidClient *f = &g->fl[c];
            f->r_reads = dup_rng(f->r_reads);
            f->r_writes = dup_rng(f->r_writes);
            f->r_calls = dup_rng(f->r_calls);
            f->r_flight = dup_rng(f->r_flight);
        }
    }
    g->r_pool = dup_rng(src->r_pool);
    g->replication_seed = stream_seed;
    foreach_stream(g, reseed, &stream_seed);
    sim_engine_redraw(g->engine, g->kind[EV_FAULT], redraw_fault, g);
    sim_engine_redraw(g->engine, g->kind[EV_OPERATOR], redraw_operator, g);
    return g;
}

/* ---- importance -------------------------------------------------------------------- */

uint32_t mdl_group_importance(const MdlGroup *g, MdlImportance kind)
{
    uint32_t up = 0;
    for (uint32_t m = 0; m < g->n_members; m++)
        if (g->members[m].phys == MDL_PHYS_UP)
            up |= BIT(m);
    if (kind == MDL_IMPORTANCE_DURABILITY) {
        /* members that hold less than every object: off, or missing some */
        uint32_t lacking = ~up | g->obj.dirty;
        return (uint32_t)__builtin_popcount(lacking & g->all_members);
    }
    /* the client closest to an outage: its members out of rotation, and those off for
     * command_timeout or longer.  A member counts once its client has noticed it (the
     * view changed) or could have: not at the instant it fails, so that a copy does
     * not run the detection again (docs/rare-events.md).  A member that no operation
     * reaches (primary balancing, passive recovery) is never noticed: it counts from
     * the first event command_timeout after it went off. */
    uint32_t silent = 0;
    for (uint32_t m = 0; m < g->n_members; m++)
        if (!(up & BIT(m)) && NOW(g) - g->members[m].off_since >= g->min_command_timeout)
            silent |= BIT(m);
    uint32_t worst = 0;
    for (uint32_t c = 0; c < g->n_clients; c++) {
        const Client *cl = &g->clients[c];
        if (!cl->started)
            continue;                 /* before its start (or restart): not yet serving */
        if (!cl->available || cl->isolated)
            return g->n_members;
        /* zones: members up but across a partition from it, likewise once cut for
         * command_timeout */
        uint32_t cut = 0;
        for (uint32_t m = 0; MASK_MORE(up, m); m++) {
            if (!(up & BIT(m)) || mdl_linked(g, c, m))
                continue;
            const Member *mm = &g->members[m];
            /* cut since the first of its two sides' partitions still on began */
            SimTime since = cl->zcut > 0 ? cl->cut_since : SIM_TIME_MAX;
            if (mm->zcut > 0 && mm->cut_since < since)
                since = mm->cut_since;
            if (NOW(g) - since >= cl->grp->command_timeout)
                cut |= BIT(m);
        }
        uint32_t out = g->n_members - (uint32_t)__builtin_popcount(cl->rotation & ~silent & ~cut);
        if (out > worst)
            worst = out;
    }
    return worst;
}

/* ---- running until the importance leaves a band ------------------------------------ */

static void watch_after_event(SimEngine *e, void *ctx)
{
    MdlGroup *g = ctx;
    if (g->fluid)
        mdl_fluid_after_event(e, ctx);
    else if (g->checks)
        mdl_check_after_event(e, ctx);
    uint32_t level = mdl_group_importance(g, g->watch_kind);
    if (level < g->watch_lo || level > g->watch_hi || (g->watch_settle && mdl_group_settled(g)))
        sim_engine_stop(e);
}

gboolean mdl_group_settled(const MdlGroup *g)
{
    return !g->fluid || (g->ops_in_use == 0 && NOW(g) >= g->fl_ahead);
}

int64_t mdl_group_run_watched(MdlGroup *g, SimTime until, MdlImportance kind, uint32_t lo,
                              uint32_t hi, gboolean settle)
{
    g->watch_settle = settle;
    g->watch_kind = kind;
    g->watch_lo = lo;
    g->watch_hi = hi;
    sim_engine_set_after(g->engine, watch_after_event, g);
    SimRunResult r = mdl_group_run_slices(g, until);
    int64_t left = r == SIM_RUN_STOPPED ? (int64_t)mdl_group_importance(g, kind) : -1;
    mdl_group_base_hook(g);
    if (left < 0 && g->fluid)
        mdl_fluid_finish(g, NOW(g));
    return left;
}
