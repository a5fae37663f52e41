/* tests/test_plan.c - the building blocks of `hapgsim plan` (analysis/plan.h): the
 * one-sided bounds, the looks, the requirements.  The search itself is tested through
 * the command against closed forms (tests/plan/test_plan.py). */
#include "check.h"

#include "analysis/plan.h"

#include <string.h>

/* Student's t bound, against the t quantile computed by hand for 4 degrees of freedom */
static void test_bounds_t(void)
{
    double v[] = {1, 2, 3, 4, 5}, lo, hi;
    /* mean 3, sd sqrt(2.5), t_{0.95}(4) = 2.131847 */
    ana_plan_bounds(v, 5, ANA_KIND_REAL, 0.05, &lo, &hi);
    double half = 2.131846786 * sqrt(2.5 / 5);
    CHECK_NEAR(lo, 3 - half, 1e-6);
    CHECK_NEAR(hi, 3 + half, 1e-6);
    /* a smaller level: a wider bound */
    double lo2, hi2;
    ana_plan_bounds(v, 5, ANA_KIND_REAL, 0.001, &lo2, &hi2);
    CHECK(lo2 < lo && hi2 > hi);
    /* a fraction is cut to [0, 1] */
    double f[] = {0.001, 0.0, 0.0, 0.002};
    ana_plan_bounds(f, 4, ANA_KIND_FRACTION, 0.05, &lo, &hi);
    CHECK(lo == 0 && hi > 0.00075 && hi < 1);
}

/* every replication equal: a bound, not certainty */
static void test_bounds_constant(void)
{
    double lo, hi;
    double zeros[20] = {0};
    /* a fraction never above 0 in 20: the mean may still be up to 1 - 0.05^(1/20) */
    ana_plan_bounds(zeros, 20, ANA_KIND_FRACTION, 0.05, &lo, &hi);
    CHECK_NEAR(lo, 0, 0);
    CHECK_NEAR(hi, 1 - pow(0.05, 1.0 / 20), 1e-12);
    /* a count never seen: the Poisson bound -ln(level)/n */
    ana_plan_bounds(zeros, 20, ANA_KIND_COUNT, 0.05, &lo, &hi);
    CHECK_NEAR(hi, -log(0.05) / 20, 1e-12);
    /* a non-negative figure always 5: at least 5 * 0.05^(1/n), no upper bound */
    double fives[10] = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
    ana_plan_bounds(fives, 10, ANA_KIND_NONNEG, 0.05, &lo, &hi);
    CHECK_NEAR(lo, 5 * pow(0.05, 0.1), 1e-12);
    CHECK(isinf(hi) && hi > 0);
    /* a fraction always 1 (the slot never served): at least 0.05^(1/n) */
    double ones[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    ana_plan_bounds(ones, 10, ANA_KIND_FRACTION, 0.01, &lo, &hi);
    CHECK_NEAR(lo, pow(0.01, 0.1), 1e-12);
    CHECK_NEAR(hi, 1, 0);
    /* a real always 5: nothing on either side */
    ana_plan_bounds(fives, 10, ANA_KIND_REAL, 0.05, &lo, &hi);
    CHECK(isinf(lo) && isinf(hi));
}

/* a null value decides nothing; one value decides nothing */
static void test_bounds_null(void)
{
    double v[] = {1, NAN, 3, 4}, lo, hi;
    ana_plan_bounds(v, 4, ANA_KIND_NONNEG, 0.05, &lo, &hi);
    CHECK(isinf(lo) && lo < 0 && isinf(hi) && hi > 0);
    ana_plan_bounds(v, 1, ANA_KIND_NONNEG, 0.05, &lo, &hi);
    CHECK(isinf(lo) && isinf(hi));
}

static void test_looks(void)
{
    guint looks[32];
    CHECK_UINT_EQ(ana_plan_looks(10, 1000, looks), 8);
    guint want[] = {10, 20, 40, 80, 160, 320, 640, 1000};
    for (guint i = 0; i < 8; i++)
        CHECK_UINT_EQ(looks[i], want[i]);
    CHECK_UINT_EQ(ana_plan_looks(10, 10, looks), 1);
    CHECK_UINT_EQ(looks[0], 10);
    CHECK_UINT_EQ(ana_plan_looks(10, 80, looks), 4);
    CHECK_UINT_EQ(looks[3], 80);
    CHECK_UINT_EQ(ana_plan_looks(2, 1000000, looks), 20);
}

static void test_requirements(void)
{
    AnaPlanRequirement r;
    GError *err = NULL;
    CHECK(ana_plan_requirement_parse("latency.p99_ms<=200", &r, &err));
    CHECK_STR_EQ(r.metric, "latency.p99_ms");
    CHECK(r.op == ANA_PLAN_LE && r.limit == 200);
    CHECK_STR_EQ(r.text, "latency.p99_ms <= 200");
    ana_plan_requirement_clear(&r);
    CHECK(ana_plan_requirement_parse(" unavailability.time <= 1e-5 ", &r, &err));
    CHECK(r.op == ANA_PLAN_LE && r.limit == 1e-5);
    ana_plan_requirement_clear(&r);
    CHECK(ana_plan_requirement_parse("availability.requests>=0.999", &r, &err));
    CHECK(r.op == ANA_PLAN_GE && r.limit == 0.999);
    ana_plan_requirement_clear(&r);
    const char *bad[] = {"latency.p99_ms=200", "latency.p99_ms<=", "<=200", "latency.p99_ms<=2x",
                         "latency.p99_ms<=inf", "latency.p99_ms<==200", "a b<=1", "nan<=nan",
                         "latency.p99_ms<=nan", ""};
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        gboolean ok = ana_plan_requirement_parse(bad[i], &r, &err);
        if (ok) {
            CHECK_FAILF("'%s' was accepted", bad[i]);
            ana_plan_requirement_clear(&r);
            continue;
        }
        CHECK_CONTAINS(err->message, "METRIC<=VALUE");
        g_clear_error(&err);
    }
    /* metrics checked against a configuration */
    MdlConfig *c = mdl_config_new();
    const char *why[][2] = {{"latency.bogus<=1", "not a metric"},
                            {"availability.nines>=5", "unavailability.time"},
                            {"engine.events<=5", "simulation"}};
    for (guint i = 0; i < G_N_ELEMENTS(why); i++) {
        CHECK(ana_plan_requirement_parse(why[i][0], &r, NULL));
        char *w = ana_plan_requirement_check(&r, c);
        CHECK_CONTAINS(w, why[i][1]);
        g_free(w);
        ana_plan_requirement_clear(&r);
    }
    CHECK(ana_plan_requirement_parse("latency.mean_ms<=1", &r, NULL));
    CHECK(ana_plan_requirement_check(&r, c) == NULL);
    ana_plan_requirement_clear(&r);
    mdl_config_free(c);
}

static CU_TestInfo tests[] = {
    {"bounds: Student's t, one-sided, cut to the metric's range", test_bounds_t},
    {"bounds: every replication equal is a bound, not certainty", test_bounds_constant},
    {"bounds: a null value decides nothing", test_bounds_null},
    {"looks: doubling up to the cap", test_looks},
    {"requirements: parsed, and checked against the metrics", test_requirements},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("plan", tests)
