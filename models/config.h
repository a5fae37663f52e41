/* models/config.h - the typed configuration of one study: what the model consumes.
 *
 * A plain struct, filled by the scenario loader (scenarios/) from YAML, with every
 * default already applied and every value already checked; the model trusts it.
 * Names (zones, members, clients) are kept for reports and traces; references between
 * entries are indices.  mdl_config_new() returns a configuration holding the defaults
 * of MODEL.md section 2; mdl_config_free() releases everything it owns.
 *
 * Ownership: the config owns its strings, arrays and distributions (SimDist values
 * with sim_dist_clear()); mdl_config_copy() makes an independent deep copy.
 */
#ifndef HAPGSIM_MODELS_CONFIG_H
#define HAPGSIM_MODELS_CONFIG_H

#include "sim/dist.h"
#include "sim/time.h"

#include <glib.h>
#include <stdint.h>

#define MDL_MAX_MEMBERS 32
#define MDL_MAX_CLIENTS 1000
#define MDL_MAX_ZONES 64
#define MDL_NONE UINT32_MAX
/* Documented limits (docs/scenario-reference.md, "Limits"): a fault process's `every`
 * and `repair` means, and the objects that exist at the start. */
#define MDL_MIN_FAULT_MEAN SIM_MS
#define MDL_MAX_INITIAL_OBJECTS 10000000
/* issue 11: closed loop.  Threads per client, application retries, and the default
 * bound on one client's outstanding operations (CloudHSM's 1024 sessions per
 * application). */
#define MDL_MAX_THREADS 100000
#define MDL_MAX_APP_RETRIES 100
#define MDL_DEFAULT_MAX_OUTSTANDING 1024

/* Operation types; MDL_OP_CLONE is the write of a mirrored object on one member. */
typedef enum { MDL_OP_READ, MDL_OP_CREATE, MDL_OP_DELETE, MDL_OP_CLONE, MDL_N_OPS } MdlOpType;

typedef enum {
    MDL_BALANCE_LEAST_OUTSTANDING,  /* "least-outstanding" (default) */
    MDL_BALANCE_PRIMARY,            /* "primary" */
    MDL_BALANCE_ROUND_ROBIN,        /* "round-robin" */
    MDL_BALANCE_RANDOM,             /* "random" */
} MdlBalancing;

typedef enum { MDL_RECOVERY_PASSIVE, MDL_RECOVERY_ACTIVE } MdlRecoveryMode;
typedef enum { MDL_MIRROR_SYNC, MDL_MIRROR_ASYNC } MdlMirrorMode;
typedef enum { MDL_KEYS_UNIFORM, MDL_KEYS_ZIPF } MdlKeyChoice;
/* Where a member's service times come from when `service:` does not give them: one
 * exponential of mean concurrency / capacity for every operation type ("flat", MODEL.md
 * 1.2), or per-operation figures for RSA-2048 keys ("rsa-2048": a create is a key-pair
 * generation, seconds; docs/model.md, "Service times", gives the sources). */
typedef enum { MDL_PROFILE_FLAT, MDL_PROFILE_RSA2048 } MdlServiceProfile;
/* How the application's operations are simulated: one event each ("operations"), or
 * as Poisson streams of which only what changes the group's state is drawn ("fluid",
 * docs/model.md). */
typedef enum { MDL_WORKLOAD_OPERATIONS, MDL_WORKLOAD_FLUID } MdlWorkloadMode;
/* How a study's replications estimate: plain runs ("crude"), or RESTART splitting
 * toward a rare set ("splitting", docs/rare-events.md). */
typedef enum { MDL_ESTIMATOR_CRUDE, MDL_ESTIMATOR_SPLITTING } MdlEstimator;
/* What splitting measures its progress toward the rare set with: members out of
 * service for the client closest to an outage ("outage"), or members that are off or
 * lack objects ("durability"). */
typedef enum { MDL_IMPORTANCE_OUTAGE, MDL_IMPORTANCE_DURABILITY } MdlImportance;

typedef enum {
    MDL_FAULT_POWER, MDL_FAULT_NETWORK, MDL_FAULT_TAMPER, MDL_FAULT_ZEROIZE, MDL_FAULT_REBOOT,
    MDL_N_FAULT_KINDS
} MdlFaultKind;

typedef enum {
    MDL_TARGET_MEMBER,       /* one member: index */
    MDL_TARGET_ZONE,         /* every member of one zone: index */
    MDL_TARGET_EACH_MEMBER,  /* a separate fault process per member */
    MDL_TARGET_EACH_ZONE,    /* a separate fault process per zone */
    MDL_TARGET_CLIENT,       /* network only: between one client (index) and all members */
    MDL_TARGET_CLIENT_GROUP, /* issue 11: MDL_TARGET_CLIENT on each client of one group
                                (index): one fault per client, as each-member */
} MdlTargetKind;

typedef enum { MDL_ACTION_RECOVER, MDL_ACTION_RESYNC, MDL_ACTION_CLIENT_RESTART } MdlActionKind;

typedef struct {
    char *name;
    uint32_t zone;               /* index into zones */
    double capacity;             /* operations/s at saturation, > 0 (1000) */
    uint32_t concurrency;        /* parallel service units, 1..1024 (30) */
    uint32_t queue_limit;        /* operations waiting beyond those in service (1000) */
    SimTime boot_time;           /* (5m) */
    SimTime activation_hold;     /* power outages longer than this need re-activation (2h) */
    SimTime reinit_time;         /* re-initialization after a zeroize (4h) */
    gboolean standby;            /* (false) */
    MdlServiceProfile service_profile;  /* the service times `service` leaves out (flat) */
    /* service time per operation type; when has_service[t] is FALSE, the profile's */
    gboolean has_service[MDL_N_OPS];
    SimDist service[MDL_N_OPS];
} MdlMemberConfig;

typedef struct {
    char *name;
    uint32_t zone;               /* index into zones, or MDL_NONE */
    uint32_t group;              /* index into MdlConfig.groups; 0 in the single form */
} MdlClientConfig;

typedef struct {
    MdlFaultKind kind;
    MdlTargetKind target;
    uint32_t index;              /* member, zone or client index; MDL_NONE for each-* */
    gboolean scheduled;          /* TRUE: at + duration; FALSE: every + repair */
    SimTime at, duration;
    SimDist every, repair;       /* process form: time from one fault's end to the
                                    next fault, and how long a fault lasts */
} MdlFaultConfig;

typedef struct {
    SimTime at;
    MdlActionKind kind;
    uint32_t index;              /* member (recover, resync) or client (client-restart)
                                    index; MDL_NONE means all */
    gboolean group;              /* issue 11: client-restart of every client of the
                                    client group `index` */
} MdlActionConfig;

/* issue 11: closed loop.  What the application behind each client does: one struct the
 * client reads, so that it can later be set per client group. */
typedef struct {
    uint32_t threads;            /* closed loop: application threads per client, each
                                    issue, wait, think; 0: the open loop of `rate` (0) */
    SimDist think;               /* think time after each request (deterministic 0s) */
    SimTime app_timeout;         /* the application gives up an attempt after this; 0:
                                    it waits for the answer (0s) */
    uint32_t retries;            /* further attempts after a failed or timed-out one (0) */
    SimTime backoff;             /* wait before retry k: backoff * 2^(k-1) (100ms) */
    SimTime slo;                 /* the latency availability.slo counts within; 0: none */
    uint32_t max_outstanding;    /* operations one client has outstanding at most, open or
                                    closed loop (1024, CloudHSM's sessions per application) */
} MdlAppConfig;

/* issue 11: mixed fleets.  The settings of one client group (`clients:` written as a
 * list).  The single form (`clients:` a mapping, MdlConfig.n_groups == 0) keeps them at
 * the top level of MdlConfig; mdl_config_group() gives either as this struct. */
typedef struct {
    char *name;                  /* NULL for the single form's one group */
    uint32_t zone;               /* zone of its generated clients, or MDL_NONE */
    MdlBalancing balancing;
    SimTime command_timeout;
    gboolean ha_only;
    gboolean synchronize;
    int32_t retry;
    SimTime interval;
    MdlRecoveryMode recovery_mode;
    SimTime attempt_cost;
    double rate;
    double mix[3];
    MdlAppConfig app;
    /* service time of this group's operations per type, on any member, instead of the
     * member's own when has_service[t] (never in the single form) */
    gboolean has_service[MDL_N_OPS];
    SimDist service[MDL_N_OPS];
} MdlClientGroupConfig;

typedef struct {
    char *name;                  /* (the file's base name) */
    char *description;           /* ("") */
    uint64_t seed;               /* master seed (1) */
    SimTime duration;            /* per replication, > 0 and <= 200y (365d) */
    SimTime warmup;              /* metrics ignore [0, warmup), < duration (0s) */
    uint32_t replications;       /* 1..1 000 000 (10) */
    MdlEstimator estimator;      /* (crude) */
    MdlImportance importance;    /* splitting: the importance function (outage) */
    uint32_t splits;             /* splitting: copies at each level, 0: chosen by a pilot */

    char **zones;                /* ([zone1]) */
    uint32_t n_zones;
    MdlMemberConfig *members;    /* 1..16 */
    uint32_t n_members;
    MdlClientConfig *clients;    /* 1..1000 (one: app1) */
    uint32_t n_clients;

    /* clients: one setting for all of them */
    MdlBalancing balancing;      /* (least-outstanding) */
    SimTime command_timeout;     /* 1s..600s (20s) */
    gboolean ha_only;            /* (true) */
    gboolean synchronize;        /* (true) */
    int32_t retry;               /* -1 (infinite) or 0..500 (0: autoRecovery off) */
    SimTime interval;            /* 60s..1200s (60s) */
    MdlRecoveryMode recovery_mode;   /* (passive) */
    SimTime attempt_cost;        /* 0..60s (1s) */

    /* workload, per client */
    MdlWorkloadMode workload_mode;   /* (operations) */
    double rate;                 /* operations/s, Poisson, >= 0 (100) */
    double mix[3];               /* read, create, delete; each in [0, 1], sum 1 (1, 0, 0) */
    uint64_t initial_objects;    /* (100) */
    MdlKeyChoice key_choice;     /* (uniform) */
    double zipf_s;               /* zipf exponent, > 0 (1.0) */

    MdlMirrorMode mirror_mode;   /* (sync) */
    uint32_t min_copies;         /* async: 1..n_members (min(2, n_members)); unused, and
                                    left at that default, in sync mode */
    SimTime mirror_delay;        /* async (100ms) */
    SimTime sync_base;           /* (5s) */
    SimTime sync_per_object;     /* (20ms) */

    MdlFaultConfig *faults;
    uint32_t n_faults;
    SimDist operator_response;   /* (lognormal, median 4h, sigma 0.8) */
    MdlActionConfig *actions;    /* sorted by `at`, ties in the order written */
    uint32_t n_actions;

    MdlAppConfig app;            /* issue 11: the application, per client */

    /* issue 11: mixed fleets.  0: the single form, every client uses the settings
     * above; else each client uses groups[clients[i].group] (whose clients are
     * adjacent), and the settings above are only the defaults of the groups'
     * workloads (printed as written). */
    MdlClientGroupConfig *groups;
    uint32_t n_groups;
} MdlConfig;

/* A configuration with MODEL.md's defaults: one zone, two members, one client. */
MdlConfig *mdl_config_new(void);
void mdl_config_free(MdlConfig *config);
MdlConfig *mdl_config_copy(const MdlConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MdlConfig, mdl_config_free)

/* Names used in scenarios and reports ("least-outstanding", "power", "recover", ...),
 * and the reverse lookups (FALSE when unknown). */
const char *mdl_op_name(MdlOpType op);
const char *mdl_balancing_name(MdlBalancing b);
gboolean mdl_balancing_from_name(const char *name, MdlBalancing *out);
const char *mdl_recovery_mode_name(MdlRecoveryMode m);
gboolean mdl_recovery_mode_from_name(const char *name, MdlRecoveryMode *out);
const char *mdl_mirror_mode_name(MdlMirrorMode m);
gboolean mdl_mirror_mode_from_name(const char *name, MdlMirrorMode *out);
const char *mdl_workload_mode_name(MdlWorkloadMode m);
gboolean mdl_workload_mode_from_name(const char *name, MdlWorkloadMode *out);
const char *mdl_estimator_name(MdlEstimator e);
gboolean mdl_estimator_from_name(const char *name, MdlEstimator *out);
const char *mdl_importance_name(MdlImportance i);
const char *mdl_service_profile_name(MdlServiceProfile p);
gboolean mdl_service_profile_from_name(const char *name, MdlServiceProfile *out);
gboolean mdl_importance_from_name(const char *name, MdlImportance *out);
const char *mdl_fault_kind_name(MdlFaultKind k);
gboolean mdl_fault_kind_from_name(const char *name, MdlFaultKind *out);
const char *mdl_action_name(MdlActionKind k);
gboolean mdl_action_from_name(const char *name, MdlActionKind *out);

/* The service-time distribution of operation type t on a member: its `service` entry,
 * or its profile's (flat: exponential with mean concurrency / capacity seconds).  The
 * caller owns the result (sim_dist_clear). */
SimDist mdl_member_service(const MdlMemberConfig *m, MdlOpType t);

/* issue 11: the settings of client group k (0..max(n_groups, 1) - 1) as a shallow copy:
 * the distributions stay the config's.  In the single form, group 0 is the top-level
 * settings. */
MdlClientGroupConfig mdl_config_group(const MdlConfig *c, uint32_t k);
/* The number of client groups the clients use: n_groups, or 1 in the single form. */
uint32_t mdl_config_n_groups(const MdlConfig *c);
/* Index of a client group by name, or MDL_NONE (always MDL_NONE in the single form). */
uint32_t mdl_config_group_index(const MdlConfig *c, const char *name);
void mdl_client_group_clear(MdlClientGroupConfig *g);
void mdl_client_group_copy(MdlClientGroupConfig *dst, const MdlClientGroupConfig *src);

/* Index of a zone, member or client by name, or MDL_NONE. */
uint32_t mdl_config_zone_index(const MdlConfig *c, const char *name);
uint32_t mdl_config_member_index(const MdlConfig *c, const char *name);
uint32_t mdl_config_client_index(const MdlConfig *c, const char *name);

/* Resizes the member or client array to n entries: new entries get the defaults
 * (members hsmK spread round-robin over the zones, clients appK), existing ones are
 * kept.  Used by the `count:` shorthands and by sweeps over members.count. */
void mdl_config_set_member_count(MdlConfig *c, uint32_t n);
void mdl_config_set_client_count(MdlConfig *c, uint32_t n);

/* A member with the defaults, named `name`, in zone `zone`. */
void mdl_member_config_init(MdlMemberConfig *m, const char *name, uint32_t zone);
void mdl_member_config_clear(MdlMemberConfig *m);
void mdl_member_config_copy(MdlMemberConfig *dst, const MdlMemberConfig *src);

#endif
