/* analysis/splitting.c - RESTART splitting (Villén-Altamirano), and the pilot that
 * chooses its splits.  docs/rare-events.md explains the method and its limits. */
#include "analysis/splitting.h"

#include "analysis/collector.h"
#include "models/group.h"
#include "sim/rng.h"

#include <math.h>

/* Most copies made at one level (splitting.splits has the same bound). */
#define MAX_SPLITS 100000

typedef struct {
    const MdlConfig *cfg;
    const AnaSplitPlan *plan;
    double w[ANA_SPLIT_MAX_LEVELS + 1];   /* weight while the importance is at level k */
    uint64_t seed_base, copies;
    uint64_t trials, events;              /* copies' events (the main trial's apart) */
    gint *interrupt;
    gboolean stopped;
} Ctx;

static guint level_of(const Ctx *x, int64_t importance)
{
    return importance >= (int64_t)x->plan->n_levels ? x->plan->n_levels : (guint)importance;
}

static void trial(Ctx *x, MdlGroup *g, AnaCollector *col, guint level, guint r, guint done);

/* Copies of the trial (g, col), now at level r, made at level k. */
static void split(Ctx *x, MdlGroup *g, AnaCollector *col, guint k, guint r)
{
    for (guint j = 1; j < x->plan->splits[k] && !x->stopped; j++) {
        AnaCollector *cc = ana_collector_clone(col);
        MdlObserver obs = ana_collector_observer(cc);
        MdlGroup *cg = mdl_group_clone(g, &obs, sim_rng_mix64(x->seed_base + ++x->copies));
        uint64_t before = mdl_group_events(cg);
        trial(x, cg, cc, k, r, k);
        x->events += mdl_group_events(cg) - before;
        ana_collector_absorb(col, cc);
        mdl_group_free(cg);
        ana_collector_free(cc);
    }
}

/* Runs a trial of `level` (0: the main one) from level r, its splits done up to level
 * `done` (it counts with the weight of `done`), until the end of the window or until it
 * falls below its level.  The splits of the levels it crossed wait until the group is
 * settled (mdl_group_settled(): in fluid mode, the operations drawn one by one when a
 * member failed have completed), so that copies do not replay them: splitting at any
 * stopping time after the crossing keeps the estimate unbiased (docs/rare-events.md). */
static void trial(Ctx *x, MdlGroup *g, AnaCollector *col, guint level, guint r, guint done)
{
    const SimTime end = x->cfg->duration;
    x->trials++;
    for (;;) {
        while (done < r && !x->stopped && mdl_group_settled(g)) {   /* copies, lighter weight */
            done++;
            ana_collector_set_weight(col, mdl_group_now(g), x->w[done]);
            split(x, g, col, done, r);
        }
        if (x->stopped)
            return;
        uint32_t hi = r == x->plan->n_levels ? UINT32_MAX : r;
        int64_t imp = mdl_group_run_watched(g, end, x->plan->importance, r, hi, done < r);
        if (imp < 0) {
            if (mdl_group_now(g) < end)
                x->stopped = TRUE;                /* interrupted */
            else
                ana_collector_end_trial(col);     /* the end of the window */
            return;
        }
        guint to = level_of(x, imp);
        if (to >= r) {
            r = to;                               /* up, or settled: the loop splits */
            continue;
        }
        if (to < level)
            return;                               /* a copy below its level dies */
        r = to;
        if (done > to) {
            done = to;
            ana_collector_set_weight(col, mdl_group_now(g), x->w[done]);
        }
    }
}

static void ctx_init(Ctx *x, const MdlConfig *cfg, const AnaSplitPlan *plan, uint64_t seed,
                     gint *interrupt)
{
    *x = (Ctx){.cfg = cfg, .plan = plan, .interrupt = interrupt};
    x->w[0] = 1;
    for (guint k = 1; k <= plan->n_levels; k++)
        x->w[k] = x->w[k - 1] / plan->splits[k];
    x->seed_base = sim_rng_stream_seed(seed, "splitting/copies");
}

/* One replication: the main trial and its copies.  Returns the main trial's events
 * (its group and collector are left to the caller). */
static gboolean run_main(Ctx *x, uint64_t seed, AnaCollector *col, MdlGroup **out)
{
    MdlObserver obs = ana_collector_observer(col);
    MdlGroup *g = mdl_group_new(x->cfg, seed, &obs);
    mdl_group_set_interrupt_flag(g, x->interrupt);
    guint r = level_of(x, mdl_group_importance(g, x->plan->importance));
    ana_collector_set_weight(col, 0, x->w[r]);
    trial(x, g, col, 0, r, r);
    *out = g;
    return !x->stopped && mdl_group_now(g) >= x->cfg->duration;
}

gboolean ana_split_run(const MdlConfig *config, const AnaSplitPlan *plan, uint64_t seed,
                       gint *interrupt, double *values, AnaSplitEffort *effort)
{
    Ctx x;
    ctx_init(&x, config, plan, seed, interrupt);
    AnaCollector *col = ana_collector_new(config);
    MdlGroup *g = NULL;
    gboolean ok = run_main(&x, seed, col, &g);
    if (ok) {
        ana_collector_finish(col, g, NAN, values);
        values[ANA_M_ENGINE_EVENTS] += (double)x.events;     /* the effort: every trial's */
    }
    if (effort)
        *effort = (AnaSplitEffort){x.trials, mdl_group_events(g) + x.events};
    g_debug("replication: %" G_GUINT64_FORMAT " trials, %" G_GUINT64_FORMAT " events (main %"
            G_GUINT64_FORMAT ")", x.trials, mdl_group_events(g) + x.events, mdl_group_events(g));
    mdl_group_free(g);
    ana_collector_free(col);
    return ok;
}

/* ---- the pilot ------------------------------------------------------------------------ */

/* The pilot estimates, level by level, the probability p[k] that a trial entering level
 * k reaches k + 1 before it falls below k (fixed-effort splitting): it keeps up to
 * MAX_STARTS states at which trials entered level k, runs copies of them round-robin,
 * each until it leaves level k, and keeps the states of those that went up as the
 * starts of level k + 1.  splits[k] = 1 / p[k] then keeps about as many trials at every
 * level as entered the first (Villén-Altamirano's balanced rule). */
#define MAX_STARTS 64
#define HITS_WANTED 30
#define LEVEL_EVENTS 20000000ull       /* most events spent on one level */
#define MAIN_TRIALS 8                  /* main trials run for level 1's starts (or fewer,
                                          once MAX_STARTS are kept) */

static guint clamp_splits(double v)
{
    return v < 1 ? 1 : v > MAX_SPLITS ? MAX_SPLITS : (guint)llround(v);
}

static const MdlObserverClass no_observer = {0};

/* Runs g, above level k, until it is settled there (returns its importance), falls to k
 * or below (returns that) or reaches the end (-1): the state at which the estimator
 * would make its copies. */
static int64_t settle_above(MdlGroup *g, SimTime end, MdlImportance kind, guint k)
{
    for (;;) {
        uint32_t at = mdl_group_importance(g, kind);
        if (at <= k || mdl_group_settled(g))
            return at;
        if (mdl_group_run_watched(g, end, kind, k + 1, UINT32_MAX, TRUE) < 0)
            return -1;
    }
}

static void starts_free(GPtrArray *a)
{
    g_ptr_array_free(a, TRUE);
}

AnaSplitPlan *ana_split_plan_new(const MdlConfig *config, gint *interrupt)
{
    AnaSplitPlan *plan = g_new0(AnaSplitPlan, 1);
    plan->importance = config->importance;
    plan->n_levels = config->n_members;
    for (guint k = 1; k <= plan->n_levels; k++)
        plan->splits[k] = config->splits ? config->splits : 1;
    plan->splits[plan->n_levels] = 1;        /* the top level is the rare set itself */
    if (config->splits)
        return plan;
    plan->from_pilot = TRUE;
    const SimTime end = config->duration;
    const MdlObserver none = {&no_observer, NULL};
    uint64_t copies = 0, base = sim_rng_stream_seed(config->seed, "splitting/pilot");
    gboolean stopped = FALSE;

    /* level 1's starts: where main trials (no copies) crossed above 0 */
    GPtrArray *starts = g_ptr_array_new_with_free_func((GDestroyNotify)mdl_group_free);
    for (guint t = 0; t < MAIN_TRIALS && starts->len < MAX_STARTS && !stopped; t++) {
        MdlGroup *g = mdl_group_new(config, sim_rng_mix64(base + t), NULL);
        mdl_group_set_interrupt_flag(g, interrupt);
        plan->pilot_stages++;
        for (;;) {
            uint32_t now = mdl_group_importance(g, plan->importance);
            int64_t imp = mdl_group_run_watched(g, end, plan->importance, now, now, FALSE);
            if (imp > (int64_t)now && now == 0)
                imp = settle_above(g, end, plan->importance, 0);
            if (imp < 0) {
                stopped = mdl_group_now(g) < end;
                break;
            }
            if (imp > 0 && now == 0 && starts->len < MAX_STARTS)
                g_ptr_array_add(starts, mdl_group_clone(g, &none, sim_rng_mix64(base + ++copies)));
        }
        plan->pilot_events += mdl_group_events(g);
        mdl_group_free(g);
    }
    for (guint k = 1; k < plan->n_levels && starts->len > 0 && !stopped; k++) {
        GPtrArray *next = g_ptr_array_new_with_free_func((GDestroyNotify)mdl_group_free);
        uint64_t tried = 0, reached = 0, events = 0;
        while (reached < HITS_WANTED && events < LEVEL_EVENTS && !stopped) {
            const MdlGroup *from = g_ptr_array_index(starts, tried % starts->len);
            MdlGroup *g = mdl_group_clone(from, &none, sim_rng_mix64(base + ++copies));
            uint64_t before = mdl_group_events(g);
            int64_t imp = mdl_group_importance(g, plan->importance);
            for (;;) {                           /* until above k and settled, or below */
                if (imp == (int64_t)k)
                    imp = mdl_group_run_watched(g, end, plan->importance, k, k, FALSE);
                if (imp > (int64_t)k)
                    imp = settle_above(g, end, plan->importance, k);
                if (imp != (int64_t)k)
                    break;
            }
            events += mdl_group_events(g) - before;
            if (imp < 0 && mdl_group_now(g) < end)
                stopped = TRUE;
            else if (imp >= 0) {                 /* the end of the window: no verdict */
                tried++;
                if (imp > (int64_t)k) {
                    reached++;
                    if (next->len < MAX_STARTS) {
                        g_ptr_array_add(next, g);
                        g = NULL;
                    }
                }
            } else if (events > LEVEL_EVENTS / 2 && tried == 0)
                break;                           /* every copy runs to the end */
            if (g)
                mdl_group_free(g);
        }
        plan->pilot_events += events;
        plan->pilot_excursions[k] = tried;
        plan->pilot_reached[k] = reached;
        if (reached > 0)
            plan->splits[k] = clamp_splits((double)tried / (double)reached);
        else      /* none in `tried`: p below about 3 / tried (95 %) */
            plan->splits[k] = clamp_splits((double)tried / 3.0);
        g_debug("pilot level %u: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                " copies went up; splits %u", k, reached, tried, plan->splits[k]);
        starts_free(starts);
        starts = next;
    }
    starts_free(starts);
    if (stopped) {
        ana_split_plan_free(plan);
        return NULL;
    }
    return plan;
}

void ana_split_plan_free(AnaSplitPlan *plan)
{
    g_free(plan);
}
