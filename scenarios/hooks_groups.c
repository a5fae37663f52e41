/* scenarios/hooks_groups.c - the variant keys of the group itself: zones, members
 * (defaults, then a count or a list) with their service times, and the clients of
 * `clients:` or of a client group (a count or a list).  Each key's typing, canonical
 * print and equality (schema.h, ScnHooks); the plain keys of a member or a client are
 * rows of schema.c. */
#include "scenarios/typing-private.h"

#include <string.h>

/* Records the name of entry i of the list `list` in `seen` (it owns its keys);
 * FALSE after "PATH: ONE `NAME` is already LIST.J" when entry J has it. */
static gboolean unique_name(Ty *ty, GHashTable *seen, const ScnNode *n, const char *path,
                            const char *one, const char *list, const char *name, guint i)
{
    guint first = GPOINTER_TO_UINT(g_hash_table_lookup(seen, name));
    if (first)
        scn_diag_add(ty->d, n->pos, "%s: %s `%s` is already %s.%u", path, one, name, list,
                     first - 1);
    else
        g_hash_table_insert(seen, g_strdup(name), GUINT_TO_POINTER(i + 1));
    return first == 0;
}

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
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < len; i++) {
        g_autofree char *p = scn_path_idx(path, i);
        const char *name = NULL;
        if (scn_get_ident(ty->d, n->items[i], p, &name) &&
            unique_name(ty, seen, n->items[i], p, "zone", path, name, i))
            zones[i] = g_strdup(name);
        else
            ty->zones_ok = FALSE;
    }
    g_hash_table_destroy(seen);
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

/* ---- lists of named entries: members.list, clients.list ---- */

/* Makes entry `i` before its keys are typed (its defaults). */
typedef void (*EntryInit)(Ty *ty, void *entry, guint i);

/* The entries of `path`, 1..max of them (`what`, `one` in messages: "members",
 * "member"), each `size` bytes made by `init` and typed by the rows of `s`, with a
 * unique name.  NULL after an error on the list itself; *ok turns FALSE after any
 * error, *len is the entries'. */
static void *type_named_list(Ty *ty, const ScnNode *n, const char *path, ScnSection s,
                             const char *what, const char *one, guint max, gsize size,
                             EntryInit init, gboolean *ok, guint *len)
{
    if (!scn_get_seq(ty->d, n, path, max, what, len)) {
        *ok = FALSE;
        return NULL;
    }
    if (*len == 0) {
        scn_diag_add(ty->d, n->pos, "%s must hold 1..%u %s (got none)", path, max, what);
        *ok = FALSE;
        return NULL;
    }
    char *entries = g_malloc0(*len * size);
    const ScnField *name_row = scn_schema_field(s, "name");
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < *len; i++) {
        void *entry = entries + i * size;
        g_autofree char *p = scn_path_idx(path, i);
        const ScnNode *e = n->items[i];
        init(ty, entry, i);
        if (!scn_check_item(ty->d, e, p, scn_schema_keys(s))) {
            *ok = FALSE;
            continue;
        }
        scn_type_fields(ty, s, e, p, entry);
        FIELD(e, p, "name", nn, np);
        const char *name;
        if (nn == NULL) {
            scn_missing_key(ty->d, e, p, "name", NULL);
            *ok = FALSE;
        } else if (!scn_get_ident(ty->d, nn, np, &name) ||
                   !unique_name(ty, seen, nn, np, one, path, name, i)) {
            *ok = FALSE;
        } else {
            char **slot = scn_field_ptr(name_row, entry);
            g_free(*slot);
            *slot = g_strdup(name);
        }
    }
    g_hash_table_destroy(seen);
    return entries;
}

/* ---- members ---- */

gboolean scn_type_service(Ty *ty, const ScnNode *n, const char *path, gboolean *has,
                          SimDist *service)
{
    SCN_ENUM_NAMES(ops, MDL_N_OPS, mdl_op_name, MdlOpType);
    if (!scn_check_map(ty->d, n, path, ops) || n->kind != SCN_NODE_MAP)
        return FALSE;
    for (int t = 0; t < MDL_N_OPS; t++) {
        FIELD(n, path, ops[t], v, p);
        SimDist dist;
        if (v && scn_get_dist(ty->d, v, p, &dist)) {
            sim_dist_clear(&service[t]);
            service[t] = dist;
            has[t] = TRUE;
        }
    }
    return TRUE;
}

ScnNode *scn_canon_service(ScnCanon *c, const gboolean *has, const SimDist *service)
{
    ScnNode *sv = scn_canon_map(c, MDL_N_OPS, TRUE);
    for (int k = 0; k < MDL_N_OPS; k++)
        if (has[k])
            scn_canon_put(c, sv, mdl_op_name((MdlOpType)k), scn_canon_dist(c, &service[k]));
    return sv->n ? sv : NULL;
}

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

static void init_member(Ty *ty, void *entry, guint i)
{
    *(MdlMemberConfig *)entry = member_from_defaults(ty->t, ty->c, "", i);
}

/* members: and clients: take a count or a list of entries, not both (reported). */
static gboolean count_and_list(Ty *ty, const ScnNode *map, const char *section)
{
    if (!scn_map_get(map, "count") || !scn_map_get(map, "list"))
        return FALSE;
    scn_diag_add(ty->d, scn_map_key(map, "list")->pos,
                 "%s: give either count or list, not both", section);
    return TRUE;
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
    if (count_and_list(ty, n, "members")) {
        ty->members_ok = FALSE;
        return FALSE;
    }
    if (list) {
        guint len;
        MdlMemberConfig *members = type_named_list(ty, list, "members.list", SCN_SEC_MEMBER,
                                               "members", "member", MDL_MAX_MEMBERS,
                                               sizeof *members, init_member,
                                               &ty->members_ok, &len);
        if (members)
            set_members(ty->c, members, len);
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

static void print_members(ScnCanon *c, ScnNode *map, const ScnField *f,
                          const void *base, const ScnTyped *t)
{
    const MdlConfig *cfg = t->config;
    ScnNode *m = scn_canon_map(c, 2, FALSE);
    MdlMemberConfig defaults = t->member_defaults;    /* shallow: the zone given, if any */
    defaults.zone = t->defaults_zone;
    guint rows;
    scn_schema_rows(SCN_SEC_MEMBER, &rows);
    ScnNode *d = scn_canon_map(c, rows, TRUE);
    scn_canon_fields(c, d, SCN_SEC_MEMBER, &defaults, t);
    scn_canon_put(c, m, "defaults", d);
    scn_canon_put(c, m, "list", scn_canon_list(c, SCN_SEC_MEMBER, cfg->members, cfg->n_members,
                                               sizeof *cfg->members, NULL, t));
    scn_canon_put(c, map, f->key, m);
}

static gboolean equal_members(const void *pa, const void *pb)
{
    const MdlConfig *a = pa, *b = pb;
    return a->n_members == b->n_members &&
           scn_list_equal(SCN_SEC_MEMBER, a->members, b->members, a->n_members,
                          sizeof *a->members);
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

static void init_client(Ty *ty, void *entry, guint i)
{
    MdlClientConfig *c = entry;
    c->name = g_strdup_printf("app%u", i + 1);
    c->zone = MDL_NONE;
}

/* A client's zone must hold a member: a zone of clients alone is surely a slip (and
 * its clients would reach members only across zones). */
void scn_check_client_zone(Ty *ty, const ScnNode *map, const ScnNode *n, const char *path,
                           void *base)
{
    const MdlConfig *c = ty->c;
    uint32_t zone = ((const MdlClientConfig *)base)->zone;
    if (!ty->members_ok || !ty->zones_ok)
        return;
    for (uint32_t m = 0; m < c->n_members; m++)
        if (c->members[m].zone == zone)
            return;
    scn_diag_add(ty->d, n->pos, "%s: zone `%s` has clients but no members (put a member in "
                 "it, or the client in a zone with members)", path, c->zones[zone]);
}

gboolean scn_type_clients_of(Ty *ty, const ScnNode *map, const char *section,
                             const char *prefix, guint dflt, uint32_t gi, uint32_t zone)
{
    MdlConfig *c = ty->c;
    MdlClientConfig *clients;
    const ScnNode *count = scn_map_get(map, "count"), *list = scn_map_get(map, "list");
    guint len;
    if (count_and_list(ty, map, section))
        return ty->clients_ok = FALSE;
    if (prefix == NULL)
        return TRUE;                          /* a group without a name: reported */
    if (list) {
        g_autofree char *lp = scn_path_key(section, "list");
        clients = type_named_list(ty, list, lp, SCN_SEC_CLIENT, "clients", "client",
                                  MDL_MAX_CLIENTS, sizeof *clients, init_client,
                                  &ty->clients_ok, &len);
        if (clients == NULL)
            return FALSE;
    } else {
        gint64 k = dflt;
        g_autofree char *cp = scn_path_key(section, "count");
        if (count && !scn_get_int(ty->d, count, cp, 1, MDL_MAX_CLIENTS, &k))
            return ty->clients_ok = FALSE;
        len = (guint)k;
        clients = g_new0(MdlClientConfig, len ? len : 1);
        for (guint i = 0; i < len; i++) {
            clients[i].name = g_strdup_printf("%s%u", prefix, i + 1);
            clients[i].zone = MDL_NONE;
        }
    }
    for (guint i = 0; i < len; i++) {
        clients[i].group = gi;
        if (clients[i].zone == MDL_NONE)
            clients[i].zone = zone;
    }
    c->clients = g_renew(MdlClientConfig, c->clients, c->n_clients + len ? c->n_clients + len : 1);
    memcpy(c->clients + c->n_clients, clients, len * sizeof *clients);
    c->n_clients += len;
    g_free(clients);
    return ty->clients_ok;
}

/* clients.count and clients.list, which replace each other and mdl_config_new()'s app1 */
static gboolean type_client_count(Ty *ty, const ScnNode *map, const ScnNode *count,
                                  const char *path, void *base)
{
    MdlConfig *c = base;
    if (count == NULL && scn_map_get(map, "list") == NULL)
        return TRUE;
    set_clients(c, NULL, 0);
    gboolean ok = scn_type_clients_of(ty, map, "clients", "app", 0, 0, MDL_NONE);
    if (c->n_clients == 0)
        mdl_config_set_client_count(c, 1);    /* after errors: still one client */
    return ok;
}

const ScnHooks scn_hook_client_count = {type_client_count, NULL, NULL};
