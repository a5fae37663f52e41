/* tests/fuzz/fuzz_run.c - libFuzzer target that loads a scenario and then runs it.
 *
 * `validate` may accept what the model cannot run: this target runs every scenario the
 * loader accepts (the same input forms as fuzz_scenario.c: a leading 0x01 or 0x02 byte
 * makes the first line a --set or --sweep option), one replication of the study and of
 * its sweep's first point, with the model's invariants checked after every event
 * (mdl_group_set_checks) and tight limits so that each input takes milliseconds:
 * at most 20 000 events, a simulated horizon of at most one day, at most 1000 initial
 * objects.  Half way, the state is copied as splitting copies it (mdl_group_clone) and
 * both run on.  Any crash, sanitizer report, GLib critical or broken invariant is a
 * finding; each becomes a fixture under tests/fuzz/fixtures/run/ once fixed.
 */
#include "models/estimate.h"
#include "models/group.h"
#include "scenarios/scenario.h"
#include "tests/fuzz/fuzz_input.h"

#include <gsl/gsl_errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS 20000
#define MAX_HORIZON SIM_DAY
#define MAX_OBJECTS 1000

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    gsl_set_error_handler_off();         /* as the program does */
    return 0;
}

static void run_config(const MdlConfig *config)
{
    MdlConfig *c = mdl_config_copy(config);
    c->replications = 1;
    if (c->duration > MAX_HORIZON)
        c->duration = MAX_HORIZON;
    if (c->warmup >= c->duration)
        c->warmup = 0;
    if (c->initial_objects > MAX_OBJECTS)
        c->initial_objects = MAX_OBJECTS;
    MdlGroup *g = mdl_group_new(c, c->seed, NULL);
    mdl_group_set_checks(g, TRUE);
    mdl_group_set_event_limit(g, MAX_EVENTS / 2);
    mdl_group_run(g, c->duration);
    if (mdl_group_now(g) > c->duration)
        abort();                         /* the clock ran past the horizon */
    /* splitting's copy of whatever state that was, run on with its own streams: the
     * invariants must hold in it, and the original must go on unharmed (not for a
     * closed loop: the loader refuses splitting there, and mdl_group_clone with it) */
    gboolean closed = FALSE;             /* issue 11: any client group's threads */
    for (uint32_t i = 0; i < mdl_config_n_groups(c); i++)
        closed |= mdl_config_group(c, i).app.threads > 0;
    MdlGroup *k = !closed ? mdl_group_clone(g, NULL, c->seed + 1) : NULL;
    if (k)
        mdl_check_invariants(k, TRUE);
    mdl_group_set_event_limit(g, MAX_EVENTS);
    if (k) {
        mdl_group_set_event_limit(k, MAX_EVENTS);
        mdl_group_run(k, c->duration);
    }
    mdl_group_run(g, c->duration);
    if ((k && mdl_group_now(k) > c->duration) || mdl_group_now(g) > c->duration)
        abort();
    mdl_group_free(k);
    mdl_group_free(g);
    mdl_config_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput in;
    fuzz_input_read(&in, data, size);
    GError *err = NULL;
    ScnScenario *s = scn_load_string(in.text, in.size, "fuzz.yaml", &in.opts, &err);
    if (s == NULL) {
        g_clear_error(&err);
        fuzz_input_clear(&in);
        return 0;
    }
    MdlEstimate e;
    mdl_estimate(scn_scenario_config(s), &e);   /* must not crash on anything valid */
    run_config(scn_scenario_config(s));
    guint n = scn_scenario_n_axes(s);
    if (n > 0) {
        guint *idx = g_new0(guint, n);
        ScnScenario *p = scn_scenario_at_point(s, idx, &err);
        if (p) {
            run_config(scn_scenario_config(p));
            scn_scenario_free(p);
        } else {
            g_clear_error(&err);
        }
        g_free(idx);
    }
    scn_scenario_free(s);
    fuzz_input_clear(&in);
    return 0;
}
