/* scenarios/scenario.c - loading a scenario (read, parse, override, type, check the
 * sweep and expect sections), its accessors, sweep points and canonical printing. */
#include "scenarios/schema.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static ScnScenario *scenario_new(const char *display)
{
    ScnScenario *s = g_new0(ScnScenario, 1);
    s->path = g_strdup(display);
    s->sources.names = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(s->sources.names, g_strdup(display));      /* SCN_SRC_FILE */
    g_ptr_array_add(s->sources.names, g_strdup("--set"));      /* SCN_SRC_SET */
    g_ptr_array_add(s->sources.names, g_strdup("--sweep"));    /* SCN_SRC_SWEEP */
    s->arena = scn_arena_new();
    s->axes = g_ptr_array_new_with_free_func(scn_axis_free);
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
    if (display == NULL)
        return g_strdup("scenario");
    char *b = g_path_get_basename(display);
    for (const char *ext = ".yaml"; ext; ext = strcmp(ext, ".yaml") == 0 ? ".yml" : NULL) {
        if (g_str_has_suffix(b, ext) && strlen(b) > strlen(ext)) {
            b[strlen(b) - strlen(ext)] = '\0';
            break;
        }
    }
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
        scn_study_axes(s, sweep, opts ? opts->sweeps : NULL, d);
        if (ok && scn_diag_count(d) == before)
            scn_study_check_points(s, d);
        scn_study_expect(s, scn_map_get(s->tree, "expect"), opts, ok, d);
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
        int e = errno;
        g_set_error(error, SCN_ERROR, SCN_ERROR_IO, "%s: cannot read: %s", path, g_strerror(e));
        return NULL;
    }
    /* read at most one byte past the limit: a huge file costs nothing */
    gsize cap = SCN_MAX_FILE_BYTES + 1, len = 0;
    char *buf = g_malloc(cap);
    while (len < cap) {
        size_t got = fread(buf + len, 1, cap - len, f);
        if (got == 0)
            break;
        len += got;
    }
    int failed = ferror(f), e = errno;
    fclose(f);
    if (failed) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_IO, "%s: cannot read: %s", path,
                    e == EISDIR ? "it is a directory" : g_strerror(e));
        g_free(buf);
        return NULL;
    }
    if (len > SCN_MAX_FILE_BYTES) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_LIMIT, "%s: the file is larger than the limit, "
                    "%d bytes", path, SCN_MAX_FILE_BYTES);
        g_free(buf);
        return NULL;
    }
    ScnScenario *s = load(buf, len, path, opts, error);
    g_free(buf);
    return s;
}

const MdlConfig *scn_scenario_config(const ScnScenario *s) { return s->typed.config; }
const char *scn_scenario_path(const ScnScenario *s) { return s->path; }
guint scn_scenario_n_axes(const ScnScenario *s) { return s->axes->len; }

const char *scn_scenario_axis_path(const ScnScenario *s, guint axis)
{
    g_return_val_if_fail(axis < s->axes->len, NULL);
    return ((const ScnAxis *)g_ptr_array_index(s->axes, axis))->path_text;
}

guint scn_scenario_axis_n_values(const ScnScenario *s, guint axis)
{
    g_return_val_if_fail(axis < s->axes->len, 0);
    return ((const ScnAxis *)g_ptr_array_index(s->axes, axis))->values->len;
}

const char *scn_scenario_axis_value(const ScnScenario *s, guint axis, guint i)
{
    g_return_val_if_fail(axis < s->axes->len, NULL);
    const ScnAxis *a = g_ptr_array_index(s->axes, axis);
    g_return_val_if_fail(i < a->canon->len, NULL);
    return g_ptr_array_index(a->canon, i);
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
    ScnNode *tree = scn_study_point_tree(s, tmp, value_index, d);
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
            const ScnAxis *ax = g_ptr_array_index(s->axes, i);
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
