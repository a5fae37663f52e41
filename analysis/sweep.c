/* analysis/sweep.c - sweep results: tables, CSV, JSON, resume. */
#include "analysis/sweep.h"

#include "analysis/json-private.h"

#include <math.h>
#include <string.h>

#define SWEEP_ERROR (g_quark_from_static_string("ana-sweep-error"))

AnaSweep *ana_sweep_new(guint n_axes, const char *const *paths, const char *const *const *values)
{
    AnaSweep *s = g_new0(AnaSweep, 1);
    s->n_axes = n_axes;
    s->paths = g_new0(char *, n_axes + 1);
    s->counts = g_new0(guint, n_axes ? n_axes : 1);
    s->values = g_new0(char **, n_axes + 1);
    s->n_points = 1;
    for (guint a = 0; a < n_axes; a++) {
        s->paths[a] = g_strdup(paths[a]);
        while (values[a][s->counts[a]])
            s->counts[a]++;
        s->values[a] = g_new0(char *, s->counts[a] + 1);
        for (guint i = 0; i < s->counts[a]; i++)
            s->values[a][i] = g_strdup(values[a][i]);
        s->n_points *= s->counts[a];
    }
    s->runs = g_new0(AnaRun *, s->n_points ? s->n_points : 1);
    return s;
}

void ana_sweep_free(AnaSweep *s)
{
    if (s == NULL)
        return;
    g_strfreev(s->paths);
    g_free(s->counts);
    for (guint a = 0; a < s->n_axes; a++)
        g_strfreev(s->values[a]);
    g_free(s->values);
    for (guint p = 0; p < s->n_points; p++)
        ana_run_free(s->runs[p]);
    g_free(s->runs);
    g_free(s);
}

void ana_sweep_point_indices(const AnaSweep *s, guint p, guint *indices)
{
    for (guint a = s->n_axes; a-- > 0;) {
        indices[a] = p % s->counts[a];
        p /= s->counts[a];
    }
}

/* Point p's value of each axis: values[a] for axis a (borrowed). */
static void point_values(const AnaSweep *s, guint p, guint *idx, const char **values)
{
    ana_sweep_point_indices(s, p, idx);
    for (guint a = 0; a < s->n_axes; a++)
        values[a] = s->values[a][idx[a]];
}

gboolean ana_sweep_point_complete(const AnaSweep *s, guint p)
{
    return s->runs[p] && s->runs[p]->completed == s->runs[p]->n;
}

static const char *const default_metrics[] = {
    "availability.time", "outage.total_s", "recovery.time_to_rejoin_s", "latency.p99_ms",
    "throughput.ops_s", NULL};

/* "mean [lo, hi]", or "-" when the metric has no value */
static char *cell(const AnaRun *run, const char *metric)
{
    int i = ana_metric_set_find(run->metrics, metric);
    if (i < 0)
        return g_strdup("-");
    AnaAggregate ag;
    ana_run_aggregate(run, (guint)i, &ag);
    if (isnan(ag.mean))
        return g_strdup("-");
    GString *c = g_string_new(NULL);
    if (isnan(ag.lo)) {
        ana_format_value(c, ag.mean);
        if (ag.n >= 2 && !ag.estimable)
            g_string_append(c, " (not estimable)");   /* every replication equal */
    } else
        ana_format_estimate(c, ag.mean, ag.lo, ag.hi);
    return g_string_free(c, FALSE);
}

char *ana_sweep_text(const AnaSweep *s, const AnaReportInfo *info, const char *const *metrics)
{
    if (metrics == NULL || metrics[0] == NULL)
        metrics = default_metrics;
    guint n_metrics = 0;
    while (metrics[n_metrics])
        n_metrics++;
    guint cols = 1 + s->n_axes + n_metrics, rows = s->n_points + 1;
    char **t = g_new0(char *, (size_t)cols * rows);
    t[0] = g_strdup("point");
    for (guint a = 0; a < s->n_axes; a++)
        t[1 + a] = g_strdup(s->paths[a]);
    for (guint m = 0; m < n_metrics; m++)
        t[1 + s->n_axes + m] = g_strdup_printf("%s [95%% interval]", metrics[m]);
    guint done = 0;
    guint *idx = g_new(guint, s->n_axes + 1);
    const char **values = g_new(const char *, s->n_axes + 1);
    for (guint p = 0; p < s->n_points; p++) {
        char **row = &t[(size_t)(p + 1) * cols];
        gboolean complete = ana_sweep_point_complete(s, p);
        done += complete;
        row[0] = g_strdup_printf("%u", p);
        point_values(s, p, idx, values);
        for (guint a = 0; a < s->n_axes; a++)
            row[1 + a] = g_strdup(values[a]);
        for (guint m = 0; m < n_metrics; m++)
            row[1 + s->n_axes + m] = complete ? cell(s->runs[p], metrics[m]) : g_strdup("(not run)");
    }
    g_free(idx);
    g_free(values);
    size_t *width = g_new0(size_t, cols);
    for (guint r = 0; r < rows; r++)
        for (guint c = 0; c < cols; c++)
            width[c] = MAX(width[c], g_utf8_strlen(t[(size_t)r * cols + c], -1));
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "hapgsim %s: %s, sweep of %u points%s, seed %" G_GUINT64_FORMAT "\n\n",
                           info->version, info->scenario_name, s->n_points,
                           done < s->n_points ? " (incomplete)" : "", info->seed);
    for (guint r = 0; r < rows; r++) {
        for (guint c = 0; c < cols; c++) {
            const char *v = t[(size_t)r * cols + c];
            size_t pad = width[c] - g_utf8_strlen(v, -1);
            if (c == 0) {                          /* the point number, right-aligned */
                g_string_append_printf(out, "%*s%s", (int)pad, "", v);
            } else {
                g_string_append_printf(out, "  %s", v);
                if (c + 1 < cols)
                    g_string_append_printf(out, "%*s", (int)pad, "");
            }
        }
        g_string_append_c(out, '\n');
    }
    for (size_t k = 0; k < (size_t)cols * rows; k++)
        g_free(t[k]);
    g_free(t);
    g_free(width);
    return g_string_free(out, FALSE);
}

char *ana_sweep_csv(const AnaSweep *s)
{
    GString *out = g_string_new("point,replication,metric,value\n");
    guint *idx = g_new(guint, s->n_axes + 1);
    const char **values = g_new(const char *, s->n_axes + 1);
    for (guint p = 0; p < s->n_points; p++) {
        if (!ana_sweep_point_complete(s, p))
            continue;
        point_values(s, p, idx, values);
        for (guint a = 0; a < s->n_axes; a++)
            g_string_append_printf(out, "%u,,sweep.%s,%s\n", p, s->paths[a], values[a]);
        char *rows = ana_report_csv(s->runs[p], p, FALSE);
        g_string_append(out, rows);
        g_free(rows);
    }
    /* the points that did not finish (interrupted), so that the file does not pass
     * for a complete sweep */
    for (guint p = 0; p < s->n_points; p++)
        if (!ana_sweep_point_complete(s, p))
            g_string_append_printf(out, "%u,,%s\n", p, ANA_CSV_INTERRUPTED);
    g_free(idx);
    g_free(values);
    return g_string_free(out, FALSE);
}

/* Whether values[i] is among values[0 .. i - 1]. */
static gboolean seen_before(char *const *values, guint i)
{
    for (guint j = 0; j < i; j++)
        if (strcmp(values[j], values[i]) == 0)
            return TRUE;
    return FALSE;
}

char *ana_sweep_json(const AnaSweep *s, const AnaReportInfo *info)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    ana_json_header(b, info);
    guint done = 0;
    for (guint p = 0; p < s->n_points; p++)
        done += ana_sweep_point_complete(s, p);
    json_builder_set_member_name(b, "complete");
    json_builder_add_boolean_value(b, done == s->n_points);
    json_builder_set_member_name(b, "axes");
    json_builder_begin_array(b);
    for (guint a = 0; a < s->n_axes; a++) {
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "path");
        json_builder_add_string_value(b, s->paths[a]);
        json_builder_set_member_name(b, "values");
        json_builder_begin_array(b);
        /* the axis's values, each once (a value given twice is two points, one value) */
        for (guint i = 0; s->n_points > 0 && i < s->counts[a]; i++)
            if (!seen_before(s->values[a], i))
                json_builder_add_string_value(b, s->values[a][i]);
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "points");
    json_builder_begin_array(b);
    guint *idx = g_new(guint, s->n_axes + 1);
    const char **values = g_new(const char *, s->n_axes + 1);
    for (guint p = 0; p < s->n_points; p++) {
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "point");
        json_builder_add_int_value(b, p);
        json_builder_set_member_name(b, "values");
        json_builder_begin_object(b);
        point_values(s, p, idx, values);
        for (guint a = 0; a < s->n_axes; a++) {
            json_builder_set_member_name(b, s->paths[a]);
            json_builder_add_string_value(b, values[a]);
        }
        json_builder_end_object(b);
        gboolean complete = ana_sweep_point_complete(s, p);
        json_builder_set_member_name(b, "complete");
        json_builder_add_boolean_value(b, complete);
        if (complete) {
            json_builder_set_member_name(b, "replications");
            json_builder_add_int_value(b, s->runs[p]->n);
            ana_json_run(b, s->runs[p], info->seed);
        }
        json_builder_end_object(b);
    }
    g_free(idx);
    g_free(values);
    json_builder_end_array(b);
    json_builder_end_object(b);
    return ana_json_finish(b);
}

int ana_sweep_resume(AnaSweep *s, const char *path, const char *sha256,
                     const MdlConfig *const *configs, gboolean timing, GError **error)
{
    JsonParser *parser = json_parser_new();
    int taken = -1;
    if (!json_parser_load_from_file(parser, path, error)) {
        g_prefix_error(error, "--resume: %s: ", path);
        goto out;
    }
    JsonNode *root = json_parser_get_root(parser);       /* NULL for an empty file */
    JsonObject *top = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    JsonObject *scn = top && json_object_has_member(top, "scenario") ? json_object_get_object_member(top, "scenario") : NULL;
    JsonArray *points = top && json_object_has_member(top, "points") ? json_object_get_array_member(top, "points") : NULL;
    if (!scn || !points) {
        g_set_error(error, SWEEP_ERROR, 1, "--resume: %s is not the JSON of a sweep", path);
        goto out;
    }
    if (g_strcmp0(json_object_get_string_member_with_default(scn, "sha256", ""), sha256) != 0) {
        g_set_error(error, SWEEP_ERROR, 2, "--resume: %s comes from another scenario (or other "
                    "--set/--sweep/-r/-s options): its sha256 differs", path);
        goto out;
    }
    if (json_array_get_length(points) != s->n_points) {
        g_set_error(error, SWEEP_ERROR, 3, "--resume: %s has %u points, this sweep %u", path,
                    json_array_get_length(points), s->n_points);
        goto out;
    }
    taken = 0;
    for (guint p = 0; p < s->n_points; p++) {
        JsonObject *po = json_array_get_object_element(points, p);
        if (!json_object_get_boolean_member_with_default(po, "complete", FALSE))
            continue;
        JsonArray *reps = json_object_get_array_member(po, "per_replication");
        guint n = reps ? json_array_get_length(reps) : 0;
        guint first = n ? (guint)json_object_get_int_member_with_default(
                              json_array_get_object_element(reps, 0), "replication", 0) : 0;
        AnaRun *run = ana_run_new(configs[p], first, n, timing);
        run->completed = n;
        for (guint r = 0; r < n; r++) {
            JsonObject *ro = json_array_get_object_element(reps, r);
            run->done[r] = TRUE;
            JsonObject *m = json_object_get_object_member(ro, "metrics");
            for (guint i = 0; m && i < run->metrics->n; i++) {
                JsonNode *v = json_object_get_member(m, run->metrics->names[i]);
                if (v && JSON_NODE_HOLDS_VALUE(v))
                    run->values[(size_t)r * run->metrics->n + i] = json_node_get_double(v);
            }
        }
        ana_run_free(s->runs[p]);
        s->runs[p] = run;
        taken++;
    }
out:
    g_object_unref(parser);
    return taken;
}
