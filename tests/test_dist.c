/* tests/test_dist.c - distributions: parameters, closed forms, sampling.
 *
 * For every family, 200 000 draws: the sample mean must lie within 4 standard
 * errors of the closed-form mean, and the sample variance within 5 standard errors
 * of the closed-form variance (the standard error of a sample variance estimated from
 * the sample's fourth central moment).  For the continuous families, a one-sample
 * Kolmogorov-Smirnov test at alpha = 0.001 against the family's CDF (GSL's cdf
 * functions, an implementation independent of the samplers).  Seeds are fixed, so
 * the test is deterministic; the bounds say how far a correct sampler could stray. */
#include "check.h"
#include "sim/dist.h"
#include "sim/rng.h"

#include <stdlib.h>
#include <string.h>

enum { N = 200000 };

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void check_family(const char *label, SimDist d, gboolean continuous, guint64 seed)
{
    GError *err = NULL;
    if (!sim_dist_check(&d, TRUE, NULL, &err)) {
        CHECK_FAILF("%s: check failed: %s", label, err->message);
        g_error_free(err);
        return;
    }
    gsl_rng *r = sim_rng_stream_new(sim_rng_replication_seed(seed, 0), label);
    double *x = g_new(double, N);
    double mean = 0;
    for (int i = 0; i < N; i++) {
        x[i] = sim_dist_sample(&d, r);
        mean += x[i];
    }
    mean /= N;
    double m2 = 0, m4 = 0;
    for (int i = 0; i < N; i++) {
        double dv = x[i] - mean;
        m2 += dv * dv;
        m4 += dv * dv * dv * dv;
    }
    m2 /= N;
    m4 /= N;
    double mu = sim_dist_mean(&d), var = sim_dist_variance(&d);
    double se_mean = sqrt(var / N);
    double se_var = sqrt(fmax(m4 - m2 * m2, 0) / N);
    if (!(fabs(mean - mu) <= 4 * se_mean + 1e-12 * fabs(mu)))
        CHECK_FAILF("%s: sample mean %.6g, closed form %.6g (4 s.e. = %.3g)", label, mean, mu,
                    4 * se_mean);
    else
        CU_PASS(label);
    if (!(fabs(m2 - var) <= 5 * se_var + 1e-12 * var))
        CHECK_FAILF("%s: sample variance %.6g, closed form %.6g (5 s.e. = %.3g)", label, m2,
                    var, 5 * se_var);
    else
        CU_PASS(label);

    if (continuous) {
        qsort(x, N, sizeof(double), cmp_double);
        double dmax = 0;
        for (int i = 0; i < N; i++) {
            double f = sim_dist_cdf(&d, x[i]);
            dmax = fmax(dmax, fmax(f - (double)i / N, (double)(i + 1) / N - f));
        }
        double crit = 1.9495 / sqrt(N);      /* Kolmogorov, alpha = 0.001 */
        if (dmax > crit)
            CHECK_FAILF("%s: Kolmogorov-Smirnov D = %.5f > %.5f", label, dmax, crit);
        else
            CU_PASS(label);
    }
    /* durations: the nanosecond draw matches the draw in seconds */
    gsl_rng *r1 = sim_rng_stream_new(7, label), *r2 = sim_rng_stream_new(7, label);
    for (int i = 0; i < 1000; i++) {
        SimTime t = sim_dist_sample_time(&d, r1);
        double s = sim_dist_sample(&d, r2);
        if (t != sim_time_from_s(s)) {
            CHECK_FAILF("%s: sample_time %" G_GINT64_FORMAT " vs sample %.12g s", label, t, s);
            break;
        }
    }
    gsl_rng_free(r1);
    gsl_rng_free(r2);
    gsl_rng_free(r);
    g_free(x);
}

static void test_exponential(void) { check_family("exponential", sim_dist_exponential(4.0), TRUE, 1); }
static void test_deterministic(void) { check_family("deterministic", sim_dist_deterministic(2.5), FALSE, 2); }
static void test_uniform(void) { check_family("uniform", sim_dist_uniform(1.0, 3.0), TRUE, 3); }
static void test_weibull(void) { check_family("weibull", sim_dist_weibull(1.5, 2.0), TRUE, 4); }
static void test_lognormal(void)
{
    check_family("lognormal median", sim_dist_lognormal_median(2.0, 0.5), TRUE, 5);
    check_family("lognormal mu", sim_dist_lognormal(0.3, 0.8), TRUE, 6);
    SimDist d = sim_dist_lognormal_median(7200, 1.0);
    CHECK_NEAR(d.a, log(7200), 1e-12);
    CHECK_NEAR(sim_dist_cdf(&d, 7200), 0.5, 1e-12);        /* the median */
}
static void test_gamma(void) { check_family("gamma", sim_dist_gamma(2.5, 1.5), TRUE, 7); }
static void test_erlang(void)
{
    check_family("erlang", sim_dist_erlang(3, 6.0), TRUE, 8);
    SimDist d = sim_dist_erlang(3, 6.0);
    CHECK_NEAR(sim_dist_mean(&d), 6.0, 1e-12);
    CHECK_NEAR(sim_dist_variance(&d), 12.0, 1e-12);
}
static void test_pareto(void)
{
    check_family("pareto", sim_dist_pareto(5.0, 1.0), TRUE, 9);
    SimDist heavy = sim_dist_pareto(1.0, 1.0), mid = sim_dist_pareto(2.0, 1.0);
    CHECK(isinf(sim_dist_mean(&heavy)));
    CHECK_NEAR(sim_dist_mean(&mid), 2.0, 1e-12);
    CHECK(isinf(sim_dist_variance(&mid)));
}
static void test_empirical(void)
{
    const double v[] = {1, 2, 2, 3, 10};
    SimDist d = sim_dist_empirical(v, G_N_ELEMENTS(v));
    check_family("empirical", d, FALSE, 10);
    CHECK_NEAR(sim_dist_mean(&d), 3.6, 1e-12);
    CHECK_NEAR(sim_dist_variance(&d), (6.76 + 2.56 * 2 + 0.36 + 40.96) / 5, 1e-12);
    CHECK_NEAR(sim_dist_cdf(&d, 2.0), 0.6, 1e-12);
    /* every value is drawn with its frequency: chi-square over the 4 distinct values */
    gsl_rng *r = sim_rng_stream_new(11, "empirical/frequencies");
    double counts[4] = {0};
    for (int i = 0; i < N; i++) {
        double x = sim_dist_sample(&d, r);
        counts[x == 1 ? 0 : x == 2 ? 1 : x == 3 ? 2 : 3]++;
    }
    const double p[4] = {0.2, 0.4, 0.2, 0.2};
    double chi = 0;
    for (int k = 0; k < 4; k++)
        chi += (counts[k] - N * p[k]) * (counts[k] - N * p[k]) / (N * p[k]);
    if (chi > 21.1)      /* chi-square, 3 d.o.f., alpha = 0.0001 */
        CHECK_FAILF("empirical frequencies: chi-square %.2f", chi);
    gsl_rng_free(r);

    SimDist copy;
    sim_dist_copy(&copy, &d);
    CHECK(sim_dist_equal(&copy, &d));
    sim_dist_clear(&d);
    size_t n;
    const double *vals = sim_dist_values(&copy, &n);       /* still alive: shared */
    CHECK_UINT_EQ(n, 5);
    CHECK_NEAR(vals[4], 10, 0);
    sim_dist_clear(&copy);
    sim_dist_clear(&copy);                                 /* twice is safe */
}

typedef struct {
    SimDist d;
    gboolean nonnegative;
    const char *param;
    const char *message;
} Bad;

static void test_check_rejects(void)
{
    const double negative[] = {1, -2};
    Bad bad[] = {
        {sim_dist_exponential(0), TRUE, "mean", "exponential mean must be > 0"},
        {sim_dist_exponential(-1), FALSE, "mean", "exponential mean must be > 0"},
        {sim_dist_exponential(INFINITY), TRUE, "mean", "finite"},
        {sim_dist_exponential(NAN), TRUE, "mean", "exponential mean"},
        {sim_dist_deterministic(-1), TRUE, "value", "must be >= 0"},
        {sim_dist_uniform(2, 1), TRUE, "max", "uniform max must be >= min"},
        {sim_dist_uniform(-1, 1), TRUE, "min", "uniform min must be >= 0"},
        {sim_dist_weibull(0, 1), TRUE, "shape", "weibull shape"},
        {sim_dist_weibull(1, -1), TRUE, "scale", "weibull scale"},
        {sim_dist_lognormal_median(0, 1), TRUE, "median", "lognormal median must be > 0"},
        {sim_dist_lognormal_median(1, 0), TRUE, "sigma", "lognormal sigma"},
        {sim_dist_gamma(-1, 1), TRUE, "shape", "gamma shape"},
        {sim_dist_gamma(1, 0), TRUE, "scale", "gamma scale"},
        {sim_dist_erlang(0, 1), TRUE, "k", "erlang k must be an integer"},
        {sim_dist_erlang(2, 0), TRUE, "mean", "erlang mean"},
        {sim_dist_pareto(0, 1), TRUE, "shape", "pareto shape"},
        {sim_dist_pareto(1, 0), TRUE, "scale", "pareto scale"},
        {sim_dist_empirical(NULL, 0), TRUE, "values", "at least one value"},
        {sim_dist_empirical(negative, 2), TRUE, "values", "empirical value 2 must be >= 0"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        const char *param = NULL;
        GError *err = NULL;
        if (sim_dist_check(&bad[i].d, bad[i].nonnegative, &param, &err)) {
            CHECK_FAILF("case %zu (%s) was accepted", i, bad[i].message);
        } else {
            CHECK(g_error_matches(err, SIM_DIST_ERROR, SIM_DIST_ERROR_PARAM));
            CHECK_STR_EQ(param, bad[i].param);
            CHECK_CONTAINS(err->message, bad[i].message);
            g_error_free(err);
        }
        sim_dist_clear(&bad[i].d);
    }
    /* negative values are fine where nothing says they are durations */
    SimDist u = sim_dist_uniform(-1, 1);
    CHECK(sim_dist_check(&u, FALSE, NULL, NULL));
}

static void test_names(void)
{
    for (int f = 0; f < SIM_DIST_N_FAMILIES; f++) {
        SimDistFamily back;
        CHECK(sim_dist_family_from_name(sim_dist_family_name((SimDistFamily)f), &back));
        CHECK_INT_EQ(back, f);
    }
    SimDistFamily x;
    CHECK(!sim_dist_family_from_name("normal", &x));
    CHECK_STR_EQ(sim_dist_family_name(SIM_DIST_LOGNORMAL), "lognormal");
}

static CU_TestInfo tests[] = {
    {"exponential", test_exponential},
    {"deterministic", test_deterministic},
    {"uniform", test_uniform},
    {"weibull", test_weibull},
    {"lognormal (median or mu)", test_lognormal},
    {"gamma", test_gamma},
    {"erlang", test_erlang},
    {"pareto", test_pareto},
    {"empirical", test_empirical},
    {"parameter checks name the parameter and the rule", test_check_rejects},
    {"family names", test_names},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("sim/dist", tests)
