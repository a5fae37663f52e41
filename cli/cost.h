/* cli/cost.h - the cost of a study checked before it runs (--force), and the checks of
 * -r and -s as options of their own.
 *
 * Every command that loads a scenario (run, sweep, trace, analytic, validate) estimates
 * the events and memory of the whole study (models/estimate.h: every replication of
 * every sweep point) and refuses one beyond the ceilings unless --force is given:
 * more than MDL_MAX_EVENTS events, or replications running at once (one per
 * processor) needing more than the machine's memory. */
#ifndef HAPGSIM_CLI_COST_H
#define HAPGSIM_CLI_COST_H

#include "scenarios/scenario.h"

#include <glib.h>

/* The --force option; cli_parse() adds it to every command that loads scenarios. */
extern const GOptionEntry cli_force_entries[];

/* The command about to load scenarios (cli_parse() tells): `trace` runs one
 * replication, the others all of them. */
void cli_cost_command(const char *command);

/* The whole study's estimate: events over every replication and sweep point, the peak
 * memory of one replication, and that memory times the replications run at once. */
typedef struct {
    double events, bytes, bytes_at_once;
    double objects;              /* the most objects one replication creates */
    guint points;
} CliCost;
void cli_cost(const ScnScenario *s, CliCost *out);

/* "about 1.2e+06 events, 3.4 MB per replication" */
char *cli_cost_text(const CliCost *cost);

/* Refuses (message on stderr naming `path`, FALSE) a study beyond the ceilings unless
 * --force was given. */
gboolean cli_cost_check(const ScnScenario *s, const char *path);

/* -r N checked as the option it is, so that the message names the option
 * ("-r 0: replications must be an integer within 1..1000000"); TRUE when absent.
 * The seed is left to the scenario language. */
gboolean cli_check_run_options(const char *replications_text, const char *seed_text);

#endif
