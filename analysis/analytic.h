/* analysis/analytic.h - exact figures, where a scenario allows them.
 *
 * Member uptime, for exponential fault processes on members and zones (a product over
 * the independent processes that can hold a member down).  Availability (and outage
 * frequency) for members whose failures are
 * exponential up/down processes and whose recovery is autoRecovery in active mode with
 * infinite retries: each member (or each zone, when zones fail as a whole) alternates
 * in service and out of service, the out-of-service time given by a renewal argument
 * over the probes (see analytic.c); independent units in product form.  Latency for
 * `random` balancing over members that are M/M/c queues (Erlang C); for one member
 * with a finite queue, M/M/c/K (loss, latency, throughput, rejections).  Everything else
 * gets "no closed form" and the reason.
 */
#ifndef HAPGSIM_ANALYSIS_ANALYTIC_H
#define HAPGSIM_ANALYSIS_ANALYTIC_H

#include "models/config.h"

#include <glib.h>

typedef struct {
    char *metric;
    double value;
} AnaExact;

typedef struct {
    GArray *exact;            /* AnaExact, in metric order */
    char *availability_why;   /* NULL when availability figures are exact */
    char *uptime_why;         /* NULL when member uptimes are exact */
    char *latency_why;        /* NULL when latency figures are exact */
} AnaAnalytic;

AnaAnalytic *ana_analytic_new(const MdlConfig *config);
void ana_analytic_free(AnaAnalytic *a);

/* The exact value of `metric`, or NAN when there is none. */
double ana_analytic_value(const AnaAnalytic *a, const char *metric);

/* Building blocks, exposed for the tests. */
/* P(down at t | down at 0) for a two-state chain up->down at rate lambda, down->up mu. */
double ana_p_down_down(double lambda, double mu, double t);
/* int_0^T p_dd(t) dt: time down during the detection delay T, from down at 0. */
double ana_down_integral(double lambda, double mu, double T);
/* Mean time out of service per cycle (a failure, detection at T, probes every I). */
double ana_out_of_service(double lambda, double mu, double T, double I);
/* Mean cycle from one rejoin to the next. */
double ana_cycle(double lambda, double mu, double T, double I);
/* Erlang C: probability of waiting in an M/M/c queue with offered load a (< c). */
double ana_erlang_c(int c, double a);
/* M/M/c/K (K >= c places in all): the probability that an arrival finds the system full
 * (*loss) and the mean response time of the admitted ones (*response). */
void ana_mmck(int c, int K, double lambda, double mu, double *loss, double *response);
/* Mean response time of an M/M/c queue: arrival rate lambda, c units of rate mu. */
double ana_mmc_response(int c, double lambda, double mu);

#endif
