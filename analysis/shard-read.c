/* analysis/shard-read.c - reads a folder of shards back, checks that they make one
 * study, and fills the runs in canonical (point, replication) order. */
#include "analysis/shard-private.h"

#include "analysis/json-read.h"

#include <stdio.h>
#include <string.h>

struct AnaShardSet {
    ShardHead head;              /* of the first shard read */
    char *head_file;             /* which file it came from, for messages */
    guint8 *complete;            /* [of] */
    ShardRecord *records;        /* [units], by unit */
    guint8 *present;             /* [units] */
};

void ana_shard_set_free(AnaShardSet *set)
{
    if (set == NULL)
        return;
    for (uint64_t u = 0; set->records && u < set->head.h.units; u++)
        if (set->present[u])
            shard_record_clear(&set->records[u]);
    g_free(set->records);
    g_free(set->present);
    g_free(set->complete);
    g_free(set->head_file);
    shard_head_clear(&set->head);
    g_free(set);
}

const AnaShardHeader *ana_shard_set_header(const AnaShardSet *set)
{
    return &set->head.h;
}

/* The shard files of `dir`, sorted by (K, I). */
static gint compare_names(gconstpointer a, gconstpointer b)
{
    guint ia = 0, ka = 0, ib = 0, kb = 0;
    sscanf(*(char *const *)a, "shard-%u-of-%u", &ia, &ka);
    sscanf(*(char *const *)b, "shard-%u-of-%u", &ib, &kb);
    return ka != kb ? (ka < kb ? -1 : 1) : ia != ib ? (ia < ib ? -1 : 1) : 0;
}

static GPtrArray *shard_names(const char *dir, GError **error)
{
    GError *e = NULL;
    GDir *d = g_dir_open(dir, 0, &e);
    if (d == NULL) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_IO, "%s", e->message);
        g_error_free(e);
        return NULL;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d)) != NULL) {
        guint i, k;
        char check[64];
        if (sscanf(name, "shard-%u-of-%u.jsonl", &i, &k) != 2)
            continue;
        g_snprintf(check, sizeof check, "shard-%u-of-%u.jsonl", i, k);
        if (strcmp(check, name) != 0)      /* exactly our spelling: no shard-01-of-3 */
            continue;
        char *path = g_build_filename(dir, name, NULL);
        gboolean regular = g_file_test(path, G_FILE_TEST_IS_REGULAR);
        g_free(path);
        if (!regular) {                    /* a FIFO would never end, a device... */
            g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_FOREIGN,
                        "%s/%s: not a regular file, so not a shard", dir, name);
            g_ptr_array_free(names, TRUE);
            g_dir_close(d);
            return NULL;
        }
        g_ptr_array_add(names, g_strdup(name));
    }
    g_dir_close(d);
    g_ptr_array_sort(names, compare_names);
    return names;
}

/* Why header b (of file fb) does not belong with a (of fa), or NULL. */
static char *head_mismatch(const ShardHead *a, const char *fa, const ShardHead *b, const char *fb)
{
    const char *what = NULL;
    if (a->h.seed != b->h.seed)
        what = "have different seeds";
    else if (strcmp(a->h.sha256, b->h.sha256) != 0)
        what = "come from different scenarios (or --set/--sweep/-r options): their sha256 differ";
    else if (strcmp(a->h.version, b->h.version) != 0)
        what = "were written by different hapgsim versions";
    else if (strcmp(a->h.kind, b->h.kind) != 0)
        what = "are of a run and of a sweep";
    else if (a->h.of != b->h.of)
        what = "cut the study into different numbers of shards";
    else if (a->h.units != b->h.units)
        what = "count different numbers of units";
    return what ? g_strdup_printf("%s and %s %s", fa, fb, what) : NULL;
}

/* Reads the records of one complete shard file into set. */
static gboolean read_records(AnaShardSet *set, const char *path, const ShardHead *head,
                             const char *data, gsize len, GError **error)
{
    JsonParser *parser = json_parser_new();
    gboolean ok = TRUE;
    const char *p = (const char *)memchr(data, '\n', len) + 1, *end = data + len;
    uint64_t n = 0;
    for (guint line_no = 2; ok && p < end; line_no++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (eol == NULL)
            eol = end;
        ShardRecord r;
        GError *e = NULL;
        if (!shard_record_parse(parser, p, (gsize)(eol - p), &r, &e)) {
            g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT, "%s:%u: %s", path,
                        line_no, e->message);
            g_error_free(e);
            ok = FALSE;
        } else if (r.unit < head->first || r.unit >= head->end) {
            g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT,
                        "%s:%u: unit %" G_GUINT64_FORMAT " is not in this shard's range %"
                        G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT, path, line_no, r.unit,
                        head->first, head->end - 1);
            shard_record_clear(&r);
            ok = FALSE;
        } else if (set->present[r.unit]) {
            g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_DUPLICATE,
                        "%s:%u: unit %" G_GUINT64_FORMAT " (point %u, replication %u) is there "
                        "twice", path, line_no, r.unit, r.point, r.replication);
            shard_record_clear(&r);
            ok = FALSE;
        } else {
            set->records[r.unit] = r;
            set->present[r.unit] = 1;
            n++;
        }
        p = eol + 1;
    }
    if (ok && n != head->end - head->first) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT,
                    "%s: %" G_GUINT64_FORMAT " units where the shard has %" G_GUINT64_FORMAT,
                    path, n, head->end - head->first);
        ok = FALSE;
    }
    g_object_unref(parser);
    return ok;
}

AnaShardSet *ana_shard_set_read(const char *dir, GError **error)
{
    GPtrArray *names = shard_names(dir, error);
    if (names == NULL)
        return NULL;
    if (names->len == 0) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_MISSING,
                    "%s holds no shard (no shard-I-of-K.jsonl file)", dir);
        g_ptr_array_free(names, TRUE);
        return NULL;
    }
    AnaShardSet *set = g_new0(AnaShardSet, 1);
    JsonParser *parser = json_parser_new();
    gboolean ok = TRUE;
    for (guint f = 0; ok && f < names->len; f++) {
        char *path = g_build_filename(dir, names->pdata[f], NULL);
        char *data = NULL;
        gsize len = 0;
        GError *e = NULL;
        ShardHead head = {0};
        const char *nl = NULL;
        if (!ana_json_read_file(path, ANA_JSON_MAX_BYTES, &data, &len, &e)) {
            g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_IO, "%s", e->message);
            g_error_free(e);
            ok = FALSE;
        } else if ((nl = memchr(data, '\n', len)) == NULL ||
                   !shard_head_parse(parser, data, (gsize)(nl - data), &head, &e)) {
            g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT, "%s:1: %s", path,
                        e ? e->message : "no whole header line");
            g_clear_error(&e);
            ok = FALSE;
        } else {
            char expect[64];
            g_snprintf(expect, sizeof expect, "shard-%u-of-%u.jsonl", head.h.shard, head.h.of);
            if (strcmp(expect, names->pdata[f]) != 0) {
                g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT,
                            "%s: its header says it is %s", path, expect);
                ok = FALSE;
            }
        }
        if (ok && f == 0) {
            set->head = head;
            set->head_file = g_strdup(path);
            memset(&head, 0, sizeof head);
            set->complete = g_new0(guint8, set->head.h.of);
            set->records = g_new0(ShardRecord, set->head.h.units + 1);
            set->present = g_new0(guint8, set->head.h.units + 1);
        } else if (ok) {
            char *why = head_mismatch(&set->head, set->head_file, &head, path);
            if (why) {
                g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_FOREIGN,
                            "%s: the shards do not make one study", why);
                g_free(why);
                ok = FALSE;
            }
        }
        const ShardHead *h = f == 0 ? &set->head : &head;
        if (ok) {
            char *marker = shard_marker(dir, h->h.shard, h->h.of);
            gboolean exists;
            char *why = shard_marker_check(marker, data, len, h->h.shard, h->h.of,
                                           h->end - h->first, &exists);
            if (why && exists) {
                g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT, "%s: %s", path, why);
                ok = FALSE;
            } else if (!why) {
                set->complete[h->h.shard] = 1;
                ok = read_records(set, path, h, data, len, error);
            }
            g_free(why);
            g_free(marker);
        }
        shard_head_clear(&head);
        g_free(data);
        g_free(path);
    }
    g_object_unref(parser);
    g_ptr_array_free(names, TRUE);
    if (!ok) {
        ana_shard_set_free(set);
        return NULL;
    }
    return set;
}

guint ana_shard_set_n_missing(const AnaShardSet *set)
{
    guint n = 0;
    for (guint i = 0; i < set->head.h.of; i++)
        n += !set->complete[i];
    return n;
}

char *ana_shard_set_missing(const AnaShardSet *set)
{
    GString *s = g_string_new(NULL);
    guint of = set->head.h.of;
    for (guint i = 0; i < of;) {
        if (set->complete[i]) {
            i++;
            continue;
        }
        guint j = i;
        while (j + 1 < of && !set->complete[j + 1])
            j++;
        if (s->len)
            g_string_append_c(s, ',');
        if (j == i)
            g_string_append_printf(s, "%u", i);
        else
            g_string_append_printf(s, "%u-%u", i, j);
        i = j + 1;
    }
    return g_string_free(s, FALSE);
}

gboolean ana_shard_set_fill(const AnaShardSet *set, AnaRun *const *runs, guint n_points,
                            gboolean histograms, GError **error)
{
    uint64_t units = 0;
    for (guint p = 0; p < n_points; p++)
        units += runs[p]->n;
    if (units != set->head.h.units) {
        g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT,
                    "%s: the shards count %" G_GUINT64_FORMAT " units, their scenario %"
                    G_GUINT64_FORMAT, set->head_file, set->head.h.units, units);
        return FALSE;
    }
    /* canonical order: point by point, replication by replication */
    uint64_t u = 0;
    for (guint p = 0; p < n_points; p++) {
        AnaRun *run = runs[p];
        guint m = run->metrics->n;
        for (guint k = 0; k < run->n; k++, u++) {
            const ShardRecord *r = &set->records[u];
            if (!set->present[u]) {
                g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_MISSING,
                            "unit %" G_GUINT64_FORMAT " (point %u, replication %u) is missing",
                            u, p, run->first + k);
                return FALSE;
            }
            if (r->point != p || r->replication != run->first + k || r->n_values != m) {
                g_set_error(error, ANA_SHARD_ERROR, ANA_SHARD_ERROR_CORRUPT,
                            "unit %" G_GUINT64_FORMAT " should be point %u, replication %u with %u "
                            "metrics; its record says point %u, replication %u with %u", u, p,
                            run->first + k, m, r->point, r->replication, r->n_values);
                return FALSE;
            }
            memcpy(&run->values[(size_t)k * m], r->values, m * sizeof(double));
            run->done[k] = TRUE;
            run->completed++;
            run->events += r->events;
            if (!histograms)
                continue;
            AnaHistogram *into[3] = {run->latency, run->outages, run->rejoins};
            for (int h = 0; h < 3; h++)
                for (guint i = 0; i < r->n_pairs[h]; i++) {
                    into[h]->bucket[r->pairs[h][2 * i]] += r->pairs[h][2 * i + 1];
                    into[h]->count += r->pairs[h][2 * i + 1];
                }
            run->latency_reps++;
        }
    }
    return TRUE;
}
