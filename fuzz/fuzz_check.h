/* fuzz_check.h: the invariant check shared by the fuzz targets.  Not
 * assert(): release builds define NDEBUG, and a failed invariant must stop
 * the fuzzer with a message in every build. */
#ifndef STANCE_FUZZ_CHECK_H
#define STANCE_FUZZ_CHECK_H

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

#endif
