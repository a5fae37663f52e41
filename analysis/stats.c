/* analysis/stats.c - aggregates and confidence intervals. */
#include "analysis/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

double ana_t_quantile(double p, double dof)
{
    return gsl_cdf_tdist_Pinv(p, dof);
}

void ana_aggregate(const double *values, guint count, guint stride, AnaAggregate *out)
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
    out->n = n;
    out->mean = n ? mean : NAN;
    if (n < 2) {
        out->stddev = out->lo = out->hi = NAN;
        return;
    }
    out->stddev = sqrt(m2 / (n - 1));
    double half = ana_t_quantile(0.975, n - 1) * out->stddev / sqrt((double)n);
    out->lo = mean - half;
    out->hi = mean + half;
}

static double nines(double a)
{
    if (isnan(a) || a >= 1)
        return NAN;
    return -log10(1 - a);
}

void ana_aggregate_nines(const AnaAggregate *a, AnaAggregate *out)
{
    out->n = a->n;
    out->mean = nines(a->mean);
    out->stddev = NAN;
    out->lo = nines(a->lo);
    out->hi = a->hi >= 1 ? INFINITY : nines(a->hi);
    if (isnan(out->mean))
        out->lo = out->hi = NAN;
}
