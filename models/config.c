/* models/config.c - the study configuration: defaults, copies, names. */
#include "models/config.h"

#include <string.h>

static const char *const op_names[MDL_N_OPS] = {"read", "create", "delete", "clone"};
static const char *const balancing_names[] = {"least-outstanding", "primary", "round-robin", "random"};
static const char *const recovery_names[] = {"passive", "active"};
static const char *const mirror_names[] = {"sync", "async"};
static const char *const workload_names[] = {"operations", "fluid"};
static const char *const estimator_names[] = {"crude", "splitting"};
static const char *const importance_names[] = {"outage", "durability"};
static const char *const profile_names[] = {"flat", "rsa-2048"};
static const char *const fault_names[MDL_N_FAULT_KINDS] = {"power", "network", "tamper", "zeroize", "reboot"};
static const char *const action_names[] = {"recover", "resync", "client-restart"};

static gboolean lookup(const char *const *names, int n, const char *name, int *out)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) {
            *out = i;
            return TRUE;
        }
    }
    return FALSE;
}

#define NAME_FUNCS(type, prefix, table)                                          \
    const char *prefix##_name(type v)                                            \
    {                                                                            \
        g_return_val_if_fail((unsigned)v < G_N_ELEMENTS(table), "?");            \
        return table[v];                                                         \
    }                                                                            \
    gboolean prefix##_from_name(const char *name, type *out)                     \
    {                                                                            \
        int i;                                                                   \
        if (!lookup(table, G_N_ELEMENTS(table), name, &i))                       \
            return FALSE;                                                        \
        *out = (type)i;                                                          \
        return TRUE;                                                             \
    }

const char *mdl_op_name(MdlOpType op)
{
    g_return_val_if_fail((unsigned)op < MDL_N_OPS, "?");
    return op_names[op];
}
NAME_FUNCS(MdlBalancing, mdl_balancing, balancing_names)
NAME_FUNCS(MdlRecoveryMode, mdl_recovery_mode, recovery_names)
NAME_FUNCS(MdlMirrorMode, mdl_mirror_mode, mirror_names)
NAME_FUNCS(MdlWorkloadMode, mdl_workload_mode, workload_names)
NAME_FUNCS(MdlEstimator, mdl_estimator, estimator_names)
NAME_FUNCS(MdlImportance, mdl_importance, importance_names)
NAME_FUNCS(MdlServiceProfile, mdl_service_profile, profile_names)
NAME_FUNCS(MdlFaultKind, mdl_fault_kind, fault_names)
NAME_FUNCS(MdlActionKind, mdl_action, action_names)

/* The rsa-2048 profile (docs/model.md, "Service times").  A read is a sign, and
 * `capacity` is the member's sign rate: exponential, mean concurrency / capacity, as
 * in the flat profile.  A create is a key-pair generation: lognormal, its median
 * KEYGEN_PER_SIGN signs' time and its sigma KEYGEN_SIGMA, the ratio and the spread of
 * OpenSSL 3.0's RSA-2048 key generation to its RSA-2048 sign, measured (the search for
 * primes makes the spread).  A delete and a clone (storing a wrapped key) cost a sign. */
#define KEYGEN_PER_SIGN 600.0
#define KEYGEN_SIGMA 0.5

SimDist mdl_member_service(const MdlMemberConfig *m, MdlOpType t)
{
    SimDist d;
    if (m->has_service[t]) {
        sim_dist_copy(&d, &m->service[t]);
        return d;
    }
    double sign = (double)m->concurrency / m->capacity;
    if (m->service_profile == MDL_PROFILE_RSA2048 && t == MDL_OP_CREATE)
        return sim_dist_lognormal_median(KEYGEN_PER_SIGN * sign, KEYGEN_SIGMA);
    return sim_dist_exponential(sign);
}

void mdl_member_config_init(MdlMemberConfig *m, const char *name, uint32_t zone)
{
    memset(m, 0, sizeof *m);
    m->name = g_strdup(name);
    m->zone = zone;
    m->capacity = 1000;
    m->concurrency = 30;
    m->queue_limit = 1000;
    m->boot_time = 5 * SIM_MIN;
    m->activation_hold = 2 * SIM_HOUR;
    m->reinit_time = 4 * SIM_HOUR;
    m->standby = FALSE;
}

void mdl_member_config_clear(MdlMemberConfig *m)
{
    g_clear_pointer(&m->name, g_free);
    for (int t = 0; t < MDL_N_OPS; t++)
        sim_dist_clear(&m->service[t]);
}

void mdl_member_config_copy(MdlMemberConfig *dst, const MdlMemberConfig *src)
{
    *dst = *src;
    dst->name = g_strdup(src->name);
    for (int t = 0; t < MDL_N_OPS; t++)
        sim_dist_copy(&dst->service[t], &src->service[t]);
}

MdlConfig *mdl_config_new(void)
{
    MdlConfig *c = g_new0(MdlConfig, 1);
    c->name = g_strdup("scenario");
    c->description = g_strdup("");
    c->seed = 1;
    c->duration = 365 * SIM_DAY;
    c->warmup = 0;
    c->replications = 10;
    c->n_zones = 1;
    c->zones = g_new0(char *, 1);
    c->zones[0] = g_strdup("zone1");
    mdl_config_set_member_count(c, 2);
    mdl_config_set_client_count(c, 1);
    c->balancing = MDL_BALANCE_LEAST_OUTSTANDING;
    c->command_timeout = 20 * SIM_SEC;
    c->ha_only = TRUE;
    c->synchronize = TRUE;
    c->retry = 0;
    c->interval = 60 * SIM_SEC;
    c->recovery_mode = MDL_RECOVERY_PASSIVE;
    c->attempt_cost = SIM_SEC;
    c->workload_mode = MDL_WORKLOAD_OPERATIONS;
    c->rate = 100;
    c->mix[0] = 1;
    c->initial_objects = 100;
    c->key_choice = MDL_KEYS_UNIFORM;
    c->zipf_s = 1.0;
    c->mirror_mode = MDL_MIRROR_SYNC;
    c->min_copies = 2;
    c->mirror_delay = 100 * SIM_MS;
    c->sync_base = 5 * SIM_SEC;
    c->sync_per_object = 20 * SIM_MS;
    c->operator_response = sim_dist_lognormal_median(4 * 3600.0, 0.8);
    c->app.threads = 0;
    c->app.think = sim_dist_deterministic(0);
    c->app.app_timeout = 0;
    c->app.retries = 0;
    c->app.backoff = 100 * SIM_MS;
    c->app.slo = 0;
    c->app.max_outstanding = MDL_DEFAULT_MAX_OUTSTANDING;
    return c;
}

void mdl_config_free(MdlConfig *c)
{
    if (c == NULL)
        return;
    g_free(c->name);
    g_free(c->description);
    for (uint32_t i = 0; i < c->n_zones; i++)
        g_free(c->zones[i]);
    g_free(c->zones);
    for (uint32_t i = 0; i < c->n_members; i++)
        mdl_member_config_clear(&c->members[i]);
    g_free(c->members);
    for (uint32_t i = 0; i < c->n_clients; i++)
        g_free(c->clients[i].name);
    g_free(c->clients);
    for (uint32_t i = 0; i < c->n_faults; i++) {
        sim_dist_clear(&c->faults[i].every);
        sim_dist_clear(&c->faults[i].repair);
    }
    g_free(c->faults);
    sim_dist_clear(&c->operator_response);
    sim_dist_clear(&c->app.think);
    g_free(c->actions);
    for (uint32_t i = 0; i < c->n_groups; i++)
        mdl_client_group_clear(&c->groups[i]);
    g_free(c->groups);
    g_free(c);
}

MdlConfig *mdl_config_copy(const MdlConfig *src)
{
    MdlConfig *c = g_new(MdlConfig, 1);
    *c = *src;
    c->name = g_strdup(src->name);
    c->description = g_strdup(src->description);
    c->zones = g_new0(char *, src->n_zones ? src->n_zones : 1);
    for (uint32_t i = 0; i < src->n_zones; i++)
        c->zones[i] = g_strdup(src->zones[i]);
    c->members = g_new0(MdlMemberConfig, src->n_members ? src->n_members : 1);
    for (uint32_t i = 0; i < src->n_members; i++)
        mdl_member_config_copy(&c->members[i], &src->members[i]);
    c->clients = g_new0(MdlClientConfig, src->n_clients ? src->n_clients : 1);
    for (uint32_t i = 0; i < src->n_clients; i++) {
        c->clients[i] = src->clients[i];
        c->clients[i].name = g_strdup(src->clients[i].name);
    }
    c->faults = g_new0(MdlFaultConfig, src->n_faults ? src->n_faults : 1);
    for (uint32_t i = 0; i < src->n_faults; i++) {
        c->faults[i] = src->faults[i];
        sim_dist_copy(&c->faults[i].every, &src->faults[i].every);
        sim_dist_copy(&c->faults[i].repair, &src->faults[i].repair);
    }
    sim_dist_copy(&c->operator_response, &src->operator_response);
    sim_dist_copy(&c->app.think, &src->app.think);
    c->actions = g_memdup2(src->actions, sizeof(MdlActionConfig) * src->n_actions);
    c->groups = src->n_groups ? g_new0(MdlClientGroupConfig, src->n_groups) : NULL;
    for (uint32_t i = 0; i < src->n_groups; i++)
        mdl_client_group_copy(&c->groups[i], &src->groups[i]);
    return c;
}

static uint32_t find(const char *name, uint32_t n, const void *base, size_t stride, size_t off)
{
    for (uint32_t i = 0; i < n; i++) {
        const char *s = *(char *const *)((const char *)base + i * stride + off);
        if (s && strcmp(s, name) == 0)
            return i;
    }
    return MDL_NONE;
}

uint32_t mdl_config_zone_index(const MdlConfig *c, const char *name)
{
    return find(name, c->n_zones, c->zones, sizeof(char *), 0);
}

uint32_t mdl_config_member_index(const MdlConfig *c, const char *name)
{
    return find(name, c->n_members, c->members, sizeof(MdlMemberConfig),
                G_STRUCT_OFFSET(MdlMemberConfig, name));
}

uint32_t mdl_config_client_index(const MdlConfig *c, const char *name)
{
    return find(name, c->n_clients, c->clients, sizeof(MdlClientConfig),
                G_STRUCT_OFFSET(MdlClientConfig, name));
}

void mdl_config_set_member_count(MdlConfig *c, uint32_t n)
{
    for (uint32_t i = n; i < c->n_members; i++)
        mdl_member_config_clear(&c->members[i]);
    c->members = g_renew(MdlMemberConfig, c->members, n ? n : 1);
    for (uint32_t i = c->n_members; i < n; i++) {
        char name[32];
        g_snprintf(name, sizeof name, "hsm%u", i + 1);
        mdl_member_config_init(&c->members[i], name, c->n_zones ? i % c->n_zones : 0);
    }
    c->n_members = n;
}

void mdl_config_set_client_count(MdlConfig *c, uint32_t n)
{
    for (uint32_t i = n; i < c->n_clients; i++)
        g_free(c->clients[i].name);
    c->clients = g_renew(MdlClientConfig, c->clients, n ? n : 1);
    for (uint32_t i = c->n_clients; i < n; i++) {
        c->clients[i].name = g_strdup_printf("app%u", i + 1);
        c->clients[i].zone = MDL_NONE;
        c->clients[i].group = 0;
    }
    c->n_clients = n;
}

/* ---- issue 11: client groups ---- */

void mdl_client_group_clear(MdlClientGroupConfig *g)
{
    g_clear_pointer(&g->name, g_free);
    sim_dist_clear(&g->app.think);
    for (int t = 0; t < MDL_N_OPS; t++)
        sim_dist_clear(&g->service[t]);
}

void mdl_client_group_copy(MdlClientGroupConfig *dst, const MdlClientGroupConfig *src)
{
    *dst = *src;
    dst->name = g_strdup(src->name);
    sim_dist_copy(&dst->app.think, &src->app.think);
    for (int t = 0; t < MDL_N_OPS; t++)
        sim_dist_copy(&dst->service[t], &src->service[t]);
}

MdlClientGroupConfig mdl_config_group(const MdlConfig *c, uint32_t k)
{
    if (c->n_groups > 0) {
        g_return_val_if_fail(k < c->n_groups, c->groups[0]);
        return c->groups[k];
    }
    MdlClientGroupConfig g = {
        .name = NULL,
        .zone = MDL_NONE,
        .balancing = c->balancing,
        .command_timeout = c->command_timeout,
        .ha_only = c->ha_only,
        .synchronize = c->synchronize,
        .retry = c->retry,
        .interval = c->interval,
        .recovery_mode = c->recovery_mode,
        .attempt_cost = c->attempt_cost,
        .rate = c->rate,
        .mix = {c->mix[0], c->mix[1], c->mix[2]},
        .app = c->app,
    };
    return g;
}

uint32_t mdl_config_n_groups(const MdlConfig *c)
{
    return c->n_groups > 0 ? c->n_groups : 1;
}

uint32_t mdl_config_group_index(const MdlConfig *c, const char *name)
{
    return find(name, c->n_groups, c->groups, sizeof(MdlClientGroupConfig),
                G_STRUCT_OFFSET(MdlClientGroupConfig, name));
}
