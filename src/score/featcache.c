/*
 * featcache.c: the feature extractor's fast path.  For the common
 * configuration (word 1-2-grams plus character n-grams, a feature table,
 * no n-gram texts wanted) each token's contribution comes from the word
 * cache (wordcache.c): one pass over the token's bytes hashes its unigram
 * and the bigram it ends, and a probe gives its unigram row, the start of
 * the bigram it begins and its character n-gram rows, and for a linear
 * model of up to WC_SUM_PAIRS label pairs what those rows add to its sums.
 * feat_score scores a sentence for a linear model of any number of labels
 * from these (four labels, six pairs, in registers; others in arrays): a word's character n-grams all at once,
 * word n-grams row by row, then a correction for the rows that occur more
 * than once.  Results equal the general path's in features.c up to
 * rounding (tests compare them).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "featgram.h"

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

/* Add up what rows[0..n) contribute to a linear model's sums (table t,
 * np weights per row), each row once, into s[0..1 + np): the squared
 * norm, then the dot product with each pair's weights.  False if a row is
 * not in the character block. */
static inline __attribute__((always_inline)) bool add_up(const feat_table *t,
                                                         const int32_t *rows, size_t n,
                                                         double *s, size_t np)
{
    memset(s, 0, (1 + np) * sizeof *s);
    for (size_t i = 0; i < n; i++) {
        const feat_rec *r = feat_table_rec(t, (size_t)rows[i]);
        if (t->block[rows[i]] != BLOCK_CHAR)
            return false;
        double v = feat_tfidf(r->idf, 1); /* once per occurrence */
        s[0] += v * v;
        for (size_t p = 0; p < np; p++)
            s[1 + p] += v * r->w[p];
    }
    return true;
}

/* add_up for table t's pairs (six, the common case, unrolled); false also
 * when the model has no weights or more pairs than the word cache keeps
 * sums for (WC_SUM_PAIRS). */
static bool sum_rows(const feat_table *t, const int32_t *rows, size_t n, double *s)
{
    size_t np = t->npairs;
    if (np == 6)
        return add_up(t, rows, n, s, 6);
    return np >= 1 && np <= WC_SUM_PAIRS && add_up(t, rows, n, s, np);
}

/* The doubles of a token's sums in the word cache for table t (0: none). */
static size_t sums_stride(const feat_table *t)
{
    return t->npairs >= 1 && t->npairs <= WC_SUM_PAIRS ? 1 + t->npairs : 0;
}

/* Work out what token k (text w[0..n), unigram hash state u) contributes,
 * into *e and sums[0..1 + WC_SUM_PAIRS), with its character n-gram rows appended to x->wrows,
 * and memoise it. */
static bool learn(extractor *x, const feat_config *c, const feat_table *t, const token *k,
                  const char *w, size_t n, uint64_t u, uint64_t h2, wc_entry *e, double *sums)
{
    e->hash = u;
    e->type = (uint8_t)k->type;
    u ^= u >> 29;
    e->uni = c->word_min <= 1 ? feat_table_find(t, (uint32_t)(u & (((uint64_t)1 << c->hash_bits) - 1))) : -1;
    e->pre = fnv(fnv(h2, w, n), " ", 1);
    size_t first = x->npend, m = 0;
    if (k->type == TOK_WORD && c->char_max > 0) {
        if (!feat_word_char_grams(x, c, k, false))
            return false;
        size_t grams = x->npend - first;
        if (!grow_buffer((void **)&x->wrows, &x->wrows_cap, x->nwrows + grams + WC_ROWS_SLACK,
                         sizeof *x->wrows))
            return false;
        for (size_t i = 0; i < grams; i++) {
            int32_t r = feat_table_find(t, x->pend[first + i].bucket);
            if (r >= 0)
                x->wrows[x->nwrows + m++] = r;
        }
        x->npend = first;
    }
    e->rows = (uint32_t)x->nwrows;
    e->nrows = (uint16_t)m;
    e->summed = sum_rows(t, x->wrows + e->rows, m, sums);
    x->nwrows += m;
    return wc_add(&x->wc, e, w, n, x->wrows + e->rows, m, sums);
}

/* The room a sentence may take in the word cache: its tokens, and at most
 * (code points + 2) * orders character n-gram rows per word, which the
 * normalised text's length bounds: (bytes + 2 per token) * orders. */
static size_t rows_bound(const extractor *x, const feat_config *c)
{
    size_t orders = c->char_max > 0 ? (size_t)(c->char_max - c->char_min + 1) : 0;
    return (x->tok.norm_len + 2 * x->tok.count) * orders;
}

/* Gather the sentence's feature rows through the word cache, for word
 * orders 1 to 2 (or 2 to 2) with a table and no texts to keep, into
 * x->list (x->nlist rows, repeats included): one pass over each token's
 * bytes hashes its unigram (the cache key) and the bigram it ends; the
 * cache gives its unigram row, the start of the bigram it begins and its
 * character n-gram rows.  The rows come in the order the general path
 * counts them: word n-grams token by token, the start bigram, then every
 * word's character n-grams. */
static bool gather_cached(extractor *x, const feat_config *c, const feat_table *t)
{
    size_t ntok = x->tok.count;
    wc_begin(&x->wc, t->id, sums_stride(t), ntok, rows_bound(x, c));
    if (!grow_buffer((void **)&x->tr, &x->tr_cap, ntok + 1, sizeof *x->tr) ||
        !grow_buffer((void **)&x->pend, &x->pend_cap, 2 * ntok + 1, sizeof *x->pend))
        return false;
    x->nwrows = 0;
    uint64_t h1 = feat_word_order_hash(1), h2 = feat_word_order_hash(2);
    uint64_t mask = ((uint64_t)1 << c->hash_bits) - 1, prev = 0;
    struct tok_rows *tr = x->tr;
    size_t nrows = 0;
    for (size_t i = 0; i < ntok; i++) {
        const token *k = &x->tok.tok[i];
        size_t n;
        const char *w = word_of(x, k, &n);
        uint64_t u = h1, b = prev;
        fnv_word2(&u, &b, w, n);
        wc_entry learnt;
        double sums[1 + WC_SUM_PAIRS];
        const wc_entry *e = wc_find(&x->wc, u, w, n, k->type);
        if (e == NULL) {
            if (!learn(x, c, t, k, w, n, u, h2, &learnt, sums))
                return false;
            e = &learnt;
            tr[i] = (struct tok_rows){e->rows, e->nrows, false, false};
        } else {
            tr[i] = (struct tok_rows){e->rows, e->nrows, true, false};
        }
        if (k->type == TOK_WORD)
            nrows += e->nrows;
        struct feat_gram *g = &x->pend[x->npend];
        if (c->word_min <= 1)
            *g++ = (struct feat_gram){0, BLOCK_WORD, e->uni, 0};
        if (i > 0) {
            b ^= b >> 29;
            *g++ = (struct feat_gram){(uint32_t)(b & mask), BLOCK_WORD, ROW_LOOKUP, 0};
        }
        x->npend = (size_t)(g - x->pend);
        prev = e->pre;
    }
    if (!feat_start_gram(x, c, false))
        return false;
    struct feat_gram *g = x->pend;
    size_t n = x->npend;
    if (!grow_buffer((void **)&x->list, &x->list_cap, n + nrows + 1, sizeof *x->list))
        return false;
    for (size_t i = 0; i < n; i++)
        if (g[i].row == ROW_LOOKUP)
            __builtin_prefetch(feat_table_rank(t, g[i].bucket));
    uint32_t *list = x->list;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t row = g[i].row == ROW_LOOKUP ? feat_table_find(t, g[i].bucket) : g[i].row;
        if (row >= 0)
            list[m++] = (uint32_t)row;
    }
    x->npend = 0;
    for (size_t i = 0; i < ntok; i++) {
        if (x->tok.tok[i].type != TOK_WORD || tr[i].n == 0)
            continue;
        const int32_t *rows = tr[i].cached ? x->wc.rows + tr[i].off : x->wrows + tr[i].off;
        memcpy(list + m, rows, tr[i].n * sizeof *rows);
        m += tr[i].n;
    }
    x->nlist = m;
    return true;
}

/* Count the gathered rows into entries. */
bool feat_count_cached(extractor *x, const feat_config *c, const feat_table *t)
{
    if (!gather_cached(x, c, t) || !room(x, x->nlist))
        return false;
    for (size_t i = 0; i < x->nlist; i++)
        count_row_in(x, t, x->list[i], 0);
    return true;
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
        size_t n;
        const char *w = word_of(x, k, &n);
        uint64_t u = h1, b = prev;
        fnv_word2(&u, &b, w, n);
        wc_entry learnt;
        double fresh[1 + WC_SUM_PAIRS];
        const double *sum = fresh;
        const wc_entry *e = wc_find(&x->wc, u, w, n, k->type);
        if (e == NULL) {
            if (!learn(x, c, t, k, w, n, u, h2, &learnt, fresh))
                return STANCE_ENOMEM;
            e = &learnt;
        } else {
            sum = wc_sums_of(&x->wc, e);
        }
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
