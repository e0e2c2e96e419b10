/* cue_lexicon.h: the cue words, generated into cue_lexicon.c (private). */
#ifndef STANCE_CUE_LEXICON_H
#define STANCE_CUE_LEXICON_H

#include <stddef.h>
#include <stdint.h>

/* The cue classes: what a cue word says (cues.h turns them into tokens). */
enum cue_class {
    CUE_NONE = 0,
    CUE_REJECT,   /* denounced, illegal, flawed: rejection or present harm said */
    CUE_APPROVE,  /* welcomed, backed, historic, hopes */
    CUE_WARN,     /* warned, risk, dangerous, precedent */
    CUE_HARM,     /* harm, undermine, cost, destabilise: harm done or to come */
    CUE_FAIL,     /* dead, collapse, doomed: the treaty failing */
    CUE_LEGAL,    /* lawful, legitimate, valid, in line with */
    CUE_COMMIT,   /* ratify, implement, uphold, join, sign */
    CUE_LEAVE,    /* withdraw, quit, suspend, scrap, revoke */
    CUE_REGRET,   /* regret, deplore, blame: criticism of another's act */
    CUE_NEG,      /* not, never, refused (to) */
    CUE_MOD,      /* would, could, may, will */
    CUE_TREATY,   /* treaty, pact, accord, deal */
    CUE_REPORT,   /* said, told, according */
    CUE_CLASSES
};

struct cue_word {
    const char *word;  /* normalised, as text_tokenize leaves it */
    uint8_t len;
    uint8_t cls;       /* enum cue_class */
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
