/* scenarios/override.c - dotted paths (`clients.auto_recovery.interval`,
 * `members.list.1.zone`) and setting a value at one in a YAML tree, as --set, --sweep
 * and sweep: do.  Trees are never changed: the nodes on the path are copied. */
#include "scenarios/scenario-private.h"

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

gboolean scn_path_parse(const char *text, ScnPath *out, char **why)
{
    out->segs = NULL;
    out->n = 0;
    char *t = g_strstrip(g_strdup(text));
    if (*t == '\0') {
        *why = g_strdup("the path is empty");
        g_free(t);
        return FALSE;
    }
    char **segs = g_strsplit(t, ".", -1);
    g_free(t);
    guint n = g_strv_length(segs);
    for (guint i = 0; i < n; i++) {
        if (segs[i][0] == '\0') {
            *why = g_strdup("a path has no empty parts (write `a.b.c`)");
            g_strfreev(segs);
            return FALSE;
        }
        if (is_index(segs[i]) && strlen(segs[i]) > 9) {
            *why = g_strdup_printf("index %s is too large", segs[i]);
            g_strfreev(segs);
            return FALSE;
        }
    }
    if (n > SCN_MAX_DEPTH) {
        *why = g_strdup_printf("a path has at most %d parts", SCN_MAX_DEPTH);
        g_strfreev(segs);
        return FALSE;
    }
    out->segs = segs;
    out->n = n;
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

static char *prefix(const ScnPath *p, guint n)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < n; i++) {
        if (i) g_string_append_c(s, '.');
        g_string_append(s, p->segs[i]);
    }
    return g_string_free(s, FALSE);
}

static void fail(SetCtx *c, guint depth, const char *why)
{
    char *full = prefix(c->path, c->path->n);
    char *at = prefix(c->path, depth);
    scn_diag_add(c->diag, c->err_pos, "%s %s: %s %s", c->what, full, *at ? at : "the scenario",
                 why);
    g_free(full);
    g_free(at);
}

/* `members.count` and `members.list` replace each other (`clients` too). */
static const char *excluded_sibling(const SetCtx *c, guint depth)
{
    if (depth != 1)
        return NULL;
    const char *top = c->path->segs[0], *seg = c->path->segs[1];
    if (strcmp(top, "members") != 0 && strcmp(top, "clients") != 0)
        return NULL;
    if (strcmp(seg, "count") == 0)
        return "list";
    if (strcmp(seg, "list") == 0)
        return "count";
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
            char *why = g_strdup_printf("is a list: `%s` must be an index, 0..%u", seg,
                                        node->n ? node->n - 1 : 0);
            fail(c, depth, why);
            g_free(why);
            return NULL;
        }
        guint64 idx = g_ascii_strtoull(seg, NULL, 10);
        if (idx > node->n) {
            char *why = g_strdup_printf("has %u %s: index %s is beyond the next one, %u",
                                        node->n, node->n == 1 ? "entry" : "entries", seg,
                                        node->n);
            fail(c, depth, why);
            g_free(why);
            return NULL;
        }
        ScnNode *child = set_in(c, idx < node->n ? node->items[idx] : NULL, depth + 1);
        if (child == NULL)
            return NULL;
        guint32 n = node->n + (idx == node->n);
        ScnNode *copy = scn_node_container(c->arena, SCN_NODE_SEQ, node->pos, n, node->flags);
        for (guint32 i = 0; i < node->n; i++)
            scn_node_seq_add(copy, node->items[i]);
        if (idx == node->n)
            scn_node_seq_add(copy, child);
        else
            copy->items[idx] = child;
        return copy;
    }
    /* a mapping */
    const ScnNode *old = scn_map_get(node, seg);
    ScnNode *child = set_in(c, old, depth + 1);
    if (child == NULL)
        return NULL;
    const char *drop = excluded_sibling(c, depth);
    ScnNode *copy = scn_node_container(c->arena, SCN_NODE_MAP, node->pos, node->n + 1,
                                       node->flags);
    gboolean placed = FALSE;
    for (guint32 i = 0; i < node->n; i++) {
        ScnNode *k = node->items[2 * i];
        if (drop && strcmp(k->text, drop) == 0)
            continue;
        if (strcmp(k->text, seg) == 0) {
            scn_node_map_add(copy, k, child);
            placed = TRUE;
        } else {
            scn_node_map_add(copy, k, node->items[2 * i + 1]);
        }
    }
    if (!placed)
        scn_node_map_add(copy, scn_node_scalar(c->arena, c->key_pos, seg, 0), child);
    return copy;
}

ScnNode *scn_tree_set(ScnArena *arena, const ScnNode *root, const ScnPath *path,
                      ScnNode *value, ScnPos key_pos, ScnDiag *diag, ScnPos err_pos,
                      const char *what)
{
    SetCtx c = {arena, path, value, key_pos, diag, err_pos, what};
    if (path->n == 0)
        return value;
    return set_in(&c, root, 0);
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
