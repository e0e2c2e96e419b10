/*
 * featcache.h: the linear scorer's fast path (featcache.c): a sentence's
 * decision-value sums straight from the word cache, without feature
 * entries.  The sums' type, feat_sums, is the features layer's (the svm
 * layer turns sums into decisions).
 */
#ifndef STANCE_FEATCACHE_H
#define STANCE_FEATCACHE_H

#include "features.h"

/* Whether feat_score can score sentences for table t under cfg: a linear
 * model's table (weights in its records, any number of label pairs) and a
 * configuration the word cache fits. */
bool feat_score_ready(const feat_config *cfg, const feat_table *t);

/* A sentence's sums through the word cache (no entries are made; see
 * featcache.c), into s, whose npairs must be the table's and dot hold
 * FEAT_BLOCKS * npairs doubles.  Equal to what feat_extract's values give
 * up to rounding.  Errors as feat_extract. */
stance_status feat_score(extractor *x, const feat_config *cfg, const feat_table *table,
                         const char *text, size_t len, feat_sums *s, size_t *bad_offset);

#endif
