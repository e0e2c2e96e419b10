/* featgram.h: what the parts of the feature extractor share (private to
 * features.c, the n-gram blocks wordgrams.c and chargrams.c, the word-cache
 * paths cachecount.c and src/score/featcache.c, through cachegram.h): the
 * n-gram hash, the queue of n-grams waiting to be looked up, and counting
 * rows into entries. */
#ifndef STANCE_FEATGRAM_H
#define STANCE_FEATGRAM_H

#include <string.h>

#include "features.h"

/* 64-bit FNV-1a over s[0..n), continuing from h. */
static inline uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static const uint64_t FNV_BASIS = 0xcbf29ce484222325ULL;

/* The n-gram hash is part of the model file format: a model's rows are the
 * buckets of these hashes, so they must not change, and they must not
 * depend on the host.  A word n-gram of order o hashes "w", o as four
 * little-endian bytes, then each word's normalised bytes and a space; a
 * character n-gram hashes "c" then its bytes; the start bigram "^" then the
 * first word.  A bucket is (h ^ h >> 29) masked to hash_bits.  (Models
 * before this definition hashed the host int's bytes, the same four bytes on
 * the little-endian machines with 32-bit int that made them.) */
static inline uint64_t feat_word_order_hash(int order)
{
    uint32_t o = (uint32_t)order;
    const char le[4] = {(char)(o & 0xff), (char)(o >> 8 & 0xff), (char)(o >> 16 & 0xff),
                        (char)(o >> 24 & 0xff)};
    return fnv(fnv(FNV_BASIS, "w", 1), le, 4);
}

/* One n-gram of the sentence, hashed, waiting to be looked up. */
struct feat_gram {
    uint32_t bucket;
    uint32_t block;
    int32_t row;             /* the table's row, -1 if none, ROW_LOOKUP until
                                looked up */
    uint32_t text;           /* offset of its text in x->text, if kept */
};

enum { ROW_LOOKUP = -2 };

/* Keep the text gram[0..glen) of the n-gram just queued (in features.c). */
bool feat_keep_text(extractor *x, const char *gram, size_t glen);

/* After a character n-gram's text: keep the word w[0..n) it was taken from,
 * as a second string right after the n-gram's (in features.c). */
bool feat_keep_word(extractor *x, const char *w, size_t n);

/* The bucket of an n-gram whose hash is h. */
static inline uint32_t feat_bucket(const feat_config *c, uint64_t h)
{
    h ^= h >> 29;
    return (uint32_t)(h & (((uint64_t)1 << c->hash_bits) - 1));
}

/* The hash of the start bigram, "^" and the sentence's first token (word_of
 * text w[0..n)). */
static inline uint64_t feat_start_hash(const char *w, size_t n)
{
    return fnv(fnv(FNV_BASIS, "^", 1), w, n);
}

/* Queue the n-gram whose hash is h and text gram[0..glen). */
static inline bool push(extractor *x, const feat_config *c, uint64_t h, uint32_t block,
                        const char *gram, size_t glen, bool keep_text)
{
    if (x->npend == x->pend_cap &&
        !grow_buffer((void **)&x->pend, &x->pend_cap, x->npend + 1, sizeof *x->pend))
        return false;
    struct feat_gram *g = &x->pend[x->npend++];
    g->bucket = feat_bucket(c, h);
    g->block = block;
    g->row = ROW_LOOKUP;
    g->text = (uint32_t)x->text_len;
    return !keep_text || feat_keep_text(x, gram, glen);
}

/* Count one occurrence of table row `row` (extractor in by-row mode), with
 * room for the entry already made.  The entry's value and block are left
 * for feat_weigh (or the linear fast path) to work out. */
static inline void count_row_in(extractor *x, const feat_table *t, uint32_t row, uint32_t text)
{
    uint32_t j = x->where[row];
    if (j != 0) {
        x->e[j - 1].count++;
        return;
    }
    __builtin_prefetch(t->rec + (size_t)row * t->rec_size);
    feat_entry *e = &x->e[x->n];
    e->key = row;
    e->count = 1;
    e->text = text;
    x->where[row] = (uint32_t)++x->n;
}

/* Make room for n more entries. */
static inline bool room(extractor *x, size_t n)
{
    return x->n + n <= x->cap || grow_buffer((void **)&x->e, &x->cap, x->n + n, sizeof *x->e);
}

/* The normalised text a token contributes to word n-grams. */
static inline const char *word_of(const extractor *x, const token *k, size_t *n)
{
    if (k->type == TOK_NUMBER) {
        *n = 5;
        return "<num>";
    }
    *n = k->norm_len;
    return x->tok.norm + k->norm_off;
}

/* Queue the start bigram "^ first-word" (wordgrams.c); queue the
 * character n-grams of token k (chargrams.c); empty the sentence's entries
 * and ready the map for table t, or for none (features.c). */
bool feat_start_gram(extractor *x, const feat_config *c, bool keep);
bool feat_word_char_grams(extractor *x, const feat_config *c, const token *k, bool keep);
bool feat_start_sentence(extractor *x, const feat_table *t);

/* In features.c: tokenise text into x->tok, with the tokens of the token
 * blocks c uses appended (blocks.h: the cue tokens of cues.h).  Errors as text_tokenize, or STANCE_ENOMEM. */
stance_status feat_tokenize(extractor *x, const feat_config *c, const char *text, size_t len,
                            size_t *bad_offset);

/* In cachecount.c: count the sentence's features through the word cache
 * (word orders 1-2 or 2-2, a table, no texts to keep), in the order the
 * general path counts them. */
bool feat_count_cached(extractor *x, const feat_config *c, const feat_table *t);

#endif
