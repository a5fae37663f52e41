/* scenarios/diag.c - error collection (every error of a load, one GError at the end),
 * positions, "did you mean" suggestions, and echoes of what was written. */
#include "scenarios/scenario-private.h"

#include <stdarg.h>
#include <string.h>

G_DEFINE_QUARK(scn-error-quark, scn_error)

typedef struct {
    ScnPos pos;
    gboolean limit;
    guint seq;
    char *msg;
} Entry;

struct ScnDiag {
    const ScnSources *sources;
    GArray *entries;      /* Entry, at most SCN_MAX_KEPT_ERRORS */
    GArray *warnings;     /* Entry: traps in a valid file (scn_diag_warn) */
    GHashTable *seen;     /* "pos msg" of kept entries: the same error is reported once */
    guint count;          /* distinct errors, kept or not */
    guint total;          /* every report, repeated ones included */
    gboolean limit;
};

static void entry_clear(gpointer e) { g_free(((Entry *)e)->msg); }

ScnDiag *scn_diag_new(const ScnSources *sources)
{
    ScnDiag *d = g_new0(ScnDiag, 1);
    d->sources = sources;
    d->entries = g_array_new(FALSE, FALSE, sizeof(Entry));
    d->warnings = g_array_new(FALSE, FALSE, sizeof(Entry));
    g_array_set_clear_func(d->entries, entry_clear);
    g_array_set_clear_func(d->warnings, entry_clear);
    d->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return d;
}

void scn_diag_free(ScnDiag *d)
{
    if (d == NULL)
        return;
    g_array_free(d->entries, TRUE);
    g_array_free(d->warnings, TRUE);
    g_hash_table_destroy(d->seen);
    g_free(d);
}

/* Counts one report; TRUE when it is only counted, the kept errors being full. */
static gboolean only_counted(ScnDiag *d, gboolean limit)
{
    d->total++;
    if (limit)
        d->limit = TRUE;
    if (d->entries->len < SCN_MAX_KEPT_ERRORS)
        return FALSE;
    d->count++;
    return TRUE;
}

/* Keeps an error (`msg`, taken over), unless the same was reported at the same
 * position. */
static void keep(ScnDiag *d, ScnPos pos, gboolean limit, char *msg)
{
    char *key = g_strdup_printf("%u:%u:%u %s", pos.src, pos.line, pos.col, msg);
    if (!g_hash_table_add(d->seen, key)) {
        g_free(msg);
        return;                                  /* already reported */
    }
    Entry e = {pos, limit, d->entries->len, msg};
    g_array_append_val(d->entries, e);
    d->count++;
}

void scn_diag_addv(ScnDiag *d, ScnPos pos, gboolean limit, const char *fmt, va_list ap)
{
    if (only_counted(d, limit))
        return;                                  /* not even formatted */
    keep(d, pos, limit, g_strdup_vprintf(fmt, ap));
}

void scn_diag_add(ScnDiag *d, ScnPos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    scn_diag_addv(d, pos, FALSE, fmt, ap);
    va_end(ap);
}

void scn_diag_add_limit(ScnDiag *d, ScnPos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    scn_diag_addv(d, pos, TRUE, fmt, ap);
    va_end(ap);
}

gboolean scn_diag_got(ScnDiag *d, const ScnNode *n, const char *fmt, ...)
{
    if (only_counted(d, FALSE))
        return FALSE;                            /* neither formatted nor echoed */
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autofree char *got = scn_node_echo(n);
    keep(d, n->pos, FALSE, g_strdup_printf("%s (got %s)", msg, got));
    return FALSE;
}

void scn_diag_warn(ScnDiag *d, ScnPos pos, const char *fmt, ...)
{
    if (d->warnings->len >= SCN_MAX_KEPT_ERRORS)
        return;
    va_list ap;
    va_start(ap, fmt);
    Entry e = {pos, FALSE, d->warnings->len, g_strdup_vprintf(fmt, ap)};
    va_end(ap);
    g_array_append_val(d->warnings, e);
}

guint scn_diag_count(const ScnDiag *d) { return d->count; }
guint scn_diag_total(const ScnDiag *d) { return d->total; }
gboolean scn_diag_full(const ScnDiag *d) { return d->entries->len >= SCN_MAX_KEPT_ERRORS; }

/* "NAME:LINE:COL", "NAME:LINE" (column 0) or "NAME" (line 0). */
static char *pos_format(const ScnSources *sources, ScnPos pos)
{
    const char *name = pos.src < sources->names->len ? g_ptr_array_index(sources->names, pos.src)
                                                     : "?";
    if (pos.line == 0)
        return g_strdup(name);
    if (pos.col == 0)
        return g_strdup_printf("%s:%u", name, pos.line);
    return g_strdup_printf("%s:%u:%u", name, pos.line, pos.col);
}

static int pos_cmp(ScnPos a, ScnPos b)
{
    if (a.src != b.src) return a.src < b.src ? -1 : 1;
    if (a.line != b.line) return a.line < b.line ? -1 : 1;
    return a.col < b.col ? -1 : a.col > b.col;
}

void scn_diag_move(ScnDiag *from, ScnDiag *to, const GArray *inside, ScnPos at,
                   const char *prefix)
{
    for (guint i = 0; i < from->entries->len; i++) {
        const Entry *e = &g_array_index(from->entries, Entry, i);
        gboolean in = FALSE;
        for (guint j = 0; j < inside->len && !in; j++)
            in = pos_cmp(e->pos, g_array_index(inside, ScnPos, j)) == 0;
        if (only_counted(to, e->limit))
            continue;
        if (in) {
            keep(to, e->pos, e->limit, g_strdup(e->msg));
            continue;
        }
        /* within the same source, line:column is enough */
        g_autofree char *where = e->pos.src == at.src && e->pos.col
                                     ? g_strdup_printf("%u:%u", e->pos.line, e->pos.col)
                                     : pos_format(from->sources, e->pos);
        keep(to, at, e->limit, g_strdup_printf("%s: %s (at %s)", prefix, e->msg, where));
    }
}

static gint by_pos(gconstpointer pa, gconstpointer pb)
{
    const Entry *a = pa, *b = pb;
    int c = pos_cmp(a->pos, b->pos);
    return c ? c : a->seq < b->seq ? -1 : a->seq > b->seq;
}

GPtrArray *scn_diag_warnings(ScnDiag *d)
{
    g_array_sort(d->warnings, by_pos);
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < d->warnings->len; i++) {
        const Entry *e = &g_array_index(d->warnings, Entry, i);
        g_autofree char *where = pos_format(d->sources, e->pos);
        g_ptr_array_add(out, g_strdup_printf("%s: warning: %s", where, e->msg));
    }
    return out;
}

gboolean scn_diag_to_error(ScnDiag *d, GError **error)
{
    if (d->count == 0)
        return FALSE;
    g_array_sort(d->entries, by_pos);
    g_autoptr(GString) msg = g_string_new(NULL);
    guint shown = MIN(d->entries->len, SCN_MAX_ERRORS);
    for (guint i = 0; i < shown; i++) {
        const Entry *e = &g_array_index(d->entries, Entry, i);
        g_autofree char *where = pos_format(d->sources, e->pos);
        g_string_append_printf(msg, "%s%s: %s", i ? "\n" : "", where, e->msg);
    }
    if (d->count > shown)
        g_string_append_printf(msg, "\n... and %u more", d->count - shown);
    g_set_error_literal(error, SCN_ERROR, d->limit ? SCN_ERROR_LIMIT : SCN_ERROR_INVALID,
                        msg->str);
    return TRUE;
}

/* ---- suggestions ---- */

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), or a value > `cap` as soon as it must exceed `cap`. */
static guint osa_distance(const char *a, gsize la, const char *b, gsize lb, guint cap)
{
    if ((la > lb ? la - lb : lb - la) > cap)
        return cap + 1;
    guint *rows = g_new(guint, 3 * (lb + 1));
    guint *pp = rows, *prev = rows + lb + 1, *cur = rows + 2 * (lb + 1);
    for (gsize j = 0; j <= lb; j++)
        prev[j] = (guint)j;
    for (gsize i = 1; i <= la; i++) {
        cur[0] = (guint)i;
        guint row_min = cur[0];
        for (gsize j = 1; j <= lb; j++) {
            guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
            guint v = MIN(MIN(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                v = MIN(v, pp[j - 2] + 1);
            cur[j] = v;
            row_min = MIN(row_min, v);
        }
        guint *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
        if (row_min > cap) {
            g_free(rows);
            return cap + 1;
        }
    }
    guint d = prev[lb];
    g_free(rows);
    return d;
}

const char *scn_suggest(const char *word, const char *const *candidates, gssize n)
{
    if (word == NULL || candidates == NULL)
        return NULL;
    gsize lw = strlen(word);
    if (lw == 0 || lw > 200)
        return NULL;
    /* longer words tolerate more typos: 1 up to 3 letters, 2 up to 5, then 3 */
    guint cap = lw <= 3 ? 1 : lw <= 5 ? 2 : 3;
    const char *best = NULL;
    guint best_d = cap + 1;
    for (gssize i = 0; n < 0 ? candidates[i] != NULL : i < n; i++) {
        const char *c = candidates[i];
        if (c == NULL)
            continue;
        if (g_ascii_strcasecmp(c, word) == 0)
            return c;
        guint d = osa_distance(word, lw, c, strlen(c), cap);
        if (d < best_d && d < MAX(lw, strlen(c))) {
            best = c;
            best_d = d;
        }
    }
    return best;
}

char *scn_node_echo(const ScnNode *n)
{
    if (n == NULL)
        return g_strdup("nothing");
    if (n->kind == SCN_NODE_MAP)
        return g_strdup("a mapping");
    if (n->kind == SCN_NODE_SEQ)
        return g_strdup("a list");
    if (scn_node_is_null(n))
        return g_strdup("null");
    GString *s = g_string_new(NULL);
    const char *p = n->text, *end = n->text + n->len;
    guint chars = 0;
    while (p < end && chars < 40) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            g_string_append_printf(s, "\\x%02x", (unsigned char)*p);
            p++;
        } else {
            if (c < 0x20 || c == 0x7f)
                g_string_append_printf(s, "\\x%02x", c);
            else
                g_string_append_unichar(s, c);
            p += g_utf8_skip[*(const guchar *)p];
        }
        chars++;
    }
    if (p < end)
        g_string_append(s, "...");
    if (n->flags & SCN_NODE_QUOTED || s->len == 0) {
        g_string_prepend_c(s, '"');
        g_string_append_c(s, '"');
    }
    return g_string_free(s, FALSE);
}
