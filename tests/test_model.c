/* tests/test_model.c - the HA partition group model's behaviour (MODEL.md 1.2-1.6).
 *
 * Each test builds a configuration in code, runs one replication and checks what the
 * model reported against what the rules say must happen, to the nanosecond where the
 * rules are exact.  The statistical checks against closed forms are in
 * test_science.c. */
#include "check.h"
#include "model_util.h"
#include "models/world.h"
#include "models/estimate.h"

/* issued = ended + in flight, for a run */
static void check_conservation(const char *label, const TmRec *r, const MdlGroup *g)
{
    uint64_t ended = tm_ended(r), flight = mdl_group_in_flight(g);
    if (r->issued != ended + flight)
        CHECK_FAILF("%s: issued %llu != ended %llu + in flight %llu", label,
                    (unsigned long long)r->issued, (unsigned long long)ended,
                    (unsigned long long)flight);
    else
        CU_PASS(label);
}

static const TmView *find_view(const TmRec *r, uint32_t member, MdlView to, guint nth)
{
    for (guint i = 0; i < r->views->len; i++) {
        const TmView *v = &g_array_index(r->views, TmView, i);
        if (v->member == member && v->to == to && nth-- == 0)
            return v;
    }
    return NULL;
}

static guint count_attempts(const TmRec *r, uint32_t member)
{
    guint n = 0;
    for (guint i = 0; i < r->attempts->len; i++)
        n += g_array_index(r->attempts, TmAttempt, i).member == member;
    return n;
}

/* Every balancing policy, both recovery modes, both mirroring modes, every fault kind:
 * no operation is created or lost by the bookkeeping. */
static void test_conservation(void)
{
    for (int bal = 0; bal < 4; bal++) {
        for (int mode = 0; mode < 2; mode++) {
            for (int mirror = 0; mirror < 2; mirror++) {
                MdlConfig *c = tm_config(3, 80, 2 * 3600);
                c->balancing = (MdlBalancing)bal;
                c->recovery_mode = (MdlRecoveryMode)mode;
                c->mirror_mode = (MdlMirrorMode)mirror;
                c->min_copies = 2;
                tm_mix(c, 0.8, 0.15, 0.05);
                c->operator_response = sim_dist_exponential(600);
                c->members[1].queue_limit = 3;
                c->members[1].concurrency = 2;
                MdlFaultKind kinds[] = {MDL_FAULT_POWER, MDL_FAULT_NETWORK, MDL_FAULT_TAMPER,
                                        MDL_FAULT_ZEROIZE, MDL_FAULT_REBOOT};
                for (int k = 0; k < 5; k++) {
                    MdlFaultConfig *f = tm_fault(c, kinds[k], MDL_TARGET_EACH_MEMBER, 0);
                    f->every = sim_dist_exponential(k == 2 || k == 3 ? 14400 : 2400);
                    f->repair = sim_dist_exponential(120);
                }
                for (uint32_t m = 0; m < 3; m++)
                    c->members[m].reinit_time = 600 * SIM_SEC;
                MdlFaultConfig *f = tm_fault(c, MDL_FAULT_NETWORK, MDL_TARGET_CLIENT, 0);
                f->every = sim_dist_exponential(1800);
                f->repair = sim_dist_exponential(30);
                tm_action(c, 3000, MDL_ACTION_CLIENT_RESTART, MDL_NONE);
                tm_action(c, 4000, MDL_ACTION_RESYNC, MDL_NONE);
                tm_action(c, 5000, MDL_ACTION_RECOVER, MDL_NONE);
                TmRec r;
                tm_rec_init(&r);
                MdlGroup *g = tm_run(c, (uint64_t)(bal * 4 + mode * 2 + mirror), &r);
                char label[64];
                g_snprintf(label, sizeof label, "balancing %d mode %d mirror %d", bal, mode, mirror);
                check_conservation(label, &r, g);
                CHECK(r.issued > 100000);
                if (r.outcome[MDL_OUTCOME_OK] < r.issued / 4)
                    CHECK_FAILF("%s: %llu ok of %llu (no member %llu, not found %llu, rejected %llu, aborted %llu)",
                                label, (unsigned long long)r.outcome[0], (unsigned long long)r.issued,
                                (unsigned long long)r.outcome[1], (unsigned long long)r.outcome[2],
                                (unsigned long long)r.outcome[3], (unsigned long long)r.outcome[4]);
                mdl_group_free(g);
                tm_rec_clear(&r);
                mdl_config_free(c);
            }
        }
    }
}

/* retry 3, active mode: three failed attempts at detection + 60, + 120, + 180 s, and
 * the view is exhausted at the third. */
static void test_exhaustion_active(void)
{
    MdlConfig *c = tm_config(2, 50, 1000);
    c->retry = 3;
    c->interval = 60 * SIM_SEC;
    tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 1, 100, 86400);
    c->operator_response = sim_dist_deterministic(1e7);
    TmRec r;
    tm_rec_init(&r);
    MdlGroup *g = tm_run(c, 0, &r);
    const TmView *failed = find_view(&r, 1, MDL_VIEW_FAILED, 0);
    const TmView *ex = find_view(&r, 1, MDL_VIEW_EXHAUSTED, 0);
    CHECK(failed != NULL && ex != NULL);
    if (failed && ex) {
        CHECK(failed->cause == MDL_CAUSE_DETECTED);
        /* detected command_timeout after the failure or after the first send that followed */
        CHECK(failed->t >= 105 * SIM_SEC && failed->t < 106 * SIM_SEC);
        CHECK_UINT_EQ(count_attempts(&r, 1), 3);
        for (guint i = 0; i < r.attempts->len; i++) {
            const TmAttempt *a = &g_array_index(r.attempts, TmAttempt, i);
            CHECK_INT_EQ(a->t, failed->t + (SimTime)(i + 1) * 60 * SIM_SEC);
            CHECK(!a->ok);
        }
        CHECK_INT_EQ(ex->t, failed->t + 180 * SIM_SEC);
        CHECK(ex->cause == MDL_CAUSE_ATTEMPTS_USED_UP);
    }
    CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_EXHAUSTED);
    check_conservation("exhaustion active", &r, g);
    mdl_group_free(g);
    tm_rec_clear(&r);
    mdl_config_free(c);
}

/* retry 2, passive mode: an attempt rides on the first call at least `interval` after
 * detection, then after the previous attempt's start; the view changes when the
 * attempt's cost has elapsed. */
static void test_exhaustion_passive(void)
{
    MdlConfig *c = tm_config(2, 50, 1000);
    c->retry = 2;
    c->recovery_mode = MDL_RECOVERY_PASSIVE;
    c->attempt_cost = 2 * SIM_SEC;
    tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 1, 100, 86400);
    c->operator_response = sim_dist_deterministic(1e7);
    TmRec r;
    tm_rec_init(&r);
    MdlGroup *g = tm_run(c, 1, &r);
    const TmView *failed = find_view(&r, 1, MDL_VIEW_FAILED, 0);
    const TmView *ex = find_view(&r, 1, MDL_VIEW_EXHAUSTED, 0);
    CHECK(failed != NULL && ex != NULL);
    CHECK_UINT_EQ(count_attempts(&r, 1), 2);
    if (failed && ex && r.attempts->len == 2) {
        const TmAttempt *a1 = &g_array_index(r.attempts, TmAttempt, 0);
        const TmAttempt *a2 = &g_array_index(r.attempts, TmAttempt, 1);
        CHECK(a1->t >= failed->t + 60 * SIM_SEC && a1->t < failed->t + 61 * SIM_SEC);
        CHECK(a2->t >= a1->t + 60 * SIM_SEC && a2->t < a1->t + 61 * SIM_SEC);
        CHECK_INT_EQ(ex->t, a2->t + 2 * SIM_SEC);
    }
    mdl_group_free(g);
    tm_rec_clear(&r);
    mdl_config_free(c);
}

/* retry 0 (autoRecovery off) and a group of one member: straight to exhausted. */
static void test_no_automatic_path(void)
{
    for (int one = 0; one < 2; one++) {
        MdlConfig *c = tm_config(one ? 1 : 2, 50, 600);
        c->retry = one ? -1 : 0;
        tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 0, 100, 50);
        c->operator_response = sim_dist_deterministic(1e7);
        TmRec r;
        tm_rec_init(&r);
        MdlGroup *g = tm_run(c, 2, &r);
        const TmView *failed = find_view(&r, 0, MDL_VIEW_FAILED, 0);
        const TmView *ex = find_view(&r, 0, MDL_VIEW_EXHAUSTED, 0);
        CHECK(failed && ex && ex->t == failed->t);
        CHECK_UINT_EQ(r.attempts->len, 0);
        CHECK(mdl_group_view(g, 0, 0) == MDL_VIEW_EXHAUSTED);   /* the member is long back */
        mdl_group_free(g);
        tm_rec_clear(&r);
        mdl_config_free(c);
    }
}

/* An idle client makes no call, so in passive mode it never attempts a recovery; in
 * active mode the probes go on without calls. */
static void test_passive_never_on_idle_client(void)
{
    for (int active = 0; active < 2; active++) {
        MdlConfig *c = tm_config(2, 0, 86400);
        c->recovery_mode = active ? MDL_RECOVERY_ACTIVE : MDL_RECOVERY_PASSIVE;
        TmRec r;
        tm_rec_init(&r);
        MdlObserver obs = {&tm_class, &r};
        MdlGroup *g = mdl_group_new(c, 3, &obs);
        mdl_group_set_checks(g, TRUE);   /* invariants after every event */
        mdl_group_run(g, 10 * SIM_SEC);
        /* as if the client had detected a failure of hsm2 at 10 s (its application then
         * fell silent): give it an unanswered operation there */
        uint32_t op = mdl_op_new(g, 0, MDL_OP_READ, 0);
        g->members[1].phys = MDL_PHYS_POWERED_OFF;         /* unreachable, for this send */
        mdl_op_send(g, op, 1, MDL_OP_READ);
        g->members[1].phys = MDL_PHYS_UP;                  /* and up again at once */
        mdl_group_run(g, c->duration);
        const TmView *failed = find_view(&r, 1, MDL_VIEW_FAILED, 0);
        CHECK(failed != NULL && failed->t == 15 * SIM_SEC);
        if (active) {
            CHECK_UINT_EQ(count_attempts(&r, 1), 1);
            CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_ACTIVE);
        } else {
            CHECK_UINT_EQ(count_attempts(&r, 1), 0);
            CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_FAILED);
        }
        mdl_group_free(g);
        tm_rec_clear(&r);
        mdl_config_free(c);
    }
}

/* A member not reachable when the client starts is absent: autoRecovery never brings
 * it in; the operator does. */
static void test_absent_at_start(void)
{
    for (int operator_2h = 0; operator_2h < 2; operator_2h++) {
        MdlConfig *c = tm_config(2, 20, 86400);
        tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 1, 0, 3600);
        c->operator_response = sim_dist_deterministic(operator_2h ? 7200 : 1e7);
        TmRec r;
        tm_rec_init(&r);
        MdlGroup *g = tm_run(c, 4, &r);
        CHECK_UINT_EQ(count_attempts(&r, 1), 0);
        if (operator_2h) {
            const TmView *back = find_view(&r, 1, MDL_VIEW_ACTIVE, 0);
            CHECK(back && back->t == 7200 * SIM_SEC && back->cause == MDL_CAUSE_MANUAL &&
                  back->from == MDL_VIEW_ABSENT);
            CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_ACTIVE);
        } else {
            CHECK(find_view(&r, 1, MDL_VIEW_ACTIVE, 0) == NULL);
            CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_ABSENT);
        }
        mdl_group_free(g);
        tm_rec_clear(&r);
        mdl_config_free(c);
    }
}

/* A scheduled isolation of hsm3: without synchronize it rejoins lacking exactly the
 * objects created while it was out (its pending set); with synchronize it first
 * receives them, in sync.base + per_object x missed, then is active and complete. */
static void test_isolation_divergence_and_sync(void)
{
    for (int sync = 0; sync < 2; sync++) {
        MdlConfig *c = tm_config(3, 50, 1200);
        tm_mix(c, 0.5, 0.5, 0);
        c->synchronize = sync;
        c->sync_base = 3 * SIM_SEC;
        c->sync_per_object = 10 * SIM_MS;
        tm_scheduled(c, MDL_FAULT_NETWORK, MDL_TARGET_MEMBER, 2, 100, 200);
        TmRec r;
        tm_rec_init(&r);
        MdlGroup *g = tm_run(c, 5, &r);
        const TmView *failed = find_view(&r, 2, MDL_VIEW_FAILED, 0);
        CHECK(failed != NULL);
        /* creates still cloning at the end lack copies that no pending set holds */
        uint64_t flight = mdl_group_in_flight(g);
        if (!sync) {
            uint64_t pending = mdl_group_pending(g, 0, 2), missing = mdl_group_member_missing(g, 2);
            CHECK(pending > 1000);
            if (missing < pending || missing > pending + flight)
                CHECK_FAILF("missing %llu, pending %llu, in flight %llu", (unsigned long long)missing,
                            (unsigned long long)pending, (unsigned long long)flight);
            CHECK(mdl_group_view(g, 0, 2) == MDL_VIEW_ACTIVE);
            CHECK_UINT_EQ(r.syncs->len, 0);
        } else {
            CHECK_UINT_EQ(r.syncs->len, 1);
            const TmView *syncing = find_view(&r, 2, MDL_VIEW_SYNCING, 0);
            const TmView *active = find_view(&r, 2, MDL_VIEW_ACTIVE, 1);   /* [0] is the start */
            if (r.syncs->len == 1 && syncing && active) {
                const TmSync *s = &g_array_index(r.syncs, TmSync, 0);
                CHECK(s->objects > 1000);
                CHECK_INT_EQ(s->duration, 3 * SIM_SEC + (SimTime)s->objects * 10 * SIM_MS);
                CHECK_INT_EQ(syncing->t, s->t);
                CHECK_INT_EQ(active->t, s->t + s->duration);
                CHECK(active->cause == MDL_CAUSE_SYNCED);
            }
            CHECK(mdl_group_member_missing(g, 2) <= flight);
            CHECK_UINT_EQ(mdl_group_pending(g, 0, 2), 0);
        }
        for (uint32_t m = 0; m < 2; m++)
            CHECK(mdl_group_member_missing(g, m) <= flight);
        check_conservation("isolation", &r, g);
        mdl_group_free(g);
        tm_rec_clear(&r);
        mdl_config_free(c);
    }
}

/* A synchronization whose end lies beyond the run (sync.per_object x objects saturates
 * at SIM_TIME_MAX): it never completes within it -- the member stays syncing, receiving
 * the new writes -- and the run costs what the same run with a short synchronization
 * does: no event is re-scheduled for ever, the clock reaches the end. */
static void test_sync_beyond_the_run(void)
{
    uint64_t events[2] = {0, 0};
    for (int huge = 0; huge < 2; huge++) {
        MdlConfig *c = tm_config(3, 50, 1200);
        tm_mix(c, 0.5, 0.5, 0);
        c->synchronize = TRUE;
        c->sync_base = 3 * SIM_SEC;
        c->sync_per_object = huge ? SIM_YEAR : 10 * SIM_MS;
        tm_scheduled(c, MDL_FAULT_NETWORK, MDL_TARGET_MEMBER, 2, 100, 200);
        TmRec r;
        tm_rec_init(&r);
        MdlGroup *g = tm_run(c, 5, &r);
        CHECK_INT_EQ(mdl_group_now(g), c->duration);
        CHECK_UINT_EQ(r.syncs->len, 1);
        if (huge) {
            if (r.syncs->len == 1) {
                const TmSync *s = &g_array_index(r.syncs, TmSync, 0);
                CHECK(s->objects > 1000);          /* 1000 years: beyond 292 */
                CHECK_INT_EQ(s->duration, SIM_TIME_MAX);
            }
            CHECK(mdl_group_view(g, 0, 2) == MDL_VIEW_SYNCING);
            CHECK(find_view(&r, 2, MDL_VIEW_ACTIVE, 1) == NULL);   /* [0] is the start */
        } else {
            CHECK(mdl_group_view(g, 0, 2) == MDL_VIEW_ACTIVE);
        }
        events[huge] = mdl_group_events(g);
        check_conservation("sync beyond the run", &r, g);
        mdl_group_free(g);
        tm_rec_clear(&r);
        mdl_config_free(c);
    }
    /* the same workload either way: within a tenth (routing differs once the
     * short synchronization makes the member active again) */
    if (events[1] > events[0] + events[0] / 10 || events[1] < 1000)
        CHECK_FAILF("%llu events with a synchronization beyond the run, %llu without",
                    (unsigned long long)events[1], (unsigned long long)events[0]);
    else
        CU_PASS("sync beyond the run: bounded event count");
}

/* A standby member takes no load but every object; when every other member is out of
 * rotation it is promoted and serves. */
static void test_standby(void)
{
    for (int outage = 0; outage < 2; outage++) {
        MdlConfig *c = tm_config(3, 50, 1200);
        tm_mix(c, 0.8, 0.2, 0);
        c->members[2].standby = TRUE;
        if (outage) {
            tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 0, 300, 600);
            tm_scheduled(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 1, 300, 600);
        }
        TmRec r;
        tm_rec_init(&r);
        r.from = 0;
        MdlGroup *g = tm_run(c, 6, &r);
        if (!outage) {
            /* its only jobs are the clones of the creates */
            CHECK(r.jobs_done[2] > 1000);
            CHECK(r.jobs_done[2] < r.jobs_done[0] / 2);
            CHECK(r.outcome[MDL_OUTCOME_NO_MEMBER] == 0);
            CHECK_UINT_EQ(mdl_group_member_missing(g, 2), 0);
            CHECK(mdl_group_view(g, 0, 2) == MDL_VIEW_STANDBY);
        } else {
            /* promoted: the slot kept serving through the outage of both others */
            CHECK(r.outcome[MDL_OUTCOME_NO_MEMBER] == 0);
            CHECK(r.jobs_done[2] > 20000);
        }
        check_conservation("standby", &r, g);
        mdl_group_free(g);
        tm_rec_clear(&r);
        mdl_config_free(c);
    }
}

/* Full queues refuse work; when every member refuses, the operation is rejected. */
static void test_queue_full_rejects(void)
{
    MdlConfig *c = tm_config(2, 1000, 60);
    for (uint32_t m = 0; m < 2; m++) {
        c->members[m].capacity = 200;
        c->members[m].concurrency = 1;
        c->members[m].queue_limit = 5;
    }
    TmRec r;
    tm_rec_init(&r);
    MdlGroup *g = tm_run(c, 7, &r);
    CHECK(r.outcome[MDL_OUTCOME_REJECTED] > 20000);
    CHECK(r.outcome[MDL_OUTCOME_OK] > 20000);
    check_conservation("queue full", &r, g);
    mdl_group_free(g);
    tm_rec_clear(&r);
    mdl_config_free(c);
}

/* Zeroizing every member at once destroys every object; after re-initialization the
 * members answer again, empty. */
static void test_zeroize_loses_objects(void)
{
    MdlConfig *c = tm_config(2, 20, 40000);
    tm_mix(c, 0.9, 0.1, 0);
    c->initial_objects = 50;
    c->operator_response = sim_dist_deterministic(600);
    c->members[0].reinit_time = c->members[1].reinit_time = 1800 * SIM_SEC;
    MdlFaultConfig *f = tm_fault(c, MDL_FAULT_ZEROIZE, MDL_TARGET_ZONE, 0);
    f->scheduled = TRUE;
    f->at = 1000 * SIM_SEC;
    f->duration = 60 * SIM_SEC;
    TmRec r;
    tm_rec_init(&r);
    MdlGroup *g = tm_run(c, 8, &r);
    CHECK(r.lost >= 50);
    CHECK_UINT_EQ(mdl_group_objects_lost(g), r.lost);
    CHECK(mdl_group_phys(g, 0) == MDL_PHYS_UP && mdl_group_phys(g, 1) == MDL_PHYS_UP);
    CHECK(mdl_group_objects_alive(g) > 0);              /* created after the wipe */
    CHECK(r.outcome[MDL_OUTCOME_NO_MEMBER] > 0);        /* while both were down */
    check_conservation("zeroize", &r, g);
    mdl_group_free(g);
    tm_rec_clear(&r);
    mdl_config_free(c);
}

/* The pending sets live in the client's memory: a restart forgets them and the
 * member stays out of step until a resync. */
static void test_restart_forgets_pending(void)
{
    for (int resync = 0; resync < 2; resync++) {
        MdlConfig *c = tm_config(2, 20, 3000);
        tm_mix(c, 0.5, 0.5, 0);
        c->operator_response = sim_dist_deterministic(60);
        tm_scheduled(c, MDL_FAULT_NETWORK, MDL_TARGET_MEMBER, 1, 100, 400);
        tm_action(c, 300, MDL_ACTION_CLIENT_RESTART, MDL_NONE);
        if (resync)
            tm_action(c, 2000, MDL_ACTION_RESYNC, 1);
        TmRec r;
        tm_rec_init(&r);
        MdlGroup *g = tm_run(c, 9, &r);
        CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_ACTIVE);
        CHECK_UINT_EQ(mdl_group_pending(g, 0, 1), 0);
        if (resync)
            CHECK_UINT_EQ(mdl_group_member_missing(g, 1), 0);
        else
            CHECK(mdl_group_member_missing(g, 1) > 1000);
        check_conservation("restart", &r, g);
        mdl_group_free(g);
        tm_rec_clear(&r);
        mdl_config_free(c);
    }
}

/* The first synchronization of a run of `c` (objects 0 when there is none). */
static TmSync first_sync(const MdlConfig *c, uint64_t rep)
{
    TmRec r;
    tm_rec_init(&r);
    MdlGroup *g = tm_run(c, rep, &r);
    TmSync s = {0};
    if (r.syncs->len > 0)
        s = g_array_index(r.syncs, TmSync, 0);
    mdl_group_free(g);
    tm_rec_clear(&r);
    return s;
}

/* A member zeroized during its synchronization (which ends before the detection):
 * nothing is copied onto the wiped member, the view is not made active, the detection
 * fails it command_timeout after the zeroize, and the rejoin after the
 * re-initialization is a full resync: the member ends holding every object, the
 * initial ones (never in any pending set) included. */
static void test_zeroize_during_sync(void)
{
    MdlConfig *c = tm_config(2, 50, 900);
    tm_mix(c, 0.5, 0.5, 0);
    c->command_timeout = 20 * SIM_SEC;
    c->sync_base = 5 * SIM_SEC;
    c->sync_per_object = SIM_MS;
    c->operator_response = sim_dist_deterministic(60);
    c->members[1].reinit_time = 300 * SIM_SEC;
    tm_scheduled(c, MDL_FAULT_NETWORK, MDL_TARGET_MEMBER, 1, 10, 40);
    /* the same run without the zeroize tells when the synchronization starts */
    TmSync s0 = first_sync(c, 13);
    SimTime zeroize = s0.t + SIM_SEC / 2, end = s0.t + s0.duration;
    CHECK(s0.objects > 1000);
    CHECK(zeroize < end && end < zeroize + c->command_timeout);
    tm_scheduled(c, MDL_FAULT_ZEROIZE, MDL_TARGET_MEMBER, 1, sim_time_to_s(zeroize), 1);

    TmRec r;
    tm_rec_init(&r);
    MdlObserver obs = {&tm_class, &r};
    MdlGroup *g = mdl_group_new(c, sim_rng_replication_seed(c->seed, 13), &obs);
    mdl_group_set_checks(g, TRUE);   /* invariants after every event */
    mdl_group_run(g, end + SIM_SEC);
    CHECK_UINT_EQ(r.syncs->len, 1);
    if (r.syncs->len >= 1)
        CHECK_INT_EQ(g_array_index(r.syncs, TmSync, 0).t, s0.t);   /* same run so far */
    /* the wiped member received nothing: it lacks every existing object */
    CHECK_UINT_EQ(mdl_group_member_missing(g, 1), mdl_group_objects_alive(g));
    CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_SYNCING);
    CHECK(find_view(&r, 1, MDL_VIEW_ACTIVE, 1) == NULL);            /* [0] is the start */

    mdl_group_run(g, c->duration);
    const TmView *failed = find_view(&r, 1, MDL_VIEW_FAILED, 1);   /* [0]: the isolation */
    CHECK(failed != NULL);
    if (failed) {
        CHECK_INT_EQ(failed->t, zeroize + c->command_timeout);
        CHECK(failed->from == MDL_VIEW_SYNCING && failed->cause == MDL_CAUSE_DETECTED);
    }
    /* the rejoin after the re-initialization: a full resync, every object */
    CHECK_UINT_EQ(r.syncs->len, 2);
    if (r.syncs->len == 2) {
        const TmSync *s1 = &g_array_index(r.syncs, TmSync, 1);
        CHECK(s1->objects >= c->initial_objects + s0.objects);
        CHECK(s1->t > zeroize + 300 * SIM_SEC);
    }
    CHECK(PAIR(g, 0, 1)->sync_full);
    CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_ACTIVE);
    CHECK(mdl_group_member_missing(g, 1) <= mdl_group_in_flight(g));
    check_conservation("zeroize during sync", &r, g);
    mdl_group_free(g);
    tm_rec_clear(&r);
    mdl_config_free(c);
}

/* A member cut off during its (full) synchronization and back before the detection,
 * with nothing else outstanding there: the synchronization is lost all the same -- the
 * view neither becomes active with objects that never arrived nor stays syncing for
 * ever: the detection fails it, and autoRecovery synchronizes it again, in full. */
static void test_sync_broken_back_before_detection(void)
{
    MdlConfig *c = tm_config(2, 50, 900);          /* reads only: nothing is cloned */
    c->initial_objects = 100;
    c->command_timeout = 20 * SIM_SEC;
    c->sync_base = 5 * SIM_SEC;
    c->sync_per_object = 10 * SIM_MS;
    c->operator_response = sim_dist_deterministic(30);
    c->members[1].reinit_time = 60 * SIM_SEC;
    tm_scheduled(c, MDL_FAULT_ZEROIZE, MDL_TARGET_MEMBER, 1, 10, 1);
    TmSync s0 = first_sync(c, 14);
    CHECK_UINT_EQ(s0.objects, 100);                 /* the full resync after the zeroize */
    SimTime cut = s0.t + SIM_SEC / 2, end = s0.t + s0.duration, back = end + SIM_SEC / 2;
    tm_scheduled(c, MDL_FAULT_NETWORK, MDL_TARGET_MEMBER, 1, sim_time_to_s(cut),
                 sim_time_to_s(back - cut));
    CHECK(back < cut + c->command_timeout);

    TmRec r;
    tm_rec_init(&r);
    MdlObserver obs = {&tm_class, &r};
    MdlGroup *g = mdl_group_new(c, sim_rng_replication_seed(c->seed, 14), &obs);
    mdl_group_set_checks(g, TRUE);   /* invariants after every event */
    mdl_group_run(g, back + SIM_SEC);
    CHECK(mdl_group_phys(g, 1) == MDL_PHYS_UP);
    CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_SYNCING);
    CHECK_UINT_EQ(mdl_group_member_missing(g, 1), 100);

    mdl_group_run(g, c->duration);
    const TmView *failed = find_view(&r, 1, MDL_VIEW_FAILED, 1);   /* [0]: the zeroize */
    CHECK(failed != NULL);
    if (failed) {
        CHECK_INT_EQ(failed->t, cut + c->command_timeout);
        CHECK(failed->from == MDL_VIEW_SYNCING && failed->cause == MDL_CAUSE_DETECTED);
    }
    CHECK_UINT_EQ(r.syncs->len, 2);
    if (r.syncs->len == 2)
        CHECK_UINT_EQ(g_array_index(r.syncs, TmSync, 1).objects, 100);
    CHECK(mdl_group_view(g, 0, 1) == MDL_VIEW_ACTIVE);
    CHECK_UINT_EQ(mdl_group_member_missing(g, 1), 0);
    mdl_group_free(g);
    tm_rec_clear(&r);
    mdl_config_free(c);
}

/* The same seed gives the same run; adding a member leaves the other members' fault
 * draws unchanged (each source has its own stream). */
typedef struct {
    GArray *times;
} FaultLog;

static void log_fault(void *d, SimTime now, MdlFaultKind k, uint32_t m, uint32_t c, gboolean begins)
{
    FaultLog *l = d;
    if (m == 0 && begins)
        g_array_append_val(l->times, now);
}

static GArray *fault_times(uint32_t members)
{
    static const MdlObserverClass klass = {.fault = log_fault};
    MdlConfig *c = tm_config(members, 10, 30 * 86400.0);
    MdlFaultConfig *f = tm_fault(c, MDL_FAULT_POWER, MDL_TARGET_EACH_MEMBER, 0);
    f->every = sim_dist_exponential(86400);
    f->repair = sim_dist_exponential(3600);
    FaultLog log = {g_array_new(FALSE, FALSE, sizeof(SimTime))};
    MdlObserver obs = {&klass, &log};
    MdlGroup *g = mdl_group_new(c, 11, &obs);
    mdl_group_set_checks(g, TRUE);   /* invariants after every event */
    mdl_group_run(g, c->duration);
    mdl_group_free(g);
    mdl_config_free(c);
    return log.times;
}

static void test_determinism_and_streams(void)
{
    GArray *a = fault_times(2), *b = fault_times(2), *three = fault_times(3);
    CHECK(a->len > 10);
    CHECK_UINT_EQ(a->len, b->len);
    CHECK_UINT_EQ(a->len, three->len);
    for (guint i = 0; i < a->len && i < b->len && i < three->len; i++) {
        CHECK_INT_EQ(g_array_index(a, SimTime, i), g_array_index(b, SimTime, i));
        CHECK_INT_EQ(g_array_index(a, SimTime, i), g_array_index(three, SimTime, i));
    }
    g_array_free(a, TRUE);
    g_array_free(b, TRUE);
    g_array_free(three, TRUE);

    /* a whole run twice: identical reports */
    MdlConfig *c = tm_config(3, 40, 4 * 3600);
    tm_mix(c, 0.7, 0.2, 0.1);
    MdlFaultConfig *f = tm_fault(c, MDL_FAULT_POWER, MDL_TARGET_EACH_MEMBER, 0);
    f->every = sim_dist_exponential(1800);
    f->repair = sim_dist_exponential(300);
    TmRec r1, r2;
    tm_rec_init(&r1);
    tm_rec_init(&r2);
    MdlGroup *g1 = tm_run(c, 12, &r1), *g2 = tm_run(c, 12, &r2);
    CHECK_UINT_EQ(r1.issued, r2.issued);
    for (int o = 0; o < MDL_N_OUTCOMES; o++)
        CHECK_UINT_EQ(r1.outcome[o], r2.outcome[o]);
    CHECK_UINT_EQ(r1.views->len, r2.views->len);
    CHECK(r1.views->len == r2.views->len &&
          tm_views_equal((const TmView *)(void *)r1.views->data,
                         (const TmView *)(void *)r2.views->data, r1.views->len));
    CHECK_UINT_EQ(mdl_group_events(g1), mdl_group_events(g2));
    mdl_group_free(g1);
    mdl_group_free(g2);
    tm_rec_clear(&r1);
    tm_rec_clear(&r2);
    mdl_config_free(c);
}

/* Fault begin times per member, for the stream tests. */
typedef struct {
    GArray *times[MDL_MAX_MEMBERS];
} FaultTimes;

static void log_fault_member(void *d, SimTime now, MdlFaultKind k, uint32_t m, uint32_t c,
                             gboolean begins)
{
    FaultTimes *l = d;
    if (begins && m < MDL_MAX_MEMBERS)
        g_array_append_val(l->times[m], now);
}

static gint cmp_time(gconstpointer a, gconstpointer b)
{
    SimTime x = *(const SimTime *)a, y = *(const SimTime *)b;
    return x < y ? -1 : x > y;
}

/* Runs 2 members for 60 days with power faults on hsm1 (`one`) and/or on each member
 * (`each`); the begin times of each member's faults, sorted. */
static void power_fault_times(gboolean one, gboolean each, FaultTimes *out)
{
    static const MdlObserverClass klass = {.fault = log_fault_member};
    MdlConfig *c = tm_config(2, 0, 60 * 86400.0);
    if (one) {
        MdlFaultConfig *f = tm_fault(c, MDL_FAULT_POWER, MDL_TARGET_MEMBER, 0);
        f->every = sim_dist_exponential(86400);
        f->repair = sim_dist_exponential(3600);
    }
    if (each) {
        MdlFaultConfig *f = tm_fault(c, MDL_FAULT_POWER, MDL_TARGET_EACH_MEMBER, MDL_NONE);
        f->every = sim_dist_exponential(86400);
        f->repair = sim_dist_exponential(3600);
    }
    for (uint32_t m = 0; m < MDL_MAX_MEMBERS; m++)
        out->times[m] = g_array_new(FALSE, FALSE, sizeof(SimTime));
    MdlObserver obs = {&klass, out};
    MdlGroup *g = mdl_group_new(c, 15, &obs);
    mdl_group_set_checks(g, TRUE);   /* invariants after every event */
    mdl_group_run(g, c->duration);
    mdl_group_free(g);
    mdl_config_free(c);
    for (uint32_t m = 0; m < MDL_MAX_MEMBERS; m++)
        g_array_sort(out->times[m], cmp_time);
}

static void fault_times_free(FaultTimes *t)
{
    for (uint32_t m = 0; m < MDL_MAX_MEMBERS; m++)
        g_array_free(t->times[m], TRUE);
}

static gboolean times_contain(const GArray *all, const GArray *some)
{
    for (guint i = 0, j = 0; i < some->len; i++) {
        SimTime t = g_array_index(some, SimTime, i);
        while (j < all->len && g_array_index(all, SimTime, j) < t)
            j++;
        if (j == all->len || g_array_index(all, SimTime, j) != t)
            return FALSE;
    }
    return TRUE;
}

/* `{power, target: hsm1}` and `{power, target: each-member}` are two processes on hsm1
 * with streams of their own (fault/power/hsm1/0 and /1): their times differ.  The
 * names of instances that collided with nothing are as before: the first process on
 * hsm1 and each-member's process on hsm2 draw what they draw alone.  (Alone,
 * each-member's hsm1 instance is fault/power/hsm1/0 too.) */
static void test_fault_streams_distinct(void)
{
    FaultTimes both, one, each;
    power_fault_times(TRUE, TRUE, &both);
    power_fault_times(TRUE, FALSE, &one);
    power_fault_times(FALSE, TRUE, &each);
    const GArray *t = both.times[0];
    CHECK(one.times[0]->len > 20);
    CHECK(t->len > one.times[0]->len + 20);          /* a second process */
    guint same = 0;
    for (guint i = 1; i < t->len; i++)
        same += g_array_index(t, SimTime, i) == g_array_index(t, SimTime, i - 1);
    CHECK_UINT_EQ(same, 0);
    CHECK(times_contain(t, one.times[0]));
    /* hsm2's each-member instance: the same name, the same draws */
    CHECK_UINT_EQ(both.times[1]->len, each.times[1]->len);
    CHECK(both.times[1]->len > 20 && times_contain(both.times[1], each.times[1]));
    fault_times_free(&both);
    fault_times_free(&one);
    fault_times_free(&each);
}

/* The cost estimate: proportional to what drives it, finite on the defaults, beyond
 * the ceiling for a rate of 1e300; and it agrees with a run within a small factor. */
static void test_estimate(void)
{
    MdlConfig *c = mdl_config_new();
    MdlEstimate e, e2;
    mdl_estimate(c, &e);
    CHECK(e.events > 0 && e.events < MDL_MAX_EVENTS && e.bytes > 0);
    c->rate *= 2;
    mdl_estimate(c, &e2);
    CHECK(e2.operations > 1.99 * e.operations && e2.operations < 2.01 * e.operations);
    c->rate = 1e300;
    mdl_estimate(c, &e2);
    CHECK(e2.events > MDL_MAX_EVENTS);
    c->rate = 100;
    c->initial_objects = 10000000;
    mdl_estimate(c, &e2);
    CHECK(e2.bytes > e.bytes + 10000000.0 * 20);
    c->initial_objects = 100;
    /* a day of the defaults: the estimate against the events dispatched */
    c->duration = SIM_DAY;
    MdlFaultConfig *f = tm_fault(c, MDL_FAULT_POWER, MDL_TARGET_EACH_MEMBER, 0);
    f->every = sim_dist_exponential(3 * 3600);
    f->repair = sim_dist_exponential(1800);
    mdl_estimate(c, &e);
    TmRec r;
    tm_rec_init(&r);
    MdlGroup *g = tm_run(c, 1, &r);
    double ran = (double)mdl_group_events(g);
    CHECK(e.events > 0.5 * ran && e.events < 4 * ran);
    mdl_group_free(g);
    tm_rec_clear(&r);
    mdl_config_free(c);
}

/* The event limit stops a run as an interruption does, at a slice boundary. */
static void test_event_limit(void)
{
    MdlConfig *c = mdl_config_new();
    c->duration = SIM_DAY;
    MdlGroup *g = mdl_group_new(c, 1, NULL);
    mdl_group_set_event_limit(g, 10000);
    mdl_group_run(g, c->duration);
    CHECK(mdl_group_now(g) < c->duration);
    CHECK(mdl_group_events(g) >= 10000 && mdl_group_events(g) < 10000 + MDL_RUN_SLICE);
    mdl_group_free(g);
    mdl_config_free(c);
}

static CU_TestInfo tests[] = {
    {"cost estimate", test_estimate},
    {"event limit", test_event_limit},
    {"conservation: issued = ended + in flight, every policy and fault", test_conservation},
    {"retry exhaustion at the documented attempt (active)", test_exhaustion_active},
    {"retry exhaustion at the documented attempt (passive)", test_exhaustion_passive},
    {"retry 0 or one member: no automatic path", test_no_automatic_path},
    {"passive recovery never happens on an idle client", test_passive_never_on_idle_client},
    {"a member unreachable at start stays absent", test_absent_at_start},
    {"isolation: divergence = creates missed; sync time", test_isolation_divergence_and_sync},
    {"a sync ending beyond the run: never completes, bounded events", test_sync_beyond_the_run},
    {"standby: no load, every object, promotion", test_standby},
    {"full queues refuse; all refuse: rejected", test_queue_full_rejects},
    {"zeroizing every holder loses the objects", test_zeroize_loses_objects},
    {"a client restart forgets the pending sets", test_restart_forgets_pending},
    {"determinism and independent streams", test_determinism_and_streams},
    {"zeroized during its sync: nothing copied, full resync later", test_zeroize_during_sync},
    {"sync broken, member back before detection: detected, resynced", test_sync_broken_back_before_detection},
    {"a member fault and an each-member fault: distinct streams", test_fault_streams_distinct},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("models", tests)
