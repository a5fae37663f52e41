/* sim/dist.h - probability distributions as values (family + parameters).
 *
 * The families of MODEL.md 1.1.  Parameters are in the user's unit (seconds when
 * the distribution is of a duration); sampling goes through GSL.  A SimDist is a
 * plain struct: build it with a constructor, check it with sim_dist_check(), copy
 * it with sim_dist_copy() and release it with sim_dist_clear() (only `empirical`
 * holds memory: a shared, immutable array of values).
 *
 *   family         parameters (a, b)          mean               variance
 *   exponential    mean                       mean               mean^2
 *   deterministic  value                      value              0
 *   uniform        min, max                   (min+max)/2        (max-min)^2/12
 *   weibull        shape k, scale l           l G(1+1/k)         l^2 [G(1+2/k) - G(1+1/k)^2]
 *   lognormal      mu, sigma (median = e^mu)  e^(mu+s^2/2)       (e^(s^2)-1) e^(2mu+s^2)
 *   gamma          shape k, scale t           k t                k t^2
 *   erlang         k (integer), mean          mean               mean^2 / k
 *   pareto         shape a, scale x_m         a x_m/(a-1), a>1   x_m^2 a/((a-1)^2 (a-2)), a>2
 *   empirical      values v_1..v_n            mean of v          population variance of v
 *                  (each draw picks one value uniformly)
 */
#ifndef HAPGSIM_SIM_DIST_H
#define HAPGSIM_SIM_DIST_H

#include "sim/rng.h"
#include "sim/time.h"

#include <glib.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#define SIM_DIST_FAMILIES(X)                  \
    X(SIM_DIST_EXPONENTIAL, "exponential")    \
    X(SIM_DIST_DETERMINISTIC, "deterministic") \
    X(SIM_DIST_UNIFORM, "uniform")            \
    X(SIM_DIST_WEIBULL, "weibull")            \
    X(SIM_DIST_LOGNORMAL, "lognormal")        \
    X(SIM_DIST_GAMMA, "gamma")                \
    X(SIM_DIST_ERLANG, "erlang")              \
    X(SIM_DIST_PARETO, "pareto")              \
    X(SIM_DIST_EMPIRICAL, "empirical")

typedef enum {
#define SIM_DIST_ENUM(id, name) id,
    SIM_DIST_FAMILIES(SIM_DIST_ENUM)
#undef SIM_DIST_ENUM
    SIM_DIST_N_FAMILIES
} SimDistFamily;

typedef struct {
    SimDistFamily family;
    double a, b;          /* see the table above */
    GBytes *values;       /* empirical only: n doubles, shared and immutable */
} SimDist;

#define SIM_DIST_ERROR (sim_dist_error_quark())
GQuark sim_dist_error_quark(void);
typedef enum { SIM_DIST_ERROR_PARAM } SimDistError;

/* Name of a family ("exponential"), and the reverse (FALSE if unknown). */
const char *sim_dist_family_name(SimDistFamily family);
gboolean sim_dist_family_from_name(const char *name, SimDistFamily *out);

/* Constructors: they store the parameters and do not check them. */
SimDist sim_dist_exponential(double mean);
SimDist sim_dist_deterministic(double value);
SimDist sim_dist_uniform(double min, double max);
SimDist sim_dist_weibull(double shape, double scale);
SimDist sim_dist_lognormal(double mu, double sigma);
SimDist sim_dist_lognormal_median(double median, double sigma);  /* mu = ln(median) */
SimDist sim_dist_gamma(double shape, double scale);
SimDist sim_dist_erlang(unsigned k, double mean);
SimDist sim_dist_pareto(double shape, double scale);
SimDist sim_dist_empirical(const double *values, size_t n);     /* copies the values */

/* Checks the parameters: finite, and within the family's domain (mean > 0, min <=
 * max, ...).  On failure sets `error` to a message naming the parameter and the rule,
 * and, when `bad_param` is given, points it at the parameter's name ("mean", "max",
 * "values", ...) so that a caller can say where it was written.  Durations must not
 * be negative: with `nonnegative`, a family whose values can be negative (uniform
 * with min < 0, deterministic < 0, empirical with a negative value) is refused. */
gboolean sim_dist_check(const SimDist *d, gboolean nonnegative, const char **bad_param,
                        GError **error);

void sim_dist_copy(SimDist *dst, const SimDist *src);   /* dst must be cleared */
void sim_dist_clear(SimDist *d);                         /* safe to call twice */
gboolean sim_dist_equal(const SimDist *x, const SimDist *y);

/* The empirical values (NULL, 0 for other families). */
const double *sim_dist_values(const SimDist *d, size_t *n);

/* One draw. */
double sim_dist_sample(const SimDist *d, const gsl_rng *r);

/* A draw of what is left of a delay that has already lasted `age`: X - age for X of the
 * law conditioned on X > age (by inversion of the tail).  FALSE, *out untouched, when
 * there is nothing to draw (deterministic; no mass beyond age). */
gboolean sim_dist_sample_residual(const SimDist *d, double age, const gsl_rng *r, double *out);

/* An exponential draw of mean `mean`: the one formula both samplers below use. */
static inline double sim_dist_exp_draw(double mean, const gsl_rng *r)
{
    return -mean * log(sim_rng_open01(r));
}

/* One draw of a duration in seconds, as nanoseconds (rounded; negative draws give 0,
 * draws beyond SIM_TIME_MAX saturate).  Exponential draws, the models' hot path,
 * are inlined; they are the same numbers sim_dist_sample() gives. */
static inline SimTime sim_dist_sample_time(const SimDist *d, const gsl_rng *r)
{
    if (G_LIKELY(d->family == SIM_DIST_EXPONENTIAL))
        return sim_time_from_s(sim_dist_exp_draw(d->a, r));
    return sim_time_from_s(sim_dist_sample(d, r));
}

/* Closed forms.  mean: +inf when infinite (pareto a <= 1); variance: +inf when
 * infinite (pareto a <= 2). */
double sim_dist_mean(const SimDist *d);
double sim_dist_variance(const SimDist *d);

/* P(X <= x), for the continuous families and for deterministic and empirical (step
 * functions). */
double sim_dist_cdf(const SimDist *d, double x);

#endif
