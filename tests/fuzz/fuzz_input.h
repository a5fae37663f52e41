/* tests/fuzz/fuzz_input.h - how the scenario fuzz targets read an input.
 *
 * An input is a scenario, optionally preceded by one option line: a first byte 1 makes
 * the rest of that line a --set PATH=VALUE, a first byte 2 a --sweep PATH=V1,V2,...
 * (so that the fuzzer explores overrides and sweeps as well as files).
 */
#ifndef HAPGSIM_TESTS_FUZZ_INPUT_H
#define HAPGSIM_TESTS_FUZZ_INPUT_H

#include "scenarios/scenario.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *text;        /* the scenario text and its size */
    size_t size;
    ScnOptions opts;         /* overrides or sweeps: the option line, if any */
    const char *one[2];
    char *option;            /* owned; fuzz_input_clear frees it */
} FuzzInput;

static inline void fuzz_input_read(FuzzInput *in, const uint8_t *data, size_t size)
{
    memset(in, 0, sizeof *in);
    in->text = (const char *)data;
    in->size = size;
    if (size > 0 && (data[0] == 1 || data[0] == 2)) {
        const char *nl = memchr(in->text, '\n', size);
        size_t len = nl ? (size_t)(nl - in->text) : size;
        in->option = g_strndup(in->text + 1, len - 1);   /* stops at a NUL byte too */
        in->one[0] = in->option;
        if (data[0] == 1)
            in->opts.overrides = in->one;
        else
            in->opts.sweeps = in->one;
        in->text += nl ? len + 1 : len;
        in->size -= nl ? len + 1 : len;
    }
}

static inline void fuzz_input_clear(FuzzInput *in)
{
    g_free(in->option);
}

#endif
