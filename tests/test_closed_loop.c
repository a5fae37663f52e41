/* tests/test_closed_loop.c - issue 11: closed-loop applications and bounded outstanding
 * work, against exact figures and their bounds.
 *
 * - exact MVA (analysis/mva.c) against the product form it solves;
 * - T threads thinking Exp(Z) in front of one M/M/c member against MVA: response time
 *   and throughput inside the simulation's 95 % interval;
 * - application retries: never more than 1 + retries attempts per request;
 * - a member that died silently takes at most the client's own limit there. */
#include "check.h"
#include "run_check.h"
#include "model_util.h"

#include "analysis/analytic.h"
#include "analysis/fluid-latency.h"
#include "analysis/mva.h"
#include "analysis/replicate.h"

#include <math.h>

static void check_in_interval(const char *what, const AnaAggregate *a, double expected)
{
    check_figure_in_interval(what, a, expected, "exact");
}

/* The closed network's product form, summed directly: with j threads at the member and
 * N - j thinking, P(j) is proportional to Z^(N-j) / (N-j)! * prod_{i<=j} S / min(i, c). */
static void product_form(unsigned N, double Z, unsigned c, double S, double *X, double *R)
{
    double *lw = g_new(double, N + 1), top = -INFINITY;
    for (unsigned j = 0; j <= N; j++) {
        double l = (Z > 0 ? (double)(N - j) * log(Z) : (j == N ? 0 : -INFINITY)) -
                   lgamma((double)(N - j) + 1);
        for (unsigned i = 1; i <= j; i++)
            l += log(S / (double)MIN(i, c));
        lw[j] = l;
        top = fmax(top, l);
    }
    double sum = 0, x = 0;
    for (unsigned j = 0; j <= N; j++) {
        double p = exp(lw[j] - top);
        sum += p;
        x += p * (double)MIN(j, c) / S;
    }
    *X = x / sum;
    *R = (double)N / *X - Z;
    g_free(lw);
}

static void test_mva_exact(void)
{
    static const struct { unsigned N; double Z; unsigned c; double S; } cases[] = {
        {1, 0.05, 4, 0.04}, {12, 0.05, 4, 0.04}, {40, 0.2, 8, 0.03}, {30, 0, 30, 0.03},
        {200, 1.0, 30, 0.03}, {5, 2.0, 1, 0.5},
    };
    for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
        double X, R, X2, R2;
        ana_mva_closed_mmc(cases[k].N, cases[k].Z, cases[k].c, cases[k].S, &X, &R);
        product_form(cases[k].N, cases[k].Z, cases[k].c, cases[k].S, &X2, &R2);
        /* p(0|n) = 1 - sum: a few ulps lost per step when the member is saturated */
        CHECK_NEAR(X, X2, 1e-7 * X2);
        CHECK_NEAR(R, R2, 1e-7 * R2);
    }
    double X, R;                         /* one thread never waits */
    ana_mva_closed_mmc(1, 0.05, 4, 0.04, &X, &R);
    CHECK_NEAR(R, 0.04, 1e-15);
    CHECK_NEAR(X, 1 / 0.09, 1e-12);
}

/* 12 threads, think Exp(50 ms), one member of 4 units at 100 operations/s (service
 * Exp(40 ms)): the member is busy (X close to 100/s) and threads queue. */
static void test_closed_mmc_against_mva(void)
{
    const unsigned T = 12, units = 4;
    const double capacity = 100, Z = 0.05;
    MdlConfig *c = tm_config(1, 0, 2000);
    c->warmup = 100 * SIM_SEC;
    c->seed = 7;
    c->members[0].capacity = capacity;
    c->members[0].concurrency = units;
    c->members[0].queue_limit = 100000;
    c->app.threads = T;
    sim_dist_clear(&c->app.think);
    c->app.think = sim_dist_exponential(Z);
    AnaRunOptions o = {.jobs = 2};
    AnaRun *run = ana_run_replications(c, 0, 10, &o);
    double X, R;
    ana_mva_closed_mmc(T, Z, units, units / capacity, &X, &R);
    AnaAggregate lat = metric(run, "latency.mean_ms");
    check_in_interval("closed M/M/c response time (ms) against MVA", &lat, R * 1000);
    AnaAggregate thr = metric(run, "throughput.ops_s");
    check_in_interval("closed M/M/c throughput against MVA", &thr, X);
    AnaAggregate rej = metric(run, "rejected.count");
    CHECK_NEAR(rej.mean, 0, 0);
    ana_run_free(run);
    mdl_config_free(c);
}

/* availability.slo against the M/M/c sojourn-time law: Poisson reads at 80/s on one
 * member of 4 units at 100/s (service Exp(40 ms)), FCFS, nothing refused, no fault:
 * every operation succeeds, so the metric is P(R <= slo), R = a wait Exp(c mu - lambda)
 * with Erlang C's probability, then the service (the CDF inverted by fluid-latency.c,
 * itself checked against closed forms in test_fluid). */
static void test_slo_against_mmc(void)
{
    const unsigned units = 4;
    const double capacity = 100, lambda = 80, slo = 0.1, mu = capacity / units;
    MdlConfig *c = tm_config(1, lambda, 2000);
    tm_mix(c, 1, 0, 0);
    c->warmup = 100 * SIM_SEC;
    c->seed = 5;
    c->members[0].capacity = capacity;
    c->members[0].concurrency = units;
    c->members[0].queue_limit = 100000;
    c->app.slo = sim_time_from_s(slo);
    AnaRunOptions o = {.jobs = 2};
    AnaRun *run = ana_run_replications(c, 0, 10, &o);
    MdlFluidLatency law = {.n = 1, .mu = {mu}, .gamma = {units * mu - lambda},
                           .wait_p = {ana_erlang_c((int)units, lambda / mu)}};
    AnaAggregate a = metric(run, "availability.slo");
    check_in_interval("open M/M/c: availability.slo against P(R <= 100 ms)", &a,
                      ana_fluid_lat_class_cdf(&law, slo));
    ana_run_free(run);
    mdl_config_free(c);
}

/* ---- what the threads do, recorded ---- */

typedef struct {
    uint64_t requests, ok, ops_issued, failovers[2];
    uint32_t max_attempts;
    uint64_t at_max;                     /* requests that used every attempt */
} Rec;

static void rec_request(void *d, SimTime now, uint32_t client, gboolean ok, SimTime latency,
                        uint32_t attempts)
{
    Rec *r = d;
    r->requests++;
    r->ok += ok ? 1 : 0;
    if (attempts > r->max_attempts) {
        r->max_attempts = attempts;
        r->at_max = 0;
    }
    if (attempts == r->max_attempts)
        r->at_max++;
}

static void rec_issued(void *d, SimTime now, uint32_t c, MdlOpType t) { ((Rec *)d)->ops_issued++; }

static void rec_failover(void *d, SimTime now, uint32_t c, SimTime delay)
{
    ((Rec *)d)->failovers[c]++;
}

static const MdlObserverClass rec_class = {
    .op_issued = rec_issued, .failover = rec_failover, .request_done = rec_request,
};

static void run_one(const MdlConfig *c, Rec *r)
{
    memset(r, 0, sizeof *r);
    MdlObserver obs = {&rec_class, r};
    MdlGroup *g = mdl_group_new(c, 1, &obs);
    mdl_group_run(g, c->duration);
    mdl_group_free(g);
}

/* app_timeout near the service time: most attempts time out and are retried, and the
 * abandoned ones keep the members busy (a retry storm: the group collapses to a few
 * successes, as real fleets do); no request may have more than 1 + retries attempts,
 * and some must reach that. */
static void test_retries_bounded(void)
{
    for (uint32_t retries = 0; retries <= 3; retries++) {
        MdlConfig *c = tm_config(2, 0, 30);
        c->app.threads = 20;
        c->app.app_timeout = 20 * SIM_MS;
        c->app.retries = retries;
        c->app.backoff = 5 * SIM_MS;
        c->app.max_outstanding = 64;     /* abandoned attempts pile up to it */
        for (int m = 0; m < 2; m++) {
            c->members[m].capacity = 100;
            c->members[m].concurrency = 2;   /* service Exp(20 ms), then queueing */
        }
        Rec r;
        run_one(c, &r);
        printf("\n    retries %u: %" G_GUINT64_FORMAT " requests, %" G_GUINT64_FORMAT
               " succeeded, at most %u attempts (%" G_GUINT64_FORMAT " requests) ",
               retries, r.requests, r.ok, r.max_attempts, r.at_max);
        CHECK(r.requests > 500);
        CHECK_UINT_EQ(r.max_attempts, 1 + retries);
        CHECK(r.at_max > 0);
        CHECK(r.ok < r.requests);
        /* every operation issued belongs to a request that ended, or to one of the 20
         * requests still under way (at most 1 + retries attempts each) */
        CHECK(r.ops_issued <= r.requests * (1 + retries) + 20 * (1 + retries));
        mdl_config_free(c);
    }
}

/* hsm2 goes off silently at 30 s (detected command_timeout = 20 s later, when the
 * operations lost there time out); the load is twice what the group can serve, so
 * before the bound the dead member soaked up (lambda - capacity) * 20 s, thousands of
 * operations re-sent at detection.  Now it takes at most the client's own limit there:
 * concurrency + its share of queue_limit, and never more than max_outstanding. */
static void test_silent_dead_member(void)
{
    static const struct { uint32_t clients, max_out, limit; } cases[] = {
        {1, 1024, 4 + 50},               /* concurrency + the whole queue */
        {2, 1024, 4 + 25},               /* concurrency + half the queue */
        {1, 20, 20},                     /* the client's sessions */
    };
    for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
        MdlConfig *c = tm_config(2, 400.0 / cases[k].clients, 60);
        mdl_config_set_client_count(c, cases[k].clients);
        c->retry = 0;
        c->command_timeout = 20 * SIM_SEC;
        c->app.max_outstanding = cases[k].max_out;
        for (int m = 0; m < 2; m++) {
            c->members[m].capacity = 100;
            c->members[m].concurrency = 4;
            c->members[m].queue_limit = 50;
        }
        tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 1, 30, 3600);
        Rec r;
        run_one(c, &r);
        for (uint32_t cl = 0; cl < cases[k].clients; cl++) {
            printf("\n    %u client(s), max_outstanding %u: client %u re-sent %" G_GUINT64_FORMAT
                   " operations (limit %u) ", cases[k].clients, cases[k].max_out, cl,
                   r.failovers[cl], cases[k].limit);
            CHECK(r.failovers[cl] > 0);
            CHECK(r.failovers[cl] <= cases[k].limit);
        }
        mdl_config_free(c);
    }
}

static CU_TestInfo tests[] = {
    {"exact MVA against the product form", test_mva_exact},
    {"T threads on one M/M/c member against exact MVA", test_closed_mmc_against_mva},
    {"availability.slo of an open M/M/c member against its sojourn law", test_slo_against_mmc},
    {"application retries respect their bound", test_retries_bounded},
    {"a silent dead member takes at most the client's own limit", test_silent_dead_member},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("closed loop", tests)
