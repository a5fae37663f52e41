/* bench/ha16.c - the cost of simulating the HA model: bench/ha-16.yaml, one replication.
 *
 *   build/bench/ha16 [SCENARIO [REPEATS]]     (defaults bench/ha-16.yaml, 3)
 *
 * Loads the scenario as `hapgsim run` does, runs replication 0 with the metric
 * collector attached, REPEATS times, and reports the median: operations issued and
 * completed per second of wall time, events per second, and memory — the model's
 * own (mdl_group_memory) every simulated 10 minutes, to show it does not grow with
 * simulated time, and the process's peak RSS.  Last line, key=value: ops_per_s
 * (issued), completed_per_s, events_per_s, model_bytes_10m, model_bytes_end,
 * peak_rss_kib. */
#include "bench/bench_util.h"
#include "analysis/collector.h"
#include "scenarios/scenario.h"
#include "sim/rng.h"

#include <math.h>

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "bench/ha-16.yaml";
    int repeats = argc > 2 ? atoi(argv[2]) : 3;
    if (repeats < 1 || repeats > 101) {
        fprintf(stderr, "usage: ha16 [SCENARIO [REPEATS 1..101]]\n");
        return 2;
    }
    GError *err = NULL;
    ScnScenario *scn = scn_load_file(path, NULL, &err);
    if (scn == NULL) {
        fprintf(stderr, "%s\n", err->message);
        return 2;
    }
    const MdlConfig *cfg = scn_scenario_config(scn);
    AnaMetricSet *set = ana_metric_set_new(cfg);
    double *values = g_new(double, set->n);
    double ops[101], done[101], evs[101];
    size_t mem_10m = 0, mem_end = 0;
    for (int k = 0; k < repeats; k++) {
        AnaCollector *col = ana_collector_new(cfg);
        MdlObserver obs = ana_collector_observer(col);
        MdlGroup *g = mdl_group_new(cfg, sim_rng_replication_seed(cfg->seed, 0), &obs);
        double t0 = bench_now();
        for (SimTime t = 10 * SIM_MIN;; t += 10 * SIM_MIN) {
            SimTime to = t < cfg->duration ? t : cfg->duration;
            mdl_group_run(g, to);
            if (k == 0)
                printf("  at %4.0f min: model memory %.1f MiB\n", sim_time_to_s(to) / 60,
                       mdl_group_memory(g) / 1048576.0);
            if (to == 10 * SIM_MIN)
                mem_10m = mdl_group_memory(g);
            if (to >= cfg->duration)
                break;
        }
        double wall = bench_now() - t0;
        mem_end = mdl_group_memory(g);
        ana_collector_finish(col, g, wall, values);
        double secs = sim_time_to_s(cfg->duration - cfg->warmup);
        double completed = values[ANA_M_THROUGHPUT] * secs;
        /* issued = ended + in flight; ended = completed + failures (here: rejections
         * and no_member ones, in availability.requests) */
        double ended = isnan(values[ANA_M_AVAIL_REQUESTS]) ? completed
                                                           : completed / values[ANA_M_AVAIL_REQUESTS];
        double issued = ended + (double)mdl_group_in_flight(g);
        ops[k] = issued / wall;
        done[k] = completed / wall;
        evs[k] = (double)mdl_group_events(g) / wall;
        printf("run %d: %.0f operations issued, %.0f completed, %.0f events in %.2f s\n", k + 1,
               issued, completed, (double)mdl_group_events(g), wall);
        mdl_group_free(g);
        ana_collector_free(col);
    }
    double m_ops = bench_median(ops, repeats), m_done = bench_median(done, repeats),
           m_ev = bench_median(evs, repeats);
    printf("ha16: %.2f M operations/s issued, %.2f M completed/s, %.2f M events/s (median of %d)\n",
           m_ops / 1e6, m_done / 1e6, m_ev / 1e6, repeats);
    printf("ops_per_s=%.0f completed_per_s=%.0f events_per_s=%.0f model_bytes_10m=%zu "
           "model_bytes_end=%zu peak_rss_kib=%ld\n",
           m_ops, m_done, m_ev, mem_10m, mem_end, bench_peak_rss_kib());
    g_free(values);
    ana_metric_set_free(set);
    scn_scenario_free(scn);
    return 0;
}
