/*
 * io.c: reading whole files with a size limit, reading streams a line at a
 * time in bounded memory, and writing files atomically (temporary file in
 * the same directory, fsync, rename), so a crash never leaves a
 * half-written model or output file behind.
 */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "io.h"

void *io_alloc_big(size_t size)
{
    const size_t huge = (size_t)2 << 20;
    if (size < huge)
        return aligned_alloc(64, (size + 63) / 64 * 64);
    size = (size + huge - 1) / huge * huge;
    void *p = aligned_alloc(huge, size);
#ifdef MADV_HUGEPAGE
    if (p != NULL)
        madvise(p, size, MADV_HUGEPAGE);
#endif
    return p;
}

stance_status io_read_file(const char *path, size_t limit, char **buf, size_t *len,
                           stance_error *err)
{
    *buf = NULL;
    *len = 0;
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (fp == NULL)
        return set_error(err, STANCE_EIO, path, 0, "cannot open: %s", strerror(errno));
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        if (!is_stdin)
            fclose(fp);
        return set_error(err, STANCE_EIO, path, 0, "is a directory");
    }
    size_t cap = 65536, n = 0;
    if (S_ISREG(sb.st_mode) && sb.st_size > 0)
        cap = (size_t)sb.st_size + 1;
    if (limit && cap > limit + 1)
        cap = limit + 1;
    char *b = io_alloc_big(cap + 1);
    stance_status st = STANCE_OK;
    if (b == NULL) {
        st = set_error(err, STANCE_ENOMEM, path, 0, "out of memory reading file");
        goto done;
    }
    for (;;) {
        if (n == cap) {
            if (limit && n > limit)
                break;
            size_t ncap = cap * 2;
            char *p = realloc(b, ncap + 1);
            if (p == NULL) {
                st = set_error(err, STANCE_ENOMEM, path, 0, "out of memory reading file");
                goto done;
            }
            b = p;
            cap = ncap;
        }
        size_t want = cap - n;
        if (limit && n + want > limit + 1)
            want = limit + 1 - n;
        size_t got = fread(b + n, 1, want, fp);
        n += got;
        if (got < want) {
            if (ferror(fp)) {
                st = set_error(err, STANCE_EIO, path, 0, "read error: %s", strerror(errno));
                goto done;
            }
            break;
        }
        if (limit && n > limit)
            break;
    }
    if (limit && n > limit) {
        st = set_error(err, STANCE_ELIMIT, path, 0, "file exceeds the size limit of %zu bytes",
                       limit);
        goto done;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    b = NULL;
done:
    free(b);
    if (!is_stdin)
        fclose(fp);
    return st;
}

stance_status io_create_temp(const char *path, FILE **fp, char **tmp, stance_error *err)
{
    *fp = NULL;
    *tmp = NULL;
    size_t n = strlen(path) + 16;
    char *t = malloc(n);
    if (t == NULL)
        return set_error(err, STANCE_ENOMEM, path, 0, "out of memory");
    snprintf(t, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(t);
    if (fd < 0) {
        stance_status st = set_error(err, STANCE_EIO, path, 0, "cannot create temporary file: %s",
                                     strerror(errno));
        free(t);
        return st;
    }
    fchmod(fd, 0644);
    *fp = fdopen(fd, "wb");
    if (*fp == NULL) {
        close(fd);
        unlink(t);
        free(t);
        return set_error(err, STANCE_EIO, path, 0, "cannot open temporary file");
    }
    *tmp = t;
    return STANCE_OK;
}

stance_status io_commit(FILE *fp, char *tmp, const char *path, stance_error *err)
{
    bool ok = fflush(fp) == 0 && !ferror(fp) && fsync(fileno(fp)) == 0;
    int saved = errno;
    if (fclose(fp) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0) {
        saved = errno;
        ok = false;
    }
    if (!ok) {
        unlink(tmp);
        free(tmp);
        return set_error(err, STANCE_EIO, path, 0, "cannot write: %s", strerror(saved));
    }
    free(tmp);
    return STANCE_OK;
}

void io_abandon(FILE *fp, char *tmp)
{
    if (fp)
        fclose(fp);
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
}

enum { LINES_BLOCK = 1 << 16 };

stance_status io_lines_init(io_lines *r, int fd, size_t keep)
{
    memset(r, 0, sizeof *r);
    r->fd = fd;
    r->keep = keep;
    r->block = malloc(LINES_BLOCK);
    return r->block ? STANCE_OK : STANCE_ENOMEM;
}

/* Append s[0..n) to the kept line, up to r->keep bytes; false on ENOMEM. */
static bool lines_keep(io_lines *r, const char *s, size_t n)
{
    if (n > r->keep - r->n) {
        n = r->keep - r->n;
        r->cut = true;
    }
    if (r->n + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->n + n + 1)
            cap *= 2;
        char *p = realloc(r->line, cap);
        if (p == NULL)
            return false;
        r->line = p;
        r->cap = cap;
    }
    memcpy(r->line + r->n, s, n);
    r->n += n;
    r->line[r->n] = '\0';
    return true;
}

int io_lines_next(io_lines *r)
{
    r->n = 0;
    r->cut = false;
    r->quotes = 0;
    r->start = r->next;
    if (!lines_keep(r, "", 0))
        return IO_LINES_ERROR;
    for (;;) {
        if (r->pos == r->len) {
            ssize_t got = read(r->fd, r->block, LINES_BLOCK);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0)
                return IO_LINES_ERROR;
            if (got == 0)
                return r->next > r->start ? IO_LINES_LAST : IO_LINES_EOF;
            r->pos = 0;
            r->len = (size_t)got;
        }
        const char *p = r->block + r->pos, *nl = memchr(p, '\n', r->len - r->pos);
        size_t take = nl ? (size_t)(nl - p) : r->len - r->pos;
        for (const char *q = p; r->count_quotes && (q = memchr(q, '"', take - (size_t)(q - p)));
             q++)
            r->quotes++;
        if (!lines_keep(r, p, take)) {
            errno = ENOMEM;
            return IO_LINES_ERROR;
        }
        r->pos += take + (nl != NULL);
        r->next += take + (nl != NULL);
        if (nl != NULL)
            return IO_LINES_LINE;
    }
}

void io_lines_free(io_lines *r)
{
    free(r->block);
    free(r->line);
    memset(r, 0, sizeof *r);
}
