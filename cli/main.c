/* cli/main.c - the hapgsim command: the composition root.
 *
 * Parses the sub-command and hands over to it; the sub-commands wire the layers
 * (scenarios/ loads, models/ simulates, analysis/ measures and reports).  This file
 * and the cmd_*.c files beside it are the only code that sees every layer.
 */
#include "cli/commands.h"
#include "version.h"

#include <glib.h>
#include <gsl/gsl_errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
} Command;

static const Command commands[] = {
    {"run", cli_run,
     "run SCENARIO.yaml [-r N] [-s SEED] [-j JOBS] [--set PATH=VALUE]... [-o FILE]\n"
     "               [--format text|json|csv] [--timing] [--quiet]\n"
     "      Run the study's replications; print the metrics with 95 % intervals and the\n"
     "      verdicts of its expect: section."},
    {"validate", cli_validate,
     "validate SCENARIO.yaml... [--print] [--set PATH=VALUE]...\n"
     "      Check scenarios; --print writes each as loaded, in canonical YAML."},
    {"sweep", cli_sweep,
     "sweep SCENARIO.yaml [--sweep PATH=V1,V2,...]... [--set PATH=VALUE]... [-r N] [-s SEED]\n"
     "               [-j JOBS] [-o FILE] [--format text|json|csv] [--metric M]... [--resume]\n"
     "      Run the study at every point of the product of the sweep axes."},
    {"compare", cli_compare,
     "compare BASE.json CANDIDATE.json [--metric M]... [--tolerance METRIC=VALUE[%]]...\n"
     "               [--alpha 0.05]\n"
     "      Metric by metric, is the candidate better, worse or the same (paired test\n"
     "      when both come from the same seeds, Welch's otherwise)?  Exit 1 if worse."},
    {"analytic", cli_analytic,
     "analytic SCENARIO.yaml [--compare] [-r N] [-s SEED] [-j JOBS] [--set PATH=VALUE]...\n"
     "      Exact figures where the scenario allows them; with --compare, beside the\n"
     "      simulation's 95 % intervals."},
    {"trace", cli_trace,
     "trace SCENARIO.yaml [-o FILE] [--replication K] [-s SEED] [--set PATH=VALUE]...\n"
     "      One replication's state changes (faults, views, attempts, syncs, outages)\n"
     "      as JSON Lines."},
};

static void usage(FILE *f)
{
    fprintf(f, "hapgsim %s - discrete-event simulator of HSM HA partition groups\n\n"
               "usage: hapgsim COMMAND [OPTION...]\n\n", HAPGSIM_VERSION);
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(f, "  hapgsim %s\n\n", commands[i].usage);
    fprintf(f, "  hapgsim --version | --help | COMMAND --help\n\n"
               "Exit status: 0 success; 1 a bound of expect: failed (run) or a metric is\n"
               "significantly worse (compare); 2 bad usage or a bad scenario (message on\n"
               "stderr, nothing written); 130 interrupted (what was finished is written,\n"
               "marked interrupted).\n"
               "Documentation: docs/ (commands, scenario reference, metrics, model).\n");
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");          /* numbers are read and written the same everywhere */
    gsl_set_error_handler_off();         /* GSL errors come back as status codes */
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("hapgsim %s\n", HAPGSIM_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "hapgsim: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
