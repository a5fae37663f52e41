/* analysis/json-private.h - a streaming JSON writer shared by report.c and sweep.c.
 *
 * It writes straight into an AnaOutput, holding nothing but the nesting, so a report
 * of a million replications costs no more memory than one of ten.  The layout is the
 * one json-glib's generator makes with pretty printing and an indent of 2 ("name" :
 * value, one member or element per line), and numbers are printed as json-glib prints
 * them ("%.17g", ".0" added to integral values), so that json-glib (compare, --resume)
 * reads back exactly the values written.  Unlike json-glib, empty containers are
 * written "{}" and "[]", and a value like 1e+20 is left as is (valid JSON).
 */
#ifndef HAPGSIM_ANALYSIS_JSON_PRIVATE_H
#define HAPGSIM_ANALYSIS_JSON_PRIVATE_H

#include "analysis/output.h"
#include "analysis/replicate.h"
#include "analysis/report.h"
#include "analysis/stats.h"

#include <stdint.h>

#define ANA_JSON_MAX_DEPTH 16

typedef struct {
    AnaOutput *out;
    int depth;
    gboolean after_name;             /* a member's name was written, its value is next */
    guint count[ANA_JSON_MAX_DEPTH]; /* elements written at each depth */
} AnaJson;

void ana_json_init(AnaJson *w, AnaOutput *out);
void ana_json_begin_object(AnaJson *w);
void ana_json_end_object(AnaJson *w);
void ana_json_begin_array(AnaJson *w);
void ana_json_end_array(AnaJson *w);
void ana_json_member(AnaJson *w, const char *name);
void ana_json_string(AnaJson *w, const char *s);
void ana_json_int(AnaJson *w, gint64 v);
void ana_json_bool(AnaJson *w, gboolean v);
void ana_json_null(AnaJson *w);
/* A number, or null for NAN and infinities (JSON has neither). */
void ana_json_number(AnaJson *w, double v);
/* Ends the document: a final newline. */
void ana_json_finish(AnaJson *w);

/* Appends `s` as a JSON string literal (quotes, escapes) to `out`. */
void ana_json_escape(GString *out, const char *s);
/* Appends `v` as json-glib prints a double ("%.17g", ".0" when integral); the text
 * reads back to exactly `v`, -0.0 included.  NAN and infinities: not for this. */
void ana_json_format_double(GString *out, double v);

/* [lo, hi], or null when there is no interval (lo NAN). */
void ana_json_interval(AnaJson *w, double lo, double hi);

/* {"mean", "stddev", "ci95": [lo, hi] or null, "n", "estimable", "upper95"}:
 * estimable false when the data hold no interval (stats.h), upper95 the one-sided
 * bound they then support (or null). */
void ana_json_aggregate(AnaJson *w, const AnaAggregate *a);
/* The same, with "why_null" (the reason the metric has no value) when it has none. */
void ana_json_aggregate_why(AnaJson *w, const AnaAggregate *a, const char *why_null);
/* The members every result starts with: "hapgsim" (the version), "scenario" (name,
 * sha256, canonical yaml) and "seed" (a number, or text beyond a signed 64-bit one).
 * The caller has begun the top-level object. */
void ana_json_header(AnaJson *w, const AnaReportInfo *info);
/* "metrics": {aggregates}, "per_replication": [...] of a run, then its merged
 * "latency_histogram", "outage_histogram" and "rejoin_histogram" (report.c).  Every metric has its
 * aggregate (null for engine.events_per_s without timing); per replication, a metric
 * the run does not report (ana_run_reports) is left out, as in text and CSV. */
void ana_json_run(AnaJson *w, const AnaRun *run, uint64_t seed);

/* Appends `field` to `out` as one CSV field (RFC 4180): quoted, quotes doubled, when it
 * holds a comma, a quote, CR or LF. */
void ana_csv_field(GString *out, const char *field);

#endif
