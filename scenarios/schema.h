/* scenarios/schema.h - the one description of the scenario language's keys.
 *
 * Every key is a row (ScnField) of schema.c: its section and name, its type, its range,
 * where it lives (an offset into MdlConfig or MdlMemberConfig ...) and its one line of
 * documentation.  Its default is whatever mdl_config_new() and mdl_member_config_init()
 * say.  The rows drive typing (typing.c), the canonical print (print.c), equality
 * (equal.c), the list of known keys with its suggestions, and the key tables of
 * docs/scenario-reference.md (introspect.c; a test compares them).  Forms that really
 * are variant (zones, member and client lists, mix, key_choice, mirroring, faults,
 * actions) are rows of type SCN_T_HOOK whose typing and printing are written by hand.
 */
#ifndef HAPGSIM_SCENARIOS_SCHEMA_H
#define HAPGSIM_SCENARIOS_SCHEMA_H

#include "scenarios/scenario-private.h"

#include <stddef.h>

/* Sections: a mapping of keys, and the struct its plain values live in. */
typedef enum {
    SCN_SEC_TOP,        /* the file: MdlConfig */
    SCN_SEC_MEMBER,     /* members.defaults and each members.list entry: MdlMemberConfig */
    SCN_SEC_CLIENT,     /* each clients.list entry: MdlClientConfig */
    SCN_SEC_CLIENTS,    /* clients: MdlConfig */
    SCN_SEC_RECOVERY,   /* clients.auto_recovery: MdlConfig */
    SCN_SEC_WORKLOAD,   /* workload: MdlConfig */
    SCN_SEC_MIRRORING,  /* mirroring: MdlConfig */
    SCN_SEC_SYNC,       /* sync: MdlConfig */
    SCN_SEC_OPERATOR,   /* operator: MdlConfig */
    SCN_SEC_SPLITTING,  /* splitting: MdlConfig */
    SCN_SEC_FAULT,      /* each faults entry: MdlFaultConfig */
    SCN_SEC_ACTION,     /* each actions entry: MdlActionConfig */
    SCN_SEC_GROUP,      /* issue 11: each entry of clients written as a list:
                           MdlClientGroupConfig */
    SCN_SEC_GROUP_RECOVERY, /* its auto_recovery: MdlClientGroupConfig */
    SCN_SEC_GROUP_WORKLOAD, /* its workload: MdlClientGroupConfig */
    SCN_N_SECTIONS
} ScnSection;

typedef enum {
    SCN_T_DURATION,     /* SimTime; tmin, tmax, tmin_open, rule (no rule: any >= 0) */
    SCN_T_NUMBER,       /* double within lo..hi (lo_open: lo excluded) */
    SCN_T_INT,          /* int32_t, uint32_t or uint64_t (by size, and ilo < 0) in ilo..ihi */
    SCN_T_SEED,         /* uint64_t, any */
    SCN_T_BOOL,         /* gboolean */
    SCN_T_ENUM,         /* an enum: names(0..n_names - 1) */
    SCN_T_TEXT,         /* char *; SCN_F_MULTILINE, SCN_F_NONEMPTY */
    SCN_T_DIST,         /* SimDist */
    SCN_T_NAME,         /* char *, a name; typed by its list's hook (uniqueness) */
    SCN_T_ZONE,         /* uint32_t, the index of a zone written by name, or MDL_NONE */
    SCN_T_MIX,          /* double[3], shares of read, create, delete summing to 1 */
    SCN_T_SERVICE,      /* SimDist[MDL_N_OPS], each given when gboolean[MDL_N_OPS] at `aux` */
    SCN_T_SECTION,      /* a nested section, `sub` */
    SCN_T_LIST,         /* a list of `sub` structs, `size` bytes each: the array's pointer
                           at `offset`, its uint32_t length at `aux`; typed by a hook (or
                           by another row) */
    SCN_T_HOOK,         /* written by hand: `hooks` */
} ScnType;

enum {
    SCN_F_MULTILINE = 1 << 0,   /* text: newlines allowed */
    SCN_F_NONEMPTY = 1 << 1,    /* text: not empty */
    SCN_F_ALWAYS = 1 << 2,      /* hook: typed even when the key is absent */
    SCN_F_OMIT_DEFAULT = 1 << 3,/* printed only when not the default (keys added after the
                                   canonical form was fixed: old prints stay the same);
                                   compared bytewise (distributions by value), so not
                                   for text */
    SCN_F_FLOW = 1 << 4,        /* section: printed in flow style */
    SCN_F_NO_PRINT = 1 << 5,    /* not part of the canonical tree (sweep, expect, count) */
    SCN_F_REQUIRED = 1 << 6,    /* absent: "missing key" (an enum's hint: its names) */
    SCN_F_AS_WRITTEN = 1 << 7,  /* list: printed in the order written (ScnTyped.action_order) */
};

#define SCN_MAX_ENUM 32

typedef struct Ty Ty;
typedef struct ScnField ScnField;
/* A row's check, run after the key `n` of the mapping `map` was typed without error into
 * the section's struct `base`; it reports what breaks a rule across keys. */
typedef void ScnCheck(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                      void *base);
/* Building a canonical tree: the arena, and the only top-level key wanted (or NULL). */
typedef struct {
    ScnArena *a;
    const char *only;
    gboolean all;          /* also the keys left out when they hold their default */
    gboolean in_list;      /* printing list entries (members.list: defaults are members.defaults) */
} ScnCanon;

/* Hand-written parts of a variant key.  `type` gets the section's mapping, the key's
 * node (NULL when absent, with SCN_F_ALWAYS), its path in messages and the section's
 * struct; returns FALSE after errors.  `print` adds the key of the section's struct
 * `base` to `map` (or nothing);
 * `equal` compares the key's part of two sections' structs. */
typedef struct {
    gboolean (*type)(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                     void *base);
    void (*print)(ScnCanon *c, ScnNode *map, const ScnField *f, const void *base,
                  const ScnTyped *t);
    gboolean (*equal)(const void *a, const void *b);
} ScnHooks;

struct ScnField {
    ScnSection section;
    const char *key;
    ScnType type;
    size_t offset, size;        /* in the section's struct */
    size_t aux;                 /* service: where its has[] flags are; list: its length */
    guint32 flags;
    double lo, hi;              /* number */
    gboolean lo_open;
    gint64 ilo, ihi;            /* integer */
    SimTime tmin, tmax;         /* duration, checked when `rule` is set */
    gboolean tmin_open;
    const char *rule;           /* duration: "within 1s..600s" */
    const char *(*names)(int);  /* enum */
    int n_names;                /* at most SCN_MAX_ENUM */
    ScnSection sub;             /* section */
    const ScnHooks *hooks;      /* hook */
    int like;                   /* 1 + the section whose row of the same key this one copies */
    const char *shown_if;       /* printed only when row KEY of the section is not 0 ("!KEY":
                                   only when it is 0) */
    /* documentation: `doc` always; the others only where the schema cannot say it */
    const char *doc, *doc_type, *doc_default, *doc_range;
    /* checked after the key was typed without error (warmup < duration) */
    ScnCheck *check;
};

/* The rows of a section, in the order of the canonical form; n in *n. */
const ScnField *scn_schema_rows(ScnSection s, guint *n);
/* The keys of a section, NULL-terminated, in the same order (for unknown keys). */
const char *const *scn_schema_keys(ScnSection s);
/* The row of `key` in a section, or NULL. */
const ScnField *scn_schema_field(ScnSection s, const char *key);
/* The docs table a section's rows go to, and the prefix its keys get there. */
const char *scn_schema_table(ScnSection s, const char **prefix);
/* The configuration every default comes from (built once, never freed). */
const ScnTyped *scn_schema_defaults(void);

/* Where row `f`'s value lives in its section's struct `base`. */
static inline void *scn_field_ptr(const ScnField *f, void *base)
{
    return (char *)base + f->offset;
}
static inline const void *scn_field_cptr(const ScnField *f, const void *base)
{
    return (const char *)base + f->offset;
}
/* Where row `f`'s `aux` field lives (a service's has[] flags, a list's length). */
static inline void *scn_field_aux(const ScnField *f, void *base)
{
    return (char *)base + f->aux;
}
static inline const void *scn_field_caux(const ScnField *f, const void *base)
{
    return (const char *)base + f->aux;
}

/* Generic typing, printing and equality of a section's rows (typing.c, print.c,
 * equal.c).  scn_type_fields types the rows present in the mapping `n` (and hooks with
 * SCN_F_ALWAYS), reports the SCN_F_REQUIRED ones that are absent, and returns TRUE when
 * no row failed; the caller checked the mapping's keys. */
gboolean scn_type_fields(Ty *ty, ScnSection s, const ScnNode *n, const char *path,
                         void *base);
/* The canonical node of one value (a scalar, a flow mapping, a section). */
ScnNode *scn_canon_value(ScnCanon *c, const ScnField *f, const void *base,
                         const ScnTyped *t);
/* Adds a section's keys to `map`, in the schema's order. */
void scn_canon_fields(ScnCanon *c, ScnNode *map, ScnSection s, const void *base,
                      const ScnTyped *t);
/* Node builders for the hooks' printers (print.c). */
ScnNode *scn_canon_text(ScnCanon *c, const char *s);
ScnNode *scn_canon_map(ScnCanon *c, guint32 cap, gboolean flow);
ScnNode *scn_canon_seq(ScnCanon *c, guint32 cap, gboolean flow);
void scn_canon_put(ScnCanon *c, ScnNode *map, const char *key, ScnNode *v);
ScnNode *scn_canon_time(ScnCanon *c, SimTime t);
ScnNode *scn_canon_double(ScnCanon *c, double x);
ScnNode *scn_canon_dist(ScnCanon *c, const SimDist *d);
gboolean scn_fields_equal(ScnSection s, const void *a, const void *b);
/* Lists of section structs (members, clients, faults, actions), `size` bytes each: the
 * canonical block list of their flow mappings (item order[k] k-th; order NULL: as
 * stored), and equality. */
ScnNode *scn_canon_list(ScnCanon *c, ScnSection s, const void *items, guint n, gsize size,
                        const uint32_t *order, const ScnTyped *t);
gboolean scn_list_equal(ScnSection s, const void *a, const void *b, guint n, gsize size);

/* ---- the hand-written parts the rows refer to (hooks_*.c, typing.c) ---- */

extern const ScnHooks scn_hook_version, scn_hook_zones, scn_hook_members,
    scn_hook_clients, scn_hook_client_count,
    scn_hook_key_choice, scn_hook_mirroring, scn_hook_faults,
    scn_hook_actions, scn_hook_fault_target, scn_hook_action_target,
    scn_hook_group_clients, scn_hook_group_list, scn_hook_group_workload;

/* The rows' checks: warmup < duration; a client's (a group's) zone holds a member; an
 * action's or a fault's at before duration (a warning); a fault process's every and
 * repair not (nearly) instantaneous, every not a bare duration (a warning); workload.threads is not with workload.rate,
 * nor in fluid mode or with splitting, and the closed-loop keys need threads (also a
 * group's); issue 11: the groups' workloads again once the top-level workload, their
 * defaults, is typed. */
ScnCheck scn_check_warmup, scn_check_client_zone, scn_check_group_zone, scn_check_action_at,
    scn_check_closed_loop, scn_check_group_closed_loop, scn_check_group_workloads,
    scn_check_fault_at, scn_check_fault_process;

/* hooks_groups.c, shared with hooks_fleet.c. */
/* The clients the `count` or the `list` of `map` give (`section`: "clients", "clients.K"),
 * appended to the configuration's: those of the list, or `count` ones (`dflt` when neither
 * is written) named PREFIX1..; each of group `gi` and, unless its own, in zone `zone`.
 * Nothing without a prefix (a group whose name failed).  FALSE after errors. */
gboolean scn_type_clients_of(Ty *ty, const ScnNode *map, const char *section,
                             const char *prefix, guint dflt, uint32_t gi, uint32_t zone);

/* The values of the rows of type SCN_T_SERVICE (hooks_groups.c) and SCN_T_MIX
 * (hooks_workload.c): service times per operation type `{read, create, delete, clone}`
 * (has[t]: given), a mix `{read, create, delete}` (each in [0, 1], summing to 1); their
 * canonical flow mappings (service: NULL when none is given). */
gboolean scn_type_service(Ty *ty, const ScnNode *n, const char *path, gboolean *has,
                          SimDist *service);
ScnNode *scn_canon_service(ScnCanon *c, const gboolean *has, const SimDist *service);
gboolean scn_type_mix(Ty *ty, const ScnNode *n, const char *path, double *mix);
ScnNode *scn_canon_mix(ScnCanon *c, const double *mix);

#endif
