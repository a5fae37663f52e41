/* bench/plan.c - `hapgsim plan` against the fixed-replication sweep that reaches the
 * same answer at the same confidence.
 *
 *   build/bench/plan [SCENARIO AXIS=LO..HI[/STEP] REQUIREMENT [CONDITION...] [--min N] [--max N]]
 *       (defaults tests/plan/mmc.yaml members.count=4..16 'latency.mean_ms<=31.5')
 *
 * The plan: ana_plan_run as the command runs it (95 %, looks from --min, default 10,
 * to 1000), on one thread.  The sweep: every candidate under every condition with the same number N of
 * replications, judged once with the same bounds at the levels a single look needs
 * for the same 95 % (alpha over the candidates; a failure also over the pairs).  N is
 * the smallest that gives the plan's answer (the value meets, its neighbour fails),
 * found from prefixes of --max replications per point (a sweep with N replications is
 * a prefix: the same seeds): the search for N is not charged to the sweep.  The sweep
 * with that N is then run on one thread for its wall time.  Last line, key=value:
 * plan_replications, plan_wall_s, sweep_n, sweep_replications, sweep_wall_s,
 * replication_ratio, wall_ratio. */
#include "bench/bench_util.h"
#include "analysis/metrics.h"
#include "analysis/plan.h"
#include "scenarios/scenario.h"

#include <math.h>

typedef struct {
    const char *path, *axis;
    char **labels;
    guint n, n_cond;
    char ***conds;
    ScnScenario **cache;
} Loader;

static const MdlConfig *config_at(guint i, guint k, void *data, GError **error)
{
    Loader *l = data;
    ScnScenario **slot = &l->cache[i * l->n_cond + k];
    if (*slot == NULL) {
        GPtrArray *o = g_ptr_array_new_with_free_func(g_free);
        for (char **c = l->conds[k]; c && *c; c++)
            g_ptr_array_add(o, g_strdup(*c));
        g_ptr_array_add(o, g_strdup_printf("%s=%s", l->axis, l->labels[i]));
        g_ptr_array_add(o, NULL);
        ScnOptions opts = {.overrides = (const char *const *)o->pdata};
        *slot = scn_load_file(l->path, &opts, error);
        g_ptr_array_free(o, TRUE);
        if (*slot == NULL) {
            fprintf(stderr, "%s\n", (*error)->message);
            return NULL;
        }
    }
    return scn_scenario_config(*slot);
}

/* The sweep's verdict of point i from the first n replications of each condition. */
static AnaPlanVerdict sweep_verdict(AnaRun **runs, guint i, guint n, Loader *l,
                                    const AnaPlanRequirement *q, double lm, double lf)
{
    gboolean all = TRUE;
    for (guint k = 0; k < l->n_cond; k++) {
        AnaRun *run = runs[i * l->n_cond + k];
        int m = ana_metric_set_find(run->metrics, q->metric);
        double *v = g_new(double, n);
        for (guint r = 0; r < n; r++)
            v[r] = ana_run_value(run, r, (guint)m);
        double lo_m, hi_m, lo_f, hi_f;
        AnaKind kind = ana_metric_kind(q->metric);
        ana_plan_bounds(v, n, kind, lm, &lo_m, &hi_m);
        ana_plan_bounds(v, n, kind, lf, &lo_f, &hi_f);
        g_free(v);
        gboolean meets = q->op == ANA_PLAN_LE ? hi_m <= q->limit : lo_m >= q->limit;
        gboolean fails = q->op == ANA_PLAN_LE ? lo_f > q->limit : hi_f < q->limit;
        if (fails)
            return ANA_PLAN_FAILS;
        all &= meets;
    }
    return all ? ANA_PLAN_MEETS : ANA_PLAN_UNDECIDED;
}

int main(int argc, char **argv)
{
    const char *path = "tests/plan/mmc.yaml", *vary = "members.count=4..16",
               *req = "latency.mean_ms<=31.5";
    guint max_n = 1000, min_reps = 10;
    GPtrArray *conds = g_ptr_array_new();
    int pos = 0;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--min") == 0 && a + 1 < argc) {
            min_reps = (guint)atoi(argv[++a]);
            continue;
        }
        if (strcmp(argv[a], "--max") == 0 && a + 1 < argc) {
            max_n = (guint)atoi(argv[++a]);
            continue;
        }
        switch (pos++) {
        case 0: path = argv[a]; break;
        case 1: vary = argv[a]; break;
        case 2: req = argv[a]; break;
        default: g_ptr_array_add(conds, g_strsplit(argv[a], ";", -1)); break;
        }
    }
    g_ptr_array_add(conds, NULL);
    const char *eq = strchr(vary, '='), *dots = eq ? strstr(eq, "..") : NULL;
    AnaPlanRequirement q;
    if (dots == NULL || max_n < 10 || min_reps < 2 || min_reps > 1000 || !ana_plan_requirement_parse(req, &q, NULL)) {
        fprintf(stderr, "usage: plan [SCENARIO AXIS=LO..HI[/STEP] REQUIREMENT [CONDITION...] [--min N] [--max N]]\n");
        return 2;
    }
    Loader l = {.path = path, .axis = g_strndup(vary, (gsize)(eq - vary))};
    const char *slash = strchr(dots, '/');
    int lo = atoi(eq + 1), hi = atoi(dots + 2), step = slash ? atoi(slash + 1) : 1;
    if (step < 1 || hi < lo) {
        fprintf(stderr, "plan: AXIS=LO..HI[/STEP] with integers, LO <= HI, STEP >= 1\n");
        return 2;
    }
    l.n = (guint)((hi - lo) / step + 1);
    l.labels = g_new0(char *, l.n + 1);
    for (guint i = 0; i < l.n; i++)
        l.labels[i] = g_strdup_printf("%d", lo + (int)i * step);
    l.n_cond = MAX(conds->len - 1, 1);
    char **none[] = {NULL};
    l.conds = conds->len > 1 ? (char ***)conds->pdata : none;
    l.cache = g_new0(ScnScenario *, l.n * l.n_cond);
    const char **clabels = g_new0(const char *, l.n_cond);
    for (guint k = 0; k < l.n_cond; k++)
        clabels[k] = "";

    AnaRunOptions one = {.jobs = 1};
    AnaPlanSpec spec = {.axis_path = l.axis, .n_candidates = l.n,
                        .labels = (const char *const *)l.labels, .integral = TRUE,
                        .n_conditions = l.n_cond, .condition_labels = clabels,
                        .requirements = &q, .n_requirements = 1, .alpha = 0.05,
                        .min_replications = min_reps, .max_replications = 1000,
                        .config = config_at, .config_data = &l};
    double t0 = bench_now();
    GError *err = NULL;
    AnaPlan *p = ana_plan_run(&spec, &one, &err);
    double plan_wall = bench_now() - t0;
    if (p == NULL) {
        fprintf(stderr, "plan: %s\n", err->message);
        return 2;
    }
    int answer = ana_plan_answer(p);
    guint64 plan_reps = ana_plan_replications(p);
    printf("plan: %s, %s, %s: answer %s, %" G_GUINT64_FORMAT " replications, %.2f s\n", path,
           vary, q.text, answer >= 0 ? l.labels[answer] : "none", plan_reps, plan_wall);
    if (answer < 0) {
        fprintf(stderr, "plan: no answer to compare with\n");
        return 1;
    }

    /* every point to max_n, then the smallest prefix that decides the same answer */
    guint total = l.n * l.n_cond;
    const MdlConfig **cfgs = g_new0(const MdlConfig *, total);
    guint *first = g_new0(guint, total), *count = g_new0(guint, total);
    for (guint c = 0; c < total; c++) {
        cfgs[c] = config_at(c / l.n_cond, c % l.n_cond, &l, NULL);
        count[c] = max_n;
    }
    AnaRunOptions two = {.jobs = (guint)g_get_num_processors()};
    AnaRun **runs = ana_run_studies(cfgs, first, count, total, &two);
    double lm = 0.05 / l.n, lf = lm / l.n_cond;
    guint need = 0;
    for (guint n = 2; n <= max_n && need == 0; n++) {
        gboolean ok = sweep_verdict(runs, (guint)answer, n, &l, &q, lm, lf) == ANA_PLAN_MEETS &&
                      (answer == 0 || sweep_verdict(runs, (guint)answer - 1, n, &l, &q, lm, lf) ==
                                          ANA_PLAN_FAILS);
        if (ok)
            need = n;
    }
    for (guint c = 0; c < total; c++)
        ana_run_free(runs[c]);
    g_free(runs);
    if (need == 0) {
        printf("sweep: not decided with %u replications a point\n", max_n);
        return 1;
    }
    for (guint c = 0; c < total; c++)
        count[c] = need;
    t0 = bench_now();
    runs = ana_run_studies(cfgs, first, count, total, &one);
    double sweep_wall = bench_now() - t0;
    for (guint c = 0; c < total; c++)
        ana_run_free(runs[c]);
    g_free(runs);
    guint64 sweep_reps = (guint64)need * total;
    printf("sweep: %u points x %u conditions x %u replications = %" G_GUINT64_FORMAT
           " replications, %.2f s\n", l.n, l.n_cond, need, sweep_reps, sweep_wall);
    printf("plan_replications=%" G_GUINT64_FORMAT " plan_wall_s=%.3f sweep_n=%u "
           "sweep_replications=%" G_GUINT64_FORMAT " sweep_wall_s=%.3f replication_ratio=%.1f "
           "wall_ratio=%.1f\n", plan_reps, plan_wall, need, sweep_reps, sweep_wall,
           (double)sweep_reps / plan_reps, sweep_wall / plan_wall);
    ana_plan_free(p);
    for (guint c = 0; c < total; c++)
        scn_scenario_free(l.cache[c]);
    return 0;
}
