/* analysis/metrics.c - the metric catalogue. */
#include "analysis/metrics.h"

#include <string.h>

typedef struct {
    const char *name;
    int direction;
    AnaKind kind;
} Info;

static const Info catalogue[ANA_N_FIXED] = {
#define ANA_METRIC_INFO(id, name, dir, per_client, kind, what) {name, dir, kind},
    ANA_METRICS(ANA_METRIC_INFO)
#undef ANA_METRIC_INFO
};

static const char *const fixed_names[ANA_N_FIXED + 1] = {
#define ANA_METRIC_NAME(id, name, dir, per_client, kind, what) name,
    ANA_METRICS(ANA_METRIC_NAME)
#undef ANA_METRIC_NAME
    NULL,
};

const char *const *ana_metric_fixed_names(void)
{
    return fixed_names;
}

AnaMetricSet *ana_metric_set_new(const MdlConfig *config)
{
    AnaMetricSet *s = g_new0(AnaMetricSet, 1);
    gboolean loss = config->estimator == MDL_ESTIMATOR_SPLITTING;
    s->n = ANA_N_FIXED + config->n_members + (loss ? 1 : 0);
    s->names = g_new0(char *, s->n + 1);
    for (guint i = 0; i < ANA_N_FIXED; i++)
        s->names[i] = g_strdup(catalogue[i].name);
    for (guint m = 0; m < config->n_members; m++)
        s->names[ANA_N_FIXED + m] = g_strdup_printf("member.%s.uptime", config->members[m].name);
    if (loss)
        s->names[ana_metric_loss(config->n_members)] = g_strdup(ANA_METRIC_LOSS);
    s->why_null = g_new0(const char *, s->n);
    for (guint i = 0; i < s->n; i++)
        s->why_null[i] = ana_metric_why_null(s->names[i], config, NULL);
    return s;
}

void ana_metric_set_free(AnaMetricSet *set)
{
    if (set == NULL)
        return;
    g_strfreev(set->names);
    g_free(set->why_null);
    g_free(set);
}

int ana_metric_set_find(const AnaMetricSet *set, const char *name)
{
    for (guint i = 0; i < set->n; i++)
        if (strcmp(set->names[i], name) == 0)
            return (int)i;
    return -1;
}

static const Info *lookup(const char *name)
{
    for (guint i = 0; i < ANA_N_FIXED; i++)
        if (strcmp(catalogue[i].name, name) == 0)
            return &catalogue[i];
    return NULL;
}

static gboolean is_uptime(const char *name)
{
    return g_str_has_prefix(name, "member.") && g_str_has_suffix(name, ".uptime") &&
           strlen(name) > strlen("member..uptime");
}

int ana_metric_direction(const char *name)
{
    const Info *i = lookup(name);
    if (strcmp(name, ANA_METRIC_LOSS) == 0)
        return -1;
    return i ? i->direction : is_uptime(name) ? +1 : 0;
}

AnaKind ana_metric_kind(const char *name)
{
    const Info *i = lookup(name);
    if (strcmp(name, ANA_METRIC_LOSS) == 0)
        return ANA_KIND_FRACTION;
    return i ? i->kind : is_uptime(name) ? ANA_KIND_FRACTION : ANA_KIND_REAL;
}

/* What RESTART's weights estimate without bias: the time integrals and the counts of
 * docs/rare-events.md (the maxima, ratios and latency quantiles are not additive). */
gboolean ana_metric_splitting_estimates(guint id)
{
    switch (id) {
    case ANA_M_AVAIL_TIME: case ANA_M_UNAVAIL_TIME: case ANA_M_AVAIL_NINES:
    case ANA_M_OUTAGE_COUNT: case ANA_M_OUTAGE_TOTAL:
    case ANA_M_DUR_AT_RISK: case ANA_M_DUR_LOST:
    case ANA_M_ENGINE_EVENTS: case ANA_M_ENGINE_RATE:
        return TRUE;
    default:
        return id >= ANA_N_FIXED;        /* the members' uptimes, the loss probability */
    }
}

gboolean ana_metric_is_engine(const char *name)
{
    return g_str_has_prefix(name, "engine.");
}

gboolean ana_metric_known(const char *name, const MdlConfig *config, void *unused)
{
    if (lookup(name))
        return TRUE;
    if (strcmp(name, ANA_METRIC_LOSS) == 0)
        return config->estimator == MDL_ESTIMATOR_SPLITTING;
    for (guint m = 0; m < config->n_members; m++) {
        char *n = g_strdup_printf("member.%s.uptime", config->members[m].name);
        gboolean same = strcmp(n, name) == 0;
        g_free(n);
        if (same)
            return TRUE;
    }
    return FALSE;
}

const char *ana_metric_why_null(const char *name, const MdlConfig *config, void *unused)
{
    if (config->estimator == MDL_ESTIMATOR_SPLITTING) {
        const Info *i = lookup(name);
        if (i && !ana_metric_splitting_estimates((guint)(i - catalogue)))
            return "splitting estimates time fractions, counts and the loss probability only "
                   "(docs/rare-events.md); use estimator: crude for this metric";
    }
    if (strcmp(name, "availability.slo") == 0) {     /* issue 11 */
        if (config->workload_mode == MDL_WORKLOAD_FLUID)
            return "fluid mode does not follow requests one by one; use workload.mode: "
                   "operations for availability.slo";
        SimTime slo = 0;                              /* issue 11: any group's */
        for (uint32_t k = 0; k < mdl_config_n_groups(config); k++)
            slo = MAX(slo, mdl_config_group(config, k).app.slo);
        if (slo == 0)
            return "workload.slo is not set: availability.slo counts the requests answered "
                   "within it";
        return NULL;
    }
    if (config->workload_mode != MDL_WORKLOAD_FLUID || !g_str_has_prefix(name, "latency."))
        return NULL;
    /* fluid latency is the M/M/c closed form: exponential service of one mean per member */
    for (uint32_t m = 0; m < config->n_members; m++) {
        const MdlMemberConfig *mc = &config->members[m];
        SimDist r = mdl_member_service(mc, MDL_OP_READ);
        gboolean mmc = TRUE;
        for (int t = 0; t < MDL_N_OPS; t++) {
            SimDist d = mdl_member_service(mc, (MdlOpType)t);
            mmc &= d.family == SIM_DIST_EXPONENTIAL && sim_dist_mean(&d) == sim_dist_mean(&r);
            sim_dist_clear(&d);
        }
        sim_dist_clear(&r);
        if (!mmc)
            return "fluid mode gives latency only for exponential service times of one mean "
                   "per member (M/M/c; docs/model.md, Fluid mode); use workload.mode: operations";
    }
    return NULL;
}
