/* analysis/json-read.c - bounded reading of JSON inputs (json-read.h). */
#include "analysis/json-read.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

gboolean ana_json_read_file(const char *path, gsize max_bytes, char **data, gsize *len,
                            GError **error)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", path,
                    g_strerror(e));
        return FALSE;
    }
    GByteArray *buf = g_byte_array_new();
    guint8 chunk[65536];
    gboolean ok = TRUE;
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", path,
                        g_strerror(e));
            ok = FALSE;
            break;
        }
        if (n == 0)
            break;
        if (memchr(chunk, '\0', (size_t)n) != NULL) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "%s: not a JSON text (it holds a NUL byte)", path);
            ok = FALSE;
            break;
        }
        if (buf->len + (gsize)n > max_bytes) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "%s: larger than %" G_GSIZE_FORMAT " bytes, more than any hapgsim "
                        "result", path, max_bytes);
            ok = FALSE;
            break;
        }
        g_byte_array_append(buf, chunk, (guint)n);
    }
    close(fd);
    if (!ok) {
        g_byte_array_free(buf, TRUE);
        return FALSE;
    }
    *len = buf->len;
    g_byte_array_append(buf, (const guint8 *)"", 1);
    *data = (char *)g_byte_array_free(buf, FALSE);
    return TRUE;
}

gboolean ana_json_depth_ok(const char *data, gsize len, guint max_depth)
{
    guint depth = 0;
    gboolean in_string = FALSE;
    for (gsize i = 0; i < len; i++) {
        char c = data[i];
        if (in_string) {
            if (c == '\\')
                i++;                     /* the escaped character, whatever it is */
            else if (c == '"')
                in_string = FALSE;
        } else if (c == '"') {
            in_string = TRUE;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth)
                return FALSE;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return TRUE;
}
