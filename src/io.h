/* io.h: whole-file reading and atomic writing (private). */
#ifndef STANCE_IO_H
#define STANCE_IO_H

#include <stdio.h>

#include "stance.h"

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
