/* sim/time.c - conversions, parsing and printing of simulated time. */
#include "sim/time.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK(sim-time-error-quark, sim_time_error)

__extension__ typedef unsigned __int128 u128;

static const struct {
    const char *name;
    SimTime ns;
} units[] = {
    /* longest names first so that "ms" is not read as "m" followed by "s" */
    {"ns", SIM_NS}, {"us", SIM_US}, {"ms", SIM_MS},
    {"s", SIM_SEC}, {"m", SIM_MIN}, {"h", SIM_HOUR}, {"d", SIM_DAY}, {"y", SIM_YEAR},
};

/* Reads one decimal number at *p: its significant digits into *mant and the power of
 * ten that scales them into *exp10.  Digits beyond the 19th are dropped (rounded by
 * the first dropped one); they cannot matter at nanosecond precision. */
static gboolean read_number(const char **p, uint64_t *mant, int *exp10)
{
    const char *s = *p;
    uint64_t m = 0;
    int e = 0, kept = 0, digits = 0;
    gboolean round_up = FALSE, dropped = FALSE;

    for (; g_ascii_isdigit(*s); s++, digits++) {
        if (kept < 19) {
            if (m != 0 || *s != '0') kept++;
            m = m * 10 + (uint64_t)(*s - '0');
        } else {
            if (!dropped) round_up = *s >= '5';
            dropped = TRUE;
            e++;
        }
    }
    if (*s == '.') {
        s++;
        for (; g_ascii_isdigit(*s); s++, digits++) {
            if (kept < 19) {
                if (m != 0 || *s != '0') kept++;
                m = m * 10 + (uint64_t)(*s - '0');
                e--;
            } else if (!dropped) {
                round_up = *s >= '5';
                dropped = TRUE;
            }
        }
    }
    if (digits == 0)
        return FALSE;
    if (*s == 'e' || *s == 'E') {
        const char *q = s + 1;
        int sign = 1;
        if (*q == '+' || *q == '-') sign = (*q++ == '-') ? -1 : 1;
        if (!g_ascii_isdigit(*q))
            return FALSE;
        int x = 0;
        for (; g_ascii_isdigit(*q); q++)
            if (x < 100000) x = x * 10 + (*q - '0');
        e += sign * x;
        s = q;
    }
    if (round_up) m++;
    *mant = m;
    *exp10 = e;
    *p = s;
    return TRUE;
}

/* mant * 10^exp10 * unit, rounded to the nearest integer; FALSE beyond INT64_MAX. */
static gboolean scale(uint64_t mant, int exp10, SimTime unit, SimTime *out)
{
    const u128 limit = (u128)SIM_TIME_MAX;
    u128 v = (u128)mant * (u128)unit;
    if (v == 0) {
        *out = 0;
        return TRUE;
    }
    for (; exp10 > 0; exp10--) {
        if (v > limit) return FALSE;
        v *= 10;
    }
    if (exp10 < 0) {
        if (exp10 < -38) {
            *out = 0;
            return TRUE;
        }
        u128 div = 1;
        for (; exp10 < 0; exp10++) div *= 10;
        v = (v + div / 2) / div;
    }
    if (v > limit) return FALSE;
    *out = (SimTime)v;
    return TRUE;
}

gboolean sim_time_parse(const char *text, SimTime *out, GError **error)
{
    g_return_val_if_fail(text != NULL && out != NULL, FALSE);
    const char *p = text;
    while (g_ascii_isspace(*p)) p++;
    if (*p == '-') {
        g_set_error(error, SIM_TIME_ERROR, SIM_TIME_ERROR_NEGATIVE,
                    "a duration cannot be negative (got \"%s\")", text);
        return FALSE;
    }
    if (*p == '+') p++;

    SimTime total = 0;
    int terms = 0;
    gboolean bare = FALSE;
    while (*p && !g_ascii_isspace(*p)) {
        uint64_t mant;
        int exp10;
        if (bare || !read_number(&p, &mant, &exp10))
            goto syntax;
        SimTime unit = 0;
        size_t unit_len = 0;
        for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
            size_t n = strlen(units[i].name);
            if (strncmp(p, units[i].name, n) == 0 && !g_ascii_isalpha(p[n])) {
                unit = units[i].ns;
                unit_len = n;
                break;
            }
        }
        if (unit == 0) {
            if (g_ascii_isalpha(*p) || terms > 0)
                goto syntax;                 /* unknown unit, or "1h30" */
            unit = SIM_SEC;                  /* a bare number means seconds */
            bare = TRUE;
        }
        p += unit_len;
        SimTime term;
        if (!scale(mant, exp10, unit, &term) || term > SIM_TIME_MAX - total) {
            g_set_error(error, SIM_TIME_ERROR, SIM_TIME_ERROR_RANGE,
                        "duration \"%s\" is too long (at most 292 years)", text);
            return FALSE;
        }
        total += term;
        terms++;
    }
    while (g_ascii_isspace(*p)) p++;
    if (terms == 0 || *p != '\0')
        goto syntax;
    *out = total;
    return TRUE;

syntax:
    g_set_error(error, SIM_TIME_ERROR, SIM_TIME_ERROR_SYNTAX,
                "\"%s\" is not a duration (a number with a unit ns, us, ms, s, m, h, d "
                "or y, e.g. \"250ms\", \"1h30m\"; a bare number means seconds)", text);
    return FALSE;
}

char *sim_time_format(SimTime t, char *buf, size_t size)
{
    g_return_val_if_fail(buf != NULL && size > 0, buf);
    if (t < 0) {
        /* Negative times never reach a scenario; print them plainly for debugging. */
        snprintf(buf, size, "-%" G_GUINT64_FORMAT "ns", 0 - (guint64)t);
        return buf;
    }
    if (t == 0) {
        snprintf(buf, size, "0s");
        return buf;
    }
    for (size_t i = G_N_ELEMENTS(units); i-- > 0;) {
        if (t % units[i].ns == 0) {
            snprintf(buf, size, "%" G_GINT64_FORMAT "%s", t / units[i].ns, units[i].name);
            return buf;
        }
    }
    g_assert_not_reached();
}
