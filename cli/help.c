/* cli/help.c - the top-level usage and `hapgsim help`, both made from the option
 * tables the commands parse (cli_parse's describer), so that neither can drift from
 * the commands.  The man page is made from this usage by help2man, and the bash
 * completion asks `hapgsim help --commands|--options|--keys` for its word lists. */
#include "cli/commands.h"
#include "cli/common.h"
#include "version.h"

#include <stdio.h>
#include <string.h>

/* One command as its cli_parse call describes it. */
typedef struct {
    const char *name;
    const char *params;
    const char *summary;
    GArray *entries;            /* GOptionEntry, arg_data NULL, not terminated */
} Described;

static void record(const char *command, const char *params, const char *summary,
                   const GOptionEntry *entries, void *data)
{
    Described *d = data;
    d->name = command;
    d->params = params;
    d->summary = summary;
    for (const GOptionEntry *e = entries; e && e->long_name; e++) {
        if (e->flags & G_OPTION_FLAG_HIDDEN)
            continue;
        GOptionEntry copy = *e;
        copy.arg_data = NULL;
        g_array_append_val(d->entries, copy);
    }
}

/* Calls command `c` with the describer set: its cli_parse reports its table. */
static Described describe(const CliCommand *c)
{
    Described d = {c->name, "", "", g_array_new(FALSE, FALSE, sizeof(GOptionEntry))};
    char *args[] = {g_strdup(c->name), NULL};
    cli_describe_begin(record, &d);
    c->fn(1, args);
    cli_describe_end();
    g_free(args[0]);
    /* every command parses its options with cli_parse; one that did not would be missing */
    g_assert(d.summary != NULL && *d.summary);
    return d;
}

static const CliCommand *find_command(const char *name)
{
    for (gsize i = 0; i < cli_n_commands; i++)
        if (strcmp(cli_commands[i].name, name) == 0)
            return &cli_commands[i];
    return NULL;
}

static gboolean takes_argument(const GOptionEntry *e)
{
    if (e->arg == G_OPTION_ARG_NONE)
        return FALSE;
    if (e->arg == G_OPTION_ARG_CALLBACK)
        return !(e->flags & G_OPTION_FLAG_NO_ARG);
    return TRUE;
}

static const char *arg_name(const GOptionEntry *e)
{
    return e->arg_description ? e->arg_description : "VALUE";
}

/* "  -r, --replications=N" padded to column 30, then the description wrapped at 79. */
static void print_option(FILE *f, const char *spec, const char *text)
{
    const int col = 30, width = 79;
    int n = fprintf(f, "  %s", spec);
    if (n > col - 2) {
        fputc('\n', f);
        n = 0;
    }
    fprintf(f, "%*s", col - n, "");
    char **words = g_strsplit(text ? text : "", " ", -1);
    int at = col;
    for (char **w = words; *w; w++) {
        int len = (int)strlen(*w);
        if (len == 0)
            continue;
        if (at > col && at + 1 + len > width) {
            fprintf(f, "\n%*s", col, "");
            at = col;
        }
        if (at > col) {
            fputc(' ', f);
            at++;
        }
        fputs(*w, f);
        at += len;
    }
    fputc('\n', f);
    g_strfreev(words);
}

static void print_entry(FILE *f, const GOptionEntry *e)
{
    GString *spec = g_string_new(NULL);
    if (e->short_name)
        g_string_append_printf(spec, "-%c, ", e->short_name);
    else
        g_string_append(spec, "    ");
    g_string_append_printf(spec, "--%s", e->long_name);
    if (takes_argument(e))
        g_string_append_printf(spec, "=%s", arg_name(e));
    print_option(f, spec->str, e->description);
    g_string_free(spec, TRUE);
}

/* Each line of `text` indented by `indent` spaces (blank lines kept blank). */
static void print_indented(FILE *f, const char *text, int indent)
{
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (**l)
            fprintf(f, "%*s%s\n", indent, "", *l);
        else
            fputc('\n', f);
    }
    g_strfreev(lines);
}

void cli_usage(FILE *f)
{
    fprintf(f, "Usage: hapgsim COMMAND [OPTION...] ARGUMENT...\n"
               "  or:  hapgsim help [COMMAND]\n"
               "  or:  hapgsim -h|--help|-V|--version\n"
               "Discrete-event simulator of HSM HA partition groups: replays YAML scenarios\n"
               "and reports metrics with confidence intervals.  A scenario file argument may\n"
               "be -, the standard input.\n\n"
               "Commands:\n");
    for (gsize i = 0; i < cli_n_commands; i++)
        print_option(f, cli_commands[i].name, cli_commands[i].about);
    fprintf(f, "\nExit status:\n"
               "  0    success\n"
               "  1    a bound of the scenario's expect: failed (run), a metric is\n"
               "       significantly worse (compare), or nothing in range meets (plan)\n"
               "  2    bad usage or a bad scenario: the message is on stderr, nothing is\n"
               "       written\n"
               "  3    the answer is undecided at the replication cap (plan)\n"
               "  130  interrupted (Ctrl-C): what was finished is written, marked\n"
               "       interrupted\n");
    fprintf(f, "\nOptions:\n");
    for (gsize i = 0; i < cli_n_commands; i++) {
        Described d = describe(&cli_commands[i]);
        fprintf(f, "\nhapgsim %s %s [OPTION...]:\n", d.name, d.params);
        print_indented(f, d.summary, 2);
        fputc('\n', f);
        for (guint k = 0; k < d.entries->len; k++)
            print_entry(f, &g_array_index(d.entries, GOptionEntry, k));
        print_option(f, "-h, --help", "Show the command's help");
        g_array_free(d.entries, TRUE);
    }
    fprintf(f, "\nOptions without a command:\n");
    print_option(f, "-h, --help", "Show this help and exit");
    print_option(f, "-V, --version", "Show the version and exit");
    fprintf(f, "\nDocumentation: docs/ (commands, scenario reference, metrics, model), and\n"
               "the hapgsim(1) man page.\n");
}

/* The scenario whose keys `help --keys` lists when given none: one of each section
 * that has keys of its own, checked by the loader like any other. */
static const char example_scenario[] =
    "hapgsim: 1\n"
    "name: example\n"
    "zones: [a, b]\n"
    "members: {count: 2}\n"
    "clients: {count: 1, auto_recovery: {retry: -1, interval: 1m}}\n"
    "faults:\n"
    "  - {kind: power, target: each-member, every: {dist: exponential, mean: 4000h},\n"
    "     repair: {dist: exponential, mean: 2h}}\n"
    "actions:\n"
    "  - {at: 1d, do: recover, target: all}\n";

static int list_keys(const char *path)
{
    ScnScenario *s;
    if (path) {
        s = cli_load(path, NULL, NULL, NULL, NULL);
    } else {
        GError *err = NULL;
        s = scn_load_string(example_scenario, sizeof example_scenario - 1, "<example>", NULL, &err);
        if (s == NULL) {
            fprintf(stderr, "hapgsim help: %s\n", err->message);
            g_error_free(err);
        }
    }
    if (s == NULL)
        return 2;
    char **keys = scn_scenario_keys(s);
    for (char **k = keys; *k; k++)
        printf("%s\n", *k);
    g_strfreev(keys);
    scn_scenario_free(s);
    return 0;
}

/* COMMAND's options, one a line: the spelling, then the argument's name if any. */
static void list_options(const CliCommand *c)
{
    Described d = describe(c);
    for (guint k = 0; k < d.entries->len; k++) {
        const GOptionEntry *e = &g_array_index(d.entries, GOptionEntry, k);
        const char *arg = takes_argument(e) ? arg_name(e) : NULL;
        if (e->short_name)
            printf("-%c%s%s\n", e->short_name, arg ? " " : "", arg ? arg : "");
        printf("--%s%s%s\n", e->long_name, arg ? " " : "", arg ? arg : "");
    }
    printf("-h\n--help\n");
    g_array_free(d.entries, TRUE);
}

int cli_help(int argc, char **argv)
{
    gboolean commands = FALSE, keys = FALSE, markdown = FALSE;
    char *options_of = NULL;
    GOptionEntry entries[] = {
        {"commands", 0, 0, G_OPTION_ARG_NONE, &commands, "List the commands, one a line", NULL},
        {"options", 0, 0, G_OPTION_ARG_STRING, &options_of,
         "List COMMAND's options, one a line: the option, then the name of its argument "
         "if it takes one", "COMMAND"},
        {"keys", 0, 0, G_OPTION_ARG_NONE, &keys,
         "List the paths --set and --sweep accept, one a line: those of the scenario "
         "given (a file, or -), else those of a built-in example", NULL},
        {"markdown", 0, 0, G_OPTION_ARG_NONE, &markdown,
         "With --keys and no scenario: print the key tables of "
         "docs/scenario-reference.md, made from the language's schema", NULL},
        G_OPTION_ENTRY_NULL,
    };
    int status = 2;
    if (!cli_parse("help", "[COMMAND | SCENARIO.yaml]",
                   "Show the usage, or COMMAND's help; list commands, options and scenario keys\n"
                   "(what the bash completion asks for).",
                   entries, &argc, &argv))
        goto out;
    if ((commands ? 1 : 0) + (options_of ? 1 : 0) + (keys ? 1 : 0) > 1 ||
        argc > 2 || (argc == 2 && (commands || options_of)) ||
        (markdown && (!keys || argc == 2))) {
        fprintf(stderr, "hapgsim help: give one of COMMAND, --commands, --options=COMMAND, "
                        "--keys [SCENARIO.yaml], --keys --markdown (try hapgsim help "
                        "--help)\n");
        goto out;
    }
    if (markdown) {
        char *tables = scn_reference_tables();
        fputs(tables, stdout);
        g_free(tables);
        status = 0;
        goto out;
    }
    if (keys) {
        status = list_keys(argc == 2 ? argv[1] : NULL);
        goto out;
    }
    if (commands) {
        for (gsize i = 0; i < cli_n_commands; i++)
            printf("%s\n", cli_commands[i].name);
        status = 0;
        goto out;
    }
    const char *name = options_of ? options_of : argc == 2 ? argv[1] : NULL;
    if (name == NULL) {
        cli_usage(stdout);
        status = 0;
        goto out;
    }
    const CliCommand *c = find_command(name);
    if (c == NULL) {
        fprintf(stderr, "hapgsim help: unknown command '%s' (try hapgsim help --commands)\n", name);
        goto out;
    }
    if (options_of) {
        list_options(c);
        status = 0;
        goto out;
    }
    char *args[] = {g_strdup(c->name), g_strdup("--help"), NULL};
    status = c->fn(2, args);             /* GOption prints the help and exits 0 */
    g_free(args[0]);
    g_free(args[1]);
out:
    fflush(stdout);
    g_free(options_of);
    return status;
}
