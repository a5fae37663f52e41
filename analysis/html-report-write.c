/* analysis/html-report-write.c - the report page: header, tables, chart containers,
 * the charts' data, and the scripts that draw them (Vega, Vega-Lite, html-report.js,
 * all compiled into the program: the page fetches nothing, and a Content Security
 * Policy forbids it to). */
#include "analysis/html-report-private.h"

#include "analysis/report.h"
#include "analysis/stats.h"

#include <math.h>
#include <string.h>

/* the embedded scripts (analysis/CMakeLists.txt, cmake/embed.c) */
extern const char ana_vega_js[], ana_vega_lite_js[], ana_report_js[], ana_report_css[];
extern const unsigned long ana_vega_js_len, ana_vega_lite_js_len, ana_report_js_len, ana_report_css_len;

static void put(AnaOutput *out, const char *s) { ana_output_puts(out, s); }

static void put_escaped(AnaOutput *out, const char *s)
{
    char *e = g_markup_escape_text(s ? s : "", -1);
    ana_output_puts(out, e);
    g_free(e);
}

static void put_value(AnaOutput *out, double v)
{
    GString *s = g_string_new(NULL);
    ana_format_value(s, v);
    ana_output_puts(out, isnan(v) ? "-" : s->str);
    g_string_free(s, TRUE);
}

/* A library's text without its trailing source-map comment (the map is not shipped). */
static void put_script(AnaOutput *out, const char *js, unsigned long len)
{
    const char *map = g_strrstr_len(js, (gssize)len, "\n//# sourceMappingURL=");
    ana_output_puts(out, "<script>");
    ana_output_write(out, js, map ? (size_t)(map - js) : len);
    ana_output_puts(out, "\n</script>\n");
}

static AnaAggregate aggregate_of(JsonObject *a)
{
    AnaAggregate g = ANA_AGGREGATE_NONE;
    double n;
    ana_jaggregate(a, &g.mean, &g.stddev, &g.lo, &g.hi, &n);
    g.n = isnan(n) ? 0 : (guint)n;
    int estimable = ana_jbool(a, "estimable");
    g.estimable = estimable >= 0 ? estimable : !isnan(g.lo);
    g.upper95 = ana_jnum(a, "upper95");
    return g;
}

static void put_interval(AnaOutput *out, JsonObject *a, const char *metric, double window_s)
{
    AnaAggregate g = aggregate_of(a);
    GString *s = g_string_new(NULL);
    const char *why = g.n == 0 ? ana_jstr(a, "why_null") : NULL;
    if (why)                             /* the study cannot give it (fluid latency) */
        g_string_append(s, why);
    else
        ana_format_aggregate_interval(s, &g, metric, window_s > 0 ? window_s : 0);
    put_escaped(out, s->str);
    g_string_free(s, TRUE);
}

/* The CSS class that colours a verdict (expect: or compare's). */
static const char *verdict_class(const char *v)
{
    static const char *const map[][2] = {
        {"pass", "pass"}, {"fail", "fail"}, {"inconclusive", "inconclusive"},
        {"better", "better"}, {"worse", "worse"}, {"no significant change", "same"},
        {"within tolerance", "within"}, {"changed", "changed"},
    };
    for (gsize i = 0; v && i < G_N_ELEMENTS(map); i++)
        if (strcmp(v, map[i][0]) == 0)
            return map[i][1];
    return "other";
}

static void fact(AnaOutput *out, const char *what, const char *value)
{
    if (value == NULL || *value == '\0')
        return;
    put(out, "<tr><th>");
    put(out, what);
    put(out, "</th><td>");
    put_escaped(out, value);
    put(out, "</td></tr>\n");
}

static char *json_text(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    if (n == NULL || JSON_NODE_HOLDS_NULL(n))
        return NULL;
    if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
        return g_strdup(json_node_get_string(n));
    return json_to_string(n, FALSE);
}

static void header(const AnaHtmlReport *r, AnaOutput *out)
{
    const AnaInput *main = NULL;
    for (guint i = 0; i < r->inputs->len && !main; i++) {
        const AnaInput *in = g_ptr_array_index(r->inputs, i);
        if (in->kind != ANA_IN_COMPARE)
            main = in;
    }
    JsonObject *scn = main ? ana_jobj(main->top, "scenario") : NULL;
    put(out, "<header>\n<h1>");
    if (scn) {
        put_escaped(out, ana_jstr(scn, "name"));
    } else if (r->inputs->len == 0) {
        put(out, "hapgsim report");
    } else {
        /* only comparisons: the first one's two results */
        const AnaInput *c = g_ptr_array_index(r->inputs, 0);
        char *title = g_strdup_printf("%s vs %s", ana_jstr(c->top, "candidate"), ana_jstr(c->top, "base"));
        put_escaped(out, title);
        g_free(title);
    }
    put(out, "</h1>\n");
    if (r->description && *r->description) {
        put(out, "<p class=\"description\">");
        put_escaped(out, r->description);
        put(out, "</p>\n");
    }
    if (r->question && *r->question) {
        put(out, "<p class=\"question\">");
        put_escaped(out, r->question);
        put(out, "</p>\n");
    }
    put(out, "<table class=\"facts\" id=\"facts\">\n");
    if (main) {
        char *seed = json_text(main->top, "seed"), *reps = json_text(main->top, "replications");
        char *done = json_text(main->top, "completed"), *est = json_text(main->top, "estimator");
        fact(out, "hapgsim", ana_jstr(main->top, "hapgsim"));
        fact(out, "scenario sha256", ana_jstr(scn, "sha256"));
        fact(out, "seed", seed);
        fact(out, "estimator", est ? est : "mean over independent replications; Student's t 95 % "
                                           "interval, cut to the metric's range");
        if (reps) {
            char *text = done && strcmp(done, reps) != 0
                             ? g_strdup_printf("%s of %s (interrupted)", done, reps) : g_strdup(reps);
            fact(out, "replications", text);
            g_free(text);
        }
        if (r->duration_s >= 0) {
            char *w = g_strdup_printf("%g s .. %g s (warm-up, then %g s measured)", r->warmup_s,
                                      r->duration_s, r->duration_s - r->warmup_s);
            fact(out, "window", w);
            g_free(w);
        }
        g_free(seed);
        g_free(reps);
        g_free(done);
        g_free(est);
    }
    for (guint i = 0; i < r->inputs->len; i++) {
        const AnaInput *in = g_ptr_array_index(r->inputs, i);
        static const char *const kinds[] = {"run", "sweep", "comparison", "plan"};
        char *what = g_strdup_printf("%s (%s)", in->name, kinds[in->kind]);
        fact(out, "input", what);
        g_free(what);
    }
    put(out, "</table>\n</header>\n");
}

static double window_of(const AnaHtmlReport *r)
{
    return r->duration_s >= 0 ? r->duration_s - r->warmup_s : 0;
}

static void chart_div(AnaOutput *out, JsonNode *chart)
{
    JsonObject *o = json_node_get_object(chart);
    char *marks = json_to_string(json_object_get_member(o, "marks"), FALSE);
    put(out, "<figure class=\"chart-box\"><figcaption>");
    put_escaped(out, ana_jstr(o, "title"));
    put(out, "</figcaption><div class=\"chart\" id=\"");
    put_escaped(out, ana_jstr(o, "id"));
    put(out, "\" data-kind=\"");
    put_escaped(out, ana_jstr(o, "kind"));
    put(out, "\" data-marks=\"");
    put_escaped(out, marks);
    put(out, "\"></div></figure>\n");
    g_free(marks);
}

/* The charts added since `from`, in order. */
static void chart_divs(AnaOutput *out, GPtrArray *charts, guint from)
{
    for (guint i = from; i < charts->len; i++)
        chart_div(out, g_ptr_array_index(charts, i));
}

static void availability(const AnaHtmlReport *r, AnaOutput *out, JsonObject *metrics)
{
    static const char *const rows[] = {"availability.time", "unavailability.time", "availability.nines",
                                       "availability.requests", NULL};
    put(out, "<table class=\"availability\">\n<tr><th></th><th>mean</th><th>95 % interval</th></tr>\n");
    for (const char *const *m = rows; *m; m++) {
        JsonObject *a = ana_jobj(metrics, *m);
        if (a == NULL)
            continue;
        put(out, "<tr><th>");
        put(out, *m);
        put(out, "</th><td>");
        put_value(out, ana_jnum(a, "mean"));
        put(out, "</td><td>");
        put_interval(out, a, *m, window_of(r));
        put(out, "</td></tr>\n");
    }
    put(out, "</table>\n");
}

static void run_section(const AnaHtmlReport *r, AnaOutput *out, const AnaInput *in, const char *id,
                        GPtrArray *charts)
{
    JsonObject *metrics = ana_jobj(in->top, "metrics");
    JsonArray *expect = ana_jarr(in->top, "expect");
    put(out, "<h3>Availability</h3>\n");
    availability(r, out, metrics);
    put(out, "<h3>Metrics</h3>\n<table class=\"metrics\" id=\"");
    put(out, id);
    put(out, "-metrics\">\n<tr><th>metric</th><th>mean</th><th>95 % interval</th><th>n</th><th>expect</th></tr>\n");
    GList *names = json_object_get_members(metrics);
    for (GList *l = names; l; l = l->next) {
        JsonObject *a = ana_jobj(metrics, l->data);
        if (a == NULL)
            continue;
        const char *verdict = NULL;
        for (guint e = 0; expect && e < json_array_get_length(expect); e++) {
            JsonObject *x = ana_jarr_obj(expect, e);
            if (g_strcmp0(ana_jstr(x, "metric"), l->data) == 0) {
                const char *v = ana_jstr(x, "verdict");
                /* the worst of several bounds on one metric */
                if (verdict == NULL || g_strcmp0(v, "fail") == 0 ||
                    (g_strcmp0(v, "inconclusive") == 0 && g_strcmp0(verdict, "pass") == 0))
                    verdict = v;
            }
        }
        put(out, "<tr><td>");
        put_escaped(out, l->data);
        put(out, "</td><td class=\"num\">");
        put_value(out, ana_jnum(a, "mean"));
        put(out, "</td><td>");
        put_interval(out, a, l->data, window_of(r));
        put(out, "</td><td class=\"num\">");
        put_value(out, ana_jnum(a, "n"));
        put(out, "</td><td class=\"verdict ");
        put(out, verdict_class(verdict));
        put(out, "\">");
        put_escaped(out, verdict ? verdict : "");
        put(out, "</td></tr>\n");
    }
    g_list_free(names);
    put(out, "</table>\n");
    if (expect && json_array_get_length(expect) > 0) {
        put(out, "<h3>expect:</h3>\n<table class=\"expect\">\n<tr><th>metric</th><th>bound</th>"
                 "<th>verdict</th><th>interval</th></tr>\n");
        for (guint e = 0; e < json_array_get_length(expect); e++) {
            JsonObject *x = ana_jarr_obj(expect, e);
            double min = ana_jnum(x, "min"), max = ana_jnum(x, "max");
            GString *b = g_string_new(NULL);
            if (!isnan(min)) {
                g_string_append(b, "\u2265 ");
                ana_format_value(b, min);
            }
            if (!isnan(max)) {
                g_string_append(b, isnan(min) ? "\u2264 " : " and \u2264 ");
                ana_format_value(b, max);
            }
            put(out, "<tr><td>");
            put_escaped(out, ana_jstr(x, "metric"));
            put(out, "</td><td>");
            put_escaped(out, b->str);
            put(out, "</td><td class=\"verdict ");
            put(out, verdict_class(ana_jstr(x, "verdict")));
            put(out, "\">");
            put_escaped(out, ana_jstr(x, "verdict"));
            put(out, "</td><td>");
            put_interval(out, ana_jobj(x, "aggregate"), ana_jstr(x, "metric"), window_of(r));
            put(out, "</td></tr>\n");
            g_string_free(b, TRUE);
        }
        put(out, "</table>\n");
    }
    guint from = charts->len;
    ana_charts_run(r, in, id, charts);
    put(out, "<h3>Members, outages, latency</h3>\n");
    if (charts->len == from)
        put(out, "<p>Nothing to draw: no member uptime, outage or latency in these results.</p>\n");
    chart_divs(out, charts, from);
}

/* One row per point: its axis values, replications, and the metrics drawn. */
static void sweep_table(const AnaHtmlReport *r, AnaOutput *out, const AnaInput *in, const char *id)
{
    JsonArray *axes = ana_jarr(in->top, "axes"), *points = ana_jarr(in->top, "points");
    const char *const *metrics = ana_sweep_metrics(r);
    put(out, "<table class=\"sweep\" id=\"");
    put(out, id);
    put(out, "-points\">\n<tr><th>point</th>");
    for (guint a = 0; a < json_array_get_length(axes); a++) {
        put(out, "<th>");
        put_escaped(out, ana_jstr(ana_jarr_obj(axes, a), "path"));
        put(out, "</th>");
    }
    put(out, "<th>replications</th>");
    for (const char *const *m = metrics; *m; m++) {
        put(out, "<th>");
        put_escaped(out, *m);
        put(out, "</th>");
    }
    put(out, "</tr>\n");
    for (guint p = 0; p < json_array_get_length(points); p++) {
        JsonObject *pt = ana_jarr_obj(points, p), *pv = ana_jobj(pt, "values");
        char num[16];
        g_snprintf(num, sizeof num, "%u", p);
        put(out, "<tr><td class=\"num\">");
        put(out, num);
        put(out, "</td>");
        for (guint a = 0; a < json_array_get_length(axes); a++) {
            put(out, "<td>");
            put_escaped(out, ana_jstr(pv, ana_jstr(ana_jarr_obj(axes, a), "path")));
            put(out, "</td>");
        }
        put(out, "<td class=\"num\">");
        put_value(out, ana_jnum(pt, "replications"));
        put(out, "</td>");
        for (const char *const *m = metrics; *m; m++) {
            JsonObject *a = ana_jobj(ana_jobj(pt, "metrics"), *m);
            put(out, "<td>");
            put_value(out, ana_jnum(a, "mean"));
            put(out, "<br><small>");
            put_interval(out, a, *m, window_of(r));
            put(out, "</small></td>");
        }
        put(out, "</tr>\n");
    }
    put(out, "</table>\n");
}

static void compare_section(const AnaHtmlReport *r, AnaOutput *out, const AnaInput *in, const char *id,
                            GPtrArray *charts)
{
    put(out, "<p>Base <code>");
    put_escaped(out, ana_jstr(in->top, "base"));
    put(out, "</code>, candidate <code>");
    put_escaped(out, ana_jstr(in->top, "candidate"));
    put(out, "</code>; test: ");
    put_escaped(out, ana_jstr(in->top, "test"));
    put(out, ".</p>\n");
    guint from = charts->len;
    ana_charts_compare(r, in, id, charts);
    chart_divs(out, charts, from);
    put(out, "<table class=\"compare\" id=\"");
    put(out, id);
    put(out, "-table\">\n<tr><th>metric</th><th>base</th><th>candidate</th><th>difference</th>"
             "<th>interval</th><th>verdict</th></tr>\n");
    JsonArray *cmp = ana_jarr(in->top, "comparisons");
    for (guint i = 0; i < json_array_get_length(cmp); i++) {
        JsonObject *c = ana_jarr_obj(cmp, i);
        JsonArray *iv = ana_jarr(c, "interval");
        put(out, "<tr><td>");
        put_escaped(out, ana_jstr(c, "metric"));
        put(out, "</td><td class=\"num\">");
        put_value(out, ana_jnum(c, "base"));
        put(out, "</td><td class=\"num\">");
        put_value(out, ana_jnum(c, "candidate"));
        put(out, "</td><td class=\"num\">");
        put_value(out, ana_jnum(c, "difference"));
        put(out, "</td><td>");
        if (iv && json_array_get_length(iv) == 2) {
            GString *s = g_string_new(NULL);
            ana_format_interval(s, ana_jnum_node(json_array_get_element(iv, 0)),
                                ana_jnum_node(json_array_get_element(iv, 1)));
            put(out, s->str);
            g_string_free(s, TRUE);
        } else {
            put(out, "-");
        }
        const char *v = ana_jstr(c, "verdict");
        put(out, "</td><td class=\"verdict ");
        put(out, verdict_class(v));
        put(out, "\">");
        put_escaped(out, v);
        put(out, "</td></tr>\n");
    }
    put(out, "</table>\n");
}

/* What tells one run or sweep from another of the same study. */
static void section_facts(AnaOutput *out, const AnaInput *in)
{
    char *seed = json_text(in->top, "seed"), *reps = json_text(in->top, "replications");
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "scenario sha256 %.16s\u2026, seed %s",
                           ana_jstr(ana_jobj(in->top, "scenario"), "sha256"), seed ? seed : "?");
    if (reps)
        g_string_append_printf(s, ", %s replications", reps);
    JsonArray *pts = ana_jarr(in->top, "points");
    if (pts)
        g_string_append_printf(s, ", %u points", json_array_get_length(pts));
    put(out, "<p class=\"section-facts\">");
    put_escaped(out, s->str);
    put(out, "</p>\n");
    g_string_free(s, TRUE);
    g_free(seed);
    g_free(reps);
}

void ana_html_report_write(const AnaHtmlReport *r, AnaOutput *out)
{
    GPtrArray *charts = g_ptr_array_new_with_free_func((GDestroyNotify)json_node_unref);
    put(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:\">\n"
             "<meta name=\"generator\" content=\"hapgsim report\">\n<title>hapgsim report</title>\n<style>\n");
    ana_output_write(out, ana_report_css, ana_report_css_len);
    put(out, "</style>\n</head>\n<body>\n");
    header(r, out);
    static const char *const kinds[] = {"Run", "Sweep", "Comparison", "Plan"};
    for (guint i = 0; i < r->inputs->len; i++) {
        const AnaInput *in = g_ptr_array_index(r->inputs, i);
        char id[32];
        g_snprintf(id, sizeof id, "in%u", i + 1);
        put(out, "<section class=\"input\" id=\"");
        put(out, id);
        put(out, "\">\n<h2>");
        put(out, kinds[in->kind]);
        put(out, ": <code>");
        put_escaped(out, in->name);
        put(out, "</code></h2>\n");
        if (in->kind != ANA_IN_COMPARE)
            section_facts(out, in);
        if (in->kind == ANA_IN_RUN) {
            run_section(r, out, in, id, charts);
        } else if (in->kind == ANA_IN_SWEEP) {
            guint from = charts->len;
            ana_charts_sweep(r, in, id, charts);
            if (charts->len == from)
                put(out, "<p>Nothing to draw: none of the chosen metrics has a value.</p>\n");
            chart_divs(out, charts, from);
            sweep_table(r, out, in, id);
        } else if (in->kind == ANA_IN_PLAN) {
            ana_html_plan_section(out, in, id);
        } else {
            compare_section(r, out, in, id, charts);
        }
        put(out, "</section>\n");
    }
    {
        guint from = charts->len;
        ana_charts_latency_overlay(r, charts);
        if (charts->len > from) {
            put(out, "<section class=\"runs\" id=\"runs\">\n<h2>The runs side by side</h2>\n");
            chart_divs(out, charts, from);
            put(out, "</section>\n");
        }
    }
    if (r->timeline) {
        put(out, "<section class=\"timeline\" id=\"timeline-section\">\n<h2>Timeline</h2>\n"
                 "<p>Bars: each member's physical state, each client's slot and its view of each "
                 "member.  Marks: faults, detections, recovery attempts, synchronizations, operator "
                 "actions.</p>\n");
        g_ptr_array_add(charts, json_node_ref(r->timeline));
        chart_divs(out, charts, charts->len - 1);
        put(out, "</section>\n");
    }
    /* the charts' data; '<' escaped so that no "</script>" can end it early */
    JsonArray *all = json_array_new();
    for (guint i = 0; i < charts->len; i++)
        json_array_add_element(all, json_node_ref(g_ptr_array_index(charts, i)));
    JsonNode *node = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(node, all);
    char *data = json_to_string(node, FALSE);
    json_node_unref(node);
    put(out, "<script type=\"application/json\" id=\"hapgsim-data\">");
    for (const char *p = data; *p; p++) {
        const char *lt = strchr(p, '<');
        if (lt == NULL) {
            put(out, p);
            break;
        }
        ana_output_write(out, p, (size_t)(lt - p));
        put(out, "\\u003c");
        p = lt;
    }
    put(out, "</script>\n");
    g_free(data);
    put_script(out, ana_vega_js, ana_vega_js_len);
    put_script(out, ana_vega_lite_js, ana_vega_lite_js_len);
    put_script(out, ana_report_js, ana_report_js_len);
    put(out, "</body>\n</html>\n");
    g_ptr_array_free(charts, TRUE);
}
