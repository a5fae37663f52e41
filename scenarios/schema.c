/* scenarios/schema.c - the rows of the scenario language: one per key (schema.h).
 *
 * Adding a plain key is one row here (an enum also needs the NAMES line that hands its
 * names to the schema), plus its field in models/config.h and its default in
 * models/config.c; then `make docs-keys`.  Rows are in the order of the canonical form
 * and of the docs tables; a section's rows are adjacent. */
#include "scenarios/schema.h"

#include <math.h>
#include <string.h>

#define CFG(f) .offset = offsetof(MdlConfig, f), .size = sizeof(((MdlConfig *)0)->f)
#define MEM(f) .offset = offsetof(MdlMemberConfig, f), .size = sizeof(((MdlMemberConfig *)0)->f)
#define CLI(f) .offset = offsetof(MdlClientConfig, f), .size = sizeof(((MdlClientConfig *)0)->f)
#define FLT(f) .offset = offsetof(MdlFaultConfig, f), .size = sizeof(((MdlFaultConfig *)0)->f)
#define GRP(f) .offset = offsetof(MdlClientGroupConfig, f), \
               .size = sizeof(((MdlClientGroupConfig *)0)->f)
#define ACT(f) .offset = offsetof(MdlActionConfig, f), .size = sizeof(((MdlActionConfig *)0)->f)
#define DURATION(f) .type = SCN_T_DURATION, f
#define RANGED(f, lo_, hi_, rule_) .type = SCN_T_DURATION, f, .tmin = (lo_), .tmax = (hi_), \
                                   .rule = (rule_)
#define INT(f, lo_, hi_) .type = SCN_T_INT, f, .ilo = (lo_), .ihi = (hi_)
#define NUMBER(f, lo_, open_, hi_) .type = SCN_T_NUMBER, f, .lo = (lo_), .lo_open = (open_), \
                                   .hi = (hi_)
#define BOOL(f) .type = SCN_T_BOOL, f
#define ENUM(f, names_, n_) .type = SCN_T_ENUM, f, .names = (names_), .n_names = (n_)
#define SECTION(s) .type = SCN_T_SECTION, .sub = (s)
#define SERVICE(S) .type = SCN_T_SERVICE, .offset = offsetof(S, service), \
                   .size = sizeof(((S *)0)->service), .aux = offsetof(S, has_service)
#define LIST(S, f, n, sub_) .type = SCN_T_LIST, .offset = offsetof(S, f), \
                          .size = sizeof *((S *)0)->f, .aux = offsetof(S, n), .sub = (sub_)
/* A client group's key: type, range and docs are those of the same key of section s_
 * (its doc reads "as `PATH.KEY`"); what the row gives itself takes precedence. */
#define LIKE(s_) .like = (s_) + 1
/* a client group's closed-loop key: printed with threads only */
#define CLOSED .check = scn_check_group_closed_loop, .shown_if = "threads"
#define HOOK(h) .type = SCN_T_HOOK, .hooks = &(h)
#define MAPPING .doc_type = "mapping"        /* a hook row's type, in the docs */

/* The names of the enums' values, as models/config.c spells them. */
#define NAMES(fn, type) static const char *fn##_i(int v) { return fn((type)v); }
NAMES(mdl_balancing_name, MdlBalancing)
NAMES(mdl_recovery_mode_name, MdlRecoveryMode)
NAMES(mdl_mirror_mode_name, MdlMirrorMode)
NAMES(mdl_workload_mode_name, MdlWorkloadMode)
NAMES(mdl_estimator_name, MdlEstimator)
NAMES(mdl_importance_name, MdlImportance)
NAMES(mdl_service_profile_name, MdlServiceProfile)
NAMES(mdl_fault_kind_name, MdlFaultKind)
NAMES(mdl_action_name, MdlActionKind)

static const ScnField rows[] = {
    /* ---- the file ---- */
    {SCN_SEC_TOP, "hapgsim", HOOK(scn_hook_version), .flags = SCN_F_ALWAYS, .doc = "version of the format",
     .doc_type = "integer", .doc_default = "required", .doc_range = "1"},
    {SCN_SEC_TOP, "name", .type = SCN_T_TEXT, CFG(name), .flags = SCN_F_NONEMPTY,
     .doc = "name in reports", .doc_type = "text (one line)",
     .doc_default = "file name without `.yaml`/`.yml`"},
    {SCN_SEC_TOP, "description", .type = SCN_T_TEXT, CFG(description),
     .flags = SCN_F_MULTILINE, .doc = "free text"},
    {SCN_SEC_TOP, "seed", .type = SCN_T_SEED, CFG(seed),
     .doc = "master seed; replication r draws from a seed derived from (seed, r)"},
    {SCN_SEC_TOP, "duration", RANGED(CFG(duration), 0, 200 * SIM_YEAR, "> 0s and <= 200y"),
     .tmin_open = TRUE, .doc = "simulated time per replication"},
    {SCN_SEC_TOP, "warmup", DURATION(CFG(warmup)), .check = scn_check_warmup,
     .doc = "prefix the metrics ignore", .doc_range = "< duration"},
    {SCN_SEC_TOP, "replications", INT(CFG(replications), 1, 1000000),
     .doc = "independent replications"},
    {SCN_SEC_TOP, "estimator", ENUM(CFG(estimator), mdl_estimator_name_i,
                                    MDL_ESTIMATOR_SPLITTING + 1), .flags = SCN_F_OMIT_DEFAULT,
     .doc = "crude: plain replications; splitting: RESTART toward outages or losses "
            "([rare events](rare-events.md))"},
    {SCN_SEC_TOP, "splitting", SECTION(SCN_SEC_SPLITTING),
     .flags = SCN_F_FLOW | SCN_F_OMIT_DEFAULT, .doc = "[how splitting splits](rare-events.md)"},
    {SCN_SEC_TOP, "zones", HOOK(scn_hook_zones), .doc = "availability zones",
     .doc_type = "list of names", .doc_default = "`[zone1]`", .doc_range = "1..64, unique"},
    {SCN_SEC_TOP, "members", HOOK(scn_hook_members), .flags = SCN_F_ALWAYS, MAPPING,
     .doc = "[the HSMs](#members)", .doc_default = "two members"},
    {SCN_SEC_TOP, "clients", SECTION(SCN_SEC_CLIENTS), .hooks = &scn_hook_clients,
     .doc = "[the applications](#clients), or a list of [client groups](#client-groups)",
     .doc_default = "one client `app1`"},
    {SCN_SEC_TOP, "workload", SECTION(SCN_SEC_WORKLOAD), .check = scn_check_group_workloads,
     .doc = "[operations per client](#workload)"},
    {SCN_SEC_TOP, "mirroring", SECTION(SCN_SEC_MIRRORING), .hooks = &scn_hook_mirroring,
     .flags = SCN_F_ALWAYS | SCN_F_FLOW,
     .doc = "[how writes reach members](#mirroring-and-sync)", .doc_default = "`{mode: sync}`"},
    {SCN_SEC_TOP, "sync", SECTION(SCN_SEC_SYNC), .flags = SCN_F_FLOW,
     .doc = "[resynchronisation cost](#mirroring-and-sync)"},
    {SCN_SEC_TOP, "faults", LIST(MdlConfig, faults, n_faults, SCN_SEC_FAULT),
     .hooks = &scn_hook_faults, .doc = "[fault schedules and "
     "processes](#faults)", .doc_type = "list", .doc_default = "none",
     .doc_range = "at most 1000"},
    {SCN_SEC_TOP, "operator", SECTION(SCN_SEC_OPERATOR), .flags = SCN_F_FLOW,
     .doc = "[manual recovery delay](#operator-and-actions)"},
    {SCN_SEC_TOP, "actions", LIST(MdlConfig, actions, n_actions, SCN_SEC_ACTION),
     .hooks = &scn_hook_actions, .flags = SCN_F_ALWAYS | SCN_F_AS_WRITTEN,
     .doc = "[scheduled manual actions](#operator-and-actions)", .doc_type = "list",
     .doc_default = "none", .doc_range = "at most 10 000"},
    /* sweep and expect: read by scenario.c */
    {SCN_SEC_TOP, "sweep", .type = SCN_T_HOOK, .flags = SCN_F_NO_PRINT, MAPPING,
     .doc = "[values to sweep over](#paths---set---sweep-and-sweep)", .doc_default = "none"},
    {SCN_SEC_TOP, "expect", .type = SCN_T_HOOK, .flags = SCN_F_NO_PRINT, MAPPING,
     .doc = "[service levels to keep](#expect)", .doc_default = "none",
     .doc_range = "at most 1000"},

    /* ---- members.defaults, members.list entries ---- */
    {SCN_SEC_MEMBER, "name", .type = SCN_T_NAME, MEM(name), .doc = "",
     .doc_default = "(list: required)", .doc_range = "unique"},
    {SCN_SEC_MEMBER, "zone", .type = SCN_T_ZONE, MEM(zone), .doc = "",
     .doc_default = "round-robin", .doc_range = "one of `zones`"},
    {SCN_SEC_MEMBER, "capacity", NUMBER(MEM(capacity), 0, TRUE, INFINITY),
     .doc = "operations/s at saturation"},
    {SCN_SEC_MEMBER, "concurrency", INT(MEM(concurrency), 1, 1024),
     .doc = "parallel service units"},
    {SCN_SEC_MEMBER, "queue_limit", INT(MEM(queue_limit), 0, 10000000),
     .doc = "operations waiting beyond those in service"},
    {SCN_SEC_MEMBER, "boot_time", DURATION(MEM(boot_time)),
     .doc = "time to boot after power returns"},
    {SCN_SEC_MEMBER, "activation_hold", DURATION(MEM(activation_hold)),
     .doc = "longer power outages need re-activation"},
    {SCN_SEC_MEMBER, "reinit_time", DURATION(MEM(reinit_time)),
     .doc = "re-initialisation after a zeroize"},
    {SCN_SEC_MEMBER, "standby", BOOL(MEM(standby)),
     .doc = "receives objects, serves only when no other member can"},
    {SCN_SEC_MEMBER, "service_profile", ENUM(MEM(service_profile), mdl_service_profile_name_i,
                                             MDL_PROFILE_RSA2048 + 1),
     .flags = SCN_F_OMIT_DEFAULT,
     .doc = "the service times `service` leaves out: flat (every type exponential, mean "
            "concurrency/capacity) or rsa-2048 (a create is a key generation, seconds; "
            "[sources](model.md#service-times))"},
    {SCN_SEC_MEMBER, "service", SERVICE(MdlMemberConfig),
     .doc = "service time per operation type; missing types keep the profile's",
     .doc_type = "mapping `{read, create, delete, clone}` of distributions",
     .doc_default = "`service_profile`'s"},

    /* ---- clients.list entries ---- */
    {SCN_SEC_CLIENT, "name", .type = SCN_T_NAME, CLI(name), .doc = "",
     .doc_default = "required", .doc_range = "unique"},
    {SCN_SEC_CLIENT, "zone", .type = SCN_T_ZONE, CLI(zone), .check = scn_check_client_zone,
     .doc = "", .doc_default = "none"},

    /* ---- clients ---- */
    {SCN_SEC_CLIENTS, "count", HOOK(scn_hook_client_count),
     .flags = SCN_F_NO_PRINT | SCN_F_ALWAYS,
     .doc = "clients `app1`..`appN`", .doc_type = "integer", .doc_default = "1",
     .doc_range = "1..1000; not with `list`"},
    {SCN_SEC_CLIENTS, "list", LIST(MdlConfig, clients, n_clients, SCN_SEC_CLIENT),
     .doc = "the clients, each `{name, zone}`", .doc_type = "list", .doc_range = "1..1000"},
    {SCN_SEC_CLIENTS, "balancing", ENUM(CFG(balancing), mdl_balancing_name_i,
                                        MDL_BALANCE_RANDOM + 1),
     .doc = "how each operation picks a member"},
    {SCN_SEC_CLIENTS, "command_timeout", RANGED(CFG(command_timeout), SIM_SEC, 600 * SIM_SEC,
                                                "within 1s..600s"),
     .doc = "silence after which a member is declared failed"},
    {SCN_SEC_CLIENTS, "ha_only", BOOL(CFG(ha_only)), .doc = "only the HA slot is visible"},
    {SCN_SEC_CLIENTS, "synchronize", BOOL(CFG(synchronize)),
     .doc = "HASynchronize: a recovered member first receives what it missed"},
    {SCN_SEC_CLIENTS, "auto_recovery", SECTION(SCN_SEC_RECOVERY), .flags = SCN_F_FLOW,
     .doc = ""},
    {SCN_SEC_RECOVERY, "retry", INT(CFG(retry), -1, 500),
     .doc = "attempts before giving up; -1 forever, 0 disables autoRecovery"},
    {SCN_SEC_RECOVERY, "interval", RANGED(CFG(interval), 60 * SIM_SEC, 1200 * SIM_SEC,
                                          "within 60s..1200s"),
     .doc = "time between attempts"},
    {SCN_SEC_RECOVERY, "mode", ENUM(CFG(recovery_mode), mdl_recovery_mode_name_i,
                                    MDL_RECOVERY_ACTIVE + 1),
     .doc = "passive: attempts ride on application calls; active: background probe"},
    {SCN_SEC_RECOVERY, "attempt_cost", RANGED(CFG(attempt_cost), 0, 60 * SIM_SEC,
                                              "within 0s..60s"),
     .doc = "delay a passive attempt adds to the call that carries it"},

    /* ---- workload ---- */
    {SCN_SEC_WORKLOAD, "mode", ENUM(CFG(workload_mode), mdl_workload_mode_name_i,
                                    MDL_WORKLOAD_FLUID + 1), .flags = SCN_F_OMIT_DEFAULT,
     .doc = "how operations are simulated: one event each (operations) or as Poisson "
            "streams (fluid, see docs/model.md)"},
    {SCN_SEC_WORKLOAD, "rate", NUMBER(CFG(rate), 0, FALSE, INFINITY),
     .shown_if = "!threads",            /* issue 11: not printed in the closed loop */
     .doc = "operations/s per client, Poisson arrivals"},
    {SCN_SEC_WORKLOAD, "mix", .type = SCN_T_MIX, CFG(mix),
     .doc = "operation types", .doc_type = "`{read, create, delete}` of numbers",
     .doc_default = "`{read: 1}`",
     .doc_range = "each 0..1, sum 1 (within 1e-9); missing ones are 0"},
    {SCN_SEC_WORKLOAD, "initial_objects", INT(CFG(initial_objects), 0, MDL_MAX_INITIAL_OBJECTS),
     .doc = "objects every member holds at the start"},
    {SCN_SEC_WORKLOAD, "key_choice", HOOK(scn_hook_key_choice),
     .doc = "which object a read uses; `zipf` alone means S = 1",
     .doc_type = "`uniform`, `zipf`, or `{zipf: {s: S}}`", .doc_default = "`uniform`",
     .doc_range = "S > 0, finite"},
    /* issue 11: closed loop */
    {SCN_SEC_WORKLOAD, "threads", INT(CFG(app.threads), 0, MDL_MAX_THREADS),
     .flags = SCN_F_OMIT_DEFAULT, .check = scn_check_closed_loop,
     .doc = "closed loop: application threads per client, each issues, waits for the "
            "answer, thinks; 0: the open loop of `rate`", .doc_range = "0..100000; not with `rate`"},
    {SCN_SEC_WORKLOAD, "think", .type = SCN_T_DIST, CFG(app.think), .flags = SCN_F_OMIT_DEFAULT,
     .check = scn_check_closed_loop, .doc = "closed loop: think time after each request",
     .doc_default = "`0s`", .doc_range = "needs `threads`"},
    {SCN_SEC_WORKLOAD, "app_timeout", DURATION(CFG(app.app_timeout)),
     .flags = SCN_F_OMIT_DEFAULT, .check = scn_check_closed_loop,
     .doc = "closed loop: the application gives up an attempt after this; 0s: it waits",
     .doc_range = "needs `threads`"},
    {SCN_SEC_WORKLOAD, "retries", INT(CFG(app.retries), 0, MDL_MAX_APP_RETRIES),
     .flags = SCN_F_OMIT_DEFAULT, .check = scn_check_closed_loop,
     .doc = "closed loop: further attempts after a failed or timed-out one",
     .doc_range = "0..100; needs `threads`"},
    {SCN_SEC_WORKLOAD, "backoff", RANGED(CFG(app.backoff), 0, 3600 * SIM_SEC, "within 0s..1h"),
     .flags = SCN_F_OMIT_DEFAULT, .check = scn_check_closed_loop,
     .doc = "closed loop: wait before retry k, doubled at each retry: backoff * 2^(k-1)",
     .doc_range = "0s..1h; needs `threads`"},
    {SCN_SEC_WORKLOAD, "slo", RANGED(CFG(app.slo), 0, SIM_YEAR, "> 0s and <= 1y"),
     .tmin_open = TRUE, .flags = SCN_F_OMIT_DEFAULT,
     .doc = "latency within which a request counts for availability.slo",
     .doc_default = "none (availability.slo is null)"},
    {SCN_SEC_WORKLOAD, "max_outstanding", INT(CFG(app.max_outstanding), 1, 10000000),
     .flags = SCN_F_OMIT_DEFAULT,
     .doc = "operations one client has outstanding at most; an arrival beyond it is refused "
            "at once (client busy, counted in rejected.count)"},

    /* ---- mirroring, sync, operator ---- */
    {SCN_SEC_MIRRORING, "mode", ENUM(CFG(mirror_mode), mdl_mirror_mode_name_i,
                                     MDL_MIRROR_ASYNC + 1),
     .doc = "sync: the client clones each write to every member before it completes; "
            "async: the cluster service"},
    {SCN_SEC_MIRRORING, "min_copies", INT(CFG(min_copies), 1, MDL_MAX_MEMBERS),
     .doc = "copies before an async write completes", .doc_default = "min(2, members)",
     .doc_range = "1..members; **async only**"},
    {SCN_SEC_MIRRORING, "mirror_delay", DURATION(CFG(mirror_delay)),
     .doc = "delay of the remaining copies", .doc_range = "**async only**"},
    {SCN_SEC_SYNC, "base", DURATION(CFG(sync_base)),
     .doc = "fixed cost of a resynchronisation"},
    {SCN_SEC_SYNC, "per_object", DURATION(CFG(sync_per_object)),
     .doc = "cost per object sent"},
    {SCN_SEC_OPERATOR, "response", .type = SCN_T_DIST, CFG(operator_response),
     .doc = "delay until the operator acts on an exhausted or absent view, or a member "
            "that needs re-activation or re-initialisation"},
    {SCN_SEC_SPLITTING, "importance", ENUM(CFG(importance), mdl_importance_name_i,
                                           MDL_IMPORTANCE_DURABILITY + 1),
     .doc = "outage: members out for the client closest to an outage; durability: members "
            "off or lacking objects"},
    {SCN_SEC_SPLITTING, "splits", INT(CFG(splits), 0, 100000),
     .doc = "copies made at each level crossed; 0: chosen per level by a pilot run"},

    /* ---- faults entries: at + duration or every + repair, typed by the list's hook ---- */
    {SCN_SEC_FAULT, "kind", ENUM(FLT(kind), mdl_fault_kind_name_i, MDL_FAULT_REBOOT + 1),
     .flags = SCN_F_REQUIRED, .doc = "what fails ([model.md: Members](model.md#members) says "
     "what each does to a member, [Faults](model.md#faults) how they are drawn)"},
    {SCN_SEC_FAULT, "target", HOOK(scn_hook_fault_target), .flags = SCN_F_REQUIRED,
     .doc = "where: a member, a zone (every member in it), `each-member`, `each-zone` (one "
            "fault process per member or zone), or `client:NAME` (network only: the link "
            "between that client and all members)", .doc_type = "name"},
    {SCN_SEC_FAULT, "at", DURATION(FLT(at)), .check = scn_check_fault_at, .shown_if = "duration",
     .doc_default = "with `duration`", .doc_range = ">= 0",
     .doc = "one fault, replayed exactly: when it starts (from the start, warmup included)"},
    {SCN_SEC_FAULT, "duration", RANGED(FLT(duration), 0, SIM_TIME_MAX, "> 0s"),
     .tmin_open = TRUE, .shown_if = "duration", .doc_default = "with `at`", .doc_range = "> 0",
     .doc = "how long that fault lasts"},
    {SCN_SEC_FAULT, "every", .type = SCN_T_DIST, FLT(every), .check = scn_check_fault_process,
     .shown_if = "!duration", .doc_default = "with `repair`", .doc_range = "mean >= 1ms",
     .doc = "a fault process: time from the end of one fault to the next"},
    {SCN_SEC_FAULT, "repair", .type = SCN_T_DIST, FLT(repair), .check = scn_check_fault_process,
     .shown_if = "!duration", .doc_default = "with `every`", .doc_range = "mean >= 1ms",
     .doc = "how long each fault of the process lasts"},

    /* ---- actions entries ---- */
    {SCN_SEC_ACTION, "at", DURATION(ACT(at)), .flags = SCN_F_REQUIRED,
     .check = scn_check_action_at, .doc = "when"},
    {SCN_SEC_ACTION, "do", ENUM(ACT(kind), mdl_action_name_i, MDL_ACTION_CLIENT_RESTART + 1),
     .flags = SCN_F_REQUIRED, .doc = "what"},
    {SCN_SEC_ACTION, "target", HOOK(scn_hook_action_target), .flags = SCN_F_REQUIRED,
     .doc_type = "name", .doc_range = "a member or `all` (recover, resync); a client, a client "
     "group (every client of it) or `all` (client-restart)", .doc = "on what"},

    /* ---- issue 11: client groups (clients written as a list) ---- */
    {SCN_SEC_GROUP, "name", .type = SCN_T_NAME, GRP(name), .flags = SCN_F_REQUIRED,
     .doc = "the group's name; names its clients `NAME1`..`NAMEN` when `count` is given",
     .doc_default = "required", .doc_range = "unique among groups and clients"},
    {SCN_SEC_GROUP, "zone", .type = SCN_T_ZONE, GRP(zone), .check = scn_check_group_zone,
     .doc = "zone of its clients (those of `list` may give their own)", .doc_default = "none"},
    {SCN_SEC_GROUP, "count", HOOK(scn_hook_group_clients), .flags = SCN_F_NO_PRINT | SCN_F_ALWAYS,
     .doc = "its clients `NAME1`..`NAMEN`", .doc_type = "integer", .doc_default = "1",
     .doc_range = "1..1000 in all groups; not with `list`"},
    {SCN_SEC_GROUP, "list", HOOK(scn_hook_group_list),
     .doc = "its clients, each `{name, zone}`", .doc_type = "list",
     .doc_range = "1..1000 in all groups"},
    {SCN_SEC_GROUP, "balancing", LIKE(SCN_SEC_CLIENTS), GRP(balancing)},
    {SCN_SEC_GROUP, "command_timeout", LIKE(SCN_SEC_CLIENTS), GRP(command_timeout)},
    {SCN_SEC_GROUP, "ha_only", LIKE(SCN_SEC_CLIENTS), GRP(ha_only)},
    {SCN_SEC_GROUP, "synchronize", LIKE(SCN_SEC_CLIENTS), GRP(synchronize)},
    {SCN_SEC_GROUP, "auto_recovery", SECTION(SCN_SEC_GROUP_RECOVERY), .flags = SCN_F_FLOW,
     .doc = "as `clients.auto_recovery`"},
    {SCN_SEC_GROUP, "workload", SECTION(SCN_SEC_GROUP_WORKLOAD), .hooks = &scn_hook_group_workload,
     .flags = SCN_F_FLOW | SCN_F_ALWAYS,
     .doc = "its application: each key defaults to the top-level `workload` one; "
            "`rate` or `threads` given here replaces the other",
     .doc_default = "the top-level `workload`"},
    {SCN_SEC_GROUP_RECOVERY, "retry", LIKE(SCN_SEC_RECOVERY), GRP(retry)},
    {SCN_SEC_GROUP_RECOVERY, "interval", LIKE(SCN_SEC_RECOVERY), GRP(interval)},
    {SCN_SEC_GROUP_RECOVERY, "mode", LIKE(SCN_SEC_RECOVERY), GRP(recovery_mode)},
    {SCN_SEC_GROUP_RECOVERY, "attempt_cost", LIKE(SCN_SEC_RECOVERY), GRP(attempt_cost)},
    {SCN_SEC_GROUP_WORKLOAD, "rate", LIKE(SCN_SEC_WORKLOAD), GRP(rate)},
    {SCN_SEC_GROUP_WORKLOAD, "mix", LIKE(SCN_SEC_WORKLOAD), GRP(mix)},
    {SCN_SEC_GROUP_WORKLOAD, "threads", LIKE(SCN_SEC_WORKLOAD), GRP(app.threads), CLOSED},
    {SCN_SEC_GROUP_WORKLOAD, "think", LIKE(SCN_SEC_WORKLOAD), GRP(app.think), CLOSED},
    {SCN_SEC_GROUP_WORKLOAD, "app_timeout", LIKE(SCN_SEC_WORKLOAD), GRP(app.app_timeout), CLOSED},
    {SCN_SEC_GROUP_WORKLOAD, "retries", LIKE(SCN_SEC_WORKLOAD), GRP(app.retries), CLOSED},
    {SCN_SEC_GROUP_WORKLOAD, "backoff", LIKE(SCN_SEC_WORKLOAD), GRP(app.backoff), CLOSED},
    {SCN_SEC_GROUP_WORKLOAD, "slo", LIKE(SCN_SEC_WORKLOAD), GRP(app.slo), .shown_if = "slo",
     .doc = "as `workload.slo`; a group without it is not counted in availability.slo"},
    {SCN_SEC_GROUP_WORKLOAD, "service", SERVICE(MdlClientGroupConfig),
     .doc = "service time of this group's operations per type, on every member, instead "
            "of the member's; missing types keep the member's",
     .doc_type = "mapping `{read, create, delete, clone}` of distributions",
     .doc_default = "the members'"},
    {SCN_SEC_GROUP_WORKLOAD, "max_outstanding", LIKE(SCN_SEC_WORKLOAD),
     GRP(app.max_outstanding)},
};

/* Where each section's rows go in the docs, and what their keys are prefixed with. */
static const struct {
    const char *table, *prefix;
    const char *path, *like_default;   /* the section's path; its LIKE rows' default */
} tables[SCN_N_SECTIONS] = {
    [SCN_SEC_TOP] = {.table = "top", .prefix = ""},
    [SCN_SEC_MEMBER] = {.table = "members", .prefix = ""},
    [SCN_SEC_CLIENT] = {.table = "client", .prefix = ""},
    [SCN_SEC_CLIENTS] = {.table = "clients", .prefix = "", .path = "clients"},
    [SCN_SEC_RECOVERY] = {.table = "clients", .prefix = "auto_recovery.",
                          .path = "clients.auto_recovery"},
    [SCN_SEC_WORKLOAD] = {.table = "workload", .prefix = "", .path = "workload"},
    [SCN_SEC_MIRRORING] = {.table = "mirroring", .prefix = "mirroring."},
    [SCN_SEC_SYNC] = {.table = "mirroring", .prefix = "sync."},
    [SCN_SEC_OPERATOR] = {.table = "operator", .prefix = "operator."},
    [SCN_SEC_SPLITTING] = {.table = "top", .prefix = "splitting."},
    [SCN_SEC_FAULT] = {.table = "faults", .prefix = ""},
    [SCN_SEC_ACTION] = {.table = "actions", .prefix = "actions[]."},
    [SCN_SEC_GROUP] = {.table = "groups", .prefix = ""},
    [SCN_SEC_GROUP_RECOVERY] = {.table = "groups", .prefix = "auto_recovery."},
    [SCN_SEC_GROUP_WORKLOAD] = {.table = "groups", .prefix = "workload.",
                                .like_default = "the top-level `workload`'s"},
};

typedef struct {
    ScnField rows[G_N_ELEMENTS(rows)];       /* LIKE rows completed */
    guint first[SCN_N_SECTIONS], n[SCN_N_SECTIONS];
    const char **keys[SCN_N_SECTIONS];
    ScnTyped defaults;
} Index;

/* A LIKE row takes the type, range and docs of its model, the same key of its section. */
static void complete_like(ScnField *f, const ScnField *section, guint n)
{
    const ScnField *m = section;
    while (strcmp(m->key, f->key) != 0)
        g_assert(++m < section + n);
    ScnField own = *f;
    *f = *m;
    f->section = own.section;
    f->offset = own.offset;
    f->size = own.size;
    f->like = own.like;
    f->flags = own.flags;
    f->hooks = NULL;
    f->check = own.check;
    f->shown_if = own.shown_if ? own.shown_if : m->shown_if;
    const char *path = tables[m->section].path;
    f->doc = own.doc ? own.doc : g_strdup_printf("as `%s.%s`", path, f->key);
    f->doc_default = own.doc_default ? own.doc_default
                     : tables[own.section].like_default ? tables[own.section].like_default
                                                        : m->doc_default;
}

static const Index *schema_index(void)
{
    static gsize done;
    static Index ix;
    if (g_once_init_enter(&done)) {
        memcpy(ix.rows, rows, sizeof rows);
        for (guint i = G_N_ELEMENTS(rows); i-- > 0;) {
            ix.first[rows[i].section] = i;                  /* rows of a section are adjacent */
            ix.n[rows[i].section]++;
        }
        for (int s = 0; s < SCN_N_SECTIONS; s++) {
            ix.keys[s] = g_new0(const char *, ix.n[s] + 1);
            for (guint i = 0; i < ix.n[s]; i++)
                ix.keys[s][i] = rows[ix.first[s] + i].key;
        }
        for (guint i = 0; i < G_N_ELEMENTS(rows); i++)
            if (rows[i].like)
                complete_like(&ix.rows[i], ix.rows + ix.first[rows[i].like - 1],
                              ix.n[rows[i].like - 1]);
        ix.defaults.config = mdl_config_new();
        mdl_member_config_init(&ix.defaults.member_defaults, "", 0);
        ix.defaults.defaults_zone = MDL_NONE;
        g_once_init_leave(&done, 1);
    }
    return &ix;
}

const ScnField *scn_schema_rows(ScnSection s, guint *n)
{
    const Index *ix = schema_index();
    *n = ix->n[s];
    return &ix->rows[ix->first[s]];
}

const char *const *scn_schema_keys(ScnSection s)
{
    return schema_index()->keys[s];
}

const ScnField *scn_schema_field(ScnSection s, const char *key)
{
    guint n;
    const ScnField *r = scn_schema_rows(s, &n);
    for (guint i = 0; i < n; i++)
        if (strcmp(r[i].key, key) == 0)
            return &r[i];
    return NULL;
}

const char *scn_schema_table(ScnSection s, const char **prefix)
{
    *prefix = tables[s].prefix;
    return tables[s].table;
}

const ScnTyped *scn_schema_defaults(void)
{
    return &schema_index()->defaults;
}
