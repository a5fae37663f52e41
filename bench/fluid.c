/* bench/fluid.c - simulated years per wall second, operations mode against fluid mode.
 *
 *   build/bench/fluid [SCENARIO [OPS_REPLICATIONS [FLUID_REPLICATIONS [REPEATS]]]]
 *       (defaults scenarios/reference-two-az.yaml, 2, 2000, 3)
 *
 * Loads the scenario as `hapgsim run` does and, on one thread, runs replications
 * 0..n-1 with the metric collector attached, first with workload.mode operations, then
 * fluid; each REPEATS times.  Reports the median simulated years per wall second of
 * each mode (a replication is the scenario's duration), the events per simulated year,
 * and their ratio.  Last line, key=value: ops_years_per_s, fluid_years_per_s, speedup,
 * ops_events_per_year, fluid_events_per_year. */
#include "bench/bench_util.h"
#include "analysis/collector.h"
#include "scenarios/scenario.h"
#include "sim/rng.h"

#include <math.h>

static double run_mode(const MdlConfig *base, MdlWorkloadMode mode, int n, double *events)
{
    MdlConfig *cfg = mdl_config_copy(base);
    cfg->workload_mode = mode;
    AnaMetricSet *set = ana_metric_set_new(cfg);
    double *values = g_new(double, set->n);
    double ev = 0, t0 = bench_now();
    for (int r = 0; r < n; r++) {
        AnaCollector *col = ana_collector_new(cfg);
        MdlObserver obs = ana_collector_observer(col);
        MdlGroup *g = mdl_group_new(cfg, sim_rng_replication_seed(cfg->seed, (uint64_t)r), &obs);
        mdl_group_run(g, cfg->duration);
        ana_collector_finish(col, g, NAN, values);
        ev += (double)mdl_group_events(g);
        mdl_group_free(g);
        ana_collector_free(col);
    }
    double wall = bench_now() - t0;
    double years = n * sim_time_to_s(cfg->duration) / (365.0 * 86400);
    *events = ev / years;
    g_free(values);
    ana_metric_set_free(set);
    mdl_config_free(cfg);
    return years / wall;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "scenarios/reference-two-az.yaml";
    int n_ops = argc > 2 ? atoi(argv[2]) : 2;
    int n_fluid = argc > 3 ? atoi(argv[3]) : 2000;
    int repeats = argc > 4 ? atoi(argv[4]) : 3;
    if (n_ops < 1 || n_fluid < 1 || repeats < 1 || repeats > 101) {
        fprintf(stderr, "usage: fluid [SCENARIO [OPS_REPLICATIONS [FLUID_REPLICATIONS "
                        "[REPEATS 1..101]]]]\n");
        return 2;
    }
    GError *err = NULL;
    ScnScenario *scn = scn_load_file(path, NULL, &err);
    if (scn == NULL) {
        fprintf(stderr, "%s\n", err->message);
        return 2;
    }
    const MdlConfig *cfg = scn_scenario_config(scn);
    double ops[101], flu[101], ev_ops = 0, ev_flu = 0;
    for (int k = 0; k < repeats; k++) {
        ops[k] = run_mode(cfg, MDL_WORKLOAD_OPERATIONS, n_ops, &ev_ops);
        flu[k] = run_mode(cfg, MDL_WORKLOAD_FLUID, n_fluid, &ev_flu);
        printf("run %d: operations %.3g years/s (%.3g events/year), fluid %.4g years/s "
               "(%.3g events/year)\n", k + 1, ops[k], ev_ops, flu[k], ev_flu);
    }
    double m_ops = bench_median(ops, repeats), m_flu = bench_median(flu, repeats);
    printf("fluid: %s: operations %.3g simulated years/s, fluid %.4g simulated years/s, "
           "%.0fx (median of %d, one thread)\n", path, m_ops, m_flu, m_flu / m_ops, repeats);
    printf("ops_years_per_s=%.4g fluid_years_per_s=%.4g speedup=%.0f ops_events_per_year=%.0f "
           "fluid_events_per_year=%.0f\n", m_ops, m_flu, m_flu / m_ops, ev_ops, ev_flu);
    scn_scenario_free(scn);
    return 0;
}
