/* analysis/output.c - output files: atomic replacement, special files, stdout, errors. */
#define _GNU_SOURCE               /* O_TMPFILE, linkat */
#include "analysis/output.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FLUSH_AT (64 * 1024)

typedef enum {
    OUT_MEMORY,
    OUT_STDOUT,
    OUT_SPECIAL,                  /* an existing device, FIFO or socket: written into */
    OUT_ATOMIC,                   /* a regular file: replaced on commit */
} OutKind;

struct AnaOutput {
    OutKind kind;
    char *name;                   /* as given, for messages */
    char *target;                 /* OUT_ATOMIC: the file replaced (symlinks followed) */
    char *temp;                   /* OUT_ATOMIC without O_TMPFILE: the named temporary */
    int fd;
    GString *buf;
    int error;                    /* the first errno of a write, 0 if none */
};

int ana_write_all(int fd, const char *data, size_t len)
{
    /* SIGPIPE blocked in this thread while writing, so that a closed pipe gives EPIPE
     * instead of ending the process; a SIGPIPE raised by our write is then consumed */
    sigset_t pipe_set, old, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigemptyset(&pending);
    sigpending(&pending);
    gboolean was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    int err = 0;
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            err = n < 0 ? errno : EIO;
            break;
        }
        data += n;
        len -= (size_t)n;
    }
    if (err == EPIPE && !was_pending) {
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return err;
}

static void flush(AnaOutput *o)
{
    if (o->kind == OUT_MEMORY || o->buf->len == 0)
        return;
    if (o->error == 0)
        o->error = ana_write_all(o->fd, o->buf->str, o->buf->len);
    g_string_truncate(o->buf, 0);
}

void ana_output_flush(AnaOutput *o)
{
    flush(o);
}

void ana_output_write(AnaOutput *o, const char *data, size_t len)
{
    g_string_append_len(o->buf, data, (gssize)len);
    if (o->buf->len >= FLUSH_AT)
        flush(o);
}

void ana_output_puts(AnaOutput *o, const char *s)
{
    ana_output_write(o, s, strlen(s));
}

void ana_output_printf(AnaOutput *o, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    g_string_append_vprintf(o->buf, format, ap);
    va_end(ap);
    if (o->buf->len >= FLUSH_AT)
        flush(o);
}

static AnaOutput *output_new(OutKind kind, const char *name)
{
    AnaOutput *o = g_new0(AnaOutput, 1);
    o->kind = kind;
    o->name = g_strdup(name);
    o->fd = -1;
    o->buf = g_string_sized_new(kind == OUT_MEMORY ? 1024 : FLUSH_AT + 4096);
    return o;
}

static void output_free(AnaOutput *o)
{
    g_string_free(o->buf, TRUE);
    g_free(o->name);
    g_free(o->target);
    g_free(o->temp);
    g_free(o);
}

AnaOutput *ana_output_new_memory(void)
{
    return output_new(OUT_MEMORY, "memory");
}

static gboolean fail(GError **error, int err, const char *format, ...) G_GNUC_PRINTF(3, 4);
static gboolean fail(GError **error, int err, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    char *msg = g_strdup_vprintf(format, ap);
    va_end(ap);
    g_set_error_literal(error, G_FILE_ERROR, g_file_error_from_errno(err), msg);
    g_free(msg);
    return FALSE;
}

/* Follows symbolic links from `path` to the final name (which may not exist).  Returns
 * a new string, or NULL with error set. */
static char *resolve(const char *path, GError **error)
{
    char *cur = g_strdup(path);
    for (int depth = 0;; depth++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        if (depth >= 40) {
            fail(error, ELOOP, "%s: %s", path, g_strerror(ELOOP));
            g_free(cur);
            return NULL;
        }
        GError *e = NULL;
        char *link = g_file_read_link(cur, &e);
        if (link == NULL) {
            fail(error, EIO, "%s: %s", path, e->message);
            g_error_free(e);
            g_free(cur);
            return NULL;
        }
        char *next;
        if (g_path_is_absolute(link)) {
            next = link;
        } else {
            char *dir = g_path_get_dirname(cur);
            next = g_build_filename(dir, link, NULL);
            g_free(dir);
            g_free(link);
        }
        g_free(cur);
        cur = next;
    }
}

static gboolean proc_fd_usable(void)
{
    return access("/proc/self/fd", X_OK) == 0;
}

/* Opens the unnamed file (or the named temporary) beside o->target. */
static gboolean open_temp(AnaOutput *o, const struct stat *existing, GError **error)
{
    char *dir = g_path_get_dirname(o->target);
    struct stat ds;
    if (stat(dir, &ds) != 0) {
        int e = errno;
        fail(error, e, "%s: %s %s", o->name,
             e == ENOENT ? "no such directory:" : "cannot reach its directory:",
             e == ENOENT ? dir : g_strerror(e));
        g_free(dir);
        return FALSE;
    }
    if (!S_ISDIR(ds.st_mode)) {
        fail(error, ENOTDIR, "%s: %s is not a directory", o->name, dir);
        g_free(dir);
        return FALSE;
    }
    mode_t mode = existing ? (existing->st_mode & 07777) : 0666;
    o->fd = -1;
#ifdef O_TMPFILE
    if (proc_fd_usable()) {
        o->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
        if (o->fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL &&
            errno != ENOENT) {
            int e = errno;
            fail(error, e, "%s: cannot create a file in %s: %s", o->name, dir, g_strerror(e));
            g_free(dir);
            return FALSE;
        }
    }
#endif
    if (o->fd < 0) {                      /* no O_TMPFILE here: a named temporary */
        char *base = g_path_get_basename(o->target);
        char *tmpl = g_strdup_printf(".%s.hapgsim-tmp-XXXXXX", base);
        o->temp = g_build_filename(dir, tmpl, NULL);
        g_free(base);
        g_free(tmpl);
        o->fd = g_mkstemp_full(o->temp, O_WRONLY | O_CLOEXEC, 0600);
        if (o->fd < 0) {
            int e = errno;
            fail(error, e, "%s: cannot create a file in %s: %s", o->name, dir, g_strerror(e));
            g_free(o->temp);
            o->temp = NULL;
            g_free(dir);
            return FALSE;
        }
        if (!existing) {
            mode_t mask = umask(0);
            umask(mask);
            mode &= ~mask;
        }
        if (fchmod(o->fd, mode) != 0) {
            /* not worth failing for: the file stays 0600 */
        }
    } else if (existing) {
        if (fchmod(o->fd, mode) != 0) {
            /* as above */
        }
    }
    g_free(dir);
    return TRUE;
}

AnaOutput *ana_output_open(const char *path, const char *const *inputs, GError **error)
{
    if (path == NULL || strcmp(path, "-") == 0) {
        AnaOutput *o = output_new(OUT_STDOUT, "standard output");
        o->fd = STDOUT_FILENO;
        fflush(stdout);                   /* what stdio holds goes first */
        return o;
    }
    if (*path == '\0') {
        fail(error, ENOENT, "the output file name is empty");
        return NULL;
    }
    /* stat follows every link, /proc's "magic" ones included (-o /dev/stdout) */
    struct stat st;
    gboolean exists = stat(path, &st) == 0;
    if (!exists && errno != ENOENT) {
        int e = errno;
        fail(error, e, "%s: %s", path, g_strerror(e));
        return NULL;
    }
    char *target = NULL;
    if (exists && S_ISREG(st.st_mode)) {
        char *real = realpath(path, NULL);    /* the file to replace, beside itself */
        target = real ? g_strdup(real) : NULL;
        free(real);
    }
    if (target == NULL)                  /* a new name, maybe through a dangling link */
        target = resolve(path, error);
    if (target == NULL)
        return NULL;
    if (exists && S_ISDIR(st.st_mode)) {
        fail(error, EISDIR, "%s: is a directory", path);
        g_free(target);
        return NULL;
    }
    if (exists && S_ISBLK(st.st_mode)) {
        fail(error, EPERM, "%s: is a block device: not writing a report onto it", path);
        g_free(target);
        return NULL;
    }
    for (const char *const *in = inputs; exists && in && *in; in++) {
        struct stat is;
        if (strcmp(*in, "-") == 0 || stat(*in, &is) != 0 || !S_ISREG(is.st_mode))
            continue;
        if (is.st_dev == st.st_dev && is.st_ino == st.st_ino) {
            fail(error, EEXIST, "%s: is the input file %s: refusing to overwrite it", path, *in);
            g_free(target);
            return NULL;
        }
    }
    AnaOutput *o;
    if (exists && !S_ISREG(st.st_mode)) {
        o = output_new(OUT_SPECIAL, path);
        o->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        g_free(target);
        if (o->fd < 0) {
            int e = errno;
            fail(error, e, "%s: %s", path, e == ENXIO && S_ISSOCK(st.st_mode)
                 ? "is a socket, which cannot be opened as a file" : g_strerror(e));
            output_free(o);
            return NULL;
        }
        return o;
    }
    o = output_new(OUT_ATOMIC, path);
    o->target = target;
    if (!open_temp(o, exists ? &st : NULL, error)) {
        output_free(o);
        return NULL;
    }
    return o;
}

/* Gives the unnamed file a temporary name beside the target; returns an errno. */
static int link_temp(AnaOutput *o)
{
    char *dir = g_path_get_dirname(o->target), *base = g_path_get_basename(o->target);
    char proc[64];
    g_snprintf(proc, sizeof proc, "/proc/self/fd/%d", o->fd);
    int err = EEXIST;
    for (int attempt = 0; attempt < 100 && err == EEXIST; attempt++) {
        char *name = g_strdup_printf(".%s.hapgsim-tmp-%08x", base, g_random_int());
        char *temp = g_build_filename(dir, name, NULL);
        g_free(name);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, temp, AT_SYMLINK_FOLLOW) == 0) {
            o->temp = temp;
            err = 0;
        } else {
            err = errno;
            g_free(temp);
        }
    }
    g_free(dir);
    g_free(base);
    return err;
}

gboolean ana_output_commit(AnaOutput *o, GError **error)
{
    g_return_val_if_fail(o->kind != OUT_MEMORY, FALSE);
    flush(o);
    int err = o->error;
    const char *what = "writing";
    if (err == 0 && o->kind == OUT_ATOMIC && fsync(o->fd) != 0) {
        err = errno;
        what = "writing (fsync)";
    }
    if (err == 0 && o->kind == OUT_ATOMIC && o->temp == NULL) {
        err = link_temp(o);
        what = "naming the new file";
    }
    if (o->kind != OUT_STDOUT && o->fd >= 0) {
        if (close(o->fd) != 0 && err == 0 && errno != EINTR) {
            err = errno;
            what = "closing";
        }
        o->fd = -1;
    }
    if (err == 0 && o->kind == OUT_ATOMIC && rename(o->temp, o->target) != 0) {
        err = errno;
        what = "renaming the new file into place";
    }
    if (err != 0) {
        if (o->kind == OUT_ATOMIC && o->temp)
            g_unlink(o->temp);
        fail(error, err, "%s: %s: %s", o->name, what, g_strerror(err));
    }
    output_free(o);
    return err == 0;
}

void ana_output_abort(AnaOutput *o)
{
    if (o == NULL)
        return;
    if (o->kind != OUT_STDOUT && o->kind != OUT_MEMORY && o->fd >= 0) {
        close(o->fd);
    }
    if (o->kind == OUT_ATOMIC && o->temp)
        g_unlink(o->temp);
    output_free(o);
}

char *ana_output_steal(AnaOutput *o)
{
    g_return_val_if_fail(o->kind == OUT_MEMORY, NULL);
    char *s = g_string_free(o->buf, FALSE);
    o->buf = g_string_new(NULL);
    output_free(o);
    return s;
}

const char *ana_output_file(const AnaOutput *o)
{
    return o->kind == OUT_ATOMIC ? o->target : NULL;
}

const char *ana_output_name(const AnaOutput *o)
{
    return o->name;
}
