/* cue_lexicon.h: the cue words, generated into cue_lexicon.c (private). */
#ifndef STANCE_CUE_LEXICON_H
#define STANCE_CUE_LEXICON_H

#include <stddef.h>
#include <stdint.h>


struct cue_word {
    const char *word;  /* normalised, as text_tokenize leaves it */
    uint8_t len;
    uint8_t cls;       /* enum cue_class (cues.h) */
};

extern const struct cue_word cue_words[];  /* sorted by bytes */
extern const size_t cue_nwords;

/* Lookup structures: slot h holds 1 + the index of a word whose FNV-1a
 * 32-bit hash, masked, starts its linear probe at h (0: empty); the sieve
 * has the bit cue_sieve_bit of every word set. */
#define CUE_SLOTS 2048
extern const uint16_t cue_slots[CUE_SLOTS];
extern const uint64_t cue_sieve[64];

static inline unsigned cue_sieve_bit(const unsigned char *w, size_t n)
{
    return (unsigned)(n * 131 + w[0] * 31u + w[n - 1]) & 4095u;
}

#endif
