/* tests/test_time.c - simulated time: parsing, printing, conversions. */
#include "check.h"
#include "sim/time.h"

#include <string.h>

static SimTime parse_ok(const char *text)
{
    SimTime t = -1;
    GError *err = NULL;
    if (!sim_time_parse(text, &t, &err)) {
        CHECK_FAILF("sim_time_parse(\"%s\") failed: %s", text, err->message);
        g_error_free(err);
    }
    return t;
}

static void test_units(void)
{
    CHECK_INT_EQ(parse_ok("7ns"), 7);
    CHECK_INT_EQ(parse_ok("3us"), 3000);
    CHECK_INT_EQ(parse_ok("250ms"), 250 * SIM_MS);
    CHECK_INT_EQ(parse_ok("90s"), 90 * SIM_SEC);
    CHECK_INT_EQ(parse_ok("15m"), 15 * SIM_MIN);
    CHECK_INT_EQ(parse_ok("2h"), 2 * SIM_HOUR);
    CHECK_INT_EQ(parse_ok("365d"), 365 * SIM_DAY);
    CHECK_INT_EQ(parse_ok("1y"), 365 * SIM_DAY);
    CHECK_INT_EQ(parse_ok("1h30m"), 90 * SIM_MIN);
    CHECK_INT_EQ(parse_ok("1d2h3m4s5ms"), SIM_DAY + 2 * SIM_HOUR + 3 * SIM_MIN + 4 * SIM_SEC + 5 * SIM_MS);
    CHECK_INT_EQ(parse_ok("  20s "), 20 * SIM_SEC);
    CHECK_INT_EQ(parse_ok("+5s"), 5 * SIM_SEC);
    CHECK_INT_EQ(parse_ok("0"), 0);
    CHECK_INT_EQ(parse_ok("0s"), 0);
}

static void test_bare_numbers_are_seconds(void)
{
    CHECK_INT_EQ(parse_ok("90"), 90 * SIM_SEC);
    CHECK_INT_EQ(parse_ok("1.5"), 1500 * SIM_MS);
    CHECK_INT_EQ(parse_ok("2e-3"), 2 * SIM_MS);
    CHECK_INT_EQ(parse_ok("1E2"), 100 * SIM_SEC);
    CHECK_INT_EQ(parse_ok(".5"), 500 * SIM_MS);
}

static void test_decimal_fractions_are_exact(void)
{
    /* 0.1 has no exact binary form; the parser must not go through a double */
    CHECK_INT_EQ(parse_ok("0.1s"), 100000000);
    CHECK_INT_EQ(parse_ok("0.3s"), 300000000);
    CHECK_INT_EQ(parse_ok("1.000000001s"), 1000000001);
    CHECK_INT_EQ(parse_ok("0.1ms"), 100000);
    CHECK_INT_EQ(parse_ok("1.5h"), 90 * SIM_MIN);
    CHECK_INT_EQ(parse_ok("0.0000000004s"), 0);   /* below half a nanosecond */
    CHECK_INT_EQ(parse_ok("0.0000000006s"), 1);   /* rounds to the nearest */
    /* more than 19 significant digits: the rest only rounds */
    CHECK_INT_EQ(parse_ok("1.00000000000000000000001s"), SIM_SEC);
    CHECK_INT_EQ(parse_ok("000000000000000000000000001s"), SIM_SEC);
}

static void test_rejects(void)
{
    const char *bad[] = {"", "  ", "s", "1x", "1 s", "1h30", "abc", "1..2s", "1e", "1e+s",
                         "+-1s", "1s2", "1min", "1sec", "0x10s", "1,5s", "nan", "inf"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        SimTime t = 0;
        GError *err = NULL;
        gboolean ok = sim_time_parse(bad[i], &t, &err);
        if (ok) {
            CHECK_FAILF("\"%s\" was accepted as %" G_GINT64_FORMAT " ns", bad[i], t);
            continue;
        }
        CHECK(g_error_matches(err, SIM_TIME_ERROR, SIM_TIME_ERROR_SYNTAX));
        CHECK_CONTAINS(err->message, "is not a duration");
        g_error_free(err);
    }
}

static void test_negative_and_overflow(void)
{
    SimTime t;
    GError *err = NULL;
    CHECK(!sim_time_parse("-5s", &t, &err));
    CHECK(g_error_matches(err, SIM_TIME_ERROR, SIM_TIME_ERROR_NEGATIVE));
    CHECK_CONTAINS(err->message, "negative");
    g_clear_error(&err);

    const char *huge[] = {"293y", "1e30s", "9223372036854775808ns", "200y200y",
                          "99999999999999999999999999999999h"};
    for (size_t i = 0; i < G_N_ELEMENTS(huge); i++) {
        CHECK(!sim_time_parse(huge[i], &t, &err));
        CHECK(g_error_matches(err, SIM_TIME_ERROR, SIM_TIME_ERROR_RANGE));
        g_clear_error(&err);
    }
    CHECK_INT_EQ(parse_ok("9223372036854775807ns"), INT64_MAX);
    CHECK_INT_EQ(parse_ok("292y"), 292 * SIM_YEAR);
}

static void test_format_round_trip(void)
{
    char buf[SIM_TIME_FORMAT_SIZE];
    CHECK_STR_EQ(sim_time_format(0, buf, sizeof buf), "0s");
    CHECK_STR_EQ(sim_time_format(90 * SIM_SEC, buf, sizeof buf), "90s");
    CHECK_STR_EQ(sim_time_format(90 * SIM_MIN, buf, sizeof buf), "90m");
    CHECK_STR_EQ(sim_time_format(2 * SIM_HOUR, buf, sizeof buf), "2h");
    CHECK_STR_EQ(sim_time_format(365 * SIM_DAY, buf, sizeof buf), "1y");
    CHECK_STR_EQ(sim_time_format(366 * SIM_DAY, buf, sizeof buf), "366d");
    CHECK_STR_EQ(sim_time_format(1500 * SIM_US, buf, sizeof buf), "1500us");
    CHECK_STR_EQ(sim_time_format(7, buf, sizeof buf), "7ns");
    CHECK_STR_EQ(sim_time_format(INT64_MAX, buf, sizeof buf), "9223372036854775807ns");
    GRand *rand = g_rand_new_with_seed(7);
    for (int i = 0; i < 100000; i++) {
        SimTime t = (SimTime)(((uint64_t)g_rand_int(rand) << 31) ^ g_rand_int(rand));
        if (i % 3 == 0) t = (t % 1000) * SIM_SEC;
        if (i % 5 == 0) t = (t % 100000) * SIM_MS;
        sim_time_format(t, buf, sizeof buf);
        SimTime back = parse_ok(buf);
        if (back != t) {
            CHECK_FAILF("%" G_GINT64_FORMAT " printed as %s read back as %" G_GINT64_FORMAT, t, buf, back);
            break;
        }
    }
    g_rand_free(rand);
}

static void test_seconds(void)
{
    CHECK_INT_EQ(sim_time_from_s(1.5), 1500 * SIM_MS);
    CHECK_INT_EQ(sim_time_from_s(1e-9), 1);
    CHECK_INT_EQ(sim_time_from_s(0.4e-9), 0);
    CHECK_INT_EQ(sim_time_from_s(-3.0), 0);
    CHECK_INT_EQ(sim_time_from_s(NAN), 0);
    CHECK_INT_EQ(sim_time_from_s(INFINITY), SIM_TIME_MAX);
    CHECK_INT_EQ(sim_time_from_s(1e300), SIM_TIME_MAX);
    CHECK_NEAR(sim_time_to_s(90 * SIM_SEC), 90.0, 0);
    CHECK_NEAR(sim_time_to_s(1), 1e-9, 1e-24);
}

static void test_saturating(void)
{
    CHECK_INT_EQ(sim_time_add_sat(5 * SIM_SEC, 20 * SIM_MS), 5020 * SIM_MS);
    CHECK_INT_EQ(sim_time_add_sat(SIM_TIME_MAX - 1, 1), SIM_TIME_MAX);
    CHECK_INT_EQ(sim_time_add_sat(SIM_TIME_MAX - 1, 2), SIM_TIME_MAX);
    CHECK_INT_EQ(sim_time_add_sat(200 * SIM_YEAR, 200 * SIM_YEAR), SIM_TIME_MAX);
    CHECK_INT_EQ(sim_time_mul_sat(3, 20 * SIM_MS), 60 * SIM_MS);
    CHECK_INT_EQ(sim_time_mul_sat(0, SIM_TIME_MAX), 0);
    CHECK_INT_EQ(sim_time_mul_sat(UINT64_MAX, 0), 0);
    /* the synchronization of 100 000 objects at 5 days each: beyond 292 years */
    CHECK_INT_EQ(sim_time_mul_sat(100000, 5 * SIM_DAY), SIM_TIME_MAX);
    CHECK_INT_EQ(sim_time_mul_sat(UINT64_MAX, 1), SIM_TIME_MAX);
    CHECK_INT_EQ(sim_time_mul_sat((uint64_t)(SIM_TIME_MAX / SIM_DAY), SIM_DAY),
                 (SIM_TIME_MAX / SIM_DAY) * SIM_DAY);
    CHECK_INT_EQ(sim_time_mul_sat((uint64_t)(SIM_TIME_MAX / SIM_DAY) + 1, SIM_DAY), SIM_TIME_MAX);
}

static CU_TestInfo tests[] = {
    {"units", test_units},
    {"bare numbers are seconds", test_bare_numbers_are_seconds},
    {"decimal fractions are exact", test_decimal_fractions_are_exact},
    {"rejects what is not a duration", test_rejects},
    {"negative and overflowing durations", test_negative_and_overflow},
    {"canonical form round-trips", test_format_round_trip},
    {"seconds conversions", test_seconds},
    {"saturating sums and products", test_saturating},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("sim/time", tests)
