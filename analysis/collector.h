/* analysis/collector.h - turns what one replication reports into its metric values.
 *
 * An AnaCollector is the model's observer for one replication: it counts what happens
 * inside the window [warmup, duration] and integrates time-weighted states exactly,
 * from one state change to the next (no sampling).  An outage (or any episode) counts
 * when it ends inside the window or is still open at its end, its time clipped to the
 * window.  Per-client figures are averaged over clients.  Definitions: docs/metrics.md.
 */
#ifndef HAPGSIM_ANALYSIS_COLLECTOR_H
#define HAPGSIM_ANALYSIS_COLLECTOR_H

#include "analysis/histogram.h"
#include "analysis/metrics.h"
#include "models/group.h"

typedef struct AnaCollector AnaCollector;

/* `config` must outlive the collector. */
AnaCollector *ana_collector_new(const MdlConfig *config);
void ana_collector_free(AnaCollector *c);

/* The observer to hand to mdl_group_new(); valid while the collector lives. */
MdlObserver ana_collector_observer(AnaCollector *c);

/* After mdl_group_run(group, duration): writes one value per metric of
 * ana_metric_set_new(config) into values[] (NAN for null).  `wall_s` is the run's wall
 * time for engine.events_per_s, or NAN to leave it null (deterministic output). */
void ana_collector_finish(AnaCollector *c, const MdlGroup *group, double wall_s, double *values);

/* The latencies of the successful operations in the window (ns), for the merged
 * histogram of a run (AnaRun.latency). */
const AnaHistogram *ana_collector_latency(const AnaCollector *c);
/* The duration of every outage, and of every rejoin episode (detection to active
 * again), of every client, clipped to the window as the metrics count them (ns). */
const AnaHistogram *ana_collector_outages(const AnaCollector *c);
const AnaHistogram *ana_collector_rejoins(const AnaCollector *c);

/* Splitting (analysis/splitting.c).  A trial's contributions count `weight` times
 * from `now` on (the states held so far are integrated first). */
void ana_collector_set_weight(AnaCollector *c, SimTime now, double weight);
/* A collector for a copy of the trial: the same state, nothing counted yet. */
AnaCollector *ana_collector_clone(const AnaCollector *c);
/* A trial that reached the end of the window: its open episodes are counted. */
void ana_collector_end_trial(AnaCollector *c);
/* Adds what `from` counted (a finished or killed copy) to `into`. */
void ana_collector_absorb(AnaCollector *into, const AnaCollector *from);

#endif
