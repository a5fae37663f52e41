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
    double gap = 1 - v;
    if (v > 0.99 && gap > 0 && gap < 1e-4) {
        /* close to 1 (an availability): enough decimals for three digits of 1 - v */
        int decimals = MIN(2 - (int)floor(log10(gap)), 17);
        g_ascii_formatd(buf, sizeof buf, "%.17f", v);
        char *dot = strchr(buf, '.');
        if (dot) {
            char fmt[16];
            g_snprintf(fmt, sizeof fmt, "%%.%df", decimals);
            g_ascii_formatd(buf, sizeof buf, fmt, v);
            size_t len = strlen(buf);
            while (len > 0 && buf[len - 1] == '0')
                buf[--len] = '\0';
            if (len > 0 && buf[len - 1] == '.')
                buf[--len] = '\0';
        }
    } else {
        g_ascii_formatd(buf, sizeof buf, "%.6g", v);
    }
    g_string_append(out, buf);
}

void ana_format_aggregate_interval(GString *out, const AnaAggregate *a, const char *metric,
                                   double window_s)
{
    if (a->n == 0 || isnan(a->mean)) {
        if (a->n >= 2 && metric && strcmp(metric, "availability.nines") == 0)
            g_string_append(out, "not estimable: no outage observed");
        else
            g_string_append(out, "-");
        return;
    }
    if (a->n < 2) {
        g_string_append(out, "(one replication)");
        return;
    }
    if (a->estimable) {
        ana_format_interval(out, a->lo, a->hi);
        return;
    }
    double years = window_s * a->n / (365.0 * 86400);
    gboolean outage_metric = metric && (strcmp(metric, "availability.time") == 0 ||
                                        strcmp(metric, "unavailability.time") == 0 ||
                                        strcmp(metric, "outage.count") == 0);
    gboolean none = (metric && strcmp(metric, "availability.time") == 0) ? a->mean == 1 : a->mean == 0;
    if (outage_metric && none && window_s > 0) {
        /* no outage in all the replications' windows together: T simulated time */
        gboolean long_run = years >= 0.1;
        double t = long_run ? years : window_s * a->n;
        g_string_append_printf(out, "not estimable: no outage in %.3g simulated %s; rate < %.3g %s (95%%)",
                               t, long_run ? "years" : "s", ANA_ZERO_EVENTS_BOUND95 / t,
                               long_run ? "a year" : "a second");
        if (!isnan(a->upper95))
            g_string_append_printf(out, ", mean < %.3g a replication", a->upper95);
        return;
    }
    if (!isnan(a->upper95))
        g_string_append_printf(out, "not estimable: none in %u replications; mean < %.3g (95%%)",
                               a->n, a->upper95);
    else
        g_string_append_printf(out, "not estimable: all %u replications equal", a->n);
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
        ana_format_aggregate_interval(interval, &a, run->metrics->names[i], run->window_s);
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
            ana_format_aggregate_interval(iv, &v->aggregate, v->bound.metric, run->window_s);
            g_string_append_printf(s, "  %-12s %s %s: %s%s\n", ana_verdict_name(v->verdict),
                                   v->bound.metric, b->str, v->aggregate.estimable ? "interval " : "",
                                   iv->str);
            if (v->why && v->verdict == ANA_INCONCLUSIVE)
                g_string_append_printf(s, "               (%s)\n", v->why);
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
