/* tests/test_science.c - the simulation against figures with closed forms.
 *
 * Each test runs replications through the analysis layer (as `hapgsim run` does),
 * takes the Student-t 95 % interval of a metric, and checks that it contains the
 * figure the closed form gives.  Seeds are fixed, so the outcome is deterministic;
 * the interval says how far a correct model could stray. */
#include "check.h"
#include "run_check.h"
#include "model_util.h"

#include "analysis/histogram.h"
#include "analysis/replicate.h"

#include <math.h>

static void check_in_interval(const char *what, const AnaAggregate *a, double expected)
{
    check_figure_in_interval(what, a, expected, "closed form");
}

/* P(X(t) = down | X(0) = down) for a member whose physical state is the two-state
 * Markov chain up -> down at rate lambda, down -> up at rate mu. */
static double p_down_down(double lambda, double mu, double t)
{
    return lambda / (lambda + mu) + mu / (lambda + mu) * exp(-(lambda + mu) * t);
}

/*
 * Availability of N independent members with autoRecovery (active, retry -1).
 *
 * Each member's physical state alternates up ~ Exp(lambda) (the fault's `every`) and
 * down ~ Exp(mu) (its `repair`): a two-state Markov chain X.  For the client a member
 * is "in service" when it is in rotation and up.  With a busy client an operation is
 * always outstanding on the member when it fails (at time 0 below), so the client
 * detects the failure at T (command_timeout) and probes at T + k I, k = 1, 2, ...
 * (I = interval); a probe succeeds iff X is up then, and the member rejoins.
 *
 * Before T the member may come back (and fail again): while it is up it is still in
 * rotation and serves the operations sent after it came back, so it is in service;
 * the detection at T takes it out whatever its state (the lost operation went
 * unanswered).  After T it is out of rotation until the successful probe; between
 * probes it may come back and fail again: only its state at a probe counts.
 *
 * Renewal-reward over cycles from one rejoin to the next.  At a rejoin the member is
 * up, so (memoryless) it stays in service Exp(lambda), mean 1/lambda; then
 *   out of service during [0, T]:  int_0^T p_dd(t) dt, with
 *                                  p_dd(t) = P(X(t) down | X(0) down)
 *                                          = lambda/(lambda+mu) + mu/(lambda+mu) e^-(lambda+mu)t,
 *                                  so the integral is
 *                                  lambda T/(lambda+mu) + mu (1 - e^-(lambda+mu)T)/(lambda+mu)^2;
 *   out of service after T:        K I, K the first k >= 1 with X(T + k I) up given
 *                                  X(0) down.  With a = p_dd(T + I) and b = p_dd(I)
 *                                  (Markov property at each failed probe, where X is down):
 *                                  P(K = 1) = 1 - a, P(K = k) = a b^(k-2) (1 - b), k >= 2,
 *                                  E[K] = 1 + a / (1 - b);
 *   cycle:                         C = 1/lambda + T + I E[K];
 *   U = (int_0^T p_dd(t) dt + I E[K]) / C   (long-run fraction of time out of service).
 * Members are independent (each one's probes depend on its own failures only), and
 * the slot can serve iff some member is in service: availability = 1 - U^N.
 * As lambda -> 0, a -> e^(-mu (T+I)), b -> e^(-mu I), and with T = 0 this is the
 * often-quoted E[D] = I / (1 - e^(-mu I)); with lambda > 0 it is not.
 */
static double availability_closed_form(double lambda, double mu, double T, double I, int n)
{
    double s = lambda + mu;
    double a = p_down_down(lambda, mu, T + I), b = p_down_down(lambda, mu, I);
    double down_before_detection = lambda * T / s + mu * (1 - exp(-s * T)) / (s * s);
    double ek = 1 + a / (1 - b);
    double u = (down_before_detection + I * ek) / (1 / lambda + T + I * ek);
    return 1 - pow(u, n);
}

static double availability_naive(double mu, double T, double I, double lambda, int n)
{
    double ed = T + I / (1 - exp(-mu * I));
    double u = ed / (1 / lambda + ed);
    return 1 - pow(u, n);
}

/* 32 replications of 10^5 s (a cycle lasts about 310 s).  Cross-check outside the
 * suite (128 replications of 2 10^5 s, 3 members): 0.95586 [0.95521, 0.95651] against
 * the closed form 0.95539. */
static void test_availability_markov(void)
{
    const double up = 200, down = 60, T = 5, I = 60;
    for (int n = 2; n <= 3; n++) {
        MdlConfig *c = tm_config((uint32_t)n, 20, 1e5);
        c->warmup = 2000 * SIM_SEC;
        c->seed = 7;
        c->balancing = MDL_BALANCE_RANDOM;
        c->command_timeout = sim_time_from_s(T);
        c->interval = sim_time_from_s(I);
        c->initial_objects = 10;
        for (int m = 0; m < n; m++) {
            c->members[m].capacity = 60;            /* 30 units of 0.5 s: always busy */
            c->members[m].queue_limit = 100000;
            c->members[m].activation_hold = 1000 * SIM_DAY;
        }
        MdlFaultConfig *f = tm_fault(c, MDL_FAULT_POWER, MDL_TARGET_EACH_MEMBER, 0);
        f->every = sim_dist_exponential(up);
        f->repair = sim_dist_exponential(down);
        AnaRunOptions o = {.jobs = 2};
        AnaRun *run = ana_run_replications(c, 0, 32, &o);
        AnaAggregate a = metric(run, "availability.time");
        double exact = availability_closed_form(1 / up, 1 / down, T, I, n);
        char what[64];
        g_snprintf(what, sizeof what, "availability of %d members", n);
        check_in_interval(what, &a, exact);
        /* the test tells the exact form from the lambda -> 0 one */
        double naive = availability_naive(1 / down, T, I, 1 / up, n);
        if (a.lo <= naive && naive <= a.hi)
            CHECK_FAILF("%s: the lambda -> 0 form %.6g is inside the interval too: the test "
                        "cannot tell them apart", what, naive);
        /* the same renewal argument times a rejoin: detection to the successful probe,
         * I E[K] (nothing to synchronize: reads only) */
        AnaAggregate rejoin = metric(run, "recovery.time_to_rejoin_s");
        double a_ = p_down_down(1 / up, 1 / down, T + I), b_ = p_down_down(1 / up, 1 / down, I);
        g_snprintf(what, sizeof what, "time to rejoin (s), %d members", n);
        check_in_interval(what, &rejoin, I * (1 + a_ / (1 - b_)));
        ana_run_free(run);
        mdl_config_free(c);
    }
}

/* Erlang C: probability that an arrival waits in an M/M/c queue with offered load a. */
static double erlang_c(int c, double a)
{
    double term = 1, sum = 1;                   /* k = 0 */
    for (int k = 1; k < c; k++) {
        term *= a / k;
        sum += term;
    }
    double last = term * a / c * c / (c - a);   /* a^c / c! * c / (c - a) */
    return last / (sum + last);
}

/* N members, random balancing, Poisson arrivals: each member sees Poisson lambda/N
 * (random splitting) and is an M/M/c queue (c = concurrency, each unit at rate
 * capacity/c).  Mean response time W = 1/mu + C(c, a) / (c mu - lambda_m). */
static void test_latency_mmc(void)
{
    const int n = 4, units = 4;
    const double capacity = 1500, rate = 4800;
    MdlConfig *c = tm_config(n, rate, 200);
    c->warmup = 20 * SIM_SEC;
    c->seed = 7;
    c->balancing = MDL_BALANCE_RANDOM;
    for (int m = 0; m < n; m++) {
        c->members[m].capacity = capacity;
        c->members[m].concurrency = units;
        c->members[m].queue_limit = 1000000;
    }
    AnaRunOptions o = {.jobs = 2};
    AnaRun *run = ana_run_replications(c, 0, 12, &o);
    double mu = capacity / units, lm = rate / n, a = lm / mu;
    double w = 1 / mu + erlang_c(units, a) / (units * mu - lm);
    AnaAggregate lat = metric(run, "latency.mean_ms");
    check_in_interval("M/M/c mean response time (ms)", &lat, w * 1000);
    AnaAggregate thr = metric(run, "throughput.ops_s");
    check_in_interval("throughput = arrival rate", &thr, rate);
    AnaAggregate avail = metric(run, "availability.requests");
    CHECK_NEAR(avail.mean, 1.0, 0);
    ana_run_free(run);
    mdl_config_free(c);
}

/* One member with one unit, Poisson arrivals, exponential service: M/M/1, whose time in
 * system is exponential with rate mu - lambda, so its q-quantile is
 * -ln(1 - q) / (mu - lambda).  The histogram reports a quantile within
 * ANA_HIST_REL_ERROR of the true one; the interval is widened by that much. */
static void test_latency_mm1_quantiles(void)
{
    const double mu = 1000, lambda = 800;
    MdlConfig *c = tm_config(1, lambda, 100);
    c->warmup = 10 * SIM_SEC;
    c->seed = 11;
    c->members[0].capacity = mu;
    c->members[0].concurrency = 1;
    c->members[0].queue_limit = 1000000;
    AnaRunOptions o = {.jobs = 2};
    AnaRun *run = ana_run_replications(c, 0, 12, &o);
    const struct {
        const char *metric;
        double q;
    } qs[] = {{"latency.p50_ms", 0.5}, {"latency.p90_ms", 0.9}, {"latency.p99_ms", 0.99}};
    for (size_t i = 0; i < G_N_ELEMENTS(qs); i++) {
        AnaAggregate a = metric(run, qs[i].metric);
        a.lo *= 1 - ANA_HIST_REL_ERROR;
        a.hi *= 1 + ANA_HIST_REL_ERROR;
        char what[64];
        g_snprintf(what, sizeof what, "M/M/1 %s", qs[i].metric);
        check_in_interval(what, &a, -log(1 - qs[i].q) / (mu - lambda) * 1000);
    }
    AnaAggregate mean = metric(run, "latency.mean_ms");
    check_in_interval("M/M/1 latency.mean_ms", &mean, 1000 / (mu - lambda));
    ana_run_free(run);
    mdl_config_free(c);
}

/* One unit and room for K - 1 waiting: M/M/1/K.  An arrival finds the system full with
 * probability P_K = (1 - rho) rho^K / (1 - rho^(K+1)) (PASTA), so the expected number
 * refused in a window of length t is lambda t P_K. */
static void test_rejections_mm1k(void)
{
    const double mu = 1000, lambda = 900;
    const int k = 10;
    MdlConfig *c = tm_config(1, lambda, 100);
    c->warmup = 10 * SIM_SEC;
    c->seed = 5;
    c->members[0].capacity = mu;
    c->members[0].concurrency = 1;
    c->members[0].queue_limit = k - 1;
    AnaRunOptions o = {.jobs = 2};
    AnaRun *run = ana_run_replications(c, 0, 12, &o);
    double rho = lambda / mu, pk = (1 - rho) * pow(rho, k) / (1 - pow(rho, k + 1));
    AnaAggregate a = metric(run, "rejected.count");
    check_in_interval("M/M/1/K refused operations", &a, lambda * 90 * pk);
    ana_run_free(run);
    mdl_config_free(c);
}

/* Little's law on every member: the time-average number of jobs there equals the
 * rate of jobs through it times their mean time there (with a warm-up cut). */
static void test_little(void)
{
    MdlConfig *c = tm_config(3, 3000, 400);
    tm_mix(c, 0.9, 0.1, 0);
    c->balancing = MDL_BALANCE_LEAST_OUTSTANDING;
    for (int m = 0; m < 3; m++) {
        c->members[m].capacity = 1500;
        c->members[m].concurrency = 8;
        c->members[m].queue_limit = 1000000;
    }
    TmRec r;
    tm_rec_init(&r);
    r.from = 50 * SIM_SEC;
    MdlGroup *g = tm_run(c, 0, &r);
    double window = sim_time_to_s(c->duration - r.from);
    for (int m = 0; m < 3; m++) {
        tm_jobs(&r, c->duration, (uint32_t)m, r.jobs_now[m]);   /* close the integral */
        double L = r.jobs_area[m] / window;
        double lambda = (double)r.jobs_done[m] / window;
        double W = r.sojourn_sum[m] / (double)r.jobs_done[m];
        CHECK(L > 1);
        if (fabs(L - lambda * W) > 0.01 * L)
            CHECK_FAILF("member %d: L = %.5f, lambda W = %.5f", m, L, lambda * W);
    }
    uint64_t ended = tm_ended(&r);
    CHECK_UINT_EQ(r.issued, ended + mdl_group_in_flight(g));
    mdl_group_free(g);
    tm_rec_clear(&r);
    mdl_config_free(c);
}

/* The rsa-2048 profile's key generation on one member with one unit, creates only at
 * 0.5/s: M/G/1, whose mean time in system is Pollaczek-Khinchine's
 * E[S] + lambda E[S^2] / (2 (1 - rho)).  With capacity 1000 a sign takes 1 ms, so a key
 * generation is lognormal with median 0.6 s and sigma 0.5 (docs/model.md, "Service
 * times"): E[S] = 0.6 e^(0.125), E[S^2] = 0.36 e^(0.5). */
static void test_latency_mg1_keygen(void)
{
    const double lambda = 0.5, median = 0.6, sigma = 0.5;
    MdlConfig *c = tm_config(1, lambda, 40000);
    c->warmup = 100 * SIM_SEC;
    c->seed = 11;
    c->mix[0] = 0, c->mix[1] = 1, c->mix[2] = 0;
    c->members[0].capacity = 1000;
    c->members[0].concurrency = 1;
    c->members[0].queue_limit = 1000000;
    c->members[0].service_profile = MDL_PROFILE_RSA2048;
    AnaRunOptions o = {.jobs = 2};
    AnaRun *run = ana_run_replications(c, 0, 12, &o);
    double es = median * exp(sigma * sigma / 2), es2 = median * median * exp(2 * sigma * sigma);
    double w = es + lambda * es2 / (2 * (1 - lambda * es));
    AnaAggregate lat = metric(run, "latency.mean_ms");
    check_in_interval("M/G/1 key generation, mean response time (ms)", &lat, w * 1000);
    ana_run_free(run);
    mdl_config_free(c);
}

static CU_TestInfo tests[] = {
    {"availability 1 - U^N (two-state Markov members, active recovery)", test_availability_markov},
    {"latency against M/M/c (Erlang C)", test_latency_mmc},
    {"latency quantiles against M/M/1", test_latency_mm1_quantiles},
    {"refused operations against M/M/1/K", test_rejections_mm1k},
    {"Little's law on every member", test_little},
    {"rsa-2048 key generation against M/G/1 (Pollaczek-Khinchine)", test_latency_mg1_keygen},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("science", tests)
