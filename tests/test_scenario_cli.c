/* tests/test_scenario_cli.c - `hapgsim validate`, run as a program: output, exit
 * status, --print, --set, expect: metric names. */
#include "check.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    int status;
    char *out, *err;
} Run;

static Run run(const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup(SCN_VALIDATE));
    g_ptr_array_add(argv, g_strdup("validate"));
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, g_strdup(*a));
    g_ptr_array_add(argv, NULL);
    Run r = {-1, NULL, NULL};
    GError *error = NULL;
    int wait = 0;
    if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &r.out,
                      &r.err, &wait, &error)) {
        CHECK_FAILF("cannot run %s: %s", SCN_VALIDATE, error->message);
        g_error_free(error);
        r.out = g_strdup("");
        r.err = g_strdup("");
    } else {
        r.status = WIFEXITED(wait) ? WEXITSTATUS(wait) : 128;
    }
    g_ptr_array_free(argv, TRUE);
    return r;
}

static void run_clear(Run *r)
{
    g_free(r->out);
    g_free(r->err);
}

static char *lib(const char *name) { return g_build_filename(SCN_LIBRARY, name, NULL); }
static char *fix(const char *name) { return g_build_filename(SCN_FIXTURES, name, NULL); }

static void test_ok_files(void)
{
    char *a = lib("reference-two-az.yaml"), *b = lib("capacity-16.yaml");
    const char *args[] = {a, b, NULL};
    Run r = run(args);
    CHECK_INT_EQ(r.status, 0);
    /* each ok line is followed by the study's cost estimate */
    char *want = g_strdup_printf("%s: ok\n  estimate: about ", a);
    CHECK(g_str_has_prefix(r.out, want));
    g_free(want);
    want = g_strdup_printf(" per replication\n%s: ok\n  estimate: about ", b);
    CHECK_CONTAINS(r.out, want);
    CHECK(g_str_has_suffix(r.out, " per replication\n"));
    char **lines = g_strsplit(r.out, "\n", -1);
    CHECK_INT_EQ(g_strv_length(lines), 5);
    g_strfreev(lines);
    CHECK_STR_EQ(r.err, "");
    g_free(want);
    run_clear(&r);
    g_free(a);
    g_free(b);
}

static void test_bad_file(void)
{
    char *good = lib("reference-two-az.yaml"), *bad = fix("bad/auto-recovery-interval.yaml");
    const char *args[] = {bad, good, NULL};
    Run r = run(args);
    CHECK_INT_EQ(r.status, 2);
    char *want = g_strdup_printf("%s:3:40: clients.auto_recovery.interval must be within "
                                 "60s..1200s (got 30s)\n", bad);
    CHECK_STR_EQ(r.err, want);
    g_free(want);
    CHECK_CONTAINS(r.out, ": ok\n");             /* the good one is still checked */
    run_clear(&r);
    g_free(good);
    g_free(bad);
}

static void test_print(void)
{
    /* MODEL.md's example is a study of 2.4e12 events: validated with --force */
    char *a = fix("good/model-example.yaml");
    const char *args[] = {"--print", "--force", a, NULL};
    Run r = run(args);
    CHECK_INT_EQ(r.status, 0);
    CHECK(g_str_has_prefix(r.out, "hapgsim: 1\nname: two-az-baseline\n"));
    CHECK_CONTAINS(r.out, "  clients.auto_recovery.interval: [1m, 5m, 20m]\n");
    char *ok = g_strdup_printf("%s: ok\n  estimate: about ", a);
    CHECK(g_str_has_prefix(r.err, ok));          /* stdout holds only the YAML */
    g_free(ok);
    /* the print validates, and prints the same */
    char *path = g_build_filename(g_get_tmp_dir(), "hapgsim-print-test.yaml", NULL);
    g_file_set_contents(path, r.out, -1, NULL);
    const char *again[] = {"-p", "--force", path, NULL};
    Run r2 = run(again);
    CHECK_INT_EQ(r2.status, 0);
    CHECK_STR_EQ(r2.out, r.out);
    run_clear(&r2);
    /* two files: two documents */
    const char *two[] = {"--print", "--force", a, path, NULL};
    r2 = run(two);
    CHECK_INT_EQ(r2.status, 0);
    CHECK_CONTAINS(r2.out, "\n---\nhapgsim: 1\n");
    run_clear(&r2);
    g_unlink(path);
    g_free(path);
    run_clear(&r);
    g_free(a);
}

static void test_set(void)
{
    char *a = lib("retry-exhaustion.yaml");
    const char *args[] = {"--print", "--set", "clients.auto_recovery.retry=7", "--set",
                          "members.count=3", a, NULL};
    Run r = run(args);
    CHECK_INT_EQ(r.status, 0);
    CHECK_CONTAINS(r.out, "auto_recovery: {retry: 7,");
    CHECK_CONTAINS(r.out, "  - {name: hsm3, zone: az-a,");
    run_clear(&r);
    const char *bad[] = {"--set", "clients.auto_recovery.interval=10s", a, NULL};
    r = run(bad);
    CHECK_INT_EQ(r.status, 2);
    CHECK_STR_EQ(r.err, "--set:1:1: clients.auto_recovery.interval must be within "
                        "60s..1200s (got 10s)\n");
    CHECK_STR_EQ(r.out, "");
    run_clear(&r);
    const char *sweep[] = {"--sweep", "workload.rate=1,x", a, NULL};
    r = run(sweep);
    CHECK_INT_EQ(r.status, 2);
    CHECK_STR_EQ(r.err, "--sweep:1:3: workload.rate must be a number (got x)\n");
    run_clear(&r);
    g_free(a);
}

static void test_usage(void)
{
    const char *none[] = {NULL};
    Run r = run(none);
    CHECK_INT_EQ(r.status, 2);
    CHECK_CONTAINS(r.err, "no scenario file given");
    run_clear(&r);
    const char *badopt[] = {"--frobnicate", "x.yaml", NULL};
    r = run(badopt);
    CHECK_INT_EQ(r.status, 2);
    CHECK_CONTAINS(r.err, "hapgsim validate: Unknown option --frobnicate");
    run_clear(&r);
    const char *missing[] = {"/nonexistent.yaml", NULL};
    r = run(missing);
    CHECK_INT_EQ(r.status, 2);
    CHECK_CONTAINS(r.err, "/nonexistent.yaml: cannot read: ");
    run_clear(&r);
    /* expect: metric names are checked as `run` checks them */
    char *path = g_build_filename(g_get_tmp_dir(), "hapgsim-expect-XXXXXX.yaml", NULL);
    int fd = g_mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        const char text[] = "hapgsim: 1\nexpect:\n  availabilty.time: {min: 0.9}\n";
        CHECK(write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
        close(fd);
        const char *typo[] = {path, NULL};
        r = run(typo);
        CHECK_INT_EQ(r.status, 2);
        CHECK_CONTAINS(r.err, "did you mean `availability.time`?");
        run_clear(&r);
        g_unlink(path);
    }
    g_free(path);
    const char *help[] = {"--help", NULL};
    r = run(help);
    CHECK_INT_EQ(r.status, 0);
    CHECK_CONTAINS(r.out, "--set=PATH=VALUE");
    run_clear(&r);
}

/* A valid file with traps: ok on stdout, positioned warnings on stderr, status 0. */
static void test_warnings(void)
{
    char *path = fix("warn/traps.yaml");
    const char *args[] = {path, NULL};
    Run r = run(args);
    CHECK_INT_EQ(r.status, 0);
    char *want = g_strdup_printf("%s: ok\n", path);
    CHECK(g_str_has_prefix(r.out, want));
    g_free(want);
    want = g_strdup_printf("%s:6:47: warning: faults.0.every is a bare duration, so the "
                           "process is deterministic: every member faults at the same "
                           "instant, exactly every 4000h;", path);
    CHECK(g_str_has_prefix(r.err, want));
    g_free(want);
    want = g_strdup_printf("\n%s:15:10: warning: actions.0.at is not before duration, 30d "
                           "(got 30d): the action never happens\n", path);
    CHECK(g_str_has_suffix(r.err, want));
    g_free(want);
    run_clear(&r);
    g_free(path);
}

static CU_TestInfo tests[] = {
    {"valid files print ok", test_ok_files},
    {"an invalid file gives its errors and status 2", test_bad_file},
    {"--print writes canonical YAML", test_print},
    {"--set and --sweep", test_set},
    {"usage errors", test_usage},
    {"warnings on stderr, status 0", test_warnings},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("cli/validate", tests)
