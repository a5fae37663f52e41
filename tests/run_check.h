/* tests/run_check.h - a study's aggregate of one metric, and the check that an
 * independent figure (a closed form, an exact solution) lies in its 95 % interval:
 * shared by the science suites (test_science.c, test_closed_loop.c). */
#ifndef HAPGSIM_TESTS_RUN_CHECK_H
#define HAPGSIM_TESTS_RUN_CHECK_H

#include "check.h"
#include "analysis/replicate.h"

static inline AnaAggregate metric(const AnaRun *run, const char *name)
{
    AnaAggregate a;
    int i = ana_metric_set_find(run->metrics, name);
    g_assert(i >= 0);
    ana_run_aggregate(run, (guint)i, &a);
    return a;
}

/* `source` names the independent figure in the messages ("closed form", "exact"). */
static inline void check_figure_in_interval(const char *what, const AnaAggregate *a,
                                            double expected, const char *source)
{
    printf("\n    %s: simulated %.6g [%.6g, %.6g] (n %u), %s %.6g ", what, a->mean, a->lo,
           a->hi, a->n, source, expected);
    if (!(a->lo <= expected && expected <= a->hi))
        CHECK_FAILF("%s: %s %.6g outside the simulated 95%% interval [%.6g, %.6g] "
                    "(mean %.6g, n %u)", what, source, expected, a->lo, a->hi, a->mean, a->n);
    else
        CU_PASS(what);
}

#endif
