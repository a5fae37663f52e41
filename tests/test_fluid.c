/* tests/test_fluid.c - the fluid workload mode (models/fluid.c, docs/model.md "Fluid
 * mode"): what it draws, what it integrates, against the rules and closed forms.  Its
 * agreement with the operations mode over whole studies is checked by
 * tests/validation/fluid_agreement.py. */
#include "check.h"
#include "model_util.h"
#include "analysis/collector.h"
#include "analysis/fluid-latency.h"
#include "models/world.h"

#include <math.h>

static MdlConfig *fluid_config(uint32_t members, double rate, double duration_s)
{
    MdlConfig *c = tm_config(members, rate, duration_s);
    c->workload_mode = MDL_WORKLOAD_FLUID;
    c->balancing = MDL_BALANCE_RANDOM;
    return c;
}

/* Runs replication `rep` with the collector; values[] gets the metrics. */
static MdlGroup *run_collected(const MdlConfig *c, uint64_t rep, double *values)
{
    AnaCollector *col = ana_collector_new(c);
    MdlObserver obs = ana_collector_observer(col);
    MdlGroup *g = mdl_group_new(c, sim_rng_replication_seed(c->seed, rep), &obs);
    mdl_group_run(g, c->duration);
    ana_collector_finish(col, g, NAN, values);
    ana_collector_free(col);
    return g;
}

/* A healthy group: nothing but the clients' starts is an event; every operation is
 * counted; the objects grow by a Poisson count; the clone windows give exactly
 * 1 - exp(-rate x window) of at-risk and out-of-sync time. */
static void test_healthy_group(void)
{
    MdlConfig *c = fluid_config(2, 100, 86400);
    tm_mix(c, 0.9, 0.1, 0);
    double values[ANA_N_FIXED + 2];
    MdlGroup *g = run_collected(c, 0, values);
    CHECK(mdl_group_events(g) <= 2);
    CHECK_NEAR(values[ANA_M_THROUGHPUT], 100, 1e-9);
    CHECK_NEAR(values[ANA_M_AVAIL_REQUESTS], 1, 1e-12);
    CHECK_NEAR(values[ANA_M_AVAIL_TIME], 1, 0);
    /* creates: 10/s over a day, Poisson; the initial 100 too */
    double created = (double)mdl_group_objects_alive(g) - 100, mean = 10 * 86400.0;
    if (fabs(created - mean) > 5 * sqrt(mean))
        CHECK_FAILF("objects created %.0f, expected %.0f +- %.0f", created, mean, 5 * sqrt(mean));
    /* the window of a create: the clone's service on the other member, exponential with
     * mean concurrency / capacity = 30 ms, plus an Erlang C wait that is negligible at
     * 3.3 busy units of 30 (below 1e-9 s) */
    double w = 30.0 / 1000;
    CHECK_NEAR(values[ANA_M_DUR_AT_RISK], -expm1(-10 * w), 1e-9);
    /* the clones are writes in flight, not a divergence: in sync all the time, with
     * writes in flight the share the old in_sync_time missed */
    CHECK_NEAR(values[ANA_M_CONS_IN_SYNC], 1, 0);
    CHECK_NEAR(values[ANA_M_CONS_IN_FLIGHT], -expm1(-10 * w), 1e-9);
    /* latency: reads take one sojourn, creates two (the clone): 0.9 x 30 + 0.1 x 60 ms,
     * plus waits of 3.3 busy units of 30 servers (Erlang C below 1e-9) */
    CHECK_NEAR(values[ANA_M_LAT_MEAN], 33.0, 1e-6);
    /* the median: 0.9 (1 - e^-x) + 0.1 (1 - e^-x (1 + x)) = 0.5, x = t / 30 ms */
    double lo = 0, hi = 10;
    for (int i = 0; i < 100; i++) {
        double x = (lo + hi) / 2, f = 0.9 * -expm1(-x) + 0.1 * (1 - exp(-x) * (1 + x));
        *(f < 0.5 ? &lo : &hi) = x;
    }
    CHECK_NEAR(values[ANA_M_LAT_P50], 30.0 * lo, 1e-4);
    mdl_group_free(g);
    mdl_config_free(c);
}

/* A member off for ten minutes: the client's reads become events, the first one sent
 * there is lost and detected command_timeout later; active recovery brings it back
 * after the fault; the objects written meanwhile are synchronized and then fold back
 * into the pool, and the reads are fluid again. */
static void test_fault_detect_rejoin_fold(void)
{
    MdlConfig *c = fluid_config(2, 20, 3600);
    tm_mix(c, 0.8, 0.2, 0);
    tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 1, 1000, 600);
    TmRec r;
    tm_rec_init(&r);
    MdlGroup *g = tm_run(c, 3, &r);
    const TmView *failed = NULL, *back = NULL;
    for (guint i = 0; i < r.views->len; i++) {
        const TmView *v = &g_array_index(r.views, TmView, i);
        if (v->member == 1 && v->to == MDL_VIEW_FAILED && !failed)
            failed = v;
        if (v->member == 1 && failed && v->to == MDL_VIEW_ACTIVE && !back)
            back = v;
    }
    CHECK(failed != NULL && back != NULL);
    if (failed) {
        /* sent at 1000 s or later (reads at 10/s to it: within a second or so), then
         * 5 s of timeout; or outstanding at the fault (detected at 1005 s) */
        SimTime at = failed->t - sim_time_from_s(1005);
        CHECK(at >= 0 && at < 5 * SIM_SEC);
    }
    if (back)
        CHECK(back->t >= sim_time_from_s(1600));
    CHECK_UINT_EQ(r.syncs->len, 1);
    if (r.syncs->len == 1)
        CHECK(g_array_index(r.syncs, TmSync, 0).objects > 1000);   /* 4 creates/s, 600 s */
    CHECK_UINT_EQ(g->obj.n, 0);                  /* all folded back into the pool */
    CHECK(g->fl[0].reads_ev == 0 && g->fl[0].writes_ev == 0);
    /* about 10 reads/s went to member 1 between the fault and the detection: they were
     * drawn, lost and failed over */
    CHECK(r.failovers >= 1);
    mdl_group_free(g);
    tm_rec_clear(&r);
    mdl_config_free(c);
}

/* Passive recovery with the member off for two hours: attempts ride on the client's
 * drawn calls, the first call after each interval, so attempts are interval + an
 * exponential wait (mean 1 / rate) apart. */
static void test_passive_attempts_on_calls(void)
{
    MdlConfig *c = fluid_config(2, 2, 4 * 3600);
    c->recovery_mode = MDL_RECOVERY_PASSIVE;
    c->attempt_cost = SIM_SEC;
    tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 1, 600, 7200);
    TmRec r;
    tm_rec_init(&r);
    MdlGroup *g = tm_run(c, 1, &r);
    guint n = r.attempts->len;
    /* 7200 s / (60 s + 0.5 s) = 119 attempts, the last one succeeding */
    if (n < 110 || n > 122)
        CHECK_FAILF("%u attempts, expected about 119", n);
    double gap_sum = 0;
    for (guint i = 1; i < n; i++) {
        SimTime gap = g_array_index(r.attempts, TmAttempt, i).t - g_array_index(r.attempts, TmAttempt, i - 1).t;
        CHECK(gap >= 60 * SIM_SEC);
        gap_sum += sim_time_to_s(gap);
    }
    if (n > 1)
        CHECK_NEAR(gap_sum / (n - 1), 60.5, 0.2);
    if (n > 0)
        CHECK(g_array_index(r.attempts, TmAttempt, n - 1).ok);
    mdl_group_free(g);
    tm_rec_clear(&r);
    mdl_config_free(c);
}

/* Attempts sure to fail, with nothing else due, are accounted without events
 * (fluid.c, skip_doomed): read-only traffic, so no write is drawn while the member is
 * out.  They keep the passive rules (60 s + an exponential wait between calls) and the
 * documented exhaustion (retry 5: the fifth attempt exhausts the view), and a failed
 * attempt costs no event. */
static void test_doomed_attempts_without_events(void)
{
    for (int retry = -1; retry <= 5; retry += 6) {
        MdlConfig *c = fluid_config(2, 2, 4 * 3600);
        tm_mix(c, 1, 0, 0);
        c->recovery_mode = MDL_RECOVERY_PASSIVE;
        c->retry = retry;
        c->attempt_cost = SIM_SEC;
        tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 1, 600, 7200);
        TmRec r;
        tm_rec_init(&r);
        MdlGroup *g = tm_run(c, 3, &r);
        guint n = r.attempts->len;
        for (guint i = 1; i < n; i++) {
            const TmAttempt *a = &g_array_index(r.attempts, TmAttempt, i);
            CHECK(a->t - (a - 1)->t >= 60 * SIM_SEC);
            CHECK(!(a - 1)->ok);
        }
        guint exhausted = 0;
        for (guint i = 0; i < r.views->len; i++)
            exhausted += g_array_index(r.views, TmView, i).to == MDL_VIEW_EXHAUSTED;
        if (retry == 5) {
            CHECK(n == 5);
            CHECK(exhausted == 1);
        } else {
            /* 7200 s / (60 s + 0.5 s): about 119, the last one succeeding */
            if (n < 110 || n > 128)
                CHECK_FAILF("%u attempts, expected about 119", n);
            CHECK(n > 0 && g_array_index(r.attempts, TmAttempt, n - 1).ok);
            CHECK(exhausted == 0);
            /* far fewer events than attempts: the failed ones cost none */
            if (mdl_group_events(g) >= n)
                CHECK_FAILF("%" G_GUINT64_FORMAT " events for %u attempts",
                            (guint64)mdl_group_events(g), n);
        }
        mdl_group_free(g);
        tm_rec_clear(&r);
        mdl_config_free(c);
    }
}

/* Zeroizing both members destroys every object, the pool's included: all are lost. */
static void test_zeroize_pool(void)
{
    MdlConfig *c = fluid_config(2, 1, 7200);
    tm_mix(c, 0.5, 0.5, 0);
    tm_scheduled(c, MDL_FAULT_ZEROIZE, MDL_TARGET_ZONE, 0, 1000, 60);
    TmRec r;
    tm_rec_init(&r);
    MdlGroup *g = tm_run(c, 2, &r);
    /* 100 initial objects and about 500 creates (0.5/s for 1000 s) */
    CHECK(r.lost > 450 && r.lost < 750);
    CHECK_UINT_EQ(g->obj.pool, 0);
    mdl_group_free(g);
    tm_rec_clear(&r);
    mdl_config_free(c);
}

/* Same seed, same results; the operations mode's fault draws are the fluid mode's. */
static void test_determinism_and_common_faults(void)
{
    MdlConfig *c = fluid_config(3, 5, 30 * 86400.0);
    tm_mix(c, 0.9, 0.05, 0.05);
    MdlFaultConfig *f = tm_fault(c, MDL_FAULT_POWER, MDL_TARGET_EACH_MEMBER, MDL_NONE);
    f->every = sim_dist_exponential(86400);
    f->repair = sim_dist_exponential(3600);
    double a[ANA_N_FIXED + 3], b[ANA_N_FIXED + 3], o[ANA_N_FIXED + 3];
    MdlGroup *g1 = run_collected(c, 4, a), *g2 = run_collected(c, 4, b);
    for (guint i = 0; i < ANA_N_FIXED + 3; i++)
        if (!(isnan(a[i]) && isnan(b[i])) && a[i] != b[i] && i != ANA_M_ENGINE_RATE)
            CHECK_FAILF("metric %u: %.17g then %.17g", i, a[i], b[i]);
    c->workload_mode = MDL_WORKLOAD_OPERATIONS;
    MdlGroup *g3 = run_collected(c, 4, o);
    for (uint32_t m = 0; m < 3; m++)
        CHECK_NEAR(o[ana_metric_uptime(m)], a[ana_metric_uptime(m)], 0);
    mdl_group_free(g1);
    mdl_group_free(g2);
    mdl_group_free(g3);
    mdl_config_free(c);
}

/* The classes' CDFs by Laplace inversion against closed forms: an exponential, an
 * Erlang-2 (two equal services), an M/M/c sojourn with a wait (hypoexponential). */
static void test_class_cdf(void)
{
    MdlFluidLatency one = {.rate = 1, .n = 1, .mu = {40}};
    MdlFluidLatency two = {.rate = 1, .n = 2, .mu = {40, 40}};
    MdlFluidLatency wait = {.rate = 1, .n = 1, .mu = {40}, .wait_p = {0.3}, .gamma = {100}};
    MdlFluidLatency shifted = one;
    shifted.shift = 1;
    for (double t = 0.001; t < 0.5; t *= 1.7) {
        CHECK_NEAR(ana_fluid_lat_class_cdf(&one, t), -expm1(-40 * t), 1e-8);
        CHECK_NEAR(ana_fluid_lat_class_cdf(&two, t), 1 - exp(-40 * t) * (1 + 40 * t), 1e-8);
        /* Exp(40) + Exp(100): 1 - (100 e^-40t - 40 e^-100t) / 60 */
        double hypo = 1 - (100 * exp(-40 * t) - 40 * exp(-100 * t)) / 60;
        CHECK_NEAR(ana_fluid_lat_class_cdf(&wait, t), 0.7 * -expm1(-40 * t) + 0.3 * hypo, 1e-8);
        CHECK_NEAR(ana_fluid_lat_class_cdf(&shifted, 1 + t), -expm1(-40 * t), 1e-8);
    }
    CHECK_NEAR(ana_fluid_lat_class_cdf(&shifted, 0.9), 0, 0);
    /* a quantile of a mixture of the exponential (weight 3) and the Erlang (weight 1) */
    AnaFluidLat *a = ana_fluid_lat_new();
    AnaHistogram none;
    ana_histogram_init(&none);
    ana_fluid_lat_add(a, &one, 3);
    ana_fluid_lat_add(a, &two, 1);
    double q = ana_fluid_lat_quantile(a, &none, 0.9) * 1e-9, x = 40 * q;
    CHECK_NEAR(0.75 * -expm1(-x) + 0.25 * (1 - exp(-x) * (1 + x)), 0.9, 1e-6);
    CHECK_NEAR(ana_fluid_lat_mean(a, &none), (0.75 / 40 + 0.25 * 2 / 40) * 1e9, 1e-3);
    ana_fluid_lat_invalidate(a);
    CHECK(isnan(ana_fluid_lat_mean(a, &none)));
    ana_fluid_lat_free(a);
}

static CU_TestInfo tests[] = {
    {"latency classes: closed forms by Laplace inversion", test_class_cdf},
    {"a healthy group: no events, exact counts and windows", test_healthy_group},
    {"a fault: detection, failover, rejoin, fold", test_fault_detect_rejoin_fold},
    {"passive attempts ride on drawn calls", test_passive_attempts_on_calls},
    {"attempts sure to fail cost no event, keep the rules", test_doomed_attempts_without_events},
    {"zeroizing every member loses the pool", test_zeroize_pool},
    {"determinism; the same faults as the operations mode", test_determinism_and_common_faults},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("fluid", tests)
