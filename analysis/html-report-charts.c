/* analysis/html-report-charts.c - the data of the report's charts, from the results.
 *
 * Only data is made here: which values, in which rows.  How they are drawn (marks,
 * scales, facets) is the Vega-Lite specification that html-report.js makes for each
 * kind of chart.
 */
#include "analysis/histogram.h"
#include "analysis/html-report-private.h"

#include <math.h>
#include <string.h>

JsonNode *ana_chart_new(const char *id, const char *kind, const char *title, JsonArray *values)
{
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "id", id);
    json_object_set_string_member(o, "kind", kind);
    json_object_set_string_member(o, "title", title);
    json_object_set_array_member(o, "values", values);
    json_object_set_object_member(o, "marks", json_object_new());
    JsonNode *n = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(n, o);
    return n;
}

void ana_chart_marks(JsonNode *chart, const char *layer, gint64 n)
{
    json_object_set_int_member(ana_jobj(json_node_get_object(chart), "marks"), layer, n);
}

/* A number, or null for NAN (JSON has no NAN). */
static void set_num(JsonObject *o, const char *name, double v)
{
    if (isnan(v) || isinf(v))
        json_object_set_null_member(o, name);
    else
        json_object_set_double_member(o, name, v);
}

/* ---- a run ---- */

static void chart_uptime(const AnaInput *in, const char *id, GPtrArray *charts)
{
    JsonObject *metrics = ana_jobj(in->top, "metrics");
    JsonArray *rows = json_array_new();
    gint64 marks = 0;
    GList *names = json_object_get_members(metrics);
    for (GList *l = names; l; l = l->next) {
        const char *name = l->data;
        size_t len = strlen(name);
        if (!g_str_has_prefix(name, "member.") || len < 15 || strcmp(name + len - 7, ".uptime") != 0)
            continue;
        double mean, sd, lo, hi, n;
        ana_jaggregate(ana_jobj(metrics, name), &mean, &sd, &lo, &hi, &n);
        JsonObject *row = json_object_new();
        char *member = g_strndup(name + 7, len - 14);
        json_object_set_string_member(row, "member", member);
        g_free(member);
        set_num(row, "mean", mean);
        set_num(row, "lo", lo);
        set_num(row, "hi", hi);
        json_array_add_object_element(rows, row);
        marks += !isnan(mean);
    }
    g_list_free(names);
    if (marks == 0) {
        json_array_unref(rows);
        return;
    }
    char *cid = g_strdup_printf("%s-uptime", id);
    JsonNode *c = ana_chart_new(cid, "uptime", "Uptime of each member (mean, 95 % interval)", rows);
    ana_chart_marks(c, "hgdata", marks);
    g_ptr_array_add(charts, c);
    g_free(cid);
}

/* Equal-width bins of `v` (n values, NAN skipped) as rows {metric, x0, x1, count}, the
 * empty ones left out; returns the rows added. */
#define BINS 12
static gint64 add_bins(JsonArray *rows, const char *metric, const double *v, guint n)
{
    double lo = INFINITY, hi = -INFINITY;
    for (guint i = 0; i < n; i++)
        if (!isnan(v[i])) {
            lo = MIN(lo, v[i]);
            hi = MAX(hi, v[i]);
        }
    if (lo > hi)
        return 0;
    double width = hi > lo ? (hi - lo) / BINS : MAX(fabs(lo) * 0.05, 1e-9);
    guint count[BINS] = {0};
    for (guint i = 0; i < n; i++)
        if (!isnan(v[i]))
            count[MIN((guint)((v[i] - lo) / width), BINS - 1)]++;
    gint64 added = 0;
    for (guint b = 0; b < BINS; b++) {
        if (count[b] == 0)
            continue;
        JsonObject *row = json_object_new();
        json_object_set_string_member(row, "metric", metric);
        json_object_set_double_member(row, "x0", lo + b * width);
        json_object_set_double_member(row, "x1", lo + (b + 1) * width);
        json_object_set_int_member(row, "count", count[b]);
        json_array_add_object_element(rows, row);
        added++;
    }
    return added;
}

/* A histogram of durations (results' NAME_histogram, ns) as rows {metric, x0, x1,
 * count} in seconds, over bins of half an octave (values under 1 ms in the first);
 * returns the rows added. */
#define HALF_OCTAVES 140       /* 2^-10 s .. 2^60 s */
static gint64 add_log_bins(JsonArray *rows, const char *metric, JsonObject *hist)
{
    JsonArray *b = ana_jarr(hist, "buckets");
    double count[HALF_OCTAVES] = {0};
    for (guint i = 0; i < json_array_get_length(b); i++) {
        JsonArray *t = ana_jarr_arr(b, i);
        double mid = (ana_jnum_node(json_array_get_element(t, 0)) +
                      ana_jnum_node(json_array_get_element(t, 1)) / 2) / 1e9;
        int k = (int)floor(2 * log2(MAX(mid, 1e-3))) + 20;
        count[CLAMP(k, 0, HALF_OCTAVES - 1)] += ana_jnum_node(json_array_get_element(t, 2));
    }
    gint64 added = 0;
    for (int k = 0; k < HALF_OCTAVES; k++) {
        if (!(count[k] > 0))
            continue;
        JsonObject *row = json_object_new();
        json_object_set_string_member(row, "metric", metric);
        json_object_set_double_member(row, "x0", exp2((k - 20) / 2.0));
        json_object_set_double_member(row, "x1", exp2((k - 19) / 2.0));
        json_object_set_double_member(row, "count", count[k]);
        json_array_add_object_element(rows, row);
        added++;
    }
    return added;
}

static void chart_outages(const AnaInput *in, const char *id, GPtrArray *charts)
{
    JsonObject *outages = ana_jobj(in->top, "outage_histogram");
    JsonObject *rejoins = ana_jobj(in->top, "rejoin_histogram");
    if (outages && rejoins) {
        /* every outage and every rejoin episode */
        JsonArray *rows = json_array_new();
        gint64 marks = add_log_bins(rows, "outage duration (s)", outages) +
                       add_log_bins(rows, "time to rejoin, detection to active (s)", rejoins);
        if (marks == 0) {
            json_array_unref(rows);
            return;
        }
        char *cid = g_strdup_printf("%s-outages", id);
        JsonNode *c = ana_chart_new(cid, "outages",
                                    "Outages and rejoins: how long each lasted, every client, "
                                    "all replications (log scale)", rows);
        json_object_set_boolean_member(json_node_get_object(c), "log", TRUE);
        json_object_set_string_member(json_node_get_object(c), "y", "outages or rejoins");
        ana_chart_marks(c, "hgdata", marks);
        g_ptr_array_add(charts, c);
        g_free(cid);
        return;
    }
    /* results without them: the replications by their own figures */
    JsonArray *reps = ana_jarr(in->top, "per_replication");
    guint n = json_array_get_length(reps);
    double *mean = g_new(double, MAX(n, 1)), *longest = g_new(double, MAX(n, 1)),
           *rejoin = g_new(double, MAX(n, 1));
    for (guint i = 0; i < n; i++) {
        JsonObject *m = ana_jobj(ana_jarr_obj(reps, i), "metrics");
        double count = ana_jnum(m, "outage.count"), total = ana_jnum(m, "outage.total_s");
        mean[i] = count > 0 ? total / count : NAN;
        longest[i] = count > 0 ? ana_jnum(m, "outage.longest_s") : NAN;
        rejoin[i] = ana_jnum(m, "recovery.time_to_rejoin_s");
    }
    JsonArray *rows = json_array_new();
    gint64 marks = add_bins(rows, "mean outage duration (s)", mean, n) +
                   add_bins(rows, "longest outage (s)", longest, n) +
                   add_bins(rows, "time to rejoin (s)", rejoin, n);
    g_free(mean);
    g_free(longest);
    g_free(rejoin);
    if (marks == 0) {
        json_array_unref(rows);
        return;
    }
    char *cid = g_strdup_printf("%s-outages", id);
    JsonNode *c = ana_chart_new(cid, "outages",
                                "Outages and rejoins: replications by their mean and longest outage, "
                                "and by their mean time to rejoin", rows);
    json_object_set_string_member(json_node_get_object(c), "y", "replications");
    ana_chart_marks(c, "hgdata", marks);
    g_ptr_array_add(charts, c);
    g_free(cid);
}

/* The CDF at the upper edge of the buckets as rows {ms, p, series}, at most about 400
 * points (a point when the fraction has grown by 1/400 since the last one, and the last
 * bucket); returns the operations counted (0: none, no rows). */
static double latency_rows(JsonArray *rows, JsonObject *hist, const char *series)
{
    JsonArray *b = ana_jarr(hist, "buckets");
    guint nb = json_array_get_length(b);
    double total = 0;
    for (guint i = 0; i < nb; i++)
        total += ana_jnum_node(json_array_get_element(ana_jarr_arr(b, i), 2));
    if (!(total > 0))
        return 0;
    double cum = 0, last = -1;
    for (guint i = 0; i < nb; i++) {
        JsonArray *t = ana_jarr_arr(b, i);
        double lower = ana_jnum_node(json_array_get_element(t, 0));
        double width = ana_jnum_node(json_array_get_element(t, 1));
        cum += ana_jnum_node(json_array_get_element(t, 2));
        double p = cum / total;
        if (i == 0) {
            JsonObject *row = json_object_new();     /* the curve starts at 0 */
            json_object_set_double_member(row, "ms", MAX(lower, 1) / 1e6);
            json_object_set_double_member(row, "p", 0);
            if (series)
                json_object_set_string_member(row, "series", series);
            json_array_add_object_element(rows, row);
        }
        if (p - last < 1.0 / 400 && i + 1 < nb)
            continue;
        last = p;
        JsonObject *row = json_object_new();
        json_object_set_double_member(row, "ms", (lower + width) / 1e6);
        json_object_set_double_member(row, "p", p);
        if (series)
            json_object_set_string_member(row, "series", series);
        json_array_add_object_element(rows, row);
    }
    return total;
}

static void chart_latency(JsonObject *hist, const char *id, const char *title, GPtrArray *charts)
{
    JsonArray *rows = json_array_new();
    double total = latency_rows(rows, hist, NULL);
    if (!(total > 0)) {
        json_array_unref(rows);
        return;
    }
    char *cid = g_strdup_printf("%s-latency", id);
    JsonNode *c = ana_chart_new(cid, "latency", title, rows);
    json_object_set_double_member(json_node_get_object(c), "operations", total);
    ana_chart_marks(c, "hgdata", 1);
    g_ptr_array_add(charts, c);
    g_free(cid);
}

void ana_charts_run(const AnaHtmlReport *r, const AnaInput *in, const char *id, GPtrArray *charts)
{
    chart_uptime(in, id, charts);
    chart_outages(in, id, charts);
    chart_latency(ana_jobj(in->top, "latency_histogram"), id,
                  "Latency of successful operations, all replications pooled (CDF)", charts);
}

/* ---- a sweep ---- */

static const char *const default_metrics[] = {"availability.time", "outage.count",
                                               "recovery.time_to_rejoin_s", "latency.p99_ms", NULL};

const char *const *ana_sweep_metrics(const AnaHtmlReport *r)
{
    return r->metrics ? (const char *const *)r->metrics : default_metrics;
}

void ana_charts_sweep(const AnaHtmlReport *r, const AnaInput *in, const char *id, GPtrArray *charts)
{
    JsonArray *axes = ana_jarr(in->top, "axes"), *points = ana_jarr(in->top, "points");
    guint na = json_array_get_length(axes), np = json_array_get_length(points);
    const char *const *metrics = ana_sweep_metrics(r);
    JsonArray *rows = json_array_new();
    gint64 marks = 0, intervals = 0;
    for (const char *const *m = metrics; *m; m++) {
        for (guint a = 0; a < na; a++) {
            JsonObject *ax = ana_jarr_obj(axes, a);
            const char *path = ana_jstr(ax, "path");
            JsonArray *vals = ana_jarr(ax, "values");
            for (guint p = 0; p < np; p++) {
                JsonObject *pt = ana_jarr_obj(points, p);
                JsonObject *pv = ana_jobj(pt, "values");
                double mean, sd, lo, hi, n;
                ana_jaggregate(ana_jobj(ana_jobj(pt, "metrics"), *m), &mean, &sd, &lo, &hi, &n);
                if (isnan(mean))
                    continue;
                const char *x = ana_jstr(pv, path);
                gint64 order = 0;
                for (guint k = 0; x && k < json_array_get_length(vals); k++)
                    if (g_strcmp0(ana_jarr_str(vals, k), x) == 0)
                        order = k;
                GString *series = g_string_new(NULL);
                for (guint b = 0; b < na; b++) {
                    if (b == a)
                        continue;
                    const char *other = ana_jstr(ana_jarr_obj(axes, b), "path");
                    g_string_append_printf(series, "%s%s=%s", series->len ? ", " : "", other,
                                           ana_jstr(pv, other) ? ana_jstr(pv, other) : "?");
                }
                JsonObject *row = json_object_new();
                json_object_set_string_member(row, "metric", *m);
                json_object_set_string_member(row, "axis", path);
                json_object_set_string_member(row, "x", x ? x : "?");
                json_object_set_int_member(row, "order", order);
                json_object_set_string_member(row, "series", series->len ? series->str : "all points");
                g_string_free(series, TRUE);
                set_num(row, "mean", mean);
                set_num(row, "lo", lo);
                set_num(row, "hi", hi);
                json_array_add_object_element(rows, row);
                marks++;
                intervals += !isnan(lo) && !isnan(hi);
            }
        }
    }
    if (marks == 0) {
        json_array_unref(rows);
        return;
    }
    char *cid = g_strdup_printf("%s-sweep", id);
    JsonNode *c = ana_chart_new(cid, "sweep", "Each metric against each axis (mean, 95 % interval)", rows);
    json_object_set_boolean_member(json_node_get_object(c), "series", na > 1);
    ana_chart_marks(c, "hgdata", marks);
    ana_chart_marks(c, "hginterval", intervals);
    g_ptr_array_add(charts, c);
    g_free(cid);
}

/* ---- a comparison ---- */

void ana_charts_compare(const AnaHtmlReport *r, const AnaInput *in, const char *id, GPtrArray *charts)
{
    JsonArray *cmp = ana_jarr(in->top, "comparisons");
    JsonArray *rows = json_array_new();
    gint64 marks = 0;
    for (guint i = 0; i < json_array_get_length(cmp); i++) {
        JsonObject *c = ana_jarr_obj(cmp, i);
        double base = ana_jnum(c, "base"), diff = ana_jnum(c, "difference");
        JsonArray *iv = ana_jarr(c, "interval");
        double lo = iv && json_array_get_length(iv) == 2 ? ana_jnum_node(json_array_get_element(iv, 0)) : NAN;
        double hi = iv && json_array_get_length(iv) == 2 ? ana_jnum_node(json_array_get_element(iv, 1)) : NAN;
        const char *metric = ana_jstr(c, "metric");
        if (isnan(diff) || isnan(base) || base == 0 || g_str_has_prefix(metric, "engine."))
            continue;
        JsonObject *row = json_object_new();
        json_object_set_string_member(row, "metric", metric);
        json_object_set_string_member(row, "verdict", ana_jstr(c, "verdict"));
        set_num(row, "rel", 100 * diff / fabs(base));
        set_num(row, "rlo", 100 * lo / fabs(base));
        set_num(row, "rhi", 100 * hi / fabs(base));
        set_num(row, "diff", diff);
        set_num(row, "lo", lo);
        set_num(row, "hi", hi);
        json_array_add_object_element(rows, row);
        marks++;
    }
    if (marks == 0) {
        json_array_unref(rows);
        return;
    }
    char *cid = g_strdup_printf("%s-forest", id);
    JsonNode *ch = ana_chart_new(cid, "forest",
                                 "Candidate - base, in % of the base mean, with its interval", rows);
    ana_chart_marks(ch, "hgdata", marks);
    g_ptr_array_add(charts, ch);
    g_free(cid);
}

/* ---- several runs: their latencies side by side ---- */

void ana_charts_latency_overlay(const AnaHtmlReport *r, GPtrArray *charts)
{
    JsonArray *rows = json_array_new();
    gint64 series = 0;
    for (guint i = 0; i < r->inputs->len; i++) {
        const AnaInput *in = g_ptr_array_index(r->inputs, i);
        if (in->kind == ANA_IN_RUN)
            series += latency_rows(rows, ana_jobj(in->top, "latency_histogram"), in->name) > 0;
    }
    if (series < 2) {
        json_array_unref(rows);
        return;
    }
    JsonNode *c = ana_chart_new("latency-runs", "latency",
                                "Latency of successful operations, each run (CDF)", rows);
    json_object_set_boolean_member(json_node_get_object(c), "series", TRUE);
    ana_chart_marks(c, "hgdata", series);
    g_ptr_array_add(charts, c);
}
