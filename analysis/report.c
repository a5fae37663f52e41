/* analysis/report.c - text, JSON and CSV writers; the streaming JSON writer. */
#include "analysis/report.h"

#include "analysis/json-private.h"
#include "sim/rng.h"

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
    g_string_append_printf(s, ", seed %" G_GUINT64_FORMAT ", window %gs..%gs\n", info->seed,
                           info->warmup_s, info->duration_s);
    if (run->split) {
        const AnaSplitPlan *p = run->split;
        g_string_append_printf(s, "estimator: splitting on %s, copies at levels 1..%u:",
                               mdl_importance_name(p->importance), p->n_levels);
        for (guint k = 1; k <= p->n_levels; k++)
            g_string_append_printf(s, " %u", p->splits[k]);
        g_string_append_printf(s, " (%s); %" G_GUINT64_FORMAT " trials\n",
                               p->from_pilot ? "chosen by the pilot" : "splitting.splits",
                               run->split_trials);
    }
    g_string_append_c(s, '\n');
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
        if (a.n == 0 && run->metrics->why_null[i])
            g_string_append(interval, run->metrics->why_null[i]);
        else
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

/* ---- the streaming JSON writer (json-private.h) ---- */

void ana_json_init(AnaJson *w, AnaOutput *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

/* What goes before a value or a member: a comma after the previous one, a new line,
 * the indentation; nothing right after a member's name or at the top. */
static void json_prefix(AnaJson *w)
{
    if (w->after_name) {
        w->after_name = FALSE;
        return;
    }
    if (w->depth == 0)
        return;
    static const char spaces[] = "                                ";
    ana_output_puts(w->out, w->count[w->depth] ? ",\n" : "\n");
    w->count[w->depth]++;
    ana_output_write(w->out, spaces, (size_t)MIN(2 * w->depth, (int)sizeof spaces - 1));
}

static void json_open(AnaJson *w, char c)
{
    g_return_if_fail(w->depth + 1 < ANA_JSON_MAX_DEPTH);
    json_prefix(w);
    ana_output_write(w->out, &c, 1);
    w->count[++w->depth] = 0;
}

static void json_close(AnaJson *w, char c)
{
    g_return_if_fail(w->depth > 0);
    if (w->count[w->depth]) {
        static const char spaces[] = "                                ";
        ana_output_puts(w->out, "\n");
        ana_output_write(w->out, spaces, (size_t)MIN(2 * (w->depth - 1), (int)sizeof spaces - 1));
    }
    ana_output_write(w->out, &c, 1);
    w->depth--;
}

void ana_json_begin_object(AnaJson *w) { json_open(w, '{'); }
void ana_json_end_object(AnaJson *w) { json_close(w, '}'); }
void ana_json_begin_array(AnaJson *w) { json_open(w, '['); }
void ana_json_end_array(AnaJson *w) { json_close(w, ']'); }

void ana_json_escape(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\b': g_string_append(out, "\\b"); break;
        case '\f': g_string_append(out, "\\f"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        case '\t': g_string_append(out, "\\t"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                g_string_append_printf(out, "\\u%04x", *p);
            else
                g_string_append_c(out, (char)*p);
        }
    }
    g_string_append_c(out, '"');
}

void ana_json_format_double(GString *out, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.17g", v);
    g_string_append(out, buf);
    if (strpbrk(buf, ".eE") == NULL)
        g_string_append(out, ".0");
}

static void json_scalar(AnaJson *w, GString *text)
{
    json_prefix(w);
    ana_output_write(w->out, text->str, text->len);
}

void ana_json_member(AnaJson *w, const char *name)
{
    json_prefix(w);
    GString *t = g_string_new(NULL);
    ana_json_escape(t, name);
    g_string_append(t, " : ");
    ana_output_write(w->out, t->str, t->len);
    g_string_free(t, TRUE);
    w->after_name = TRUE;
}

void ana_json_string(AnaJson *w, const char *s)
{
    GString *t = g_string_new(NULL);
    ana_json_escape(t, s);
    json_scalar(w, t);
    g_string_free(t, TRUE);
}

void ana_json_int(AnaJson *w, gint64 v)
{
    char buf[32];
    g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, v);
    json_prefix(w);
    ana_output_puts(w->out, buf);
}

void ana_json_bool(AnaJson *w, gboolean v)
{
    json_prefix(w);
    ana_output_puts(w->out, v ? "true" : "false");
}

void ana_json_null(AnaJson *w)
{
    json_prefix(w);
    ana_output_puts(w->out, "null");
}

void ana_json_number(AnaJson *w, double v)
{
    if (isnan(v) || isinf(v)) {
        ana_json_null(w);
        return;
    }
    char buf[G_ASCII_DTOSTR_BUF_SIZE + 4];
    g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", v);
    if (strpbrk(buf, ".eE") == NULL)
        g_strlcat(buf, ".0", sizeof buf);
    json_prefix(w);
    ana_output_puts(w->out, buf);
}

void ana_json_finish(AnaJson *w)
{
    ana_output_puts(w->out, "\n");
}

void ana_json_interval(AnaJson *w, double lo, double hi)
{
    if (isnan(lo)) {
        ana_json_null(w);
        return;
    }
    ana_json_begin_array(w);
    ana_json_number(w, lo);
    ana_json_number(w, hi);
    ana_json_end_array(w);
}

void ana_json_aggregate(AnaJson *w, const AnaAggregate *a)
{
    ana_json_aggregate_why(w, a, NULL);
}

void ana_json_aggregate_why(AnaJson *w, const AnaAggregate *a, const char *why_null)
{
    ana_json_begin_object(w);
    ana_json_member(w, "mean");
    ana_json_number(w, a->mean);
    ana_json_member(w, "stddev");
    ana_json_number(w, a->stddev);
    ana_json_member(w, "ci95");
    ana_json_interval(w, a->lo, a->hi);
    ana_json_member(w, "n");
    ana_json_int(w, a->n);
    ana_json_member(w, "estimable");
    ana_json_bool(w, a->estimable);
    ana_json_member(w, "upper95");
    ana_json_number(w, a->upper95);
    if (why_null && a->n == 0) {
        ana_json_member(w, "why_null");
        ana_json_string(w, why_null);
    }
    ana_json_end_object(w);
}

void ana_json_header(AnaJson *w, const AnaReportInfo *info)
{
    ana_json_member(w, "hapgsim");
    ana_json_string(w, info->version);
    ana_json_member(w, "scenario");
    ana_json_begin_object(w);
    ana_json_member(w, "name");
    ana_json_string(w, info->scenario_name);
    ana_json_member(w, "sha256");
    ana_json_string(w, info->scenario_sha256 ? info->scenario_sha256 : "");
    ana_json_member(w, "yaml");
    ana_json_string(w, info->scenario_yaml ? info->scenario_yaml : "");
    ana_json_end_object(w);
    ana_json_member(w, "seed");
    if (info->seed <= (uint64_t)G_MAXINT64) {
        ana_json_int(w, (gint64)info->seed);
    } else {
        char text[32];
        g_snprintf(text, sizeof text, "%" G_GUINT64_FORMAT, info->seed);
        ana_json_string(w, text);
    }
}

/* NAME: {"unit": "ns", "replications", "count", "buckets": [[lower, width, count]...]},
 * the buckets that hold values, in order (for report's charts). */
static void json_histogram(AnaJson *w, const char *name, const AnaHistogram *h, guint replications)
{
    ana_json_member(w, name);
    ana_json_begin_object(w);
    ana_json_member(w, "unit");
    ana_json_string(w, "ns");
    ana_json_member(w, "replications");
    ana_json_int(w, replications);
    ana_json_member(w, "count");
    ana_json_int(w, (gint64)h->count);
    ana_json_member(w, "buckets");
    ana_json_begin_array(w);
    for (uint32_t i = 0; i < ANA_HIST_BUCKETS; i++) {
        if (h->bucket[i] == 0)
            continue;
        double lower, width;
        ana_histogram_bucket(i, &lower, &width);
        ana_json_begin_array(w);
        ana_json_number(w, lower);
        ana_json_number(w, width);
        ana_json_int(w, (gint64)h->bucket[i]);
        ana_json_end_array(w);
    }
    ana_json_end_array(w);
    ana_json_end_object(w);
}

/* "estimator": how a splitting run estimated (absent for crude runs). */
static void json_estimator(AnaJson *w, const AnaRun *run)
{
    const AnaSplitPlan *p = run->split;
    ana_json_member(w, "estimator");
    ana_json_begin_object(w);
    ana_json_member(w, "name");
    ana_json_string(w, "splitting");
    ana_json_member(w, "importance");
    ana_json_string(w, mdl_importance_name(p->importance));
    ana_json_member(w, "levels");
    ana_json_begin_array(w);
    for (guint k = 1; k <= p->n_levels; k++)
        ana_json_int(w, k);
    ana_json_end_array(w);
    ana_json_member(w, "splits");
    ana_json_begin_array(w);
    for (guint k = 1; k <= p->n_levels; k++)
        ana_json_int(w, p->splits[k]);
    ana_json_end_array(w);
    ana_json_member(w, "chosen_by");
    ana_json_string(w, p->from_pilot ? "pilot" : "splitting.splits");
    if (p->from_pilot) {
        ana_json_member(w, "pilot");
        ana_json_begin_object(w);
        ana_json_member(w, "copies");
        ana_json_begin_array(w);
        for (guint k = 1; k < p->n_levels; k++)
            ana_json_int(w, (int64_t)p->pilot_excursions[k]);
        ana_json_end_array(w);
        ana_json_member(w, "went_up");
        ana_json_begin_array(w);
        for (guint k = 1; k < p->n_levels; k++)
            ana_json_int(w, (int64_t)p->pilot_reached[k]);
        ana_json_end_array(w);
        ana_json_member(w, "events");
        ana_json_int(w, (int64_t)p->pilot_events);
        ana_json_end_object(w);
    }
    ana_json_member(w, "trials");
    ana_json_int(w, (int64_t)run->split_trials);
    ana_json_member(w, "events");
    ana_json_int(w, (int64_t)run->events);
    ana_json_end_object(w);
}

void ana_json_run(AnaJson *w, const AnaRun *run, uint64_t seed)
{
    if (run->split)
        json_estimator(w, run);
    ana_json_member(w, "metrics");
    ana_json_begin_object(w);
    for (guint i = 0; i < run->metrics->n; i++) {
        AnaAggregate a;
        ana_run_aggregate(run, i, &a);
        ana_json_member(w, run->metrics->names[i]);
        ana_json_aggregate_why(w, &a, run->metrics->why_null[i]);
    }
    ana_json_end_object(w);
    ana_json_member(w, "per_replication");
    ana_json_begin_array(w);
    for (guint r = 0; r < run->n; r++) {
        if (!run->done[r])
            continue;
        ana_json_begin_object(w);
        ana_json_member(w, "replication");
        ana_json_int(w, run->first + r);
        ana_json_member(w, "seed");
        char rs[32];
        g_snprintf(rs, sizeof rs, "%" G_GUINT64_FORMAT,
                   sim_rng_replication_seed(seed, run->first + r));
        ana_json_string(w, rs);
        ana_json_member(w, "metrics");
        ana_json_begin_object(w);
        for (guint i = 0; i < run->metrics->n; i++) {
            if (i == ANA_M_AVAIL_NINES || !ana_run_reports(run, i))
                continue;                /* an aggregate only; not measured */
            ana_json_member(w, run->metrics->names[i]);
            ana_json_number(w, ana_run_value(run, r, i));
        }
        ana_json_end_object(w);
        ana_json_end_object(w);
    }
    ana_json_end_array(w);
    if (run->latency) {
        json_histogram(w, "latency_histogram", run->latency, run->latency_reps);
        json_histogram(w, "outage_histogram", run->outages, run->latency_reps);
        json_histogram(w, "rejoin_histogram", run->rejoins, run->latency_reps);
    }
}

void ana_csv_field(GString *out, const char *field)
{
    if (strpbrk(field, ",\"\r\n") == NULL) {
        g_string_append(out, field);
        return;
    }
    g_string_append_c(out, '"');
    for (const char *p = field; *p; p++) {
        if (*p == '"')
            g_string_append_c(out, '"');
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
}

/* ---- the reports ---- */

void ana_report_json_write(AnaOutput *out, const AnaRun *run, const AnaReportInfo *info)
{
    AnaJson w;
    ana_json_init(&w, out);
    ana_json_begin_object(&w);
    ana_json_header(&w, info);
    ana_json_member(&w, "replications");
    ana_json_int(&w, run->n);
    ana_json_member(&w, "first_replication");
    ana_json_int(&w, run->first);
    ana_json_member(&w, "completed");
    ana_json_int(&w, run->completed);
    ana_json_member(&w, "interrupted");
    ana_json_bool(&w, info->interrupted);

    if (info->precision_note) {
        ana_json_member(&w, "precision");
        ana_json_begin_object(&w);
        ana_json_member(&w, "reached");
        ana_json_bool(&w, info->precision_reached);
        ana_json_member(&w, "note");
        ana_json_string(&w, info->precision_note);
        ana_json_end_object(&w);
    }

    ana_json_run(&w, run, info->seed);

    ana_json_member(&w, "expect");
    ana_json_begin_array(&w);
    for (guint i = 0; i < info->n_verdicts; i++) {
        const AnaVerdict *v = &info->verdicts[i];
        ana_json_begin_object(&w);
        ana_json_member(&w, "metric");
        ana_json_string(&w, v->bound.metric);
        ana_json_member(&w, "min");
        ana_json_number(&w, v->bound.has_min ? v->bound.min : NAN);
        ana_json_member(&w, "max");
        ana_json_number(&w, v->bound.has_max ? v->bound.max : NAN);
        ana_json_member(&w, "verdict");
        ana_json_string(&w, ana_verdict_name(v->verdict));
        ana_json_member(&w, "aggregate");
        ana_json_aggregate(&w, &v->aggregate);
        ana_json_end_object(&w);
    }
    ana_json_end_array(&w);
    ana_json_end_object(&w);
    ana_json_finish(&w);
}

char *ana_report_json(const AnaRun *run, const AnaReportInfo *info)
{
    AnaOutput *out = ana_output_new_memory();
    ana_report_json_write(out, run, info);
    return ana_output_steal(out);
}

void ana_report_csv_write(AnaOutput *out, const AnaRun *run, guint point, gboolean header)
{
    if (header)
        ana_output_puts(out, "point,replication,metric,value\n");
    GString *line = g_string_new(NULL);
    for (guint r = 0; r < run->n; r++) {
        if (!run->done[r])
            continue;
        for (guint i = 0; i < run->metrics->n; i++) {
            if (i == ANA_M_AVAIL_NINES || !ana_run_reports(run, i))
                continue;
            double v = ana_run_value(run, r, i);
            g_string_printf(line, "%u,%u,", point, run->first + r);
            ana_csv_field(line, run->metrics->names[i]);
            g_string_append_c(line, ',');
            if (!isnan(v)) {
                char buf[G_ASCII_DTOSTR_BUF_SIZE];
                g_ascii_formatd(buf, sizeof buf, "%.17g", v);
                g_string_append(line, buf);
            }
            g_string_append_c(line, '\n');
            ana_output_write(out, line->str, line->len);
        }
    }
    g_string_free(line, TRUE);
    if (run->completed < run->n)
        ana_output_printf(out, "%u,,%s\n", point, ANA_CSV_INTERRUPTED);
}

char *ana_report_csv(const AnaRun *run, guint point, gboolean header)
{
    AnaOutput *out = ana_output_new_memory();
    ana_report_csv_write(out, run, point, header);
    return ana_output_steal(out);
}

gboolean ana_write_output(const char *path, const char *contents, GError **error)
{
    AnaOutput *out = ana_output_open(path, NULL, error);
    if (out == NULL)
        return FALSE;
    ana_output_puts(out, contents);
    return ana_output_commit(out, error);
}
