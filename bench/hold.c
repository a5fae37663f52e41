/* bench/hold.c - the classic hold workload on the pending-event set.
 *
 *   build/bench/hold [REPEATS [SIZE]]   (default 5 repeats of each size)
 *
 * For each size N in 10^2, 10^4, 10^6: fill the queue with N events at Exp(1) s,
 * run N hold operations to reach the steady state, then time M hold operations
 * (pop the earliest event, push one at its time + Exp(1) s).  Each size is timed
 * REPEATS times; the median is reported.  The draws go through GSL with the
 * kernel's generator, as the models' do.  Prints one line per size, then one line of
 * key=value pairs:
 *   hold_ops_per_s_1e2, hold_ops_per_s_1e4, hold_ops_per_s_1e6  (medians)
 *   bytes_per_event_1e2, _1e4, _1e6   kernel memory (sim_queue_memory) / pending events
 *   peak_rss_kib          peak resident set of the process
 *   strategy              the queue's ordering structure in this binary
 */
#include "bench/bench_util.h"
#include "sim/dist.h"
#include "sim/queue.h"
#include "sim/rng.h"

static double hold_rate(size_t n, long ops, gsl_rng *r, size_t *mem)
{
    SimQueue *q = sim_queue_new();
    const SimDist exp1 = sim_dist_exponential(1.0);
    for (size_t i = 0; i < n; i++)
        sim_queue_push(q, sim_dist_sample_time(&exp1, r), 0, 0, i);
    SimEvent ev;
    for (size_t i = 0; i < n; i++) {
        sim_queue_pop(q, &ev);
        sim_queue_push(q, ev.time + sim_dist_sample_time(&exp1, r), 0, 0, ev.data);
    }
    double t0 = bench_now();
    for (long i = 0; i < ops; i++) {
        sim_queue_pop(q, &ev);
        sim_queue_push(q, ev.time + sim_dist_sample_time(&exp1, r), 0, 0, ev.data);
    }
    double wall = bench_now() - t0;
    *mem = sim_queue_memory(q);
    sim_queue_free(q);
    return (double)ops / wall;
}

int main(int argc, char **argv)
{
    int repeats = argc > 1 ? atoi(argv[1]) : 5;
    long only = argc > 2 ? atol(argv[2]) : 0;   /* one size only, for profiling */
    if (repeats < 1 || repeats > 101 || only < 0) {
        fprintf(stderr, "usage: hold [REPEATS 1..101 [SIZE]]\n");
        return 2;
    }
    gsl_rng *r = sim_rng_stream_new(sim_rng_replication_seed(1, 0), "bench/hold");
    const size_t sizes[] = {100, 10000, 1000000};
    double med[3], bytes[3] = {0, 0, 0};
    size_t mem = 0;
    for (int s = 0; s < 3; s++) {
        double rates[101];
        if (only && (size_t)only != sizes[s]) {
            med[s] = 0;
            continue;
        }
        long ops = sizes[s] >= 1000000 ? 5000000 : 10000000;
        for (int k = 0; k < repeats; k++)
            rates[k] = hold_rate(sizes[s], ops, r, &mem);
        med[s] = bench_median(rates, repeats);
        bytes[s] = (double)mem / (double)sizes[s];
        printf("hold n=%zu: %.2f M ops/s (median of %d), kernel memory %.1f bytes/event\n",
               sizes[s], med[s] / 1e6, repeats, bytes[s]);
    }
    printf("hold_ops_per_s_1e2=%.0f hold_ops_per_s_1e4=%.0f hold_ops_per_s_1e6=%.0f "
           "bytes_per_event_1e2=%.1f bytes_per_event_1e4=%.1f bytes_per_event_1e6=%.1f "
           "peak_rss_kib=%ld strategy=%s\n",
           med[0], med[1], med[2], bytes[0], bytes[1], bytes[2], bench_peak_rss_kib(),
           sim_queue_strategy());
    gsl_rng_free(r);
    return 0;
}
