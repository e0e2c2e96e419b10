/*
 * fuzz_attrib.c: stance_attribute, the rules that find each sentence's
 * source and target treaty, on arbitrary text made valid UTF-8 first (each
 * invalid byte becomes '?', as stance-classify --lossy does; valid text is
 * what the program hands it).  The first input byte chooses the sentence
 * spans: stance_split's, as stance-classify gives them, or one span per
 * line, as with --lines (the whole text then being one article).
 *
 * The text is made valid and the lines split by stance-classify's own
 * batch_make_lossy and the library's stance_split_lines.
 *
 * Checks: attribution succeeds with one entry per sentence; every source
 * and target is NULL or a non-empty NUL-terminated string of valid UTF-8
 * no longer than twice the text (a name is made of the article's words,
 * joined by single spaces); the same text attributes the same way twice.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "fuzz_check.h"
#include "stance.h"

static void check_name(const char *name, size_t len)
{
    if (name == NULL)
        return;
    size_t n = strlen(name);
    FUZZ_CHECK(n > 0);
    FUZZ_CHECK(n <= 2 * len + 1);
    FUZZ_CHECK(stance_utf8_valid(name, n, NULL));
}

static int same(const char *a, const char *b)
{
    return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    bool by_line = data[0] & 1;
    size_t len = size - 1, count = 0;
    char *text = malloc(len + 1);
    FUZZ_CHECK(text != NULL);
    memcpy(text, data + 1, len);
    text[len] = '\0';
    batch_make_lossy(text, len);
    stance_span *spans = NULL;
    stance_error err;
    if (by_line)
        FUZZ_CHECK(stance_split_lines(text, len, &spans, &count) == STANCE_OK);
    else
        FUZZ_CHECK(stance_split(text, len, &spans, &count, &err) == STANCE_OK);
    stance_attribution *a = (stance_attribution *)1, *b = NULL;
    FUZZ_CHECK(stance_attribute(text, len, spans, count, &a, &err) == STANCE_OK);
    FUZZ_CHECK((a == NULL) == (count == 0));
    for (size_t i = 0; i < count; i++) {
        check_name(a[i].source, len);
        check_name(a[i].target, len);
    }
    FUZZ_CHECK(stance_attribute(text, len, spans, count, &b, &err) == STANCE_OK);
    for (size_t i = 0; i < count; i++)
        FUZZ_CHECK(same(a[i].source, b[i].source) && same(a[i].target, b[i].target));
    stance_attribution_free(a, count);
    stance_attribution_free(b, count);
    free(spans);
    free(text);
    return 0;
}
