/* analysis/html-report-plan.c - a plan (`hapgsim plan --format json`) in the HTML
 * report: the answer, why, the rule, and every candidate evaluated (docs/plan.md). */
#include "analysis/html-report-private.h"
#include "analysis/report.h"

#include <math.h>
#include <string.h>

gboolean ana_html_check_plan(JsonObject *top, const char *name, GError **error)
{
    JsonObject *plan = ana_jobj(top, "plan");
    if (ana_jstr(plan, "axis") == NULL || ana_jarr(plan, "requirements") == NULL ||
        ana_jstr(top, "outcome") == NULL || !json_object_has_member(top, "answer"))
        return FALSE;                          /* the caller says what is missing */
    JsonArray *cands = ana_jarr(top, "candidates");
    for (guint i = 0; i < json_array_get_length(cands); i++) {
        JsonObject *c = ana_jarr_obj(cands, i);
        if (c == NULL || ana_jstr(c, "verdict") == NULL || ana_jarr(c, "conditions") == NULL) {
            g_set_error(error, ANA_HTML_ERROR, 0, "%s: plan candidate %u has no \"verdict\" and "
                        "\"conditions\"", name, i);
            return FALSE;
        }
    }
    return TRUE;
}

static void put(AnaOutput *out, const char *s) { ana_output_puts(out, s); }

static void put_escaped(AnaOutput *out, const char *s)
{
    char *e = g_markup_escape_text(s ? s : "", -1);
    put(out, e);
    g_free(e);
}

/* A number of the JSON (the axis value, a mean, a bound) as reports print them. */
static void put_number(AnaOutput *out, JsonNode *n)
{
    GString *s = g_string_new(NULL);
    double v = ana_jnum_node(n);
    if (isnan(v))
        g_string_append(s, n && JSON_NODE_HOLDS_NULL(n) ? "-" : "?");
    else
        ana_format_value(s, v);
    put(out, s->str);
    g_string_free(s, TRUE);
}

/* `s`, or "?" when the result lacks it */
static const char *str(const char *s) { return s ? s : "?"; }

static void row(AnaOutput *out, const char *what, const char *value)
{
    put(out, "<tr><th>");
    put_escaped(out, what);
    put(out, "</th><td>");
    put_escaped(out, value ? value : "-");
    put(out, "</td></tr>\n");
}

void ana_html_plan_section(AnaOutput *out, const AnaInput *in, const char *id)
{
    JsonObject *top = in->top, *plan = ana_jobj(top, "plan");
    const char *axis = ana_jstr(plan, "axis");
    JsonObject *answer = ana_jobj(top, "answer");
    GString *s = g_string_new(NULL);
    put(out, "<table class=\"facts\" id=\"");
    put(out, id);
    put(out, "-plan\">\n");
    if (answer) {
        g_string_append_printf(s, "%s = ", axis);
        double v = ana_jnum(answer, axis);
        ana_format_value(s, v);
    } else {
        g_string_assign(s, strcmp(ana_jstr(top, "outcome"), "none") == 0 ? "none in range"
                                                                          : ana_jstr(top, "outcome"));
    }
    row(out, "answer", s->str);
    JsonObject *b = ana_jobj(top, "binding");
    if (b) {
        g_string_printf(s, "%s", str(ana_jstr(b, "requirement")));
        const char *cond = ana_jstr(b, "condition");
        if (cond && *cond)
            g_string_append_printf(s, " under %s", cond);
        row(out, "binding", s->str);
    }
    row(out, "why", ana_jstr(top, "note"));
    row(out, "rule", ana_jstr(plan, "rule"));
    g_string_printf(s, "%.0f", ana_jnum(top, "replications"));
    row(out, "replications in all", s->str);
    put(out, "</table>\n");

    /* every candidate evaluated, under every condition */
    JsonArray *reqs = ana_jarr(plan, "requirements"), *cands = ana_jarr(top, "candidates");
    put(out, "<table class=\"sweep\" id=\"");
    put(out, id);
    put(out, "-candidates\">\n<tr><th>step</th><th>");
    put_escaped(out, axis);
    put(out, "</th><th>verdict</th><th>condition</th><th>replications</th>");
    for (guint q = 0; q < json_array_get_length(reqs); q++) {
        JsonObject *r = ana_jarr_obj(reqs, q);
        g_string_printf(s, "%s %s ", str(ana_jstr(r, "metric")), str(ana_jstr(r, "op")));
        ana_format_value(s, ana_jnum(r, "value"));
        put(out, "<th>");
        put_escaped(out, s->str);
        put(out, "<br><small>mean [lower, upper]</small></th>");
    }
    put(out, "</tr>\n");
    for (guint i = 0; i < json_array_get_length(cands); i++) {
        JsonObject *c = ana_jarr_obj(cands, i);
        JsonArray *conds = ana_jarr(c, "conditions");
        const char *verdict = ana_jstr(c, "verdict");
        for (guint k = 0; k < json_array_get_length(conds); k++) {
            JsonObject *cell = ana_jarr_obj(conds, k);
            put(out, "<tr><td class=\"num\">");
            if (k == 0)
                put_number(out, json_object_get_member(c, "step"));
            put(out, "</td><td class=\"num\">");
            if (k == 0)
                put_number(out, json_object_get_member(c, "value"));
            put(out, "</td><td class=\"verdict ");
            put(out, k == 0 && strcmp(verdict, "meets") == 0   ? "pass"
                     : k == 0 && strcmp(verdict, "fails") == 0 ? "fail"
                     : k == 0                                  ? "inconclusive"
                                                               : "other");
            put(out, "\">");
            if (k == 0)
                put_escaped(out, verdict);
            put(out, "</td><td>");
            const char *cl = ana_jstr(cell, "condition");
            put_escaped(out, cl && *cl ? cl : "as given");
            put(out, "</td><td class=\"num\">");
            put_number(out, cell ? json_object_get_member(cell, "replications") : NULL);
            put(out, "</td>");
            JsonArray *prs = ana_jarr(cell, "requirements");
            for (guint q = 0; q < json_array_get_length(reqs); q++) {
                JsonObject *pr = ana_jarr_obj(prs, q);
                JsonArray *bd = ana_jarr(pr, "bounds");
                put(out, "<td>");
                put_number(out, pr ? json_object_get_member(pr, "mean") : NULL);
                put(out, "<br><small>[");
                put_number(out, bd && json_array_get_length(bd) == 2 ? json_array_get_element(bd, 0) : NULL);
                put(out, ", ");
                put_number(out, bd && json_array_get_length(bd) == 2 ? json_array_get_element(bd, 1) : NULL);
                put(out, "] ");
                put_escaped(out, ana_jstr(pr, "verdict"));
                put(out, "</small></td>");
            }
            put(out, "</tr>\n");
        }
    }
    put(out, "</table>\n");
    g_string_free(s, TRUE);
}
