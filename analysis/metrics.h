/* analysis/metrics.h - the metrics of MODEL.md section 3: names, meaning, direction.
 * The meaning (`what`) is documentation here and in docs/metrics.md; no code reads it.
 *
 * A study's metric set is the fixed catalogue plus member.NAME.uptime for each member
 * of its configuration.  Values are doubles; NAN stands for null (not defined in that
 * replication, e.g. availability.requests when nothing was issued).
 * availability.nines exists only as an aggregate (see stats.h).  unavailability.time
 * is 1 - availability.time of each replication, measured directly (the time the slot
 * could not serve over the window), so that small values keep their digits.
 */
#ifndef HAPGSIM_ANALYSIS_METRICS_H
#define HAPGSIM_ANALYSIS_METRICS_H

#include "analysis/stats.h"
#include "models/config.h"

#include <glib.h>

#define ANA_METRICS(X)                                                                              \
    X(AVAIL_TIME, "availability.time", +1, TRUE, ANA_KIND_FRACTION, "fraction of time the slot could serve")         \
    X(UNAVAIL_TIME, "unavailability.time", -1, TRUE, ANA_KIND_FRACTION, "fraction of time the slot could not serve") \
    X(AVAIL_REQUESTS, "availability.requests", +1, TRUE, ANA_KIND_FRACTION, "successful / issued operations")        \
    X(AVAIL_SLO, "availability.slo", +1, TRUE, ANA_KIND_FRACTION, "requests answered successfully within workload.slo / requests") \
    X(AVAIL_NINES, "availability.nines", +1, FALSE, ANA_KIND_NONNEG, "-log10(1 - mean availability.time)")         \
    X(OUTAGE_COUNT, "outage.count", -1, TRUE, ANA_KIND_COUNT, "periods the slot could not serve")                 \
    X(OUTAGE_TOTAL, "outage.total_s", -1, TRUE, ANA_KIND_NONNEG, "seconds the slot could not serve")               \
    X(OUTAGE_LONGEST, "outage.longest_s", -1, TRUE, ANA_KIND_NONNEG, "longest period the slot could not serve")    \
    X(FAILOVER_COUNT, "failover.count", -1, TRUE, ANA_KIND_COUNT, "operations re-sent after their member failed") \
    X(FAILOVER_LATENCY, "failover.added_latency_s", -1, TRUE, ANA_KIND_NONNEG, "mean delay a failover added")      \
    X(REC_ATTEMPTS, "recovery.attempts", 0, TRUE, ANA_KIND_COUNT, "automatic recovery attempts")                  \
    X(REC_AUTO, "recovery.auto", 0, TRUE, ANA_KIND_COUNT, "members brought back by an automatic attempt")        \
    X(REC_EXHAUSTED, "recovery.exhausted", -1, TRUE, ANA_KIND_COUNT, "views that became exhausted")              \
    X(REC_MANUAL, "recovery.manual", -1, TRUE, ANA_KIND_COUNT, "members brought back by the operator or an action") \
    X(REC_REJOIN, "recovery.time_to_rejoin_s", -1, TRUE, ANA_KIND_NONNEG, "mean time from detection to active")   \
    X(CONS_IN_SYNC, "consistency.in_sync_time", +1, TRUE, ANA_KIND_FRACTION, "fraction of time the rotation holds exactly the objects whose writes returned") \
    X(CONS_IN_FLIGHT, "consistency.in_flight_time", 0, TRUE, ANA_KIND_FRACTION, "fraction of time in sync but with writes in flight (clones in progress)") \
    X(CONS_STALE, "consistency.stale_reads", -1, TRUE, ANA_KIND_COUNT, "reads that found no object")              \
    X(CONS_DIVERGENCE, "consistency.max_divergence", -1, TRUE, ANA_KIND_NONNEG, "most objects missing on a member in rotation") \
    X(CONS_PENDING, "consistency.max_pending", -1, TRUE, ANA_KIND_NONNEG, "largest pending set")                   \
    X(CONS_ZOMBIES, "consistency.zombies", -1, FALSE, ANA_KIND_COUNT, "deleted objects still present, at the end") \
    X(DUR_AT_RISK, "durability.at_risk_time", -1, FALSE, ANA_KIND_FRACTION, "fraction of time an object had one copy") \
    X(DUR_LOST, "durability.objects_lost", -1, FALSE, ANA_KIND_COUNT, "objects with no copy left")               \
    X(LAT_MEAN, "latency.mean_ms", -1, FALSE, ANA_KIND_NONNEG, "mean latency of successful operations")           \
    X(LAT_P50, "latency.p50_ms", -1, FALSE, ANA_KIND_NONNEG, "median latency")                                    \
    X(LAT_P90, "latency.p90_ms", -1, FALSE, ANA_KIND_NONNEG, "90th percentile latency")                           \
    X(LAT_P99, "latency.p99_ms", -1, FALSE, ANA_KIND_NONNEG, "99th percentile latency")                           \
    X(LAT_P999, "latency.p999_ms", -1, FALSE, ANA_KIND_NONNEG, "99.9th percentile latency")                       \
    X(THROUGHPUT, "throughput.ops_s", +1, FALSE, ANA_KIND_NONNEG, "successful operations per second")             \
    X(REJECTED, "rejected.count", -1, FALSE, ANA_KIND_COUNT, "operations refused by every member (full queues)") \
    X(ENGINE_EVENTS, "engine.events", 0, FALSE, ANA_KIND_NONNEG, "events dispatched")                              \
    X(ENGINE_RATE, "engine.events_per_s", 0, FALSE, ANA_KIND_NONNEG, "events per wall-clock second (with --timing)")

typedef enum {
#define ANA_METRIC_ENUM(id, name, dir, per_client, kind, what) ANA_M_##id,
    ANA_METRICS(ANA_METRIC_ENUM)
#undef ANA_METRIC_ENUM
    ANA_N_FIXED
} AnaMetricId;

/* The metrics of one configuration: the fixed ones, then one uptime per member. */
typedef struct {
    guint n;                 /* ANA_N_FIXED + members */
    char **names;            /* owned */
    const char **why_null;   /* [n]: why the metric is null in every replication of this
                                configuration (static text), or NULL */
} AnaMetricSet;

AnaMetricSet *ana_metric_set_new(const MdlConfig *config);
void ana_metric_set_free(AnaMetricSet *set);
int ana_metric_set_find(const AnaMetricSet *set, const char *name);   /* -1 if absent */
static inline guint ana_metric_uptime(guint member) { return ANA_N_FIXED + member; }
/* Splitting studies (docs/rare-events.md) also have the probability that an object is
 * lost in a replication, after the uptimes. */
#define ANA_METRIC_LOSS "durability.loss_probability"
static inline guint ana_metric_loss(guint n_members) { return ANA_N_FIXED + n_members; }
/* TRUE for the fixed metrics (and the ones after them) that splitting estimates. */
gboolean ana_metric_splitting_estimates(guint id);

/* What values the metric can take (stats.h): fractions, counts, other non-negative
 * figures.  Unknown names are ANA_KIND_REAL. */
AnaKind ana_metric_kind(const char *name);
/* TRUE for metrics that measure the cost of the simulation, not the system
 * (engine.*): compare lists them but leaves them out of its verdicts. */
gboolean ana_metric_is_engine(const char *name);

/* +1: higher is better, -1: lower is better, 0: neither. */
int ana_metric_direction(const char *name);
/* TRUE when `name` is a metric of this configuration (used to check expect:). */
gboolean ana_metric_known(const char *name, const MdlConfig *config, void *unused);
/* Why `name` has no value in any replication of `config` (static text), or NULL: the
 * latency metrics in fluid mode.  ScnOptions.metric_why_null has this signature. */
const char *ana_metric_why_null(const char *name, const MdlConfig *config, void *unused);

/* NULL-terminated list of the fixed metric names (without the members' uptimes), in
 * catalogue order; static. */
const char *const *ana_metric_fixed_names(void);

#endif
