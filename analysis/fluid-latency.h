/* analysis/fluid-latency.h - the latency of a fluid-mode replication: a mixture of
 * closed forms and of the operations drawn one by one (docs/model.md, "Fluid mode").
 *
 * The operations that are not drawn take, while nothing changes, a sum of M/M/c
 * sojourns (one per member they go through: the primary, then each clone) plus a
 * fixed shift; MdlFluidLatency describes one such class and its rate.  The
 * accumulator weighs each distinct class by its operations in the window; the drawn
 * operations come as a histogram.  The mean is exact; a quantile is the root of the
 * mixture's CDF, each class's CDF inverted from its Laplace transform (the Euler
 * algorithm of Abate and Whitt, about 1e-9 absolute error), the histogram's as
 * AnaHistogram interpolates.
 */
#ifndef HAPGSIM_ANALYSIS_FLUID_LATENCY_H
#define HAPGSIM_ANALYSIS_FLUID_LATENCY_H

#include "analysis/histogram.h"
#include "models/observer.h"

typedef struct AnaFluidLat AnaFluidLat;

AnaFluidLat *ana_fluid_lat_new(void);
void ana_fluid_lat_free(AnaFluidLat *a);
/* `operations` more operations of this class in the window. */
void ana_fluid_lat_add(AnaFluidLat *a, const MdlFluidLatency *cls, double operations);
/* No latency can be given for this replication (a member overloaded). */
void ana_fluid_lat_invalidate(AnaFluidLat *a);
gboolean ana_fluid_lat_valid(const AnaFluidLat *a);

/* Mean and q-quantile in ns of the classes together with the drawn operations of
 * `drawn`; NAN when there is nothing (or the replication is invalid). */
double ana_fluid_lat_mean(const AnaFluidLat *a, const AnaHistogram *drawn);
double ana_fluid_lat_quantile(const AnaFluidLat *a, const AnaHistogram *drawn, double q);
/* The same for n levels qs[] at once, into out[] (the histogram is summed up once). */
void ana_fluid_lat_quantiles(const AnaFluidLat *a, const AnaHistogram *drawn, const double *qs,
                             guint n, double *out);

/* The CDF at t seconds of one class's latency (exposed for the tests). */
double ana_fluid_lat_class_cdf(const MdlFluidLatency *cls, double t);

#endif
