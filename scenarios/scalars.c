/* scenarios/scalars.c - typing single values: integers, numbers, durations, booleans,
 * names, texts and distributions, each with its own error message. */
#include "scenarios/typing-private.h"

#include <math.h>
#include <string.h>

char *scn_path_key(const char *parent, const char *key)
{
    return *parent ? g_strconcat(parent, ".", key, NULL) : g_strdup(key);
}

char *scn_path_idx(const char *parent, guint i)
{
    return g_strdup_printf("%s.%u", parent, i);
}

char *scn_names_join(const char *const *names, const char *last)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; names[i]; i++) {
        if (i > 0 && last && names[i + 1] == NULL)
            g_string_append_printf(s, " %s ", last);
        else if (i > 0)
            g_string_append(s, ", ");
        g_string_append(s, names[i]);
    }
    return g_string_free(s, FALSE);
}

static gboolean is_scalar(const ScnNode *n)
{
    return n->kind == SCN_NODE_SCALAR && !scn_node_is_null(n);
}

gboolean scn_check_map(ScnDiag *d, const ScnNode *n, const char *path,
                       const char *const *keys)
{
    if (scn_node_is_null(n))
        return TRUE;
    if (n->kind != SCN_NODE_MAP && *path)
        return scn_diag_got(d, n, "%s must be a mapping", path);
    if (n->kind != SCN_NODE_MAP)
        return scn_diag_got(d, n, "a scenario must be a mapping of keys such as `hapgsim: 1`");
    for (guint32 i = 0; i < n->n; i++) {
        const ScnNode *k = n->items[2 * i];
        if (g_strv_contains(keys, k->text))
            continue;
        if (scn_diag_full(d)) {
            scn_diag_add(d, k->pos, "unknown key");
            continue;
        }
        const char *s = scn_suggest(k->text, keys, -1);
        g_autofree char *got = scn_node_echo(k);
        const char *in = *path ? " in " : "";
        scn_diag_add(d, k->pos, "unknown key `%s`%s%s%s%s%s", got, in, path, SCN_MEAN(s));
    }
    return TRUE;
}

gboolean scn_check_item(ScnDiag *d, const ScnNode *n, const char *path,
                        const char *const *keys)
{
    /* a null item is not an empty mapping but an error */
    return scn_check_map(d, n, path, keys) &&
           (n->kind == SCN_NODE_MAP || scn_diag_got(d, n, "%s must be a mapping", path));
}

guint scn_unknown_keys(const ScnNode *n, const char *const *keys)
{
    guint unknown = 0;
    for (guint32 i = 0; n->kind == SCN_NODE_MAP && i < n->n; i++)
        unknown += !g_strv_contains(keys, n->items[2 * i]->text);
    return unknown;
}

void scn_missing_key(ScnDiag *d, const ScnNode *map, const char *path, const char *key,
                     const char *hint)
{
    scn_diag_add(d, map->pos, "missing key `%s`%s%s%s%s", key, *path ? " in " : "", path,
                 hint ? " " : "", hint ? hint : "");
}

gboolean scn_get_seq(ScnDiag *d, const ScnNode *n, const char *path, guint max,
                     const char *what, guint *len)
{
    *len = 0;
    if (scn_node_is_null(n))
        return TRUE;
    if (n->kind != SCN_NODE_SEQ)
        return scn_diag_got(d, n, "%s must be a list", path);
    if (n->n > max) {
        scn_diag_add(d, n->pos, "%s holds at most %u %s (got %u)", path, max, what, n->n);
        return FALSE;
    }
    *len = n->n;
    return TRUE;
}

/* ---- numbers ---- */

/* An integer, digits with an optional sign, as sign and magnitude (*overflow when the
 * magnitude does not fit 64 bits); FALSE after "must be an integer". */
static gboolean get_integer(ScnDiag *d, const ScnNode *n, const char *path, gboolean *neg,
                            guint64 *mag, gboolean *overflow)
{
    const char *s = is_scalar(n) ? n->text : "";
    *neg = *overflow = FALSE;
    *mag = 0;
    if (*s == '+' || *s == '-')
        *neg = *s++ == '-';
    const char *digits = s;
    for (; g_ascii_isdigit(*s); s++) {
        guint digit = (guint)(*s - '0');
        if (*mag > (G_MAXUINT64 - digit) / 10)
            *overflow = TRUE;
        else
            *mag = *mag * 10 + digit;
    }
    if (s == digits || *s != '\0')
        return scn_diag_got(d, n, "%s must be an integer", path);
    return TRUE;
}

gboolean scn_get_int(ScnDiag *d, const ScnNode *n, const char *path, gint64 min, gint64 max,
                     gint64 *out)
{
    gboolean neg, overflow;
    guint64 mag;
    if (!get_integer(d, n, path, &neg, &mag, &overflow))
        return FALSE;
    gint64 v = 0;
    gboolean fits = !overflow && (neg ? mag <= (guint64)G_MAXINT64 + 1 : mag <= G_MAXINT64);
    if (fits)
        v = neg ? (gint64)(0 - mag) : (gint64)mag;
    if (!fits || v < min || v > max)
        return scn_diag_got(d, n, "%s must be within %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT,
                            path, min, max);
    *out = v;
    return TRUE;
}

gboolean scn_get_uint64(ScnDiag *d, const ScnNode *n, const char *path, guint64 *out)
{
    gboolean neg, overflow;
    guint64 mag;
    if (!get_integer(d, n, path, &neg, &mag, &overflow))
        return FALSE;
    if (overflow || (neg && mag != 0))
        return scn_diag_got(d, n, "%s must be within 0..%" G_GUINT64_FORMAT, path,
                            G_MAXUINT64);
    *out = mag;
    return TRUE;
}

/* [+-]digits[.digits][e[+-]digits], or [+-].digits[...]: what YAML calls a float,
 * without .inf and .nan. */
static gboolean number_syntax(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    int digits = 0;
    while (g_ascii_isdigit(*s)) s++, digits++;
    if (*s == '.') {
        s++;
        while (g_ascii_isdigit(*s)) s++, digits++;
    }
    if (digits == 0)
        return FALSE;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!g_ascii_isdigit(*s))
            return FALSE;
        while (g_ascii_isdigit(*s)) s++;
    }
    return *s == '\0';
}

void scn_describe_range(GString *s, double lo, gboolean lo_open, double hi)
{
    char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
    scn_format_double(lo, a, sizeof a);
    scn_format_double(hi, b, sizeof b);
    if (isfinite(lo) && isfinite(hi) && !lo_open)
        g_string_append_printf(s, "within %s..%s", a, b);
    else if (isfinite(lo) && isfinite(hi))
        g_string_append_printf(s, "> %s and <= %s", a, b);
    else if (isfinite(lo))
        g_string_append_printf(s, "%s %s", lo_open ? ">" : ">=", a);
    else if (isfinite(hi))
        g_string_append_printf(s, "<= %s", b);
    else
        g_string_append(s, "finite");
}

gboolean scn_get_double(ScnDiag *d, const ScnNode *n, const char *path, double lo,
                        gboolean lo_open, double hi, double *out)
{
    if (!is_scalar(n) || !number_syntax(n->text))
        return scn_diag_got(d, n, "%s must be a number", path);
    double v = g_ascii_strtod(n->text, NULL);
    if (!isfinite(v))
        return scn_diag_got(d, n, "%s must be a finite number", path);
    if (v < lo || (lo_open && v == lo) || v > hi) {
        g_autoptr(GString) rule = g_string_new(NULL);
        scn_describe_range(rule, lo, lo_open, hi);
        return scn_diag_got(d, n, "%s must be %s", path, rule->str);
    }
    *out = v == 0 ? 0.0 : v;                     /* no negative zero */
    return TRUE;
}

gboolean scn_get_duration(ScnDiag *d, const ScnNode *n, const char *path, SimTime min,
                          gboolean min_open, SimTime max, const char *rule, SimTime *out)
{
    g_autoptr(GError) err = NULL;
    SimTime t;
    if (!is_scalar(n) || n->len > 200 || !sim_time_parse(n->text, &t, &err)) {
        if (g_error_matches(err, SIM_TIME_ERROR, SIM_TIME_ERROR_NEGATIVE))
            return scn_diag_got(d, n, "%s cannot be negative", path);
        if (g_error_matches(err, SIM_TIME_ERROR, SIM_TIME_ERROR_RANGE) && rule &&
            max < SIM_TIME_MAX)
            return scn_diag_got(d, n, "%s is too large: it must be %s", path, rule);
        if (g_error_matches(err, SIM_TIME_ERROR, SIM_TIME_ERROR_RANGE))
            return scn_diag_got(d, n, "%s is too large: the longest duration that can be "
                                      "represented is about 292y", path);
        return scn_diag_got(d, n, "%s must be a duration such as 250ms, 90s or 1h30m", path);
    }
    if (rule && (t < min || (min_open && t == min) || t > max))
        return scn_diag_got(d, n, "%s must be %s", path, rule);
    *out = t;
    return TRUE;
}


gboolean scn_get_enum(ScnDiag *d, const ScnNode *n, const char *path,
                      const char *const *names, int n_names, int *out)
{
    if (is_scalar(n)) {
        for (int i = 0; i < n_names; i++) {
            if (strcmp(names[i], n->text) == 0) {
                *out = i;
                return TRUE;
            }
        }
    }
    g_autofree char *list = scn_names_join(names, NULL);
    g_autofree char *got = scn_node_echo(n);
    const char *s = is_scalar(n) && !scn_diag_full(d) ? scn_suggest(n->text, names, n_names) : NULL;
    scn_diag_add(d, n->pos, "%s must be one of %s (got %s)%s%s%s", path, list, got, SCN_MEAN(s));
    return FALSE;
}

static const char *const reserved[] = {"all", "each-member", "each-zone", NULL};

gboolean scn_get_ident(ScnDiag *d, const ScnNode *n, const char *path, const char **out)
{
    gboolean ok = is_scalar(n) && n->len >= 1 && n->len <= SCN_MAX_NAME;
    for (guint32 i = 0; ok && i < n->len; i++)
        ok = g_ascii_isalnum(n->text[i]) || n->text[i] == '_' || n->text[i] == '-';
    if (!ok)
        return scn_diag_got(d, n, "%s must be a name of 1..%d letters, digits, `_` or `-`",
                            path, SCN_MAX_NAME);
    for (const char *const *r = reserved; *r; r++)
        if (strcmp(*r, n->text) == 0)
            return scn_diag_got(d, n, "%s cannot be `%s`, a reserved word", path, *r);
    *out = n->text;
    return TRUE;
}
