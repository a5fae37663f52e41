/* tests/test_analysis.c - statistics, histograms, verdicts, comparisons, closed forms. */
#include "check.h"
#include "model_util.h"

#include "analysis/analytic.h"
#include "analysis/compare.h"
#include "analysis/expect.h"
#include "analysis/histogram.h"
#include "analysis/output.h"
#include "analysis/replicate.h"
#include "analysis/report.h"
#include "analysis/stats.h"
#include "analysis/sweep.h"
#include "analysis/trace.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

static void test_histogram_quantiles(void)
{
    AnaHistogram *h = g_new(AnaHistogram, 1);
    ana_histogram_init(h);
    CHECK(isnan(ana_histogram_quantile(h, 0.5)));
    /* 1..100000 ns: the q-quantile is about q * 100000, within the bucket error */
    for (SimTime v = 1; v <= 100000; v++)
        ana_histogram_add(h, v);
    const double qs[] = {0.01, 0.5, 0.9, 0.99, 0.999, 1.0};
    for (size_t i = 0; i < G_N_ELEMENTS(qs); i++) {
        double exact = ceil(qs[i] * 100000);
        CHECK_NEAR(ana_histogram_quantile(h, qs[i]), exact, exact * ANA_HIST_REL_ERROR * 1.0001 + 0.5);
    }
    CHECK_NEAR(h->sum / (double)h->count, 50000.5, 1e-9);
    /* exact below 128 ns */
    ana_histogram_init(h);
    for (int k = 0; k < 10; k++)
        ana_histogram_add(h, 7);
    CHECK_NEAR(ana_histogram_quantile(h, 0.5), 7, 0);
    /* every bucket: the reported value is within the relative error of any value in it */
    GRand *r = g_rand_new_with_seed(3);
    for (int k = 0; k < 100000; k++) {
        uint64_t v = (uint64_t)g_rand_int(r) << (g_rand_int_range(r, 0, 30));
        double lo, w;
        uint32_t i = ana_histogram_index(v);
        ana_histogram_bucket(i, &lo, &w);
        double mid = w == 1 ? lo : lo + w / 2;
        if (!(v >= lo && v < lo + w) || fabs(mid - (double)v) > (double)v * ANA_HIST_REL_ERROR + 0.5) {
            CHECK_FAILF("value %llu in bucket [%g, %g) reported %g", (unsigned long long)v, lo, lo + w, mid);
            break;
        }
    }
    g_rand_free(r);
    /* merging adds */
    AnaHistogram *a = g_new(AnaHistogram, 1), *b = g_new(AnaHistogram, 1);
    ana_histogram_init(a);
    ana_histogram_init(b);
    for (int k = 0; k < 1000; k++) {
        ana_histogram_add(a, 1000);
        ana_histogram_add(b, 3000);
    }
    ana_histogram_merge(a, b);
    CHECK_UINT_EQ(a->count, 2000);
    CHECK_NEAR(ana_histogram_quantile(a, 0.25), 1000, 1000 * ANA_HIST_REL_ERROR);
    CHECK_NEAR(ana_histogram_quantile(a, 0.75), 3000, 3000 * ANA_HIST_REL_ERROR);
    g_free(a);
    g_free(b);
    g_free(h);
}

static void test_aggregate(void)
{
    const double v[] = {1, 2, 3, 4, NAN, 5};
    AnaAggregate a;
    ana_aggregate(v, 6, 1, &a);
    CHECK_UINT_EQ(a.n, 5);
    CHECK_NEAR(a.mean, 3, 1e-12);
    CHECK_NEAR(a.stddev, sqrt(2.5), 1e-12);
    /* t(0.975, 4) = 2.776445105 */
    CHECK_NEAR(a.hi - a.mean, 2.776445105 * sqrt(2.5) / sqrt(5), 1e-8);
    ana_aggregate(v, 1, 1, &a);
    CHECK(a.n == 1 && a.mean == 1 && isnan(a.lo) && isnan(a.stddev));
    const double one[] = {0.001, 0.001};
    ana_aggregate(one, 2, 1, &a);
    AnaAggregate n;
    ana_aggregate_nines(&a, &n);                     /* from unavailability 0.001 */
    CHECK_NEAR(n.mean, 3, 1e-9);
    CHECK(isnan(n.stddev));
    const double perfect[] = {0, 0, 0};
    ana_aggregate_kind(perfect, 3, 1, ANA_KIND_FRACTION, &a);
    ana_aggregate_nines(&a, &n);
    CHECK(isnan(n.mean) && !n.estimable);
}

/* Issue 8: intervals stay within what the metric can be; all-equal values give no
 * interval (not a zero-width one); a count never seen has its Poisson bound; nines
 * come from unavailability.time, which keeps its digits. */
static void test_evidence_intervals(void)
{
    AnaAggregate a, n;
    const double avail[] = {0.8, 1, 1, 1, 1, 1};       /* t interval passes 1 */
    ana_aggregate_kind(avail, 6, 1, ANA_KIND_FRACTION, &a);
    CHECK(a.estimable && a.hi == 1 && a.lo > 0.8 && a.lo < a.mean);
    const double stale[] = {0, 0, 0, 0, 1, 0, 0, 0};   /* t interval passes 0 */
    ana_aggregate_kind(stale, 8, 1, ANA_KIND_COUNT, &a);
    CHECK(a.estimable && a.lo == 0 && a.hi > a.mean);
    const double total[] = {0, 0, 12000, 0};
    ana_aggregate_kind(total, 4, 1, ANA_KIND_NONNEG, &a);
    CHECK(a.lo == 0);
    const double ones[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    ana_aggregate_kind(ones, 10, 1, ANA_KIND_FRACTION, &a);
    CHECK(!a.estimable && isnan(a.lo) && isnan(a.hi) && a.mean == 1 && isnan(a.upper95));
    const double zeros[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    ana_aggregate_kind(zeros, 10, 1, ANA_KIND_COUNT, &a);
    CHECK(!a.estimable && isnan(a.lo));
    CHECK_NEAR(a.upper95, -log(0.05) / 10, 1e-12);    /* about 3 / n */
    const double same_p50[] = {20.7749, 20.7749, 20.7749};
    ana_aggregate_kind(same_p50, 3, 1, ANA_KIND_NONNEG, &a);
    CHECK(!a.estimable && isnan(a.lo) && isnan(a.upper95));
    /* unavailability around 1.8e-6: about 5.7 nines, with an interval */
    const double u[] = {1.2e-6, 2.5e-6, 1.7e-6, 1.8e-6};
    ana_aggregate_kind(u, 4, 1, ANA_KIND_FRACTION, &a);
    ana_aggregate_nines(&a, &n);
    CHECK(n.estimable);
    CHECK_NEAR(n.mean, -log10(1.8e-6), 1e-9);
    CHECK(n.lo < n.mean && n.hi > n.mean);
    /* a lower bound of unavailability 0 gives nines without an upper end */
    const double u0[] = {0, 0, 0, 4e-6};
    ana_aggregate_kind(u0, 4, 1, ANA_KIND_FRACTION, &a);
    ana_aggregate_nines(&a, &n);
    CHECK(n.estimable && isinf(n.hi) && n.lo > 0 && !(n.lo < 0));
    /* text shows availability close to 1 with its digits */
    GString *t = g_string_new(NULL);
    ana_format_value(t, 1 - 1.8e-6);
    CHECK_STR_EQ(t->str, "0.9999982");
    g_string_truncate(t, 0);
    ana_format_value(t, 0.999549);
    CHECK_STR_EQ(t->str, "0.999549");
    g_string_truncate(t, 0);
    ana_format_value(t, 1);
    CHECK_STR_EQ(t->str, "1");
    g_string_free(t, TRUE);
}

/* Issue 8: two latency histograms whose medians fall in one bucket give two different
 * medians (interpolated), each within the bucket. */
static void test_histogram_interpolates(void)
{
    AnaHistogram *a = g_new(AnaHistogram, 1), *b = g_new(AnaHistogram, 1);
    ana_histogram_init(a);
    ana_histogram_init(b);
    for (int k = 0; k < 1000; k++) {
        ana_histogram_add(a, 19930000 + k);          /* bucket [19922944, 20054016) ns */
        ana_histogram_add(b, 19930000 + 2 * k + 90000);
        if (k % 10 == 0)
            ana_histogram_add(b, 10000000);           /* 100 faster ones in b */
    }
    double qa = ana_histogram_quantile(a, 0.5), qb = ana_histogram_quantile(b, 0.5);
    CHECK_UINT_EQ(ana_histogram_index(19930000), ana_histogram_index(19930000 + 92000));
    CHECK(qa != qb);
    CHECK_NEAR(qa, 19930500, 19930500 * ANA_HIST_REL_ERROR);
    CHECK_NEAR(qb, 20019000, 20019000 * ANA_HIST_REL_ERROR);
    g_free(a);
    g_free(b);
}

/* Issue 8: a verdict needs evidence. */
static void test_verdicts_need_evidence(void);

static AnaRun *fake_run(const double *values, guint n)
{
    MdlConfig *c = mdl_config_new();
    AnaRun *run = g_new0(AnaRun, 1);
    run->metrics = ana_metric_set_new(c);
    mdl_config_free(c);
    run->n = run->completed = n;
    run->done = g_new(gboolean, n);
    run->values = g_new(double, (size_t)n * run->metrics->n);
    for (guint r = 0; r < n; r++) {
        run->done[r] = TRUE;
        for (guint i = 0; i < run->metrics->n; i++)
            run->values[(size_t)r * run->metrics->n + i] = values[r];
    }
    return run;
}

static void test_verdicts(void)
{
    const double v[] = {0.9991, 0.9993, 0.9995, 0.9992};
    AnaRun *run = fake_run(v, 4);
    AnaBound bounds[] = {
        {"availability.time", TRUE, FALSE, 0.99, 0},      /* whole interval above: pass */
        {"availability.time", TRUE, FALSE, 0.9999, 0},    /* whole interval below: fail */
        {"availability.time", TRUE, FALSE, 0.9993, 0},    /* straddles: inconclusive */
        {"availability.time", FALSE, TRUE, 0, 0.9999},    /* max: pass */
        {"availability.time", TRUE, TRUE, 0.99, 0.999},   /* max broken: fail */
    };
    AnaVerdict *vd = ana_judge(run, bounds, G_N_ELEMENTS(bounds));
    const AnaVerdictKind want[] = {ANA_PASS, ANA_FAIL, ANA_INCONCLUSIVE, ANA_PASS, ANA_FAIL};
    for (size_t i = 0; i < G_N_ELEMENTS(bounds); i++)
        CHECK_INT_EQ(vd[i].verdict, want[i]);
    CHECK_INT_EQ(ana_verdicts_worst(vd, 4), ANA_FAIL);
    CHECK_INT_EQ(ana_verdicts_worst(vd, 1), ANA_PASS);
    g_free(vd);
    ana_run_free(run);
}

static void test_verdicts_need_evidence(void)
{
    const double perfect[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    AnaRun *run = fake_run(perfect, 10);
    AnaBound bounds[] = {
        {"availability.time", TRUE, FALSE, 0.99, 0},      /* no outage seen: no evidence */
        {"availability.time", TRUE, FALSE, 0.999999, 0},
        {"latency.p50_ms", FALSE, TRUE, 0, 2},           /* all equal: no interval */
    };
    AnaVerdict *vd = ana_judge(run, bounds, G_N_ELEMENTS(bounds));
    for (size_t i = 0; i < G_N_ELEMENTS(bounds); i++) {
        CHECK_INT_EQ(vd[i].verdict, ANA_INCONCLUSIVE);
        CHECK(vd[i].why != NULL);
    }
    g_free(vd);
    ana_run_free(run);
    const double zero[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    run = fake_run(zero, 10);
    AnaBound counts[] = {
        {"consistency.stale_reads", FALSE, TRUE, 0, 1},   /* bound 0.3 <= 1: pass */
        {"consistency.stale_reads", FALSE, TRUE, 0, 0},   /* can never be shown: inconclusive */
        {"consistency.stale_reads", FALSE, TRUE, 0, 0.1}, /* 0.3 > 0.1: inconclusive */
        {"outage.count", TRUE, FALSE, 1, 0},              /* 0.3 < 1: fail */
    };
    vd = ana_judge(run, counts, G_N_ELEMENTS(counts));
    const AnaVerdictKind want[] = {ANA_PASS, ANA_INCONCLUSIVE, ANA_INCONCLUSIVE, ANA_FAIL};
    for (size_t i = 0; i < G_N_ELEMENTS(counts); i++)
        CHECK_INT_EQ(vd[i].verdict, want[i]);
    g_free(vd);
    ana_run_free(run);
}

static void test_compare_rules(void)
{
    const double base[] = {10, 11, 12, 13, 14}, worse[] = {12, 13.1, 13.9, 15.2, 16};
    AnaComparison c;
    /* lower is better (latency): +2 is worse, paired sees it */
    ana_compare_values(base, 5, worse, 5, TRUE, 0.05, -1, 0, &c);
    CHECK_INT_EQ(c.verdict, ANA_WORSE);
    CHECK_NEAR(c.diff, 2.04, 1e-9);
    /* a tolerance larger than the whole interval: significant, but within tolerance */
    ana_compare_values(base, 5, worse, 5, TRUE, 0.05, -1, 5, &c);
    CHECK_INT_EQ(c.verdict, ANA_WITHIN);
    /* a tolerance the interval reaches past: inconclusive */
    ana_compare_values(base, 5, worse, 5, TRUE, 0.05, -1, 2.1, &c);
    CHECK(c.lo < 2.1 && c.hi > 2.1);
    CHECK_INT_EQ(c.verdict, ANA_UNSETTLED);
    /* higher is better: the same data is better */
    ana_compare_values(base, 5, worse, 5, TRUE, 0.05, +1, 0, &c);
    CHECK_INT_EQ(c.verdict, ANA_BETTER);
    /* Welch on the same data cannot tell (the spread between replications hides it) */
    ana_compare_values(base, 5, worse, 5, FALSE, 0.05, -1, 0, &c);
    CHECK_INT_EQ(c.verdict, ANA_SAME);
    /* neutral metric */
    ana_compare_values(base, 5, worse, 5, TRUE, 0.05, 0, 0, &c);
    CHECK_INT_EQ(c.verdict, ANA_CHANGED);
}

static AnaResult *fake_result(guint n, const double *v, const char *odd_seed)
{
    AnaResult *r = g_new0(AnaResult, 1);
    r->path = g_strdup("fake");
    r->metrics = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(r->metrics, g_strdup("latency.mean_ms"));
    r->n = n;
    r->index = g_new(guint, n);
    r->seed = g_new(char *, n);
    r->values = g_new(double, n);
    for (guint i = 0; i < n; i++) {
        r->index[i] = i;
        r->seed[i] = g_strdup_printf("%u", 1000 + i);
        r->values[i] = v[i];
    }
    if (odd_seed) {
        g_free(r->seed[1]);
        r->seed[1] = g_strdup(odd_seed);
    }
    return r;
}

/* Issue 8: the result reader refuses wrong types instead of crashing or reading 0;
 * partial and empty results are told apart. */
static void test_result_reader(void)
{
    const char *head = "{\"replications\": 2, \"completed\": 2, \"interrupted\": false, "
                       "\"scenario\": {\"sha256\": \"ab\"}, \"per_replication\": [";
    struct {
        const char *reps;
        gboolean ok;
    } cases[] = {
        {"{\"replication\": 0, \"seed\": \"11\", \"metrics\": {\"latency.mean_ms\": 1}},"
         "{\"replication\": 1, \"seed\": 12, \"metrics\": {\"latency.mean_ms\": null}}]}", TRUE},
        {"{\"replication\": 0, \"seed\": 11.5, \"metrics\": {}}]}", FALSE},
        {"{\"replication\": 0, \"seed\": {}, \"metrics\": {}}]}", FALSE},
        {"{\"replication\": 0, \"seed\": \"11\", \"metrics\": {\"latency.mean_ms\": \"abc\"}}]}", FALSE},
        {"{\"replication\": \"0\", \"seed\": \"11\", \"metrics\": {}}]}", FALSE},
        {"{\"replication\": -1, \"seed\": \"11\", \"metrics\": {}}]}", FALSE},
        {"{\"replication\": 0, \"metrics\": {}}, {\"replication\": 0, \"metrics\": {}}]}", FALSE},
        {"{\"replication\": 0, \"metrics\": [1]}]}", FALSE},
        {"1]}", FALSE},
        {"{\"replication\": 0, \"metrics\": {\"a\": [1]}}]}", FALSE},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *text = g_strconcat(head, cases[i].reps, NULL);
        GError *err = NULL;
        AnaResult *r = ana_result_load_data("case", text, -1, &err);
        if ((r != NULL) != cases[i].ok)
            CHECK_FAILF("case %zu: %s", i, err ? err->message : "accepted");
        if (r) {
            CHECK_STR_EQ(r->seed[1], "12");
            CHECK(isnan(r->values[1]) && r->values[0] == 1);
            CHECK(ana_result_partial(r) == NULL);
        } else {
            CHECK(err != NULL);
        }
        g_clear_error(&err);
        ana_result_free(r);
        g_free(text);
    }
    const char *partial = "{\"replications\": 8, \"completed\": 3, \"interrupted\": true, \"per_replication\": []}";
    AnaResult *r = ana_result_load_data("p", partial, -1, NULL);
    CHECK(r != NULL && ana_result_partial(r) != NULL);
    ana_result_free(r);
    const char *wrong[] = {"{\"interrupted\": 1, \"per_replication\": []}",
                           "{\"completed\": \"x\", \"per_replication\": []}",
                           "{\"scenario\": {\"sha256\": 3}, \"per_replication\": []}", "[]", "", "{"};
    for (size_t i = 0; i < G_N_ELEMENTS(wrong); i++) {
        GError *err = NULL;
        r = ana_result_load_data("w", wrong[i], -1, &err);
        CHECK(r == NULL && err != NULL);
        g_clear_error(&err);
        ana_result_free(r);
    }
}

/* Issue 8: Holm-Bonferroni keeps the family-wise error; engine.* and one-sided
 * metrics stay out of the family. */
static void test_holm(void)
{
    GPtrArray *cmp = g_ptr_array_new();
    const double ps[] = {0.001, 0.015, 0.03, 0.04, 0.2};
    const char *names[] = {"a", "b", "c", "d", "engine.events"};
    AnaComparison *c[5];
    for (int i = 0; i < 5; i++) {
        c[i] = g_new0(AnaComparison, 1);
        c[i]->metric = g_strdup(names[i]);
        c[i]->verdict = ANA_WORSE;
        c[i]->p = i == 4 ? 0.0001 : ps[i];
        g_ptr_array_add(cmp, c[i]);
    }
    CHECK_UINT_EQ(ana_compare_holm(cmp, 0.05), 4);
    /* 0.001 <= 0.05/4; 0.015 <= 0.05/3; 0.03 > 0.05/2 stops */
    CHECK(c[0]->significant && c[1]->significant && !c[2]->significant && !c[3]->significant);
    CHECK(!c[4]->in_family && !c[4]->significant);
    ana_comparisons_free(cmp);
    /* p-values agree with the intervals: significant at alpha iff the interval clears
     * the tolerance */
    const double base[] = {10, 11, 12, 13, 14}, cand[] = {12, 13.1, 13.9, 15.2, 16};
    AnaComparison x;
    ana_compare_values(base, 5, cand, 5, TRUE, 0.05, -1, 0, &x);
    CHECK(x.verdict == ANA_WORSE && x.p < 0.05);
    ana_compare_values(base, 5, cand, 5, FALSE, 0.05, -1, 0, &x);
    CHECK((x.verdict == ANA_WORSE) == (x.p < 0.05));
    ana_compare_values(base, 5, cand, 5, TRUE, 0.05, -1, 1.5, &x);
    CHECK((x.verdict == ANA_WORSE) == (x.p < 0.05));
    /* found by fuzz_result: a huge Welch df made GSL abort; now the normal limit */
    CHECK_NEAR(ana_t_quantile(0.975, 1e300), 1.959963985, 1e-8);
    CHECK(isnan(ana_t_quantile(0.975, NAN)) && isnan(ana_t_quantile(0.975, 0)));
    CHECK_NEAR(ana_t_upper_tail(1.959963985, 1e300), 0.025, 1e-9);
}

/* Results with different numbers of replications are paired on the common ones. */
static void test_compare_pairing(void)
{
    const double b[] = {10, 20, 30, 40}, c[] = {11, 21, 31, 41, 51, 61};
    AnaResult *rb = fake_result(4, b, NULL), *rc = fake_result(6, c, NULL);
    gboolean paired = FALSE;
    guint n_paired = 0;
    GPtrArray *cmp = ana_compare(rb, rc, NULL, &paired, &n_paired, NULL);
    CHECK_UINT_EQ(n_paired, 4);
    CHECK(paired);
    AnaComparison *x = g_ptr_array_index(cmp, 0);
    CHECK_UINT_EQ(x->n_base, 4);
    CHECK_UINT_EQ(x->n_cand, 4);
    CHECK_NEAR(x->diff, 1, 1e-12);
    CHECK_INT_EQ(x->verdict, ANA_WORSE);                 /* +1 ms every time */
    ana_comparisons_free(cmp);
    AnaResult *other = fake_result(6, c, "7");           /* a seed differs: not paired */
    cmp = ana_compare(rb, other, NULL, &paired, NULL, NULL);
    CHECK(!paired);
    ana_comparisons_free(cmp);
    ana_result_free(rb);
    ana_result_free(rc);
    ana_result_free(other);
}

/* Recovery interval 60 s against 1200 s, same seeds: the paired test finds the lower
 * availability with fewer replications than Welch's.  Both policies see the same
 * faults (common random numbers), so the per-replication differences vary far less
 * than the replications themselves, whose availability depends on how many faults
 * happened to coincide. */
static guint replications_to_detect(const double *b, const double *c, guint max, gboolean paired)
{
    for (guint n = 2; n <= max; n++) {
        AnaComparison cmp;
        ana_compare_values(b, n, c, n, paired, 0.05, +1, 0, &cmp);
        if (cmp.verdict == ANA_WORSE)
            return n;
    }
    return max + 1;
}

static void test_paired_beats_welch(void)
{
    const guint N = 20;
    double *col[2];
    for (int k = 0; k < 2; k++) {
        MdlConfig *c = tm_config(2, 5, 86400.0);
        c->seed = 2024;
        c->interval = (k ? 1200 : 60) * SIM_SEC;
        MdlFaultConfig *f = tm_fault(c, MDL_FAULT_POWER, MDL_TARGET_EACH_MEMBER, 0);
        f->every = sim_dist_exponential(3 * 3600);
        f->repair = sim_dist_exponential(3600);
        for (int m = 0; m < 2; m++)
            c->members[m].activation_hold = 1000 * SIM_DAY;
        AnaRunOptions o = {.jobs = 2};
        AnaRun *run = ana_run_replications(c, 0, N, &o);
        int idx = ana_metric_set_find(run->metrics, "availability.time");
        col[k] = g_new(double, N);
        for (guint r = 0; r < N; r++)
            col[k][r] = ana_run_value(run, r, (guint)idx);
        ana_run_free(run);
        mdl_config_free(c);
    }
    guint paired = replications_to_detect(col[0], col[1], N, TRUE);
    guint welch = replications_to_detect(col[0], col[1], N, FALSE);
    printf("\n    interval 60 s vs 1200 s, availability.time worse: paired test after %u "
           "replications, Welch after %s%u ", paired, welch > N ? "more than " : "", welch > N ? N : welch);
    CHECK(paired <= N);
    CHECK(paired < welch);
    g_free(col[0]);
    g_free(col[1]);
}

static void test_analytic_hand_cases(void)
{
    CHECK_NEAR(ana_erlang_c(1, 0.5), 0.5, 1e-12);              /* M/M/1: P(wait) = rho */
    CHECK_NEAR(ana_erlang_c(2, 1.0), 1.0 / 3, 1e-12);
    CHECK_NEAR(ana_mmc_response(1, 0.9, 1.0), 10, 1e-9);      /* 1 / (mu - lambda) */
    /* M/M/2, lambda 1, mu 1: W = 1 + (1/3) / (2 - 1) */
    CHECK_NEAR(ana_mmc_response(2, 1.0, 1.0), 4.0 / 3, 1e-12);
    /* issue 8: M/M/1/K by hand, rho 0.9, K 5: P_K = (1 - rho) rho^K / (1 - rho^(K+1)),
     * L = rho / (1 - rho) - (K + 1) rho^(K+1) / (1 - rho^(K+1)), W = L / (lambda (1 - P_K)) */
    {
        double rho = 0.9, loss, w;
        ana_mmck(1, 5, 90, 100, &loss, &w);
        double pk = (1 - rho) * pow(rho, 5) / (1 - pow(rho, 6));
        double L = rho / (1 - rho) - 6 * pow(rho, 6) / (1 - pow(rho, 6));
        CHECK_NEAR(loss, pk, 1e-12);
        CHECK_NEAR(w, L / (90 * (1 - pk)), 1e-12);
        /* overloaded, still a steady state; and a huge K meets M/M/c */
        ana_mmck(2, 40, 500, 100, &loss, &w);
        CHECK(loss > 0.5 && loss < 1 && isfinite(w));
        ana_mmck(3, 3 + 5000, 150, 100, &loss, &w);
        CHECK_NEAR(w, ana_mmc_response(3, 150, 100), 1e-9);
    }
    CHECK_NEAR(ana_p_down_down(0.1, 0.3, 0), 1, 1e-12);
    CHECK_NEAR(ana_p_down_down(0.1, 0.3, 1e6), 0.25, 1e-12);
    /* lambda -> 0, T = 0: the often-quoted I / (1 - e^(-mu I)) */
    CHECK_NEAR(ana_out_of_service(1e-12, 1.0 / 60, 0, 60), 60 / (1 - exp(-1.0)), 1e-6);
    /* the integral of p_dd over [0, T], against a midpoint rule */
    double sum = 0;
    for (int k = 0; k < 100000; k++)
        sum += ana_p_down_down(0.01, 0.05, (k + 0.5) * 1e-4) * 1e-4;
    CHECK_NEAR(ana_down_integral(0.01, 0.05, 10), sum, 1e-7);

    /* a scenario the availability formula covers, and its numbers by hand */
    MdlConfig *c = tm_config(2, 20, 1e5);
    c->balancing = MDL_BALANCE_RANDOM;
    c->command_timeout = 5 * SIM_SEC;
    for (int m = 0; m < 2; m++) {
        c->members[m].capacity = 60;
        c->members[m].activation_hold = 1000 * SIM_DAY;
    }
    MdlFaultConfig *f = tm_fault(c, MDL_FAULT_POWER, MDL_TARGET_EACH_MEMBER, 0);
    f->every = sim_dist_exponential(200);
    f->repair = sim_dist_exponential(60);
    AnaAnalytic *an = ana_analytic_new(c);
    CHECK(an->availability_why == NULL);
    double l = 1.0 / 200, mu = 1.0 / 60, s = l + mu;
    double a = l / s + mu / s * exp(-s * 65), b = l / s + mu / s * exp(-s * 60);
    double down5 = l * 5 / s + mu * (1 - exp(-s * 5)) / (s * s);
    double ek = 1 + a / (1 - b), cycle = 200 + 5 + 60 * ek;
    double u = (down5 + 60 * ek) / cycle, leaves = (1 + mu * down5) / cycle;
    CHECK_NEAR(ana_analytic_value(an, "availability.time"), 1 - u * u, 1e-12);
    CHECK_NEAR(ana_analytic_value(an, "member.hsm1.uptime"), mu / (l + mu), 1e-12);
    /* outages begin when one unit leaves service while the other is out */
    CHECK_NEAR(ana_analytic_value(an, "outage.count"), 2 * leaves * u * 1e5, 1e-6);
    CHECK(an->latency_why != NULL);                            /* faults take members away */
    CHECK_NEAR(ana_analytic_value(an, "unavailability.time"), u * u, 1e-15);
    ana_analytic_free(an);
    /* issue 8: with writes in the mix and synchronize on, a rejoin waits for the
     * synchronization, which the closed form does not model: declined, with the reason */
    c->mix[0] = 0.8;
    c->mix[1] = 0.1;
    c->mix[2] = 0.1;
    c->synchronize = TRUE;
    an = ana_analytic_new(c);
    CHECK(an->availability_why != NULL && strstr(an->availability_why, "synchronize") != NULL);
    CHECK(isnan(ana_analytic_value(an, "availability.time")));
    ana_analytic_free(an);
    c->synchronize = FALSE;
    an = ana_analytic_new(c);
    CHECK(an->availability_why == NULL);
    ana_analytic_free(an);
    c->mix[0] = 1;
    c->mix[1] = c->mix[2] = 0;

    /* member and zone faults together: uptime is still a product, availability is not */
    c->n_zones = 1;
    MdlFaultConfig *z = tm_fault(c, MDL_FAULT_NETWORK, MDL_TARGET_EACH_ZONE, 0);
    z->every = sim_dist_exponential(1000);
    z->repair = sim_dist_exponential(100);
    an = ana_analytic_new(c);
    CHECK(an->availability_why != NULL);
    CHECK(an->uptime_why == NULL);
    CHECK_NEAR(ana_analytic_value(an, "member.hsm2.uptime"), mu / (l + mu) * (0.01 / (0.001 + 0.01)), 1e-12);
    ana_analytic_free(an);
    c->n_faults = 1;

    /* passive recovery: no closed form, and the reason says so */
    c->recovery_mode = MDL_RECOVERY_PASSIVE;
    an = ana_analytic_new(c);
    CHECK(an->availability_why != NULL);
    CHECK_CONTAINS(an->availability_why, "passive");
    CHECK(isnan(ana_analytic_value(an, "availability.time")));
    ana_analytic_free(an);
    mdl_config_free(c);
}

/* The closed forms against the simulation. */
static void test_analytic_vs_simulation(void)
{
    /* zones failing as a whole: each zone is one unit */
    MdlConfig *c = tm_config(4, 40, 1e5);
    c->warmup = 2000 * SIM_SEC;
    c->seed = 31;
    c->balancing = MDL_BALANCE_RANDOM;
    g_free(c->zones[0]);
    g_free(c->zones);
    c->n_zones = 2;
    c->zones = g_new0(char *, 2);
    c->zones[0] = g_strdup("za");
    c->zones[1] = g_strdup("zb");
    for (int m = 0; m < 4; m++) {
        c->members[m].zone = (uint32_t)m % 2;
        c->members[m].capacity = 60;
    }
    MdlFaultConfig *f = tm_fault(c, MDL_FAULT_NETWORK, MDL_TARGET_EACH_ZONE, 0);
    f->every = sim_dist_exponential(300);
    f->repair = sim_dist_exponential(60);
    AnaAnalytic *an = ana_analytic_new(c);
    CHECK(an->availability_why == NULL);
    AnaRunOptions o = {.jobs = 2};
    AnaRun *run = ana_run_replications(c, 0, 24, &o);
    const char *metrics[] = {"availability.time", "outage.count", "member.hsm1.uptime"};
    for (size_t i = 0; i < G_N_ELEMENTS(metrics); i++) {
        AnaAggregate ag;
        ana_run_aggregate(run, (guint)ana_metric_set_find(run->metrics, metrics[i]), &ag);
        double exact = ana_analytic_value(an, metrics[i]);
        printf("\n    zones: %s simulated %.6g [%.6g, %.6g], exact %.6g ", metrics[i], ag.mean,
               ag.lo, ag.hi, exact);
        if (!(ag.lo <= exact && exact <= ag.hi))
            CHECK_FAILF("%s: exact %.6g outside [%.6g, %.6g]", metrics[i], exact, ag.lo, ag.hi);
    }
    ana_run_free(run);
    ana_analytic_free(an);
    mdl_config_free(c);

    /* M/M/c members under random balancing */
    c = tm_config(3, 3000, 100);
    c->warmup = 10 * SIM_SEC;
    c->seed = 32;
    c->balancing = MDL_BALANCE_RANDOM;
    for (int m = 0; m < 3; m++) {
        c->members[m].capacity = 1200;
        c->members[m].concurrency = 3;
        c->members[m].queue_limit = 100000;
    }
    an = ana_analytic_new(c);
    CHECK(an->latency_why == NULL);
    run = ana_run_replications(c, 0, 12, &o);
    AnaAggregate ag;
    ana_run_aggregate(run, ANA_M_LAT_MEAN, &ag);
    double exact = ana_analytic_value(an, "latency.mean_ms");
    printf("\n    M/M/3: latency.mean_ms simulated %.6g [%.6g, %.6g], exact %.6g ", ag.mean, ag.lo, ag.hi, exact);
    if (!(ag.lo <= exact && exact <= ag.hi))
        CHECK_FAILF("latency: exact %.6g outside [%.6g, %.6g]", exact, ag.lo, ag.hi);
    ana_run_free(run);
    ana_analytic_free(an);
    mdl_config_free(c);
}

/* An interval reaching below availability 0 gives 0 nines at its lower end, not fewer;
 * the interval at another confidence is the same code as the 95 % one. */
static void test_nines_and_confidence(void)
{
    const double wide[] = {0.8, 0.01};              /* unavailability */
    AnaAggregate a, n;
    ana_aggregate_kind(wide, 2, 1, ANA_KIND_FRACTION, &a);
    CHECK(a.lo == 0 && a.hi == 1);
    ana_aggregate_nines(&a, &n);
    CHECK(n.lo == 0);
    CHECK_NEAR(n.mean, ana_nines(1 - a.mean), 1e-12);
    CHECK(isinf(n.hi));
    CHECK_NEAR(ana_nines(0.999), 3, 1e-9);
    CHECK(isnan(ana_nines(1)) && isnan(ana_nines(NAN)));
    const double v[] = {1, 2, NAN, 4, 8};
    AnaAggregate x, y;
    ana_aggregate(v, 5, 1, &x);
    ana_aggregate_alpha(v, 5, 1, 0.05, &y);
    CHECK(x.mean == y.mean && x.stddev == y.stddev && x.lo == y.lo && x.hi == y.hi && x.n == y.n);
    ana_aggregate_alpha(v, 5, 1, 0.01, &y);
    CHECK(y.lo < x.lo && y.hi > x.hi);
    guint nv = 0;
    double var = 0;
    CHECK_NEAR(ana_mean_var(v, 5, 1, &nv, &var), 3.75, 1e-12);
    CHECK_UINT_EQ(nv, 4);
    CHECK_NEAR(var, x.stddev * x.stddev, 1e-12);
}

/* Two metrics (latency.mean_ms, latency.p99_ms), the same values in both. */
static AnaResult *fake_result2(guint n, const double *v)
{
    AnaResult *r = g_new0(AnaResult, 1);
    r->path = g_strdup("fake2");
    r->metrics = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(r->metrics, g_strdup("latency.mean_ms"));
    g_ptr_array_add(r->metrics, g_strdup("latency.p99_ms"));
    r->n = n;
    r->index = g_new(guint, n);
    r->seed = g_new(char *, n);
    r->values = g_new(double, 2 * n);
    for (guint i = 0; i < n; i++) {
        r->index[i] = i;
        r->seed[i] = g_strdup_printf("%u", 1000 + i);
        r->values[2 * i] = r->values[2 * i + 1] = v[i];
    }
    return r;
}

/* Every tolerance is checked, compared or not; a percentage is of the base mean shown. */
static void test_compare_tolerances(void)
{
    const double b[] = {10, 20, 30, 40}, c[] = {11, 21, NAN, 41};
    AnaResult *rb = fake_result2(4, b), *rc = fake_result2(4, c);
    const char *only_mean[] = {"latency.mean_ms", NULL};
    const char *bad[][2] = {{"latency.p99_ms=abc", NULL}, {"latency.p99_ms=-1", NULL},
                            {"latency.p99_ms=1%%", NULL}, {"=1", NULL}, {"latency.p99_ms", NULL},
                            {"no.such=1", NULL}};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        AnaCompareOptions o = {only_mean, bad[i], 0.05};
        GError *err = NULL;
        GPtrArray *cmp = ana_compare(rb, rc, &o, NULL, NULL, &err);
        if (cmp != NULL || err == NULL) {
            CHECK_FAILF("--tolerance %s accepted", bad[i][0]);
            ana_comparisons_free(cmp);
        } else {
            CHECK_CONTAINS(err->message, bad[i][0]);
        }
        g_clear_error(&err);
    }
    /* paired on the 3 replications both have a value in: the tolerance is 10 % of their
     * base mean (70 / 3), not of the 4 base values' (25) */
    const char *pct[] = {"latency.mean_ms=10%", NULL};
    AnaCompareOptions o = {only_mean, pct, 0.05};
    gboolean paired = FALSE;
    GPtrArray *cmp = ana_compare(rb, rc, &o, &paired, NULL, NULL);
    CHECK(cmp != NULL && paired);
    if (cmp) {
        AnaComparison *x = g_ptr_array_index(cmp, 0);
        CHECK_UINT_EQ(x->n_base, 3);
        CHECK_NEAR(x->base_mean, 70.0 / 3, 1e-12);
        CHECK_NEAR(x->tolerance, 7.0 / 3, 1e-12);
        CHECK_NEAR(x->diff, 1, 1e-12);
        CHECK_INT_EQ(x->verdict, ANA_WITHIN);           /* +1 every time, within 2.33 */
        ana_comparisons_free(cmp);
    }
    ana_result_free(rb);
    ana_result_free(rc);
    /* an empty file is not a result, and says so */
    char *empty = NULL;
    int fd = g_file_open_tmp("hapgsim-empty-XXXXXX.json", &empty, NULL);
    CHECK(fd >= 0);
    if (fd >= 0) {
        close(fd);
        GError *err = NULL;
        CHECK(ana_result_load(empty, &err) == NULL);
        CHECK(err != NULL);
        if (err)
            CHECK_CONTAINS(err->message, "empty");
        g_clear_error(&err);
        g_remove(empty);
    }
    g_free(empty);
}

/* engine.events_per_s only with timing; an interrupted run's CSV says so at its end. */
static void test_report_timing_and_interrupted(void)
{
    const double v[] = {0.5, 0.6, 0.7};
    AnaRun *run = fake_run(v, 3);
    char *csv = ana_report_csv(run, 0, TRUE);
    CHECK(strstr(csv, "events_per_s") == NULL);
    CHECK(strstr(csv, "interrupted") == NULL);
    g_free(csv);
    run->timing = TRUE;
    csv = ana_report_csv(run, 0, FALSE);
    CHECK_CONTAINS(csv, "0,2,engine.events_per_s,0.69999999999999996\n");
    g_free(csv);
    run->timing = FALSE;
    run->done[2] = FALSE;
    run->completed = 2;
    csv = ana_report_csv(run, 0, TRUE);
    CHECK(g_str_has_suffix(csv, "\n0,,interrupted,1\n"));
    CHECK(strstr(csv, "\n0,2,") == NULL);
    g_free(csv);
    ana_run_free(run);
}

/* A sweep's point values come from its axes; a value given twice is listed once per
 * axis; the points that did not finish are marked in the CSV. */
static void test_sweep_values_and_interrupted(void)
{
    const char *paths[] = {"members.count", "seed"};
    const char *a0[] = {"2", "3", "2", NULL}, *a1[] = {"7", "8", NULL};
    const char *const *values[] = {a0, a1};
    AnaSweep *s = ana_sweep_new(2, paths, values);
    CHECK_UINT_EQ(s->n_points, 6);
    guint idx[2];
    ana_sweep_point_indices(s, 5, idx);
    CHECK(idx[0] == 2 && idx[1] == 1);
    const double v[] = {0.5, 0.6};
    s->runs[1] = fake_run(v, 2);
    char *csv = ana_sweep_csv(s);
    CHECK_CONTAINS(csv, "1,,sweep.members.count,2\n1,,sweep.seed,8\n1,0,availability.time,0.5\n");
    CHECK_CONTAINS(csv, "0,,interrupted,1\n2,,interrupted,1\n");
    CHECK(g_str_has_suffix(csv, "\n5,,interrupted,1\n"));
    CHECK(strstr(csv, "1,,interrupted") == NULL);
    g_free(csv);
    AnaReportInfo info = {.version = "test", .scenario_name = "s"};
    char *json = ana_sweep_json(s, &info);
    JsonParser *p = json_parser_new();
    CHECK(json_parser_load_from_data(p, json, -1, NULL));
    JsonObject *top = json_node_get_object(json_parser_get_root(p));
    JsonArray *axes = json_object_get_array_member(top, "axes");
    JsonArray *count = json_object_get_array_member(json_array_get_object_element(axes, 0), "values");
    CHECK_UINT_EQ(json_array_get_length(count), 2);
    CHECK_STR_EQ(json_array_get_string_element(count, 1), "3");
    JsonObject *pt = json_array_get_object_element(json_object_get_array_member(top, "points"), 5);
    JsonObject *pv = json_object_get_object_member(pt, "values");
    CHECK_STR_EQ(json_object_get_string_member(pv, "members.count"), "2");
    CHECK_STR_EQ(json_object_get_string_member(pv, "seed"), "8");
    g_object_unref(p);
    g_free(json);
    ana_sweep_free(s);
}

/* A trace cut short ends with an "interrupted" line. */
static void test_trace_interrupted(void)
{
    MdlConfig *c = tm_config(2, 5, 100);
    AnaTrace *t = ana_trace_new(c);
    ana_trace_interrupted(t, 5 * SIM_SEC);
    CHECK_STR_EQ(ana_trace_text(t)->str,
                 "{\"t\": 5.000000000, \"t_ns\": 5000000000, \"event\": \"interrupted\"}\n");
    ana_trace_free(t);
    mdl_config_free(c);
}

/* json-glib's pretty printing of what it parses from `json`. */
static char *jsonglib_pretty(const char *json)
{
    JsonParser *p = json_parser_new();
    char *out = NULL;
    if (json_parser_load_from_data(p, json, -1, NULL)) {
        JsonGenerator *g = json_generator_new();
        json_generator_set_root(g, json_parser_get_root(p));
        json_generator_set_pretty(g, TRUE);
        json_generator_set_indent(g, 2);
        char *text = json_generator_to_data(g, NULL);
        out = g_strconcat(text, "\n", NULL);
        g_free(text);
        g_object_unref(g);
    }
    g_object_unref(p);
    return out;
}

/* The streamed JSON is what json-glib itself prints for the same document (so
 * json-glib reads back every value, and the bytes are those of earlier versions);
 * values round-trip exactly, -0.0 and integral doubles included. */
static void test_streamed_json_matches_jsonglib(void)
{
    const double v[] = {0.5, -0.0, 3.0, 1.0 / 3.0, 123456.789, 2e-300};
    AnaRun *run = fake_run(v, 6);
    run->values[0] = NAN;                /* a null */
    AnaBound bounds[] = {{"availability.time", TRUE, FALSE, 0.1, 0}};
    AnaVerdict *verdicts = ana_judge(run, bounds, 1);
    AnaReportInfo info = {.version = "t\"1\\", .scenario_name = "a\tb\x01\xc3\xa9",
                          .scenario_yaml = "x: 1\n", .scenario_sha256 = "00",
                          .seed = G_MAXUINT64, .verdicts = verdicts, .n_verdicts = 1,
                          .precision_note = "n", .precision_reached = TRUE};
    char *json = ana_report_json(run, &info);
    char *again = jsonglib_pretty(json);
    CHECK(again != NULL);
    if (again)
        CHECK_STR_EQ(json, again);
    JsonParser *p = json_parser_new();
    CHECK(json_parser_load_from_data(p, json, -1, NULL));
    JsonObject *top = json_node_get_object(json_parser_get_root(p));
    JsonArray *reps = json_object_get_array_member(top, "per_replication");
    CHECK_UINT_EQ(json_array_get_length(reps), 6);
    for (guint r = 1; r < 6; r++) {
        JsonObject *m = json_object_get_object_member(json_array_get_object_element(reps, r), "metrics");
        double got = json_object_get_double_member(m, "outage.total_s");
        CHECK(got == v[r] && signbit(got) == signbit(v[r]));
    }
    g_object_unref(p);
    g_free(again);
    g_free(json);
    g_free(verdicts);
    ana_run_free(run);

    /* a sweep's JSON too */
    const char *paths[] = {"faults.0.repair"};
    const char *a0[] = {"{dist: uniform, min: 1s, max: 2s}", "say \"hi\"", NULL};
    const char *const *values[] = {a0};
    AnaSweep *s = ana_sweep_new(1, paths, values);
    s->runs[0] = fake_run(v, 3);
    AnaReportInfo sinfo = {.version = "test", .scenario_name = "s"};
    json = ana_sweep_json(s, &sinfo);
    again = jsonglib_pretty(json);
    CHECK(again && strcmp(json, again) == 0);
    g_free(again);
    g_free(json);
    ana_sweep_free(s);
}

/* CSV fields holding a comma, a quote, CR or LF are quoted (RFC 4180). */
static void test_csv_quoting(void)
{
    const char *paths[] = {"faults.0.repair"};
    const char *a0[] = {"{dist: uniform, min: 1s, max: 2s}", "say \"hi\"", "plain", NULL};
    const char *const *values[] = {a0};
    AnaSweep *s = ana_sweep_new(1, paths, values);
    const double v[] = {0.5};
    for (guint p = 0; p < 3; p++)
        s->runs[p] = fake_run(v, 1);
    char *csv = ana_sweep_csv(s);
    CHECK_CONTAINS(csv, "\n0,,sweep.faults.0.repair,\"{dist: uniform, min: 1s, max: 2s}\"\n");
    CHECK_CONTAINS(csv, "\n1,,sweep.faults.0.repair,\"say \"\"hi\"\"\"\n");
    CHECK_CONTAINS(csv, "\n2,,sweep.faults.0.repair,plain\n");
    g_free(csv);
    ana_sweep_free(s);
}

/* Output files: written whole on commit, nothing on abort, a missing directory or a
 * directory refused at once, an input refused as output. */
static void test_output_files(void)
{
    char *dir = g_dir_make_tmp("hapgsim-out-XXXXXX", NULL);
    char *file = g_build_filename(dir, "a.txt", NULL);
    GError *err = NULL;
    AnaOutput *o = ana_output_open(file, NULL, &err);
    CHECK(o != NULL);
    ana_output_puts(o, "never");
    ana_output_abort(o);
    CHECK(!g_file_test(file, G_FILE_TEST_EXISTS));
    GDir *d = g_dir_open(dir, 0, NULL);
    CHECK(g_dir_read_name(d) == NULL);                 /* no temporary left */
    g_dir_close(d);
    o = ana_output_open(file, NULL, &err);
    for (int i = 0; i < 100000; i++)                   /* beyond the buffer */
        ana_output_printf(o, "%d\n", i);
    CHECK(ana_output_commit(o, &err));
    char *text = NULL;
    gsize len = 0;
    CHECK(g_file_get_contents(file, &text, &len, NULL));
    CHECK(len == 588890 && g_str_has_suffix(text, "\n99999\n"));
    g_free(text);
    const char *inputs[] = {file, NULL};
    CHECK(ana_output_open(file, inputs, &err) == NULL);
    CHECK_CONTAINS(err->message, "is the input file");
    g_clear_error(&err);
    char *missing = g_build_filename(dir, "no", "b.json", NULL);
    CHECK(ana_output_open(missing, NULL, &err) == NULL);
    CHECK_CONTAINS(err->message, "no such directory");
    g_clear_error(&err);
    CHECK(ana_output_open(dir, NULL, &err) == NULL);
    CHECK_CONTAINS(err->message, "is a directory");
    g_clear_error(&err);
    /* through a symlink: the target is replaced, the link stays */
    char *link = g_build_filename(dir, "l.txt", NULL);
    CHECK(symlink("a.txt", link) == 0);
    o = ana_output_open(link, NULL, &err);
    ana_output_puts(o, "new\n");
    CHECK(ana_output_commit(o, &err));
    CHECK(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
    CHECK(g_file_get_contents(file, &text, NULL, NULL) && strcmp(text, "new\n") == 0);
    g_free(text);
    g_remove(link);
    g_remove(file);
    g_rmdir(dir);
    g_free(link);
    g_free(missing);
    g_free(file);
    g_free(dir);
}

/* The journal: records read back exactly, whatever their order; a torn last line is
 * cut off; another scenario's journal is refused. */
static void test_sweep_journal(void)
{
    char *dir = g_dir_make_tmp("hapgsim-jl-XXXXXX", NULL);
    char *path = g_build_filename(dir, "x.hapgsim-journal", NULL);
    const char *paths[] = {"seed"};
    const char *a0[] = {"1", "2", NULL};
    const char *const *values[] = {a0};
    MdlConfig *c = mdl_config_new();
    c->replications = 3;
    const MdlConfig *configs[] = {c, c};
    AnaReportInfo info = {.version = "t", .scenario_name = "s", .scenario_sha256 = "abc", .seed = 9};
    AnaSweep *s = ana_sweep_new(1, paths, values);
    long taken = -1;
    GError *err = NULL;
    AnaSweepJournal *j = ana_sweep_journal_open(s, path, &info, configs, FALSE, FALSE, &taken, &err);
    CHECK(j != NULL && taken == 0);
    const double v[] = {1.0 / 3.0, -0.0, 7.0};
    AnaRun *run = fake_run(v, 3);
    run->values[1] = NAN;
    run->values[2] = INFINITY;
    ana_sweep_journal_record(j, 1, run, 2, 5);
    ana_sweep_journal_record(j, 0, run, 0, 6);
    ana_sweep_journal_record(j, 1, run, 1, 7);
    CHECK(ana_sweep_journal_close(j, FALSE, &err));
    FILE *f = fopen(path, "a");
    fputs("{\"point\":0,\"replica", f);                /* killed while writing */
    fclose(f);
    AnaSweep *back = ana_sweep_new(1, paths, values);
    j = ana_sweep_journal_open(back, path, &info, configs, FALSE, TRUE, &taken, &err);
    CHECK(j != NULL && taken == 3);
    CHECK(back->runs[0] && back->runs[1] && back->runs[1]->completed == 2 && back->runs[1]->done[2]);
    if (back->runs[1]) {
        guint m = run->metrics->n;
        CHECK(memcmp(&back->runs[1]->values[2 * m], &run->values[2 * m], m * sizeof(double)) == 0);
        CHECK(signbit(back->runs[1]->values[1 * m + 3]) && back->runs[1]->values[1 * m + 3] == 0);
        CHECK(isnan(back->runs[0]->values[1]) && isinf(back->runs[0]->values[2]));
        CHECK(back->runs[1]->events == 12);
    }
    ana_sweep_journal_close(j, FALSE, NULL);
    char *text = NULL;
    CHECK(g_file_get_contents(path, &text, NULL, NULL) && g_str_has_suffix(text, "}}\n"));
    g_free(text);
    AnaReportInfo other = info;
    other.scenario_sha256 = "def";
    AnaSweep *s3 = ana_sweep_new(1, paths, values);
    CHECK(ana_sweep_journal_open(s3, path, &other, configs, FALSE, TRUE, &taken, &err) == NULL);
    CHECK(err && strstr(err->message, "another scenario"));
    g_clear_error(&err);
    ana_sweep_free(s3);
    ana_sweep_free(back);
    ana_sweep_free(s);
    ana_run_free(run);
    mdl_config_free(c);
    g_remove(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
}

static CU_TestInfo tests[] = {
    {"histogram quantiles within the bucket error", test_histogram_quantiles},
    {"aggregates and the Student-t interval", test_aggregate},
    {"expect verdicts on the interval", test_verdicts},
    {"issue 8: intervals within range, not estimable, Poisson bound, nines", test_evidence_intervals},
    {"issue 8: percentiles interpolated within a bucket", test_histogram_interpolates},
    {"issue 8: verdicts only with evidence", test_verdicts_need_evidence},
    {"issue 8: the result reader refuses wrong types", test_result_reader},
    {"issue 8: Holm-Bonferroni over the compared metrics", test_holm},
    {"comparison rules: direction, tolerance, pairing", test_compare_rules},
    {"pairing on the common replications", test_compare_pairing},
    {"paired test detects interval 60 s vs 1200 s sooner than Welch", test_paired_beats_welch},
    {"closed forms: hand-computed cases and conditions", test_analytic_hand_cases},
    {"closed forms against the simulation", test_analytic_vs_simulation},
    {"nines clamped at 0; intervals at another confidence", test_nines_and_confidence},
    {"every tolerance checked; % of the base mean shown; empty file", test_compare_tolerances},
    {"events_per_s only with timing; interrupted CSV marked", test_report_timing_and_interrupted},
    {"sweep point values from the axes; unfinished points in CSV", test_sweep_values_and_interrupted},
    {"an interrupted trace says so", test_trace_interrupted},
    {"streamed JSON is json-glib's layout; values round-trip", test_streamed_json_matches_jsonglib},
    {"CSV fields quoted as RFC 4180 says", test_csv_quoting},
    {"output files: whole, nothing on abort, checked up front", test_output_files},
    {"sweep journal: exact values, torn line, other scenario", test_sweep_journal},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("analysis", tests)
