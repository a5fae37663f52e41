/* tests/test_collector.c - metrics of one replication against figures worked out by
 * hand: deterministic faults on a busy client, so every detection, probe and rejoin
 * falls at a known second, and the window rules (an episode counts when it ends in
 * the window or is still open at its end, its time clipped to the window) give exact
 * values. */
#include "check.h"
#include "model_util.h"

#include "analysis/replicate.h"

#include <math.h>

/* One replication's value of `name`. */
static double value(const AnaRun *run, const char *name)
{
    int i = ana_metric_set_find(run->metrics, name);
    g_assert(i >= 0);
    return ana_run_value(run, 0, (guint)i);
}

static AnaRun *run_one(const MdlConfig *c)
{
    AnaRunOptions o = {.jobs = 1};
    return ana_run_replications(c, 0, 1, &o);
}

/* Two members, one busy client (an operation is always outstanding on each member),
 * active autoRecovery every 60 s, command_timeout 5 s; member 0 loses power from
 * 100 s to 1100 s.  Detection at 105 s, probes at 105 + 60 k: the first after 1100 s
 * is k = 17, at 1125 s; nothing to synchronize (reads only), so it is active again at
 * 1125 s: a rejoin of 1020 s. */
static MdlConfig *busy_pair(double warmup_s, double duration_s)
{
    MdlConfig *c = tm_config(2, 40, duration_s);
    c->warmup = sim_time_from_s(warmup_s);
    c->seed = 3;
    c->balancing = MDL_BALANCE_RANDOM;
    c->interval = 60 * SIM_SEC;
    c->initial_objects = 10;
    c->operator_response = sim_dist_deterministic(1e7);   /* never within the run */
    for (int m = 0; m < 2; m++) {
        c->members[m].capacity = 60;            /* 30 units of 0.5 s */
        c->members[m].queue_limit = 100000;
        c->members[m].activation_hold = 1000 * SIM_DAY;
    }
    tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 0, 100, 1000);
    return c;
}

static void test_rejoin_window(void)
{
    const struct {
        double warmup, duration, rejoin;
        const char *what;
    } cases[] = {
        {0, 2000, 1020, "whole episode in the window"},
        {500, 2000, 625, "clipped at the warm-up: 1125 - 500"},
        {0, 1000, 895, "open at the end: 1000 - 105"},
        {500, 1000, 500, "both: 1000 - 500"},
        {1200, 2000, NAN, "over before the window: none"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        MdlConfig *c = busy_pair(cases[i].warmup, cases[i].duration);
        AnaRun *run = run_one(c);
        double got = value(run, "recovery.time_to_rejoin_s");
        if (isnan(cases[i].rejoin) ? !isnan(got) : !(fabs(got - cases[i].rejoin) <= 1e-9))
            CHECK_FAILF("%s: time_to_rejoin_s %.9g, want %.9g", cases[i].what, got,
                        cases[i].rejoin);
        else
            CU_PASS(cases[i].what);
        double auto_want = cases[i].duration > 1125 && cases[i].warmup <= 1125 ? 1 : 0;
        CHECK_NEAR(value(run, "recovery.auto"), auto_want, 0);
        CHECK_NEAR(value(run, "recovery.manual"), 0, 0);
        ana_run_free(run);
        mdl_config_free(c);
    }
}

/* retry 0: the view is exhausted at detection (105 s); a client-restart at 1500 s finds
 * the member up again and takes it back: a manual return (a scheduled action) and the
 * end of a rejoin episode of 1500 - 105 s. */
static void test_restart_brings_back(void)
{
    MdlConfig *c = busy_pair(0, 2000);
    c->retry = 0;
    tm_action(c, 1500, MDL_ACTION_CLIENT_RESTART, 0);
    AnaRun *run = run_one(c);
    CHECK_NEAR(value(run, "recovery.exhausted"), 1, 0);
    CHECK_NEAR(value(run, "recovery.auto"), 0, 0);
    CHECK_NEAR(value(run, "recovery.manual"), 1, 0);
    CHECK_NEAR(value(run, "recovery.time_to_rejoin_s"), 1395, 1e-9);
    ana_run_free(run);
    mdl_config_free(c);

    /* a member down at the first start is absent, not detected: the restart brings it
     * back (manual) but no rejoin episode was open; the first start itself is no
     * return of anything */
    c = busy_pair(0, 2000);
    c->faults[0].at = 0;
    tm_action(c, 1500, MDL_ACTION_CLIENT_RESTART, 0);
    run = run_one(c);
    CHECK_NEAR(value(run, "recovery.manual"), 1, 0);
    CHECK(isnan(value(run, "recovery.time_to_rejoin_s")));
    ana_run_free(run);
    mdl_config_free(c);
}

/* Outages: the slot serves while member 1 does, so none here; availability.time and
 * outage.total_s describe the same time (total = (1 - availability) x window). */
static void test_outage_total_matches_availability(void)
{
    MdlConfig *c = busy_pair(0, 2000);
    tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 1, 300, 200);
    AnaRun *run = run_one(c);
    /* both down from 300 s to 500 s: the client notices member 1 at 305 s (member 0 is
     * out of rotation since 105 s), so the slot cannot serve from 300 s until member 1
     * is back in rotation: probes at 305 + 60 k, the first after 500 s at 545 s */
    CHECK_NEAR(value(run, "outage.count"), 1, 0);
    CHECK_NEAR(value(run, "outage.total_s"), 245, 1e-9);
    CHECK_NEAR(value(run, "outage.longest_s"), 245, 1e-9);
    CHECK_NEAR(value(run, "availability.time"), 1 - 245.0 / 2000, 1e-12);
    /* issue 8: unavailability.time measured directly, the same time */
    CHECK_NEAR(value(run, "unavailability.time"), 245.0 / 2000, 1e-15);
    ana_run_free(run);
    mdl_config_free(c);
}

/* Durability: with one member every object has a single copy all the time; with two,
 * none until a member is zeroized (100 s), then all of them, until the other one is
 * zeroized too (600 s) and every object is lost. */
static void test_durability(void)
{
    MdlConfig *c = tm_config(1, 10, 1000);
    c->initial_objects = 20;
    AnaRun *run = run_one(c);
    CHECK_NEAR(value(run, "durability.at_risk_time"), 1, 0);
    CHECK_NEAR(value(run, "durability.objects_lost"), 0, 0);
    ana_run_free(run);
    mdl_config_free(c);

    c = tm_config(2, 10, 1000);
    c->initial_objects = 20;
    c->operator_response = sim_dist_deterministic(1e7);
    run = run_one(c);
    CHECK_NEAR(value(run, "durability.at_risk_time"), 0, 0);
    ana_run_free(run);
    tm_scheduled(c, MDL_FAULT_ZEROIZE, MDL_TARGET_MEMBER, 0, 100, 1);
    run = run_one(c);
    CHECK_NEAR(value(run, "durability.at_risk_time"), 0.9, 1e-12);
    CHECK_NEAR(value(run, "durability.objects_lost"), 0, 0);
    ana_run_free(run);
    tm_scheduled(c, MDL_FAULT_ZEROIZE, MDL_TARGET_MEMBER, 1, 600, 1);
    run = run_one(c);
    CHECK_NEAR(value(run, "durability.at_risk_time"), 0.5, 1e-12);
    CHECK_NEAR(value(run, "durability.objects_lost"), 20, 0);
    ana_run_free(run);
    mdl_config_free(c);
}

static CU_TestInfo tests[] = {
    {"time_to_rejoin_s: window rules on a hand-timed episode", test_rejoin_window},
    {"a client-restart is a manual return and ends the episode", test_restart_brings_back},
    {"one outage timed by hand; total = (1 - availability) x window",
     test_outage_total_matches_availability},
    {"durability: single copies and lost objects timed by hand", test_durability},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("collector", tests)
