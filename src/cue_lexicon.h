/* cue_lexicon.h: the cue words, generated into cue_lexicon.c (private). */
#ifndef STANCE_CUE_LEXICON_H
#define STANCE_CUE_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "cues.h"

struct cue_word {
    const char *word;  /* normalised, as text_tokenize leaves it */
    uint8_t len;
    uint8_t cls;       /* enum cue_class */
};

extern const struct cue_word cue_words[];  /* sorted by bytes */
extern const size_t cue_nwords;

#endif
