/* analysis/plan-private.h - the state of a plan, shared by plan.c (the search and the
 * sequential verdicts) and plan-output.c (text and JSON). */
#ifndef HAPGSIM_ANALYSIS_PLAN_PRIVATE_H
#define HAPGSIM_ANALYSIS_PLAN_PRIVATE_H

#include "analysis/plan.h"

/* One requirement under one condition of one candidate, at its last look. */
typedef struct {
    AnaPlanVerdict verdict;      /* UNSEEN until judged */
    double mean;                 /* NAN without values */
    double lower, upper;         /* the bounds that decide (plan.h); -inf/inf: none */
    guint n, nulls;              /* replications with a value, and without */
    gboolean constant;           /* every value the same: the bounds are distribution-free */
} AnaPlanPair;

typedef struct {
    AnaRun *run;                 /* NULL until the first look */
    AnaPlanPair *pairs;          /* [n_requirements] */
    gboolean settled;            /* every pair meets: no more replications */
} AnaPlanCell;

typedef struct {
    AnaPlanVerdict verdict;
    int order;                   /* when it was evaluated (0 first), -1 never */
    AnaPlanCell *cells;          /* [n_conditions], NULL until evaluated */
    int req, cond;               /* the pair that decided a failure, or that was left
                                    undecided (-1: none) */
} AnaPlanCandidate;

struct AnaPlan {
    const AnaPlanSpec *spec;
    AnaPlanCandidate *cand;      /* [n_candidates] */
    guint looks[32], n_looks;
    double level_meet, level_fail;
    AnaPlanOutcome outcome;
    int answer;                  /* candidate index, or -1 */
    int below;                   /* the neighbour shown to fail (or left undecided), -1 */
    int open_lo, open_hi;        /* undecided: the answer lies in open_lo..open_hi */
    int evaluated;
    guint64 replications;
    char *note;                  /* one paragraph: why this outcome, what would decide */
};

/* The candidate index at search position j (positions count from the near end). */
static inline guint ana_plan_index(const AnaPlan *p, guint j)
{
    return p->spec->largest ? p->spec->n_candidates - 1 - j : j;
}

#endif
