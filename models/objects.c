/* models/objects.c - the objects (keys) of the group, who holds them, and the
 * consistency counters derived from that.
 *
 * An object is a dense index with a 32-bit state: the mask of members holding a copy
 * and an "alive" bit (it exists: created and not deleted or lost).  Every state change
 * goes through account(): the object's contribution to the counters is removed, the
 * state changes, the contribution is added back, so the counters (objects each member
 * lacks, deleted objects each member still holds, single-copy objects, zombies) are
 * always exact.  Reads and deletes pick among the readable objects -- existing objects
 * whose create has returned to the application, which only then knows the key (an
 * object exists from the moment its first member stores it, but nobody can ask for it
 * before its create returns) -- uniformly or by a Zipf law over their positions.
 */
#include "models/world.h"

#include "sim/rng.h"

#include <math.h>
#include <string.h>

void mdl_objects_init(Objects *o, uint32_t n_members)
{
    (void)n_members;
    memset(o, 0, sizeof *o);
}

void mdl_objects_clear(Objects *o)
{
    g_free(o->state);
    g_free(o->pos);
    g_free(o->alive);
    g_free(o->rpos);
    g_free(o->readable);
    memset(o, 0, sizeof *o);
}

/* Adds (sign 1) or removes (sign -1) the object's share of the counters. */
static void account(MdlGroup *g, uint32_t obj, int sign)
{
    Objects *o = &g->obj;
    uint32_t s = o->state[obj], holders = s & OBJ_HOLDERS;
    int64_t d = sign;
    if (s & OBJ_ALIVE) {
        uint32_t lacking = g->all_members & ~holders;
        for (uint32_t m = 0; lacking; m++, lacking >>= 1)
            if (lacking & 1)
                o->missing[m] += (uint64_t)d;
        if (holders && (holders & (holders - 1)) == 0)
            o->single += (uint64_t)d;
    } else if (holders) {
        for (uint32_t m = 0, h = holders; h; m++, h >>= 1)
            if (h & 1)
                o->extra[m] += (uint64_t)d;
        o->zombies += (uint64_t)d;
    }
}

/* After counters moved: recompute the dirty mask and tell the observer what changed. */
static void changed(MdlGroup *g, uint64_t single_before)
{
    Objects *o = &g->obj;
    uint32_t dirty = 0;
    for (uint32_t m = 0; m < g->n_members; m++)
        if (o->missing[m] || o->extra[m])
            dirty |= BIT(m);
    o->dirty = dirty;
    if ((single_before > 0) != (o->single > 0))
        OBS(g, at_risk, NOW(g), o->single > 0);
    mdl_consistency_update(g);
}

static void readable_remove(Objects *o, uint32_t obj)
{
    if (!(o->state[obj] & OBJ_READABLE))
        return;
    o->state[obj] &= ~OBJ_READABLE;
    uint32_t p = o->rpos[obj], last = o->readable[--o->n_readable];
    o->readable[p] = last;
    o->rpos[last] = p;
}

static void alive_remove(Objects *o, uint32_t obj)
{
    uint32_t p = o->pos[obj], last = o->alive[--o->n_alive];
    o->alive[p] = last;
    o->pos[last] = p;
    readable_remove(o, obj);
}

void mdl_object_publish(MdlGroup *g, uint32_t obj)
{
    Objects *o = &g->obj;
    if (!(o->state[obj] & OBJ_ALIVE) || (o->state[obj] & OBJ_READABLE))
        return;
    if (o->n_readable == o->readable_cap) {
        o->readable_cap = o->readable_cap ? o->readable_cap * 2 : 1024;
        o->readable = g_renew(uint32_t, o->readable, o->readable_cap);
    }
    o->state[obj] |= OBJ_READABLE;
    o->rpos[obj] = o->n_readable;
    o->readable[o->n_readable++] = obj;
}

uint32_t mdl_object_create(MdlGroup *g, uint32_t holders)
{
    Objects *o = &g->obj;
    g_assert(holders != 0);
    if (o->n == o->cap) {
        if (o->cap >= UINT32_MAX / 2)
            g_error("more than 2^31 objects in one replication");
        o->cap = o->cap ? o->cap * 2 : 1024;
        o->state = g_renew(uint32_t, o->state, o->cap);
        o->pos = g_renew(uint32_t, o->pos, o->cap);
        o->rpos = g_renew(uint32_t, o->rpos, o->cap);
    }
    if (o->n_alive == o->alive_cap) {
        o->alive_cap = o->alive_cap ? o->alive_cap * 2 : 1024;
        o->alive = g_renew(uint32_t, o->alive, o->alive_cap);
    }
    uint64_t single = o->single;
    uint32_t obj = o->n++;
    o->state[obj] = holders | OBJ_ALIVE;
    o->pos[obj] = o->n_alive;
    o->alive[o->n_alive++] = obj;
    account(g, obj, 1);
    changed(g, single);
    return obj;
}

void mdl_object_add_holder(MdlGroup *g, uint32_t obj, uint32_t member)
{
    Objects *o = &g->obj;
    if (o->state[obj] & BIT(member))
        return;
    uint64_t single = o->single;
    account(g, obj, -1);
    o->state[obj] |= BIT(member);
    account(g, obj, 1);
    changed(g, single);
}

/* Takes the member's copy away (between the two account() calls); an existing object
 * whose last copy that was is lost. */
static void drop_copy(MdlGroup *g, uint32_t obj, uint32_t member)
{
    Objects *o = &g->obj;
    o->state[obj] &= ~BIT(member);
    if ((o->state[obj] & OBJ_ALIVE) && (o->state[obj] & OBJ_HOLDERS) == 0) {
        o->state[obj] &= ~OBJ_ALIVE;
        alive_remove(o, obj);
        o->lost++;
        OBS(g, object_lost, NOW(g), obj);
    }
}

void mdl_object_remove_holder(MdlGroup *g, uint32_t obj, uint32_t member)
{
    Objects *o = &g->obj;
    if (!(o->state[obj] & BIT(member)))
        return;
    uint64_t single = o->single;
    account(g, obj, -1);
    drop_copy(g, obj, member);
    account(g, obj, 1);
    changed(g, single);
}

void mdl_object_delete(MdlGroup *g, uint32_t obj)
{
    Objects *o = &g->obj;
    if (!(o->state[obj] & OBJ_ALIVE))
        return;
    uint64_t single = o->single;
    account(g, obj, -1);
    o->state[obj] &= ~OBJ_ALIVE;
    alive_remove(o, obj);
    account(g, obj, 1);
    changed(g, single);
}

/* A zeroize: every copy on the member is destroyed.  O(objects), once per zeroize. */
void mdl_objects_wipe_member(MdlGroup *g, uint32_t member)
{
    Objects *o = &g->obj;
    uint64_t single = o->single;
    for (uint32_t obj = 0; obj < o->n; obj++) {
        if (!(o->state[obj] & BIT(member)))
            continue;
        account(g, obj, -1);
        drop_copy(g, obj, member);
        account(g, obj, 1);
    }
    changed(g, single);
}

/* Zipf over ranks 1..n with exponent s by rejection-inversion (Hörmann and Derflinger,
 * 1996): O(1) expected per draw whatever n, so the alive count may change freely. */
static double zipf_h(double x, double s) { return exp(-s * log(x)); }

static double helper_expm1_over(double x) { return fabs(x) > 1e-8 ? expm1(x) / x : 1 + x / 2; }
static double helper_log1p_over(double x) { return fabs(x) > 1e-8 ? log1p(x) / x : 1 - x / 2; }

/* H(x) = integral of h: (x^(1-s) - 1) / (1 - s), log(x) when s = 1 */
static double zipf_H(double x, double s)
{
    double lx = log(x);
    return helper_expm1_over((1 - s) * lx) * lx;
}

static double zipf_H_inv(double y, double s)
{
    double t = y * (1 - s);
    if (t < -1)
        t = -1;
    return exp(helper_log1p_over(t) * y);
}

static uint64_t zipf_draw(gsl_rng *r, uint64_t n, double s)
{
    const double h_x1 = zipf_H(1.5, s) - 1.0;
    const double h_n = zipf_H((double)n + 0.5, s);
    const double squeeze = 2.0 - zipf_H_inv(zipf_H(2.5, s) - zipf_h(2.0, s), s);
    for (;;) {
        double u = h_n + gsl_rng_uniform(r) * (h_x1 - h_n);
        double x = zipf_H_inv(u, s);
        double kf = floor(x + 0.5);
        if (kf < 1) kf = 1;
        if (kf > (double)n) kf = (double)n;
        if (kf - x <= squeeze || u >= zipf_H(kf + 0.5, s) - zipf_h(kf, s))
            return (uint64_t)kf;
    }
}

uint32_t mdl_object_pick(MdlGroup *g, gsl_rng *r)
{
    const Objects *o = &g->obj;
    if (o->n_readable == 0)
        return MDL_NONE;
    if (g->cfg->key_choice == MDL_KEYS_ZIPF)
        return o->readable[zipf_draw(r, o->n_readable, g->cfg->zipf_s) - 1];
    return o->readable[sim_rng_uniform_int(r, o->n_readable)];
}

/* For each client: every member in its rotation holds exactly the existing objects
 * (in sync); the most existing objects one of them lacks (divergence). */
void mdl_consistency_update(MdlGroup *g)
{
    if (g->obs.klass->consistency == NULL)
        return;
    const Objects *o = &g->obj;
    for (uint32_t c = 0; c < g->n_clients; c++) {
        Client *cl = &g->clients[c];
        uint32_t rot = cl->rotation;
        gboolean in_sync = (rot & o->dirty) == 0;
        uint64_t div = 0;
        for (uint32_t m = 0, r = rot & o->dirty; r; m++, r >>= 1)
            if ((r & 1) && o->missing[m] > div)
                div = o->missing[m];
        if (in_sync != cl->in_sync || div != cl->divergence) {
            cl->in_sync = in_sync;
            cl->divergence = div;
            OBS(g, consistency, NOW(g), c, in_sync, div);
        }
    }
}
