/* cli/cmd_plan.c - `hapgsim plan`: the smallest value of an ordered axis that meets
 * every requirement under every condition (analysis/plan.h, docs/plan.md). */
#include "cli/commands.h"
#include "cli/common.h"
#include "version.h"

#include "analysis/plan.h"
#include "sim/time.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_CANDIDATES 10000
#define MAX_CONDITIONS 64

/* Exit statuses (docs/commands.md) */
#define PLAN_EXIT_NONE 1
#define PLAN_EXIT_UNDECIDED 3

typedef struct {
    const char *path;            /* the scenario argument */
    GBytes *text;                /* read once */
    char **sets;
    const char *seed;
    const char *axis;
    char **labels;               /* [n]: axis values */
    guint n, n_cond;
    char ***cond_sets;           /* [n_cond]: each condition's PATH=VALUE list */
    ScnScenario **cache;         /* [n * n_cond] */
} Loader;

static ScnScenario *load_at(Loader *l, guint i, guint k)
{
    ScnScenario **slot = &l->cache[(size_t)i * l->n_cond + k];
    if (*slot)
        return *slot;
    GPtrArray *more = g_ptr_array_new_with_free_func(g_free);
    for (char **c = l->cond_sets[k]; c && *c; c++)
        g_ptr_array_add(more, g_strdup(*c));
    g_ptr_array_add(more, g_strdup_printf("%s=%s", l->axis, l->labels[i]));
    g_ptr_array_add(more, NULL);
    *slot = cli_load_text(l->path, l->text, l->sets, (const char *const *)more->pdata, l->seed, NULL);
    g_ptr_array_free(more, TRUE);
    return *slot;
}

static const MdlConfig *config_at(guint i, guint k, void *data, GError **error)
{
    ScnScenario *s = load_at(data, i, k);
    if (s == NULL) {
        g_set_error(error, ANA_PLAN_ERROR, 0, "the scenario at %s = %s is invalid (above)",
                    ((Loader *)data)->axis, ((Loader *)data)->labels[i]);
        return NULL;
    }
    return scn_scenario_config(s);
}

/* Splits "A=1;B={x: 1}" at the semicolons outside brackets and quotes. */
static char **split_condition(const char *text)
{
    GPtrArray *parts = g_ptr_array_new();
    int depth = 0;
    char quote = 0;
    const char *start = text;
    for (const char *c = text;; c++) {
        if (*c == '\0' || (*c == ';' && depth == 0 && !quote)) {
            char *part = g_strstrip(g_strndup(start, (gsize)(c - start)));
            if (*part)
                g_ptr_array_add(parts, part);
            else
                g_free(part);
            if (*c == '\0')
                break;
            start = c + 1;
        } else if (quote) {
            if (*c == quote)
                quote = 0;
        } else if (*c == '"' || *c == '\'') {
            quote = *c;
        } else if (*c == '[' || *c == '{') {
            depth++;
        } else if ((*c == ']' || *c == '}') && depth > 0) {
            depth--;
        }
    }
    g_ptr_array_add(parts, NULL);
    return (char **)g_ptr_array_free(parts, FALSE);
}

/* A path with a list of members or clients written as their count: the two forms
 * set the same thing. */
static char *normal_path(const char *p)
{
    if (g_str_has_prefix(p, "members.list"))
        return g_strconcat("members.count", p + 12, NULL);
    if (g_str_has_prefix(p, "clients.list"))
        return g_strconcat("clients.count", p + 12, NULL);
    return g_strdup(p);
}

/* TRUE when two dotted paths name the same value or one holds the other. */
static gboolean paths_overlap(const char *a, const char *b)
{
    char *x = normal_path(a), *y = normal_path(b);
    gsize la = strlen(x), lb = strlen(y), m = MIN(la, lb);
    gboolean overlap = strncmp(x, y, m) == 0 && (la == lb || (la < lb ? y[m] : x[m]) == '.');
    g_free(x);
    g_free(y);
    return overlap;
}

/* Parses a number of --vary or --step (whole text). */
static gboolean number(const char *text, double *out)
{
    char *end = NULL;
    *out = g_ascii_strtod(text, &end);
    return end != text && *end == '\0' && isfinite(*out);
}

int cli_plan(int argc, char **argv)
{
    char *vary = NULL, *step_text = NULL, *seed = NULL, *output = NULL, *format = NULL, *report = NULL;
    char **requires = NULL, **unders = NULL, **sets = NULL;
    int jobs = 0, max_reps = 1000, min_reps = 10;
    gboolean quiet = FALSE, largest = FALSE;
    GOptionEntry entries[] = {
        {"vary", 0, 0, G_OPTION_ARG_STRING, &vary, "The ordered axis searched, a numeric key (required)", "PATH=LO..HI"},
        {"step", 0, 0, G_OPTION_ARG_STRING, &step_text, "Distance between the axis values (default 1)", "STEP"},
        {"require", 0, 0, G_OPTION_ARG_STRING_ARRAY, &requires, "A service level on a metric's mean (repeatable, at least one)", "METRIC<=VALUE"},
        {"under", 0, 0, G_OPTION_ARG_STRING_ARRAY, &unders, "A condition every requirement must also hold under (repeatable)", "PATH=VALUE;..."},
        {"largest", 0, 0, G_OPTION_ARG_NONE, &largest, "Find the largest value that meets them (e.g. the most load)", NULL},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a scenario value everywhere (repeatable)", "PATH=VALUE"},
        {"seed", 's', 0, G_OPTION_ARG_STRING, &seed, "Master seed (every candidate uses the same replication seeds)", "SEED"},
        {"min-replications", 0, 0, G_OPTION_ARG_INT, &min_reps, "Replications of a candidate's first look (default 10)", "N"},
        {"max-replications", 0, 0, G_OPTION_ARG_INT, &max_reps, "Replications after which a candidate is undecided (default 1000)", "N"},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Worker threads (default: the processors); results do not depend on it", "JOBS"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the plan here (whole or not at all)", "FILE"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default) or json; a .json output name implies it", "FORMAT"},
        CLI_REPORT_ENTRY(report),
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress line on stderr", NULL},
        G_OPTION_ENTRY_NULL,
    };
    int status = 2;
    Loader l = {0};
    GArray *reqs = g_array_new(FALSE, TRUE, sizeof(AnaPlanRequirement));
    GPtrArray *cond_labels = g_ptr_array_new_with_free_func(g_free);
    ScnScenario *base = NULL;
    AnaOutput *out = NULL, *report_out = NULL;
    AnaPlan *plan = NULL;
    char *axis = NULL;
    if (!cli_parse("plan", "SCENARIO.yaml",
                   "Find the smallest value of an ordered axis at which every --require holds\n"
                   "under every --under condition, with 95% one-sided confidence.  Each candidate\n"
                   "gets replications in looks until its verdict is decided.  Exit 0 with an answer,\n"
                   "1 when nothing in range meets, 3 when the replication cap leaves it undecided.",
                   entries, &argc, &argv))
        goto out;
    CliFormat fmt;
    if (!cli_parse_format("plan", format, output, &fmt))
        goto out;
    if (fmt == CLI_CSV) {
        fprintf(stderr, "hapgsim plan: --format must be text or json (a plan has no CSV form)\n");
        goto out;
    }
    if (argc != 2) {
        fprintf(stderr, "hapgsim plan: give exactly one scenario file (usage: hapgsim plan SCENARIO.yaml --vary PATH=LO..HI --require 'METRIC<=VALUE' [OPTION...])\n");
        goto out;
    }
    CliRunOptions ro;
    if (!cli_run_options("plan", jobs, FALSE, quiet, &ro))
        goto out;
    if (min_reps < 2 || min_reps > 1000000 || max_reps < min_reps || max_reps > 1000000) {
        fprintf(stderr, "hapgsim plan: replications: need 2 <= --min-replications <= "
                        "--max-replications <= 1000000 (got %d and %d)\n", min_reps, max_reps);
        goto out;
    }
    /* the axis */
    const char *eq = vary ? strchr(vary, '=') : NULL;
    const char *dots = eq ? strstr(eq, "..") : NULL;
    if (vary == NULL || eq == NULL || eq == vary || dots == NULL) {
        fprintf(stderr, "hapgsim plan: %s%s%s: write --vary PATH=LO..HI, e.g. --vary members.count=2..8\n",
                vary ? "--vary " : "no --vary given", vary ? vary : "", "");
        goto out;
    }
    axis = g_strstrip(g_strndup(vary, (gsize)(eq - vary)));
    char *lo_text = g_strstrip(g_strndup(eq + 1, (gsize)(dots - eq - 1)));
    char *hi_text = g_strstrip(g_strdup(dots + 2));
    double lo, hi, step = 1;
    gboolean lo_ok = number(lo_text, &lo), hi_ok = number(hi_text, &hi);
    g_free(lo_text);
    g_free(hi_text);
    if (!lo_ok || !hi_ok) {
        fprintf(stderr, "hapgsim plan: --vary %s: %s is not an ordered axis: LO and HI must be "
                        "numbers (durations in seconds)\n", vary, axis);
        goto out;
    }
    if (strcmp(axis, "seed") == 0 || strcmp(axis, "replications") == 0 || strcmp(axis, "hapgsim") == 0) {
        fprintf(stderr, "hapgsim plan: --vary %s: %s is not an ordered property of the group "
                        "(vary a numeric key of the model)\n", vary, axis);
        goto out;
    }
    if (lo > hi) {
        fprintf(stderr, "hapgsim plan: --vary %s: LO must not exceed HI (got %g > %g); "
                        "for the largest value that meets, give --largest\n", vary, lo, hi);
        goto out;
    }
    if (step_text && (!number(step_text, &step) || !(step > 0))) {
        fprintf(stderr, "hapgsim plan: --step %s: must be a number > 0\n", step_text);
        goto out;
    }
    double span = (hi - lo) / step;
    if (span + 1 > MAX_CANDIDATES) {
        fprintf(stderr, "hapgsim plan: --vary %s: %.0f values is more than %d (give a larger --step)\n",
                vary, floor(span + 1e-9) + 1, MAX_CANDIDATES);
        goto out;
    }
    l.n = (guint)floor(span + 1e-9) + 1;
    if (fabs(lo + (l.n - 1) * step - hi) > 1e-9 * MAX(1, fabs(hi))) {
        fprintf(stderr, "hapgsim plan: --vary %s: HI must be LO plus a whole number of --step %g\n",
                vary, step);
        goto out;
    }
    gboolean integral = lo == floor(lo) && step == floor(step) && fabs(hi) < 1e15;
    l.labels = g_new0(char *, l.n + 1);
    for (guint i = 0; i < l.n; i++) {
        double v = i + 1 == l.n ? hi : lo + i * step;
        l.labels[i] = integral ? g_strdup_printf("%.0f", v) : g_strdup_printf("%.10g", v);
    }
    /* the requirements */
    if (requires == NULL) {
        fprintf(stderr, "hapgsim plan: give at least one --require 'METRIC<=VALUE'\n");
        goto out;
    }
    for (char **r = requires; *r; r++) {
        AnaPlanRequirement q;
        GError *err = NULL;
        if (!ana_plan_requirement_parse(*r, &q, &err)) {
            fprintf(stderr, "hapgsim plan: %s\n", err->message);
            g_error_free(err);
            goto out;
        }
        g_array_append_val(reqs, q);
    }
    /* the conditions: none is the scenario as it is */
    guint n_under = unders ? g_strv_length(unders) : 0;
    if (n_under > MAX_CONDITIONS) {
        fprintf(stderr, "hapgsim plan: %u conditions is more than %d\n", n_under, MAX_CONDITIONS);
        goto out;
    }
    l.n_cond = MAX(n_under, 1);
    l.cond_sets = g_new0(char **, l.n_cond + 1);
    for (guint k = 0; k < n_under; k++) {
        l.cond_sets[k] = split_condition(unders[k]);
        if (l.cond_sets[k][0] == NULL) {
            fprintf(stderr, "hapgsim plan: --under '%s': give PATH=VALUE pairs separated by ';'\n", unders[k]);
            goto out;
        }
        for (char **c = l.cond_sets[k]; *c; c++) {
            const char *ceq = strchr(*c, '=');
            char *path = ceq ? g_strstrip(g_strndup(*c, (gsize)(ceq - *c))) : NULL;
            gboolean conflict = path && paths_overlap(path, axis);
            if (path == NULL || *path == '\0' || conflict) {
                if (conflict)
                    fprintf(stderr, "hapgsim plan: --under '%s': %s conflicts with the axis %s "
                                    "(a condition cannot set what --vary varies)\n", unders[k], path, axis);
                else
                    fprintf(stderr, "hapgsim plan: --under '%s': '%s' is not PATH=VALUE\n", unders[k], *c);
                g_free(path);
                goto out;
            }
            g_free(path);
        }
        g_ptr_array_add(cond_labels, g_strjoinv("; ", l.cond_sets[k]));
    }
    if (n_under == 0)
        g_ptr_array_add(cond_labels, g_strdup(""));
    for (char **s = sets; s && *s; s++) {
        const char *seq = strchr(*s, '=');
        char *path = seq ? g_strndup(*s, (gsize)(seq - *s)) : NULL;
        gboolean conflict = path && paths_overlap(path, axis);
        if (conflict)
            fprintf(stderr, "hapgsim plan: --set %s conflicts with the axis %s\n", *s, axis);
        g_free(path);
        if (conflict)
            goto out;
    }

    /* the scenario, read once; every candidate under every condition is it with
     * overrides */
    l.path = argv[1];
    l.text = cli_read_scenario(argv[1]);
    if (l.text == NULL)
        goto out;
    l.sets = sets;
    l.seed = seed;
    l.axis = axis;
    l.cache = g_new0(ScnScenario *, (size_t)l.n * l.n_cond);
    base = cli_load_text(argv[1], l.text, sets, NULL, seed, NULL);
    if (base == NULL)
        goto out;
    /* every condition on its own, then both ends under every condition must load: the
     * values between are of the same type */
    for (guint k = 0; k < n_under; k++) {
        ScnScenario *c = cli_load_text(argv[1], l.text, sets, (const char *const *)l.cond_sets[k], seed, NULL);
        if (c == NULL) {
            fprintf(stderr, "hapgsim plan: --under '%s': not a valid change of this scenario\n", unders[k]);
            goto out;
        }
        scn_scenario_free(c);
    }
    for (guint k = 0; k < l.n_cond; k++)
        for (guint e = 0; e < 3; e++)          /* LO, HI, and LO + STEP (a step the key refuses) */
            if (load_at(&l, e == 0 ? 0 : e == 1 ? l.n - 1 : MIN(1, l.n - 1), k) == NULL) {
                fprintf(stderr, "hapgsim plan: --vary %s: the axis must be a numeric key of "
                                "the scenario that takes every value from LO to HI\n", vary);
                goto out;
            }
    if (l.n > 1 && load_at(&l, 1, 0) &&
        scn_config_equal(scn_scenario_config(load_at(&l, 0, 0)), scn_scenario_config(load_at(&l, 1, 0)))) {
        fprintf(stderr, "hapgsim plan: --vary %s: %s = %s and %s give the same study: it is "
                        "not an axis of this scenario\n", vary, axis, l.labels[0], l.labels[1]);
        goto out;
    }
    for (guint q = 0; q < reqs->len; q++)
        for (guint k = 0; k < l.n_cond; k++)
            for (guint e = 0; e < 2; e++) {
                char *why = ana_plan_requirement_check(&g_array_index(reqs, AnaPlanRequirement, q),
                                                       scn_scenario_config(load_at(&l, e ? l.n - 1 : 0, k)));
                if (why) {
                    fprintf(stderr, "hapgsim plan: --require '%s': %s\n",
                            g_array_index(reqs, AnaPlanRequirement, q).text, why);
                    g_free(why);
                    goto out;
                }
            }
    {
        const char *inputs[] = {argv[1], NULL};
        if (!cli_outputs_open("plan", output, report, inputs, &out, &report_out))
            goto out;
    }

    const MdlConfig *cfg = scn_scenario_config(base);
    AnaPlanSpec spec = {
        .axis_path = axis,
        .n_candidates = l.n,
        .labels = (const char *const *)l.labels,
        .integral = integral,
        .largest = largest,
        .n_conditions = l.n_cond,
        .condition_labels = (const char *const *)cond_labels->pdata,
        .requirements = (const AnaPlanRequirement *)(void *)reqs->data,
        .n_requirements = reqs->len,
        .alpha = 0.05,
        .min_replications = (guint)min_reps,
        .max_replications = (guint)max_reps,
        .config = config_at,
        .config_data = &l,
    };
    GError *err = NULL;
    plan = ana_plan_run(&spec, &ro.run, &err);
    cli_progress_end(&ro.progress);
    if (plan == NULL) {
        fprintf(stderr, "hapgsim plan: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    char *sha, *yaml = cli_scenario_text(base, &sha);
    AnaReportInfo info = {.version = HAPGSIM_VERSION, .scenario_name = cfg->name,
                          .scenario_yaml = yaml, .scenario_sha256 = sha, .seed = cfg->seed,
                          .warmup_s = sim_time_to_s(cfg->warmup),
                          .duration_s = sim_time_to_s(cfg->duration),
                          .interrupted = ana_plan_outcome(plan) == ANA_PLAN_INTERRUPTED};
    if (fmt == CLI_JSON) {
        ana_plan_json_write(out, plan, &info);
    } else {
        char *text = ana_plan_text(plan, &info);
        ana_output_puts(out, text);
        g_free(text);
    }
    gboolean written = ana_output_commit(out, &err);
    out = NULL;
    if (!written) {
        fprintf(stderr, "hapgsim plan: %s\n", err->message);
        g_error_free(err);
        g_free(yaml);
        g_free(sha);
        goto out;
    }
    if (report_out) {                          /* the same plan as a page (docs/report.md) */
        AnaOutput *mem = ana_output_new_memory();
        ana_plan_json_write(mem, plan, &info);
        char *json = ana_output_steal(mem);
        gboolean reported = cli_report_write("plan", report_out, cli_input_name(argv[1]), json, base,
                                             NULL, NULL);
        report_out = NULL;
        g_free(json);
        if (!reported) {
            g_free(yaml);
            g_free(sha);
            goto out;
        }
    }
    g_free(yaml);
    g_free(sha);
    switch (ana_plan_outcome(plan)) {
    case ANA_PLAN_ANSWER: status = 0; break;
    case ANA_PLAN_NONE: status = PLAN_EXIT_NONE; break;
    case ANA_PLAN_UNDECIDED_ANSWER: status = PLAN_EXIT_UNDECIDED; break;
    default: status = cli_interrupt_status(); break;
    }
    if (status == PLAN_EXIT_UNDECIDED && !quiet)
        fprintf(stderr, "hapgsim plan: undecided at --max-replications %d (the output says what "
                        "would decide it)\n", max_reps);
out:
    ana_output_abort(out);
    ana_output_abort(report_out);
    ana_plan_free(plan);
    scn_scenario_free(base);
    for (size_t c = 0; l.cache && c < (size_t)l.n * l.n_cond; c++)
        scn_scenario_free(l.cache[c]);
    g_free(l.cache);
    for (guint k = 0; l.cond_sets && k < l.n_cond; k++)
        g_strfreev(l.cond_sets[k]);
    g_free(l.cond_sets);
    g_strfreev(l.labels);
    if (l.text)
        g_bytes_unref(l.text);
    for (guint q = 0; q < reqs->len; q++)
        ana_plan_requirement_clear(&g_array_index(reqs, AnaPlanRequirement, q));
    g_array_free(reqs, TRUE);
    g_ptr_array_free(cond_labels, TRUE);
    g_free(axis);
    g_free(vary);
    g_free(step_text);
    g_free(seed);
    g_free(output);
    g_free(format);
    g_free(report);
    g_strfreev(requires);
    g_strfreev(unders);
    g_strfreev(sets);
    return status;
}
