/* analysis/json-read.h - reading JSON that hapgsim did not necessarily write.
 *
 * json-glib reads a whole text and its parser recurses once per nesting level, so a
 * file of 200 000 '[' overflows the stack, and a file that never ends (/dev/zero, a
 * FIFO that keeps writing) is read for ever.  Every reader of results and journals goes
 * through these checks first.
 */
#ifndef HAPGSIM_ANALYSIS_JSON_READ_H
#define HAPGSIM_ANALYSIS_JSON_READ_H

#include <glib.h>

/* Nesting deeper than this is refused: hapgsim's own files nest 6 deep at most. */
#define ANA_JSON_MAX_DEPTH_READ 64
/* A result or journal larger than this is refused (10^6 replications take 1.3 GB). */
#define ANA_JSON_MAX_BYTES ((gsize)8 << 30)

/* Reads `path` whole into *data (NUL-terminated; *len bytes without the NUL), in
 * chunks, stopping with an error at the first NUL byte (no JSON text has one: this ends
 * /dev/zero at once) or past `max_bytes`.  Errors: G_FILE_ERROR, the message starting
 * with the path. */
gboolean ana_json_read_file(const char *path, gsize max_bytes, char **data, gsize *len,
                            GError **error);

/* Whether the JSON text nests (arrays and objects, outside strings) at most
 * `max_depth` deep; a text that is not JSON at all may pass, for the parser to judge. */
gboolean ana_json_depth_ok(const char *data, gsize len, guint max_depth);

#endif
