/*
 * features.c: the feature extractor.  A sentence becomes word n-grams over
 * normalised tokens (numbers folded to one token, sentence edges marked) and
 * character n-grams inside words (fastText-style "<word>" padding), each
 * hashed into 2^hash_bits buckets.  Weights are sublinear tf times idf, and
 * each block (word, char) is L2-normalised on its own and scaled so that the
 * whole vector has unit length.  Nothing is allocated per token once the
 * extractor's buffers have grown to fit.
 */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "features.h"

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
    free(t->slot);
    free(t->rec);
    memset(t, 0, sizeof *t);
}

/* Memory for the records: 64-byte aligned, and for a large table in huge
 * pages where the kernel offers them, which makes loading a model several
 * megabytes large cost a handful of page faults instead of thousands. */
static void *big_alloc(size_t size)
{
    const size_t huge = (size_t)2 << 20;
    if (size < huge)
        return aligned_alloc(64, (size + 63) / 64 * 64);
    size = (size + huge - 1) / huge * huge;
    void *p = aligned_alloc(huge, size);
#ifdef MADV_HUGEPAGE
    if (p != NULL)
        madvise(p, size, MADV_HUGEPAGE);
#endif
    return p;
}

bool feat_table_set_weights(feat_table *t, const unsigned char *p)
{
    for (size_t r = 0; r < t->rows; r++) {
        feat_rec *e = (feat_rec *)(void *)(t->rec + r * t->rec_size);
        for (size_t k = 0; k < t->npairs; k++, p += 4) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && __SIZEOF_FLOAT__ == 4
            memcpy(&e->w[k], p, 4); /* the file's byte order is the host's */
#else
            uint32_t u = 0;
            for (int b = 3; b >= 0; b--)
                u = u << 8 | p[b];
            memcpy(&e->w[k], &u, 4);
#endif
            if (!isfinite(e->w[k]))
                return false;
        }
    }
    return true;
}

bool feat_table_index(feat_table *t, size_t npairs, const double *w)
{
    static atomic_uint_fast64_t last_id;
    t->id = (uint64_t)atomic_fetch_add(&last_id, 1) + 1;
    free(t->slot);
    free(t->rec);
    t->slot = NULL;
    t->rec = NULL;
    /* records of 16, 32 or 64 bytes, or whole cache lines, so that none
     * straddles two lines */
    size_t size = sizeof(feat_rec) + npairs * sizeof(float);
    size_t rec = 16;
    while (rec < size && rec < 64)
        rec *= 2;
    if (size > 64)
        rec = (size + 63) / 64 * 64;
    size_t slots = 16;
    int bits = 4;
    while (slots < 2 * t->rows && bits < t->cfg.hash_bits)
        slots *= 2, bits++;
    t->slot_shift = t->cfg.hash_bits - bits;
    t->rec_size = rec;
    t->npairs = npairs;
    t->slot_mask = slots - 1;
    t->slot = malloc(slots * sizeof *t->slot);
    t->rec = big_alloc((t->rows ? t->rows : 1) * rec);
    if (t->slot == NULL || t->rec == NULL)
        return false;
    for (size_t i = 0; i < slots; i++)
        t->slot[i] = (feat_slot){0, -1};
    uint64_t space = (uint64_t)1 << t->cfg.hash_bits;
    for (size_t r = 0; r < t->rows; r++) {
        feat_rec *e = (feat_rec *)(void *)(t->rec + r * rec);
        if (t->bucket[r] >= space || (r > 0 && t->bucket[r] <= t->bucket[r - 1]))
            return false;
        double idf = t->idf != NULL ? t->idf[r] : 1;
        e->idf = t->block[r] == BLOCK_CHAR ? -idf : idf;
        for (size_t p = 0; p < npairs; p++)
            e->w[p] = w != NULL ? (float)w[r * npairs + p] : 0;
        size_t s = t->bucket[r] >> t->slot_shift;
        while (t->slot[s].row >= 0)
            s = (s + 1) & t->slot_mask;
        t->slot[s] = (feat_slot){t->bucket[r], (int32_t)r};
    }
    return true;
}

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static const uint64_t FNV_BASIS = 0xcbf29ce484222325ULL;

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

/* One n-gram of the sentence, hashed, waiting to be looked up. */
struct feat_gram {
    uint32_t bucket;
    uint32_t block;
    int32_t row;             /* the table's row, -1 if none, ROW_LOOKUP until
                                looked up */
    uint32_t text;           /* offset of its text in x->text, if kept */
};

enum { ROW_LOOKUP = -2 };

/* Keep the text of the n-gram just queued. */
static bool keep_gram_text(extractor *x, const char *gram, size_t glen)
{
    if (!grow_buffer((void **)&x->text, &x->text_cap, x->text_len + glen + 1, 1))
        return false;
    memcpy(x->text + x->text_len, gram, glen);
    x->text[x->text_len + glen] = '\0';
    x->text_len += glen + 1;
    return true;
}

/* Queue the n-gram whose hash is h and text gram[0..glen). */
static inline bool push(extractor *x, const feat_config *c, uint64_t h, uint32_t block,
                        const char *gram, size_t glen, bool keep_text)
{
    if (x->npend == x->pend_cap &&
        !grow_buffer((void **)&x->pend, &x->pend_cap, x->npend + 1, sizeof *x->pend))
        return false;
    h ^= h >> 29;
    struct feat_gram *g = &x->pend[x->npend++];
    g->bucket = (uint32_t)(h & (((uint64_t)1 << c->hash_bits) - 1));
    g->block = block;
    g->row = ROW_LOOKUP;
    g->text = (uint32_t)x->text_len;
    return !keep_text || keep_gram_text(x, gram, glen);
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

/* Count one occurrence of table row `row` (extractor in by-row mode), with
 * room for the entry already made.  The entry's value and block are left
 * for feat_weigh (or the linear fast path) to work out. */
static inline void count_row_in(extractor *x, const feat_table *t, uint32_t row, uint32_t text)
{
    uint32_t j = x->where[row];
    if (j != 0) {
        x->e[j - 1].count++;
        return;
    }
    __builtin_prefetch(t->rec + (size_t)row * t->rec_size);
    feat_entry *e = &x->e[x->n];
    e->key = row;
    e->count = 1;
    e->text = text;
    x->where[row] = (uint32_t)++x->n;
}

/* Make room for n more entries. */
static inline bool room(extractor *x, size_t n)
{
    return x->n + n <= x->cap || grow_buffer((void **)&x->e, &x->cap, x->n + n, sizeof *x->e);
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
            __builtin_prefetch(&t->slot[g[i].bucket >> t->slot_shift]);
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

/* The normalised text a token contributes to word n-grams. */
static const char *word_of(const extractor *x, const token *k, size_t *n)
{
    if (k->type == TOK_NUMBER) {
        *n = 5;
        return "<num>";
    }
    *n = k->norm_len;
    return x->tok.norm + k->norm_off;
}

/* The sentence's first word, marked, as a bigram with the start. */
static bool start_gram(extractor *x, const feat_config *c, bool keep)
{
    size_t ntok = x->tok.count;
    if (ntok > 0 && c->word_max >= 2) {
        size_t n;
        const char *w = word_of(x, &x->tok.tok[0], &n);
        uint64_t h = fnv(fnv(FNV_BASIS, "^", 1), w, n);
        if (keep && !grow_buffer((void **)&x->gram, &x->gram_cap, n + 3, 1))
            return false;
        if (keep) {
            x->gram[0] = '^';
            x->gram[1] = ' ';
            memcpy(x->gram + 2, w, n);
        }
        if (!push(x, c, h, BLOCK_WORD, x->gram, n + 2, keep))
            return false;
    }
    return true;
}

/* Word n-grams with their texts kept, for explanations: each n-gram is
 * hashed on its own, as its text is built. */
static bool word_grams_text(extractor *x, const feat_config *c, bool keep)
{
    size_t ntok = x->tok.count;
    for (size_t i = 0; i < ntok; i++) {
        for (int order = c->word_min; order <= c->word_max; order++) {
            /* the n-grams ending at token i */
            if (order < 1 || (size_t)order > i + 1)
                continue;
            size_t first = i + 1 - (size_t)order;
            uint64_t h = fnv(FNV_BASIS, "w", 1);
            h = fnv(h, (const char *)&order, sizeof order);
            size_t glen = 0;
            for (size_t j = first; j <= i; j++) {
                size_t n;
                const char *w = word_of(x, &x->tok.tok[j], &n);
                h = fnv(h, w, n);
                h = fnv(h, " ", 1);
                if (keep) {
                    if (!grow_buffer((void **)&x->gram, &x->gram_cap, glen + n + 2, 1))
                        return false;
                    if (glen)
                        x->gram[glen++] = ' ';
                    memcpy(x->gram + glen, w, n);
                    glen += n;
                }
            }
            if (!push(x, c, h, BLOCK_WORD, x->gram, glen, keep))
                return false;
        }
    }
    return start_gram(x, c, keep);
}

/* The n-gram of order o ending at token i hashes "w", o, then each word
 * and a space.  Without texts to keep, every n-gram still open is extended
 * as each word goes by, all in one pass over the word's bytes: the orders
 * from word_min to word_max need 1 + 2 + ... + word_max running hashes
 * (chain[first[o] + d]: the n-gram of order o begun d tokens ago), which
 * are independent, so their multiplications overlap. */
static bool word_grams(extractor *x, const feat_config *c, bool keep)
{
    if (keep)
        return word_grams_text(x, c, keep);
    int lo = c->word_min < 1 ? 1 : c->word_min, hi = c->word_max;
    uint64_t start[6], chain[15];
    int first[6], nchains = 0;
    for (int o = lo; o <= hi && o <= 5; o++) {
        start[o] = fnv(fnv(FNV_BASIS, "w", 1), (const char *)&o, sizeof o);
        first[o] = nchains;
        nchains += o;
    }
    size_t ntok = x->tok.count;
    for (size_t i = 0; i < ntok; i++) {
        for (int o = lo; o <= hi && o <= 5; o++) {
            for (int d = o - 1; d > 0; d--)
                chain[first[o] + d] = chain[first[o] + d - 1];
            chain[first[o]] = start[o];
        }
        size_t n;
        const unsigned char *w = (const unsigned char *)word_of(x, &x->tok.tok[i], &n);
        if (nchains == 3) { /* the default unigrams and bigrams, unrolled */
            uint64_t h0 = chain[0], h1 = chain[1], h2 = chain[2];
            for (size_t b = 0; b < n; b++) {
                h0 = (h0 ^ w[b]) * 0x100000001b3ULL;
                h1 = (h1 ^ w[b]) * 0x100000001b3ULL;
                h2 = (h2 ^ w[b]) * 0x100000001b3ULL;
            }
            chain[0] = (h0 ^ ' ') * 0x100000001b3ULL;
            chain[1] = (h1 ^ ' ') * 0x100000001b3ULL;
            chain[2] = (h2 ^ ' ') * 0x100000001b3ULL;
        } else {
            for (size_t b = 0; b <= n; b++) {
                uint64_t byte = b < n ? w[b] : ' ';
                for (int k = 0; k < nchains; k++)
                    chain[k] = (chain[k] ^ byte) * 0x100000001b3ULL;
            }
        }
        for (int o = lo; o <= hi && o <= 5; o++)
            if ((size_t)o <= i + 1 && !push(x, c, chain[first[o] + o - 1], BLOCK_WORD, NULL, 0, false))
                return false;
    }
    return start_gram(x, c, false);
}

/* Queue the character n-grams of "<word>" for token k, counted in code
 * points. */
static bool word_char_grams(extractor *x, const feat_config *c, const token *k, bool keep)
{
    size_t n = k->norm_len + 2;
    if (!grow_buffer((void **)&x->gram, &x->gram_cap, n + 1, 1))
        return false;
    char *g = x->gram;
    g[0] = '<';
    memcpy(g + 1, x->tok.norm + k->norm_off, k->norm_len);
    g[n - 1] = '>';
    bool ascii = true;
    for (size_t a = 1; a + 1 < n; a++)
        ascii = ascii && (unsigned char)g[a] < 0x80;
    if (ascii) { /* one byte per code point: no boundaries to find */
        for (size_t a = 0; a < n; a++) {
            uint64_t h = fnv(FNV_BASIS, "c", 1);
            for (int order = 1; order <= c->char_max && a + (size_t)order <= n; order++) {
                h = (h ^ (unsigned char)g[a + (size_t)order - 1]) * 0x100000001b3ULL;
                if (order >= c->char_min && !push(x, c, h, BLOCK_CHAR, g + a, (size_t)order, keep))
                    return false;
            }
        }
        return true;
    }
    for (size_t a = 0; a < n; a++) {
        if (((unsigned char)g[a] & 0xC0) == 0x80)
            continue;               /* not at a code point start */
        size_t b = a;
        uint64_t h = fnv(FNV_BASIS, "c", 1); /* extended as b grows */
        for (int order = 1; order <= c->char_max && b < n; order++) {
            size_t from = b++;
            while (b < n && ((unsigned char)g[b] & 0xC0) == 0x80)
                b++;
            h = fnv(h, g + from, b - from);
            if (order < c->char_min)
                continue;
            if (!push(x, c, h, BLOCK_CHAR, g + a, b - a, keep))
                return false;
        }
    }
    return true;
}

/* Character n-grams of every word, queued in order. */
static bool char_grams(extractor *x, const feat_config *c, bool keep)
{
    for (size_t i = 0; i < x->tok.count; i++)
        if (x->tok.tok[i].type == TOK_WORD && !word_char_grams(x, c, &x->tok.tok[i], keep))
            return false;
    return true;
}

/* ------------------------------------------------ the word-cache path */

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
        if (!word_char_grams(x, c, k, false))
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
    if (!start_gram(x, c, false))
        return false;
    struct feat_gram *g = x->pend;
    size_t n = x->npend;
    if (!grow_buffer((void **)&x->list, &x->list_cap, n + nrows + 1, sizeof *x->list))
        return false;
    for (size_t i = 0; i < n; i++)
        if (g[i].row == ROW_LOOKUP)
            __builtin_prefetch(&t->slot[g[i].bucket >> t->slot_shift]);
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
static bool count_cached(extractor *x, const feat_config *c, const feat_table *t)
{
    if (!gather_cached(x, c, t) || !room(x, x->nlist))
        return false;
    for (size_t i = 0; i < x->nlist; i++)
        count_row_in(x, t, x->list[i], 0);
    return true;
}

static bool start_sentence(extractor *x, const feat_table *t);

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
    if (!start_sentence(x, t) || !gather_cached(x, cfg, t) || !room(x, x->nlist) ||
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

void feat_block_scales(const feat_config *cfg, double word, double chr, double scale[2])
{
    double share[2] = {1.0 - cfg->char_weight, cfg->char_weight};
    if (word == 0)
        share[BLOCK_CHAR] = 1;
    if (chr == 0)
        share[BLOCK_WORD] = 1;
    scale[BLOCK_WORD] = word > 0 ? sqrt(share[BLOCK_WORD] / word) : 0;
    scale[BLOCK_CHAR] = chr > 0 ? sqrt(share[BLOCK_CHAR] / chr) : 0;
}

void feat_weigh(extractor *x, const feat_table *t)
{
    /* two running sums in registers: summing into norm[block] would chain
     * every entry to the one before through a store and a load */
    double word = 0, chr = 0;
    for (size_t i = 0; i < x->n; i++) {
        feat_entry *e = &x->e[i];
        double idf = feat_table_rec(t, e->key)->idf;
        double v = feat_tf(e->count) * fabs(idf), v2 = v * v;
        bool is_char = idf < 0;
        e->value = v;
        e->block = is_char ? BLOCK_CHAR : BLOCK_WORD;
        chr += is_char ? v2 : 0;
        word += is_char ? 0 : v2;
    }
    double scale[2];
    feat_block_scales(&t->cfg, word, chr, scale);
    for (size_t i = 0; i < x->n; i++)
        x->e[i].value *= scale[x->e[i].block];
}

/* Empty the sentence's entries, clearing only the map slots they used,
 * and get the map ready for table t (by row) or for no table (by bucket). */
static bool start_sentence(extractor *x, const feat_table *t)
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

stance_status feat_count(extractor *x, const feat_config *cfg, const feat_table *table,
                         const char *text, size_t len, bool keep_text, size_t *bad_offset)
{
    stance_status st = text_tokenize(text, len, &x->tok, bad_offset);
    if (st != STANCE_OK)
        return st;
    const feat_table *t = table;
    if (!start_sentence(x, t))
        return STANCE_ENOMEM;
    if (t != NULL && !keep_text && cfg->word_max == 2 && cfg->word_min >= 1)
        return count_cached(x, cfg, t) ? STANCE_OK : STANCE_ENOMEM;
    if (cfg->word_max > 0 && !word_grams(x, cfg, keep_text))
        return STANCE_ENOMEM;
    if (cfg->char_max > 0 && !char_grams(x, cfg, keep_text))
        return STANCE_ENOMEM;
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
