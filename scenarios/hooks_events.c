/* scenarios/hooks_events.c - the variant keys of what happens to the group: faults (a
 * schedule, at + duration, or a process, every + repair, on a target written as a
 * member, a zone, each-member, each-zone or client:NAME) and scheduled actions.  Each
 * key's typing, canonical print and equality (schema.h, ScnHooks). */
#include "scenarios/typing-private.h"

#include <string.h>

/* ---- faults ---- */

/* The closest of the member and zone names, each-member, each-zone and (with `clients`)
 * client:NAME of a client or a group to `t`, or NULL; g_free it. */
static char *suggest_target(const MdlConfig *c, const char *t, gboolean clients)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (uint32_t i = 0; i < c->n_members; i++)
        g_ptr_array_add(names, g_strdup(c->members[i].name));
    for (uint32_t i = 0; i < c->n_zones; i++)
        g_ptr_array_add(names, g_strdup(c->zones[i]));
    g_ptr_array_add(names, g_strdup("each-member"));
    g_ptr_array_add(names, g_strdup("each-zone"));
    for (uint32_t i = 0; clients && i < c->n_clients; i++)
        g_ptr_array_add(names, g_strconcat("client:", c->clients[i].name, NULL));
    for (uint32_t i = 0; clients && i < c->n_groups; i++)      /* issue 11: client groups */
        g_ptr_array_add(names, g_strconcat("client:", c->groups[i].name ? c->groups[i].name
                                                                          : "", NULL));
    char *s = g_strdup(scn_suggest(t, (const char *const *)names->pdata, names->len));
    g_ptr_array_free(names, TRUE);
    return s;
}

static gboolean fault_target(Ty *ty, const ScnNode *n, const char *path, MdlFaultConfig *f)
{
    const MdlConfig *c = ty->c;
    if (n->kind != SCN_NODE_SCALAR || scn_node_is_null(n))
        return scn_diag_got(ty->d, n, "%s must be a member, a zone, each-member, each-zone or "
                                      "client:NAME", path);
    g_autofree char *got = scn_node_echo(n);
    const char *t = n->text;
    f->index = MDL_NONE;
    if (strcmp(t, "each-member") == 0) {
        f->target = MDL_TARGET_EACH_MEMBER;
        return TRUE;
    }
    if (strcmp(t, "each-zone") == 0) {
        f->target = MDL_TARGET_EACH_ZONE;
        return TRUE;
    }
    if (g_str_has_prefix(t, "client:")) {
        f->target = MDL_TARGET_CLIENT;
        if (f->kind != MDL_FAULT_NETWORK) {
            scn_diag_add(ty->d, n->pos, "%s: client:NAME is only for kind: network (got %s "
                         "with kind: %s)", path, got, mdl_fault_kind_name(f->kind));
            return FALSE;
        }
        f->index = mdl_config_client_index(c, t + 7);
        if (f->index == MDL_NONE && c->n_groups > 0) {  /* issue 11: a client group */
            f->index = mdl_config_group_index(c, t + 7);
            if (f->index != MDL_NONE)
                f->target = MDL_TARGET_CLIENT_GROUP;
        }
        if (f->index != MDL_NONE || !ty->clients_ok)
            return f->index != MDL_NONE;
    } else {
        uint32_t m = mdl_config_member_index(c, t), z = mdl_config_zone_index(c, t);
        if (m != MDL_NONE && z != MDL_NONE) {
            scn_diag_add(ty->d, n->pos, "%s is ambiguous: `%s` is both a member and a zone "
                         "(rename one of them)", path, t);
            return FALSE;
        }
        f->target = m != MDL_NONE ? MDL_TARGET_MEMBER : MDL_TARGET_ZONE;
        f->index = m != MDL_NONE ? m : z;
        if (f->index != MDL_NONE)
            return TRUE;
        if (!ty->members_ok || !ty->zones_ok)
            return FALSE;
    }
    g_autofree char *s = scn_diag_full(ty->d) ? NULL
                         : suggest_target(c, t, f->kind == MDL_FAULT_NETWORK);
    scn_diag_add(ty->d, n->pos, "%s must be a member, a zone, each-member, each-zone or "
                 "client:NAME (got %s)%s%s%s", path, got, SCN_MEAN(s));
    return FALSE;
}

static gboolean type_fault_target(Ty *ty, const ScnNode *map, const ScnNode *n,
                                  const char *path, void *base)
{
    return fault_target(ty, n, path, base);
}

static void print_fault_target(ScnCanon *c, ScnNode *map, const ScnField *f, const void *base,
                               const ScnTyped *t)
{
    const MdlFaultConfig *fc = base;
    const MdlConfig *cfg = t->config;
    const char *target = "";
    switch (fc->target) {
    case MDL_TARGET_MEMBER: target = cfg->members[fc->index].name; break;
    case MDL_TARGET_ZONE: target = cfg->zones[fc->index]; break;
    case MDL_TARGET_EACH_MEMBER: target = "each-member"; break;
    case MDL_TARGET_EACH_ZONE: target = "each-zone"; break;
    case MDL_TARGET_CLIENT:
        target = scn_arena_printf(c->a, "client:%s", cfg->clients[fc->index].name);
        break;
    case MDL_TARGET_CLIENT_GROUP:
        target = scn_arena_printf(c->a, "client:%s", cfg->groups[fc->index].name);
        break;
    }
    scn_canon_put(c, map, f->key, scn_canon_text(c, target));
}

static gboolean equal_fault_target(const void *pa, const void *pb)
{
    const MdlFaultConfig *a = pa, *b = pb;
    return a->target == b->target && a->index == b->index;
}

const ScnHooks scn_hook_fault_target = {type_fault_target, print_fault_target,
                                        equal_fault_target};

/* A fault is one of two forms, at + duration or every + repair (typed by their rows). */
static gboolean fault_form(Ty *ty, const ScnNode *e, const char *p, MdlFaultConfig *f)
{
    const ScnNode *at = scn_map_get(e, "at"), *du = scn_map_get(e, "duration");
    const ScnNode *ev = scn_map_get(e, "every"), *re = scn_map_get(e, "repair");
    gboolean sched = at || du, proc = ev || re;
    if (sched && proc) {
        const ScnNode *k = scn_map_key(e, ev ? "every" : "repair");
        scn_diag_add(ty->d, k->pos, "%s: give either at + duration or every + repair, not both",
                     p);
        return FALSE;
    }
    if (!sched && !proc) {
        scn_diag_add(ty->d, e->pos, "%s needs either at + duration (one fault) or every + "
                                    "repair (a fault process)", p);
        return FALSE;
    }
    f->scheduled = sched;
    if (sched ? at && du : ev && re)
        return TRUE;
    scn_missing_key(ty->d, e, p, sched ? (at ? "duration" : "at") : (ev ? "repair" : "every"),
                    sched ? "(at + duration go together)" : "(every + repair go together)");
    return FALSE;
}

void scn_check_fault_at(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                        void *base)
{
    scn_warn_after_end(ty, n, path, ((const MdlFaultConfig *)base)->at, "fault");
}

/* A process whose cycle is (nearly) instantaneous makes simulated time stand still; a
 * bare `every` is surely meant as a mean: a deterministic process strikes every target
 * at once. */
void scn_check_fault_process(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                             void *base)
{
    const MdlFaultConfig *f = base;
    gboolean every = g_str_has_suffix(path, "every");
    double mean = sim_dist_mean(every ? &f->every : &f->repair);
    if (!(mean >= sim_time_to_s(MDL_MIN_FAULT_MEAN))) {
        char lim[SIM_TIME_FORMAT_SIZE], got[SIM_TIME_FORMAT_SIZE];
        scn_diag_add(ty->d, n->pos, "%s must have a mean of at least %s (got a mean of %s): a "
                     "fault process faster than that makes simulated time stand still", path,
                     sim_time_format(MDL_MIN_FAULT_MEAN, lim, sizeof lim),
                     sim_time_format(sim_time_from_s(mean), got, sizeof got));
    }
    if (!every || n->kind != SCN_NODE_SCALAR || scn_map_get(map, "at") ||
        scn_map_get(map, "duration"))
        return;
    g_autofree char *got = scn_node_echo(n);
    const char *when = f->target == MDL_TARGET_EACH_MEMBER ? "every member faults at "
                       "the same instant, exactly every"
                       : f->target == MDL_TARGET_EACH_ZONE ? "every zone faults at the "
                       "same instant, exactly every" : "a fault exactly every";
    scn_diag_warn(ty->d, n->pos, "%s is a bare duration, so the process is deterministic: "
                  "%s %s; write {dist: exponential, mean: %s} for random faults (or "
                  "{dist: deterministic, value: %s} to mean it)", path, when, got, got, got);
}

static gboolean type_faults(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                            void *base)
{
    guint len;
    if (!scn_get_seq(ty->d, n, "faults", SCN_MAX_FAULTS, "faults", &len))
        return FALSE;
    MdlConfig *c = ty->c;
    MdlFaultConfig *faults = g_new0(MdlFaultConfig, len ? len : 1);
    guint kept = 0;
    for (guint i = 0; i < len; i++) {
        g_autofree char *p = scn_path_idx("faults", i);
        const ScnNode *e = n->items[i];
        if (!scn_check_item(ty->d, e, p, scn_schema_keys(SCN_SEC_FAULT)))
            continue;
        MdlFaultConfig *f = &faults[kept];
        memset(f, 0, sizeof *f);
        /* an unreadable kind does not hide the target's errors (but allows client:) */
        f->kind = MDL_FAULT_NETWORK;
        gboolean ok = scn_type_fields(ty, SCN_SEC_FAULT, e, p, f);
        ok = fault_form(ty, e, p, f) && ok;
        if (ok) {
            kept++;
        } else {
            sim_dist_clear(&f->every);
            sim_dist_clear(&f->repair);
        }
    }
    for (uint32_t i = 0; i < c->n_faults; i++) {
        sim_dist_clear(&c->faults[i].every);
        sim_dist_clear(&c->faults[i].repair);
    }
    g_free(c->faults);
    c->faults = faults;
    c->n_faults = kept;
    return kept == len;
}

const ScnHooks scn_hook_faults = {type_faults, NULL, NULL};

/* ---- actions ---- */

typedef struct {
    MdlActionConfig a;
    uint32_t written;
} Written;

static gint by_time(gconstpointer pa, gconstpointer pb)
{
    const Written *x = pa, *y = pb;
    if (x->a.at != y->a.at)
        return x->a.at < y->a.at ? -1 : 1;
    return x->written < y->written ? -1 : x->written > y->written;
}

void scn_check_action_at(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                         void *base)
{
    scn_warn_after_end(ty, n, path, ((const MdlActionConfig *)base)->at, "action");
}

/* typed once `do` is: it says whether the target is a member or a client */
static gboolean type_action_target(Ty *ty, const ScnNode *map, const ScnNode *n,
                                   const char *path, void *base)
{
    MdlActionConfig *a = base;
    if (!scn_row_typed(ty, SCN_SEC_ACTION, "do"))
        return FALSE;
    const MdlConfig *c = ty->c;
    gboolean clients = a->kind == MDL_ACTION_CLIENT_RESTART;
    a->index = MDL_NONE;
    a->group = FALSE;
    if (n->kind == SCN_NODE_SCALAR && strcmp(n->text, "all") == 0)
        return TRUE;
    const char *name = NULL;
    if (!scn_get_ident(ty->d, n, path, &name))
        return FALSE;
    a->index = clients ? mdl_config_client_index(c, name) : mdl_config_member_index(c, name);
    if (a->index == MDL_NONE && clients && c->n_groups > 0) {   /* issue 11: a group */
        a->index = mdl_config_group_index(c, name);
        a->group = a->index != MDL_NONE;
    }
    if (a->index != MDL_NONE)
        return TRUE;
    if (clients ? !ty->clients_ok : !ty->members_ok)
        return FALSE;
    const char *s = NULL;
    if (!scn_diag_full(ty->d)) {
        uint32_t n_names = clients ? c->n_clients : c->n_members;
        const char **names = g_new(const char *, n_names ? n_names : 1);
        for (uint32_t i = 0; i < n_names; i++)
            names[i] = clients ? c->clients[i].name : c->members[i].name;
        s = scn_suggest(name, names, n_names);
        g_free(names);
    }
    scn_diag_add(ty->d, n->pos, "%s must be a %s name or all (got %s)%s%s%s", path,
                 clients ? "client" : "member", name, SCN_MEAN(s));
    return FALSE;
}

static void print_action_target(ScnCanon *c, ScnNode *map, const ScnField *f,
                                const void *base, const ScnTyped *t)
{
    const MdlActionConfig *act = base;
    const MdlConfig *cfg = t->config;
    const char *target = act->index == MDL_NONE ? "all"
                         : act->group ? cfg->groups[act->index].name
                         : act->kind == MDL_ACTION_CLIENT_RESTART
                             ? cfg->clients[act->index].name
                             : cfg->members[act->index].name;
    scn_canon_put(c, map, f->key, scn_canon_text(c, target));
}

static gboolean equal_action_target(const void *pa, const void *pb)
{
    const MdlActionConfig *a = pa, *b = pb;
    return a->index == b->index && a->group == b->group;
}

const ScnHooks scn_hook_action_target = {type_action_target, print_action_target,
                                         equal_action_target};

static gboolean type_actions(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                             void *base)
{
    guint len = 0;
    if (n && !scn_get_seq(ty->d, n, "actions", SCN_MAX_ACTIONS, "actions", &len))
        return FALSE;
    GArray *acts = g_array_new(FALSE, FALSE, sizeof(Written));
    for (guint i = 0; i < len; i++) {
        g_autofree char *p = scn_path_idx("actions", i);
        const ScnNode *e = n->items[i];
        if (!scn_check_item(ty->d, e, p, scn_schema_keys(SCN_SEC_ACTION)))
            continue;
        Written w = {{0}, acts->len};
        if (scn_type_fields(ty, SCN_SEC_ACTION, e, p, &w.a))
            g_array_append_val(acts, w);
    }
    g_array_sort(acts, by_time);
    MdlConfig *c = ty->c;
    g_free(c->actions);
    c->n_actions = acts->len;
    c->actions = g_new0(MdlActionConfig, acts->len ? acts->len : 1);
    g_free(ty->t->action_order);
    ty->t->action_order = g_new0(uint32_t, acts->len ? acts->len : 1);
    for (guint i = 0; i < acts->len; i++) {
        const Written *w = &g_array_index(acts, Written, i);
        c->actions[i] = w->a;
        ty->t->action_order[w->written] = i;
    }
    g_array_free(acts, TRUE);
    return TRUE;
}

const ScnHooks scn_hook_actions = {type_actions, NULL, NULL};
