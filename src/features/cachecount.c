/*
 * cachecount.c: the feature extractor's counting fast path through the
 * word cache (wordcache.c), taken by feat_count for the common
 * configuration (word 1-2-grams plus character n-grams, a feature table,
 * no n-gram texts wanted); and feat_cache_learn, which works out and
 * memoises a token the cache does not know yet, with what its character
 * n-gram rows add to a linear model's sums (for the scorer,
 * src/score/featcache.c, as well).  The rows come out in the order the
 * general path in features.c counts them, and the counts equal its
 * (tests compare them).
 */
#include <string.h>

#include "cachegram.h"

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

bool feat_cache_learn(extractor *x, const feat_config *c, const feat_table *t, const token *k,
                      const char *w, size_t n, uint64_t u, uint64_t h2, wc_entry *e,
                      double *sums)
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
        uint64_t b = prev;
        wc_entry learnt;
        double sums[1 + WC_SUM_PAIRS];
        const wc_entry *e = cache_token(x, c, t, k, h1, h2, &b, &learnt, sums);
        if (e == NULL)
            return false;
        tr[i] = (struct tok_rows){e->rows, e->nrows, e != &learnt, false};
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
