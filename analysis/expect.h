/* analysis/expect.h - service levels a study must keep (the `expect:` section).
 *
 * Each bound is judged on the metric's 95 % interval: pass when the whole interval is
 * on the right side of the bound, fail when the whole interval is on the wrong side,
 * inconclusive otherwise (more replications needed).  A verdict needs evidence: a
 * metric whose interval is not estimable (fewer than two replications with a value,
 * or every replication with the same value, e.g. no outage observed) is inconclusive,
 * except where the one-sided bound the data support decides it (a count never
 * observed in n replications has a mean below -ln(0.05)/n: `max: 1` passes with 3 or
 * more replications, a `min:` above that bound fails).  `why` says what decided.
 */
#ifndef HAPGSIM_ANALYSIS_EXPECT_H
#define HAPGSIM_ANALYSIS_EXPECT_H

#include "analysis/replicate.h"

typedef struct {
    const char *metric;
    gboolean has_min, has_max;
    double min, max;
} AnaBound;

typedef enum { ANA_PASS, ANA_FAIL, ANA_INCONCLUSIVE } AnaVerdictKind;

typedef struct {
    AnaBound bound;          /* metric string borrowed from the caller */
    AnaAggregate aggregate;
    AnaVerdictKind verdict;
    const char *why;         /* static text: the reason of an inconclusive verdict, or
                              * how a not-estimable metric was decided; NULL otherwise */
} AnaVerdict;

const char *ana_verdict_name(AnaVerdictKind v);

/* Why a bound can never be decided on this configuration, or NULL: a bound on
 * engine.events_per_s (wall clock, null without --timing), a `max: 0` (or below) on a
 * count or other non-negative figure (the data can show a mean below a positive bound,
 * never one at 0), a bound on availability.nines or on availability.time,
 * unavailability.time or outage figures when the configuration has no fault and no
 * scheduled action (availability is 1 by construction: nothing to estimate).  Static
 * text. */
const char *ana_bound_undecidable(const AnaBound *b, const MdlConfig *config);

/* Judges every bound against the run; returns an array of n verdicts (g_free). */
AnaVerdict *ana_judge(const AnaRun *run, const AnaBound *bounds, guint n);

/* The worst verdict: FAIL over INCONCLUSIVE over PASS (PASS for n = 0). */
AnaVerdictKind ana_verdicts_worst(const AnaVerdict *v, guint n);

#endif
