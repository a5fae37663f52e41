/* scenarios/print.c - the canonical tree of a typed scenario: every key with its value,
 * in a fixed order and form, so that printing is deterministic and reading it back
 * gives the same configuration (numbers in their shortest exact form, durations in
 * sim_time_format's form, distributions as {dist: ...}). */
#include "scenarios/scenario-private.h"

#include <math.h>
#include <string.h>

static const ScnPos nowhere = {0, 0, 0};

char *scn_format_double(double x, char *buf, gsize size)
{
    if (!isfinite(x)) {
        g_strlcpy(buf, x > 0 ? "inf" : x < 0 ? "-inf" : "nan", size);
        return buf;
    }
    if (x == floor(x) && fabs(x) < 1e15) {
        g_snprintf(buf, size, "%.0f", x == 0 ? 0.0 : x);
        return buf;
    }
    for (int prec = 1; prec <= 17; prec++) {
        char fmt[8];
        g_snprintf(fmt, sizeof fmt, "%%.%dg", prec);
        g_ascii_formatd(buf, (gint)size, fmt, x);
        if (g_ascii_strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

typedef gboolean (*TimeMatch)(SimTime t, double target);

static gboolean same_seconds(SimTime t, double target) { return sim_time_to_s(t) == target; }
static gboolean same_log(SimTime t, double mu) { return t > 0 && log(sim_time_to_s(t)) == mu; }

/* A duration whose seconds match `target` (by `match`), near `approx` seconds: the one
 * of the coarsest unit when there is a choice, so that "200y" prints as 200y. */
static gboolean find_time(double approx, double target, TimeMatch match, SimTime *out)
{
    static const SimTime units[] = {SIM_YEAR, SIM_DAY, SIM_HOUR, SIM_MIN, SIM_SEC, SIM_MS,
                                    SIM_US};
    SimTime t0 = sim_time_from_s(approx);
    for (gsize i = 0; i < G_N_ELEMENTS(units); i++) {
        SimTime u = units[i];
        SimTime lo = t0 / u * u;
        for (int k = 0; k < 2; k++) {
            if (k == 1 && lo > SIM_TIME_MAX - u)
                break;                                  /* lo + u would overflow */
            SimTime cand = lo + k * u;
            if (match(cand, target)) {
                *out = cand;
                return TRUE;
            }
        }
    }
    for (SimTime k = 0; k <= 4096; k++) {
        if (t0 - k >= 0 && match(t0 - k, target)) {
            *out = t0 - k;
            return TRUE;
        }
        if (t0 <= SIM_TIME_MAX - k && match(t0 + k, target)) {
            *out = t0 + k;
            return TRUE;
        }
    }
    return FALSE;
}

char *scn_format_seconds(double s, char *buf, gsize size)
{
    SimTime t;
    if (s >= 0 && find_time(s, s, same_seconds, &t))
        return sim_time_format(t, buf, size);
    return scn_format_double(s, buf, size);      /* never for a loaded value */
}

/* ---- node builders ---- */

typedef struct {
    ScnArena *a;
    const char *only;      /* build only this top-level key (NULL: all) */
} Canon;

static gboolean wanted(const Canon *c, const char *key)
{
    return c->only == NULL || strcmp(c->only, key) == 0;
}

static ScnNode *text(Canon *c, const char *s)
{
    return scn_node_scalar(c->a, nowhere, s, 0);
}

static ScnNode *map(Canon *c, guint32 cap, gboolean flow)
{
    return scn_node_container(c->a, SCN_NODE_MAP, nowhere, cap, flow ? SCN_NODE_FLOW : 0);
}

static ScnNode *seq(Canon *c, guint32 cap, gboolean flow)
{
    return scn_node_container(c->a, SCN_NODE_SEQ, nowhere, cap,
                              flow || cap == 0 ? SCN_NODE_FLOW : 0);
}

static void put(Canon *c, ScnNode *m, const char *key, ScnNode *v)
{
    scn_node_map_add(m, text(c, key), v);
}

static void put_text(Canon *c, ScnNode *m, const char *key, const char *v)
{
    put(c, m, key, text(c, v));
}

static void put_time(Canon *c, ScnNode *m, const char *key, SimTime t)
{
    char buf[SIM_TIME_FORMAT_SIZE];
    put_text(c, m, key, sim_time_format(t, buf, sizeof buf));
}

static void put_seconds(Canon *c, ScnNode *m, const char *key, double s)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE + SIM_TIME_FORMAT_SIZE];
    put_text(c, m, key, scn_format_seconds(s, buf, sizeof buf));
}

static void put_double(Canon *c, ScnNode *m, const char *key, double x)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    put_text(c, m, key, scn_format_double(x, buf, sizeof buf));
}

static void put_int(Canon *c, ScnNode *m, const char *key, gint64 v)
{
    put(c, m, key, scn_node_scalar(c->a, nowhere, scn_arena_printf(c->a, "%" G_GINT64_FORMAT, v), 0));
}

static void put_bool(Canon *c, ScnNode *m, const char *key, gboolean v)
{
    put_text(c, m, key, v ? "true" : "false");
}

static ScnNode *dist(Canon *c, const SimDist *d)
{
    ScnNode *m = map(c, 3, TRUE);
    put_text(c, m, "dist", sim_dist_family_name(d->family));
    switch (d->family) {
    case SIM_DIST_EXPONENTIAL: put_seconds(c, m, "mean", d->a); break;
    case SIM_DIST_DETERMINISTIC: put_seconds(c, m, "value", d->a); break;
    case SIM_DIST_UNIFORM:
        put_seconds(c, m, "min", d->a);
        put_seconds(c, m, "max", d->b);
        break;
    case SIM_DIST_WEIBULL:
    case SIM_DIST_GAMMA:
    case SIM_DIST_PARETO:
        put_double(c, m, "shape", d->a);
        put_seconds(c, m, "scale", d->b);
        break;
    case SIM_DIST_LOGNORMAL: {
        SimTime t;
        if (find_time(exp(d->a), d->a, same_log, &t))
            put_time(c, m, "median", t);
        else
            put_double(c, m, "mu", d->a);
        put_double(c, m, "sigma", d->b);
        break;
    }
    case SIM_DIST_ERLANG:
        put_double(c, m, "k", d->a);
        put_seconds(c, m, "mean", d->b);
        break;
    case SIM_DIST_EMPIRICAL: {
        size_t n;
        const double *v = sim_dist_values(d, &n);
        ScnNode *s = seq(c, (guint32)n, TRUE);
        for (size_t i = 0; i < n; i++) {
            char buf[G_ASCII_DTOSTR_BUF_SIZE + SIM_TIME_FORMAT_SIZE];
            scn_node_seq_add(s, text(c, scn_format_seconds(v[i], buf, sizeof buf)));
        }
        put(c, m, "values", s);
        break;
    }
    default:
        break;
    }
    return m;
}

/* The fields of a member (or of the defaults, without name; zone when known). */
static ScnNode *member(Canon *c, const MdlConfig *cfg, const MdlMemberConfig *mc,
                       gboolean with_name, uint32_t zone)
{
    ScnNode *m = map(c, 10, TRUE);
    if (with_name)
        put_text(c, m, "name", mc->name);
    if (zone != MDL_NONE)
        put_text(c, m, "zone", cfg->zones[zone]);
    put_double(c, m, "capacity", mc->capacity);
    put_int(c, m, "concurrency", mc->concurrency);
    put_int(c, m, "queue_limit", mc->queue_limit);
    put_time(c, m, "boot_time", mc->boot_time);
    put_time(c, m, "activation_hold", mc->activation_hold);
    put_time(c, m, "reinit_time", mc->reinit_time);
    put_bool(c, m, "standby", mc->standby);
    ScnNode *sv = map(c, MDL_N_OPS, TRUE);
    for (int t = 0; t < MDL_N_OPS; t++)
        if (mc->has_service[t])
            put(c, sv, mdl_op_name((MdlOpType)t), dist(c, &mc->service[t]));
    if (sv->n)
        put(c, m, "service", sv);
    return m;
}

static ScnNode *members(Canon *c, const ScnTyped *t)
{
    const MdlConfig *cfg = t->config;
    ScnNode *m = map(c, 2, FALSE);
    put(c, m, "defaults", member(c, cfg, &t->member_defaults, FALSE, t->defaults_zone));
    ScnNode *list = seq(c, cfg->n_members, FALSE);
    for (uint32_t i = 0; i < cfg->n_members; i++)
        scn_node_seq_add(list, member(c, cfg, &cfg->members[i], TRUE, cfg->members[i].zone));
    put(c, m, "list", list);
    return m;
}

static ScnNode *clients(Canon *c, const MdlConfig *cfg)
{
    ScnNode *m = map(c, 6, FALSE);
    ScnNode *list = seq(c, cfg->n_clients, FALSE);
    for (uint32_t i = 0; i < cfg->n_clients; i++) {
        ScnNode *e = map(c, 2, TRUE);
        put_text(c, e, "name", cfg->clients[i].name);
        if (cfg->clients[i].zone != MDL_NONE)
            put_text(c, e, "zone", cfg->zones[cfg->clients[i].zone]);
        scn_node_seq_add(list, e);
    }
    put(c, m, "list", list);
    put_text(c, m, "balancing", mdl_balancing_name(cfg->balancing));
    put_time(c, m, "command_timeout", cfg->command_timeout);
    put_bool(c, m, "ha_only", cfg->ha_only);
    put_bool(c, m, "synchronize", cfg->synchronize);
    ScnNode *ar = map(c, 4, TRUE);
    put_int(c, ar, "retry", cfg->retry);
    put_time(c, ar, "interval", cfg->interval);
    put_text(c, ar, "mode", mdl_recovery_mode_name(cfg->recovery_mode));
    put_time(c, ar, "attempt_cost", cfg->attempt_cost);
    put(c, m, "auto_recovery", ar);
    return m;
}

static ScnNode *workload(Canon *c, const MdlConfig *cfg)
{
    ScnNode *m = map(c, 5, FALSE);
    if (cfg->workload_mode != MDL_WORKLOAD_OPERATIONS)
        put_text(c, m, "mode", mdl_workload_mode_name(cfg->workload_mode));
    put_double(c, m, "rate", cfg->rate);
    ScnNode *mix = map(c, 3, TRUE);
    put_double(c, mix, "read", cfg->mix[0]);
    put_double(c, mix, "create", cfg->mix[1]);
    put_double(c, mix, "delete", cfg->mix[2]);
    put(c, m, "mix", mix);
    put_int(c, m, "initial_objects", (gint64)cfg->initial_objects);
    if (cfg->key_choice == MDL_KEYS_UNIFORM) {
        put_text(c, m, "key_choice", "uniform");
    } else if (cfg->zipf_s == 1.0) {
        put_text(c, m, "key_choice", "zipf");
    } else {
        ScnNode *kc = map(c, 1, TRUE), *z = map(c, 1, TRUE);
        put_double(c, z, "s", cfg->zipf_s);
        put(c, kc, "zipf", z);
        put(c, m, "key_choice", kc);
    }
    return m;
}

static ScnNode *fault(Canon *c, const MdlConfig *cfg, const MdlFaultConfig *f)
{
    ScnNode *m = map(c, 4, TRUE);
    put_text(c, m, "kind", mdl_fault_kind_name(f->kind));
    switch (f->target) {
    case MDL_TARGET_MEMBER: put_text(c, m, "target", cfg->members[f->index].name); break;
    case MDL_TARGET_ZONE: put_text(c, m, "target", cfg->zones[f->index]); break;
    case MDL_TARGET_EACH_MEMBER: put_text(c, m, "target", "each-member"); break;
    case MDL_TARGET_EACH_ZONE: put_text(c, m, "target", "each-zone"); break;
    case MDL_TARGET_CLIENT:
        put(c, m, "target", scn_node_scalar(c->a, nowhere, scn_arena_printf(c->a, "client:%s",
                                                            cfg->clients[f->index].name), 0));
        break;
    }
    if (f->scheduled) {
        put_time(c, m, "at", f->at);
        put_time(c, m, "duration", f->duration);
    } else {
        put(c, m, "every", dist(c, &f->every));
        put(c, m, "repair", dist(c, &f->repair));
    }
    return m;
}

static ScnNode *zones(Canon *c, const MdlConfig *cfg)
{
    ScnNode *z = seq(c, cfg->n_zones, TRUE);
    for (uint32_t i = 0; i < cfg->n_zones; i++)
        scn_node_seq_add(z, text(c, cfg->zones[i]));
    return z;
}

static ScnNode *mirroring(Canon *c, const MdlConfig *cfg)
{
    ScnNode *m = map(c, 3, TRUE);
    put_text(c, m, "mode", mdl_mirror_mode_name(cfg->mirror_mode));
    if (cfg->mirror_mode == MDL_MIRROR_ASYNC) {
        /* the default, min(2, members), is left implicit: a sweep over members.count
         * recomputes it at each point, where an explicit 2 would be invalid with one */
        if (cfg->min_copies != MIN(2u, cfg->n_members))
            put_int(c, m, "min_copies", cfg->min_copies);
        put_time(c, m, "mirror_delay", cfg->mirror_delay);
    }
    return m;
}

static ScnNode *sync_map(Canon *c, const MdlConfig *cfg)
{
    ScnNode *m = map(c, 2, TRUE);
    put_time(c, m, "base", cfg->sync_base);
    put_time(c, m, "per_object", cfg->sync_per_object);
    return m;
}

static ScnNode *actions(Canon *c, const ScnTyped *t)
{
    const MdlConfig *cfg = t->config;
    ScnNode *acts = seq(c, cfg->n_actions, FALSE);
    for (uint32_t k = 0; k < cfg->n_actions; k++) {     /* in the order written */
        const MdlActionConfig *act = &cfg->actions[t->action_order[k]];
        ScnNode *e = map(c, 3, TRUE);
        put_time(c, e, "at", act->at);
        put_text(c, e, "do", mdl_action_name(act->kind));
        if (act->index == MDL_NONE)
            put_text(c, e, "target", "all");
        else if (act->kind == MDL_ACTION_CLIENT_RESTART)
            put_text(c, e, "target", cfg->clients[act->index].name);
        else
            put_text(c, e, "target", cfg->members[act->index].name);
        scn_node_seq_add(acts, e);
    }
    return acts;
}

ScnNode *scn_canon_tree(ScnArena *a, const ScnTyped *t, const char *only)
{
    Canon cc = {a, only}, *c = &cc;
    const MdlConfig *cfg = t->config;
    ScnNode *root = map(c, 20, FALSE);
    if (wanted(c, "hapgsim"))
        put_int(c, root, "hapgsim", 1);
    if (wanted(c, "name"))
        put_text(c, root, "name", cfg->name);
    if (wanted(c, "description"))
        put_text(c, root, "description", cfg->description);
    if (wanted(c, "seed"))
        put(c, root, "seed", text(c, scn_arena_printf(a, "%" G_GUINT64_FORMAT, cfg->seed)));
    if (wanted(c, "duration"))
        put_time(c, root, "duration", cfg->duration);
    if (wanted(c, "warmup"))
        put_time(c, root, "warmup", cfg->warmup);
    if (wanted(c, "replications"))
        put_int(c, root, "replications", cfg->replications);
    if (wanted(c, "zones"))
        put(c, root, "zones", zones(c, cfg));
    if (wanted(c, "members"))
        put(c, root, "members", members(c, t));
    if (wanted(c, "clients"))
        put(c, root, "clients", clients(c, cfg));
    if (wanted(c, "workload"))
        put(c, root, "workload", workload(c, cfg));
    if (wanted(c, "mirroring"))
        put(c, root, "mirroring", mirroring(c, cfg));
    if (wanted(c, "sync"))
        put(c, root, "sync", sync_map(c, cfg));
    if (wanted(c, "faults")) {
        ScnNode *faults = seq(c, cfg->n_faults, FALSE);
        for (uint32_t i = 0; i < cfg->n_faults; i++)
            scn_node_seq_add(faults, fault(c, cfg, &cfg->faults[i]));
        put(c, root, "faults", faults);
    }
    if (wanted(c, "operator")) {
        ScnNode *op = map(c, 1, TRUE);
        put(c, op, "response", dist(c, &cfg->operator_response));
        put(c, root, "operator", op);
    }
    if (wanted(c, "actions"))
        put(c, root, "actions", actions(c, t));
    return root;
}
