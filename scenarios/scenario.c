/* scenarios/scenario.c - loading a scenario (read, parse, override, type), what turns
 * it into a study (the sweep axes of the file's sweep: section and the --sweep options,
 * checked value by value, and the expect: bounds), its accessors, sweep points and
 * canonical printing. */
#include "scenarios/typing-private.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* One sweep axis (the file's sweep: section or a --sweep option). */
typedef struct {
    char *path_text;       /* dotted path, as normalised from the text */
    ScnPath path;
    ScnPos key_pos;        /* where the axis was written */
    const ScnNode *values; /* the list of values as written (in the scenario's arena) */
    GPtrArray *canon;      /* char *, canonical text of each value */
    GPtrArray *canon_node; /* ScnNode *, canonical node of each value (arena) */
} ScnAxis;

static ScnAxis *axis_at(const ScnScenario *s, guint i)
{
    return g_ptr_array_index(s->axes, i);
}

static void axis_free(gpointer p)
{
    ScnAxis *a = p;
    g_free(a->path_text);
    scn_path_clear(&a->path);
    g_ptr_array_free(a->canon, TRUE);
    g_ptr_array_free(a->canon_node, TRUE);
    g_free(a);
}

/* Adds the axis of `path` (taken over) with the list `values` to s->axes, replacing
 * an earlier one of the same path in place (a --sweep over a file axis); `index` maps
 * each axis's path_text to its index + 1. */
static void add_axis(ScnScenario *s, GHashTable *index, ScnPath *path, ScnPos key_pos,
                     const ScnNode *values)
{
    ScnAxis *a = g_new0(ScnAxis, 1);
    a->path_text = g_strjoinv(".", path->segs);
    a->path = *path;
    *path = (ScnPath){0};
    a->key_pos = key_pos;
    a->values = values;
    a->canon = g_ptr_array_new_with_free_func(g_free);
    a->canon_node = g_ptr_array_new();
    GPtrArray *axes = s->axes;
    guint at = GPOINTER_TO_UINT(g_hash_table_lookup(index, a->path_text));
    ScnAxis *old = at ? g_ptr_array_index(axes, at - 1) : NULL;
    if (old) {
        g_ptr_array_index(axes, at - 1) = a;
    } else {
        g_ptr_array_add(axes, a);
        at = axes->len;
    }
    /* the key too: the old one is the old axis's path_text */
    g_hash_table_replace(index, a->path_text, GUINT_TO_POINTER(at));
    if (old)
        axis_free(old);
}

static void file_axes(ScnScenario *s, GHashTable *index, const ScnNode *sweep, ScnDiag *d)
{
    if (scn_node_is_null(sweep))
        return;
    if (sweep->kind != SCN_NODE_MAP) {
        scn_diag_got(d, sweep, "sweep must be a mapping of PATH: [VALUE, ...]");
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
        add_axis(s, index, &path, k->pos, v);
    }
}

static void option_axes(ScnScenario *s, GHashTable *index, const char *const *options,
                        ScnDiag *d)
{
    GArray *opts = scn_options_read(options, SCN_SRC_SWEEP, d);
    for (guint i = 0; i < opts->len; i++) {
        ScnOption *o = &g_array_index(opts, ScnOption, i);
        /* the values are read as the YAML flow list [V1,V2,...] */
        ScnNode *v = scn_yaml_parse(s->arena, o->value, strlen(o->value), SCN_SRC_SWEEP,
                                    o->pos.line, TRUE, FALSE, d, NULL);
        if (v == NULL)
            continue;
        if (v->kind != SCN_NODE_SEQ || v->n == 0) {
            g_autofree char *p = g_strjoinv(".", o->path.segs);
            scn_diag_add(d, o->pos, "--sweep %s needs at least one value", p);
            continue;
        }
        add_axis(s, index, &o->path, o->pos, v);
    }
    scn_options_free(opts);
}

/* Reads the file's sweep: section and the --sweep options into s->axes. */
static void study_axes(ScnScenario *s, const ScnNode *sweep, const char *const *options,
                       ScnDiag *d)
{
    GHashTable *index = g_hash_table_new(g_str_hash, g_str_equal);
    if (sweep)
        file_axes(s, index, sweep, d);
    option_axes(s, index, options, d);
    g_hash_table_destroy(index);
    const ScnNode *key = scn_map_key(s->tree, "sweep");
    ScnPos where = key ? key->pos : (ScnPos){SCN_SRC_SWEEP, 1, 0};
    guint total = 0;
    double points = 1;
    for (guint i = 0; i < s->axes->len; i++) {
        total += axis_at(s, i)->values->n;
        points *= axis_at(s, i)->values->n;
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

/* Errors of one sweep value: those written inside the value (or on the axis key) stay
 * where they are; others (a rule the value breaks elsewhere, e.g. min_copies above a
 * swept members.count) are reported at the value, naming where the rule broke. */
static void relocate(const ScnAxis *a, const ScnNode *value, ScnDiag *from, ScnDiag *to)
{
    GArray *inside = g_array_new(FALSE, FALSE, sizeof(ScnPos));
    collect_positions(value, inside);
    g_array_append_val(inside, a->key_pos);
    g_autofree char *vtext = scn_node_flow_text(value);
    g_autofree char *prefix = g_strdup_printf("with %s = %.60s", a->path_text, vtext);
    scn_diag_move(from, to, inside, value->pos, prefix);
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

/* Checks every value of every axis against the typed scenario, and fills their
 * canonical texts. */
static void check_points(ScnScenario *s, ScnDiag *diag)
{
    for (guint ai = 0; ai < s->axes->len; ai++) {
        ScnAxis *a = axis_at(s, ai);
        for (guint vi = 0; vi < a->values->n; vi++) {
            ScnNode *value = a->values->items[vi];
            ScnArena *tmp = scn_arena_new();
            ScnDiag *pd = scn_diag_new(&s->sources);
            ScnTyped pt = {0};
            ScnNode *tree = scn_tree_set(tmp, s->tree, &a->path, value, a->key_pos,
                                         pd, value->pos, "cannot sweep");
            gboolean ok = tree && scn_type(tree, s->default_name, pd, &pt);
            ScnNode *canon = ok ? canonical(s, a, value, &pt, tmp)
                                : scn_node_copy(s->arena, value);
            if (!ok)
                relocate(a, value, pd, diag);
            g_ptr_array_add(a->canon_node, canon);
            g_ptr_array_add(a->canon, scn_node_flow_text(canon));
            scn_typed_clear(&pt);
            scn_diag_free(pd);
            scn_arena_free(tmp);
        }
    }
}

/* Applies one value per axis to the tree; NULL after errors in `diag`. */
static ScnNode *point_tree(const ScnScenario *s, ScnArena *tmp, const guint *value_index,
                           ScnDiag *diag)
{
    ScnNode *tree = s->tree;
    for (guint ai = 0; tree && ai < s->axes->len; ai++) {
        const ScnAxis *a = axis_at(s, ai);
        ScnNode *value = a->values->items[value_index[ai]];
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
    const char *why_null = NULL;
    gboolean ok = FALSE;                         /* the metric is known, with a value */
    if (k->len == 0) {
        scn_diag_add(d, k->pos, "expect: a metric name cannot be empty");
    } else if (typed_ok && opts && opts->metric_known &&
               !opts->metric_known(k->text, s->typed.config, opts->metric_data)) {
        const char *sug = opts->metric_names ? scn_suggest(k->text, opts->metric_names, -1) : NULL;
        g_autofree char *got = scn_node_echo(k);
        scn_diag_add(d, k->pos, "unknown metric `%s` in expect%s%s%s", got, SCN_MEAN(sug));
    } else if (typed_ok && opts && opts->metric_why_null &&
               (why_null = opts->metric_why_null(k->text, s->typed.config, opts->metric_data))) {
        scn_diag_add(d, k->pos, "expect: %s has no value in this study: %s", k->text, why_null);
    } else {
        ok = TRUE;
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

static void read_expect(ScnScenario *s, const ScnNode *expect, const ScnOptions *opts,
                        gboolean typed_ok, ScnDiag *d)
{
    if (expect == NULL || scn_node_is_null(expect))
        return;
    if (expect->kind != SCN_NODE_MAP) {
        scn_diag_got(d, expect, "expect must be a mapping of METRIC: {min: X, max: Y}");
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

static ScnScenario *scenario_new(const char *display)
{
    ScnScenario *s = g_new0(ScnScenario, 1);
    s->path = g_strdup(display);
    s->sources.names = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(s->sources.names, g_strdup(display));      /* SCN_SRC_FILE */
    g_ptr_array_add(s->sources.names, g_strdup("--set"));      /* SCN_SRC_SET */
    g_ptr_array_add(s->sources.names, g_strdup("--sweep"));    /* SCN_SRC_SWEEP */
    s->arena = scn_arena_new();
    s->axes = g_ptr_array_new_with_free_func(axis_free);
    s->expects = g_array_new(FALSE, FALSE, sizeof(ScnExpect));
    s->warnings = g_ptr_array_new_with_free_func(g_free);
    return s;
}

void scn_scenario_free(ScnScenario *s)
{
    if (s == NULL)
        return;
    g_free(s->path);
    g_ptr_array_free(s->sources.names, TRUE);
    g_ptr_array_free(s->axes, TRUE);
    for (guint i = 0; i < s->expects->len; i++)
        g_free(g_array_index(s->expects, ScnExpect, i).metric);
    g_array_free(s->expects, TRUE);
    g_ptr_array_free(s->warnings, TRUE);
    scn_typed_clear(&s->typed);
    scn_arena_free(s->arena);
    g_free(s->default_name);
    g_free(s);
}

/* The scenario's name when it gives none: the file's base name without .yaml. */
static char *base_name(const char *display)
{
    char *b = g_path_get_basename(display ? display : "");      /* "" gives "." */
    const char *ext = g_str_has_suffix(b, ".yaml") ? ".yaml"
                      : g_str_has_suffix(b, ".yml") ? ".yml" : "";
    if (strlen(b) > strlen(ext))
        b[strlen(b) - strlen(ext)] = '\0';
    if (*b == '\0' || strcmp(b, ".") == 0 || strcmp(b, "/") == 0) {
        g_free(b);
        return g_strdup("scenario");
    }
    return b;
}

/* Applies the --set options to s->tree, in order. */
static void apply_overrides(ScnScenario *s, const char *const *overrides, ScnDiag *d)
{
    GArray *opts = scn_options_read(overrides, SCN_SRC_SET, d);
    for (guint i = 0; i < opts->len; i++) {
        const ScnOption *o = &g_array_index(opts, ScnOption, i);
        ScnNode *value = scn_yaml_parse(s->arena, o->value, strlen(o->value), SCN_SRC_SET,
                                        o->pos.line, FALSE, TRUE, d, NULL);
        if (value) {
            ScnNode *tree = scn_tree_set(s->arena, s->tree, &o->path, value, o->pos, d, o->pos,
                                         "cannot set");
            if (tree)
                s->tree = tree;
        }
    }
    scn_options_free(opts);
}

static ScnScenario *load(const char *text, gsize len, const char *display,
                         const ScnOptions *opts, GError **error)
{
    ScnScenario *s = scenario_new(display ? display : "<string>");
    s->default_name = base_name(display);
    ScnDiag *d = scn_diag_new(&s->sources);
    s->tree = scn_yaml_parse(s->arena, text, len, SCN_SRC_FILE, 0, FALSE, FALSE, d,
                             &s->n_nodes);
    if (s->tree) {
        apply_overrides(s, opts ? opts->overrides : NULL, d);
        gboolean ok = scn_diag_count(d) == 0;
        ok = scn_type(s->tree, s->default_name, d, &s->typed) && ok;
        const ScnNode *sweep = scn_map_get(s->tree, "sweep");
        guint before = scn_diag_count(d);
        study_axes(s, sweep, opts ? opts->sweeps : NULL, d);
        if (ok && scn_diag_count(d) == before)
            check_points(s, d);
        read_expect(s, scn_map_get(s->tree, "expect"), opts, ok, d);
    }
    if (scn_diag_to_error(d, error)) {
        scn_diag_free(d);
        scn_scenario_free(s);
        return NULL;
    }
    g_ptr_array_free(s->warnings, TRUE);
    s->warnings = scn_diag_warnings(d);
    scn_diag_free(d);
    return s;
}

ScnScenario *scn_load_string(const char *text, gsize len, const char *display_name,
                             const ScnOptions *opts, GError **error)
{
    g_return_val_if_fail(text != NULL || len == 0, NULL);
    return load(text ? text : "", len, display_name, opts, error);
}

ScnScenario *scn_load_file(const char *path, const ScnOptions *opts, GError **error)
{
    g_return_val_if_fail(path != NULL, NULL);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_IO, "%s: cannot read: %s", path, g_strerror(errno));
        return NULL;
    }
    /* read at most one byte past the limit: a huge file costs nothing */
    g_autofree char *buf = g_malloc(SCN_MAX_FILE_BYTES + 1);
    gsize len = fread(buf, 1, SCN_MAX_FILE_BYTES + 1, f);
    int failed = ferror(f), e = errno;
    fclose(f);
    if (failed)
        g_set_error(error, SCN_ERROR, SCN_ERROR_IO, "%s: cannot read: %s", path,
                    e == EISDIR ? "it is a directory" : g_strerror(e));
    else if (len > SCN_MAX_FILE_BYTES)
        g_set_error(error, SCN_ERROR, SCN_ERROR_LIMIT, "%s: the file is larger than the limit, "
                    "%d bytes", path, SCN_MAX_FILE_BYTES);
    else
        return load(buf, len, path, opts, error);
    return NULL;
}

const MdlConfig *scn_scenario_config(const ScnScenario *s) { return s->typed.config; }
const char *scn_scenario_path(const ScnScenario *s) { return s->path; }
guint scn_scenario_n_axes(const ScnScenario *s) { return s->axes->len; }

const char *scn_scenario_axis_path(const ScnScenario *s, guint axis)
{
    g_return_val_if_fail(axis < s->axes->len, NULL);
    return axis_at(s, axis)->path_text;
}

guint scn_scenario_axis_n_values(const ScnScenario *s, guint axis)
{
    g_return_val_if_fail(axis < s->axes->len, 0);
    return axis_at(s, axis)->values->n;
}

const char *scn_scenario_axis_value(const ScnScenario *s, guint axis, guint i)
{
    g_return_val_if_fail(axis < s->axes->len && i < axis_at(s, axis)->canon->len, NULL);
    return g_ptr_array_index(axis_at(s, axis)->canon, i);
}

guint scn_scenario_n_expect(const ScnScenario *s) { return s->expects->len; }
guint scn_scenario_n_warnings(const ScnScenario *s) { return s->warnings->len; }

const char *scn_scenario_warning(const ScnScenario *s, guint i)
{
    g_return_val_if_fail(i < s->warnings->len, NULL);
    return g_ptr_array_index(s->warnings, i);
}

const ScnExpect *scn_scenario_expect(const ScnScenario *s, guint i)
{
    g_return_val_if_fail(i < s->expects->len, NULL);
    return &g_array_index(s->expects, ScnExpect, i);
}

ScnScenario *scn_scenario_at_point(const ScnScenario *s, const guint *value_index,
                                   GError **error)
{
    g_return_val_if_fail(s != NULL, NULL);
    for (guint a = 0; a < s->axes->len; a++)
        g_return_val_if_fail(value_index != NULL &&
                             value_index[a] < scn_scenario_axis_n_values(s, a), NULL);
    ScnScenario *p = scenario_new(s->path);
    p->default_name = g_strdup(s->default_name);
    for (guint i = 0; i < s->expects->len; i++) {
        ScnExpect e = g_array_index(s->expects, ScnExpect, i);
        e.metric = g_strdup(e.metric);
        g_array_append_val(p->expects, e);
    }
    if (s->axes->len == 0) {                  /* also a point's scenario, without tree */
        scn_typed_copy(&p->typed, &s->typed);
        return p;
    }
    ScnArena *tmp = scn_arena_new();
    ScnDiag *d = scn_diag_new(&s->sources);
    ScnNode *tree = point_tree(s, tmp, value_index, d);
    if (tree)
        scn_type(tree, s->default_name, d, &p->typed);
    gboolean failed = scn_diag_to_error(d, error);
    scn_diag_free(d);
    scn_arena_free(tmp);
    if (failed) {
        scn_scenario_free(p);
        return NULL;
    }
    return p;
}

char *scn_scenario_print(const ScnScenario *s)
{
    ScnArena *a = scn_arena_new();
    ScnCanon c = {.a = a};
    ScnNode *root = scn_canon_tree(a, &s->typed, NULL);
    if (s->axes->len) {
        ScnNode *sweep = scn_canon_map(&c, s->axes->len, FALSE);
        for (guint i = 0; i < s->axes->len; i++) {
            const ScnAxis *ax = axis_at(s, i);
            ScnNode *vals = scn_canon_seq(&c, ax->canon_node->len, TRUE);
            for (guint j = 0; j < ax->canon_node->len; j++)
                scn_node_seq_add(vals, g_ptr_array_index(ax->canon_node, j));
            scn_canon_put(&c, sweep, ax->path_text, vals);
        }
        scn_canon_put(&c, root, "sweep", sweep);
    }
    if (s->expects->len) {
        ScnNode *ex = scn_canon_map(&c, s->expects->len, FALSE);
        for (guint i = 0; i < s->expects->len; i++) {
            const ScnExpect *e = &g_array_index(s->expects, ScnExpect, i);
            ScnNode *b = scn_canon_map(&c, 2, TRUE);
            if (e->has_min)
                scn_canon_put(&c, b, "min", scn_canon_double(&c, e->min));
            if (e->has_max)
                scn_canon_put(&c, b, "max", scn_canon_double(&c, e->max));
            scn_canon_put(&c, ex, e->metric, b);
        }
        scn_canon_put(&c, root, "expect", ex);
    }
    char *text = scn_node_emit(root);
    scn_arena_free(a);
    return text;
}

char *scn_scenario_sha256(const ScnScenario *s)
{
    char *text = scn_scenario_print(s);
    char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text ? text : "", -1);
    g_free(text);
    return sum;
}
