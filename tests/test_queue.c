/* tests/test_queue.c - the pending-event set.
 *
 * Built twice: against the kernel as shipped (heap + radix tiers), and as
 * test_queue_heap with SIM_QUEUE_HEAP_ONLY (a plain heap), so that both orderings
 * are held to the same reference.  The reference is a GSequence sorted by
 * (time, insertion number): the rule sim/queue.h promises. */
#include "check.h"
#include "sim/queue-private.h"

#include <string.h>

typedef struct {
    SimTime time;
    uint64_t seq;         /* insertion number, also the event's data */
    SimEventId id;
} Ref;

static gint ref_cmp(gconstpointer a, gconstpointer b, gpointer unused)
{
    const Ref *x = a, *y = b;
    if (x->time != y->time) return x->time < y->time ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Turns on the far tier from `spill` events on, where the build has one. */
static void set_spill(SimQueue *q, uint32_t spill)
{
#ifndef SIM_QUEUE_HEAP_ONLY
    if (spill)
        sim_queue_set_spill_min_(q, spill);
#else
    (void)q, (void)spill;
#endif
}

static void test_order_and_fifo_ties(void)
{
    SimQueue *q = sim_queue_new();
    /* (time, data): equal times must come out in push order */
    const SimTime times[] = {50, 10, 30, 10, 50, 0, 30, 10, 0, 70};
    for (uint64_t i = 0; i < G_N_ELEMENTS(times); i++)
        sim_queue_push(q, times[i], 1, 2, i);
    const uint64_t expected[] = {5, 8, 1, 3, 7, 2, 6, 0, 4, 9};
    SimEvent ev;
    for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
        CHECK(sim_queue_pop(q, &ev));
        CHECK_UINT_EQ(ev.data, expected[i]);
        CHECK_INT_EQ(ev.time, times[expected[i]]);
        CHECK_UINT_EQ(ev.kind, 1);
        CHECK_UINT_EQ(ev.target, 2);
    }
    CHECK(!sim_queue_pop(q, &ev));
    CHECK_UINT_EQ(sim_queue_size(q), 0);
    sim_queue_free(q);
}

/* Many events at one instant, more than the near tier's spill size, pushed while
 * others are pending: FIFO must hold across tiers. */
static void test_fifo_burst(void)
{
    for (uint32_t spill = 0; spill <= 8; spill += 8) {
        SimQueue *q = sim_queue_new();
        set_spill(q, spill);
        for (uint64_t i = 0; i < 1000; i++)
            sim_queue_push(q, 1000 + (SimTime)(i % 7) * 1000000, 0, 0, i);
        for (uint64_t i = 1000; i < 6000; i++)
            sim_queue_push(q, 5000, 0, 0, i);      /* a burst at one time */
        SimEvent ev;
        uint64_t burst_next = 1000, low_next = 0;
        SimTime last = -1;
        while (sim_queue_pop(q, &ev)) {
            CHECK(ev.time >= last);
            last = ev.time;
            if (ev.time == 5000) {
                if (ev.data != burst_next) {
                    CHECK_FAILF("burst out of order: got %llu, expected %llu",
                                (unsigned long long)ev.data, (unsigned long long)burst_next);
                    break;
                }
                burst_next++;
            } else if (ev.time == 1000) {
                CHECK_UINT_EQ(ev.data, low_next);
                low_next += 7;
            }
        }
        CHECK_UINT_EQ(burst_next, 6000);
        sim_queue_free(q);
    }
}

static void test_cancel(void)
{
    SimQueue *q = sim_queue_new();
    SimEventId a = sim_queue_push(q, 10, 0, 0, 1);
    SimEventId b = sim_queue_push(q, 20, 0, 0, 2);
    SimEventId c = sim_queue_push(q, 30, 0, 0, 3);
    CHECK(a != SIM_EVENT_NONE && b != SIM_EVENT_NONE && c != SIM_EVENT_NONE);
    CHECK(sim_queue_cancel(q, b));
    CHECK(!sim_queue_cancel(q, b));                /* twice */
    CHECK(!sim_queue_cancel(q, SIM_EVENT_NONE));
    CHECK(!sim_queue_cancel(q, ((uint64_t)7 << 32) | 12345));   /* never issued */
    CHECK_UINT_EQ(sim_queue_size(q), 2);
    SimEvent ev;
    CHECK(sim_queue_pop(q, &ev));
    CHECK_UINT_EQ(ev.data, 1);
    CHECK(!sim_queue_cancel(q, a));                /* already popped */
    /* the slot of `a` is reused: the old id must not cancel the new event */
    SimEventId d = sim_queue_push(q, 40, 0, 0, 4);
    CHECK(d != a);
    CHECK(!sim_queue_cancel(q, a));
    CHECK(sim_queue_pop(q, &ev));
    CHECK_UINT_EQ(ev.data, 3);
    CHECK(sim_queue_pop(q, &ev));
    CHECK_UINT_EQ(ev.data, 4);
    CHECK(!sim_queue_pop(q, &ev));
    sim_queue_free(q);
}

/* Cancelling most events triggers compaction; what is left still comes out right. */
static void test_cancel_compaction(void)
{
    for (uint32_t spill = 0; spill <= 16; spill += 16) {
        SimQueue *q = sim_queue_new();
        set_spill(q, spill);
        enum { N = 20000 };
        SimEventId *ids = g_new(SimEventId, N);
        for (int i = 0; i < N; i++)
            ids[i] = sim_queue_push(q, (SimTime)((i * 7919) % N) * 1000, 0, 0, (uint64_t)i);
        for (int i = 0; i < N; i++)
            if (i % 10 != 0)
                CHECK(sim_queue_cancel(q, ids[i]));
        CHECK_UINT_EQ(sim_queue_size(q), N / 10);
        CHECK(sim_queue_memory(q) > 0);
        SimEvent ev;
        SimTime last = -1;
        int popped = 0;
        while (sim_queue_pop(q, &ev)) {
            CHECK(ev.data % 10 == 0);
            CHECK(ev.time > last);
            last = ev.time;
            popped++;
        }
        CHECK_INT_EQ(popped, N / 10);
        g_free(ids);
        sim_queue_free(q);
    }
}

/* A random mix of pushes, pops, peeks and cancels against the reference.
 * `monotone`: pushes are never earlier than the last pop, as in a simulation. */
static void random_against_reference(long ops, uint32_t spill, uint64_t seq_limit,
                                      gboolean monotone, guint32 seed)
{
    SimQueue *q = sim_queue_new();
    set_spill(q, spill);
    if (seq_limit)
        sim_queue_set_seq_limit_(q, seq_limit);
    GSequence *ref = g_sequence_new(g_free);
    GHashTable *iters = g_hash_table_new(g_int64_hash, g_int64_equal);  /* seq -> iter */
    GArray *pending = g_array_new(FALSE, FALSE, sizeof(uint64_t));    /* seqs, for cancels */
    GRand *rand = g_rand_new_with_seed(seed);
    uint64_t next = 0;
    SimTime now = 0;
    long pops = 0, cancels = 0, peeks = 0;
    gboolean ok = TRUE;

    for (long i = 0; i < ops && ok; i++) {
        double u = g_rand_double(rand);
        if (u < 0.50 || g_sequence_is_empty(ref)) {
            SimTime t;
            double v = g_rand_double(rand);
            if (v < 0.15) t = now;                                         /* tie */
            else if (v < 0.30) t = now + g_rand_int_range(rand, 0, 4);     /* near ties */
            else if (v < 0.90) t = now + (SimTime)(-log(1 - g_rand_double(rand)) * 1e6);
            else if (v < 0.98) t = now + (SimTime)(g_rand_double(rand) * 1e15);
            else t = now + (SimTime)(g_rand_double(rand) * 0.5 * (double)(SIM_TIME_MAX - now));
            if (!monotone && g_rand_double(rand) < 0.3)
                t = (SimTime)(g_rand_double(rand) * (double)(now + 1));    /* the past */
            Ref *r = g_new(Ref, 1);
            *r = (Ref){t, next++, 0};
            r->id = sim_queue_push(q, t, 3, (uint32_t)(r->seq & 0xffff), r->seq);
            GSequenceIter *it = g_sequence_insert_sorted(ref, r, ref_cmp, NULL);
            g_hash_table_insert(iters, &r->seq, it);
            g_array_append_val(pending, r->seq);
        } else if (u < 0.90) {
            SimEvent ev;
            GSequenceIter *first = g_sequence_get_begin_iter(ref);
            Ref *r = g_sequence_get(first);
            if (!sim_queue_pop(q, &ev) || ev.data != r->seq || ev.time != r->time ||
                ev.kind != 3 || ev.target != (uint32_t)(r->seq & 0xffff)) {
                CHECK_FAILF("op %ld: popped (t=%" G_GINT64_FORMAT ", data=%llu), reference "
                            "(t=%" G_GINT64_FORMAT ", data=%llu)", i, ev.time,
                            (unsigned long long)ev.data, r->time, (unsigned long long)r->seq);
                ok = FALSE;
                break;
            }
            now = ev.time;
            g_hash_table_remove(iters, &r->seq);
            g_sequence_remove(first);
            pops++;
        } else if (u < 0.96) {
            /* cancel a random pending event (possibly one already popped: must fail) */
            guint k = g_rand_int_range(rand, 0, (gint32)pending->len);
            uint64_t seq = g_array_index(pending, uint64_t, k);
            g_array_remove_index_fast(pending, k);
            GSequenceIter *it = g_hash_table_lookup(iters, &seq);
            if (it) {
                Ref *r = g_sequence_get(it);
                if (!sim_queue_cancel(q, r->id)) {
                    CHECK_FAILF("op %ld: cancel of pending %llu failed", i, (unsigned long long)seq);
                    ok = FALSE;
                }
                g_hash_table_remove(iters, &seq);
                g_sequence_remove(it);
                cancels++;
            }
        } else {
            SimTime t;
            Ref *r = g_sequence_get(g_sequence_get_begin_iter(ref));
            if (!sim_queue_peek_time(q, &t) || t != r->time) {
                CHECK_FAILF("op %ld: peek gave %" G_GINT64_FORMAT ", reference %" G_GINT64_FORMAT,
                            i, t, r->time);
                ok = FALSE;
            }
            peeks++;
        }
        if (ok && sim_queue_size(q) != (size_t)g_sequence_get_length(ref)) {
            CHECK_FAILF("op %ld: size %zu, reference %d", i, sim_queue_size(q),
                        g_sequence_get_length(ref));
            ok = FALSE;
        }
    }
    /* drain */
    SimEvent ev;
    while (ok && !g_sequence_is_empty(ref)) {
        GSequenceIter *first = g_sequence_get_begin_iter(ref);
        Ref *r = g_sequence_get(first);
        if (!sim_queue_pop(q, &ev) || ev.data != r->seq) {
            CHECK_FAILF("drain: popped %llu, reference %llu", (unsigned long long)ev.data,
                        (unsigned long long)r->seq);
            ok = FALSE;
        }
        g_sequence_remove(first);
    }
    CHECK(ok);
    CHECK(!sim_queue_pop(q, &ev));
    CHECK(pops > ops / 3 && cancels > 0 && peeks > 0);
    g_rand_free(rand);
    g_array_free(pending, TRUE);
    g_hash_table_destroy(iters);
    g_sequence_free(ref);
    sim_queue_free(q);
}

static void test_million_random_ops(void)
{
    random_against_reference(1000000, 0, 0, TRUE, 1);
}

static void test_random_ops_far_tier(void)
{
    random_against_reference(300000, 4, 0, TRUE, 2);     /* the far tier from 4 events */
    random_against_reference(300000, 64, 0, TRUE, 3);
}

static void test_random_ops_not_monotone(void)
{
    random_against_reference(200000, 0, 0, FALSE, 4);
    random_against_reference(200000, 4, 0, FALSE, 5);
}

static void test_sequence_renumbering(void)
{
    /* renumbering sorts the heap: keep it to tens of times in the plain-heap build */
    random_against_reference(200000, 0, 40000, TRUE, 6);
#ifndef SIM_QUEUE_HEAP_ONLY
    /* near holds a few tens of events here: renumber very often */
    random_against_reference(200000, 8, 64, TRUE, 7);
#endif
}

/* A steady population far larger than the near tier: the far tier carries it. */
static void test_hold_large(void)
{
    SimQueue *q = sim_queue_new();
    GRand *rand = g_rand_new_with_seed(9);
    enum { N = 100000 };
    for (int i = 0; i < N; i++)
        sim_queue_push(q, (SimTime)(-log(1 - g_rand_double(rand)) * 1e9), 0, 0, 0);
    SimEvent ev;
    SimTime last = 0;
    gboolean ok = TRUE;
    for (int i = 0; i < 10 * N && ok; i++) {
        ok = sim_queue_pop(q, &ev) && ev.time >= last;
        last = ev.time;
        sim_queue_push(q, ev.time + (SimTime)(-log(1 - g_rand_double(rand)) * 1e9), 0, 0, 0);
    }
    CHECK(ok);
    CHECK_UINT_EQ(sim_queue_size(q), N);
#ifndef SIM_QUEUE_HEAP_ONLY
    CHECK(sim_queue_far_size_(q) > N / 2);
#endif
    double per_event = (double)sim_queue_memory(q) / N;
    if (per_event > 64)
        CHECK_FAILF("%.1f bytes per pending event (at most 64)", per_event);
    g_rand_free(rand);
    sim_queue_free(q);
}

static void test_peek_then_push_earlier(void)
{
    for (uint32_t spill = 0; spill <= 4; spill += 4) {
        SimQueue *q = sim_queue_new();
        set_spill(q, spill);
        for (int i = 0; i < 50; i++)
            sim_queue_push(q, 1000000 + i * 1000, 0, 0, (uint64_t)i);
        SimTime t;
        CHECK(sim_queue_peek_time(q, &t));
        CHECK_INT_EQ(t, 1000000);
        sim_queue_push(q, 5, 0, 0, 100);          /* before everything */
        sim_queue_push(q, 1000000, 0, 0, 101);    /* ties with the first, after it */
        SimEvent ev;
        CHECK(sim_queue_pop(q, &ev));
        CHECK_UINT_EQ(ev.data, 100);
        CHECK(sim_queue_pop(q, &ev));
        CHECK_UINT_EQ(ev.data, 0);
        CHECK(sim_queue_pop(q, &ev));
        CHECK_UINT_EQ(ev.data, 101);
        sim_queue_free(q);
    }
}

static void test_empty(void)
{
    SimQueue *q = sim_queue_new();
    SimEvent ev;
    SimTime t;
    CHECK(!sim_queue_pop(q, &ev));
    CHECK(!sim_queue_peek_time(q, &t));
    CHECK_UINT_EQ(sim_queue_size(q), 0);
    CHECK(strlen(sim_queue_strategy()) > 0);
    sim_queue_free(q);
    sim_queue_free(NULL);
}

static CU_TestInfo tests[] = {
    {"order, FIFO among equal times", test_order_and_fifo_ties},
    {"FIFO in a burst larger than the near tier", test_fifo_burst},
    {"cancel by id, stale ids", test_cancel},
    {"compaction after mass cancellation", test_cancel_compaction},
    {"a million random operations vs a sorted reference", test_million_random_ops},
    {"random operations through the far tier", test_random_ops_far_tier},
    {"random operations, pushes into the past", test_random_ops_not_monotone},
    {"sequence numbers running out", test_sequence_renumbering},
    {"hold with 10^5 pending, memory per event", test_hold_large},
    {"push before the front after a peek", test_peek_then_push_earlier},
    {"empty queue", test_empty},
    CU_TEST_INFO_NULL,
};

#ifdef SIM_QUEUE_HEAP_ONLY
CHECK_MAIN("sim/queue (plain heap build)", tests)
#else
CHECK_MAIN("sim/queue", tests)
#endif
