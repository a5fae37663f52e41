/* scenarios/typing-private.h - helpers that type one YAML node (a number, a duration,
 * a name, a distribution, ...) and report what is wrong with it, shared by the files
 * that type the sections of a scenario.
 *
 * Every getter takes the node (NULL: the key is absent; the getters are then not
 * called), the dotted path used in messages, and an out parameter; it returns FALSE
 * after reporting an error at the node.  Messages read "PATH must be ... (got X)".
 */
#ifndef HAPGSIM_SCENARIOS_TYPING_PRIVATE_H
#define HAPGSIM_SCENARIOS_TYPING_PRIVATE_H

#include "scenarios/schema.h"

/* What typing one tree needs: the error sink and the configuration being filled. */
struct Ty {
    ScnDiag *d;
    ScnTyped *t;
    MdlConfig *c;
    gboolean zones_ok, members_ok, clients_ok;   /* FALSE: skip checks that would cascade */
    guint64 top_failed;                          /* bit i: top-level row i had errors */
    guint64 failed;                              /* the same, of the section being typed */
};

char *scn_path_key(const char *parent, const char *key);   /* "parent.key" or "key" */
char *scn_path_idx(const char *parent, guint i);           /* "parent.i" */

/* Looks up a node of a mapping and the path of that key, freed by the caller. */
#define FIELD(map, parent, key, var, pathvar)                                    \
    const ScnNode *var = scn_map_get(map, key);                                 \
    g_autofree char *pathvar = scn_path_key(parent, key)

/* Declares `const char *var[n + 1]`: the names of an enum's values 0..n-1 as `name_of`
 * (an mdl_*_name function of models/config.h) gives them, NULL-terminated. */
#define SCN_ENUM_NAMES(var, n, name_of, type)                                   \
    const char *var[(n) + 1];                                                    \
    for (int var##_i = 0; var##_i < (n); var##_i++)                              \
        var[var##_i] = name_of((type)var##_i);                                   \
    var[(n)] = NULL
/* "a, b, c" (`last` NULL) or "a, b LAST c" of a NULL-terminated list; g_free it. */
char *scn_names_join(const char *const *names, const char *last);

/* A mapping whose keys must be among `keys` (NULL-terminated): reports unknown keys
 * (with a suggestion) at the key.  A null node counts as an empty mapping.  FALSE
 * (after an error) when the node is not a mapping. */
gboolean scn_check_map(ScnDiag *d, const ScnNode *n, const char *path,
                       const char *const *keys);
/* The same for an item of a list, where null is not a mapping but an error ("PATH must
 * be a mapping (got null)").  TRUE only for a mapping. */
gboolean scn_check_item(ScnDiag *d, const ScnNode *n, const char *path,
                        const char *const *keys);
/* How many keys of a mapping are not among `keys` (to avoid cascading errors). */
guint scn_unknown_keys(const ScnNode *n, const char *const *keys);
void scn_missing_key(ScnDiag *d, const ScnNode *map, const char *path, const char *key,
                     const char *hint);
/* A list (null: empty) of at most `max` items; its length in *len. */
gboolean scn_get_seq(ScnDiag *d, const ScnNode *n, const char *path, guint max,
                     const char *what, guint *len);

gboolean scn_get_int(ScnDiag *d, const ScnNode *n, const char *path, gint64 min, gint64 max,
                     gint64 *out);
gboolean scn_get_uint64(ScnDiag *d, const ScnNode *n, const char *path, guint64 *out);
/* A finite number within lo <= x <= hi (lo < x with `lo_open`); lo/hi may be
 * -INFINITY/INFINITY.  The message words the range ("within 0..1", "> 0", ...). */
gboolean scn_get_double(ScnDiag *d, const ScnNode *n, const char *path, double lo,
                        gboolean lo_open, double hi, double *out);
/* A non-negative duration; with `rule` (text such as "within 60s..1200s"), also
 * min <= x (min < x with min_open) and x <= max. */
gboolean scn_get_duration(ScnDiag *d, const ScnNode *n, const char *path, SimTime min,
                          gboolean min_open, SimTime max, const char *rule, SimTime *out);
/* One of `names` (n_names of them, NULL-terminated): its index. */
gboolean scn_get_enum(ScnDiag *d, const ScnNode *n, const char *path,
                      const char *const *names, int n_names, int *out);
/* A name of 1..64 letters, digits, `_` and `-` (not a reserved word). */
gboolean scn_get_ident(ScnDiag *d, const ScnNode *n, const char *path, const char **out);
/* The parameters of a distribution family, in SimDist's (a, b) order: their names, and
 * whether each is a duration (TRUE) or a plain number.  Lognormal is written with
 * median (or mu) and sigma; empirical with a list of values. */
typedef struct {
    const char *a, *b;
    gboolean a_time, b_time;
} ScnDistSpec;
const ScnDistSpec *scn_dist_spec(SimDistFamily family);
/* A distribution of durations: a bare duration (deterministic) or {dist: NAME, ...}.
 * On success *out must later be sim_dist_clear()ed. */
gboolean scn_get_dist(ScnDiag *d, const ScnNode *n, const char *path, SimDist *out);

/* The same for row `key` of section `s`, the one being typed (for a hook that depends
 * on an earlier row of its section). */
gboolean scn_row_typed(const Ty *ty, ScnSection s, const char *key);
/* Warns at `n` when `at` is not before the duration: the fault or action (`what`) would
 * never happen. */
void scn_warn_after_end(Ty *ty, const ScnNode *n, const char *path, SimTime at,
                        const char *what);
/* Types one plain value of row `f` into the section's struct `base`. */
gboolean scn_type_value(Ty *ty, const ScnField *f, const ScnNode *n, const char *path,
                        void *base);

#endif
