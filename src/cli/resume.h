/* resume.h: the --output file, written as FILE.partial under an exclusive
 * lock and renamed when complete, and --resume, which continues an
 * interrupted run. */
#ifndef STANCE_CLI_RESUME_H
#define STANCE_CLI_RESUME_H

#include <stdio.h>

#include "batch.h"

/* An output file being written: PATH.partial, open and locked. */
typedef struct output_file {
    FILE *fp;
    char *partial;    /* PATH.partial, malloc'd */
    uint64_t opened;  /* its size once opened (and cut) */
    bool finished;    /* --resume took a finished PATH as the partial */
} output_file;

/* Open PATH.partial for writing, locked (flock, not waiting: a second run
 * on the same output is refused).  PATH and PATH.partial must be regular
 * files if they exist.  With resume, continue from PATH.partial (or from a
 * finished PATH): it must hold records of the format, kind and model that
 * o describes; the inputs recorded there whole go into plan by position,
 * the last one's records (which a kill may have cut short) and any partial
 * line are cut off so that it is classified again.  The partial is read a
 * line at a time (memory bounded, whatever its size).  *fresh is true when
 * the file is empty (it needs a header).  The caller frees plan with
 * resume_plan_free, and closes of with output_close. */
stance_status output_open(const char *path, bool resume, const batch_options *o,
                          resume_plan *plan, output_file *of, bool *fresh, stance_error *err);

/* ok: flush, fsync and rename PATH.partial to PATH; !ok: close it, kept
 * for a later --resume (the caller has said why), or, when it was a
 * finished PATH and nothing was added, renamed back.  Frees of->partial. */
stance_status output_close(output_file *of, const char *path, bool ok, stance_error *err);

void resume_plan_free(resume_plan *plan);

#endif
