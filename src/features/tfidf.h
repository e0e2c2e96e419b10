/* tfidf.h: the one definition of a feature row's tf-idf value (private).
 *
 * In a sentence whose n-grams fall count times on a row with inverse
 * document frequency idf (always > 0; training sets it to
 * log((1 + sentences) / (1 + df)) + 1), the row's value is
 *
 *     feat_tfidf(idf, count) * scale[block]
 *
 * where scale (feat_block_scales, blocks.h) L2-normalises each block and
 * gives it its share of the squared norm.  Every path uses these
 * functions: training vectors and explanations through feat_weigh
 * (features.c), the general scorer through model_decide_counts
 * (classifier.c), and the word-cache scorer (featcache.c), which adds a
 * row once per occurrence and then corrects the rows seen more than once
 * with feat_tf_repeat. */
#ifndef STANCE_TFIDF_H
#define STANCE_TFIDF_H

#include <math.h>
#include <stdint.h>

/* Sublinear term frequency, 1 + log(count): for the small counts almost
 * every repeat has, from a table of what log gives (a test checks that
 * they are the same doubles). */
static inline double feat_tf(uint32_t count)
{
    static const double small[] = {
        0, 1, 1.6931471805599454, 2.09861228866811, 2.3862943611198908, 2.6094379124341005,
        2.791759469228055, 2.9459101490553135, 3.0794415416798357, 3.1972245773362196,
        3.3025850929940459, 3.3978952727983707, 3.4849066497880004, 3.5649493574615367,
        3.6390573296152584, 3.7080502011022101, 3.7725887222397811,
    };
    if (count < sizeof small / sizeof *small)
        return small[count];
    return 1.0 + log((double)count);
}

/* A row's value before its block's scale: sublinear tf times idf. */
static inline double feat_tfidf(double idf, uint32_t count)
{
    return feat_tf(count) * idf;
}

/* For a scorer that has added a row count (> 1) times at count 1 (each
 * time feat_tfidf(idf, 1) = idf to the dot products and idf^2 to the
 * squared norm): what to add times idf (*value) and times idf^2
 * (*square) to have added feat_tfidf(idf, count) and its square
 * instead. */
static inline void feat_tf_repeat(uint32_t count, double *value, double *square)
{
    double tf = feat_tf(count), n = (double)count;
    *value = tf - n;
    *square = tf * tf - n;
}

#endif
