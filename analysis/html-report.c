/* analysis/html-report.c - the report's inputs: reading and checking results; the
 * summary CSV. */
#include "analysis/html-report-private.h"

#include "analysis/json-private.h"
#include "analysis/json-read.h"
#include "analysis/report.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK(ana-html-report-error, ana_html_error)

static void input_free(gpointer p)
{
    AnaInput *in = p;
    g_free(in->name);
    g_clear_object(&in->parser);
    g_free(in);
}

AnaHtmlReport *ana_html_report_new(void)
{
    AnaHtmlReport *r = g_new0(AnaHtmlReport, 1);
    r->inputs = g_ptr_array_new_with_free_func(input_free);
    r->warmup_s = r->duration_s = -1;
    return r;
}

void ana_html_report_free(AnaHtmlReport *r)
{
    if (r == NULL)
        return;
    g_ptr_array_free(r->inputs, TRUE);
    g_free(r->description);
    g_free(r->question);
    g_strfreev(r->metrics);
    if (r->timeline)
        json_node_unref(r->timeline);
    g_free(r);
}

void ana_html_report_set_scenario(AnaHtmlReport *r, const char *description, const char *question,
                                  double warmup_s, double duration_s)
{
    g_free(r->description);
    g_free(r->question);
    r->description = g_strdup(description);
    r->question = g_strdup(question);
    r->warmup_s = warmup_s;
    r->duration_s = duration_s;
}

void ana_html_report_set_metrics(AnaHtmlReport *r, const char *const *metrics)
{
    g_strfreev(r->metrics);
    r->metrics = NULL;
    if (metrics && metrics[0]) {
        guint n = 0;
        while (metrics[n])
            n++;
        r->metrics = g_new0(char *, n + 1);
        for (guint i = 0; i < n; i++)
            r->metrics[i] = g_strdup(metrics[i]);
    }
}

/* ---- JSON look-ups ---- */

JsonObject *ana_jobj(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

JsonArray *ana_jarr(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

const char *ana_jstr(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
               ? json_node_get_string(n) : NULL;
}

JsonObject *ana_jarr_obj(JsonArray *a, guint i)
{
    JsonNode *n = a && i < json_array_get_length(a) ? json_array_get_element(a, i) : NULL;
    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

JsonArray *ana_jarr_arr(JsonArray *a, guint i)
{
    JsonNode *n = a && i < json_array_get_length(a) ? json_array_get_element(a, i) : NULL;
    return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

const char *ana_jarr_str(JsonArray *a, guint i)
{
    JsonNode *n = a && i < json_array_get_length(a) ? json_array_get_element(a, i) : NULL;
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
               ? json_node_get_string(n) : NULL;
}

double ana_jnum_node(JsonNode *n)
{
    if (n == NULL || !JSON_NODE_HOLDS_VALUE(n))
        return NAN;
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_DOUBLE || t == G_TYPE_INT64)
        return json_node_get_double(n);
    return NAN;
}

int ana_jbool(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    if (n == NULL || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_BOOLEAN)
        return -1;
    return json_node_get_boolean(n) ? 1 : 0;
}

double ana_jnum(JsonObject *o, const char *name)
{
    return ana_jnum_node(o ? json_object_get_member(o, name) : NULL);
}

void ana_jaggregate(JsonObject *a, double *mean, double *sd, double *lo, double *hi, double *n)
{
    *mean = ana_jnum(a, "mean");
    *sd = ana_jnum(a, "stddev");
    *n = ana_jnum(a, "n");
    JsonArray *ci = ana_jarr(a, "ci95");
    gboolean two = ci && json_array_get_length(ci) == 2;
    *lo = two ? ana_jnum_node(json_array_get_element(ci, 0)) : NAN;
    *hi = two ? ana_jnum_node(json_array_get_element(ci, 1)) : NAN;
}

/* ---- checking an input ---- */

static gboolean fail(GError **error, const char *name, const char *format, ...) G_GNUC_PRINTF(3, 4);
static gboolean fail(GError **error, const char *name, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    char *what = g_strdup_vprintf(format, ap);
    va_end(ap);
    g_set_error(error, ANA_HTML_ERROR, 0, "%s: %s", name, what);
    g_free(what);
    return FALSE;
}

/* metrics: {NAME: aggregate object or null} */
static gboolean check_metrics(JsonObject *o, const char *name, const char *where, GError **error)
{
    JsonObject *m = ana_jobj(o, "metrics");
    if (m == NULL)
        return fail(error, name, "%s has no \"metrics\" object", where);
    GList *members = json_object_get_members(m);
    gboolean ok = TRUE;
    for (GList *l = members; l && ok; l = l->next) {
        JsonNode *n = json_object_get_member(m, l->data);
        if (!JSON_NODE_HOLDS_NULL(n) && !JSON_NODE_HOLDS_OBJECT(n))
            ok = fail(error, name, "%s: metric \"%s\" is not an aggregate object", where,
                      (const char *)l->data);
    }
    g_list_free(members);
    return ok;
}

/* latency_histogram: {"buckets": [[lower, width, count]...]}; its absence means an
 * older version wrote the file */
static gboolean check_one_histogram(JsonObject *o, const char *member, const char *name,
                                    const char *where, GError **error);
static gboolean check_histogram(JsonObject *o, const char *name, const char *where, GError **error)
{
    if (json_object_get_member(o, "latency_histogram") == NULL)
        return fail(error, name, "%s has no latency histogram: the file was written by an older "
                    "hapgsim (%s); run the study again with this version to report it",
                    where, ana_jstr(o, "hapgsim") ? ana_jstr(o, "hapgsim") : "version unknown");
    static const char *const all[] = {"latency_histogram", "outage_histogram", "rejoin_histogram"};
    for (gsize i = 0; i < G_N_ELEMENTS(all); i++)
        if (json_object_get_member(o, all[i]) && !check_one_histogram(o, all[i], name, where, error))
            return FALSE;
    return TRUE;
}

static gboolean check_one_histogram(JsonObject *o, const char *member, const char *name,
                                    const char *where, GError **error)
{
    JsonNode *hn = json_object_get_member(o, member);
    JsonArray *b = ana_jarr(JSON_NODE_HOLDS_OBJECT(hn) ? json_node_get_object(hn) : NULL, "buckets");
    if (b == NULL)
        return fail(error, name, "%s: \"%s\" has no \"buckets\" array", where, member);
    for (guint i = 0; i < json_array_get_length(b); i++) {
        JsonNode *e = json_array_get_element(b, i);
        JsonArray *t = JSON_NODE_HOLDS_ARRAY(e) ? json_node_get_array(e) : NULL;
        if (t == NULL || json_array_get_length(t) != 3 ||
            !(ana_jnum_node(json_array_get_element(t, 0)) >= 0) ||
            !(ana_jnum_node(json_array_get_element(t, 1)) > 0) ||
            !(ana_jnum_node(json_array_get_element(t, 2)) >= 0))
            return fail(error, name, "%s: %s bucket %u is not [lower, width, count]", where,
                        member, i);
    }
    return TRUE;
}

static gboolean check_scenario(JsonObject *top, const char *name, GError **error)
{
    if (ana_jstr(top, "hapgsim") == NULL)
        return fail(error, name, "no \"hapgsim\" version: not a result written by hapgsim");
    JsonObject *s = ana_jobj(top, "scenario");
    if (s == NULL || ana_jstr(s, "name") == NULL || ana_jstr(s, "sha256") == NULL)
        return fail(error, name, "no \"scenario\" with a name and sha256: not a result written by hapgsim");
    return TRUE;
}

static gboolean check_run(JsonObject *top, const char *name, GError **error)
{
    if (!check_scenario(top, name, error) || !check_metrics(top, name, "the run", error))
        return FALSE;
    if (ana_jarr(top, "per_replication") == NULL)
        return fail(error, name, "no \"per_replication\" array");
    return check_histogram(top, name, "the run", error);
}

static gboolean check_sweep(JsonObject *top, const char *name, GError **error)
{
    if (!check_scenario(top, name, error))
        return FALSE;
    JsonArray *axes = ana_jarr(top, "axes"), *points = ana_jarr(top, "points");
    for (guint a = 0; a < json_array_get_length(axes); a++) {
        JsonNode *n = json_array_get_element(axes, a);
        JsonObject *ax = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        if (ana_jstr(ax, "path") == NULL || ana_jarr(ax, "values") == NULL)
            return fail(error, name, "sweep axis %u has no \"path\" and \"values\"", a);
    }
    for (guint p = 0; p < json_array_get_length(points); p++) {
        JsonNode *n = json_array_get_element(points, p);
        JsonObject *pt = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        char *where = g_strdup_printf("sweep point %u", p);
        gboolean ok = pt && ana_jobj(pt, "values") != NULL;
        if (!ok)
            fail(error, name, "%s has no \"values\" object", where);
        ok = ok && check_metrics(pt, name, where, error) && check_histogram(pt, name, where, error);
        g_free(where);
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

static gboolean check_compare(JsonObject *top, const char *name, GError **error)
{
    JsonArray *c = ana_jarr(top, "comparisons");
    for (guint i = 0; i < json_array_get_length(c); i++) {
        JsonNode *n = json_array_get_element(c, i);
        JsonObject *o = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        if (ana_jstr(o, "metric") == NULL || ana_jstr(o, "verdict") == NULL)
            return fail(error, name, "comparison %u has no \"metric\" and \"verdict\"", i);
    }
    return TRUE;
}

/* Whether the text is one JSON object and nothing more (whitespace around it): json-glib
 * reads several values in a row (JSON Lines, say) and loses all but the last, leaking
 * them, so such a text is refused before it is parsed. */
static gboolean one_object(const char *d, gsize n)
{
    gsize i = 0;
    while (i < n && g_ascii_isspace(d[i]))
        i++;
    if (i == n || d[i] != '{')
        return FALSE;
    int depth = 0;
    gboolean in_string = FALSE;
    for (; i < n; i++) {
        char c = d[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = FALSE;
        } else if (c == '"') {
            in_string = TRUE;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            break;
        }
    }
    for (i++; i < n; i++)
        if (!g_ascii_isspace(d[i]))
            return FALSE;
    return TRUE;
}

gboolean ana_html_report_add(AnaHtmlReport *r, const char *name, const char *data, gssize len,
                             GError **error)
{
    gsize n = len < 0 ? strlen(data) : (gsize)len;
    if (!one_object(data, n))
        return fail(error, name, "not a hapgsim result (one JSON object, as run, sweep and compare "
                    "write)");
    if (!ana_json_depth_ok(data, n, ANA_JSON_MAX_DEPTH_READ))
        return fail(error, name, "JSON nested deeper than %d: not a hapgsim result", ANA_JSON_MAX_DEPTH_READ);
    JsonParser *parser = json_parser_new_immutable();
    GError *perr = NULL;
    if (!json_parser_load_from_data(parser, data, (gssize)n, &perr)) {
        fail(error, name, "not JSON: %s", perr->message);
        g_error_free(perr);
        g_object_unref(parser);
        return FALSE;
    }
    JsonNode *root = json_parser_get_root(parser);
    JsonObject *top = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    AnaInputKind kind = ANA_IN_RUN;
    gboolean ok;
    if (top && ana_jarr(top, "comparisons") && ana_jstr(top, "base") && ana_jstr(top, "candidate")) {
        kind = ANA_IN_COMPARE;
        ok = check_compare(top, name, error);
    } else if (top && ana_jarr(top, "axes") && ana_jarr(top, "points")) {
        kind = ANA_IN_SWEEP;
        ok = check_sweep(top, name, error);
    } else if (top && ana_jobj(top, "plan") && ana_jarr(top, "candidates")) {
        kind = ANA_IN_PLAN;
        GError *plan_err = NULL;
        ok = check_scenario(top, name, error) && ana_html_check_plan(top, name, &plan_err);
        if (!ok && plan_err)
            g_propagate_error(error, plan_err);
        else if (!ok && error && *error == NULL)
            fail(error, name, "not a complete plan (the JSON of hapgsim plan)");
    } else if (top && ana_jobj(top, "metrics") && json_object_has_member(top, "per_replication")) {
        kind = ANA_IN_RUN;
        ok = check_run(top, name, error);
    } else {
        ok = fail(error, name, "not a hapgsim result (the JSON of run, sweep, compare or plan)");
    }
    /* one study per report: the same scenario name (variants made with --set, or a
     * sweep of it, have other sha256s, and are shown side by side) */
    for (guint i = 0; ok && kind != ANA_IN_COMPARE && i < r->inputs->len; i++) {
        const AnaInput *other = g_ptr_array_index(r->inputs, i);
        if (other->kind == ANA_IN_COMPARE)
            continue;
        JsonObject *a = ana_jobj(top, "scenario"), *b = ana_jobj(other->top, "scenario");
        if (g_strcmp0(ana_jstr(a, "name"), ana_jstr(b, "name")) != 0)
            ok = fail(error, name, "scenario \"%s\" is not the scenario of %s (\"%s\"): one report "
                      "covers one scenario (and its variants)", ana_jstr(a, "name"), other->name,
                      ana_jstr(b, "name"));
    }
    if (!ok) {
        g_object_unref(parser);
        return FALSE;
    }
    AnaInput *in = g_new0(AnaInput, 1);
    in->name = g_strdup(name);
    in->kind = kind;
    in->parser = parser;
    in->top = top;
    g_ptr_array_add(r->inputs, in);
    return TRUE;
}

static const AnaInput *first_run(const AnaHtmlReport *r)
{
    for (guint i = 0; i < r->inputs->len; i++) {
        const AnaInput *in = g_ptr_array_index(r->inputs, i);
        if (in->kind == ANA_IN_RUN)
            return in;
    }
    return NULL;
}

const char *ana_html_report_yaml(const AnaHtmlReport *r)
{
    for (guint i = 0; i < r->inputs->len; i++) {
        const AnaInput *in = g_ptr_array_index(r->inputs, i);
        const char *yaml = in->kind != ANA_IN_COMPARE ? ana_jstr(ana_jobj(in->top, "scenario"), "yaml") : NULL;
        if (yaml && *yaml)
            return yaml;
    }
    return NULL;
}

const char *ana_html_report_run_yaml(const AnaHtmlReport *r, const char **sha256, const char **seed)
{
    const AnaInput *in = first_run(r);
    JsonObject *s = in ? ana_jobj(in->top, "scenario") : NULL;
    const char *yaml = ana_jstr(s, "yaml");
    *sha256 = ana_jstr(s, "sha256");
    *seed = NULL;
    if (in) {
        static char text[32];
        JsonNode *n = json_object_get_member(in->top, "seed");
        if (n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_INT64) {
            g_snprintf(text, sizeof text, "%" G_GINT64_FORMAT, json_node_get_int(n));
            *seed = text;
        } else {
            *seed = ana_jstr(in->top, "seed");
        }
    }
    return yaml && *yaml ? yaml : NULL;
}

gboolean ana_html_report_run_has(const AnaHtmlReport *r, guint k, const char *seed)
{
    const AnaInput *in = first_run(r);
    JsonArray *reps = in ? ana_jarr(in->top, "per_replication") : NULL;
    for (guint i = 0; reps && i < json_array_get_length(reps); i++) {
        JsonNode *n = json_array_get_element(reps, i);
        JsonObject *o = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        if (ana_jnum(o, "replication") == (double)k)
            return g_strcmp0(ana_jstr(o, "seed"), seed) == 0;
    }
    return FALSE;
}

/* ---- the summary CSV ---- */

static void csv_num(GString *s, double v)
{
    g_string_append_c(s, ',');
    if (!isnan(v) && !isinf(v)) {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_ascii_formatd(buf, sizeof buf, "%.17g", v);
        g_string_append(s, buf);
    }
}

static void csv_rows(AnaOutput *out, const char *file, const char *point, const char *const *axis_values,
                     guint n_axes, JsonObject *metrics)
{
    GString *s = g_string_new(NULL);
    GList *names = json_object_get_members(metrics);
    for (GList *l = names; l; l = l->next) {
        g_string_truncate(s, 0);
        ana_csv_field(s, file);
        g_string_append_c(s, ',');
        g_string_append(s, point);
        for (guint a = 0; a < n_axes; a++) {
            g_string_append_c(s, ',');
            ana_csv_field(s, axis_values[a] ? axis_values[a] : "");
        }
        g_string_append_c(s, ',');
        ana_csv_field(s, l->data);
        double mean, sd, lo, hi, n;
        ana_jaggregate(ana_jobj(metrics, l->data), &mean, &sd, &lo, &hi, &n);
        csv_num(s, mean);
        csv_num(s, sd);
        csv_num(s, lo);
        csv_num(s, hi);
        csv_num(s, n);
        g_string_append_c(s, '\n');
        ana_output_write(out, s->str, s->len);
    }
    g_list_free(names);
    g_string_free(s, TRUE);
}

void ana_html_report_csv_write(const AnaHtmlReport *r, AnaOutput *out)
{
    /* the axis columns: every sweep's axes, in the order first seen */
    GPtrArray *axes = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < r->inputs->len; i++) {
        const AnaInput *in = g_ptr_array_index(r->inputs, i);
        JsonArray *ax = in->kind == ANA_IN_SWEEP ? ana_jarr(in->top, "axes") : NULL;
        for (guint a = 0; ax && a < json_array_get_length(ax); a++) {
            const char *path = ana_jstr(ana_jarr_obj(ax, a), "path");
            gboolean seen = FALSE;
            for (guint k = 0; k < axes->len; k++)
                seen = seen || strcmp(g_ptr_array_index(axes, k), path) == 0;
            if (!seen)
                g_ptr_array_add(axes, g_strdup(path));
        }
    }
    GString *head = g_string_new("file,point");
    for (guint k = 0; k < axes->len; k++) {
        g_string_append_c(head, ',');
        ana_csv_field(head, g_ptr_array_index(axes, k));
    }
    g_string_append(head, ",metric,mean,stddev,lower,upper,n\n");
    ana_output_write(out, head->str, head->len);
    g_string_free(head, TRUE);
    const char **values = g_new0(const char *, axes->len + 1);
    for (guint i = 0; i < r->inputs->len; i++) {
        const AnaInput *in = g_ptr_array_index(r->inputs, i);
        if (in->kind == ANA_IN_RUN) {
            memset(values, 0, sizeof(char *) * axes->len);
            csv_rows(out, in->name, "", values, axes->len, ana_jobj(in->top, "metrics"));
        } else if (in->kind == ANA_IN_SWEEP) {
            JsonArray *pts = ana_jarr(in->top, "points");
            for (guint p = 0; p < json_array_get_length(pts); p++) {
                JsonObject *pt = ana_jarr_obj(pts, p);
                JsonObject *pv = ana_jobj(pt, "values");
                for (guint k = 0; k < axes->len; k++)
                    values[k] = ana_jstr(pv, g_ptr_array_index(axes, k));
                char num[16];
                g_snprintf(num, sizeof num, "%u", p);
                csv_rows(out, in->name, num, values, axes->len, ana_jobj(pt, "metrics"));
            }
        }
    }
    g_free(values);
    g_ptr_array_free(axes, TRUE);
}
