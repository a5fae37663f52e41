/* tests/test_rng.c - seeds, streams and the generator. */
#include "check.h"
#include "sim/rng.h"

#include <gsl/gsl_cdf.h>
#include <string.h>

/* Reference values computed independently (Python, from the published algorithms). */
static void test_reference_values(void)
{
    CHECK_UINT_EQ(sim_rng_mix64(0), UINT64_C(0xE220A8397B1DCDAF));      /* SplitMix64(0) */
    CHECK_UINT_EQ(sim_rng_fnv1a64(""), UINT64_C(0xCBF29CE484222325));
    CHECK_UINT_EQ(sim_rng_fnv1a64("a"), UINT64_C(0xAF63DC4C8601EC8C));
    CHECK_UINT_EQ(sim_rng_fnv1a64("member/hsm2/power"), UINT64_C(0x9F133DDD388DC9E4));
    CHECK_UINT_EQ(sim_rng_replication_seed(42, 3), UINT64_C(0x6A18965C8A3CCA10));

    /* xoshiro256** from the state {1, 2, 3, 4} (the authors' test vector) */
    gsl_rng *r = gsl_rng_alloc(sim_rng_xoshiro256);
    uint64_t state[4] = {1, 2, 3, 4};
    memcpy(gsl_rng_state(r), state, sizeof state);
    const uint64_t want[] = {11520, 0, 1509978240, UINT64_C(1215971899390074240)};
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        CHECK_UINT_EQ(gsl_rng_get(r), want[i]);
    /* seeding expands the 64-bit seed with SplitMix64 */
    gsl_rng_set(r, 42);
    const uint64_t want42[] = {UINT64_C(1546998764402558742), UINT64_C(6990951692964543102),
                               UINT64_C(12544586762248559009)};
    for (size_t i = 0; i < G_N_ELEMENTS(want42); i++)
        CHECK_UINT_EQ(gsl_rng_get(r), want42[i]);
    CHECK_STR_EQ(gsl_rng_name(r), "xoshiro256**");
    gsl_rng_free(r);
}

static void test_reproducible(void)
{
    uint64_t seed = sim_rng_replication_seed(2024, 7);
    gsl_rng *a = sim_rng_stream_new(seed, "client/app1/arrivals");
    gsl_rng *b = sim_rng_stream_new(seed, "client/app1/arrivals");
    for (int i = 0; i < 10000; i++)
        if (gsl_rng_get(a) != gsl_rng_get(b)) {
            CHECK_FAILF("draw %d differs between two streams of the same name and seed", i);
            break;
        }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* What a stream draws does not depend on which other streams exist or how much they
 * draw: common random numbers across policies rest on this. */
static void test_independent_of_other_streams(void)
{
    uint64_t seed = sim_rng_replication_seed(1, 0);
    gsl_rng *alone = sim_rng_stream_new(seed, "member/hsm2/power");
    double first[1000];
    for (int i = 0; i < 1000; i++)
        first[i] = gsl_rng_uniform(alone);

    gsl_rng *other = sim_rng_stream_new(seed, "member/hsm1/power");
    gsl_rng *extra = sim_rng_stream_new(seed, "member/hsm17/power");
    gsl_rng *again = sim_rng_stream_new(seed, "member/hsm2/power");
    for (int i = 0; i < 1000; i++) {
        for (int k = 0; k < 3; k++) {
            gsl_rng_uniform(other);
            gsl_rng_uniform(extra);
        }
        if (gsl_rng_uniform(again) != first[i]) {
            CHECK_FAILF("draw %d changed when other streams drew", i);
            break;
        }
    }
    gsl_rng_free(alone);
    gsl_rng_free(other);
    gsl_rng_free(extra);
    gsl_rng_free(again);
}

/* Distinct names, replications and master seeds give distinct, uncorrelated streams. */
static void test_streams_differ(void)
{
    GHashTable *seen = g_hash_table_new(g_int64_hash, g_int64_equal);
    uint64_t *keys = g_new(uint64_t, 100 * 50);
    int n = 0;
    for (uint64_t rep = 0; rep < 100; rep++) {
        uint64_t rs = sim_rng_replication_seed(5, rep);
        for (int m = 0; m < 50; m++) {
            char name[64];
            g_snprintf(name, sizeof name, "member/hsm%d/power", m);
            keys[n] = sim_rng_stream_seed(rs, name);
            CHECK(!g_hash_table_contains(seen, &keys[n]));
            g_hash_table_add(seen, &keys[n]);
            n++;
        }
    }
    CHECK(sim_rng_replication_seed(5, 0) != sim_rng_replication_seed(6, 0));
    g_hash_table_destroy(seen);
    g_free(keys);

    /* correlation of two neighbouring streams' uniforms: |r| < 4/sqrt(n) */
    uint64_t rs = sim_rng_replication_seed(5, 0);
    gsl_rng *a = sim_rng_stream_new(rs, "x1"), *b = sim_rng_stream_new(rs, "x2");
    const int N = 100000;
    double sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < N; i++) {
        double x = gsl_rng_uniform(a), y = gsl_rng_uniform(b);
        sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
    }
    double cov = sxy / N - (sx / N) * (sy / N);
    double r = cov / sqrt((sxx / N - (sx / N) * (sx / N)) * (syy / N - (sy / N) * (sy / N)));
    CHECK_NEAR(r, 0.0, 4.0 / sqrt(N));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* Uniformity: chi-square over 256 cells of the top byte and of gsl_rng_uniform. */
static void test_uniformity(void)
{
    gsl_rng *r = sim_rng_stream_new(sim_rng_replication_seed(3, 1), "uniformity");
    enum { CELLS = 256, N = 1 << 20 };
    double counts[CELLS] = {0}, counts_u[CELLS] = {0};
    double sum = 0, sumsq = 0;
    for (int i = 0; i < N; i++) {
        counts[gsl_rng_get(r) >> 56] += 1;
        double u = gsl_rng_uniform(r);
        CHECK(u >= 0.0 && u < 1.0);
        counts_u[(int)(u * CELLS)] += 1;
        sum += u;
        sumsq += u * u;
    }
    double chi = 0, chi_u = 0, e = (double)N / CELLS;
    for (int c = 0; c < CELLS; c++) {
        chi += (counts[c] - e) * (counts[c] - e) / e;
        chi_u += (counts_u[c] - e) * (counts_u[c] - e) / e;
    }
    double crit = gsl_cdf_chisq_Qinv(0.0001, CELLS - 1);
    if (chi > crit) CHECK_FAILF("chi-square of top bytes %.1f > %.1f", chi, crit);
    if (chi_u > crit) CHECK_FAILF("chi-square of uniforms %.1f > %.1f", chi_u, crit);
    CHECK_NEAR(sum / N, 0.5, 4 * sqrt(1.0 / 12 / N));
    CHECK_NEAR(sumsq / N - (sum / N) * (sum / N), 1.0 / 12, 0.001);
    for (int i = 0; i < 100000; i++) {
        double u = sim_rng_open01(r);
        if (!(u > 0 && u < 1)) {
            CHECK_FAILF("sim_rng_open01 gave %g", u);
            break;
        }
    }
    gsl_rng_free(r);
}

/* sim_rng_uniform_int: in range, and uniform (chi-square over 7 and 1000 values). */
static void test_uniform_int(void)
{
    gsl_rng *r = sim_rng_stream_new(9, "uniform_int");
    const uint64_t sizes[] = {7, 1000};
    for (size_t s = 0; s < G_N_ELEMENTS(sizes); s++) {
        uint64_t n = sizes[s];
        double *count = g_new0(double, n);
        const int draws = 700000;
        for (int i = 0; i < draws; i++) {
            uint64_t k = sim_rng_uniform_int(r, n);
            if (k >= n) {
                CHECK_FAILF("drew %llu of %llu", (unsigned long long)k, (unsigned long long)n);
                break;
            }
            count[k]++;
        }
        double chi = 0, e = (double)draws / (double)n;
        for (uint64_t k = 0; k < n; k++)
            chi += (count[k] - e) * (count[k] - e) / e;
        double crit = gsl_cdf_chisq_Qinv(0.0001, (double)n - 1);
        if (chi > crit)
            CHECK_FAILF("n = %llu: chi-square %.1f > %.1f", (unsigned long long)n, chi, crit);
        g_free(count);
    }
    CHECK_UINT_EQ(sim_rng_uniform_int(r, 1), 0);
    for (int i = 0; i < 1000; i++)
        CHECK(sim_rng_uniform_int(r, UINT64_C(0x8000000000000001)) <= UINT64_C(0x8000000000000000));
    /* another GSL generator goes through gsl_rng_uniform_int */
    gsl_rng *mt = gsl_rng_alloc(gsl_rng_mt19937);
    for (int i = 0; i < 1000; i++)
        CHECK(sim_rng_uniform_int(mt, 10) < 10);
    gsl_rng_free(mt);
    gsl_rng_free(r);
}

static CU_TestInfo tests[] = {
    {"uniform integers without bias", test_uniform_int},
    {"reference values of the mixes and the generator", test_reference_values},
    {"same seed and name, same draws", test_reproducible},
    {"a stream ignores the other streams", test_independent_of_other_streams},
    {"distinct names and replications, distinct streams", test_streams_differ},
    {"uniformity", test_uniformity},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("sim/rng", tests)
