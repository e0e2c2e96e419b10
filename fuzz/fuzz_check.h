/* fuzz_check.h: what the fuzz targets share.  FUZZ_CHECK rather than
 * assert(): release builds define NDEBUG, and a failed invariant must stop
 * the fuzzer with a message in every build. */
#ifndef STANCE_FUZZ_CHECK_H
#define STANCE_FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                            \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                         \
            abort();                                                                \
        }                                                                           \
    } while (0)

/* True when STANCE_FUZZ_SKIP_KNOWN=1: the targets then relax the checks
 * that known, not yet fixed findings fail (see fuzz/README.md), so that
 * fuzzing can go past them.  Sanitizer findings are skipped with
 * fuzz/known-issues.supp instead. */
bool fuzz_skip_known(void);

/* Is c a UTF-8 continuation byte (not the start of a code point)? */
static inline bool fuzz_is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Check that every code point of data[a..b) is white space: what a
 * tokeniser or splitter may leave between its pieces. */
void fuzz_check_gap(const unsigned char *data, size_t a, size_t b);

#endif
