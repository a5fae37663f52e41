/* analysis/shard.h - a study cut into shards: contiguous blocks of units, each a
 * (point, replication) pair, run anywhere and merged back (docs/distributed.md).
 *
 * Units are numbered in canonical order: point 0's replications 0 .. R0 - 1, then
 * point 1's, and so on.  Shard I of K (0 <= I < K) holds units
 * [floor(U * I / K), floor(U * (I + 1) / K)) of the U in all.
 *
 * In the shard folder, shard I of K is two files:
 *   shard-I-of-K.jsonl  JSON Lines: a header
 *       {"hapgsim_shard": 1, "kind": "run"|"sweep", "hapgsim": VERSION,
 *        "scenario": {"name", "sha256", "yaml"}, "seed": "SEED", "units": U,
 *        "shard": I, "of": K, "first": A, "end": B}
 *     then one record per finished unit, in the order they finished:
 *       {"unit": u, "point": p, "replication": r, "events": E,
 *        "metrics": [v...], "latency": [[bucket, count]...], "outages": [...],
 *        "rejoins": [...]}
 *     metrics in the order of the point's metric set, "%.17g" (read back exactly),
 *     null for undefined, "inf"/"-inf"; the histograms (a run's only) sparse.
 *   shard-I-of-K.done   the completion marker, written (atomically) once every unit
 *       of the shard is in the .jsonl file:
 *       {"hapgsim_shard_done": 1, "shard": I, "of": K, "units": N, "bytes": B,
 *        "sha256": SHA-256 of the B bytes of the .jsonl file}
 * The writer appends one whole line per write; a kill leaves at most a torn last line,
 * which the next writer of the shard cuts off, then skips the units already there.
 */
#ifndef HAPGSIM_ANALYSIS_SHARD_H
#define HAPGSIM_ANALYSIS_SHARD_H

#include "analysis/histogram.h"
#include "analysis/replicate.h"

#include <glib.h>
#include <stdint.h>

#define ANA_SHARD_ERROR (ana_shard_error_quark())
GQuark ana_shard_error_quark(void);
typedef enum {
    ANA_SHARD_ERROR_IO,          /* a file cannot be read or written */
    ANA_SHARD_ERROR_FOREIGN,     /* a file of another study, version, seed or cut */
    ANA_SHARD_ERROR_CORRUPT,     /* a record or marker that does not read back */
    ANA_SHARD_ERROR_DUPLICATE,   /* a unit twice */
    ANA_SHARD_ERROR_MISSING,     /* units not run yet */
} AnaShardError;

/* What a shard's header says (a plain value; the strings are borrowed). */
typedef struct {
    const char *kind;            /* "run" or "sweep" */
    const char *version;
    const char *scenario_name;
    const char *sha256;
    const char *yaml;            /* the scenario's canonical text */
    uint64_t seed;
    uint64_t units;              /* U */
    guint shard, of;             /* I, K */
} AnaShardHeader;

/* The units [*first, *end) of shard `shard` of `of`. */
void ana_shard_range(uint64_t units, guint shard, guint of, uint64_t *first, uint64_t *end);

/* Parses "I/K" (0 <= I < K <= ANA_SHARD_MAX).  Returns FALSE with error set. */
#define ANA_SHARD_MAX 100000
gboolean ana_shard_parse(const char *text, guint *shard, guint *of, GError **error);

/* ---- writing one shard ---- */

typedef struct AnaShardWriter AnaShardWriter;

/* Opens shard h->shard of h->of in `dir` (created if needed).  An existing shard file
 * must have the same header (else ANA_SHARD_ERROR_FOREIGN: it is not ours, and is left
 * alone); its torn last line is cut off and its units are taken as done.  Returns NULL
 * with error set. */
AnaShardWriter *ana_shard_writer_open(const char *dir, const AnaShardHeader *h, GError **error);
/* Whether unit `unit` (of this shard's range) is already in the file. */
gboolean ana_shard_writer_has(const AnaShardWriter *w, uint64_t unit);
/* Units of the range already in the file. */
uint64_t ana_shard_writer_done(const AnaShardWriter *w);
/* Appends the record of `unit` = replication run->first + k of point `point`, with the
 * histograms of that one replication when given (NULL: none).  Thread-safe.  A write
 * error stops the writer; ana_shard_writer_finish reports it. */
void ana_shard_writer_record(AnaShardWriter *w, uint64_t unit, guint point, const AnaRun *run,
                             guint k, uint64_t events, const AnaHistogram *const *hists);
/* Syncs the file and, when every unit of the range is there, writes the marker
 * (*complete TRUE).  Returns FALSE with error set on a write error. */
gboolean ana_shard_writer_finish(AnaShardWriter *w, gboolean *complete, GError **error);
const char *ana_shard_writer_path(const AnaShardWriter *w);
void ana_shard_writer_free(AnaShardWriter *w);

/* ---- reading a shard folder back ---- */

typedef struct AnaShardSet AnaShardSet;

/* Reads every shard-*-of-*.jsonl of `dir`: the headers must agree (one study, version,
 * seed and K), each complete shard's marker must match its file, every record must
 * read back and fall in its shard's range, and no unit may appear twice.  Shards with
 * no marker (or no file) are missing; their records are not read.  Returns NULL with
 * error set. */
AnaShardSet *ana_shard_set_read(const char *dir, GError **error);
void ana_shard_set_free(AnaShardSet *set);
/* The header the shards share (its shard field is meaningless). */
const AnaShardHeader *ana_shard_set_header(const AnaShardSet *set);
/* The shards still to run (no marker, or no file), as a Slurm --array list
 * ("0,3-5"); "" when none.  Caller-owned. */
char *ana_shard_set_missing(const AnaShardSet *set);
guint ana_shard_set_n_missing(const AnaShardSet *set);

/* Fills runs[p] (empty runs of replications 0 .. R_p - 1 of each point, as
 * ana_run_new makes them) from the records, in canonical (point, replication) order;
 * with `histograms`, merges each unit's histograms into its point's run, in the same
 * order.  Every unit must be there and have the point's number of metrics.  Returns
 * FALSE with error set. */
gboolean ana_shard_set_fill(const AnaShardSet *set, AnaRun *const *runs, guint n_points,
                            gboolean histograms, GError **error);

#endif
