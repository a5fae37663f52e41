/* cli/commands.h - the sub-commands of `hapgsim`.  Each takes the arguments from its
 * own name on (argv[0] is "validate", ...), writes its output and messages itself, and
 * returns the process exit status (docs/commands.md: 0 success, 2 bad usage or a bad
 * scenario). */
#ifndef HAPGSIM_CLI_COMMANDS_H
#define HAPGSIM_CLI_COMMANDS_H

#include <glib.h>
#include <stdio.h>

/* hapgsim validate FILE... [--print] [--set PATH=VALUE]... [--sweep PATH=V1,V2,...]...
 * Prints "FILE: ok" for each good file (on stderr with --print, which writes the
 * canonical YAML of each file to stdout, several separated by "---"), or the file's
 * errors on stderr.  Returns 0 when every file is valid, 2 otherwise. */
int cli_validate(int argc, char **argv);

/* hapgsim run SCENARIO.yaml [-r N] [-s SEED] [-j JOBS] [--set PATH=VALUE]... [-o FILE]
 *             [--format text|json|csv] [--timing] [--quiet]
 * 0 success, 1 an expect: bound failed, 2 bad usage or scenario, 130 interrupted. */
int cli_run(int argc, char **argv);

/* hapgsim sweep SCENARIO.yaml [--sweep PATH=V1,V2,...]... [--set ...] [-r N] [-s SEED]
 *               [-j JOBS] [-o FILE] [--format text|json|csv] [--metric M]... [--resume] */
int cli_sweep(int argc, char **argv);

/* hapgsim compare BASE.json CANDIDATE.json [--metric M]... [--tolerance M=V[%]]... [--alpha A]
 * 0 no significant regression, 1 a metric significantly worse, 2 bad usage. */
int cli_compare(int argc, char **argv);

/* hapgsim analytic SCENARIO.yaml [--compare] [-r N] [-s SEED] [-j JOBS] [--set ...] */
int cli_analytic(int argc, char **argv);

/* hapgsim trace SCENARIO.yaml [-o FILE] [--replication K] [-s SEED] [--set PATH=VALUE]... */
int cli_trace(int argc, char **argv);

/* hapgsim report RESULT.json [MORE.json...] [-o FILE] [--csv FILE] [--metric M]...
 *                [--timeline K [--trace FILE]]
 * 0 written, 2 bad usage or input (nothing written). */
int cli_report(int argc, char **argv);

/* hapgsim merge DIR [-o FILE] [--format text|json|csv] | --missing DIR (cli/cmd_merge.c)
 * 0 merged (or listed), 1 merged but a run's expect: bound failed or is inconclusive,
 * 2 bad usage, or shards missing, foreign, duplicated or damaged (nothing written). */
int cli_merge(int argc, char **argv);
/* hapgsim plan SCENARIO.yaml --vary PATH=LO..HI [--step S] --require 'METRIC<=VALUE'...
 *              [--under 'PATH=VALUE;...']... [--largest] [--set ...] [-s SEED] [-j JOBS]
 *              [--min-replications N] [--max-replications N] [-o FILE] [--format text|json]
 * 0 an answer, 1 nothing in range meets, 2 bad usage or scenario, 3 undecided at the
 * replication cap, 130 interrupted (cli/cmd_plan.c, docs/plan.md). */
int cli_plan(int argc, char **argv);

/* hapgsim help [COMMAND] | --commands | --options=COMMAND | --keys [SCENARIO.yaml]
 * (cli/help.c) */
int cli_help(int argc, char **argv);

/* The commands, in the order of the usage (cli/main.c). */
typedef struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *about;           /* one line */
} CliCommand;
extern const CliCommand cli_commands[];
extern const gsize cli_n_commands;

/* The top-level usage: every command with every option of its table (cli/help.c). */
void cli_usage(FILE *f);

#endif
