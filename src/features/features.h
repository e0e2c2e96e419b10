/* features.h: sentences to sparse tf-idf vectors (private). */
#ifndef STANCE_FEATURES_H
#define STANCE_FEATURES_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blocks.h"
#include "stance.h"
#include "text.h"
#include "tfidf.h"
#include "wordcache.h"

/* The features a model knows: row r is hash bucket bucket[r] with inverse
 * document frequency idf[r] in block block[r] (blocks.h).  Built by training, or read
 * from a model file.
 *
 * feat_table_index adds what prediction reads per n-gram: a rank map
 * from bucket to row (one bit per bucket of the hash space, with the count
 * of set bits before each 64; as the rows are in ascending bucket order, a
 * bucket's row is the number of rows below it, so the map is exact and
 * takes a quarter of a byte per bucket, 256 KB for 2^20 buckets, small
 * enough to stay in cache) and one packed record per row holding the idf
 * and the row's npairs primal weights in single precision (32 bytes
 * for four labels), so that an n-gram costs one look in the map and half
 * a cache line. */
typedef struct feat_rec {
    double idf;              /* the idf (always > 0); the block is in
                                feat_table.block */
    float w[];               /* npairs weights (linear models) */
} feat_rec;

/* 64 buckets of the rank map. */
typedef struct feat_rank {
    uint64_t bits;           /* bit i: bucket 64k + i has a row */
    uint32_t before;         /* rows of the buckets below 64k */
    uint32_t unused;
} feat_rank;

typedef struct feat_table {
    feat_config cfg;
    size_t rows;
    uint32_t *bucket;
    double *idf;
    uint8_t *block;          /* the row's block id (BLOCK_WORD, ...) */
    feat_rank *rank;         /* 2^hash_bits / 64 entries */
    unsigned char *rec;      /* rows records of rec_size bytes, 64-byte aligned */
    size_t rec_size, npairs;
    uint64_t id;             /* new at each feat_table_index and
                                feat_table_set_weights call, never 0 */
} feat_table;

/* Build the map and the records from bucket, block and idf, with npairs
 * weights per record copied from w (rows * npairs, row-major), or zero when
 * w is NULL.  Returns false on ENOMEM or a bucket outside the hash space or
 * not above the one before (the rows must be in ascending bucket order). */
bool feat_table_index(feat_table *table, size_t npairs, const double *w);

/* Set the records' weights from rows * npairs little-endian IEEE-754
 * single-precision numbers at p (a model file's bytes, any alignment).
 * Returns false if one is not finite. */
bool feat_table_set_weights(feat_table *table, const unsigned char *p);
void feat_table_free(feat_table *table);

static inline const feat_rec *feat_table_rec(const feat_table *t, size_t row)
{
    return (const feat_rec *)(const void *)(t->rec + row * t->rec_size);
}

/* The number of set bits of v (without relying on a POPCNT
 * instruction, which the baseline x86-64 lacks). */
static inline unsigned feat_popcount(uint64_t v)
{
    v -= (v >> 1) & 0x5555555555555555ULL;
    v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
    v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (unsigned)((v * 0x0101010101010101ULL) >> 56);
}

/* Where the row of bucket (below 2^hash_bits) is looked up. */
static inline const feat_rank *feat_table_rank(const feat_table *t, uint32_t bucket)
{
    return &t->rank[bucket >> 6];
}

/* The row of bucket (below 2^hash_bits), or -1 when the table does not
 * know it. */
static inline int32_t feat_table_find(const feat_table *t, uint32_t bucket)
{
    const feat_rank *k = feat_table_rank(t, bucket);
    uint64_t bit = (uint64_t)1 << (bucket & 63);
    if (!(k->bits & bit))
        return -1;
    return (int32_t)(k->before + feat_popcount(k->bits & (bit - 1)));
}

/* One non-zero entry of a sentence vector. */
typedef struct feat_entry {
    uint32_t key;    /* row (with a table) or bucket (without) */
    uint32_t count;  /* term frequency in the sentence */
    uint32_t block;
    uint32_t text;   /* offset of the n-gram text in extractor.text, if kept */
    uint32_t slot;   /* its place in the extractor's hash map */
    double value;    /* weighted, normalised value */
} feat_entry;

/* Reusable extraction state for one thread. */
typedef struct extractor {
    tokens tok;
    feat_entry *e;           /* entries, in first-seen order */
    size_t n, cap;
    int32_t *slot;           /* open-addressing map key -> entry index */
    size_t slot_cap;
    char *text;              /* n-gram texts when keep_text */
    size_t text_len, text_cap;
    char *gram;              /* scratch for building one n-gram */
    size_t gram_cap;
    struct feat_gram *pend;  /* the sentence's n-grams before lookup */
    size_t npend, pend_cap;
    /* with a table: row -> entry index + 1 (0: not in the sentence), for
     * the table whose id is where_id; entries are keyed by row then */
    uint32_t *where;
    uint64_t where_id;
    bool by_row;             /* the entries are in where, not in slot */
    int32_t *wrows;          /* rows of the sentence's tokens not memoised */
    size_t nwrows, wrows_cap;
    struct tok_rows *tr;     /* per token: where its rows are */
    size_t tr_cap;
    uint32_t *list;          /* the sentence's rows, gathered (feat_score:
                                its word n-gram rows, then its words'
                                character n-gram rows) */
    size_t nlist, list_cap;
    uint32_t *rep;           /* feat_score: rows seen before in the sentence */
    size_t rep_cap;
    uint8_t *seen;           /* feat_score: per row of the table whose id
                                is seen_id, the last sentence it was in */
    uint64_t seen_id;
    uint8_t seen_gen;        /* this sentence's stamp, never 0 */
    word_cache wc;
} extractor;

void extractor_init(extractor *x);
void extractor_free(extractor *x);

/* Extract the features of text[0..len).  With a table, only known rows are
 * kept, keyed by row, weighted by tf-idf and L2-normalised per block; with
 * table NULL every bucket is kept (keyed by bucket, value = count) and
 * block_of_bucket, if not NULL, records each bucket's block.  keep_text
 * records each n-gram's readable text.  Returns STANCE_EUTF8 with
 * *bad_offset on invalid UTF-8, or STANCE_ENOMEM. */
stance_status feat_extract(extractor *x, const feat_config *cfg, const feat_table *table,
                           const char *text, size_t len, bool keep_text, size_t *bad_offset);

/* feat_extract in two steps: feat_count leaves every entry's value unset
 * (the linear fast path weighs as it scores); feat_weigh then sets the
 * values from the counts and the table as feat_extract does. */
stance_status feat_count(extractor *x, const feat_config *cfg, const feat_table *table,
                         const char *text, size_t len, bool keep_text, size_t *bad_offset);
void feat_weigh(extractor *x, const feat_table *table);

/* Whether the word cache makes every feature configuration c asks for
 * (word orders 1-2 or 2-2, and blocks the cache knows: blocks.h): the
 * general path's counting (feat_count) and the linear scorer (feat_score)
 * then take it. */
bool feat_cache_fits(const feat_config *c);

/* What a linear model's decision values come from, per feature block: the
 * squared norm of the block's tf-idf values (before the block's scale) and
 * their dot products with each pair's weights.  The caller owns dot. */
typedef struct feat_sums {
    size_t npairs;
    double norm[FEAT_BLOCKS];
    double *dot;             /* FEAT_BLOCKS * npairs: block b's at dot + b * npairs */
} feat_sums;

/* Sort the entries by key (libsvm wants ascending indices). */
void feat_sort(extractor *x);

#endif
