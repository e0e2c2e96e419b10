/* error.h: filling the caller's stance_error (private). */
#ifndef STANCE_ERROR_H
#define STANCE_ERROR_H

#include "stance.h"

/* Record code and a printf-style message in err (if not NULL), with the
 * file (may be NULL) and line (0 for none).  Returns code, so that callers
 * can write `return set_error(...)`. */
stance_status set_error(stance_error *err, stance_status code, const char *file,
                        size_t line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Add a byte offset to an error already set. */
void set_error_offset(stance_error *err, size_t offset);

#endif
