/* wordcache.h: a bounded memo, per thread, of the feature rows of each
 * word's character n-grams (private).
 *
 * Words repeat: in news text a few thousand of them make up most of the
 * tokens, and a word's character n-grams (and which of them the model
 * knows) never change.  The cache keeps, for each word seen, the list of
 * table rows its n-grams hit, in n-gram order, so that a repeated word
 * costs one hash probe instead of hashing and looking up a dozen n-grams.
 * It holds at most WC_MAX_WORDS words and WC_MAX_ROWS rows; when either is
 * full it empties itself and starts again, so its memory stays bounded. */
#ifndef STANCE_WORDCACHE_H
#define STANCE_WORDCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    WC_MAX_WORD = 48,          /* longer words are not memoised, in bytes */
    WC_MAX_WORDS = 1 << 15,
    WC_MAX_ROWS = 1 << 19,
};

typedef struct wc_entry {
    uint64_t hash;
    uint32_t text;             /* offset in the cache's text */
    uint32_t rows;             /* offset in the cache's rows */
    uint16_t len, nrows;
} wc_entry;

typedef struct word_cache {
    uint64_t owner;            /* the table the rows belong to; 0: none */
    uint32_t *slot;            /* open addressing: entry index + 1, 0 empty */
    wc_entry *ent;
    size_t count;
    char *text;
    size_t text_len;
    int32_t *rows;
    size_t rows_len;
} word_cache;

void wc_init(word_cache *c);
void wc_free(word_cache *c);

/* Forget everything unless the rows already belong to table owner. */
void wc_claim(word_cache *c, uint64_t owner);

/* The hash wc_find and wc_add take for word w[0..n). */
static inline uint64_t wc_hash(const char *w, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 0x100000001b3ULL;
    return h ^ (h >> 32);
}

/* The rows memoised for word w[0..n) with hash h, and their number in
 * *nrows; NULL when the word is not in the cache. */
const int32_t *wc_find(const word_cache *c, uint64_t h, const char *w, size_t n,
                       size_t *nrows);

/* Memoise rows[0..nrows) for word w[0..n) (n <= WC_MAX_WORD).  Returns
 * false only when out of memory (the cache is then left empty). */
bool wc_add(word_cache *c, uint64_t h, const char *w, size_t n, const int32_t *rows,
            size_t nrows);

#endif
