/* sim/dist.c - distribution values: checking, sampling, closed forms. */
#include "sim/dist.h"

#include "sim/rng.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

G_DEFINE_QUARK(sim-dist-error-quark, sim_dist_error)

static const char *const family_names[] = {
#define SIM_DIST_NAME(id, name) name,
    SIM_DIST_FAMILIES(SIM_DIST_NAME)
#undef SIM_DIST_NAME
};

const char *sim_dist_family_name(SimDistFamily family)
{
    g_return_val_if_fail(family < SIM_DIST_N_FAMILIES, "?");
    return family_names[family];
}

gboolean sim_dist_family_from_name(const char *name, SimDistFamily *out)
{
    for (int i = 0; i < SIM_DIST_N_FAMILIES; i++) {
        if (strcmp(name, family_names[i]) == 0) {
            *out = (SimDistFamily)i;
            return TRUE;
        }
    }
    return FALSE;
}

static SimDist make(SimDistFamily f, double a, double b)
{
    return (SimDist){.family = f, .a = a, .b = b, .values = NULL};
}

SimDist sim_dist_exponential(double mean) { return make(SIM_DIST_EXPONENTIAL, mean, 0); }
SimDist sim_dist_deterministic(double value) { return make(SIM_DIST_DETERMINISTIC, value, 0); }
SimDist sim_dist_uniform(double min, double max) { return make(SIM_DIST_UNIFORM, min, max); }
SimDist sim_dist_weibull(double shape, double scale) { return make(SIM_DIST_WEIBULL, shape, scale); }
SimDist sim_dist_lognormal(double mu, double sigma) { return make(SIM_DIST_LOGNORMAL, mu, sigma); }
SimDist sim_dist_gamma(double shape, double scale) { return make(SIM_DIST_GAMMA, shape, scale); }
SimDist sim_dist_erlang(unsigned k, double mean) { return make(SIM_DIST_ERLANG, k, mean); }
SimDist sim_dist_pareto(double shape, double scale) { return make(SIM_DIST_PARETO, shape, scale); }

SimDist sim_dist_lognormal_median(double median, double sigma)
{
    return make(SIM_DIST_LOGNORMAL, median > 0 ? log(median) : NAN, sigma);
}

SimDist sim_dist_empirical(const double *values, size_t n)
{
    SimDist d = make(SIM_DIST_EMPIRICAL, 0, 0);
    d.values = g_bytes_new(values, n * sizeof(double));
    return d;
}

const double *sim_dist_values(const SimDist *d, size_t *n)
{
    if (d->family != SIM_DIST_EMPIRICAL || d->values == NULL) {
        *n = 0;
        return NULL;
    }
    gsize bytes;
    const double *v = g_bytes_get_data(d->values, &bytes);
    *n = bytes / sizeof(double);
    return v;
}

void sim_dist_copy(SimDist *dst, const SimDist *src)
{
    *dst = *src;
    if (src->values)
        dst->values = g_bytes_ref(src->values);
}

void sim_dist_clear(SimDist *d)
{
    g_clear_pointer(&d->values, g_bytes_unref);
}

gboolean sim_dist_equal(const SimDist *x, const SimDist *y)
{
    if (x->family != y->family)
        return FALSE;
    if (x->family == SIM_DIST_EMPIRICAL)
        return x->values && y->values && g_bytes_equal(x->values, y->values);
    return x->a == y->a && x->b == y->b;
}

static gboolean fail(const char **bad, const char *param, GError **error, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
static gboolean fail(const char **bad, const char *param, GError **error, const char *fmt, ...)
{
    if (bad)
        *bad = param;
    va_list ap;
    va_start(ap, fmt);
    if (error)
        g_propagate_error(error, g_error_new_valist(SIM_DIST_ERROR, SIM_DIST_ERROR_PARAM, fmt, ap));
    va_end(ap);
    return FALSE;
}

#define NEED(cond, param, ...) \
    do { if (!(cond)) return fail(bad_param, param, error, __VA_ARGS__); } while (0)

gboolean sim_dist_check(const SimDist *d, gboolean nonnegative, const char **bad_param,
                        GError **error)
{
    const double a = d->a, b = d->b;
    switch (d->family) {
    case SIM_DIST_EXPONENTIAL:
        NEED(isfinite(a) && a > 0, "mean", "exponential mean must be > 0 and finite (got %g)", a);
        break;
    case SIM_DIST_DETERMINISTIC:
        NEED(isfinite(a), "value", "deterministic value must be finite (got %g)", a);
        NEED(!nonnegative || a >= 0, "value", "deterministic value must be >= 0 (got %g)", a);
        break;
    case SIM_DIST_UNIFORM:
        NEED(isfinite(a), "min", "uniform min must be finite (got %g)", a);
        NEED(isfinite(b), "max", "uniform max must be finite (got %g)", b);
        NEED(!nonnegative || a >= 0, "min", "uniform min must be >= 0 (got %g)", a);
        NEED(a <= b, "max", "uniform max must be >= min (got min %g, max %g)", a, b);
        break;
    case SIM_DIST_WEIBULL:
        NEED(isfinite(a) && a > 0, "shape", "weibull shape must be > 0 and finite (got %g)", a);
        NEED(isfinite(b) && b > 0, "scale", "weibull scale must be > 0 and finite (got %g)", b);
        break;
    case SIM_DIST_LOGNORMAL:
        NEED(isfinite(a), "median", "lognormal median must be > 0 and finite (mu = %g)", a);
        NEED(isfinite(b) && b > 0, "sigma", "lognormal sigma must be > 0 and finite (got %g)", b);
        break;
    case SIM_DIST_GAMMA:
        NEED(isfinite(a) && a > 0, "shape", "gamma shape must be > 0 and finite (got %g)", a);
        NEED(isfinite(b) && b > 0, "scale", "gamma scale must be > 0 and finite (got %g)", b);
        break;
    case SIM_DIST_ERLANG:
        NEED(a >= 1 && a <= 1e6 && a == floor(a), "k",
             "erlang k must be an integer in 1..1000000 (got %g)", a);
        NEED(isfinite(b) && b > 0, "mean", "erlang mean must be > 0 and finite (got %g)", b);
        break;
    case SIM_DIST_PARETO:
        NEED(isfinite(a) && a > 0, "shape", "pareto shape must be > 0 and finite (got %g)", a);
        NEED(isfinite(b) && b > 0, "scale", "pareto scale must be > 0 and finite (got %g)", b);
        break;
    case SIM_DIST_EMPIRICAL: {
        size_t n;
        const double *v = sim_dist_values(d, &n);
        NEED(n >= 1, "values", "empirical values must hold at least one value");
        for (size_t i = 0; i < n; i++) {
            NEED(isfinite(v[i]), "values", "empirical value %zu must be finite (got %g)", i + 1, v[i]);
            NEED(!nonnegative || v[i] >= 0, "values",
                 "empirical value %zu must be >= 0 (got %g)", i + 1, v[i]);
        }
        break;
    }
    default:
        return fail(bad_param, "dist", error, "unknown distribution family %d", (int)d->family);
    }
    return TRUE;
}

double sim_dist_sample(const SimDist *d, const gsl_rng *r)
{
    switch (d->family) {
    case SIM_DIST_EXPONENTIAL:
        return sim_dist_exp_draw(d->a, r);
    case SIM_DIST_DETERMINISTIC:
        return d->a;
    case SIM_DIST_UNIFORM:
        return gsl_ran_flat(r, d->a, d->b);
    case SIM_DIST_WEIBULL:
        return gsl_ran_weibull(r, d->b, d->a);          /* GSL: (scale, shape) */
    case SIM_DIST_LOGNORMAL:
        return gsl_ran_lognormal(r, d->a, d->b);
    case SIM_DIST_GAMMA:
        return gsl_ran_gamma(r, d->a, d->b);
    case SIM_DIST_ERLANG:
        return gsl_ran_gamma(r, d->a, d->b / d->a);     /* k phases of mean/k */
    case SIM_DIST_PARETO:
        return gsl_ran_pareto(r, d->a, d->b);           /* GSL: (shape, scale) */
    case SIM_DIST_EMPIRICAL: {
        size_t n;
        const double *v = sim_dist_values(d, &n);
        return v[sim_rng_uniform_int(r, n)];
    }
    default:
        g_assert_not_reached();
    }
}

gboolean sim_dist_sample_residual(const SimDist *d, double age, const gsl_rng *r, double *out)
{
    double u = sim_rng_open01(r), q = NAN, x = NAN;
    if (age < 0)
        age = 0;
    switch (d->family) {
    case SIM_DIST_EXPONENTIAL:
        *out = sim_dist_exp_draw(d->a, r);         /* memoryless */
        return TRUE;
    case SIM_DIST_DETERMINISTIC:
        return FALSE;
    case SIM_DIST_UNIFORM:
        if (age >= d->b)
            return FALSE;
        x = MAX(age, d->a) + u * (d->b - MAX(age, d->a));
        break;
    case SIM_DIST_WEIBULL:                         /* tail exp(-(x/l)^k) */
        x = d->b * pow(pow(age / d->b, d->a) - log(u), 1 / d->a);
        break;
    case SIM_DIST_LOGNORMAL:
        q = gsl_cdf_lognormal_Q(age, d->a, d->b);
        if (q > 0)
            x = gsl_cdf_lognormal_Qinv(q * u, d->a, d->b);
        break;
    case SIM_DIST_GAMMA:
    case SIM_DIST_ERLANG: {
        double scale = d->family == SIM_DIST_GAMMA ? d->b : d->b / d->a;
        q = gsl_cdf_gamma_Q(age, d->a, scale);
        if (q > 0)
            x = gsl_cdf_gamma_Qinv(q * u, d->a, scale);
        break;
    }
    case SIM_DIST_PARETO:
        x = age <= d->b ? gsl_cdf_pareto_Qinv(u, d->a, d->b) : age * pow(u, -1 / d->a);
        break;
    case SIM_DIST_EMPIRICAL: {
        size_t n, above = 0;
        const double *v = sim_dist_values(d, &n);
        for (size_t i = 0; i < n; i++)
            above += v[i] > age;
        if (above == 0)
            return FALSE;
        size_t pick = sim_rng_uniform_int(r, above);
        for (size_t i = 0; i < n; i++)
            if (v[i] > age && pick-- == 0) {
                x = v[i];
                break;
            }
        break;
    }
    default:
        return FALSE;
    }
    if (!isfinite(x))
        return FALSE;
    *out = MAX(x - age, 0);
    return TRUE;
}

static void empirical_moments(const SimDist *d, double *mean, double *var)
{
    size_t n;
    const double *v = sim_dist_values(d, &n);
    double m = 0, s = 0;
    for (size_t i = 0; i < n; i++) {        /* Welford */
        double delta = v[i] - m;
        m += delta / (double)(i + 1);
        s += delta * (v[i] - m);
    }
    *mean = n ? m : NAN;
    *var = n ? s / (double)n : NAN;
}

double sim_dist_mean(const SimDist *d)
{
    const double a = d->a, b = d->b;
    switch (d->family) {
    case SIM_DIST_EXPONENTIAL:
    case SIM_DIST_DETERMINISTIC: return a;
    case SIM_DIST_UNIFORM: return 0.5 * (a + b);
    case SIM_DIST_WEIBULL: return b * gsl_sf_gamma(1 + 1 / a);
    case SIM_DIST_LOGNORMAL: return exp(a + 0.5 * b * b);
    case SIM_DIST_GAMMA: return a * b;
    case SIM_DIST_ERLANG: return b;
    case SIM_DIST_PARETO: return a > 1 ? a * b / (a - 1) : INFINITY;
    case SIM_DIST_EMPIRICAL: {
        double m, v;
        empirical_moments(d, &m, &v);
        return m;
    }
    default: g_assert_not_reached();
    }
}

double sim_dist_variance(const SimDist *d)
{
    const double a = d->a, b = d->b;
    switch (d->family) {
    case SIM_DIST_EXPONENTIAL: return a * a;
    case SIM_DIST_DETERMINISTIC: return 0;
    case SIM_DIST_UNIFORM: return (b - a) * (b - a) / 12;
    case SIM_DIST_WEIBULL: {
        double g1 = gsl_sf_gamma(1 + 1 / a), g2 = gsl_sf_gamma(1 + 2 / a);
        return b * b * (g2 - g1 * g1);
    }
    case SIM_DIST_LOGNORMAL: return expm1(b * b) * exp(2 * a + b * b);
    case SIM_DIST_GAMMA: return a * b * b;
    case SIM_DIST_ERLANG: return b * b / a;
    case SIM_DIST_PARETO: return a > 2 ? b * b * a / ((a - 1) * (a - 1) * (a - 2)) : INFINITY;
    case SIM_DIST_EMPIRICAL: {
        double m, v;
        empirical_moments(d, &m, &v);
        return v;
    }
    default: g_assert_not_reached();
    }
}

double sim_dist_cdf(const SimDist *d, double x)
{
    const double a = d->a, b = d->b;
    switch (d->family) {
    case SIM_DIST_EXPONENTIAL: return gsl_cdf_exponential_P(x, a);
    case SIM_DIST_DETERMINISTIC: return x >= a ? 1.0 : 0.0;
    case SIM_DIST_UNIFORM:
        if (a == b) return x >= a ? 1.0 : 0.0;
        return gsl_cdf_flat_P(x, a, b);
    case SIM_DIST_WEIBULL: return gsl_cdf_weibull_P(x, b, a);
    case SIM_DIST_LOGNORMAL: return gsl_cdf_lognormal_P(x, a, b);
    case SIM_DIST_GAMMA: return gsl_cdf_gamma_P(x, a, b);
    case SIM_DIST_ERLANG: return gsl_cdf_gamma_P(x, a, b / a);
    case SIM_DIST_PARETO: return gsl_cdf_pareto_P(x, a, b);
    case SIM_DIST_EMPIRICAL: {
        size_t n, below = 0;
        const double *v = sim_dist_values(d, &n);
        for (size_t i = 0; i < n; i++)
            below += v[i] <= x;
        return n ? (double)below / (double)n : NAN;
    }
    default: g_assert_not_reached();
    }
}
