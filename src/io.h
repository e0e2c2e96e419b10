/* io.h: whole-file reading and atomic writing (private). */
#ifndef STANCE_IO_H
#define STANCE_IO_H

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

#endif
