/*
 * fuzz_split.c: stance_split on arbitrary bytes.  Invalid UTF-8 must fail
 * with STANCE_EUTF8 at the offset stance_utf8_valid reports; valid text
 * must split, into spans that are ordered, non-overlapping, inside the
 * text, non-empty, on code point boundaries and trimmed (no leading or
 * trailing ASCII white space: space, \t, \n, \v, \f, \r), and that
 * together hold every non-space character of the text.
 *
 * With STANCE_FUZZ_SKIP_KNOWN=1 the trailing check covers only the four
 * characters the splitter trims today (space, \t, \r, \n): a known
 * finding, see fuzz/README.md.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "stance.h"
#include "text.h"

static bool ascii_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    stance_span *spans = (stance_span *)1;
    size_t count = 99, want_bad = 0;
    stance_error err;
    memset(&err, 0, sizeof err);
    bool valid = stance_utf8_valid(text, size, &want_bad);
    stance_status st = stance_split(text, size, &spans, &count, &err);
    if (!valid) {
        FUZZ_CHECK(st == STANCE_EUTF8);
        FUZZ_CHECK(spans == NULL && count == 0);
        FUZZ_CHECK(err.code == STANCE_EUTF8 && err.has_offset && err.offset == want_bad);
        return 0;
    }
    FUZZ_CHECK(st == STANCE_OK);
    FUZZ_CHECK((count == 0) == (spans == NULL));
    size_t prev_end = 0;
    for (size_t i = 0; i < count; i++) {
        size_t a = spans[i].start, b = spans[i].end;
        FUZZ_CHECK(a < b);
        FUZZ_CHECK(b <= size);
        FUZZ_CHECK(a >= prev_end);
        FUZZ_CHECK(!fuzz_is_cont(data[a]));
        FUZZ_CHECK(b == size || !fuzz_is_cont(data[b]));
        FUZZ_CHECK(stance_utf8_valid(text + a, b - a, NULL));
        FUZZ_CHECK(!ascii_space(data[a]));
        if (fuzz_skip_known())
            FUZZ_CHECK(data[b - 1] != ' ' && data[b - 1] != '\t' && data[b - 1] != '\r' &&
                       data[b - 1] != '\n');
        else
            FUZZ_CHECK(!ascii_space(data[b - 1]));
        fuzz_check_gap(data, prev_end, a);
        prev_end = b;
    }
    fuzz_check_gap(data, prev_end, size);
    free(spans);
    return 0;
}
