/* scenarios/override.c - dotted paths (`clients.auto_recovery.interval`,
 * `members.list.1.zone`) and setting a value at one in a YAML tree, as --set, --sweep
 * and sweep: do.  Trees are never changed: the nodes on the path are copied. */
#include "scenarios/scenario-private.h"

#include <stdarg.h>
#include <string.h>

static gboolean is_index(const char *s)
{
    if (*s == '\0')
        return FALSE;
    for (const char *p = s; *p; p++)
        if (!g_ascii_isdigit(*p))
            return FALSE;
    return TRUE;
}

void scn_path_clear(ScnPath *p)
{
    g_clear_pointer(&p->segs, g_strfreev);
    p->n = 0;
}

typedef struct {
    ScnArena *arena;
    const ScnPath *path;
    ScnNode *value;
    ScnPos key_pos;
    ScnDiag *diag;
    ScnPos err_pos;
    const char *what;
} SetCtx;

/* The first `n` parts of a path, dotted. */
static char *prefix(const ScnPath *p, guint n)
{
    g_autofree char **head = g_new0(char *, n + 1);
    memcpy(head, p->segs, n * sizeof *head);
    return g_strjoinv(".", head);
}

static void fail(SetCtx *c, guint depth, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void fail(SetCtx *c, guint depth, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *why = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autofree char *full = prefix(c->path, c->path->n);
    g_autofree char *at = prefix(c->path, depth);
    scn_diag_add(c->diag, c->err_pos, "%s %s: %s %s", c->what, full, *at ? at : "the scenario",
                 why);
}

/* At `members` or `clients` (depth 1): TRUE when the path goes on to `seg`. */
static gboolean at_group_key(const SetCtx *c, guint depth, const char *seg)
{
    if (depth != 1)
        return FALSE;
    const char *top = c->path->segs[0];
    return (strcmp(top, "members") == 0 || strcmp(top, "clients") == 0) &&
           strcmp(c->path->segs[1], seg) == 0;
}

/* Keys that replace each other: the count and the list of members, of clients and of a
 * client group's clients; a workload's rate and threads (a client group's too): setting
 * rate, or threads other than 0, makes the open or the closed loop.  Only the path to
 * the key itself does: a deeper one changes one entry of the list. */
static const char *excluded_sibling(const SetCtx *c, guint depth)
{
    const ScnPath *p = c->path;
    if (depth + 1 != p->n)
        return NULL;
    const char *top = p->segs[0], *key = p->segs[depth];
    gboolean group = depth >= 2 && strcmp(top, "clients") == 0 && is_index(p->segs[1]);
    if ((depth == 1 && (strcmp(top, "members") == 0 || strcmp(top, "clients") == 0)) ||
        (depth == 2 && group))
        return strcmp(key, "count") == 0 ? "list" : strcmp(key, "list") == 0 ? "count" : NULL;
    if ((depth == 1 && strcmp(top, "workload") == 0) ||
        (depth == 3 && group && strcmp(p->segs[2], "workload") == 0)) {
        const ScnNode *v = c->value;
        char *end = NULL;
        gboolean zero = v->kind == SCN_NODE_SCALAR && v->len > 0 &&
                        g_ascii_strtoll(v->text, &end, 10) == 0 && *end == '\0';
        return strcmp(key, "rate") == 0 ? "threads"
               : strcmp(key, "threads") == 0 && !zero ? "rate" : NULL;
    }
    return NULL;
}

static ScnNode *set_in(SetCtx *c, const ScnNode *node, guint depth)
{
    if (depth == c->path->n)
        return c->value;
    const char *seg = c->path->segs[depth];
    if (node == NULL || scn_node_is_null(node)) {
        ScnNodeKind kind = is_index(seg) ? SCN_NODE_SEQ : SCN_NODE_MAP;
        node = scn_node_container(c->arena, kind, c->key_pos, 0, 0);
    }
    if (node->kind == SCN_NODE_SCALAR) {
        fail(c, depth, "is a single value, not a mapping or a list");
        return NULL;
    }
    if (node->kind == SCN_NODE_SEQ) {
        if (!is_index(seg)) {
            fail(c, depth, "is a list: `%s` must be an index, 0..%u", seg,
                 node->n ? node->n - 1 : 0);
            return NULL;
        }
        guint64 idx = g_ascii_strtoull(seg, NULL, 10);
        if (idx > node->n) {
            fail(c, depth, "has %u %s: index %s is beyond the next one, %u", node->n,
                 node->n == 1 ? "entry" : "entries", seg, node->n);
            return NULL;
        }
        ScnNode *child = set_in(c, idx < node->n ? node->items[idx] : NULL, depth + 1);
        if (child == NULL)
            return NULL;
        ScnNode *copy = scn_node_container(c->arena, SCN_NODE_SEQ, node->pos, node->n + 1,
                                           node->flags);
        for (guint32 i = 0; i < node->n; i++)
            scn_node_seq_add(copy, i == idx ? child : node->items[i]);
        if (idx == node->n)
            scn_node_seq_add(copy, child);           /* the next entry */
        return copy;
    }
    /* a mapping */
    const ScnNode *old = scn_map_get(node, seg);
    if (c->path->n > 2 && at_group_key(c, depth, "list") &&
        (old == NULL || scn_node_is_null(old))) {
        /* creating the list would drop the group's other members (or clash with count) */
        gboolean count = scn_map_get(node, "count") != NULL;
        fail(c, depth + 1, "does not exist%s%s%s: give the whole list first",
             count ? " (" : "", count ? c->path->segs[0] : "",
             count ? " are given by count)" : "");
        return NULL;
    }
    ScnNode *child = set_in(c, old, depth + 1);
    if (child == NULL)
        return NULL;
    const char *drop = excluded_sibling(c, depth);
    ScnNode *copy = scn_node_container(c->arena, SCN_NODE_MAP, node->pos, node->n + 1,
                                       node->flags);
    for (guint32 i = 0; i < node->n; i++) {
        ScnNode *k = node->items[2 * i];
        if (!drop || strcmp(k->text, drop) != 0)
            scn_node_map_add(copy, k, strcmp(k->text, seg) == 0 ? child : node->items[2 * i + 1]);
    }
    if (old == NULL)                             /* keys are unique: `seg` was not there */
        scn_node_map_add(copy, scn_node_scalar(c->arena, c->key_pos, seg, 0), child);
    return copy;
}

ScnNode *scn_tree_set(ScnArena *arena, const ScnNode *root, const ScnPath *path,
                      ScnNode *value, ScnPos key_pos, ScnDiag *diag, ScnPos err_pos,
                      const char *what)
{
    SetCtx c = {arena, path, value, key_pos, diag, err_pos, what};
    return set_in(&c, root, 0);                  /* an empty path: the value itself */
}

const ScnNode *scn_tree_lookup(const ScnNode *root, const ScnPath *path)
{
    const ScnNode *n = root;
    for (guint i = 0; n && i < path->n; i++) {
        const char *seg = path->segs[i];
        if (n->kind == SCN_NODE_MAP) {
            n = scn_map_get(n, seg);
        } else if (n->kind == SCN_NODE_SEQ && is_index(seg)) {
            guint64 idx = g_ascii_strtoull(seg, NULL, 10);
            n = idx < n->n ? n->items[idx] : NULL;
        } else {
            n = NULL;
        }
    }
    return n;
}

/* ---- options ---- */

gboolean scn_override_path(ScnDiag *d, ScnPos pos, const char *text, const char *what,
                           ScnPath *out)
{
    *out = (ScnPath){0};
    g_autofree char *t = g_strstrip(g_strdup(text));
    const char *why = *t ? NULL : "the path is empty";
    g_auto(GStrv) segs = g_strsplit(t, ".", -1);
    guint n = g_strv_length(segs);
    g_autofree char *big = NULL;
    for (guint i = 0; !why && i < n; i++) {
        if (segs[i][0] == '\0')
            why = "a path has no empty parts (write `a.b.c`)";
        else if (is_index(segs[i]) && strlen(segs[i]) > 9)
            why = big = g_strdup_printf("index %s is too large", segs[i]);
    }
    if (!why && n > SCN_MAX_DEPTH)
        why = big = g_strdup_printf("a path has at most %d parts", SCN_MAX_DEPTH);
    if (why) {
        scn_diag_add(d, pos, "%s: `%.80s` is not a path: %s", what, text, why);
        return FALSE;
    }
    if (strcmp(segs[0], "sweep") == 0 || strcmp(segs[0], "expect") == 0) {
        if (strcmp(what, "--set") == 0)
            scn_diag_add(d, pos, "--set cannot change %s: (use --sweep for sweeps)", segs[0]);
        else
            scn_diag_add(d, pos, "%s: %s cannot be swept", what, segs[0]);
        return FALSE;
    }
    out->segs = g_steal_pointer(&segs);
    out->n = n;
    return TRUE;
}

GArray *scn_options_read(const char *const *options, guint16 src, ScnDiag *d)
{
    const char *what = src == SCN_SRC_SET ? "--set" : "--sweep";
    const char *form = src == SCN_SRC_SET ? "PATH=VALUE" : "PATH=V1,V2,...";
    GArray *out = g_array_new(FALSE, FALSE, sizeof(ScnOption));
    for (guint i = 0; options && options[i]; i++) {
        ScnOption o = {.pos = {src, i + 1, 0}};
        if (i >= SCN_MAX_OPTIONS) {
            scn_diag_add_limit(d, o.pos, "more than %d %s options", SCN_MAX_OPTIONS, what);
            break;
        }
        const char *opt = options[i], *eq = strchr(opt, '=');
        if (eq == NULL) {
            scn_diag_add(d, o.pos, "%s takes %s (got `%.80s`)", what, form, opt);
            continue;
        }
        g_autofree char *ptext = g_strndup(opt, (gsize)(eq - opt));
        if (!scn_override_path(d, o.pos, ptext, what, &o.path))
            continue;
        o.value = eq + 1;
        g_array_append_val(out, o);
    }
    return out;
}

void scn_options_free(GArray *options)
{
    for (guint i = 0; i < options->len; i++)
        scn_path_clear(&g_array_index(options, ScnOption, i).path);
    g_array_free(options, TRUE);
}
