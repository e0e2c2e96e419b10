/* wordcache.h: a bounded memo, per thread, of what each distinct token
 * contributes to a sentence's features (private).
 *
 * Tokens repeat: in news text a few thousand words make up most of them,
 * and what a word contributes never changes for a given feature table:
 * the row of its unigram, the hash state a bigram it begins starts from,
 * and the rows of its character n-grams.  The cache keeps these for each
 * token text seen, so that a repeated word costs one probe instead of
 * hashing and looking up a dozen n-grams.
 *
 * It holds at most WC_MAX_WORDS tokens and WC_MAX_ROWS rows: wc_begin,
 * called before each sentence, empties it when the sentence might not fit,
 * so that what a sentence has found (entries and rows, by offset) stays
 * valid until the next wc_begin. */
#ifndef STANCE_WORDCACHE_H
#define STANCE_WORDCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum {
    WC_MAX_WORD = 48,          /* longer tokens are not memoised, in bytes */
    WC_MAX_WORDS = 1 << 15,
    WC_MAX_ROWS = 1 << 19,
    WC_INLINE = 19,            /* texts this long or shorter live in the entry */
    WC_ROWS_SLACK = 32,        /* rows readable past a word's, so that they can be
                                  copied WC_ROWS_SLACK at a time */
};

/* Tokens' sums (wc_sums_of) are kept for linear models of at most this
 * many label pairs (six labels); above it, a token's character n-gram rows
 * are read one by one, so that the cache stays a few megabytes. */
enum { WC_SUM_PAIRS = 15 };

/* What one token contributes; the rows stay valid until the next
 * wc_begin. */
typedef struct wc_entry {
    uint64_t hash;             /* the key: see wc_find */
    uint64_t pre;              /* hash state of a bigram the token begins */
    int32_t uni;               /* row of its unigram, or -1 */
    uint32_t rows;             /* offset of its n-gram rows in the cache */
    uint16_t len, nrows;
    uint8_t type;              /* tok_type: the same text is never two types,
                                  but the key says so anyway */
    bool summed;               /* its rows are all in the character block of
                                  a linear model's table, and wc_sums_of
                                  holds what they add up to */
    union {
        char in[WC_INLINE];    /* the text, if len <= WC_INLINE */
        uint32_t off;          /* else its offset in the cache's text */
    } text;
} wc_entry;

/* The arenas start small and double up to their maximums, so that a
 * short job's cache stays small and a long one's stays dense. */
typedef struct word_cache {
    uint64_t owner;            /* the table the rows belong to; 0: none */
    uint32_t *slot;            /* open addressing: entry index + 1, 0 empty */
    size_t nslots;
    wc_entry *ent;
    size_t count, ent_cap;
    double *sums;              /* stride doubles per entry, parallel to ent */
    size_t sums_cap, stride;
    char *text;
    size_t text_len, text_cap;
    int32_t *rows;
    size_t rows_len, rows_cap;
    bool adding;               /* this sentence may add (wc_begin) */
} word_cache;

void wc_init(word_cache *c);
void wc_free(word_cache *c);

/* Start a sentence of at most words memoisable tokens holding at most rows
 * n-gram rows, for the table whose id is owner, whose tokens' sums are
 * stride doubles (1 + the model's pairs, or 0: none): empties the cache if
 * it belongs to another table or the sentence might overflow it, and
 * disables adding for this sentence if even an empty cache is too small. */
void wc_begin(word_cache *c, uint64_t owner, size_t stride, size_t words, size_t rows);

static inline size_t wc_slot(uint64_t h, size_t nslots)
{
    return (size_t)(h >> 32) & (nslots - 1);
}

/* Whether a[0..n) and b[0..n) are the same bytes: whole words, the last
 * one overlapping the one before, and never a byte past n. */
static inline bool wc_same(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        uint64_t x, y;
        for (size_t k = 0; k + 8 < n; k += 8) {
            memcpy(&x, a + k, 8);
            memcpy(&y, b + k, 8);
            if (x != y)
                return false;
        }
        memcpy(&x, a + n - 8, 8);
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        uint32_t x, y, z, v;
        memcpy(&x, a, 4);
        memcpy(&y, b, 4);
        memcpy(&z, a + n - 4, 4);
        memcpy(&v, b + n - 4, 4);
        return x == y && z == v;
    }
    for (size_t k = 0; k < n; k++)
        if (a[k] != b[k])
            return false;
    return true;
}

/* The entry for token text w[0..n) of type type whose hash is h (any good
 * 64-bit hash of the text, the same each time), or NULL.  Inline: it runs
 * once per token. */
static inline const wc_entry *wc_find(const word_cache *c, uint64_t h, const char *w, size_t n,
                                      int type)
{
    if (c->count == 0)
        return NULL;
    for (size_t s = wc_slot(h, c->nslots);; s = (s + 1) & (c->nslots - 1)) {
        uint32_t i = c->slot[s];
        if (i == 0)
            return NULL;
        const wc_entry *e = &c->ent[i - 1];
        if (e->hash != h || e->len != n || e->type != type)
            continue;
        const char *t = n <= WC_INLINE ? e->text.in : c->text + e->text.off;
        if (wc_same(t, w, n))
            return e;
    }
}

/* The sums of entry e (found by wc_find), meaningful if e->summed: what
 * its character n-gram rows add, each counted once per occurrence, to the
 * sums of a linear model (feat_score): the squared norm, then the dot
 * product with each pair's weights (stride - 1 of them). */
static inline const double *wc_sums_of(const word_cache *c, const wc_entry *e)
{
    return c->sums + (size_t)(e - c->ent) * c->stride;
}

/* Memoise entry *e (its hash, pre, uni, type and summed set) for text
 * w[0..n) with rows[0..nrows) and, if e->summed, sums s[0..stride).  Does nothing
 * when adding is off or n > WC_MAX_WORD.  Returns false only when out of
 * memory. */
bool wc_add(word_cache *c, const wc_entry *e, const char *w, size_t n, const int32_t *rows,
            size_t nrows, const double *s);

#endif
