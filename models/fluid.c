/* models/fluid.c - the fluid workload (workload.mode: fluid; docs/model.md, "Fluid
 * mode").
 *
 * Each client's operations form Poisson streams: reads at rate x mix.read, writes
 * (creates and deletes) at rate x (mix.create + mix.delete).  A stream is drawn one
 * operation at a time, as the operations mode does, only while its operations can
 * change the group's state or meet something other than a healthy group:
 *
 *   reads are events while some member in the client's rotation is unreachable (the
 *     read may be lost there: detection, failover) or lacks objects (stale reads);
 *   writes are events while reads are, or while some member is outside the client's
 *     targets (rotation and syncing members: pending sets), unreachable, or there is
 *     no member to serve, or while deletes may pick an object that has an identity.
 *
 * Otherwise the stream is fluid: its operations succeed (or, with no member to serve,
 * fail at once), the observer is told their rates (fluid_ops), fluid creates add
 * anonymous objects held by every member to the pool (objects.c) and fluid deletes take
 * objects away, both drawn as Poisson counts per stretch.  The clone of a fluid write
 * leaves an object single-copy, and the client's rotation with a write in flight, for a
 * few milliseconds (asynchronous: then out of sync for mirror_delay): those windows are
 * integrated as probabilities (fluid_level, fluid_flight), the
 * chance that at least one is open among Poisson arrivals (1 - exp(-rate x window)).
 * With asynchronous mirroring, reads of a fresh object on a member the service has not
 * copied it to yet are stale: their rate is integrated the same way.  Passive
 * autoRecovery attempts ride on drawn calls: the first call after the attempt is due,
 * from the client's fluid reads.  When a member stops answering, the operations of
 * fluid streams it was serving are drawn (Poisson, M/G/infinity) and lost there, as the
 * operations mode would have lost them.
 *
 * The classification is redone after every event that touched what it depends on
 * (views, reachability, objects, pending sets: FLUID_TOUCH).  When every object with an
 * identity is held by every member and nothing refers to it, the objects fold back
 * into the pool, so a long healthy stretch costs no memory and no events.
 */
#include "models/world.h"

#include "sim/rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

static double read_rate(const MdlGroup *g) { return g->cfg->rate * g->cfg->mix[0]; }
static double write_rate(const MdlGroup *g) { return g->cfg->rate * (g->cfg->mix[1] + g->cfg->mix[2]); }

/* Members a write of the client is copied to: its rotation and syncing members. */
static uint32_t targets(const MdlGroup *g, uint32_t client)
{
    const Client *cl = &g->clients[client];
    return cl->rotation | cl->syncing;
}

/* ---- classification ----------------------------------------------------------------- */

static gboolean all_reachable(const MdlGroup *g, uint32_t client, uint32_t members)
{
    for (uint32_t m = 0; MASK_MORE(members, m); m++)
        if ((members & BIT(m)) && !mdl_reachable(g, client, m))
            return FALSE;
    return TRUE;
}

static gboolean reads_need_events(const MdlGroup *g, uint32_t client)
{
    uint32_t rot = g->clients[client].rotation;
    return (rot & g->obj.dirty) != 0 || !all_reachable(g, client, rot);
}

static gboolean writes_need_events(const MdlGroup *g, uint32_t client, gboolean reads_ev)
{
    return reads_ev || targets(g, client) != g->all_members || mdl_serving(g, client) == 0 ||
           !all_reachable(g, client, g->all_members) ||
           (g->cfg->mix[2] > 0 && g->obj.n_readable > 0);
}

/* ---- the objects' share: fluid creates and deletes ---------------------------------- */

/* Fluid writes per second, over the clients whose writes are fluid now (counted by
 * reclassify()). */
static void fluid_write_rates(const MdlGroup *g, double *creates, double *deletes)
{
    *creates = g->fl_writers * g->cfg->rate * g->cfg->mix[1];
    *deletes = g->fl_writers * g->cfg->rate * g->cfg->mix[2];
}

void mdl_fluid_advance(MdlGroup *g)
{
    SimTime now = NOW(g);
    if (!g->fluid || now <= g->pool_since)
        return;
    double creates, deletes;
    fluid_write_rates(g, &creates, &deletes);
    double dt = sim_time_to_s(now - g->pool_since);
    g->pool_since = now;
    if (creates > 0)
        g->obj.pool += gsl_ran_poisson(g->r_pool, creates * dt);
    if (deletes > 0) {
        unsigned n = gsl_ran_poisson(g->r_pool, deletes * dt);
        for (unsigned k = 0; k < n && mdl_object_delete_anywhere(g, g->r_pool); k++)
            ;
    }
}

/* ---- loads, shares and windows --------------------------------------------------------- */

/* Erlang's C formula: the probability that an arrival waits, c servers, offered load a
 * (a < c). */
static double erlang_c(uint32_t c, double a)
{
    double b = 1;                          /* Erlang B by the recurrence */
    for (uint32_t k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    double rho = a / c;
    return b / (1 - rho + rho * b);
}

/* Mean service of the client operation mix at a member. */
static double mix_service(const MdlGroup *g, uint32_t m)
{
    const Member *mb = &g->members[m];
    double s = 0;
    for (int t = MDL_OP_READ; t <= MDL_OP_DELETE; t++)
        if (g->cfg->mix[t] > 0)
            s += g->cfg->mix[t] * sim_dist_mean(&mb->service[t]);
    return s;
}

/* The share of the client's operations member m takes: exact for `random` and
 * `round-robin`, and for `primary` at low load.  `least-outstanding` breaks ties by
 * member order, so an idle client sends everything to its first serving member: the
 * first takes the share of the moments the client has nothing outstanding (exp(-work),
 * work = its operations in service, M/G/infinity), the rest is spread evenly. */
static double share(const MdlGroup *g, uint32_t client, uint32_t m)
{
    uint32_t s = mdl_serving(g, client);
    if (!(s & BIT(m)))
        return 0;
    gboolean first = (s & (BIT(m) - 1)) == 0;
    if (g->cfg->balancing == MDL_BALANCE_PRIMARY)
        return first ? 1 : 0;
    double even = 1.0 / __builtin_popcount(s);
    if (g->cfg->balancing != MDL_BALANCE_LEAST_OUTSTANDING)
        return even;
    double idle = exp(-g->cfg->rate * mix_service(g, m));
    return (first ? idle : 0) + (1 - idle) * even;
}

/* The clone targets of a write by `client` taken on `primary`, in the order cloned
 * (member order), at most `max` of them. */
static uint32_t clone_targets(const MdlGroup *g, uint32_t client, uint32_t primary, uint32_t max)
{
    uint32_t t = targets(g, client) & ~BIT(primary), out = 0;
    for (uint32_t m = 0, n = 0; MASK_MORE(t, m) && n < max; m++)
        if (t & BIT(m)) {
            out |= BIT(m);
            n++;
        }
    return out;
}

static uint32_t clone_max(const MdlGroup *g)
{
    return g->cfg->mirror_mode == MDL_MIRROR_ASYNC ? g->cfg->min_copies - 1 : MDL_MAX_MEMBERS;
}

/* The operations per second every client sends each member (lam) and the work they
 * bring (busy units: lam x mean service). */
static void member_loads(const MdlGroup *g, double *lam, double *work)
{
    double pw = g->cfg->mix[1] + g->cfg->mix[2];
    for (uint32_t m = 0; m < g->n_members; m++)
        lam[m] = work[m] = 0;
    for (uint32_t c = 0; c < g->n_clients; c++) {
        if (!g->clients[c].started)
            continue;
        for (uint32_t p = 0; p < g->n_members; p++) {
            double sh = share(g, c, p);
            if (sh == 0)
                continue;
            lam[p] += sh * g->cfg->rate;
            work[p] += sh * g->cfg->rate * mix_service(g, p);
            uint32_t t = clone_targets(g, c, p, clone_max(g));
            for (uint32_t m = 0; MASK_MORE(t, m); m++)
                if (t & BIT(m)) {
                    lam[m] += sh * g->cfg->rate * pw;
                    work[m] += sh * g->cfg->rate * pw *
                               sim_dist_mean(&g->members[m].service[MDL_OP_CLONE]);
                }
        }
    }
}

/* The mean M/M/c wait at a member with that load (the mean service of what it serves
 * standing for the service time); 0 when idle or overloaded. */
static double mean_wait(const MdlGroup *g, uint32_t m, const double *lam, const double *work)
{
    uint32_t c = g->members[m].cfg->concurrency;
    if (lam[m] <= 0 || work[m] >= c)
        return 0;
    return erlang_c(c, work[m]) * (work[m] / lam[m]) / (c - work[m]);
}

/* The chance that a read picks one given object among n, the newest: 1/n uniformly;
 * with Zipf ranks, the last rank's weight (the generalized harmonic number by its
 * Euler-Maclaurin form). */
static double pick_newest(const MdlGroup *g, double n)
{
    if (n < 1)
        return 0;
    if (g->cfg->key_choice != MDL_KEYS_ZIPF)
        return 1 / n;
    double s = g->cfg->zipf_s;
    double h = fabs(s - 1) < 1e-9 ? log(n) + 0.5772156649 + 0.5 / n
                                  : (pow(n, 1 - s) - 1) / (1 - s) + 0.5 * (1 + pow(n, -s));
    return pow(n, -s) / h;
}

typedef FluidWindows Windows;

/* What the fluid writes in progress give (see the file's comment). */
static void fluid_windows(const MdlGroup *g, Windows *w)
{
    memset(w, 0, sizeof *w);
    if (g->n_members == 1) {
        /* every object has one copy: the pool's objects too */
        w->at_risk = g->obj.pool > 0 ? 1 : 0;
        return;
    }
    double creates, deletes;
    fluid_write_rates(g, &creates, &deletes);
    if (creates + deletes == 0)
        return;
    double lam[MDL_MAX_MEMBERS], work[MDL_MAX_MEMBERS], sojourn[MDL_MAX_MEMBERS];
    member_loads(g, lam, work);
    for (uint32_t m = 0; m < g->n_members; m++)
        sojourn[m] = sim_dist_mean(&g->members[m].service[MDL_OP_CLONE]) + mean_wait(g, m, lam, work);
    gboolean async = g->cfg->mirror_mode == MDL_MIRROR_ASYNC;
    double delay = sim_time_to_s(g->cfg->mirror_delay);
    double risk = 0, out = 0, flight = 0;
    for (uint32_t c = 0; c < g->n_clients; c++) {
        if (!g->clients[c].started || g->fl[c].writes_ev)
            continue;
        for (uint32_t p = 0; p < g->n_members; p++) {
            double sh = share(g, c, p);
            if (sh == 0)
                continue;
            uint32_t t = clone_targets(g, c, p, clone_max(g));
            double all = 0, first = -1;
            for (uint32_t m = 0; MASK_MORE(t, m); m++)
                if (t & BIT(m)) {
                    all += sojourn[m];
                    if (first < 0)
                        first = sojourn[m];
                }
            /* single copy: until the first clone, or with one copy asked, the service's */
            double w_risk = async && g->cfg->min_copies == 1 ? delay : fmax(first, 0);
            double rc = g->cfg->rate * g->cfg->mix[1] * sh, rd = g->cfg->rate * g->cfg->mix[2] * sh;
            risk += rc * w_risk;
            /* in flight until the write returns: a create after its clones, a delete
             * after its clones (synchronous) or at once (asynchronous); then, with the
             * service, the other members differ for mirror_delay */
            flight += rc * all + (async ? 0 : rd * all);
            if (async)
                out += (rc + rd) * delay;
            if (async) {
                /* readable once min_copies hold it; the others lack it for mirror_delay */
                uint32_t lacking = g->all_members & ~t & ~BIT(p);
                for (uint32_t m = 0; MASK_MORE(lacking, m); m++)
                    if (lacking & BIT(m))
                        w->fresh_lacking[m] += rc * delay;
            }
        }
    }
    w->at_risk = -expm1(-risk);
    w->out_of_sync = -expm1(-out);
    w->in_flight = exp(-out) * -expm1(-flight);   /* some in flight, none out of sync */
}

/* ---- latency classes ------------------------------------------------------------------ */

/* The M/M/c sojourn at a member: service rate, probability of waiting, wait rate. */
static void sojourn_of(const MdlGroup *g, uint32_t m, const double *lam, const double *work,
                       MdlFluidLatency *cls)
{
    uint32_t i = cls->n++, c = g->members[m].cfg->concurrency;
    double mean = sim_dist_mean(&g->members[m].service[MDL_OP_READ]);
    cls->mu[i] = 1 / mean;
    cls->wait_p[i] = lam[m] > 0 && work[m] < c ? erlang_c(c, work[m]) : 0;
    cls->gamma[i] = (c - work[m]) / mean;
}

/* Tells the observer the latency classes of the client's fluid operations when they
 * changed: reads on each serving member, writes on each primary with their clones. */
static void latency_classes(MdlGroup *g, uint32_t c, const double *lam, const double *work,
                            gboolean overloaded)
{
    FluidClient *f = &g->fl[c];
    MdlFluidLatency cls[3 * MDL_MAX_MEMBERS];
    uint32_t n = 0;
    double n_obj = (double)(g->obj.pool + g->obj.n_readable);
    double lr = f->reads_ev || n_obj <= 0 ? 0 : read_rate(g);
    double lw = f->writes_ev ? 0 : g->cfg->rate * (g->cfg->mix[1] + (n_obj > 0 ? g->cfg->mix[2] : 0));
    /* asynchronous mirroring: a delete ends on its primary, the service copies it later */
    double ld = 0;
    if (g->cfg->mirror_mode == MDL_MIRROR_ASYNC && lw > 0) {
        ld = n_obj > 0 ? g->cfg->rate * g->cfg->mix[2] : 0;
        lw -= ld;
    }
    if (!g->clients[c].started || mdl_serving(g, c) == 0)
        lr = lw = ld = 0;
    for (uint32_t p = 0; p < g->n_members; p++) {
        double sh = share(g, c, p);
        if (sh == 0)
            continue;
        double alone[2] = {lr, ld};        /* one sojourn: reads, asynchronous deletes */
        for (int k = 0; k < 2; k++) {
            if (alone[k] <= 0)
                continue;
            memset(&cls[n], 0, sizeof cls[n]);
            cls[n].rate = alone[k] * sh;
            sojourn_of(g, p, lam, work, &cls[n]);
            n++;
        }
        if (lw > 0) {
            memset(&cls[n], 0, sizeof cls[n]);
            cls[n].rate = lw * sh;
            sojourn_of(g, p, lam, work, &cls[n]);
            uint32_t t = clone_targets(g, c, p, clone_max(g));
            for (uint32_t m = 0; MASK_MORE(t, m); m++)
                if (t & BIT(m))
                    sojourn_of(g, m, lam, work, &cls[n]);
            n++;
        }
    }
    gboolean valid = g->fl_mmc && !overloaded;
    uint64_t sig = 0xcbf29ce484222325u ^ (uint64_t)valid;
    for (uint32_t k = 0; k < n; k++) {
        const double *v = &cls[k].rate;
        for (const double *e = v + 2; v < e; v++) {
            uint64_t bits;
            memcpy(&bits, v, sizeof bits);
            sig = (sig ^ bits) * 0x100000001b3u;
        }
        for (uint32_t i = 0; i < cls[k].n; i++) {
            double x[3] = {cls[k].mu[i], cls[k].wait_p[i], cls[k].gamma[i]};
            for (int j = 0; j < 3; j++) {
                uint64_t bits;
                memcpy(&bits, &x[j], sizeof bits);
                sig = (sig ^ bits) * 0x100000001b3u;
            }
        }
    }
    sig |= 1;                              /* never 0: that is "nothing told yet" */
    if (sig == f->lat_sig)
        return;
    f->lat_sig = sig;
    OBS(g, fluid_latency, NOW(g), c, cls, n, valid);
}

/* ---- passive attempts on drawn calls ------------------------------------------------- */

/* When the client's next passive attempt is due (-1: none is). */
static SimTime attempt_due(const MdlGroup *g, uint32_t client)
{
    if (g->cfg->recovery_mode != MDL_RECOVERY_PASSIVE)
        return -1;
    SimTime due = -1;
    for (uint32_t m = 0; m < g->n_members; m++) {
        const Pair *p = PAIR(g, client, m);
        if (p->view != MDL_VIEW_FAILED || p->attempting)
            continue;
        SimTime t = sim_time_add_sat(p->last_try, g->cfg->interval);
        if (due < 0 || t < due)
            due = t;
    }
    return due;
}

static void cancel(MdlGroup *g, SimEventId *ev)
{
    if (*ev != SIM_EVENT_NONE)
        sim_engine_cancel(g->engine, *ev);
    *ev = SIM_EVENT_NONE;
}

static SimTime exp_gap(double rate, const gsl_rng *r)
{
    return sim_time_from_s(sim_dist_exp_draw(1.0 / rate, r));
}

/* ---- the classification, client by client ----------------------------------------- */

static void classify(MdlGroup *g, uint32_t c, const Windows *w)
{
    FluidClient *f = &g->fl[c];
    const Client *cl = &g->clients[c];
    SimTime now = NOW(g);
    double lr = read_rate(g), lw = write_rate(g);
    gboolean reads_ev = FALSE, writes_ev = FALSE;
    if (cl->started) {
        reads_ev = lr > 0 && reads_need_events(g, c);
        writes_ev = lw > 0 && writes_need_events(g, c, reads_ev);
    }
    /* the streams drawn one by one */
    if (reads_ev && f->read_ev == SIM_EVENT_NONE)
        f->read_ev = sim_engine_schedule_in(g->engine, exp_gap(lr, f->r_reads),
                                            g->kind[EV_FLUID_READ], c, 0);
    else if (!reads_ev)
        cancel(g, &f->read_ev);
    if (writes_ev && f->write_ev == SIM_EVENT_NONE)
        f->write_ev = sim_engine_schedule_in(g->engine, exp_gap(lw, f->r_writes),
                                             g->kind[EV_FLUID_WRITE], c, 0);
    else if (!writes_ev)
        cancel(g, &f->write_ev);
    f->reads_ev = (uint8_t)reads_ev;
    f->writes_ev = (uint8_t)writes_ev;

    /* the fluid rest, told to the observer when it changes */
    gboolean serving = mdl_serving(g, c) != 0;
    double n_obj = (double)(g->obj.pool + g->obj.n_readable);
    double ok = 0, fail = 0, stale = 0;
    if (cl->started) {
        if (!reads_ev && n_obj > 0) {
            if (serving) {
                double p_new = pick_newest(g, n_obj);
                for (uint32_t m = 0; m < g->n_members; m++)
                    if (w->fresh_lacking[m] > 0)
                        stale += lr * share(g, c, m) * fmin(1, p_new * w->fresh_lacking[m]);
                ok += lr - stale;
            } else {
                fail += lr;
            }
        }
        if (!writes_ev)
            ok += g->cfg->rate * (g->cfg->mix[1] + (n_obj > 0 ? g->cfg->mix[2] : 0));
    }
    if (ok != f->ok_rate || fail != f->fail_rate || stale != f->stale_rate) {
        if (now > f->since && (f->ok_rate > 0 || f->fail_rate > 0 || f->stale_rate > 0))
            OBS(g, fluid_ops, f->since, now, c, f->ok_rate, f->fail_rate, f->stale_rate);
        f->since = now;
        f->ok_rate = ok;
        f->fail_rate = fail;
        f->stale_rate = stale;
    }

    /* the call that carries the next passive attempt, from the fluid reads */
    SimTime due = !reads_ev && lr > 0 && n_obj > 0 ? attempt_due(g, c) : -1;
    if (due != f->call_due || (due >= 0 && f->call_ev == SIM_EVENT_NONE)) {
        cancel(g, &f->call_ev);
        f->call_due = due;
        if (due >= 0) {
            SimTime at = sim_time_add_sat(due > now ? due : now, exp_gap(lr, f->r_calls));
            f->call_ev = sim_engine_schedule(g->engine, at, g->kind[EV_FLUID_CALL], c, 0);
        }
    }
}

/* Nothing refers to the objects with an identity any more, and each is what a pool
 * object is. */
static gboolean can_fold(const MdlGroup *g)
{
    const Objects *o = &g->obj;
    if (o->n == 0 || o->dirty != 0 || o->n_readable != o->n_alive || g->ops_in_use > 0 ||
        g->mirrors_due > 0 || g->mirror_backlog->len > 0)
        return FALSE;
    for (uint32_t m = 0; m < g->n_members; m++)
        if (g->members[m].async_missed->len > 0)
            return FALSE;
    for (size_t k = 0; k < (size_t)g->n_clients * g->n_members; k++)
        if (g_hash_table_size(g->pairs[k].pending) > 0)
            return FALSE;
    return TRUE;
}

static void reclassify(MdlGroup *g)
{
    g->fl_dirty = FALSE;
    mdl_fluid_advance(g);                  /* the stretch that ends now, as it was */
    if (can_fold(g))
        mdl_objects_fold(g);
    /* windows of the writes that are fluid now: first the classification, then the
     * windows, then the rates that depend on them */
    Windows w;
    memset(&w, 0, sizeof w);
    uint32_t writers = 0;
    uint64_t sig = 0xcbf29ce484222325u;    /* what the windows depend on (FNV-1a) */
    for (uint32_t c = 0; c < g->n_clients; c++) {
        classify(g, c, &w);
        const Client *cl = &g->clients[c];
        gboolean fluid_writer = cl->started && !g->fl[c].writes_ev;
        writers += fluid_writer;
        /* two 32-bit member masks fill the word: the writer bit goes in on its own */
        uint64_t v = cl->started ? (((uint64_t)mdl_serving(g, c) << 32) | targets(g, c)) + 1 : 0;
        sig = (sig ^ v) * 0x100000001b3u;
        sig = (sig ^ (uint64_t)fluid_writer) * 0x100000001b3u;
    }
    g->fl_writers = writers;
    sig = (sig ^ (g->n_members == 1 && g->obj.pool > 0)) * 0x100000001b3u;
    if (sig != g->fl_sig || !g->fl_have_windows) {
        fluid_windows(g, &g->fl_windows);
        g->fl_sig = sig;
        g->fl_have_windows = TRUE;
    }
    w = g->fl_windows;
    gboolean fresh = FALSE;
    for (uint32_t m = 0; m < g->n_members; m++)
        fresh |= w.fresh_lacking[m] > 0;
    if (fresh)
        for (uint32_t c = 0; c < g->n_clients; c++)
            classify(g, c, &w);
    /* stale-read rates go as 1 / objects: while the objects grow or shrink, they are
     * worked out again each time the count has moved by 2 % */
    double stale = 0, creates, deletes;
    for (uint32_t c = 0; c < g->n_clients; c++)
        stale += g->fl[c].stale_rate;
    fluid_write_rates(g, &creates, &deletes);
    if (stale > 0 && creates != deletes && g->refresh_ev == SIM_EVENT_NONE) {
        double n = (double)(g->obj.pool + g->obj.n_readable);
        SimTime in = sim_time_from_s(fmax(0.02 * n / fabs(creates - deletes), 1e-3));
        g->refresh_ev = sim_engine_schedule_in(g->engine, in, g->kind[EV_FLUID_CALL], 0, 1);
    }
    /* the latency classes depend on the same as the windows, and on which streams
     * are fluid and whether objects exist */
    uint64_t lsig = sig;
    for (uint32_t c = 0; c < g->n_clients; c++)
        lsig = (lsig ^ (uint64_t)(g->fl[c].reads_ev | g->fl[c].writes_ev << 1)) * 0x100000001b3u;
    lsig = (lsig ^ (uint64_t)(g->obj.pool + g->obj.n_readable > 0)) * 0x100000001b3u;
    if (g->obs.klass->fluid_latency && lsig != g->fl_lat_sig) {
        g->fl_lat_sig = lsig;
        double lam[MDL_MAX_MEMBERS], work[MDL_MAX_MEMBERS];
        member_loads(g, lam, work);
        gboolean overloaded = FALSE;
        for (uint32_t m = 0; m < g->n_members; m++)
            overloaded |= lam[m] > 0 && work[m] >= g->members[m].cfg->concurrency;
        for (uint32_t c = 0; c < g->n_clients; c++)
            latency_classes(g, c, lam, work, overloaded);
    }
    if (w.at_risk != g->at_risk_level) {
        g->at_risk_level = w.at_risk;
        OBS(g, fluid_level, NOW(g), MDL_NONE, w.at_risk);
    }
    for (uint32_t c = 0; c < g->n_clients; c++) {
        gboolean two = __builtin_popcount(g->clients[c].rotation) >= 2;
        double level = two ? w.out_of_sync : 0, flight = two ? w.in_flight : 0;
        if (level != g->fl[c].out_level) {
            g->fl[c].out_level = level;
            OBS(g, fluid_level, NOW(g), c, level);
        }
        if (flight != g->fl[c].flight_level) {
            g->fl[c].flight_level = flight;
            OBS(g, fluid_flight, NOW(g), c, flight);
        }
    }
    g->fl_dirty = FALSE;                   /* what the above changed is accounted for */
}

void mdl_fluid_after_event(SimEngine *e, void *ctx)
{
    MdlGroup *g = ctx;
    if (g->obj.fluid_touch) {
        g->obj.fluid_touch = FALSE;
        g->fl_dirty = TRUE;
    }
    if (g->fl_dirty)
        reclassify(g);
    if (g->checks)
        mdl_check_after_event(e, ctx);
}

void mdl_fluid_finish(MdlGroup *g, SimTime until)
{
    mdl_fluid_advance(g);
    for (uint32_t c = 0; c < g->n_clients; c++) {
        FluidClient *f = &g->fl[c];
        if (until > f->since && (f->ok_rate > 0 || f->fail_rate > 0 || f->stale_rate > 0))
            OBS(g, fluid_ops, f->since, until, c, f->ok_rate, f->fail_rate, f->stale_rate);
        f->since = until;
    }
}

/* ---- operations in flight when a member stops answering ------------------------------ */

void mdl_fluid_in_flight(MdlGroup *g, uint32_t client, uint32_t member)
{
    FluidClient *f = &g->fl[client];
    if (!g->clients[client].started)
        return;
    double rate = (f->reads_ev ? 0 : read_rate(g)) + (f->writes_ev ? 0 : write_rate(g));
    rate *= share(g, client, member);
    if (rate <= 0)
        return;
    double lam[MDL_MAX_MEMBERS], work[MDL_MAX_MEMBERS];
    member_loads(g, lam, work);
    double sojourn = mix_service(g, member) + mean_wait(g, member, lam, work);
    unsigned n = gsl_ran_poisson(f->r_flight, rate * sojourn);
    double pc = g->cfg->mix[1], pd = g->cfg->mix[2];
    for (unsigned k = 0; k < n; k++) {
        /* the stream it came from: a fluid read, or a fluid create or delete */
        double u = gsl_rng_uniform(f->r_flight) * rate / share(g, client, member);
        MdlOpType type = MDL_OP_READ;
        if (f->reads_ev || u >= read_rate(g))
            type = gsl_rng_uniform(f->r_flight) * (pc + pd) < pc ? MDL_OP_CREATE : MDL_OP_DELETE;
        uint32_t obj = MDL_NONE;
        if (type != MDL_OP_CREATE && (obj = mdl_object_pick(g, f->r_flight)) == MDL_NONE)
            continue;
        uint32_t i = mdl_op_new(g, client, type, obj);
        Op *op = &g->ops[i];
        op->fluid = 1;
        SimTime age = sim_time_from_s(sim_dist_exp_draw(sojourn, f->r_flight));
        op->issued = op->sent = NOW(g) > age ? NOW(g) - age : 0;
        op->member = member;
        PAIR(g, client, member)->n_out++;
        mdl_op_lost(g, i);
    }
}

/* ---- the drawn operations ------------------------------------------------------------ */

void mdl_on_fluid_read(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    FluidClient *f = &g->fl[ev->target];
    f->read_ev = sim_engine_schedule_in(e, exp_gap(read_rate(g), f->r_reads),
                                        g->kind[EV_FLUID_READ], ev->target, 0);
    mdl_client_issue(g, ev->target, MDL_OP_READ, FALSE);
}

void mdl_on_fluid_write(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    FluidClient *f = &g->fl[ev->target];
    f->write_ev = sim_engine_schedule_in(e, exp_gap(write_rate(g), f->r_writes),
                                         g->kind[EV_FLUID_WRITE], ev->target, 0);
    double pc = g->cfg->mix[1], pd = g->cfg->mix[2];
    MdlOpType type = gsl_rng_uniform(f->r_writes) * (pc + pd) < pc ? MDL_OP_CREATE : MDL_OP_DELETE;
    mdl_client_issue(g, ev->target, type, FALSE);
}

/* ---- passive attempts sure to fail ---------------------------------------------------- */

/* The member whose passive attempt a fluid call of client c at t carries when that
 * attempt is sure to fail and changes nothing but counts: the client's one failed
 * view, due, unreachable, with attempts left after this one.  MDL_NONE otherwise. */
static uint32_t doomed_attempt(const MdlGroup *g, uint32_t c, SimTime t)
{
    uint32_t due = MDL_NONE;
    for (uint32_t m = 0; m < g->n_members; m++) {
        const Pair *p = PAIR(g, c, m);
        if (p->view != MDL_VIEW_FAILED)
            continue;
        if (due != MDL_NONE || p->attempting || t - p->last_try < g->cfg->interval)
            return MDL_NONE;
        due = m;
    }
    if (due == MDL_NONE || mdl_reachable(g, c, due))
        return MDL_NONE;
    if (g->cfg->retry != -1 && PAIR(g, c, due)->attempts + 1 >= (uint32_t)g->cfg->retry)
        return MDL_NONE;
    return due;
}

/* A fluid call at now whose attempt is sure to fail, and the calls after it while
 * nothing else is due (no event before the attempt's end, within the run): each is
 * accounted at once, as the events would have done (the attempt at its call, its
 * count and the call's latency at its end), and the next call is drawn as
 * classify() draws it, from the same stream.  The call's read itself is left out:
 * it changes nothing (the operations mode draws it; here it would only give a pool
 * object an identity).  A failed passive attempt otherwise costs two events and two
 * re-classifications, most of a fluid year under passive recovery (bench/RESULTS.md).
 * Needs the objects to stay (no fluid deletes), as the calls need one to read.
 * TRUE when it accounted the call (and scheduled the next). */
static gboolean skip_doomed(MdlGroup *g, uint32_t c)
{
    FluidClient *f = &g->fl[c];
    double creates, deletes;
    fluid_write_rates(g, &creates, &deletes);
    SimTime t = NOW(g), cost = g->cfg->attempt_cost, bound = sim_engine_horizon(g->engine);
    SimTime next;
    if (sim_engine_next_time(g->engine, &next) && next < bound)
        bound = next;
    double lr = read_rate(g);
    if (deletes > 0 || f->reads_ev || lr <= 0 || g->obj.pool + g->obj.n_readable == 0)
        return FALSE;
    gboolean skipped = FALSE;
    uint32_t m;
    while ((m = doomed_attempt(g, c, t)) != MDL_NONE && t + cost < bound) {
        Pair *p = PAIR(g, c, m);
        OBS(g, attempt, t, c, m, FALSE);
        p->last_try = t;
        p->attempts++;
        OBS(g, fluid_call_done, t + cost, c, cost);
        g->fl_ahead = t + cost;
        skipped = TRUE;
        f->call_due = sim_time_add_sat(t, g->cfg->interval);
        t = sim_time_add_sat(MAX(f->call_due, t + cost), exp_gap(lr, f->r_calls));
    }
    if (skipped)
        f->call_ev = sim_engine_schedule(g->engine, t, g->kind[EV_FLUID_CALL], c, 0);
    return skipped;
}

void mdl_on_fluid_call(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    FLUID_TOUCH(g);
    if (ev->data == 1) {                   /* a refresh: the objects grew (reclassify) */
        g->refresh_ev = SIM_EVENT_NONE;
        return;
    }
    FluidClient *f = &g->fl[ev->target];
    f->call_ev = SIM_EVENT_NONE;
    f->call_due = -1;
    if (!skip_doomed(g, ev->target))
        mdl_client_issue(g, ev->target, MDL_OP_READ, TRUE);
}

/* ---- set-up ------------------------------------------------------------------------------ */

void mdl_fluid_init(MdlGroup *g)
{
    g->fluid = TRUE;
    g->fl = g_new0(FluidClient, g->n_clients);
    for (uint32_t c = 0; c < g->n_clients; c++) {
        FluidClient *f = &g->fl[c];
        f->r_reads = mdl_client_stream_new(g, c, "fluid-reads");
        f->r_writes = mdl_client_stream_new(g, c, "fluid-writes");
        f->r_calls = mdl_client_stream_new(g, c, "fluid-calls");
        f->r_flight = mdl_client_stream_new(g, c, "fluid-in-flight");
        f->read_ev = f->write_ev = f->call_ev = SIM_EVENT_NONE;
        f->call_due = -1;
    }
    g->r_pool = mdl_stream_new(g, "fluid/writes");
    /* the latency's closed form: exponential service of one mean at each member */
    g->fl_mmc = TRUE;
    for (uint32_t m = 0; m < g->n_members; m++) {
        const Member *mb = &g->members[m];
        for (int t = 0; t < MDL_N_OPS; t++)
            g->fl_mmc &= mb->service[t].family == SIM_DIST_EXPONENTIAL &&
                         sim_dist_mean(&mb->service[t]) == sim_dist_mean(&mb->service[0]);
    }
    g->fl_dirty = TRUE;
    sim_engine_set_after(g->engine, mdl_fluid_after_event, g);
}

void mdl_fluid_clear(MdlGroup *g)
{
    if (g->fl == NULL)
        return;
    for (uint32_t c = 0; c < g->n_clients; c++) {
        gsl_rng_free(g->fl[c].r_reads);
        gsl_rng_free(g->fl[c].r_writes);
        gsl_rng_free(g->fl[c].r_calls);
        gsl_rng_free(g->fl[c].r_flight);
    }
    g_free(g->fl);
    g->fl = NULL;
    gsl_rng_free(g->r_pool);
}
