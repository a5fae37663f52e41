/* scenarios/tree.c - the YAML node tree with positions: the arena that owns it, its
 * construction and lookup, and the parse of libyaml events into it, within limits.
 *
 * The text is checked first (UTF-8, no NUL byte), then parsed event by event; the
 * parse stops at the first structural problem (syntax, alias, tag, a second document,
 * a limit) and reports it with libyaml's position.  Duplicate keys are reported and
 * the parse goes on.  Aliases are refused outright, so no expansion can blow up.
 * Writing a tree back out is print.c's.
 */
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

/* Zeroed memory from the arena. */
static void *arena_alloc(ScnArena *a, gsize size)
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

static char *arena_strndup(ScnArena *a, const char *s, gsize n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *scn_arena_printf(ScnArena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *tmp = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return arena_strndup(a, tmp, strlen(tmp));
}

/* ---- nodes ---- */

ScnNode *scn_node_scalar(ScnArena *a, ScnPos pos, const char *text, guint32 flags)
{
    ScnNode *n = arena_alloc(a, sizeof *n);
    n->kind = SCN_NODE_SCALAR;
    n->flags = flags;
    n->pos = pos;
    n->len = (guint32)strlen(text);
    n->text = arena_strndup(a, text, n->len);
    return n;
}

ScnNode *scn_node_container(ScnArena *a, ScnNodeKind kind, ScnPos pos, guint32 cap,
                            guint32 flags)
{
    g_return_val_if_fail(kind != SCN_NODE_SCALAR, NULL);
    ScnNode *n = arena_alloc(a, sizeof *n);
    n->kind = kind;
    n->flags = flags;
    n->pos = pos;
    n->cap = cap;
    n->text = "";
    gsize slots = (gsize)cap * (kind == SCN_NODE_MAP ? 2 : 1);
    n->items = slots ? arena_alloc(a, slots * sizeof(ScnNode *)) : NULL;
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
    c->n = n->n;
    for (guint32 i = 0; i < (n->kind == SCN_NODE_MAP ? 2 * n->n : n->n); i++)
        c->items[i] = scn_node_copy(a, n->items[i]);      /* a mapping's: key, value */
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

/* ---- parsing ---- */

typedef struct {
    ScnNode *node;         /* the container being built (items filled at its end) */
    GPtrArray *items;      /* children so far */
    GHashTable *keys;      /* map: the key nodes so far, by their text (arena-owned) */
    ScnNode *key;          /* map: the key waiting for its value */
    gboolean drop;         /* map: that pair is dropped (duplicate or non-scalar key) */
} Frame;

typedef struct {
    ScnArena *arena;
    ScnDiag *diag;
    const char *text;
    gsize len;
    guint16 src;
    guint32 option_line;
    int col_shift;         /* -1 for an option read as [TEXT]: columns count in TEXT */
    gsize end_line, end_col;   /* an option: where TEXT ends (0-based, in `text`) */
    GArray *frames;        /* Frame */
    guint n_nodes;
    ScnNode *root;
    gboolean failed;
} Builder;

/* libyaml counts \r\n, \r, \n, NEL, LS and PS as line breaks; so do we. */
static gsize line_break_at(const char *p, const char *end)
{
    if (*p == '\r') return (p + 1 < end && p[1] == '\n') ? 2 : 1;
    if (*p == '\n') return 1;
    if ((unsigned char)*p == 0xc2 && p + 1 < end && (unsigned char)p[1] == 0x85) return 2;
    if ((unsigned char)*p == 0xe2 && p + 2 < end && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0xa8 || (unsigned char)p[2] == 0xa9))
        return 3;
    return 0;
}

/* 0-based line and column (in characters) of byte `offset`. */
static void offset_to_mark(const char *text, gsize len, gsize offset, gsize *line, gsize *col)
{
    const char *p = text, *end = text + MIN(offset, len);
    *line = *col = 0;
    while (p < end) {
        gsize br = line_break_at(p, text + len);
        if (br) {
            p += br;
            (*line)++;
            *col = 0;
            continue;
        }
        p++;
        while (p < end && ((unsigned char)*p & 0xc0) == 0x80)
            p++;                                 /* continuation bytes */
        (*col)++;
    }
}

static ScnPos mark_pos(const Builder *b, gsize line, gsize col)
{
    ScnPos pos = {b->src, 0, 0};
    if (b->option_line) {
        /* past the option's text (libyaml's end of stream is column 0 of the next line;
           the `]` closing [TEXT] is not the user's): just past its end */
        if (line > b->end_line || (line == b->end_line && col > b->end_col)) {
            line = b->end_line;
            col = b->end_col;
        }
        pos.line = b->option_line;
        long c = (long)col + 1 + b->col_shift;
        pos.col = (guint32)MAX(c, 1);
    } else {
        pos.line = (guint32)MIN(line + 1, G_MAXUINT32);
        pos.col = (guint32)MIN(col + 1, G_MAXUINT32);
    }
    return pos;
}

static ScnPos ypos(const Builder *b, yaml_mark_t m)
{
    return mark_pos(b, m.line, m.column);
}

/* A tab in the indentation of line `line` (0-based): its column, or -1. */
static long tab_in_indent(const Builder *b, gsize line)
{
    const char *p = b->text, *end = b->text + b->len;
    while (line > 0 && p < end) {                /* to the start of the line */
        gsize br = line_break_at(p, end);
        p += br ? br : 1;
        line -= br != 0;
    }
    for (long col = 0; p < end && (*p == ' ' || *p == '\t'); p++, col++)
        if (*p == '\t')
            return col;
    return -1;
}

/* Reports a problem at `m` that stops the parse (`limit`: a limit was reached). */
static void stop(Builder *b, yaml_mark_t m, gboolean limit, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
static void stop(Builder *b, yaml_mark_t m, gboolean limit, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    scn_diag_addv(b->diag, ypos(b, m), limit, fmt, ap);
    va_end(ap);
    b->failed = TRUE;
}

static void syntax_error(Builder *b, const yaml_parser_t *parser)
{
    b->failed = TRUE;
    if (parser->error == YAML_MEMORY_ERROR) {
        scn_diag_add_limit(b->diag, mark_pos(b, 0, 0), "out of memory while parsing YAML");
        return;
    }
    if (parser->error == YAML_READER_ERROR) {
        gsize line, col;
        offset_to_mark(b->text, b->len, parser->problem_offset, &line, &col);
        char value[24] = "";
        if (parser->problem_value != -1)
            g_snprintf(value, sizeof value, " (#x%X)", (unsigned)parser->problem_value);
        scn_diag_add(b->diag, mark_pos(b, line, col), "YAML error: %s%s",
                     parser->problem ? parser->problem : "unreadable text", value);
        return;
    }
    /* libyaml says "found character that cannot start any token" for tabs */
    gsize lines[2] = {parser->problem_mark.line, parser->context_mark.line};
    for (int i = 0; i < (parser->context ? 2 : 1); i++) {
        long tab = tab_in_indent(b, lines[i]);
        if (tab >= 0) {
            scn_diag_add(b->diag, mark_pos(b, lines[i], (gsize)tab),
                         "tab character in indentation (YAML indents with spaces only)");
            return;
        }
    }
    /* where the context began: an option is one line, so its column is enough */
    ScnPos cp = ypos(b, parser->context_mark);
    g_autofree char *context =
        parser->context == NULL ? g_strdup("")
        : b->option_line ? g_strdup_printf(" (%s at column %u)", parser->context, cp.col)
                         : g_strdup_printf(" (%s at %u:%u)", parser->context, cp.line, cp.col);
    scn_diag_add(b->diag, ypos(b, parser->problem_mark), "YAML syntax error: %s%s",
                 parser->problem ? parser->problem : "malformed YAML", context);
}

static char *frames_path(const Builder *b)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i + 1 < b->frames->len; i++) {
        const Frame *f = &g_array_index(b->frames, Frame, i);
        if (s->len)
            g_string_append_c(s, '.');
        if (f->node->kind == SCN_NODE_MAP)
            g_string_append(s, f->key ? f->key->text : "?");
        else
            g_string_append_printf(s, "%u", f->items->len);
    }
    return g_string_free(s, FALSE);
}

/* A finished node goes to its parent (or becomes the root). */
static void attach(Builder *b, ScnNode *n)
{
    if (b->frames->len == 0) {
        b->root = n;
        return;
    }
    Frame *f = &g_array_index(b->frames, Frame, b->frames->len - 1);
    if (f->node->kind == SCN_NODE_SEQ) {
        g_ptr_array_add(f->items, n);
        return;
    }
    if (f->key == NULL && !f->drop) {           /* n is a key */
        if (n->kind != SCN_NODE_SCALAR) {
            scn_diag_got(b->diag, n, "mapping keys must be plain text");
            f->drop = TRUE;
            return;
        }
        const ScnNode *first = g_hash_table_lookup(f->keys, n->text);
        if (first) {
            g_autofree char *path = frames_path(b);
            scn_diag_add(b->diag, n->pos, "duplicate key `%s`%s%s (first at %u:%u)", n->text,
                         *path ? " in " : "", path, first->pos.line, first->pos.col);
            f->drop = TRUE;
            return;
        }
        g_hash_table_insert(f->keys, (gpointer)(uintptr_t)n->text, n);
        f->key = n;
        return;
    }
    if (!f->drop) {                              /* n is the value of f->key */
        g_ptr_array_add(f->items, f->key);
        g_ptr_array_add(f->items, n);
    }
    f->key = NULL;
    f->drop = FALSE;
}

/* Counts a new node (with its tag, if any): FALSE when the parse stops there, past
 * the limit on nodes or at a tag. */
static gboolean new_node(Builder *b, const yaml_char_t *tag, yaml_mark_t m)
{
    if (++b->n_nodes > SCN_MAX_NODES)
        stop(b, m, TRUE, "more than %d YAML nodes (limit)", SCN_MAX_NODES);
    else if (tag)
        stop(b, m, FALSE, "YAML tags such as `%.40s` are not supported", (const char *)tag);
    return !b->failed;
}

static void on_scalar(Builder *b, const yaml_event_t *ev)
{
    const char *text = (const char *)ev->data.scalar.value;
    if (!new_node(b, ev->data.scalar.tag, ev->start_mark))
        return;
    if (ev->data.scalar.length > SCN_MAX_SCALAR_BYTES)
        stop(b, ev->start_mark, TRUE, "a scalar of %zu bytes is longer than the limit, %d bytes",
             ev->data.scalar.length, SCN_MAX_SCALAR_BYTES);
    else if (memchr(text, '\0', ev->data.scalar.length))
        stop(b, ev->start_mark, FALSE, "a NUL character in a scalar");
    if (b->failed)
        return;
    yaml_scalar_style_t st = ev->data.scalar.style;
    guint32 flags = 0;
    if (st == YAML_SINGLE_QUOTED_SCALAR_STYLE || st == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        flags = SCN_NODE_QUOTED;
    else if (st == YAML_PLAIN_SCALAR_STYLE && scn_text_is_null(text))
        flags = SCN_NODE_NULL;
    /* libyaml's text ends with a NUL, and holds none before it */
    attach(b, scn_node_scalar(b->arena, ypos(b, ev->start_mark), text, flags));
}

static void on_start(Builder *b, const yaml_event_t *ev, ScnNodeKind kind)
{
    const yaml_char_t *tag = kind == SCN_NODE_MAP ? ev->data.mapping_start.tag
                                                  : ev->data.sequence_start.tag;
    if (!new_node(b, tag, ev->start_mark))
        return;
    if (b->frames->len >= SCN_MAX_DEPTH) {
        stop(b, ev->start_mark, TRUE, "mappings and lists nested deeper than %d levels (limit)",
             SCN_MAX_DEPTH);
        return;
    }
    Frame f = {0};
    f.node = scn_node_container(b->arena, kind, ypos(b, ev->start_mark), 0, 0);
    f.items = g_ptr_array_new();
    if (kind == SCN_NODE_MAP)
        f.keys = g_hash_table_new(g_str_hash, g_str_equal);
    g_array_append_val(b->frames, f);
}

static void frame_clear(Frame *f)
{
    g_ptr_array_free(f->items, TRUE);
    if (f->keys)
        g_hash_table_destroy(f->keys);
}

static void on_end(Builder *b)
{
    Frame f = g_array_index(b->frames, Frame, b->frames->len - 1);
    g_array_set_size(b->frames, b->frames->len - 1);
    ScnNode *n = f.node;
    guint len = f.items->len;
    n->n = n->cap = n->kind == SCN_NODE_MAP ? len / 2 : len;
    if (len) {
        n->items = arena_alloc(b->arena, len * sizeof(ScnNode *));
        memcpy(n->items, f.items->pdata, len * sizeof(ScnNode *));
    }
    frame_clear(&f);
    attach(b, n);
}

/* UTF-8 and NUL bytes, before libyaml sees the text. */
static gboolean check_text(Builder *b)
{
    const char *end;
    if (g_utf8_validate_len(b->text, b->len, &end))
        return TRUE;
    gsize line, col;
    offset_to_mark(b->text, b->len, (gsize)(end - b->text), &line, &col);
    if (*end == '\0')
        scn_diag_add(b->diag, mark_pos(b, line, col), "a NUL byte (scenarios are UTF-8 text)");
    else
        scn_diag_add(b->diag, mark_pos(b, line, col),
                     "invalid UTF-8 (byte 0x%02x; scenarios are UTF-8 text)",
                     (unsigned char)*end);
    return FALSE;
}

ScnNode *scn_yaml_parse(ScnArena *arena, const char *text, gsize len, guint16 src,
                        guint32 option_line, gboolean as_list, gboolean empty_ok,
                        ScnDiag *diag, guint *n_nodes)
{
    Builder bd = {.arena = arena, .diag = diag, .text = text, .len = len, .src = src,
                  .option_line = option_line}, *b = &bd;
    if (n_nodes)
        *n_nodes = 0;
    if (len > SCN_MAX_FILE_BYTES) {
        scn_diag_add_limit(diag, mark_pos(b, 0, 0), "%zu bytes is more than the limit, %d bytes",
                           len, SCN_MAX_FILE_BYTES);
        return NULL;
    }
    g_autofree char *list = NULL;
    if (as_list) {
        list = g_malloc(len + 3);
        list[0] = '[';
        memcpy(list + 1, text, len);
        memcpy(list + 1 + len, "]", 2);
        b->text = list;
        b->len = len + 2;
        b->col_shift = -1;
    }
    if (option_line)
        offset_to_mark(b->text, b->len, b->len - (as_list ? 1 : 0), &b->end_line, &b->end_col);
    if (!check_text(b))
        return NULL;

    /* then event by event */
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        scn_diag_add_limit(b->diag, mark_pos(b, 0, 0), "out of memory while parsing YAML");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)b->text, b->len);
    b->frames = g_array_new(FALSE, FALSE, sizeof(Frame));
    int docs = 0;
    gboolean done = FALSE;
    while (!done && !b->failed) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            syntax_error(b, &parser);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = TRUE;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1)
                stop(b, ev.start_mark, FALSE, "a second YAML document: a scenario is one document");
            break;
        case YAML_ALIAS_EVENT:
            stop(b, ev.start_mark, FALSE, "YAML aliases (*%.40s) are not supported: write the "
                 "value out", (const char *)ev.data.alias.anchor);
            break;
        case YAML_SCALAR_EVENT:
            on_scalar(b, &ev);
            break;
        case YAML_SEQUENCE_START_EVENT:
            on_start(b, &ev, SCN_NODE_SEQ);
            break;
        case YAML_MAPPING_START_EVENT:
            on_start(b, &ev, SCN_NODE_MAP);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            on_end(b);
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    for (guint i = 0; i < b->frames->len; i++)
        frame_clear(&g_array_index(b->frames, Frame, i));
    g_array_free(b->frames, TRUE);
    if (n_nodes)
        *n_nodes = b->n_nodes;
    if (b->failed)
        return NULL;
    if (b->root == NULL) {
        ScnPos start = mark_pos(b, 0, 0);
        if (empty_ok)
            return scn_node_scalar(b->arena, start, "", SCN_NODE_NULL);
        scn_diag_add(b->diag, start, "the file is empty: a scenario is a mapping that "
                                     "starts with `hapgsim: 1`");
        return NULL;
    }
    return b->root;
}
