/* models/member.c - a member's physical state and its service.
 *
 * Physical state (MODEL.md 1.2).  Power, reboot, tamper and zeroize faults hold the
 * member off; when the last of them clears it boots for boot_time, then, if the
 * outage included a power fault longer than activation_hold or a tamper, waits for
 * the operator to re-activate it, and after a zeroize for the operator to
 * re-initialize it (reinit_time).  Network faults leave it running but cut it off.
 * It is up when none of this applies.
 *
 * Service.  `concurrency` units, each taking a service time drawn per operation type;
 * a FIFO queue of jobs in front of them.  A job names an operation and the
 * operation's generation when it was sent: when the client gives up on the operation
 * (failover, restart) its generation moves on and the job becomes stale — the member
 * still spends the time, but nobody hears the answer.  When the member goes off, its
 * queue is emptied and the work in service is dropped (the service epoch in the event
 * target tells those completions apart).
 */
#include "models/world.h"

#include <string.h>

/* Event target of a service completion: epoch << 15 | unit << 5 | member. */
#define MEMBER_BITS 5
#define UNIT_BITS 10
#define EPOCH_MASK ((1u << (32 - MEMBER_BITS - UNIT_BITS)) - 1)

G_STATIC_ASSERT(MDL_MAX_MEMBERS <= (1 << MEMBER_BITS));

void mdl_member_init(MdlGroup *g, Member *m, uint32_t index)
{
    memset(m, 0, sizeof *m);
    m->cfg = &g->cfg->members[index];
    m->index = index;
    m->phys = MDL_PHYS_UP;
    uint32_t units = m->cfg->concurrency;
    g_assert(units >= 1 && units <= (1u << UNIT_BITS));
    m->serving = g_new(Job, units);
    m->free_units = g_new(uint16_t, units);
    for (uint32_t u = 0; u < units; u++) {
        m->serving[u].op = MDL_NONE;
        m->free_units[u] = (uint16_t)(units - 1 - u);     /* unit 0 on top */
    }
    m->q_cap = 16;
    m->queue = g_new(Job, m->q_cap);
    char name[160];
    g_snprintf(name, sizeof name, "member/%s/service", m->cfg->name);
    m->r_service = mdl_stream_new(g, name);
    for (int t = 0; t < MDL_N_OPS; t++)
        m->service[t] = mdl_member_service(m->cfg, (MdlOpType)t);
    m->async_missed = g_array_new(FALSE, FALSE, sizeof(uint32_t));
}

void mdl_member_clear(Member *m)
{
    g_free(m->serving);
    g_free(m->free_units);
    g_free(m->queue);
    gsl_rng_free(m->r_service);
    for (int t = 0; t < MDL_N_OPS; t++)
        sim_dist_clear(&m->service[t]);
    g_array_free(m->async_missed, TRUE);
}

gboolean mdl_reachable(const MdlGroup *g, uint32_t client, uint32_t member)
{
    return g->members[member].phys == MDL_PHYS_UP && g->clients[client].isolated == 0 &&
           mdl_linked(g, client, member);
}

/* ---- service ------------------------------------------------------------------------ */

static void report_jobs(MdlGroup *g, const Member *m)
{
    OBS(g, member_jobs, NOW(g), m->index, m->busy + m->q_len);
}

static void start_service(MdlGroup *g, Member *m, const Job *job)
{
    /* the answer will need the operation's record, long out of the cache when the job
     * waited in a queue: fetch it now, in the background */
    __builtin_prefetch(&g->ops[job->op]);
    uint32_t unit = m->free_units[m->cfg->concurrency - 1 - m->busy];
    m->busy++;
    m->serving[unit] = *job;
    const MdlClientGroupConfig *grp = g->clients[job->client].grp;   /* issue 11 */
    SimTime t = sim_dist_sample_time(grp->has_service[job->type] ? &grp->service[job->type]
                                                                 : &m->service[job->type],
                                     m->r_service);
    uint32_t target = ((m->svc_epoch & EPOCH_MASK) << (MEMBER_BITS + UNIT_BITS)) |
                      (unit << MEMBER_BITS) | m->index;
    sim_engine_schedule_in(g->engine, t, g->kind[EV_SERVICE_DONE], target,
                           ((uint64_t)job->gen << 32) | job->op);
}

/* Keeps the group's mask of full members (all units busy, queue at its limit). */
static void update_full(MdlGroup *g, const Member *m)
{
    if (m->busy >= m->cfg->concurrency && m->q_len >= m->cfg->queue_limit)
        g->full |= BIT(m->index);
    else
        g->full &= ~BIT(m->index);
}

void mdl_member_enqueue(MdlGroup *g, uint32_t member, uint32_t op, MdlOpType svc_type)
{
    Member *m = &g->members[member];
    const Op *o = &g->ops[op];
    Job job = {op, o->gen, o->client, svc_type, NOW(g)};
    if (m->busy < m->cfg->concurrency) {
        start_service(g, m, &job);
    } else {
        if (m->q_len == m->q_cap) {
            Job *bigger = g_new(Job, m->q_cap * 2);
            for (uint32_t i = 0; i < m->q_len; i++)
                bigger[i] = m->queue[(m->q_head + i) & (m->q_cap - 1)];
            g_free(m->queue);
            m->queue = bigger;
            m->q_head = 0;
            m->q_cap *= 2;
        }
        m->queue[(m->q_head + m->q_len++) & (m->q_cap - 1)] = job;
    }
    update_full(g, m);
    report_jobs(g, m);
}

static gboolean wanted(const MdlGroup *g, const Job *j)
{
    return g->ops[j->op].gen == j->gen;
}

/* A unit is free: start the next job that is still wanted.  While no job here is
 * stale (the common case) the operation's record is not even looked at: under
 * overload it is long out of the cache. */
static void next_job(MdlGroup *g, Member *m)
{
    while (m->q_len > 0) {
        Job j = m->queue[m->q_head];
        m->q_head = (m->q_head + 1) & (m->q_cap - 1);
        m->q_len--;
        __builtin_prefetch(&m->queue[(m->q_head + 8) & (m->q_cap - 1)]);   /* the ring ahead */
        if (m->n_stale == 0 || wanted(g, &j)) {
            start_service(g, m, &j);
            return;
        }
        m->n_stale--;
        OBS(g, job_done, NOW(g), m->index, NOW(g) - j.since);   /* stale: leaves unserved */
    }
}

void mdl_member_mark_stale(MdlGroup *g, uint32_t member, Job *job)
{
    g->ops[job->op].gen++;
    g->members[member].n_stale++;
}

void mdl_on_service_done(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    Member *m = &g->members[ev->target & ((1u << MEMBER_BITS) - 1)];
    if ((ev->target >> (MEMBER_BITS + UNIT_BITS)) != (m->svc_epoch & EPOCH_MASK))
        return;                        /* dropped when the member went off */
    uint32_t unit = (ev->target >> MEMBER_BITS) & ((1u << UNIT_BITS) - 1);
    Job j = m->serving[unit];
    m->serving[unit].op = MDL_NONE;
    m->busy--;
    m->free_units[m->cfg->concurrency - 1 - m->busy] = (uint16_t)unit;
    OBS(g, job_done, NOW(g), m->index, NOW(g) - j.since);
    gboolean answer = wanted(g, &j);
    if (!answer)
        m->n_stale--;
    next_job(g, m);
    update_full(g, m);
    report_jobs(g, m);
    if (answer)
        mdl_op_answered(g, j.op);
}

void mdl_member_foreach_job(MdlGroup *g, uint32_t member,
                            void (*fn)(MdlGroup *g, uint32_t member, Job *job, void *data), void *data)
{
    Member *m = &g->members[member];
    /* with no stale job here, every job is wanted: no need to look at the records
     * (which fn may make stale, so count them first) */
    gboolean check = m->n_stale > 0;
    for (uint32_t u = 0; u < m->cfg->concurrency; u++)
        if (m->serving[u].op != MDL_NONE && (!check || wanted(g, &m->serving[u])))
            fn(g, member, &m->serving[u], data);
    for (uint32_t i = 0; i < m->q_len; i++) {
        Job *j = &m->queue[(m->q_head + i) & (m->q_cap - 1)];
        if (!check || wanted(g, j))
            fn(g, member, j, data);
    }
}

static void lose_job(MdlGroup *g, uint32_t member, Job *job, void *data)
{
    g_array_append_val(PAIR(g, job->client, member)->lost, job->op);
}

/* The member stopped answering (off, or cut off from every client): what it had will
 * not be answered; its work is dropped (so its jobs need not go stale: they are gone).
 * Detection follows for every client. */
static void drop_work(MdlGroup *g, Member *m)
{
    mdl_member_foreach_job(g, m->index, lose_job, NULL);
    m->svc_epoch++;
    m->busy = 0;
    m->n_stale = 0;
    for (uint32_t u = 0; u < m->cfg->concurrency; u++) {
        m->serving[u].op = MDL_NONE;
        m->free_units[u] = (uint16_t)(m->cfg->concurrency - 1 - u);
    }
    m->q_len = 0;
    m->q_head = 0;
    update_full(g, m);
    report_jobs(g, m);
    for (uint32_t c = 0; c < g->n_clients; c++) {
        if (g->clients[c].down)
            continue;                    /* its host is off: it has nothing here */
        if (g->fluid)
            mdl_fluid_in_flight(g, c, m->index);
        mdl_pair_silenced(g, c, m->index);
    }
}

/* ---- physical state ------------------------------------------------------------------ */

static MdlPhys compute_phys(const Member *m)
{
    if (m->n_kind[MDL_FAULT_ZEROIZE] || m->needs_reinit || m->reiniting)
        return MDL_PHYS_ZEROIZED;
    if (m->n_kind[MDL_FAULT_TAMPER] || m->tampered)
        return MDL_PHYS_TAMPERED;
    if (m->down || m->booting || m->needs_activation)
        return MDL_PHYS_POWERED_OFF;
    if (m->net || m->cut_off)
        return MDL_PHYS_ISOLATED;
    return MDL_PHYS_UP;
}

/* Recomputes the physical state and lets everything that depends on it know. */
void mdl_member_update(MdlGroup *g, Member *m)
{
    MdlPhys from = m->phys, to = compute_phys(m);
    if (from == to)
        return;
    m->phys = to;
    FLUID_TOUCH(g);
    OBS(g, phys, NOW(g), m->index, from, to);
    if (from == MDL_PHYS_UP) {
        drop_work(g, m);
    } else if (to == MDL_PHYS_UP) {
        mdl_async_member_up(g, m->index);
    }
    mdl_slots_update_all(g);
}

void mdl_member_fault(MdlGroup *g, uint32_t member, MdlFaultKind kind, gboolean begins)
{
    Member *m = &g->members[member];
    if (kind == MDL_FAULT_NETWORK) {
        m->net += begins ? 1 : (uint32_t)-1;
        mdl_member_update(g, m);
        return;
    }
    if (begins) {
        m->n_kind[kind]++;
        if (m->down++ == 0) {            /* an outage begins */
            m->off_since = NOW(g);
            m->outage_power = FALSE;
        }
        if (m->booting) {
            sim_engine_cancel(g->engine, m->boot_ev);
            m->booting = FALSE;
        }
        if (m->reiniting) {            /* re-initialization interrupted: start over */
            sim_engine_cancel(g->engine, m->reinit_ev);
            m->reiniting = FALSE;
        }
        if (kind == MDL_FAULT_POWER)
            m->outage_power = TRUE;
        if (kind == MDL_FAULT_TAMPER) {
            m->tampered = TRUE;
            m->needs_activation = TRUE;
        }
        if (kind == MDL_FAULT_ZEROIZE) {
            m->wipe_epoch++;
            m->needs_reinit = TRUE;
            mdl_objects_wipe_member(g, member);
        }
    } else {
        m->n_kind[kind]--;
        if (--m->down == 0) {
            /* the cause cleared: power returns and it boots */
            if (m->outage_power && NOW(g) - m->off_since > m->cfg->activation_hold)
                m->needs_activation = TRUE;
            m->booting = TRUE;
            m->boot_ev = sim_engine_schedule_in(g->engine, m->cfg->boot_time,
                                                g->kind[EV_BOOT_DONE], member, 0);
        }
    }
    mdl_member_update(g, m);
}

void mdl_on_boot_done(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    Member *m = &g->members[ev->target];
    m->booting = FALSE;
    m->boot_ev = SIM_EVENT_NONE;
    if (m->needs_reinit)
        mdl_case_open(g, CASE_REINIT, m->index, MDL_NONE);
    else if (m->needs_activation)
        mdl_case_open(g, CASE_ACTIVATE, m->index, MDL_NONE);
    mdl_member_update(g, m);
}

/* Operator: re-activation.  FALSE when it cannot be done now (member off or booting). */
gboolean mdl_member_activate(MdlGroup *g, uint32_t member)
{
    Member *m = &g->members[member];
    if (m->down || m->booting)
        return FALSE;
    m->needs_activation = FALSE;
    m->tampered = FALSE;
    mdl_member_update(g, m);
    return TRUE;
}

/* Operator: start re-initialization.  FALSE when it cannot start now. */
gboolean mdl_member_start_reinit(MdlGroup *g, uint32_t member)
{
    Member *m = &g->members[member];
    if (m->down || m->booting || m->reiniting)
        return m->reiniting;
    m->reiniting = TRUE;
    m->reinit_ev = sim_engine_schedule_in(g->engine, m->cfg->reinit_time,
                                          g->kind[EV_REINIT_DONE], member, 0);
    mdl_member_update(g, m);
    return TRUE;
}

void mdl_on_reinit_done(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    Member *m = &g->members[ev->target];
    m->reiniting = FALSE;
    m->needs_reinit = FALSE;
    m->needs_activation = FALSE;       /* a re-initialized member is also activated */
    m->tampered = FALSE;
    mdl_member_update(g, m);
}
