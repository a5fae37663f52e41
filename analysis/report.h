/* analysis/report.h - results as text, JSON and CSV.
 *
 * Every writer is deterministic: the same run gives the same bytes (numbers are
 * printed with a fixed format, nothing depends on time or thread order).  Wall-clock
 * figures (engine.events_per_s) appear only when the run was made with timing.
 * JSON layout (MODEL.md section 4):
 *   {"hapgsim": VERSION, "scenario": {"name", "sha256", "yaml"}, "seed", "replications",
 *    "completed", "interrupted", "metrics": {NAME: {"mean", "stddev", "ci95": [lo, hi],
 *    "n"}}, "per_replication": [{"replication", "seed", "metrics": {NAME: value}}],
 *    "latency_histogram": {"unit": "ns", "replications", "count", "buckets": [[lower,
 *    width, count]...]}, "outage_histogram": {...}, "rejoin_histogram": {...},
 *    "expect": [{"metric", "min", "max", "verdict", "mean", "ci95"}]}
 * (the histograms: the latencies of every successful operation, the durations of
 * every client's outages and rejoin episodes, in the windows of the replications this
 * process ran, merged; the buckets of analysis/histogram.h that hold any, in ns.)
 * null stands for undefined values.  CSV is tidy: point,replication,metric,value, each
 * field quoted as RFC 4180 says when it must be (a comma, a quote, CR or LF in it).
 *
 * The JSON and CSV writers stream into an AnaOutput (analysis/output.h): memory beyond
 * the run itself does not grow with the replications.  The char * forms collect the
 * same bytes in memory.
 *
 * Interrupted runs are marked in every format: text says "N replications of M
 * (interrupted)", JSON has "interrupted": true, CSV ends with the row
 * POINT,,interrupted,1 (ANA_CSV_INTERRUPTED: no replication, metric "interrupted").
 */
#ifndef HAPGSIM_ANALYSIS_REPORT_H
#define HAPGSIM_ANALYSIS_REPORT_H

#include "analysis/expect.h"
#include "analysis/output.h"
#include "analysis/replicate.h"

#include <stdint.h>

typedef struct {
    const char *version;
    const char *scenario_name;
    const char *scenario_yaml;     /* canonical text of the scenario as loaded */
    const char *scenario_sha256;
    uint64_t seed;
    double warmup_s, duration_s;
    gboolean interrupted;
    const AnaVerdict *verdicts;
    guint n_verdicts;
    /* --precision: whether the targets were reached, and a sentence saying so (NULL:
     * no precision targets) */
    gboolean precision_reached;
    const char *precision_note;
} AnaReportInfo;

char *ana_report_text(const AnaRun *run, const AnaReportInfo *info);
char *ana_report_json(const AnaRun *run, const AnaReportInfo *info);
void ana_report_json_write(AnaOutput *out, const AnaRun *run, const AnaReportInfo *info);
/* `point` is the sweep point's number (0 for a plain run); `header` adds the header.
 * A run whose replications did not all finish (interrupted) ends with the row
 * "POINT,," ANA_CSV_INTERRUPTED. */
char *ana_report_csv(const AnaRun *run, guint point, gboolean header);
void ana_report_csv_write(AnaOutput *out, const AnaRun *run, guint point, gboolean header);
#define ANA_CSV_INTERRUPTED "interrupted,1"

/* Writes `contents` to `path` as ana_output_open and ana_output_commit do: a regular
 * file whole or not at all, a special file into, "-" or NULL to standard output. */
gboolean ana_write_output(const char *path, const char *contents, GError **error);

/* Formats a number the way every report does: "%.6g", "null" for NAN; a value just
 * below 1 (within 1e-4) with enough decimals to show three digits of 1 - v
 * (0.9999982, not 1). */
void ana_format_value(GString *out, double v);
/* An interval: "[lo, hi]", each bound as ana_format_value. */
void ana_format_interval(GString *out, double lo, double hi);
/* The interval of an aggregate as reports show it: "[lo, hi]"; "-" without a value;
 * "(one replication)"; or "not estimable: ..." with the one-sided bound the data
 * support (for outages, the outage rate over all replications' windows together,
 * `window_s` each). */
void ana_format_aggregate_interval(GString *out, const AnaAggregate *a, const char *metric,
                                   double window_s);
/* A mean with its interval: "mean [lo, hi]". */
void ana_format_estimate(GString *out, double mean, double lo, double hi);

#endif
