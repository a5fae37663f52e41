/* analysis/sweep.c - sweep results: tables, CSV, JSON, resume. */
#include "analysis/sweep.h"

#include "analysis/json-private.h"
#include "analysis/json-read.h"
#include "sim/rng.h"

#include <json-glib/json-glib.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

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
            width[c] = MAX(width[c], (size_t)g_utf8_strlen(t[(size_t)r * cols + c], -1));
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

void ana_sweep_csv_write(AnaOutput *out, const AnaSweep *s)
{
    ana_output_puts(out, "point,replication,metric,value\n");
    guint *idx = g_new(guint, s->n_axes + 1);
    const char **values = g_new(const char *, s->n_axes + 1);
    GString *line = g_string_new(NULL);
    for (guint p = 0; p < s->n_points; p++) {
        if (!ana_sweep_point_complete(s, p))
            continue;
        point_values(s, p, idx, values);
        for (guint a = 0; a < s->n_axes; a++) {
            char *metric = g_strconcat("sweep.", s->paths[a], NULL);
            g_string_printf(line, "%u,,", p);
            ana_csv_field(line, metric);
            g_string_append_c(line, ',');
            ana_csv_field(line, values[a]);
            g_string_append_c(line, '\n');
            ana_output_write(out, line->str, line->len);
            g_free(metric);
        }
        ana_report_csv_write(out, s->runs[p], p, FALSE);
    }
    /* the points that did not finish (interrupted), so that the file does not pass
     * for a complete sweep */
    for (guint p = 0; p < s->n_points; p++)
        if (!ana_sweep_point_complete(s, p))
            ana_output_printf(out, "%u,,%s\n", p, ANA_CSV_INTERRUPTED);
    g_string_free(line, TRUE);
    g_free(idx);
    g_free(values);
}

char *ana_sweep_csv(const AnaSweep *s)
{
    AnaOutput *out = ana_output_new_memory();
    ana_sweep_csv_write(out, s);
    return ana_output_steal(out);
}

/* Whether values[i] is among values[0 .. i - 1]. */
static gboolean seen_before(char *const *values, guint i)
{
    for (guint j = 0; j < i; j++)
        if (strcmp(values[j], values[i]) == 0)
            return TRUE;
    return FALSE;
}

void ana_sweep_json_write(AnaOutput *out, const AnaSweep *s, const AnaReportInfo *info)
{
    AnaJson w;
    ana_json_init(&w, out);
    ana_json_begin_object(&w);
    ana_json_header(&w, info);
    guint done = 0;
    for (guint p = 0; p < s->n_points; p++)
        done += ana_sweep_point_complete(s, p);
    ana_json_member(&w, "complete");
    ana_json_bool(&w, done == s->n_points);
    ana_json_member(&w, "axes");
    ana_json_begin_array(&w);
    for (guint a = 0; a < s->n_axes; a++) {
        ana_json_begin_object(&w);
        ana_json_member(&w, "path");
        ana_json_string(&w, s->paths[a]);
        ana_json_member(&w, "values");
        ana_json_begin_array(&w);
        /* the axis's values, each once (a value given twice is two points, one value) */
        for (guint i = 0; s->n_points > 0 && i < s->counts[a]; i++)
            if (!seen_before(s->values[a], i))
                ana_json_string(&w, s->values[a][i]);
        ana_json_end_array(&w);
        ana_json_end_object(&w);
    }
    ana_json_end_array(&w);
    ana_json_member(&w, "points");
    ana_json_begin_array(&w);
    guint *idx = g_new(guint, s->n_axes + 1);
    const char **values = g_new(const char *, s->n_axes + 1);
    for (guint p = 0; p < s->n_points; p++) {
        ana_json_begin_object(&w);
        ana_json_member(&w, "point");
        ana_json_int(&w, p);
        ana_json_member(&w, "values");
        ana_json_begin_object(&w);
        point_values(s, p, idx, values);
        for (guint a = 0; a < s->n_axes; a++) {
            ana_json_member(&w, s->paths[a]);
            ana_json_string(&w, values[a]);
        }
        ana_json_end_object(&w);
        gboolean complete = ana_sweep_point_complete(s, p);
        ana_json_member(&w, "complete");
        ana_json_bool(&w, complete);
        if (complete) {
            ana_json_member(&w, "replications");
            ana_json_int(&w, s->runs[p]->n);
            ana_json_run(&w, s->runs[p], info->seed);
        }
        ana_json_end_object(&w);
    }
    g_free(idx);
    g_free(values);
    ana_json_end_array(&w);
    ana_json_end_object(&w);
    ana_json_finish(&w);
}

char *ana_sweep_json(const AnaSweep *s, const AnaReportInfo *info)
{
    AnaOutput *out = ana_output_new_memory();
    ana_sweep_json_write(out, s, info);
    return ana_output_steal(out);
}

/* The member `name` of `o` if it is an object (or array), else NULL. */
static JsonObject *object_member(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static JsonArray *array_member(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

static JsonObject *object_element(JsonArray *a, guint i)
{
    JsonNode *n = json_array_get_element(a, i);
    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

/* A number member (an integer or a double), `fallback` when absent or not a number. */
static double number_member(JsonObject *o, const char *name, double fallback)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    if (n == NULL || !JSON_NODE_HOLDS_VALUE(n))
        return fallback;
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_INT64 || t == G_TYPE_DOUBLE)
        return json_node_get_double(n);
    if (t == G_TYPE_STRING) {                /* how the journal writes infinities */
        const char *v = json_node_get_string(n);
        if (strcmp(v, "inf") == 0)
            return INFINITY;
        if (strcmp(v, "-inf") == 0)
            return -INFINITY;
    }
    return fallback;
}

int ana_sweep_resume(AnaSweep *s, const char *path, const char *sha256,
                     const MdlConfig *const *configs, gboolean timing, GError **error)
{
    JsonParser *parser = json_parser_new();
    int taken = -1;
    GError *perr = NULL;
    char *text = NULL;
    gsize text_len = 0;
    gboolean read = ana_json_read_file(path, ANA_JSON_MAX_BYTES, &text, &text_len, &perr);
    if (read && !ana_json_depth_ok(text, text_len, ANA_JSON_MAX_DEPTH_READ))
        g_set_error(&perr, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                    "nested deeper than any result");
    else if (read)
        json_parser_load_from_data(parser, text, (gssize)text_len, &perr);
    g_free(text);
    if (perr != NULL) {
        if (g_error_matches(perr, G_FILE_ERROR, G_FILE_ERROR_NOENT) || perr->domain == G_FILE_ERROR)
            g_set_error(error, SWEEP_ERROR, 1, "--resume: %s", perr->message);
        else
            g_set_error(error, SWEEP_ERROR, 1, "--resume: %s: not a complete hapgsim result "
                        "(truncated?): %s", path, perr->message);
        g_error_free(perr);
        goto out;
    }
    JsonNode *root = json_parser_get_root(parser);       /* NULL for an empty file */
    JsonObject *top = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    JsonObject *scn = object_member(top, "scenario");
    JsonArray *points = array_member(top, "points");
    if (!scn || !points) {
        g_set_error(error, SWEEP_ERROR, 1, "--resume: %s: not a complete hapgsim result "
                    "(truncated?): %s", path, root ? "not the JSON of a sweep" : "empty");
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
        JsonObject *po = object_element(points, p);
        if (!po || !json_object_get_boolean_member_with_default(po, "complete", FALSE))
            continue;
        JsonArray *reps = array_member(po, "per_replication");
        guint n = reps ? json_array_get_length(reps) : 0;
        JsonObject *r0 = n ? object_element(reps, 0) : NULL;
        guint first = r0 ? (guint)json_object_get_int_member_with_default(r0, "replication", 0) : 0;
        AnaRun *run = ana_run_new(configs[p], first, n, timing);
        run->completed = n;
        for (guint r = 0; r < n; r++) {
            run->done[r] = TRUE;
            JsonObject *m = object_member(object_element(reps, r), "metrics");
            for (guint i = 0; m && i < run->metrics->n; i++)
                run->values[(size_t)r * run->metrics->n + i] =
                    number_member(m, run->metrics->names[i], NAN);
        }
        ana_run_free(s->runs[p]);
        s->runs[p] = run;
        taken++;
    }
out:
    g_object_unref(parser);
    return taken;
}

/* ---- the journal ---- */

#define JOURNAL_VERSION 1

struct AnaSweepJournal {
    char *path;
    int fd;
    int error;                   /* the first write error; journaling stops there */
    gint64 last_sync;            /* monotonic time of the last fdatasync */
    GMutex lock;
    uint64_t seed;
    GString *line;
};

static void journal_value(GString *out, double v)
{
    if (isnan(v))
        g_string_append(out, "null");
    else if (isinf(v))
        g_string_append(out, v > 0 ? "\"inf\"" : "\"-inf\"");
    else
        ana_json_format_double(out, v);
}

static void journal_header(GString *h, const AnaSweep *s, const AnaReportInfo *info)
{
    g_string_append_printf(h, "{\"hapgsim_journal\":%d,\"kind\":\"sweep\",\"hapgsim\":",
                           JOURNAL_VERSION);
    ana_json_escape(h, info->version ? info->version : "");
    g_string_append(h, ",\"scenario\":{\"name\":");
    ana_json_escape(h, info->scenario_name ? info->scenario_name : "");
    g_string_append(h, ",\"sha256\":");
    ana_json_escape(h, info->scenario_sha256 ? info->scenario_sha256 : "");
    g_string_append_printf(h, "},\"seed\":\"%" G_GUINT64_FORMAT "\",\"points\":%u,\"axes\":[",
                           info->seed, s->n_points);
    for (guint a = 0; a < s->n_axes; a++) {
        g_string_append(h, a ? ",{\"path\":" : "{\"path\":");
        ana_json_escape(h, s->paths[a]);
        g_string_append(h, ",\"values\":[");
        for (guint i = 0; i < s->counts[a]; i++) {
            if (i)
                g_string_append_c(h, ',');
            ana_json_escape(h, s->values[a][i]);
        }
        g_string_append(h, "]}");
    }
    g_string_append(h, "]}\n");
}

/* Reads the records of the journal text `data` (`len` bytes, complete lines only)
 * into s.  Returns the replications taken, or -1 with error set. */
static long journal_apply(AnaSweep *s, const char *path, const char *data, gsize len,
                          const AnaReportInfo *info, const MdlConfig *const *configs,
                          gboolean timing, GError **error)
{
    JsonParser *parser = json_parser_new();
    long taken = 0;
    guint line_no = 0;
    const char *p = data, *end = data + len;
    while (p < end && taken >= 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        gsize n = (gsize)(nl - p);
        line_no++;
        GError *perr = NULL;
        JsonNode *root = NULL;
        if (!ana_json_depth_ok(p, n, ANA_JSON_MAX_DEPTH_READ))
            g_set_error(&perr, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                        "nested deeper than any record");
        else if (json_parser_load_from_data(parser, p, (gssize)n, &perr))
            root = json_parser_get_root(parser);
        JsonObject *o = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
        if (o == NULL) {
            g_set_error(error, SWEEP_ERROR, 4, "--resume: %s:%u: not a hapgsim journal record%s%s",
                        path, line_no, perr ? ": " : "", perr ? perr->message : "");
            g_clear_error(&perr);
            taken = -1;
            break;
        }
        if (line_no == 1 || json_object_has_member(o, "hapgsim_journal")) {
            /* the header (again, in journals put end to end) */
            if (json_object_get_int_member_with_default(o, "hapgsim_journal", 0) != JOURNAL_VERSION ||
                g_strcmp0(json_object_get_string_member_with_default(o, "kind", ""), "sweep") != 0) {
                g_set_error(error, SWEEP_ERROR, 4, "--resume: %s: not a hapgsim sweep journal "
                            "(version %d)", path, JOURNAL_VERSION);
                taken = -1;
            } else if (g_strcmp0(json_object_get_string_member_with_default(
                                     object_member(o, "scenario"), "sha256", ""),
                                 info->scenario_sha256) != 0 ||
                       json_object_get_int_member_with_default(o, "points", -1) != s->n_points) {
                g_set_error(error, SWEEP_ERROR, 2, "--resume: %s comes from another scenario (or "
                            "other --set/--sweep/-r/-s options): its sha256 differs", path);
                taken = -1;
            }
            if (taken < 0)
                break;
        } else {
            gint64 pt = json_object_get_int_member_with_default(o, "point", -1);
            gint64 r = json_object_get_int_member_with_default(o, "replication", -1);
            JsonObject *m = object_member(o, "metrics");
            if (pt < 0 || pt >= s->n_points || r < 0 || r >= configs[pt]->replications || !m) {
                g_set_error(error, SWEEP_ERROR, 4, "--resume: %s:%u: not a record of this sweep "
                            "(point %" G_GINT64_FORMAT ", replication %" G_GINT64_FORMAT ")",
                            path, line_no, pt, r);
                taken = -1;
                break;
            }
            if (s->runs[pt] == NULL)
                s->runs[pt] = ana_run_new(configs[pt], 0, configs[pt]->replications, timing);
            AnaRun *run = s->runs[pt];
            if (!run->done[r]) {
                for (guint i = 0; i < run->metrics->n; i++)
                    run->values[(size_t)r * run->metrics->n + i] =
                        number_member(m, run->metrics->names[i], NAN);
                run->done[r] = TRUE;
                run->completed++;
                run->events += (uint64_t)json_object_get_int_member_with_default(o, "events", 0);
                taken++;
            }
        }
        p = nl + 1;
    }
    g_object_unref(parser);
    return taken;
}

AnaSweepJournal *ana_sweep_journal_open(AnaSweep *s, const char *path, const AnaReportInfo *info,
                                        const MdlConfig *const *configs, gboolean timing,
                                        gboolean resume, long *taken, GError **error)
{
    *taken = 0;
    gsize keep = 0;                      /* bytes of whole lines to keep */
    if (resume) {
        char *data = NULL;
        gsize len = 0;
        GError *e = NULL;
        if (!ana_json_read_file(path, ANA_JSON_MAX_BYTES, &data, &len, &e)) {
            if (!g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
                g_propagate_prefixed_error(error, e, "--resume: ");
                return NULL;
            }
            g_error_free(e);
        } else {
            const char *last = len ? g_strrstr_len(data, (gssize)len, "\n") : NULL;
            keep = last ? (gsize)(last - data) + 1 : 0;   /* a torn last line is dropped */
            long n = keep ? journal_apply(s, path, data, keep, info, configs, timing, error) : 0;
            g_free(data);
            if (n < 0)
                return NULL;
            *taken = n;
        }
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (keep ? 0 : O_TRUNC), 0666);
    if (fd < 0 || (keep && ftruncate(fd, (off_t)keep) != 0)) {
        int err = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", path,
                    g_strerror(err));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    AnaSweepJournal *j = g_new0(AnaSweepJournal, 1);
    j->path = g_strdup(path);
    j->fd = fd;
    j->seed = info->seed;
    j->line = g_string_new(NULL);
    j->last_sync = g_get_monotonic_time();
    g_mutex_init(&j->lock);
    if (keep == 0) {
        journal_header(j->line, s, info);
        j->error = ana_write_all(fd, j->line->str, j->line->len);
        if (j->error == 0 && fdatasync(fd) != 0)
            j->error = errno;
        if (j->error) {
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(j->error), "%s: %s", path,
                        g_strerror(j->error));
            ana_sweep_journal_close(j, TRUE, NULL);
            return NULL;
        }
    }
    return j;
}

void ana_sweep_journal_record(AnaSweepJournal *j, guint point, const AnaRun *run, guint k,
                              uint64_t events)
{
    g_mutex_lock(&j->lock);
    if (j->error == 0) {
        GString *l = j->line;
        guint r = run->first + k;
        g_string_printf(l, "{\"point\":%u,\"replication\":%u,\"seed\":\"%" G_GUINT64_FORMAT
                        "\",\"events\":%" G_GUINT64_FORMAT ",\"metrics\":{", point, r,
                        sim_rng_replication_seed(j->seed, r), events);
        for (guint i = 0; i < run->metrics->n; i++) {
            if (i)
                g_string_append_c(l, ',');
            ana_json_escape(l, run->metrics->names[i]);
            g_string_append_c(l, ':');
            journal_value(l, ana_run_value(run, k, i));
        }
        g_string_append(l, "}}\n");
        /* one write per record: a kill loses at most the line being written, which
         * the next --resume cuts off */
        j->error = ana_write_all(j->fd, l->str, l->len);
        gint64 now = g_get_monotonic_time();
        if (j->error == 0 && now - j->last_sync > G_USEC_PER_SEC) {
            if (fdatasync(j->fd) != 0)
                j->error = errno;
            j->last_sync = now;
        }
    }
    g_mutex_unlock(&j->lock);
}

void ana_sweep_journal_record_run(AnaSweepJournal *j, guint point, const AnaRun *run)
{
    for (guint k = 0; k < run->n; k++)
        if (run->done[k])
            ana_sweep_journal_record(j, point, run, k, 0);
}

const char *ana_sweep_journal_path(const AnaSweepJournal *j)
{
    return j->path;
}

gboolean ana_sweep_journal_close(AnaSweepJournal *j, gboolean remove, GError **error)
{
    if (j == NULL)
        return TRUE;
    int err = j->error;
    if (close(j->fd) != 0 && err == 0 && errno != EINTR)
        err = errno;
    if (remove)
        unlink(j->path);
    if (err && !remove)
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", j->path,
                    g_strerror(err));
    g_mutex_clear(&j->lock);
    g_string_free(j->line, TRUE);
    g_free(j->path);
    g_free(j);
    return err == 0 || remove;
}
