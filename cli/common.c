/* cli/common.c - shared pieces of the sub-commands. */
#include "cli/common.h"

#include "analysis/json-read.h"
#include "analysis/metrics.h"
#include "analysis/trace.h"
#include "cli/cost.h"
#include "models/group.h"
#include "sim/rng.h"
#include "sim/time.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static gint interrupt_flag;
static volatile sig_atomic_t interrupt_signal;   /* the first signal's number */
static volatile int64_t interrupt_at;            /* and when it came (monotonic ns) */

/* The first SIGINT or SIGTERM asks for a stop (what finished is written); another
 * within CLI_SIGNAL_GRACE of it is the same request (`timeout -s INT` from a shell
 * signals the whole process group, so the process may get it twice); a later one
 * ends the process at once. */
#define CLI_SIGNAL_GRACE_NS INT64_C(1000000000)

static void on_signal(int sig)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);            /* async-signal-safe */
    int64_t now = (int64_t)ts.tv_sec * INT64_C(1000000000) + ts.tv_nsec;
    if (interrupt_signal == 0) {
        interrupt_at = now;
        interrupt_signal = sig;
        g_atomic_int_set(&interrupt_flag, 1);
        return;
    }
    if (now - interrupt_at < CLI_SIGNAL_GRACE_NS)
        return;
    signal(sig, SIG_DFL);
    raise(sig);
}

gint *cli_interrupt_flag(void)
{
    static gboolean installed;
    if (!installed) {
        installed = TRUE;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaddset(&sa.sa_mask, SIGINT);
        sigaddset(&sa.sa_mask, SIGTERM);
        sa.sa_flags = SA_RESTART;
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
    }
    return &interrupt_flag;
}

static CliDescriber describer;
static void *describer_data;

void cli_describe_begin(CliDescriber fn, void *data)
{
    describer = fn;
    describer_data = data;
}

void cli_describe_end(void)
{
    describer = NULL;
    describer_data = NULL;
}

int cli_interrupt_status(void)
{
    return interrupt_signal == SIGTERM ? 128 + SIGTERM : 128 + SIGINT;
}

gboolean cli_parse(const char *command, const char *params, const char *summary,
                   GOptionEntry *entries, int *argc, char ***argv)
{
    if (describer) {
        describer(command, params, summary, entries, describer_data);
        return FALSE;
    }
    GOptionContext *ctx = g_option_context_new(params);
    g_option_context_set_summary(ctx, summary);
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (strcmp(command, "compare") != 0)
        g_option_context_add_main_entries(ctx, cli_force_entries, NULL);   /* cli/cost.h */
    cli_cost_command(command);
    GError *err = NULL;
    gboolean ok = g_option_context_parse(ctx, argc, argv, &err);
    g_option_context_free(ctx);
    if (!ok) {
        fprintf(stderr, "hapgsim %s: %s (try hapgsim %s --help)\n", command, err->message, command);
        g_error_free(err);
    }
    return ok;
}

/* Reads at most one byte past a scenario file's limit from `f` (so that the loader
 * reports the limit); NULL with `error` set on a read error. */
static GBytes *read_stream(FILE *f, const char *name, GError **error)
{
    gsize cap = scn_max_input_bytes() + 1, len = 0;
    char *buf = g_malloc(cap);
    while (len < cap) {
        size_t got = fread(buf + len, 1, cap - len, f);
        if (got == 0)
            break;
        len += got;
    }
    if (ferror(f)) {
        int e = errno;
        g_set_error(error, SCN_ERROR, SCN_ERROR_IO, "%s: cannot read: %s", name,
                    e == EISDIR ? "it is a directory" : g_strerror(e));
        g_free(buf);
        return NULL;
    }
    return g_bytes_new_take(buf, len);
}

/* The standard input, "-": read once, whole. */
static GBytes *read_stdin(GError **error)
{
    static gboolean taken;
    if (taken) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_IO,
                    "<stdin>: the standard input was already read (give - once)");
        return NULL;
    }
    taken = TRUE;
    return read_stream(stdin, CLI_STDIN_NAME, error);
}

/* The scenario on the standard input, "-". */
static ScnScenario *load_stdin(const ScnOptions *opts, GError **error)
{
    GBytes *text = read_stdin(error);
    if (text == NULL)
        return NULL;
    gsize len;
    const char *data = g_bytes_get_data(text, &len);
    ScnScenario *s = scn_load_string(data, len, CLI_STDIN_NAME, opts, error);
    g_bytes_unref(text);
    return s;
}

GBytes *cli_read_scenario(const char *path)
{
    GError *err = NULL;
    GBytes *text = NULL;
    if (strcmp(path, "-") == 0) {
        text = read_stdin(&err);
    } else {
        FILE *f = fopen(path, "rb");
        if (f == NULL)
            g_set_error(&err, SCN_ERROR, SCN_ERROR_IO, "%s: cannot read: %s", path, g_strerror(errno));
        else {
            text = read_stream(f, path, &err);
            fclose(f);
        }
    }
    if (text == NULL) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
    }
    return text;
}

const char *cli_input_name(const char *path)
{
    return strcmp(path, "-") == 0 ? CLI_STDIN_NAME : path;
}

/* Loads `path` (from `text` when given, else from the file or the standard input) with
 * the overrides `sets`, then `more`, then -r and -s. */
static ScnScenario *load(const char *path, GBytes *text, char **sets, const char *const *more,
                         const char *seed_text, const char *replications_text, char **sweeps)
{
    if (!cli_check_run_options(replications_text, seed_text))
        return NULL;
    GPtrArray *all = g_ptr_array_new_with_free_func(g_free);
    for (char **s = sets; s && *s; s++)
        g_ptr_array_add(all, g_strdup(*s));
    for (const char *const *s = more; s && *s; s++)
        g_ptr_array_add(all, g_strdup(*s));
    if (replications_text)
        g_ptr_array_add(all, g_strconcat("replications=", replications_text, NULL));
    if (seed_text)
        g_ptr_array_add(all, g_strconcat("seed=", seed_text, NULL));
    g_ptr_array_add(all, NULL);

    ScnOptions opts = {
        .overrides = (const char *const *)all->pdata,
        .sweeps = (const char *const *)sweeps,
        .metric_known = ana_metric_known,
        .metric_why_null = ana_metric_why_null,
        .metric_names = ana_metric_fixed_names(),    /* for "did you mean" */
    };
    GError *err = NULL;
    ScnScenario *s;
    if (text) {
        gsize len;
        const char *data = g_bytes_get_data(text, &len);
        s = scn_load_string(data ? data : "", len, cli_input_name(path), &opts, &err);
    } else {
        s = strcmp(path, "-") == 0 ? load_stdin(&opts, &err) : scn_load_file(path, &opts, &err);
    }
    if (s == NULL) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
    } else if (!cli_cost_check(s, path)) {        /* cli/cost.h: --force */
        scn_scenario_free(s);
        s = NULL;
    }
    g_ptr_array_free(all, TRUE);
    return s;
}

ScnScenario *cli_load(const char *path, char **sets, const char *seed_text,
                      const char *replications_text, char **sweeps)
{
    return load(path, NULL, sets, NULL, seed_text, replications_text, sweeps);
}

ScnScenario *cli_load_text(const char *path, GBytes *text, char **sets, const char *const *more,
                           const char *seed_text, const char *replications_text)
{
    return load(path, text, sets, more, seed_text, replications_text, NULL);
}

gboolean cli_parse_format(const char *command, const char *text, const char *output, CliFormat *out)
{
    if (text == NULL) {              /* from the output file's extension (any case), else text */
        char *lower = output ? g_ascii_strdown(output, -1) : NULL;
        *out = lower && g_str_has_suffix(lower, ".json") ? CLI_JSON
             : lower && g_str_has_suffix(lower, ".csv")  ? CLI_CSV
                                                          : CLI_TEXT;
        g_free(lower);
        return TRUE;
    }
    if (g_ascii_strcasecmp(text, "text") == 0)
        *out = CLI_TEXT;
    else if (g_ascii_strcasecmp(text, "json") == 0)
        *out = CLI_JSON;
    else if (g_ascii_strcasecmp(text, "csv") == 0)
        *out = CLI_CSV;
    else {
        fprintf(stderr, "hapgsim %s: --format must be text, json or csv (got '%s')\n", command, text);
        return FALSE;
    }
    return TRUE;
}

gboolean cli_run_options(const char *command, int jobs, gboolean timing, gboolean quiet,
                         CliRunOptions *out)
{
    if (jobs < 0 || jobs > 1024) {
        fprintf(stderr, "hapgsim %s: -j must be within 1..1024, or 0 for one per processor "
                        "(got %d)\n", command, jobs);
        return FALSE;
    }
    cli_progress_init(&out->progress, quiet, "replications");
    out->run = (AnaRunOptions){
        .jobs = jobs > 0 ? (guint)jobs : (guint)g_get_num_processors(),
        .timing = timing,
        .interrupt = cli_interrupt_flag(),
        .progress = cli_progress_update,
        .progress_data = &out->progress,
    };
    return TRUE;
}

char *cli_scenario_text(const ScnScenario *scn, char **sha256)
{
    char *text = scn_scenario_print(scn);
    *sha256 = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text ? text : "", -1);
    return text;
}

void cli_progress_init(CliProgress *p, gboolean quiet, const char *what)
{
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->what = what;
}

void cli_progress_update(guint done, guint total, uint64_t events, double wall_s, void *data)
{
    CliProgress *p = data;
    if (!p->enabled)
        return;
    double rate = wall_s > 0 ? (double)events / wall_s : 0;
    char eta[32] = "?";
    if (done > 0 && done < total) {
        double left = wall_s * (double)(total - done) / done;
        g_snprintf(eta, sizeof eta, "%d:%02d:%02d", (int)(left / 3600), (int)(left / 60) % 60,
                   (int)left % 60);
    } else if (done >= total) {
        g_strlcpy(eta, "0:00:00", sizeof eta);
    }
    fprintf(stderr, "\r%u/%u %s, %.2f M events/s, about %s left   ", done, total, p->what,
            rate / 1e6, eta);
    fflush(stderr);
}

void cli_progress_end(CliProgress *p)
{
    if (p->enabled) {
        fputc('\n', stderr);
        fflush(stderr);
    }
}

/* ---- the HTML report (--report, hapgsim report) and traces ---- */

/* Opens one output; `what` ("--report: " or "") prefixes the message. */
static AnaOutput *open_output(const char *command, const char *what, const char *path,
                              const char *const *inputs)
{
    GError *err = NULL;
    AnaOutput *out = ana_output_open(path, inputs, &err);
    if (out == NULL) {
        fprintf(stderr, "hapgsim %s: %s%s\n", command, what, err->message);
        g_error_free(err);
    }
    return out;
}

AnaOutput *cli_output_open(const char *command, const char *path, const char *const *inputs)
{
    return open_output(command, "", path, inputs);
}

gboolean cli_report_open(const char *command, const char *path, const char *const *inputs,
                         AnaOutput **out)
{
    *out = path == NULL ? NULL : open_output(command, "--report: ", path, inputs);
    return path == NULL || *out != NULL;
}

gboolean cli_outputs_open(const char *command, const char *output, const char *report,
                          const char *const *inputs, AnaOutput **out, AnaOutput **report_out)
{
    *report_out = NULL;
    *out = cli_output_open(command, output, inputs);
    return *out != NULL && cli_report_open(command, report, inputs, report_out);
}

AnaBound *cli_expect_bounds(const ScnScenario *scn, guint *n)
{
    *n = scn_scenario_n_expect(scn);
    AnaBound *bounds = g_new0(AnaBound, *n ? *n : 1);
    for (guint i = 0; i < *n; i++) {
        const ScnExpect *e = scn_scenario_expect(scn, i);
        bounds[i] = (AnaBound){e->metric, e->has_min, e->has_max, e->min, e->max};
    }
    return bounds;
}

AnaSweep *cli_sweep_new(const char *command, const ScnScenario *scn, guint64 max_points)
{
    guint n_axes = scn_scenario_n_axes(scn);
    const char **paths = g_new0(const char *, n_axes + 1);
    const char ***values = g_new0(const char **, n_axes + 1);
    guint64 product = 1;
    for (guint a = 0; a < n_axes; a++) {
        paths[a] = scn_scenario_axis_path(scn, a);
        guint nv = scn_scenario_axis_n_values(scn, a);
        values[a] = g_new0(const char *, nv + 1);
        for (guint i = 0; i < nv; i++)
            values[a][i] = scn_scenario_axis_value(scn, a, i);
        product *= nv;
    }
    AnaSweep *sweep = NULL;
    if (product > max_points)
        fprintf(stderr, "hapgsim %s: %" G_GUINT64_FORMAT " points is more than %" G_GUINT64_FORMAT "\n",
                command, product, max_points);
    else
        sweep = ana_sweep_new(n_axes, paths, (const char *const *const *)values);
    for (guint a = 0; a < n_axes; a++)
        g_free(values[a]);
    g_free(values);
    g_free(paths);
    return sweep;
}

/* The comment a scenario file starts with, its lines joined ("Question: " left out),
 * or NULL. */
static char *leading_comment(const char *path)
{
    char *text = NULL;
    gsize len = 0;
    if (path == NULL || strcmp(path, "-") == 0 || !g_file_get_contents(path, &text, &len, NULL))
        return NULL;
    GString *s = g_string_new(NULL);
    char **lines = g_strsplit(text, "\n", 64);
    for (char **l = lines; *l && (*l)[0] == '#'; l++) {
        char *line = g_strstrip(*l + 1);
        if (*line == '\0')
            break;
        if (s->len)
            g_string_append_c(s, ' ');
        g_string_append(s, line);
    }
    g_strfreev(lines);
    g_free(text);
    if (g_str_has_prefix(s->str, "Question: "))
        g_string_erase(s, 0, 10);
    return g_string_free(s, s->len == 0);
}

void cli_report_scenario(AnaHtmlReport *r, const ScnScenario *scn)
{
    const MdlConfig *cfg = scn_scenario_config(scn);
    char *question = leading_comment(scn_scenario_path(scn));
    ana_html_report_set_scenario(r, cfg->description, question, sim_time_to_s(cfg->warmup),
                                 sim_time_to_s(cfg->duration));
    g_free(question);
}

gboolean cli_report_write(const char *command, AnaOutput *out, const char *name, const char *json,
                          const ScnScenario *scn, const char *const *metrics,
                          const char *const *more)
{
    AnaHtmlReport *r = ana_html_report_new();
    GError *err = NULL;
    gboolean ok = ana_html_report_add(r, name, json, -1, &err);
    for (const char *const *f = more; ok && f && *f; f++) {
        char *data = NULL;
        gsize len = 0;
        GError *merr = NULL;
        if (!ana_json_read_file(*f, ANA_JSON_MAX_BYTES, &data, &len, &merr) ||
            !ana_html_report_add(r, *f, data, (gssize)len, &merr)) {
            fprintf(stderr, "hapgsim %s: --report: note: %s is left out of the page: %s\n", command,
                    *f, merr->message);
            g_error_free(merr);
        }
        g_free(data);
    }
    if (ok) {
        if (scn)
            cli_report_scenario(r, scn);
        ana_html_report_set_metrics(r, metrics);
        ana_html_report_write(r, out);
        ok = ana_output_commit(out, &err);
        out = NULL;
    }
    if (!ok) {
        fprintf(stderr, "hapgsim %s: --report: %s\n", command, err->message);
        g_error_free(err);
    }
    ana_output_abort(out);
    ana_html_report_free(r);
    return ok;
}

GString *cli_trace_replication(const MdlConfig *cfg, guint64 k, gboolean *interrupted)
{
    AnaTrace *trace = ana_trace_new(cfg);
    MdlObserver obs = ana_trace_observer(trace);
    MdlGroup *g = mdl_group_new(cfg, sim_rng_replication_seed(cfg->seed, k), &obs);
    mdl_group_set_interrupt_flag(g, cli_interrupt_flag());
    mdl_group_run(g, cfg->duration);
    *interrupted = mdl_group_now(g) < cfg->duration;
    if (*interrupted)
        ana_trace_interrupted(trace, mdl_group_now(g));   /* the last line says so */
    mdl_group_free(g);
    const GString *text = ana_trace_text(trace);
    GString *copy = g_string_new_len(text->str, (gssize)text->len);
    ana_trace_free(trace);
    return copy;
}
