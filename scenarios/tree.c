/* scenarios/tree.c - the YAML node tree: arena, construction, lookup, and writing it
 * back out (flow text for single values, libyaml's emitter for whole documents). */
#include "scenarios/scenario-private.h"

#include <stdarg.h>
#include <string.h>
#include <yaml.h>

/* ---- arena ---- */

#define ARENA_BLOCK (64 * 1024)

struct ScnArena {
    GPtrArray *blocks;    /* g_free'd */
    char *cur;            /* free space of the current block */
    gsize left;
};

ScnArena *scn_arena_new(void)
{
    ScnArena *a = g_new0(ScnArena, 1);
    a->blocks = g_ptr_array_new_with_free_func(g_free);
    return a;
}

void scn_arena_free(ScnArena *a)
{
    if (a == NULL)
        return;
    g_ptr_array_free(a->blocks, TRUE);
    g_free(a);
}

void *scn_arena_alloc(ScnArena *a, gsize size)
{
    size = (size + 15) & ~(gsize)15;
    if (size > ARENA_BLOCK / 4) {            /* big: a block of its own */
        void *p = g_malloc0(size);
        g_ptr_array_add(a->blocks, p);
        return p;
    }
    if (size > a->left) {
        a->cur = g_malloc0(ARENA_BLOCK);
        a->left = ARENA_BLOCK;
        g_ptr_array_add(a->blocks, a->cur);
    }
    void *p = a->cur;
    a->cur += size;
    a->left -= size;
    return p;
}

char *scn_arena_strndup(ScnArena *a, const char *s, gsize n)
{
    char *p = scn_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *scn_arena_printf(ScnArena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *tmp = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *p = scn_arena_strndup(a, tmp, strlen(tmp));
    g_free(tmp);
    return p;
}

/* ---- nodes ---- */

ScnNode *scn_node_scalar(ScnArena *a, ScnPos pos, const char *text, guint32 flags)
{
    ScnNode *n = scn_arena_alloc(a, sizeof *n);
    n->kind = SCN_NODE_SCALAR;
    n->flags = flags;
    n->pos = pos;
    n->len = (guint32)strlen(text);
    n->text = scn_arena_strndup(a, text, n->len);
    return n;
}

ScnNode *scn_node_container(ScnArena *a, ScnNodeKind kind, ScnPos pos, guint32 cap,
                            guint32 flags)
{
    g_return_val_if_fail(kind != SCN_NODE_SCALAR, NULL);
    ScnNode *n = scn_arena_alloc(a, sizeof *n);
    n->kind = kind;
    n->flags = flags;
    n->pos = pos;
    n->cap = cap;
    n->text = "";
    gsize slots = (gsize)cap * (kind == SCN_NODE_MAP ? 2 : 1);
    n->items = slots ? scn_arena_alloc(a, slots * sizeof(ScnNode *)) : NULL;
    return n;
}

void scn_node_map_add(ScnNode *map, ScnNode *key, ScnNode *value)
{
    g_assert(map->kind == SCN_NODE_MAP && map->n < map->cap);
    map->items[2 * map->n] = key;
    map->items[2 * map->n + 1] = value;
    map->n++;
}

void scn_node_seq_add(ScnNode *seq, ScnNode *item)
{
    g_assert(seq->kind == SCN_NODE_SEQ && seq->n < seq->cap);
    seq->items[seq->n++] = item;
}

ScnNode *scn_node_copy(ScnArena *a, const ScnNode *n)
{
    if (n->kind == SCN_NODE_SCALAR)
        return scn_node_scalar(a, n->pos, n->text, n->flags);
    ScnNode *c = scn_node_container(a, n->kind, n->pos, n->n, n->flags);
    for (guint32 i = 0; i < n->n; i++) {
        if (n->kind == SCN_NODE_MAP)
            scn_node_map_add(c, scn_node_copy(a, n->items[2 * i]),
                             scn_node_copy(a, n->items[2 * i + 1]));
        else
            scn_node_seq_add(c, scn_node_copy(a, n->items[i]));
    }
    return c;
}

gboolean scn_text_is_null(const char *s)
{
    return *s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* The pair of `key` in a mapping: its index, or -1. */
static gint64 map_index(const ScnNode *map, const char *key)
{
    if (map == NULL || map->kind != SCN_NODE_MAP)
        return -1;
    for (guint32 i = 0; i < map->n; i++)
        if (strcmp(map->items[2 * i]->text, key) == 0)
            return i;
    return -1;
}

const ScnNode *scn_map_key(const ScnNode *map, const char *key)
{
    gint64 i = map_index(map, key);
    return i < 0 ? NULL : map->items[2 * i];
}

const ScnNode *scn_map_get(const ScnNode *map, const char *key)
{
    gint64 i = map_index(map, key);
    return i < 0 ? NULL : map->items[2 * i + 1];
}

/* ---- flow text ---- */

/* Plain when it surely reads back as the same text in any YAML context. */
static gboolean plain_ok(const char *s)
{
    if (scn_text_is_null(s))
        return FALSE;
    for (const char *p = s; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("_.+-", *p))
            return FALSE;
    return TRUE;
}

static void flow_scalar(GString *out, const ScnNode *n)
{
    if (scn_node_is_null(n)) {
        g_string_append(out, "null");
        return;
    }
    if (!(n->flags & SCN_NODE_QUOTED) && plain_ok(n->text)) {
        g_string_append(out, n->text);
        return;
    }
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)n->text; *p; p++) {
        switch (*p) {
        case '"': g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\t': g_string_append(out, "\\t"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                g_string_append_printf(out, "\\x%02x", *p);
            else
                g_string_append_c(out, (char)*p);
        }
    }
    g_string_append_c(out, '"');
}

static void flow_node(GString *out, const ScnNode *n)
{
    switch (n->kind) {
    case SCN_NODE_SCALAR:
        flow_scalar(out, n);
        break;
    case SCN_NODE_SEQ:
        g_string_append_c(out, '[');
        for (guint32 i = 0; i < n->n; i++) {
            if (i) g_string_append(out, ", ");
            flow_node(out, n->items[i]);
        }
        g_string_append_c(out, ']');
        break;
    case SCN_NODE_MAP:
        g_string_append_c(out, '{');
        for (guint32 i = 0; i < n->n; i++) {
            if (i) g_string_append(out, ", ");
            flow_node(out, n->items[2 * i]);
            g_string_append(out, ": ");
            flow_node(out, n->items[2 * i + 1]);
        }
        g_string_append_c(out, '}');
        break;
    }
}

char *scn_node_flow_text(const ScnNode *n)
{
    GString *out = g_string_new(NULL);
    flow_node(out, n);
    return g_string_free(out, FALSE);
}

/* ---- emitting a document ---- */

static int write_cb(void *data, unsigned char *buf, size_t size)
{
    g_string_append_len(data, (const char *)buf, (gssize)size);
    return 1;
}

static gboolean emit_node(yaml_emitter_t *e, const ScnNode *n, gboolean in_flow)
{
    yaml_event_t ev;
    gboolean flow = in_flow || (n->flags & SCN_NODE_FLOW);
    switch (n->kind) {
    case SCN_NODE_SCALAR: {
        const char *text = scn_node_is_null(n) ? "null" : n->text;
        yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
        /* a string that would read back as null, or that was quoted, stays quoted */
        if (!scn_node_is_null(n) && ((n->flags & SCN_NODE_QUOTED) || scn_text_is_null(text)))
            style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        else if (!flow && strchr(text, '\n'))
            style = YAML_LITERAL_SCALAR_STYLE;      /* the emitter falls back if it must */
        if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)text,
                                          (int)strlen(text), 1, 1, style))
            return FALSE;
        return yaml_emitter_emit(e, &ev) != 0;
    }
    case SCN_NODE_SEQ:
        if (!yaml_sequence_start_event_initialize(
                &ev, NULL, NULL, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE) ||
            !yaml_emitter_emit(e, &ev))
            return FALSE;
        for (guint32 i = 0; i < n->n; i++)
            if (!emit_node(e, n->items[i], flow))
                return FALSE;
        return yaml_sequence_end_event_initialize(&ev) && yaml_emitter_emit(e, &ev);
    case SCN_NODE_MAP:
        if (!yaml_mapping_start_event_initialize(
                &ev, NULL, NULL, 1, flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE) ||
            !yaml_emitter_emit(e, &ev))
            return FALSE;
        for (guint32 i = 0; i < 2 * n->n; i++)
            if (!emit_node(e, n->items[i], flow))
                return FALSE;
        return yaml_mapping_end_event_initialize(&ev) && yaml_emitter_emit(e, &ev);
    }
    return FALSE;
}

char *scn_node_emit(const ScnNode *root)
{
    GString *out = g_string_new(NULL);
    yaml_emitter_t e;
    yaml_event_t ev;
    if (!yaml_emitter_initialize(&e)) {
        g_string_free(out, TRUE);
        return NULL;
    }
    yaml_emitter_set_output(&e, write_cb, out);
    yaml_emitter_set_unicode(&e, 1);
    yaml_emitter_set_width(&e, -1);
    yaml_emitter_set_indent(&e, 2);
    gboolean ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
                  yaml_emitter_emit(&e, &ev) &&
                  yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) &&
                  yaml_emitter_emit(&e, &ev) && emit_node(&e, root, FALSE) &&
                  yaml_document_end_event_initialize(&ev, 1) && yaml_emitter_emit(&e, &ev) &&
                  yaml_stream_end_event_initialize(&ev) && yaml_emitter_emit(&e, &ev) &&
                  yaml_emitter_flush(&e);
    yaml_emitter_delete(&e);
    if (!ok) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}
