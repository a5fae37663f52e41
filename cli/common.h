/* cli/common.h - what the sub-commands share: loading a scenario with the command
 * line's overrides, interruption by SIGINT, the progress line. */
#ifndef HAPGSIM_CLI_COMMON_H
#define HAPGSIM_CLI_COMMON_H

#include "analysis/expect.h"
#include "analysis/html-report.h"
#include "analysis/output.h"
#include "analysis/replicate.h"
#include "analysis/sweep.h"
#include "scenarios/scenario.h"

#include <glib.h>
#include <stdint.h>

/* Loads `path` with the --set overrides, then replications/seed from -r/-s when given
 * (seed_text, replications_text: NULL when absent), checking expect: metric names.
 * `path` "-" is the standard input, read whole once (at most the size limit of a
 * scenario file) and named "<stdin>" in messages; a second "-" in the same process is an
 * error.  On error prints the messages on stderr and returns NULL. */
ScnScenario *cli_load(const char *path, char **sets, const char *seed_text,
                      const char *replications_text, char **sweeps);

/* The scenario argument read whole, once (a file, or "-" the standard input), for
 * commands that load it several times with different overrides (plan).  Prints the
 * error and returns NULL when it cannot be read. */
GBytes *cli_read_scenario(const char *path);
/* cli_load from the text cli_read_scenario gave (`path` names it in messages), with
 * the overrides `more` (NULL-terminated, may be NULL) after `sets`. */
ScnScenario *cli_load_text(const char *path, GBytes *text, char **sets, const char *const *more,
                           const char *seed_text, const char *replications_text);

/* How messages name a scenario argument: CLI_STDIN_NAME for "-", else the path. */
#define CLI_STDIN_NAME "<stdin>"
const char *cli_input_name(const char *path);

/* SIGINT or SIGTERM sets the returned flag (the first time); another signal within a
 * second of the first is the same request, a later one kills as usual. */
gint *cli_interrupt_flag(void);
/* The exit status of an interrupted command: 143 (128 + 15) after SIGTERM, else 130. */
int cli_interrupt_status(void);

/* The progress line on stderr, when stderr is a terminal and not quiet. */
typedef struct {
    gboolean enabled;
    const char *what;            /* "replications", "points" */
} CliProgress;
void cli_progress_init(CliProgress *p, gboolean quiet, const char *what);
void cli_progress_update(guint done, guint total, uint64_t events, double wall_s, void *data);
void cli_progress_end(CliProgress *p);

/* Parses the sub-command's options; prints the error and returns FALSE on bad usage.
 * While a describer is set (cli_describe_begin), parses nothing: hands the command's
 * table to the describer and returns FALSE, so that the command returns at once. */
gboolean cli_parse(const char *command, const char *params, const char *summary,
                   GOptionEntry *entries, int *argc, char ***argv);

/* The option tables the commands give cli_parse, for the top-level usage, the man page
 * and completion (cli/help.c): every command is called once with the describer set,
 * and its cli_parse call reports what it would parse.  `entries` lives only during the
 * call (its arg_data points into the command's frame): copy what is kept. */
typedef void (*CliDescriber)(const char *command, const char *params, const char *summary,
                             const GOptionEntry *entries, void *data);
void cli_describe_begin(CliDescriber fn, void *data);
void cli_describe_end(void);

/* --format: "text", "json" or "csv"; when absent (NULL), implied by the output file's
 * extension (.json, .csv, in any case: X.JSON is JSON), else text.  Prints the error and returns FALSE otherwise. */
typedef enum { CLI_TEXT, CLI_JSON, CLI_CSV } CliFormat;
gboolean cli_parse_format(const char *command, const char *text, const char *output, CliFormat *out);

/* How a command runs replications: -j, --timing, Ctrl-C, the progress line. */
typedef struct {
    AnaRunOptions run;           /* run.progress_data points at progress */
    CliProgress progress;
} CliRunOptions;

/* Checks -j (1..1024 threads; 0, the default: one per processor) and fills `out` (which must not
 * move afterwards); SIGINT then interrupts the run.  Prints the error and returns FALSE
 * on a bad -j. */
gboolean cli_run_options(const char *command, int jobs, gboolean timing, gboolean quiet,
                         CliRunOptions *out);

/* The scenario's canonical text (what `validate --print` writes) and its SHA-256 (as
 * scn_scenario_sha256 computes it, without printing the scenario twice). */
char *cli_scenario_text(const ScnScenario *scn, char **sha256);

/* --report FILE, on run, sweep and compare: the command's results also as the HTML
 * page `hapgsim report` writes. */
#define CLI_REPORT_ENTRY(var)                                                                  \
    {"report", 0, 0, G_OPTION_ARG_FILENAME, &(var),                                          \
     "Also write the results as an HTML page with charts (as hapgsim report does)", "FILE"}
/* Opens the --report output before any work, as -o is (*out NULL when `path` is NULL).
 * Prints the error and returns FALSE when it cannot be written. */
gboolean cli_report_open(const char *command, const char *path, const char *const *inputs,
                         AnaOutput **out);
/* Opens -o PATH before any work (the message printed, NULL when it cannot be written);
 * cli_outputs_open() opens -o and --report together (FALSE after the message). */
AnaOutput *cli_output_open(const char *command, const char *path, const char *const *inputs);
gboolean cli_outputs_open(const char *command, const char *output, const char *report,
                          const char *const *inputs, AnaOutput **out, AnaOutput **report_out);
/* The bounds of the scenario's expect: section, *n of them (g_free the array). */
AnaBound *cli_expect_bounds(const ScnScenario *scn, guint *n);
/* The sweep of the scenario's axes (sweep: and --sweep), with empty runs; NULL, after
 * the message, when it has more than max_points points. */
AnaSweep *cli_sweep_new(const char *command, const ScnScenario *scn, guint64 max_points);
/* Writes into `out` (then committed, and freed) the report of `json`, the command's
 * results as JSON, named `name` on the page; `scn` (NULL for compare) gives the header
 * what the results do not hold; `metrics` the sweep's (NULL: the default); `more`
 * (NULL-terminated, may be NULL) result files to show too where the report accepts
 * them (compare's two runs; a note says why one is left out).  Prints the error and
 * returns FALSE on failure: the page is then not written. */
gboolean cli_report_write(const char *command, AnaOutput *out, const char *name, const char *json,
                          const ScnScenario *scn, const char *const *metrics,
                          const char *const *more);
/* The header's facts from the scenario: its description, its question (the comment
 * the file starts with, when read from a file), its window. */
void cli_report_scenario(AnaHtmlReport *r, const ScnScenario *scn);

/* Runs replication `k` of `cfg` with the trace observer (analysis/trace.h): its JSON
 * Lines.  Interruptible by SIGINT (*interrupted then TRUE, the last line says so). */
GString *cli_trace_replication(const MdlConfig *cfg, guint64 k, gboolean *interrupted);

#endif
