/* scenarios/study.c - what turns a scenario into a study: the sweep axes (the file's
 * sweep: section and --sweep options), checked value by value, and the expect: bounds. */
#include "scenarios/typing-private.h"

#include <math.h>
#include <string.h>

void scn_axis_free(gpointer p)
{
    ScnAxis *a = p;
    g_free(a->path_text);
    scn_path_clear(&a->path);
    g_ptr_array_free(a->values, TRUE);
    g_ptr_array_free(a->canon, TRUE);
    g_ptr_array_free(a->canon_node, TRUE);
    g_free(a);
}

/* The axes being read: s->axes, and where each path's axis is in it. */
typedef struct {
    ScnScenario *s;
    GHashTable *index;     /* path_text (the axis's) -> its index + 1 */
} Axes;

/* Adds the axis of `path` (taken over) with the items of `values`, replacing an earlier
 * one of the same path in place (a --sweep over a file axis). */
static void add_axis(Axes *ax, ScnPath *path, ScnPos key_pos, const ScnNode *values)
{
    ScnAxis *a = g_new0(ScnAxis, 1);
    a->path_text = g_strjoinv(".", path->segs);
    a->path = *path;
    *path = (ScnPath){0};
    a->key_pos = key_pos;
    a->values = g_ptr_array_sized_new(values->n);
    for (guint32 j = 0; j < values->n; j++)
        g_ptr_array_add(a->values, values->items[j]);
    a->canon = g_ptr_array_new_with_free_func(g_free);
    a->canon_node = g_ptr_array_new();
    GPtrArray *axes = ax->s->axes;
    guint at = GPOINTER_TO_UINT(g_hash_table_lookup(ax->index, a->path_text));
    ScnAxis *old = at ? g_ptr_array_index(axes, at - 1) : NULL;
    if (old) {
        g_ptr_array_index(axes, at - 1) = a;
    } else {
        g_ptr_array_add(axes, a);
        at = axes->len;
    }
    /* the key too: the old one is the old axis's path_text */
    g_hash_table_replace(ax->index, a->path_text, GUINT_TO_POINTER(at));
    if (old)
        scn_axis_free(old);
}

static void file_axes(Axes *ax, const ScnNode *sweep, ScnDiag *d)
{
    if (scn_node_is_null(sweep))
        return;
    if (sweep->kind != SCN_NODE_MAP) {
        g_autofree char *got = scn_node_echo(sweep);
        scn_diag_add(d, sweep->pos, "sweep must be a mapping of PATH: [VALUE, ...] (got %s)",
                     got);
        return;
    }
    for (guint32 i = 0; i < sweep->n; i++) {
        const ScnNode *k = sweep->items[2 * i], *v = sweep->items[2 * i + 1];
        ScnPath path;
        if (!scn_override_path(d, k->pos, k->text, "sweep", &path))
            continue;
        if (v->kind != SCN_NODE_SEQ || v->n == 0) {
            g_autofree char *got = scn_node_echo(v);
            scn_diag_add(d, v->pos, "sweep.%s must be a non-empty list of values (got %s)",
                         k->text, v->kind == SCN_NODE_SEQ ? "an empty list" : got);
            scn_path_clear(&path);
            continue;
        }
        add_axis(ax, &path, k->pos, v);
    }
}

static void option_axes(Axes *ax, const char *const *options, ScnDiag *d)
{
    GArray *opts = scn_options_read(options, SCN_SRC_SWEEP, d);
    for (guint i = 0; i < opts->len; i++) {
        ScnOption *o = &g_array_index(opts, ScnOption, i);
        /* the values are read as the YAML flow list [V1,V2,...] */
        ScnNode *v = scn_yaml_parse(ax->s->arena, o->value, strlen(o->value), SCN_SRC_SWEEP,
                                    o->pos.line, TRUE, FALSE, d, NULL);
        if (v == NULL)
            continue;
        if (v->kind != SCN_NODE_SEQ || v->n == 0) {
            g_autofree char *p = g_strjoinv(".", o->path.segs);
            scn_diag_add(d, o->pos, "--sweep %s needs at least one value", p);
            continue;
        }
        add_axis(ax, &o->path, o->pos, v);
    }
    scn_options_free(opts);
}

void scn_study_axes(ScnScenario *s, const ScnNode *sweep, const char *const *options,
                    ScnDiag *d)
{
    Axes ax = {s, g_hash_table_new(g_str_hash, g_str_equal)};
    if (sweep)
        file_axes(&ax, sweep, d);
    option_axes(&ax, options, d);
    g_hash_table_destroy(ax.index);
    const ScnNode *key = scn_map_key(s->tree, "sweep");
    ScnPos where = key ? key->pos : (ScnPos){SCN_SRC_SWEEP, 1, 0};
    guint total = 0;
    double points = 1;
    for (guint i = 0; i < s->axes->len; i++) {
        ScnAxis *a = g_ptr_array_index(s->axes, i);
        total += a->values->len;
        points *= a->values->len;
    }
    if (s->axes->len > SCN_MAX_AXES)
        scn_diag_add_limit(d, where, "sweep has %u axes, more than the limit, %d",
                           s->axes->len, SCN_MAX_AXES);
    else if (total > SCN_MAX_SWEEP_VALUES)
        scn_diag_add_limit(d, where, "sweep has %u values, more than the limit, %d", total,
                           SCN_MAX_SWEEP_VALUES);
    else if (points > SCN_MAX_SWEEP_POINTS)
        scn_diag_add_limit(d, where, "sweep has %.0f points, more than the limit, %d", points,
                           SCN_MAX_SWEEP_POINTS);
    else if ((double)total * MAX(s->n_nodes, 1) > SCN_MAX_SWEEP_WORK)
        scn_diag_add_limit(d, where, "sweep: checking %u values on a file of %u YAML nodes "
                           "exceeds the limit of %d value x node", total, s->n_nodes,
                           SCN_MAX_SWEEP_WORK);
}

static void collect_positions(const ScnNode *n, GArray *out)
{
    g_array_append_val(out, n->pos);
    guint32 slots = n->kind == SCN_NODE_MAP ? 2 * n->n : n->kind == SCN_NODE_SEQ ? n->n : 0;
    for (guint32 i = 0; i < slots; i++)
        collect_positions(n->items[i], out);
}

static gboolean same_pos(ScnPos a, ScnPos b)
{
    return a.src == b.src && a.line == b.line && a.col == b.col;
}

/* Errors of one sweep value: those written inside the value (or on the axis key) stay
 * where they are; others (a rule the value breaks elsewhere, e.g. min_copies above a
 * swept members.count) are reported at the value, naming where the rule broke. */
static void relocate(ScnScenario *s, const ScnAxis *a, const ScnNode *value, ScnDiag *from,
                     ScnDiag *to)
{
    GArray *inside = g_array_new(FALSE, FALSE, sizeof(ScnPos));
    collect_positions(value, inside);
    g_array_append_val(inside, a->key_pos);
    g_autofree char *vtext = scn_node_flow_text(value);
    for (guint i = 0; i < scn_diag_n_kept(from); i++) {
        ScnPos pos;
        gboolean limit;
        const char *msg = scn_diag_message(from, i, &pos, &limit);
        gboolean in = FALSE;
        for (guint j = 0; j < inside->len && !in; j++)
            in = same_pos(pos, g_array_index(inside, ScnPos, j));
        if (in) {
            scn_diag_add_text(to, pos, limit, msg);
        } else {
            /* within the same source, line:column is enough */
            g_autofree char *where = pos.src == value->pos.src && pos.col
                                         ? g_strdup_printf("%u:%u", pos.line, pos.col)
                                         : scn_pos_format(&s->sources, pos);
            g_autofree char *text = g_strdup_printf("with %s = %.60s: %s (at %s)", a->path_text,
                                                    vtext, msg, where);
            scn_diag_add_text(to, value->pos, limit, text);
        }
    }
    g_array_free(inside, TRUE);
}

/* The canonical node of a value: the printed form of what it set. */
static ScnNode *canonical(ScnScenario *s, const ScnAxis *a, const ScnNode *value,
                          const ScnTyped *pt, ScnArena *tmp)
{
    const char *const *seg = (const char *const *)a->path.segs;
    if (a->path.n == 2 && strcmp(seg[1], "count") == 0 &&
        (strcmp(seg[0], "members") == 0 || strcmp(seg[0], "clients") == 0)) {
        uint32_t n = strcmp(seg[0], "members") == 0 ? pt->config->n_members
                                                    : pt->config->n_clients;
        return scn_node_scalar(s->arena, value->pos, scn_arena_printf(tmp, "%u", n), 0);
    }
    ScnNode *canon = scn_canon_tree(tmp, pt, a->path.segs[0]);
    const ScnNode *n = scn_tree_lookup(canon, &a->path);
    return scn_node_copy(s->arena, n ? n : value);
}

void scn_study_check_points(ScnScenario *s, ScnDiag *diag)
{
    for (guint ai = 0; ai < s->axes->len; ai++) {
        ScnAxis *a = g_ptr_array_index(s->axes, ai);
        for (guint vi = 0; vi < a->values->len; vi++) {
            ScnNode *value = g_ptr_array_index(a->values, vi);
            ScnArena *tmp = scn_arena_new();
            ScnDiag *pd = scn_diag_new(&s->sources);
            ScnTyped pt = {0};
            ScnNode *tree = scn_tree_set(tmp, s->tree, &a->path, value, a->key_pos,
                                         pd, value->pos, "cannot sweep");
            gboolean ok = tree && scn_type(tree, s->default_name, pd, &pt);
            ScnNode *canon = ok ? canonical(s, a, value, &pt, tmp)
                                : scn_node_copy(s->arena, value);
            if (!ok)
                relocate(s, a, value, pd, diag);
            g_ptr_array_add(a->canon_node, canon);
            g_ptr_array_add(a->canon, scn_node_flow_text(canon));
            scn_typed_clear(&pt);
            scn_diag_free(pd);
            scn_arena_free(tmp);
        }
    }
}

ScnNode *scn_study_point_tree(const ScnScenario *s, ScnArena *tmp, const guint *value_index,
                              ScnDiag *diag)
{
    ScnNode *tree = s->tree;
    for (guint ai = 0; tree && ai < s->axes->len; ai++) {
        const ScnAxis *a = g_ptr_array_index(s->axes, ai);
        ScnNode *value = g_ptr_array_index(a->values, value_index[ai]);
        tree = scn_tree_set(tmp, tree, &a->path, value, a->key_pos, diag, value->pos,
                            "cannot sweep");
    }
    return tree;
}

/* ---- expect ---- */

static void one_expect(ScnScenario *s, const ScnNode *k, const ScnNode *v,
                       const ScnOptions *opts, gboolean typed_ok, ScnDiag *d)
{
    static const char *const keys[] = {"min", "max", NULL};
    gboolean ok = TRUE;
    if (k->len == 0) {
        scn_diag_add(d, k->pos, "expect: a metric name cannot be empty");
        ok = FALSE;
    } else if (typed_ok && opts && opts->metric_known &&
               !opts->metric_known(k->text, s->typed.config, opts->metric_data)) {
        const char *sug = opts->metric_names ? scn_suggest(k->text, opts->metric_names, -1) : NULL;
        g_autofree char *got = scn_node_echo(k);
        scn_diag_add(d, k->pos, "unknown metric `%s` in expect%s%s%s", got, SCN_MEAN(sug));
        ok = FALSE;
    } else if (typed_ok && opts && opts->metric_why_null &&
               opts->metric_why_null(k->text, s->typed.config, opts->metric_data)) {
        scn_diag_add(d, k->pos, "expect: %s has no value in this study: %s", k->text,
                     opts->metric_why_null(k->text, s->typed.config, opts->metric_data));
        ok = FALSE;
    }
    g_autofree char *p = g_strconcat("expect.", k->text, NULL);
    if (!scn_check_map(d, v, p, keys))
        return;
    const ScnNode *mn = scn_map_get(v, "min"), *mx = scn_map_get(v, "max");
    ScnExpect e = {0};
    if (mn == NULL && mx == NULL) {
        if (scn_unknown_keys(v, keys) == 0)
            scn_diag_add(d, v->pos, "%s needs min, max or both", p);
        return;
    }
    g_autofree char *pmin = g_strconcat(p, ".min", NULL);
    g_autofree char *pmax = g_strconcat(p, ".max", NULL);
    if (mn)
        ok = (e.has_min = scn_get_double(d, mn, pmin, -INFINITY, FALSE, INFINITY, &e.min)) && ok;
    if (mx)
        ok = (e.has_max = scn_get_double(d, mx, pmax, -INFINITY, FALSE, INFINITY, &e.max)) && ok;
    if (e.has_min && e.has_max && e.min > e.max) {
        char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
        scn_diag_add(d, mx->pos, "%s must be >= min, %s (got %s)", pmax,
                     scn_format_double(e.min, a, sizeof a), scn_format_double(e.max, b, sizeof b));
        ok = FALSE;
    }
    if (!ok)
        return;
    e.metric = g_strdup(k->text);
    g_array_append_val(s->expects, e);
}

void scn_study_expect(ScnScenario *s, const ScnNode *expect, const ScnOptions *opts,
                      gboolean typed_ok, ScnDiag *d)
{
    if (expect == NULL || scn_node_is_null(expect))
        return;
    if (expect->kind != SCN_NODE_MAP) {
        g_autofree char *got = scn_node_echo(expect);
        scn_diag_add(d, expect->pos, "expect must be a mapping of METRIC: {min: X, max: Y} "
                                     "(got %s)", got);
        return;
    }
    if (expect->n > SCN_MAX_EXPECT) {
        scn_diag_add_limit(d, expect->pos, "expect holds at most %d bounds (got %u)",
                           SCN_MAX_EXPECT, expect->n);
        return;
    }
    for (guint32 i = 0; i < expect->n; i++)
        one_expect(s, expect->items[2 * i], expect->items[2 * i + 1], opts, typed_ok, d);
}
