/* scenarios/print.c - the canonical tree of a typed scenario: every key of the schema
 * (schema.c) with its value, in the schema's order and a fixed form, so that printing
 * is deterministic and reading it back gives the same configuration (numbers in their
 * shortest exact form, durations in sim_time_format's form, distributions as
 * {dist: ...}).  Variant keys are printed by their hooks (hooks_*.c).  Then writing any
 * tree out: flow text for single values, libyaml's emitter for whole documents. */
#include "scenarios/typing-private.h"

#include <math.h>
#include <string.h>
#include <yaml.h>

static const ScnPos nowhere = {0, 0, 0};

char *scn_format_double(double x, char *buf, gsize size)
{
    if (!isfinite(x)) {
        g_strlcpy(buf, x > 0 ? "inf" : x < 0 ? "-inf" : "nan", size);
        return buf;
    }
    if (x == floor(x) && fabs(x) < 1e15) {
        g_snprintf(buf, size, "%.0f", x == 0 ? 0.0 : x);
        return buf;
    }
    for (int prec = 1; prec <= 17; prec++) {
        char fmt[8];
        g_snprintf(fmt, sizeof fmt, "%%.%dg", prec);
        g_ascii_formatd(buf, (gint)size, fmt, x);
        if (g_ascii_strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

typedef gboolean (*TimeMatch)(SimTime t, double target);

static gboolean same_seconds(SimTime t, double target) { return sim_time_to_s(t) == target; }
static gboolean same_log(SimTime t, double mu) { return t > 0 && log(sim_time_to_s(t)) == mu; }

/* A duration whose seconds match `target` (by `match`), near `approx` seconds: the one
 * of the coarsest unit when there is a choice, so that "200y" prints as 200y. */
static gboolean find_time(double approx, double target, TimeMatch match, SimTime *out)
{
    static const SimTime units[] = {SIM_YEAR, SIM_DAY, SIM_HOUR, SIM_MIN, SIM_SEC, SIM_MS,
                                    SIM_US};
    SimTime t0 = sim_time_from_s(approx);
    for (gsize i = 0; i < G_N_ELEMENTS(units); i++) {
        SimTime u = units[i];
        SimTime lo = t0 / u * u;
        for (int k = 0; k < 2; k++) {
            if (k == 1 && lo > SIM_TIME_MAX - u)
                break;                                  /* lo + u would overflow */
            SimTime cand = lo + k * u;
            if (match(cand, target)) {
                *out = cand;
                return TRUE;
            }
        }
    }
    for (SimTime k = 0; k <= 4096; k++) {
        if (t0 - k >= 0 && match(t0 - k, target)) {
            *out = t0 - k;
            return TRUE;
        }
        if (t0 <= SIM_TIME_MAX - k && match(t0 + k, target)) {
            *out = t0 + k;
            return TRUE;
        }
    }
    return FALSE;
}

/* Canonical text of a duration in seconds as loaded (sim_time_to_s of a SimTime). */
static char *format_seconds(double s, char *buf, gsize size)
{
    SimTime t;
    if (s >= 0 && find_time(s, s, same_seconds, &t))
        return sim_time_format(t, buf, size);
    return scn_format_double(s, buf, size);      /* never for a loaded value */
}

/* ---- node builders ---- */

ScnNode *scn_canon_text(ScnCanon *c, const char *s)
{
    return scn_node_scalar(c->a, nowhere, s, 0);
}

ScnNode *scn_canon_map(ScnCanon *c, guint32 cap, gboolean flow)
{
    return scn_node_container(c->a, SCN_NODE_MAP, nowhere, cap, flow ? SCN_NODE_FLOW : 0);
}

ScnNode *scn_canon_seq(ScnCanon *c, guint32 cap, gboolean flow)
{
    return scn_node_container(c->a, SCN_NODE_SEQ, nowhere, cap,
                              flow || cap == 0 ? SCN_NODE_FLOW : 0);
}

void scn_canon_put(ScnCanon *c, ScnNode *m, const char *key, ScnNode *v)
{
    scn_node_map_add(m, scn_canon_text(c, key), v);
}

ScnNode *scn_canon_time(ScnCanon *c, SimTime t)
{
    char buf[SIM_TIME_FORMAT_SIZE];
    return scn_canon_text(c, sim_time_format(t, buf, sizeof buf));
}

static ScnNode *seconds(ScnCanon *c, double s)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE + SIM_TIME_FORMAT_SIZE];
    return scn_canon_text(c, format_seconds(s, buf, sizeof buf));
}

ScnNode *scn_canon_double(ScnCanon *c, double x)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return scn_canon_text(c, scn_format_double(x, buf, sizeof buf));
}

ScnNode *scn_canon_dist(ScnCanon *c, const SimDist *d)
{
    ScnNode *m = scn_canon_map(c, 3, TRUE);
    scn_canon_put(c, m, "dist", scn_canon_text(c, sim_dist_family_name(d->family)));
    const ScnDistSpec *sp = scn_dist_spec(d->family);
    SimTime t;
    if (d->family == SIM_DIST_EMPIRICAL) {
        size_t n;
        const double *v = sim_dist_values(d, &n);
        ScnNode *s = scn_canon_seq(c, (guint32)n, TRUE);
        for (size_t i = 0; i < n; i++)
            scn_node_seq_add(s, seconds(c, v[i]));
        scn_canon_put(c, m, sp->a, s);
    } else if (d->family == SIM_DIST_LOGNORMAL && find_time(exp(d->a), d->a, same_log, &t)) {
        scn_canon_put(c, m, sp->a, scn_canon_time(c, t));              /* median */
    } else if (d->family == SIM_DIST_LOGNORMAL) {
        scn_canon_put(c, m, "mu", scn_canon_double(c, d->a));          /* a number */
    } else {
        scn_canon_put(c, m, sp->a, sp->a_time ? seconds(c, d->a) : scn_canon_double(c, d->a));
    }
    if (sp->b)
        scn_canon_put(c, m, sp->b, sp->b_time ? seconds(c, d->b) : scn_canon_double(c, d->b));
    return m;
}

/* ---- the schema's rows ---- */

static gint64 int_value(const ScnField *f, const void *p)
{
    if (f->size == sizeof(uint64_t))
        return (gint64)*(const uint64_t *)p;
    return f->ilo < 0 ? *(const int32_t *)p : (gint64) * (const uint32_t *)p;
}

ScnNode *scn_canon_value(ScnCanon *c, const ScnField *f, const void *base, const ScnTyped *t)
{
    const void *p = scn_field_cptr(f, base);
    switch (f->type) {
    case SCN_T_DURATION: return scn_canon_time(c, *(const SimTime *)p);
    case SCN_T_NUMBER: return scn_canon_double(c, *(const double *)p);
    case SCN_T_INT:
        return scn_canon_text(c, scn_arena_printf(c->a, "%" G_GINT64_FORMAT, int_value(f, p)));
    case SCN_T_SEED:
        return scn_canon_text(c, scn_arena_printf(c->a, "%" G_GUINT64_FORMAT,
                                                  *(const uint64_t *)p));
    case SCN_T_BOOL: return scn_canon_text(c, *(const gboolean *)p ? "true" : "false");
    case SCN_T_ENUM: return scn_canon_text(c, f->names(*(const int *)p));
    case SCN_T_TEXT:
    case SCN_T_NAME: return scn_canon_text(c, *(char *const *)p);
    case SCN_T_DIST: return scn_canon_dist(c, p);
    case SCN_T_ZONE: return scn_canon_text(c, t->config->zones[*(const uint32_t *)p]);
    case SCN_T_MIX: return scn_canon_mix(c, p);
    case SCN_T_SERVICE:
        return scn_canon_service(c, scn_field_caux(f, base), p);
    case SCN_T_LIST:
        return scn_canon_list(c, f->sub, *(void *const *)p,
                              *(const uint32_t *)scn_field_caux(f, base), f->size,
                              f->flags & SCN_F_AS_WRITTEN ? t->action_order : NULL, t);
    case SCN_T_SECTION: {
        guint n;
        scn_schema_rows(f->sub, &n);
        ScnNode *m = scn_canon_map(c, n, f->flags & SCN_F_FLOW);
        scn_canon_fields(c, m, f->sub, base, t);
        return m;
    }
    case SCN_T_HOOK: break;
    }
    return NULL;
}

/* TRUE when the value of `f` in `base` is its default (`defaults`, the same struct). */
static gboolean is_default(const ScnField *f, const void *base, const void *defaults)
{
    if (f->type == SCN_T_SECTION) {          /* a section: when all its rows are */
        guint n;
        const ScnField *rows = scn_schema_rows(f->sub, &n);
        for (guint i = 0; i < n; i++)
            if (!is_default(&rows[i], base, defaults))
                return FALSE;
        return TRUE;
    }
    if (f->type == SCN_T_DIST)               /* issue 11: workload.think */
        return sim_dist_equal(scn_field_cptr(f, base), scn_field_cptr(f, defaults));
    return memcmp(scn_field_cptr(f, base), scn_field_cptr(f, defaults), f->size) == 0;
}

/* Whether row `f` is printed, by its shown_if (schema.h). */
static gboolean shown(ScnSection s, const ScnField *f, const void *base)
{
    if (f->shown_if == NULL)
        return TRUE;
    gboolean neg = f->shown_if[0] == '!', zero = TRUE;
    const ScnField *r = scn_schema_field(s, f->shown_if + neg);
    const char *p = scn_field_cptr(r, base);
    for (size_t i = 0; i < r->size; i++)
        zero = zero && p[i] == 0;
    return zero == neg;
}

void scn_canon_fields(ScnCanon *c, ScnNode *map, ScnSection s, const void *base,
                      const ScnTyped *t)
{
    guint n;
    const ScnField *rows = scn_schema_rows(s, &n);
    const ScnTyped *dt = scn_schema_defaults();
    /* a members.list entry inherits from members.defaults: it is left out as they are */
    const void *defaults = s != SCN_SEC_MEMBER ? (const void *)dt->config
                           : c->in_list        ? (const void *)&t->member_defaults
                                               : (const void *)&dt->member_defaults;
    for (guint i = 0; i < n; i++) {
        const ScnField *f = &rows[i];
        if ((f->flags & SCN_F_NO_PRINT) || (c->only && s == SCN_SEC_TOP &&
                                             strcmp(c->only, f->key) != 0))
            continue;
        if (((f->flags & SCN_F_OMIT_DEFAULT) && !c->all && is_default(f, base, defaults)) ||
            !shown(s, f, base))
            continue;
        if (f->hooks && f->hooks->print) {
            f->hooks->print(c, map, f, base, t);
            continue;
        }
        if ((f->type == SCN_T_NAME && !**(char *const *)scn_field_cptr(f, base)) ||
            (f->type == SCN_T_ZONE && *(const uint32_t *)scn_field_cptr(f, base) == MDL_NONE))
            continue;                          /* no name, no zone: members.defaults */
        ScnNode *v = scn_canon_value(c, f, base, t);
        if (v)
            scn_canon_put(c, map, f->key, v);
    }
}

ScnNode *scn_canon_list(ScnCanon *c, ScnSection s, const void *items, guint n, gsize size,
                        const uint32_t *order, const ScnTyped *t)
{
    guint rows;
    scn_schema_rows(s, &rows);
    ScnNode *list = scn_canon_seq(c, n, FALSE);
    c->in_list = TRUE;
    for (guint k = 0; k < n; k++) {
        ScnNode *e = scn_canon_map(c, rows, TRUE);
        scn_canon_fields(c, e, s, (const char *)items + (order ? order[k] : k) * size, t);
        scn_node_seq_add(list, e);
    }
    c->in_list = FALSE;
    return list;
}

ScnNode *scn_canon_tree(ScnArena *a, const ScnTyped *t, const char *only)
{
    ScnCanon c = {.a = a, .only = only};
    guint n;
    scn_schema_rows(SCN_SEC_TOP, &n);
    ScnNode *root = scn_canon_map(&c, n + 2, FALSE);    /* + sweep, expect (scenario.c) */
    scn_canon_fields(&c, root, SCN_SEC_TOP, t->config, t);
    return root;
}

/* ---- flow text ---- */

/* Plain when it surely reads back as the same text in any YAML context. */
static gboolean plain_ok(const char *s)
{
    if (scn_text_is_null(s))
        return FALSE;
    for (const char *p = s; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("_.+-", *p))
            return FALSE;
    return TRUE;
}

static void flow_scalar(GString *out, const ScnNode *n)
{
    if (scn_node_is_null(n)) {
        g_string_append(out, "null");
        return;
    }
    if (!(n->flags & SCN_NODE_QUOTED) && plain_ok(n->text)) {
        g_string_append(out, n->text);
        return;
    }
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)n->text; *p; p++) {
        switch (*p) {
        case '"': g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\t': g_string_append(out, "\\t"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                g_string_append_printf(out, "\\x%02x", *p);
            else
                g_string_append_c(out, (char)*p);
        }
    }
    g_string_append_c(out, '"');
}

static void flow_node(GString *out, const ScnNode *n)
{
    if (n->kind == SCN_NODE_SCALAR) {
        flow_scalar(out, n);
        return;
    }
    gboolean map = n->kind == SCN_NODE_MAP;
    g_string_append_c(out, map ? '{' : '[');
    for (guint32 i = 0; i < n->n; i++) {
        if (i) g_string_append(out, ", ");
        flow_node(out, n->items[map ? 2 * i : i]);
        if (map) {
            g_string_append(out, ": ");
            flow_node(out, n->items[2 * i + 1]);
        }
    }
    g_string_append_c(out, map ? '}' : ']');
}

char *scn_node_flow_text(const ScnNode *n)
{
    GString *out = g_string_new(NULL);
    flow_node(out, n);
    return g_string_free(out, FALSE);
}

/* ---- emitting a document ---- */

static int write_cb(void *data, unsigned char *buf, size_t size)
{
    g_string_append_len(data, (const char *)buf, (gssize)size);
    return 1;
}

static gboolean emit_node(yaml_emitter_t *e, const ScnNode *n, gboolean in_flow)
{
    yaml_event_t ev;
    gboolean flow = in_flow || (n->flags & SCN_NODE_FLOW);
    switch (n->kind) {
    case SCN_NODE_SCALAR: {
        const char *text = scn_node_is_null(n) ? "null" : n->text;
        yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
        /* a string that would read back as null, or that was quoted, stays quoted */
        if (!scn_node_is_null(n) && ((n->flags & SCN_NODE_QUOTED) || scn_text_is_null(text)))
            style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        else if (!flow && strchr(text, '\n'))
            style = YAML_LITERAL_SCALAR_STYLE;      /* the emitter falls back if it must */
        if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)text,
                                          (int)strlen(text), 1, 1, style))
            return FALSE;
        return yaml_emitter_emit(e, &ev) != 0;
    }
    case SCN_NODE_SEQ:
    case SCN_NODE_MAP: {
        gboolean map = n->kind == SCN_NODE_MAP;
        if (!(map ? yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                        flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE)
                  : yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
                        flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE)) ||
            !yaml_emitter_emit(e, &ev))
            return FALSE;
        for (guint32 i = 0; i < (map ? 2 * n->n : n->n); i++)       /* a map: key, value */
            if (!emit_node(e, n->items[i], flow))
                return FALSE;
        return (map ? yaml_mapping_end_event_initialize(&ev)
                    : yaml_sequence_end_event_initialize(&ev)) && yaml_emitter_emit(e, &ev);
    }
    }
    return FALSE;
}

char *scn_node_emit(const ScnNode *root)
{
    GString *out = g_string_new(NULL);
    yaml_emitter_t e;
    yaml_event_t ev;
    if (!yaml_emitter_initialize(&e))
        return g_string_free(out, TRUE);         /* NULL */
    yaml_emitter_set_output(&e, write_cb, out);
    yaml_emitter_set_unicode(&e, 1);
    yaml_emitter_set_width(&e, -1);
    yaml_emitter_set_indent(&e, 2);
    gboolean ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
                  yaml_emitter_emit(&e, &ev) &&
                  yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) &&
                  yaml_emitter_emit(&e, &ev) && emit_node(&e, root, FALSE) &&
                  yaml_document_end_event_initialize(&ev, 1) && yaml_emitter_emit(&e, &ev) &&
                  yaml_stream_end_event_initialize(&ev) && yaml_emitter_emit(&e, &ev) &&
                  yaml_emitter_flush(&e);
    yaml_emitter_delete(&e);
    return g_string_free(out, !ok);              /* NULL on failure */
}
