/* cli/cmd_validate.c - `hapgsim validate`: load and check scenarios, optionally print
 * their canonical form. */
#include "cli/commands.h"
#include "scenarios/scenario.h"

#include <glib.h>
#include <stdio.h>

int cli_validate(int argc, char **argv)
{
    gboolean print = FALSE;
    g_auto(GStrv) sets = NULL;
    g_auto(GStrv) sweeps = NULL;
    GOptionEntry entries[] = {
        {"print", 'p', 0, G_OPTION_ARG_NONE, &print,
         "Write each scenario's canonical YAML to stdout", NULL},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
         "Override one value before checking (repeatable)", "PATH=VALUE"},
        {"sweep", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sweeps,
         "Add a sweep axis, checked value by value (repeatable)", "PATH=V1,V2,..."},
        G_OPTION_ENTRY_NULL,
    };
    GOptionContext *ctx = g_option_context_new("FILE... - check scenario files");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(ctx, "Exit status: 0 when every file is valid, 2 "
                                          "otherwise.  See docs/scenario-reference.md.");
    GError *err = NULL;
    gboolean parsed = g_option_context_parse(ctx, &argc, &argv, &err);
    g_option_context_free(ctx);
    if (!parsed) {
        fprintf(stderr, "hapgsim validate: %s (try --help)\n", err->message);
        g_error_free(err);
        return 2;
    }
    if (argc < 2) {
        fprintf(stderr, "hapgsim validate: no scenario file given "
                        "(usage: hapgsim validate FILE... [--print] [--set PATH=VALUE]...)\n");
        return 2;
    }

    ScnOptions opts = {
        .overrides = (const char *const *)sets,
        .sweeps = (const char *const *)sweeps,
    };
    int status = 0, printed = 0;
    for (int i = 1; i < argc; i++) {
        ScnScenario *s = scn_load_file(argv[i], &opts, &err);
        if (s == NULL) {
            fprintf(stderr, "%s\n", err->message);
            g_clear_error(&err);
            status = 2;
            continue;
        }
        if (print) {
            char *text = scn_scenario_print(s);
            if (printed++)
                fputs("---\n", stdout);
            fputs(text ? text : "", stdout);
            g_free(text);
            fprintf(stderr, "%s: ok\n", argv[i]);
        } else {
            printf("%s: ok\n", argv[i]);
        }
        scn_scenario_free(s);
    }
    fflush(stdout);
    return status;
}
