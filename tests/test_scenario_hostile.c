/* tests/test_scenario_hostile.c - hostile input: every case is refused with a clear
 * message, quickly and in bounded memory, and never crashes (the sanitizer build runs
 * the same cases).  Huge inputs are generated here, not committed. */
#include "check.h"
#include "scenarios/scenario.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* Seconds a case may take: generous under the sanitizers, which run 2-5x slower. */
#ifdef SCN_SANITIZED
#define BUDGET_S 4.0
#else
#define BUDGET_S 1.0
#endif

static double seconds_since(gint64 t0)
{
    return (double)(g_get_monotonic_time() - t0) / 1e6;
}

/* Loads `len` bytes that must be refused with `code` and a message containing `needle`;
 * the whole message's lines must each carry a position. */
static void refused(const char *what, const char *text, gsize len, int code, const char *needle)
{
    GError *err = NULL;
    gint64 t0 = g_get_monotonic_time();
    ScnScenario *s = scn_load_string(text, len, "h.yaml", NULL, &err);
    double dt = seconds_since(t0);
    if (s != NULL) {
        CHECK_FAILF("%s: accepted", what);
        scn_scenario_free(s);
        return;
    }
    if (dt > BUDGET_S)
        CHECK_FAILF("%s: took %.2f s", what, dt);
    if (err->domain != SCN_ERROR || err->code != code)
        CHECK_FAILF("%s: error code %d, expected %d (%s)", what, err->code, code, err->message);
    if (strstr(err->message, needle) == NULL)
        CHECK_FAILF("%s: \"%.300s\" does not contain \"%s\"", what, err->message, needle);
    else
        CU_PASS(what);
    g_error_free(err);
}

static char *repeat(const char *unit, gsize times)
{
    GString *s = g_string_sized_new(strlen(unit) * times + 1);
    for (gsize i = 0; i < times; i++)
        g_string_append(s, unit);
    return g_string_free(s, FALSE);
}

static void test_size_limits(void)
{
    /* a 2 MiB file: refused before parsing */
    gsize big = 2 * 1024 * 1024;
    char *text = g_malloc(big);
    memset(text, '#', big);
    refused("2 MiB string", text, big, SCN_ERROR_LIMIT, "h.yaml:1:1: 2097152 bytes is more "
                                                         "than the limit, 1048576 bytes");
    char *path = g_build_filename(g_get_tmp_dir(), "hapgsim-big-XXXXXX.yaml", NULL);
    int fd = g_mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(write(fd, text, big) == (ssize_t)big);
        close(fd);
        GError *err = NULL;
        gint64 t0 = g_get_monotonic_time();
        CHECK(scn_load_file(path, NULL, &err) == NULL);
        CHECK(seconds_since(t0) < BUDGET_S);
        CHECK(g_error_matches(err, SCN_ERROR, SCN_ERROR_LIMIT));
        CHECK_CONTAINS(err ? err->message : NULL, "larger than the limit");
        g_clear_error(&err);
        g_unlink(path);
    }
    g_free(path);
    g_free(text);

    /* a scalar of 100 KiB */
    char *blob = repeat("x", 100 * 1024);
    text = g_strconcat("hapgsim: 1\ndescription: ", blob, "\n", NULL);
    refused("100 KiB scalar", text, strlen(text), SCN_ERROR_LIMIT,
            "h.yaml:2:14: a scalar of 102400 bytes is longer than the limit, 65536 bytes");
    g_free(text);
    g_free(blob);

    /* 500 000 nodes in 1 MiB */
    char *items = repeat("1,", 500000);
    text = g_strconcat("hapgsim: 1\nzones: [", items, "]\n", NULL);
    refused("500k nodes", text, strlen(text), SCN_ERROR_LIMIT,
            "more than 100000 YAML nodes (limit)");
    g_free(text);
    g_free(items);
}

static void test_nesting(void)
{
    char *open = repeat("[", 10000), *close = repeat("]", 10000);
    char *text = g_strconcat("hapgsim: 1\nzones: ", open, close, "\n", NULL);
    refused("10 000 nested lists", text, strlen(text), SCN_ERROR_LIMIT,
            "h.yaml:2:71: mappings and lists nested deeper than 64 levels (limit)");
    g_free(text);
    g_free(open);
    g_free(close);
    open = repeat("{a: ", 10000);
    close = repeat("}", 10000);
    text = g_strconcat("hapgsim: 1\nmembers: ", open, "1", close, "\n", NULL);
    refused("10 000 nested flow mappings", text, strlen(text), SCN_ERROR_LIMIT,
            "nested deeper than 64 levels");
    g_free(text);
    g_free(open);
    g_free(close);
    /* block mappings, 1000 deep (about 1 MB of indentation) */
    GString *t = g_string_new("hapgsim: 1\n");
    for (int i = 0; i < 1000; i++) {
        for (int j = 0; j < i; j++)
            g_string_append(t, " ");
        g_string_append(t, "a:\n");
    }
    refused("1000 nested block mappings", t->str, t->len, SCN_ERROR_LIMIT,
            "nested deeper than 64 levels");
    g_string_free(t, TRUE);
}

static void test_billion_laughs(void)
{
    GString *t = g_string_new("hapgsim: 1\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
        g_string_append_printf(t, "x%d: &a%d [", i, i);
        for (int j = 0; j < 9; j++)
            g_string_append_printf(t, "%s*a%d", j ? ", " : "", i - 1);
        g_string_append(t, "]\n");
    }
    refused("billion laughs", t->str, t->len, SCN_ERROR_INVALID,
            "h.yaml:3:10: YAML aliases (*a0) are not supported: write the value out");
    g_string_free(t, TRUE);
}

static void test_bytes(void)
{
    const char nul[] = "hapgsim: 1\nname: a\0b\n";
    refused("NUL byte", nul, sizeof nul - 1, SCN_ERROR_INVALID,
            "h.yaml:2:8: a NUL byte (scenarios are UTF-8 text)");
    const char latin1[] = "hapgsim: 1\nname: caf\xe9\n";
    refused("invalid UTF-8", latin1, sizeof latin1 - 1, SCN_ERROR_INVALID,
            "h.yaml:2:10: invalid UTF-8 (byte 0xe9; scenarios are UTF-8 text)");
    const char ctl[] = "hapgsim: 1\nname: a\x01z\n";
    refused("control character", ctl, sizeof ctl - 1, SCN_ERROR_INVALID,
            "h.yaml:2:8: YAML error: control characters are not allowed (#x1)");
    const char utf16[] = "\xff\xfeh\0a\0";
    refused("UTF-16", utf16, sizeof utf16 - 1, SCN_ERROR_INVALID, "h.yaml:1:1: invalid UTF-8");
    refused("empty", "", 0, SCN_ERROR_INVALID, "h.yaml:1:1: the file is empty");
    refused("blank", "  \n\n   \n", 8, SCN_ERROR_INVALID, "h.yaml:1:1: the file is empty");
    refused("null document", "~\n", 2, SCN_ERROR_INVALID, "h.yaml:1:1: the file is empty");
    refused("bare scalar", "hapgsim\n", 8, SCN_ERROR_INVALID,
            "h.yaml:1:1: a scenario must be a mapping of keys such as `hapgsim: 1` (got hapgsim)");
    const char tabs[] = "hapgsim: 1\nclients:\n  count: 1\n\t balancing: random\n";
    refused("tab indentation", tabs, sizeof tabs - 1, SCN_ERROR_INVALID,
            "h.yaml:4:1: tab character in indentation (YAML indents with spaces only)");
    const char docs[] = "hapgsim: 1\n...\n---\nhapgsim: 1\n";
    refused("two documents", docs, sizeof docs - 1, SCN_ERROR_INVALID,
            "h.yaml:3:1: a second YAML document: a scenario is one document");
    const char nulesc[] = "hapgsim: 1\nname: \"a\\0b\"\n";
    refused("NUL escape", nulesc, sizeof nulesc - 1, SCN_ERROR_INVALID,
            "h.yaml:2:7: a NUL character in a scalar");
    /* positions count lines and characters as libyaml does: LS, PS and NEL break lines */
    const char ls[] = "hapgsim: 1\n# a\xe2\x80\xa8" "b\n# c\xc2\x85\xc3\xa9\xc3\xa9 \x01\n";
    refused("unicode line breaks", ls, sizeof ls - 1, SCN_ERROR_INVALID,
            "h.yaml:5:4: YAML error: control characters are not allowed (#x1)");
    const char ls2[] = "hapgsim: 1\n# a\xe2\x80\xa9\xc3\xa9\0\n";
    refused("NUL after PS", ls2, sizeof ls2 - 1, SCN_ERROR_INVALID, "h.yaml:3:2: a NUL byte");
    const char dup[] = "hapgsim: 1\nzones: [a]\nzones: [b]\n";
    refused("duplicate keys", dup, sizeof dup - 1, SCN_ERROR_INVALID,
            "h.yaml:3:1: duplicate key `zones` (first at 2:1)");
}

static void test_numbers(void)
{
    char *digits = repeat("9", 5000);
    char *text = g_strconcat("hapgsim: 1\nseed: ", digits, "\n", NULL);
    refused("5000-digit seed", text, strlen(text), SCN_ERROR_INVALID,
            "h.yaml:2:7: seed must be within 0..18446744073709551615 (got 999");
    g_free(text);
    text = g_strconcat("hapgsim: 1\nworkload: {rate: 1e", digits, "}\n", NULL);
    refused("huge exponent", text, strlen(text), SCN_ERROR_INVALID,
            "workload.rate must be a finite number");
    g_free(text);
    text = g_strconcat("hapgsim: 1\nduration: ", digits, "s\n", NULL);
    refused("5000-digit duration", text, strlen(text), SCN_ERROR_INVALID,
            "h.yaml:2:11: duration must be a duration such as 250ms");
    g_free(text);
    g_free(digits);
    const char *cases[][2] = {
        {"hapgsim: 1\nduration: 9223372036854775808ns\n",
         "duration is too large: it must be > 0s and <= 200y (got 9223372036854775808ns)"},
        {"hapgsim: 1\nreplications: 4294967297\n", "replications must be within 1..1000000"},
        {"hapgsim: 1\nclients: {auto_recovery: {retry: -9223372036854775809}}\n",
         "clients.auto_recovery.retry must be within -1..500"},
        {"hapgsim: 1\nworkload: {rate: .inf}\n", "workload.rate must be a number (got .inf)"},
        {"hapgsim: 1\nworkload: {rate: nan}\n", "workload.rate must be a number (got nan)"},
        {"hapgsim: 1\nworkload: {rate: 0x10}\n", "workload.rate must be a number (got 0x10)"},
        {"hapgsim: 1\nmembers: {defaults: {capacity: 1e-400}}\n",
         "members.defaults.capacity must be > 0 (got 1e-400)"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        refused(cases[i][1], cases[i][0], strlen(cases[i][0]), SCN_ERROR_INVALID, cases[i][1]);
}

static void test_many_errors(void)
{
    /* 45 000 unknown keys: 50 lines, then the count of the rest */
    GString *t = g_string_new("hapgsim: 1\n");
    for (int i = 0; i < 45000; i++)
        g_string_append_printf(t, "k%d: %d\n", i, i);
    refused("45 000 unknown keys", t->str, t->len, SCN_ERROR_INVALID, "\n... and 44950 more");
    /* and as many errors from a sweep checked value by value */
    g_string_assign(t, "hapgsim: 1\nsweep:\n  clients.auto_recovery.interval: [");
    for (int i = 0; i < 1000; i++)
        g_string_append_printf(t, "%s%dms", i ? ", " : "", i);
    g_string_append(t, "]\n");
    refused("1000 bad sweep values", t->str, t->len, SCN_ERROR_INVALID, "... and 950 more");
    g_string_free(t, TRUE);
}

static void test_hostile_options(void)
{
    char *deep = repeat("[", 100000);
    char *set = g_strconcat("zones=", deep, NULL);
    const char *sets[] = {set, NULL};
    ScnOptions o = {.overrides = sets};
    GError *err = NULL;
    CHECK(scn_load_string("hapgsim: 1\n", 11, "h.yaml", &o, &err) == NULL);
    CHECK(g_error_matches(err, SCN_ERROR, SCN_ERROR_LIMIT));
    CHECK_CONTAINS(err ? err->message : NULL, "--set:1:65: mappings and lists nested deeper");
    g_clear_error(&err);
    g_free(set);
    g_free(deep);
    char *path = repeat("a.", 1000);
    set = g_strconcat(path, "b=1", NULL);
    sets[0] = set;
    CHECK(scn_load_string("hapgsim: 1\n", 11, "h.yaml", &o, &err) == NULL);
    CHECK_CONTAINS(err ? err->message : NULL, "a path has at most 64 parts");
    g_clear_error(&err);
    g_free(set);
    g_free(path);
    sets[0] = "name=caf\xe9";
    CHECK(scn_load_string("hapgsim: 1\n", 11, "h.yaml", &o, &err) == NULL);
    CHECK_CONTAINS(err ? err->message : NULL, "--set:1:4: invalid UTF-8");
    g_clear_error(&err);
}

/* Tens of thousands of sweep axes, in the file or as --sweep options: refused by the
 * limits, quickly (an axis replaces one of the same path without a search). */
static void test_many_axes(void)
{
    GString *t = g_string_new("hapgsim: 1\nsweep:\n");
    for (int i = 0; i < 30000; i++)
        g_string_append_printf(t, "  faults.%d.at: [1h]\n", i);
    refused("30 000 sweep: axes", t->str, t->len, SCN_ERROR_LIMIT,
            "h.yaml:2:1: sweep has 30000 axes, more than the limit, 16");
    guint n = 20000;
    char **opts = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++)
        opts[i] = g_strdup_printf("faults.%u.at=1h", i);
    ScnOptions o = {.sweeps = (const char *const *)opts};
    GError *err = NULL;
    gint64 t0 = g_get_monotonic_time();
    CHECK(scn_load_string("hapgsim: 1\n", 11, "h.yaml", &o, &err) == NULL);
    double dt = seconds_since(t0);
    if (dt > BUDGET_S)
        CHECK_FAILF("20 000 --sweep options: took %.2f s", dt);
    CHECK(g_error_matches(err, SCN_ERROR, SCN_ERROR_LIMIT));
    CHECK_CONTAINS(err ? err->message : NULL, "--sweep:1001: more than 1000 --sweep options");
    g_clear_error(&err);
    g_strfreev(opts);
    g_string_free(t, TRUE);
}

/* Random damage to the library files: whatever comes of it, an answer and no crash. */
static void test_mutations(void)
{
    GDir *d = g_dir_open(SCN_LIBRARY, 0, NULL);
    CHECK(d != NULL);
    if (d == NULL)
        return;
    GRand *r = g_rand_new_with_seed(20240607);
    static const char *const inserts[] = {"\t", "\n", "{", "}", "[", "]", ":", ": ", "- ",
                                          "&a ", "*a", "!!str ", "\"", "'", "#", "\xff",
                                          "---\n", "? ", "|", ">", "\\", "\r", "~", "-1",
                                          "1e999", "99999999999999999999", "  ", "null"};
    const char *name;
    guint runs = 0, accepted = 0;
    gint64 t0 = g_get_monotonic_time();
    while ((name = g_dir_read_name(d))) {
        if (!g_str_has_suffix(name, ".yaml"))
            continue;
        char *path = g_build_filename(SCN_LIBRARY, name, NULL);
        char *orig = NULL;
        gsize olen = 0;
        g_file_get_contents(path, &orig, &olen, NULL);
        for (int k = 0; k < 150 && orig; k++) {
            GString *m = g_string_new_len(orig, (gssize)olen);
            int edits = g_rand_int_range(r, 1, 4);
            for (int e = 0; e < edits && m->len > 0; e++) {
                gsize at = (gsize)g_rand_int_range(r, 0, (gint32)m->len);
                switch (g_rand_int_range(r, 0, 4)) {
                case 0:
                    g_string_insert(m, (gssize)at,
                                    inserts[g_rand_int_range(r, 0, G_N_ELEMENTS(inserts))]);
                    break;
                case 1: {
                    gsize n = (gsize)g_rand_int_range(r, 1, 40);
                    g_string_erase(m, (gssize)at, (gssize)MIN(m->len - at, n));
                    break;
                }
                case 2:
                    m->str[at] = (char)g_rand_int_range(r, 1, 256);
                    break;
                default: {
                    gsize n = (gsize)g_rand_int_range(r, 1, 200);
                    n = MIN(m->len - at, n);
                    char *chunk = g_strndup(m->str + at, n);
                    g_string_insert(m, (gssize)g_rand_int_range(r, 0, (gint32)m->len), chunk);
                    g_free(chunk);
                }
                }
            }
            GError *err = NULL;
            ScnScenario *s = scn_load_string(m->str, m->len, "m.yaml", NULL, &err);
            runs++;
            if (s) {
                accepted++;
                char *text = scn_scenario_print(s);
                CHECK(text != NULL);
                g_free(text);
                scn_scenario_free(s);
            } else if (err == NULL || err->message[0] == '\0') {
                CHECK_FAILF("%s: refused without a message", name);
            } else if (!g_str_has_prefix(err->message, "m.yaml:")) {
                CHECK_FAILF("%s: message without a position: %s", name, err->message);
            }
            g_clear_error(&err);
            g_string_free(m, TRUE);
        }
        g_free(orig);
        g_free(path);
    }
    g_dir_close(d);
    g_rand_free(r);
    CHECK(runs >= 1000);
    CHECK(accepted < runs);
    CHECK(seconds_since(t0) < 30 * BUDGET_S);
}

static CU_TestInfo tests[] = {
    {"size limits", test_size_limits},
    {"nesting", test_nesting},
    {"billion laughs", test_billion_laughs},
    {"bytes that are not a scenario", test_bytes},
    {"numbers that overflow", test_numbers},
    {"many errors", test_many_errors},
    {"hostile --set", test_hostile_options},
    {"many sweep axes", test_many_axes},
    {"random damage", test_mutations},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("scenarios/hostile", tests)
