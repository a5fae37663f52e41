/* tests/test_fleet.c - issue 11: mixed fleets (clients written as a list of groups).
 *
 * - science: a passive, retry-limited group and an active group that share the
 *   members each behave exactly as that group does alone (the same view changes and
 *   recovery attempts at the same instants), where nothing couples them: per-client
 *   random streams named after the client, round-robin balancing, a deterministic
 *   service time without queueing, reads only;
 * - a fault on client:GROUP cuts every client of the group, and no other;
 * - a closed-loop group and an open-loop group run side by side, each its own way;
 * - the canonical print of a mixed fleet loads back to the same configuration. */
#include "check.h"
#include "model_util.h"

#include "scenarios/scenario.h"

#include <string.h>

/* ---- a recorder that keeps the client's name with each event ---- */

typedef struct {
    const MdlConfig *cfg;
    GString *trace;                   /* one line per view change or attempt */
    uint64_t issued[MDL_MAX_CLIENTS];
    uint64_t requests[MDL_MAX_CLIENTS];
    SimTime cut_from[MDL_MAX_CLIENTS], cut_to[MDL_MAX_CLIENTS];
    const char *only;                 /* record the clients of this group only */
    SimTime restarted[MDL_MAX_CLIENTS];
    SimTime lat_min[MDL_MAX_CLIENTS], lat_max[MDL_MAX_CLIENTS];
    uint64_t done_ok[MDL_MAX_CLIENTS];
} FleetRec;

static gboolean wanted(FleetRec *r, uint32_t c)
{
    const MdlConfig *cfg = r->cfg;
    if (r->only == NULL)
        return TRUE;
    return cfg->n_groups > 0 && strcmp(cfg->groups[cfg->clients[c].group].name, r->only) == 0;
}

static void rec_view(void *d, SimTime now, uint32_t c, uint32_t m, MdlView from, MdlView to,
                     MdlCause cause)
{
    FleetRec *r = d;
    if (wanted(r, c))
        g_string_append_printf(r->trace, "%" G_GINT64_FORMAT " view %s hsm%u %d->%d (%d)\n",
                               (gint64)now, r->cfg->clients[c].name, m + 1, from, to, cause);
}

static void rec_attempt(void *d, SimTime now, uint32_t c, uint32_t m, gboolean ok)
{
    FleetRec *r = d;
    if (wanted(r, c))
        g_string_append_printf(r->trace, "%" G_GINT64_FORMAT " attempt %s hsm%u %d\n",
                               (gint64)now, r->cfg->clients[c].name, m + 1, ok);
}

static void rec_issued(void *d, SimTime now, uint32_t c, MdlOpType t)
{
    ((FleetRec *)d)->issued[c]++;
}

static void rec_request(void *d, SimTime now, uint32_t c, gboolean ok, SimTime lat,
                        uint32_t attempts)
{
    ((FleetRec *)d)->requests[c]++;
}

static void rec_fault(void *d, SimTime now, MdlFaultKind kind, uint32_t m, uint32_t c,
                      gboolean begins)
{
    FleetRec *r = d;
    if (c == MDL_NONE)
        return;
    if (begins)
        r->cut_from[c] = now;
    else
        r->cut_to[c] = now;
}

static void rec_done(void *d, SimTime now, uint32_t c, MdlOpType t, MdlOutcome o, SimTime lat)
{
    FleetRec *r = d;
    if (o != MDL_OUTCOME_OK)
        return;
    if (r->done_ok[c]++ == 0 || lat < r->lat_min[c])
        r->lat_min[c] = lat;
    if (lat > r->lat_max[c])
        r->lat_max[c] = lat;
}

static void rec_restart(void *d, SimTime now, uint32_t c)
{
    ((FleetRec *)d)->restarted[c] = now;
}

static const MdlObserverClass fleet_class = {
    .view = rec_view, .attempt = rec_attempt, .op_issued = rec_issued,
    .request_done = rec_request, .fault = rec_fault, .client_restart = rec_restart,
    .op_done = rec_done,
};

static ScnScenario *load(const char *yaml)
{
    GError *err = NULL;
    ScnScenario *s = scn_load_string(yaml, strlen(yaml), "fleet", NULL, &err);
    if (s == NULL) {
        CHECK_FAILF("scenario refused: %s", err->message);
        g_error_free(err);
    }
    return s;
}

static void run(const MdlConfig *c, uint64_t rep, FleetRec *r)
{
    MdlObserver obs = {&fleet_class, r};
    r->cfg = c;
    MdlGroup *g = mdl_group_new(c, sim_rng_replication_seed(c->seed, rep), &obs);
    mdl_group_set_checks(g, TRUE);
    mdl_group_run(g, c->duration);
    mdl_group_free(g);
}

/* ---- each group as alone ---- */

#define COMMON                                                                           \
    "hapgsim: 1\nseed: 5\nduration: 12h\nreplications: 1\nzones: [az-a, az-b]\n"          \
    "members:\n  defaults: {service: {read: {dist: deterministic, value: 10ms}}}\n"       \
    "  count: 2\n"                                                                        \
    "workload: {rate: 4, mix: {read: 1}}\n"                                               \
    "faults:\n"                                                                           \
    "  - {kind: power, target: hsm2, at: 10m, duration: 40m}\n"                           \
    "  - {kind: network, target: each-member, every: {dist: exponential, mean: 2h},\n"    \
    "     repair: {dist: exponential, mean: 6m}}\n"

#define PASSIVE                                                                          \
    "  - name: batch\n    count: 2\n    balancing: round-robin\n"                         \
    "    auto_recovery: {retry: 2, interval: 60s, mode: passive}\n"                       \
    "    workload: {rate: 3}\n"
#define ACTIVE                                                                           \
    "  - name: web\n    count: 2\n    balancing: round-robin\n    command_timeout: 5s\n"  \
    "    auto_recovery: {retry: -1, interval: 60s, mode: active}\n"

static void test_groups_as_alone(void)
{
    ScnScenario *mixed = load(COMMON "clients:\n" PASSIVE ACTIVE);
    ScnScenario *batch = load(COMMON "clients:\n" PASSIVE);
    ScnScenario *web = load(COMMON "clients:\n" ACTIVE);
    if (!mixed || !batch || !web)
        return;
    guint exhausted = 0, auto_rejoined = 0;
    for (uint64_t rep = 0; rep < 3; rep++) {
        const char *names[] = {"batch", "web"};
        ScnScenario *alone[] = {batch, web};
        for (int k = 0; k < 2; k++) {
            FleetRec a = {.trace = g_string_new(""), .only = names[k]};
            FleetRec b = {.trace = g_string_new(""), .only = names[k]};
            run(scn_scenario_config(mixed), rep, &a);
            run(scn_scenario_config(alone[k]), rep, &b);
            if (strcmp(a.trace->str, b.trace->str) != 0)
                CHECK_FAILF("replication %u: group %s in the mixed fleet:\n%s\nalone:\n%s",
                            (unsigned)rep, names[k], a.trace->str, b.trace->str);
            CHECK(a.trace->len > 0);
            char needle[32];
            g_snprintf(needle, sizeof needle, "->%d (%d)", MDL_VIEW_EXHAUSTED,
                       MDL_CAUSE_ATTEMPTS_USED_UP);
            if (k == 0 && strstr(a.trace->str, needle))
                exhausted++;
            g_snprintf(needle, sizeof needle, "(%d)", MDL_CAUSE_AUTO);
            if (k == 1 && strstr(a.trace->str, needle))
                auto_rejoined++;
            g_string_free(a.trace, TRUE);
            g_string_free(b.trace, TRUE);
        }
    }
    /* the comparison means something: the passive group ran out of attempts, the
     * active one came back by itself */
    CHECK(exhausted > 0);
    CHECK(auto_rejoined > 0);
    scn_scenario_free(mixed);
    scn_scenario_free(batch);
    scn_scenario_free(web);
}

/* ---- client:GROUP ---- */

static void test_fault_on_group(void)
{
    ScnScenario *s = load("hapgsim: 1\nduration: 2h\nreplications: 1\n"
                          "clients:\n  - {name: web, count: 3}\n  - {name: batch, count: 2}\n"
                          "faults:\n  - {kind: network, target: 'client:web', at: 1h, "
                          "duration: 5m}\n"
                          "actions:\n  - {at: 90m, do: client-restart, target: batch}\n");
    if (!s)
        return;
    const MdlConfig *c = scn_scenario_config(s);
    CHECK_INT_EQ(c->n_clients, 5);
    CHECK_INT_EQ(c->faults[0].target, MDL_TARGET_CLIENT_GROUP);
    FleetRec r = {.trace = g_string_new("")};
    run(c, 0, &r);
    for (uint32_t k = 0; k < c->n_clients; k++) {
        gboolean in_web = c->clients[k].group == 0;
        CHECK_INT_EQ(r.cut_from[k], in_web ? SIM_HOUR : 0);
        CHECK_INT_EQ(r.cut_to[k], in_web ? SIM_HOUR + 5 * SIM_MIN : 0);
    }
    CHECK_STR_EQ(c->clients[0].name, "web1");
    for (uint32_t k = 0; k < c->n_clients; k++)   /* client-restart of the group batch */
        CHECK_INT_EQ(r.restarted[k], c->clients[k].group == 1 ? 90 * SIM_MIN : 0);
    CHECK_STR_EQ(c->clients[4].name, "batch2");
    g_string_free(r.trace, TRUE);
    scn_scenario_free(s);
}

/* ---- open and closed loop side by side ---- */

static void test_open_and_closed(void)
{
    ScnScenario *s = load("hapgsim: 1\nduration: 10m\nreplications: 1\n"
                          "workload: {rate: 50}\n"
                          "clients:\n"
                          "  - {name: web, count: 2, workload: {threads: 3, "
                          "think: {dist: exponential, mean: 100ms}}}\n"
                          "  - {name: batch, count: 1}\n");
    if (!s)
        return;
    const MdlConfig *c = scn_scenario_config(s);
    CHECK_INT_EQ(c->groups[0].app.threads, 3);
    CHECK_INT_EQ(c->groups[1].app.threads, 0);
    CHECK(c->groups[1].rate == 50);              /* the top-level workload's */
    FleetRec r = {.trace = g_string_new("")};
    run(c, 0, &r);
    /* 3 threads of ~110 ms cycles: about 27 requests/s each client; batch: 50/s open */
    for (uint32_t k = 0; k < 2; k++) {
        CHECK(r.requests[k] > 0.8 * 600 * 3 / 0.11 && r.requests[k] < 1.2 * 600 * 3 / 0.11);
    }
    CHECK_INT_EQ(r.requests[2], 0);
    CHECK(fabs((double)r.issued[2] - 50 * 600) < 5 * sqrt(50 * 600));
    g_string_free(r.trace, TRUE);
    scn_scenario_free(s);
}

/* ---- a group's own service times ---- */

static void test_group_service(void)
{
    ScnScenario *s = load("hapgsim: 1\nduration: 10m\nreplications: 1\n"
                          "members:\n  defaults: {service: {read: {dist: deterministic, "
                          "value: 5ms}}}\n  count: 2\n"
                          "workload: {rate: 20}\n"
                          "clients:\n"
                          "  - {name: slow, count: 2, workload: {service: {read: "
                          "{dist: deterministic, value: 80ms}}}}\n"
                          "  - {name: fast, count: 1}\n");
    if (!s)
        return;
    const MdlConfig *c = scn_scenario_config(s);
    FleetRec r = {.trace = g_string_new("")};
    run(c, 0, &r);
    /* nothing queues (30 units, 60 operations/s): a read takes its service time */
    for (uint32_t k = 0; k < c->n_clients; k++) {
        SimTime want = c->clients[k].group == 0 ? 80 * SIM_MS : 5 * SIM_MS;
        CHECK(r.done_ok[k] > 10000);
        CHECK_INT_EQ(r.lat_min[k], want);
        CHECK_INT_EQ(r.lat_max[k], want);
    }
    g_string_free(r.trace, TRUE);
    scn_scenario_free(s);
}

/* ---- canonical print ---- */

static void test_print_round_trip(void)
{
    ScnScenario *s = load(COMMON "clients:\n" PASSIVE ACTIVE
                          "  - name: api\n    zone: az-b\n"
                          "    list: [{name: api-x}, {name: api-y, zone: az-a}]\n"
                          "    workload: {threads: 2, app_timeout: 2s, retries: 1, "
                          "slo: 200ms, mix: {read: 0.5, create: 0.5},\n"
                          "               service: {create: {dist: exponential, mean: 2s}}}\n");
    if (!s)
        return;
    char *p = scn_scenario_print(s);
    ScnScenario *t = load(p);
    if (t) {
        CHECK(scn_config_equal(scn_scenario_config(s), scn_scenario_config(t)));
        char *q = scn_scenario_print(t);
        CHECK_STR_EQ(q, p);
        g_free(q);
        const MdlConfig *c = scn_scenario_config(t);
        CHECK_INT_EQ(c->n_groups, 3);
        CHECK_INT_EQ(c->n_clients, 6);
        CHECK_INT_EQ(c->clients[4].zone, 1);        /* api-x: the group's zone */
        CHECK_INT_EQ(c->clients[5].zone, 0);
        CHECK(c->groups[2].app.slo == 200 * SIM_MS);
        CHECK(c->groups[0].retry == 2 && c->groups[1].retry == -1);
        scn_scenario_free(t);
    }
    g_free(p);
    scn_scenario_free(s);
}

static CU_TestInfo tests[] = {
    {"a passive and an active group each behave exactly as alone", test_groups_as_alone},
    {"client:GROUP cuts every client of the group, and no other; client-restart of a group",
     test_fault_on_group},
    {"a closed-loop and an open-loop group side by side", test_open_and_closed},
    {"a group's service times replace the members' for its operations", test_group_service},
    {"the canonical print of a mixed fleet loads back the same", test_print_round_trip},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("fleet", tests)
