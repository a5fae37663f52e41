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
 *
 * account() also tells which members' counters moved, so that after a change only
 * those members' `dirty` bits and only the clients whose rotation holds one of them
 * are looked at again.  Clients with the same rotation see the same consistency, so
 * it is computed once per rotation class (consistency_eval) and a client is visited
 * only when its class's value changed.  Batches (a synchronization, the asynchronous
 * service catching a member up, a zeroize) change many objects and tell the observer
 * once, at the end.
 */
#include "models/world.h"

#include "sim/rng.h"

#include <math.h>
#include <string.h>

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

void mdl_objects_init(Objects *o, double zipf_s)
{
    memset(o, 0, sizeof *o);
    /* the Zipf sampler's constants depend on the exponent only */
    o->zipf_s = zipf_s;
    o->zipf_h_x1 = zipf_H(1.5, zipf_s) - 1.0;
    o->zipf_squeeze = 2.0 - zipf_H_inv(zipf_H(2.5, zipf_s) - zipf_h(2.0, zipf_s), zipf_s);
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

/* Adds (sign 1) or removes (sign -1) the object's share of the counters.  Returns the
 * members whose counters it moved: `missing` in the low 32 bits, `extra` in the high
 * ones (see net_change()).  An object whose write is in flight counts in the flight
 * counters too; the flag does not change between the two calls of a change, so the
 * flight counters move with the others (mdl_object_write_returned() flips it). */
static uint64_t account(MdlGroup *g, uint32_t obj, int sign)
{
    Objects *o = &g->obj;
    uint64_t s = o->state[obj];
    uint32_t holders = (uint32_t)(s & OBJ_HOLDERS);
    gboolean flight = (s & OBJ_FLIGHT) != 0;
    int64_t d = sign;
    if (s & OBJ_ALIVE) {
        uint32_t lacking = g->all_members & ~holders;
        for (uint32_t m = 0, l = lacking; l; m++, l >>= 1)
            if (l & 1) {
                o->missing[m] += (uint64_t)d;
                if (flight)
                    o->flight_missing[m] += (uint64_t)d;
            }
        if (holders && (holders & (holders - 1)) == 0)
            o->single += (uint64_t)d;
        return lacking;
    }
    if (holders) {
        for (uint32_t m = 0, h = holders; h; m++, h >>= 1)
            if (h & 1) {
                o->extra[m] += (uint64_t)d;
                if (flight)
                    o->flight_extra[m] += (uint64_t)d;
            }
        o->zombies += (uint64_t)d;
        return (uint64_t)holders << 32;
    }
    return 0;
}

/* account()'s two halves and the masks of members hold 32 bits each. */
G_STATIC_ASSERT(MDL_MAX_MEMBERS <= 32 && OBJ_HOLDERS == 0xffffffffull);

/* The members whose counters an object's change left different, from what account()
 * returned before (-1) and after (+1) it: a member counted on both sides is back where
 * it was. */
static uint32_t net_change(uint64_t before, uint64_t after)
{
    uint64_t t = before ^ after;
    return (uint32_t)((t | t >> 32) & OBJ_HOLDERS);
}

static void consistency_changed(MdlGroup *g, uint32_t touched);

/* After counters moved on the `touched` members: update their dirty bits and tell the
 * observer what changed. */
static void changed(MdlGroup *g, uint64_t single_before, uint32_t touched)
{
    Objects *o = &g->obj;
    uint32_t dirty = o->dirty;
    for (uint32_t m = 0, t = touched; t; m++, t >>= 1) {
        if (!(t & 1))
            continue;
        if (o->missing[m] || o->extra[m])
            o->dirty |= BIT(m);
        else
            o->dirty &= ~BIT(m);
    }
    if (o->dirty != dirty)
        FLUID_TOUCH(g);      /* which members lack objects: what reads meet */
    if ((single_before > 0) != (o->single > 0))
        OBS(g, at_risk, NOW(g), o->single > 0);
    consistency_changed(g, touched);
}

static void readable_remove(Objects *o, uint32_t obj)
{
    if (!(o->state[obj] & OBJ_READABLE))
        return;
    o->state[obj] &= ~OBJ_READABLE;
    uint32_t p = o->rpos[obj], last = o->readable[--o->n_readable];
    if (o->n_readable == 0)
        o->fluid_touch = TRUE;
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

/* The object's write returned (or will never return: its operation ended otherwise):
 * whatever its copies lack or keep from now on is a divergence, not a clone in flight. */
void mdl_object_write_returned(MdlGroup *g, uint32_t obj)
{
    Objects *o = &g->obj;
    if (!(o->state[obj] & OBJ_FLIGHT))
        return;
    uint64_t single = o->single;
    uint64_t before = account(g, obj, -1);
    o->state[obj] &= ~OBJ_FLIGHT;
    uint64_t after = account(g, obj, 1);
    /* the same members lack (or hold) it: their flight counters moved */
    changed(g, single, (uint32_t)((before | before >> 32 | after | after >> 32) & OBJ_HOLDERS));
}

void mdl_object_publish(MdlGroup *g, uint32_t obj)
{
    Objects *o = &g->obj;
    mdl_object_write_returned(g, obj);     /* the create returned */
    if (!(o->state[obj] & OBJ_ALIVE) || (o->state[obj] & OBJ_READABLE))
        return;
    if (o->n_readable == o->readable_cap) {
        o->readable_cap = o->readable_cap ? o->readable_cap * 2 : 1024;
        o->readable = g_renew(uint32_t, o->readable, o->readable_cap);
    }
    o->state[obj] |= OBJ_READABLE;
    if (o->n_readable == 0)
        FLUID_TOUCH(g);      /* deletes may pick an object with an identity now */
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
        o->state = g_renew(uint64_t, o->state, o->cap);
        o->pos = g_renew(uint32_t, o->pos, o->cap);
        o->rpos = g_renew(uint32_t, o->rpos, o->cap);
    }
    if (o->n_alive == o->alive_cap) {
        o->alive_cap = o->alive_cap ? o->alive_cap * 2 : 1024;
        o->alive = g_renew(uint32_t, o->alive, o->alive_cap);
    }
    uint64_t single = o->single;
    uint32_t obj = o->n++;
    o->state[obj] = holders | OBJ_ALIVE | OBJ_FLIGHT;   /* until its create returns */
    o->pos[obj] = o->n_alive;
    o->alive[o->n_alive++] = obj;
    changed(g, single, net_change(0, account(g, obj, 1)));
    return obj;
}

/* The member gets a copy; returns the members whose counters moved. */
static uint32_t add_copy(MdlGroup *g, uint32_t obj, uint32_t member)
{
    Objects *o = &g->obj;
    if (o->state[obj] & BIT(member))
        return 0;
    uint64_t before = account(g, obj, -1);
    o->state[obj] |= BIT(member);
    return net_change(before, account(g, obj, 1));
}

void mdl_object_add_holder(MdlGroup *g, uint32_t obj, uint32_t member)
{
    if (mdl_object_held(g, obj, member))
        return;
    uint64_t single = g->obj.single;
    changed(g, single, add_copy(g, obj, member));
}

/* Takes the member's copy away (between the two account() calls); an existing object
 * whose last copy that was is lost. */
static void drop_copy(MdlGroup *g, uint32_t obj, uint32_t member)
{
    Objects *o = &g->obj;
    o->state[obj] &= ~(uint64_t)BIT(member);   /* not ~BIT(): the flags above */
    if ((o->state[obj] & OBJ_ALIVE) && (o->state[obj] & OBJ_HOLDERS) == 0) {
        o->state[obj] &= ~OBJ_ALIVE;
        alive_remove(o, obj);
        o->lost++;
        OBS(g, object_lost, NOW(g), obj);
    }
}

/* The member's copy goes; returns the members whose counters moved. */
static uint32_t remove_copy(MdlGroup *g, uint32_t obj, uint32_t member)
{
    if (!mdl_object_held(g, obj, member))
        return 0;
    uint64_t before = account(g, obj, -1);
    drop_copy(g, obj, member);
    return net_change(before, account(g, obj, 1));
}

void mdl_object_remove_holder(MdlGroup *g, uint32_t obj, uint32_t member)
{
    if (!mdl_object_held(g, obj, member))
        return;
    uint64_t single = g->obj.single;
    changed(g, single, remove_copy(g, obj, member));
}

void mdl_object_delete(MdlGroup *g, uint32_t obj)
{
    Objects *o = &g->obj;
    if (!(o->state[obj] & OBJ_ALIVE))
        return;
    uint64_t single = o->single;
    uint64_t before = account(g, obj, -1);
    o->state[obj] &= ~OBJ_ALIVE;
    o->state[obj] |= OBJ_FLIGHT;          /* until the delete returns */
    alive_remove(o, obj);
    changed(g, single, net_change(before, account(g, obj, 1)));
}

static uint32_t materialize(MdlGroup *g);

/* A zeroize: every copy on the member is destroyed.  O(objects), once per zeroize. */
void mdl_objects_wipe_member(MdlGroup *g, uint32_t member)
{
    Objects *o = &g->obj;
    if (g->fluid)
        mdl_fluid_advance(g);             /* the fluid creates up to now exist */
    while (o->pool > 0)                   /* fluid mode: the pool loses its copies too */
        materialize(g);
    uint64_t single = o->single;
    uint32_t touched = 0;
    /* asynchronous mirroring: the service copies back what the member lost, from the
     * other holders, when it is up again (mdl_async_member_up), as it does for the
     * copies it missed while off */
    GArray *missed = g->cfg->mirror_mode == MDL_MIRROR_ASYNC ? g->members[member].async_missed : NULL;
    for (uint32_t obj = 0; obj < o->n; obj++) {
        uint64_t s = o->state[obj];
        if (missed && (s & OBJ_ALIVE) && (s & BIT(member)) && (s & OBJ_HOLDERS & ~BIT(member)))
            g_array_append_val(missed, obj);
        touched |= remove_copy(g, obj, member);
    }
    changed(g, single, touched);
}

void mdl_objects_batch_begin(MdlGroup *g, ObjBatch *b)
{
    b->single = g->obj.single;
    b->touched = 0;
}

void mdl_object_settle(MdlGroup *g, ObjBatch *b, uint32_t obj, uint32_t member)
{
    b->touched |= mdl_object_alive(g, obj) ? add_copy(g, obj, member) : remove_copy(g, obj, member);
}

void mdl_objects_batch_end(MdlGroup *g, ObjBatch *b)
{
    changed(g, b->single, b->touched);
}

static uint64_t zipf_draw(const Objects *o, gsl_rng *r, uint64_t n)
{
    const double s = o->zipf_s, h_x1 = o->zipf_h_x1, squeeze = o->zipf_squeeze;
    const double h_n = zipf_H((double)n + 0.5, s);
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

/* Fluid mode: one anonymous object of the pool gets an identity (held by every member,
 * readable), for an operation that needs it. */
static uint32_t materialize(MdlGroup *g)
{
    g->obj.pool--;
    uint32_t obj = mdl_object_create(g, g->all_members);
    mdl_object_publish(g, obj);
    return obj;
}

uint32_t mdl_object_pick_slow(MdlGroup *g, gsl_rng *r)
{
    const Objects *o = &g->obj;
    if (g->fluid)
        mdl_fluid_advance(g);             /* the pool as of now */
    if (o->pool == 0) {
        if (o->n_readable == 0)
            return MDL_NONE;
        if (g->cfg->key_choice == MDL_KEYS_ZIPF)
            return o->readable[zipf_draw(o, r, o->n_readable) - 1];
        return o->readable[sim_rng_uniform_int(r, o->n_readable)];
    }
    /* fluid mode: the pool's objects take the first ranks (the oldest objects: the
     * readable list appends new ones at its end), the objects with an identity follow */
    uint64_t n = o->pool + o->n_readable;
    if (n == 0)
        return MDL_NONE;
    uint64_t k = g->cfg->key_choice == MDL_KEYS_ZIPF ? zipf_draw(o, r, n) - 1
                                                      : sim_rng_uniform_int(r, n);
    return k < o->pool ? materialize(g) : o->readable[k - o->pool];
}

/* Fluid mode: a delete of a write that is not an event (every member in the client's
 * rotation, all reachable): the object goes from every member at once.  FALSE when no
 * object exists (the application does not call). */
gboolean mdl_object_delete_anywhere(MdlGroup *g, gsl_rng *r)
{
    Objects *o = &g->obj;
    uint64_t n = o->pool + o->n_readable;
    if (n == 0)
        return FALSE;
    uint64_t k = g->cfg->key_choice == MDL_KEYS_ZIPF ? zipf_draw(o, r, n) - 1
                                                      : sim_rng_uniform_int(r, n);
    if (k < o->pool) {
        o->pool--;
        return TRUE;
    }
    uint32_t obj = o->readable[k - o->pool];
    ObjBatch b;
    mdl_object_delete(g, obj);
    mdl_objects_batch_begin(g, &b);
    for (uint32_t m = 0; m < g->n_members; m++)
        mdl_object_settle(g, &b, obj, m);
    mdl_objects_batch_end(g, &b);
    mdl_object_write_returned(g, obj);    /* held nowhere: nothing moves */
    return TRUE;
}

/* Fluid mode: every object with an identity is back to what the pool's objects are
 * (alive, readable, held by every member, in no pending set): they rejoin the pool.
 * The caller checked that nothing refers to them any more. */
void mdl_objects_fold(MdlGroup *g)
{
    Objects *o = &g->obj;
    g_assert(o->dirty == 0 && o->n_readable == o->n_alive);
    uint64_t single = o->single;
    o->pool += o->n_alive;
    o->n = o->n_alive = o->n_readable = 0;
    o->single = 0;                        /* one member: its objects are the pool's now */
    if (single > 0)
        OBS(g, at_risk, NOW(g), FALSE);
}

/* ---- consistency ------------------------------------------------------------------- */

/* For a rotation: every member in it holds exactly the existing objects whose writes
 * returned (in sync); whether writes still in flight make them differ (in flight); the
 * most existing objects, of those whose creates returned, one of them lacks
 * (divergence).  A create or delete in progress is a clone in flight, not a divergence:
 * the application does not know the key yet, or still waits for the delete. */
static gboolean consistency_eval(const Objects *o, RotClass *k)
{
    uint32_t r = k->mask & o->dirty;
    gboolean in_sync = TRUE;
    uint64_t div = 0;
    for (uint32_t m = 0; r; m++, r >>= 1) {
        if (!(r & 1))
            continue;
        uint64_t missing = o->missing[m] - o->flight_missing[m];
        if (missing > 0 || o->extra[m] > o->flight_extra[m])
            in_sync = FALSE;
        if (missing > div)
            div = missing;
    }
    gboolean in_flight = in_sync && (k->mask & o->dirty) != 0;
    gboolean moved = in_sync != k->in_sync || div != k->divergence || in_flight != k->in_flight;
    k->in_sync = in_sync;
    k->in_flight = in_flight;
    k->divergence = div;
    return moved;
}

void mdl_consistency_init(MdlGroup *g)
{
    /* every client starts with an empty rotation: vacuously in sync */
    g->rot = g_new0(RotClass, g->n_clients);
    g->rot[0] = (RotClass){.mask = 0, .n = g->n_clients, .in_sync = TRUE, .in_flight = FALSE,
                           .divergence = 0};
    g->n_rot = 1;
}

void mdl_consistency_clear(MdlGroup *g)
{
    g_clear_pointer(&g->rot, g_free);
    g->n_rot = 0;
}

/* The client's rotation changed: it joins the class of its new rotation. */
void mdl_rotation_moved(MdlGroup *g, uint32_t client)
{
    Client *cl = &g->clients[client];
    g->rot[cl->rot_class].n--;
    uint32_t k, spare = MDL_NONE;
    for (k = 0; k < g->n_rot; k++) {
        if (g->rot[k].mask == cl->rotation)
            break;
        if (spare == MDL_NONE && g->rot[k].n == 0)
            spare = k;
    }
    if (k == g->n_rot) {
        /* a new rotation: a free slot (there is one: the classes in use are at most
         * the other clients') */
        k = spare != MDL_NONE ? spare : g->n_rot++;
        g_assert(k < g->n_clients);
        g->rot[k].mask = cl->rotation;
    }
    if (g->rot[k].n++ == 0)
        consistency_eval(&g->obj, &g->rot[k]);      /* not kept current while empty */
    cl->rot_class = k;
}

/* Reports the clients whose consistency differs from what they were last told. */
static void consistency_report(MdlGroup *g)
{
    for (uint32_t c = 0; c < g->n_clients; c++) {
        Client *cl = &g->clients[c];
        const RotClass *k = &g->rot[cl->rot_class];
        if (k->in_sync != cl->in_sync || k->divergence != cl->divergence ||
            k->in_flight != cl->in_flight) {
            cl->in_sync = k->in_sync;
            cl->in_flight = k->in_flight;
            cl->divergence = k->divergence;
            OBS(g, consistency, NOW(g), c, k->in_sync, k->in_flight, k->divergence);
        }
    }
}

/* After rotation changes: the classes are current, some client may not be. */
void mdl_consistency_update(MdlGroup *g)
{
    if (g->obs.klass->consistency == NULL)
        return;
    consistency_report(g);
}

/* After the counters of the `touched` members moved: only the classes whose rotation
 * holds one of them can change, and only their clients need telling. */
static void consistency_changed(MdlGroup *g, uint32_t touched)
{
    if (g->obs.klass->consistency == NULL)
        return;
    gboolean moved = FALSE;
    for (uint32_t k = 0; k < g->n_rot; k++) {
        RotClass *rc = &g->rot[k];
        if (rc->n > 0 && (rc->mask & touched))
            moved |= consistency_eval(&g->obj, rc);
    }
    if (moved)
        consistency_report(g);
}
