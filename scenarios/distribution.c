/* scenarios/distribution.c - typing a distribution of durations (MODEL.md 1.1): a bare
 * duration (deterministic) or {dist: NAME, PARAM: VALUE, ...}.  Parameters that are
 * durations (mean, value, min, max, scale, median, values) take units; shape, sigma, k
 * and mu are plain numbers.  The family's own rules are sim_dist_check()'s. */
#include "scenarios/typing-private.h"

#include <math.h>
#include <string.h>

/* Floors on distribution parameters (docs/scenario-reference.md, "Limits"): gamma and
 * weibull shapes below SCN_MIN_SHAPE, lognormal sigmas above SCN_MAX_SIGMA, draw 0s
 * almost always. */
#define SCN_MIN_SHAPE 0.01
#define SCN_MAX_SIGMA 10.0

static const ScnDistSpec specs[SIM_DIST_N_FAMILIES] = {
    [SIM_DIST_EXPONENTIAL] = {"mean", NULL, TRUE, FALSE},
    [SIM_DIST_DETERMINISTIC] = {"value", NULL, TRUE, FALSE},
    [SIM_DIST_UNIFORM] = {"min", "max", TRUE, TRUE},
    [SIM_DIST_WEIBULL] = {"shape", "scale", FALSE, TRUE},
    [SIM_DIST_LOGNORMAL] = {"median", "sigma", TRUE, FALSE},   /* or mu (a number) */
    [SIM_DIST_GAMMA] = {"shape", "scale", FALSE, TRUE},
    [SIM_DIST_ERLANG] = {"k", "mean", FALSE, TRUE},
    [SIM_DIST_PARETO] = {"shape", "scale", FALSE, TRUE},
    [SIM_DIST_EMPIRICAL] = {"values", NULL, TRUE, FALSE},
};

const ScnDistSpec *scn_dist_spec(SimDistFamily family)
{
    return &specs[family];
}

static gboolean get_param(ScnDiag *d, const ScnNode *v, const char *path, const char *name,
                          gboolean is_time, double *out)
{
    g_autofree char *p = scn_path_key(path, name);
    if (is_time) {
        SimTime t;
        if (!scn_get_duration(d, v, p, 0, FALSE, 0, NULL, &t))
            return FALSE;
        *out = sim_time_to_s(t);
        return TRUE;
    }
    return scn_get_double(d, v, p, -INFINITY, FALSE, INFINITY, out);
}

static gboolean get_values(ScnDiag *d, const ScnNode *v, const char *path, SimDist *out)
{
    g_autofree char *p = scn_path_key(path, "values");
    guint len;
    if (!scn_get_seq(d, v, p, SCN_MAX_NODES, "values", &len))
        return FALSE;
    g_autofree double *vals = g_new(double, len ? len : 1);
    gboolean ok = TRUE;
    for (guint i = 0; i < len; i++) {
        const ScnNode *e = v->items[i];
        SimTime t = 0;
        /* the common case without building a path; the getter words any error */
        if (e->kind != SCN_NODE_SCALAR || scn_node_is_null(e) ||
            !sim_time_parse(e->text, &t, NULL)) {
            g_autofree char *pi = scn_path_idx(p, i);
            ok = scn_get_duration(d, e, pi, 0, FALSE, 0, NULL, &t) && ok;
        }
        vals[i] = sim_time_to_s(t);
    }
    if (ok)
        *out = sim_dist_empirical(vals, len);
    return ok;
}

gboolean scn_get_dist(ScnDiag *d, const ScnNode *n, const char *path, SimDist *out)
{
    if (n->kind == SCN_NODE_SCALAR && !scn_node_is_null(n)) {
        SimTime t;
        if (!scn_get_duration(d, n, path, 0, FALSE, 0, NULL, &t))
            return FALSE;
        *out = sim_dist_deterministic(sim_time_to_s(t));
        return TRUE;
    }
    if (n->kind != SCN_NODE_MAP)
        return scn_diag_got(d, n, "%s must be a duration or a distribution {dist: NAME, ...}",
                            path);
    SCN_ENUM_NAMES(families, SIM_DIST_N_FAMILIES, sim_dist_family_name, SimDistFamily);
    const ScnNode *dn = scn_map_get(n, "dist");
    if (dn == NULL) {
        g_autofree char *list = scn_names_join(families, NULL);
        g_autofree char *hint = g_strdup_printf("(a distribution is {dist: NAME, ...}, NAME "
                                                "one of %s)", list);
        scn_missing_key(d, n, path, "dist", hint);
        return FALSE;
    }
    g_autofree char *dpath = scn_path_key(path, "dist");
    int fam;
    if (!scn_get_enum(d, dn, dpath, families, SIM_DIST_N_FAMILIES, &fam))
        return FALSE;
    const ScnDistSpec *sp = &specs[fam];
    const char *keys[5] = {"dist", sp->a, sp->b, NULL, NULL};
    if (fam == SIM_DIST_LOGNORMAL)
        keys[3] = "mu";
    if (!scn_check_map(d, n, path, keys))
        return FALSE;

    const ScnNode *an = scn_map_get(n, sp->a);
    const ScnNode *bn = sp->b ? scn_map_get(n, sp->b) : NULL;
    const ScnNode *mu = fam == SIM_DIST_LOGNORMAL ? scn_map_get(n, "mu") : NULL;
    gboolean ok = TRUE;
    gboolean miss_a = an == NULL && mu == NULL, miss_b = sp->b && bn == NULL;
    if (an && mu) {
        scn_diag_add(d, scn_map_key(n, "mu")->pos, "%s: give median or mu, not both", path);
        ok = FALSE;
    }
    if (miss_a || miss_b) {
        g_autofree char *needs =
            sp->b ? g_strdup_printf("(%s needs %s%s and %s)", families[fam], sp->a,
                                    fam == SIM_DIST_LOGNORMAL ? " or mu" : "", sp->b)
                  : g_strdup_printf("(%s needs %s)", families[fam], sp->a);
        if (miss_a)
            scn_missing_key(d, n, path, sp->a, needs);
        if (miss_b)
            scn_missing_key(d, n, path, sp->b, needs);
        ok = FALSE;
    }
    double a = 0, b = 0;
    SimDist dist = {0};
    if (fam == SIM_DIST_EMPIRICAL) {
        ok = ok && get_values(d, an, path, &dist);
    } else {
        if (an)
            ok = get_param(d, an, path, sp->a, sp->a_time, &a) && ok;
        if (mu)
            ok = get_param(d, mu, path, "mu", FALSE, &a) && ok;
        if (bn)
            ok = get_param(d, bn, path, sp->b, sp->b_time, &b) && ok;
        if (ok && fam == SIM_DIST_LOGNORMAL && an && !(a > 0))
            ok = scn_diag_got(d, an, "%s.median must be > 0s", path);
        if (ok) {
            if (fam == SIM_DIST_LOGNORMAL && an)
                dist = sim_dist_lognormal_median(a, b);
            else
                dist = (SimDist){.family = (SimDistFamily)fam, .a = a, .b = b};
        }
    }
    if (!ok)
        return FALSE;

    /* the family's own rules; then shapes so small that nearly every draw rounds to 0 ns
     * (and whose moments overflow) are refused, as is a sigma whose draws do the same */
    const char *bad = NULL;
    g_autoptr(GError) err = NULL;
    if (!sim_dist_check(&dist, TRUE, &bad, &err)) {
        const ScnNode *at = bad ? scn_map_get(n, bad) : NULL;
        if (at == NULL && bad && strcmp(bad, "median") == 0)
            at = mu;
        scn_diag_add(d, (at ? at : n)->pos, "%s: %s", path, err->message);
    } else if ((fam == SIM_DIST_GAMMA || fam == SIM_DIST_WEIBULL) && dist.a < SCN_MIN_SHAPE) {
        scn_diag_add(d, scn_map_get(n, "shape")->pos,
                     "%s.shape must be >= %g (got %g): smaller shapes draw 0s almost always",
                     path, SCN_MIN_SHAPE, dist.a);
    } else if (fam == SIM_DIST_LOGNORMAL && dist.b > SCN_MAX_SIGMA) {
        scn_diag_add(d, scn_map_get(n, "sigma")->pos,
                     "%s.sigma must be <= %g (got %g): larger ones draw 0s or overflow",
                     path, SCN_MAX_SIGMA, dist.b);
    } else {
        *out = dist;
        return TRUE;
    }
    sim_dist_clear(&dist);
    return FALSE;
}
