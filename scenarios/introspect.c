/* scenarios/introspect.c - what the command line and the docs ask of the language
 * without loading anything new: the size limit of an input, the keys a loaded scenario
 * has (for completion of --set and --sweep paths), and the key tables of
 * docs/scenario-reference.md, made from the schema.  Validation is not involved. */
#include "scenarios/schema.h"

#include <string.h>

gsize scn_max_input_bytes(void)
{
    return SCN_MAX_FILE_BYTES;
}

/* Adds the path of every key and list item under `n`, in document order. */
static void walk(const ScnNode *n, const char *prefix, guint depth, GPtrArray *out)
{
    if (n == NULL || depth >= SCN_MAX_DEPTH)
        return;
    if (n->kind == SCN_NODE_MAP) {
        for (guint32 i = 0; i < n->n; i++) {
            const ScnNode *k = n->items[2 * i];
            if (k->kind != SCN_NODE_SCALAR)
                continue;
            /* the language version and the study sections are no values to override */
            if (depth == 0 && (strcmp(k->text, "hapgsim") == 0 || strcmp(k->text, "sweep") == 0 ||
                               strcmp(k->text, "expect") == 0))
                continue;
            char *path = *prefix ? g_strconcat(prefix, ".", k->text, NULL) : g_strdup(k->text);
            g_ptr_array_add(out, path);
            walk(n->items[2 * i + 1], path, depth + 1, out);
        }
    } else if (n->kind == SCN_NODE_SEQ) {
        for (guint32 i = 0; i < n->n; i++) {
            char *path = g_strdup_printf("%s.%u", prefix, i);
            g_ptr_array_add(out, path);
            walk(n->items[i], path, depth + 1, out);
        }
    }
}

char **scn_scenario_keys(const ScnScenario *s)
{
    GPtrArray *out = g_ptr_array_new();
    ScnArena *a = scn_arena_new();
    ScnCanon c = {.a = a, .all = TRUE};          /* keys left out at their default too */
    guint n;
    scn_schema_rows(SCN_SEC_TOP, &n);
    ScnNode *root = scn_canon_map(&c, n, FALSE);
    scn_canon_fields(&c, root, SCN_SEC_TOP, s->typed.config, &s->typed);
    walk(root, "", 0, out);
    scn_arena_free(a);
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

/* ---- the docs' key tables ---- */

static const char *type_text(const ScnField *f, GString *tmp)
{
    static const char *const words[] = {
        [SCN_T_DURATION] = "duration", [SCN_T_NUMBER] = "number", [SCN_T_INT] = "integer",
        [SCN_T_SEED] = "integer", [SCN_T_BOOL] = "boolean", [SCN_T_TEXT] = "text",
        [SCN_T_DIST] = "distribution", [SCN_T_NAME] = "name", [SCN_T_ZONE] = "name of a zone",
        [SCN_T_MIX] = "mapping", [SCN_T_SERVICE] = "mapping", [SCN_T_SECTION] = "mapping",
        [SCN_T_LIST] = "list", [SCN_T_HOOK] = "",
    };
    if (f->doc_type)
        return f->doc_type;
    if (f->type != SCN_T_ENUM)
        return words[f->type];
    for (int i = 0; i < f->n_names; i++)
        g_string_append_printf(tmp, "%s`%s`", i ? ", " : "", f->names(i));
    return tmp->str;
}

static const char *default_text(const ScnField *f, ScnCanon *c, GString *tmp)
{
    if (f->doc_default)
        return f->doc_default;
    if (f->flags & SCN_F_REQUIRED)
        return "required";
    if (f->like)                              /* a client group's: its model's default */
        f = scn_schema_field(f->like - 1, f->key);
    const ScnTyped *dt = scn_schema_defaults();
    const void *base = f->section == SCN_SEC_MEMBER ? (const void *)&dt->member_defaults
                                                    : (const void *)dt->config;
    if (f->type == SCN_T_SECTION || f->type == SCN_T_HOOK || f->type == SCN_T_NAME ||
        f->type == SCN_T_ZONE || f->type == SCN_T_LIST)
        return "";
    g_autofree char *v = scn_node_flow_text(scn_canon_value(c, f, base, dt));
    gboolean quote = f->type != SCN_T_NUMBER && f->type != SCN_T_INT &&
                     f->type != SCN_T_SEED && f->type != SCN_T_BOOL;
    g_string_printf(tmp, "%s%s%s", quote ? "`" : "", *v ? v : "\"\"", quote ? "`" : "");
    return tmp->str;
}

static const char *range_text(const ScnField *f, GString *tmp)
{
    if (f->doc_range)
        return f->doc_range;
    switch (f->type) {
    case SCN_T_DURATION:
        if (f->rule)
            g_string_append(tmp, g_str_has_prefix(f->rule, "within ") ? f->rule + 7 : f->rule);
        break;
    case SCN_T_NUMBER: scn_describe_range(tmp, f->lo, f->lo_open, f->hi); break;
    case SCN_T_INT:
        g_string_printf(tmp, "%" G_GINT64_FORMAT "..%" G_GINT64_FORMAT, f->ilo, f->ihi);
        break;
    case SCN_T_SEED: g_string_append(tmp, "0..2^64-1"); break;
    case SCN_T_TEXT:
        if (f->flags & SCN_F_NONEMPTY)
            g_string_append(tmp, "non-empty");
        break;
    default: break;
    }
    return tmp->str;
}

static void table_rows(GString *md, ScnSection s, const char *table, ScnCanon *c)
{
    const char *prefix;
    if (strcmp(scn_schema_table(s, &prefix), table) != 0)
        return;
    guint n;
    const ScnField *rows = scn_schema_rows(s, &n);
    for (guint i = 0; i < n; i++) {
        const ScnField *f = &rows[i];
        const char *sub_prefix;
        if (f->type == SCN_T_SECTION && strcmp(scn_schema_table(f->sub, &sub_prefix), table) == 0) {
            table_rows(md, f->sub, table, c);              /* its keys are in this table */
            continue;
        }
        GString *ty = g_string_new(NULL), *df = g_string_new(NULL), *rg = g_string_new(NULL);
        const char *cells[] = {type_text(f, ty), default_text(f, c, df), range_text(f, rg),
                               f->doc};
        g_string_append_printf(md, "| `%s%s` |", prefix, f->key);
        for (gsize k = 0; k < G_N_ELEMENTS(cells); k++)
            g_string_append_printf(md, "%s%s |", *cells[k] ? " " : "", cells[k]);
        g_string_append_c(md, '\n');
        g_string_free(ty, TRUE);
        g_string_free(df, TRUE);
        g_string_free(rg, TRUE);
    }
}

/* TRUE when a row of another section holds `s`: its rows come with that row (a
 * section of the top level that has a table of its own is not nested). */
static gboolean nested(ScnSection s)
{
    const char *p;
    gboolean top_table = strcmp(scn_schema_table(s, &p), scn_schema_table(SCN_SEC_TOP, &p)) == 0;
    for (int o = 0; o < SCN_N_SECTIONS; o++) {
        guint n;
        const ScnField *rows = scn_schema_rows((ScnSection)o, &n);
        for (guint i = 0; i < n; i++)
            if (rows[i].type == SCN_T_SECTION && rows[i].sub == s &&
                (o != SCN_SEC_TOP || top_table))
                return TRUE;
    }
    return FALSE;
}

char *scn_reference_tables(void)
{
    static const char *const tables[] = {"top", "members", "clients", "groups", "workload", "mirroring",
                                         "faults", "operator", "actions"};
    GString *md = g_string_new(NULL);
    ScnArena *a = scn_arena_new();
    ScnCanon c = {.a = a, .all = TRUE};
    for (gsize t = 0; t < G_N_ELEMENTS(tables); t++) {
        g_string_append_printf(md, "<!-- keys:%s -->\n| key | type | default | range | "
                                   "meaning |\n|---|---|---|---|---|\n", tables[t]);
        for (int s = 0; s < SCN_N_SECTIONS; s++) {
            const char *prefix;
            if (!nested((ScnSection)s) &&
                strcmp(scn_schema_table((ScnSection)s, &prefix), tables[t]) == 0)
                table_rows(md, (ScnSection)s, tables[t], &c);
        }
        g_string_append(md, "<!-- /keys -->\n");
    }
    scn_arena_free(a);
    return g_string_free(md, FALSE);
}
