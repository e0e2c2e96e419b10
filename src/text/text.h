/* text.h: UTF-8 checking, normalisation and tokenisation (private). */
#ifndef STANCE_TEXT_H
#define STANCE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "chars.h" /* the character classes, shared by every tokenizer */
#include "stance.h"

typedef enum tok_type { TOK_WORD, TOK_NUMBER, TOK_PUNCT } tok_type;

/* One token: bytes [start, end) of the original text, and its normalised
 * form (NFKC, case-folded, curly apostrophes made straight) at
 * tokens.norm + norm_off, norm_len bytes, not NUL-terminated. */
typedef struct token {
    size_t start, end;
    size_t norm_off, norm_len;
    tok_type type;
} token;

/* A reusable token list; its buffers grow as needed and are kept between
 * calls so that steady-state tokenising allocates nothing. */
typedef struct tokens {
    token *tok;
    size_t count, cap;
    char *norm;
    size_t norm_len, norm_cap;
    int32_t *u32;          /* utf8proc scratch */
    size_t u32_cap;
} tokens;

void tokens_init(tokens *t);
void tokens_free(tokens *t);

/* The feature tokenizer: tokenise text[0..len), replacing the list's
 * contents, into the words, numbers and punctuation marks whose normalised
 * forms the feature n-grams hash (so its output is part of what a model
 * file means: a change to it changes every model).  Words are letters and
 * digits with apostrophes between letters; numbers keep . , : between
 * digits; "U.S" keeps its inner dots; each CJK ideograph is a word
 * (character classes: chars.h).  The sentence splitter (sentences.c) and
 * attribution's word scan (src/attrib/tokens.c) cut words by their own
 * rules from the same classes.  Returns STANCE_EUTF8 (with *bad_offset
 * set) on invalid UTF-8, STANCE_ENOMEM. */
stance_status text_tokenize(const char *text, size_t len, tokens *out, size_t *bad_offset);

/* Decode one code point at s[0..n) (n >= 1).  Returns its length in bytes
 * and stores it in *cp, or returns 0 for an invalid sequence. */
size_t text_decode(const unsigned char *s, size_t n, int32_t *cp);

/* Make *buf hold at least need elements of elem bytes, doubling its
 * capacity *cap; false (buffer untouched) when out of memory. */
bool grow_buffer(void **buf, size_t *cap, size_t need, size_t elem);


#endif
