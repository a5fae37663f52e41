/* analysis/stats.c - aggregates and confidence intervals. */
#include "analysis/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

double ana_t_quantile(double p, double dof)
{
    return gsl_cdf_tdist_Pinv(p, dof);
}

double ana_mean_var(const double *values, guint count, guint stride, guint *n_out, double *var)
{
    double mean = 0, m2 = 0;
    guint n = 0;
    for (guint i = 0; i < count; i++) {
        double x = values[(size_t)i * stride];
        if (isnan(x))
            continue;
        n++;
        double d = x - mean;                      /* Welford */
        mean += d / n;
        m2 += d * (x - mean);
    }
    if (n_out)
        *n_out = n;
    if (var)
        *var = n > 1 ? m2 / (n - 1) : NAN;
    return n ? mean : NAN;
}

/* The aggregate with the interval between the (1 - q)- and q-quantiles of Student's t. */
static void aggregate(const double *values, guint count, guint stride, double q, AnaAggregate *out)
{
    double var;
    out->mean = ana_mean_var(values, count, stride, &out->n, &var);
    if (out->n < 2) {
        out->stddev = out->lo = out->hi = NAN;
        return;
    }
    out->stddev = sqrt(var);
    double half = ana_t_quantile(q, out->n - 1) * out->stddev / sqrt((double)out->n);
    out->lo = out->mean - half;
    out->hi = out->mean + half;
}

void ana_aggregate(const double *values, guint count, guint stride, AnaAggregate *out)
{
    aggregate(values, count, stride, 0.975, out);
}

void ana_aggregate_alpha(const double *values, guint count, guint stride, double alpha,
                         AnaAggregate *out)
{
    aggregate(values, count, stride, 1 - alpha / 2, out);
}

double ana_nines(double a)
{
    if (isnan(a) || a >= 1)
        return NAN;
    return -log10(1 - a);
}

void ana_aggregate_nines(const AnaAggregate *a, AnaAggregate *out)
{
    out->n = a->n;
    out->mean = ana_nines(a->mean);
    out->stddev = NAN;
    /* an interval reaching below availability 0 has no fewer nines than 0 */
    out->lo = a->lo < 0 ? 0 : ana_nines(a->lo);
    out->hi = a->hi >= 1 ? INFINITY : ana_nines(a->hi);
    if (isnan(out->mean))
        out->lo = out->hi = NAN;
}
