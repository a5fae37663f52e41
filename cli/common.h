/* cli/common.h - what the sub-commands share: loading a scenario with the command
 * line's overrides, interruption by SIGINT, the progress line. */
#ifndef HAPGSIM_CLI_COMMON_H
#define HAPGSIM_CLI_COMMON_H

#include "scenarios/scenario.h"

#include <glib.h>
#include <stdint.h>

/* Loads `path` with the --set overrides, then replications/seed from -r/-s when given
 * (seed_text, replications_text: NULL when absent), checking expect: metric names.
 * On error prints the messages on stderr and returns NULL. */
ScnScenario *cli_load(const char *path, char **sets, const char *seed_text,
                      const char *replications_text, char **sweeps);

/* SIGINT sets the returned flag (the first time); a second SIGINT kills as usual. */
gint *cli_interrupt_flag(void);

/* The progress line on stderr, when stderr is a terminal and not quiet. */
typedef struct {
    gboolean enabled;
    const char *what;            /* "replications", "points" */
} CliProgress;
void cli_progress_init(CliProgress *p, gboolean quiet, const char *what);
void cli_progress_update(guint done, guint total, uint64_t events, double wall_s, void *data);
void cli_progress_end(CliProgress *p);

/* Parses the sub-command's options; prints the error and returns FALSE on bad usage. */
gboolean cli_parse(const char *command, const char *params, const char *summary,
                   GOptionEntry *entries, int *argc, char ***argv);

#endif
