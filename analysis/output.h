/* analysis/output.h - where a command's results go: a file written whole or not at all,
 * a special file written into, or standard output; every writing error reported.
 *
 * ana_output_open decides, before any work is done, how `path` is written:
 *   - NULL or "-": standard output;
 *   - an existing character device, FIFO or socket: written into directly, never
 *     replaced (so `-o /dev/null` leaves the device alone);
 *   - a symbolic link: followed (to its final target, which may not exist yet) and the
 *     target written as below; the link itself stays;
 *   - a regular file, or a name that does not exist yet: replaced atomically.  The data
 *     goes to an unnamed file in the target's directory (O_TMPFILE), which is given a
 *     temporary name and renamed over the target only on ana_output_commit, so a run
 *     that fails or is killed leaves nothing behind.  (Where the file system has no
 *     O_TMPFILE, a temporary file ".NAME.hapgsim-tmp-XXXXXX" is used instead, removed
 *     on every error, but not on SIGKILL.)
 * Opening checks what can be checked up front: the directory exists and is writable
 * (the unnamed file is created at once), the target is not a directory or a block
 * device, and it is not one of the command's input files (same device and inode).
 *
 * Writes are buffered; the first error (ENOSPC, EPIPE, EIO, a short write...) is kept
 * and reported by ana_output_commit, which also flushes and closes.  A memory output
 * (ana_output_new_memory) collects the bytes instead, for the char * writers and tests.
 */
#ifndef HAPGSIM_ANALYSIS_OUTPUT_H
#define HAPGSIM_ANALYSIS_OUTPUT_H

#include <glib.h>
#include <stddef.h>

typedef struct AnaOutput AnaOutput;

/* `inputs`: NULL-terminated list of files the command reads (may be NULL; "-" and
 * NULL entries are skipped); an output that is one of them is refused.  Errors are in
 * G_FILE_ERROR and their message starts with the path. */
AnaOutput *ana_output_open(const char *path, const char *const *inputs, GError **error);
AnaOutput *ana_output_new_memory(void);

void ana_output_write(AnaOutput *o, const char *data, size_t len);
void ana_output_puts(AnaOutput *o, const char *s);
void ana_output_printf(AnaOutput *o, const char *format, ...) G_GNUC_PRINTF(2, 3);
/* Writes out what is buffered (into the temporary file, for a regular file): for
 * standard output read as it comes.  Errors are kept for ana_output_commit. */
void ana_output_flush(AnaOutput *o);

/* Flushes, closes and (for a file written atomically) renames into place.  Returns
 * FALSE with `error` set when anything failed: nothing is then left at the target but
 * what was there before (special files and stdout may have received part of the
 * data).  Frees `o`. */
gboolean ana_output_commit(AnaOutput *o, GError **error);
/* Gives up: nothing is renamed, the temporary file disappears.  Frees `o`; NULL is
 * allowed. */
void ana_output_abort(AnaOutput *o);
/* A memory output's bytes (NUL-terminated); frees `o`. */
char *ana_output_steal(AnaOutput *o);

/* The file a regular output finally replaces (symlinks followed), or NULL for
 * standard output, special files and memory. */
const char *ana_output_file(const AnaOutput *o);
/* The path as the user gave it ("standard output" for stdout), for messages. */
const char *ana_output_name(const AnaOutput *o);

/* Writes all of `len` bytes of `data` to `fd`, retrying after EINTR and short writes,
 * without dying of SIGPIPE (EPIPE is returned instead).  Returns 0 or an errno. */
int ana_write_all(int fd, const char *data, size_t len);

#endif
