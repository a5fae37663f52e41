/* scenarios/typing.c - a YAML tree to a checked MdlConfig: the top level, zones,
 * members and clients (the other sections are in typing_world.c).  Defaults are
 * mdl_config_new()'s and mdl_member_config_init()'s. */
#include "scenarios/typing-private.h"

#include <math.h>
#include <string.h>

static const char *const top_keys[] = {
    "hapgsim", "name", "description", "seed", "duration", "warmup", "replications",
    "zones", "members", "clients", "workload", "mirroring", "sync", "faults", "operator",
    "actions", "sweep", "expect", NULL};
static const char *const member_keys[] = {
    "name", "zone", "capacity", "concurrency", "queue_limit", "boot_time",
    "activation_hold", "reinit_time", "standby", "service", NULL};
static const char *const client_keys[] = {
    "count", "list", "balancing", "command_timeout", "ha_only", "synchronize",
    "auto_recovery", NULL};
static const char *const recovery_keys[] = {"retry", "interval", "mode", "attempt_cost", NULL};

static void type_zones(Ty *ty, const ScnNode *n)
{
    guint len;
    if (!scn_get_seq(ty->d, n, "zones", MDL_MAX_ZONES, "zones", &len)) {
        ty->zones_ok = FALSE;
        return;
    }
    if (len == 0) {
        scn_diag_add(ty->d, n->pos, "zones must hold at least one zone");
        ty->zones_ok = FALSE;
        return;
    }
    char **zones = g_new0(char *, len);
    for (guint i = 0; i < len; i++) {
        g_autofree char *p = scn_path_idx("zones", i);
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
        return;
    }
    for (guint32 i = 0; i < ty->c->n_zones; i++)
        g_free(ty->c->zones[i]);
    g_free(ty->c->zones);
    ty->c->zones = zones;
    ty->c->n_zones = len;
}

/* A zone given by name; MDL_NONE after an error. */
static uint32_t zone_ref(Ty *ty, const ScnNode *n, const char *path)
{
    const char *name;
    if (!scn_get_ident(ty->d, n, path, &name))
        return MDL_NONE;
    uint32_t z = mdl_config_zone_index(ty->c, name);
    if (z != MDL_NONE || !ty->zones_ok)
        return z == MDL_NONE ? 0 : z;
    const char *s = scn_diag_full(ty->d) ? NULL
                        : scn_suggest(name, (const char *const *)ty->c->zones, ty->c->n_zones);
    if (s)
        scn_diag_add(ty->d, n->pos, "%s must name one of zones: (got %s); did you mean `%s`?",
                     path, name, s);
    else
        scn_diag_add(ty->d, n->pos, "%s must name one of zones: (got %s)", path, name);
    return MDL_NONE;
}

static void type_service(Ty *ty, const ScnNode *n, const char *path, MdlMemberConfig *m)
{
    SCN_ENUM_NAMES(ops, MDL_N_OPS, mdl_op_name, MdlOpType);
    if (!scn_check_map(ty->d, n, path, ops) || n->kind != SCN_NODE_MAP)
        return;
    for (int t = 0; t < MDL_N_OPS; t++) {
        FIELD(n, path, ops[t], v, p);
        SimDist dist;
        if (v && scn_get_dist(ty->d, v, p, &dist)) {
            sim_dist_clear(&m->service[t]);
            m->service[t] = dist;
            m->has_service[t] = TRUE;
        }
    }
}

/* The fields of one member entry or of members.defaults (a mapping whose keys the
 * caller checked), but the name.  The zone, when given, goes to *zone. */
static void type_member_fields(Ty *ty, const ScnNode *n, const char *path, MdlMemberConfig *m,
                               uint32_t *zone)
{
    *zone = MDL_NONE;
    gint64 i;
    FIELD(n, path, "zone", zn, zp);
    if (zn)
        *zone = zone_ref(ty, zn, zp);
    FIELD(n, path, "capacity", cap, capp);
    if (cap)
        scn_get_double(ty->d, cap, capp, 0, TRUE, INFINITY, &m->capacity);
    FIELD(n, path, "concurrency", con, conp);
    if (con && scn_get_int(ty->d, con, conp, 1, 1024, &i))
        m->concurrency = (uint32_t)i;
    FIELD(n, path, "queue_limit", ql, qlp);
    if (ql && scn_get_int(ty->d, ql, qlp, 0, 10000000, &i))
        m->queue_limit = (uint32_t)i;
    FIELD(n, path, "boot_time", bt, btp);
    if (bt)
        scn_get_duration(ty->d, bt, btp, 0, FALSE, 0, NULL, &m->boot_time);
    FIELD(n, path, "activation_hold", ah, ahp);
    if (ah)
        scn_get_duration(ty->d, ah, ahp, 0, FALSE, 0, NULL, &m->activation_hold);
    FIELD(n, path, "reinit_time", ri, rip);
    if (ri)
        scn_get_duration(ty->d, ri, rip, 0, FALSE, 0, NULL, &m->reinit_time);
    FIELD(n, path, "standby", sb, sbp);
    if (sb)
        scn_get_bool(ty->d, sb, sbp, &m->standby);
    FIELD(n, path, "service", sv, svp);
    if (sv)
        type_service(ty, sv, svp, m);
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
        if (!scn_check_item(ty->d, e, p, member_keys)) {
            ty->members_ok = FALSE;
            continue;
        }
        uint32_t zone;
        type_member_fields(ty, e, p, &members[i], &zone);
        if (zone != MDL_NONE)
            members[i].zone = zone;
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

static void type_members(Ty *ty, const ScnNode *n)
{
    static const char *const keys[] = {"defaults", "list", "count", NULL};
    if (n && !scn_check_map(ty->d, n, "members", keys)) {
        ty->members_ok = FALSE;
        return;
    }
    const ScnNode *def = scn_map_get(n, "defaults");
    if (def && scn_check_map(ty->d, def, "members.defaults", member_keys + 1) &&
        def->kind == SCN_NODE_MAP)
        type_member_fields(ty, def, "members.defaults", &ty->t->member_defaults,
                           &ty->t->defaults_zone);
    const ScnNode *count = scn_map_get(n, "count"), *list = scn_map_get(n, "list");
    if (count && list) {
        scn_diag_add(ty->d, scn_map_key(n, "list")->pos,
                     "members: give either count or list, not both");
        ty->members_ok = FALSE;
        return;
    }
    if (list) {
        type_member_list(ty, list);
        return;
    }
    gint64 k = 2;                                    /* mdl_config_new()'s two members */
    if (count && !scn_get_int(ty->d, count, "members.count", 1, MDL_MAX_MEMBERS, &k)) {
        ty->members_ok = FALSE;
        return;
    }
    MdlMemberConfig *members = g_new0(MdlMemberConfig, (gsize)k);
    for (uint32_t i = 0; i < (uint32_t)k; i++) {
        char name[32];
        g_snprintf(name, sizeof name, "hsm%u", i + 1);
        members[i] = member_from_defaults(ty->t, ty->c, name, i);
    }
    set_members(ty->c, members, (uint32_t)k);
}

static void set_clients(MdlConfig *c, MdlClientConfig *clients, uint32_t n)
{
    for (uint32_t i = 0; i < c->n_clients; i++)
        g_free(c->clients[i].name);
    g_free(c->clients);
    c->clients = clients;
    c->n_clients = n;
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
    static const char *const keys[] = {"name", "zone", NULL};
    MdlClientConfig *clients = g_new0(MdlClientConfig, len);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < len; i++) {
        g_autofree char *p = scn_path_idx("clients.list", i);
        const ScnNode *e = n->items[i];
        clients[i].name = g_strdup_printf("app%u", i + 1);
        clients[i].zone = MDL_NONE;
        if (!scn_check_item(ty->d, e, p, keys)) {
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
        FIELD(e, p, "zone", zn, zp);
        if (zn)
            clients[i].zone = zone_ref(ty, zn, zp);
    }
    g_hash_table_destroy(seen);
    set_clients(ty->c, clients, len);
}

static void type_auto_recovery(Ty *ty, const ScnNode *n)
{
    const char *path = "clients.auto_recovery";
    if (!scn_check_map(ty->d, n, path, recovery_keys))
        return;
    MdlConfig *c = ty->c;
    gint64 i;
    FIELD(n, path, "retry", rn, rp);
    if (rn && scn_get_int(ty->d, rn, rp, -1, 500, &i))
        c->retry = (int32_t)i;
    FIELD(n, path, "interval", in, ip);
    if (in)
        scn_get_duration(ty->d, in, ip, 60 * SIM_SEC, FALSE, 1200 * SIM_SEC,
                         "within 60s..1200s", &c->interval);
    FIELD(n, path, "mode", mn, mp);
    SCN_ENUM_NAMES(modes, MDL_RECOVERY_ACTIVE + 1, mdl_recovery_mode_name, MdlRecoveryMode);
    int m;
    if (mn && scn_get_enum(ty->d, mn, mp, modes, MDL_RECOVERY_ACTIVE + 1, &m))
        c->recovery_mode = (MdlRecoveryMode)m;
    FIELD(n, path, "attempt_cost", an, ap);
    if (an)
        scn_get_duration(ty->d, an, ap, 0, FALSE, 60 * SIM_SEC, "within 0s..60s",
                         &c->attempt_cost);
}

static void type_clients(Ty *ty, const ScnNode *n)
{
    if (!scn_check_map(ty->d, n, "clients", client_keys)) {
        ty->clients_ok = FALSE;
        return;
    }
    MdlConfig *c = ty->c;
    const ScnNode *count = scn_map_get(n, "count"), *list = scn_map_get(n, "list");
    gint64 k;
    if (count && list) {
        scn_diag_add(ty->d, scn_map_key(n, "list")->pos,
                     "clients: give either count or list, not both");
        ty->clients_ok = FALSE;
    } else if (list) {
        type_client_list(ty, list);
    } else if (count && scn_get_int(ty->d, count, "clients.count", 1, MDL_MAX_CLIENTS, &k)) {
        mdl_config_set_client_count(c, (uint32_t)k);   /* keeps mdl_config_new()'s app1 */
    } else if (count) {
        ty->clients_ok = FALSE;
    }
    FIELD(n, "clients", "balancing", bn, bp);
    SCN_ENUM_NAMES(names, MDL_BALANCE_RANDOM + 1, mdl_balancing_name, MdlBalancing);
    int b;
    if (bn && scn_get_enum(ty->d, bn, bp, names, MDL_BALANCE_RANDOM + 1, &b))
        c->balancing = (MdlBalancing)b;
    FIELD(n, "clients", "command_timeout", tn, tp);
    if (tn)
        scn_get_duration(ty->d, tn, tp, SIM_SEC, FALSE, 600 * SIM_SEC, "within 1s..600s",
                         &c->command_timeout);
    FIELD(n, "clients", "ha_only", hn, hp);
    if (hn)
        scn_get_bool(ty->d, hn, hp, &c->ha_only);
    FIELD(n, "clients", "synchronize", sn, sp);
    if (sn)
        scn_get_bool(ty->d, sn, sp, &c->synchronize);
    const ScnNode *ar = scn_map_get(n, "auto_recovery");
    if (ar)
        type_auto_recovery(ty, ar);
}

static void type_top(Ty *ty, const ScnNode *root)
{
    MdlConfig *c = ty->c;
    gint64 i;
    const ScnNode *v = scn_map_get(root, "hapgsim");
    if (v == NULL)
        scn_diag_add(ty->d, root->pos, "missing key `hapgsim`: a scenario starts with "
                                       "`hapgsim: 1`, the version of its format");
    else if (!scn_node_is_null(v) && v->kind == SCN_NODE_SCALAR && strcmp(v->text, "1") == 0)
        ;
    else {
        g_autofree char *got = scn_node_echo(v);
        scn_diag_add(ty->d, v->pos, "hapgsim must be 1, the only version of the scenario "
                                    "format this program reads (got %s)", got);
    }
    const char *text;
    if ((v = scn_map_get(root, "name")) && scn_get_text(ty->d, v, "name", FALSE, TRUE, &text)) {
        g_free(c->name);
        c->name = g_strdup(text);
    }
    if ((v = scn_map_get(root, "description")) &&
        scn_get_text(ty->d, v, "description", TRUE, FALSE, &text)) {
        g_free(c->description);
        c->description = g_strdup(text);
    }
    if ((v = scn_map_get(root, "seed")))
        scn_get_uint64(ty->d, v, "seed", &c->seed);
    gboolean duration_ok = TRUE;
    if ((v = scn_map_get(root, "duration")))
        duration_ok = scn_get_duration(ty->d, v, "duration", 0, TRUE, 200 * SIM_YEAR,
                                       "> 0s and <= 200y", &c->duration);
    if ((v = scn_map_get(root, "warmup")) &&
        scn_get_duration(ty->d, v, "warmup", 0, FALSE, 0, NULL, &c->warmup) && duration_ok &&
        c->warmup >= c->duration) {
        char d[SIM_TIME_FORMAT_SIZE];
        g_autofree char *got = scn_node_echo(v);
        scn_diag_add(ty->d, v->pos, "warmup must be shorter than duration, %s (got %s)",
                     sim_time_format(c->duration, d, sizeof d), got);
    }
    if ((v = scn_map_get(root, "replications")) &&
        scn_get_int(ty->d, v, "replications", 1, 1000000, &i))
        c->replications = (uint32_t)i;
}

gboolean scn_type(const ScnNode *root, const char *default_name, ScnDiag *d, ScnTyped *out)
{
    guint before = scn_diag_total(d);
    memset(out, 0, sizeof *out);
    out->config = mdl_config_new();
    mdl_member_config_init(&out->member_defaults, "", 0);
    out->defaults_zone = MDL_NONE;
    g_free(out->config->name);
    out->config->name = g_strdup(default_name);
    Ty ty = {d, out, out->config, TRUE, TRUE, TRUE};

    if (scn_node_is_null(root)) {
        scn_diag_add(d, root->pos, "the file is empty: a scenario is a mapping that starts "
                                   "with `hapgsim: 1`");
        return FALSE;
    }
    if (!scn_check_map(d, root, "", top_keys))
        return FALSE;
    type_top(&ty, root);
    const ScnNode *v;
    if ((v = scn_map_get(root, "zones")))
        type_zones(&ty, v);
    type_members(&ty, scn_map_get(root, "members"));   /* also when absent: zones may change */
    if ((v = scn_map_get(root, "clients")))
        type_clients(&ty, v);
    if ((v = scn_map_get(root, "workload")))
        scn_type_workload(&ty, v);
    scn_type_mirroring(&ty, scn_map_get(root, "mirroring"));
    if ((v = scn_map_get(root, "sync")))
        scn_type_sync(&ty, v);
    if ((v = scn_map_get(root, "faults")))
        scn_type_faults(&ty, v);
    if ((v = scn_map_get(root, "operator")))
        scn_type_operator(&ty, v);
    scn_type_actions(&ty, scn_map_get(root, "actions"));
    return scn_diag_total(d) == before;
}

void scn_typed_clear(ScnTyped *t)
{
    g_clear_pointer(&t->config, mdl_config_free);
    mdl_member_config_clear(&t->member_defaults);
    g_clear_pointer(&t->action_order, g_free);
}

void scn_typed_copy(ScnTyped *dst, const ScnTyped *src)
{
    dst->config = mdl_config_copy(src->config);
    mdl_member_config_copy(&dst->member_defaults, &src->member_defaults);
    dst->defaults_zone = src->defaults_zone;
    dst->action_order = g_memdup2(src->action_order,
                                  sizeof(uint32_t) * src->config->n_actions);
}
