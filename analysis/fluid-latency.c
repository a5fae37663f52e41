/* analysis/fluid-latency.c - fluid mode's latency mixture (fluid-latency.h). */
#include "analysis/fluid-latency.h"

#include <complex.h>
#include <math.h>
#include <string.h>

typedef struct {
    MdlFluidLatency cls;
    double weight;           /* operations in the window */
} Class;

struct AnaFluidLat {
    GArray *classes;         /* Class */
    gboolean invalid;
};

AnaFluidLat *ana_fluid_lat_new(void)
{
    AnaFluidLat *a = g_new0(AnaFluidLat, 1);
    a->classes = g_array_new(FALSE, FALSE, sizeof(Class));
    return a;
}

void ana_fluid_lat_free(AnaFluidLat *a)
{
    if (a == NULL)
        return;
    g_array_free(a->classes, TRUE);
    g_free(a);
}

static gboolean same_class(const MdlFluidLatency *x, const MdlFluidLatency *y)
{
    if (x->n != y->n || x->shift != y->shift)
        return FALSE;
    for (uint32_t i = 0; i < x->n; i++)
        if (x->mu[i] != y->mu[i] || x->wait_p[i] != y->wait_p[i] || x->gamma[i] != y->gamma[i])
            return FALSE;
    return TRUE;
}

void ana_fluid_lat_add(AnaFluidLat *a, const MdlFluidLatency *cls, double operations)
{
    if (!(operations > 0))
        return;
    for (guint i = 0; i < a->classes->len; i++) {
        Class *k = &g_array_index(a->classes, Class, i);
        if (same_class(&k->cls, cls)) {
            k->weight += operations;
            return;
        }
    }
    Class k = {*cls, operations};
    g_array_append_val(a->classes, k);
}

void ana_fluid_lat_invalidate(AnaFluidLat *a) { a->invalid = TRUE; }
gboolean ana_fluid_lat_valid(const AnaFluidLat *a) { return !a->invalid; }

/* Laplace transform of the CDF at s: phi(s) / s, phi the product of the sojourns'
 * transforms, mu/(mu+s) x ((1-p) + p gamma/(gamma+s)). */
/* a / (b + s) for real a, b, without the checks of C's complex division (s has a
 * positive real part here: no overflow, no zero) */
static inline double complex over(double a, double b, double complex s)
{
    double x = b + creal(s), y = cimag(s), d = a / (x * x + y * y);
    return x * d - (y * d) * I;            /* finite parts: the plain sum is exact */
}

/* The Euler algorithm (Abate and Whitt, "A unified framework for numerically inverting
 * Laplace transforms", 2006), M = 15: 31 terms.  The class's CDF at t, and its density
 * in *pdf when pdf is not NULL (the same terms: the density's transform is the
 * product itself, the CDF's the product over s). */
#define EULER_M 15
static double class_cdf_pdf(const MdlFluidLatency *c, double t, double *pdf)
{
    t -= c->shift;
    if (pdf)
        *pdf = 0;
    if (t <= 0)
        return 0;
    static double eta[2 * EULER_M + 1];
    static gsize ready = 0;
    if (g_once_init_enter(&ready)) {
        double xi[2 * EULER_M + 1];
        xi[0] = 0.5;
        for (int k = 1; k <= EULER_M; k++)
            xi[k] = 1;
        xi[2 * EULER_M] = ldexp(1, -EULER_M);
        double binom = 1;                      /* C(M, k) */
        for (int k = 1; k < EULER_M; k++) {
            binom = binom * (EULER_M - k + 1) / k;
            xi[2 * EULER_M - k] = xi[2 * EULER_M - k + 1] + ldexp(binom, -EULER_M);
        }
        for (int k = 0; k <= 2 * EULER_M; k++)
            eta[k] = (k % 2 ? -1 : 1) * xi[k];
        g_once_init_leave(&ready, 1);
    }
    const double a = EULER_M * log(10.0) / 3;
    double sum = 0, dsum = 0;
    for (int k = 0; k <= 2 * EULER_M; k++) {
        double complex s = (a + I * G_PI * k) / t, phi = 1;
        for (uint32_t i = 0; i < c->n; i++) {
            phi *= over(c->mu[i], c->mu[i], s);
            if (c->wait_p[i] > 0)
                phi *= (1 - c->wait_p[i]) + c->wait_p[i] * over(c->gamma[i], c->gamma[i], s);
        }
        sum += eta[k] * creal(phi * over(1, 0, s));
        dsum += eta[k] * creal(phi);
    }
    double scale = pow(10.0, EULER_M / 3.0) / t, f = scale * sum;
    if (pdf)
        *pdf = fmax(0, scale * dsum);
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

double ana_fluid_lat_class_cdf(const MdlFluidLatency *c, double t)
{
    return class_cdf_pdf(c, t, NULL);
}

static double class_mean_s(const MdlFluidLatency *c)
{
    double m = c->shift;
    for (uint32_t i = 0; i < c->n; i++)
        m += 1 / c->mu[i] + (c->wait_p[i] > 0 ? c->wait_p[i] / c->gamma[i] : 0);
    return m;
}

static double total_weight(const AnaFluidLat *a)
{
    double w = 0;
    for (guint i = 0; i < a->classes->len; i++)
        w += g_array_index(a->classes, Class, i).weight;
    return w;
}

double ana_fluid_lat_mean(const AnaFluidLat *a, const AnaHistogram *drawn)
{
    double w = total_weight(a) + (double)drawn->count;
    if (a->invalid || w <= 0)
        return NAN;
    double sum = drawn->sum;                   /* ns */
    for (guint i = 0; i < a->classes->len; i++) {
        const Class *k = &g_array_index(a->classes, Class, i);
        sum += k->weight * class_mean_s(&k->cls) * 1e9;
    }
    return sum / w;
}

/* Values of `drawn` at or below t ns, the buckets' values taken as evenly spread (as
 * ana_histogram_quantile places them); cum[i] = values in buckets below i. */
static double drawn_below(const AnaHistogram *h, const double *cum, double t)
{
    if (h->count == 0 || t < 0)
        return 0;
    uint64_t v = t >= 1.8e19 ? UINT64_MAX : (uint64_t)t;
    uint32_t i = ana_histogram_index(v);
    double lower, width;
    ana_histogram_bucket(i, &lower, &width);
    double in = (double)h->bucket[i];
    double frac = width > 1 ? (t - lower) / width : 1;
    frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
    return cum[i] + in * frac;
}

/* Values at or below t ns (the classes' and the drawn ones), and their density per ns. */
static double mixture_at(const AnaFluidLat *a, const AnaHistogram *drawn, const double *cum,
                         double t, double *density)
{
    double f = 0, d = 0;
    if (cum) {
        f = drawn_below(drawn, cum, t);
        uint64_t v = t >= 1.8e19 ? UINT64_MAX : (uint64_t)fmax(t, 0);
        double lower, width;
        uint32_t i = ana_histogram_index(v);
        ana_histogram_bucket(i, &lower, &width);
        d = width > 1 ? (double)drawn->bucket[i] / width : 0;
    }
    for (guint i = 0; i < a->classes->len; i++) {
        const Class *k = &g_array_index(a->classes, Class, i);
        double pdf;
        f += k->weight * class_cdf_pdf(&k->cls, t * 1e-9, &pdf);
        d += k->weight * pdf * 1e-9;
    }
    *density = d;
    return f;
}

/* The value below which `target` of the weight lies, in [0, hi]: Newton's steps on the
 * mixture's CDF, kept inside the bracket [lo, hi] that every evaluation narrows (a step
 * that would leave it, or a flat density, halves it instead).  To 1e-6 of the value:
 * far below the histogram's resolution and any interval; about 10 evaluations where
 * plain halving took about 27. */
static double quantile(const AnaFluidLat *a, const AnaHistogram *drawn, const double *cum,
                       double hi, double target)
{
    double lo = 0, x = 0.5 * hi;
    for (int it = 0; it < 100 && hi - lo > 1e-6 * hi; it++) {
        double d, f = mixture_at(a, drawn, cum, x, &d);
        if (f < target)
            lo = x;
        else
            hi = x;
        double next = d > 0 ? x + (target - f) / d : NAN;
        if (!(next > lo && next < hi)) {
            x = 0.5 * (lo + hi);
            continue;
        }
        if (fabs(next - x) <= 1e-7 * next)
            return next;
        x = next;
    }
    return 0.5 * (lo + hi);
}

void ana_fluid_lat_quantiles(const AnaFluidLat *a, const AnaHistogram *drawn, const double *qs,
                             guint n, double *out)
{
    double wc = total_weight(a), w = wc + (double)drawn->count;
    for (guint i = 0; i < n; i++)
        out[i] = a->invalid || w <= 0 ? NAN : wc <= 0 ? ana_histogram_quantile(drawn, qs[i]) : 0;
    if (a->invalid || w <= 0 || wc <= 0)
        return;
    /* the drawn values' cumulative counts, once for every quantile */
    double *cum = NULL;
    double top = 0;                            /* ns: beyond every value */
    if (drawn->count > 0) {
        cum = g_new(double, ANA_HIST_BUCKETS);
        double c = 0;
        for (uint32_t i = 0; i < ANA_HIST_BUCKETS; i++) {
            cum[i] = c;
            c += (double)drawn->bucket[i];
            if (drawn->bucket[i]) {
                double lower, width;
                ana_histogram_bucket(i, &lower, &width);
                top = fmax(top, lower + width);
            }
        }
    }
    for (guint i = 0; i < a->classes->len; i++) {
        const MdlFluidLatency *c = &g_array_index(a->classes, Class, i).cls;
        double tail = c->shift;                 /* 60 means of each phase: F > 1 - 1e-20 */
        for (uint32_t j = 0; j < c->n; j++)
            tail += 60 / c->mu[j] + (c->wait_p[j] > 0 ? 60 / c->gamma[j] : 0);
        top = fmax(top, tail * 1e9);
    }
    for (guint q = 0; q < n; q++)
        out[q] = quantile(a, drawn, cum, top, qs[q] * w);
    g_free(cum);
}

double ana_fluid_lat_quantile(const AnaFluidLat *a, const AnaHistogram *drawn, double q)
{
    double v;
    ana_fluid_lat_quantiles(a, drawn, &q, 1, &v);
    return v;
}
