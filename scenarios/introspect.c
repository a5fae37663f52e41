/* scenarios/introspect.c - what the command line asks of the language without
 * loading anything new: the size limit of an input, and the keys a loaded scenario
 * has (for completion of --set and --sweep paths).  Validation is not involved. */
#include "scenarios/scenario-private.h"

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
    char *text = scn_scenario_print(s);
    if (text) {
        ScnSources sources = {g_ptr_array_new_with_free_func(g_free)};
        g_ptr_array_add(sources.names, g_strdup("<canonical>"));
        ScnDiag *d = scn_diag_new(&sources);
        ScnArena *a = scn_arena_new();
        const ScnNode *root = scn_yaml_parse(a, text, strlen(text), SCN_SRC_FILE, 0, FALSE, FALSE,
                                             d, NULL);
        walk(root, "", 0, out);
        scn_arena_free(a);
        scn_diag_free(d);
        g_ptr_array_free(sources.names, TRUE);
        g_free(text);
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}
