/* analysis/mva.h - exact Mean Value Analysis of a closed network (issue 11).
 *
 * N application threads cycle between a delay station (think time, mean Z seconds: any
 * distribution, an infinite-server station is insensitive to it) and one multi-server
 * station of c units with exponential service of mean S seconds (an M/M/c member).
 * Load-dependent MVA (Reiser and Lavenberg) gives the throughput X and the mean response
 * time R at the member exactly, by recursion over the population: O(N^2) time, O(N)
 * memory.  R counts waiting and service; the thread's cycle is Z + R, and X = N / (Z + R).
 */
#ifndef HAPGSIM_ANALYSIS_MVA_H
#define HAPGSIM_ANALYSIS_MVA_H

/* Throughput (operations per second) and mean response time (seconds) of N >= 1
 * threads, think Z >= 0, c >= 1 units, service mean S > 0. */
void ana_mva_closed_mmc(unsigned N, double Z, unsigned c, double S, double *X, double *R);

#endif
