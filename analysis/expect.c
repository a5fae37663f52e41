/* analysis/expect.c - verdicts on service levels. */
#include "analysis/expect.h"

#include <math.h>

const char *ana_verdict_name(AnaVerdictKind v)
{
    return v == ANA_PASS ? "pass" : v == ANA_FAIL ? "fail" : "inconclusive";
}

static AnaVerdictKind judge_one(const AnaBound *b, const AnaAggregate *a)
{
    double lo = a->lo, hi = a->hi;
    if (isnan(lo) || isnan(hi))
        return ANA_INCONCLUSIVE;         /* fewer than two replications with a value */
    gboolean pass = TRUE, fail = FALSE;
    if (b->has_min) {
        pass = pass && lo >= b->min;
        fail = fail || hi < b->min;
    }
    if (b->has_max) {
        pass = pass && hi <= b->max;
        fail = fail || lo > b->max;
    }
    return fail ? ANA_FAIL : pass ? ANA_PASS : ANA_INCONCLUSIVE;
}

AnaVerdict *ana_judge(const AnaRun *run, const AnaBound *bounds, guint n)
{
    AnaVerdict *v = g_new0(AnaVerdict, n ? n : 1);
    for (guint i = 0; i < n; i++) {
        v[i].bound = bounds[i];
        int idx = ana_metric_set_find(run->metrics, bounds[i].metric);
        if (idx < 0) {
            v[i].aggregate = (AnaAggregate){NAN, NAN, NAN, NAN, 0};
            v[i].verdict = ANA_INCONCLUSIVE;
            continue;
        }
        ana_run_aggregate(run, (guint)idx, &v[i].aggregate);
        v[i].verdict = judge_one(&bounds[i], &v[i].aggregate);
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
