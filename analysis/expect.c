/* analysis/expect.c - verdicts on service levels. */
#include "analysis/expect.h"

#include <math.h>
#include <string.h>

const char *ana_verdict_name(AnaVerdictKind v)
{
    return v == ANA_PASS ? "pass" : v == ANA_FAIL ? "fail" : "inconclusive";
}

const char *ana_bound_undecidable(const AnaBound *b, const MdlConfig *config)
{
    const char *m = b->metric;
    if (strcmp(m, "engine.events_per_s") == 0)
        return "never decided: engine.events_per_s is wall-clock time, null unless run with "
               "--timing, not a property of the system";
    AnaKind kind = ana_metric_kind(m);
    if ((kind == ANA_KIND_COUNT || kind == ANA_KIND_NONNEG || kind == ANA_KIND_FRACTION) &&
        b->has_max && b->max <= 0 && !b->has_min)
        return "can never pass: the data can show a mean below a positive maximum, never at 0; "
               "write the largest mean you accept (a count never seen in n replications is "
               "below 3/n)";
    gboolean no_faults = config->n_faults == 0 && config->n_actions == 0;
    if (no_faults && (strcmp(m, "availability.nines") == 0 || strcmp(m, "availability.time") == 0 ||
                      strcmp(m, "unavailability.time") == 0 || g_str_has_prefix(m, "outage.")))
        return "never decided: the scenario has no fault and no action, so availability is 1 "
               "by construction, with nothing to estimate";
    return NULL;
}

static AnaVerdictKind judge_one(const AnaBound *b, const AnaAggregate *a, const char **why)
{
    double lo = a->lo, hi = a->hi;
    *why = NULL;
    if (a->n < 2) {
        *why = "fewer than two replications with a value: run more replications";
        return ANA_INCONCLUSIVE;
    }
    if (!a->estimable) {
        /* only the one-sided bound of a count never observed is evidence */
        if (!isnan(a->upper95)) {
            if (b->has_min && a->upper95 < b->min) {
                *why = "never observed: its 95% upper bound is below the minimum";
                return ANA_FAIL;
            }
            if (!b->has_min && b->has_max && a->upper95 <= b->max) {
                *why = "never observed: its 95% upper bound is within the maximum";
                return ANA_PASS;
            }
            *why = "never observed, and the 95% upper bound that this supports does not decide "
                   "the bound: run more replications (or a longer window)";
            return ANA_INCONCLUSIVE;
        }
        *why = "no evidence: run more replications or a longer window (docs/metrics.md, "
               "Intervals and evidence)";
        return ANA_INCONCLUSIVE;
    }
    if (isnan(lo) || isnan(hi))
        return ANA_INCONCLUSIVE;
    gboolean pass = TRUE, fail = FALSE;
    if (b->has_min) {
        pass = pass && lo >= b->min;
        fail = fail || hi < b->min;
    }
    if (b->has_max) {
        pass = pass && hi <= b->max;
        fail = fail || lo > b->max;
    }
    if (!fail && !pass)
        *why = "the interval reaches across the bound: run more replications";
    return fail ? ANA_FAIL : pass ? ANA_PASS : ANA_INCONCLUSIVE;
}

AnaVerdict *ana_judge(const AnaRun *run, const AnaBound *bounds, guint n)
{
    AnaVerdict *v = g_new0(AnaVerdict, n ? n : 1);
    for (guint i = 0; i < n; i++) {
        v[i].bound = bounds[i];
        int idx = ana_metric_set_find(run->metrics, bounds[i].metric);
        if (idx < 0) {
            v[i].aggregate = ANA_AGGREGATE_NONE;
            v[i].verdict = ANA_INCONCLUSIVE;
            v[i].why = "no such metric in this run";
            continue;
        }
        ana_run_aggregate(run, (guint)idx, &v[i].aggregate);
        v[i].verdict = judge_one(&bounds[i], &v[i].aggregate, &v[i].why);
    }
    return v;
}

AnaVerdictKind ana_verdicts_worst(const AnaVerdict *v, guint n)
{
    AnaVerdictKind worst = ANA_PASS;
    for (guint i = 0; i < n; i++) {
        if (v[i].verdict == ANA_FAIL)
            return ANA_FAIL;
        if (v[i].verdict == ANA_INCONCLUSIVE)
            worst = ANA_INCONCLUSIVE;
    }
    return worst;
}
