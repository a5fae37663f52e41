/* sim/queue.h - the pending-event set.
 *
 * Order: events leave by increasing time; events with equal times leave in the
 * order they were pushed (FIFO).  This total order is what makes a run reproducible:
 * nothing depends on addresses or hash order.
 *
 * Structure (chosen by measurement, bench/RESULTS.md): a 4-ary heap holds the
 * events of a near time window, a radix heap on 8-bit digits the events after it;
 * payloads sit in a pool of slots recycled through a free list, so that nothing is
 * allocated per event once the pools have grown to the run's peak.  A queue of up
 * to about a hundred events is a plain heap; larger ones cost O(1) amortised per
 * push and pop in the monotone use of a simulation (details and invariants in
 * sim/queue-private.h).  Cancellation is lazy: a cancelled event stays in place,
 * marked, until it reaches the front or cancelled events outnumber live ones.
 * Memory: about 45 bytes per pending event, pools' growth slack included.
 */
#ifndef HAPGSIM_SIM_QUEUE_H
#define HAPGSIM_SIM_QUEUE_H

#include "sim/time.h"

#include <glib.h>
#include <stdint.h>

/* An event as the layers above see it: when, which handler (kind), which entity of
 * that handler (target) and one word of payload.  Plain value; copy freely. */
typedef struct {
    SimTime time;
    uint32_t kind;
    uint32_t target;
    uint64_t data;
} SimEvent;

/* Names a pushed event for sim_queue_cancel().  Never 0, so 0 can mean "none".
 * An id stays invalid once its event has been popped or cancelled. */
typedef uint64_t SimEventId;
#define SIM_EVENT_NONE ((SimEventId)0)

typedef struct SimQueue SimQueue;

SimQueue *sim_queue_new(void);
void sim_queue_free(SimQueue *q);

/* Adds an event.  `time` must be >= 0.  Cost O(log n); allocates only when the
 * queue grows past its previous peak. */
SimEventId sim_queue_push(SimQueue *q, SimTime time, uint32_t kind, uint32_t target,
                          uint64_t data);

/* Removes the earliest event into *out.  FALSE when the queue is empty. */
gboolean sim_queue_pop(SimQueue *q, SimEvent *out);

/* Time of the earliest event, without removing it.  FALSE when empty. */
gboolean sim_queue_peek_time(SimQueue *q, SimTime *out);

/* Cancels a pending event.  FALSE when `id` is not pending (already popped,
 * already cancelled, or never issued). */
gboolean sim_queue_cancel(SimQueue *q, SimEventId id);

/* A deep copy: the same events in the same order, under the same ids (the copy and
 * the original then evolve apart). */
SimQueue *sim_queue_clone(const SimQueue *src);

/* A pending event, for sim_queue_pending(). */
typedef struct {
    SimEvent event;
    SimEventId id;
    uint64_t order;      /* its place among events of equal time */
} SimQueueItem;

/* Appends the pending events of `kind` to `out` (a GArray of SimQueueItem), in the
 * order they would leave.  Cost linear in the queue. */
void sim_queue_pending(const SimQueue *q, uint32_t kind, GArray *out);

/* Pending events, cancelled ones excluded. */
size_t sim_queue_size(const SimQueue *q);

/* Bytes the queue holds (its pools, their slack included). */
size_t sim_queue_memory(const SimQueue *q);

/* The ordering structure this build uses ("heap4+radix"; "heapD" in comparison
 * builds). */
const char *sim_queue_strategy(void);

#endif
