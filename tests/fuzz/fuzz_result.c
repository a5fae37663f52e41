/* tests/fuzz/fuzz_result.c - libFuzzer target for the result reader of `compare`.
 *
 * Input: a result file (JSON, as `hapgsim run --format json` writes).  Beyond "no
 * crash, no sanitizer report, no GLib critical or warning", a refused input must carry
 * a message, an accepted one must be consistent (every seed text of digits or empty,
 * replication numbers distinct), and comparing it with itself must work: every
 * comparison then is "no significant change" or undecided, and none is significant.
 * The same input goes to the reader of `hapgsim report` (analysis/html-report.h): it
 * refuses with a message, or the page and the summary CSV are written (in memory).
 * Seed corpus: tests/fuzz/seeds-result/.
 */
#include "analysis/compare.h"
#include "analysis/html-report.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    return 0;
}

/* The report's reader: a message when it refuses, a page and a CSV when it accepts. */
static void report(const uint8_t *data, size_t size)
{
    GError *err = NULL;
    AnaHtmlReport *h = ana_html_report_new();
    if (ana_html_report_add(h, "fuzz.json", (const char *)data, (gssize)size, &err)) {
        AnaOutput *o = ana_output_new_memory();
        ana_html_report_write(h, o);
        g_free(ana_output_steal(o));
        o = ana_output_new_memory();
        ana_html_report_csv_write(h, o);
        g_free(ana_output_steal(o));
    } else {
        if (err == NULL || err->message == NULL || !*err->message) {
            fprintf(stderr, "report refused without a message\n");
            abort();
        }
        g_error_free(err);
    }
    ana_html_report_free(h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    report(data, size);
    GError *err = NULL;
    AnaResult *r = ana_result_load_data("fuzz.json", (const char *)data, (gssize)size, &err);
    if (r == NULL) {
        if (err == NULL || err->message == NULL || !*err->message) {
            fprintf(stderr, "refused without a message\n");
            abort();
        }
        g_error_free(err);
        return 0;
    }
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < r->n; i++) {
        for (const char *c = r->seed[i]; *c; c++)
            if (*c < '0' || *c > '9')
                abort();
        if (!g_hash_table_add(seen, GUINT_TO_POINTER(r->index[i] + 1)))
            abort();
    }
    g_hash_table_destroy(seen);
    (void)ana_result_partial(r);
    GPtrArray *cmp = ana_compare(r, r, NULL, NULL, NULL, &err);
    if (cmp == NULL) {
        g_clear_error(&err);
    } else {
        for (guint i = 0; i < cmp->len; i++) {
            const AnaComparison *c = g_ptr_array_index(cmp, i);
            if (c->significant)
                abort();              /* a result never differs from itself */
        }
        ana_comparisons_free(cmp);
    }
    ana_result_free(r);
    return 0;
}
