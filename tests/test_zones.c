/* tests/test_zones.c - zones for clients (issue 11): a zone's power fault takes down the
 * application hosts in it (they restart without their pending sets), a zone's network
 * fault partitions the network between zones, both ways, in both workload modes. */
#include "check.h"
#include "model_util.h"

#include "analysis/replicate.h"
#include "analysis/trace.h"

#include <math.h>

static double value(const AnaRun *run, guint rep, const char *name)
{
    int i = ana_metric_set_find(run->metrics, name);
    g_assert(i >= 0);
    return ana_run_value(run, rep, (guint)i);
}

static void set_zones(MdlConfig *c, const char *a, const char *b)
{
    for (uint32_t i = 0; i < c->n_zones; i++)
        g_free(c->zones[i]);
    g_free(c->zones);
    c->n_zones = 2;
    c->zones = g_new0(char *, 2);
    c->zones[0] = g_strdup(a);
    c->zones[1] = g_strdup(b);
}

/* ---- power: the clients of the zone go off and lose their pending sets -------------- */

/* Zones A and B; hsm1 in A, hsm2 and hsm3 in B; the client in A.  hsm2 is cut off
 * 100-200 s: detected, exhausted (no retries), it stays out of rotation (the operator
 * is very slow) while the client's creates fill its pending set.  Zone A loses power
 * 300-350 s: hsm1 and the client's host go off.  A resync of every member at 500 s. */
static MdlConfig *pending_then_zone_power(MdlWorkloadMode mode)
{
    MdlConfig *c = tm_config(3, 20, 700);
    set_zones(c, "A", "B");
    c->members[0].zone = 0;
    c->members[1].zone = 1;
    c->members[2].zone = 1;
    c->clients[0].zone = 0;
    tm_mix(c, 0.5, 0.5, 0);
    c->initial_objects = 10;
    c->retry = 0;
    c->seed = 3;
    c->workload_mode = mode;
    c->operator_response = sim_dist_deterministic(1e7);
    tm_scheduled(c, MDL_FAULT_NETWORK, MDL_TARGET_MEMBER, 1, 100, 100);
    tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_ZONE, 0, 300, 50);
    tm_action(c, 500, MDL_ACTION_RESYNC, MDL_NONE);
    return c;
}

static void test_zone_power_drops_pending(void)
{
    for (int fluid = 0; fluid < 2; fluid++) {
        MdlConfig *c = pending_then_zone_power(fluid ? MDL_WORKLOAD_FLUID : MDL_WORKLOAD_OPERATIONS);
        MdlGroup *g = mdl_group_new(c, 1, NULL);
        mdl_group_set_checks(g, TRUE);
        mdl_group_run(g, 299 * SIM_SEC);
        /* hsm2 is out of rotation with its pending set */
        CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_EXHAUSTED);
        uint64_t pending = mdl_group_pending(g, 0, 1);
        if (pending == 0)
            CHECK_FAILF("mode %d: hsm2 has no pending set before the zone power fault", fluid);
        mdl_group_run(g, 320 * SIM_SEC);
        /* the host is off: its pending sets went with it; hsm1 is off too */
        CHECK_UINT_EQ(mdl_group_pending(g, 0, 1), 0);
        CHECK(mdl_group_phys(g, 0) == MDL_PHYS_POWERED_OFF);
        CHECK(mdl_group_phys(g, 1) == MDL_PHYS_UP);
        mdl_group_run(g, 360 * SIM_SEC);
        /* restarted: hsm2 taken as it is, back in rotation, out of step */
        CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_ACTIVE);
        CHECK_UINT_EQ(mdl_group_pending(g, 0, 1), 0);
        uint64_t missing = mdl_group_member_missing(g, 1);
        if (missing == 0)
            CHECK_FAILF("mode %d: hsm2 is not out of step after the restart", fluid);
        mdl_group_run(g, 499 * SIM_SEC);
        CHECK(mdl_group_member_missing(g, 1) >= missing);   /* still, until the resync */
        mdl_group_run(g, c->duration);
        CHECK(mdl_group_member_missing(g, 1) <= 1);         /* at most a write in flight */
        mdl_group_free(g);

        /* the consistency figures show it: out of sync from the restart to the resync */
        AnaRunOptions o = {.jobs = 2};
        AnaRun *run = ana_run_replications(c, 0, 2, &o);
        for (guint r = 0; r < 2; r++) {
            double s = value(run, r, "consistency.in_sync_time");
            if (!(s < 1 - 140.0 / 700 && s > 0.3))
                CHECK_FAILF("mode %d replication %u: in_sync_time %g", fluid, r, s);
        }
        ana_run_free(run);
        mdl_config_free(c);
    }
}

/* Without the zone power fault the pending set is replayed when the operator brings
 * hsm2 back: the control for the test above (operator at 400 s, no resync). */
static void test_pending_replayed_without_zone_power(void)
{
    MdlConfig *c = pending_then_zone_power(MDL_WORKLOAD_OPERATIONS);
    c->n_faults = 1;                                      /* only hsm2's network fault */
    c->n_actions = 0;
    tm_action(c, 400, MDL_ACTION_RECOVER, 1);
    MdlGroup *g = mdl_group_new(c, 1, NULL);
    mdl_group_set_checks(g, TRUE);
    mdl_group_run(g, 399 * SIM_SEC);
    CHECK(mdl_group_pending(g, 0, 1) > 0);
    mdl_group_run(g, 480 * SIM_SEC);       /* the synchronization takes about 67 s */
    CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_ACTIVE);
    CHECK(mdl_group_member_missing(g, 1) <= 1);
    mdl_group_free(g);
    mdl_config_free(c);
}

/* A client whose host is off issues nothing and is not failed by the group: records
 * what it issues and its power. */
typedef struct {
    TmRec rec;
    SimTime off_at, on_at;
    uint64_t issued_while_off;
    gboolean off;
} PowerRec;

static void pr_issued(void *d, SimTime now, uint32_t c, MdlOpType t)
{
    PowerRec *p = d;
    if (p->off)
        p->issued_while_off++;
    tm_op_issued(&p->rec, now, c, t);
}

static void pr_power(void *d, SimTime now, uint32_t c, gboolean on)
{
    PowerRec *p = d;
    p->off = !on;
    if (on)
        p->on_at = now;
    else
        p->off_at = now;
}

static void test_zone_power_stops_client(void)
{
    static const MdlObserverClass k = {.op_issued = pr_issued, .client_power = pr_power};
    for (int closed = 0; closed < 2; closed++) {
        MdlConfig *c = tm_config(2, 50, 200);
        set_zones(c, "A", "B");
        c->members[0].zone = 0;
        c->members[1].zone = 1;
        c->clients[0].zone = 0;
        if (closed) {
            c->rate = 0;
            c->app.threads = 4;
            c->app.think = sim_dist_exponential(0.05);
        }
        tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_ZONE, 0, 50, 30);
        PowerRec p = {0};
        tm_rec_init(&p.rec);
        MdlObserver obs = {&k, &p};
        MdlGroup *g = mdl_group_new(c, 1, &obs);
        mdl_group_set_checks(g, TRUE);
        mdl_group_run(g, c->duration);
        CHECK(p.off_at == 50 * SIM_SEC && p.on_at == 80 * SIM_SEC);
        CHECK_UINT_EQ(p.issued_while_off, 0);
        CHECK(p.rec.issued > 100 * 50 * 0.8);              /* it works before and after */
        /* after the restart it serves from hsm2, then hsm1 (back at 80 s, boot 0) */
        CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_ACTIVE);
        mdl_group_free(g);
        tm_rec_clear(&p.rec);

        /* availability.time leaves the 30 s off out: the group never failed it */
        AnaRunOptions o = {.jobs = 2};
        AnaRun *run = ana_run_replications(c, 0, 2, &o);
        for (guint r = 0; r < 2; r++) {
            CHECK(value(run, r, "availability.time") == 1.0);
            CHECK(value(run, r, "outage.count") == 0);
        }
        ana_run_free(run);
        mdl_config_free(c);
    }
}

/* ---- network: a partition between zones, both ways ---------------------------------- */

/* Zones A and B, hsm1 in A and hsm2 in B; app1 in A, app2 in B, app3 in no zone.
 * Zone A's network fails 100-400 s. */
static MdlConfig *partition(MdlWorkloadMode mode)
{
    MdlConfig *c = tm_config(2, 20, 600);
    set_zones(c, "A", "B");
    c->members[0].zone = 0;
    c->members[1].zone = 1;
    mdl_config_set_client_count(c, 3);
    c->clients[0].zone = 0;
    c->clients[1].zone = 1;
    c->clients[2].zone = MDL_NONE;
    tm_mix(c, 0.8, 0.2, 0);
    c->initial_objects = 10;
    c->seed = 11;
    c->workload_mode = mode;
    tm_scheduled(c, MDL_FAULT_NETWORK, MDL_TARGET_ZONE, 0, 100, 300);
    return c;
}

static void test_zone_partition(void)
{
    for (int fluid = 0; fluid < 2; fluid++) {
        MdlConfig *c = partition(fluid ? MDL_WORKLOAD_FLUID : MDL_WORKLOAD_OPERATIONS);
        MdlGroup *g = mdl_group_new(c, 1, NULL);
        mdl_group_set_checks(g, TRUE);
        mdl_group_run(g, 200 * SIM_SEC);
        /* both members keep running: each zone's clients reach theirs */
        CHECK(mdl_group_phys(g, 0) == MDL_PHYS_UP && mdl_group_phys(g, 1) == MDL_PHYS_UP);
        CHECK(mdl_group_view(g, 0, 0) == MDL_VIEW_ACTIVE);   /* app1: hsm1 */
        CHECK(mdl_group_view(g, 0, 1) != MDL_VIEW_ACTIVE);   /* app1 lost hsm2 */
        CHECK(mdl_group_view(g, 1, 0) != MDL_VIEW_ACTIVE);   /* app2 lost hsm1 */
        CHECK(mdl_group_view(g, 1, 1) == MDL_VIEW_ACTIVE);
        CHECK(mdl_group_view(g, 2, 0) != MDL_VIEW_ACTIVE);   /* no zone: outside A */
        CHECK(mdl_group_view(g, 2, 1) == MDL_VIEW_ACTIVE);
        mdl_group_run(g, c->duration);
        for (uint32_t k = 0; k < 3; k++)                      /* all back (active probes) */
            for (uint32_t m = 0; m < 2; m++)
                CHECK(mdl_group_view(g, k, m) == MDL_VIEW_ACTIVE);
        mdl_group_free(g);

        /* every client keeps a member on its side: availability exactly 1, and each
         * lost the member across the cut (a failover or an attempt) */
        AnaRunOptions o = {.jobs = 2};
        AnaRun *run = ana_run_replications(c, 0, 3, &o);
        for (guint r = 0; r < 3; r++) {
            CHECK(value(run, r, "availability.time") == 1.0);
            CHECK(value(run, r, "outage.count") == 0);
            CHECK(value(run, r, "member.hsm1.uptime") == 1.0);
            CHECK(value(run, r, "member.hsm2.uptime") == 1.0);
            CHECK(value(run, r, "recovery.auto") == 1.0);   /* per client: each got its lost member back */
        }
        ana_run_free(run);
        mdl_config_free(c);
    }
}

/* Only the clients of the cut zone: the members elsewhere lose every client
 * (isolated), the zone's own members serve on. */
static void test_partition_all_clients_inside(void)
{
    MdlConfig *c = partition(MDL_WORKLOAD_OPERATIONS);
    mdl_config_set_client_count(c, 1);
    c->clients[0].zone = 0;
    MdlGroup *g = mdl_group_new(c, 1, NULL);
    mdl_group_set_checks(g, TRUE);
    mdl_group_run(g, 200 * SIM_SEC);
    CHECK(mdl_group_phys(g, 0) == MDL_PHYS_UP);
    CHECK(mdl_group_phys(g, 1) == MDL_PHYS_ISOLATED);
    mdl_group_free(g);
    mdl_config_free(c);
}

/* No client in the cut zone: as before zones had clients, its members are isolated
 * from every client, and the run is the one with the clients in no zone at all. */
static void test_partition_without_clients_inside(void)
{
    MdlConfig *c = partition(MDL_WORKLOAD_OPERATIONS);
    c->clients[0].zone = 1;                               /* nobody in A */
    TmRec a, b;
    tm_rec_init(&a);
    tm_rec_init(&b);
    MdlGroup *g = tm_run(c, 1, &a);
    CHECK(mdl_group_phys(g, 0) == MDL_PHYS_UP);          /* back at the end */
    mdl_group_free(g);
    for (uint32_t k = 0; k < 3; k++)
        c->clients[k].zone = MDL_NONE;
    g = tm_run(c, 1, &b);
    mdl_group_free(g);
    CHECK(a.views->len == b.views->len &&
          tm_views_equal((TmView *)(void *)a.views->data, (TmView *)(void *)b.views->data, a.views->len));
    CHECK(a.issued == b.issued && tm_ended(&a) == tm_ended(&b));
    tm_rec_clear(&a);
    tm_rec_clear(&b);
    mdl_config_free(c);
}

/* Fluid and operations modes agree on the partition's figures. */
static void test_partition_modes_agree(void)
{
    AnaRunOptions o = {.jobs = 2};
    double fo[2], aut[2];
    for (int fluid = 0; fluid < 2; fluid++) {
        MdlConfig *c = partition(fluid ? MDL_WORKLOAD_FLUID : MDL_WORKLOAD_OPERATIONS);
        c->duration = 3000 * SIM_SEC;
        c->n_faults = 0;
        MdlFaultConfig *f = tm_fault(c, MDL_FAULT_NETWORK, MDL_TARGET_EACH_ZONE, MDL_NONE);
        f->every = sim_dist_exponential(200);
        f->repair = sim_dist_exponential(50);
        AnaRun *run = ana_run_replications(c, 0, 8, &o);
        double s = 0, a = 0;
        for (guint r = 0; r < 8; r++) {
            CHECK(value(run, r, "member.hsm1.uptime") == 1.0);
            s += value(run, r, "availability.time");
            a += value(run, r, "recovery.auto");
        }
        fo[fluid] = s / 8;
        aut[fluid] = a / 8;
        ana_run_free(run);
        mdl_config_free(c);
    }
    /* a client in no zone loses both members when both zones are cut: the same
     * availability in both modes, and as many recoveries within 15 % */
    if (fabs(fo[0] - fo[1]) > 0.01)
        CHECK_FAILF("availability.time: operations %g, fluid %g", fo[0], fo[1]);
    if (fabs(aut[0] - aut[1]) > 0.15 * aut[0])
        CHECK_FAILF("recovery.auto: operations %g, fluid %g", aut[0], aut[1]);
}

/* Splitting: a copy made during the partition, and one made while a host is off, carry
 * that state: they go on from it (the clients come back, the cut heals) with the
 * invariants checked after every event. */
static void test_clone_carries_zones(void)
{
    for (int fluid = 0; fluid < 2; fluid++) {
        MdlConfig *c = partition(fluid ? MDL_WORKLOAD_FLUID : MDL_WORKLOAD_OPERATIONS);
        tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_ZONE, 1, 450, 60);   /* zone B */
        MdlGroup *g = mdl_group_new(c, 1, NULL);
        mdl_group_set_checks(g, TRUE);
        mdl_group_run(g, 200 * SIM_SEC);
        MdlGroup *cut = mdl_group_clone(g, NULL, 77);
        mdl_group_set_checks(cut, TRUE);
        CHECK(mdl_group_view(cut, 1, 0) != MDL_VIEW_ACTIVE);   /* app2 lost hsm1 */
        CHECK(mdl_group_phys(cut, 0) == MDL_PHYS_UP);
        CHECK(mdl_group_importance(cut, MDL_IMPORTANCE_OUTAGE) == 1);
        mdl_group_run(g, 480 * SIM_SEC);
        MdlGroup *off = mdl_group_clone(g, NULL, 78);
        mdl_group_set_checks(off, TRUE);
        CHECK(mdl_group_phys(off, 1) == MDL_PHYS_POWERED_OFF);
        MdlGroup *all[] = {g, cut, off};
        for (int k = 0; k < 3; k++) {
            mdl_group_run(all[k], c->duration);
            for (uint32_t cl = 0; cl < 3; cl++)
                if (mdl_group_view(all[k], cl, 0) != MDL_VIEW_ACTIVE)
                    CHECK_FAILF("mode %d copy %d: client %u has not got hsm1 back", fluid, k, cl);
            mdl_group_free(all[k]);
        }
        mdl_config_free(c);
    }
}

/* trace: the hosts' power and the closed loop's requests (none in the open loop) */
static void test_trace_events(void)
{
    for (int closed = 0; closed < 2; closed++) {
        MdlConfig *c = tm_config(2, 50, 100);
        set_zones(c, "A", "B");
        c->members[0].zone = 0;
        c->members[1].zone = 1;
        c->clients[0].zone = 0;
        if (closed) {
            c->rate = 0;
            c->app.threads = 2;
            c->app.think = sim_dist_exponential(0.05);
            c->app.app_timeout = 20 * SIM_MS;
            c->app.retries = 1;
            c->app.backoff = 10 * SIM_MS;
            c->members[1].service[MDL_OP_READ] = sim_dist_exponential(0.02);
            c->members[1].has_service[MDL_OP_READ] = TRUE;
        }
        tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_ZONE, 0, 50, 30);
        AnaTrace *t = ana_trace_new(c);
        MdlObserver obs = ana_trace_observer(t);
        MdlGroup *g = mdl_group_new(c, 1, &obs);
        mdl_group_run(g, c->duration);
        const char *text = ana_trace_text(t)->str;
        CHECK_CONTAINS(text, "\"event\": \"client_power_off\", \"client\": \"app1\"}");
        CHECK_CONTAINS(text, "\"event\": \"client_power_on\", \"client\": \"app1\"}");
        CHECK_CONTAINS(text, "\"event\": \"client_restart\"");
        if (closed) {
            CHECK_CONTAINS(text, "\"event\": \"request_issued\", \"client\": \"app1\", \"thread\": 1, \"type\": \"read\"}");
            CHECK_CONTAINS(text, "\"event\": \"request_done\", \"client\": \"app1\", \"attempts\": 1");
            CHECK_CONTAINS(text, "\"event\": \"request_timeout\"");
            CHECK_CONTAINS(text, "\"event\": \"request_retry\"");
        } else {
            CHECK(strstr(text, "request_") == NULL);
        }
        mdl_group_free(g);
        ana_trace_free(t);
        mdl_config_free(c);
    }
}

static CU_TestInfo tests[] = {
    {"zone client faults drop the pending sets (both modes)", test_zone_power_drops_pending},
    {"control: without the zone power fault the pending set is replayed",
     test_pending_replayed_without_zone_power},
    {"a client whose host is off issues nothing and is not counted failed",
     test_zone_power_stops_client},
    {"zone partition: each side serves from its own members (both modes)", test_zone_partition},
    {"zone partition with every client inside: the rest is isolated",
     test_partition_all_clients_inside},
    {"zone partition with no client inside: as with no client zones",
     test_partition_without_clients_inside},
    {"zone partitions: fluid and operations modes agree", test_partition_modes_agree},
    {"splitting copies carry partitions and hosts that are off", test_clone_carries_zones},
    {"trace: hosts' power, closed-loop requests", test_trace_events},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("zones", tests)
