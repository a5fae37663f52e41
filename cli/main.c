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

const CliCommand cli_commands[] = {
    {"run", cli_run, "Run a study's replications; report its metrics with 95 % intervals"},
    {"validate", cli_validate, "Check scenarios; --print writes each in canonical YAML"},
    {"sweep", cli_sweep, "Run the study at every point of the product of the sweep axes"},
    {"compare", cli_compare, "Compare two JSON results metric by metric; exit 1 if worse"},
    {"analytic", cli_analytic, "Exact figures where the scenario allows them"},
    {"trace", cli_trace, "One replication's state changes as JSON Lines"},
    {"plan", cli_plan, "The smallest value of an axis that meets every service level"},
    {"report", cli_report, "Results as one self-contained HTML page with charts"},
    {"merge", cli_merge, "Merge the shards of a run or sweep into its results"},
    {"help", cli_help, "This usage, a command's help, or word lists for completion"},
};
const gsize cli_n_commands = G_N_ELEMENTS(cli_commands);

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");          /* numbers are read and written the same everywhere */
    gsl_set_error_handler_off();         /* GSL errors come back as status codes */
    if (argc < 2) {
        fprintf(stderr, "hapgsim: no command given (try hapgsim --help)\n");
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0 ||
        strcmp(argv[1], "version") == 0) {
        printf("hapgsim %s\n", HAPGSIM_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        cli_usage(stdout);
        return 0;
    }
    for (gsize i = 0; i < cli_n_commands; i++)
        if (strcmp(argv[1], cli_commands[i].name) == 0)
            return cli_commands[i].fn(argc - 1, argv + 1);
    GString *names = g_string_new(NULL);
    for (gsize i = 0; i < cli_n_commands; i++)
        g_string_append_printf(names, "%s%s", i ? ", " : "", cli_commands[i].name);
    fprintf(stderr, "hapgsim: unknown %s '%s' (commands: %s; try hapgsim --help)\n",
            argv[1][0] == '-' ? "option" : "command", argv[1], names->str);
    g_string_free(names, TRUE);
    return 2;
}
