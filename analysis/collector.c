/* analysis/collector.c - per-replication metric collection (an MdlObserver). */
#include "analysis/collector.h"

#include "analysis/fluid-latency.h"

#include <math.h>
#include <string.h>

/* A boolean state integrated over the window.  Fluid mode adds a level: the
 * probability that the state is TRUE while the events say FALSE (writes in progress
 * that are not events), or FALSE while they say TRUE (`level_off`). */
typedef struct {
    gboolean value;
    SimTime since;           /* last change */
    double on_s;             /* seconds TRUE inside the window (times the weight) */
    double off_s;            /* seconds FALSE inside the window (times the weight) */
    double level;            /* fluid: P(TRUE) while value is FALSE */
    double level_off;        /* fluid: P(FALSE) while value is TRUE */
} Flag;

typedef struct {
    Flag avail;
    SimTime down_since;
    double outages;          /* (times the weight) */
    double outage_total, outage_longest;
    double ended, ok, stale; /* fluid mode: expected counts of the fluid operations added */
    uint64_t failovers;
    double failover_delay;
    uint64_t attempts, autos, exhausted, manual;
    double rejoin_sum;
    uint64_t rejoin_n;
    gboolean restarted;      /* START view changes come from a client-restart action */
    /* zones: its application host is off (a power fault on its zone); that time is left
     * out of its availability (the group is not failing it) */
    gboolean host_off;
    SimTime off_since;
    double off_total;        /* seconds off inside the window (times the weight) */
    Flag in_sync;
    Flag in_flight;          /* in sync, writes in flight (a part of in_sync's time) */
    double fl_flight;        /* fluid: P(fluid writes in flight, none out of sync) */
    uint64_t div_cur, div_max;
    uint64_t pending_max;
    /* fluid mode: the latency classes told last, since when */
    MdlFluidLatency *lat;
    uint32_t n_lat;
    gboolean lat_valid;
    SimTime lat_since;
    double req_ended, req_slo;   /* issue 11: requests ended, of which answered within slo */
    SimTime slo;                 /* its group's workload.slo, 0: none (not counted) */
    gboolean closed_loop;        /* its group's requests are the threads' */
} ClientAcc;

struct AnaCollector {
    SimTime w, d;
    uint32_t n_clients, n_members;
    ClientAcc *clients;
    Flag *member_up;
    Flag at_risk;
    double lost;             /* (times the weight) */
    uint64_t rejected;
    /* splitting (analysis/splitting.c): what this trial's contributions count for, and
     * the first loss of an object on its path */
    double weight;
    gboolean splitting, lost_seen;
    double loss_first;
    SimTime *detected;       /* per pair: detection time of the open episode, or -1 */
    uint64_t *pending;       /* per pair: current size */
    gboolean fluid;          /* a fluid-mode run (docs/model.md) */
    AnaFluidLat *flat;       /* fluid mode: the classes' operations in the window */
    /* the latencies (fluid mode: of the operations drawn), and every client's outages
     * and rejoin episodes, ns; NULL in a splitting trial's copy (not estimated) */
    struct Hists {
        AnaHistogram latency, drawn, outages, rejoins;
    } *h;
    gboolean closed;         /* the window's end is accounted for (close_window) */
    SimTime slo;             /* workload.slo, 0: none */
};

static void flag_set(const AnaCollector *c, Flag *f, SimTime now, gboolean value)
{
    double weight = f->value ? 1 - f->level_off : f->level;
    SimTime a = f->since > c->w ? f->since : c->w;
    SimTime b = now < c->d ? now : c->d;
    if (b > a) {
        double s = sim_time_to_s(b - a);
        if (weight > 0)
            f->on_s += c->weight * weight * s;
        if (c->splitting && weight < 1)
            f->off_s += c->weight * (1 - weight) * s;
    }
    f->value = value;
    f->since = now;
}

static gboolean in_window(const AnaCollector *c, SimTime t) { return t >= c->w && t <= c->d; }

/* A level held from the last change to `now` counts toward a window maximum when
 * that stretch overlaps the window. */
static void max_update(const AnaCollector *c, uint64_t *cur, uint64_t *max, SimTime now,
                       uint64_t value)
{
    if (now > c->w && *cur > *max)
        *max = *cur;             /* the old level was held at some time in [w, now) */
    *cur = value;
    if (in_window(c, now) && value > *max)
        *max = value;
}

/* Seconds of an episode from `start` to `now` that fall inside the window. */
static double clipped_s(const AnaCollector *c, SimTime start, SimTime now)
{
    SimTime from = start > c->w ? start : c->w;
    SimTime to = now < c->d ? now : c->d;
    return to > from ? sim_time_to_s(to - from) : 0;
}

/* An outage that ended at `now` (or is open at the end of the window). */
static void outage_count(AnaCollector *c, ClientAcc *a, SimTime now)
{
    double s = clipped_s(c, a->down_since, now);
    if (c->h)
        ana_histogram_add(&c->h->outages, (SimTime)(s * 1e9 + 0.5));
    a->outages += c->weight;
    a->outage_total += c->weight * s;
    if (s > a->outage_longest)
        a->outage_longest = s;
}

#define SELF AnaCollector *c = data

static void op_done(void *data, SimTime now, uint32_t client, MdlOpType type,
                    MdlOutcome outcome, SimTime latency)
{
    SELF;
    if (!in_window(c, now))
        return;
    ClientAcc *a = &c->clients[client];
    a->ended++;
    if (outcome == MDL_OUTCOME_OK) {
        a->ok++;
        if (c->h == NULL)
            ;
        else if (c->fluid)    /* the merged histogram would be a biased sample of them alone */
            ana_histogram_add(&c->h->drawn, latency);
        else
            ana_histogram_add(&c->h->latency, latency);
    } else if (outcome == MDL_OUTCOME_NOT_FOUND && type == MDL_OP_READ) {
        a->stale++;
    } else if (outcome == MDL_OUTCOME_REJECTED) {
        c->rejected++;
    }
    if (!a->closed_loop && a->slo > 0) {   /* the open loop: each operation is a request */
        a->req_ended++;
        if (outcome == MDL_OUTCOME_OK && latency <= a->slo)
            a->req_slo++;
    }
}

/* issue 11: a closed-loop request, from its first issue to its final answer */
static void request_done(void *data, SimTime now, uint32_t client, gboolean ok, SimTime latency,
                         uint32_t attempts)
{
    SELF;
    if (!in_window(c, now))
        return;
    ClientAcc *a = &c->clients[client];
    if (a->slo == 0)
        return;                  /* issue 11: a group without slo is not counted */
    a->req_ended++;
    if (ok && latency <= a->slo)
        a->req_slo++;
}

static void failover(void *data, SimTime now, uint32_t client, SimTime delay)
{
    SELF;
    if (!in_window(c, now))
        return;
    c->clients[client].failovers++;
    c->clients[client].failover_delay += sim_time_to_s(delay);
}

/* The availability flag integrated up to now; not while the host is off. */
static void avail_sync(AnaCollector *c, ClientAcc *a, SimTime now)
{
    if (a->host_off)
        a->avail.since = now;
    else
        flag_set(c, &a->avail, now, a->avail.value);
}

static void client_power(void *data, SimTime now, uint32_t client, gboolean on)
{
    SELF;
    ClientAcc *a = &c->clients[client];
    if (!on && !a->host_off) {
        flag_set(c, &a->avail, now, a->avail.value);
        if (!a->avail.value && now > c->w)
            outage_count(c, a, now);            /* an outage ends as the host goes off */
        a->host_off = TRUE;
        a->off_since = now;
    } else if (on && a->host_off) {
        a->host_off = FALSE;
        a->off_total += c->weight * clipped_s(c, a->off_since, now);
        a->avail.since = now;
        if (!a->avail.value)
            a->down_since = now;                /* back, and unable to serve */
    }
}

static void slot(void *data, SimTime now, uint32_t client, gboolean available)
{
    SELF;
    ClientAcc *a = &c->clients[client];
    if (a->host_off) {                          /* not counted: the host is off */
        a->avail.value = available;
        a->avail.since = now;
        return;
    }
    if (!available) {
        a->down_since = now;
    } else if (!a->avail.value && now > c->w) {
        outage_count(c, a, now);                /* it ends inside the window */
    }
    flag_set(c, &a->avail, now, available);
}

static gboolean lost_view(MdlView v)
{
    return v == MDL_VIEW_FAILED || v == MDL_VIEW_EXHAUSTED || v == MDL_VIEW_ABSENT;
}

/* A rejoin episode (detection to active again) that ended at `now`, or is open at the
 * end of the window. */
static void rejoin_count(AnaCollector *c, ClientAcc *a, SimTime detected, SimTime now)
{
    double s = clipped_s(c, detected, now);
    if (c->h)
        ana_histogram_add(&c->h->rejoins, (SimTime)(s * 1e9 + 0.5));
    a->rejoin_sum += s;
    a->rejoin_n++;
}

static void view(void *data, SimTime now, uint32_t client, uint32_t member, MdlView from,
                 MdlView to, MdlCause cause)
{
    SELF;
    ClientAcc *a = &c->clients[client];
    SimTime *det = &c->detected[client * c->n_members + member];
    gboolean win = in_window(c, now);
    if (cause == MDL_CAUSE_START && !a->restarted)
        return;                               /* the client's first start */
    if (to == MDL_VIEW_FAILED && cause == MDL_CAUSE_DETECTED)
        *det = now;
    if (to == MDL_VIEW_EXHAUSTED && win)
        a->exhausted++;
    if (lost_view(from) && !lost_view(to) && win) {
        if (cause == MDL_CAUSE_AUTO)
            a->autos++;
        else if (cause == MDL_CAUSE_MANUAL || cause == MDL_CAUSE_START)
            a->manual++;                      /* the operator, a recover or a restart */
    }
    if ((to == MDL_VIEW_ACTIVE || to == MDL_VIEW_STANDBY) && *det >= 0) {
        if (now > c->w)
            rejoin_count(c, a, *det, now);
        *det = -1;
    }
}

static void client_restart(void *data, SimTime now, uint32_t client)
{
    SELF;
    c->clients[client].restarted = TRUE;
}

static void attempt(void *data, SimTime now, uint32_t client, uint32_t member, gboolean ok)
{
    SELF;
    if (in_window(c, now))
        c->clients[client].attempts++;
}

static void phys(void *data, SimTime now, uint32_t member, MdlPhys from, MdlPhys to)
{
    SELF;
    flag_set(c, &c->member_up[member], now, to == MDL_PHYS_UP);
}

/* The in-flight flag's fluid levels follow the events' state: while they say in flight,
 * fluid windows out of sync take time from it as from in_sync; while they say in sync
 * with nothing in flight, fluid writes in flight add to it; out of sync, nothing does. */
static void flight_levels(ClientAcc *a)
{
    a->in_flight.level_off = a->in_sync.level_off;
    a->in_flight.level = a->in_sync.value && !a->in_flight.value ? a->fl_flight : 0;
}

static void consistency(void *data, SimTime now, uint32_t client, gboolean in_sync,
                        gboolean in_flight, uint64_t divergence)
{
    SELF;
    ClientAcc *a = &c->clients[client];
    /* a flag is cut only when it (or, for in_flight, its level) changes: a stretch of
     * one value sums to the window exactly */
    if (in_sync != a->in_sync.value || in_flight != a->in_flight.value) {
        flag_set(c, &a->in_flight, now, in_flight);
        if (in_sync != a->in_sync.value)
            flag_set(c, &a->in_sync, now, in_sync);
        flight_levels(a);
    }
    max_update(c, &a->div_cur, &a->div_max, now, divergence);
}

static void pending(void *data, SimTime now, uint32_t client, uint32_t member, uint64_t size)
{
    SELF;
    ClientAcc *a = &c->clients[client];
    uint64_t *cur = &c->pending[client * c->n_members + member];
    max_update(c, cur, &a->pending_max, now, size);
}

static void at_risk(void *data, SimTime now, gboolean risk)
{
    SELF;
    flag_set(c, &c->at_risk, now, risk);
}

static void fluid_ops(void *data, SimTime from, SimTime to, uint32_t client, double ok_per_s,
                      double failed_per_s, double stale_per_s)
{
    SELF;
    ClientAcc *a = &c->clients[client];
    double s = clipped_s(c, from, to);
    a->ok += ok_per_s * s;
    a->ended += (ok_per_s + failed_per_s + stale_per_s) * s;
    a->stale += stale_per_s * s;
}

static void fluid_level(void *data, SimTime now, uint32_t client, double level)
{
    SELF;
    if (client == MDL_NONE) {
        flag_set(c, &c->at_risk, now, c->at_risk.value);
        c->at_risk.level = level;
    } else {
        ClientAcc *a = &c->clients[client];
        flag_set(c, &a->in_sync, now, a->in_sync.value);
        flag_set(c, &a->in_flight, now, a->in_flight.value);
        a->in_sync.level_off = level;
        flight_levels(a);
    }
}

static void fluid_flight(void *data, SimTime now, uint32_t client, double level)
{
    SELF;
    ClientAcc *a = &c->clients[client];
    flag_set(c, &a->in_flight, now, a->in_flight.value);
    a->fl_flight = level;
    flight_levels(a);
}

/* The client's classes from lat_since to now into the window's weights. */
static void lat_flush(AnaCollector *c, ClientAcc *a, SimTime now)
{
    double s = clipped_s(c, a->lat_since, now), rate = 0;
    for (uint32_t k = 0; k < a->n_lat; k++) {
        ana_fluid_lat_add(c->flat, &a->lat[k], a->lat[k].rate * s);
        rate += a->lat[k].rate;
    }
    if (!a->lat_valid && s > 0 && rate > 0)
        ana_fluid_lat_invalidate(c->flat);
    a->lat_since = now;
}

static void fluid_latency(void *data, SimTime now, uint32_t client, const MdlFluidLatency *classes,
                          uint32_t n, gboolean valid)
{
    SELF;
    ClientAcc *a = &c->clients[client];
    lat_flush(c, a, now);
    a->lat = g_renew(MdlFluidLatency, a->lat, n ? n : 1);
    memcpy(a->lat, classes, n * sizeof *classes);
    a->n_lat = n;
    a->lat_valid = valid;
}

static void fluid_call_done(void *data, SimTime now, uint32_t client, SimTime latency)
{
    SELF;
    if (in_window(c, now) && c->h)
        ana_histogram_add(&c->h->drawn, latency);
}

static void object_lost(void *data, SimTime now, uint64_t object)
{
    SELF;
    if (!in_window(c, now))
        return;
    c->lost += c->weight;
    if (!c->lost_seen)
        c->loss_first += c->weight;   /* P(some object lost): its first loss only */
    c->lost_seen = TRUE;
}

static const MdlObserverClass collector_class = {
    .op_done = op_done,
    .failover = failover,
    .slot = slot,
    .view = view,
    .client_restart = client_restart,
    .client_power = client_power,
    .attempt = attempt,
    .phys = phys,
    .consistency = consistency,
    .pending = pending,
    .at_risk = at_risk,
    .object_lost = object_lost,
    .fluid_ops = fluid_ops,
    .fluid_level = fluid_level,
    .fluid_flight = fluid_flight,
    .fluid_latency = fluid_latency,
    .fluid_call_done = fluid_call_done,
    .request_done = request_done,
};

/* The histograms take 240 KB, and a fluid replication lasts about a millisecond:
 * zeroing them for each would cost more than all but the busiest events.  Each thread
 * keeps one set back, emptied (only the histograms that were used get zeroed again). */
static GPrivate spare_hists = G_PRIVATE_INIT(g_free);

static struct Hists *hists_take(void)
{
    struct Hists *h = g_private_get(&spare_hists);
    if (h != NULL) {
        g_private_set(&spare_hists, NULL);
        return h;
    }
    h = g_new(struct Hists, 1);
    ana_histogram_init(&h->latency);
    ana_histogram_init(&h->drawn);
    ana_histogram_init(&h->outages);
    ana_histogram_init(&h->rejoins);
    return h;
}

static void hists_give(struct Hists *h)
{
    if (h == NULL)
        return;
    AnaHistogram *all[] = {&h->latency, &h->drawn, &h->outages, &h->rejoins};
    for (guint i = 0; i < G_N_ELEMENTS(all); i++)
        if (all[i]->count > 0 || all[i]->sum != 0)
            ana_histogram_init(all[i]);
    if (g_private_get(&spare_hists) == NULL)
        g_private_set(&spare_hists, h);
    else
        g_free(h);
}

AnaCollector *ana_collector_new(const MdlConfig *config)
{
    AnaCollector *c = g_new0(AnaCollector, 1);
    c->w = config->warmup;
    c->weight = 1;
    c->splitting = config->estimator == MDL_ESTIMATOR_SPLITTING;
    c->d = config->duration;
    c->n_clients = config->n_clients;
    c->n_members = config->n_members;
    c->fluid = config->workload_mode == MDL_WORKLOAD_FLUID;
    c->slo = 0;                  /* issue 11: the largest of the groups' */
    for (uint32_t k = 0; k < mdl_config_n_groups(config); k++)
        c->slo = MAX(c->slo, mdl_config_group(config, k).app.slo);
    if (c->fluid) {
        c->flat = ana_fluid_lat_new();
    }
    c->clients = g_new0(ClientAcc, c->n_clients);
    for (uint32_t k = 0; k < c->n_clients; k++) {
        uint32_t gi = config->n_groups ? config->clients[k].group : 0;
        MdlClientGroupConfig s = mdl_config_group(config, gi);
        c->clients[k].slo = s.app.slo;
        c->clients[k].closed_loop = s.app.threads > 0;
    }
    for (uint32_t k = 0; k < c->n_clients; k++)
        c->clients[k].in_sync.value = TRUE;    /* nothing in rotation yet: vacuously */
    c->member_up = g_new0(Flag, c->n_members);
    for (uint32_t m = 0; m < c->n_members; m++)
        c->member_up[m].value = TRUE;
    size_t pairs = (size_t)c->n_clients * c->n_members;
    c->detected = g_new(SimTime, pairs);
    for (size_t k = 0; k < pairs; k++)
        c->detected[k] = -1;
    c->pending = g_new0(uint64_t, pairs);
    c->h = hists_take();
    return c;
}

void ana_collector_free(AnaCollector *c)
{
    if (c == NULL)
        return;
    for (uint32_t k = 0; k < c->n_clients; k++)
        g_free(c->clients[k].lat);
    g_free(c->clients);
    ana_fluid_lat_free(c->flat);
    g_free(c->member_up);
    g_free(c->detected);
    g_free(c->pending);
    hists_give(c->h);
    g_free(c);
}

MdlObserver ana_collector_observer(AnaCollector *c)
{
    return (MdlObserver){&collector_class, c};
}

/* Which metrics are measured per client and averaged over clients. */
static const gboolean per_client[ANA_N_FIXED] = {
#define ANA_METRIC_PER_CLIENT(id, name, dir, per, kind, what) [ANA_M_##id] = per,
    ANA_METRICS(ANA_METRIC_PER_CLIENT)
#undef ANA_METRIC_PER_CLIENT
};

/* The end of the window: the episodes still open are counted, the states integrated up
 * to it.  Once. */
static void close_window(AnaCollector *c)
{
    const SimTime end = c->d;
    if (c->closed)
        return;
    c->closed = TRUE;
    for (uint32_t k = 0; k < c->n_clients; k++) {
        ClientAcc *a = &c->clients[k];
        if (a->host_off) {                       /* off at the end */
            a->off_total += c->weight * clipped_s(c, a->off_since, end);
            a->off_since = end;
        } else if (!a->avail.value && end > c->w) {   /* an outage still open at the end */
            outage_count(c, a, end);
        }
        for (uint32_t m = 0; m < c->n_members; m++) {
            SimTime det = c->detected[k * c->n_members + m];
            if (det >= 0 && end > c->w)          /* a rejoin still awaited at the end */
                rejoin_count(c, a, det, end);
            if (c->pending[k * c->n_members + m] > a->pending_max)
                a->pending_max = c->pending[k * c->n_members + m];
        }
        avail_sync(c, a, end);
        flag_set(c, &a->in_sync, end, a->in_sync.value);
        flag_set(c, &a->in_flight, end, a->in_flight.value);
        if (a->div_cur > a->div_max)
            a->div_max = a->div_cur;
    }
    flag_set(c, &c->at_risk, end, c->at_risk.value);
    for (uint32_t m = 0; m < c->n_members; m++)
        flag_set(c, &c->member_up[m], end, c->member_up[m].value);
}

void ana_collector_finish(AnaCollector *c, const MdlGroup *group, double wall_s, double *values)
{
    const SimTime end = c->d;
    const double window = sim_time_to_s(c->d - c->w);
    /* per-client metrics: the mean over clients of the non-null values */
    double sum[ANA_N_FIXED] = {0};
    uint32_t n[ANA_N_FIXED] = {0};
    double ok_total = 0;
    close_window(c);
    for (uint32_t k = 0; k < c->n_clients; k++) {
        ClientAcc *a = &c->clients[k];
        ok_total += a->ok;

        double v[ANA_N_FIXED];
        /* the time its host was off is left out (zones) */
        double served = window - a->off_total;
        v[ANA_M_AVAIL_TIME] = served > 0 ? a->avail.on_s / served : NAN;
        /* measured, not 1 - the above: an unavailability of 1e-9 keeps its digits */
        v[ANA_M_UNAVAIL_TIME] = served > 0 ? fmax(0, served - a->avail.on_s) / served : NAN;
        v[ANA_M_AVAIL_REQUESTS] = a->ended > 0 ? fmin(1, a->ok / a->ended) : NAN;
        v[ANA_M_AVAIL_SLO] = c->slo > 0 && !c->fluid && a->req_ended > 0
                                 ? a->req_slo / a->req_ended : NAN;
        v[ANA_M_OUTAGE_COUNT] = (double)a->outages;
        v[ANA_M_OUTAGE_TOTAL] = a->outage_total;
        v[ANA_M_OUTAGE_LONGEST] = a->outage_longest;
        if (c->splitting) {
            /* the weighted time out of service: its mean is the unavailability */
            v[ANA_M_UNAVAIL_TIME] = a->avail.off_s / window;
            v[ANA_M_AVAIL_TIME] = 1 - v[ANA_M_UNAVAIL_TIME];
            v[ANA_M_OUTAGE_TOTAL] = a->avail.off_s;
        }
        v[ANA_M_FAILOVER_COUNT] = (double)a->failovers;
        v[ANA_M_FAILOVER_LATENCY] = a->failovers ? a->failover_delay / (double)a->failovers : NAN;
        v[ANA_M_REC_ATTEMPTS] = (double)a->attempts;
        v[ANA_M_REC_AUTO] = (double)a->autos;
        v[ANA_M_REC_EXHAUSTED] = (double)a->exhausted;
        v[ANA_M_REC_MANUAL] = (double)a->manual;
        v[ANA_M_REC_REJOIN] = a->rejoin_n ? a->rejoin_sum / (double)a->rejoin_n : NAN;
        v[ANA_M_CONS_IN_SYNC] = a->in_sync.on_s / window;
        v[ANA_M_CONS_IN_FLIGHT] = a->in_flight.on_s / window;
        v[ANA_M_CONS_STALE] = (double)a->stale;
        v[ANA_M_CONS_DIVERGENCE] = (double)a->div_max;
        v[ANA_M_CONS_PENDING] = (double)a->pending_max;
        for (guint id = 0; id < ANA_N_FIXED; id++)
            if (per_client[id] && !isnan(v[id])) {
                sum[id] += v[id];
                n[id]++;
            }
    }
    for (guint id = 0; id < ANA_N_FIXED; id++)
        values[id] = per_client[id] && n[id] ? sum[id] / n[id] : NAN;

    values[ANA_M_CONS_ZOMBIES] = (double)mdl_group_zombies(group);
    values[ANA_M_DUR_AT_RISK] = c->at_risk.on_s / window;
    values[ANA_M_DUR_LOST] = c->lost;
    const AnaHistogram *h = &c->h->latency;
    values[ANA_M_LAT_MEAN] = h->count ? h->sum / (double)h->count / 1e6 : NAN;
    values[ANA_M_LAT_P50] = ana_histogram_quantile(h, 0.50) / 1e6;
    values[ANA_M_LAT_P90] = ana_histogram_quantile(h, 0.90) / 1e6;
    values[ANA_M_LAT_P99] = ana_histogram_quantile(h, 0.99) / 1e6;
    values[ANA_M_LAT_P999] = ana_histogram_quantile(h, 0.999) / 1e6;
    values[ANA_M_THROUGHPUT] = ok_total / window;
    if (c->fluid) {
        /* the closed forms of the operations not drawn, with the drawn ones (fluid-latency.h) */
        for (uint32_t k = 0; k < c->n_clients; k++)
            lat_flush(c, &c->clients[k], end);
        static const double qs[] = {0.50, 0.90, 0.99, 0.999};
        static const int ids[] = {ANA_M_LAT_P50, ANA_M_LAT_P90, ANA_M_LAT_P99, ANA_M_LAT_P999};
        values[ANA_M_LAT_MEAN] = ana_fluid_lat_mean(c->flat, &c->h->drawn) / 1e6;
        double qv[G_N_ELEMENTS(qs)];
        ana_fluid_lat_quantiles(c->flat, &c->h->drawn, qs, G_N_ELEMENTS(qs), qv);
        for (guint i = 0; i < G_N_ELEMENTS(qs); i++)
            values[ids[i]] = qv[i] / 1e6;
    }
    values[ANA_M_REJECTED] = (double)c->rejected;
    values[ANA_M_ENGINE_EVENTS] = (double)mdl_group_events(group);
    values[ANA_M_ENGINE_RATE] = isnan(wall_s) || wall_s <= 0 ? NAN : values[ANA_M_ENGINE_EVENTS] / wall_s;
    for (uint32_t m = 0; m < c->n_members; m++)
        values[ana_metric_uptime(m)] = c->member_up[m].on_s / window;
    if (c->splitting) {
        for (uint32_t m = 0; m < c->n_members; m++)
            values[ana_metric_uptime(m)] = 1 - c->member_up[m].off_s / window;
        values[ana_metric_loss(c->n_members)] = c->loss_first;
        /* what the weights do not estimate without bias is null (metrics.c says why) */
        for (guint id = 0; id < ANA_N_FIXED; id++)
            if (!ana_metric_splitting_estimates(id))
                values[id] = NAN;
    }
}

/* ---- splitting (analysis/splitting.c) ------------------------------------------------ */

void ana_collector_set_weight(AnaCollector *c, SimTime now, double weight)
{
    for (uint32_t k = 0; k < c->n_clients; k++) {
        ClientAcc *a = &c->clients[k];
        avail_sync(c, a, now);
        flag_set(c, &a->in_sync, now, a->in_sync.value);
        flag_set(c, &a->in_flight, now, a->in_flight.value);
    }
    flag_set(c, &c->at_risk, now, c->at_risk.value);
    for (uint32_t m = 0; m < c->n_members; m++)
        flag_set(c, &c->member_up[m], now, c->member_up[m].value);
    c->weight = weight;
}

static void flag_zero(Flag *f)
{
    f->on_s = f->off_s = 0;
}

AnaCollector *ana_collector_clone(const AnaCollector *src)
{
    AnaCollector *c = g_memdup2(src, sizeof *src);
    c->clients = g_memdup2(src->clients, c->n_clients * sizeof(ClientAcc));
    for (uint32_t k = 0; k < c->n_clients; k++) {
        ClientAcc *a = &c->clients[k];
        a->lat = a->n_lat ? g_memdup2(a->lat, a->n_lat * sizeof *a->lat) : NULL;
        flag_zero(&a->avail);
        a->off_total = 0;
        flag_zero(&a->in_sync);
        flag_zero(&a->in_flight);
        a->outages = a->outage_total = 0;
    }
    c->member_up = g_memdup2(src->member_up, c->n_members * sizeof(Flag));
    for (uint32_t m = 0; m < c->n_members; m++)
        flag_zero(&c->member_up[m]);
    flag_zero(&c->at_risk);
    size_t pairs = (size_t)c->n_clients * c->n_members;
    c->detected = g_memdup2(src->detected, pairs * sizeof(SimTime));
    c->pending = g_memdup2(src->pending, pairs * sizeof(uint64_t));
    c->flat = c->fluid ? ana_fluid_lat_new() : NULL;
    c->h = NULL;
    c->lost = c->loss_first = 0;
    return c;
}

void ana_collector_absorb(AnaCollector *into, const AnaCollector *from)
{
    for (uint32_t k = 0; k < into->n_clients; k++) {
        ClientAcc *a = &into->clients[k];
        const ClientAcc *b = &from->clients[k];
        a->avail.on_s += b->avail.on_s;
        a->avail.off_s += b->avail.off_s;
        a->off_total += b->off_total;
        a->in_sync.on_s += b->in_sync.on_s;
        a->in_sync.off_s += b->in_sync.off_s;
        a->in_flight.on_s += b->in_flight.on_s;
        a->in_flight.off_s += b->in_flight.off_s;
        a->outages += b->outages;
        a->outage_total += b->outage_total;
    }
    for (uint32_t m = 0; m < into->n_members; m++) {
        into->member_up[m].on_s += from->member_up[m].on_s;
        into->member_up[m].off_s += from->member_up[m].off_s;
    }
    into->at_risk.on_s += from->at_risk.on_s;
    into->at_risk.off_s += from->at_risk.off_s;
    into->lost += from->lost;
    into->loss_first += from->loss_first;
}

void ana_collector_end_trial(AnaCollector *c)
{
    close_window(c);
}

const AnaHistogram *ana_collector_latency(const AnaCollector *c)
{
    return &c->h->latency;
}

const AnaHistogram *ana_collector_outages(const AnaCollector *c)
{
    return &c->h->outages;
}

const AnaHistogram *ana_collector_rejoins(const AnaCollector *c)
{
    return &c->h->rejoins;
}
