/* analysis/stats.c - aggregates and confidence intervals. */
#include "analysis/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

double ana_t_quantile(double p, double dof)
{
    if (isnan(p) || isnan(dof) || dof <= 0 || p <= 0 || p >= 1)
        return NAN;
    if (dof > 1e6)                       /* GSL's beta function fails far out; t = normal */
        return gsl_cdf_ugaussian_Pinv(p);
    return gsl_cdf_tdist_Pinv(p, dof);
}

double ana_t_upper_tail(double t, double dof)
{
    if (isnan(t) || isnan(dof) || dof <= 0)
        return NAN;
    if (dof > 1e6)
        return gsl_cdf_ugaussian_Q(t);
    return gsl_cdf_tdist_Q(t, dof);
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
    out->upper95 = NAN;
    out->estimable = FALSE;
    if (out->n < 2) {
        out->stddev = out->lo = out->hi = NAN;
        return;
    }
    out->stddev = sqrt(var);
    out->estimable = TRUE;
    double half = ana_t_quantile(q, out->n - 1) * out->stddev / sqrt((double)out->n);
    out->lo = out->mean - half;
    out->hi = out->mean + half;
}

void ana_aggregate_kind(const double *values, guint count, guint stride, AnaKind kind,
                        AnaAggregate *out)
{
    aggregate(values, count, stride, 0.975, out);
    if (out->n < 2)
        return;
    /* all values equal (Welford can leave a rounding residue: compare them) */
    double first = NAN;
    gboolean same = TRUE;
    for (guint i = 0; i < count && same; i++) {
        double x = values[(size_t)i * stride];
        if (isnan(x))
            continue;
        if (isnan(first))
            first = x;
        else
            same = x == first;
    }
    if (same) {
        out->stddev = 0;
        out->mean = first;
        out->lo = out->hi = NAN;     /* no information on the spread */
        out->estimable = FALSE;
    }
    if (kind == ANA_KIND_REAL)
        return;
    if (out->estimable) {
        /* the t interval cut to the range: it then covers the mean at least as often */
        if (out->lo < 0)
            out->lo = 0;
        if (kind == ANA_KIND_FRACTION && out->hi > 1)
            out->hi = 1;
    } else if (kind == ANA_KIND_COUNT && out->n >= 1 && out->mean == 0) {
        out->upper95 = ANA_ZERO_EVENTS_BOUND95 / out->n;
    }
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

static double nines_of(double u)
{
    if (isnan(u))
        return NAN;
    if (u <= 0)
        return INFINITY;
    return u >= 1 ? 0 : -log10(u);
}

void ana_aggregate_nines(const AnaAggregate *u, AnaAggregate *out)
{
    out->n = u->n;
    out->stddev = NAN;
    out->upper95 = NAN;
    out->estimable = u->estimable;
    out->mean = u->mean > 0 ? nines_of(u->mean) : NAN;
    out->lo = u->estimable ? nines_of(u->hi) : NAN;
    out->hi = u->estimable ? nines_of(u->lo) : NAN;
    if (isnan(out->mean))
        out->estimable = FALSE, out->lo = out->hi = NAN;
}
