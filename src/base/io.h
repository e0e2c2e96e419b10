/* io.h: whole-file and line reading, and atomic writing (private). */
#ifndef STANCE_IO_H
#define STANCE_IO_H

#include <stdint.h>
#include <stdio.h>

#include "stance.h"

/* size bytes, 64-byte aligned; from 2 MiB up, 2 MiB aligned in huge pages
 * where the kernel offers them, which turns thousands of page faults into a
 * handful.  Freed with free(), and may be realloc'd. */
void *io_alloc_big(size_t size);

/* Read all of path ("-" is stdin) into a malloc'd buffer, NUL-terminated
 * (the NUL is not counted in *len).  Files larger than limit bytes (0: no
 * limit) fail with STANCE_ELIMIT.  The caller frees *buf. */
stance_status io_read_file(const char *path, size_t limit, char **buf, size_t *len,
                           stance_error *err);

/* Open a temporary file beside path for writing; *tmp (malloc'd) names it.
 * Finish with io_commit, which flushes, fsyncs and renames it over path, or
 * io_abandon, which removes it. */
stance_status io_create_temp(const char *path, FILE **fp, char **tmp, stance_error *err);
stance_status io_commit(FILE *fp, char *tmp, const char *path, stance_error *err);
void io_abandon(FILE *fp, char *tmp);

/* A stream read a line at a time through a fixed block, keeping at most
 * keep bytes of each line (the rest is read and dropped), so that memory
 * is bounded by keep whatever the lines' length.  The kept bytes grow as
 * needed, up to keep. */
typedef struct io_lines {
    int fd;
    char *block;
    size_t pos, len;
    char *line;           /* the line's first n bytes, without its newline */
    size_t n, cap, keep;
    bool cut;             /* the line was longer than keep */
    bool count_quotes;    /* set by the caller: count '"' in the whole line */
    size_t quotes;        /* the line's '"' bytes, kept or not (CSV records) */
    uint64_t start, next; /* offsets of the line and of what follows it */
} io_lines;

enum { IO_LINES_EOF = 0, IO_LINES_LINE = 1, IO_LINES_LAST = 2, IO_LINES_ERROR = -1 };

/* Start reading fd (not owned) from its current position, counted as
 * offset 0.  Returns STANCE_ENOMEM or STANCE_OK. */
stance_status io_lines_init(io_lines *r, int fd, size_t keep);

/* The next line into r->line: IO_LINES_LINE for one ended by a newline,
 * IO_LINES_LAST for a last line without one, IO_LINES_EOF, or
 * IO_LINES_ERROR (errno says why: a read error, or ENOMEM). */
int io_lines_next(io_lines *r);

void io_lines_free(io_lines *r);

#endif
