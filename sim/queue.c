/* sim/queue.c - the pending-event set: public entry points and cold paths.
 * The layout and its invariants are described in sim/queue-private.h. */
#include "sim/queue-private.h"

#include <stdlib.h>
#include <string.h>

#define HEAP_ALIGN 64      /* one cache line */
#define HEAP_OFFSET 3      /* heap[1..4], the root's children, start a cache line */

SimQueue *sim_queue_new(void)
{
    SimQueue *q = g_new0(SimQueue, 1);
    q->free_slot = SIMQ_NO_SLOT;
    q->free_chunk = SIMQ_NO_CHUNK;
    q->window_end = UINT64_MAX;
    q->seq_limit = (uint64_t)1 << 32;
#ifdef SIM_QUEUE_HEAP_ONLY
    q->spill_min = UINT32_MAX;
#else
    q->spill_min = SIMQ_SPILL_MIN;
#endif
    q->spill_at = q->spill_min;
    return q;
}

void sim_queue_free(SimQueue *q)
{
    if (q == NULL)
        return;
    g_free(q->slots);
    g_aligned_free(q->heap_block);
    g_free(q->chunks);
    g_free(q->bucket);
    g_free(q);
}

/* ---- growth: every pool grows by a quarter ------------------------------------- */

static uint32_t grown(uint32_t cap, uint32_t first, uint32_t limit, const char *what)
{
    uint64_t next = cap ? (uint64_t)cap + cap / 4 : first;
    if (next >= limit)
        g_error("sim_queue: too many %s (more than %u)", what, limit - 1);
    return (uint32_t)next;
}

uint32_t sim_queue_grow_slots_(SimQueue *q)
{
    if (q->n_slots == q->slots_cap) {
        q->slots_cap = grown(q->slots_cap, 64, SIMQ_NO_SLOT, "pending events");
        q->slots = g_renew(SimSlot, q->slots, q->slots_cap);
    }
    uint32_t s = q->n_slots++;
    q->slots[s] = (SimSlot){.gen = 1, .state = SIMQ_FREE, .target = SIMQ_NO_SLOT};
    return s;
}

/* The heap lives HEAP_OFFSET entries into a cache-aligned block, so that the
 * children of every node (4i+1..4i+4) share one cache line. */
void sim_queue_grow_heap_(SimQueue *q)
{
    uint32_t cap = grown(q->cap, 64, UINT32_MAX - HEAP_OFFSET, "near events");
    void *block = g_aligned_alloc((size_t)cap + HEAP_OFFSET, sizeof(SimQueueEntry), HEAP_ALIGN);
    SimQueueEntry *heap = (SimQueueEntry *)block + HEAP_OFFSET;
    if (q->n > 0)
        memcpy(heap, q->heap, (size_t)q->n * sizeof(SimQueueEntry));
    g_aligned_free(q->heap_block);
    q->heap_block = block;
    q->heap = heap;
    q->cap = cap;
}

uint32_t sim_queue_grow_chunks_(SimQueue *q)
{
    if (q->n_chunks == q->chunks_cap) {
        q->chunks_cap = grown(q->chunks_cap, 16, SIMQ_NO_CHUNK, "chunks");
        q->chunks = g_renew(SimQueueChunk, q->chunks, q->chunks_cap);
    }
    return q->n_chunks++;
}

/* ---- near ---------------------------------------------------------------------- */

static int entry_cmp(const void *a, const void *b)
{
    const SimQueueEntry *x = a, *y = b;
    if (simq_before(x->time, x->key, y->time, y->key)) return -1;
    if (simq_before(y->time, y->key, x->time, x->key)) return 1;
    return 0;
}

/* Sequence numbers ran out.  Sorting near by (time, key) keeps every order relation
 * among its entries; numbering them 0..n-1 in that order frees the numbers from n on
 * for new entries, which come after all of them.  A sorted array is a valid heap.
 * Cost O(n log n) once per 2^32 insertions into near. */
void sim_queue_renumber_(SimQueue *q)
{
    qsort(q->heap, q->n, sizeof(SimQueueEntry), entry_cmp);
    for (uint32_t i = 0; i < q->n; i++)
        q->heap[i].key = ((uint64_t)i << 32) | (uint32_t)q->heap[i].key;
    q->next_seq = q->n;
}

static void heapify(SimQueue *q)
{
    if (q->n > 1)
        for (uint32_t i = (q->n - 2) / SIM_QUEUE_HEAP_ARITY + 1; i-- > 0;)
            simq_sift_down(q->heap, q->n, i, q->heap[i]);
}

/* ---- far ----------------------------------------------------------------------- */

static unsigned lowest_bucket(const SimQueue *q)
{
    unsigned w = (unsigned)__builtin_ctz(q->summary);
    return w * 64 + (unsigned)__builtin_ctzll(q->mask[w]);
}

/* Empties bucket b; returns its first chunk. */
static uint32_t detach(SimQueue *q, unsigned b)
{
    uint32_t c = q->bucket[b].head;
    q->bucket[b] = (SimQueueBucket){SIMQ_NO_CHUNK, SIMQ_NO_CHUNK, 0};
    q->mask[b / 64] &= ~((uint64_t)1 << (b % 64));
    if (q->mask[b / 64] == 0)
        q->summary &= ~(1u << (b / 64));
    return c;
}

static void free_chunk(SimQueue *q, uint32_t c)
{
    q->chunks[c].next = q->free_chunk;
    q->free_chunk = c;
}

/* Files the entries of the chunk list at `c`, in order, into the buckets they belong
 * to under the current ref (dropping cancelled ones when `drop_cancelled`), and frees
 * the chunks.  Returns the number of entries dropped. */
static size_t refile_chain(SimQueue *q, uint32_t c, gboolean drop_cancelled)
{
    size_t dropped = 0;
    while (c != SIMQ_NO_CHUNK) {
        /* appends may move the pool: index it, hold no pointer across them */
        for (uint32_t i = 0; i < q->chunks[c].n; i++) {
            SimQueueEntry e = q->chunks[c].e[i];
            uint32_t slot = (uint32_t)e.key;
            if (drop_cancelled && q->slots[slot].state != SIMQ_PENDING) {
                simq_free_slot(q, slot);
                dropped++;
                continue;
            }
            simq_far_append(q, simq_bucket_of(e.time, q->ref), e.time, slot);
        }
        uint32_t next = q->chunks[c].next;
        free_chunk(q, c);
        c = next;
    }
    return dropped;
}

/* Files every far entry again under reference `ref` (<= all of them), bucket by
 * bucket in order, so that entries of equal time keep their order. */
static size_t refile_all(SimQueue *q, SimTime ref, gboolean drop_cancelled)
{
    uint32_t heads[SIMQ_BUCKETS];
    for (unsigned b = 0; b < SIMQ_BUCKETS; b++)
        heads[b] = q->bucket[b].head != SIMQ_NO_CHUNK ? detach(q, b) : SIMQ_NO_CHUNK;
    q->ref = ref;
    size_t dropped = 0;
    for (unsigned b = 0; b < SIMQ_BUCKETS; b++)
        dropped += refile_chain(q, heads[b], drop_cancelled);
    return dropped;
}

/* First time after the range of bucket b under `ref`. */
static uint64_t bucket_end(unsigned b, SimTime ref)
{
    if (b == 0)
        return (uint64_t)ref + 1;
    unsigned p = b >> SIMQ_DIGIT_BITS, d = b & ((1u << SIMQ_DIGIT_BITS) - 1);
    unsigned shift = SIMQ_DIGIT_BITS * p;
    uint64_t prefix = shift + SIMQ_DIGIT_BITS >= 64 ? 0
                    : ((uint64_t)ref >> (shift + SIMQ_DIGIT_BITS)) << (shift + SIMQ_DIGIT_BITS);
    return prefix + ((uint64_t)(d + 1) << shift);
}

/* Near is empty, far is not: split the first far bucket until it is small or holds
 * one time, then move it into near. */
void sim_queue_refill_(SimQueue *q)
{
    g_assert(q->n == 0 && q->far_n > 0);
    for (;;) {
        unsigned b = lowest_bucket(q);
        const SimQueueBucket *bk = &q->bucket[b];
        if (b >> SIMQ_DIGIT_BITS == 0 || bk->count <= SIMQ_BATCH) {
            q->far_n -= bk->count;
            uint32_t c = detach(q, b);
            while (c != SIMQ_NO_CHUNK) {
                for (uint32_t i = 0; i < q->chunks[c].n; i++)
                    simq_near_insert(q, q->chunks[c].e[i].time, (uint32_t)q->chunks[c].e[i].key);
                uint32_t next = q->chunks[c].next;
                free_chunk(q, c);
                c = next;
            }
            q->window_end = bucket_end(b, q->ref);
            q->spill_at = q->n < q->spill_min / 2 ? q->spill_min : 2 * q->n;
            return;
        }
        SimTime min = SIM_TIME_MAX;
        for (uint32_t c = bk->head; c != SIMQ_NO_CHUNK; c = q->chunks[c].next)
            for (uint32_t i = 0; i < q->chunks[c].n; i++)
                if (q->chunks[c].e[i].time < min)
                    min = q->chunks[c].e[i].time;
        uint32_t head = detach(q, b);
        q->ref = min;
        refile_chain(q, head, FALSE);     /* every entry lands in a bucket below b */
    }
}

/* Near outgrew spill_at: file its entries into far and refill near from there. */
void sim_queue_spill_(SimQueue *q)
{
    if (q->bucket == NULL) {
        q->bucket = g_new(SimQueueBucket, SIMQ_BUCKETS);
        for (unsigned b = 0; b < SIMQ_BUCKETS; b++)
            q->bucket[b] = (SimQueueBucket){SIMQ_NO_CHUNK, SIMQ_NO_CHUNK, 0};
    }
    SimTime first = q->heap[0].time;                /* a heap: the front is the least */
    uint32_t other = 1;
    while (other < q->n && q->heap[other].time == first)
        other++;
    if (other == q->n) {
        /* one time only: far would hand it all back; let near grow instead */
        q->spill_at = q->n < UINT32_MAX / 2 ? 2 * q->n : UINT32_MAX;
        return;
    }
    qsort(q->heap, q->n, sizeof(SimQueueEntry), entry_cmp);   /* sorted: still a heap */
    if (q->far_n == 0)
        q->ref = first;
    else if (first < q->ref)
        refile_all(q, first, FALSE);     /* rare: pushes before ref after a peek */
    for (uint32_t i = 0; i < q->n; i++)
        simq_far_append(q, simq_bucket_of(q->heap[i].time, q->ref), q->heap[i].time,
                        (uint32_t)q->heap[i].key);
    q->far_n += q->n;
    q->n = 0;
    sim_queue_refill_(q);
}

/* Cancelled events outnumber live ones: drop them from both tiers. */
void sim_queue_compact_(SimQueue *q)
{
    uint32_t w = 0;
    for (uint32_t r = 0; r < q->n; r++) {
        uint32_t s = (uint32_t)q->heap[r].key;
        if (q->slots[s].state == SIMQ_PENDING)
            q->heap[w++] = q->heap[r];
        else
            simq_free_slot(q, s);
    }
    q->n = w;
    heapify(q);
    if (q->far_n > 0)
        q->far_n -= refile_all(q, q->ref, TRUE);
    q->cancelled = 0;
    g_assert(q->n + q->far_n == q->live);
}

void sim_queue_set_seq_limit_(SimQueue *q, uint64_t limit)
{
    g_return_if_fail(limit >= 1);
    q->seq_limit = limit;
}

void sim_queue_set_spill_min_(SimQueue *q, uint32_t spill_min)
{
    g_return_if_fail(spill_min >= 2);
    q->spill_min = spill_min;
    q->spill_at = spill_min;
}

size_t sim_queue_far_size_(const SimQueue *q) { return q->far_n; }

/* ---- public entry points ------------------------------------------------------- */

SimEventId sim_queue_push(SimQueue *q, SimTime time, uint32_t kind, uint32_t target,
                          uint64_t data)
{
    g_return_val_if_fail(q != NULL && time >= 0, SIM_EVENT_NONE);
    return simq_push(q, time, kind, target, data);
}

gboolean sim_queue_pop(SimQueue *q, SimEvent *out)
{
    g_return_val_if_fail(q != NULL && out != NULL, FALSE);
    return simq_pop(q, out);
}

gboolean sim_queue_peek_time(SimQueue *q, SimTime *out)
{
    g_return_val_if_fail(q != NULL && out != NULL, FALSE);
    uint32_t slot;
    return simq_front(q, out, &slot);
}

gboolean sim_queue_cancel(SimQueue *q, SimEventId id)
{
    g_return_val_if_fail(q != NULL, FALSE);
    if (!simq_cancel(q, id))
        return FALSE;
    if (simq_compact_due(q))
        sim_queue_compact_(q);
    return TRUE;
}

SimQueue *sim_queue_clone(const SimQueue *src)
{
    g_return_val_if_fail(src != NULL, NULL);
    SimQueue *q = g_memdup2(src, sizeof *src);
    q->slots = src->slots ? g_memdup2(src->slots, (size_t)src->slots_cap * sizeof(SimSlot)) : NULL;
    q->chunks = src->chunks ? g_memdup2(src->chunks, (size_t)src->chunks_cap * sizeof(SimQueueChunk))
                            : NULL;
    q->bucket = src->bucket ? g_memdup2(src->bucket, SIMQ_BUCKETS * sizeof(SimQueueBucket)) : NULL;
    if (src->heap_block) {
        size_t bytes = ((size_t)src->cap + HEAP_OFFSET) * sizeof(SimQueueEntry);
        q->heap_block = g_aligned_alloc((size_t)src->cap + HEAP_OFFSET, sizeof(SimQueueEntry),
                                        HEAP_ALIGN);
        memcpy(q->heap_block, src->heap_block, bytes);
        q->heap = (SimQueueEntry *)q->heap_block + HEAP_OFFSET;
    }
    return q;
}

static void pending_add(const SimQueue *q, SimTime time, uint32_t slot, uint32_t kind,
                        GArray *out)
{
    const SimSlot *sl = &q->slots[slot];
    if (sl->state != SIMQ_PENDING || sl->kind != kind)
        return;
    SimQueueItem it = {.event = {time, sl->kind, sl->target, sl->data},
                       .id = simq_id(q, slot)};
    g_array_append_val(out, it);
}

static int item_cmp(const void *a, const void *b)
{
    const SimQueueItem *x = a, *y = b;
    if (x->event.time != y->event.time)
        return x->event.time < y->event.time ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

void sim_queue_pending(const SimQueue *q, uint32_t kind, GArray *out)
{
    guint first = out->len;
    for (uint32_t i = 0; i < q->n; i++)
        pending_add(q, q->heap[i].time, (uint32_t)q->heap[i].key, kind, out);
    /* near entries keep their insertion order in the sequence; far ones after them in
     * bucket order, which keeps the order of equal times */
    for (guint i = first; i < out->len; i++) {
        SimQueueItem *it = &g_array_index(out, SimQueueItem, i);
        it->order = 0;
        for (uint32_t j = 0; j < q->n; j++)
            if ((uint32_t)q->heap[j].key == (uint32_t)it->id) {
                it->order = q->heap[j].key >> 32;
                break;
            }
    }
    uint64_t order = UINT64_C(1) << 32;
    if (q->bucket)
        for (unsigned b = 0; b < SIMQ_BUCKETS; b++)
            for (uint32_t c = q->bucket[b].head; c != SIMQ_NO_CHUNK; c = q->chunks[c].next)
                for (uint32_t e = 0; e < q->chunks[c].n; e++) {
                    guint before = out->len;
                    pending_add(q, q->chunks[c].e[e].time, (uint32_t)q->chunks[c].e[e].key, kind,
                                out);
                    if (out->len > before)
                        g_array_index(out, SimQueueItem, out->len - 1).order = order;
                    order++;
                }
    g_array_sort(out, item_cmp);
}

size_t sim_queue_size(const SimQueue *q)
{
    g_return_val_if_fail(q != NULL, 0);
    return q->live;
}

size_t sim_queue_memory(const SimQueue *q)
{
    g_return_val_if_fail(q != NULL, 0);
    size_t heap = q->heap_block ? ((size_t)q->cap + HEAP_OFFSET) * sizeof(SimQueueEntry) : 0;
    size_t far = q->bucket ? SIMQ_BUCKETS * sizeof(SimQueueBucket) : 0;
    return sizeof(*q) + heap + far + (size_t)q->slots_cap * sizeof(SimSlot) +
           (size_t)q->chunks_cap * sizeof(SimQueueChunk);
}

const char *sim_queue_strategy(void)
{
#ifdef SIM_QUEUE_HEAP_ONLY
    return "heap" G_STRINGIFY(SIM_QUEUE_HEAP_ARITY);
#else
    return "heap" G_STRINGIFY(SIM_QUEUE_HEAP_ARITY) "+radix";
#endif
}
