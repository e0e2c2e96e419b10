/*
 * features.c: the feature extractor.  A sentence becomes word n-grams over
 * normalised tokens (numbers folded to one token, sentence edges marked) and
 * character n-grams inside words (fastText-style "<word>" padding), each
 * hashed into 2^hash_bits buckets.  Weights are sublinear tf times idf, and
 * each block (word, char) is L2-normalised on its own and scaled so that the
 * whole vector has unit length.  Nothing is allocated per token once the
 * extractor's buffers have grown to fit.  This file holds the feature table
 * and the general path (any configuration, n-gram texts for explanations,
 * no table for training's first pass); cachecount.c holds the counting
 * fast path through the word cache, and src/score/featcache.c the linear
 * scorer prediction takes.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "featgram.h"
#include "io.h"

void extractor_init(extractor *x)
{
    memset(x, 0, sizeof *x);
    tokens_init(&x->tok);
    wc_init(&x->wc);
}

void extractor_free(extractor *x)
{
    if (x == NULL)
        return;
    tokens_free(&x->tok);
    free(x->e);
    free(x->slot);
    free(x->text);
    free(x->gram);
    free(x->pend);
    free(x->where);
    free(x->wrows);
    free(x->tr);
    free(x->list);
    free(x->rep);
    free(x->seen);
    wc_free(&x->wc);
    memset(x, 0, sizeof *x);
}

void feat_table_free(feat_table *t)
{
    if (t == NULL)
        return;
    free(t->bucket);
    free(t->idf);
    free(t->block);
    free(t->rank);
    free(t->rec);
    memset(t, 0, sizeof *t);
}

static void renew_id(feat_table *t);

/* Is any of the n IEEE-754 single-precision bit patterns at p (in the
 * host's byte order) an infinity or a NaN?  One pass over contiguous
 * words, which compilers vectorise. */
static bool any_nonfinite(const unsigned char *p, size_t n)
{
    uint32_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, p + 4 * i, 4);
        bad |= (uint32_t)((u & 0x7f800000u) == 0x7f800000u);
    }
    return bad != 0;
}

bool feat_table_set_weights(feat_table *t, const unsigned char *p)
{
    renew_id(t);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && __SIZEOF_FLOAT__ == 4
    /* the file's byte order is the host's: check every weight at once, then
     * copy each row's (a constant size for four labels, so inline) */
    size_t n = t->npairs, bytes = n * 4;
    if (any_nonfinite(p, t->rows * n))
        return false;
    for (size_t r = 0; r < t->rows; r++, p += bytes) {
        feat_rec *e = (feat_rec *)(void *)(t->rec + r * t->rec_size);
        if (n == 6)
            memcpy(e->w, p, 24);
        else
            memcpy(e->w, p, bytes);
    }
#else
    for (size_t r = 0; r < t->rows; r++) {
        feat_rec *e = (feat_rec *)(void *)(t->rec + r * t->rec_size);
        for (size_t k = 0; k < t->npairs; k++, p += 4) {
            uint32_t u = 0;
            for (int b = 3; b >= 0; b--)
                u = u << 8 | p[b];
            memcpy(&e->w[k], &u, 4);
            if (!isfinite(e->w[k]))
                return false;
        }
    }
#endif
    return true;
}

/* A new id for table t: what extractors memoised for it is stale. */
static void renew_id(feat_table *t)
{
    static atomic_uint_fast64_t last_id;
    t->id = (uint64_t)atomic_fetch_add(&last_id, 1) + 1;
}

bool feat_table_index(feat_table *t, size_t npairs, const double *w)
{
    renew_id(t);
    free(t->rank);
    free(t->rec);
    t->rank = NULL;
    t->rec = NULL;
    /* records of 16, 32 or 64 bytes, or whole cache lines, so that none
     * straddles two lines */
    size_t size = sizeof(feat_rec) + npairs * sizeof(float);
    size_t rec = 16;
    while (rec < size && rec < 64)
        rec *= 2;
    if (size > 64)
        rec = (size + 63) / 64 * 64;
    t->rec_size = rec;
    t->npairs = npairs;
    uint64_t space = (uint64_t)1 << t->cfg.hash_bits;
    size_t nrank = (size_t)((space + 63) / 64);
    t->rank = calloc(nrank, sizeof *t->rank);
    t->rec = io_alloc_big((t->rows ? t->rows : 1) * rec);
    if (t->rank == NULL || t->rec == NULL)
        return false;
    for (size_t r = 0; r < t->rows; r++) {
        feat_rec *e = (feat_rec *)(void *)(t->rec + r * rec);
        if (t->bucket[r] >= space || (r > 0 && t->bucket[r] <= t->bucket[r - 1]))
            return false;
        e->idf = t->idf != NULL ? t->idf[r] : 1;
        for (size_t p = 0; p < npairs; p++)
            e->w[p] = w != NULL ? (float)w[r * npairs + p] : 0;
        t->rank[t->bucket[r] >> 6].bits |= (uint64_t)1 << (t->bucket[r] & 63);
    }
    uint32_t before = 0;
    for (size_t k = 0; k < nrank; k++) {
        t->rank[k].before = before;
        before += feat_popcount(t->rank[k].bits);
    }
    return true;
}

/* Rebuild the open-addressing map with room for at least need entries. */
static bool rehash(extractor *x, size_t need)
{
    size_t cap = x->slot_cap ? x->slot_cap : 256;
    while (cap < need * 2)
        cap *= 2;
    if (cap != x->slot_cap) {
        int32_t *s = realloc(x->slot, cap * sizeof *s);
        if (s == NULL)
            return false;
        x->slot = s;
        x->slot_cap = cap;
    }
    memset(x->slot, 0xff, cap * sizeof *x->slot);
    for (size_t i = 0; i < x->n; i++) {
        size_t h = (x->e[i].key * 2654435761u) & (cap - 1);
        while (x->slot[h] != -1)
            h = (h + 1) & (cap - 1);
        x->slot[h] = (int32_t)i;
        x->e[i].slot = (uint32_t)h;
    }
    return true;
}

/* Keep the text of the n-gram just queued. */
bool feat_keep_text(extractor *x, const char *gram, size_t glen)
{
    if (!grow_buffer((void **)&x->text, &x->text_cap, x->text_len + glen + 1, 1))
        return false;
    memcpy(x->text + x->text_len, gram, glen);
    x->text[x->text_len + glen] = '\0';
    x->text_len += glen + 1;
    return true;
}

bool feat_keep_word(extractor *x, const char *w, size_t n)
{
    return feat_keep_text(x, w, n);
}

/* Count one occurrence of key in the sentence's map of entries. */
static inline bool count(extractor *x, uint32_t key, uint32_t block, uint32_t text)
{
    size_t mask = x->slot_cap - 1;
    size_t s = (key * 2654435761u) & mask;
    while (x->slot[s] != -1) {
        feat_entry *e = &x->e[x->slot[s]];
        if (e->key == key) {
            e->count++;
            return true;
        }
        s = (s + 1) & mask;
    }
    if (x->n == x->cap && !grow_buffer((void **)&x->e, &x->cap, x->n + 1, sizeof *x->e))
        return false;
    feat_entry *e = &x->e[x->n];
    e->key = key;
    e->count = 1;
    e->block = block;
    e->value = 0;
    e->text = text;
    x->slot[s] = (int32_t)x->n;
    e->slot = (uint32_t)s;
    x->n++;
    if (x->n * 2 > x->slot_cap)
        return rehash(x, x->n);
    return true;
}

/* Look the queued n-grams up and count them.  The table is far larger than
 * the cache, so the lookups go in stages over the whole sentence: prefetch
 * every n-gram's map slot, then find the rows and prefetch their records,
 * and only then count, so that the memory latencies overlap instead of
 * adding up. */
static bool resolve(extractor *x, const feat_table *t)
{
    struct feat_gram *g = x->pend;
    size_t n = x->npend;
    if (t == NULL) {
        for (size_t i = 0; i < n; i++)
            if (!count(x, g[i].bucket, g[i].block, g[i].text))
                return false;
        x->npend = 0;
        return true;
    }
    for (size_t i = 0; i < n; i++)
        if (g[i].row == ROW_LOOKUP)
            __builtin_prefetch(feat_table_rank(t, g[i].bucket));
    for (size_t i = 0; i < n; i++) {
        if (g[i].row == ROW_LOOKUP)
            g[i].row = feat_table_find(t, g[i].bucket);
        if (g[i].row >= 0)
            __builtin_prefetch(&x->where[g[i].row]);
    }
    if (!room(x, n))
        return false;
    for (size_t i = 0; i < n; i++)
        if (g[i].row >= 0)
            count_row_in(x, t, (uint32_t)g[i].row, g[i].text);
    x->npend = 0;
    return true;
}

void feat_weigh(extractor *x, const feat_table *t)
{
    double norm[FEAT_BLOCKS] = {0}, scale[FEAT_BLOCKS];
    for (size_t i = 0; i < x->n; i++) {
        feat_entry *e = &x->e[i];
        double v = feat_tfidf(feat_table_rec(t, e->key)->idf, e->count);
        e->value = v;
        e->block = t->block[e->key];
        norm[e->block] += v * v;
    }
    feat_block_scales(&t->cfg, norm, scale);
    for (size_t i = 0; i < x->n; i++)
        x->e[i].value *= scale[x->e[i].block];
}

/* Empty the sentence's entries, clearing only the map slots they used,
 * and get the map ready for table t (by row) or for no table (by bucket). */
bool feat_start_sentence(extractor *x, const feat_table *t)
{
    if (x->by_row) {
        for (size_t i = 0; i < x->n; i++)
            x->where[x->e[i].key] = 0;
    } else {
        for (size_t i = 0; i < x->n; i++)
            x->slot[x->e[i].slot] = -1;
    }
    x->n = 0;
    x->npend = 0;
    x->text_len = 0;
    x->by_row = t != NULL;
    if (t == NULL)
        return x->slot_cap > 0 || rehash(x, 64);
    if (x->where_id != t->id) {
        free(x->where);
        x->where_id = 0;
        x->where = calloc(t->rows ? t->rows : 1, sizeof *x->where);
        if (x->where == NULL) {
            x->by_row = false;
            return false;
        }
        x->where_id = t->id;
    }
    return true;
}

stance_status feat_tokenize(extractor *x, const feat_config *c, const char *text, size_t len,
                            size_t *bad_offset)
{
    stance_status st = text_tokenize(text, len, &x->tok, bad_offset);
    for (size_t i = 0; i < feat_nblocks && st == STANCE_OK; i++) {
        const feat_block *b = &feat_blocks[i];
        if (b->tokens != NULL && b->used(c) && !b->tokens(&x->tok, c))
            st = STANCE_ENOMEM;
    }
    return st;
}

stance_status feat_count(extractor *x, const feat_config *cfg, const feat_table *table,
                         const char *text, size_t len, bool keep_text, size_t *bad_offset)
{
    stance_status st = feat_tokenize(x, cfg, text, len, bad_offset);
    if (st != STANCE_OK)
        return st;
    const feat_table *t = table;
    if (!feat_start_sentence(x, t))
        return STANCE_ENOMEM;
    if (t != NULL && !keep_text && feat_cache_fits(cfg))
        return feat_count_cached(x, cfg, t) ? STANCE_OK : STANCE_ENOMEM;
    for (size_t i = 0; i < feat_nblocks; i++) {
        const feat_block *b = &feat_blocks[i];
        if (b->grams != NULL && b->used(cfg) && !b->grams(x, cfg, keep_text))
            return STANCE_ENOMEM;
    }
    if (!resolve(x, t))
        return STANCE_ENOMEM;
    return STANCE_OK;
}

stance_status feat_extract(extractor *x, const feat_config *cfg, const feat_table *table,
                           const char *text, size_t len, bool keep_text, size_t *bad_offset)
{
    stance_status st = feat_count(x, cfg, table, text, len, keep_text, bad_offset);
    if (st == STANCE_OK && table != NULL)
        feat_weigh(x, table);
    return st;
}

bool feat_cache_fits(const feat_config *c)
{
    return c->word_max == 2 && c->word_min >= 1 && feat_blocks_cached(c);
}

static int by_key(const void *a, const void *b)
{
    const feat_entry *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

void feat_sort(extractor *x)
{
    if (x->n > 1)
        qsort(x->e, x->n, sizeof *x->e, by_key);
}
