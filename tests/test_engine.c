/* tests/test_engine.c - the run loop: dispatch, clock, until, stop, cancel. */
#include "check.h"
#include "sim/engine.h"

typedef struct {
    GArray *log;          /* (handler tag << 32 | data) in dispatch order */
    GArray *times;
    uint32_t tag;
    uint32_t k_self;
    SimEventId to_cancel;
    int reschedule;       /* times left to reschedule itself */
    SimTime step;
    uint64_t stop_at;     /* data value that stops the run, 0 for none */
} Rec;

static void record(SimEngine *e, const SimEvent *ev, void *ctx)
{
    Rec *r = ctx;
    uint64_t entry = ((uint64_t)r->tag << 32) | (uint32_t)ev->data;
    g_array_append_val(r->log, entry);
    SimTime now = sim_engine_now(e);
    g_array_append_val(r->times, now);
    CHECK_INT_EQ(now, ev->time);
    if (r->to_cancel) {
        CHECK(sim_engine_cancel(e, r->to_cancel));
        r->to_cancel = 0;
    }
    if (r->reschedule > 0) {
        r->reschedule--;
        sim_engine_schedule_in(e, r->step, r->k_self, 0, ev->data + 1);
    }
    if (r->stop_at && ev->data == r->stop_at)
        sim_engine_stop(e);
}

static void test_dispatch_order(void)
{
    SimEngine *e = sim_engine_new();
    GArray *log = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    GArray *times = g_array_new(FALSE, FALSE, sizeof(SimTime));
    Rec a = {.log = log, .times = times, .tag = 1}, b = {.log = log, .times = times, .tag = 2};
    uint32_t ka = sim_engine_register(e, "a", record, &a);
    uint32_t kb = sim_engine_register(e, "b", record, &b);
    CHECK(ka != kb);
    sim_engine_schedule(e, 30, kb, 0, 1);
    sim_engine_schedule(e, 10, ka, 0, 2);
    sim_engine_schedule(e, 30, ka, 0, 3);   /* same time as b/1, scheduled later */
    sim_engine_schedule(e, 20, kb, 0, 4);
    CHECK_INT_EQ(sim_engine_run(e, SIM_TIME_MAX), SIM_RUN_EMPTY);
    const uint64_t want[] = {(1ull << 32) | 2, (2ull << 32) | 4, (2ull << 32) | 1, (1ull << 32) | 3};
    CHECK_UINT_EQ(log->len, G_N_ELEMENTS(want));
    for (guint i = 0; i < log->len && i < G_N_ELEMENTS(want); i++)
        CHECK_UINT_EQ(g_array_index(log, uint64_t, i), want[i]);
    CHECK_INT_EQ(sim_engine_now(e), 30);
    CHECK_UINT_EQ(sim_engine_dispatched(e), 4);
    CHECK_UINT_EQ(sim_engine_pending(e), 0);
    g_array_free(log, TRUE);
    g_array_free(times, TRUE);
    sim_engine_free(e);
}

static void test_run_until_and_continue(void)
{
    SimEngine *e = sim_engine_new();
    GArray *log = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    GArray *times = g_array_new(FALSE, FALSE, sizeof(SimTime));
    Rec a = {.log = log, .times = times, .tag = 1, .reschedule = 9, .step = 100};
    a.k_self = sim_engine_register(e, "tick", record, &a);
    sim_engine_schedule(e, 0, a.k_self, 0, 0);     /* ticks at 0, 100, ..., 900 */
    CHECK_INT_EQ(sim_engine_run(e, 350), SIM_RUN_UNTIL);
    CHECK_UINT_EQ(log->len, 4);
    CHECK_INT_EQ(sim_engine_now(e), 350);           /* the clock moves to `until` */
    CHECK_INT_EQ(sim_engine_run(e, 400), SIM_RUN_UNTIL);
    CHECK_UINT_EQ(log->len, 5);                     /* an event at exactly `until` runs */
    CHECK_INT_EQ(sim_engine_run(e, SIM_TIME_MAX), SIM_RUN_EMPTY);
    CHECK_UINT_EQ(log->len, 10);
    CHECK_INT_EQ(sim_engine_now(e), 900);
    for (guint i = 0; i < times->len; i++)
        CHECK_INT_EQ(g_array_index(times, SimTime, i), 100 * (SimTime)i);
    g_array_free(log, TRUE);
    g_array_free(times, TRUE);
    sim_engine_free(e);
}

static void test_stop(void)
{
    SimEngine *e = sim_engine_new();
    GArray *log = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    GArray *times = g_array_new(FALSE, FALSE, sizeof(SimTime));
    Rec a = {.log = log, .times = times, .tag = 1, .reschedule = 100, .step = 5, .stop_at = 7};
    a.k_self = sim_engine_register(e, "tick", record, &a);
    sim_engine_schedule(e, 0, a.k_self, 0, 0);
    CHECK_INT_EQ(sim_engine_run(e, SIM_TIME_MAX), SIM_RUN_STOPPED);
    CHECK_UINT_EQ(log->len, 8);
    CHECK_INT_EQ(sim_engine_now(e), 35);
    CHECK_UINT_EQ(sim_engine_pending(e), 1);
    CHECK_INT_EQ(sim_engine_run(e, 60), SIM_RUN_UNTIL);   /* resumes */
    CHECK_UINT_EQ(log->len, 13);
    g_array_free(log, TRUE);
    g_array_free(times, TRUE);
    sim_engine_free(e);
}

static void test_cancel_from_handler(void)
{
    SimEngine *e = sim_engine_new();
    GArray *log = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    GArray *times = g_array_new(FALSE, FALSE, sizeof(SimTime));
    Rec a = {.log = log, .times = times, .tag = 1};
    uint32_t k = sim_engine_register(e, "a", record, &a);
    sim_engine_schedule(e, 10, k, 0, 1);
    SimEventId victim = sim_engine_schedule(e, 20, k, 0, 2);
    sim_engine_schedule(e, 20, k, 0, 3);
    a.to_cancel = victim;
    sim_engine_run(e, SIM_TIME_MAX);
    CHECK_UINT_EQ(log->len, 2);
    CHECK_UINT_EQ(g_array_index(log, uint64_t, 1) & 0xffffffff, 3);
    CHECK(!sim_engine_cancel(e, victim));
    CHECK_UINT_EQ(sim_engine_dispatched(e), 2);
    CHECK(sim_engine_memory(e) > 0);
    g_array_free(log, TRUE);
    g_array_free(times, TRUE);
    sim_engine_free(e);
}

/* A handler that cancels most pending events (so the sweep of cancelled entries runs
 * while its own event still sits at the queue's front), then schedules one. */
typedef struct {
    SimEventId *ids;
    guint n;
    uint32_t kind;
    GArray *seen;
} Mass;

static void mass_cancel(SimEngine *e, const SimEvent *ev, void *ctx)
{
    Mass *m = ctx;
    uint32_t d = (uint32_t)ev->data;
    g_array_append_val(m->seen, d);
    if (d != 0)
        return;
    for (guint i = 1; i < m->n; i++)
        if (i % 4 != 0)
            CHECK(sim_engine_cancel(e, m->ids[i]));
    sim_engine_schedule_in(e, 5, m->kind, 0, 100000);
}

static void test_cancel_sweep_in_handler(void)
{
    SimEngine *e = sim_engine_new();
    Mass m = {.n = 400, .seen = g_array_new(FALSE, FALSE, sizeof(uint32_t))};
    m.ids = g_new(SimEventId, m.n);
    m.kind = sim_engine_register(e, "mass", mass_cancel, &m);
    for (guint i = 0; i < m.n; i++)
        m.ids[i] = sim_engine_schedule(e, 10 * (SimTime)i, m.kind, 0, i);
    CHECK_INT_EQ(sim_engine_run(e, SIM_TIME_MAX), SIM_RUN_EMPTY);
    /* 0, the new event at 5, then every fourth */
    CHECK_UINT_EQ(m.seen->len, 2 + (m.n - 1) / 4);
    if (m.seen->len == 2 + (m.n - 1) / 4) {
        CHECK_UINT_EQ(g_array_index(m.seen, uint32_t, 0), 0);
        CHECK_UINT_EQ(g_array_index(m.seen, uint32_t, 1), 100000);
        for (guint i = 2; i < m.seen->len; i++)
            CHECK_UINT_EQ(g_array_index(m.seen, uint32_t, i), 4 * (i - 1));
    }
    CHECK_UINT_EQ(sim_engine_pending(e), 0);
    g_free(m.ids);
    g_array_free(m.seen, TRUE);
    sim_engine_free(e);
}

static void test_schedule_in_saturates(void)
{
    SimEngine *e = sim_engine_new();
    GArray *log = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    GArray *times = g_array_new(FALSE, FALSE, sizeof(SimTime));
    Rec a = {.log = log, .times = times, .tag = 1};
    uint32_t k = sim_engine_register(e, "a", record, &a);
    sim_engine_schedule(e, 1000, k, 0, 1);
    sim_engine_run(e, SIM_TIME_MAX);
    sim_engine_schedule_in(e, SIM_TIME_MAX, k, 0, 2);     /* never wraps into the past */
    CHECK_INT_EQ(sim_engine_run(e, 1 << 20), SIM_RUN_UNTIL);
    CHECK_UINT_EQ(log->len, 1);
    CHECK_INT_EQ(sim_engine_run(e, SIM_TIME_MAX), SIM_RUN_EMPTY);
    CHECK_INT_EQ(g_array_index(times, SimTime, 1), SIM_TIME_MAX);
    g_array_free(log, TRUE);
    g_array_free(times, TRUE);
    sim_engine_free(e);
}

static void test_advance(void)
{
    SimEngine *e = sim_engine_new();
    CHECK_INT_EQ(sim_engine_run(e, 1000), SIM_RUN_EMPTY);
    CHECK_INT_EQ(sim_engine_now(e), 0);
    sim_engine_advance(e, 500);
    CHECK_INT_EQ(sim_engine_now(e), 500);
    sim_engine_advance(e, 100);                 /* never backwards */
    CHECK_INT_EQ(sim_engine_now(e), 500);
    sim_engine_free(e);
}

static CU_TestInfo tests[] = {
    {"advance the clock of an empty run", test_advance},
    {"dispatch in (time, scheduling) order", test_dispatch_order},
    {"run until a time, then continue", test_run_until_and_continue},
    {"stop from a handler", test_stop},
    {"cancel from a handler", test_cancel_from_handler},
    {"cancel sweep while the handled event is at the front", test_cancel_sweep_in_handler},
    {"schedule_in saturates at the end of time", test_schedule_in_saturates},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("sim/engine", tests)
