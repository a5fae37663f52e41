/* bench/mm1.c - an M/M/1 queue on the kernel: the cost of one simulated customer.
 *
 *   build/bench/mm1 [CUSTOMERS [REPEATS]]     (defaults 1000000 and 5)
 *
 * Arrivals at rate 0.9/s, one server at rate 1.0/s, FIFO; CUSTOMERS arrivals, run
 * until the event list is empty (the workload of ../shared/peers/mm1_limit.c).  Two
 * handlers (arrival, departure) on one engine; the waiting line is a ring of arrival
 * times.  Exponential draws through sim_dist_sample_time() on two GSL streams.
 * Each run is timed REPEATS times (fresh engine, same seed); the median is reported.
 * Last line, key=value: customers_per_s (median), events (dispatched per run),
 * mean_sojourn_s (expected 1/(mu - lambda) = 10), kernel_bytes (kernel memory at
 * the end of the last run), peak_rss_kib.
 */
#include "bench/bench_util.h"
#include "sim/dist.h"
#include "sim/engine.h"
#include "sim/rng.h"

typedef struct {
    SimEngine *engine;
    uint32_t k_arrival, k_departure;
    gsl_rng *r_arrival, *r_service;
    SimDist interarrival, service;
    uint64_t customers, arrived, served;
    SimTime *ring;
    size_t head, len, cap;
    SimTime in_service_since;
    gboolean busy;
    double sojourn_sum;
} Mm1;

static void ring_push(Mm1 *m, SimTime t)
{
    if (m->len == m->cap) {
        SimTime *bigger = g_new(SimTime, m->cap * 2);
        for (size_t i = 0; i < m->len; i++)
            bigger[i] = m->ring[(m->head + i) & (m->cap - 1)];
        g_free(m->ring);
        m->ring = bigger;
        m->head = 0;
        m->cap *= 2;
    }
    m->ring[(m->head + m->len++) & (m->cap - 1)] = t;
}

static void on_arrival(SimEngine *e, const SimEvent *ev, void *ctx)
{
    Mm1 *m = ctx;
    m->arrived++;
    if (m->busy) {
        ring_push(m, ev->time);
    } else {
        m->busy = TRUE;
        m->in_service_since = ev->time;
        sim_engine_schedule(e, ev->time + sim_dist_sample_time(&m->service, m->r_service),
                            m->k_departure, 0, 0);
    }
    if (m->arrived < m->customers)
        sim_engine_schedule(e, ev->time + sim_dist_sample_time(&m->interarrival, m->r_arrival),
                            m->k_arrival, 0, 0);
}

static void on_departure(SimEngine *e, const SimEvent *ev, void *ctx)
{
    Mm1 *m = ctx;
    m->sojourn_sum += sim_time_to_s(ev->time - m->in_service_since);
    m->served++;
    if (m->len > 0) {
        m->in_service_since = m->ring[m->head];
        m->head = (m->head + 1) & (m->cap - 1);
        m->len--;
        sim_engine_schedule(e, ev->time + sim_dist_sample_time(&m->service, m->r_service),
                            m->k_departure, 0, 0);
    } else {
        m->busy = FALSE;
    }
}

static double run_once(uint64_t customers, Mm1 *m, uint64_t *events, size_t *mem)
{
    uint64_t seed = sim_rng_replication_seed(12345, 0);
    *m = (Mm1){.customers = customers, .cap = 1024};
    m->ring = g_new(SimTime, m->cap);
    m->interarrival = sim_dist_exponential(1.0 / 0.9);
    m->service = sim_dist_exponential(1.0);
    m->r_arrival = sim_rng_stream_new(seed, "mm1/arrivals");
    m->r_service = sim_rng_stream_new(seed, "mm1/service");
    m->engine = sim_engine_new();
    m->k_arrival = sim_engine_register(m->engine, "arrival", on_arrival, m);
    m->k_departure = sim_engine_register(m->engine, "departure", on_departure, m);

    double t0 = bench_now();
    if (customers > 0)
        sim_engine_schedule(m->engine, sim_dist_sample_time(&m->interarrival, m->r_arrival),
                            m->k_arrival, 0, 0);
    sim_engine_run(m->engine, SIM_TIME_MAX);
    double wall = bench_now() - t0;

    *events = sim_engine_dispatched(m->engine);
    *mem = sim_engine_memory(m->engine);
    sim_engine_free(m->engine);
    gsl_rng_free(m->r_arrival);
    gsl_rng_free(m->r_service);
    g_free(m->ring);
    return wall;
}

int main(int argc, char **argv)
{
    long long customers = argc > 1 ? atoll(argv[1]) : 1000000;
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    if (customers < 1 || repeats < 1 || repeats > 101) {
        fprintf(stderr, "usage: mm1 [CUSTOMERS >= 1 [REPEATS 1..101]]\n");
        return 2;
    }
    double rates[101];
    uint64_t events = 0;
    size_t mem = 0;
    Mm1 m;
    for (int k = 0; k < repeats; k++)
        rates[k] = (double)customers / run_once((uint64_t)customers, &m, &events, &mem);
    double med = bench_median(rates, repeats);
    double sojourn = m.sojourn_sum / (double)m.served;
    printf("mm1: %lld customers, %.2f M customers/s (median of %d), %llu events, "
           "mean time in system %.4f s (closed form 10)\n",
           customers, med / 1e6, repeats, (unsigned long long)events, sojourn);
    printf("customers_per_s=%.0f events=%llu mean_sojourn_s=%.6f expected_sojourn_s=10 "
           "kernel_bytes=%zu peak_rss_kib=%ld\n",
           med, (unsigned long long)events, sojourn, mem, bench_peak_rss_kib());
    return 0;
}
