/* tests/model_util.h - building configurations in code and recording what a
 * replication reports, for the model's tests. */
#ifndef HAPGSIM_TESTS_MODEL_UTIL_H
#define HAPGSIM_TESTS_MODEL_UTIL_H

#include "models/group.h"
#include "sim/rng.h"

#include <string.h>

/* A small group: n members in one zone, one client, no faults, reads only, a modest
 * rate, autoRecovery active with infinite retries (tests change what they need). */
static inline MdlConfig *tm_config(uint32_t members, double rate, double duration_s)
{
    MdlConfig *c = mdl_config_new();
    mdl_config_set_member_count(c, members);
    c->duration = sim_time_from_s(duration_s);
    c->rate = rate;
    c->retry = -1;
    c->recovery_mode = MDL_RECOVERY_ACTIVE;
    c->command_timeout = 5 * SIM_SEC;
    for (uint32_t m = 0; m < members; m++)
        c->members[m].boot_time = 0;
    return c;
}

static inline void tm_mix(MdlConfig *c, double read, double create, double del)
{
    c->mix[0] = read;
    c->mix[1] = create;
    c->mix[2] = del;
}

/* Appends a fault; returns it for further settings. */
static inline MdlFaultConfig *tm_fault(MdlConfig *c, MdlFaultKind kind, MdlTargetKind target,
                                       uint32_t index)
{
    c->faults = g_renew(MdlFaultConfig, c->faults, c->n_faults + 1);
    MdlFaultConfig *f = &c->faults[c->n_faults++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->target = target;
    f->index = index;
    return f;
}

static inline void tm_scheduled(MdlConfig *c, MdlFaultKind kind, MdlTargetKind target,
                                uint32_t index, double at_s, double duration_s)
{
    MdlFaultConfig *f = tm_fault(c, kind, target, index);
    f->scheduled = TRUE;
    f->at = sim_time_from_s(at_s);
    f->duration = sim_time_from_s(duration_s);
}

static inline void tm_action(MdlConfig *c, double at_s, MdlActionKind kind, uint32_t index)
{
    c->actions = g_renew(MdlActionConfig, c->actions, c->n_actions + 1);
    c->actions[c->n_actions++] = (MdlActionConfig){sim_time_from_s(at_s), kind, index, FALSE};
}

/* ---- a recording observer ---- */

typedef struct {
    SimTime t;
    uint32_t client, member;
    MdlView from, to;
    MdlCause cause;
} TmView;

/* Field by field: TmView has padding, whose bytes memcmp would compare too. */
static inline gboolean tm_views_equal(const TmView *a, const TmView *b, guint n)
{
    for (guint i = 0; i < n; i++)
        if (a[i].t != b[i].t || a[i].client != b[i].client || a[i].member != b[i].member ||
            a[i].from != b[i].from || a[i].to != b[i].to || a[i].cause != b[i].cause)
            return FALSE;
    return TRUE;
}

typedef struct {
    SimTime t;
    uint32_t client, member;
    gboolean ok;
} TmAttempt;

typedef struct {
    SimTime t;
    uint32_t client, member;
    uint64_t objects;
    SimTime duration;
} TmSync;

typedef struct {
    uint64_t issued;
    uint64_t outcome[MDL_N_OUTCOMES];
    uint64_t failovers;
    GArray *views;       /* TmView */
    GArray *attempts;    /* TmAttempt */
    GArray *syncs;       /* TmSync */
    GArray *slots;       /* SimTime, sign: + available, - unavailable (as t*2+bit) */
    uint64_t lost;
    /* per member: time-integral of jobs in system, jobs done, sojourn sum */
    double jobs_area[MDL_MAX_MEMBERS];
    uint32_t jobs_now[MDL_MAX_MEMBERS];
    SimTime jobs_since[MDL_MAX_MEMBERS];
    uint64_t jobs_done[MDL_MAX_MEMBERS];
    double sojourn_sum[MDL_MAX_MEMBERS];
    SimTime from;        /* only count after this time (Little) */
} TmRec;

static inline void tm_op_issued(void *d, SimTime now, uint32_t c, MdlOpType t)
{
    ((TmRec *)d)->issued++;
}
static inline void tm_op_done(void *d, SimTime now, uint32_t c, MdlOpType t, MdlOutcome o, SimTime lat)
{
    ((TmRec *)d)->outcome[o]++;
}
static inline void tm_failover(void *d, SimTime now, uint32_t c, SimTime delay)
{
    ((TmRec *)d)->failovers++;
}
static inline void tm_view(void *d, SimTime now, uint32_t c, uint32_t m, MdlView from, MdlView to,
                           MdlCause cause)
{
    TmView v = {now, c, m, from, to, cause};
    g_array_append_val(((TmRec *)d)->views, v);
}
static inline void tm_attempt(void *d, SimTime now, uint32_t c, uint32_t m, gboolean ok)
{
    TmAttempt a = {now, c, m, ok};
    g_array_append_val(((TmRec *)d)->attempts, a);
}
static inline void tm_sync(void *d, SimTime now, uint32_t c, uint32_t m, uint64_t n, SimTime dur)
{
    TmSync s = {now, c, m, n, dur};
    g_array_append_val(((TmRec *)d)->syncs, s);
}
static inline void tm_slot(void *d, SimTime now, uint32_t c, gboolean available)
{
    SimTime x = now * 2 + (available ? 1 : 0);
    g_array_append_val(((TmRec *)d)->slots, x);
}
static inline void tm_lost(void *d, SimTime now, uint64_t obj) { ((TmRec *)d)->lost++; }
static inline void tm_jobs(void *d, SimTime now, uint32_t m, uint32_t n)
{
    TmRec *r = d;
    SimTime a = r->jobs_since[m] > r->from ? r->jobs_since[m] : r->from;
    if (now > a)
        r->jobs_area[m] += r->jobs_now[m] * sim_time_to_s(now - a);
    r->jobs_now[m] = n;
    r->jobs_since[m] = now;
}
static inline void tm_job_done(void *d, SimTime now, uint32_t m, SimTime sojourn)
{
    TmRec *r = d;
    if (now - sojourn < r->from)
        return;                       /* arrived before the window */
    r->jobs_done[m]++;
    r->sojourn_sum[m] += sim_time_to_s(sojourn);
}

static const MdlObserverClass tm_class = {
    .op_issued = tm_op_issued, .op_done = tm_op_done, .failover = tm_failover,
    .view = tm_view, .attempt = tm_attempt, .sync = tm_sync, .slot = tm_slot,
    .object_lost = tm_lost, .member_jobs = tm_jobs, .job_done = tm_job_done,
};

static inline void tm_rec_init(TmRec *r)
{
    memset(r, 0, sizeof *r);
    r->views = g_array_new(FALSE, FALSE, sizeof(TmView));
    r->attempts = g_array_new(FALSE, FALSE, sizeof(TmAttempt));
    r->syncs = g_array_new(FALSE, FALSE, sizeof(TmSync));
    r->slots = g_array_new(FALSE, FALSE, sizeof(SimTime));
}

static inline void tm_rec_clear(TmRec *r)
{
    g_array_free(r->views, TRUE);
    g_array_free(r->attempts, TRUE);
    g_array_free(r->syncs, TRUE);
    g_array_free(r->slots, TRUE);
}

/* Runs one replication of `c` with seed replication `rep`, recording into r. */
static inline MdlGroup *tm_run(const MdlConfig *c, uint64_t rep, TmRec *r)
{
    MdlObserver obs = {&tm_class, r};
    MdlGroup *g = mdl_group_new(c, sim_rng_replication_seed(c->seed, rep), &obs);
    mdl_group_set_checks(g, TRUE);   /* invariants after every event */
    mdl_group_run(g, c->duration);
    return g;
}

static inline uint64_t tm_ended(const TmRec *r)
{
    uint64_t n = 0;
    for (int o = 0; o < MDL_N_OUTCOMES; o++)
        n += r->outcome[o];
    return n;
}

#endif
