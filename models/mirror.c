/* models/mirror.c - copies of objects between members (MODEL.md 1.6).
 *
 * Synchronous mirroring (the HA client): after the write on the chosen member, the
 * client clones it to every other member whose view is active, standby or syncing,
 * one at a time in list order, and the operation completes after the last clone.  A
 * member out of rotation misses the write: the client remembers the object in its
 * pending set for that member, and replays the set when the member rejoins with
 * synchronize on (or at a resync).  A clone sent to a member that went down is
 * detected like any operation; the object joins the pending set and cloning goes on.
 *
 * Asynchronous mirroring (the cluster service): the operation completes once
 * min_copies members hold the object (clones as above, stopping there); after
 * mirror_delay the service copies it (or, for a delete, removes it) on every member
 * that is up, without client cost, and on the others when they come back up.  A
 * copy needs a source: while no holder is up, the copy waits.  An object whose
 * holders are all wiped before it is copied is lost.
 */
#include "models/world.h"

void mdl_pending_add(MdlGroup *g, uint32_t client, uint32_t member, uint32_t obj)
{
    Pair *p = PAIR(g, client, member);
    if (g_hash_table_add(p->pending, GUINT_TO_POINTER(obj + 1)))
        OBS(g, pending, NOW(g), client, member, g_hash_table_size(p->pending));
}

static void schedule_mirror(MdlGroup *g, uint32_t obj)
{
    g->mirrors_due++;
    sim_engine_schedule_in(g->engine, g->cfg->mirror_delay, g->kind[EV_MIRROR], 0, obj);
}

void mdl_write_applied(MdlGroup *g, uint32_t i, uint32_t primary)
{
    Op *op = &g->ops[i];
    op->phase = PH_CLONE;
    op->primary = primary;
    op->clone_next = 0;
    if (g->cfg->mirror_mode == MDL_MIRROR_ASYNC && op->type == MDL_OP_DELETE) {
        schedule_mirror(g, op->object);
        mdl_op_finish(g, i, MDL_OUTCOME_OK);
        return;
    }
    mdl_clone_next(g, i);
}

void mdl_clone_next(MdlGroup *g, uint32_t i)
{
    Op *op = &g->ops[i];
    gboolean async = g->cfg->mirror_mode == MDL_MIRROR_ASYNC;
    uint32_t c = op->client;
    const Client *cl = &g->clients[c];
    uint32_t targets = cl->rotation | cl->syncing;      /* active, standby or syncing */
    for (uint32_t m = op->clone_next; m < g->n_members; m++) {
        if (async && op->copies >= g->cfg->min_copies)
            break;
        if (m == op->primary)
            continue;
        if (targets & BIT(m)) {
            op->clone_next = m + 1;
            mdl_op_send(g, i, m, MDL_OP_CLONE);
            return;
        }
        if (!async)
            mdl_pending_add(g, c, m, op->object);
    }
    if (async)
        schedule_mirror(g, op->object);
    if (op->type == MDL_OP_CREATE)
        mdl_object_publish(g, op->object);      /* the application has its key now */
    mdl_op_finish(g, i, MDL_OUTCOME_OK);
}

void mdl_clone_lost(MdlGroup *g, uint32_t i, uint32_t member)
{
    Op *op = &g->ops[i];
    if (g->cfg->mirror_mode == MDL_MIRROR_SYNC)
        mdl_pending_add(g, op->client, member, op->object);
    mdl_clone_next(g, i);
}

/* ---- synchronization ------------------------------------------------------------------- */

/* Starts the synchronization of a rejoining (or resynced) member for one client:
 * its pending set, or with `full` every existing object it lacks.  FALSE, and no
 * change, when there is nothing to copy.  When the member goes silent before the end
 * (mdl_pair_silenced) the synchronization is broken: nothing is copied, the view stays
 * syncing until the detection fails it, and the rejoin after that starts over (a full
 * one if the member was zeroized: its wipe epoch was not taken).
 *
 * A resync (cause MDL_CAUSE_RESYNC, a member in rotation) runs while the group keeps
 * serving, as `hagroup synchronize` does: the view stays active (or standby), writes
 * keep cloning to the member, and what it lacked arrives at the end.  Broken, it copies
 * nothing and the detection follows as for any unanswered work. */
gboolean mdl_sync_start(MdlGroup *g, uint32_t client, uint32_t member, gboolean full, MdlCause cause)
{
    Pair *p = PAIR(g, client, member);
    gboolean live = cause == MDL_CAUSE_RESYNC &&
                    (p->view == MDL_VIEW_ACTIVE || p->view == MDL_VIEW_STANDBY);
    uint64_t count = g_hash_table_size(p->pending);
    if (full && g->obj.missing[member] > count)
        count = g->obj.missing[member];
    if (count == 0)
        return FALSE;
    if (p->sync_ev != SIM_EVENT_NONE) {       /* a resync during a resync starts over */
        sim_engine_cancel(g->engine, p->sync_ev);
        p->sync_ev = SIM_EVENT_NONE;
    }
    p->sync_full = (uint8_t)full;
    p->sync_broken = 0;
    p->sync_live = (uint8_t)live;
    if (!live)
        mdl_view_set(g, client, member, MDL_VIEW_SYNCING, cause);
    SimTime d = sim_time_add_sat(g->cfg->sync_base,
                                 sim_time_mul_sat(count, g->cfg->sync_per_object));
    OBS(g, sync, NOW(g), client, member, count, d);
    p->sync_ev = sim_engine_schedule_in(g->engine, d, g->kind[EV_SYNC_DONE],
                                        client * g->n_members + member, 0);
    /* a passive attempt judges the member when it starts: it may have gone silent
     * before the view changed, and then the synchronization goes nowhere */
    if (!mdl_reachable(g, client, member))
        mdl_pair_silenced(g, client, member);
    return TRUE;
}

static void replay_pending(MdlGroup *g, ObjBatch *b, uint32_t client, uint32_t member)
{
    Pair *p = PAIR(g, client, member);
    if (g_hash_table_size(p->pending) == 0)
        return;
    /* order does not matter: each object ends held iff it exists */
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, p->pending);
    while (g_hash_table_iter_next(&it, &key, NULL))
        mdl_object_settle(g, b, GPOINTER_TO_UINT(key) - 1, member);
    g_hash_table_remove_all(p->pending);
    OBS(g, pending, NOW(g), client, member, 0);
}

void mdl_on_sync_done(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    uint32_t client = ev->target / g->n_members, member = ev->target % g->n_members;
    Pair *p = PAIR(g, client, member);
    p->sync_ev = SIM_EVENT_NONE;
    gboolean live = p->sync_live;
    p->sync_live = 0;
    if (p->view != (live ? mdl_healthy_view(g, member) : MDL_VIEW_SYNCING) || p->sync_broken)
        return;         /* broken: nothing arrived; the detection fails the view */
    ObjBatch b;
    mdl_objects_batch_begin(g, &b);
    replay_pending(g, &b, client, member);
    if (p->sync_full) {
        /* every existing object it lacks; copies of deleted ones are left as they are */
        const Objects *o = &g->obj;
        for (uint32_t k = 0; k < o->n_alive && o->missing[member] > 0; k++)
            mdl_object_settle(g, &b, o->alive[k], member);
    }
    mdl_objects_batch_end(g, &b);
    p->wipe_epoch = g->members[member].wipe_epoch;
    if (!live)
        mdl_view_set(g, client, member, mdl_healthy_view(g, member), MDL_CAUSE_SYNCED);
}

/* ---- asynchronous mirroring -------------------------------------------------------------- */

static uint32_t up_members(const MdlGroup *g)
{
    uint32_t up = 0;
    for (uint32_t m = 0; m < g->n_members; m++)
        if (g->members[m].phys == MDL_PHYS_UP)
            up |= BIT(m);
    return up;
}

static void mirror_object(MdlGroup *g, uint32_t obj)
{
    uint32_t up = up_members(g), holders = g->obj.state[obj] & OBJ_HOLDERS;
    if (mdl_object_alive(g, obj) && (holders & up) == 0) {
        g_array_append_val(g->mirror_backlog, obj);       /* no source up: later */
        return;
    }
    /* an existing object goes to every member lacking it, a deleted one leaves every
     * holder; members that are not up get it when they come back */
    uint32_t to_change = mdl_object_alive(g, obj) ? g->all_members & ~holders : holders;
    ObjBatch b;
    mdl_objects_batch_begin(g, &b);
    for (uint32_t m = 0; m < g->n_members; m++) {
        if (!(to_change & BIT(m)))
            continue;
        if (up & BIT(m))
            mdl_object_settle(g, &b, obj, m);
        else
            g_array_append_val(g->members[m].async_missed, obj);
    }
    mdl_objects_batch_end(g, &b);
}

void mdl_on_mirror(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    if (--g->mirrors_due == 0)
        FLUID_TOUCH(g);
    mirror_object(g, (uint32_t)ev->data);
}

/* A member is up again: the service brings it the copies and removals it missed,
 * and copies that waited for a source try again. */
void mdl_async_member_up(MdlGroup *g, uint32_t member)
{
    if (g->cfg->mirror_mode != MDL_MIRROR_ASYNC)
        return;
    GArray *missed = g->members[member].async_missed;
    ObjBatch b;
    mdl_objects_batch_begin(g, &b);
    for (guint k = 0; k < missed->len; k++)
        mdl_object_settle(g, &b, g_array_index(missed, uint32_t, k), member);
    mdl_objects_batch_end(g, &b);
    g_array_set_size(missed, 0);
    if (g->mirror_backlog->len > 0) {
        GArray *backlog = g->mirror_backlog;
        g->mirror_backlog = g_array_new(FALSE, FALSE, sizeof(uint32_t));
        for (guint k = 0; k < backlog->len; k++)
            mirror_object(g, g_array_index(backlog, uint32_t, k));
        g_array_free(backlog, TRUE);
    }
}
