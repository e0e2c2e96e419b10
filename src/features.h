/* features.h: sentences to sparse tf-idf vectors (private). */
#ifndef STANCE_FEATURES_H
#define STANCE_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stance.h"
#include "text.h"

/* What features to extract; stored in the model so that prediction always
 * sees the features training saw. */
typedef struct feat_config {
    int word_min, word_max;  /* word n-gram orders (0 0: none) */
    int char_min, char_max;  /* character n-gram orders within words (0 0: none) */
    int hash_bits;           /* n-grams hash into 2^hash_bits buckets */
    double char_weight;      /* share of the squared norm for char n-grams */
} feat_config;

enum { BLOCK_WORD = 0, BLOCK_CHAR = 1 };

/* The features a model knows: row r is hash bucket bucket[r] with inverse
 * document frequency idf[r] in block block[r].  index[bucket] is the row or
 * -1.  Built by training, or read from a model file. */
typedef struct feat_table {
    feat_config cfg;
    size_t rows;
    uint32_t *bucket;
    double *idf;
    uint8_t *block;
    int32_t *index;          /* 2^hash_bits entries */
} feat_table;

/* Build table->index from table->bucket.  Returns false on ENOMEM or a
 * bucket outside the hash space or repeated. */
bool feat_table_index(feat_table *table);
void feat_table_free(feat_table *table);

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

/* Sort the entries by key (libsvm wants ascending indices). */
void feat_sort(extractor *x);

#endif
