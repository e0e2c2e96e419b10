/*
 * fuzz_text.c: the tokenizer and normaliser (text_tokenize) on arbitrary
 * bytes.  Valid UTF-8 must tokenise; invalid UTF-8 must fail with the offset
 * stance_utf8_valid reports.  Tokens must be non-empty, ordered, inside the
 * text, on code point boundaries, separated only by white space, and their
 * normalised forms must tile the norm buffer with valid UTF-8.  A token
 * list reused from an earlier call must give the same result as a fresh
 * one, and the feature extractor must digest the text too.
 */
#include <stdint.h>
#include <string.h>

#include "features.h"
#include "fuzz_check.h"
#include "text.h"

static void check_tokens(const uint8_t *data, size_t size, const tokens *t)
{
    size_t prev_end = 0, norm = 0;
    for (size_t i = 0; i < t->count; i++) {
        const token *k = &t->tok[i];
        FUZZ_CHECK(k->start < k->end);
        FUZZ_CHECK(k->end <= size);
        FUZZ_CHECK(k->start >= prev_end);
        FUZZ_CHECK(!fuzz_is_cont(data[k->start]));
        FUZZ_CHECK(k->end == size || !fuzz_is_cont(data[k->end]));
        FUZZ_CHECK(k->type == TOK_WORD || k->type == TOK_NUMBER || k->type == TOK_PUNCT);
        fuzz_check_gap(data, prev_end, k->start);
        int32_t cp;
        FUZZ_CHECK(text_decode(data + k->start, size - k->start, &cp) > 0);
        FUZZ_CHECK(!text_is_space(cp));
        FUZZ_CHECK(k->norm_off == norm);
        norm += k->norm_len;
        FUZZ_CHECK(norm <= t->norm_len);
        FUZZ_CHECK(stance_utf8_valid(t->norm + k->norm_off, k->norm_len, NULL));
        prev_end = k->end;
    }
    fuzz_check_gap(data, prev_end, size);
    FUZZ_CHECK(norm == t->norm_len);
}

static void check_same(const tokens *a, const tokens *b)
{
    FUZZ_CHECK(a->count == b->count);
    FUZZ_CHECK(a->norm_len == b->norm_len);
    for (size_t i = 0; i < a->count; i++) {
        const token *x = &a->tok[i], *y = &b->tok[i];
        FUZZ_CHECK(x->start == y->start && x->end == y->end && x->type == y->type);
        FUZZ_CHECK(x->norm_off == y->norm_off && x->norm_len == y->norm_len);
    }
    FUZZ_CHECK(a->norm_len == 0 || memcmp(a->norm, b->norm, a->norm_len) == 0);
}

/* Word 1-3-grams and char 1-5-grams with texts kept, no table: every
 * bucket inside the hash space, every text inside the text buffer. */
static void check_features(const uint8_t *data, size_t size)
{
    static const feat_config cfg = {1, 3, 1, 5, 16, 0.5};
    extractor x;
    extractor_init(&x);
    size_t bad = 0;
    stance_status st = feat_extract(&x, &cfg, NULL, (const char *)data, size, true, &bad);
    FUZZ_CHECK(st == STANCE_OK);
    for (size_t i = 0; i < x.n; i++) {
        const feat_entry *e = &x.e[i];
        FUZZ_CHECK(e->key < (1u << cfg.hash_bits));
        FUZZ_CHECK(e->count >= 1);
        FUZZ_CHECK(e->block == BLOCK_WORD || e->block == BLOCK_CHAR);
        FUZZ_CHECK(e->text < x.text_len);
        FUZZ_CHECK(memchr(x.text + e->text, '\0', x.text_len - e->text) != NULL);
    }
    feat_sort(&x);
    for (size_t i = 1; i < x.n; i++)
        FUZZ_CHECK(x.e[i - 1].key < x.e[i].key);
    extractor_free(&x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t want_bad = 0, bad = 0;
    bool valid = stance_utf8_valid(text, size, &want_bad);
    tokens fresh;
    tokens_init(&fresh);
    stance_status st = text_tokenize(text, size, &fresh, &bad);
    if (!valid) {
        FUZZ_CHECK(st == STANCE_EUTF8);
        FUZZ_CHECK(bad == want_bad);
        tokens_free(&fresh);
        return 0;
    }
    FUZZ_CHECK(st == STANCE_OK);
    check_tokens(data, size, &fresh);

    /* a list holding an earlier, different text (grown buffers, stale
     * tokens) must be fully replaced */
    static const char other[] = "\xC3\x9C" "BER \xEF\xAC\x81le U.S. 3.5 Russia\xE2\x80\x99s \xE4\xB8\xAD\xE6\x96\x87 !?";
    tokens reused;
    tokens_init(&reused);
    FUZZ_CHECK(text_tokenize(other, sizeof other - 1, &reused, NULL) == STANCE_OK);
    FUZZ_CHECK(text_tokenize(text, size / 2, &reused, NULL) == STANCE_OK ||
               !stance_utf8_valid(text, size / 2, NULL));
    FUZZ_CHECK(text_tokenize(text, size, &reused, &bad) == STANCE_OK);
    check_same(&fresh, &reused);
    tokens_free(&reused);
    tokens_free(&fresh);

    check_features(data, size);
    return 0;
}
