/* sim/rng.c - seed derivation and the xoshiro256** generator for GSL. */
#include "sim/rng.h"

#include <glib.h>

G_STATIC_ASSERT(sizeof(unsigned long) == sizeof(uint64_t));

uint64_t sim_rng_mix64(uint64_t x)
{
    uint64_t z = x + UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

uint64_t sim_rng_fnv1a64(const char *name)
{
    uint64_t h = UINT64_C(0xCBF29CE484222325);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= UINT64_C(0x100000001B3);
    }
    return h;
}

uint64_t sim_rng_replication_seed(uint64_t master_seed, uint64_t replication)
{
    return sim_rng_mix64(sim_rng_mix64(master_seed) + replication);
}

uint64_t sim_rng_stream_seed(uint64_t replication_seed, const char *name)
{
    return sim_rng_mix64(replication_seed ^ sim_rng_fnv1a64(name));
}

/* xoshiro256**: 256 bits of state, period 2^256 - 1. */
typedef struct {
    uint64_t s[4];
} Xoshiro;

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t xoshiro_next(Xoshiro *x)
{
    uint64_t *s = x->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* The state is four successive SplitMix64 outputs from the seed; never all zero,
 * since SplitMix64 is a bijection of distinct inputs. */
static void xoshiro_set(void *state, unsigned long seed)
{
    Xoshiro *x = state;
    uint64_t z = seed;
    for (int i = 0; i < 4; i++) {
        x->s[i] = sim_rng_mix64(z);
        z += UINT64_C(0x9E3779B97F4A7C15);
    }
}

static unsigned long xoshiro_get(void *state) { return xoshiro_next(state); }

static double xoshiro_get_double(void *state)
{
    return (double)(xoshiro_next(state) >> 11) * 0x1.0p-53;    /* [0, 1) */
}

static const gsl_rng_type xoshiro_type = {
    "xoshiro256**", UINT64_MAX, 0, sizeof(Xoshiro),
    xoshiro_set, xoshiro_get, xoshiro_get_double,
};
const gsl_rng_type *const sim_rng_xoshiro256 = &xoshiro_type;

gsl_rng *sim_rng_stream_new(uint64_t replication_seed, const char *name)
{
    g_return_val_if_fail(name != NULL, NULL);
    gsl_rng *r = gsl_rng_alloc(sim_rng_xoshiro256);
    if (r == NULL)
        g_error("sim_rng_stream_new: out of memory");
    gsl_rng_set(r, sim_rng_stream_seed(replication_seed, name));
    return r;
}
