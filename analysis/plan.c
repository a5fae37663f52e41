/* analysis/plan.c - the search of `hapgsim plan` and its sequential verdicts (plan.h,
 * docs/plan.md). */
#include "analysis/plan-private.h"

#include "analysis/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(ana-plan-error-quark, ana_plan_error)

const char *ana_plan_verdict_name(AnaPlanVerdict v)
{
    switch (v) {
    case ANA_PLAN_MEETS: return "meets";
    case ANA_PLAN_FAILS: return "fails";
    case ANA_PLAN_UNDECIDED: return "undecided";
    default: return "unseen";
    }
}

/* ---- requirements ---- */

gboolean ana_plan_requirement_parse(const char *text, AnaPlanRequirement *out, GError **error)
{
    memset(out, 0, sizeof *out);
    const char *op = strpbrk(text, "<>");
    char *name = op ? g_strstrip(g_strndup(text, (gsize)(op - text))) : NULL;
    const char *num = op ? op + 1 : NULL;
    if (num && *num == '=')
        num++;
    char *end = NULL;
    double v = num ? g_ascii_strtod(num, &end) : NAN;
    while (end && g_ascii_isspace(*end))
        end++;
    gboolean ok = name && *name && end && end != num && *end == '\0' && isfinite(v);
    for (const char *c = name; ok && *c; c++)
        ok = g_ascii_isalnum(*c) || *c == '.' || *c == '_' || *c == '-';
    if (!ok) {
        g_set_error(error, ANA_PLAN_ERROR, 0,
                    "--require '%s': write METRIC<=VALUE or METRIC>=VALUE with a finite "
                    "number, e.g. 'latency.p99_ms<=200'", text);
        g_free(name);
        return FALSE;
    }
    out->metric = name;
    out->op = *op == '<' ? ANA_PLAN_LE : ANA_PLAN_GE;
    out->limit = v;
    GString *t = g_string_new(name);
    g_string_append(t, out->op == ANA_PLAN_LE ? " <= " : " >= ");
    ana_format_value(t, v);
    out->text = g_string_free(t, FALSE);
    return TRUE;
}

void ana_plan_requirement_clear(AnaPlanRequirement *r)
{
    g_clear_pointer(&r->metric, g_free);
    g_clear_pointer(&r->text, g_free);
}

char *ana_plan_requirement_check(const AnaPlanRequirement *r, const MdlConfig *config)
{
    if (!ana_metric_known(r->metric, config, NULL))
        return g_strdup_printf("%s is not a metric of this scenario (docs/metrics.md lists them)",
                               r->metric);
    if (strcmp(r->metric, "availability.nines") == 0)
        return g_strdup("availability.nines exists only as an aggregate: require "
                        "unavailability.time instead (nines 5 is unavailability.time <= 1e-05)");
    if (ana_metric_is_engine(r->metric))
        return g_strdup_printf("%s measures the simulation, not the group", r->metric);
    const char *why = ana_metric_why_null(r->metric, config, NULL);
    if (why)
        return g_strdup_printf("%s has no value in this study: %s", r->metric, why);
    return NULL;
}

/* ---- bounds ---- */

void ana_plan_bounds(const double *values, guint n, AnaKind kind, double level, double *lower,
                     double *upper)
{
    *lower = -INFINITY;
    *upper = INFINITY;
    for (guint i = 0; i < n; i++)
        if (isnan(values[i]))
            return;                            /* a null value: nothing is decided */
    guint m;
    double var, mean = ana_mean_var(values, n, 1, &m, &var);
    if (m < 2)
        return;
    double lo_k = kind == ANA_KIND_REAL ? -INFINITY : 0;
    double hi_k = kind == ANA_KIND_FRACTION ? 1 : INFINITY;
    if (var > 0) {
        double half = ana_t_quantile(1 - level, m - 1) * sqrt(var / m);
        *lower = MAX(mean - half, lo_k);
        *upper = MIN(mean + half, hi_k);
        return;
    }
    /* every replication gave `mean`: a value other than it may still have probability
     * q = 1 - level^(1/n) unseen; the mean lies between the extremes that allows */
    double q = -expm1(log(level) / m);
    *lower = isinf(lo_k) ? -INFINITY : mean * (1 - q) + lo_k * q;
    *upper = isinf(hi_k) ? INFINITY : mean * (1 - q) + hi_k * q;
    if (kind == ANA_KIND_COUNT && mean == 0)
        *upper = -log(level) / m;              /* a count never seen: Poisson */
}

guint ana_plan_looks(guint min_replications, guint max_replications, guint *looks)
{
    guint k = 0;
    for (guint64 n = min_replications; k < 31; n *= 2) {
        if (n >= max_replications) {
            looks[k++] = max_replications;
            break;
        }
        looks[k++] = (guint)n;
    }
    return k;
}

/* ---- one candidate ---- */

/* Judges pair (req r) of a cell after its run grew. */
static void judge(AnaPlan *p, AnaPlanCell *cell, guint r)
{
    const AnaPlanRequirement *q = &p->spec->requirements[r];
    AnaPlanPair *pair = &cell->pairs[r];
    const AnaRun *run = cell->run;
    int mi = ana_metric_set_find(run->metrics, q->metric);
    guint n = run->completed;
    double *v = g_new(double, n ? n : 1);
    pair->nulls = 0;
    for (guint k = 0; k < n; k++) {
        v[k] = mi < 0 ? NAN : ana_run_value(run, k, (guint)mi);
        pair->nulls += isnan(v[k]) != 0;
    }
    pair->n = n - pair->nulls;
    double var;
    pair->mean = ana_mean_var(v, n, 1, NULL, &var);
    pair->constant = pair->n >= 2 && var == 0;
    AnaKind kind = ana_metric_kind(q->metric);
    double lo_m, hi_m, lo_f, hi_f;
    ana_plan_bounds(v, n, kind, p->level_meet, &lo_m, &hi_m);
    ana_plan_bounds(v, n, kind, p->level_fail, &lo_f, &hi_f);
    g_free(v);
    if (q->op == ANA_PLAN_LE) {
        pair->lower = lo_f;
        pair->upper = hi_m;
        pair->verdict = hi_m <= q->limit ? ANA_PLAN_MEETS
                      : lo_f > q->limit  ? ANA_PLAN_FAILS
                                         : ANA_PLAN_UNDECIDED;
    } else {
        pair->lower = lo_m;
        pair->upper = hi_f;
        pair->verdict = lo_m >= q->limit ? ANA_PLAN_MEETS
                      : hi_f < q->limit  ? ANA_PLAN_FAILS
                                         : ANA_PLAN_UNDECIDED;
    }
}

/* Evaluates candidate i: looks until its verdict is decided or the cap is reached.
 * Returns FALSE on error or interruption (p->outcome then INTERRUPTED). */
static gboolean evaluate(AnaPlan *p, guint i, const AnaRunOptions *options, GError **error)
{
    const AnaPlanSpec *s = p->spec;
    AnaPlanCandidate *c = &p->cand[i];
    if (c->verdict != ANA_PLAN_UNSEEN)
        return TRUE;
    c->order = p->evaluated++;
    c->cells = g_new0(AnaPlanCell, s->n_conditions);
    const MdlConfig **cfg = g_new0(const MdlConfig *, s->n_conditions);
    for (guint k = 0; k < s->n_conditions; k++) {
        cfg[k] = s->config(i, k, s->config_data, error);
        if (cfg[k] == NULL) {
            g_free(cfg);
            return FALSE;
        }
        c->cells[k].pairs = g_new0(AnaPlanPair, s->n_requirements);
        for (guint r = 0; r < s->n_requirements; r++)
            c->cells[k].pairs[r] = (AnaPlanPair){ANA_PLAN_UNSEEN, NAN, -INFINITY, INFINITY, 0, 0, FALSE};
    }
    const MdlConfig **batch = g_new0(const MdlConfig *, s->n_conditions);
    guint *first = g_new0(guint, s->n_conditions), *count = g_new0(guint, s->n_conditions);
    guint *which = g_new0(guint, s->n_conditions);
    gboolean ok = TRUE;
    for (guint look = 0; look < p->n_looks && c->verdict == ANA_PLAN_UNSEEN; look++) {
        guint want = p->looks[look], nb = 0;
        for (guint k = 0; k < s->n_conditions; k++) {
            AnaPlanCell *cell = &c->cells[k];
            guint have = cell->run ? cell->run->n : 0;
            if (cell->settled || have >= want)
                continue;
            batch[nb] = cfg[k];
            first[nb] = have;
            count[nb] = want - have;
            which[nb++] = k;
        }
        AnaRun **runs = ana_run_studies(batch, first, count, nb, options);
        gboolean stopped = FALSE;
        for (guint b = 0; b < nb; b++) {
            AnaPlanCell *cell = &c->cells[which[b]];
            stopped |= runs[b]->completed < runs[b]->n;
            p->replications += runs[b]->completed;
            if (cell->run == NULL) {
                cell->run = runs[b];
            } else {
                ana_run_append(cell->run, runs[b]);
                ana_run_free(runs[b]);
            }
        }
        g_free(runs);
        if (stopped || (options->interrupt && g_atomic_int_get(options->interrupt))) {
            p->outcome = ANA_PLAN_INTERRUPTED;
            c->verdict = ANA_PLAN_UNDECIDED;
            ok = FALSE;
            break;
        }
        /* every pair of this look is judged (the table shows them all), then the
         * candidate: one failure decides, or every pair meeting */
        gboolean all_met = TRUE;
        for (guint k = 0; k < s->n_conditions; k++) {
            AnaPlanCell *cell = &c->cells[k];
            if (cell->settled)
                continue;
            gboolean met = TRUE;
            for (guint r = 0; r < s->n_requirements; r++) {
                if (cell->pairs[r].verdict == ANA_PLAN_MEETS)
                    continue;                  /* decided at an earlier look: kept */
                judge(p, cell, r);
                if (cell->pairs[r].verdict == ANA_PLAN_FAILS && c->verdict == ANA_PLAN_UNSEEN) {
                    c->verdict = ANA_PLAN_FAILS;
                    c->req = (int)r;
                    c->cond = (int)k;
                }
                met &= cell->pairs[r].verdict == ANA_PLAN_MEETS;
            }
            cell->settled = met;
            all_met &= met;
        }
        if (c->verdict == ANA_PLAN_UNSEEN && all_met)
            c->verdict = ANA_PLAN_MEETS;
    }
    if (c->verdict == ANA_PLAN_UNSEEN) {
        c->verdict = ANA_PLAN_UNDECIDED;
        /* the pair closest to deciding is the one to name: the first undecided */
        for (guint k = 0; k < s->n_conditions && c->cond < 0; k++)
            for (guint r = 0; r < s->n_requirements; r++)
                if (c->cells[k].pairs[r].verdict == ANA_PLAN_UNDECIDED) {
                    c->req = (int)r;
                    c->cond = (int)k;
                    break;
                }
    }
    g_free(batch);
    g_free(first);
    g_free(count);
    g_free(which);
    g_free(cfg);
    return ok;
}

/* ---- the search ---- */

static AnaPlanVerdict verdict_at(const AnaPlan *p, guint j)
{
    return p->cand[ana_plan_index(p, j)].verdict;
}

/* Whether the verdicts seen contradict monotonicity: a candidate that meets nearer
 * than one that fails. */
static gboolean monotone(const AnaPlan *p, guint *meets_j, guint *fails_j)
{
    guint n = p->spec->n_candidates;
    for (guint a = 0; a < n; a++) {
        if (verdict_at(p, a) != ANA_PLAN_MEETS)
            continue;
        for (guint b = a + 1; b < n; b++)
            if (verdict_at(p, b) == ANA_PLAN_FAILS) {
                *meets_j = a;
                *fails_j = b;
                return FALSE;
            }
    }
    return TRUE;
}

static gboolean search(AnaPlan *p, const AnaRunOptions *options, GError **error)
{
    guint n = p->spec->n_candidates, far = n - 1;
    p->answer = p->below = p->open_lo = p->open_hi = -1;
    if (!evaluate(p, ana_plan_index(p, 0), options, error))
        return FALSE;
    if (verdict_at(p, 0) == ANA_PLAN_MEETS) {
        p->outcome = ANA_PLAN_ANSWER;
        p->answer = (int)ana_plan_index(p, 0);
        return TRUE;
    }
    /* f: fails or undecided; m: meets, or n (past the far end: nothing shown to meet
     * yet).  The far end is evaluated only when the search reaches it. */
    guint f = 0, m = n;
    while (m - f > 1) {
        guint mid = f + (m - f) / 2;
        if (!evaluate(p, ana_plan_index(p, mid), options, error))
            return FALSE;
        if (verdict_at(p, mid) == ANA_PLAN_MEETS)
            m = mid;
        else
            f = mid;
    }
    guint a, b;
    if (!monotone(p, &a, &b)) {                /* cannot happen in a bisection; checked */
        p->outcome = ANA_PLAN_UNDECIDED_ANSWER;
        p->open_lo = (int)a;
        p->open_hi = (int)b;
        return TRUE;
    }
    if (m == n) {                              /* f is the far end: nothing met */
        if (verdict_at(p, far) == ANA_PLAN_FAILS) {
            p->outcome = ANA_PLAN_NONE;
        } else {
            guint lo = far;
            while (lo > 0 && verdict_at(p, lo - 1) != ANA_PLAN_FAILS)
                lo--;
            p->outcome = ANA_PLAN_UNDECIDED_ANSWER;
            p->open_lo = (int)lo;
            p->open_hi = (int)far;
        }
        return TRUE;
    }
    p->below = (int)ana_plan_index(p, f);
    if (verdict_at(p, f) == ANA_PLAN_FAILS) {
        p->outcome = ANA_PLAN_ANSWER;
        p->answer = (int)ana_plan_index(p, m);
        return TRUE;
    }
    /* the neighbour is undecided: the answer is m or nearer, down to past the nearest
     * failure seen */
    guint lo = f;
    while (lo > 0 && verdict_at(p, lo - 1) != ANA_PLAN_FAILS)
        lo--;
    p->outcome = ANA_PLAN_UNDECIDED_ANSWER;
    p->open_lo = (int)lo;
    p->open_hi = (int)m;
    return TRUE;
}

AnaPlan *ana_plan_run(const AnaPlanSpec *spec, const AnaRunOptions *options, GError **error)
{
    g_return_val_if_fail(spec->n_candidates >= 1 && spec->n_conditions >= 1 &&
                         spec->n_requirements >= 1 && spec->min_replications >= 2 &&
                         spec->max_replications >= spec->min_replications, NULL);
    AnaPlan *p = g_new0(AnaPlan, 1);
    p->spec = spec;
    p->cand = g_new0(AnaPlanCandidate, spec->n_candidates);
    for (guint i = 0; i < spec->n_candidates; i++)
        p->cand[i] = (AnaPlanCandidate){ANA_PLAN_UNSEEN, -1, NULL, -1, -1};
    p->n_looks = ana_plan_looks(spec->min_replications, spec->max_replications, p->looks);
    double per_verdict = spec->alpha / spec->n_candidates / p->n_looks;
    p->level_meet = per_verdict;
    p->level_fail = per_verdict / (spec->n_requirements * spec->n_conditions);
    p->outcome = ANA_PLAN_UNDECIDED_ANSWER;
    GError *err = NULL;
    if (!search(p, options, &err) && err) {
        g_propagate_error(error, err);
        ana_plan_free(p);
        return NULL;
    }
    return p;
}

void ana_plan_free(AnaPlan *p)
{
    if (p == NULL)
        return;
    for (guint i = 0; i < p->spec->n_candidates; i++) {
        AnaPlanCandidate *c = &p->cand[i];
        for (guint k = 0; c->cells && k < p->spec->n_conditions; k++) {
            ana_run_free(c->cells[k].run);
            g_free(c->cells[k].pairs);
        }
        g_free(c->cells);
    }
    g_free(p->cand);
    g_free(p->note);
    g_free(p);
}

AnaPlanOutcome ana_plan_outcome(const AnaPlan *p) { return p->outcome; }
int ana_plan_answer(const AnaPlan *p) { return p->answer; }
guint64 ana_plan_replications(const AnaPlan *p) { return p->replications; }

AnaPlanVerdict ana_plan_verdict(const AnaPlan *p, guint i, guint *replications)
{
    const AnaPlanCandidate *c = &p->cand[i];
    guint most = 0;
    for (guint k = 0; c->cells && k < p->spec->n_conditions; k++)
        if (c->cells[k].run)
            most = MAX(most, c->cells[k].run->completed);
    if (replications)
        *replications = most;
    return c->verdict;
}
