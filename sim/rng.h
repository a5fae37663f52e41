/* sim/rng.h - seeds and random streams.
 *
 * Every random source of a replication draws from its own GSL generator (a stream),
 * seeded from the replication seed and the source's stable name, so that adding a
 * source, or drawing more from one, never changes what another draws (common random
 * numbers across policies).  The mix, fixed and documented because results depend
 * on it:
 *
 *   mix64(x)               = the SplitMix64 output function of x + 0x9E3779B97F4A7C15
 *                            (Steele, Lea and Flood, 2014): a bijection on 64 bits
 *   replication_seed(S, r) = mix64(mix64(S) + r)
 *   stream_seed(R, name)   = mix64(R ^ fnv1a64(name))      (FNV-1a over the bytes)
 *
 * The generator is sim_rng_xoshiro256 (xoshiro256**, Blackman and Vigna, 2018),
 * plugged into GSL as a gsl_rng_type so every gsl_ran_* sampler uses it.  GSL's own
 * generators take 32-bit seeds, which gives two of a run's streams the same
 * sequence with a probability near k^2 / 2^33 for k streams; xoshiro256** takes the
 * whole 64-bit seed (expanded to its 256-bit state by SplitMix64), is fast, and passes
 * BigCrush.
 */
#ifndef HAPGSIM_SIM_RNG_H
#define HAPGSIM_SIM_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

extern const gsl_rng_type *const sim_rng_xoshiro256;

uint64_t sim_rng_mix64(uint64_t x);
uint64_t sim_rng_fnv1a64(const char *name);
uint64_t sim_rng_replication_seed(uint64_t master_seed, uint64_t replication);
uint64_t sim_rng_stream_seed(uint64_t replication_seed, const char *name);

/* A new generator for the stream `name` of the replication with `replication_seed`.
 * Caller owns it (gsl_rng_free). */
gsl_rng *sim_rng_stream_new(uint64_t replication_seed, const char *name);

/* A uniform draw in (0, 1): never 0, never 1 (safe for log()). */
static inline double sim_rng_open01(const gsl_rng *r) { return gsl_rng_uniform_pos(r); }

/* A uniform integer in [0, n), n >= 1, unbiased.  With the kernel's generator this is
 * Lemire's multiply-and-reject (no division in the common case); with another GSL
 * generator it is gsl_rng_uniform_int(). */
static inline uint64_t sim_rng_uniform_int(const gsl_rng *r, uint64_t n)
{
    if (r->type != sim_rng_xoshiro256)
        return gsl_rng_uniform_int(r, n);
    __extension__ typedef unsigned __int128 u128;
    u128 m = (u128)gsl_rng_get(r) * n;
    uint64_t low = (uint64_t)m;
    if (low < n) {
        uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            m = (u128)gsl_rng_get(r) * n;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

#endif
