/* cli/cost.c - the ceilings on a study's cost, --force (cost.h). */
#include "cli/cost.h"

#include "models/estimate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static gboolean force;
static gboolean one_replication;   /* trace runs one replication of the study */

void cli_cost_command(const char *command)
{
    one_replication = strcmp(command, "trace") == 0;
}

const GOptionEntry cli_force_entries[] = {
    {"force", 0, 0, G_OPTION_ARG_NONE, &force,
     "Run (or accept) a study beyond the cost ceilings (events, memory)", NULL},
    G_OPTION_ENTRY_NULL,
};

/* Beyond this many sweep points, as many spread evenly stand for all of them. */
#define MAX_POINTS_ESTIMATED 256

static void add_config(CliCost *out, const MdlConfig *c, double weight)
{
    MdlEstimate e;
    mdl_estimate(c, &e);
    double reps = one_replication ? 1 : c->replications;
    out->events += weight * e.events * reps;
    double at_once = MIN(reps, (double)g_get_num_processors());
    if (e.objects > out->objects)
        out->objects = e.objects;
    if (e.bytes > out->bytes)
        out->bytes = e.bytes;
    if (e.bytes * at_once > out->bytes_at_once)
        out->bytes_at_once = e.bytes * at_once;
}

void cli_cost(const ScnScenario *s, CliCost *out)
{
    *out = (CliCost){0};
    guint axes = scn_scenario_n_axes(s);
    double points = 1;
    for (guint a = 0; a < axes; a++)
        points *= scn_scenario_axis_n_values(s, a);
    out->points = points > G_MAXUINT ? G_MAXUINT : (guint)points;
    if (axes == 0) {
        add_config(out, scn_scenario_config(s), 1);
        return;
    }
    guint n = points > MAX_POINTS_ESTIMATED ? MAX_POINTS_ESTIMATED : (guint)points;
    double weight = points / n;
    guint *index = g_new0(guint, axes);
    for (guint k = 0; k < n; k++) {
        /* points spread evenly over the sweep, each standing for points / n of them */
        double linear = floor((double)k * points / n);
        for (guint a = axes; a-- > 0;) {     /* the last axis moves fastest */
            double size = scn_scenario_axis_n_values(s, a);
            index[a] = (guint)fmod(linear, size);
            linear = floor(linear / size);
        }
        ScnScenario *p = scn_scenario_at_point(s, index, NULL);
        add_config(out, p ? scn_scenario_config(p) : scn_scenario_config(s), weight);
        scn_scenario_free(p);
    }
    g_free(index);
}

/* Bytes in decimal units, ASCII only (g_format_size() may use a no-break space). */
static char *format_bytes(double bytes)
{
    static const char *const units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    if (!(bytes < 1e18))
        return g_strdup("more than 1 EB");
    int u = 0;
    while (bytes >= 1000 && u < 6) {
        bytes /= 1000;
        u++;
    }
    return g_strdup_printf(u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

char *cli_cost_text(const CliCost *cost)
{
    g_autofree char *mem = format_bytes(cost->bytes);
    return g_strdup_printf("about %.2g events%s, %s per replication", cost->events,
                           cost->points > 1 ? " over every sweep point" : "", mem);
}

static double machine_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (double)pages * (double)size : 8e9;
}

static gboolean objects_check(const CliCost *cost, const char *path)
{
    if (!(cost->objects <= MDL_MAX_OBJECTS)) {     /* the registry's indices: no --force */
        fprintf(stderr, "%s: the study would create about %.2g objects in one replication, "
                        "more than the model can hold (%.3g): lower workload.rate, the "
                        "create share or duration\n", path, cost->objects, MDL_MAX_OBJECTS);
        return FALSE;
    }
    return TRUE;
}

gboolean cli_cost_check(const ScnScenario *s, const char *path)
{
    CliCost cost;
    cli_cost(s, &cost);
    double memory = machine_memory();
    gboolean too_long = !(cost.events <= MDL_MAX_EVENTS);
    gboolean too_big = !(cost.bytes_at_once <= memory);
    if ((!too_long && !too_big) || force)
        return objects_check(&cost, path);
    g_autofree char *text = cli_cost_text(&cost);
    g_autofree char *mem = format_bytes(memory);
    fprintf(stderr, "%s: the study is too large to run: %s; the ceiling is %.0e events%s%s "
                    "(see Limits in docs/scenario-reference.md; --force runs it anyway)\n",
            path, text, MDL_MAX_EVENTS, too_big ? " and the machine's memory, " : "",
            too_big ? mem : "");
    return FALSE;
}

gboolean cli_check_run_options(const char *replications_text, const char *seed_text)
{
    (void)seed_text;               /* any seed the scenario language takes is one */
    if (replications_text == NULL)
        return TRUE;
    char *end;
    double v = g_ascii_strtod(replications_text, &end);
    if (end != replications_text && *end == '\0' && v == floor(v) && v >= 1 && v <= 1000000)
        return TRUE;                /* the scenario's rule decides the rest */
    fprintf(stderr, "-r %s: replications must be an integer within 1..1000000\n",
            replications_text);
    return FALSE;
}
