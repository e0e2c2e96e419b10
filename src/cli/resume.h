/* resume.h: the --output file, written as FILE.partial and renamed when
 * complete, and --resume, which continues an interrupted run. */
#ifndef STANCE_CLI_RESUME_H
#define STANCE_CLI_RESUME_H

#include <stdio.h>

#include "output.h"
#include "strset.h"

/* Open PATH.partial for writing.  With resume, continue from PATH.partial
 * (or from a finished PATH): the inputs recorded there go into done, except
 * the last one, whose records may be incomplete and are cut off together
 * with any partial line, so that it is classified again.  *fresh is true
 * when the file is empty (it needs a header).  *partial is malloc'd. */
stance_status output_open(const char *path, bool resume, out_format f, strset *done,
                          FILE **fp, char **partial, bool *fresh, stance_error *err);

/* Flush, fsync and rename PATH.partial to PATH (ok), or keep the partial
 * file for a later --resume (!ok).  Frees partial. */
stance_status output_close(FILE *fp, char *partial, const char *path, bool ok, stance_error *err);

#endif
