/* sim/time.h - simulated time: an int64_t count of nanoseconds since the start.
 *
 * 2^63 ns is about 292 years; every duration in hapgsim fits.  Conversions to and
 * from seconds, and the duration syntax scenarios use ("250ms", "1h30m", bare
 * numbers are seconds), live here so that every layer reads and prints time alike.
 */
#ifndef HAPGSIM_SIM_TIME_H
#define HAPGSIM_SIM_TIME_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t SimTime;

#define SIM_NS     ((SimTime)1)
#define SIM_US     ((SimTime)1000)
#define SIM_MS     ((SimTime)1000000)
#define SIM_SEC    ((SimTime)1000000000)
#define SIM_MIN    (60 * SIM_SEC)
#define SIM_HOUR   (60 * SIM_MIN)
#define SIM_DAY    (24 * SIM_HOUR)
#define SIM_YEAR   (365 * SIM_DAY)          /* "1y" means 365 days, as in MODEL.md 1.1 */
#define SIM_TIME_MAX INT64_MAX

#define SIM_TIME_ERROR (sim_time_error_quark())
GQuark sim_time_error_quark(void);
typedef enum {
    SIM_TIME_ERROR_SYNTAX,     /* not a duration */
    SIM_TIME_ERROR_NEGATIVE,   /* a minus sign */
    SIM_TIME_ERROR_RANGE,      /* more than SIM_TIME_MAX nanoseconds */
} SimTimeError;

/* Seconds as a double (exact below 2^53 ns, about 104 days; within 1 ns in 2^-53
 * relative error beyond). */
static inline double sim_time_to_s(SimTime t) { return (double)t * 1e-9; }

/* Nearest nanosecond to `seconds`.  Saturates at 0 and SIM_TIME_MAX; NaN gives 0.
 * For user input use sim_time_parse(), which reports instead of saturating. */
static inline SimTime sim_time_from_s(double seconds)
{
    if (!(seconds > 0.0))                         /* also NaN */
        return 0;
    double ns = seconds * 1e9 + 0.5;
    if (ns >= 9.2233720368547758e18)              /* 2^63: beyond INT64_MAX */
        return SIM_TIME_MAX;
    return (SimTime)ns;                           /* truncation of x + 0.5: rounding */
}

/* Saturating arithmetic on non-negative times: a + b, and n copies of t, clamped to
 * SIM_TIME_MAX instead of overflowing (an event that far away never happens). */
static inline SimTime sim_time_add_sat(SimTime a, SimTime b)
{
    return b > SIM_TIME_MAX - a ? SIM_TIME_MAX : a + b;
}
static inline SimTime sim_time_mul_sat(uint64_t n, SimTime t)
{
    if (n == 0 || t <= 0)
        return 0;
    return n > (uint64_t)(SIM_TIME_MAX / t) ? SIM_TIME_MAX : (SimTime)n * t;
}

/* Parses a non-negative duration: a decimal number followed by a unit
 * (ns, us, ms, s, m, h, d, y), several such terms ("1h30m"), or a bare number of
 * seconds ("90", "1.5", "2e-3").  The result is exact to the nanosecond when the
 * text is (decimal fractions are not converted through binary floating point);
 * finer fractions round to the nearest nanosecond.  Surrounding whitespace is
 * allowed.  Returns FALSE with `error` set (domain SIM_TIME_ERROR) on anything else. */
gboolean sim_time_parse(const char *text, SimTime *out, GError **error);

/* Writes the canonical form of `t`: an integer count of the largest unit that
 * divides it exactly ("90s" -> "90s", 5400 s -> "90m", 1 500 000 ns -> "1500us").
 * sim_time_parse() reads it back to the same value.  Returns `buf`.
 * A buffer of SIM_TIME_FORMAT_SIZE bytes is always large enough. */
#define SIM_TIME_FORMAT_SIZE 32
char *sim_time_format(SimTime t, char *buf, size_t size);

#endif
