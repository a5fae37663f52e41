/* analysis/splitting.h - the RESTART splitting estimator (docs/rare-events.md).
 *
 * A replication is one main trial over the whole window.  Whenever a trial's
 * importance (models: mdl_group_importance()) crosses level k upward, the trial is
 * copied splits[k] - 1 times (mdl_group_clone(), each copy on its own derived random
 * streams); a copy made at level k dies when the importance falls below k, while the
 * trial it was copied from goes on.  Everything counted while the importance is at
 * level k (time out of service, outages, losses) is weighted by 1 / (splits[1] * ...
 * * splits[k]), so the weighted sums of a replication are unbiased estimates of the
 * plain ones, and replications are independent: the usual intervals hold.
 */
#ifndef HAPGSIM_ANALYSIS_SPLITTING_H
#define HAPGSIM_ANALYSIS_SPLITTING_H

#include "models/config.h"

#include <glib.h>
#include <stdint.h>

/* The levels are the importance values 1 .. n_levels (the top one: every member out). */
#define ANA_SPLIT_MAX_LEVELS (MDL_MAX_MEMBERS + 1)

typedef struct {
    MdlImportance importance;
    guint n_levels;
    guint splits[ANA_SPLIT_MAX_LEVELS + 1];   /* [1..n_levels]: copies at each crossing */
    gboolean from_pilot;                     /* chosen by the pilot (else splitting.splits) */
    /* the pilot's evidence, per level: excursions above it that ended, and how many of
     * them reached the next level first */
    uint64_t pilot_excursions[ANA_SPLIT_MAX_LEVELS + 1];
    uint64_t pilot_reached[ANA_SPLIT_MAX_LEVELS + 1];
    guint pilot_stages;
    uint64_t pilot_events;
} AnaSplitPlan;

/* The levels and splits for `config` (estimator: splitting).  With splitting.splits = 0
 * a pilot run chooses them: deterministic in (config, seed), independent of the
 * replications' random streams.  NULL when interrupted. */
AnaSplitPlan *ana_split_plan_new(const MdlConfig *config, gint *interrupt);
void ana_split_plan_free(AnaSplitPlan *plan);

/* What one replication cost: the trials (main one included) and all their events. */
typedef struct {
    uint64_t trials;
    uint64_t events;
} AnaSplitEffort;

/* Runs one replication with seed `seed` and fills values[] like
 * ana_collector_finish() (the metrics splitting does not estimate are NAN).  FALSE when
 * interrupted (values untouched). */
gboolean ana_split_run(const MdlConfig *config, const AnaSplitPlan *plan, uint64_t seed,
                       gint *interrupt, double *values, AnaSplitEffort *effort);

#endif
