/*
 * blocks.c: the table of feature blocks (see blocks.h) and how a sentence
 * vector's blocks are weighed against each other.  A block's entry says
 * whether a configuration uses it, its weight, and the function in its own
 * file that makes its features.
 */
#include <math.h>

#include "blocks.h"

static bool word_used(const feat_config *c) { return c->word_max > 0; }
static bool char_used(const feat_config *c) { return c->char_max > 0; }
static bool cues_used(const feat_config *c) { return c->cues > 0; }

/* The char block's share is the model's char weight (stored in the model
 * file), the word block's the rest. */
static double word_weight(const feat_config *c) { return 1.0 - c->char_weight; }
static double char_weight(const feat_config *c) { return c->char_weight; }

const feat_block feat_blocks[] = {
    /* name    id          cached used        weight       tokens      grams */
    {"cues", BLOCK_WORD, true, cues_used, NULL, cue_tokens, NULL},
    {"word", BLOCK_WORD, true, word_used, word_weight, NULL, feat_word_grams},
    {"char", BLOCK_CHAR, true, char_used, char_weight, NULL, feat_char_grams},
};
const size_t feat_nblocks = sizeof feat_blocks / sizeof *feat_blocks;

void feat_block_scales(const feat_config *c, const double norm[FEAT_BLOCKS],
                       double scale[FEAT_BLOCKS])
{
    double share[FEAT_BLOCKS] = {0}, kept = 0;
    size_t filled = 0;
    for (size_t i = 0; i < feat_nblocks; i++)
        if (feat_blocks[i].weight != NULL)
            share[feat_blocks[i].id] = feat_blocks[i].weight(c);
    for (int b = 0; b < FEAT_BLOCKS; b++)
        if (norm[b] > 0) {
            kept += share[b];
            filled++;
        }
    for (int b = 0; b < FEAT_BLOCKS; b++) {
        double s = share[b];
        if (filled > 0 && filled < FEAT_BLOCKS) /* an empty block cedes its share */
            s = kept > 0 ? s / kept : 1.0 / (double)filled;
        scale[b] = norm[b] > 0 ? sqrt(s / norm[b]) : 0;
    }
}

bool feat_blocks_cached(const feat_config *c)
{
    for (size_t i = 0; i < feat_nblocks; i++)
        if (!feat_blocks[i].cached && feat_blocks[i].used(c))
            return false;
    return true;
}
