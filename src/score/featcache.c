/*
 * featcache.c: the linear scorer's fast path.  For the common
 * configuration (word 1-2-grams plus character n-grams, a feature table,
 * no n-gram texts wanted) each token's contribution comes from the word
 * cache (wordcache.c, through the features layer's cachegram.h): one pass
 * over the token's bytes hashes its unigram and the bigram it ends, and a
 * probe gives its unigram row, the start of the bigram it begins and its
 * character n-gram rows, and for a linear model of up to WC_SUM_PAIRS
 * label pairs what those rows add to its sums (a token not yet memoised is
 * worked out by feat_cache_learn, cachecount.c).  feat_score scores a
 * sentence for a linear model of any number of labels from these (four
 * labels, six pairs, in registers; others in arrays): a word's character
 * n-grams all at once, word n-grams row by row, then a correction for the
 * rows that occur more than once.  Results equal the general path's in
 * features.c up to rounding (tests compare them).  Counting through the
 * cache, without scoring, is the features layer's (cachecount.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cachegram.h"
#include "featcache.h"

/* Two doubles (GCC and Clang vector extensions). */
typedef double d2 __attribute__((vector_size(16)));

/* Six single-precision weights widened to double, two per vector: with
 * SSE2 three conversions, elsewhere one at a time. */
static inline void widen6(const float *w, d2 *a, d2 *b, d2 *c)
{
#ifdef __SSE2__
    __m128 lo = _mm_loadu_ps(w); /* w[0..3] */
    __m128 hi = _mm_castpd_ps(_mm_load_sd((const double *)(const void *)(w + 4)));
    *a = (d2)_mm_cvtps_pd(lo);
    *b = (d2)_mm_cvtps_pd(_mm_movehl_ps(lo, lo));
    *c = (d2)_mm_cvtps_pd(hi);
#else
    *a = (d2){w[0], w[1]};
    *b = (d2){w[2], w[3]};
    *c = (d2){w[4], w[5]};
#endif
}

bool feat_score_ready(const feat_config *cfg, const feat_table *t)
{
    return t != NULL && t->npairs >= 1 && feat_cache_fits(cfg);
}

/* The sums feat_score builds.  For six pairs (four labels, as the shipped
 * model has) each block's squared norm and six dot products live in
 * registers, two products to a vector; for any other number of pairs in
 * s's arrays. */
struct acc {
    d2 wa, wb, wc, ca, cb, cc;
    double wn, cn;
    feat_sums *s;
};

_Static_assert(FEAT_BLOCKS == 2, "the six-pair sums hold the word and character blocks");

/* Add f times table t's row r's value at count 1 (f * idf, tfidf.h) times
 * its weights to *a, and g times its square to its block's norm. */
static inline __attribute__((always_inline)) void add_row(struct acc *a, const feat_table *t,
                                                          uint32_t r, double f, double g,
                                                          bool six)
{
    const feat_rec *rec = feat_table_rec(t, r);
    double v = feat_tfidf(rec->idf, 1);
    unsigned b = t->block[r];
    if (!six) {
        size_t np = a->s->npairs;
        double *d = a->s->dot + b * np;
        a->s->norm[b] += g * v * v;
        f *= v;
        for (size_t p = 0; p < np; p++)
            d[p] += f * rec->w[p];
        return;
    }
    d2 x, y, z;
    widen6(rec->w, &x, &y, &z);
    if (b == BLOCK_WORD) {
        a->wn += g * v * v;
        f *= v;
        a->wa += f * x;
        a->wb += f * y;
        a->wc += f * z;
    } else {
        a->cn += g * v * v;
        f *= v;
        a->ca += f * x;
        a->cb += f * y;
        a->cc += f * z;
    }
}

/* Add a word's character n-gram sums (wc_sums_of) to *a. */
static inline __attribute__((always_inline)) void add_sums(struct acc *a, const double *sum,
                                                           bool six)
{
    if (!six) {
        size_t np = a->s->npairs;
        double *d = a->s->dot + BLOCK_CHAR * np;
        a->s->norm[BLOCK_CHAR] += sum[0];
        for (size_t p = 0; p < np; p++)
            d[p] += sum[1 + p];
        return;
    }
    a->cn += sum[0];
    a->ca += (d2){sum[1], sum[2]};
    a->cb += (d2){sum[3], sum[4]};
    a->cc += (d2){sum[5], sum[6]};
}

/* Stamp rows[0..n) as seen in sentence gen; each row stamped already goes
 * to rep[nrep...] (branch-free: repeats are rare but unpredictable).
 * Returns the new nrep. */
static inline size_t see(uint8_t *restrict seen, uint8_t gen, const int32_t *rows, size_t n,
                         uint32_t *restrict rep, size_t nrep)
{
    size_t j = 0;
    for (; j + 2 <= n; j += 2) { /* two at a time: a word has a dozen */
        uint32_t r = (uint32_t)rows[j], q = (uint32_t)rows[j + 1];
        rep[nrep] = r;
        nrep += seen[r] == gen;
        seen[r] = gen;
        rep[nrep] = q;
        nrep += seen[q] == gen;
        seen[q] = gen;
    }
    if (j < n) {
        uint32_t r = (uint32_t)rows[j];
        rep[nrep] = r;
        nrep += seen[r] == gen;
        seen[r] = gen;
    }
    return nrep;
}

/* Ready x->seen, a stamp per row of table t, for a new sentence: a new
 * stamp, and all of them cleared once in 255 sentences. */
static bool seen_next(extractor *x, const feat_table *t)
{
    if (x->seen_id != t->id) {
        free(x->seen);
        x->seen_id = 0;
        x->seen = calloc(t->rows + 1, 1);
        if (x->seen == NULL)
            return false;
        x->seen_id = t->id;
        x->seen_gen = 0;
    }
    if (++x->seen_gen == 0) {
        memset(x->seen, 0, t->rows + 1);
        x->seen_gen = 1;
    }
    return true;
}

/* The sentence's sums through the word cache.  Each row counts once per
 * occurrence: a memoised word's character n-gram rows all at once, from
 * its sums (wc_sums_of), every other row (unigrams, bigrams, the start
 * bigram, the rows of words not summed) from its record.  Stamps per row
 * find the rows that occur more than once, and each such row's share is then
 * corrected from count times its weights to the sublinear
 * tf = 1 + log(count) times them.  So a sentence costs a probe per
 * token, a bit per character n-gram and a record per word n-gram, instead
 * of a record per n-gram. */
static inline __attribute__((always_inline)) stance_status
score(extractor *x, const feat_config *c, const feat_table *t, const char *text, size_t len,
      feat_sums *s, size_t *bad_offset, bool six)
{
    stance_status st = feat_tokenize(x, c, text, len, bad_offset);
    if (st != STANCE_OK)
        return st;
    size_t ntok = x->tok.count;
    if (!feat_start_sentence(x, t) || !seen_next(x, t) ||
        !grow_buffer((void **)&x->tr, &x->tr_cap, ntok + 1, sizeof *x->tr) ||
        !grow_buffer((void **)&x->list, &x->list_cap, 2 * ntok + 2, sizeof *x->list))
        return STANCE_ENOMEM;
    wc_begin(&x->wc, t->id, sums_stride(t), ntok, rows_bound(x, c));
    x->nwrows = 0;
    uint64_t h1 = feat_word_order_hash(1), h2 = feat_word_order_hash(2);
    uint64_t prev = 0;
    struct tok_rows *tr = x->tr;
    struct acc a = {{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, 0, 0, s};
    if (!six) {
        memset(s->norm, 0, sizeof s->norm);
        memset(s->dot, 0, FEAT_BLOCKS * s->npairs * sizeof *s->dot);
    }
    size_t nchar = 0, m = 0;
    uint32_t *list = x->list;
    for (size_t i = 0; i < ntok; i++) {
        const token *k = &x->tok.tok[i];
        uint64_t b = prev;
        wc_entry learnt;
        double fresh[1 + WC_SUM_PAIRS];
        const wc_entry *e = cache_token(x, c, t, k, h1, h2, &b, &learnt, fresh);
        if (e == NULL)
            return STANCE_ENOMEM;
        const double *sum = e == &learnt ? fresh : wc_sums_of(&x->wc, e);
        bool words = k->type == TOK_WORD && e->nrows > 0;
        tr[i] = (struct tok_rows){e->rows, words ? e->nrows : 0, e != &learnt, e->summed};
        if (words) {
            nchar += e->nrows;
            if (e->summed)
                add_sums(&a, sum, six);
        }
        /* its word n-grams' rows: its unigram, the bigram it ends */
        if (c->word_min <= 1 && e->uni >= 0) {
            __builtin_prefetch(feat_table_rec(t, (size_t)e->uni));
            list[m++] = (uint32_t)e->uni;
        }
        if (i > 0) {
            int32_t row = feat_table_find(t, feat_bucket(c, b));
            if (row >= 0) {
                __builtin_prefetch(feat_table_rec(t, (size_t)row));
                list[m++] = (uint32_t)row;
            }
        }
        prev = e->pre;
    }
    if (ntok > 0) { /* and the start bigram */
        size_t n;
        const char *w = word_of(x, &x->tok.tok[0], &n);
        int32_t row = feat_table_find(t, feat_bucket(c, feat_start_hash(w, n)));
        if (row >= 0)
            list[m++] = (uint32_t)row;
    }
    if (!grow_buffer((void **)&x->rep, &x->rep_cap, m + nchar + 1, sizeof *x->rep) ||
        !grow_buffer((void **)&x->list, &x->list_cap, m + nchar + WC_ROWS_SLACK, sizeof *x->list))
        return STANCE_ENOMEM;
    list = x->list;
    uint32_t *rep = x->rep;
    size_t nrep = 0;
    uint8_t *seen = x->seen, gen = x->seen_gen;
    /* the word n-grams row by row (the unsummed words' character n-grams below) */
    for (size_t i = 0; i < m; i++)
        add_row(&a, t, list[i], 1, 1, six);
    /* then every word's character n-gram rows after them in list, copied
     * WC_ROWS_SLACK at a time (a fixed size, so no branches on a word's
     * length), and all the rows stamped in one loop */
    size_t all = m;
    for (size_t i = 0; i < ntok; i++) {
        const int32_t *rows = tr[i].cached ? x->wc.rows + tr[i].off : x->wrows + tr[i].off;
        size_t n = tr[i].n;
        if (!tr[i].summed)
            for (size_t j = 0; j < n; j++)
                add_row(&a, t, (uint32_t)rows[j], 1, 1, six);
        for (size_t k = 0; k < n; k += WC_ROWS_SLACK)
            memcpy(list + all + k, rows + k, WC_ROWS_SLACK * sizeof *rows);
        all += n;
    }
    nrep = see(seen, gen, (const int32_t *)list, all, rep, nrep);
    /* a row seen count > 1 times: from count to 1 + log(count) times its
     * weights, and from count to (1 + log(count))^2 times its squared idf
     * (x->where counts each row's repeats, and is left all zero) */
    uint32_t *where = x->where;
    for (size_t i = 0; i < nrep; i++)
        where[rep[i]]++;
    for (size_t i = 0; i < nrep; i++) {
        uint32_t r = rep[i], more = where[r];
        if (more == 0)
            continue;
        where[r] = 0;
        double value, square;
        feat_tf_repeat(more + 1, &value, &square);
        add_row(&a, t, r, value, square, six);
    }
    if (six) {
        double *w = s->dot + BLOCK_WORD * 6, *h = s->dot + BLOCK_CHAR * 6;
        s->norm[BLOCK_WORD] = a.wn;
        s->norm[BLOCK_CHAR] = a.cn;
        w[0] = a.wa[0], w[1] = a.wa[1], w[2] = a.wb[0], w[3] = a.wb[1], w[4] = a.wc[0], w[5] = a.wc[1];
        h[0] = a.ca[0], h[1] = a.ca[1], h[2] = a.cb[0], h[3] = a.cb[1], h[4] = a.cc[0], h[5] = a.cc[1];
    }
    return STANCE_OK;
}

stance_status feat_score(extractor *x, const feat_config *c, const feat_table *t,
                         const char *text, size_t len, feat_sums *s, size_t *bad_offset)
{
    /* the same code twice: for six pairs with the sums in registers, and
     * for any number in s's arrays */
    if (t->npairs == 6)
        return score(x, c, t, text, len, s, bad_offset, true);
    return score(x, c, t, text, len, s, bad_offset, false);
}
