/* analysis/json-private.h - JSON writing helpers shared by report.c and sweep.c. */
#ifndef HAPGSIM_ANALYSIS_JSON_PRIVATE_H
#define HAPGSIM_ANALYSIS_JSON_PRIVATE_H

#include "analysis/replicate.h"
#include "analysis/report.h"
#include "analysis/stats.h"
#include "sim/rng.h"

#include <json-glib/json-glib.h>
#include <math.h>

/* A number, or null for NAN and infinities (JSON has neither). */
static inline void ana_json_number(JsonBuilder *b, double v)
{
    if (isnan(v) || isinf(v))
        json_builder_add_null_value(b);
    else
        json_builder_add_double_value(b, v);
}

/* {"mean", "stddev", "ci95": [lo, hi] or null, "n", "estimable", "upper95"}:
 * estimable false when the data hold no interval (stats.h), upper95 the one-sided
 * bound they then support (or null). */
static inline void ana_json_aggregate(JsonBuilder *b, const AnaAggregate *a)
{
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "mean");
    ana_json_number(b, a->mean);
    json_builder_set_member_name(b, "stddev");
    ana_json_number(b, a->stddev);
    json_builder_set_member_name(b, "ci95");
    if (isnan(a->lo)) {
        json_builder_add_null_value(b);
    } else {
        json_builder_begin_array(b);
        ana_json_number(b, a->lo);
        ana_json_number(b, a->hi);
        json_builder_end_array(b);
    }
    json_builder_set_member_name(b, "n");
    json_builder_add_int_value(b, a->n);
    json_builder_set_member_name(b, "estimable");
    json_builder_add_boolean_value(b, a->estimable);
    json_builder_set_member_name(b, "upper95");
    ana_json_number(b, a->upper95);
    json_builder_end_object(b);
}

/* The members every result starts with: "hapgsim" (the version), "scenario" (name,
 * sha256, canonical yaml) and "seed" (a number, or text beyond a signed 64-bit one).
 * The caller has begun the top-level object. */
static inline void ana_json_header(JsonBuilder *b, const AnaReportInfo *info)
{
    const char *sha256 = info->scenario_sha256, *yaml = info->scenario_yaml;
    uint64_t seed = info->seed;
    json_builder_set_member_name(b, "hapgsim");
    json_builder_add_string_value(b, info->version);
    json_builder_set_member_name(b, "scenario");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, info->scenario_name);
    json_builder_set_member_name(b, "sha256");
    json_builder_add_string_value(b, sha256 ? sha256 : "");
    json_builder_set_member_name(b, "yaml");
    json_builder_add_string_value(b, yaml ? yaml : "");
    json_builder_end_object(b);
    json_builder_set_member_name(b, "seed");
    if (seed <= (uint64_t)G_MAXINT64) {
        json_builder_add_int_value(b, (gint64)seed);
    } else {
        char text[32];
        g_snprintf(text, sizeof text, "%" G_GUINT64_FORMAT, seed);
        json_builder_add_string_value(b, text);
    }
}

/* "metrics": {aggregates}, "per_replication": [...] of a run.  Every metric has its
 * aggregate (null for engine.events_per_s without timing); per replication, a metric
 * the run does not report (ana_run_reports) is left out, as in text and CSV. */
static inline void ana_json_run(JsonBuilder *b, const AnaRun *run, uint64_t seed)
{
    json_builder_set_member_name(b, "metrics");
    json_builder_begin_object(b);
    for (guint i = 0; i < run->metrics->n; i++) {
        AnaAggregate a;
        ana_run_aggregate(run, i, &a);
        json_builder_set_member_name(b, run->metrics->names[i]);
        ana_json_aggregate(b, &a);
    }
    json_builder_end_object(b);
    json_builder_set_member_name(b, "per_replication");
    json_builder_begin_array(b);
    for (guint r = 0; r < run->n; r++) {
        if (!run->done[r])
            continue;
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "replication");
        json_builder_add_int_value(b, run->first + r);
        json_builder_set_member_name(b, "seed");
        char rs[32];
        g_snprintf(rs, sizeof rs, "%" G_GUINT64_FORMAT,
                   sim_rng_replication_seed(seed, run->first + r));
        json_builder_add_string_value(b, rs);
        json_builder_set_member_name(b, "metrics");
        json_builder_begin_object(b);
        for (guint i = 0; i < run->metrics->n; i++) {
            if (i == ANA_M_AVAIL_NINES || !ana_run_reports(run, i))
                continue;                /* an aggregate only; not measured */
            json_builder_set_member_name(b, run->metrics->names[i]);
            ana_json_number(b, ana_run_value(run, r, i));
        }
        json_builder_end_object(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

/* Serializes a builder's tree, pretty, with a final newline. */
static inline char *ana_json_finish(JsonBuilder *b)
{
    JsonGenerator *gen = json_generator_new();
    JsonNode *root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    json_generator_set_pretty(gen, TRUE);
    json_generator_set_indent(gen, 2);
    char *text = json_generator_to_data(gen, NULL);
    char *out = g_strconcat(text, "\n", NULL);
    g_free(text);
    json_node_unref(root);
    g_object_unref(gen);
    g_object_unref(b);
    return out;
}

#endif
