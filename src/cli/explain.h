/* explain.h: --explain's features in readable form, for every output format. */
#ifndef STANCE_CLI_EXPLAIN_H
#define STANCE_CLI_EXPLAIN_H

#include "stance.h"
#include "strbuf.h"

/* What kind of n-gram a feature is. */
typedef enum explain_kind {
    EXPLAIN_WORDS, /* a word n-gram: "talks with" */
    EXPLAIN_START, /* the sentence's first word: "^ by" */
    EXPLAIN_CUES,  /* stance-cue tokens only: "‹warn.t›", "‹commit› ‹commit.t›" */
    EXPLAIN_CHARS  /* a character n-gram of a word: "ce>" of "peace" */
} explain_kind;

explain_kind explain_kind_of(const stance_feature_weight *f);

/* "words", "start", "cues" or "chars", the JSON "kind". */
const char *explain_kind_name(explain_kind k);

/* The word a feature is about: a character n-gram's word, the start
 * gram's first word; NULL for the others.  Points into f->text or f->word
 * (not NUL-terminated for the start gram: its length in *len). */
const char *explain_word(const stance_feature_weight *f, size_t *len);

/* Append the feature in words: `words "talks with"`, `first word "by"`,
 * `cue ‹hl›`, `cues ‹commit› ‹commit.t›`, `chars "ce>" of "peace"`. */
void explain_readable(strbuf *b, const stance_feature_weight *f);

#endif
