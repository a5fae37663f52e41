/* tests/test_scenario_library.c - the scenario library (the .yaml files of scenarios/)
 * validates, says what it is for and stays cheap to run; every library file and good
 * fixture survives load -> print -> load with an equal configuration, the same axes and
 * bounds, and prints the same text twice. */
#include "check.h"
#include "scenarios/scenario.h"

#include <string.h>

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static GPtrArray *yaml_paths(const char *dir)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    if (d == NULL)
        return out;
    const char *n;
    while ((n = g_dir_read_name(d)))
        if (g_str_has_suffix(n, ".yaml"))
            g_ptr_array_add(out, g_build_filename(dir, n, NULL));
    g_dir_close(d);
    g_ptr_array_sort(out, cmp_str);
    return out;
}

static ScnScenario *load_ok(const char *path)
{
    GError *err = NULL;
    ScnScenario *s = scn_load_file(path, NULL, &err);
    if (s == NULL) {
        CHECK_FAILF("%s: %s", path, err->message);
        g_error_free(err);
    }
    return s;
}

static const char *const library[] = {
    "reference-two-az.yaml", "zone-outage-3az.yaml", "retry-exhaustion.yaml",
    "flapping-link.yaml", "tamper-zeroize.yaml", "tamper-zeroize-nosync.yaml",
    "capacity-16.yaml", "async-cluster.yaml", "closed-loop-capacity.yaml",
    "mixed-fleet.yaml",
};

static void test_library_present(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(library); i++) {
        char *p = g_build_filename(SCN_LIBRARY, library[i], NULL);
        if (!g_file_test(p, G_FILE_TEST_IS_REGULAR))
            CHECK_FAILF("missing from the library: %s", library[i]);
        g_free(p);
    }
}

static void test_library_validates(void)
{
    GPtrArray *paths = yaml_paths(SCN_LIBRARY);
    CHECK(paths->len >= G_N_ELEMENTS(library));
    for (guint i = 0; i < paths->len; i++) {
        const char *path = g_ptr_array_index(paths, i);
        char *text = NULL;
        g_file_get_contents(path, &text, NULL, NULL);
        /* each file opens with a comment saying which question it answers */
        if (text == NULL || !g_str_has_prefix(text, "# Question: "))
            CHECK_FAILF("%s does not start with \"# Question: \"", path);
        g_free(text);
        ScnScenario *s = load_ok(path);
        if (s == NULL)
            continue;
        const MdlConfig *c = scn_scenario_config(s);
        /* the model simulates every operation: keep a run under ~1e8 of them */
        double rate = c->rate;
        if (c->app.threads > 0) {        /* closed loop: at most what the members serve */
            rate = 0;
            for (uint32_t m = 0; m < c->n_members; m++)
                rate += c->members[m].capacity;
            rate /= c->n_clients;
        }
        double ops = rate * c->n_clients * sim_time_to_s(c->duration) * c->replications;
        if (ops > 1e8 && c->workload_mode != MDL_WORKLOAD_FLUID)
            CHECK_FAILF("%s costs %.3g operations (more than 1e8)", path, ops);
        char *base = g_path_get_basename(path);
        base[strlen(base) - 5] = '\0';
        CHECK_STR_EQ(c->name, base);                 /* name matches the file */
        g_free(base);
        scn_scenario_free(s);
    }
    g_ptr_array_free(paths, TRUE);
}

static void test_library_content(void)
{
    char *p = g_build_filename(SCN_LIBRARY, "reference-two-az.yaml", NULL);
    ScnScenario *s = load_ok(p);
    g_free(p);
    if (s) {
        const MdlConfig *c = scn_scenario_config(s);
        CHECK_UINT_EQ(c->n_members, 2);
        CHECK_UINT_EQ(c->n_zones, 2);
        CHECK(c->members[0].zone != c->members[1].zone);
        CHECK_INT_EQ(c->retry, -1);
        CHECK_INT_EQ(c->interval, 60 * SIM_SEC);
        CHECK_INT_EQ(c->recovery_mode, MDL_RECOVERY_PASSIVE);
        CHECK(c->ha_only && c->synchronize);
        CHECK_INT_EQ(c->duration, 365 * SIM_DAY);
        CHECK(c->replications >= 10 && c->replications <= 20);
        scn_scenario_free(s);
    }
    p = g_build_filename(SCN_LIBRARY, "capacity-16.yaml", NULL);
    s = load_ok(p);
    g_free(p);
    if (s) {
        const MdlConfig *c = scn_scenario_config(s);
        CHECK_UINT_EQ(c->n_members, 16);
        CHECK_NEAR(c->rate * c->n_clients, 20000, 0);
        scn_scenario_free(s);
    }
    p = g_build_filename(SCN_LIBRARY, "zone-outage-3az.yaml", NULL);
    s = load_ok(p);
    g_free(p);
    if (s) {
        const MdlConfig *c = scn_scenario_config(s);
        CHECK_UINT_EQ(c->n_members, 6);
        CHECK_UINT_EQ(c->n_zones, 3);
        CHECK(c->n_faults == 1 && c->faults[0].target == MDL_TARGET_ZONE &&
              c->faults[0].duration == 3 * SIM_HOUR);
        scn_scenario_free(s);
    }
}

/* load -> print -> load: equal configuration, axes and bounds; the same text again. */
static void round_trip(const char *path)
{
    ScnScenario *a = load_ok(path);
    if (a == NULL)
        return;
    char *text = scn_scenario_print(a);
    if (text == NULL) {
        CHECK_FAILF("%s: print failed", path);
        scn_scenario_free(a);
        return;
    }
    GError *err = NULL;
    ScnScenario *b = scn_load_string(text, strlen(text), "printed.yaml", NULL, &err);
    if (b == NULL) {
        CHECK_FAILF("%s: its print does not load: %s\n%s", path, err->message, text);
        g_error_free(err);
        g_free(text);
        scn_scenario_free(a);
        return;
    }
    if (!scn_config_equal(scn_scenario_config(a), scn_scenario_config(b)))
        CHECK_FAILF("%s: the printed configuration differs:\n%s", path, text);
    CHECK_UINT_EQ(scn_scenario_n_axes(b), scn_scenario_n_axes(a));
    for (guint i = 0; i < MIN(scn_scenario_n_axes(a), scn_scenario_n_axes(b)); i++) {
        CHECK_STR_EQ(scn_scenario_axis_path(b, i), scn_scenario_axis_path(a, i));
        CHECK_UINT_EQ(scn_scenario_axis_n_values(b, i), scn_scenario_axis_n_values(a, i));
        for (guint j = 0; j < MIN(scn_scenario_axis_n_values(a, i),
                                  scn_scenario_axis_n_values(b, i)); j++)
            CHECK_STR_EQ(scn_scenario_axis_value(b, i, j), scn_scenario_axis_value(a, i, j));
    }
    CHECK_UINT_EQ(scn_scenario_n_expect(b), scn_scenario_n_expect(a));
    for (guint i = 0; i < MIN(scn_scenario_n_expect(a), scn_scenario_n_expect(b)); i++) {
        const ScnExpect *x = scn_scenario_expect(a, i), *y = scn_scenario_expect(b, i);
        CHECK_STR_EQ(y->metric, x->metric);
        CHECK(x->has_min == y->has_min && x->has_max == y->has_max);
        CHECK(!x->has_min || x->min == y->min);
        CHECK(!x->has_max || x->max == y->max);
    }
    char *again = scn_scenario_print(b);
    if (g_strcmp0(text, again) != 0)
        CHECK_FAILF("%s: printing twice differs:\n%s\n---\n%s", path, text, again);
    char *ha = scn_scenario_sha256(a), *hb = scn_scenario_sha256(b);
    CHECK_STR_EQ(hb, ha);
    CHECK_UINT_EQ(strlen(ha), 64);
    /* every sweep point of the original equals the same point of the print */
    guint n_axes = scn_scenario_n_axes(a);
    guint idx[16] = {0};
    for (guint ax = 0; ax < n_axes && ax < 16; ax++) {
        for (guint v = 0; v < scn_scenario_axis_n_values(a, ax); v++) {
            memset(idx, 0, sizeof idx);
            idx[ax] = v;
            ScnScenario *pa = scn_scenario_at_point(a, idx, NULL);
            ScnScenario *pb = scn_scenario_at_point(b, idx, NULL);
            CHECK(pa && pb);
            if (pa && pb && !scn_config_equal(scn_scenario_config(pa), scn_scenario_config(pb)))
                CHECK_FAILF("%s: point %u=%u differs after printing", path, ax, v);
            scn_scenario_free(pa);
            scn_scenario_free(pb);
        }
    }
    g_free(ha);
    g_free(hb);
    g_free(again);
    g_free(text);
    scn_scenario_free(a);
    scn_scenario_free(b);
}

static void test_round_trip_library(void)
{
    GPtrArray *paths = yaml_paths(SCN_LIBRARY);
    for (guint i = 0; i < paths->len; i++)
        round_trip(g_ptr_array_index(paths, i));
    g_ptr_array_free(paths, TRUE);
}

static void test_round_trip_fixtures(void)
{
    char *dir = g_build_filename(SCN_FIXTURES, "good", NULL);
    GPtrArray *paths = yaml_paths(dir);
    CHECK(paths->len >= 4);
    for (guint i = 0; i < paths->len; i++)
        round_trip(g_ptr_array_index(paths, i));
    g_ptr_array_free(paths, TRUE);
    g_free(dir);
}

/* Values that print in other forms than written: the print still reads back equal. */
static void test_round_trip_numbers(void)
{
    const char *text =
        "hapgsim: 1\n"
        "duration: 200y\n"
        "warmup: 0.000000001\n"
        "members:\n"
        "  defaults: {capacity: 0.1, service: {read: {dist: uniform, min: 0.1s, max: 1.7e-3h},\n"
        "             create: {dist: lognormal, median: 1.5ms, sigma: 1e-3},\n"
        "             delete: {dist: exponential, mean: 199y},\n"
        "             clone: {dist: weibull, shape: 3.3333333333333335, scale: 1d1ns}}}\n"
        "workload: {rate: 1e300, mix: {read: 0.1, create: 0.2, delete: 0.7}}\n"
        "operator: {response: {dist: lognormal, mu: 0.1, sigma: 2}}\n";
    GError *err = NULL;
    ScnScenario *a = scn_load_string(text, strlen(text), "n.yaml", NULL, &err);
    if (a == NULL) {
        CHECK_FAILF("%s", err->message);
        g_error_free(err);
        return;
    }
    char *p1 = scn_scenario_print(a);
    ScnScenario *b = scn_load_string(p1, strlen(p1), "n.yaml", NULL, &err);
    CHECK(b != NULL);
    if (b) {
        CHECK(scn_config_equal(scn_scenario_config(a), scn_scenario_config(b)));
        char *p2 = scn_scenario_print(b);
        CHECK_STR_EQ(p2, p1);
        g_free(p2);
        scn_scenario_free(b);
    } else {
        g_error_free(err);
    }
    CHECK_CONTAINS(p1, "duration: 200y");
    CHECK_CONTAINS(p1, "warmup: 1ns");
    CHECK_CONTAINS(p1, "max: 6120ms");
    CHECK_CONTAINS(p1, "median: 1500us");
    CHECK_CONTAINS(p1, "rate: 1e+300");
    CHECK_CONTAINS(p1, "mix: {read: 0.1, create: 0.2, delete: 0.7}");
    g_free(p1);
    scn_scenario_free(a);
}

static CU_TestInfo tests[] = {
    {"the library has its studies", test_library_present},
    {"every library file validates and is cheap", test_library_validates},
    {"library scenarios say what they should", test_library_content},
    {"round trip: library", test_round_trip_library},
    {"round trip: fixtures", test_round_trip_fixtures},
    {"round trip: numbers in other forms", test_round_trip_numbers},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("scenarios/library", tests)
