/* analysis/shard-private.h - what shard.c (the format, the writer) shares with
 * shard-read.c (the folder reader): parsing one header or record line. */
#ifndef HAPGSIM_ANALYSIS_SHARD_PRIVATE_H
#define HAPGSIM_ANALYSIS_SHARD_PRIVATE_H

#include "analysis/shard.h"

#include <json-glib/json-glib.h>

#define SHARD_FORMAT 1

/* A header read back; `h` borrows the strings held here. */
typedef struct {
    AnaShardHeader h;
    char *kind, *version, *name, *sha256, *yaml;
    uint64_t first, end;
} ShardHead;

/* One record read back. */
typedef struct {
    uint64_t unit, events;
    guint point, replication;
    guint n_values;
    double *values;              /* [n_values] */
    guint n_pairs[3];            /* latency, outages, rejoins */
    uint64_t *pairs[3];          /* [2 * n_pairs]: bucket, count */
} ShardRecord;

/* The header line of `h` with its range, '\n' included. */
void shard_header_line(GString *out, const AnaShardHeader *h);
/* Parses a header line (`len` bytes, no '\n').  Returns FALSE with error set. */
gboolean shard_head_parse(JsonParser *parser, const char *line, gsize len, ShardHead *out,
                          GError **error);
void shard_head_clear(ShardHead *h);
/* Parses a record line.  Returns FALSE with error set (ANA_SHARD_ERROR_CORRUPT, the
 * message without the position: the caller prefixes it). */
gboolean shard_record_parse(JsonParser *parser, const char *line, gsize len, ShardRecord *out,
                            GError **error);
void shard_record_clear(ShardRecord *r);
/* The file names of shard I of K in `dir` (caller-owned). */
char *shard_file(const char *dir, guint shard, guint of);
char *shard_marker(const char *dir, guint shard, guint of);
/* Checks the marker of `path` (its bytes in data/len) against them: NULL when it
 * matches, else why not (caller-owned); *exists FALSE when there is no marker. */
char *shard_marker_check(const char *marker, const char *data, gsize len, guint shard,
                         guint of, uint64_t units, gboolean *exists);

#endif
