/* tests/test_splitting.c - what splitting rests on (docs/rare-events.md): copies of a
 * replication (models/snapshot.c, sim_engine_clone), the importance function, the
 * residual draws of pending delays, and the estimator's weights on a case small
 * enough to check by hand.  Its agreement with closed forms and crude replications
 * over whole studies is checked by tests/validation/rare_events.py. */
#include "check.h"
#include "model_util.h"
#include "analysis/collector.h"
#include "analysis/splitting.h"
#include "sim/dist.h"
#include "sim/engine.h"
#include "sim/queue.h"

#include <math.h>

/* A queue and its copy give the same events in the same order, and the ids the
 * original handed out cancel in the copy. */
static void test_queue_clone(void)
{
    SimQueue *q = sim_queue_new();
    SimEventId ids[600];
    for (uint32_t i = 0; i < 600; i++)      /* enough to spill into the far tier */
        ids[i] = sim_queue_push(q, (SimTime)((i * 7919u) % 1000) * 1000, 0, i, i);
    SimEvent e;
    for (int i = 0; i < 50; i++)
        sim_queue_pop(q, &e);
    SimQueue *c = sim_queue_clone(q);
    CHECK(sim_queue_cancel(c, ids[599]) == sim_queue_cancel(q, ids[599]));
    CHECK_UINT_EQ(sim_queue_size(c), sim_queue_size(q));
    GArray *pa = g_array_new(FALSE, FALSE, sizeof(SimQueueItem));
    sim_queue_pending(q, 0, pa);
    CHECK_UINT_EQ(pa->len, sim_queue_size(q));
    SimEvent a, b;
    guint k = 0;
    while (sim_queue_pop(q, &a)) {
        CHECK(sim_queue_pop(c, &b));
        CHECK(a.time == b.time && a.target == b.target && a.data == b.data);
        /* sim_queue_pending lists them in the order they leave */
        if (k < pa->len) {
            const SimQueueItem *it = &g_array_index(pa, SimQueueItem, k++);
            CHECK(it->event.time == a.time && it->event.target == a.target);
        }
    }
    CHECK(!sim_queue_pop(c, &b));
    g_array_free(pa, TRUE);
    sim_queue_free(q);
    sim_queue_free(c);
}

/* Draws of what is left of a delay that lasted `age`: against rejection sampling of
 * the same law (draw until X > age), mean within 5 standard errors. */
static void check_residual(SimDist d, double age)
{
    gsl_rng *r = sim_rng_stream_new(1, "residual");
    const int n = 20000;
    double s = 0, s2 = 0, t = 0, t2 = 0;
    for (int i = 0; i < n; i++) {
        double x;
        CHECK(sim_dist_sample_residual(&d, age, r, &x));
        CHECK(x >= 0);
        s += x;
        s2 += x * x;
        double y;
        do
            y = sim_dist_sample(&d, r);
        while (y <= age);
        t += y - age;
        t2 += (y - age) * (y - age);
    }
    double m1 = s / n, m2 = t / n;
    double se = sqrt((s2 / n - m1 * m1) / n + (t2 / n - m2 * m2) / n);
    if (fabs(m1 - m2) > 5 * se)
        CHECK_FAILF("%s, age %g: residual mean %g, by rejection %g (se %g)",
                    sim_dist_family_name(d.family), age, m1, m2, se);
    gsl_rng_free(r);
}

static void test_residual(void)
{
    check_residual(sim_dist_exponential(2.0), 5);
    check_residual(sim_dist_uniform(1, 10), 4);
    check_residual(sim_dist_weibull(2.0, 3.0), 2);
    check_residual(sim_dist_lognormal(log(7200), 1.0), 7200);
    check_residual(sim_dist_gamma(3, 2), 4);
    check_residual(sim_dist_pareto(3, 1), 2);
    SimDist det = sim_dist_deterministic(5);
    double x = -1;
    gsl_rng *r = sim_rng_stream_new(1, "residual");
    CHECK(!sim_dist_sample_residual(&det, 1, r, &x) && x == -1);
    gsl_rng_free(r);
}

/* Three members, exponential power faults often enough to see some in a day. */
static MdlConfig *faulty(void)
{
    MdlConfig *c = tm_config(3, 20, 3 * 86400);
    c->workload_mode = MDL_WORKLOAD_FLUID;
    c->balancing = MDL_BALANCE_RANDOM;
    MdlFaultConfig *f = tm_fault(c, MDL_FAULT_POWER, MDL_TARGET_EACH_MEMBER, 0);
    f->every = sim_dist_exponential(6 * 3600);
    f->repair = sim_dist_lognormal(log(3600), 0.8);
    return c;
}

/* A copy with a given seed is a pure function of the state and the seed: two copies
 * with the same seed run alike, and the model's invariants hold in them; a copy with
 * another seed goes its own way. */
static void test_copies(void)
{
    MdlConfig *c = faulty();
    MdlGroup *g = mdl_group_new(c, 42, NULL);
    mdl_group_set_checks(g, TRUE);
    mdl_group_run(g, 20 * 3600 * SIM_SEC);
    MdlGroup *a = mdl_group_clone(g, NULL, 7), *b = mdl_group_clone(g, NULL, 7);
    MdlGroup *o = mdl_group_clone(g, NULL, 8);
    mdl_check_invariants(a, TRUE);
    CHECK(mdl_group_now(a) == mdl_group_now(g));
    CHECK(mdl_group_events(a) == mdl_group_events(g));
    mdl_group_run(a, c->duration);
    mdl_group_run(b, c->duration);
    mdl_group_run(o, c->duration);
    mdl_group_run(g, c->duration);       /* the original goes on, unharmed */
    mdl_check_invariants(a, TRUE);
    mdl_check_invariants(g, TRUE);
    CHECK(mdl_group_events(a) == mdl_group_events(b));
    for (uint32_t m = 0; m < 3; m++)
        CHECK(mdl_group_phys(a, m) == mdl_group_phys(b, m));
    CHECK(mdl_group_events(a) != mdl_group_events(o) || mdl_group_events(a) != mdl_group_events(g));
    mdl_group_free(a);
    mdl_group_free(b);
    mdl_group_free(o);
    mdl_group_free(g);
    mdl_config_free(c);
}

/* The outage importance: members out of rotation for the client, every member when
 * it cannot serve; run_watched stops on the first change. */
static void test_importance(void)
{
    MdlConfig *c = tm_config(3, 20, 3600);
    c->workload_mode = MDL_WORKLOAD_FLUID;
    c->balancing = MDL_BALANCE_RANDOM;
    tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 0, 100, 1000);
    tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 1, 200, 1000);
    tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 2, 300, 100);
    MdlGroup *g = mdl_group_new(c, 1, NULL);
    mdl_group_run(g, 50 * SIM_SEC);
    CHECK_UINT_EQ(mdl_group_importance(g, MDL_IMPORTANCE_OUTAGE), 0);
    /* hsm1 goes off at 100 s: out once the client notices (command_timeout 5 s) */
    CHECK(mdl_group_run_watched(g, c->duration, MDL_IMPORTANCE_OUTAGE, 0, 0, FALSE) == 1);
    SimTime t = mdl_group_now(g);
    CHECK(t >= 100 * SIM_SEC && t <= 106 * SIM_SEC);
    CHECK(mdl_group_run_watched(g, c->duration, MDL_IMPORTANCE_OUTAGE, 1, 1, FALSE) == 2);
    /* hsm3 too at 300 s: nobody left, the top at once */
    CHECK(mdl_group_run_watched(g, c->duration, MDL_IMPORTANCE_OUTAGE, 2, 2, FALSE) == 3);
    CHECK(mdl_group_now(g) == 300 * SIM_SEC);
    CHECK_UINT_EQ(mdl_group_importance(g, MDL_IMPORTANCE_DURABILITY), 3);
    mdl_group_free(g);
    mdl_config_free(c);
}

/* With one copy per level, splitting is the crude replication: the same outages and
 * time out of service. */
static void test_one_copy_is_crude(void)
{
    MdlConfig *c = faulty();
    c->estimator = MDL_ESTIMATOR_SPLITTING;
    c->splits = 1;
    AnaSplitPlan *plan = ana_split_plan_new(c, NULL);
    for (guint k = 1; k <= plan->n_levels; k++)
        CHECK_UINT_EQ(plan->splits[k], 1);
    double vs[ANA_N_FIXED + 4], vc[ANA_N_FIXED + 4];
    AnaSplitEffort eff;
    CHECK(ana_split_run(c, plan, 99, NULL, vs, &eff));
    CHECK(eff.trials == 1);
    MdlConfig *crude = mdl_config_copy(c);
    crude->estimator = MDL_ESTIMATOR_CRUDE;
    AnaCollector *col = ana_collector_new(crude);
    MdlObserver obs = ana_collector_observer(col);
    MdlGroup *g = mdl_group_new(crude, 99, &obs);
    mdl_group_run(g, crude->duration);
    ana_collector_finish(col, g, NAN, vc);
    CHECK(vc[ANA_M_OUTAGE_COUNT] > 0);          /* the case sees outages */
    CHECK_NEAR(vs[ANA_M_OUTAGE_COUNT], vc[ANA_M_OUTAGE_COUNT], 0);
    CHECK_NEAR(vs[ANA_M_UNAVAIL_TIME], vc[ANA_M_UNAVAIL_TIME], 1e-12);
    CHECK(isnan(vs[ANA_M_LAT_P99]) && isnan(vs[ANA_M_OUTAGE_LONGEST]));
    mdl_group_free(g);
    ana_collector_free(col);
    mdl_config_free(crude);
    ana_split_plan_free(plan);
    mdl_config_free(c);
}

/* With copies, the estimate is still unbiased: the mean time out of service of many
 * splitting replications against crude ones on the same case. */
static void test_weights_unbiased(void)
{
    MdlConfig *c = faulty();
    c->duration = 86400 * SIM_SEC;
    c->estimator = MDL_ESTIMATOR_SPLITTING;
    c->splits = 4;
    AnaSplitPlan *plan = ana_split_plan_new(c, NULL);
    MdlConfig *crude = mdl_config_copy(c);
    crude->estimator = MDL_ESTIMATOR_CRUDE;
    const int n = 150;
    double ss = 0, ss2 = 0, cs = 0, cs2 = 0;
    for (int r = 0; r < n; r++) {
        double v[ANA_N_FIXED + 4];
        CHECK(ana_split_run(c, plan, sim_rng_replication_seed(5, r), NULL, v, NULL));
        ss += v[ANA_M_UNAVAIL_TIME];
        ss2 += v[ANA_M_UNAVAIL_TIME] * v[ANA_M_UNAVAIL_TIME];
    }
    for (int r = 0; r < 4 * n; r++) {
        double v[ANA_N_FIXED + 4];
        AnaCollector *col = ana_collector_new(crude);
        MdlObserver obs = ana_collector_observer(col);
        MdlGroup *g = mdl_group_new(crude, sim_rng_replication_seed(6, r), &obs);
        mdl_group_run(g, crude->duration);
        ana_collector_finish(col, g, NAN, v);
        cs += v[ANA_M_UNAVAIL_TIME];
        cs2 += v[ANA_M_UNAVAIL_TIME] * v[ANA_M_UNAVAIL_TIME];
        mdl_group_free(g);
        ana_collector_free(col);
    }
    double ms = ss / n, mc = cs / (4 * n);
    double se = sqrt((ss2 / n - ms * ms) / n + (cs2 / (4 * n) - mc * mc) / (4 * n));
    if (!(mc > 0) || fabs(ms - mc) > 4 * se)
        CHECK_FAILF("unavailability: splitting %g, crude %g (se %g)", ms, mc, se);
    mdl_config_free(crude);
    ana_split_plan_free(plan);
    mdl_config_free(c);
}

static CU_TestInfo tests[] = {
    {"a queue's copy: same events, same order, same ids", test_queue_clone},
    {"residual delays: against rejection sampling", test_residual},
    {"copies of a replication: pure in (state, seed), invariants hold", test_copies},
    {"the outage importance and the watched run", test_importance},
    {"one copy per level is the crude replication", test_one_copy_is_crude},
    {"with copies, the weights keep the mean", test_weights_unbiased},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("splitting", tests)
