/* models/invariants.c - what must hold between any two events (group.h).
 *
 * The members' state after every event; the clients' masks against their views (linear
 * in clients x members) every MDL_CHECK_PAIRS_EVERY events; the object registry and
 * the operation records (linear in their size) every MDL_CHECK_FULL_EVERY events; all
 * of them at the end of mdl_group_run().  A broken invariant
 * is a bug of the model: g_error() names it, with the simulated time.
 */
#include "models/world.h"

#define MDL_CHECK_PAIRS_EVERY 64
#define MDL_CHECK_FULL_EVERY 1024

#define FAIL(g, ...)                                                                          \
    g_error("model invariant broken at %" G_GINT64_FORMAT " ns, after %" G_GUINT64_FORMAT    \
            " events: %s", NOW(g), sim_engine_dispatched((g)->engine),                       \
            g_strdup_printf(__VA_ARGS__))

static void check_objects(const MdlGroup *g)
{
    const Objects *o = &g->obj;
    if (o->n > o->cap || o->n_alive > o->n || o->n_readable > o->n_alive)
        FAIL(g, "object counts n %u, alive %u, readable %u, capacity %u", o->n, o->n_alive,
             o->n_readable, o->cap);
    uint64_t missing[MDL_MAX_MEMBERS] = {0}, extra[MDL_MAX_MEMBERS] = {0};
    uint64_t fmissing[MDL_MAX_MEMBERS] = {0}, fextra[MDL_MAX_MEMBERS] = {0};
    uint64_t single = 0, zombies = 0, alive = 0, readable = 0;
    for (uint32_t k = 0; k < o->n; k++) {
        uint64_t s = o->state[k];
        uint32_t holders = (uint32_t)(s & OBJ_HOLDERS);
        gboolean flight = (s & OBJ_FLIGHT) != 0;
        if (holders & ~g->all_members)
            FAIL(g, "object %u held by members %#x, beyond the %u members", k, holders,
                 g->n_members);
        if (s & OBJ_ALIVE) {
            alive++;
            if (o->pos[k] >= o->n_alive || o->alive[o->pos[k]] != k)
                FAIL(g, "object %u is alive but not at its place in the alive list", k);
            for (uint32_t m = 0; m < g->n_members; m++) {
                missing[m] += !(holders & BIT(m));
                fmissing[m] += flight && !(holders & BIT(m));
            }
            single += holders && (holders & (holders - 1)) == 0;
            if (s & OBJ_READABLE) {
                readable++;
                if (o->rpos[k] >= o->n_readable || o->readable[o->rpos[k]] != k)
                    FAIL(g, "object %u is readable but not in the readable list", k);
            }
        } else {
            if (s & OBJ_READABLE)
                FAIL(g, "object %u is deleted but readable", k);
            for (uint32_t m = 0; m < g->n_members; m++) {
                extra[m] += (holders & BIT(m)) != 0;
                fextra[m] += flight && (holders & BIT(m)) != 0;
            }
            zombies += holders != 0;
        }
    }
    if (alive != o->n_alive || readable != o->n_readable)
        FAIL(g, "%" G_GUINT64_FORMAT " objects alive and %" G_GUINT64_FORMAT " readable, "
             "lists say %u and %u", alive, readable, o->n_alive, o->n_readable);
    if (single != o->single || zombies != o->zombies)
        FAIL(g, "single-copy %" G_GUINT64_FORMAT " (counter %" G_GUINT64_FORMAT "), zombies %"
             G_GUINT64_FORMAT " (counter %" G_GUINT64_FORMAT ")", single, o->single, zombies,
             o->zombies);
    uint32_t dirty = 0;
    for (uint32_t m = 0; m < g->n_members; m++) {
        if (missing[m] != o->missing[m] || extra[m] != o->extra[m])
            FAIL(g, "member %u lacks %" G_GUINT64_FORMAT " and holds %" G_GUINT64_FORMAT
                 " deleted objects, counters say %" G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT,
                 m, missing[m], extra[m], o->missing[m], o->extra[m]);
        if (fmissing[m] != o->flight_missing[m] || fextra[m] != o->flight_extra[m])
            FAIL(g, "member %u lacks %" G_GUINT64_FORMAT " and holds %" G_GUINT64_FORMAT
                 " objects whose writes are in flight, counters say %" G_GUINT64_FORMAT " and %"
                 G_GUINT64_FORMAT, m, fmissing[m], fextra[m], o->flight_missing[m],
                 o->flight_extra[m]);
        if (missing[m] || extra[m])
            dirty |= BIT(m);
    }
    if (dirty != o->dirty)
        FAIL(g, "dirty members %#x, mask says %#x", dirty, o->dirty);
}

static void check_ops(const MdlGroup *g)
{
    if (g->n_ops > g->ops_cap)
        FAIL(g, "%u operation records, capacity %u", g->n_ops, g->ops_cap);
    uint32_t in_use = 0, free_n = 0;
    uint32_t *counted = g_new0(uint32_t, g->n_clients);   /* issue 11: outstanding */
    for (uint32_t i = 0; i < g->n_ops; i++) {
        const Op *op = &g->ops[i];
        if (g->op_thread && g->op_thread[i] != MDL_NONE &&
            (!op->in_use || g->op_thread[i] >= g->n_threads ||
             g->threads[g->op_thread[i]].op != i))
            FAIL(g, "operation %u is linked to thread %u, which does not wait for it", i,
                 g->op_thread[i]);
        if (!op->in_use)
            continue;
        in_use++;
        if (op->counted && op->client < g->n_clients)
            counted[op->client]++;
        if (op->client >= g->n_clients)
            FAIL(g, "operation %u of client %u, beyond the %u clients", i, op->client,
                 g->n_clients);
        if (op->member != MDL_NONE && op->member >= g->n_members)
            FAIL(g, "operation %u outstanding on member %u, beyond the %u members", i,
                 op->member, g->n_members);
    }
    for (uint32_t f = g->free_op; f != MDL_NONE; f = g->ops[f].next_free) {
        if (f >= g->n_ops || g->ops[f].in_use || ++free_n > g->n_ops)
            FAIL(g, "the free list of operation records is broken at %u", f);
    }
    if (in_use + free_n != g->n_ops)
        FAIL(g, "%u operations in use and %u free, of %u records", in_use, free_n, g->n_ops);
    for (uint32_t c = 0; c < g->n_clients; c++) {
        if (counted[c] != g->clients[c].outstanding)
            FAIL(g, "client %u has %u operations outstanding, its count says %u", c,
                 counted[c], g->clients[c].outstanding);
        if (!g->fluid && counted[c] > g->clients[c].grp->app.max_outstanding)
            FAIL(g, "client %u has %u operations outstanding, beyond max_outstanding %u", c,
                 counted[c], g->clients[c].grp->app.max_outstanding);
    }
    g_free(counted);
}

static void check_members(const MdlGroup *g)
{
    if ((g->full | g->standby | g->obj.dirty) & ~g->all_members)
        FAIL(g, "member masks beyond the %u members: full %#x, standby %#x, dirty %#x",
             g->n_members, g->full, g->standby, g->obj.dirty);
    for (uint32_t m = 0; m < g->n_members; m++) {
        const Member *mb = &g->members[m];
        if (mb->busy > mb->cfg->concurrency || mb->q_len > mb->q_cap ||
            (mb->q_cap & (mb->q_cap - 1)) != 0)
            FAIL(g, "member %u: %u units busy of %u, %u waiting in a ring of %u", m, mb->busy,
                 mb->cfg->concurrency, mb->q_len, mb->q_cap);
        if (mb->n_stale > mb->busy + mb->q_len)
            FAIL(g, "member %u: %u stale jobs, more than its %u jobs", m, mb->n_stale,
                 mb->busy + mb->q_len);
    }
}

static void check_clients(const MdlGroup *g)
{
    uint32_t in_classes = 0;
    for (uint32_t r = 0; r < g->n_rot; r++)
        in_classes += g->rot[r].n;
    if (in_classes != g->n_clients)
        FAIL(g, "rotation classes hold %u clients, of %u", in_classes, g->n_clients);
    for (uint32_t c = 0; c < g->n_clients; c++) {
        const Client *cl = &g->clients[c];
        uint32_t rotation = 0, active = 0, syncing = 0;
        for (uint32_t m = 0; m < g->n_members; m++) {
            const Pair *p = PAIR(g, c, m);
            if (p->view == MDL_VIEW_ACTIVE || p->view == MDL_VIEW_STANDBY)
                rotation |= BIT(m);
            if (p->view == MDL_VIEW_ACTIVE)
                active |= BIT(m);
            if (p->view == MDL_VIEW_SYNCING)
                syncing |= BIT(m);
            if (p->n_out < p->lost->len)
                FAIL(g, "client %u, member %u: %u outstanding, fewer than its %u lost", c, m,
                     p->n_out, p->lost->len);
        }
        if (rotation != cl->rotation || active != cl->active || syncing != cl->syncing)
            FAIL(g, "client %u: views give rotation %#x, active %#x, syncing %#x; masks say "
                 "%#x, %#x, %#x", c, rotation, active, syncing, cl->rotation, cl->active,
                 cl->syncing);
        if (cl->rot_class >= g->n_rot || g->rot[cl->rot_class].mask != cl->rotation)
            FAIL(g, "client %u is in rotation class %u, not the one of its rotation %#x", c,
                 cl->rot_class, cl->rotation);
    }
}

void mdl_check_invariants(const MdlGroup *g, gboolean full)
{
    g_return_if_fail(g != NULL);
    check_members(g);
    check_clients(g);
    if (full) {
        check_objects(g);
        check_ops(g);
    }
}

void mdl_check_after_event(SimEngine *e, void *ctx)
{
    const MdlGroup *g = ctx;
    uint64_t n = sim_engine_dispatched(e);
    check_members(g);
    if (n % MDL_CHECK_PAIRS_EVERY == 0)
        check_clients(g);
    if (n % MDL_CHECK_FULL_EVERY == 0) {
        check_objects(g);
        check_ops(g);
    }
}
