/* analysis/sweep.h - the results of a sweep: one run per point of the Cartesian
 * product of the sweep axes, written as a table, tidy CSV or JSON, and read back to
 * resume an interrupted sweep.
 *
 * JSON: {"hapgsim", "scenario": {"name", "sha256", "yaml"}, "seed", "complete",
 *        "axes": [{"path", "values": [text...]}],
 *        "points": [{"point", "values": {PATH: text}, "complete", "replications",
 *                    "metrics": {...}, "per_replication": [...]}]}
 * (each point's metrics and per_replication as in a run's JSON).  CSV: rows
 * point,replication,metric,value, and for each point one row per axis with an empty
 * replication, metric sweep.PATH and the axis value as text; the points that did not
 * finish (interrupted) are left out, and at the end each has the row
 * POINT,,interrupted,1 (ANA_CSV_INTERRUPTED).
 */
#ifndef HAPGSIM_ANALYSIS_SWEEP_H
#define HAPGSIM_ANALYSIS_SWEEP_H

#include "analysis/replicate.h"
#include "analysis/report.h"

typedef struct {
    guint n_axes;
    char **paths;            /* [n_axes] */
    guint *counts;           /* [n_axes]: values per axis */
    char ***values;          /* [n_axes]: each axis's values, as text, NULL-terminated */
    guint n_points;
    AnaRun **runs;           /* [n_points]: NULL until run */
} AnaSweep;

/* A sweep over the given axes (values[axis] is a NULL-terminated list); points are
 * numbered with the last axis varying fastest. */
AnaSweep *ana_sweep_new(guint n_axes, const char *const *paths, const char *const *const *values);
void ana_sweep_free(AnaSweep *s);

/* Which value of each axis point p takes: indices[a] for axis a. */
void ana_sweep_point_indices(const AnaSweep *s, guint p, guint *indices);
gboolean ana_sweep_point_complete(const AnaSweep *s, guint p);

char *ana_sweep_text(const AnaSweep *s, const AnaReportInfo *info, const char *const *metrics);
char *ana_sweep_csv(const AnaSweep *s);
char *ana_sweep_json(const AnaSweep *s, const AnaReportInfo *info);
/* The same, streamed into `out`. */
void ana_sweep_csv_write(AnaOutput *out, const AnaSweep *s);
void ana_sweep_json_write(AnaOutput *out, const AnaSweep *s, const AnaReportInfo *info);

/* Reads back a sweep's JSON for --resume: the points it finished get their runs in
 * `s` (which must have the same axes and values), provided the scenario's sha256
 * matches.  configs[p] is point p's configuration (for its metric names); `timing`
 * is the resumed sweep's (AnaRunOptions.timing).  Returns the number of points taken,
 * or -1 with error set. */
int ana_sweep_resume(AnaSweep *s, const char *path, const char *sha256,
                     const MdlConfig *const *configs, gboolean timing, GError **error);

/* The journal: every finished (point, replication) of a sweep, written as it finishes
 * so that a sweep killed in any way loses only the replications under way.  JSON
 * Lines (docs/commands.md, "Interruption and resume"): a header
 *   {"hapgsim_journal": 1, "kind": "sweep", "hapgsim": VERSION,
 *    "scenario": {"name", "sha256"}, "seed": "SEED", "points": N,
 *    "axes": [{"path", "values": [text...]}]}
 * then one record per replication, in the order they finished:
 *   {"point": P, "replication": R, "seed": "REPLICATION SEED", "events": E,
 *    "metrics": {NAME: value, ...}}
 * values as "%.17g" (they read back exactly), null for undefined, "inf"/"-inf".
 * Results do not depend on the order: values are stored by (point, replication). */
typedef struct AnaSweepJournal AnaSweepJournal;

/* Opens the journal at `path`.  With `resume`, an existing journal is read first: its
 * header must match (scenario sha256, points), its records go into s->runs (created
 * for configs[p] as needed: all of point p's replications, those recorded done), and a
 * torn last line (a kill in the middle of a write) is cut off; *taken counts the
 * replications read.  Otherwise (or when there is none) a new journal replaces any
 * file there.  Returns NULL with error set. */
AnaSweepJournal *ana_sweep_journal_open(AnaSweep *s, const char *path, const AnaReportInfo *info,
                                        const MdlConfig *const *configs, gboolean timing,
                                        gboolean resume, long *taken, GError **error);
/* Records replication run->first + k of `point` (its values in `run`).  Thread-safe.
 * A write error stops the journal; ana_sweep_journal_close reports it. */
void ana_sweep_journal_record(AnaSweepJournal *j, guint point, const AnaRun *run, guint k,
                              uint64_t events);
/* Records every finished replication of `run`, point `point`. */
void ana_sweep_journal_record_run(AnaSweepJournal *j, guint point, const AnaRun *run);
const char *ana_sweep_journal_path(const AnaSweepJournal *j);
/* Closes, and with `remove` deletes the journal (the results are safe elsewhere).
 * Returns FALSE with error set if a record could not be written (and it is kept). */
gboolean ana_sweep_journal_close(AnaSweepJournal *j, gboolean remove, GError **error);

#endif
