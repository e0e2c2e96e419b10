/*
 * fuzz_options.c: linked into every fuzz target.  Sanitizer defaults, so
 * that a target run by hand stops on undefined behaviour just as under
 * scripts/fuzz.sh, the switch for fuzzing past known findings, and the
 * checks the targets share.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "text.h"

const char *__ubsan_default_options(void);

const char *__ubsan_default_options(void)
{
    return "halt_on_error=1:print_stacktrace=1";
}

bool fuzz_skip_known(void)
{
    static int skip = -1;
    if (skip < 0) {
        const char *v = getenv("STANCE_FUZZ_SKIP_KNOWN");
        skip = v != NULL && strcmp(v, "1") == 0;
    }
    return skip == 1;
}

void fuzz_check_gap(const unsigned char *data, size_t a, size_t b)
{
    while (a < b) {
        int32_t cp;
        size_t k = text_decode(data + a, b - a, &cp);
        FUZZ_CHECK(k > 0);
        FUZZ_CHECK(text_is_space(cp));
        a += k;
    }
}
