/* cues.h: stance-cue tokens, a feature block over cue classes (private).
 *
 * Bags of n-grams learn the corpus's words; real reporting puts stance in
 * other words and in the relation between a cue and the treaty.  cue_append
 * adds to a tokenised sentence one token per cue it finds ("‹approve›",
 * "‹approve.n›" when negated, "‹harm.m›" under a modal, "‹reject.t›" with a
 * treaty word near it) and a few sentence-shape tokens ("‹q›" for a question,
 * "‹hl›" for a line without final punctuation, "‹quote›").  They are ordinary
 * word tokens to the n-gram hash, so every path (training, the general
 * path, the word-cache fast path) scores them without knowing they exist;
 * the tokenizer never makes such a token from text, as "‹" is punctuation
 * that stands alone.  The lexicon (cue_lexicon.c) is data; its version is
 * stored in the model ("cues N"), so a model always sees the cues it was
 * trained with. */
#ifndef STANCE_CUES_H
#define STANCE_CUES_H

#include <stdbool.h>
#include <stddef.h>

#include "cue_lexicon.h"
#include "text.h"

/* The lexicon version this build writes; a model's "cues" line names the
 * version it was trained with (0: no cue tokens). */
#define CUE_VERSION 1


/* The class of normalised word w[0..n), or CUE_NONE. */
enum cue_class cue_lookup(const char *w, size_t n);

/* Append the cue tokens of the sentence in t (as text_tokenize left it) to
 * t, for lexicon version version (1..CUE_VERSION).  Returns false when out
 * of memory (t then holds the sentence's own tokens and possibly some cue
 * tokens). */
bool cue_append(tokens *t, int version);

#endif
