/* analysis/html-report.h - `hapgsim report`: results as one self-contained HTML page
 * with charts, and a tidy summary CSV.
 *
 * The inputs are the JSON results hapgsim writes: a run (`run --format json`), a sweep
 * (`sweep --format json`) or a comparison (`compare --format json`), recognised by
 * their members.  They are read and checked whole before anything is written, so that
 * bad input gives an error and no page: a file that is not a result, a result written
 * before results kept their latency histogram (too old to report), results of
 * different scenarios (names: variants of one, made with --set or swept, may share a
 * report) in one report, a timeline whose trace is missing.
 *
 * The page (docs/report.md): a header (scenario, description, question, version, seed,
 * sha256, replications, window), then for a run its metrics table with expect:
 * verdicts, availability with nines, member uptimes, outage and rejoin distributions
 * and the latency CDF; for a sweep each chosen metric against each axis with 95 %
 * interval bars; for a comparison a forest plot; and the timeline of one replication.
 * Tables are HTML; charts are Vega-Lite specifications drawn by the Vega runtime
 * (third_party/vega), both written into the page, which fetches nothing.  The same
 * inputs give the same bytes.
 */
#ifndef HAPGSIM_ANALYSIS_HTML_REPORT_H
#define HAPGSIM_ANALYSIS_HTML_REPORT_H

#include "analysis/output.h"

#include <glib.h>

#define ANA_HTML_ERROR (ana_html_error_quark())
GQuark ana_html_error_quark(void);

typedef struct AnaHtmlReport AnaHtmlReport;

AnaHtmlReport *ana_html_report_new(void);
void ana_html_report_free(AnaHtmlReport *r);

/* Adds a result, `len` bytes of JSON (-1: NUL-terminated); `name` (its path) names it
 * in messages and on the page.  FALSE with `error` set (message starting with `name`)
 * when it is not a result this version can report, or is of another scenario (name)
 * than those added before. */
gboolean ana_html_report_add(AnaHtmlReport *r, const char *name, const char *data, gssize len,
                             GError **error);

/* What the results do not hold, from the scenario (any may be NULL; window_s < 0 when
 * unknown): shown in the header. */
void ana_html_report_set_scenario(AnaHtmlReport *r, const char *description, const char *question,
                                  double warmup_s, double duration_s);
/* The metrics drawn against the sweep axes (NULL: a default set). */
void ana_html_report_set_metrics(AnaHtmlReport *r, const char *const *metrics);

/* The canonical YAML of the scenario of the results (the first run or sweep added),
 * or NULL (only comparisons, or a result without it). */
const char *ana_html_report_yaml(const AnaHtmlReport *r);
/* The first run result added, for a timeline: its scenario's canonical YAML and sha256
 * (NULL when there is no run result, or it has no YAML), its master seed as text, and
 * whether replication `k` is among its replications with the seed `seed` (text). */
const char *ana_html_report_run_yaml(const AnaHtmlReport *r, const char **sha256, const char **seed);
gboolean ana_html_report_run_has(const AnaHtmlReport *r, guint k, const char *seed);

/* Adds the timeline of replication `k` from its trace (analysis/trace.h JSON Lines,
 * `len` bytes) over [0, duration_s].  FALSE with `error` set when the trace is empty
 * or not a trace (`name` names it). */
gboolean ana_html_report_add_timeline(AnaHtmlReport *r, const char *name, guint k,
                                      const char *trace, gsize len, double duration_s,
                                      GError **error);

/* The page, whole (nothing is written until the inputs have all been checked). */
void ana_html_report_write(const AnaHtmlReport *r, AnaOutput *out);
/* The tidy summary: one row per metric (of each run, and each sweep point):
 *   file,point,AXIS...,metric,mean,stddev,lower,upper,n
 * with one column per sweep axis holding its value (empty for a run), never the axis
 * value in a numeric column; comparisons are left out. */
void ana_html_report_csv_write(const AnaHtmlReport *r, AnaOutput *out);

#endif
