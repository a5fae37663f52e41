/* sim/engine.c - the clock and the run loop. */
#include "sim/engine.h"

#include "sim/queue-private.h"

typedef struct {
    SimHandler fn;
    void *ctx;
    const char *name;
} Handler;

struct SimEngine {
    SimQueue *queue;
    SimTime now;
    uint64_t dispatched;
    gboolean stop;
    gboolean hole;       /* the event being handled still sits at the queue's front */
    SimTime until;       /* the bound of the run in progress */
    Handler *handlers;
    uint32_t n_handlers;
    SimAfterHook after;
    void *after_ctx;
};

SimEngine *sim_engine_new(void)
{
    SimEngine *e = g_new0(SimEngine, 1);
    e->queue = sim_queue_new();
    return e;
}

SimEngine *sim_engine_clone(const SimEngine *src, const void *old_ctx, void *new_ctx)
{
    g_return_val_if_fail(src != NULL && !src->hole, NULL);
    SimEngine *e = g_memdup2(src, sizeof *src);
    e->queue = sim_queue_clone(src->queue);
    e->handlers = g_memdup2(src->handlers, src->n_handlers * sizeof(Handler));
    for (uint32_t k = 0; k < e->n_handlers; k++)
        if (e->handlers[k].ctx == old_ctx)
            e->handlers[k].ctx = new_ctx;
    if (e->after_ctx == old_ctx)
        e->after_ctx = new_ctx;
    e->stop = FALSE;
    return e;
}

void sim_engine_redraw(SimEngine *engine, uint32_t kind, SimRedrawFn fn, void *ctx)
{
    g_return_if_fail(engine != NULL && !engine->hole);
    GArray *items = g_array_new(FALSE, FALSE, sizeof(SimQueueItem));
    sim_queue_pending(engine->queue, kind, items);
    for (guint i = 0; i < items->len; i++) {
        const SimQueueItem *it = &g_array_index(items, SimQueueItem, i);
        SimTime at = fn(&it->event, engine->now, ctx);
        if (at < 0 || at == it->event.time)
            continue;
        sim_engine_cancel(engine, it->id);
        sim_engine_schedule(engine, MAX(at, engine->now), kind, it->event.target, it->event.data);
    }
    g_array_free(items, TRUE);
}

void sim_engine_free(SimEngine *engine)
{
    if (engine == NULL)
        return;
    sim_queue_free(engine->queue);
    g_free(engine->handlers);
    g_free(engine);
}

uint32_t sim_engine_register(SimEngine *engine, const char *name, SimHandler handler,
                             void *ctx)
{
    g_return_val_if_fail(engine != NULL && handler != NULL, UINT32_MAX);
    engine->handlers = g_renew(Handler, engine->handlers, engine->n_handlers + 1);
    engine->handlers[engine->n_handlers] = (Handler){handler, ctx, name};
    return engine->n_handlers++;
}

G_NORETURN G_GNUC_NO_INLINE static void schedule_error(const SimEngine *engine, SimTime at,
                                                            uint32_t kind)
{
    g_error("sim_engine_schedule: event for %s at %" G_GINT64_FORMAT " ns is in the past "
            "(now %" G_GINT64_FORMAT " ns), or its kind %u is not registered",
            kind < engine->n_handlers ? engine->handlers[kind].name : "?", at, engine->now, kind);
}

/* The event being handled leaves the queue for good. */
static inline void close_hole(SimEngine *engine)
{
    if (engine->hole) {
        simq_drop_front(engine->queue);
        engine->hole = FALSE;
    }
}

SimEventId sim_engine_schedule(SimEngine *engine, SimTime at, uint32_t kind,
                               uint32_t target, uint64_t data)
{
    if (G_UNLIKELY(at < engine->now || kind >= engine->n_handlers))
        schedule_error(engine, at, kind);
    if (engine->hole) {
        /* the first event a handler schedules takes its own event's place */
        engine->hole = FALSE;
        if (G_LIKELY(simq_can_fill(engine->queue, at)))
            return simq_fill_front(engine->queue, at, kind, target, data);
        simq_drop_front(engine->queue);
    }
    return simq_push(engine->queue, at, kind, target, data);
}

SimEventId sim_engine_schedule_in(SimEngine *engine, SimTime delay, uint32_t kind,
                                  uint32_t target, uint64_t data)
{
    if (G_UNLIKELY(delay < 0))
        schedule_error(engine, engine->now + delay, kind);
    SimTime at = delay > SIM_TIME_MAX - engine->now ? SIM_TIME_MAX : engine->now + delay;
    return sim_engine_schedule(engine, at, kind, target, data);
}

gboolean sim_engine_cancel(SimEngine *engine, SimEventId id)
{
    g_return_val_if_fail(engine != NULL, FALSE);
    if (!simq_cancel(engine->queue, id))
        return FALSE;
    /* the hole survives a cancel (the next schedule may still fill it), except when
     * the sweep is due: it would free the hole's slot a second time */
    if (G_UNLIKELY(simq_compact_due(engine->queue))) {
        close_hole(engine);
        sim_queue_compact_(engine->queue);
    }
    return TRUE;
}

SimRunResult sim_engine_run(SimEngine *engine, SimTime until)
{
    return sim_engine_run_limit(engine, until, UINT64_MAX);
}

void sim_engine_set_after(SimEngine *engine, SimAfterHook hook, void *ctx)
{
    g_return_if_fail(engine != NULL);
    engine->after = hook;
    engine->after_ctx = ctx;
}

SimRunResult sim_engine_run_limit(SimEngine *engine, SimTime until, uint64_t max_events)
{
    g_return_val_if_fail(engine != NULL, SIM_RUN_EMPTY);
    SimQueue *q = engine->queue;
    engine->stop = FALSE;
    engine->until = until;
    for (uint64_t left = max_events;; left--) {
        if (G_UNLIKELY(left == 0))
            return SIM_RUN_LIMIT;
        SimTime t;
        uint32_t slot;
        if (!simq_front(q, &t, &slot))
            return SIM_RUN_EMPTY;
        if (t > until) {
            if (until > engine->now)
                engine->now = until;
            return SIM_RUN_UNTIL;
        }
        SimEvent ev;
        simq_read_front(q, t, slot, &ev);
        engine->hole = TRUE;
        engine->now = t;
        engine->dispatched++;
        const Handler *h = &engine->handlers[ev.kind];
        h->fn(engine, &ev, h->ctx);
        close_hole(engine);
        if (G_UNLIKELY(engine->after != NULL))
            engine->after(engine, engine->after_ctx);
        if (G_UNLIKELY(engine->stop))
            return SIM_RUN_STOPPED;
    }
}

void sim_engine_advance(SimEngine *engine, SimTime t)
{
    g_return_if_fail(engine != NULL);
    close_hole(engine);
    SimTime next;
    uint32_t slot;
    if (simq_front(engine->queue, &next, &slot) && next < t)
        g_error("sim_engine_advance: an event is pending at %" G_GINT64_FORMAT
                " ns, before %" G_GINT64_FORMAT " ns", next, t);
    if (t > engine->now)
        engine->now = t;
}

void sim_engine_stop(SimEngine *engine)
{
    g_return_if_fail(engine != NULL);
    engine->stop = TRUE;
}

SimTime sim_engine_now(const SimEngine *engine) { return engine->now; }

gboolean sim_engine_next_time(SimEngine *engine, SimTime *out)
{
    g_return_val_if_fail(engine != NULL && out != NULL, FALSE);
    close_hole(engine);
    uint32_t slot;
    return simq_front(engine->queue, out, &slot);
}

SimTime sim_engine_horizon(const SimEngine *engine) { return engine->until; }
uint64_t sim_engine_dispatched(const SimEngine *engine) { return engine->dispatched; }
size_t sim_engine_pending(const SimEngine *engine) { return sim_queue_size(engine->queue); }

size_t sim_engine_memory(const SimEngine *engine)
{
    return sizeof(*engine) + engine->n_handlers * sizeof(Handler) +
           sim_queue_memory(engine->queue);
}
