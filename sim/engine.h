/* sim/engine.h - the simulation clock and run loop.
 *
 * An engine owns a pending-event set and the clock.  The layers above register
 * handlers (one per kind of event they schedule) and schedule events addressed to
 * them; the run loop pops events in (time, insertion) order, advances the clock and
 * calls the event's handler.  The engine knows nothing of what the events mean.
 */
#ifndef HAPGSIM_SIM_ENGINE_H
#define HAPGSIM_SIM_ENGINE_H

#include "sim/queue.h"
#include "sim/time.h"

#include <glib.h>
#include <stdint.h>

typedef struct SimEngine SimEngine;

/* Called for each event of the kind it was registered for, with the clock already at
 * event->time.  It may schedule, cancel and stop; `event` is valid during the call. */
typedef void (*SimHandler)(SimEngine *engine, const SimEvent *event, void *ctx);

typedef enum {
    SIM_RUN_UNTIL,     /* the next event is later than `until`; the clock is at `until` */
    SIM_RUN_EMPTY,     /* no event left; the clock is at the last event's time */
    SIM_RUN_STOPPED,   /* a handler called sim_engine_stop() */
    SIM_RUN_LIMIT,     /* sim_engine_run_limit(): `max_events` events were handled */
} SimRunResult;

/* Called after each event (see sim_engine_set_after()), e.g. to check invariants. */
typedef void (*SimAfterHook)(SimEngine *engine, void *ctx);

SimEngine *sim_engine_new(void);
void sim_engine_free(SimEngine *engine);

/* A deep copy of an engine between events (not from inside a handler): clock, pending
 * events under the same ids, handlers and after-hook.  Handlers and the hook whose
 * context is `old_ctx` get `new_ctx` (the copy of the state they act on). */
SimEngine *sim_engine_clone(const SimEngine *src, const void *old_ctx, void *new_ctx);

/* Registers a handler; the result is the `kind` to schedule events for it with.
 * `name` (not copied; a string literal) appears in diagnostics. */
uint32_t sim_engine_register(SimEngine *engine, const char *name, SimHandler handler,
                             void *ctx);

/* Schedules an event at absolute time `at` (>= now) or after `delay` (>= 0).
 * Events at equal times run in the order they were scheduled. */
SimEventId sim_engine_schedule(SimEngine *engine, SimTime at, uint32_t kind,
                               uint32_t target, uint64_t data);
SimEventId sim_engine_schedule_in(SimEngine *engine, SimTime delay, uint32_t kind,
                                  uint32_t target, uint64_t data);

/* Moves pending events of `kind`: fn(event, now, ctx) gives each (in the order they
 * would run) a new time >= now, or -1 to leave it.  A moved event gets a new id (for
 * kinds whose ids nobody keeps).  Used to redraw memoryless delays in a copy. */
typedef SimTime (*SimRedrawFn)(const SimEvent *event, SimTime now, void *ctx);
void sim_engine_redraw(SimEngine *engine, uint32_t kind, SimRedrawFn fn, void *ctx);

/* Cancels a pending event; FALSE when it is not pending (see sim_queue_cancel()). */
gboolean sim_engine_cancel(SimEngine *engine, SimEventId id);

/* Runs events with time <= until, in order, until none is left, `until` is passed
 * or a handler stops the run.  May be called again to continue. */
SimRunResult sim_engine_run(SimEngine *engine, SimTime until);

/* Same, returning SIM_RUN_LIMIT once `max_events` events have been handled in this
 * call (the clock then at the last one's time): callers poll for interruption every
 * so many events, which costs nothing in results (the order of events is the same
 * however the run is sliced). */
SimRunResult sim_engine_run_limit(SimEngine *engine, SimTime until, uint64_t max_events);

/* Calls hook(engine, ctx) after every event from now on (NULL: none). */
void sim_engine_set_after(SimEngine *engine, SimAfterHook hook, void *ctx);

/* Moves the clock forward to `t` (a no-op when it is already there or later).  No
 * pending event may be earlier than `t`: for a run that ran out of events. */
void sim_engine_advance(SimEngine *engine, SimTime t);

/* Makes the current sim_engine_run() return after the current event. */
void sim_engine_stop(SimEngine *engine);

SimTime sim_engine_now(const SimEngine *engine);
/* The time of the next pending event (FALSE: none), and the bound `until` of the run in
 * progress: together, how far a handler may look ahead knowing that nothing else
 * happens before.  Either may be asked from a handler. */
gboolean sim_engine_next_time(SimEngine *engine, SimTime *out);
SimTime sim_engine_horizon(const SimEngine *engine);
uint64_t sim_engine_dispatched(const SimEngine *engine);  /* events handled so far */
size_t sim_engine_pending(const SimEngine *engine);       /* events waiting */
size_t sim_engine_memory(const SimEngine *engine);        /* bytes held by the kernel */

#endif
