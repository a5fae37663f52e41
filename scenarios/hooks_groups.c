/* scenarios/hooks_groups.c - the variant keys of the group itself: zones, members
 * (defaults, then a count or a list) with their service times, and clients (a count or
 * a list).  Each key's typing, canonical print and equality (schema.h, ScnHooks); the
 * plain keys of a member or a client are rows of schema.c. */
#include "scenarios/typing-private.h"

#include <string.h>

/* ---- zones ---- */

static gboolean type_zones(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                           void *base)
{
    guint len;
    if (!scn_get_seq(ty->d, n, path, MDL_MAX_ZONES, "zones", &len)) {
        ty->zones_ok = FALSE;
        return FALSE;
    }
    if (len == 0) {
        scn_diag_add(ty->d, n->pos, "zones must hold at least one zone");
        ty->zones_ok = FALSE;
        return FALSE;
    }
    char **zones = g_new0(char *, len);
    for (guint i = 0; i < len; i++) {
        g_autofree char *p = scn_path_idx(path, i);
        const char *name = NULL;
        if (!scn_get_ident(ty->d, n->items[i], p, &name)) {
            ty->zones_ok = FALSE;
            continue;
        }
        for (guint j = 0; j < i; j++) {
            if (zones[j] && strcmp(zones[j], name) == 0) {
                scn_diag_add(ty->d, n->items[i]->pos, "%s: zone `%s` is already zones.%u", p,
                             name, j);
                ty->zones_ok = FALSE;
            }
        }
        zones[i] = g_strdup(name);
    }
    if (!ty->zones_ok) {
        for (guint i = 0; i < len; i++)
            g_free(zones[i]);
        g_free(zones);
        return FALSE;
    }
    for (guint32 i = 0; i < ty->c->n_zones; i++)
        g_free(ty->c->zones[i]);
    g_free(ty->c->zones);
    ty->c->zones = zones;
    ty->c->n_zones = len;
    return TRUE;
}

static void print_zones(ScnCanon *c, ScnNode *map, const ScnField *f,
                          const void *base, const ScnTyped *t)
{
    const MdlConfig *cfg = t->config;
    ScnNode *z = scn_canon_seq(c, cfg->n_zones, TRUE);
    for (uint32_t i = 0; i < cfg->n_zones; i++)
        scn_node_seq_add(z, scn_canon_text(c, cfg->zones[i]));
    scn_canon_put(c, map, f->key, z);
}

static gboolean equal_zones(const void *pa, const void *pb)
{
    const MdlConfig *a = pa, *b = pb;
    if (a->n_zones != b->n_zones)
        return FALSE;
    for (uint32_t i = 0; i < a->n_zones; i++)
        if (g_strcmp0(a->zones[i], b->zones[i]) != 0)
            return FALSE;
    return TRUE;
}

const ScnHooks scn_hook_zones = {type_zones, print_zones, equal_zones};

/* ---- members ---- */

static gboolean type_service(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                             void *base)
{
    MdlMemberConfig *m = base;
    SCN_ENUM_NAMES(ops, MDL_N_OPS, mdl_op_name, MdlOpType);
    if (!scn_check_map(ty->d, n, path, ops) || n->kind != SCN_NODE_MAP)
        return FALSE;
    for (int t = 0; t < MDL_N_OPS; t++) {
        FIELD(n, path, ops[t], v, p);
        SimDist dist;
        if (v && scn_get_dist(ty->d, v, p, &dist)) {
            sim_dist_clear(&m->service[t]);
            m->service[t] = dist;
            m->has_service[t] = TRUE;
        }
    }
    return TRUE;
}

static void print_service(ScnCanon *c, ScnNode *map, const ScnField *f,
                          const void *base, const ScnTyped *t)
{
    const MdlMemberConfig *m = base;
    ScnNode *sv = scn_canon_map(c, MDL_N_OPS, TRUE);
    for (int k = 0; k < MDL_N_OPS; k++)
        if (m->has_service[k])
            scn_canon_put(c, sv, mdl_op_name((MdlOpType)k), scn_canon_dist(c, &m->service[k]));
    if (sv->n)
        scn_canon_put(c, map, f->key, sv);
}

static gboolean equal_service(const void *pa, const void *pb)
{
    const MdlMemberConfig *a = pa, *b = pb;
    for (int t = 0; t < MDL_N_OPS; t++) {
        if (a->has_service[t] != b->has_service[t])
            return FALSE;
        if (a->has_service[t] && !sim_dist_equal(&a->service[t], &b->service[t]))
            return FALSE;
    }
    return TRUE;
}

const ScnHooks scn_hook_service = {type_service, print_service, equal_service};

static void set_members(MdlConfig *c, MdlMemberConfig *members, uint32_t n)
{
    for (uint32_t i = 0; i < c->n_members; i++)
        mdl_member_config_clear(&c->members[i]);
    g_free(c->members);
    c->members = members;
    c->n_members = n;
}

static MdlMemberConfig member_from_defaults(const ScnTyped *t, const MdlConfig *c,
                                            const char *name, uint32_t index)
{
    MdlMemberConfig m;
    mdl_member_config_copy(&m, &t->member_defaults);
    g_free(m.name);
    m.name = g_strdup(name);
    m.zone = t->defaults_zone != MDL_NONE ? t->defaults_zone : index % c->n_zones;
    return m;
}

static void type_member_list(Ty *ty, const ScnNode *n)
{
    guint len;
    if (!scn_get_seq(ty->d, n, "members.list", MDL_MAX_MEMBERS, "members", &len)) {
        ty->members_ok = FALSE;
        return;
    }
    if (len == 0) {
        scn_diag_add(ty->d, n->pos, "members.list must hold 1..%d members (got none)",
                     MDL_MAX_MEMBERS);
        ty->members_ok = FALSE;
        return;
    }
    MdlMemberConfig *members = g_new0(MdlMemberConfig, len);
    for (guint i = 0; i < len; i++) {
        g_autofree char *p = scn_path_idx("members.list", i);
        const ScnNode *e = n->items[i];
        members[i] = member_from_defaults(ty->t, ty->c, "", i);
        if (!scn_check_item(ty->d, e, p, scn_schema_keys(SCN_SEC_MEMBER))) {
            ty->members_ok = FALSE;
            continue;
        }
        scn_type_fields(ty, SCN_SEC_MEMBER, e, p, &members[i]);
        FIELD(e, p, "name", nn, np);
        const char *name;
        if (nn == NULL) {
            scn_missing_key(ty->d, e, p, "name", NULL);
            ty->members_ok = FALSE;
        } else if (!scn_get_ident(ty->d, nn, np, &name)) {
            ty->members_ok = FALSE;
        } else {
            for (guint j = 0; j < i; j++) {
                if (strcmp(members[j].name, name) == 0) {
                    scn_diag_add(ty->d, nn->pos, "%s: member `%s` is already members.list.%u",
                                 np, name, j);
                    ty->members_ok = FALSE;
                }
            }
            g_free(members[i].name);
            members[i].name = g_strdup(name);
        }
    }
    set_members(ty->c, members, len);
}

static gboolean type_members(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                             void *base)
{
    static const char *const keys[] = {"defaults", "list", "count", NULL};
    if (n && !scn_check_map(ty->d, n, path, keys)) {
        ty->members_ok = FALSE;
        return FALSE;
    }
    const ScnNode *def = scn_map_get(n, "defaults");
    MdlMemberConfig *md = &ty->t->member_defaults;
    if (def && scn_check_map(ty->d, def, "members.defaults",
                             scn_schema_keys(SCN_SEC_MEMBER) + 1) &&   /* not the name */
        def->kind == SCN_NODE_MAP) {
        md->zone = MDL_NONE;
        scn_type_fields(ty, SCN_SEC_MEMBER, def, "members.defaults", md);
        ty->t->defaults_zone = md->zone;
        md->zone = 0;
    }
    const ScnNode *count = scn_map_get(n, "count"), *list = scn_map_get(n, "list");
    if (count && list) {
        scn_diag_add(ty->d, scn_map_key(n, "list")->pos,
                     "members: give either count or list, not both");
        ty->members_ok = FALSE;
        return FALSE;
    }
    if (list) {
        type_member_list(ty, list);
        return ty->members_ok;
    }
    gint64 k = 2;                                    /* mdl_config_new()'s two members */
    if (count && !scn_get_int(ty->d, count, "members.count", 1, MDL_MAX_MEMBERS, &k)) {
        ty->members_ok = FALSE;
        return FALSE;
    }
    MdlMemberConfig *members = g_new0(MdlMemberConfig, (gsize)k);
    for (uint32_t i = 0; i < (uint32_t)k; i++) {
        char name[32];
        g_snprintf(name, sizeof name, "hsm%u", i + 1);
        members[i] = member_from_defaults(ty->t, ty->c, name, i);
    }
    set_members(ty->c, members, (uint32_t)k);
    return TRUE;
}

static ScnNode *print_member(ScnCanon *c, const ScnTyped *t, const MdlMemberConfig *m)
{
    guint n;
    scn_schema_rows(SCN_SEC_MEMBER, &n);
    ScnNode *e = scn_canon_map(c, n, TRUE);
    scn_canon_fields(c, e, SCN_SEC_MEMBER, m, t);
    return e;
}

static void print_members(ScnCanon *c, ScnNode *map, const ScnField *f,
                          const void *base, const ScnTyped *t)
{
    const MdlConfig *cfg = t->config;
    ScnNode *m = scn_canon_map(c, 2, FALSE);
    MdlMemberConfig defaults = t->member_defaults;    /* shallow: the zone given, if any */
    defaults.zone = t->defaults_zone;
    scn_canon_put(c, m, "defaults", print_member(c, t, &defaults));
    ScnNode *list = scn_canon_seq(c, cfg->n_members, FALSE);
    for (uint32_t i = 0; i < cfg->n_members; i++)
        scn_node_seq_add(list, print_member(c, t, &cfg->members[i]));
    scn_canon_put(c, m, "list", list);
    scn_canon_put(c, map, f->key, m);
}

static gboolean equal_members(const void *pa, const void *pb)
{
    const MdlConfig *a = pa, *b = pb;
    if (a->n_members != b->n_members)
        return FALSE;
    for (uint32_t i = 0; i < a->n_members; i++)
        if (!scn_fields_equal(SCN_SEC_MEMBER, &a->members[i], &b->members[i]))
            return FALSE;
    return TRUE;
}

const ScnHooks scn_hook_members = {type_members, print_members, equal_members};

/* ---- clients ---- */

static void set_clients(MdlConfig *c, MdlClientConfig *clients, uint32_t n)
{
    for (uint32_t i = 0; i < c->n_clients; i++)
        g_free(c->clients[i].name);
    g_free(c->clients);
    c->clients = clients;
    c->n_clients = n;
}

/* A client's zone must hold a member: a zone of clients alone is surely a slip (and
 * its clients would reach members only across zones). */
static void client_zone_served(Ty *ty, const ScnNode *e, const char *p, uint32_t zone)
{
    const MdlConfig *c = ty->c;
    if (zone == MDL_NONE || !ty->members_ok || !ty->zones_ok)
        return;
    for (uint32_t m = 0; m < c->n_members; m++)
        if (c->members[m].zone == zone)
            return;
    g_autofree char *zp = scn_path_key(p, "zone");
    scn_diag_add(ty->d, scn_map_get(e, "zone")->pos, "%s: zone `%s` has clients but no "
                 "members (put a member in it, or the client in a zone with members)", zp,
                 c->zones[zone]);
}

static void type_client_list(Ty *ty, const ScnNode *n)
{
    guint len;
    if (!scn_get_seq(ty->d, n, "clients.list", MDL_MAX_CLIENTS, "clients", &len)) {
        ty->clients_ok = FALSE;
        return;
    }
    if (len == 0) {
        scn_diag_add(ty->d, n->pos, "clients.list must hold 1..%d clients (got none)",
                     MDL_MAX_CLIENTS);
        ty->clients_ok = FALSE;
        return;
    }
    MdlClientConfig *clients = g_new0(MdlClientConfig, len);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < len; i++) {
        g_autofree char *p = scn_path_idx("clients.list", i);
        const ScnNode *e = n->items[i];
        clients[i].name = g_strdup_printf("app%u", i + 1);
        clients[i].zone = MDL_NONE;
        if (!scn_check_item(ty->d, e, p, scn_schema_keys(SCN_SEC_CLIENT))) {
            ty->clients_ok = FALSE;
            continue;
        }
        FIELD(e, p, "name", nn, np);
        const char *name;
        if (nn == NULL) {
            scn_missing_key(ty->d, e, p, "name", NULL);
            ty->clients_ok = FALSE;
        } else if (!scn_get_ident(ty->d, nn, np, &name)) {
            ty->clients_ok = FALSE;
        } else if (g_hash_table_contains(seen, name)) {
            scn_diag_add(ty->d, nn->pos, "%s: client `%s` is already in clients.list", np, name);
            ty->clients_ok = FALSE;
        } else {
            g_hash_table_add(seen, g_strdup(name));
            g_free(clients[i].name);
            clients[i].name = g_strdup(name);
        }
        scn_type_fields(ty, SCN_SEC_CLIENT, e, p, &clients[i]);
        client_zone_served(ty, e, p, clients[i].zone);
    }
    g_hash_table_destroy(seen);
    set_clients(ty->c, clients, len);
}

/* clients.count and clients.list, which replace each other */
static gboolean type_client_count(Ty *ty, const ScnNode *map, const ScnNode *count,
                                  const char *path, void *base)
{
    MdlConfig *c = base;
    const ScnNode *list = scn_map_get(map, "list");
    gint64 k;
    if (count && list) {
        scn_diag_add(ty->d, scn_map_key(map, "list")->pos,
                     "clients: give either count or list, not both");
        ty->clients_ok = FALSE;
    } else if (list) {
        type_client_list(ty, list);
    } else if (count && scn_get_int(ty->d, count, "clients.count", 1, MDL_MAX_CLIENTS, &k)) {
        mdl_config_set_client_count(c, (uint32_t)k);   /* keeps mdl_config_new()'s app1 */
    } else if (count) {
        ty->clients_ok = FALSE;
    }
    return ty->clients_ok;
}

const ScnHooks scn_hook_client_count = {type_client_count, NULL, NULL};

static void print_client_list(ScnCanon *c, ScnNode *map, const ScnField *f,
                          const void *base, const ScnTyped *t)
{
    const MdlConfig *cfg = t->config;
    ScnNode *list = scn_canon_seq(c, cfg->n_clients, FALSE);
    for (uint32_t i = 0; i < cfg->n_clients; i++) {
        ScnNode *e = scn_canon_map(c, 2, TRUE);
        scn_canon_fields(c, e, SCN_SEC_CLIENT, &cfg->clients[i], t);
        scn_node_seq_add(list, e);
    }
    scn_canon_put(c, map, f->key, list);
}

static gboolean equal_client_list(const void *pa, const void *pb)
{
    const MdlConfig *a = pa, *b = pb;
    if (a->n_clients != b->n_clients)
        return FALSE;
    for (uint32_t i = 0; i < a->n_clients; i++)
        if (!scn_fields_equal(SCN_SEC_CLIENT, &a->clients[i], &b->clients[i]))
            return FALSE;
    return TRUE;
}

/* typed by clients.count */
const ScnHooks scn_hook_client_list = {NULL, print_client_list, equal_client_list};

static gboolean type_clients(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                             void *base)
{
    if (!scn_check_map(ty->d, n, path, scn_schema_keys(SCN_SEC_CLIENTS))) {
        ty->clients_ok = FALSE;
        return FALSE;
    }
    if (n->kind == SCN_NODE_MAP)
        scn_type_fields(ty, SCN_SEC_CLIENTS, n, path, base);
    return ty->clients_ok;
}

const ScnHooks scn_hook_clients = {type_clients, NULL, NULL};
