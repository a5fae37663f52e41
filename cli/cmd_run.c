/* cli/cmd_run.c - `hapgsim run`: the replications of one study, with its report. */
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/dist.h"
#include "version.h"

#include "analysis/expect.h"
#include "analysis/replicate.h"
#include "analysis/report.h"
#include "sim/time.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* --precision: replications before the first test */
#define PRECISION_MIN 10

typedef struct {
    int metric;
    double target;
    gboolean relative;
} Target;

/* Parses METRIC=HALFWIDTH[%] against the run's metrics. */
static gboolean parse_targets(char **specs, const AnaMetricSet *set, GArray *out)
{
    for (char **p = specs; p && *p; p++) {
        const char *eq = strrchr(*p, '=');
        char *name = eq ? g_strndup(*p, (gsize)(eq - *p)) : NULL;
        Target t = {name ? ana_metric_set_find(set, name) : -1, 0, FALSE};
        g_free(name);
        char *end = NULL;
        if (eq)
            t.target = g_ascii_strtod(eq + 1, &end);
        if (end && *end == '%') {
            t.relative = TRUE;
            end++;
        }
        if (t.metric < 0 || end == NULL || end == eq + 1 || *end || !(t.target > 0)) {
            fprintf(stderr, "hapgsim run: --precision %s: write METRIC=HALFWIDTH or METRIC=HALFWIDTH%% "
                            "with a metric of this scenario and a half-width > 0\n", *p);
            return FALSE;
        }
        if (set->why_null[t.metric]) {
            fprintf(stderr, "hapgsim run: --precision %s: %s has no value in this study: %s\n", *p,
                    set->names[t.metric], set->why_null[t.metric]);
            return FALSE;
        }
        g_array_append_val(out, t);
    }
    return TRUE;
}

/* How many replications in all the unmet targets ask for (0: all met). */
static guint replications_needed(const AnaRun *run, const GArray *targets, GString *note)
{
    double need = 0;
    g_string_truncate(note, 0);
    for (guint i = 0; i < targets->len; i++) {
        const Target *t = &g_array_index(targets, Target, i);
        AnaAggregate a;
        ana_run_aggregate(run, (guint)t->metric, &a);
        double goal = t->relative ? fabs(a.mean) * t->target / 100 : t->target;
        double hw = ana_aggregate_halfwidth(&a);
        /* a zero or missing half-width (every replication equal) meets no target */
        if (a.estimable && !isnan(hw) && hw <= goal)
            continue;
        if (note->len)
            g_string_append(note, "; ");
        if (!a.estimable && a.n >= 2)
            g_string_append_printf(note, "%s not estimable (all %u replications equal)",
                                   run->metrics->names[t->metric], a.n);
        else
            g_string_append_printf(note, "%s half-width %g > %g", run->metrics->names[t->metric], hw, goal);
        /* the half-width shrinks as 1/sqrt(n) */
        double n = isnan(hw) || goal <= 0 ? 2.0 * MAX(run->completed, 2)
                                          : run->completed * (hw / goal) * (hw / goal);
        need = MAX(need, n);
    }
    return need > 0 ? (guint)MIN(ceil(need), 1e9) : 0;
}

/* The run as shards: one point, its replications the units.  --precision is refused:
 * its stopping rule looks at every replication finished so far, which no shard sees
 * (docs/distributed.md, "Precision"). */
static int run_shard(const CliDist *dist, const ScnScenario *scn, CliRunOptions *ro,
                     const char *output, const char *format, char **precision, gboolean timing,
                     const char *report, gboolean quiet)
{
    if (precision) {
        fprintf(stderr, "hapgsim run: --precision does not go with shards: when to stop depends "
                        "on every replication finished so far, which no shard sees; give the "
                        "replications with -r (a --precision run on one machine tells how many)\n");
        return 2;
    }
    if (timing || report) {
        fprintf(stderr, "hapgsim run: --timing and --report do not go with shards (merge writes "
                        "the results)\n");
        return 2;
    }
    const MdlConfig *cfg = scn_scenario_config(scn);
    char *sha, *yaml = cli_scenario_text(scn, &sha);
    AnaReportInfo info = {.version = HAPGSIM_VERSION, .scenario_name = cfg->name,
                          .scenario_yaml = yaml, .scenario_sha256 = sha, .seed = cfg->seed};
    int status = cli_dist_run("run", dist, "run", &cfg, 1, &info, ro, output, format, quiet);
    g_free(yaml);
    g_free(sha);
    return status;
}

int cli_run(int argc, char **argv)
{
    char *reps = NULL, *seed = NULL, *output = NULL, *format = NULL, *report = NULL;
    int jobs = 0;
    gboolean quiet = FALSE, timing = FALSE;
    char **sets = NULL, **precision = NULL;
    int max_reps = 1000;
    CliDist dist = {0};
    GOptionEntry entries[] = {
        {"replications", 'r', 0, G_OPTION_ARG_STRING, &reps, "Replications (overrides the scenario's)", "N"},
        {"seed", 's', 0, G_OPTION_ARG_STRING, &seed, "Master seed (overrides the scenario's)", "SEED"},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Worker threads (default: the processors); results do not depend on it", "JOBS"},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a scenario value, typed as in YAML (repeatable)", "PATH=VALUE"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the report here (whole or not at all); default stdout", "FILE"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default), json or csv; .json/.csv output names imply it", "FORMAT"},
        {"timing", 0, 0, G_OPTION_ARG_NONE, &timing, "Report engine.events_per_s (wall clock: makes the output irreproducible)", NULL},
        {"precision", 0, 0, G_OPTION_ARG_STRING_ARRAY, &precision,
         "Add replications until this metric's 95% half-width is below HALFWIDTH (or % of its mean) (repeatable)", "METRIC=HALFWIDTH[%]"},
        {"max-replications", 0, 0, G_OPTION_ARG_INT, &max_reps, "With --precision: stop there (default 1000)", "N"},
        CLI_REPORT_ENTRY(report),
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress line or summary on stderr", NULL},
        CLI_DIST_ENTRIES(dist),
        G_OPTION_ENTRY_NULL,
    };
    int status = 2;
    GArray *targets = g_array_new(FALSE, FALSE, sizeof(Target));
    GString *note = g_string_new(NULL);
    ScnScenario *scn = NULL;
    AnaRun *run = NULL;
    AnaOutput *out = NULL, *report_out = NULL;
    if (!cli_parse("run", "SCENARIO.yaml", "Run a study's replications and report its metrics.",
                   entries, &argc, &argv))
        goto out;
    CliFormat fmt;
    if (!cli_parse_format("run", format, output, &fmt))
        goto out;
    if (argc != 2) {
        fprintf(stderr, "hapgsim run: give exactly one scenario file (usage: hapgsim run SCENARIO.yaml [OPTION...])\n");
        goto out;
    }
    CliRunOptions ro;
    if (!cli_run_options("run", jobs, timing, quiet, &ro))
        goto out;
    if (max_reps < 1 || max_reps > 1000000) {
        fprintf(stderr, "hapgsim run: --max-replications must be within 1..1000000 (got %d)\n", max_reps);
        goto out;
    }
    scn = cli_load(argv[1], sets, seed, reps, NULL);
    if (scn == NULL)
        goto out;
    const MdlConfig *cfg = scn_scenario_config(scn);
    if (cli_dist_requested(&dist)) {     /* a shard of the run: cli/dist.h */
        status = run_shard(&dist, scn, &ro, output, format, precision, timing, report, quiet);
        goto out;
    }
    {
        /* where the report goes, checked before simulating */
        const char *inputs[] = {argv[1], NULL};
        if (!cli_outputs_open("run", output, report, inputs, &out, &report_out))
            goto out;
    }
    {
        AnaMetricSet *set = ana_metric_set_new(cfg);
        gboolean ok = parse_targets(precision, set, targets);
        ana_metric_set_free(set);
        if (!ok)
            goto out;
    }

    /* Sequential stopping (docs/commands.md, "--precision"): at least PRECISION_MIN
     * replications before the first test, and the targets must be met at two
     * consecutive checks, the second after a further batch: a first batch whose
     * spread happens to be small does not stop the run on its own. */
    guint first_batch = cfg->replications;
    if (targets->len > 0 && first_batch < PRECISION_MIN)
        first_batch = PRECISION_MIN;
    if (targets->len > 0 && first_batch > (guint)max_reps)
        first_batch = (guint)max_reps;
    run = ana_run_replications(cfg, 0, first_batch, &ro.run);
    gboolean reached = TRUE, met_before = FALSE;
    while (targets->len > 0 && run->completed == run->n) {
        guint need = replications_needed(run, targets, note);
        if (need == 0 && met_before)
            break;
        if (run->n >= (guint)max_reps) {
            reached = FALSE;
            if (need == 0)
                g_string_assign(note, "met once, not confirmed by a further batch");
            break;
        }
        met_before = need == 0;
        /* at least half again as many (a quarter to confirm a met target), at most up
         * to the cap */
        guint more = met_before ? MAX(run->n / 4, PRECISION_MIN / 2)
                                : MAX(need > run->n ? need - run->n : 0, MAX(run->n / 2, 1));
        more = MIN(more, (guint)max_reps - run->n);
        ro.run.split_plan = run->split;  /* splitting: the same levels, no second pilot */
        AnaRun *next = ana_run_replications(cfg, run->n, more, &ro.run);
        ana_run_append(run, next);
        ana_run_free(next);
    }
    cli_progress_end(&ro.progress);
    gboolean interrupted = run->completed < run->n;
    if (targets->len > 0 && !interrupted) {
        GString *msg = g_string_new(NULL);
        if (reached)
            g_string_printf(msg, "every target reached with %u replications", run->n);
        else
            g_string_printf(msg, "not reached within --max-replications %d: %s", max_reps, note->str);
        g_string_assign(note, msg->str);
        g_string_free(msg, TRUE);
        if (!quiet && isatty(2))
            fprintf(stderr, "hapgsim: precision: %s\n", note->str);
    }

    guint n_bounds;
    AnaBound *bounds = cli_expect_bounds(scn, &n_bounds);
    AnaVerdict *verdicts = ana_judge(run, bounds, n_bounds);
    char *sha, *yaml = cli_scenario_text(scn, &sha);
    AnaReportInfo info = {
        .version = HAPGSIM_VERSION,
        .scenario_name = cfg->name,
        .scenario_yaml = yaml,
        .scenario_sha256 = sha,
        .seed = cfg->seed,
        .warmup_s = sim_time_to_s(cfg->warmup),
        .duration_s = sim_time_to_s(cfg->duration),
        .interrupted = interrupted,
        .verdicts = verdicts,
        .n_verdicts = n_bounds,
        .precision_reached = reached,
        .precision_note = targets->len > 0 && !interrupted ? note->str : NULL,
    };
    if (fmt == CLI_JSON) {
        ana_report_json_write(out, run, &info);       /* streamed: no copy in memory */
    } else if (fmt == CLI_CSV) {
        ana_report_csv_write(out, run, 0, TRUE);
    } else {
        char *text = ana_report_text(run, &info);
        ana_output_puts(out, text);
        g_free(text);
    }
    GError *err = NULL;
    gboolean written = ana_output_commit(out, &err);
    out = NULL;
    if (!written) {
        fprintf(stderr, "hapgsim run: %s\n", err->message);
        g_error_free(err);
        status = 2;
    } else {
        AnaVerdictKind worst = ana_verdicts_worst(verdicts, n_bounds);
        status = interrupted ? cli_interrupt_status() : worst != ANA_PASS ? 1 : 0;
        if (report_out) {
            char *json = ana_report_json(run, &info);
            if (!cli_report_write("run", report_out, cli_input_name(argv[1]), json, scn, NULL, NULL))
                status = 2;
            report_out = NULL;
            g_free(json);
        }
        if (!interrupted && worst != ANA_PASS) {
            guint nf = 0, ni = 0;
            for (guint i = 0; i < n_bounds; i++) {
                nf += verdicts[i].verdict == ANA_FAIL;
                ni += verdicts[i].verdict == ANA_INCONCLUSIVE;
            }
            /* always said, even with -q: the exit status alone does not tell which */
            fprintf(stderr, "hapgsim run: expect: %u bound%s failed, %u inconclusive%s\n", nf,
                    nf == 1 ? "" : "s", ni,
                    ni ? " (no evidence either way: run more replications or a longer window)"
                       : "");
        }
        if (!quiet && isatty(2)) {
            fprintf(stderr, "hapgsim: %u replication%s, %.3g events in %.1f s (%.2f M events/s)%s\n",
                    run->completed, run->completed == 1 ? "" : "s", (double)run->events,
                    run->wall_s, run->wall_s > 0 ? (double)run->events / run->wall_s / 1e6 : 0,
                    interrupted ? ", interrupted: partial results written" : "");
        }
    }
    g_free(yaml);
    g_free(sha);
    g_free(verdicts);
    g_free(bounds);
out:
    ana_output_abort(out);
    ana_output_abort(report_out);
    g_array_free(targets, TRUE);
    g_string_free(note, TRUE);
    g_strfreev(precision);
    ana_run_free(run);
    scn_scenario_free(scn);
    g_free(reps);
    g_free(seed);
    g_free(output);
    g_free(format);
    g_free(report);
    g_strfreev(sets);
    cli_dist_clear(&dist);
    return status;
}
