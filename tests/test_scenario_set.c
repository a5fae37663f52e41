/* tests/test_scenario_set.c - --set overrides, sweep axes (file and --sweep), sweep
 * points, and expect: bounds with metric checks. */
#include "check.h"
#include "scenarios/scenario.h"

#include <string.h>

static const char *const base =
    "hapgsim: 1\n"                                              /* 1 */
    "zones: [a, b]\n"                                           /* 2 */
    "members:\n"                                                /* 3 */
    "  defaults: {capacity: 500}\n"                             /* 4 */
    "  list:\n"                                                 /* 5 */
    "    - {name: hsm1, zone: a}\n"                             /* 6 */
    "    - {name: hsm2, zone: a}\n"                             /* 7 */
    "clients:\n"                                                /* 8 */
    "  list: [{name: app1}, {name: app2}]\n"                    /* 9 */
    "faults:\n"                                                 /* 10 */
    "  - {kind: power, target: hsm1, every: 100h, repair: 1h}\n" /* 11 */
    "sweep:\n"                                                  /* 12 */
    "  workload.rate: [1, 2.5]\n";                              /* 13 */

static ScnScenario *with(const char *const *sets, const char *const *sweeps, char **error)
{
    ScnOptions o = {.overrides = sets, .sweeps = sweeps};
    GError *err = NULL;
    ScnScenario *s = scn_load_string(base, strlen(base), "base.yaml", &o, &err);
    if (error)
        *error = s ? NULL : g_strdup(err->message);
    else if (!s)
        CHECK_FAILF("load failed: %s", err->message);
    g_clear_error(&err);
    return s;
}

static char *set_error(const char *set)
{
    const char *sets[] = {set, NULL};
    char *msg = NULL;
    ScnScenario *s = with(sets, NULL, &msg);
    if (s) {
        CHECK_FAILF("--set %s was accepted", set);
        scn_scenario_free(s);
        return g_strdup("");
    }
    return msg;
}

static void test_set_typing(void)
{
    const char *sets[] = {
        "clients.auto_recovery.interval=300s",          /* auto_recovery created */
        "clients.auto_recovery.retry=5",
        "members.list.1.zone=b",
        "faults.0.repair={dist: exponential, mean: 30m}",
        "faults.0.repair.mean=2h",
        "name=hello world",
        "description=",
        "seed=18446744073709551615",
        "workload.mix={read: 0.5, create: 0.5}",
        "actions.0={at: 1d, do: recover, target: hsm2}",   /* appends to a new list */
        "members.defaults.service.read.dist=deterministic",
        "members.defaults.service.read.value=1ms",
        NULL};
    ScnScenario *s = with(sets, NULL, NULL);
    if (!s)
        return;
    const MdlConfig *c = scn_scenario_config(s);
    CHECK_INT_EQ(c->interval, 300 * SIM_SEC);
    CHECK_INT_EQ(c->retry, 5);
    CHECK_UINT_EQ(c->members[1].zone, 1);
    CHECK_INT_EQ(c->faults[0].repair.family, SIM_DIST_EXPONENTIAL);
    CHECK_NEAR(c->faults[0].repair.a, 7200, 0);
    CHECK_STR_EQ(c->name, "hello world");
    CHECK_STR_EQ(c->description, "");
    CHECK_UINT_EQ(c->seed, G_MAXUINT64);
    CHECK_NEAR(c->mix[1], 0.5, 0);
    CHECK_UINT_EQ(c->n_actions, 1);
    CHECK(c->members[0].has_service[MDL_OP_READ]);
    CHECK_NEAR(c->members[0].service[MDL_OP_READ].a, 0.001, 0);
    CHECK_NEAR(c->members[0].capacity, 500, 0);
    scn_scenario_free(s);
}

static void test_set_count_replaces_list(void)
{
    const char *sets[] = {"members.count=4", "clients.count=3", NULL};
    ScnScenario *s = with(sets, NULL, NULL);
    if (s) {
        const MdlConfig *c = scn_scenario_config(s);
        CHECK_UINT_EQ(c->n_members, 4);
        CHECK_STR_EQ(c->members[3].name, "hsm4");
        CHECK_UINT_EQ(c->members[3].zone, 1);            /* round-robin over a, b */
        CHECK_NEAR(c->members[3].capacity, 500, 0);      /* defaults still apply */
        CHECK_UINT_EQ(c->n_clients, 3);
        scn_scenario_free(s);
    }
    const char *back[] = {"members.count=3", "members.list=[{name: hsm1}, {name: y}]", NULL};
    s = with(back, NULL, NULL);
    if (s) {
        CHECK_UINT_EQ(scn_scenario_config(s)->n_members, 2);
        CHECK_STR_EQ(scn_scenario_config(s)->members[1].name, "y");
        scn_scenario_free(s);
    }
}

/* rate and threads (non-zero) replace each other, at the top and in a client group, so
 * that a closed-loop sweep of an open-loop file makes sense and prints back. */
static void test_set_loop_replaces(void)
{
    const char *closed[] = {"workload.rate=7", "workload.threads=4", NULL};
    ScnScenario *s = with(closed, NULL, NULL);
    if (s) {
        CHECK_UINT_EQ(scn_scenario_config(s)->app.threads, 4);
        scn_scenario_free(s);
    }
    const char *open[] = {"workload.threads=4", "workload.rate=7", NULL};
    s = with(open, NULL, NULL);
    if (s) {
        CHECK_UINT_EQ(scn_scenario_config(s)->app.threads, 0);
        CHECK_NEAR(scn_scenario_config(s)->rate, 7, 0);
        scn_scenario_free(s);
    }
    const char *zero[] = {"workload.rate=7", "workload.threads=0", NULL};    /* keeps rate */
    s = with(zero, NULL, NULL);
    if (s) {
        CHECK_NEAR(scn_scenario_config(s)->rate, 7, 0);
        scn_scenario_free(s);
    }
    static const char groups[] = "hapgsim: 1\nclients:\n  - {name: web, workload: {rate: 3}}\n";
    const char *gset[] = {"clients.0.workload.threads=2", NULL};
    ScnOptions o = {.overrides = gset};
    s = scn_load_string(groups, strlen(groups), "g.yaml", &o, NULL);
    CHECK(s != NULL);
    if (s)
        CHECK_UINT_EQ(scn_scenario_config(s)->groups[0].app.threads, 2);
    scn_scenario_free(s);
    /* found by fuzzing: the print of an open-loop file (rate printed) sweeping threads
     * used to fail to load back ("alternatives") */
    static const char sweep[] = "hapgsim: 1\nsweep: {workload.threads: [16, 48]}\n";
    s = scn_load_string(sweep, strlen(sweep), "t.yaml", NULL, NULL);
    CHECK(s != NULL);
    if (s) {
        char *text = scn_scenario_print(s);
        GError *err = NULL;
        ScnScenario *b = scn_load_string(text, strlen(text), "p.yaml", NULL, &err);
        if (b == NULL)
            CHECK_FAILF("print does not load back: %s", err->message);
        g_clear_error(&err);
        scn_scenario_free(b);
        g_free(text);
        scn_scenario_free(s);
    }
}

static void test_set_errors(void)
{
    struct { const char *set, *msg; } cases[] = {
        {"clients.auto_recovery.interval=30s",
         "--set:1:1: clients.auto_recovery.interval must be within 60s..1200s (got 30s)"},
        {"clients.auto_recovery.retryy=3",
         "--set:1: unknown key `retryy` in clients.auto_recovery; did you mean `retry`?"},
        {"members.list.5.zone=b",
         "--set:1: cannot set members.list.5.zone: members.list has 2 entries: index 5 is "
         "beyond the next one, 2"},
        {"faults.0.repair={dist: exponential, mean: -1}",
         "--set:1:27: faults.0.repair.mean cannot be negative (got -1)"},
        /* the end of the value: just past it (was 1, libyaml's next line) */
        {"workload.mix={read: 1", "--set:1:9: YAML syntax error: did not find expected ',' or "
                                  "'}' (while parsing a flow mapping at column 1)"},
        {"zones.x=1", "--set:1: cannot set zones.x: zones is a list: `x` must be an index, 0..1"},
        {"zones.0.x=1",
         "--set:1: cannot set zones.0.x: zones.0 is a single value, not a mapping or a list"},
        {"seed.x=1", "--set:1: seed must be an integer (got a mapping)"},
        {"seed", "--set:1: --set takes PATH=VALUE (got `seed`)"},
        {"a..b=1", "--set:1: --set: `a..b` is not a path: a path has no empty parts (write `a.b.c`)"},
        {"=1", "--set:1: --set: `` is not a path: the path is empty"},
        {"sweep.x=1", "--set:1: --set cannot change sweep: (use --sweep for sweeps)"},
        {"expect.x=1", "--set:1: --set cannot change expect: (use --sweep for sweeps)"},
        {"seed=*a", "--set:1:1: YAML aliases (*a) are not supported: write the value out"},
        {"members.list.0.zone=c", "--set:1:1: members.list.0.zone must name one of zones: (got c)"},
        {"workload.rate=  -3", "--set:1:3: workload.rate must be >= 0 (got -3)"},
        /* at the end of the value, the column just past it */
        {"workload.rate=[1, 2", "--set:1:6: YAML syntax error: did not find expected ',' or "
                                "']' (while parsing a flow sequence at column 1)"},
        {"name=\"abc", "--set:1:5: YAML syntax error: found unexpected end of stream (while "
                       "scanning a quoted scalar at column 1)"},
        /* an unknown path is refused with a key of the schema to suggest, at any depth,
         * in list entries and variant keys too */
        {"durtion=1d", "--set:1: unknown key `durtion`; did you mean `duration`?"},
        {"members.lst.0.zone=a", "--set:1: unknown key `lst` in members; did you mean `list`?"},
        {"members.list.1.capasity=5",
         "--set:1: unknown key `capasity` in members.list.1; did you mean `capacity`?"},
        {"faults.0.targte=hsm1",
         "--set:1: unknown key `targte` in faults.0; did you mean `target`?"},
        {"workload.mix.raed=1",
         "--set:1: unknown key `raed` in workload.mix; did you mean `read`?"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *msg = set_error(cases[i].set);
        CHECK_STR_EQ(msg, cases[i].msg);
        g_free(msg);
    }
    /* the N of --set:N counts the options */
    const char *sets[] = {"seed=1", "seed=2", "seed=x", NULL};
    char *msg = NULL;
    ScnScenario *s = with(sets, NULL, &msg);
    CHECK(s == NULL);
    CHECK_STR_EQ(msg, "--set:3:1: seed must be an integer (got x)");
    g_free(msg);
    scn_scenario_free(s);
}

static void test_file_axes_and_points(void)
{
    ScnScenario *s = with(NULL, NULL, NULL);
    if (!s)
        return;
    CHECK_UINT_EQ(scn_scenario_n_axes(s), 1);
    CHECK_STR_EQ(scn_scenario_axis_path(s, 0), "workload.rate");
    CHECK_UINT_EQ(scn_scenario_axis_n_values(s, 0), 2);
    CHECK_STR_EQ(scn_scenario_axis_value(s, 0, 1), "2.5");
    guint idx[] = {1};
    GError *err = NULL;
    ScnScenario *p = scn_scenario_at_point(s, idx, &err);
    CHECK(p != NULL);
    if (p) {
        CHECK_NEAR(scn_scenario_config(p)->rate, 2.5, 0);
        CHECK_UINT_EQ(scn_scenario_n_axes(p), 0);
        /* the base keeps the value of the file (no rate given: the default) */
        CHECK_NEAR(scn_scenario_config(s)->rate, 100, 0);
        char *text = scn_scenario_print(p);
        CHECK(strstr(text, "sweep:") == NULL);
        CHECK_CONTAINS(text, "rate: 2.5");
        g_free(text);
        scn_scenario_free(p);
    }
    scn_scenario_free(s);
}

static void test_option_axes(void)
{
    const char *sweeps[] = {"clients.auto_recovery.interval=60s, 300s,1200s",
                            "workload.rate=7",                 /* replaces the file's axis */
                            "faults.0.repair={dist: exponential, mean: 90m},2h",
                            "members.count=1,3", NULL};
    ScnScenario *s = with(NULL, sweeps, NULL);
    if (!s)
        return;
    CHECK_UINT_EQ(scn_scenario_n_axes(s), 4);
    CHECK_STR_EQ(scn_scenario_axis_path(s, 0), "workload.rate");
    CHECK_UINT_EQ(scn_scenario_axis_n_values(s, 0), 1);
    CHECK_STR_EQ(scn_scenario_axis_path(s, 1), "clients.auto_recovery.interval");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 1, 0), "1m");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 1, 1), "5m");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 1, 2), "20m");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 2, 0), "{dist: exponential, mean: 90m}");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 2, 1), "{dist: deterministic, value: 2h}");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 3, 1), "3");
    guint idx[] = {0, 2, 0, 1};
    ScnScenario *p = scn_scenario_at_point(s, idx, NULL);
    if (p) {
        const MdlConfig *c = scn_scenario_config(p);
        CHECK_NEAR(c->rate, 7, 0);
        CHECK_INT_EQ(c->interval, 1200 * SIM_SEC);
        CHECK_INT_EQ(c->faults[0].repair.family, SIM_DIST_EXPONENTIAL);
        CHECK_UINT_EQ(c->n_members, 3);
        CHECK_NEAR(c->members[2].capacity, 500, 0);
        scn_scenario_free(p);
    } else {
        CHECK_FAILF("at_point failed");
    }
    char *text = scn_scenario_print(s);
    CHECK_CONTAINS(text, "sweep:\n  workload.rate: [7]\n  clients.auto_recovery.interval: "
                         "[1m, 5m, 20m]\n  faults.0.repair: [{dist: exponential, mean: 90m}, "
                         "{dist: deterministic, value: 2h}]\n  members.count: [1, 3]\n");
    g_free(text);
    scn_scenario_free(s);
}

static void test_sweep_errors(void)
{
    struct { const char *sweep, *msg; } cases[] = {
        {"workload.rate=1,-2,abc", "--sweep:1:3: workload.rate must be >= 0 (got -2)\n"
                                   "--sweep:1:6: workload.rate must be a number (got abc)"},
        {"members.count=33", "--sweep:1:1: members.count must be within 1..32 (got 33)"},
        {"workload.rate", "--sweep:1: --sweep takes PATH=V1,V2,... (got `workload.rate`)"},
        {"workload.rate=", "--sweep:1: --sweep workload.rate needs at least one value"},
        {"expect.x=1", "--sweep:1: --sweep: expect cannot be swept"},
        {"clients.auto_recovery.intervall=60s",
         "--sweep:1: unknown key `intervall` in clients.auto_recovery; did you mean `interval`?"},
        /* at the end of the values, the column just past them (not past the `]` added) */
        {"workload.rate=[1, 2", "--sweep:1:6: YAML syntax error: did not find expected ',' or "
                                "']' (while parsing a flow sequence at column 1)"},
        {"workload.rate=1, {a: 1", "--sweep:1:9: YAML syntax error: did not find expected ',' "
                                   "or '}' (while parsing a flow mapping at column 4)"},
        {"name=\"abc", "--sweep:1:5: YAML syntax error: found unexpected end of stream (while "
                       "scanning a quoted scalar at column 1)"},
        /* a value that breaks a rule elsewhere is reported at the value */
        {"zones=[c, d]", "--sweep:1:1: with zones = [c, d]: members.list.0.zone must name one "
                         "of zones: (got a) (at base.yaml:6:26)\n"
                         "--sweep:1:1: with zones = [c, d]: members.list.1.zone must name one "
                         "of zones: (got a) (at base.yaml:7:26)"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *sweeps[] = {cases[i].sweep, NULL};
        char *msg = NULL;
        ScnScenario *s = with(NULL, sweeps, &msg);
        CHECK(s == NULL);
        scn_scenario_free(s);
        CHECK_STR_EQ(msg, cases[i].msg);
        g_free(msg);
    }
}

static void test_sweep_limits(void)
{
    GString *t = g_string_new("hapgsim: 1\nsweep:\n");
    for (int i = 0; i < 17; i++)
        g_string_append_printf(t, "  faults.%d.at: [1h]\n", i);
    GError *err = NULL;
    CHECK(scn_load_string(t->str, t->len, "axes.yaml", NULL, &err) == NULL);
    CHECK(g_error_matches(err, SCN_ERROR, SCN_ERROR_LIMIT));
    CHECK_CONTAINS(err ? err->message : NULL, "sweep has 17 axes, more than the limit, 16");
    g_clear_error(&err);
    g_string_assign(t, "hapgsim: 1\nsweep:\n  workload.rate: [");
    for (int i = 0; i < 1001; i++)
        g_string_append_printf(t, "%s%d", i ? ", " : "", i);
    g_string_append(t, "]\n");
    CHECK(scn_load_string(t->str, t->len, "values.yaml", NULL, &err) == NULL);
    CHECK(g_error_matches(err, SCN_ERROR, SCN_ERROR_LIMIT));
    CHECK_CONTAINS(err ? err->message : NULL, "values.yaml:2:1: sweep has 1001 values, more than the limit, 1000");
    g_clear_error(&err);
    g_string_free(t, TRUE);
}

/* A path through members.list (clients.list) changes one entry: it never drops
 * members.count, and needs the list to exist. */
static void test_set_through_list(void)
{
    const char *counted = "hapgsim: 1\n"
                          "members: {count: 3}\n"
                          "clients: {count: 2}\n";
    struct { const char *set, *msg; } cases[] = {
        {"members.list.0.name=x", "--set:1: cannot set members.list.0.name: members.list does "
                                  "not exist (members are given by count): give the whole list "
                                  "first"},
        {"clients.list.0.zone=zone1", "--set:1: cannot set clients.list.0.zone: clients.list "
                                      "does not exist (clients are given by count): give the "
                                      "whole list first"},
        {"clients.list.0={name: x}", "--set:1: cannot set clients.list.0: clients.list does "
                                     "not exist (clients are given by count): give the whole "
                                     "list first"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *sets[] = {cases[i].set, NULL};
        ScnOptions o = {.overrides = sets};
        GError *err = NULL;
        CHECK(scn_load_string(counted, strlen(counted), "c.yaml", &o, &err) == NULL);
        CHECK_STR_EQ(err ? err->message : NULL, cases[i].msg);
        g_clear_error(&err);
    }
    /* the same for sweep: and --sweep, at each value */
    const char *swept = "hapgsim: 1\n"
                        "members: {count: 3}\n"
                        "sweep:\n"
                        "  members.list.0.name: [a, b]\n";
    const char *sweeps[] = {"clients.list.0.name=p,q", NULL};
    ScnOptions o = {.sweeps = sweeps};
    GError *err = NULL;
    CHECK(scn_load_string(swept, strlen(swept), "c.yaml", &o, &err) == NULL);
    CHECK_STR_EQ(err ? err->message : NULL,
                 "c.yaml:4:25: cannot sweep members.list.0.name: members.list does not exist "
                 "(members are given by count): give the whole list first\n"
                 "c.yaml:4:28: cannot sweep members.list.0.name: members.list does not exist "
                 "(members are given by count): give the whole list first\n"
                 "--sweep:1:1: cannot sweep clients.list.0.name: clients.list does not exist: "
                 "give the whole list first\n"
                 "--sweep:1:3: cannot sweep clients.list.0.name: clients.list does not exist: "
                 "give the whole list first");
    g_clear_error(&err);
    /* no list and no count either: the two default members are not one */
    const char *plain = "hapgsim: 1\n";
    const char *sets[] = {"members.list.0={name: a}", NULL};
    o = (ScnOptions){.overrides = sets};
    CHECK(scn_load_string(plain, strlen(plain), "p.yaml", &o, &err) == NULL);
    CHECK_STR_EQ(err ? err->message : NULL,
                 "--set:1: cannot set members.list.0: members.list does not exist: give the "
                 "whole list first");
    g_clear_error(&err);
    /* the whole list first, then one of its entries: fine */
    const char *then[] = {"members.list=[{name: a}, {name: b}]", "members.list.1.name=c",
                          "clients.list=[{name: p}, {name: q}]", "clients.list.1={name: x}",
                          NULL};
    const char *over[] = {"members.list.0.name=y,z", NULL};
    o = (ScnOptions){.overrides = then, .sweeps = over};
    ScnScenario *s = scn_load_string(counted, strlen(counted), "c.yaml", &o, &err);
    if (s == NULL) {
        CHECK_FAILF("%s", err->message);
        g_clear_error(&err);
        return;
    }
    const MdlConfig *c = scn_scenario_config(s);
    CHECK_UINT_EQ(c->n_members, 2);
    CHECK_STR_EQ(c->members[1].name, "c");
    CHECK_UINT_EQ(c->n_clients, 2);
    CHECK_STR_EQ(c->clients[1].name, "x");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 0, 1), "z");
    guint idx[] = {1};
    ScnScenario *p = scn_scenario_at_point(s, idx, NULL);
    CHECK(p != NULL);
    if (p) {
        CHECK_UINT_EQ(scn_scenario_config(p)->n_members, 2);
        CHECK_STR_EQ(scn_scenario_config(p)->members[0].name, "z");
        scn_scenario_free(p);
    }
    scn_scenario_free(s);
}

/* At most 1000 --set and 1000 --sweep options (the time it takes: hostile tests). */
static void test_option_limits(void)
{
    const char *file = "hapgsim: 1\n";
    for (int sweep = 0; sweep < 2; sweep++) {
        guint n = 20000;
        char **opts = g_new0(char *, n + 1);
        for (guint i = 0; i < n; i++)
            opts[i] = sweep ? g_strdup_printf("faults.%u.at=1h", i)
                            : g_strdup_printf("seed=%u", i);
        ScnOptions o = {0};
        if (sweep)
            o.sweeps = (const char *const *)opts;
        else
            o.overrides = (const char *const *)opts;
        GError *err = NULL;
        CHECK(scn_load_string(file, strlen(file), "o.yaml", &o, &err) == NULL);
        CHECK(g_error_matches(err, SCN_ERROR, SCN_ERROR_LIMIT));
        CHECK_STR_EQ(err ? err->message : NULL,
                     sweep ? "--sweep:1: sweep has 1000 axes, more than the limit, 16\n"
                             "--sweep:1001: more than 1000 --sweep options"
                           : "--set:1001: more than 1000 --set options");
        g_clear_error(&err);
        g_strfreev(opts);
    }
}

/* A --sweep of a path swept before replaces it in place, the last one winning. */
static void test_option_axes_replace(void)
{
    const char *sweeps[] = {"seed=1,2", "workload.rate=3", "seed=4,5,6", "workload.rate=8",
                            NULL};
    ScnScenario *s = with(NULL, sweeps, NULL);
    if (!s)
        return;
    CHECK_UINT_EQ(scn_scenario_n_axes(s), 2);
    CHECK_STR_EQ(scn_scenario_axis_path(s, 0), "workload.rate");     /* the file's axis */
    CHECK_STR_EQ(scn_scenario_axis_value(s, 0, 0), "8");
    CHECK_STR_EQ(scn_scenario_axis_path(s, 1), "seed");
    CHECK_UINT_EQ(scn_scenario_axis_n_values(s, 1), 3);
    CHECK_STR_EQ(scn_scenario_axis_value(s, 1, 2), "6");
    scn_scenario_free(s);
}

/* Canonical texts of values in every section, each printed on its own. */
static void test_axis_canonical_sections(void)
{
    const char *t = "hapgsim: 1\n"
                    "zones: [a, b]\n"
                    "mirroring: {mode: async, min_copies: 1}\n"
                    "actions: [{at: 1h, do: recover, target: all}]\n"
                    "sweep:\n"
                    "  zones.1: [c, \"d\"]\n"
                    "  mirroring.mirror_delay: [60s, 0.5]\n"
                    "  sync: [{base: 120s}]\n"
                    "  actions.0.at: [3600s]\n"
                    "  duration: [48h]\n";
    GError *err = NULL;
    ScnScenario *s = scn_load_string(t, strlen(t), "k.yaml", NULL, &err);
    if (s == NULL) {
        CHECK_FAILF("%s", err->message);
        g_error_free(err);
        return;
    }
    CHECK_STR_EQ(scn_scenario_axis_value(s, 0, 0), "c");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 0, 1), "d");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 1, 0), "1m");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 1, 1), "500ms");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 2, 0), "{base: 2m, per_object: 20ms}");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 3, 0), "1h");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 4, 0), "2d");
    scn_scenario_free(s);
}

static gboolean known(const char *metric, const MdlConfig *config, void *data)
{
    (*(int *)data)++;
    if (g_str_has_prefix(metric, "member.")) {          /* member.NAME.uptime */
        char **parts = g_strsplit(metric, ".", 3);
        gboolean ok = g_strv_length(parts) == 3 && strcmp(parts[2], "uptime") == 0 &&
                      mdl_config_member_index(config, parts[1]) != MDL_NONE;
        g_strfreev(parts);
        return ok;
    }
    return strcmp(metric, "availability.time") == 0 || strcmp(metric, "outage.count") == 0;
}

static void test_expect(void)
{
    const char *names[] = {"availability.time", "outage.count", "member.hsm1.uptime", NULL};
    int calls = 0;
    ScnOptions o = {.metric_known = known, .metric_data = &calls, .metric_names = names};
    const char *good = "hapgsim: 1\nexpect:\n  availability.time: {min: 0.99}\n"
                       "  member.hsm2.uptime: {min: 0.5, max: 1}\n  outage.count: {max: 3}\n";
    GError *err = NULL;
    ScnScenario *s = scn_load_string(good, strlen(good), "e.yaml", &o, &err);
    CHECK(s != NULL);
    CHECK_INT_EQ(calls, 3);
    if (s) {
        CHECK_UINT_EQ(scn_scenario_n_expect(s), 3);
        const ScnExpect *e = scn_scenario_expect(s, 1);
        CHECK_STR_EQ(e->metric, "member.hsm2.uptime");
        CHECK(e->has_min && e->has_max && e->min == 0.5 && e->max == 1);
        scn_scenario_free(s);
    } else {
        g_clear_error(&err);
    }
    const char *bad = "hapgsim: 1\nexpect:\n  availabilty.time: {min: 0.99}\n"
                      "  member.hsm3.uptime: {min: 0.5}\n";
    CHECK(scn_load_string(bad, strlen(bad), "e.yaml", &o, &err) == NULL);
    CHECK_STR_EQ(err ? err->message : NULL,
                 "e.yaml:3:3: unknown metric `availabilty.time` in expect; did you mean "
                 "`availability.time`?\n"
                 "e.yaml:4:3: unknown metric `member.hsm3.uptime` in expect; did you mean "
                 "`member.hsm1.uptime`?");
    g_clear_error(&err);
    /* without metric_known, any name goes */
    s = scn_load_string(bad, strlen(bad), "e.yaml", NULL, &err);
    CHECK(s != NULL);
    scn_scenario_free(s);
}

static void test_points_without_axes(void)
{
    const char *t = "hapgsim: 1\nactions: [{at: 2h, do: resync, target: all}, "
                    "{at: 1h, do: recover, target: hsm1}]\nexpect: {outage.count: {max: 1}}\n";
    GError *err = NULL;
    ScnScenario *s = scn_load_string(t, strlen(t), "p.yaml", NULL, &err);
    CHECK(s != NULL);
    if (!s) {
        g_clear_error(&err);
        return;
    }
    ScnScenario *p = scn_scenario_at_point(s, NULL, &err);   /* no axes: a copy */
    CHECK(p != NULL);
    if (p) {
        CHECK(scn_config_equal(scn_scenario_config(p), scn_scenario_config(s)));
        CHECK_UINT_EQ(scn_scenario_n_expect(p), 1);
        char *a = scn_scenario_print(s), *b = scn_scenario_print(p);
        CHECK_STR_EQ(b, a);                   /* actions still in the order written */
        CHECK_CONTAINS(b, "actions:\n- {at: 2h, do: resync, target: all}\n");
        ScnScenario *q = scn_scenario_at_point(p, NULL, &err);
        CHECK(q != NULL && scn_config_equal(scn_scenario_config(q), scn_scenario_config(s)));
        scn_scenario_free(q);
        g_free(a);
        g_free(b);
        scn_scenario_free(p);
    }
    scn_scenario_free(s);
}

static void test_axis_values_quoted(void)
{
    const char *t = "hapgsim: 1\nsweep:\n  name: [\"two words\", 'say \"hi\"', \"null\"]\n"
                    "  description: [\"a\\\\b\\nc\", \"tab\\there\"]\n";
    GError *err = NULL;
    ScnScenario *s = scn_load_string(t, strlen(t), "q.yaml", NULL, &err);
    if (s == NULL) {
        CHECK_FAILF("%s", err->message);
        g_error_free(err);
        return;
    }
    CHECK_STR_EQ(scn_scenario_axis_value(s, 0, 0), "\"two words\"");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 0, 1), "\"say \\\"hi\\\"\"");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 0, 2), "\"null\"");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 1, 0), "\"a\\\\b\\nc\"");
    CHECK_STR_EQ(scn_scenario_axis_value(s, 1, 1), "\"tab\\there\"");
    guint idx[] = {2, 0};
    ScnScenario *p = scn_scenario_at_point(s, idx, NULL);
    if (p) {
        CHECK_STR_EQ(scn_scenario_config(p)->name, "null");
        CHECK_STR_EQ(scn_scenario_config(p)->description, "a\\b\nc");
        scn_scenario_free(p);
    }
    /* and the canonical texts read back as the same values */
    char *text = scn_scenario_print(s);
    ScnScenario *b = scn_load_string(text, strlen(text), "q.yaml", NULL, NULL);
    CHECK(b != NULL);
    if (b)
        for (guint i = 0; i < 3; i++)
            CHECK_STR_EQ(scn_scenario_axis_value(b, 0, i), scn_scenario_axis_value(s, 0, i));
    scn_scenario_free(b);
    g_free(text);
    scn_scenario_free(s);
}

static CU_TestInfo tests[] = {
    {"--set types values as the file would", test_set_typing},
    {"--set members.count replaces the list", test_set_count_replaces_list},
    {"--set rate and threads replace each other", test_set_loop_replaces},
    {"--set errors", test_set_errors},
    {"--set and sweep through members.list", test_set_through_list},
    {"--set and --sweep option limits", test_option_limits},
    {"--sweep replaces an axis of the same path", test_option_axes_replace},
    {"file sweep axes and points", test_file_axes_and_points},
    {"--sweep axes", test_option_axes},
    {"sweep errors at their values", test_sweep_errors},
    {"sweep limits", test_sweep_limits},
    {"expect bounds and metric names", test_expect},
    {"points of a scenario without axes", test_points_without_axes},
    {"axis values that need quotes", test_axis_values_quoted},
    {"canonical values of every section", test_axis_canonical_sections},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("scenarios/overrides", tests)
