/* scenarios/scenario.h - the scenario language: YAML in, a checked MdlConfig out.
 *
 * A scenario is loaded from a file or a string, `--set` overrides are applied to its
 * YAML tree, and the tree is typed into an MdlConfig (models/config.h) with every
 * default filled and every rule of MODEL.md section 2 checked.  All the errors of a
 * load come back together in one GError, one line each, as
 * `FILE:LINE:COLUMN: PATH rule broken (got X)`.  The sweep axes (the file's `sweep:`
 * plus `--sweep` options) and the `expect:` bounds are kept with the scenario.
 *
 * Ownership: functions returning char * give the caller a string to g_free(); the
 * scenario owns everything its accessors return (transfer none).  A loaded scenario
 * is immutable and may be read from several threads at once.
 */
#ifndef HAPGSIM_SCENARIOS_SCENARIO_H
#define HAPGSIM_SCENARIOS_SCENARIO_H

#include "models/config.h"

#include <glib.h>

#define SCN_ERROR (scn_error_quark())
GQuark scn_error_quark(void);
typedef enum {
    SCN_ERROR_IO,        /* the file could not be read */
    SCN_ERROR_INVALID,   /* the scenario breaks a rule */
    SCN_ERROR_LIMIT,     /* the input is beyond a documented limit (size, depth, ...) */
} ScnErrorCode;

/* Tells whether `metric` names a metric of a run of `config`. */
typedef gboolean (*ScnMetricKnown)(const char *metric, const MdlConfig *config, void *data);

typedef struct {
    const char *const *overrides;     /* "PATH=VALUE" (--set), NULL-terminated, may be NULL;
                                         applied in order */
    const char *const *sweeps;        /* "PATH=V1,V2,..." (--sweep), added to the file's
                                         sweep: axes (replacing a file axis of the same
                                         path), may be NULL */
    ScnMetricKnown metric_known;      /* checks expect: metric names; NULL accepts any */
    /* why a known metric has no value in any run of the configuration (expect: on it
     * is refused), or NULL; may be NULL */
    const char *(*metric_why_null)(const char *metric, const MdlConfig *config, void *data);
    void *metric_data;
    const char *const *metric_names;  /* candidates for "did you mean" on unknown metrics;
                                         NULL-terminated, may be NULL */
} ScnOptions;

/* One bound of `expect:`: the metric's 95 % interval must lie within [min, max]. */
typedef struct {
    char *metric;
    gboolean has_min, has_max;
    double min, max;
} ScnExpect;

typedef struct ScnScenario ScnScenario;

/* Loads and checks a scenario.  `opts` may be NULL.  Returns NULL with `error` set
 * (domain SCN_ERROR) when the file cannot be read or breaks any rule; the message
 * then holds every error found (at most 50 lines, then "... and N more").
 * scn_load_string() reads `len` bytes of `text` (no terminating NUL needed) and names
 * it `display_name` in messages (NULL: "<string>").  Cost: linear in the input, plus
 * one re-typing of the tree per sweep value (every sweep value is checked). */
ScnScenario *scn_load_file(const char *path, const ScnOptions *opts, GError **error);
ScnScenario *scn_load_string(const char *text, gsize len, const char *display_name,
                             const ScnOptions *opts, GError **error);

const MdlConfig *scn_scenario_config(const ScnScenario *s);      /* transfer none */
const char *scn_scenario_path(const ScnScenario *s);             /* as given to load */

/* Sweep axes: the file's first, in file order, then the --sweep ones. */
guint scn_scenario_n_axes(const ScnScenario *s);
const char *scn_scenario_axis_path(const ScnScenario *s, guint axis);
guint scn_scenario_axis_n_values(const ScnScenario *s, guint axis);
/* Canonical text of one value, e.g. "5m" for 300s, or "{dist: exponential, mean: 30m}". */
const char *scn_scenario_axis_value(const ScnScenario *s, guint axis, guint i);

/* The scenario at one point of the sweep: value `value_index[a]` of each axis `a`
 * applied as an override.  The result has no axes and the same expect bounds.
 * Fails (SCN_ERROR_INVALID) only if that point is invalid, which the load has
 * already ruled out for each value on its own (not for every combination). */
ScnScenario *scn_scenario_at_point(const ScnScenario *s, const guint *value_index,
                                   GError **error);

/* Traps in a valid scenario, one line each as `FILE:LINE:COLUMN: warning: MSG`, in the
 * order of their positions: a process form's bare (so deterministic) `every:`, a fault
 * or an action that starts at or after `duration`.  `hapgsim validate` prints them. */
guint scn_scenario_n_warnings(const ScnScenario *s);
const char *scn_scenario_warning(const ScnScenario *s, guint i);

guint scn_scenario_n_expect(const ScnScenario *s);
const ScnExpect *scn_scenario_expect(const ScnScenario *s, guint i);

/* Canonical YAML: every key with its value as loaded (defaults filled, overrides
 * applied), members and clients as explicit lists, sweep and expect kept.  Loading it
 * gives an equal configuration, the same axes and bounds, and printing that again
 * gives the same text. */
char *scn_scenario_print(const ScnScenario *s);
/* Lower-case hex SHA-256 of scn_scenario_print(). */
char *scn_scenario_sha256(const ScnScenario *s);

void scn_scenario_free(ScnScenario *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ScnScenario, scn_scenario_free)

/* The largest input scn_load_file() and scn_load_string() accept, in bytes (a caller
 * reading a stream itself reads one byte more, so that the loader reports the limit). */
gsize scn_max_input_bytes(void);

/* Every dotted path of the scenario's canonical form (scn_scenario_print) that --set
 * can name, in document order: mappings and leaves, list items by index
 * (`members.list.0.zone`); neither the language version nor sweep: nor expect:.
 * NULL-terminated; g_strfreev() it. */
char **scn_scenario_keys(const ScnScenario *s);

/* The key tables of docs/scenario-reference.md, made from the language's schema: each
 * table as a block between `<!-- keys:NAME -->` and `<!-- /keys -->` lines. */
char *scn_reference_tables(void);

/* Deep equality of two configurations (names, arrays, distributions; doubles by ==). */
gboolean scn_config_equal(const MdlConfig *a, const MdlConfig *b);

#endif
