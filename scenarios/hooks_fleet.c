/* scenarios/hooks_fleet.c - issue 11: mixed fleets.  `clients:` written as a list of
 * client groups, each with its own clients (a count or a list), zone, client settings
 * (MODEL.md's defaults, not inherited) and workload (the top-level workload's values
 * unless given).  The `clients` key's hook (the single form is a section of rows, the
 * list is typed, printed and compared here), and the typing of a group's clients and of
 * its workload; the plain keys of a group are rows of schema.c.
 *
 * Client and group names share one namespace (a fault's client:NAME names either).
 * A group's workload is typed twice: when the group is, with the top-level workload as
 * it stands (typed after `clients`), and again once the top-level workload is typed
 * (scn_check_group_workloads), only when nothing failed so far, so that no error is
 * told twice. */
#include "scenarios/typing-private.h"

#include <string.h>

#define MDL_MAX_GROUPS MDL_MAX_CLIENTS

/* The workload keys that are the study's, not a group's. */
static const char *const study_wide[] = {"mode", "initial_objects", "key_choice", NULL};

static MdlClientGroupConfig *group_of(Ty *ty, void *base, uint32_t *index)
{
    MdlClientGroupConfig *grp = base;
    *index = (uint32_t)(grp - ty->c->groups);
    return grp;
}

/* ---- a group's clients: count or list ---- */

static gboolean type_group_clients(Ty *ty, const ScnNode *map, const ScnNode *count,
                                   const char *path, void *base)
{
    uint32_t gi;
    MdlClientGroupConfig *grp = group_of(ty, base, &gi);
    g_autofree char *gpath = g_strndup(path, strlen(path) - strlen(".count"));
    const ScnNode *nn = scn_map_get(map, "name");
    gboolean named = nn && nn->kind == SCN_NODE_SCALAR && !scn_node_is_null(nn);
    return scn_type_clients_of(ty, map, gpath, named ? nn->text : NULL, 1, gi, grp->zone);
}

const ScnHooks scn_hook_group_clients = {type_group_clients, NULL, NULL};

/* The group's clients, each {name, zone}; their zone when it is the group's is implied */
static void print_group_list(ScnCanon *c, ScnNode *map, const ScnField *f, const void *base,
                             const ScnTyped *t)
{
    const MdlConfig *cfg = t->config;
    const MdlClientGroupConfig *grp = base;
    uint32_t gi = (uint32_t)(grp - cfg->groups), first = MDL_NONE, n = 0;
    for (uint32_t i = 0; i < cfg->n_clients; i++) {
        if (cfg->clients[i].group != gi)
            continue;
        if (first == MDL_NONE)
            first = i;
        n++;
    }
    if (n == 0)
        return;
    scn_canon_put(c, map, f->key, scn_canon_list(c, SCN_SEC_CLIENT, cfg->clients + first, n,
                                                 sizeof *cfg->clients, NULL, t));
}

/* typed by the group's count row */
const ScnHooks scn_hook_group_list = {NULL, print_group_list, NULL};

/* ---- a group's zone ---- */

void scn_check_group_zone(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                          void *base)
{
    MdlClientConfig probe = {.zone = ((const MdlClientGroupConfig *)base)->zone};
    scn_check_client_zone(ty, map, n, path, &probe);
}

/* ---- a group's workload ---- */

static const char *const *group_workload_keys(void)
{
    static gsize done;
    static const char **keys;
    if (g_once_init_enter(&done)) {
        const char *const *own = scn_schema_keys(SCN_SEC_GROUP_WORKLOAD);
        guint n = 0, k = 0;
        while (own[n])
            n++;
        const char **all = g_new0(const char *, n + G_N_ELEMENTS(study_wide));
        for (guint i = 0; i < n; i++)
            all[k++] = own[i];
        for (guint i = 0; study_wide[i]; i++)
            all[k++] = study_wide[i];
        keys = all;
        g_once_init_leave(&done, 1);
    }
    return keys;
}

/* The group's workload keys from the top-level workload, then its own. */
static gboolean type_group_workload_quiet(Ty *ty, const ScnNode *n, const char *path,
                                          MdlClientGroupConfig *grp, gboolean report)
{
    const MdlConfig *top = ty->c;
    grp->rate = top->rate;
    memcpy(grp->mix, top->mix, sizeof grp->mix);
    sim_dist_clear(&grp->app.think);
    grp->app = top->app;
    sim_dist_copy(&grp->app.think, &top->app.think);
    if (n == NULL)
        return TRUE;
    gboolean ok = TRUE;
    if (report) {
        for (guint i = 0; study_wide[i]; i++) {
            if (scn_map_get(n, study_wide[i]) == NULL)
                continue;
            scn_diag_add(ty->d, scn_map_key(n, study_wide[i])->pos,
                         "%s.%s is study-wide: set it in the top-level workload, not in a "
                         "client group", path, study_wide[i]);
            ok = FALSE;
        }
    }
    if (scn_map_get(n, "rate"))
        grp->app.threads = 0;         /* rate given here: the open loop, whatever the default */
    return scn_type_fields(ty, SCN_SEC_GROUP_WORKLOAD, n, path, grp) && ok;
}

static gboolean type_group_workload(Ty *ty, const ScnNode *map, const ScnNode *n,
                                    const char *path, void *base)
{
    if (n && !scn_check_map(ty->d, n, path, group_workload_keys()))
        return FALSE;
    return type_group_workload_quiet(ty, n, path, base, TRUE);
}

const ScnHooks scn_hook_group_workload = {type_group_workload, NULL, NULL};

/* ---- the list of groups ---- */

static void init_group(MdlClientGroupConfig *grp)
{
    const MdlConfig *d = scn_schema_defaults()->config;
    *grp = mdl_config_group(d, 0);   /* MODEL.md's client settings */
    grp->name = NULL;
    grp->zone = MDL_NONE;
    sim_dist_copy(&grp->app.think, &d->app.think);
}

/* Client and group names share one namespace: reports a group named as a client. */
static void check_names(Ty *ty, const ScnNode *n, const char *path)
{
    MdlConfig *c = ty->c;
    GHashTable *clients = g_hash_table_new(g_str_hash, g_str_equal);
    for (uint32_t i = 0; i < c->n_clients; i++) {
        const MdlClientConfig *cl = &c->clients[i];
        uint32_t first = GPOINTER_TO_UINT(g_hash_table_lookup(clients, cl->name));
        if (first) {
            const ScnNode *e = n->items[cl->group];
            scn_diag_add(ty->d, e->pos, "%s.%u: client `%s` of group `%s` is already a client "
                         "of group `%s` (client names are unique across groups)", path,
                         cl->group, cl->name, c->groups[cl->group].name,
                         c->groups[c->clients[first - 1].group].name);
            ty->clients_ok = FALSE;
        } else {
            g_hash_table_insert(clients, cl->name, GUINT_TO_POINTER(i + 1));
        }
    }
    for (uint32_t k = 0; k < c->n_groups; k++) {
        if (c->groups[k].name == NULL)
            continue;
        uint32_t i = GPOINTER_TO_UINT(g_hash_table_lookup(clients, c->groups[k].name));
        if (i == 0)
            continue;
        const ScnNode *nn = scn_map_get(n->items[k], "name");
        scn_diag_add(ty->d, nn->pos, "%s.%u.name: `%s` is both a client group and a client "
                     "(of group `%s`); client and group names share one namespace (fault "
                     "targets client:NAME name either): rename one", path, k,
                     c->groups[k].name, c->groups[c->clients[i - 1].group].name);
        ty->clients_ok = FALSE;
    }
    g_hash_table_destroy(clients);
}

static gboolean type_client_groups(Ty *ty, const ScnNode *map, const ScnNode *n,
                                   const char *path)
{
    MdlConfig *c = ty->c;
    guint len;
    if (!scn_get_seq(ty->d, n, path, MDL_MAX_GROUPS, "client groups", &len) || len == 0) {
        if (len == 0)
            scn_diag_add(ty->d, n->pos, "%s must hold at least one client group", path);
        ty->clients_ok = FALSE;
        return FALSE;
    }
    for (uint32_t i = 0; i < c->n_clients; i++)
        g_free(c->clients[i].name);
    c->n_clients = 0;
    c->groups = g_new0(MdlClientGroupConfig, len);
    c->n_groups = len;
    for (guint k = 0; k < len; k++)
        init_group(&c->groups[k]);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint k = 0; k < len; k++) {
        g_autofree char *p = scn_path_idx(path, k);
        const ScnNode *e = n->items[k];
        if (!scn_check_item(ty->d, e, p, scn_schema_keys(SCN_SEC_GROUP))) {
            ty->clients_ok = FALSE;
            continue;
        }
        FIELD(e, p, "name", nn, np);
        const char *name;
        if (nn && scn_get_ident(ty->d, nn, np, &name)) {
            guint first = GPOINTER_TO_UINT(g_hash_table_lookup(seen, name));
            if (first) {
                scn_diag_add(ty->d, nn->pos, "%s: client group `%s` is already %s.%u", np,
                             name, path, first - 1);
                ty->clients_ok = FALSE;
            } else {
                g_hash_table_insert(seen, g_strdup(name), GUINT_TO_POINTER(k + 1));
            }
            c->groups[k].name = g_strdup(name);
        } else {
            ty->clients_ok = FALSE;
        }
        if (!scn_type_fields(ty, SCN_SEC_GROUP, e, p, &c->groups[k]))
            ty->clients_ok = FALSE;
    }
    g_hash_table_destroy(seen);
    if (c->n_clients > MDL_MAX_CLIENTS) {
        scn_diag_add(ty->d, n->pos, "%s: the groups hold %u clients in all, more than %u",
                     path, c->n_clients, MDL_MAX_CLIENTS);
        ty->clients_ok = FALSE;
    }
    if (c->n_clients == 0) {              /* every group failed: keep one client */
        mdl_config_set_client_count(c, 1);
        ty->clients_ok = FALSE;
    }
    if (ty->clients_ok)
        check_names(ty, n, path);
    return ty->clients_ok;
}

/* Once the top-level workload is typed: the groups' workloads take its values as their
 * defaults (typed again, only when nothing failed so far). */
void scn_check_group_workloads(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                               void *base)
{
    MdlConfig *c = ty->c;
    const ScnNode *groups = scn_map_get(map, "clients");
    if (c->n_groups == 0 || groups == NULL || groups->kind != SCN_NODE_SEQ)
        return;
    if (c->workload_mode == MDL_WORKLOAD_FLUID) {
        scn_diag_add(ty->d, scn_map_key(n, "mode") ? scn_map_key(n, "mode")->pos : n->pos,
                     "workload.mode: fluid needs one client group (clients written as a "
                     "mapping): the fluid mode draws every client's traffic with one rate");
        return;
    }
    if (scn_diag_count(ty->d) > 0 || !ty->clients_ok)
        return;
    for (uint32_t k = 0; k < c->n_groups && k < groups->n; k++) {
        const ScnNode *wl = scn_map_get(groups->items[k], "workload");
        g_autofree char *gp = scn_path_idx("clients", k);
        g_autofree char *p = scn_path_key(gp, "workload");
        type_group_workload_quiet(ty, wl, p, &c->groups[k], FALSE);
    }
}

/* ---- clients: a mapping (the single form, a section of rows) or a list of groups ---- */

static gboolean type_clients(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                             void *base)
{
    if (n->kind == SCN_NODE_SEQ)
        return type_client_groups(ty, map, n, path);
    if (!scn_check_map(ty->d, n, path, scn_schema_keys(SCN_SEC_CLIENTS)))
        return ty->clients_ok = FALSE;
    if (n->kind == SCN_NODE_MAP)
        scn_type_fields(ty, SCN_SEC_CLIENTS, n, path, base);
    return ty->clients_ok;
}

static void print_clients(ScnCanon *c, ScnNode *map, const ScnField *f, const void *base,
                          const ScnTyped *t)
{
    const MdlConfig *cfg = base;
    ScnNode *v = cfg->n_groups == 0 ? scn_canon_value(c, f, base, t)
                 : scn_canon_list(c, SCN_SEC_GROUP, cfg->groups, cfg->n_groups,
                                  sizeof *cfg->groups, NULL, t);
    if (v)
        scn_canon_put(c, map, f->key, v);
}

static gboolean equal_clients(const void *pa, const void *pb)
{
    const MdlConfig *a = pa, *b = pb;
    if (!scn_fields_equal(SCN_SEC_CLIENTS, a, b) || a->n_groups != b->n_groups)
        return FALSE;
    for (uint32_t i = 0; i < a->n_clients && i < b->n_clients; i++)
        if (a->clients[i].group != b->clients[i].group)
            return FALSE;
    return scn_list_equal(SCN_SEC_GROUP, a->groups, b->groups, a->n_groups, sizeof *a->groups);
}

const ScnHooks scn_hook_clients = {type_clients, print_clients, equal_clients};
