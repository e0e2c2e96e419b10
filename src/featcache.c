/*
 * featcache.c: the feature extractor's fast path.  For the common
 * configuration (word 1-2-grams plus character n-grams, a feature table,
 * no n-gram texts wanted) each token's contribution comes from the word
 * cache (wordcache.c): one pass over the token's bytes hashes its unigram
 * and the bigram it ends, and a probe gives its unigram row, the start of
 * the bigram it begins and its character n-gram rows.  feat_score6 then
 * weighs and scores the rows of a four-label linear model in one pass.
 * Results equal the general path's in features.c (tests compare them).
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

/* Where the character n-gram rows of a token of the sentence are: in the
 * word cache, or in x->wrows for a token not memoised. */
struct tok_rows {
    uint32_t off;
    uint16_t n;
    bool cached;
};

/* Work out what token k (text w[0..n), unigram hash state u) contributes,
 * into *e, with its character n-gram rows appended to x->wrows, and
 * memoise it. */
static bool learn(extractor *x, const feat_config *c, const feat_table *t, const token *k,
                  const char *w, size_t n, uint64_t u, uint64_t h2, wc_entry *e)
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
        if (!grow_buffer((void **)&x->wrows, &x->wrows_cap, x->nwrows + grams + 1,
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
    x->nwrows += m;
    return wc_add(&x->wc, e, w, n, x->wrows + e->rows, m);
}

/* The room a sentence may take in the word cache: its tokens, and at most
 * (code points + 2) * orders character n-gram rows per word. */
static size_t rows_bound(const extractor *x, const feat_config *c)
{
    size_t orders = c->char_max > 0 ? (size_t)(c->char_max - c->char_min + 1) : 0, rows = 0;
    for (size_t i = 0; i < x->tok.count; i++) {
        const token *k = &x->tok.tok[i];
        if (k->type == TOK_WORD && k->norm_len <= WC_MAX_WORD)
            rows += (k->norm_len + 2) * orders;
    }
    return rows;
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
    wc_begin(&x->wc, t->id, ntok, rows_bound(x, c));
    if (!grow_buffer((void **)&x->tr, &x->tr_cap, ntok + 1, sizeof *x->tr) ||
        !grow_buffer((void **)&x->pend, &x->pend_cap, 2 * ntok + 1, sizeof *x->pend))
        return false;
    x->nwrows = 0;
    int one = 1, two = 2;
    uint64_t h1 = fnv(fnv(FNV_BASIS, "w", 1), (const char *)&one, sizeof one);
    uint64_t h2 = fnv(fnv(FNV_BASIS, "w", 1), (const char *)&two, sizeof two);
    uint64_t mask = ((uint64_t)1 << c->hash_bits) - 1, prev = 0;
    struct tok_rows *tr = x->tr;
    size_t nrows = 0;
    for (size_t i = 0; i < ntok; i++) {
        const token *k = &x->tok.tok[i];
        size_t n;
        const char *w = word_of(x, k, &n);
        uint64_t u = h1, b = prev;
        for (size_t j = 0; j < n; j++) {
            u = (u ^ (unsigned char)w[j]) * 0x100000001b3ULL;
            b = (b ^ (unsigned char)w[j]) * 0x100000001b3ULL;
        }
        u = (u ^ ' ') * 0x100000001b3ULL;
        b = (b ^ ' ') * 0x100000001b3ULL;
        wc_entry learnt;
        const wc_entry *e = wc_find(&x->wc, u, w, n, k->type);
        if (e == NULL) {
            if (!learn(x, c, t, k, w, n, u, h2, &learnt))
                return false;
            e = &learnt;
            tr[i] = (struct tok_rows){e->rows, e->nrows, false};
        } else {
            tr[i] = (struct tok_rows){e->rows, e->nrows, true};
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

bool feat_score6_ready(const feat_config *cfg, const feat_table *t)
{
    return t != NULL && t->npairs == 6 && cfg->word_max == 2 && cfg->word_min >= 1;
}

stance_status feat_score6(extractor *x, const feat_config *cfg, const feat_table *t,
                          const char *text, size_t len, double s[14], size_t *bad_offset)
{
    stance_status st = text_tokenize(text, len, &x->tok, bad_offset);
    if (st != STANCE_OK)
        return st;
    if (!feat_start_sentence(x, t) || !gather_cached(x, cfg, t) || !room(x, x->nlist) ||
        !grow_buffer((void **)&x->rep, &x->rep_cap, x->nlist + 1, sizeof *x->rep))
        return STANCE_ENOMEM;
    /* every row once, weighed as if its count were 1, with the record of
     * the row PREFETCH rows ahead on its way; the entries keep the counts
     * (and the rows to clear) */
    enum { PREFETCH = 16 };
    const uint32_t *list = x->list;
    size_t nlist = x->nlist, n = 0, nrep = 0;
    feat_entry *e = x->e;
    uint32_t *where = x->where;
    d2 wa = {0, 0}, wb = {0, 0}, wc = {0, 0}, ca = {0, 0}, cb = {0, 0}, cc = {0, 0};
    double wn = 0, cn = 0;
    for (size_t i = 0; i < nlist; i++) {
        if (i + PREFETCH < nlist)
            __builtin_prefetch(t->rec + (size_t)list[i + PREFETCH] * t->rec_size);
        uint32_t row = list[i], j = where[row];
        if (j != 0) {
            if (++e[j - 1].count == 2)
                x->rep[nrep++] = j - 1;
            continue;
        }
        e[n].key = row;
        e[n].count = 1;
        where[row] = (uint32_t)++n;
        const feat_rec *r = feat_table_rec(t, row);
        d2 a, b, c;
        widen6(r->w, &a, &b, &c);
        double idf = r->idf;
        if (idf > 0) {
            wn += idf * idf;
            wa += idf * a;
            wb += idf * b;
            wc += idf * c;
        } else {
            cn += idf * idf;
            ca -= idf * a; /* the char block's idf is negated */
            cb -= idf * b;
            cc -= idf * c;
        }
    }
    x->n = n;
    /* rows seen more than once: tf 1 + log(count) instead of 1 */
    for (size_t k = 0; k < nrep; k++) {
        const feat_entry *d = &e[x->rep[k]];
        const feat_rec *r = feat_table_rec(t, d->key);
        double tf = feat_tf(d->count), idf = fabs(r->idf), extra = (tf - 1) * idf;
        d2 a, b, c;
        widen6(r->w, &a, &b, &c);
        if (r->idf > 0) {
            wn += (tf * tf - 1) * idf * idf;
            wa += extra * a;
            wb += extra * b;
            wc += extra * c;
        } else {
            cn += (tf * tf - 1) * idf * idf;
            ca += extra * a;
            cb += extra * b;
            cc += extra * c;
        }
    }
    double out[14] = {wn, wa[0], wa[1], wb[0], wb[1], wc[0], wc[1],
                      cn, ca[0], ca[1], cb[0], cb[1], cc[0], cc[1]};
    memcpy(s, out, sizeof out);
    return STANCE_OK;
}
