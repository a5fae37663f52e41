/* analysis/plan-output.c - a plan as text and as JSON (plan.h, docs/plan.md). */
#include "analysis/json-private.h"
#include "analysis/plan-private.h"
#include "analysis/metrics.h"

#include <math.h>
#include <string.h>

/* "under faults.0.target=az-a", or "" for the scenario as it is */
static const char *cond_label(const AnaPlan *p, int k)
{
    const char *l = p->spec->condition_labels ? p->spec->condition_labels[k] : NULL;
    return l && *l ? l : "as given";
}

static const char *label(const AnaPlan *p, int i) { return p->spec->labels[i]; }

/* The pair's figures: "mean [lower, upper]". */
static void format_pair(GString *s, const AnaPlanPair *pair)
{
    if (pair->verdict == ANA_PLAN_UNSEEN) {
        g_string_append(s, "-");
        return;
    }
    ana_format_value(s, pair->mean);
    g_string_append(s, " [");
    ana_format_value(s, pair->lower);
    g_string_append(s, ", ");
    ana_format_value(s, pair->upper);
    g_string_append(s, "]");
    if (pair->nulls)
        g_string_append_printf(s, " (null in %u)", pair->nulls);
}

/* What decided (or failed to decide) candidate i, one clause. */
static void why_candidate(GString *s, const AnaPlan *p, int i)
{
    const AnaPlanCandidate *c = &p->cand[i];
    if (c->req < 0)
        return;
    const AnaPlanRequirement *q = &p->spec->requirements[c->req];
    const AnaPlanPair *pair = &c->cells[c->cond].pairs[c->req];
    g_string_append_printf(s, "%s under %s: mean ", q->text, cond_label(p, c->cond));
    ana_format_value(s, pair->mean);
    g_string_append(s, ", bounds [");
    ana_format_value(s, pair->lower);
    g_string_append(s, ", ");
    ana_format_value(s, pair->upper);
    g_string_append_printf(s, "] from %u replications", pair->n + pair->nulls);
    if (c->verdict != ANA_PLAN_UNDECIDED)
        return;
    /* what would decide it */
    double side = pair->mean > q->limit ? pair->lower : pair->upper;
    double half = fabs(side - pair->mean), gap = fabs(pair->mean - q->limit);
    guint n = pair->n + pair->nulls;
    if (pair->nulls)
        g_string_append(s, "; the metric is null in some replications, which no number of "
                           "them can settle: change the condition or the requirement");
    else if (pair->constant) {
        /* the distribution-free bound: a value other than c may have probability q =
         * 1 - level^(1/n); the mean is bounded within the limit once q is small enough */
        AnaKind kind = ana_metric_kind(q->metric);
        double v0 = pair->mean, far = q->op == ANA_PLAN_LE ? (kind == ANA_KIND_FRACTION ? 1 : INFINITY)
                                                          : (kind == ANA_KIND_REAL ? -INFINITY : 0);
        gboolean right = q->op == ANA_PLAN_LE ? v0 <= q->limit : v0 >= q->limit;
        double q_need = right && isfinite(far) ? fabs(q->limit - v0) / fabs(far - v0) : NAN;
        double n_need = kind == ANA_KIND_COUNT && v0 == 0 && q->op == ANA_PLAN_LE && q->limit > 0
                      ? -log(p->level_meet) / q->limit
                      : q_need > 0 && q_need < 1 ? log(p->level_meet) / log1p(-q_need) : NAN;
        g_string_append_printf(s, "; every replication gave %g: no spread to estimate, so "
                                  "only the chance of another value bounds the mean", v0);
        if (isfinite(n_need) && n_need <= 1e9)
            g_string_append_printf(s, "; about %.0f replications would decide it (each "
                                      "replication is one observation, however long its "
                                      "window)", ceil(n_need * 1.1));
        else
            g_string_append(s, "; no number of replications decides it: change the "
                               "requirement (a count, such as rejected.count or "
                               "outage.count, has a Poisson bound)");
    }
    else if (gap == 0)
        g_string_append(s, "; the mean is at the limit: no number of replications decides it");
    else {
        double need = ceil(n * (half / gap) * (half / gap) * 1.1);
        if (need > 1e9)
            need = 1e9;
        g_string_append_printf(s, "; about %.0f replications would decide it "
                                  "(--max-replications %.0f)", need, need);
    }
}

/* The requirement that binds the answer: the one that fails at its neighbour, else the
 * one closest to its limit at the answer. */
static void binding(const AnaPlan *p, int *req, int *cond, int *at)
{
    *req = *cond = *at = -1;
    if (p->answer < 0)
        return;
    if (p->below >= 0 && p->cand[p->below].verdict == ANA_PLAN_FAILS) {
        *req = p->cand[p->below].req;
        *cond = p->cand[p->below].cond;
        *at = p->below;
        return;
    }
    const AnaPlanCandidate *c = &p->cand[p->answer];
    double best = INFINITY;
    for (guint k = 0; k < p->spec->n_conditions; k++)
        for (guint r = 0; r < p->spec->n_requirements; r++) {
            const AnaPlanRequirement *q = &p->spec->requirements[r];
            const AnaPlanPair *pair = &c->cells[k].pairs[r];
            double margin = q->op == ANA_PLAN_LE ? q->limit - pair->upper : pair->lower - q->limit;
            margin /= MAX(fabs(q->limit), 1e-300);
            if (margin < best) {
                best = margin;
                *req = (int)r;
                *cond = (int)k;
            }
        }
    *at = p->answer;
}

/* One paragraph: the outcome, and what would decide an undecided one. */
static char *note(const AnaPlan *p)
{
    GString *s = g_string_new(NULL);
    const char *path = p->spec->axis_path;
    switch (p->outcome) {
    case ANA_PLAN_ANSWER:
        if (p->below < 0)
            g_string_append_printf(s, "%s = %s meets every requirement under every condition, "
                                      "and it is the %s end of the range.", path,
                                   label(p, p->answer), p->spec->largest ? "upper" : "lower");
        else
            g_string_append_printf(s, "%s = %s meets every requirement under every condition; "
                                      "%s = %s was shown to fail.", path, label(p, p->answer),
                                   path, label(p, p->below));
        break;
    case ANA_PLAN_NONE:
        g_string_append_printf(s, "nothing in range meets the requirements: %s = %s, the %s "
                                  "end, fails (", path,
                               label(p, (int)ana_plan_index(p, p->spec->n_candidates - 1)),
                               p->spec->largest ? "lower" : "upper");
        why_candidate(s, p, (int)ana_plan_index(p, p->spec->n_candidates - 1));
        g_string_append(s, "); widen the range.");
        break;
    case ANA_PLAN_UNDECIDED_ANSWER: {
        int a = (int)ana_plan_index(p, (guint)p->open_lo), b = (int)ana_plan_index(p, (guint)p->open_hi);
        if ((guint)p->open_hi == p->spec->n_candidates - 1 && p->cand[b].verdict == ANA_PLAN_UNDECIDED)
            g_string_append_printf(s, "undecided at --max-replications: nothing was shown to "
                                      "meet, and the %s end, %s = %s, is undecided",
                                   p->spec->largest ? "lower" : "upper", path, label(p, b));
        else
            g_string_append_printf(s, "undecided at --max-replications: the answer lies between "
                                      "%s = %s and %s", path, label(p, MIN(a, b)), label(p, MAX(a, b)));
        /* name the undecided candidates and what would decide them */
        for (guint i = 0; i < p->spec->n_candidates; i++)
            if (p->cand[i].verdict == ANA_PLAN_UNDECIDED) {
                g_string_append_printf(s, "; %s = %s is undecided: ", path, label(p, (int)i));
                why_candidate(s, p, (int)i);
            }
        g_string_append(s, ".");
        break;
    }
    case ANA_PLAN_INTERRUPTED:
        g_string_append(s, "interrupted: the search stopped before an answer; the verdicts so "
                           "far are shown.");
        break;
    }
    return g_string_free(s, FALSE);
}

/* The rule as one sentence. */
static char *rule(const AnaPlan *p)
{
    const AnaPlanSpec *s = p->spec;
    return g_strdup_printf(
        "%g%% one-sided; alpha %g split over %u candidate%s x %u look%s (%u..%u replications): "
        "a meets at level %.3g per look, a fails also split over %u requirement x condition "
        "pair%s (%.3g); common random numbers (replication k has seed k of a run)",
        100 * (1 - s->alpha), s->alpha, s->n_candidates, s->n_candidates == 1 ? "" : "s",
        p->n_looks, p->n_looks == 1 ? "" : "s", p->looks[0], p->looks[p->n_looks - 1],
        p->level_meet, s->n_requirements * s->n_conditions,
        s->n_requirements * s->n_conditions == 1 ? "" : "s", p->level_fail);
}

static const char *outcome_name(AnaPlanOutcome o)
{
    switch (o) {
    case ANA_PLAN_ANSWER: return "answer";
    case ANA_PLAN_NONE: return "none";
    case ANA_PLAN_UNDECIDED_ANSWER: return "undecided";
    default: return "interrupted";
    }
}

/* ---- text ---- */

static void pad(GString *s, const char *cell, guint width, gboolean last)
{
    g_string_append(s, cell);
    if (!last)
        for (gsize k = g_utf8_strlen(cell, -1); k < width + 2; k++)
            g_string_append_c(s, ' ');
}

char *ana_plan_text(const AnaPlan *p, const AnaReportInfo *info)
{
    const AnaPlanSpec *sp = p->spec;
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "hapgsim %s: plan for %s, seed %" G_GUINT64_FORMAT "\n",
                           info->version, info->scenario_name, info->seed);
    g_string_append_printf(s, "axis:     %s = %s..%s (%u value%s; the %s that meets)\n",
                           sp->axis_path, sp->labels[0], sp->labels[sp->n_candidates - 1],
                           sp->n_candidates, sp->n_candidates == 1 ? "" : "s",
                           sp->largest ? "largest" : "smallest");
    g_string_append(s, "requires:");
    for (guint r = 0; r < sp->n_requirements; r++)
        g_string_append_printf(s, "%s %s", r ? ";" : "", sp->requirements[r].text);
    g_string_append(s, "\nunder:   ");
    for (guint k = 0; k < sp->n_conditions; k++)
        g_string_append_printf(s, "%s %s", k ? ";" : "", cond_label(p, (int)k));
    char *r = rule(p);
    g_string_append_printf(s, "\nrule:     %s\n\n", r);
    g_free(r);

    switch (p->outcome) {
    case ANA_PLAN_ANSWER:
        g_string_append_printf(s, "answer:   %s = %s\n", sp->axis_path, label(p, p->answer));
        break;
    case ANA_PLAN_NONE:
        g_string_append(s, "answer:   none in range\n");
        break;
    case ANA_PLAN_UNDECIDED_ANSWER:
        g_string_append(s, "answer:   undecided\n");
        break;
    default:
        g_string_append(s, "answer:   interrupted\n");
        break;
    }
    int br, bc, bat;
    binding(p, &br, &bc, &bat);
    if (br >= 0) {
        g_string_append_printf(s, "binding:  %s under %s", sp->requirements[br].text, cond_label(p, bc));
        if (bat != p->answer)
            g_string_append_printf(s, " (fails at %s)", label(p, bat));
        g_string_append(s, "\n");
    }
    char *n = note(p);
    g_string_append_printf(s, "why:      %s\n", n);
    g_free(n);
    g_string_append_printf(s, "cost:     %" G_GUINT64_FORMAT " replications in all, %d candidate%s evaluated\n\n",
                           p->replications, p->evaluated, p->evaluated == 1 ? "" : "s");

    /* the table: one row per evaluated candidate and condition, in axis order */
    guint ncol = 5 + sp->n_requirements;
    GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(cells, g_strdup("step"));
    g_ptr_array_add(cells, g_strdup(sp->axis_path));
    g_ptr_array_add(cells, g_strdup("verdict"));
    g_ptr_array_add(cells, g_strdup("condition"));
    g_ptr_array_add(cells, g_strdup("replications"));
    for (guint q = 0; q < sp->n_requirements; q++)
        g_ptr_array_add(cells, g_strdup_printf("%s [bounds]", sp->requirements[q].text));
    for (guint i = 0; i < sp->n_candidates; i++) {
        const AnaPlanCandidate *c = &p->cand[i];
        if (c->order < 0)
            continue;
        for (guint k = 0; k < sp->n_conditions; k++) {
            const AnaPlanCell *cell = &c->cells[k];
            g_ptr_array_add(cells, k ? g_strdup("") : g_strdup_printf("%d", c->order + 1));
            g_ptr_array_add(cells, g_strdup(k ? "" : sp->labels[i]));
            g_ptr_array_add(cells, g_strdup(k ? "" : ana_plan_verdict_name(c->verdict)));
            g_ptr_array_add(cells, g_strdup(cond_label(p, (int)k)));
            g_ptr_array_add(cells, g_strdup_printf("%u", cell->run ? cell->run->completed : 0));
            for (guint q = 0; q < sp->n_requirements; q++) {
                GString *t = g_string_new(NULL);
                format_pair(t, &cell->pairs[q]);
                g_ptr_array_add(cells, g_string_free(t, FALSE));
            }
        }
    }
    guint rows = cells->len / ncol;
    guint *w = g_new0(guint, ncol);
    for (guint row = 0; row < rows; row++)
        for (guint col = 0; col < ncol; col++)
            w[col] = MAX(w[col], (guint)g_utf8_strlen(cells->pdata[row * ncol + col], -1));
    for (guint row = 0; row < rows; row++) {
        for (guint col = 0; col < ncol; col++)
            pad(s, cells->pdata[row * ncol + col], w[col], col + 1 == ncol);
        g_string_append_c(s, '\n');
    }
    g_free(w);
    g_ptr_array_free(cells, TRUE);
    return g_string_free(s, FALSE);
}

/* ---- JSON ---- */

static void json_value(AnaJson *w, const AnaPlan *p, int i)
{
    if (p->spec->integral)
        ana_json_int(w, (gint64)g_ascii_strtoll(label(p, i), NULL, 10));
    else
        ana_json_number(w, g_ascii_strtod(label(p, i), NULL));
}

void ana_plan_json_write(AnaOutput *out, const AnaPlan *p, const AnaReportInfo *info)
{
    const AnaPlanSpec *sp = p->spec;
    AnaJson w;
    ana_json_init(&w, out);
    ana_json_begin_object(&w);
    ana_json_header(&w, info);

    ana_json_member(&w, "plan");
    ana_json_begin_object(&w);
    ana_json_member(&w, "axis");
    ana_json_string(&w, sp->axis_path);
    ana_json_member(&w, "values");
    ana_json_begin_array(&w);
    for (guint i = 0; i < sp->n_candidates; i++)
        json_value(&w, p, (int)i);
    ana_json_end_array(&w);
    ana_json_member(&w, "direction");
    ana_json_string(&w, sp->largest ? "largest" : "smallest");
    ana_json_member(&w, "requirements");
    ana_json_begin_array(&w);
    for (guint r = 0; r < sp->n_requirements; r++) {
        ana_json_begin_object(&w);
        ana_json_member(&w, "metric");
        ana_json_string(&w, sp->requirements[r].metric);
        ana_json_member(&w, "op");
        ana_json_string(&w, sp->requirements[r].op == ANA_PLAN_LE ? "<=" : ">=");
        ana_json_member(&w, "value");
        ana_json_number(&w, sp->requirements[r].limit);
        ana_json_end_object(&w);
    }
    ana_json_end_array(&w);
    ana_json_member(&w, "conditions");
    ana_json_begin_array(&w);
    for (guint k = 0; k < sp->n_conditions; k++)
        ana_json_string(&w, sp->condition_labels ? sp->condition_labels[k] : "");
    ana_json_end_array(&w);
    ana_json_member(&w, "confidence");
    ana_json_number(&w, 1 - sp->alpha);
    ana_json_member(&w, "looks");
    ana_json_begin_array(&w);
    for (guint l = 0; l < p->n_looks; l++)
        ana_json_int(&w, p->looks[l]);
    ana_json_end_array(&w);
    ana_json_member(&w, "level_meets");
    ana_json_number(&w, p->level_meet);
    ana_json_member(&w, "level_fails");
    ana_json_number(&w, p->level_fail);
    char *r = rule(p);
    ana_json_member(&w, "rule");
    ana_json_string(&w, r);
    g_free(r);
    ana_json_end_object(&w);

    ana_json_member(&w, "outcome");
    ana_json_string(&w, outcome_name(p->outcome));
    ana_json_member(&w, "answer");
    if (p->answer >= 0) {
        ana_json_begin_object(&w);
        ana_json_member(&w, sp->axis_path);
        json_value(&w, p, p->answer);
        ana_json_end_object(&w);
    } else {
        ana_json_null(&w);
    }
    int br, bc, bat;
    binding(p, &br, &bc, &bat);
    ana_json_member(&w, "binding");
    if (br >= 0) {
        ana_json_begin_object(&w);
        ana_json_member(&w, "requirement");
        ana_json_string(&w, sp->requirements[br].text);
        ana_json_member(&w, "condition");
        ana_json_string(&w, sp->condition_labels ? sp->condition_labels[bc] : "");
        ana_json_member(&w, "fails_at");
        if (bat != p->answer)
            json_value(&w, p, bat);
        else
            ana_json_null(&w);
        ana_json_end_object(&w);
    } else {
        ana_json_null(&w);
    }
    char *n = note(p);
    ana_json_member(&w, "note");
    ana_json_string(&w, n);
    g_free(n);
    ana_json_member(&w, "replications");
    ana_json_int(&w, (gint64)p->replications);

    ana_json_member(&w, "candidates");
    ana_json_begin_array(&w);
    for (guint i = 0; i < sp->n_candidates; i++) {
        const AnaPlanCandidate *c = &p->cand[i];
        if (c->order < 0)
            continue;
        ana_json_begin_object(&w);
        ana_json_member(&w, "value");
        json_value(&w, p, (int)i);
        ana_json_member(&w, "step");
        ana_json_int(&w, c->order + 1);
        ana_json_member(&w, "verdict");
        ana_json_string(&w, ana_plan_verdict_name(c->verdict));
        ana_json_member(&w, "conditions");
        ana_json_begin_array(&w);
        for (guint k = 0; k < sp->n_conditions; k++) {
            const AnaPlanCell *cell = &c->cells[k];
            ana_json_begin_object(&w);
            ana_json_member(&w, "condition");
            ana_json_string(&w, sp->condition_labels ? sp->condition_labels[k] : "");
            ana_json_member(&w, "replications");
            ana_json_int(&w, cell->run ? cell->run->completed : 0);
            ana_json_member(&w, "requirements");
            ana_json_begin_array(&w);
            for (guint q = 0; q < sp->n_requirements; q++) {
                const AnaPlanPair *pair = &cell->pairs[q];
                ana_json_begin_object(&w);
                ana_json_member(&w, "requirement");
                ana_json_string(&w, sp->requirements[q].text);
                ana_json_member(&w, "verdict");
                ana_json_string(&w, ana_plan_verdict_name(pair->verdict));
                ana_json_member(&w, "mean");
                ana_json_number(&w, pair->mean);
                ana_json_member(&w, "bounds");
                ana_json_begin_array(&w);
                ana_json_number(&w, pair->lower);
                ana_json_number(&w, pair->upper);
                ana_json_end_array(&w);
                ana_json_member(&w, "n");
                ana_json_int(&w, pair->n);
                ana_json_member(&w, "nulls");
                ana_json_int(&w, pair->nulls);
                ana_json_end_object(&w);
            }
            ana_json_end_array(&w);
            ana_json_end_object(&w);
        }
        ana_json_end_array(&w);
        ana_json_end_object(&w);
    }
    ana_json_end_array(&w);
    ana_json_end_object(&w);
    ana_json_finish(&w);
}
