/* scenarios/hooks_workload.c - the variant keys of the workload and of mirroring:
 * workload.mix (three shares that sum to 1), workload.key_choice (a name or
 * {zipf: {s: S}}), and mirroring, whose async-only keys depend on its mode.  Each
 * key's typing, canonical print and equality (schema.h, ScnHooks). */
#include "scenarios/typing-private.h"

#include <math.h>
#include <string.h>

/* ---- workload.mix ---- */

static const char *const mix_keys[] = {"read", "create", "delete", NULL};

gboolean scn_type_mix(Ty *ty, const ScnNode *n, const char *path, double *out)
{
    if (!scn_check_map(ty->d, n, path, mix_keys))
        return FALSE;
    double mix[3] = {0, 0, 0};
    gboolean ok = TRUE;
    for (int i = 0; i < 3; i++) {
        FIELD(n, path, mix_keys[i], v, p);
        if (v)
            ok = scn_get_double(ty->d, v, p, 0, FALSE, 1, &mix[i]) && ok;
    }
    if (!ok || scn_unknown_keys(n, mix_keys))
        return FALSE;
    double sum = mix[0] + mix[1] + mix[2];
    if (fabs(sum - 1) > 1e-9) {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        scn_diag_add(ty->d, n->pos, "%s must sum to 1 (got read + create + delete = %s)",
                     path, g_ascii_formatd(buf, sizeof buf, "%.10g", sum));
        return FALSE;
    }
    memcpy(out, mix, sizeof mix);
    return TRUE;
}

ScnNode *scn_canon_mix(ScnCanon *c, const double *mix)
{
    ScnNode *m = scn_canon_map(c, 3, TRUE);
    for (int i = 0; i < 3; i++)
        scn_canon_put(c, m, mix_keys[i], scn_canon_double(c, mix[i]));
    return m;
}

/* ---- workload.key_choice ---- */

static gboolean type_key_choice(Ty *ty, const ScnNode *map, const ScnNode *n,
                                const char *path, void *base)
{
    MdlConfig *c = base;
    static const char *const names[] = {"uniform", "zipf", NULL};
    if (n->kind != SCN_NODE_MAP) {
        int k;
        if (!scn_get_enum(ty->d, n, path, names, 2, &k))
            return FALSE;
        c->key_choice = (MdlKeyChoice)k;
        c->zipf_s = 1.0;
        return TRUE;
    }
    static const char *const keys[] = {"zipf", NULL};
    if (!scn_check_map(ty->d, n, path, keys))
        return FALSE;
    const ScnNode *z = scn_map_get(n, "zipf");
    if (z == NULL && scn_unknown_keys(n, keys) == 0) {
        scn_missing_key(ty->d, n, path, "zipf", "(key_choice is uniform, zipf or "
                        "{zipf: {s: S}})");
        return FALSE;
    }
    if (z == NULL)
        return FALSE;
    static const char *const zkeys[] = {"s", NULL};
    g_autofree char *zp = scn_path_key(path, "zipf");
    if (!scn_check_map(ty->d, z, zp, zkeys))
        return FALSE;
    double s = 1.0;
    FIELD(z, zp, "s", sn, sp);
    if (sn && !scn_get_double(ty->d, sn, sp, 0, TRUE, INFINITY, &s))
        return FALSE;
    c->key_choice = MDL_KEYS_ZIPF;
    c->zipf_s = s;
    return TRUE;
}

static void print_key_choice(ScnCanon *c, ScnNode *map, const ScnField *f, const void *base,
                             const ScnTyped *t)
{
    const MdlConfig *cfg = base;
    if (cfg->key_choice == MDL_KEYS_UNIFORM) {
        scn_canon_put(c, map, f->key, scn_canon_text(c, "uniform"));
    } else if (cfg->zipf_s == 1.0) {
        scn_canon_put(c, map, f->key, scn_canon_text(c, "zipf"));
    } else {
        ScnNode *kc = scn_canon_map(c, 1, TRUE), *z = scn_canon_map(c, 1, TRUE);
        scn_canon_put(c, z, "s", scn_canon_double(c, cfg->zipf_s));
        scn_canon_put(c, kc, "zipf", z);
        scn_canon_put(c, map, f->key, kc);
    }
}

static gboolean equal_key_choice(const void *pa, const void *pb)
{
    const MdlConfig *a = pa, *b = pb;
    return a->key_choice == b->key_choice && a->zipf_s == b->zipf_s;
}

const ScnHooks scn_hook_key_choice = {type_key_choice, print_key_choice, equal_key_choice};

/* ---- mirroring ---- */

static gboolean type_mirroring(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                               void *base)
{
    MdlConfig *c = base;
    c->min_copies = MIN(2, c->n_members);
    if (n == NULL || !scn_check_map(ty->d, n, path, scn_schema_keys(SCN_SEC_MIRRORING)))
        return n == NULL;
    const ScnField *mode = scn_schema_field(SCN_SEC_MIRRORING, "mode");
    FIELD(n, path, "mode", mn, mp);
    if (mn && !scn_type_value(ty, mode, mn, mp, c))
        return FALSE;
    FIELD(n, path, "min_copies", cn, cp);
    FIELD(n, path, "mirror_delay", dn, dp);
    if (c->mirror_mode == MDL_MIRROR_SYNC) {
        if (cn)
            scn_diag_add(ty->d, scn_map_key(n, "min_copies")->pos,
                         "%s applies only to mode: async", cp);
        if (dn)
            scn_diag_add(ty->d, scn_map_key(n, "mirror_delay")->pos,
                         "%s applies only to mode: async", dp);
        return !cn && !dn;
    }
    gint64 k;
    gint64 max = ty->members_ok ? c->n_members : MDL_MAX_MEMBERS;
    if (cn && scn_get_int(ty->d, cn, cp, 1, max, &k))
        c->min_copies = (uint32_t)k;
    const ScnField *delay = scn_schema_field(SCN_SEC_MIRRORING, "mirror_delay");
    if (dn)
        scn_type_value(ty, delay, dn, dp, c);
    return TRUE;
}

static void print_mirroring(ScnCanon *c, ScnNode *map, const ScnField *f, const void *base,
                            const ScnTyped *t)
{
    const MdlConfig *cfg = base;
    ScnNode *m = scn_canon_map(c, 3, TRUE);
    const ScnField *mode = scn_schema_field(SCN_SEC_MIRRORING, "mode");
    scn_canon_put(c, m, "mode", scn_canon_value(c, mode, cfg, t));
    if (cfg->mirror_mode == MDL_MIRROR_ASYNC) {
        /* the default, min(2, members), is left implicit: a sweep over members.count
         * recomputes it at each point, where an explicit 2 would be invalid with one */
        if (cfg->min_copies != MIN(2u, cfg->n_members))
            scn_canon_put(c, m, "min_copies", scn_canon_text(c, scn_arena_printf(
                                                 c->a, "%u", cfg->min_copies)));
        scn_canon_put(c, m, "mirror_delay", scn_canon_time(c, cfg->mirror_delay));
    }
    scn_canon_put(c, map, f->key, m);
}

/* equality: the section's rows */
const ScnHooks scn_hook_mirroring = {type_mirroring, print_mirroring, NULL};

/* ---- issue 11: closed loop ---- */

/* The closed loop's rules, for the top-level workload or (`group`) a client group's,
 * whose threads are `threads`: the other closed-loop keys act on threads only (a threads
 * key with an error of its own has said enough); threads is not with rate, nor in fluid
 * mode (a group's workload is refused there anyway) or with splitting. */
static void closed_loop_rules(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                              uint32_t threads, gboolean group)
{
    const MdlConfig *c = ty->c;
    if (!g_str_has_suffix(path, "threads")) {
        if (threads == 0 && scn_map_get(map, "threads") == NULL)
            scn_diag_add(ty->d, n->pos, group ? "%s needs threads (in this group's workload or "
                                                "the top-level one): it acts in the closed "
                                                "loop only"
                                              : "%s needs workload.threads: it acts in the "
                                                "closed loop only (the open loop of "
                                                "workload.rate has no application retries)",
                         path);
        return;
    }
    if (threads == 0)
        return;
    if (scn_map_get(map, "rate"))
        scn_diag_add(ty->d, n->pos, "%s and %s are alternatives (closed loop or open loop): set "
                     "one, not both", path, group ? "rate" : "workload.rate");
    else if (!group && c->workload_mode == MDL_WORKLOAD_FLUID)
        scn_diag_add(ty->d, n->pos, "%s needs workload.mode: operations (the fluid mode draws "
                     "the traffic as Poisson streams, an open loop)", path);
    else if (c->estimator == MDL_ESTIMATOR_SPLITTING)
        scn_diag_add(ty->d, n->pos, "%s needs estimator: crude (splitting does not copy the "
                     "application threads)", path);
}

void scn_check_closed_loop(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                           void *base)
{
    closed_loop_rules(ty, map, n, path, ((const MdlConfig *)base)->app.threads, FALSE);
}

void scn_check_group_closed_loop(Ty *ty, const ScnNode *map, const ScnNode *n,
                                 const char *path, void *base)
{
    closed_loop_rules(ty, map, n, path, ((const MdlClientGroupConfig *)base)->app.threads,
                      TRUE);
}
