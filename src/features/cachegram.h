/* cachegram.h: what the two word-cache paths share (header only): the
 * counting path (cachecount.c, features layer) and the linear scorer
 * (src/score/featcache.c).  One pass over a token's bytes hashes its
 * unigram and the bigram it ends (fnv_word2); a token the word cache does
 * not know yet is worked out and memoised (feat_cache_learn); the bound on
 * the room a sentence may take in the cache; and where each token's
 * character n-gram rows are. */
#ifndef STANCE_CACHEGRAM_H
#define STANCE_CACHEGRAM_H

#include "featgram.h"

/* Extend two FNV-1a hashes, *u and *b, by the same word w[0..n) and a
 * space, in one pass (two bytes a turn: the two chains of multiplications
 * overlap, and the loop costs half as much). */
static inline void fnv_word2(uint64_t *u, uint64_t *b, const char *w, size_t n)
{
    const uint64_t prime = 0x100000001b3ULL;
    uint64_t x = *u, y = *b;
    size_t j = 0;
    for (; j + 2 <= n; j += 2) {
        unsigned c = (unsigned char)w[j], d = (unsigned char)w[j + 1];
        x = ((x ^ c) * prime ^ d) * prime;
        y = ((y ^ c) * prime ^ d) * prime;
    }
    if (j < n) {
        x = (x ^ (unsigned char)w[j]) * prime;
        y = (y ^ (unsigned char)w[j]) * prime;
    }
    *u = (x ^ ' ') * prime;
    *b = (y ^ ' ') * prime;
}

/* Where the character n-gram rows of a token of the sentence are: in the
 * word cache, or in x->wrows for a token not memoised. */
struct tok_rows {
    uint32_t off;
    uint16_t n;
    bool cached;
    bool summed;             /* its wc_entry's summed */
};

/* The doubles of a token's sums in the word cache for table t (0: none). */
static inline size_t sums_stride(const feat_table *t)
{
    return t->npairs >= 1 && t->npairs <= WC_SUM_PAIRS ? 1 + t->npairs : 0;
}

/* The room a sentence may take in the word cache: its tokens, and at most
 * (code points + 2) * orders character n-gram rows per word, which the
 * normalised text's length bounds: (bytes + 2 per token) * orders. */
static inline size_t rows_bound(const extractor *x, const feat_config *c)
{
    size_t orders = c->char_max > 0 ? (size_t)(c->char_max - c->char_min + 1) : 0;
    return (x->tok.norm_len + 2 * x->tok.count) * orders;
}

/* In cachecount.c: work out what token k (text w[0..n), unigram hash state
 * u, bigram hash state h2) contributes, into *e and sums[0..1 +
 * WC_SUM_PAIRS) (its character n-gram rows' squared norm and dot products
 * with a linear model's pairs, when e->summed), with its character n-gram
 * rows appended to x->wrows, and memoise it.  False when out of memory. */
bool feat_cache_learn(extractor *x, const feat_config *c, const feat_table *t, const token *k,
                      const char *w, size_t n, uint64_t u, uint64_t h2, wc_entry *e,
                      double *sums);

/* Token k's word-cache entry, found or worked out and memoised: hashes its
 * word (its unigram from h1, and the bigram it ends into *b, which holds
 * the previous entry's pre), then looks it up; a token not known yet is
 * learnt into *learnt and sums (feat_cache_learn) and learnt returned.
 * NULL when out of memory. */
static inline const wc_entry *cache_token(extractor *x, const feat_config *c,
                                          const feat_table *t, const token *k, uint64_t h1,
                                          uint64_t h2, uint64_t *b, wc_entry *learnt,
                                          double *sums)
{
    size_t n;
    const char *w = word_of(x, k, &n);
    uint64_t u = h1;
    fnv_word2(&u, b, w, n);
    const wc_entry *e = wc_find(&x->wc, u, w, n, k->type);
    if (e != NULL)
        return e;
    return feat_cache_learn(x, c, t, k, w, n, u, h2, learnt, sums) ? learnt : NULL;
}

#endif
