/* models/client.c - clients: the workload, balancing, sending, answers.
 *
 * Each client issues operations as a Poisson process (workload.rate), of a type
 * drawn from workload.mix, on an object drawn among the existing ones.  An operation
 * is balanced on its own over the members the client may use (MODEL.md 1.4) and
 * sent there.  It is then outstanding on that (client, member) pair until the member
 * answers.  A member that cannot answer (off, cut off) never does: the operation is
 * "lost" there (it joins the pair's lost list), and the pair's detection fires
 * command_timeout after it was sent, or after the member went silent if it was
 * already there (the HSM's heartbeats keep a long-queued operation alive while the
 * member runs).  Detection (recovery.c) fails the member over: every operation
 * outstanding on the pair is re-sent to the others.
 */
#include "models/world.h"

#include "sim/rng.h"

#include <string.h>

/* ---- operation records ------------------------------------------------------------- */

/* Inlined into the hot path (issue()); mdl_op_new() for the rest. */
static inline __attribute__((always_inline)) uint32_t op_new(MdlGroup *g, uint32_t client,
                                                             MdlOpType type, uint32_t object)
{
    uint32_t i = g->free_op;
    if (i == MDL_NONE) {
        if (g->n_ops == g->ops_cap) {
            uint32_t cap = g->ops_cap ? g->ops_cap * 2 : 256;
            g->ops = g_renew(Op, g->ops, cap);
            memset(g->ops + g->ops_cap, 0, (cap - g->ops_cap) * sizeof(Op));
            if (g->threads) {
                g->op_thread = g_renew(uint32_t, g->op_thread, cap);
                memset(g->op_thread + g->ops_cap, 0xff, (cap - g->ops_cap) * sizeof(uint32_t));
            }
            g->ops_cap = cap;
        }
        i = g->n_ops++;
    } else {
        g->free_op = g->ops[i].next_free;
        if (g->free_op != MDL_NONE)              /* the next arrival's record */
            __builtin_prefetch(&g->ops[g->free_op], 1);
    }
    Op *op = &g->ops[i];
    uint32_t gen = op->gen;              /* generations survive reuse: stale jobs stay stale */
    memset(op, 0, sizeof *op);
    op->gen = gen + 1;
    op->client = client;
    op->type = (uint8_t)type;
    op->object = object;
    op->member = MDL_NONE;
    op->issued = NOW(g);
    op->phase = PH_PRIMARY;
    op->in_use = 1;
    g->ops_in_use++;
    return i;
}

uint32_t mdl_op_new(MdlGroup *g, uint32_t client, MdlOpType type, uint32_t object)
{
    return op_new(g, client, type, object);
}

static void thread_answered(MdlGroup *g, uint32_t t, MdlOutcome outcome);
static gboolean thread_parks(MdlGroup *g, uint32_t t);

void mdl_op_finish(MdlGroup *g, uint32_t i, MdlOutcome outcome)
{
    Op *op = &g->ops[i];
    if (!op->fluid)
        OBS(g, op_done, NOW(g), op->client, (MdlOpType)op->type, outcome, NOW(g) - op->issued);
    else if (outcome == MDL_OUTCOME_OK)
        OBS(g, fluid_call_done, NOW(g), op->client, NOW(g) - op->issued);
    if (op->phase == PH_CLONE)
        mdl_object_write_returned(g, op->object);   /* a clone in flight no more */
    if (op->counted) {
        g->clients[op->client].outstanding--;
        op->counted = 0;
    }
    if (g->op_thread && g->op_thread[i] != MDL_NONE) {
        uint32_t t = g->op_thread[i];
        g->op_thread[i] = MDL_NONE;
        thread_answered(g, t, outcome);
    }
    op->gen++;
    op->in_use = 0;
    if (--g->ops_in_use == 0 && g->obj.n > 0 && g->obj.dirty == 0)
        FLUID_TOUCH(g);                  /* objects may fold back into the pool */
    op->next_free = g->free_op;
    g->free_op = i;
}

/* The op's member will never answer it (it was sent where it cannot arrive): it
 * waits in the pair's lost list for the detection. */
void mdl_op_lost(MdlGroup *g, uint32_t i)
{
    Op *op = &g->ops[i];
    g_array_append_val(PAIR(g, op->client, op->member)->lost, i);
}

/* Same, for an op whose job stays at the member (which goes on, unheard). */
void mdl_op_lost_job(MdlGroup *g, uint32_t member, Job *job)
{
    uint32_t i = job->op;
    mdl_member_mark_stale(g, member, job);
    g_array_append_val(PAIR(g, g->ops[i].client, member)->lost, i);
}

static void cut_job(MdlGroup *g, uint32_t member, Job *job, void *data)
{
    if (job->client == GPOINTER_TO_UINT(data))
        mdl_op_lost_job(g, member, job);
}

static void abort_job(MdlGroup *g, uint32_t member, Job *job, void *data)
{
    if (job->client == GPOINTER_TO_UINT(data))
        mdl_member_mark_stale(g, member, job);
}

/* A network fault cut the client off from every member: nothing it has outstanding
 * will be answered.  The members go on serving what they had (and nobody hears). */
void mdl_client_cut_off(MdlGroup *g, uint32_t client)
{
    for (uint32_t m = 0; m < g->n_members; m++) {
        mdl_member_foreach_job(g, m, cut_job, GUINT_TO_POINTER(client));
        if (g->fluid && g->members[m].phys == MDL_PHYS_UP && mdl_linked(g, client, m))
            /* it was reachable (zones: on its side of the partitions) */
            mdl_fluid_in_flight(g, client, m);
        mdl_pair_silenced(g, client, m);
    }
}

/* ---- balancing -------------------------------------------------------------------------- */

static uint32_t least_outstanding(const MdlGroup *g, uint32_t client, uint32_t eligible)
{
    uint32_t best = MDL_NONE, best_n = UINT32_MAX;
    for (uint32_t m = 0; MASK_MORE(eligible, m); m++) {
        if (!(eligible & BIT(m)))
            continue;
        uint32_t n = PAIR(g, client, m)->n_out;
        if (n < best_n) {
            best = m;
            best_n = n;
        }
    }
    return best;
}

static uint32_t balance(MdlGroup *g, uint32_t client, uint32_t eligible)
{
    Client *cl = &g->clients[client];
    switch (cl->grp->balancing) {
    case MDL_BALANCE_LEAST_OUTSTANDING:
        return least_outstanding(g, client, eligible);
    case MDL_BALANCE_PRIMARY:
        for (uint32_t m = 0; MASK_MORE(eligible, m); m++)
            if ((eligible & BIT(m)) && PAIR(g, client, m)->n_out < g->members[m].cfg->concurrency)
                return m;
        return least_outstanding(g, client, eligible);
    case MDL_BALANCE_ROUND_ROBIN:
        for (uint32_t k = 1; k <= g->n_members; k++) {
            uint32_t m = (cl->rr + k) % g->n_members;
            if (eligible & BIT(m)) {
                cl->rr = m;
                return m;
            }
        }
        return MDL_NONE;
    case MDL_BALANCE_RANDOM: {
        uint32_t k = (uint32_t)sim_rng_uniform_int(cl->r_balance, (uint32_t)__builtin_popcount(eligible));
        for (uint32_t m = 0;; m++)
            if ((eligible & BIT(m)) && k-- == 0)
                return m;
    }
    }
    return MDL_NONE;
}

/* ---- sending ---------------------------------------------------------------------------- */

void mdl_op_send(MdlGroup *g, uint32_t i, uint32_t member, MdlOpType svc_type)
{
    Op *op = &g->ops[i];
    uint32_t client = op->client;
    op->member = member;
    op->sent = NOW(g);
    PAIR(g, client, member)->n_out++;
    if (mdl_reachable(g, client, member)) {
        mdl_member_enqueue(g, member, i, svc_type);
    } else {
        mdl_op_lost(g, i);
        mdl_detect_schedule(g, client, member,
                            sim_time_add_sat(NOW(g), g->clients[client].grp->command_timeout));
    }
}

/* Balances a primary operation over the serving members and sends it.  A member
 * whose queue is full refuses it and the client tries the next one the policy picks;
 * picking among the members that are not full gives the same member (and, for
 * `random`, the same distribution) without going through the refusals one by one. */
void mdl_op_route(MdlGroup *g, uint32_t i)
{
    Op *op = &g->ops[i];
    uint32_t client = op->client;
    uint32_t all = mdl_serving(g, client);
    uint32_t busy = 0;                   /* judged from the client's own count (issue 11) */
    for (uint32_t m = 0; MASK_MORE(all, m); m++)
        if ((all & BIT(m)) && PAIR(g, client, m)->n_out >= g->client_limit[m])
            busy |= BIT(m);
    uint32_t eligible = all & ~g->full & ~busy;
    if (eligible == 0) {
        mdl_op_finish(g, i, all ? MDL_OUTCOME_REJECTED : MDL_OUTCOME_NO_MEMBER);
        return;
    }
    mdl_op_send(g, i, balance(g, client, eligible), (MdlOpType)op->type);
}

/* The member answered the operation. */
void mdl_op_answered(MdlGroup *g, uint32_t i)
{
    Op *op = &g->ops[i];
    uint32_t m = op->member;
    PAIR(g, op->client, m)->n_out--;
    op->member = MDL_NONE;
    if (op->phase == PH_CLONE) {
        if (op->type == MDL_OP_CREATE) {
            if (mdl_object_alive(g, op->object))
                mdl_object_add_holder(g, op->object, m);
        } else {
            mdl_object_remove_holder(g, op->object, m);
        }
        op->copies++;
        mdl_clone_next(g, i);
        return;
    }
    switch ((MdlOpType)op->type) {
    case MDL_OP_READ:
        mdl_op_finish(g, i, mdl_object_held(g, op->object, m) ? MDL_OUTCOME_OK : MDL_OUTCOME_NOT_FOUND);
        return;
    case MDL_OP_CREATE:
        op->object = mdl_object_create(g, BIT(m));
        op->copies = 1;
        mdl_write_applied(g, i, m);
        return;
    case MDL_OP_DELETE:
        if (!mdl_object_held(g, op->object, m)) {
            mdl_op_finish(g, i, MDL_OUTCOME_NOT_FOUND);
            return;
        }
        mdl_object_delete(g, op->object);
        mdl_object_remove_holder(g, op->object, m);
        mdl_write_applied(g, i, m);
        return;
    default:
        g_assert_not_reached();
    }
}

/* A client restart: everything it had outstanding ends, aborted (a passive attempt
 * included: mdl_client_start() then clears every pair's `attempting`). */
void mdl_client_abort_all(MdlGroup *g, uint32_t client)
{
    for (uint32_t m = 0; m < g->n_members; m++)
        mdl_member_foreach_job(g, m, abort_job, GUINT_TO_POINTER(client));
    for (uint32_t i = 0; i < g->n_ops; i++) {
        Op *op = &g->ops[i];
        if (!op->in_use || op->client != client)
            continue;
        mdl_op_finish(g, i, MDL_OUTCOME_ABORTED);   /* its jobs go stale with it */
    }
    for (uint32_t m = 0; m < g->n_members; m++) {
        Pair *p = PAIR(g, client, m);
        p->n_out = 0;
        g_array_set_size(p->lost, 0);
    }
}

/* ---- the workload -------------------------------------------------------------------------- */

static MdlOpType draw_type(MdlGroup *g, Client *cl)
{
    const double *cum_mix = g->grp_cum_mix[cl->gi];
    if (cum_mix[0] >= 1.0)
        return MDL_OP_READ;
    double u = gsl_rng_uniform(cl->r_mix);
    return u < cum_mix[0] ? MDL_OP_READ : u < cum_mix[1] ? MDL_OP_CREATE : MDL_OP_DELETE;
}

/* Inlined into mdl_on_arrival(), the operations mode's hot path.  `obj` is the object
 * of a retry (MDL_NONE: drawn here), `thread` the closed-loop thread that waits for the
 * operation (MDL_NONE: the open loop).  Returns the operation, or MDL_NONE when the
 * application does not call (nothing to use). */
static inline __attribute__((always_inline)) uint32_t issue(MdlGroup *g, uint32_t c, MdlOpType type,
                                                        gboolean fluid, uint32_t obj,
                                                        uint32_t thread)
{
    Client *cl = &g->clients[c];
    if (type != MDL_OP_CREATE && obj == MDL_NONE) {
        obj = mdl_object_pick(g, cl->r_keys);
        if (obj == MDL_NONE)
            return MDL_NONE;             /* nothing to use: the application does not call */
    }
    uint32_t i = op_new(g, c, type, obj);
    g->ops[i].fluid = (uint16_t)fluid;
    if (thread != MDL_NONE) {
        g->op_thread[i] = thread;
        g->threads[thread].op = i;
    }
    if (!fluid)
        OBS(g, op_issued, NOW(g), c, type);
    if (!g->fluid) {
        /* issue 11: the client's sessions bound its outstanding work; beyond them the
         * call is refused at once, a client-side busy */
        if (cl->outstanding >= cl->grp->app.max_outstanding) {
            mdl_op_finish(g, i, MDL_OUTCOME_REJECTED);
            return i;
        }
        cl->outstanding++;
        g->ops[i].counted = 1;
    }

    if (cl->grp->recovery_mode == MDL_RECOVERY_PASSIVE) {
        uint32_t m = mdl_passive_due(g, c);
        if (m != MDL_NONE) {
            /* this call carries an autoRecovery attempt: the member is judged now, the
             * view changes when the attempt's cost has elapsed, and the call waits */
            gboolean ok = mdl_reachable(g, c, m);
            mdl_attempt_begin(g, c, m, ok);
            Op *op = &g->ops[i];
            op->phase = PH_ATTEMPT;
            op->attempt_member = m;
            op->attempt_ok = (uint8_t)ok;
            sim_engine_schedule_in(g->engine, cl->grp->attempt_cost, g->kind[EV_ATTEMPT_END], c,
                                   ((uint64_t)op->gen << 32) | i);
            return i;
        }
    }
    mdl_op_route(g, i);
    return i;
}

void mdl_on_arrival(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    uint32_t c = ev->target;
    Client *cl = &g->clients[c];
    if (G_UNLIKELY(g->threads != NULL && cl->grp->app.threads > 0))
        return;                          /* the closed loop: threads issue, not arrivals */
    if (G_UNLIKELY(ev->data != cl->epoch))
        return;                          /* its host went off since: the chain ends */
    sim_engine_schedule_in(e, sim_dist_sample_time(&g->grp_arrival[cl->gi], cl->r_arrival),
                           g->kind[EV_ARRIVAL], c, cl->epoch);
    issue(g, c, draw_type(g, cl), FALSE, MDL_NONE, MDL_NONE);
}

void mdl_client_issue(MdlGroup *g, uint32_t c, MdlOpType type, gboolean fluid)
{
    if (G_UNLIKELY(!g->clients[c].started))
        return;                          /* its host is off (zones) */
    issue(g, c, type, fluid, MDL_NONE, MDL_NONE);
}

void mdl_on_attempt_end(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    uint32_t i = (uint32_t)ev->data;
    Op *op = &g->ops[i];
    if (op->gen != (uint32_t)(ev->data >> 32))
        return;                          /* aborted by a client restart */
    op->phase = PH_PRIMARY;
    mdl_attempt_result(g, op->client, op->attempt_member, op->attempt_ok);
    if (op->fluid)      /* a fluid read carried the attempt: the fluid counts hold the rest */
        mdl_op_finish(g, i, MDL_OUTCOME_OK);
    else
        mdl_op_route(g, i);
}

/* ---- issue 11: the closed loop ---------------------------------------------------------- */

/* Each thread of a client: issue a request, wait for the answer (or app_timeout), retry
 * after a backoff up to `retries` times, then think, then issue the next.  Every next
 * step is an event, never a call from inside another operation's ending. */

static void thread_think(MdlGroup *g, uint32_t t, SimTime at_least)
{
    Client *cl = &g->clients[g->threads[t].client];
    SimTime z = sim_dist_sample_time(&cl->grp->app.think, cl->r_think);
    sim_engine_schedule_in(g->engine, z > at_least ? z : at_least, g->kind[EV_THINK_END], t, 0);
}

static void request_end(MdlGroup *g, uint32_t t, gboolean ok)
{
    AppThread *th = &g->threads[t];
    OBS(g, request_done, NOW(g), th->client, ok, NOW(g) - th->first, th->attempts);
    /* a request that failed at the instant it was issued (no member, client busy) is
     * followed by at least max(backoff, 1 ms): a thread cannot spin at one instant */
    SimTime at_least = 0;
    if (!ok && NOW(g) == th->first)
        at_least = MAX(g->clients[th->client].grp->app.backoff, SIM_MS);
    thread_think(g, t, at_least);
}

static void thread_attempt(MdlGroup *g, uint32_t t)
{
    AppThread *th = &g->threads[t];
    Client *cl = &g->clients[th->client];
    if (th->type != MDL_OP_CREATE && th->object == MDL_NONE) {
        th->object = mdl_object_pick(g, cl->r_keys);
        if (th->object == MDL_NONE) {
            /* nothing to use: the application does not call, and looks again later
             * (at least 1 ms, so that a zero think time cannot spin) */
            thread_think(g, t, SIM_MS);
            return;
        }
    }
    th->attempts++;
    th->seq++;
    if (th->attempts == 1)
        OBS(g, request_issued, NOW(g), th->client, t - cl->first_thread, (MdlOpType)th->type);
    if (cl->grp->app.app_timeout > 0)
        th->timeout_ev = sim_engine_schedule_in(g->engine, cl->grp->app.app_timeout,
                                                g->kind[EV_APP_TIMEOUT], t, th->seq);
    issue(g, th->client, (MdlOpType)th->type, FALSE, th->object, t);
}

/* The attempt failed, or the application gave up on it: retry or give up. */
static void attempt_failed(MdlGroup *g, uint32_t t)
{
    AppThread *th = &g->threads[t];
    if (th->attempts > g->clients[th->client].grp->app.retries) {
        request_end(g, t, FALSE);
        return;
    }
    SimTime wait = g->clients[th->client].grp->app.backoff;  /* backoff * 2^(attempts - 1) */
    for (uint32_t k = 1; k < th->attempts && wait < SIM_TIME_MAX; k++)
        wait = sim_time_add_sat(wait, wait);
    sim_engine_schedule_in(g->engine, wait, g->kind[EV_RETRY], t, 0);
}

static void thread_answered(MdlGroup *g, uint32_t t, MdlOutcome outcome)
{
    AppThread *th = &g->threads[t];
    th->op = MDL_NONE;
    if (th->timeout_ev != SIM_EVENT_NONE) {
        sim_engine_cancel(g->engine, th->timeout_ev);
        th->timeout_ev = SIM_EVENT_NONE;
    }
    if (outcome == MDL_OUTCOME_OK)
        request_end(g, t, TRUE);
    else
        attempt_failed(g, t);
}

void mdl_on_think_end(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    AppThread *th = &g->threads[ev->target];
    if (thread_parks(g, ev->target))
        return;
    th->epoch = g->clients[th->client].epoch;
    th->type = (uint8_t)draw_type(g, &g->clients[th->client]);
    th->object = MDL_NONE;
    th->attempts = 0;
    th->first = NOW(g);
    thread_attempt(g, ev->target);
}

void mdl_on_retry(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    AppThread *th = &g->threads[ev->target];
    if (thread_parks(g, ev->target))
        return;
    if (th->epoch != g->clients[th->client].epoch) {
        mdl_on_think_end(e, ev, ctx);    /* its host restarted since: a new request */
        return;
    }
    OBS(g, request_retry, NOW(g), th->client, ev->target - g->clients[th->client].first_thread,
        th->attempts + 1);
    thread_attempt(ctx, ev->target);
}

/* app_timeout: the application stops waiting; the operation goes on in the group (the
 * HSM still serves it, and it still counts toward the client's outstanding work). */
void mdl_on_app_timeout(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    AppThread *th = &g->threads[ev->target];
    if (ev->data != th->seq || th->op == MDL_NONE)
        return;
    th->timeout_ev = SIM_EVENT_NONE;
    g->op_thread[th->op] = MDL_NONE;
    th->op = MDL_NONE;
    OBS(g, request_timeout, NOW(g), th->client, ev->target - g->clients[th->client].first_thread,
        th->attempts);
    attempt_failed(g, ev->target);
}

/* ---- zones: the client's host goes off and comes back (zone.c) ---- */

/* A thread whose client is off waits for the power-on. */
static gboolean thread_parks(MdlGroup *g, uint32_t t)
{
    if (G_LIKELY(g->clients[g->threads[t].client].started))
        return FALSE;
    g->threads[t].parked = 1;
    return TRUE;
}

/* The host goes off: the requests waiting for an answer are dropped with it (no
 * request_done: the application is gone), before its operations are aborted. */
void mdl_threads_park(MdlGroup *g, uint32_t client)
{
    if (g->threads == NULL)
        return;
    const Client *cl = &g->clients[client];
    for (uint32_t t = cl->first_thread; t < cl->first_thread + cl->grp->app.threads; t++) {
        AppThread *th = &g->threads[t];
        if (th->timeout_ev != SIM_EVENT_NONE) {
            sim_engine_cancel(g->engine, th->timeout_ev);
            th->timeout_ev = SIM_EVENT_NONE;
        }
        if (th->op != MDL_NONE) {
            g->op_thread[th->op] = MDL_NONE;
            th->op = MDL_NONE;
            th->parked = 1;
        }
    }
}

/* The host is back: the parked threads think, then issue, as at the start. */
void mdl_threads_resume(MdlGroup *g, uint32_t client)
{
    if (g->threads == NULL)
        return;
    const Client *cl = &g->clients[client];
    for (uint32_t t = cl->first_thread; t < cl->first_thread + cl->grp->app.threads; t++)
        if (g->threads[t].parked) {
            g->threads[t].parked = 0;
            thread_think(g, t, 0);
        }
}

/* The client started (time 0): each of its threads thinks first, then issues. */
void mdl_threads_start(MdlGroup *g, uint32_t client)
{
    if (g->threads == NULL)
        return;
    const Client *cl = &g->clients[client];
    for (uint32_t t = cl->first_thread; t < cl->first_thread + cl->grp->app.threads; t++)
        thread_think(g, t, 0);
}

void mdl_clients_init(MdlGroup *g)
{
    const MdlConfig *c = g->cfg;
    /* a client judges a member busy once it has there the member's service units plus
     * its share of the member's queue: a member that died silently (its queue empty,
     * not yet detected) never takes more than that from one client */
    for (uint32_t m = 0; m < c->n_members; m++) {
        const MdlMemberConfig *mc = &c->members[m];
        uint64_t share = ((uint64_t)mc->queue_limit + g->n_clients - 1) / g->n_clients;
        uint64_t lim = mc->concurrency + share;
        g->client_limit[m] = lim > UINT32_MAX ? UINT32_MAX : (uint32_t)lim;
    }
    /* issue 11: each client has its group's threads (none in an open-loop group) */
    uint32_t n_threads = 0;
    for (uint32_t k = 0; k < g->n_clients; k++)
        n_threads += g->grps[c->n_groups ? c->clients[k].group : 0].app.threads;
    if (n_threads > 0 && c->workload_mode == MDL_WORKLOAD_OPERATIONS) {
        g->n_threads = n_threads;
        g->threads = g_new0(AppThread, g->n_threads);
        for (uint32_t k = 0, t = 0; k < g->n_clients; k++) {
            uint32_t per = g->grps[c->n_groups ? c->clients[k].group : 0].app.threads;
            for (uint32_t j = 0; j < per; j++, t++) {
                g->threads[t].client = k;
                g->threads[t].op = MDL_NONE;
                g->threads[t].object = MDL_NONE;
            }
        }
    }
    for (uint32_t k = 0, first = 0; k < g->n_clients; k++) {
        Client *cl = &g->clients[k];
        memset(cl, 0, sizeof *cl);
        cl->cfg = &c->clients[k];
        cl->gi = c->n_groups ? c->clients[k].group : 0;
        cl->grp = &g->grps[cl->gi];
        cl->first_thread = first;
        first += g->threads ? cl->grp->app.threads : 0;
        cl->r_arrival = mdl_client_stream_new(g, k, "arrivals");
        cl->r_mix = mdl_client_stream_new(g, k, "mix");
        cl->r_keys = mdl_client_stream_new(g, k, "keys");
        cl->r_balance = mdl_client_stream_new(g, k, "balancing");
        cl->rr = g->n_members - 1;
        cl->available = FALSE;
        cl->in_sync = TRUE;
        if (g->threads && cl->grp->app.threads > 0)
            cl->r_think = mdl_client_stream_new(g, k, "think");
    }
}

void mdl_clients_clear(MdlGroup *g)
{
    for (uint32_t k = 0; k < g->n_clients; k++)
        if (g->clients[k].r_think)
            gsl_rng_free(g->clients[k].r_think);
    g_free(g->threads);
    g_free(g->op_thread);
}
