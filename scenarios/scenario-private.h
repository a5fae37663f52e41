/* scenarios/scenario-private.h - what the loader's files share: the YAML node tree
 * with positions, the arena that owns it, error collection, override paths, typing
 * and canonical printing.  Nothing here leaves scenarios/.
 */
#ifndef HAPGSIM_SCENARIOS_SCENARIO_PRIVATE_H
#define HAPGSIM_SCENARIOS_SCENARIO_PRIVATE_H

#include "scenarios/scenario.h"

#include <glib.h>
#include <stdarg.h>
#include <stdint.h>

/* Limits on hostile input (docs/scenario-reference.md, "Limits"). */
#define SCN_MAX_FILE_BYTES   (1024 * 1024)   /* a scenario file, or one option value */
#define SCN_MAX_SCALAR_BYTES (64 * 1024)     /* one scalar */
#define SCN_MAX_DEPTH        64              /* nested mappings and lists */
#define SCN_MAX_NODES        100000          /* nodes of one file */
#define SCN_MAX_ERRORS       50              /* error lines in one message */
#define SCN_MAX_KEPT_ERRORS  1000            /* beyond this, errors are only counted */
#define SCN_MAX_NAME         64              /* identifiers: zones, members, clients */
#define SCN_MAX_TEXT         4096            /* name and description */
#define SCN_MAX_FAULTS       1000
#define SCN_MAX_ACTIONS      10000
#define SCN_MAX_EXPECT       1000
#define SCN_MAX_AXES         16
#define SCN_MAX_SWEEP_VALUES 1000            /* over all axes */
#define SCN_MAX_SWEEP_POINTS 1000000         /* product of the axes' sizes */
#define SCN_MAX_SWEEP_WORK   5000000         /* sweep values x nodes, checked at load */
#define SCN_MAX_OPTIONS      1000            /* --set and --sweep options */

/* ---- arena: every node and string of a tree; freed at once ---- */
typedef struct ScnArena ScnArena;
ScnArena *scn_arena_new(void);
void scn_arena_free(ScnArena *a);
char *scn_arena_printf(ScnArena *a, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* ---- positions ---- */
/* Where a node was written: source `src` (0: the file; then one per --set, --sweep),
 * 1-based line and column; line 0 means nowhere, column 0 means "the whole line"
 * (a --set option is one line, N, of source "--set"). */
typedef struct {
    guint16 src;
    guint32 line, col;
} ScnPos;

/* Source indices of ScnPos.src. */
enum { SCN_SRC_FILE, SCN_SRC_SET, SCN_SRC_SWEEP };

/* Source names, indexed by ScnPos.src. */
typedef struct {
    GPtrArray *names;   /* char *, owned */
} ScnSources;

/* ---- the YAML tree ---- */
typedef enum { SCN_NODE_SCALAR, SCN_NODE_MAP, SCN_NODE_SEQ } ScnNodeKind;
enum {
    SCN_NODE_NULL = 1 << 0,     /* a plain empty, ~ or null scalar */
    SCN_NODE_QUOTED = 1 << 1,   /* written quoted (or to be printed quoted) */
    SCN_NODE_FLOW = 1 << 2,     /* to be printed in flow style */
};

typedef struct ScnNode ScnNode;
struct ScnNode {
    ScnNodeKind kind;
    guint32 flags;
    ScnPos pos;
    const char *text;           /* scalar: NUL-terminated text */
    guint32 len;                /* scalar: length of text */
    guint32 n, cap;             /* seq: items; map: pairs */
    ScnNode **items;            /* seq: items[i]; map: items[2i] key, items[2i+1] value */
};

/* Parses one YAML document (a whole file, or an option's value) into a tree allocated
 * from `arena`.  Positions: with `option_line` 0, line and column in the text, as
 * source `src`; otherwise line `option_line` and the column in the text (a position
 * past the text's end, such as libyaml's end of stream, is just past it).  With
 * `as_list`, the text is read as the YAML flow list `[TEXT]` (a --sweep option's
 * values); columns still count in TEXT.  Errors go to `diag` (syntax, duplicate keys,
 * aliases, tags, limits).  An empty text gives a null scalar when `empty_ok`, an error
 * otherwise. */
typedef struct ScnDiag ScnDiag;
ScnNode *scn_yaml_parse(ScnArena *arena, const char *text, gsize len, guint16 src,
                        guint32 option_line, gboolean as_list, gboolean empty_ok,
                        ScnDiag *diag, guint *n_nodes);

ScnNode *scn_node_scalar(ScnArena *a, ScnPos pos, const char *text, guint32 flags);
ScnNode *scn_node_container(ScnArena *a, ScnNodeKind kind, ScnPos pos, guint32 cap,
                            guint32 flags);
void scn_node_map_add(ScnNode *map, ScnNode *key, ScnNode *value);
void scn_node_seq_add(ScnNode *seq, ScnNode *item);
static inline gboolean scn_node_is_null(const ScnNode *n)
{
    return n->kind == SCN_NODE_SCALAR && (n->flags & SCN_NODE_NULL);
}
/* TRUE for the texts a plain scalar reads as null: empty, ~, null, Null, NULL. */
gboolean scn_text_is_null(const char *s);
/* A deep copy of a tree into `a`. */
ScnNode *scn_node_copy(ScnArena *a, const ScnNode *n);
/* The value (or key node) of `key` in a mapping, or NULL. */
const ScnNode *scn_map_get(const ScnNode *map, const char *key);
const ScnNode *scn_map_key(const ScnNode *map, const char *key);
/* Flow-style text of a node ("300s", "{dist: exponential, mean: 30m}"). */
char *scn_node_flow_text(const ScnNode *n);
/* Emits a tree as a YAML document (libyaml emitter).  NULL on emitter failure. */
char *scn_node_emit(const ScnNode *root);

/* ---- errors ---- */
ScnDiag *scn_diag_new(const ScnSources *sources);
void scn_diag_free(ScnDiag *d);
void scn_diag_add(ScnDiag *d, ScnPos pos, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
void scn_diag_add_limit(ScnDiag *d, ScnPos pos, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* Either of the above (`limit`: the latter) with a va_list. */
void scn_diag_addv(ScnDiag *d, ScnPos pos, gboolean limit, const char *fmt, va_list ap)
    G_GNUC_PRINTF(4, 0);
/* Reports "MSG (got X)" at node `n`, X being scn_node_echo(n), and returns FALSE: a
 * getter's "return scn_diag_got(d, n, "%s must be ...", path);". */
gboolean scn_diag_got(ScnDiag *d, const ScnNode *n, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* Moves the errors of `from` to `to`: those at one of the positions `inside` stay
 * where they are; the others are reported at `at` as "PREFIX: MSG (at WHERE)". */
void scn_diag_move(ScnDiag *from, ScnDiag *to, const GArray *inside, ScnPos at,
                   const char *prefix);
/* A trap in a valid scenario (a bare duration where a random one was surely meant, an
 * event after the end): kept apart from the errors, never fails the load. */
void scn_diag_warn(ScnDiag *d, ScnPos pos, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* The warnings as "POS: warning: MSG" lines, sorted by position (char *, owned). */
GPtrArray *scn_diag_warnings(ScnDiag *d);
guint scn_diag_count(const ScnDiag *d);     /* distinct errors */
guint scn_diag_total(const ScnDiag *d);     /* every report, repeats included */
/* TRUE when further errors will only be counted: skip costly work such as suggestions. */
gboolean scn_diag_full(const ScnDiag *d);
/* Sets `error` to all errors, sorted by position; FALSE when there are none. */
gboolean scn_diag_to_error(ScnDiag *d, GError **error);

/* The closest of `candidates` (n of them, or NULL-terminated with n < 0) to `word`
 * by Damerau-Levenshtein distance, or NULL when none is close. */
const char *scn_suggest(const char *word, const char *const *candidates, gssize n);
/* The three "%s%s%s" arguments of a message's tail "; did you mean `S`?" (nothing when
 * `s` is NULL). */
#define SCN_MEAN(s) (s) ? "; did you mean `" : "", (s) ? (s) : "", (s) ? "`?" : ""
/* Short, printable echo of a node for "(got X)". */
char *scn_node_echo(const ScnNode *n);

/* ---- paths (--set, sweep) ---- */
typedef struct {
    char **segs;     /* g_strfreev */
    guint n;
} ScnPath;
void scn_path_clear(ScnPath *p);
/* The path of an override: `text` parsed, naming neither sweep nor expect.  `what` is
 * "--set", "--sweep" or "sweep" (a sweep: key), for messages; reports at `pos`
 * otherwise and returns FALSE. */
gboolean scn_override_path(ScnDiag *d, ScnPos pos, const char *text, const char *what,
                           ScnPath *out);

/* One --set or --sweep option, PATH=VALUE. */
typedef struct {
    ScnPath path;
    const char *value;     /* the text after `=`, within the option */
    ScnPos pos;            /* the option: source, line N for the N-th option, column 0 */
} ScnOption;
/* The options of source `src` (SCN_SRC_SET or SCN_SRC_SWEEP; `options` NULL-terminated,
 * may be NULL), split and their paths checked, in order; those with errors are reported
 * and left out.  At most SCN_MAX_OPTIONS are read: beyond, the limit is reported.  Free
 * with scn_options_free(). */
GArray *scn_options_read(const char *const *options, guint16 src, ScnDiag *d);
void scn_options_free(GArray *options);
/* Returns a new root equal to `root` with `value` at `path` (nodes on the path copied
 * into `arena`, the rest shared).  Missing mappings are created; members.count and
 * members.list (clients too) replace each other.  New key nodes get `key_pos`.
 * On error, reports at `err_pos` and returns NULL. */
ScnNode *scn_tree_set(ScnArena *arena, const ScnNode *root, const ScnPath *path,
                      ScnNode *value, ScnPos key_pos, ScnDiag *diag, ScnPos err_pos,
                      const char *what);
const ScnNode *scn_tree_lookup(const ScnNode *root, const ScnPath *path);

/* ---- typing ---- */
/* A typed scenario: the configuration, plus what printing needs to reproduce the
 * file's meaning (member defaults, the order actions were written in). */
typedef struct {
    MdlConfig *config;
    MdlMemberConfig member_defaults;   /* name unused */
    uint32_t defaults_zone;            /* zone given in members.defaults, or MDL_NONE */
    uint32_t *action_order;            /* k-th action as written -> index in config */
} ScnTyped;

/* Types a tree into `out` (cleared first); FALSE when `diag` got errors. */
gboolean scn_type(const ScnNode *root, const char *default_name, ScnDiag *diag,
                  ScnTyped *out);
void scn_typed_clear(ScnTyped *t);
void scn_typed_copy(ScnTyped *dst, const ScnTyped *src);

/* The canonical tree of a typed scenario (no sweep, no expect); with `only`, just
 * that top-level key's part of it (a sweep value needs no more). */
ScnNode *scn_canon_tree(ScnArena *a, const ScnTyped *t, const char *only);
/* Canonical text of a double: the shortest that reads back exactly. */
char *scn_format_double(double x, char *buf, gsize size);
/* Appends the words of a number's range: "within 0..1", "> 0", ">= 0", ... */
void scn_describe_range(GString *s, double lo, gboolean lo_open, double hi);

/* ---- the scenario object (scenario.c; introspect.c reads its typed configuration) ---- */
struct ScnScenario {
    char *path;            /* display name */
    ScnSources sources;
    ScnArena *arena;
    ScnNode *tree;         /* the YAML after --set; NULL in a point's scenario */
    guint n_nodes;
    char *default_name;
    ScnTyped typed;
    GPtrArray *axes;       /* ScnAxis * */
    GArray *expects;       /* ScnExpect */
    GPtrArray *warnings;   /* char *: scn_diag_warnings() of the load */
};

#endif
