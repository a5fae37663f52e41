/* analysis/report.c - text, JSON and CSV writers. */
#include "analysis/report.h"

#include "analysis/json-private.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void ana_format_value(GString *out, double v)
{
    if (isnan(v) || isinf(v)) {
        g_string_append(out, isinf(v) && v > 0 ? "inf" : "null");
        return;
    }
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.6g", v);
    g_string_append(out, buf);
}

void ana_format_interval(GString *out, double lo, double hi)
{
    g_string_append_c(out, '[');
    ana_format_value(out, lo);
    g_string_append(out, ", ");
    ana_format_value(out, hi);
    g_string_append_c(out, ']');
}

void ana_format_estimate(GString *out, double mean, double lo, double hi)
{
    ana_format_value(out, mean);
    g_string_append_c(out, ' ');
    ana_format_interval(out, lo, hi);
}

char *ana_report_text(const AnaRun *run, const AnaReportInfo *info)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "hapgsim %s: %s, %u replication%s", info->version,
                           info->scenario_name, run->completed, run->completed == 1 ? "" : "s");
    if (run->completed != run->n)
        g_string_append_printf(s, " of %u (interrupted)", run->n);
    g_string_append_printf(s, ", seed %" G_GUINT64_FORMAT ", window %gs..%gs\n\n", info->seed,
                           info->warmup_s, info->duration_s);
    g_string_append_printf(s, "%-34s %14s   %s\n", "metric", "mean", "95% interval");
    GString *mean = g_string_new(NULL), *interval = g_string_new(NULL);
    for (guint i = 0; i < run->metrics->n; i++) {
        if (!ana_run_reports(run, i))
            continue;
        AnaAggregate a;
        ana_run_aggregate(run, i, &a);
        g_string_truncate(mean, 0);
        g_string_truncate(interval, 0);
        ana_format_value(mean, a.mean);
        if (isnan(a.lo))
            g_string_append(interval, a.n < 2 && !isnan(a.mean) ? "(one replication)" : "-");
        else
            ana_format_interval(interval, a.lo, a.hi);
        g_string_append_printf(s, "%-34s %14s   %s\n", run->metrics->names[i], mean->str,
                               interval->str);
    }
    g_string_free(mean, TRUE);
    g_string_free(interval, TRUE);
    if (info->precision_note)
        g_string_append_printf(s, "\nprecision: %s\n", info->precision_note);
    if (info->n_verdicts > 0) {
        g_string_append(s, "\nexpect\n");
        for (guint i = 0; i < info->n_verdicts; i++) {
            const AnaVerdict *v = &info->verdicts[i];
            GString *b = g_string_new(NULL);
            if (v->bound.has_min) {
                g_string_append(b, ">= ");
                ana_format_value(b, v->bound.min);
            }
            if (v->bound.has_max) {
                g_string_append(b, v->bound.has_min ? " and <= " : "<= ");
                ana_format_value(b, v->bound.max);
            }
            GString *iv = g_string_new(NULL);
            ana_format_interval(iv, v->aggregate.lo, v->aggregate.hi);
            g_string_append_printf(s, "  %-12s %s %s: interval %s\n",
                                   ana_verdict_name(v->verdict), v->bound.metric, b->str, iv->str);
            g_string_free(b, TRUE);
            g_string_free(iv, TRUE);
        }
    }
    return g_string_free(s, FALSE);
}

char *ana_report_json(const AnaRun *run, const AnaReportInfo *info)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    ana_json_header(b, info);
    json_builder_set_member_name(b, "replications");
    json_builder_add_int_value(b, run->n);
    json_builder_set_member_name(b, "first_replication");
    json_builder_add_int_value(b, run->first);
    json_builder_set_member_name(b, "completed");
    json_builder_add_int_value(b, run->completed);
    json_builder_set_member_name(b, "interrupted");
    json_builder_add_boolean_value(b, info->interrupted);

    if (info->precision_note) {
        json_builder_set_member_name(b, "precision");
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "reached");
        json_builder_add_boolean_value(b, info->precision_reached);
        json_builder_set_member_name(b, "note");
        json_builder_add_string_value(b, info->precision_note);
        json_builder_end_object(b);
    }

    ana_json_run(b, run, info->seed);

    json_builder_set_member_name(b, "expect");
    json_builder_begin_array(b);
    for (guint i = 0; i < info->n_verdicts; i++) {
        const AnaVerdict *v = &info->verdicts[i];
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "metric");
        json_builder_add_string_value(b, v->bound.metric);
        json_builder_set_member_name(b, "min");
        ana_json_number(b, v->bound.has_min ? v->bound.min : NAN);
        json_builder_set_member_name(b, "max");
        ana_json_number(b, v->bound.has_max ? v->bound.max : NAN);
        json_builder_set_member_name(b, "verdict");
        json_builder_add_string_value(b, ana_verdict_name(v->verdict));
        json_builder_set_member_name(b, "aggregate");
        ana_json_aggregate(b, &v->aggregate);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);

    return ana_json_finish(b);
}

char *ana_report_csv(const AnaRun *run, guint point, gboolean header)
{
    GString *s = g_string_new(header ? "point,replication,metric,value\n" : "");
    for (guint r = 0; r < run->n; r++) {
        if (!run->done[r])
            continue;
        for (guint i = 0; i < run->metrics->n; i++) {
            if (i == ANA_M_AVAIL_NINES || !ana_run_reports(run, i))
                continue;
            double v = ana_run_value(run, r, i);
            g_string_append_printf(s, "%u,%u,%s,", point, run->first + r, run->metrics->names[i]);
            if (!isnan(v)) {
                char buf[G_ASCII_DTOSTR_BUF_SIZE];
                g_ascii_formatd(buf, sizeof buf, "%.17g", v);
                g_string_append(s, buf);
            }
            g_string_append_c(s, '\n');
        }
    }
    if (run->completed < run->n)
        g_string_append_printf(s, "%u,,%s\n", point, ANA_CSV_INTERRUPTED);
    return g_string_free(s, FALSE);
}

gboolean ana_write_output(const char *path, const char *contents, GError **error)
{
    if (path == NULL || strcmp(path, "-") == 0) {
        size_t n = strlen(contents);
        if (fwrite(contents, 1, n, stdout) != n || fflush(stdout) != 0) {
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                        "writing to standard output: %s", g_strerror(errno));
            return FALSE;
        }
        return TRUE;
    }
    /* g_file_set_contents writes a temporary file beside `path` and renames it */
    return g_file_set_contents(path, contents, -1, error);
}
