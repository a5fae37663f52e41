/* analysis/html-report-private.h - what the parts of the HTML report share: the
 * checked inputs, JSON look-ups, and the charts' data.
 *
 * html-report.c reads and checks the inputs (and writes the summary CSV),
 * html-report-charts.c turns them into chart data, html-timeline.c turns a trace into
 * the timeline's, html-report-write.c writes the page.
 *
 * A chart is a JSON object {"id", "kind", "title", "values": [...], ...}: the page's
 * script (html-report.js) makes the Vega-Lite specification of its kind from it.  Its
 * "marks" object says how many marks each named layer draws ({"hgdata": N}); the page
 * shows it as the div's data-marks attribute, which the test compares with the SVG.
 */
#ifndef HAPGSIM_ANALYSIS_HTML_REPORT_PRIVATE_H
#define HAPGSIM_ANALYSIS_HTML_REPORT_PRIVATE_H

#include "analysis/html-report.h"

#include <json-glib/json-glib.h>

typedef enum { ANA_IN_RUN, ANA_IN_SWEEP, ANA_IN_COMPARE, ANA_IN_PLAN } AnaInputKind;

typedef struct {
    char *name;                  /* the path, as given */
    AnaInputKind kind;
    JsonParser *parser;
    JsonObject *top;             /* owned by parser */
} AnaInput;

struct AnaHtmlReport {
    GPtrArray *inputs;           /* AnaInput * */
    char *description, *question;
    double warmup_s, duration_s; /* < 0: unknown */
    char **metrics;              /* for sweeps; NULL: the default */
    JsonNode *timeline;          /* the timeline chart, or NULL */
};

/* Members of `o` of a type, or NULL/NAN when absent or of another type. */
JsonObject *ana_jobj(JsonObject *o, const char *name);
JsonArray *ana_jarr(JsonObject *o, const char *name);
const char *ana_jstr(JsonObject *o, const char *name);
double ana_jnum(JsonObject *o, const char *name);          /* NAN for null */
int ana_jbool(JsonObject *o, const char *name);             /* -1 unless a boolean */
double ana_jnum_node(JsonNode *n);                          /* NAN unless a number */
/* Element i of `a` of a type, or NULL when it is of another. */
JsonObject *ana_jarr_obj(JsonArray *a, guint i);
JsonArray *ana_jarr_arr(JsonArray *a, guint i);
const char *ana_jarr_str(JsonArray *a, guint i);
/* An aggregate {"mean", "stddev", "ci95", "n"}: NAN for what is missing. */
void ana_jaggregate(JsonObject *a, double *mean, double *sd, double *lo, double *hi, double *n);

/* The charts of each kind of input, appended to `charts` (JsonNode * objects); `id`
 * prefixes their ids. */
void ana_charts_run(const AnaHtmlReport *r, const AnaInput *in, const char *id, GPtrArray *charts);
void ana_charts_sweep(const AnaHtmlReport *r, const AnaInput *in, const char *id, GPtrArray *charts);
void ana_charts_compare(const AnaHtmlReport *r, const AnaInput *in, const char *id, GPtrArray *charts);
/* The metrics drawn against the sweep axes (--metric, or a default set). */
const char *const *ana_sweep_metrics(const AnaHtmlReport *r);
/* With two runs or more: their latency CDFs in one chart (none otherwise). */
void ana_charts_latency_overlay(const AnaHtmlReport *r, GPtrArray *charts);

/* A plan (hapgsim plan's JSON, html-report-plan.c): whether it has what the page shows
 * (FALSE, with `error` set when a candidate is malformed, or left unset when it is not
 * a plan at all), and its section: the answer, why, the rule, every candidate. */
gboolean ana_html_check_plan(JsonObject *top, const char *name, GError **error);
void ana_html_plan_section(AnaOutput *out, const AnaInput *in, const char *id);

/* A chart object {"id", "kind", "title", "values" (taken), "marks": {}}; then
 * ana_chart_marks sets how many marks its layer `layer` draws. */
JsonNode *ana_chart_new(const char *id, const char *kind, const char *title, JsonArray *values);
void ana_chart_marks(JsonNode *chart, const char *layer, gint64 n);

#endif
