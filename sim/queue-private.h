/* sim/queue-private.h - the pending-event set's layout and hot paths, inline.
 *
 * Only sim/queue.c, sim/engine.c, the tests and the benchmarks include this file; the
 * layers above use sim/queue.h or the engine.  The layout is visible here so that the
 * engine's run loop can inline push and pop.
 *
 * Three parts:
 *
 * slots: the events' payloads in a pool recycled through a free list, so that
 *   nothing is allocated per event once the pool has grown to the run's peak.  An
 *   event id is (generation << 32 | slot); freeing a slot bumps its generation, so a
 *   stale id never matches.
 *
 * near: a 4-ary min-heap of (time, sequence << 32 | slot) entries holding every
 *   event earlier than `window_end`.  Ties in time fall to the insertion sequence.
 *   Small queues (fewer than `spill_at` events, the common case of a model) live
 *   here alone: window_end stays at infinity and the far tier is never touched.
 *
 * far: a radix heap on 8-bit digits (Ahuja, Mehlhorn, Orlin and Tarjan, 1990, with
 *   the multi-level buckets of Denardo and Fox) holding the events at or after
 *   window_end.  Relative to a reference time `ref` <= every far entry, an entry of
 *   time t sits in bucket 0 if t == ref, else in bucket (p, d) = 256 p + d, where p is
 *   the highest 8-bit digit in which t differs from ref and d is t's digit there.
 *   Bucket order is time order: every entry of a bucket precedes every entry of a
 *   later bucket.  Inserting is O(1), with no comparison.
 *   When near runs empty, the first far bucket is split (ref := its minimum, its
 *   entries re-filed into lower buckets) until it holds at most SIMQ_BATCH entries or
 *   a single time, then moved into near, and window_end := the end of its range.
 *   An entry is re-filed at most 8 times, two or three in practice.
 *   When near outgrows spill_at (events keep landing inside the window), its entries
 *   are filed into far and near is refilled; spill_at then doubles the near size, so
 *   spills stay rare.
 *
 * FIFO among equal times: in far, a bucket is a function of (t, ref) only, so entries
 *   with equal times share a bucket, where they sit in insertion order (appends and
 *   re-filing keep order); they move into near together and in order, receiving
 *   sequence numbers in that order.  Near and far never hold equal times, since near
 *   holds t < window_end <= far.
 *
 * Cancellation is lazy: a cancelled slot stays in place, marked, until it reaches
 * the front or until cancelled events outnumber live ones (then both tiers drop them).
 * Invariant: live + cancelled == n + far_n.
 *
 * Build options (for the comparison in bench/RESULTS.md): SIM_QUEUE_HEAP_ONLY keeps
 * every event in near (a plain heap); SIM_QUEUE_HEAP_ARITY sets the heap's arity (4).
 */
#ifndef HAPGSIM_SIM_QUEUE_PRIVATE_H
#define HAPGSIM_SIM_QUEUE_PRIVATE_H

#include "sim/queue.h"

#ifndef SIM_QUEUE_HEAP_ARITY
#define SIM_QUEUE_HEAP_ARITY 4
#endif

enum { SIMQ_FREE = 0, SIMQ_PENDING = 1, SIMQ_CANCELLED = 2 };
#define SIMQ_NO_SLOT UINT32_MAX
#define SIMQ_NO_CHUNK UINT32_MAX
#define SIMQ_DIGIT_BITS 8
#define SIMQ_LEVELS (64 / SIMQ_DIGIT_BITS)
#define SIMQ_BUCKETS (SIMQ_LEVELS << SIMQ_DIGIT_BITS)        /* 2048 */
#define SIMQ_CHUNK_ENTRIES 15
#define SIMQ_BATCH 64        /* most entries moved from far into near at once */
#define SIMQ_SPILL_MIN 128   /* near size at which the far tier comes into use */

typedef struct {
    uint32_t kind;
    uint32_t target;     /* next free slot while FREE */
    uint64_t data;
    uint32_t gen;        /* bumped each time the slot is freed; part of the id */
    uint32_t state;
} SimSlot;

typedef struct {
    SimTime time;
    uint64_t key;        /* near: sequence << 32 | slot; far: slot */
} SimQueueEntry;

typedef struct {
    uint32_t next;       /* next chunk of the bucket, or next free chunk */
    uint32_t n;
    uint64_t unused;
    SimQueueEntry e[SIMQ_CHUNK_ENTRIES];
} SimQueueChunk;         /* 256 bytes */

typedef struct {
    uint32_t head, tail, count;
} SimQueueBucket;

struct SimQueue {
    /* slots */
    SimSlot *slots;
    uint32_t n_slots, slots_cap, free_slot;
    size_t live, cancelled;
    /* near */
    SimQueueEntry *heap;     /* 3 entries into an aligned block: see sim_queue_grow_heap_() */
    void *heap_block;
    uint32_t n, cap;
    uint32_t spill_at, spill_min;
    uint64_t next_seq, seq_limit;
    uint64_t window_end;     /* near holds t < window_end, far t >= window_end */
    /* far */
    SimTime ref;
    size_t far_n;
    uint32_t summary;                      /* bit w set iff mask[w] != 0 */
    uint64_t mask[SIMQ_BUCKETS / 64];      /* bit b set iff bucket b is non-empty */
    SimQueueBucket *bucket;                /* [SIMQ_BUCKETS], allocated at the first spill */
    SimQueueChunk *chunks;
    uint32_t n_chunks, chunks_cap, free_chunk;
};

/* Cold paths, in queue.c. */
uint32_t sim_queue_grow_slots_(SimQueue *q);
void sim_queue_grow_heap_(SimQueue *q);
uint32_t sim_queue_grow_chunks_(SimQueue *q);
void sim_queue_renumber_(SimQueue *q);
void sim_queue_spill_(SimQueue *q);
void sim_queue_refill_(SimQueue *q);
void sim_queue_compact_(SimQueue *q);
/* Test hooks: run out of sequence numbers after `limit` insertions; spill near into
 * far from `spill_min` events on (2 or more). */
void sim_queue_set_seq_limit_(SimQueue *q, uint64_t limit);
void sim_queue_set_spill_min_(SimQueue *q, uint32_t spill_min);
/* Events in the far tier, for the tests. */
size_t sim_queue_far_size_(const SimQueue *q);

/* ---- near: the heap ---------------------------------------------------------- */

static inline gboolean simq_before(SimTime ta, uint64_t ka, SimTime tb, uint64_t kb)
{
    /* Equal times are rare in continuous-time models: that branch predicts well,
     * and the time comparison then feeds a conditional move rather than a branch
     * that the random order of a heap's children would mispredict. */
    if (G_LIKELY(ta != tb))
        return ta < tb;
    return ka < kb;
}

static inline uint32_t simq_min2(const SimQueueEntry *h, uint32_t a, uint32_t b)
{
    return simq_before(h[b].time, h[b].key, h[a].time, h[a].key) ? b : a;
}

/* Places `e` in the hole at index `top` of h[0..n).  Bottom-up (Wegener): the hole
 * first sinks to a leaf along the smallest children, comparing children only, then
 * `e` rises from there; the element placed is usually the last one, which belongs
 * near the bottom, so this saves a comparison per level. */
G_ALWAYS_INLINE static inline void simq_sift_down(SimQueueEntry *h, uint32_t n, uint32_t top,
                                                  SimQueueEntry e)
{
    const uint32_t d = SIM_QUEUE_HEAP_ARITY;
    uint32_t i = top;
    for (;;) {
        uint32_t c = d * i + 1;
        if (c >= n)
            break;
        uint32_t best = c;
        if (G_LIKELY(c + d <= n)) {
            uint32_t g = d * c + 1;      /* grandchildren, fetched while this level compares */
            if (n > 2048)                /* (a smaller heap sits in the L1 cache) */
                for (uint32_t k = 0; k < d * d && g + k < n; k += 4)
                    __builtin_prefetch(&h[g + k]);
            if (d == 4) {
                best = simq_min2(h, simq_min2(h, c, c + 1), simq_min2(h, c + 2, c + 3));
            } else {
                for (uint32_t j = c + 1; j < c + d; j++)
                    best = simq_min2(h, best, j);
            }
        } else {
            for (uint32_t j = c + 1; j < n; j++)
                best = simq_min2(h, best, j);
        }
        h[i] = h[best];
        i = best;
    }
    while (i > top) {
        uint32_t p = (i - 1) / d;
        if (!simq_before(e.time, e.key, h[p].time, h[p].key))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = e;
}

static inline void simq_near_insert(SimQueue *q, SimTime t, uint32_t slot)
{
    if (G_UNLIKELY(q->next_seq >= q->seq_limit))
        sim_queue_renumber_(q);
    if (G_UNLIKELY(q->n == q->cap))
        sim_queue_grow_heap_(q);
    uint64_t key = (q->next_seq++ << 32) | slot;
    SimQueueEntry *h = q->heap;
    uint32_t i = q->n++;
    while (i > 0) {
        uint32_t p = (i - 1) / SIM_QUEUE_HEAP_ARITY;
        if (!simq_before(t, key, h[p].time, h[p].key))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i].time = t;
    h[i].key = key;
}

/* ---- far: the radix buckets --------------------------------------------------- */

static inline unsigned simq_bucket_of(SimTime t, SimTime ref)
{
    uint64_t x = (uint64_t)t ^ (uint64_t)ref;
    if (x == 0)
        return 0;
    unsigned p = (63u - (unsigned)__builtin_clzll(x)) / SIMQ_DIGIT_BITS;
    unsigned d = (unsigned)((uint64_t)t >> (SIMQ_DIGIT_BITS * p)) & ((1u << SIMQ_DIGIT_BITS) - 1);
    return (p << SIMQ_DIGIT_BITS) | d;
}

static inline void simq_far_append(SimQueue *q, unsigned b, SimTime t, uint32_t slot)
{
    SimQueueBucket *bk = &q->bucket[b];
    uint32_t c = bk->tail;
    if (G_UNLIKELY(c == SIMQ_NO_CHUNK || q->chunks[c].n == SIMQ_CHUNK_ENTRIES)) {
        uint32_t fresh = q->free_chunk;
        if (G_LIKELY(fresh != SIMQ_NO_CHUNK))
            q->free_chunk = q->chunks[fresh].next;
        else
            fresh = sim_queue_grow_chunks_(q);
        q->chunks[fresh].next = SIMQ_NO_CHUNK;
        q->chunks[fresh].n = 0;
        if (c == SIMQ_NO_CHUNK) {
            bk->head = fresh;
            q->mask[b / 64] |= (uint64_t)1 << (b % 64);
            q->summary |= 1u << (b / 64);
        } else {
            q->chunks[c].next = fresh;
        }
        bk->tail = c = fresh;
    }
    SimQueueChunk *ch = &q->chunks[c];
    ch->e[ch->n].time = t;
    ch->e[ch->n].key = slot;
    ch->n++;
    bk->count++;
}

/* ---- the queue ------------------------------------------------------------------ */

static inline void simq_free_slot(SimQueue *q, uint32_t s)
{
    SimSlot *sl = &q->slots[s];
    sl->state = SIMQ_FREE;
    if (G_UNLIKELY(++sl->gen == 0))
        sl->gen = 1;
    sl->target = q->free_slot;
    q->free_slot = s;
}

static inline void simq_insert(SimQueue *q, SimTime t, uint32_t slot)
{
    if ((uint64_t)t < q->window_end) {
        simq_near_insert(q, t, slot);
        if (G_UNLIKELY(q->n > q->spill_at))
            sim_queue_spill_(q);
    } else {
        simq_far_append(q, simq_bucket_of(t, q->ref), t, slot);
        q->far_n++;
    }
}

/* A slot holding the payload, counted live; the caller files it. */
static inline uint32_t simq_new_slot(SimQueue *q, uint32_t kind, uint32_t target, uint64_t data)
{
    uint32_t s = q->free_slot;
    if (G_UNLIKELY(s == SIMQ_NO_SLOT))
        s = sim_queue_grow_slots_(q);
    SimSlot *sl = &q->slots[s];
    q->free_slot = sl->target;
    sl->kind = kind;
    sl->target = target;
    sl->data = data;
    sl->state = SIMQ_PENDING;
    q->live++;
    return s;
}

static inline SimEventId simq_id(const SimQueue *q, uint32_t s)
{
    return ((uint64_t)q->slots[s].gen << 32) | s;
}

static inline SimEventId simq_push(SimQueue *q, SimTime time, uint32_t kind,
                                   uint32_t target, uint64_t data)
{
    uint32_t s = simq_new_slot(q, kind, target, data);
    simq_insert(q, time, s);
    return simq_id(q, s);
}

static inline void simq_drop_front(SimQueue *q)
{
    uint32_t n = --q->n;
    if (n > 0)
        simq_sift_down(q->heap, n, 0, q->heap[n]);
}

/* The first live event's time and slot, dropping cancelled ones on the way.
 * FALSE when no live event is left. */
static inline gboolean simq_front(SimQueue *q, SimTime *time, uint32_t *slot)
{
    for (;;) {
        if (G_UNLIKELY(q->n == 0)) {
            if (q->far_n == 0)
                return FALSE;
            sim_queue_refill_(q);
        }
        uint32_t s = (uint32_t)q->heap[0].key;
        if (G_LIKELY(q->slots[s].state == SIMQ_PENDING)) {
            *time = q->heap[0].time;
            *slot = s;
            return TRUE;
        }
        simq_drop_front(q);
        q->cancelled--;
        simq_free_slot(q, s);
    }
}

/* The front event, which simq_front() just returned, into *out; its slot is freed but
 * its heap entry stays at the front (a "hole") until simq_drop_front() or
 * simq_fill_front().  While the hole is there, only pushes may touch the queue: the
 * stale front is the minimum, so the heap stays valid for them. */
static inline void simq_read_front(SimQueue *q, SimTime time, uint32_t slot, SimEvent *out)
{
    const SimSlot *sl = &q->slots[slot];
    out->time = time;
    out->kind = sl->kind;
    out->target = sl->target;
    out->data = sl->data;
    q->live--;
    simq_free_slot(q, slot);
}

/* Whether an event at `time` can fill the hole (it belongs to the near heap and takes
 * a sequence number without renumbering). */
static inline gboolean simq_can_fill(const SimQueue *q, SimTime time)
{
    return (uint64_t)time < q->window_end && q->next_seq < q->seq_limit;
}

/* Puts a new event where the hole is: the pop and the push of a handler that
 * reschedules, in one sift instead of two. */
static inline SimEventId simq_fill_front(SimQueue *q, SimTime time, uint32_t kind,
                                         uint32_t target, uint64_t data)
{
    uint32_t s = simq_new_slot(q, kind, target, data);
    SimQueueEntry e = {time, (q->next_seq++ << 32) | s};
    simq_sift_down(q->heap, q->n, 0, e);
    return simq_id(q, s);
}

/* Removes the front event, which simq_front() just returned, into *out. */
static inline void simq_take_front(SimQueue *q, SimTime time, uint32_t slot, SimEvent *out)
{
    simq_drop_front(q);
    simq_read_front(q, time, slot, out);
}

/* Marks a pending event cancelled; it leaves the queue lazily.  FALSE when `id` is not
 * pending (never scheduled, already run or cancelled). */
static inline gboolean simq_cancel(SimQueue *q, SimEventId id)
{
    uint32_t s = (uint32_t)id, gen = (uint32_t)(id >> 32);
    if (id == SIM_EVENT_NONE || s >= q->n_slots)
        return FALSE;
    SimSlot *sl = &q->slots[s];
    if (sl->gen != gen || sl->state != SIMQ_PENDING)
        return FALSE;
    sl->state = SIMQ_CANCELLED;
    q->live--;
    q->cancelled++;
    return TRUE;
}

/* Whether cancelled entries outnumber live ones enough to sweep them out
 * (sim_queue_compact_(), which must not meet a hole: it would free its slot again). */
static inline gboolean simq_compact_due(const SimQueue *q)
{
    return q->cancelled > 64 && q->cancelled > q->live;
}

static inline gboolean simq_pop(SimQueue *q, SimEvent *out)
{
    SimTime t;
    uint32_t s;
    if (!simq_front(q, &t, &s))
        return FALSE;
    simq_take_front(q, t, s, out);
    return TRUE;
}

#endif
