/* analysis/mva.c - exact MVA of threads that think, then queue at one M/M/c member. */
#include "analysis/mva.h"

#include <glib.h>

/* The recursion over the population n = 1..N keeps the marginal distribution p[j] of
 * the number of threads at the member for population n - 1:
 *   R(n)   = sum_{j=1..n} j / mu(j) * p(j-1 | n-1),   mu(j) = min(j, c) / S
 *   X(n)   = n / (Z + R(n))
 *   p(j|n) = X(n) / mu(j) * p(j-1 | n-1)   (j >= 1),   p(0|n) = 1 - sum_{j>=1} p(j|n)
 * (the arrival theorem: an arriving thread sees the network with itself removed). */
void ana_mva_closed_mmc(unsigned N, double Z, unsigned c, double S, double *X, double *R)
{
    g_return_if_fail(N >= 1 && c >= 1 && S > 0 && Z >= 0);
    double *p = g_new0(double, N + 1), *q = g_new0(double, N + 1);
    p[0] = 1;
    double x = 0, r = 0;
    for (unsigned n = 1; n <= N; n++) {
        r = 0;
        for (unsigned j = 1; j <= n; j++)
            r += (double)j * S / (double)MIN(j, c) * p[j - 1];
        x = (double)n / (Z + r);
        double rest = 0;
        for (unsigned j = 1; j <= n; j++) {
            q[j] = x * S / (double)MIN(j, c) * p[j - 1];
            rest += q[j];
        }
        q[0] = rest < 1 ? 1 - rest : 0;
        double *t = p;
        p = q;
        q = t;
    }
    g_free(p);
    g_free(q);
    *X = x;
    *R = r;
}
