/* tests/test_cli.c - the hapgsim command as a user runs it: exit statuses, output
 * files written whole or not at all, determinism across -j, interruption, resume. */
#include "check.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

static char *tmpdir;

/* Runs hapgsim with the given arguments (NULL-terminated); returns the exit status,
 * and stdout/stderr when asked. */
static int hapgsim(char **out, char **err, ...)
{
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup(HAPGSIM));
    va_list ap;
    va_start(ap, err);
    for (const char *a; (a = va_arg(ap, const char *));)
        g_ptr_array_add(argv, g_strdup(a));
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    int status = -1;
    GError *e = NULL;
    char *o = NULL, *r = NULL;
    if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &o, &r,
                      &status, &e)) {
        CHECK_FAILF("spawn: %s", e->message);
        g_error_free(e);
    }
    g_ptr_array_free(argv, TRUE);
    if (out) *out = o; else g_free(o);
    if (err) *err = r; else g_free(r);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static char *path(const char *name) { return g_build_filename(tmpdir, name, NULL); }
static char *input(const char *name) { return g_build_filename(CLI_INPUTS, name, NULL); }

static char *slurp(const char *file)
{
    char *text = NULL;
    g_file_get_contents(file, &text, NULL, NULL);
    return text;
}

static void test_determinism_across_jobs(void)
{
    char *scn = input("small.yaml"), *a = path("j1.json"), *b = path("j2.json");
    CHECK_INT_EQ(hapgsim(NULL, NULL, "run", scn, "-j", "1", "-o", a, "--format", "json", "-q", NULL), 0);
    CHECK_INT_EQ(hapgsim(NULL, NULL, "run", scn, "-j", "2", "-o", b, "-q", NULL), 0);  /* .json implies json */
    char *x = slurp(a), *y = slurp(b);
    CHECK(x != NULL && y != NULL && strcmp(x, y) == 0);
    /* every metric of MODEL.md section 3, as {mean, stddev, ci95, n} */
    JsonParser *p = json_parser_new();
    CHECK(json_parser_load_from_data(p, x, -1, NULL));
    JsonObject *top = json_node_get_object(json_parser_get_root(p));
    JsonObject *m = json_object_get_object_member(top, "metrics");
    const char *names[] = {"availability.time", "availability.requests", "availability.nines",
        "outage.count", "outage.total_s", "outage.longest_s", "failover.count",
        "failover.added_latency_s", "recovery.attempts", "recovery.auto", "recovery.exhausted",
        "recovery.manual", "recovery.time_to_rejoin_s", "member.hsm1.uptime", "member.hsm2.uptime",
        "consistency.in_sync_time", "consistency.in_flight_time", "consistency.stale_reads",
        "consistency.max_divergence",
        "consistency.max_pending", "consistency.zombies", "durability.at_risk_time",
        "durability.objects_lost", "latency.mean_ms", "latency.p50_ms", "latency.p90_ms",
        "latency.p99_ms", "latency.p999_ms", "throughput.ops_s", "rejected.count",
        "engine.events", "engine.events_per_s"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (!json_object_has_member(m, names[i])) {
            CHECK_FAILF("metric %s missing", names[i]);
            continue;
        }
        JsonObject *agg = json_object_get_object_member(m, names[i]);
        CHECK(json_object_has_member(agg, "mean") && json_object_has_member(agg, "stddev") &&
              json_object_has_member(agg, "ci95") && json_object_has_member(agg, "n"));
    }
    CHECK_INT_EQ(json_object_get_int_member(top, "seed"), 7);
    CHECK(strstr(json_object_get_string_member(json_object_get_object_member(top, "scenario"), "yaml"),
                 "name: small") != NULL);
    CHECK_INT_EQ(json_array_get_length(json_object_get_array_member(top, "per_replication")), 4);
    g_object_unref(p);
    g_free(x);
    g_free(y);
    g_free(scn);
    g_free(a);
    g_free(b);
}

static void test_exit_statuses_and_formats(void)
{
    char *scn = input("small.yaml"), *out = NULL, *err = NULL;
    /* expect passes: 0; a --set that makes it fail: 1 */
    CHECK_INT_EQ(hapgsim(&out, NULL, "run", scn, "-q", NULL), 0);
    CHECK_CONTAINS(out, "availability.time");
    CHECK_CONTAINS(out, "pass ");
    g_free(out);
    CHECK_INT_EQ(hapgsim(&out, NULL, "run", scn, "-q", "--set", "expect.availability.time.min=0.9999", NULL), 2);
    g_free(out);
    /* expect: cannot be changed with --set; a failing bound through a file then */
    char *failing = path("failing.yaml"), *text = slurp(scn);
    char **parts = g_strsplit(text, "{min: 0.5}", -1);
    char *changed = g_strjoinv("{max: 0.5}", parts);
    g_strfreev(parts);
    g_file_set_contents(failing, changed, -1, NULL);
    CHECK_INT_EQ(hapgsim(&out, NULL, "run", failing, "-q", NULL), 1);
    CHECK_CONTAINS(out, "fail ");
    g_free(out);
    /* CSV is tidy */
    CHECK_INT_EQ(hapgsim(&out, NULL, "run", scn, "-q", "-r", "2", "--format", "csv", NULL), 0);
    CHECK(g_str_has_prefix(out, "point,replication,metric,value\n0,0,availability.time,"));
    g_free(out);
    /* a bad scenario: 2, the position on stderr, nothing written */
    char *bad = path("bad.yaml"), *never = path("never.json");
    g_file_set_contents(bad, "hapgsim: 1\nclients:\n  auto_recovery: {interval: 30s}\n", -1, NULL);
    CHECK_INT_EQ(hapgsim(NULL, &err, "run", bad, "-o", never, NULL), 2);
    CHECK_CONTAINS(err, "bad.yaml:3:29: clients.auto_recovery.interval must be within 60s..1200s (got 30s)");
    CHECK(!g_file_test(never, G_FILE_TEST_EXISTS));
    g_free(err);
    /* bad usage: 2 */
    CHECK_INT_EQ(hapgsim(NULL, NULL, "nonsense", NULL), 2);
    CHECK_INT_EQ(hapgsim(NULL, NULL, "run", scn, "--format", "xml", NULL), 2);
    CHECK_INT_EQ(hapgsim(NULL, NULL, "run", scn, "-j", "-1", NULL), 2);
    CHECK_INT_EQ(hapgsim(&out, NULL, "--version", NULL), 0);
    CHECK(g_str_has_prefix(out, "hapgsim "));
    g_free(out);
    g_free(failing);
    g_free(text);
    g_free(changed);
    g_free(bad);
    g_free(never);
    g_free(scn);
}

static void test_trace(void)
{
    char *scn = input("small.yaml"), *out = NULL;
    CHECK_INT_EQ(hapgsim(&out, NULL, "trace", scn, NULL), 0);
    char **lines = g_strsplit(out, "\n", -1);
    guint n = 0, faults = 0;
    for (char **l = lines; *l && **l; l++, n++) {
        JsonParser *p = json_parser_new();
        if (!json_parser_load_from_data(p, *l, -1, NULL)) {
            CHECK_FAILF("line %u is not JSON: %s", n + 1, *l);
            g_object_unref(p);
            break;
        }
        JsonObject *o = json_node_get_object(json_parser_get_root(p));
        CHECK(json_object_has_member(o, "t") && json_object_has_member(o, "t_ns") &&
              json_object_has_member(o, "event"));
        faults += strcmp(json_object_get_string_member(o, "event"), "fault_begin") == 0;
        g_object_unref(p);
    }
    CHECK(n > 20 && faults > 5);
    g_strfreev(lines);
    g_free(out);
    g_free(scn);
}

/* Ctrl-C: the finished replications are written, marked interrupted, exit 130, no
 * temporary file left behind. */
static void test_interrupt(void)
{
    char *scn = input("slow.yaml"), *out = path("slow.json");
    char **argv = g_strsplit(HAPGSIM "|run|", "|", -1);
    g_free(argv[2]);
    argv[2] = g_strdup(scn);
    char *more = g_strjoin("|", "-o", out, "-j", "2", "-q", NULL);
    char *line = g_strjoinv("|", argv), *all = g_strconcat(line, "|", more, NULL);
    g_strfreev(argv);
    argv = g_strsplit(all, "|", -1);
    g_free(more);
    g_free(line);
    g_free(all);
    GPid pid;
    CHECK(g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL));
    g_strfreev(argv);
    g_usleep(3 * G_USEC_PER_SEC);
    kill(pid, SIGINT);
    int status;
    waitpid(pid, &status, 0);
    g_spawn_close_pid(pid);
    CHECK(WIFEXITED(status));
    CHECK_INT_EQ(WEXITSTATUS(status), 130);
    char *text = slurp(out);
    CHECK(text != NULL);
    if (text) {
        CHECK_CONTAINS(text, "\"interrupted\" : true");
        JsonParser *p = json_parser_new();
        CHECK(json_parser_load_from_data(p, text, -1, NULL));
        JsonObject *top = json_node_get_object(json_parser_get_root(p));
        gint64 done = json_object_get_int_member(top, "completed");
        CHECK(done >= 1 && done < 20000);
        g_object_unref(p);
    }
    GDir *d = g_dir_open(tmpdir, 0, NULL);
    for (const char *f; (f = g_dir_read_name(d));)
        if (g_str_has_prefix(f, "slow.json") && strcmp(f, "slow.json") != 0)
            CHECK_FAILF("left behind: %s", f);
    g_dir_close(d);
    g_free(text);
    g_free(out);
    g_free(scn);
}

/* Starts hapgsim with the given arguments (NULL-terminated) without waiting. */
static GPid spawn(const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup(HAPGSIM));
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, g_strdup(a));
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    GPid pid = 0;
    GError *e = NULL;
    if (!g_spawn_async(NULL, (char **)argv->pdata, NULL,
                       G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid, &e)) {
        CHECK_FAILF("spawn: %s", e->message);
        g_error_free(e);
    }
    g_ptr_array_free(argv, TRUE);
    return pid;
}

static int interrupt_and_wait(GPid pid)
{
    int status = 0;
    kill(pid, SIGINT);
    waitpid(pid, &status, 0);
    g_spawn_close_pid(pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Ctrl-C marks every format: CSV ends with the row 0,,interrupted,1, a trace with an
 * "interrupted" event, analytic --compare's table with a line. */
static void test_interrupt_marks(void)
{
    char *scn = input("slow.yaml"), *csv = path("slow.csv"), *trace = path("slow-trace.jsonl");
    char *table = path("slow-analytic.txt");
    GPid run = spawn("run", scn, "-o", csv, "-j", "1", "-q", NULL);
    GPid tr = spawn("trace", scn, "--set", "duration=100d", "-o", trace, NULL);
    GPid an = spawn("analytic", scn, "--compare", "-j", "1", "-o", table, "-q", NULL);
    g_usleep(3 * G_USEC_PER_SEC);
    CHECK_INT_EQ(interrupt_and_wait(run), 130);
    CHECK_INT_EQ(interrupt_and_wait(tr), 130);
    CHECK_INT_EQ(interrupt_and_wait(an), 130);
    char *text = slurp(csv);
    CHECK(text != NULL);
    if (text) {
        CHECK(g_str_has_prefix(text, "point,replication,metric,value\n"));
        CHECK(g_str_has_suffix(text, "\n0,,interrupted,1\n"));
    }
    g_free(text);
    text = slurp(trace);
    CHECK(text != NULL);
    if (text) {
        char *last = g_strrstr_len(text, (gssize)strlen(text) - 1, "\n");
        last = last ? last + 1 : text;
        CHECK_CONTAINS(last, "\"event\": \"interrupted\"}");
    }
    g_free(text);
    text = slurp(table);
    CHECK(text != NULL);
    if (text)
        CHECK_CONTAINS(text, "\ninterrupted: the simulated figures come from ");
    g_free(text);
    g_free(scn);
    g_free(csv);
    g_free(trace);
    g_free(table);
}

/* compare: a malformed tolerance is refused even for a metric not compared; an empty
 * file is not a result. */
static void test_compare_bad_input(void)
{
    char *scn = input("small.yaml"), *a = path("base2.json"), *empty = path("empty.json"), *err = NULL;
    CHECK_INT_EQ(hapgsim(NULL, NULL, "run", scn, "-r", "2", "-o", a, "-q", NULL), 0);
    CHECK_INT_EQ(hapgsim(NULL, &err, "compare", a, a, "--metric", "latency.p99_ms",
                         "--tolerance", "availability.time=abc", NULL), 2);
    CHECK_CONTAINS(err, "--tolerance availability.time=abc: the value must be a number");
    g_free(err);
    g_file_set_contents(empty, "", 0, NULL);
    CHECK_INT_EQ(hapgsim(NULL, &err, "compare", empty, a, NULL), 2);
    CHECK_CONTAINS(err, "empty.json: not a hapgsim result (the file is empty)");
    CHECK(strstr(err, "CRITICAL") == NULL);
    g_free(err);
    g_free(scn);
    g_free(a);
    g_free(empty);
}

static void test_sweep_and_resume(void)
{
    char *scn = input("small.yaml"), *full = path("sweep.json"), *part = path("sweep-part.json");
    CHECK_INT_EQ(hapgsim(NULL, NULL, "sweep", scn, "--sweep", "clients.auto_recovery.interval=60s,600s",
                         "--sweep", "members.count=2,3", "-r", "2", "-o", full, "-q", NULL), 0);
    char *text = slurp(full);
    CHECK_CONTAINS(text, "\"complete\" : true");
    /* as if interrupted after two points: mark the others unfinished, then resume */
    JsonParser *p = json_parser_new();
    CHECK(json_parser_load_from_data(p, text, -1, NULL));
    JsonObject *top = json_node_get_object(json_parser_get_root(p));
    JsonArray *points = json_object_get_array_member(top, "points");
    CHECK_INT_EQ(json_array_get_length(points), 4);
    for (guint i = 2; i < json_array_get_length(points); i++) {
        JsonObject *pt = json_array_get_object_element(points, i);
        json_object_set_boolean_member(pt, "complete", FALSE);
        json_object_remove_member(pt, "per_replication");
    }
    json_object_set_boolean_member(top, "complete", FALSE);
    JsonGenerator *gen = json_generator_new();
    json_generator_set_root(gen, json_parser_get_root(p));
    json_generator_to_file(gen, part, NULL);
    g_object_unref(gen);
    g_object_unref(p);
    CHECK_INT_EQ(hapgsim(NULL, NULL, "sweep", scn, "--sweep", "clients.auto_recovery.interval=60s,600s",
                         "--sweep", "members.count=2,3", "-r", "2", "-o", part, "--resume", "-q", NULL), 0);
    char *resumed = slurp(part);
    CHECK(resumed && strcmp(resumed, text) == 0);
    /* another scenario cannot be resumed into it */
    CHECK_INT_EQ(hapgsim(NULL, NULL, "sweep", scn, "--sweep", "clients.auto_recovery.interval=60s,900s",
                         "--sweep", "members.count=2,3", "-r", "2", "-o", part, "--resume", "-q", NULL), 2);
    /* text table: one row per point */
    char *out = NULL;
    CHECK_INT_EQ(hapgsim(&out, NULL, "sweep", scn, "--sweep", "members.count=2,3", "-r", "2", "-q", NULL), 0);
    CHECK_CONTAINS(out, "    0  2  ");
    CHECK_CONTAINS(out, "    1  3  ");
    g_free(out);
    g_free(resumed);
    g_free(text);
    g_free(full);
    g_free(part);
    g_free(scn);
}

static void test_compare_and_analytic(void)
{
    char *scn = input("small.yaml"), *a = path("base.json"), *b = path("cand.json"), *out = NULL;
    CHECK_INT_EQ(hapgsim(NULL, NULL, "run", scn, "-r", "6", "-o", a, "-q", NULL), 0);
    CHECK_INT_EQ(hapgsim(NULL, NULL, "run", scn, "-r", "6", "-o", b, "-q",
                         "--set", "clients.auto_recovery.interval=1200s", NULL), 0);
    CHECK_INT_EQ(hapgsim(&out, NULL, "compare", a, a, NULL), 0);
    CHECK_CONTAINS(out, "paired");
    g_free(out);
    CHECK_INT_EQ(hapgsim(&out, NULL, "compare", a, b, "--metric", "availability.time", NULL), 1);
    CHECK_CONTAINS(out, "worse");
    g_free(out);
    /* a tolerance wider than the difference: no regression */
    CHECK_INT_EQ(hapgsim(&out, NULL, "compare", a, b, "--metric", "availability.time",
                         "--tolerance", "availability.time=50%", NULL), 0);
    g_free(out);
    CHECK_INT_EQ(hapgsim(NULL, NULL, "compare", a, "/nonexistent.json", NULL), 2);
    /* analytic: a study with a closed form for its availability, beside the simulation */
    char *an = input("analytic.yaml");
    CHECK_INT_EQ(hapgsim(&out, NULL, "analytic", an, "--compare", "-q", NULL), 0);
    CHECK_CONTAINS(out, "availability.time");
    CHECK_CONTAINS(out, "inside");
    CHECK(strstr(out, "OUTSIDE") == NULL);
    CHECK_CONTAINS(out, "latency, throughput                no closed form: faults");
    g_free(out);
    g_free(an);
    char *ref = g_build_filename(CLI_LIBRARY, "reference-two-az.yaml", NULL);
    CHECK_INT_EQ(hapgsim(&out, NULL, "analytic", ref, NULL), 0);
    CHECK_CONTAINS(out, "no closed form: recovery is not active");
    g_free(out);
    g_free(ref);
    g_free(a);
    g_free(b);
    g_free(scn);
}

static void test_precision(void)
{
    char *scn = input("small.yaml"), *out = NULL, *err = NULL;
    CHECK_INT_EQ(hapgsim(&out, &err, "run", scn, "--precision", "availability.time=2%",
                         "--max-replications", "40", NULL), 0);
    CHECK_CONTAINS(out, "precision: every target reached");
    g_free(out);
    g_free(err);
    CHECK_INT_EQ(hapgsim(&out, &err, "run", scn, "--precision", "availability.time=0.00001",
                         "--max-replications", "8", NULL), 0);
    CHECK_CONTAINS(out, "precision: not reached within --max-replications 8");
    g_free(out);
    g_free(err);
    CHECK_INT_EQ(hapgsim(NULL, NULL, "run", scn, "--precision", "no.such.metric=1", NULL), 2);
    g_free(scn);
}

/* Outputs: the extension implies the format in any case; the input is refused as
 * output; a missing directory is reported before simulating. */
static void test_outputs(void)
{
    char *scn = input("small.yaml"), *upper = path("X.JSON"), *copy = path("copy.yaml"), *err = NULL;
    CHECK_INT_EQ(hapgsim(NULL, NULL, "run", scn, "-r", "2", "-q", "-o", upper, NULL), 0);
    char *text = slurp(upper);
    CHECK(text && text[0] == '{');
    g_free(text);
    char *orig = slurp(scn);
    CHECK(g_file_set_contents(copy, orig, -1, NULL));
    CHECK_INT_EQ(hapgsim(NULL, &err, "run", copy, "-r", "2", "-q", "-o", copy, NULL), 2);
    CHECK_CONTAINS(err, "is the input file");
    g_free(err);
    text = slurp(copy);
    CHECK(text && strcmp(text, orig) == 0);
    g_free(text);
    char *nodir = path("nodir/out.json");
    gint64 t0 = g_get_monotonic_time();
    CHECK_INT_EQ(hapgsim(NULL, &err, "run", scn, "--set", "duration=1000d", "-q", "-o", nodir, NULL), 2);
    CHECK(g_get_monotonic_time() - t0 < 5 * G_USEC_PER_SEC);
    CHECK_CONTAINS(err, "no such directory");
    g_free(err);
    g_free(nodir);
    g_free(orig);
    g_free(copy);
    g_free(upper);
    g_free(scn);
}

/* A sweep killed with SIGKILL: its journal keeps the finished replications, --resume
 * continues from them and gives the bytes of an uninterrupted sweep; the journal goes
 * once the output is complete. */
static void test_sweep_journal_after_kill(void)
{
    char *scn = input("small.yaml"), *ref = path("jref.json"), *out = path("jout.json");
    char *journal = g_strconcat(out, ".hapgsim-journal", NULL);
    CHECK_INT_EQ(hapgsim(NULL, NULL, "sweep", scn, "--sweep", "members.count=2,3,4", "-r", "3",
                         "-q", "-o", ref, NULL), 0);
    GPid pid = spawn("sweep", scn, "--sweep", "members.count=2,3,4", "-r", "3", "-j", "1", "-q",
                     "-o", out, NULL);
    char *text = NULL;
    for (int i = 0; i < 3000; i++) {               /* until two replications are journaled */
        g_free(text);
        text = slurp(journal);
        guint lines = 0;
        for (const char *c = text; c && *c; c++)
            lines += *c == '\n';
        if (lines >= 3)                            /* the header and two records */
            break;
        g_usleep(10000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    g_spawn_close_pid(pid);
    CHECK(!g_file_test(out, G_FILE_TEST_EXISTS));
    CHECK(text && g_str_has_prefix(text, "{\"hapgsim_journal\":1,\"kind\":\"sweep\","));
    g_free(text);
    char *err = NULL;
    CHECK_INT_EQ(hapgsim(NULL, &err, "sweep", scn, "--sweep", "members.count=2,3,4", "-r", "3",
                         "-j", "2", "-o", out, "--resume", NULL), 0);
    CHECK_CONTAINS(err, "replications already done");
    g_free(err);
    char *a = slurp(ref), *b = slurp(out);
    CHECK(a && b && strcmp(a, b) == 0);
    CHECK(!g_file_test(journal, G_FILE_TEST_EXISTS));
    g_free(a);
    g_free(b);
    g_free(journal);
    g_free(out);
    g_free(ref);
    g_free(scn);
}

static CU_TestInfo tests[] = {
    {"same JSON for -j 1 and -j 2, every metric present", test_determinism_across_jobs},
    {"exit statuses, formats, bad scenarios write nothing", test_exit_statuses_and_formats},
    {"trace is JSON Lines", test_trace},
    {"Ctrl-C writes what was finished, marked interrupted", test_interrupt},
    {"sweep, and --resume of an interrupted sweep", test_sweep_and_resume},
    {"compare (paired) and analytic", test_compare_and_analytic},
    {"--precision adds replications until reached or capped", test_precision},
    {"Ctrl-C marks CSV, trace and analytic --compare output", test_interrupt_marks},
    {"compare refuses bad tolerances and empty files", test_compare_bad_input},
    {"outputs: X.JSON, the input refused, a missing directory at once", test_outputs},
    {"a sweep killed with SIGKILL resumes from its journal", test_sweep_journal_after_kill},
    CU_TEST_INFO_NULL,
};

int main(void)
{
    GError *err = NULL;
    tmpdir = g_dir_make_tmp("hapgsim-cli-XXXXXX", &err);
    if (tmpdir == NULL) {
        g_printerr("test_cli: cannot make a temporary directory: %s\n", err->message);
        g_error_free(err);
        return 1;
    }
    int status = check_run("cli", tests);
    GDir *d = g_dir_open(tmpdir, 0, NULL);
    for (const char *f; d && (f = g_dir_read_name(d));) {
        char *file = g_build_filename(tmpdir, f, NULL);
        g_remove(file);
        g_free(file);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return status;
}
