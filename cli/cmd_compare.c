/* cli/cmd_compare.c - `hapgsim compare BASE.json CANDIDATE.json`. */
#include "cli/commands.h"
#include "cli/common.h"

#include "analysis/compare.h"
#include "analysis/json-private.h"
#include "analysis/output.h"
#include "analysis/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The verdict as the table shows it: a better/worse/changed verdict that Holm's
 * procedure does not keep is marked so. */
static char *verdict_text(const AnaComparison *c)
{
    gboolean finding = c->verdict == ANA_BETTER || c->verdict == ANA_WORSE || c->verdict == ANA_CHANGED;
    if (finding && c->in_family && !c->significant)
        return g_strdup_printf("%s (not significant family-wise)", ana_change_name(c->verdict));
    if (finding && !c->in_family)
        return g_strdup_printf("%s (not gated)", ana_change_name(c->verdict));
    return g_strdup(ana_change_name(c->verdict));
}

static gboolean counts_worse(const AnaComparison *c)
{
    return c->verdict == ANA_WORSE && c->significant;
}

static void table_json(AnaOutput *out, const GPtrArray *cmp, const char *base, const char *cand,
                       gboolean paired, guint n_paired, double alpha, guint family, int worse)
{
    AnaJson w;
    ana_json_init(&w, out);
    ana_json_begin_object(&w);
    ana_json_member(&w, "base");
    ana_json_string(&w, base);
    ana_json_member(&w, "candidate");
    ana_json_string(&w, cand);
    ana_json_member(&w, "test");
    ana_json_string(&w, paired ? "paired" : "welch");
    ana_json_member(&w, "pairs");
    ana_json_int(&w, paired ? n_paired : 0);
    ana_json_member(&w, "alpha");
    ana_json_number(&w, alpha);
    ana_json_member(&w, "family");
    ana_json_int(&w, family);
    ana_json_member(&w, "worse");
    ana_json_int(&w, worse);
    ana_json_member(&w, "comparisons");
    ana_json_begin_array(&w);
    for (guint i = 0; i < cmp->len; i++) {
        const AnaComparison *c = g_ptr_array_index(cmp, i);
        ana_json_begin_object(&w);
        ana_json_member(&w, "metric");
        ana_json_string(&w, c->metric);
        ana_json_member(&w, "base");
        ana_json_number(&w, c->base_mean);
        ana_json_member(&w, "candidate");
        ana_json_number(&w, c->cand_mean);
        ana_json_member(&w, "difference");
        ana_json_number(&w, c->diff);
        ana_json_member(&w, "interval");
        ana_json_interval(&w, c->lo, c->hi);
        ana_json_member(&w, "tolerance");
        ana_json_number(&w, c->tolerance);
        ana_json_member(&w, "p");
        ana_json_number(&w, c->p);
        ana_json_member(&w, "verdict");
        ana_json_string(&w, ana_change_name(c->verdict));
        ana_json_member(&w, "in_family");
        ana_json_bool(&w, c->in_family);
        ana_json_member(&w, "significant");
        ana_json_bool(&w, c->significant);
        ana_json_end_object(&w);
    }
    ana_json_end_array(&w);
    ana_json_end_object(&w);
    ana_json_finish(&w);
}

static void csv_number(GString *s, double v)
{
    if (!isnan(v) && !isinf(v)) {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_ascii_formatd(buf, sizeof buf, "%.17g", v);
        g_string_append(s, buf);
    }
    g_string_append_c(s, ',');
}

static char *table_csv(const GPtrArray *cmp)
{
    GString *s = g_string_new("metric,base,candidate,difference,lo,hi,tolerance,p,verdict,in_family,significant\n");
    for (guint i = 0; i < cmp->len; i++) {
        const AnaComparison *c = g_ptr_array_index(cmp, i);
        g_string_append_printf(s, "%s,", c->metric);
        csv_number(s, c->base_mean);
        csv_number(s, c->cand_mean);
        csv_number(s, c->diff);
        csv_number(s, c->lo);
        csv_number(s, c->hi);
        csv_number(s, c->tolerance);
        csv_number(s, c->p);
        g_string_append_printf(s, "%s,%d,%d\n", ana_change_name(c->verdict), c->in_family, c->significant);
    }
    return g_string_free(s, FALSE);
}

int cli_compare(int argc, char **argv)
{
    char **metrics = NULL, **tolerances = NULL, *output = NULL, *format = NULL, *report = NULL;
    double alpha = 0.05;
    gboolean allow_partial = FALSE;
    GOptionEntry entries[] = {
        {"metric", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &metrics, "Compare only this metric (repeatable); narrows the family", "METRIC"},
        {"tolerance", 't', 0, G_OPTION_ARG_STRING_ARRAY, &tolerances,
         "A difference smaller than this does not matter: absolute, or % of the base mean (repeatable)", "METRIC=VALUE[%]"},
        {"alpha", 0, 0, G_OPTION_ARG_DOUBLE, &alpha, "Family-wise error rate, and 1 - confidence of the intervals (default 0.05)", "ALPHA"},
        {"allow-partial", 0, 0, G_OPTION_ARG_NONE, &allow_partial, "Accept interrupted or incomplete results", NULL},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default), json or csv; .json/.csv output names imply it", "FORMAT"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the table here (whole or not at all)", "FILE"},
        CLI_REPORT_ENTRY(report),
        G_OPTION_ENTRY_NULL,
    };
    int status = 2;
    AnaResult *base = NULL, *cand = NULL;
    GPtrArray *cmp = NULL;
    AnaOutput *out = NULL, *report_out = NULL;
    if (!cli_parse("compare", "BASE.json CANDIDATE.json",
                   "Compare two results of `hapgsim run --format json`, metric by metric: the\n"
                   "difference (candidate - base) with its interval, and a verdict.  Results from\n"
                   "the same seeds are compared replication by replication (paired), others by\n"
                   "Welch's test.  Exit 1 when a metric is significantly worse beyond its tolerance,\n"
                   "family-wise (Holm-Bonferroni over the metrics compared); 2 on bad input.",
                   entries, &argc, &argv))
        goto out;
    CliFormat fmt;
    if (!cli_parse_format("compare", format, output, &fmt))
        goto out;
    if (argc != 3) {
        fprintf(stderr, "hapgsim compare: give two result files (usage: hapgsim compare BASE.json CANDIDATE.json)\n");
        goto out;
    }
    if (!(alpha > 0 && alpha < 1)) {
        fprintf(stderr, "hapgsim compare: --alpha must be within (0, 1) (got %g)\n", alpha);
        goto out;
    }
    GError *err = NULL;
    const char *inputs[] = {argv[1], argv[2], NULL};
    if (!cli_outputs_open("compare", output, report, inputs, &out, &report_out))
        goto out;
    base = ana_result_load(argv[1], &err);
    if (base)
        cand = ana_result_load(argv[2], &err);
    if (cand == NULL) {
        fprintf(stderr, "hapgsim compare: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    for (int k = 0; k < 2; k++) {
        const AnaResult *r = k ? cand : base;
        const char *why = ana_result_partial(r);
        if (why && (r->n == 0 || !allow_partial)) {
            fprintf(stderr, "hapgsim compare: %s: %s%s\n", r->path, why,
                    r->n == 0 ? ": nothing to compare"
                              : "; finish the run (same command, more time) or pass --allow-partial");
            goto out;
        }
    }
    AnaCompareOptions opts = {(const char *const *)metrics, (const char *const *)tolerances, alpha};
    gboolean paired;
    guint n_paired;
    cmp = ana_compare(base, cand, &opts, &paired, &n_paired, &err);
    if (cmp == NULL) {
        fprintf(stderr, "hapgsim compare: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    gboolean same_scenario = base->scenario_sha256 && cand->scenario_sha256 &&
                             strcmp(base->scenario_sha256, cand->scenario_sha256) == 0;
    if (paired && !same_scenario)
        fprintf(stderr, "hapgsim compare: note: the two scenarios differ; they are paired on their "
                        "seeds (common random numbers), which is valid for any two scenarios but "
                        "reduces noise only where they share their random streams\n");
    guint family = 0;
    int worse = 0;
    for (guint i = 0; i < cmp->len; i++) {
        AnaComparison *c = g_ptr_array_index(cmp, i);
        family += c->in_family;
        worse += counts_worse(c);
    }
    char *text = NULL;
    if (fmt == CLI_JSON) {
        table_json(out, cmp, argv[1], argv[2], paired, n_paired, alpha, family, worse);
    } else if (fmt == CLI_CSV) {
        text = table_csv(cmp);
    } else {
        GString *s = g_string_new(NULL);
        g_string_append_printf(s, "base %s (%u replications), candidate %s (%u replications)\n", argv[1],
                               base->n, argv[2], cand->n);
        if (paired && (n_paired != base->n || n_paired != cand->n))
            g_string_append_printf(s, "same seeds: paired t test on the %u replications both have "
                                   "(the means are theirs); ", n_paired);
        else
            g_string_append(s, paired ? "same seeds: paired t test on per-replication differences; "
                                      : "different seeds: Welch's t test; ");
        g_string_append_printf(s, "%g%% intervals of candidate - base\n\n", 100 * (1 - alpha));
        g_string_append_printf(s, "%-34s %12s %12s %12s   %-26s %s\n", "metric", "base", "candidate",
                               "difference", "interval", "verdict");
        for (guint i = 0; i < cmp->len; i++) {
            AnaComparison *c = g_ptr_array_index(cmp, i);
            GString *b = g_string_new(NULL), *cd = g_string_new(NULL), *d = g_string_new(NULL), *iv = g_string_new(NULL);
            ana_format_value(b, c->base_mean);
            ana_format_value(cd, c->cand_mean);
            ana_format_value(d, c->diff);
            if (isnan(c->lo))
                g_string_append(iv, "-");
            else
                ana_format_interval(iv, c->lo, c->hi);
            char *v = verdict_text(c);
            g_string_append_printf(s, "%-34s %12s %12s %12s   %-26s %s", c->metric, b->str, cd->str, d->str,
                                   iv->str, v);
            g_free(v);
            if (c->tolerance > 0)
                g_string_append_printf(s, " (tolerance %g)", c->tolerance);
            g_string_append_c(s, '\n');
            g_string_free(b, TRUE);
            g_string_free(cd, TRUE);
            g_string_free(d, TRUE);
            g_string_free(iv, TRUE);
        }
        g_string_append_printf(s, "\n%d metric%s significantly worse (Holm-Bonferroni over %u metric%s, "
                               "family-wise error %g)\n", worse, worse == 1 ? "" : "s", family,
                               family == 1 ? "" : "s", alpha);
        text = g_string_free(s, FALSE);
    }
    if (text)
        ana_output_puts(out, text);
    gboolean written = ana_output_commit(out, &err);
    out = NULL;
    if (!written) {
        fprintf(stderr, "hapgsim compare: %s\n", err->message);
        g_error_free(err);
    } else {
        status = worse ? 1 : 0;
        if (report_out) {
            AnaOutput *mem = ana_output_new_memory();
            table_json(mem, cmp, argv[1], argv[2], paired, n_paired, alpha, family, worse);
            char *json = ana_output_steal(mem);
            /* the two runs too, where they can be shown (their latencies side by side) */
            if (!cli_report_write("compare", report_out, "the comparison", json, NULL, NULL, inputs))
                status = 2;
            report_out = NULL;
            g_free(json);
        }
    }
    g_free(text);
out:
    ana_output_abort(out);
    ana_output_abort(report_out);
    ana_comparisons_free(cmp);
    ana_result_free(base);
    ana_result_free(cand);
    g_strfreev(metrics);
    g_strfreev(tolerances);
    g_free(output);
    g_free(format);
    g_free(report);
    return status;
}
