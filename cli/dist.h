/* cli/dist.h - a study run as shards (--shard, --shard-from-env, --mpi) and merged
 * back (hapgsim merge): the wiring of analysis/shard.h into run and sweep
 * (docs/distributed.md). */
#ifndef HAPGSIM_CLI_DIST_H
#define HAPGSIM_CLI_DIST_H

#include "cli/common.h"
#include "analysis/report.h"

/* The options run and sweep share for shards. */
typedef struct {
    char *shard;                 /* --shard I/K */
    char *out;                   /* --out DIR */
    gboolean from_env;           /* --shard-from-env */
    int shard_count;             /* --shard-count K (0: from the environment) */
    gboolean mpi;                /* --mpi */
} CliDist;

#define CLI_DIST_ENTRIES(d)                                                                     \
    {"shard", 0, 0, G_OPTION_ARG_STRING, &(d).shard,                                            \
     "Run only shard I of K (I from 0) of the (point, replication) units, into --out DIR", "I/K"}, \
    {"out", 0, 0, G_OPTION_ARG_FILENAME, &(d).out,                                              \
     "The shard folder of --shard, --shard-from-env and --mpi (hapgsim merge reads it)", "DIR"}, \
    {"shard-from-env", 0, 0, G_OPTION_ARG_NONE, &(d).from_env,                                  \
     "Take I/K from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT (or the MPI rank and size)", NULL}, \
    {"shard-count", 0, 0, G_OPTION_ARG_INT, &(d).shard_count,                                   \
     "With --shard-from-env: K, when the array is not the whole study (a resubmission)", "K"},  \
    {"mpi", 0, 0, G_OPTION_ARG_NONE, &(d).mpi,                                                  \
     "Under mpirun: rank I of K runs shard I/K into --out DIR, rank 0 merges into -o", NULL}

/* Whether any of the shard options was given. */
gboolean cli_dist_requested(const CliDist *d);
void cli_dist_clear(CliDist *d);

/* Runs this process's shard of the study (kind "run" or "sweep", its points
 * configs[0 .. n_points - 1]) into d->out; with --mpi, rank 0 then merges into
 * `output` in `format`.  `output` must be NULL without --mpi.  Prints its messages and
 * returns the exit status: 0 done (or the shard was already complete), 2 bad usage or
 * input, 130/143 interrupted (the shard file keeps what finished). */
int cli_dist_run(const char *command, const CliDist *d, const char *kind,
                 const MdlConfig *const *configs, guint n_points, const AnaReportInfo *info,
                 CliRunOptions *ro, const char *output, const char *format, gboolean quiet);

/* hapgsim merge's work (cli/cmd_merge.c): reads the shard folder `dir`, checks it and
 * writes the study's results into `output` (NULL: standard output) in `format` (NULL:
 * from the name), byte for byte as one machine would have.  Returns the exit status. */
int cli_merge_dir(const char *dir, const char *output, const char *format, gboolean quiet);

#endif
