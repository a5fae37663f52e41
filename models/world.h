/* models/world.h - the state of one replication, shared by the model's files.
 *
 * Private to models/.  One MdlGroup holds everything of a replication: the engine,
 * the members (physical state, service units, queue), the clients, one Pair per
 * (client, member) holding that client's view of that member and the operations
 * it has outstanding there, the objects, the fault processes and the operator.
 * The files split the behaviour:
 *   objects.c   the object registry and the consistency counters
 *   member.c    physical state, boot/activation/re-initialization, service
 *   fault.c     fault processes and schedules
 *   client.c    arrivals, balancing, sending, completion, failover
 *   mirror.c    clones, pending sets, synchronization, asynchronous mirroring
 *   recovery.c  views: detection, autoRecovery attempts, rejoin, slot state
 *   operator.c  the operator's cases, scheduled actions, client restarts
 *   group.c     assembly, event registration, accessors
 *   zone.c      zones: partitions between zones, clients' hosts losing power
 */
#ifndef HAPGSIM_MODELS_WORLD_H
#define HAPGSIM_MODELS_WORLD_H

#include "models/group.h"
#include "sim/dist.h"
#include "sim/engine.h"
#include "sim/rng.h"

#include <gsl/gsl_rng.h>

/* Event kinds, registered with the engine in this order. */
typedef enum {
    EV_ARRIVAL,        /* target client */
    EV_SERVICE_DONE,   /* target member, data = job (gen << 32 | op) */
    EV_DETECT,         /* target pair: an unanswered operation timed out */
    EV_ATTEMPT_END,    /* data = op: a passive attempt's cost has elapsed */
    EV_PROBE,          /* target pair: an active-mode attempt */
    EV_SYNC_DONE,      /* target pair */
    EV_FAULT,          /* target fault instance; data 1 = begins, 0 = ends */
    EV_BOOT_DONE,      /* target member */
    EV_REINIT_DONE,    /* target member */
    EV_OPERATOR,       /* target case */
    EV_ACTION,         /* target action index */
    EV_MIRROR,         /* data = object: asynchronous copies are due */
    EV_START,          /* target client: it starts */
    EV_FLUID_READ,     /* fluid mode, target client: a read drawn as an event */
    EV_FLUID_WRITE,    /* fluid mode, target client: a create or delete drawn as an event */
    EV_FLUID_CALL,     /* fluid mode, target client: the call that carries a passive attempt */
    EV_THINK_END,      /* closed loop, target thread: it issues its next request */
    EV_RETRY,          /* closed loop, target thread: its backoff is over */
    EV_APP_TIMEOUT,    /* closed loop, target thread, data = attempt seq: gives up */
    EV_N
} EventKind;

/* ---- objects --------------------------------------------------------------------- */

/* An object's state: the mask of members holding a copy in the low 32 bits, flags above. */
#define OBJ_HOLDERS 0xffffffffull
#define OBJ_ALIVE (1ull << 32)
#define OBJ_READABLE (1ull << 33)
#define OBJ_FLIGHT (1ull << 34)   /* a write of it (create or delete) has not returned yet */

/* Member masks are uint32_t (BIT(m), the holders, rotations, views) and member indices
 * live in uint8_t fields of Op: MDL_MAX_MEMBERS may not outgrow them. */
G_STATIC_ASSERT(MDL_MAX_MEMBERS <= 32);
G_STATIC_ASSERT(MDL_MAX_MEMBERS < 255);

typedef struct {
    uint64_t *state;         /* holders mask | OBJ_ALIVE | OBJ_READABLE | OBJ_FLIGHT */
    uint32_t *pos;           /* index in alive[] while alive */
    uint32_t *alive;         /* the existing objects */
    uint32_t n, cap, n_alive, alive_cap;
    uint32_t *rpos;          /* index in readable[] while readable */
    uint32_t *readable;      /* the objects the application knows: their create returned */
    uint32_t n_readable, readable_cap;
    uint64_t missing[MDL_MAX_MEMBERS];   /* existing objects the member lacks */
    uint64_t extra[MDL_MAX_MEMBERS];     /* deleted objects the member still holds */
    /* of which, objects whose write is still in flight (OBJ_FLIGHT): a create that has
     * not returned to the application yet, a delete likewise -- clones in progress, not
     * a divergence */
    uint64_t flight_missing[MDL_MAX_MEMBERS], flight_extra[MDL_MAX_MEMBERS];
    uint64_t single;         /* existing objects with one copy */
    uint64_t zombies;        /* deleted objects with a copy somewhere */
    uint64_t lost;           /* existing objects that lost their last copy */
    uint32_t dirty;          /* members with missing or extra > 0 */
    gboolean fluid_touch;    /* fluid mode: the last readable object went (see FLUID_TOUCH) */
    uint64_t pool;           /* fluid mode: anonymous objects, alive, readable and held by
                                every member; they rank before the readable[] ones */
    double zipf_s, zipf_h_x1, zipf_squeeze;   /* the Zipf sampler's constants */
} Objects;

/* A batch of holder changes (mdl_object_settle), reported once at the end. */
typedef struct {
    uint64_t single;         /* single-copy objects before the batch */
    uint32_t touched;        /* members whose counters moved */
} ObjBatch;

/* ---- operations ------------------------------------------------------------------ */

enum { PH_PRIMARY, PH_CLONE, PH_ATTEMPT };

/* An operation in flight.  Outstanding on `member` from `sent` until the member
 * answers or the client gives up there; `gen` moves on whenever the client gives up on
 * it somewhere (and when the record is reused), so that the member's job for it goes
 * stale.  48 bytes: under overload millions are in flight. */
typedef struct {
    uint32_t client;
    uint32_t member;         /* where it is outstanding, MDL_NONE when nowhere */
    uint32_t object;
    uint32_t gen;
    uint32_t next_free;      /* free list link */
    uint16_t fluid;          /* fluid mode: a drawn call the fluid counts include (no
                                op_issued / op_done) */
    uint8_t clone_next;      /* next member to consider for cloning */
    uint8_t copies;          /* members holding the object it writes (async) */
    uint8_t attempt_member;  /* passive attempt in progress for this member */
    uint8_t primary;         /* the member that took the write */
    uint8_t in_use;
    uint8_t type;            /* MdlOpType of the operation (never CLONE) */
    uint8_t phase;
    uint8_t attempt_ok;      /* the attempt's verdict, judged when it started */
    uint16_t counted;        /* counts toward its client's `outstanding` (issue 11) */
    SimTime issued;          /* arrival at the client */
    SimTime sent;            /* sent to `member` */
} Op;

/* A member's work item: which operation (and its generation when sent), for whom,
 * of what service type, since when. */
typedef struct {
    uint32_t op, gen;
    uint32_t client;
    uint32_t type;           /* MdlOpType of the service (CLONE for clones) */
    SimTime since;           /* arrival at the member */
} Job;

/* ---- members ---------------------------------------------------------------------- */

typedef struct {
    const MdlMemberConfig *cfg;
    uint32_t index;
    /* physical state */
    uint32_t down;           /* active power, reboot, tamper and zeroize faults: off while > 0 */
    uint32_t n_kind[MDL_N_FAULT_KINDS];   /* of which, per kind (network: unused) */
    uint32_t net;            /* active network faults on it (target: the member) */
    uint32_t zcut;           /* active network faults on its zone (a partition) */
    gboolean cut_off;        /* no client is on its side of the partitions (isolated) */
    SimTime cut_since;       /* when zcut last left 0 */
    gboolean outage_power;   /* this outage includes a power fault (not only reboots) */
    gboolean booting, needs_activation, needs_reinit, reiniting;
    gboolean tampered;       /* tampered since the last activation */
    SimTime off_since;       /* when `down` last left 0 */
    SimEventId boot_ev, reinit_ev;
    uint32_t wipe_epoch;     /* bumped by each zeroize */
    MdlPhys phys;
    uint32_t cases;          /* operator cases open (bit per case kind) */
    /* service */
    uint32_t svc_epoch;      /* bumped when the member goes off: drops work in service */
    uint32_t busy;           /* units serving */
    uint32_t n_stale;        /* jobs here whose operation moved on (0: skip the checks) */
    Job *serving;            /* [concurrency]: the job of each busy unit */
    uint16_t *free_units;    /* stack of idle units */
    Job *queue;              /* FIFO ring of waiting jobs, capacity a power of two */
    uint32_t q_head, q_len, q_cap;
    gsl_rng *r_service;
    SimDist service[MDL_N_OPS];
    /* asynchronous mirroring: objects to copy here when it comes back */
    GArray *async_missed;
} Member;

/* ---- clients and their views ------------------------------------------------------ */

typedef struct {
    uint8_t view;            /* MdlView */
    uint8_t attempting;      /* passive attempt in progress */
    uint8_t sync_full;       /* the synchronization under way is a full one */
    uint8_t sync_broken;     /* the member went silent during it: nothing will arrive */
    uint8_t case_open;       /* an operator case for this view is open */
    uint8_t sync_live;       /* the synchronization under way is a resync: the member
                                stays in rotation, serving, while it runs */
    uint32_t n_out;          /* outstanding ops, for balancing (lost ones included) */
    GArray *lost;            /* ops outstanding here that will not be answered, oldest first */
    SimTime det_at;          /* when the pending detection fires */
    SimEventId det_ev;
    SimTime last_try;        /* passive: detection, then start of the last attempt */
    uint32_t attempts;       /* failed attempts since detection */
    SimEventId probe_ev, sync_ev;
    GHashTable *pending;     /* objects this member missed (keys: object + 1) */
    uint32_t wipe_epoch;     /* the member's wipe epoch when this view last held data */
} Pair;

typedef struct {
    const MdlClientConfig *cfg;
    gsl_rng *r_arrival, *r_mix, *r_keys, *r_balance;
    uint32_t isolated;       /* active client network faults */
    uint32_t rr;             /* round-robin position */
    uint32_t rotation;       /* members whose view is active or standby */
    uint32_t active;         /* members whose view is active */
    uint32_t syncing;        /* members whose view is syncing */
    uint32_t rot_class;      /* index of its rotation's class in MdlGroup.rot */
    gboolean available;      /* last slot state reported */
    gboolean in_sync;        /* last consistency reported */
    uint64_t divergence;
    gboolean started;
    uint32_t outstanding;    /* its operations in flight (workload.max_outstanding) */
    gsl_rng *r_think;        /* closed loop only */
    gboolean in_flight;      /* last in-flight state reported */
    /* zones (docs/model.md "Faults"): the client's application host is in its zone */
    uint32_t zcut;           /* active network faults on its zone (a partition) */
    SimTime cut_since;       /* when zcut last left 0 */
    uint32_t down;           /* active power faults on its zone: the host is off */
    gboolean start_due;      /* its start came while it was down: it starts at power-on */
    uint32_t epoch;          /* bumped when it goes off: arrivals of an earlier epoch are
                                stale (EV_ARRIVAL data) */
    const MdlClientGroupConfig *grp; /* issue 11: its group's settings (MdlGroup.grps) */
    uint32_t gi;             /* index of its group */
    uint32_t first_thread;   /* closed loop: its threads are first_thread.. */
} Client;

/* issue 11: closed loop.  One application thread: its request, the attempt it waits
 * for, and how many attempts the request has had. */
typedef struct {
    uint32_t client;
    uint32_t op;             /* the attempt it waits for, MDL_NONE when none */
    uint32_t attempts;       /* attempts of the current request */
    uint32_t seq;            /* bumped at each attempt: older timeouts are stale */
    uint32_t object;         /* the request's object (retries use it again) */
    uint8_t type;            /* the request's MdlOpType */
    uint8_t parked;          /* its client is down: it waits for the power-on */
    uint32_t epoch;          /* its client's epoch when the request began */
    SimTime first;           /* first issue of the current request */
    SimEventId timeout_ev;
} AppThread;

/* The clients that have one rotation: they all see the same consistency. */
typedef struct {
    uint32_t mask;           /* the rotation */
    uint32_t n;              /* clients with it (0: a free slot, value not kept) */
    gboolean in_sync;        /* its consistency now (objects whose writes returned) */
    gboolean in_flight;      /* in sync, but writes in flight make its members differ */
    uint64_t divergence;
} RotClass;

/* Fluid mode (fluid.c), per client: which of its operations are events now, and the
 * rates the fluid counts integrate. */
typedef struct {
    uint8_t reads_ev, writes_ev;   /* reads / writes drawn one by one as events */
    SimEventId read_ev, write_ev, call_ev;
    SimTime call_due;        /* passive attempts: when the next one is due (-1: none) */
    double ok_rate, fail_rate, stale_rate;   /* fluid operations/s now: succeeding,
                                                failing (no member), stale reads */
    SimTime since;           /* start of the stretch these rates hold over */
    double out_level;        /* out-of-sync probability from fluid writes */
    double flight_level;     /* probability that fluid writes are in flight (and none out of
                                sync) */
    uint64_t lat_sig;        /* what its latency classes were last told as (0: nothing) */
    gsl_rng *r_reads, *r_writes, *r_calls, *r_flight;
} FluidClient;

/* Fluid mode: what the fluid writes in progress give (fluid.c). */
typedef struct {
    double at_risk;          /* P(some object single-copy) from fluid writes in progress */
    double out_of_sync;      /* P(a rotation of 2+ members out of sync) from them: the
                                asynchronous service's delay after the writes returned */
    double in_flight;        /* P(writes in flight, none out of sync) from them */
    double fresh_lacking[MDL_MAX_MEMBERS];   /* asynchronous: fresh objects per second
                                                 times the window each member lacks them */
} FluidWindows;

/* ---- faults and the operator -------------------------------------------------------- */

typedef struct {
    const MdlFaultConfig *cfg;
    uint32_t members;        /* members it holds down or cuts off (mask) */
    uint32_t client;         /* client network fault: the client, else MDL_NONE */
    uint32_t zone;           /* a zone's fault (zone or each-zone), else MDL_NONE */
    gsl_rng *r;              /* process form only */
    SimTime since;           /* when its pending delay (gap or repair) began */
} FaultInst;

enum { CASE_VIEW, CASE_ACTIVATE, CASE_REINIT, CASE_N };

typedef struct {
    uint8_t kind;
    uint32_t member;
    uint32_t client;         /* CASE_VIEW: the client whose view asked */
    SimTime since;           /* when the operator's pending response began */
} OpCase;

/* ---- the replication ------------------------------------------------------------------ */

struct MdlGroup {
    const MdlConfig *cfg;
    SimEngine *engine;
    MdlObserver obs;
    uint32_t kind[EV_N];
    uint32_t n_members, n_clients;
    Member *members;
    Client *clients;
    Pair *pairs;             /* [client * n_members + member] */
    RotClass *rot;           /* [n_clients]: rotation classes, n_rot of them used */
    uint32_t n_rot;
    Op *ops;
    uint32_t n_ops, ops_cap, free_op;
    Objects obj;
    FaultInst *faults;
    uint32_t n_faults;
    GArray *cases;           /* OpCase, indexed by the operator event's target */
    gsl_rng **r_operator;    /* per member */
    /* issue 11: the client groups (one in the single form): settings (shallow copies
     * of the config's), exponential interarrival and cumulative mix of each */
    MdlClientGroupConfig *grps;
    SimDist *grp_arrival;
    double (*grp_cum_mix)[3];
    uint32_t n_grps;
    SimTime min_command_timeout;   /* the smallest of the groups' */
    uint32_t all_members;    /* mask of every member */
    uint32_t full;           /* members whose queue is full (they refuse work) */
    uint32_t standby;        /* mask of standby members */
    GArray *mirror_backlog;  /* async: objects whose background copies are due */
    uint64_t replication_seed;
    gint interrupted;
    gint *interrupt_flag;   /* external, may be NULL */
    gboolean checks;        /* invariants checked after every event */
    uint64_t event_limit;   /* mdl_group_run() stops after this many events (0: none) */
    /* fluid mode (fluid.c) */
    gboolean fluid;
    gboolean fl_dirty;      /* something the classification depends on changed */
    FluidClient *fl;        /* [n_clients] */
    gsl_rng *r_pool;        /* fluid writes: how many in a stretch */
    SimTime pool_since;     /* fluid writes are applied up to here */
    double at_risk_level;   /* at-risk probability from fluid writes in progress */
    uint32_t ops_in_use;    /* operation records in use */
    uint32_t mirrors_due;   /* EV_MIRROR events scheduled */
    SimEventId refresh_ev;  /* fluid mode: the next re-classification as objects grow */
    uint32_t fl_writers;    /* clients whose writes are fluid */
    uint64_t fl_sig;        /* what fl_windows was worked out for */
    gboolean fl_have_windows;
    gboolean fl_mmc;        /* every member's service exponential, one mean per member */
    uint64_t fl_lat_sig;    /* what the latency classes were last worked out for */
    SimTime fl_ahead;       /* passive attempts were accounted up to here (skip_doomed) */
    FluidWindows fl_windows;
    /* mdl_group_run_watched(): the band the importance must stay in */
    MdlImportance watch_kind;
    uint32_t watch_lo, watch_hi;
    gboolean watch_settle;  /* also stop once mdl_group_settled() */
    /* issue 11: closed loop and bounded outstanding work (client.c) */
    AppThread *threads;     /* [n_clients * cfg->app.threads], NULL in the open loop */
    uint32_t n_threads;
    uint32_t *op_thread;    /* [ops_cap]: the thread waiting for the op, or MDL_NONE */
    uint32_t client_limit[MDL_MAX_MEMBERS];  /* a client's outstanding ops at a member
                                                beyond which it judges the member busy */
};

/* In fluid mode, something the classification of the workload depends on changed. */
#define FLUID_TOUCH(g) ((g)->fl_dirty = TRUE)

#define PAIR(g, c, m) (&(g)->pairs[(size_t)(c) * (g)->n_members + (m)])
#define OBS(g, fn, ...) \
    do { if ((g)->obs.klass->fn) (g)->obs.klass->fn((g)->obs.data, __VA_ARGS__); } while (0)
#define NOW(g) sim_engine_now((g)->engine)
#define BIT(m) (1u << (m))
/* Loops over a member mask: `for (m = 0; MASK_MORE(mask, m); m++)` (a shift by 32 is
 * undefined, and a 32-member mask may have its top bit set). */
#define MASK_MORE(mask, m) ((m) < 32 && ((mask) >> (m)) != 0)

/* The view of a member that is in rotation: standby for a standby member. */
static inline MdlView mdl_healthy_view(const MdlGroup *g, uint32_t member)
{
    return (g->standby & BIT(member)) ? MDL_VIEW_STANDBY : MDL_VIEW_ACTIVE;
}

/* Members that serve a client: its active ones, or, when none is active, the standbys
 * in its rotation (promoted). */
static inline uint32_t mdl_serving(const MdlGroup *g, uint32_t client)
{
    const Client *cl = &g->clients[client];
    uint32_t active = cl->active & ~g->standby;
    return active ? active : cl->rotation & g->standby;
}

/* objects.c */
void mdl_objects_init(Objects *o, double zipf_s);
void mdl_objects_clear(Objects *o);
uint32_t mdl_object_create(MdlGroup *g, uint32_t holders);
void mdl_object_add_holder(MdlGroup *g, uint32_t obj, uint32_t member);
void mdl_object_remove_holder(MdlGroup *g, uint32_t obj, uint32_t member);
void mdl_object_delete(MdlGroup *g, uint32_t obj);
void mdl_object_publish(MdlGroup *g, uint32_t obj);   /* its create returned */
void mdl_object_write_returned(MdlGroup *g, uint32_t obj); /* its write is no longer in flight */
void mdl_objects_wipe_member(MdlGroup *g, uint32_t member);
/* Many changes, the observer told once: begin, then settle each object (the member
 * ends holding it iff it exists), then end. */
void mdl_objects_batch_begin(MdlGroup *g, ObjBatch *b);
void mdl_object_settle(MdlGroup *g, ObjBatch *b, uint32_t obj, uint32_t member);
void mdl_objects_batch_end(MdlGroup *g, ObjBatch *b);
/* An object for a read or a delete, MDL_NONE when none exists.  The operations mode's
 * uniform choice inline; Zipf and the fluid mode's pool in objects.c. */
uint32_t mdl_object_pick_slow(MdlGroup *g, gsl_rng *r);
static inline uint32_t mdl_object_pick(MdlGroup *g, gsl_rng *r)
{
    if (g->fluid || g->cfg->key_choice == MDL_KEYS_ZIPF)
        return mdl_object_pick_slow(g, r);
    if (g->obj.n_readable == 0)
        return MDL_NONE;
    return g->obj.readable[sim_rng_uniform_int(r, g->obj.n_readable)];
}
gboolean mdl_object_delete_anywhere(MdlGroup *g, gsl_rng *r);   /* fluid.c's deletes */
void mdl_objects_fold(MdlGroup *g);                  /* fluid mode: back into the pool */
static inline gboolean mdl_object_held(const MdlGroup *g, uint32_t obj, uint32_t member)
{
    return (g->obj.state[obj] & BIT(member)) != 0;
}
static inline uint32_t mdl_object_holders(const MdlGroup *g, uint32_t obj)
{
    return (uint32_t)(g->obj.state[obj] & OBJ_HOLDERS);
}
static inline gboolean mdl_object_alive(const MdlGroup *g, uint32_t obj)
{
    return (g->obj.state[obj] & OBJ_ALIVE) != 0;
}
void mdl_consistency_init(MdlGroup *g);              /* once the clients exist */
void mdl_consistency_clear(MdlGroup *g);
void mdl_rotation_moved(MdlGroup *g, uint32_t client); /* its rotation mask changed */
void mdl_consistency_update(MdlGroup *g);            /* after rotation changes */

/* member.c */
void mdl_member_init(MdlGroup *g, Member *m, uint32_t index);
void mdl_member_clear(Member *m);
/* The network between a client and a member: a partition (a zone network fault) cuts
 * a zone from every other zone and from the clients with no zone. */
static inline gboolean mdl_linked(const MdlGroup *g, uint32_t client, uint32_t member)
{
    const Client *cl = &g->clients[client];
    const Member *m = &g->members[member];
    if ((cl->zcut | m->zcut) == 0)
        return TRUE;
    return cl->cfg->zone == m->cfg->zone;
}
gboolean mdl_reachable(const MdlGroup *g, uint32_t client, uint32_t member);
/* A zone network fault began or ended: members' states and cut pairs (member.c). */
void mdl_zone_partition(MdlGroup *g, uint32_t zone, uint32_t members, MdlFaultKind kind,
                        gboolean begins);
/* A zone power fault began or ended: the clients of the zone go off or come back. */
void mdl_zone_clients_power(MdlGroup *g, uint32_t zone, gboolean begins);
void mdl_member_enqueue(MdlGroup *g, uint32_t member, uint32_t op, MdlOpType svc_type);
/* Makes a job of the member stale (its operation moves on without it). */
void mdl_member_mark_stale(MdlGroup *g, uint32_t member, Job *job);
/* Calls fn(g, member, job) for every job still wanted, in service then waiting. */
void mdl_member_foreach_job(MdlGroup *g, uint32_t member,
                            void (*fn)(MdlGroup *g, uint32_t member, Job *job, void *data), void *data);
void mdl_member_fault(MdlGroup *g, uint32_t member, MdlFaultKind kind, gboolean begins);
void mdl_member_update(MdlGroup *g, Member *m);   /* recompute its physical state */
gboolean mdl_member_activate(MdlGroup *g, uint32_t member);
gboolean mdl_member_start_reinit(MdlGroup *g, uint32_t member);
void mdl_on_service_done(SimEngine *e, const SimEvent *ev, void *ctx);
void mdl_on_boot_done(SimEngine *e, const SimEvent *ev, void *ctx);
void mdl_on_reinit_done(SimEngine *e, const SimEvent *ev, void *ctx);

/* fault.c */
void mdl_faults_init(MdlGroup *g);
void mdl_faults_clear(MdlGroup *g);
void mdl_on_fault(SimEngine *e, const SimEvent *ev, void *ctx);

/* client.c */
void mdl_clients_init(MdlGroup *g);
void mdl_on_arrival(SimEngine *e, const SimEvent *ev, void *ctx);
void mdl_on_attempt_end(SimEngine *e, const SimEvent *ev, void *ctx);
uint32_t mdl_op_new(MdlGroup *g, uint32_t client, MdlOpType type, uint32_t object);
void mdl_op_finish(MdlGroup *g, uint32_t op, MdlOutcome outcome);
void mdl_op_route(MdlGroup *g, uint32_t op);
void mdl_op_send(MdlGroup *g, uint32_t op, uint32_t member, MdlOpType svc_type);
void mdl_op_answered(MdlGroup *g, uint32_t op);       /* service done at its member */
void mdl_op_lost(MdlGroup *g, uint32_t op);           /* its member will never answer */
void mdl_op_lost_job(MdlGroup *g, uint32_t member, Job *job); /* same, job still there */
void mdl_client_cut_off(MdlGroup *g, uint32_t client);/* a client network fault began */
void mdl_client_abort_all(MdlGroup *g, uint32_t client);
void mdl_clients_clear(MdlGroup *g);
void mdl_on_think_end(SimEngine *e, const SimEvent *ev, void *ctx);
void mdl_on_retry(SimEngine *e, const SimEvent *ev, void *ctx);
void mdl_on_app_timeout(SimEngine *e, const SimEvent *ev, void *ctx);
void mdl_threads_start(MdlGroup *g, uint32_t client);
/* Zones: the client's host goes off (its threads park) or comes back (they resume). */
void mdl_threads_park(MdlGroup *g, uint32_t client);
void mdl_threads_resume(MdlGroup *g, uint32_t client);

/* mirror.c */
void mdl_write_applied(MdlGroup *g, uint32_t op, uint32_t primary); /* write done: clone on */
void mdl_clone_next(MdlGroup *g, uint32_t op);
void mdl_clone_lost(MdlGroup *g, uint32_t op, uint32_t member); /* clone's member failed */
void mdl_pending_add(MdlGroup *g, uint32_t client, uint32_t member, uint32_t obj);
gboolean mdl_sync_start(MdlGroup *g, uint32_t client, uint32_t member, gboolean full,
                        MdlCause cause);
void mdl_on_sync_done(SimEngine *e, const SimEvent *ev, void *ctx);
void mdl_on_mirror(SimEngine *e, const SimEvent *ev, void *ctx);
void mdl_async_member_up(MdlGroup *g, uint32_t member);

/* recovery.c */
void mdl_view_set(MdlGroup *g, uint32_t client, uint32_t member, MdlView to, MdlCause cause);
void mdl_detect_schedule(MdlGroup *g, uint32_t client, uint32_t member, SimTime at);
/* The member stopped answering the client (it went off, or was cut off). */
void mdl_pair_silenced(MdlGroup *g, uint32_t client, uint32_t member);
void mdl_on_detect(SimEngine *e, const SimEvent *ev, void *ctx);
void mdl_on_probe(SimEngine *e, const SimEvent *ev, void *ctx);
uint32_t mdl_passive_due(MdlGroup *g, uint32_t client);  /* member, or MDL_NONE */
void mdl_attempt_begin(MdlGroup *g, uint32_t client, uint32_t member, gboolean ok);
void mdl_attempt_result(MdlGroup *g, uint32_t client, uint32_t member, gboolean ok);
void mdl_rejoin(MdlGroup *g, uint32_t client, uint32_t member, MdlCause cause);
void mdl_slot_update(MdlGroup *g, uint32_t client);
void mdl_slots_update_all(MdlGroup *g);
void mdl_client_start(MdlGroup *g, uint32_t client, gboolean restart);

/* operator.c */
void mdl_operator_init(MdlGroup *g);
void mdl_case_open(MdlGroup *g, int kind, uint32_t member, uint32_t client);
void mdl_on_operator(SimEngine *e, const SimEvent *ev, void *ctx);
void mdl_on_action(SimEngine *e, const SimEvent *ev, void *ctx);
gboolean mdl_manual_recover(MdlGroup *g, uint32_t member, MdlCause cause);

/* group.c */
/* mdl_group_run()'s loop without its ending: events up to `until` in slices, until
 * interrupted or a handler or hook stops the engine (SIM_RUN_STOPPED). */
SimRunResult mdl_group_run_slices(MdlGroup *g, SimTime until);
/* The after-event hook the group runs with (fluid classification, invariant checks). */
void mdl_group_base_hook(MdlGroup *g);
gsl_rng *mdl_stream_new(const MdlGroup *g, const char *name);
/* The stream "client/NAME/WHAT" of a client. */
gsl_rng *mdl_client_stream_new(const MdlGroup *g, uint32_t client, const char *what);

/* client.c: one operation of the client, issued now (drawn calls: `fluid` TRUE) */
void mdl_client_issue(MdlGroup *g, uint32_t client, MdlOpType type, gboolean fluid);

/* fluid.c */
void mdl_fluid_init(MdlGroup *g);
void mdl_fluid_clear(MdlGroup *g);
/* Brings the fluid writes up to now (before objects are picked or counted). */
void mdl_fluid_advance(MdlGroup *g);
/* After an event: re-classify the workload if something changed. */
void mdl_fluid_after_event(SimEngine *e, void *ctx);
/* The end of the run: the fluid counts up to `until`. */
void mdl_fluid_finish(MdlGroup *g, SimTime until);
/* The member stops answering the client: the operations of its fluid streams that were
 * outstanding there are drawn, lost there (before mdl_pair_silenced()). */
void mdl_fluid_in_flight(MdlGroup *g, uint32_t client, uint32_t member);
void mdl_on_fluid_read(SimEngine *e, const SimEvent *ev, void *ctx);
void mdl_on_fluid_write(SimEngine *e, const SimEvent *ev, void *ctx);
void mdl_on_fluid_call(SimEngine *e, const SimEvent *ev, void *ctx);

/* invariants.c: the engine's after-event hook when checks are on */
void mdl_check_after_event(SimEngine *e, void *ctx);

#endif
