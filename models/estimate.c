/* models/estimate.c - the cost of a study from its configuration (estimate.h).
 *
 * Operations: rate x clients x duration; each is an arrival and a service, and each
 * write also a clone on every other member (or an asynchronous copy).  Faults: a
 * process cycles every + repair on average (a scheduled fault once); each cycle is two
 * fault events plus, for every client and member it touches, a detection, the
 * autoRecovery probes or attempts while it lasts (one per interval), a synchronization
 * and a boot.  In fluid mode, operations are events only while a fault (and what follows
 * it) lasts.  Memory: the objects' registry (five 32-bit words each, arrays grown by
 * doubling), the members' queues and service units, the operations in flight, the
 * (client, member) pairs with their pending sets (writes missed during a mean
 * outage), the event queue.
 */
#include "models/estimate.h"

#include <math.h>

/* Members a fault instance touches, and its instances. */
static void fault_reach(const MdlConfig *c, const MdlFaultConfig *f, double *instances,
                        double *members)
{
    switch (f->target) {
    case MDL_TARGET_MEMBER:
        *instances = 1;
        *members = 1;
        break;
    case MDL_TARGET_ZONE:
        *instances = 1;
        *members = c->n_members;           /* at most */
        break;
    case MDL_TARGET_EACH_MEMBER:
        *instances = c->n_members;
        *members = 1;
        break;
    case MDL_TARGET_EACH_ZONE:
        *instances = c->n_zones;
        *members = (double)c->n_members / (c->n_zones ? c->n_zones : 1);
        break;
    case MDL_TARGET_CLIENT:
    default:
        *instances = 1;
        *members = c->n_members;
        break;
    }
}

void mdl_estimate(const MdlConfig *c, MdlEstimate *out)
{
    const double T = sim_time_to_s(c->duration);
    const double members = c->n_members, clients = c->n_clients;
    double capacity = 0;
    for (uint32_t m = 0; m < c->n_members; m++)
        capacity += c->members[m].capacity;
    /* issue 11: per client group, then the fleet's per-client means (weighted by
     * operations); the single form is one group, so its figures are its own */
    double rate = 0, writes = 0, creates = 0, in_wait = 0, interval_s = INFINITY;
    for (uint32_t k = 0; k < mdl_config_n_groups(c); k++) {
        MdlClientGroupConfig grp = mdl_config_group(c, k);
        double n = clients;
        if (c->n_groups > 0) {
            n = 0;
            for (uint32_t i = 0; i < c->n_clients; i++)
                n += c->clients[i].group == k;
        }
        /* the closed loop issues at most what its threads can (one per think time)
         * and what the members serve */
        double r = grp.rate;
        if (grp.app.threads > 0) {
            double z = sim_dist_mean(&grp.app.think);
            r = capacity / clients;
            if (z > 0 && grp.app.threads / z < r)
                r = grp.app.threads / z;
        }
        double share = c->n_groups > 0 ? n / clients : 1;
        rate += share * r;
        writes += (c->n_groups > 0 ? r * n : 1) * (grp.mix[1] + grp.mix[2]);
        creates += (c->n_groups > 0 ? r * n : 1) * grp.mix[1];
        in_wait += fmin(r * sim_time_to_s(grp.command_timeout), grp.app.max_outstanding) * n;
        interval_s = fmin(interval_s, sim_time_to_s(grp.interval > 0 ? grp.interval : SIM_MIN));
    }
    if (c->n_groups > 0 && rate > 0) {                   /* shares of all operations */
        writes /= rate * clients;
        creates /= rate * clients;
    }
    double ops = rate * clients * T;
    double op_events = ops * (2.0 + writes * (members > 1 ? members - 1 : 0) +
                              (c->mirror_mode == MDL_MIRROR_ASYNC ? writes : 0));

    double fault_events = 0, outage = 0;      /* outage: mean seconds of one outage */
    double faulty_s = 0;                      /* seconds some fault is on, at most */
    double interval = interval_s;
    for (uint32_t i = 0; i < c->n_faults; i++) {
        const MdlFaultConfig *f = &c->faults[i];
        double inst, reach, cycles, repair;
        fault_reach(c, f, &inst, &reach);
        if (f->scheduled) {
            cycles = f->at < c->duration ? 1 : 0;
            repair = sim_time_to_s(f->duration);
        } else {
            double cycle = sim_dist_mean(&f->every) + sim_dist_mean(&f->repair);
            repair = sim_dist_mean(&f->repair);
            cycles = cycle > 0 ? T / cycle + 1 : INFINITY;
        }
        if (repair > T)
            repair = T;
        double per_cycle = 2 + reach * clients * (4 + repair / interval);
        fault_events += inst * cycles * per_cycle;
        faulty_s += inst * cycles * repair;
        if (repair > outage)
            outage = repair;
    }
    /* fluid mode: operations are events only while something is wrong (the faults and
     * what follows them: detection, recovery, synchronization, about as long again) */
    if (c->workload_mode == MDL_WORKLOAD_FLUID)
        op_events *= T > 0 ? fmin(1, 2 * faulty_s / T) : 1;
    double events = op_events + fault_events + c->n_actions * (1 + clients * members) +
                    clients * (1 + members);

    /* memory */
    double objects = (double)c->initial_objects + ops * creates;
    double bytes = 4096.0 + objects * 5 * 4 * 2;           /* registry, doubled arrays */
    double in_flight = 0;
    for (uint32_t m = 0; m < c->n_members; m++) {
        const MdlMemberConfig *mc = &c->members[m];
        double jobs = (double)mc->queue_limit + mc->concurrency;
        bytes += 2 * jobs * 32 + 4096;                      /* ring (power of two), units */
        in_flight += jobs;
    }
    /* operations that wait for a detection (command_timeout) at a silent member */
    in_flight += in_wait;
    bytes += 2 * in_flight * (48 + 32);                     /* Op records, their events */
    double missed = rate * writes * outage;              /* writes during an outage */
    if (missed > objects)
        missed = objects;
    bytes += clients * members * (512 + missed * 36);       /* pairs, pending sets */
    bytes += clients * 256;

    out->operations = ops;
    out->fault_events = fault_events;
    out->events = events;
    out->objects = objects;
    out->bytes = bytes;
}
