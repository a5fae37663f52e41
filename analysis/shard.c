/* analysis/shard.c - the shard format (analysis/shard.h) and the writer of one shard:
 * append a line per unit, cut a torn last line, skip what is there, mark completion. */
#include "analysis/shard-private.h"

#include "analysis/json-private.h"
#include "analysis/json-read.h"
#include "analysis/output.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

G_DEFINE_QUARK(ana-shard-error-quark, ana_shard_error)

void ana_shard_range(uint64_t units, guint shard, guint of, uint64_t *first, uint64_t *end)
{
    g_return_if_fail(of > 0 && shard < of);
    /* units <= 10^11 and of <= 10^5: the products fit in 64 bits */
    *first = units * shard / of;
    *end = units * (shard + 1) / of;
}

gboolean ana_shard_parse(const char *text, guint *shard, guint *of, GError **error)
{
    const char *slash = text ? strchr(text, '/') : NULL;
    guint64 i = 0, k = 0;
    gboolean ok = slash != NULL;
    if (ok) {
        char *a = g_strndup(text, (gsize)(slash - text));
        ok = g_ascii_string_to_unsigned(a, 10, 0, G_MAXUINT, &i, NULL) &&
             g_ascii_string_to_unsigned(slash + 1, 10, 0, G_MAXUINT, &k, NULL);
        g_free(a);
    }
    if (!ok) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_FOREIGN,
                    "--shard %s: write I/K, shard I (counted from 0) of K", text ? text : "");
        return FALSE;
    }
    if (k < 1 || k > ANA_SHARD_MAX || i >= k) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_FOREIGN,
                    "--shard %s: out of range: I must be within 0..K-1 and K within 1..%d",
                    text, ANA_SHARD_MAX);
        return FALSE;
    }
    *shard = (guint)i;
    *of = (guint)k;
    return TRUE;
}

char *shard_file(const char *dir, guint shard, guint of)
{
    char *name = g_strdup_printf("shard-%u-of-%u.jsonl", shard, of);
    char *path = g_build_filename(dir, name, NULL);
    g_free(name);
    return path;
}

char *shard_marker(const char *dir, guint shard, guint of)
{
    char *name = g_strdup_printf("shard-%u-of-%u.done", shard, of);
    char *path = g_build_filename(dir, name, NULL);
    g_free(name);
    return path;
}

void shard_header_line(GString *out, const AnaShardHeader *h)
{
    uint64_t first, end;
    ana_shard_range(h->units, h->shard, h->of, &first, &end);
    g_string_append_printf(out, "{\"hapgsim_shard\":%d,\"kind\":", SHARD_FORMAT);
    ana_json_escape(out, h->kind);
    g_string_append(out, ",\"hapgsim\":");
    ana_json_escape(out, h->version);
    g_string_append(out, ",\"scenario\":{\"name\":");
    ana_json_escape(out, h->scenario_name ? h->scenario_name : "");
    g_string_append(out, ",\"sha256\":");
    ana_json_escape(out, h->sha256);
    g_string_append(out, ",\"yaml\":");
    ana_json_escape(out, h->yaml);
    g_string_append_printf(out, "},\"seed\":\"%" G_GUINT64_FORMAT "\",\"units\":%" G_GUINT64_FORMAT
                           ",\"shard\":%u,\"of\":%u,\"first\":%" G_GUINT64_FORMAT
                           ",\"end\":%" G_GUINT64_FORMAT "}\n",
                           h->seed, h->units, h->shard, h->of, first, end);
}

static JsonObject *parse_object(JsonParser *parser, const char *line, gsize len, GError **error)
{
    GError *e = NULL;
    if (!ana_json_depth_ok(line, len, ANA_JSON_MAX_DEPTH_READ)) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT, "nested too deep");
        return NULL;
    }
    if (!json_parser_load_from_data(parser, line, (gssize)len, &e)) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT, "not JSON: %s", e->message);
        g_error_free(e);
        return NULL;
    }
    JsonNode *root = json_parser_get_root(parser);
    if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT, "not a JSON object");
        return NULL;
    }
    return json_node_get_object(root);
}

/* An integer member >= 0, or -1. */
static gint64 count_member(JsonObject *o, const char *name)
{
    JsonNode *n = json_object_get_member(o, name);
    if (n == NULL || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
        return -1;
    gint64 v = json_node_get_int(n);
    return v >= 0 ? v : -1;
}

static char *string_member(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    if (n == NULL || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
        return NULL;
    return g_strdup(json_node_get_string(n));
}

gboolean shard_head_parse(JsonParser *parser, const char *line, gsize len, ShardHead *out,
                          GError **error)
{
    memset(out, 0, sizeof *out);
    JsonObject *o = parse_object(parser, line, len, error);
    if (o == NULL)
        return FALSE;
    JsonNode *sn = json_object_get_member(o, "scenario");
    JsonObject *scn = sn && JSON_NODE_HOLDS_OBJECT(sn) ? json_node_get_object(sn) : NULL;
    char *seed = string_member(o, "seed");
    guint64 seed_v = 0;
    gint64 units = count_member(o, "units"), shard = count_member(o, "shard"),
           of = count_member(o, "of"), first = count_member(o, "first"), end = count_member(o, "end");
    out->kind = string_member(o, "kind");
    out->version = string_member(o, "hapgsim");
    out->name = string_member(scn, "name");
    out->sha256 = string_member(scn, "sha256");
    out->yaml = string_member(scn, "yaml");
    gboolean ok = count_member(o, "hapgsim_shard") == SHARD_FORMAT && out->kind && out->version &&
                  out->name && out->sha256 && out->yaml && seed &&
                  g_ascii_string_to_unsigned(seed, 10, 0, G_MAXUINT64, &seed_v, NULL) &&
                  units >= 0 && of >= 1 && of <= ANA_SHARD_MAX && shard >= 0 && shard < of &&
                  (strcmp(out->kind, "run") == 0 || strcmp(out->kind, "sweep") == 0);
    g_free(seed);
    if (ok) {
        out->h = (AnaShardHeader){out->kind, out->version, out->name, out->sha256, out->yaml,
                                  seed_v, (uint64_t)units, (guint)shard, (guint)of};
        ana_shard_range(out->h.units, out->h.shard, out->h.of, &out->first, &out->end);
        ok = (uint64_t)first == out->first && (uint64_t)end == out->end;
    }
    if (!ok) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT,
                    "not the header of a hapgsim shard (format %d)", SHARD_FORMAT);
        shard_head_clear(out);
    }
    return ok;
}

void shard_head_clear(ShardHead *h)
{
    g_free(h->kind);
    g_free(h->version);
    g_free(h->name);
    g_free(h->sha256);
    g_free(h->yaml);
    memset(h, 0, sizeof *h);
}

static gboolean value_of(JsonNode *n, double *v)
{
    if (n == NULL)
        return FALSE;
    if (JSON_NODE_HOLDS_NULL(n)) {
        *v = NAN;
        return TRUE;
    }
    if (!JSON_NODE_HOLDS_VALUE(n))
        return FALSE;
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_DOUBLE || t == G_TYPE_INT64) {
        *v = json_node_get_double(n);
        return TRUE;
    }
    if (t == G_TYPE_STRING) {
        const char *s = json_node_get_string(n);
        if (strcmp(s, "inf") == 0 || strcmp(s, "-inf") == 0) {
            *v = s[0] == '-' ? -INFINITY : INFINITY;
            return TRUE;
        }
    }
    return FALSE;
}

static const char *const hist_names[3] = {"latency", "outages", "rejoins"};

gboolean shard_record_parse(JsonParser *parser, const char *line, gsize len, ShardRecord *out,
                            GError **error)
{
    memset(out, 0, sizeof *out);
    JsonObject *o = parse_object(parser, line, len, error);
    if (o == NULL)
        return FALSE;
    gint64 unit = count_member(o, "unit"), point = count_member(o, "point"),
           rep = count_member(o, "replication"), events = count_member(o, "events");
    JsonNode *mn = json_object_get_member(o, "metrics");
    JsonArray *m = mn && JSON_NODE_HOLDS_ARRAY(mn) ? json_node_get_array(mn) : NULL;
    gboolean ok = unit >= 0 && point >= 0 && point <= G_MAXUINT && rep >= 0 && rep <= G_MAXUINT &&
                  events >= 0 && m != NULL;
    if (ok) {
        out->unit = (uint64_t)unit;
        out->point = (guint)point;
        out->replication = (guint)rep;
        out->events = (uint64_t)events;
        out->n_values = json_array_get_length(m);
        out->values = g_new(double, out->n_values ? out->n_values : 1);
        for (guint i = 0; ok && i < out->n_values; i++)
            ok = value_of(json_array_get_element(m, i), &out->values[i]);
    }
    for (int h = 0; ok && h < 3; h++) {
        JsonNode *hn = json_object_get_member(o, hist_names[h]);
        if (hn == NULL)
            continue;
        JsonArray *a = JSON_NODE_HOLDS_ARRAY(hn) ? json_node_get_array(hn) : NULL;
        ok = a != NULL;
        guint n = a ? json_array_get_length(a) : 0;
        out->n_pairs[h] = n;
        out->pairs[h] = g_new(uint64_t, 2 * (gsize)n + 1);
        for (guint i = 0; ok && i < n; i++) {
            JsonNode *pn = json_array_get_element(a, i);
            JsonArray *pair = JSON_NODE_HOLDS_ARRAY(pn) ? json_node_get_array(pn) : NULL;
            ok = pair && json_array_get_length(pair) == 2;
            for (guint j = 0; ok && j < 2; j++) {
                JsonNode *e = json_array_get_element(pair, j);
                ok = JSON_NODE_HOLDS_VALUE(e) && json_node_get_value_type(e) == G_TYPE_INT64 &&
                     json_node_get_int(e) >= 0;
                if (ok)
                    out->pairs[h][2 * i + j] = (uint64_t)json_node_get_int(e);
            }
            ok = ok && out->pairs[h][2 * i] < ANA_HIST_BUCKETS;
        }
    }
    if (!ok) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT, "not a hapgsim shard record");
        shard_record_clear(out);
    }
    return ok;
}

void shard_record_clear(ShardRecord *r)
{
    g_free(r->values);
    for (int h = 0; h < 3; h++)
        g_free(r->pairs[h]);
    memset(r, 0, sizeof *r);
}

char *shard_marker_check(const char *marker, const char *data, gsize len, guint shard,
                         guint of, uint64_t units, gboolean *exists)
{
    char *text = NULL;
    gsize tlen = 0;
    *exists = g_file_get_contents(marker, &text, &tlen, NULL);
    if (!*exists)
        return g_strdup("no completion marker");
    char *sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
    char *want = g_strdup_printf("{\"hapgsim_shard_done\":%d,\"shard\":%u,\"of\":%u,\"units\":%"
                                 G_GUINT64_FORMAT ",\"bytes\":%" G_GSIZE_FORMAT
                                 ",\"sha256\":\"%s\"}\n", SHARD_FORMAT, shard, of, units, len, sha);
    char *why = strcmp(text, want) == 0 ? NULL
              : g_strdup_printf("its completion marker %s does not match it (checksum or size "
                                "differ: the file was changed or damaged after it finished)",
                                marker);
    g_free(sha);
    g_free(want);
    g_free(text);
    return why;
}

/* ---- the writer ---- */

struct AnaShardWriter {
    char *path, *marker;
    int fd;
    int error;                   /* the first write error; writing stops there */
    GMutex lock;
    AnaShardHeader h;            /* strings borrowed from the caller's header: only the numbers are used */
    uint64_t first, end, n_have;
    guint8 *have;                /* [end - first] */
    gint64 last_sync;
    GString *line;
};

/* Why the header line `got` differs from ours (`want`), for the message. */
static char *header_difference(const char *got, gsize len, const AnaShardHeader *want)
{
    JsonParser *parser = json_parser_new();
    ShardHead h;
    char *why;
    if (!shard_head_parse(parser, got, len, &h, NULL))
        why = g_strdup("it is not a hapgsim shard");
    else if (strcmp(h.h.kind, want->kind) != 0)
        why = g_strdup_printf("it is a shard of a %s, this is a %s", h.h.kind, want->kind);
    else if (h.h.seed != want->seed)
        why = g_strdup_printf("it has seed %" G_GUINT64_FORMAT ", this run %" G_GUINT64_FORMAT,
                              h.h.seed, want->seed);
    else if (strcmp(h.h.sha256, want->sha256) != 0)
        why = g_strdup("it comes from another scenario (or other --set/--sweep/-r options): its sha256 differs");
    else if (strcmp(h.h.version, want->version) != 0)
        why = g_strdup_printf("it was written by hapgsim %s, this is %s", h.h.version, want->version);
    else
        why = g_strdup("its header differs");
    if (why && h.kind)
        shard_head_clear(&h);
    g_object_unref(parser);
    return why;
}

/* Reads the existing shard file's whole lines into w->have.  Returns the bytes to
 * keep, or -1 with error set. */
static gssize writer_load(AnaShardWriter *w, const char *header, GError **error)
{
    char *data = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (g_file_test(w->path, G_FILE_TEST_EXISTS) && !g_file_test(w->path, G_FILE_TEST_IS_REGULAR)) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_FOREIGN,
                    "%s is not a regular file, so not a shard of this study: use another --out "
                    "folder or remove it", w->path);
        return -1;
    }
    if (!ana_json_read_file(w->path, ANA_JSON_MAX_BYTES, &data, &len, &e)) {
        if (g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
            g_error_free(e);
            return 0;
        }
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_IO, "%s", e->message);
        g_error_free(e);
        return -1;
    }
    gsize hlen = strlen(header);
    const char *nl = memchr(data, '\n', len);
    gssize keep = -1;
    if (nl == NULL) {
        /* a torn header: ours if it is the start of our header */
        if (len <= hlen && memcmp(data, header, len) == 0)
            keep = 0;
        else {
            char *why = header_difference(data, len, &w->h);
            g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_FOREIGN,
                        "%s is not a shard of this study (%s): use another --out folder or "
                        "remove it", w->path, why);
            g_free(why);
        }
        g_free(data);
        return keep;
    }
    if ((gsize)(nl - data) + 1 != hlen || memcmp(data, header, hlen) != 0) {
        char *why = header_difference(data, (gsize)(nl - data), &w->h);
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_FOREIGN,
                    "%s is not a shard of this study (%s): use another --out folder or remove it",
                    w->path, why);
        g_free(why);
        g_free(data);
        return -1;
    }
    const char *last = g_strrstr_len(data, (gssize)len, "\n");
    gsize whole = (gsize)(last - data) + 1;        /* a torn last line is cut off */
    JsonParser *parser = json_parser_new();
    keep = (gssize)whole;
    guint line_no = 1;
    for (const char *p = nl + 1; p < data + whole; line_no++) {
        const char *eol = memchr(p, '\n', (size_t)(data + whole - p));
        ShardRecord r;
        GError *re = NULL;
        if (!shard_record_parse(parser, p, (gsize)(eol - p), &r, &re) || r.unit < w->first ||
            r.unit >= w->end) {
            g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT,
                        "%s:%u: %s: the shard file is damaged; remove it to run the shard again",
                        w->path, line_no + 1, re ? re->message : "a unit outside this shard");
            g_clear_error(&re);
            shard_record_clear(&r);
            keep = -1;
            break;
        }
        if (w->have[r.unit - w->first]) {
            g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_DUPLICATE,
                        "%s:%u: unit %" G_GUINT64_FORMAT " is there twice: the shard file is "
                        "damaged; remove it to run the shard again", w->path, line_no + 1, r.unit);
            shard_record_clear(&r);
            keep = -1;
            break;
        }
        w->have[r.unit - w->first] = 1;
        w->n_have++;
        shard_record_clear(&r);
        p = eol + 1;
    }
    g_object_unref(parser);
    g_free(data);
    return keep;
}

AnaShardWriter *ana_shard_writer_open(const char *dir, const AnaShardHeader *h, GError **error)
{
    if (g_mkdir_with_parents(dir, 0777) != 0) {
        int err = errno;
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_IO, "%s: %s", dir, g_strerror(err));
        return NULL;
    }
    AnaShardWriter *w = g_new0(AnaShardWriter, 1);
    w->path = shard_file(dir, h->shard, h->of);
    w->marker = shard_marker(dir, h->shard, h->of);
    w->fd = -1;
    w->h = *h;
    g_mutex_init(&w->lock);
    w->line = g_string_new(NULL);
    ana_shard_range(h->units, h->shard, h->of, &w->first, &w->end);
    w->have = g_new0(guint8, w->end - w->first + 1);
    GString *header = g_string_new(NULL);
    shard_header_line(header, h);
    gssize keep = writer_load(w, header->str, error);
    if (keep < 0) {
        g_string_free(header, TRUE);
        ana_shard_writer_free(w);
        return NULL;
    }
    /* the marker goes until the shard is complete again */
    if (w->n_have < w->end - w->first)
        unlink(w->marker);
    w->fd = open(w->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    int err = 0;
    if (w->fd < 0 || ftruncate(w->fd, (off_t)keep) != 0)
        err = errno;
    else if (keep == 0 && (err = ana_write_all(w->fd, header->str, header->len)) == 0 &&
             fdatasync(w->fd) != 0)
        err = errno;
    g_string_free(header, TRUE);
    if (err) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_IO, "%s: %s", w->path, g_strerror(err));
        ana_shard_writer_free(w);
        return NULL;
    }
    w->last_sync = g_get_monotonic_time();
    return w;
}

gboolean ana_shard_writer_has(const AnaShardWriter *w, uint64_t unit)
{
    return unit >= w->first && unit < w->end && w->have[unit - w->first];
}

uint64_t ana_shard_writer_done(const AnaShardWriter *w)
{
    return w->n_have;
}

const char *ana_shard_writer_path(const AnaShardWriter *w)
{
    return w->path;
}

static void append_value(GString *out, double v)
{
    if (isnan(v))
        g_string_append(out, "null");
    else if (isinf(v))
        g_string_append(out, v > 0 ? "\"inf\"" : "\"-inf\"");
    else
        ana_json_format_double(out, v);
}

void ana_shard_writer_record(AnaShardWriter *w, uint64_t unit, guint point, const AnaRun *run,
                             guint k, uint64_t events, const AnaHistogram *const *hists)
{
    g_return_if_fail(unit >= w->first && unit < w->end);
    g_mutex_lock(&w->lock);
    if (w->error == 0 && !w->have[unit - w->first]) {
        GString *l = w->line;
        g_string_printf(l, "{\"unit\":%" G_GUINT64_FORMAT ",\"point\":%u,\"replication\":%u,"
                        "\"events\":%" G_GUINT64_FORMAT ",\"metrics\":[", unit, point,
                        run->first + k, events);
        for (guint i = 0; i < run->metrics->n; i++) {
            if (i)
                g_string_append_c(l, ',');
            append_value(l, ana_run_value(run, k, i));
        }
        g_string_append_c(l, ']');
        for (int h = 0; hists && h < 3; h++) {
            g_string_append_printf(l, ",\"%s\":[", hist_names[h]);
            gboolean any = FALSE;
            for (uint32_t b = 0; b < ANA_HIST_BUCKETS; b++) {
                if (hists[h]->bucket[b] == 0)
                    continue;
                g_string_append_printf(l, "%s[%u,%" G_GUINT64_FORMAT "]", any ? "," : "", b,
                                       hists[h]->bucket[b]);
                any = TRUE;
            }
            g_string_append_c(l, ']');
        }
        g_string_append(l, "}\n");
        /* one write per record: a kill tears at most this line */
        w->error = ana_write_all(w->fd, l->str, l->len);
        if (w->error == 0) {
            w->have[unit - w->first] = 1;
            w->n_have++;
        }
        gint64 now = g_get_monotonic_time();
        if (w->error == 0 && now - w->last_sync > G_USEC_PER_SEC) {
            if (fdatasync(w->fd) != 0)
                w->error = errno;
            w->last_sync = now;
        }
    }
    g_mutex_unlock(&w->lock);
}

gboolean ana_shard_writer_finish(AnaShardWriter *w, gboolean *complete, GError **error)
{
    *complete = FALSE;
    if (w->error == 0 && fdatasync(w->fd) != 0)
        w->error = errno;
    if (w->error) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_IO, "%s: %s", w->path,
                    g_strerror(w->error));
        return FALSE;
    }
    if (w->n_have < w->end - w->first)
        return TRUE;
    char *data = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(w->path, &data, &len, &e)) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_IO, "%s", e->message);
        g_error_free(e);
        return FALSE;
    }
    char *sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
    char *marker = g_strdup_printf("{\"hapgsim_shard_done\":%d,\"shard\":%u,\"of\":%u,\"units\":%"
                                   G_GUINT64_FORMAT ",\"bytes\":%" G_GSIZE_FORMAT
                                   ",\"sha256\":\"%s\"}\n", SHARD_FORMAT, w->h.shard, w->h.of,
                                   w->end - w->first, len, sha);
    /* written to a temporary file and renamed: whole or not at all */
    gboolean ok = g_file_set_contents(w->marker, marker, -1, &e);
    if (!ok) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_IO, "%s", e->message);
        g_error_free(e);
    }
    g_free(sha);
    g_free(marker);
    g_free(data);
    *complete = ok;
    return ok;
}

void ana_shard_writer_free(AnaShardWriter *w)
{
    if (w == NULL)
        return;
    if (w->fd >= 0)
        close(w->fd);
    g_mutex_clear(&w->lock);
    g_string_free(w->line, TRUE);
    g_free(w->have);
    g_free(w->path);
    g_free(w->marker);
    g_free(w);
}
