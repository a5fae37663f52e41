/* tests/test_scenario.c - the scenario loader's rules: every fixture of
 * tests/scenarios/bad/ is refused with exactly the errors its "# expect:" lines give
 * (message and line:column), the good fixtures load, and values land where they
 * belong in the configuration. */
#include "check.h"
#include "scenarios/scenario.h"

#include <string.h>

static char *fixture(const char *dir, const char *name)
{
    return g_build_filename(SCN_FIXTURES, dir, name, NULL);
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of the .yaml files of a folder. */
static GPtrArray *yaml_files(const char *dir)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    if (d == NULL)
        return names;
    const char *n;
    while ((n = g_dir_read_name(d)))
        if (g_str_has_suffix(n, ".yaml"))
            g_ptr_array_add(names, g_strdup(n));
    g_dir_close(d);
    g_ptr_array_sort(names, cmp_str);
    return names;
}

/* The "# expect: L:C: message" lines of a fixture, without the prefix. */
static GPtrArray *expected_errors(const char *path)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return out;
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++)
        if (g_str_has_prefix(*l, "# expect: "))
            g_ptr_array_add(out, g_strdup(*l + strlen("# expect: ")));
    g_strfreev(lines);
    g_free(text);
    return out;
}

static void test_bad_fixtures(void)
{
    char *dir = g_build_filename(SCN_FIXTURES, "bad", NULL);
    GPtrArray *names = yaml_files(dir);
    CHECK(names->len >= 100);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        char *path = g_build_filename(dir, name, NULL);
        GPtrArray *want = expected_errors(path);
        if (want->len == 0)
            CHECK_FAILF("%s has no \"# expect:\" line", name);
        GError *err = NULL;
        ScnScenario *s = scn_load_file(path, NULL, &err);
        if (s != NULL) {
            CHECK_FAILF("%s was accepted", name);
            scn_scenario_free(s);
        } else {
            CHECK(err->domain == SCN_ERROR && err->code == SCN_ERROR_INVALID);
            /* every line is PATH:L:C: message; compare what follows PATH: */
            GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
            char **lines = g_strsplit(err->message, "\n", -1);
            char *prefix = g_strconcat(path, ":", NULL);
            for (char **l = lines; *l; l++) {
                if (!g_str_has_prefix(*l, prefix))
                    CHECK_FAILF("%s: error line without the file name: %s", name, *l);
                else
                    g_ptr_array_add(got, g_strdup(*l + strlen(prefix)));
            }
            g_free(prefix);
            g_strfreev(lines);
            g_ptr_array_sort(got, cmp_str);
            g_ptr_array_sort(want, cmp_str);
            gboolean same = got->len == want->len;
            for (guint j = 0; same && j < got->len; j++)
                same = strcmp(g_ptr_array_index(got, j), g_ptr_array_index(want, j)) == 0;
            if (!same)
                CHECK_FAILF("%s: errors differ\n  got:\n    %s\n  expected:\n    %s", name,
                            err->message, want->len ? (char *)g_ptr_array_index(want, 0) : "");
            else
                CU_PASS(name);
            g_ptr_array_free(got, TRUE);
            g_error_free(err);
        }
        g_ptr_array_free(want, TRUE);
        g_free(path);
    }
    g_ptr_array_free(names, TRUE);
    g_free(dir);
}

static ScnScenario *load_ok(const char *path, const ScnOptions *opts)
{
    GError *err = NULL;
    ScnScenario *s = scn_load_file(path, opts, &err);
    if (s == NULL) {
        CHECK_FAILF("%s: %s", path, err->message);
        g_error_free(err);
    }
    return s;
}

static ScnScenario *load_text(const char *text, const char *name)
{
    GError *err = NULL;
    ScnScenario *s = scn_load_string(text, strlen(text), name, NULL, &err);
    if (s == NULL) {
        CHECK_FAILF("%s: %s", name, err->message);
        g_error_free(err);
    }
    return s;
}

static char *load_error(const char *text)
{
    GError *err = NULL;
    ScnScenario *s = scn_load_string(text, strlen(text), "t.yaml", NULL, &err);
    if (s) {
        CHECK_FAILF("accepted: %s", text);
        scn_scenario_free(s);
        return g_strdup("");
    }
    char *msg = g_strdup(err->message);
    g_error_free(err);
    return msg;
}

static void test_good_fixtures(void)
{
    char *dir = g_build_filename(SCN_FIXTURES, "good", NULL);
    GPtrArray *names = yaml_files(dir);
    CHECK(names->len >= 4);
    for (guint i = 0; i < names->len; i++) {
        char *path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
        ScnScenario *s = load_ok(path, NULL);
        scn_scenario_free(s);
        g_free(path);
    }
    g_ptr_array_free(names, TRUE);
    g_free(dir);
}

static void test_minimal_is_the_defaults(void)
{
    char *path = fixture("good", "minimal.yaml");
    ScnScenario *s = load_ok(path, NULL);
    if (s) {
        MdlConfig *d = mdl_config_new();
        g_free(d->name);
        d->name = g_strdup("minimal");           /* the file's base name */
        CHECK(scn_config_equal(scn_scenario_config(s), d));
        CHECK_UINT_EQ(scn_scenario_n_axes(s), 0);
        CHECK_UINT_EQ(scn_scenario_n_expect(s), 0);
        CHECK_STR_EQ(scn_scenario_path(s), path);
        mdl_config_free(d);
        scn_scenario_free(s);
    }
    g_free(path);
}

static void test_every_key_values(void)
{
    char *path = fixture("good", "every-key.yaml");
    ScnScenario *s = load_ok(path, NULL);
    g_free(path);
    if (!s)
        return;
    const MdlConfig *c = scn_scenario_config(s);
    CHECK_STR_EQ(c->name, "every key");
    CHECK_STR_EQ(c->description, "Two lines of description,\nwith \"quotes\" and: colons.\n");
    CHECK_UINT_EQ(c->seed, G_MAXUINT64);
    CHECK_INT_EQ(c->duration, 90 * SIM_DAY);
    CHECK_INT_EQ(c->warmup, 36 * SIM_HOUR);
    CHECK_UINT_EQ(c->replications, 7);
    CHECK_UINT_EQ(c->n_zones, 3);
    CHECK_UINT_EQ(c->n_members, 5);
    /* defaults, then the entry */
    CHECK_UINT_EQ(c->members[0].zone, 0);
    CHECK_UINT_EQ(c->members[1].zone, 2);            /* the defaults' zone */
    CHECK_NEAR(c->members[1].capacity, 1234.5, 0);
    CHECK_UINT_EQ(c->members[1].concurrency, 8);
    CHECK_INT_EQ(c->members[1].activation_hold, 90 * SIM_MIN);
    CHECK(c->members[1].has_service[MDL_OP_READ] && c->members[1].has_service[MDL_OP_CREATE]);
    CHECK(!c->members[1].has_service[MDL_OP_DELETE]);
    CHECK_INT_EQ(c->members[1].service[MDL_OP_CREATE].family, SIM_DIST_DETERMINISTIC);
    CHECK_NEAR(c->members[1].service[MDL_OP_CREATE].a, 0.010, 0);
    const MdlMemberConfig *m3 = &c->members[2];
    CHECK(m3->standby);
    CHECK_UINT_EQ(m3->queue_limit, 10000000);
    CHECK_INT_EQ(m3->service[MDL_OP_DELETE].family, SIM_DIST_WEIBULL);
    CHECK_NEAR(m3->service[MDL_OP_DELETE].a, 1.5, 0);
    CHECK_NEAR(m3->service[MDL_OP_DELETE].b, 0.002, 0);
    CHECK_INT_EQ(m3->service[MDL_OP_CLONE].family, SIM_DIST_LOGNORMAL);
    CHECK_NEAR(m3->service[MDL_OP_CLONE].a, log(0.005), 1e-15);
    const MdlMemberConfig *m4 = &c->members[3];
    CHECK_NEAR(m4->service[MDL_OP_READ].a, -6.2, 0);            /* mu as written */
    CHECK_INT_EQ(m4->service[MDL_OP_DELETE].family, SIM_DIST_ERLANG);
    CHECK_NEAR(m4->service[MDL_OP_DELETE].a, 3, 0);
    size_t n;
    const double *v = sim_dist_values(&c->members[4].service[MDL_OP_READ], &n);
    CHECK_UINT_EQ(n, 4);
    if (n == 4)
        CHECK_NEAR(v[3], 100e-6, 1e-18);
    /* clients */
    CHECK_UINT_EQ(c->n_clients, 3);
    CHECK_UINT_EQ(c->clients[1].zone, MDL_NONE);
    CHECK_UINT_EQ(c->clients[2].zone, 2);
    CHECK_INT_EQ(c->balancing, MDL_BALANCE_ROUND_ROBIN);
    CHECK_INT_EQ(c->command_timeout, 600 * SIM_SEC);
    CHECK(!c->ha_only && !c->synchronize);
    CHECK_INT_EQ(c->retry, 500);
    CHECK_INT_EQ(c->interval, 1200 * SIM_SEC);
    CHECK_INT_EQ(c->recovery_mode, MDL_RECOVERY_ACTIVE);
    CHECK_INT_EQ(c->attempt_cost, 60 * SIM_SEC);
    /* workload, mirroring, sync */
    CHECK_NEAR(c->rate, 12.25, 0);
    CHECK_NEAR(c->mix[2], 0.1, 0);
    CHECK_UINT_EQ(c->initial_objects, 10000000);
    CHECK_INT_EQ(c->key_choice, MDL_KEYS_ZIPF);
    CHECK_NEAR(c->zipf_s, 0.8, 0);
    CHECK_INT_EQ(c->mirror_mode, MDL_MIRROR_ASYNC);
    CHECK_UINT_EQ(c->min_copies, 3);
    CHECK_INT_EQ(c->mirror_delay, 250 * SIM_MS);
    CHECK_INT_EQ(c->sync_per_object, SIM_US);
    /* faults */
    CHECK_UINT_EQ(c->n_faults, 6);
    CHECK_INT_EQ(c->faults[0].target, MDL_TARGET_EACH_MEMBER);
    CHECK(!c->faults[0].scheduled);
    CHECK_NEAR(c->faults[0].every.a, 4000 * 3600.0, 0);
    CHECK_INT_EQ(c->faults[1].target, MDL_TARGET_EACH_ZONE);
    CHECK_INT_EQ(c->faults[1].every.family, SIM_DIST_DETERMINISTIC);
    CHECK_INT_EQ(c->faults[2].target, MDL_TARGET_CLIENT);
    CHECK_UINT_EQ(c->faults[2].index, 1);
    CHECK(c->faults[2].scheduled);
    CHECK_INT_EQ(c->faults[2].at, 10 * SIM_DAY);
    CHECK_INT_EQ(c->faults[2].duration, 15 * SIM_MIN);
    CHECK_INT_EQ(c->faults[3].kind, MDL_FAULT_TAMPER);
    CHECK_INT_EQ(c->faults[3].target, MDL_TARGET_MEMBER);
    CHECK_UINT_EQ(c->faults[3].index, 1);
    CHECK_INT_EQ(c->faults[3].duration, 1);
    CHECK_INT_EQ(c->faults[4].target, MDL_TARGET_ZONE);
    CHECK_UINT_EQ(c->faults[4].index, 1);
    CHECK_INT_EQ(c->faults[5].kind, MDL_FAULT_REBOOT);
    CHECK_INT_EQ(c->operator_response.family, SIM_DIST_GAMMA);
    /* actions: sorted by time, ties in the order written */
    CHECK_UINT_EQ(c->n_actions, 5);
    if (c->n_actions == 5) {
        CHECK_INT_EQ(c->actions[0].at, 0);
        CHECK_UINT_EQ(c->actions[0].index, MDL_NONE);
        CHECK_INT_EQ(c->actions[1].kind, MDL_ACTION_RECOVER);
        CHECK_UINT_EQ(c->actions[1].index, 2);
        CHECK_INT_EQ(c->actions[2].kind, MDL_ACTION_CLIENT_RESTART);
        CHECK_UINT_EQ(c->actions[2].index, 0);
        CHECK_INT_EQ(c->actions[3].kind, MDL_ACTION_RESYNC);
        CHECK_INT_EQ(c->actions[4].at, 40 * SIM_DAY);
    }
    /* sweep and expect */
    CHECK_UINT_EQ(scn_scenario_n_axes(s), 4);
    CHECK_STR_EQ(scn_scenario_axis_path(s, 0), "clients.auto_recovery.interval");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 0, 1), "5m");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 2, 0), "{dist: exponential, mean: 2h}");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 2, 1), "{dist: deterministic, value: 3h}");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 3, 2), "{zipf: {s: 2}}");
    CHECK_UINT_EQ(scn_scenario_n_expect(s), 3);
    const ScnExpect *e = scn_scenario_expect(s, 2);
    CHECK_STR_EQ(e->metric, "latency.p99_ms");
    CHECK(e->has_min && e->has_max && e->min == 0 && e->max == 1000);
    e = scn_scenario_expect(s, 1);
    CHECK(!e->has_min && e->has_max);
    scn_scenario_free(s);
}

static void test_forms(void)
{
    char *path = fixture("good", "forms.yaml");
    ScnScenario *s = load_ok(path, NULL);
    g_free(path);
    if (!s)
        return;
    const MdlConfig *c = scn_scenario_config(s);
    CHECK_STR_EQ(c->name, "forms");
    CHECK_STR_EQ(c->description, "");
    CHECK_INT_EQ(c->duration, SIM_DAY);
    CHECK_INT_EQ(c->warmup, 500 * SIM_MS);
    CHECK_UINT_EQ(c->n_members, 2);                  /* the default count ... */
    CHECK_UINT_EQ(c->members[1].zone, 1);            /* ... spread over the zones */
    CHECK_INT_EQ(c->members[0].boot_time, 1500 * SIM_MS);
    CHECK_UINT_EQ(c->n_clients, 2);
    CHECK_STR_EQ(c->clients[1].name, "app2");
    CHECK_INT_EQ(c->key_choice, MDL_KEYS_ZIPF);
    CHECK_NEAR(c->zipf_s, 1.0, 0);
    CHECK_NEAR(c->rate, 0, 0);
    CHECK_UINT_EQ(c->n_faults, 0);
    CHECK_UINT_EQ(c->n_actions, 0);
    scn_scenario_free(s);
}

static void test_member_count_spread(void)
{
    ScnScenario *s = load_text("hapgsim: 1\nzones: [a, b, c]\nmembers: {count: 7, "
                               "defaults: {capacity: 50}}\nmirroring: {mode: async}\n",
                               "spread.yaml");
    if (!s)
        return;
    const MdlConfig *c = scn_scenario_config(s);
    CHECK_UINT_EQ(c->n_members, 7);
    for (uint32_t i = 0; i < c->n_members; i++) {
        CHECK_UINT_EQ(c->members[i].zone, i % 3);
        CHECK_NEAR(c->members[i].capacity, 50, 0);
    }
    CHECK_STR_EQ(c->members[6].name, "hsm7");
    CHECK_UINT_EQ(c->min_copies, 2);                 /* min(2, members) */
    CHECK_STR_EQ(c->name, "spread");
    scn_scenario_free(s);

    s = load_text("hapgsim: 1\nmembers: {count: 1}\nmirroring: {mode: async}\n", NULL);
    if (s) {
        CHECK_UINT_EQ(scn_scenario_config(s)->min_copies, 1);
        CHECK_STR_EQ(scn_scenario_config(s)->name, "scenario");
        CHECK_STR_EQ(scn_scenario_path(s), "<string>");
        scn_scenario_free(s);
    }
}

/* workload.mode: a schema row like any other, in YAML, --set, --sweep, the canonical
 * form (only when not the default, which keeps older prints) and equality */
static void test_workload_mode(void)
{
    ScnScenario *def = load_text("hapgsim: 1\n", "m.yaml");
    ScnScenario *fluid = load_text("hapgsim: 1\nworkload: {mode: fluid}\n", "m.yaml");
    const char *set[] = {"workload.mode=fluid", NULL};
    ScnOptions o = {.overrides = set};
    GError *err = NULL;
    ScnScenario *by_set = scn_load_string("hapgsim: 1\n", 11, "m.yaml", &o, &err);
    CHECK(by_set != NULL);
    g_clear_error(&err);
    const char *sweep[] = {"workload.mode=operations,fluid", NULL};
    ScnOptions so = {.sweeps = sweep};
    ScnScenario *swept = scn_load_string("hapgsim: 1\n", 11, "m.yaml", &so, &err);
    CHECK(swept != NULL);
    g_clear_error(&err);
    if (!def || !fluid || !by_set || !swept)
        goto out;
    CHECK_INT_EQ(scn_scenario_config(def)->workload_mode, MDL_WORKLOAD_OPERATIONS);
    CHECK_INT_EQ(scn_scenario_config(fluid)->workload_mode, MDL_WORKLOAD_FLUID);
    CHECK(!scn_config_equal(scn_scenario_config(def), scn_scenario_config(fluid)));
    CHECK(scn_config_equal(scn_scenario_config(by_set), scn_scenario_config(fluid)));
    char *p = scn_scenario_print(def), *q = scn_scenario_print(fluid);
    CHECK(p && strstr(p, "mode: operations") == NULL);
    CHECK_CONTAINS(q, "workload:\n  mode: fluid\n");
    g_free(p);
    g_free(q);
    CHECK_UINT_EQ(scn_scenario_n_axes(swept), 1);
    CHECK_STR_EQ(scn_scenario_axis_value(swept, 0, 1), "fluid");
    guint idx[1] = {1};
    ScnScenario *pt = scn_scenario_at_point(swept, idx, &err);
    CHECK(pt != NULL);
    g_clear_error(&err);
    if (pt) {
        CHECK_INT_EQ(scn_scenario_config(pt)->workload_mode, MDL_WORKLOAD_FLUID);
        scn_scenario_free(pt);
    }
out:
    g_clear_pointer(&def, scn_scenario_free);
    g_clear_pointer(&fluid, scn_scenario_free);
    g_clear_pointer(&by_set, scn_scenario_free);
    g_clear_pointer(&swept, scn_scenario_free);
}

/* service_profile: a members.list entry inherits it from members.defaults, so the
 * canonical print leaves it out of an entry exactly when it is the defaults' (not the
 * schema's), and reading the print back gives the same members. */
static void test_service_profile(void)
{
    ScnScenario *s = load_text("hapgsim: 1\n"
                               "members:\n"
                               "  defaults: {service_profile: rsa-2048}\n"
                               "  list: [{name: a}, {name: b, service_profile: flat}]\n",
                               "p.yaml");
    if (!s)
        return;
    const MdlConfig *c = scn_scenario_config(s);
    CHECK_INT_EQ(c->members[0].service_profile, MDL_PROFILE_RSA2048);
    CHECK_INT_EQ(c->members[1].service_profile, MDL_PROFILE_FLAT);
    SimDist kg = mdl_member_service(&c->members[0], MDL_OP_CREATE);
    CHECK_INT_EQ(kg.family, SIM_DIST_LOGNORMAL);
    CHECK_NEAR(sim_dist_cdf(&kg, 600 * 30.0 / 1000), 0.5, 1e-12);   /* median: 600 signs */
    sim_dist_clear(&kg);
    char *p = scn_scenario_print(s);
    CHECK_CONTAINS(p, "defaults: {capacity: 1000, concurrency: 30, queue_limit: 1000, "
                      "boot_time: 5m, activation_hold: 2h, reinit_time: 4h, standby: false, "
                      "service_profile: rsa-2048}");
    CHECK_CONTAINS(p, "standby: false, service_profile: flat}");
    ScnScenario *back = p ? load_text(p, "p.yaml") : NULL;
    if (back) {
        CHECK(scn_config_equal(scn_scenario_config(back), c));
        scn_scenario_free(back);
    }
    g_free(p);
    scn_scenario_free(s);
}

static void test_error_cap(void)
{
    GString *t = g_string_new("hapgsim: 1\n");
    for (int i = 0; i < 60; i++)
        g_string_append_printf(t, "unknown%d: %d\n", i, i);
    char *msg = load_error(t->str);
    char **lines = g_strsplit(msg, "\n", -1);
    CHECK_UINT_EQ(g_strv_length(lines), 51);
    CHECK_STR_EQ(lines[0], "t.yaml:2:1: unknown key `unknown0`");
    CHECK_STR_EQ(lines[49], "t.yaml:51:1: unknown key `unknown49`");
    CHECK_STR_EQ(lines[50], "... and 10 more");
    g_strfreev(lines);
    g_free(msg);
    g_string_free(t, TRUE);
}

static void test_errors_sorted_and_all_reported(void)
{
    /* errors of different sections come out in file order */
    char *msg = load_error("hapgsim: 1\nworkload: {rate: -1}\nseed: x\nclients: {count: 0}\n");
    CHECK_STR_EQ(msg, "t.yaml:2:18: workload.rate must be >= 0 (got -1)\n"
                      "t.yaml:3:7: seed must be an integer (got x)\n"
                      "t.yaml:4:18: clients.count must be within 1..1000 (got 0)");
    g_free(msg);
}

static void test_io_errors(void)
{
    GError *err = NULL;
    CHECK(scn_load_file("/nonexistent/x.yaml", NULL, &err) == NULL);
    CHECK(g_error_matches(err, SCN_ERROR, SCN_ERROR_IO));
    CHECK_CONTAINS(err ? err->message : NULL, "/nonexistent/x.yaml: cannot read");
    g_clear_error(&err);
    CHECK(scn_load_file(SCN_FIXTURES, NULL, &err) == NULL);    /* a directory */
    CHECK(g_error_matches(err, SCN_ERROR, SCN_ERROR_IO));
    g_clear_error(&err);
}

static void test_name_defaults_to_base_name(void)
{
    const char *t = "hapgsim: 1\n";
    ScnScenario *s = load_text(t, "dir/sub/study.v2.yaml");
    if (s) {
        CHECK_STR_EQ(scn_scenario_config(s)->name, "study.v2");
        scn_scenario_free(s);
    }
    s = load_text(t, "other.yml");
    if (s) {
        CHECK_STR_EQ(scn_scenario_config(s)->name, "other");
        scn_scenario_free(s);
    }
}

static void test_suggestions(void)
{
    char *msg = load_error("hapgsim: 1\nclients:\n  auto_recovery: {retries: 1, intervl: 60s, "
                           "mdoe: active, xyz: 1}\n");
    CHECK_CONTAINS(msg, "unknown key `retries` in clients.auto_recovery; did you mean `retry`?");
    CHECK_CONTAINS(msg, "unknown key `intervl` in clients.auto_recovery; did you mean `interval`?");
    CHECK_CONTAINS(msg, "unknown key `mdoe` in clients.auto_recovery; did you mean `mode`?");
    CHECK(g_str_has_suffix(msg, "unknown key `xyz` in clients.auto_recovery"));
    g_free(msg);
    msg = load_error("hapgsim: 1\nDuration: 1d\n");
    CHECK_CONTAINS(msg, "unknown key `Duration`; did you mean `duration`?");
    g_free(msg);
}

/* Warnings: the "# warn: L:C: message" lines of tests/scenarios/warn/ fixtures, in
 * order; a valid file without traps has none, and --set positions its own. */
static void test_warnings(void)
{
    char *dir = g_build_filename(SCN_FIXTURES, "warn", NULL);
    GPtrArray *names = yaml_files(dir);
    CHECK(names->len >= 1);
    for (guint i = 0; i < names->len; i++) {
        char *path = g_build_filename(dir, (const char *)g_ptr_array_index(names, i), NULL);
        GPtrArray *want = g_ptr_array_new_with_free_func(g_free);
        char *text = NULL;
        CHECK(g_file_get_contents(path, &text, NULL, NULL));
        char **lines = g_strsplit(text ? text : "", "\n", -1);
        for (char **l = lines; *l; l++) {
            if (!g_str_has_prefix(*l, "# warn: "))
                continue;
            const char *pos = *l + strlen("# warn: "), *msg = strstr(pos, ": ");
            if (msg)           /* "L:C: MSG" -> "PATH:L:C: warning: MSG" */
                g_ptr_array_add(want, g_strdup_printf("%s:%.*s: warning: %s", path,
                                                      (int)(msg - pos), pos, msg + 2));
        }
        g_strfreev(lines);
        g_free(text);
        ScnScenario *s = load_ok(path, NULL);
        if (s) {
            CHECK_INT_EQ(scn_scenario_n_warnings(s), want->len);
            for (guint k = 0; k < MIN(want->len, scn_scenario_n_warnings(s)); k++)
                CHECK_STR_EQ(scn_scenario_warning(s, k), g_ptr_array_index(want, k));
            scn_scenario_free(s);
        }
        g_ptr_array_free(want, TRUE);
        g_free(path);
    }
    g_ptr_array_free(names, TRUE);
    g_free(dir);
    /* no trap, no warning: the good fixtures but every-key.yaml (a bare every: on purpose) */
    char *min = fixture("good", "minimal.yaml");
    ScnScenario *s = load_ok(min, NULL);
    if (s) {
        CHECK_INT_EQ(scn_scenario_n_warnings(s), 0);
        scn_scenario_free(s);
    }
    g_free(min);
    /* a --set value is warned about at its option */
    const char *sets[] = {"faults=[{kind: power, target: hsm1, at: 2d, duration: 1h}]",
                          "duration=1d", NULL};
    ScnOptions o = {.overrides = sets};
    GError *err = NULL;
    const char text[] = "hapgsim: 1\n";
    s = scn_load_string(text, strlen(text), "t.yaml", &o, &err);
    CHECK(s != NULL);
    if (s) {
        CHECK_INT_EQ(scn_scenario_n_warnings(s), 1);
        if (scn_scenario_n_warnings(s) == 1)
            CHECK_STR_EQ(scn_scenario_warning(s, 0), "--set:1:34: warning: faults.0.at is not "
                         "before duration, 1d (got 2d): the fault never happens");
        scn_scenario_free(s);
    }
    g_clear_error(&err);
}

static CU_TestInfo tests[] = {
    {"bad fixtures give exactly their expected errors", test_bad_fixtures},
    {"good fixtures load", test_good_fixtures},
    {"a minimal scenario holds the defaults", test_minimal_is_the_defaults},
    {"every key lands in the configuration", test_every_key_values},
    {"short forms", test_forms},
    {"members.count spreads over zones", test_member_count_spread},
    {"workload.mode: YAML, --set, --sweep, print, equality", test_workload_mode},
    {"service_profile: inherited by list entries, printed and read back", test_service_profile},
    {"at most 50 error lines", test_error_cap},
    {"errors sorted by position, all reported", test_errors_sorted_and_all_reported},
    {"unreadable files", test_io_errors},
    {"name defaults to the file's base name", test_name_defaults_to_base_name},
    {"did you mean", test_suggestions},
    {"warnings: bare every, events after the end", test_warnings},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("scenarios/rules", tests)
