/* models/observer.h - what the model reports while it runs.
 *
 * The model knows nothing of metrics: it tells an observer the facts as they happen
 * (an operation finished, a view changed, the slot became unavailable for a client),
 * each with the simulated time.  analysis/ integrates them into the metrics of
 * MODEL.md section 3; the trace command writes them as JSON Lines.  Every callback
 * may be NULL.  Calls come in simulated-time order from one thread.
 */
#ifndef HAPGSIM_MODELS_OBSERVER_H
#define HAPGSIM_MODELS_OBSERVER_H

#include "models/config.h"
#include "sim/time.h"

#include <stdint.h>

/* How an operation ended. */
typedef enum {
    MDL_OUTCOME_OK,
    MDL_OUTCOME_NO_MEMBER,        /* no member in rotation: failed at once */
    MDL_OUTCOME_NOT_FOUND,        /* the member lacked the object (a read: a stale read) */
    MDL_OUTCOME_REJECTED,         /* every member in rotation refused it: queues full */
    MDL_OUTCOME_ABORTED,          /* its client restarted while it was outstanding */
    MDL_N_OUTCOMES
} MdlOutcome;

/* A client's view of one member (MODEL.md 1.5). */
typedef enum {
    MDL_VIEW_ACTIVE,
    MDL_VIEW_STANDBY,             /* a healthy standby member, in rotation */
    MDL_VIEW_FAILED,              /* failure detected; autoRecovery attempts pending */
    MDL_VIEW_EXHAUSTED,           /* retries used up (or no automatic path) */
    MDL_VIEW_ABSENT,              /* not reachable when the client started */
    MDL_VIEW_SYNCING,             /* recovered, receiving the objects it missed */
    MDL_N_VIEWS
} MdlView;

/* Whether a view has lost the member: failed, exhausted or absent (it comes back only
 * through autoRecovery, the operator or a client restart). */
static inline gboolean mdl_view_lost(MdlView v)
{
    return v == MDL_VIEW_FAILED || v == MDL_VIEW_EXHAUSTED || v == MDL_VIEW_ABSENT;
}

/* Why a view changed. */
typedef enum {
    MDL_CAUSE_START,              /* client start or restart */
    MDL_CAUSE_DETECTED,           /* an operation or clone went unanswered */
    MDL_CAUSE_AUTO,               /* an automatic attempt succeeded */
    MDL_CAUSE_ATTEMPTS_USED_UP,   /* the last allowed attempt failed (or retry 0, or one member) */
    MDL_CAUSE_MANUAL,             /* operator recover or scheduled recover */
    MDL_CAUSE_SYNCED,             /* synchronization finished */
    MDL_CAUSE_RESYNC,             /* a resync action started a synchronization */
    MDL_N_CAUSES
} MdlCause;

/* A member's physical state (MODEL.md 1.2); the first that applies. */
typedef enum {
    MDL_PHYS_UP,
    MDL_PHYS_POWERED_OFF,         /* power or reboot fault, or booting */
    MDL_PHYS_TAMPERED,            /* tamper fault, or waiting for re-activation */
    MDL_PHYS_ZEROIZED,            /* zeroize fault, or waiting for / in re-initialization */
    MDL_PHYS_ISOLATED,            /* runs, but a network fault cuts it from the clients */
    MDL_N_PHYS
} MdlPhys;

/* Fluid mode: one class of operations that are not drawn, while nothing changes: each
 * takes a sum of n M/M/c sojourns (service Exp(mu[i]); with probability wait_p[i] a
 * wait Exp(gamma[i]) first) plus `shift` seconds, at `rate` operations per second. */
typedef struct {
    double rate;
    double shift;
    uint32_t n;
    double mu[MDL_MAX_MEMBERS], wait_p[MDL_MAX_MEMBERS], gamma[MDL_MAX_MEMBERS];
} MdlFluidLatency;

typedef struct {
    /* an operation was issued (arrived at its client) */
    void (*op_issued)(void *data, SimTime now, uint32_t client, MdlOpType type);
    /* an operation ended; latency from issue to end */
    void (*op_done)(void *data, SimTime now, uint32_t client, MdlOpType type,
                    MdlOutcome outcome, SimTime latency);
    /* an operation was re-sent after its member failed, `delay` after it was sent there */
    void (*failover)(void *data, SimTime now, uint32_t client, SimTime delay);
    /* the slot became able (TRUE) or unable (FALSE) to serve this client */
    void (*slot)(void *data, SimTime now, uint32_t client, gboolean available);
    /* a view changed */
    void (*view)(void *data, SimTime now, uint32_t client, uint32_t member, MdlView from,
                 MdlView to, MdlCause cause);
    /* an automatic recovery attempt started (passive: its cost runs from now) */
    void (*attempt)(void *data, SimTime now, uint32_t client, uint32_t member, gboolean success);
    /* a synchronization of `objects` objects started */
    void (*sync)(void *data, SimTime now, uint32_t client, uint32_t member, uint64_t objects,
                 SimTime duration);
    /* a member's physical state changed */
    void (*phys)(void *data, SimTime now, uint32_t member, MdlPhys from, MdlPhys to);
    /* a fault began (TRUE) or its cause cleared (FALSE); `member` is MDL_NONE for a
     * client's network fault, `client` MDL_NONE otherwise */
    void (*fault)(void *data, SimTime now, MdlFaultKind kind, uint32_t member, uint32_t client,
                  gboolean begins);
    /* the operator acted on a member (what: "recover", "activate", "reinit", "resync",
     * "client-restart"); done FALSE when it must come back later */
    void (*operator_action)(void *data, SimTime now, const char *what, uint32_t member,
                            gboolean done);
    /* a client's application host went off (on FALSE: a power fault on its zone) or
     * came back (TRUE; a client_restart follows, unless it had not started yet) */
    void (*client_power)(void *data, SimTime now, uint32_t client, gboolean on);
    /* a client restarted (time 0 is a start, not reported) */
    void (*client_restart)(void *data, SimTime now, uint32_t client);
    /* for a client: whether every member in its rotation holds exactly the existing
     * objects whose writes returned to the application (in_sync); whether, in sync,
     * writes still in flight (clones in progress) make them differ (in_flight); the most
     * objects, of those whose creates returned, missing on one of them; changes only */
    void (*consistency)(void *data, SimTime now, uint32_t client, gboolean in_sync,
                        gboolean in_flight, uint64_t divergence);
    /* the size of a client's pending set for a member changed */
    void (*pending)(void *data, SimTime now, uint32_t client, uint32_t member, uint64_t size);
    /* whether some existing object has a single copy (changes only) */
    void (*at_risk)(void *data, SimTime now, gboolean at_risk);
    /* an existing object lost its last copy */
    void (*object_lost)(void *data, SimTime now, uint64_t object);
    /* jobs at a member (waiting or in service) changed to `in_system` */
    void (*member_jobs)(void *data, SimTime now, uint32_t member, uint32_t in_system);
    /* a job left a member after `sojourn` (served, or dropped unserved when stale) */
    void (*job_done)(void *data, SimTime now, uint32_t member, SimTime sojourn);
    /* fluid mode: over [from, to), the client's operations that are not events ended at
     * these rates (per second): succeeding, failing (no member to serve them), and
     * stale reads (object not found) */
    void (*fluid_ops)(void *data, SimTime from, SimTime to, uint32_t client, double ok_per_s,
                      double failed_per_s, double stale_per_s);
    /* fluid mode: from now on, writes in progress that are not events make the client's
     * rotation out of sync (client) or some object single-copy (client MDL_NONE) with
     * this probability, when nothing else does */
    void (*fluid_level)(void *data, SimTime now, uint32_t client, double level);
    /* fluid mode: from now on, fluid writes in flight (and none out of sync) make the
     * client's rotation differ with this probability, when the events say it is in sync
     * with nothing in flight */
    void (*fluid_flight)(void *data, SimTime now, uint32_t client, double level);
    /* fluid mode: from now on, the client's operations that are not drawn take these
     * latencies (n classes); `valid` FALSE when no closed form holds (a member
     * overloaded, or service times that are not exponential of one mean per member) */
    void (*fluid_latency)(void *data, SimTime now, uint32_t client, const MdlFluidLatency *classes,
                          uint32_t n, gboolean valid);
    /* fluid mode: a call counted by fluid_ops (one that carried a passive attempt, or
     * was outstanding on a member that stopped answering) succeeded after `latency` */
    void (*fluid_call_done)(void *data, SimTime now, uint32_t client, SimTime latency);
    /* issue 11: a closed-loop thread's request ended, successfully or not, `latency` after
     * its first attempt was issued, after `attempts` attempts */
    void (*request_done)(void *data, SimTime now, uint32_t client, gboolean ok, SimTime latency,
                         uint32_t attempts);
    /* closed loop: thread `thread` (numbered within its client) of a client began a
     * request of that type (after its think) */
    void (*request_issued)(void *data, SimTime now, uint32_t client, uint32_t thread,
                           MdlOpType type);
    /* closed loop: the application gave up waiting for attempt `attempt` (app_timeout) */
    void (*request_timeout)(void *data, SimTime now, uint32_t client, uint32_t thread,
                            uint32_t attempt);
    /* closed loop: after its backoff, the request's attempt `attempt` (2, 3, ...) is issued */
    void (*request_retry)(void *data, SimTime now, uint32_t client, uint32_t thread,
                          uint32_t attempt);
} MdlObserverClass;

typedef struct {
    const MdlObserverClass *klass;
    void *data;
} MdlObserver;

const char *mdl_outcome_name(MdlOutcome o);
const char *mdl_view_name(MdlView v);
const char *mdl_cause_name(MdlCause c);
const char *mdl_phys_name(MdlPhys p);

#endif
