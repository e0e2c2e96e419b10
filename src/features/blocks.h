/* blocks.h: the feature blocks, one table (private).
 *
 * A sentence's features come in blocks: word n-grams, character n-grams
 * inside words, and the stance-cue tokens (cues.h) that word n-grams then
 * cover.  Each block is one entry of feat_blocks[] (blocks.c): its name,
 * the block id its features' rows carry, its weight, and how it makes its
 * features (tokens appended to the sentence, or n-grams queued for
 * lookup).  Adding a block is one file with its function and one line in
 * the table (and, for the word-cache paths to take models that use it,
 * teaching cachecount.c and src/score/featcache.c; until then such models
 * take the general paths).
 *
 * A row's block id is stored per row in the model file (one byte) and kept
 * in feat_table.block; the idf is always positive.  A sentence vector's
 * values are sublinear tf times idf (tfidf.h), each block L2-normalised on
 * its own and scaled to its share of the squared norm, feat_block_scales. */
#ifndef STANCE_BLOCKS_H
#define STANCE_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text.h"

struct extractor;

/* The version of feature extraction this build implements: the
 * tokenizer's rules (text.c), the n-gram hash (featgram.h) and the blocks
 * with their weights (this table).  A model records the version it was
 * trained with ("features N"; files without the line are version 1) and a
 * build refuses a model of a version it does not know.  Bump it when a
 * change would give a trained model's sentences other features, keeping
 * the old extraction for models of older versions (cfg->version) or
 * refusing them.  The cue lexicon has a version of its own (cues.h). */
#define FEAT_VERSION 1

/* What features to extract; stored in the model so that prediction always
 * sees the features training saw. */
typedef struct feat_config {
    int word_min, word_max;  /* word n-gram orders (0 0: none) */
    int char_min, char_max;  /* character n-gram orders within words (0 0: none) */
    int hash_bits;           /* n-grams hash into 2^hash_bits buckets */
    double char_weight;      /* share of the squared norm for char n-grams */
    int cues;                /* cue lexicon version (cues.h), 0: no cue tokens */
    int version;             /* feature extraction version, 1 to FEAT_VERSION */
} feat_config;

/* The block ids rows carry (the model file's per-row byte: never renumber). */
enum { BLOCK_WORD = 0, BLOCK_CHAR = 1, FEAT_BLOCKS = 2 };

typedef struct feat_block {
    const char *name;
    uint8_t id;              /* the block its features' rows are in */
    bool cached;             /* the word-cache paths (cachecount.c,
                                featcache.c) make it */
    /* whether configuration c uses the block */
    bool (*used)(const feat_config *c);
    /* the block's share of a sentence vector's squared norm under c (the
     * shares of the blocks with a weight add up to 1); NULL for a block
     * whose features count in another one's norm (id's owner) */
    double (*weight)(const feat_config *c);
    /* append the block's tokens to t (NULL for an n-gram block): they then
     * count as words in the word n-grams; false when out of memory */
    bool (*tokens)(tokens *t, const feat_config *c);
    /* queue the block's n-grams of the tokenised sentence (NULL for a token
     * block), with their texts when keep; false when out of memory */
    bool (*grams)(struct extractor *x, const feat_config *c, bool keep);
} feat_block;

/* The blocks in the order their features are made: token blocks first,
 * then n-gram blocks in the order the general path counts them (which
 * sets the order of a vector's entries, and so of its sums).  feat_nblocks
 * entries. */
extern const feat_block feat_blocks[];
extern const size_t feat_nblocks;

/* The factors that scale each block to its share of the squared norm,
 * from each block's squared norm before scaling (norm[id], FEAT_BLOCKS
 * entries): scale[b] = sqrt(share[b] / norm[b]), 0 for an empty block.
 * A block left empty cedes its share to the others in proportion to their
 * weights (all of it to the only one left). */
void feat_block_scales(const feat_config *c, const double norm[FEAT_BLOCKS],
                       double scale[FEAT_BLOCKS]);

/* Whether the word-cache scorer makes every block configuration c uses. */
bool feat_blocks_cached(const feat_config *c);

/* The blocks' functions, each in its block's file: */
bool feat_word_grams(struct extractor *x, const feat_config *c, bool keep); /* wordgrams.c */
bool feat_char_grams(struct extractor *x, const feat_config *c, bool keep); /* chargrams.c */
bool cue_tokens(tokens *t, const feat_config *c);                           /* cues.c */

#endif
