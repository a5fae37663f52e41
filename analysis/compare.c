/* analysis/compare.c - paired and Welch comparisons of two results. */
#include "analysis/compare.h"
#include "analysis/json-read.h"

#include "analysis/metrics.h"
#include "analysis/stats.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COMPARE_ERROR (g_quark_from_static_string("ana-compare-error"))

const char *ana_change_name(AnaChange c)
{
    switch (c) {
    case ANA_SAME: return "no significant change";
    case ANA_WITHIN: return "within tolerance";
    case ANA_UNSETTLED: return "inconclusive";
    case ANA_BETTER: return "better";
    case ANA_WORSE: return "worse";
    case ANA_CHANGED: return "changed";
    case ANA_ONLY_BASE: return "only in base";
    case ANA_ONLY_CAND: return "only in candidate";
    default: return "undecided";
    }
}

void ana_result_free(AnaResult *r)
{
    if (r == NULL)
        return;
    g_free(r->path);
    g_ptr_array_free(r->metrics, TRUE);
    g_free(r->index);
    if (r->seed)
            for (guint i = 0; i < r->n; i++)
            g_free(r->seed[i]);
    g_free(r->seed);
    g_free(r->values);
    g_free(r->scenario_sha256);
    g_free(r);
}

static gboolean bad(GError **error, const char *path, const char *what)
{
    g_set_error(error, COMPARE_ERROR, 1, "%s: not a hapgsim result (%s); write one with "
                "`hapgsim run --format json -o FILE`", path, what);
    return FALSE;
}

/* The text of a seed: a string, or a JSON integer (not a fraction, not negative). */
static char *seed_text(JsonNode *n)
{
    if (n == NULL || !JSON_NODE_HOLDS_VALUE(n))
        return NULL;
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_STRING) {
        const char *s = json_node_get_string(n);
        if (s == NULL || *s == '\0')
            return NULL;
        for (const char *c = s; *c; c++)
            if (!g_ascii_isdigit(*c))
                return NULL;
        return g_strdup(s);
    }
    if (t == G_TYPE_INT64) {
        gint64 v = json_node_get_int(n);
        return v >= 0 ? g_strdup_printf("%" G_GINT64_FORMAT, v) : NULL;
    }
    return NULL;
}

/* A non-negative integer member (absent: `dflt`); FALSE when present but not one. */
static gboolean uint_member(JsonObject *o, const char *name, gint64 dflt, gint64 *out)
{
    JsonNode *n = json_object_get_member(o, name);
    if (n == NULL) {
        *out = dflt;
        return TRUE;
    }
    if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
        return FALSE;
    *out = json_node_get_int(n);
    return *out >= 0 && *out < G_MAXUINT32;
}

AnaResult *ana_result_load_data(const char *path, const char *data, gssize length, GError **error)
{
    JsonParser *parser = json_parser_new();
    AnaResult *r = NULL;
    GHashTable *col = NULL, *seen = NULL;
    if (!ana_json_depth_ok(data, length < 0 ? strlen(data) : (gsize)length, ANA_JSON_MAX_DEPTH_READ)) {
        bad(error, path, "nested deeper than any result");
        goto out;
    }
    if (!json_parser_load_from_data(parser, data, length, error)) {
        g_prefix_error(error, "%s: ", path);
        goto out;
    }
    JsonNode *root = json_parser_get_root(parser);
    if (root == NULL) {
        bad(error, path, "the file is empty");
        goto out;
    }
    if (!JSON_NODE_HOLDS_OBJECT(root)) {
        bad(error, path, "the top level is not an object");
        goto out;
    }
    JsonObject *top = json_node_get_object(root);
    JsonNode *per = json_object_get_member(top, "per_replication");
    if (!per || !JSON_NODE_HOLDS_ARRAY(per)) {
        if (json_object_has_member(top, "points") && json_object_has_member(top, "axes"))
            bad(error, path, "a sweep's result: compare takes the results of two runs");
        else if (json_object_has_member(top, "comparisons"))
            bad(error, path, "the result of a comparison: compare takes the results of two runs");
        else
            bad(error, path, "no per_replication array");
        goto out;
    }
    JsonArray *reps = json_node_get_array(per);
    r = g_new0(AnaResult, 1);
    r->path = g_strdup(path);
    r->metrics = g_ptr_array_new_with_free_func(g_free);
    r->n = json_array_get_length(reps);
    r->index = g_new0(guint, r->n ? r->n : 1);
    r->seed = g_new0(char *, r->n ? r->n : 1);
    gint64 asked, completed;
    if (!uint_member(top, "replications", r->n, &asked) ||
        !uint_member(top, "completed", r->n, &completed)) {
        bad(error, path, "\"replications\" or \"completed\" is not a count");
        goto fail;
    }
    r->replications = (guint)asked;
    r->completed = (guint)completed;
    JsonNode *intr = json_object_get_member(top, "interrupted");
    if (intr && !(JSON_NODE_HOLDS_VALUE(intr) && json_node_get_value_type(intr) == G_TYPE_BOOLEAN)) {
        bad(error, path, "\"interrupted\" is not true or false");
        goto fail;
    }
    r->interrupted = intr ? json_node_get_boolean(intr) : FALSE;
    JsonNode *scn = json_object_get_member(top, "scenario");
    if (scn && !JSON_NODE_HOLDS_NULL(scn)) {
        if (!JSON_NODE_HOLDS_OBJECT(scn)) {
            bad(error, path, "\"scenario\" is not an object");
            goto fail;
        }
        JsonNode *sha = json_object_get_member(json_node_get_object(scn), "sha256");
        if (sha && !(JSON_NODE_HOLDS_VALUE(sha) && json_node_get_value_type(sha) == G_TYPE_STRING)) {
            bad(error, path, "\"scenario\".\"sha256\" is not a string");
            goto fail;
        }
        if (sha && *json_node_get_string(sha))
            r->scenario_sha256 = g_strdup(json_node_get_string(sha));
    }
    /* metric names, in order of first appearance */
    col = g_hash_table_new(g_str_hash, g_str_equal);
    seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < r->n; i++) {
        JsonNode *rn = json_array_get_element(reps, i);
        JsonNode *mn = JSON_NODE_HOLDS_OBJECT(rn) ? json_object_get_member(json_node_get_object(rn), "metrics") : NULL;
        if (mn == NULL || !JSON_NODE_HOLDS_OBJECT(mn)) {
            bad(error, path, "a replication without a metrics object");
            goto fail;
        }
        JsonObject *m = json_node_get_object(mn);
        GList *names = json_object_get_members(m);
        for (GList *l = names; l; l = l->next)
            if (!g_hash_table_contains(col, l->data)) {
                g_ptr_array_add(r->metrics, g_strdup(l->data));
                g_hash_table_insert(col, g_ptr_array_index(r->metrics, r->metrics->len - 1),
                                    GUINT_TO_POINTER(r->metrics->len));
            }
        g_list_free(names);
    }
    size_t cells = (size_t)(r->n ? r->n : 1) * (r->metrics->len ? r->metrics->len : 1);
    r->values = g_new(double, cells);
    for (size_t k = 0; k < cells; k++)
        r->values[k] = NAN;
    for (guint i = 0; i < r->n; i++) {
        JsonObject *ro = json_node_get_object(json_array_get_element(reps, i));
        gint64 idx;
        if (!uint_member(ro, "replication", i, &idx)) {
            bad(error, path, "a replication number that is not a count");
            goto fail;
        }
        if (g_hash_table_contains(seen, GUINT_TO_POINTER((guint)idx + 1))) {
            bad(error, path, "a replication number appears twice");
            goto fail;
        }
        g_hash_table_add(seen, GUINT_TO_POINTER((guint)idx + 1));
        r->index[i] = (guint)idx;
        JsonNode *sn = json_object_get_member(ro, "seed");
        if (sn) {
            r->seed[i] = seed_text(sn);
            if (r->seed[i] == NULL) {
                bad(error, path, "a replication seed that is neither a number nor a string of digits");
                goto fail;
            }
        } else {
            r->seed[i] = g_strdup("");
        }
        JsonObject *m = json_object_get_object_member(ro, "metrics");
        GList *names = json_object_get_members(m);
        for (GList *l = names; l; l = l->next) {
            JsonNode *v = json_object_get_member(m, l->data);
            guint c = GPOINTER_TO_UINT(g_hash_table_lookup(col, l->data)) - 1;
            if (JSON_NODE_HOLDS_NULL(v))
                continue;
            GType t = JSON_NODE_HOLDS_VALUE(v) ? json_node_get_value_type(v) : G_TYPE_INVALID;
            if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64) {
                g_set_error(error, COMPARE_ERROR, 1, "%s: not a hapgsim result (the value of %s in "
                            "replication %u is not a number or null)", path, (const char *)l->data,
                            r->index[i]);
                g_list_free(names);
                goto fail;
            }
            r->values[(size_t)i * r->metrics->len + c] = json_node_get_double(v);
        }
        g_list_free(names);
    }
    goto out;
fail:
    ana_result_free(r);
    r = NULL;
out:
    if (col)
        g_hash_table_destroy(col);
    if (seen)
        g_hash_table_destroy(seen);
    g_object_unref(parser);
    return r;
}

AnaResult *ana_result_load(const char *path, GError **error)
{
    char *data = NULL;
    gsize len = 0;
    if (!ana_json_read_file(path, ANA_JSON_MAX_BYTES, &data, &len, error))
        return NULL;
    if (len > G_MAXSSIZE) {
        g_free(data);
        bad(error, path, "too large");
        return NULL;
    }
    AnaResult *r = ana_result_load_data(path, data, (gssize)len, error);
    g_free(data);
    return r;
}

const char *ana_result_partial(const AnaResult *r)
{
    if (r->n == 0)
        return "it holds no replication";
    if (r->interrupted)
        return "it is marked interrupted";
    if (r->completed < r->replications || r->n < r->replications)
        return "fewer replications completed than asked for";
    return NULL;
}

static AnaChange decide(double lo, double hi, int direction, double tol)
{
    if (isnan(lo) || isnan(hi))
        return ANA_UNDECIDED;
    gboolean above = lo > tol, below = hi < -tol;
    if (!above && !below) {
        if (lo <= 0 && hi >= 0)
            return ANA_SAME;
        return lo >= -tol && hi <= tol ? ANA_WITHIN : ANA_UNSETTLED;
    }
    if (direction == 0)
        return ANA_CHANGED;
    return (above == (direction > 0)) ? ANA_BETTER : ANA_WORSE;
}

void ana_compare_values(const double *base, guint n_base, const double *cand, guint n_cand,
                        gboolean paired, double alpha, int direction, double tolerance,
                        AnaComparison *out)
{
    out->paired = paired;
    out->direction = direction;
    out->tolerance = tolerance;
    double se = NAN, df = NAN;
    double *b = g_new(double, n_base ? n_base : 1), *c = g_new(double, n_cand ? n_cand : 1);
    guint nb = 0, nc = 0;
    if (paired) {
        double *d = g_new(double, n_base ? n_base : 1);
        guint n = 0;
        for (guint i = 0; i < n_base && i < n_cand; i++)
            if (!isnan(base[i]) && !isnan(cand[i])) {
                b[nb++] = base[i];
                c[nc++] = cand[i];
                d[n++] = cand[i] - base[i];
            }
        /* the paired interval is the differences' aggregate at confidence 1 - alpha */
        AnaAggregate agg;
        ana_aggregate_alpha(d, n, 1, alpha, &agg);
        out->diff = agg.mean;
        out->lo = agg.lo;
        out->hi = agg.hi;
        se = n > 1 ? agg.stddev / sqrt((double)n) : NAN;
        df = n > 1 ? n - 1.0 : NAN;
        g_free(d);
    } else {
        for (guint i = 0; i < n_base; i++)
            if (!isnan(base[i]))
                b[nb++] = base[i];
        for (guint i = 0; i < n_cand; i++)
            if (!isnan(cand[i]))
                c[nc++] = cand[i];
    }
    double vb, vc;
    out->base_mean = ana_mean_var(b, nb, 1, NULL, &vb);
    out->cand_mean = ana_mean_var(c, nc, 1, NULL, &vc);
    if (!paired) {                       /* Welch */
        out->diff = out->cand_mean - out->base_mean;
        if (nb > 1 && nc > 1) {
            double sb = vb / nb, sc = vc / nc, se2 = sb + sc;
            se = sqrt(se2);
            if (se2 == 0) {
                out->lo = out->hi = out->diff;
            } else {
                df = se2 * se2 / (sb * sb / (nb - 1) + sc * sc / (nc - 1));
                double half = ana_t_quantile(1 - alpha / 2, df) * sqrt(se2);
                out->lo = out->diff - half;
                out->hi = out->diff + half;
            }
        } else {
            out->lo = out->hi = NAN;
        }
    }
    /* rounding in the differences of equal values is not a difference */
    double scale = fmax(fabs(out->base_mean), fabs(out->cand_mean));
    if (fabs(out->diff) <= 1e-12 * scale)
        out->diff = 0;
    if (fabs(out->lo) <= 1e-12 * scale)
        out->lo = 0;
    if (fabs(out->hi) <= 1e-12 * scale)
        out->hi = 0;
    out->n_base = nb;
    out->n_cand = nc;
    out->verdict = decide(out->lo, out->hi, direction, tolerance);
    out->df = df;
    out->p = ana_compare_p(out->diff, se, df, tolerance);
    out->in_family = FALSE;
    out->significant = FALSE;
    g_free(b);
    g_free(c);
}

double ana_compare_p(double diff, double se, double df, double tolerance)
{
    if (isnan(diff) || isnan(se))
        return 1;
    double excess = fabs(diff) - tolerance;
    if (excess <= 0)
        return 1;
    if (se == 0 || isnan(df))
        return se == 0 ? 0 : 1;
    double p = 2 * ana_t_upper_tail(excess / se, df);
    return isnan(p) ? 1 : p > 1 ? 1 : p;
}

static int by_p(const void *a, const void *b)
{
    const AnaComparison *x = *(AnaComparison *const *)a, *y = *(AnaComparison *const *)b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return strcmp(x->metric, y->metric);
}

guint ana_compare_holm(GPtrArray *comparisons, double alpha)
{
    GPtrArray *fam = g_ptr_array_new();
    for (guint i = 0; i < comparisons->len; i++) {
        AnaComparison *c = g_ptr_array_index(comparisons, i);
        c->significant = FALSE;
        c->in_family = c->verdict != ANA_UNDECIDED && c->verdict != ANA_ONLY_BASE &&
                       c->verdict != ANA_ONLY_CAND && !ana_metric_is_engine(c->metric);
        if (c->in_family)
            g_ptr_array_add(fam, c);
    }
    guint m = fam->len;
    if (m > 1)
        qsort(fam->pdata, m, sizeof(gpointer), by_p);
    for (guint k = 0; k < m; k++) {
        AnaComparison *c = g_ptr_array_index(fam, k);
        if (!(c->p <= alpha / (m - k)))
            break;                      /* step-down: every larger p is kept too */
        c->significant = TRUE;
    }
    g_ptr_array_free(fam, TRUE);
    return m;
}

typedef struct {
    guint a, b;              /* positions of one replication number in each result */
} Pair2;

/* The replications both results have, paired by number: pairs[k] = (i in a, j in b).
 * Paired when every common number has the same seed in both, and there are at least
 * two of them. */
static gboolean common_pairs(const AnaResult *a, const AnaResult *b, GArray *pairs)
{
    GHashTable *in_b = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint j = 0; j < b->n; j++)
        g_hash_table_insert(in_b, GUINT_TO_POINTER(b->index[j] + 1), GUINT_TO_POINTER(j + 1));
    gboolean ok = TRUE;
    for (guint i = 0; i < a->n && ok; i++) {
        gpointer v = g_hash_table_lookup(in_b, GUINT_TO_POINTER(a->index[i] + 1));
        if (v == NULL)
            continue;
        guint j = GPOINTER_TO_UINT(v) - 1;
        if (!*a->seed[i] || strcmp(a->seed[i], b->seed[j]) != 0)
            ok = FALSE;
        Pair2 p = {i, j};
        g_array_append_val(pairs, p);
    }
    g_hash_table_destroy(in_b);
    return ok && pairs->len >= 2;
}

static int find(const AnaResult *r, const char *metric)
{
    for (guint i = 0; i < r->metrics->len; i++)
        if (strcmp(g_ptr_array_index(r->metrics, i), metric) == 0)
            return (int)i;
    return -1;
}

/* One --tolerance: METRIC=VALUE (absolute) or METRIC=VALUE% (of the base mean). */
typedef struct {
    char *metric;
    double value;
    gboolean percent;
} Tolerance;

static void tolerances_free(GArray *tols)
{
    for (guint i = 0; i < tols->len; i++)
        g_free(g_array_index(tols, Tolerance, i).metric);
    g_array_free(tols, TRUE);
}

/* Parses every tolerance, whether or not its metric is compared: each must name a
 * metric of `base` and have a value >= 0.  NULL with error set on the first bad one. */
static GArray *parse_tolerances(const char *const *specs, const AnaResult *base, GError **error)
{
    GArray *tols = g_array_new(FALSE, FALSE, sizeof(Tolerance));
    for (const char *const *t = specs; t && *t; t++) {
        const char *eq = strchr(*t, '=');
        if (eq == NULL || eq == *t) {
            g_set_error(error, COMPARE_ERROR, 2, "--tolerance %s: write METRIC=VALUE or METRIC=VALUE%%", *t);
            tolerances_free(tols);
            return NULL;
        }
        Tolerance tol = {g_strndup(*t, (gsize)(eq - *t)), 0, FALSE};
        g_array_append_val(tols, tol);
        if (find(base, tol.metric) < 0) {
            g_set_error(error, COMPARE_ERROR, 3, "--tolerance %s: no metric %s in %s", *t, tol.metric,
                        base->path);
            tolerances_free(tols);
            return NULL;
        }
        char *end;
        double v = g_ascii_strtod(eq + 1, &end);
        gboolean pct = *end == '%';
        if (pct)
            end++;
        if (end == eq + 1 || *end != '\0' || !isfinite(v) || v < 0) {
            g_set_error(error, COMPARE_ERROR, 2, "--tolerance %s: the value must be a number >= 0, "
                        "optionally followed by %%", *t);
            tolerances_free(tols);
            return NULL;
        }
        g_array_index(tols, Tolerance, tols->len - 1).value = v;
        g_array_index(tols, Tolerance, tols->len - 1).percent = pct;
    }
    return tols;
}

/* The tolerance of `metric` (the last one given wins), or NULL. */
static const Tolerance *tolerance_of(const GArray *tols, const char *metric)
{
    const Tolerance *found = NULL;
    for (guint i = 0; i < tols->len; i++)
        if (strcmp(g_array_index(tols, Tolerance, i).metric, metric) == 0)
            found = &g_array_index(tols, Tolerance, i);
    return found;
}

void ana_comparisons_free(GPtrArray *comparisons)
{
    if (comparisons == NULL)
        return;
    for (guint i = 0; i < comparisons->len; i++) {
        AnaComparison *c = g_ptr_array_index(comparisons, i);
        g_free(c->metric);
        g_free(c);
    }
    g_ptr_array_free(comparisons, TRUE);
}

GPtrArray *ana_compare(const AnaResult *base, const AnaResult *cand, const AnaCompareOptions *opts,
                       gboolean *paired, guint *n_paired, GError **error)
{
    double alpha = opts && opts->alpha > 0 ? opts->alpha : 0.05;
    GArray *pairs = g_array_new(FALSE, FALSE, sizeof(Pair2));
    gboolean pair = common_pairs(base, cand, pairs);
    if (paired)
        *paired = pair;
    if (n_paired)
        *n_paired = pair ? pairs->len : 0;
    GArray *tols = parse_tolerances(opts ? opts->tolerances : NULL, base, error);
    if (tols == NULL) {
        g_array_free(pairs, TRUE);
        return NULL;
    }
    GPtrArray *out = g_ptr_array_new();
    GArray *wanted = g_array_new(FALSE, FALSE, sizeof(int));   /* base metric indices */
    if (opts && opts->metrics && opts->metrics[0]) {
        for (const char *const *m = opts->metrics; *m; m++) {
            int ib = find(base, *m);
            if (ib < 0 || find(cand, *m) < 0) {
                g_set_error(error, COMPARE_ERROR, 3, "--metric %s: not in both results", *m);
                g_array_free(wanted, TRUE);
                g_array_free(pairs, TRUE);
                tolerances_free(tols);
                ana_comparisons_free(out);
                return NULL;
            }
            g_array_append_val(wanted, ib);
        }
    } else {
        for (guint i = 0; i < base->metrics->len; i++) {
            int ib = (int)i;
            if (find(cand, g_ptr_array_index(base->metrics, i)) >= 0) {
                g_array_append_val(wanted, ib);
            } else {                     /* listed, not dropped */
                AnaComparison *cmp = g_new0(AnaComparison, 1);
                cmp->metric = g_strdup(g_ptr_array_index(base->metrics, i));
                cmp->diff = cmp->lo = cmp->hi = cmp->cand_mean = NAN;
                cmp->base_mean = ana_mean_var(&base->values[i], base->n, base->metrics->len, &cmp->n_base, NULL);
                cmp->direction = ana_metric_direction(cmp->metric);
                cmp->verdict = ANA_ONLY_BASE;
                cmp->p = 1;
                g_ptr_array_add(out, cmp);
            }
        }
        for (guint j = 0; j < cand->metrics->len; j++)
            if (find(base, g_ptr_array_index(cand->metrics, j)) < 0) {
                AnaComparison *cmp = g_new0(AnaComparison, 1);
                cmp->metric = g_strdup(g_ptr_array_index(cand->metrics, j));
                cmp->diff = cmp->lo = cmp->hi = cmp->base_mean = NAN;
                cmp->cand_mean = ana_mean_var(&cand->values[j], cand->n, cand->metrics->len, &cmp->n_cand, NULL);
                cmp->direction = ana_metric_direction(cmp->metric);
                cmp->verdict = ANA_ONLY_CAND;
                cmp->p = 1;
                g_ptr_array_add(out, cmp);
            }
    }
    for (guint k = 0; k < wanted->len; k++) {
        int ib = g_array_index(wanted, int, k);
        const char *metric = g_ptr_array_index(base->metrics, (guint)ib);
        int ic = find(cand, metric);
        guint nb = pair ? pairs->len : base->n, nc = pair ? pairs->len : cand->n;
        double *b = g_new(double, nb ? nb : 1), *c = g_new(double, nc ? nc : 1);
        for (guint r = 0; r < nb; r++) {
            guint i = pair ? g_array_index(pairs, Pair2, r).a : r;
            b[r] = base->values[(size_t)i * base->metrics->len + (guint)ib];
        }
        for (guint r = 0; r < nc; r++) {
            guint j = pair ? g_array_index(pairs, Pair2, r).b : r;
            c[r] = cand->values[(size_t)j * cand->metrics->len + (guint)ic];
        }
        /* a metric neither result has a value of (engine.events_per_s without --timing,
         * null in the results of earlier versions) */
        gboolean any = FALSE;
        for (guint r = 0; r < nb && !any; r++)
            any = !isnan(b[r]);
        for (guint r = 0; r < nc && !any; r++)
            any = !isnan(c[r]);
        if (!any) {
            g_free(b);
            g_free(c);
            continue;
        }
        AnaComparison *cmp = g_new0(AnaComparison, 1);
        cmp->metric = g_strdup(metric);
        const Tolerance *tol = tolerance_of(tols, metric);
        int direction = ana_metric_direction(metric);
        ana_compare_values(b, nb, c, nc, pair, alpha, direction,
                           tol && !tol->percent ? tol->value : 0, cmp);
        if (tol && tol->percent) {
            /* of the base mean the comparison shows (of the pairs, when paired) */
            cmp->tolerance = fabs(cmp->base_mean) * tol->value / 100;
            cmp->verdict = decide(cmp->lo, cmp->hi, direction, cmp->tolerance);
            double t = isnan(cmp->lo) || cmp->hi == cmp->lo ? NAN
                       : ana_t_quantile(1 - alpha / 2, cmp->df);
            cmp->p = ana_compare_p(cmp->diff, isnan(t) ? (cmp->hi == cmp->lo ? 0 : NAN)
                                                        : (cmp->hi - cmp->lo) / 2 / t,
                                   cmp->df, cmp->tolerance);
        }
        g_ptr_array_add(out, cmp);
        g_free(b);
        g_free(c);
    }
    g_array_free(wanted, TRUE);
    g_array_free(pairs, TRUE);
    tolerances_free(tols);
    ana_compare_holm(out, alpha);
    return out;
}
