/* scratch.h: a test program's temporary directory and the files in it. */
#ifndef STANCE_TESTS_SCRATCH_H
#define STANCE_TESTS_SCRATCH_H
#include <stddef.h>

/* The directory, or "" when it could not be made (tests then fail on it). */
extern char tmpdir[256];

/* Make /tmp/stance-TAG-XXXXXX into tmpdir. */
void scratch_make(const char *tag);

/* Remove tmpdir and everything under it. */
void scratch_remove(void);

/* Write len bytes to tmpdir/name, making the directories name holds;
 * returns the path in one of eight static buffers, used in turn. */
const char *scratch_put(const char *name, const void *data, size_t len);

#endif
