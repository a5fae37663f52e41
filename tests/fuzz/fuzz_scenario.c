/* tests/fuzz/fuzz_scenario.c - libFuzzer target for the scenario loader.
 *
 * Input: a scenario file.  When the first byte is 0x01 (0x02), the first line is a
 * --set (--sweep) option and the rest the file; YAML refuses control bytes, so the
 * corpus of plain scenarios never takes these paths by accident.  Beyond "no crash,
 * no sanitizer report, no GLib critical", every accepted input must print to YAML
 * that loads back to an equal configuration and prints the same again, and every
 * refused input must carry a message.
 */
#include "scenarios/scenario.h"
#include "tests/fuzz/fuzz_input.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* a g_return_if_fail() reached by input is a bug: make it a crash */
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    return 0;
}

static void check_round_trip(const ScnScenario *s)
{
    char *text = scn_scenario_print(s);
    if (text == NULL)
        abort();
    GError *err = NULL;
    ScnScenario *b = scn_load_string(text, strlen(text), "fuzz.yaml", NULL, &err);
    if (b == NULL) {
        fprintf(stderr, "the print does not load: %s\n%s\n", err->message, text);
        abort();
    }
    if (!scn_config_equal(scn_scenario_config(s), scn_scenario_config(b)) ||
        scn_scenario_n_axes(s) != scn_scenario_n_axes(b) ||
        scn_scenario_n_expect(s) != scn_scenario_n_expect(b)) {
        fprintf(stderr, "the print loads differently:\n%s\n", text);
        abort();
    }
    char *again = scn_scenario_print(b);
    if (again == NULL || strcmp(text, again) != 0) {
        fprintf(stderr, "printing twice differs:\n%s\n---\n%s\n", text, again);
        abort();
    }
    g_free(again);
    g_free(text);
    scn_scenario_free(b);

    /* the first and the last point of the sweep */
    guint n = scn_scenario_n_axes(s);
    guint *idx = g_new0(guint, n ? n : 1);
    for (int pass = 0; pass < 2; pass++) {
        for (guint a = 0; a < n; a++)
            idx[a] = pass ? scn_scenario_axis_n_values(s, a) - 1 : 0;
        ScnScenario *p = scn_scenario_at_point(s, idx, &err);
        if (p)
            scn_scenario_free(p);
        else
            g_clear_error(&err);              /* combinations may be invalid */
    }
    g_free(idx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput in;
    fuzz_input_read(&in, data, size);
    GError *err = NULL;
    ScnScenario *s = scn_load_string(in.text, in.size, "fuzz.yaml", &in.opts, &err);
    if (s) {
        check_round_trip(s);
        scn_scenario_free(s);
    } else if (err == NULL || err->message == NULL || err->message[0] == '\0') {
        abort();
    } else {
        g_error_free(err);
    }
    fuzz_input_clear(&in);
    return 0;
}
