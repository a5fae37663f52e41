/* cli/cmd_compare.c - `hapgsim compare BASE.json CANDIDATE.json`. */
#include "cli/commands.h"
#include "cli/common.h"

#include "analysis/compare.h"
#include "analysis/report.h"

#include <math.h>
#include <stdio.h>

int cli_compare(int argc, char **argv)
{
    char **metrics = NULL, **tolerances = NULL, *output = NULL;
    double alpha = 0.05;
    GOptionEntry entries[] = {
        {"metric", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &metrics, "Compare only this metric (repeatable)", "METRIC"},
        {"tolerance", 't', 0, G_OPTION_ARG_STRING_ARRAY, &tolerances,
         "A difference smaller than this does not matter: absolute, or % of the base mean (repeatable)", "METRIC=VALUE[%]"},
        {"alpha", 0, 0, G_OPTION_ARG_DOUBLE, &alpha, "1 - confidence of the intervals (default 0.05)", "ALPHA"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the table here (whole or not at all)", "FILE"},
        G_OPTION_ENTRY_NULL,
    };
    int status = 2;
    AnaResult *base = NULL, *cand = NULL;
    GPtrArray *cmp = NULL;
    AnaOutput *out = NULL;
    if (!cli_parse("compare", "BASE.json CANDIDATE.json",
                   "Compare two results of `hapgsim run --format json`, metric by metric: the\n"
                   "difference (candidate - base) with its interval, and a verdict.  Results from\n"
                   "the same seeds are compared replication by replication (paired), others by\n"
                   "Welch's test.  Exit 1 when a metric is significantly worse beyond its tolerance.",
                   entries, &argc, &argv))
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
    out = ana_output_open(output, inputs, &err);
    if (out == NULL) {
        fprintf(stderr, "hapgsim compare: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    base = ana_result_load(argv[1], &err);
    if (base)
        cand = ana_result_load(argv[2], &err);
    if (cand == NULL) {
        fprintf(stderr, "hapgsim compare: %s\n", err->message);
        g_error_free(err);
        goto out;
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
    int worse = 0;
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
        g_string_append_printf(s, "%-34s %12s %12s %12s   %-26s %s", c->metric, b->str, cd->str, d->str,
                               iv->str, ana_change_name(c->verdict));
        if (c->tolerance > 0)
            g_string_append_printf(s, " (tolerance %g)", c->tolerance);
        g_string_append_c(s, '\n');
        if (c->verdict == ANA_WORSE)
            worse++;
        g_string_free(b, TRUE);
        g_string_free(cd, TRUE);
        g_string_free(d, TRUE);
        g_string_free(iv, TRUE);
    }
    g_string_append_printf(s, "\n%d metric%s significantly worse\n", worse, worse == 1 ? "" : "s");
    ana_output_write(out, s->str, s->len);
    gboolean written = ana_output_commit(out, &err);
    out = NULL;
    if (!written) {
        fprintf(stderr, "hapgsim compare: %s\n", err->message);
        g_error_free(err);
    } else {
        status = worse ? 1 : 0;
    }
    g_string_free(s, TRUE);
out:
    ana_output_abort(out);
    ana_comparisons_free(cmp);
    ana_result_free(base);
    ana_result_free(cand);
    g_strfreev(metrics);
    g_strfreev(tolerances);
    g_free(output);
    return status;
}
