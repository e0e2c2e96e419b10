/*
 * features.c: the feature extractor.  A sentence becomes word n-grams over
 * normalised tokens (numbers folded to one token, sentence edges marked) and
 * character n-grams inside words (fastText-style "<word>" padding), each
 * hashed into 2^hash_bits buckets.  Weights are sublinear tf times idf, and
 * each block (word, char) is L2-normalised on its own and scaled so that the
 * whole vector has unit length.  Nothing is allocated per token once the
 * extractor's buffers have grown to fit.  This file holds the feature table
 * and the general path (any configuration, n-gram texts for explanations,
 * no table for training's first pass); featcache.c holds the fast path
 * prediction takes.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cues.h"
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
        double idf = t->idf != NULL ? t->idf[r] : 1;
        e->idf = t->block[r] == BLOCK_CHAR ? -idf : idf;
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

/* The sentence's first word, marked, as a bigram with the start. */
bool feat_start_gram(extractor *x, const feat_config *c, bool keep)
{
    size_t ntok = x->tok.count;
    if (ntok > 0 && c->word_max >= 2) {
        size_t n;
        const char *w = word_of(x, &x->tok.tok[0], &n);
        uint64_t h = feat_start_hash(w, n);
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
static bool word_grams_text(extractor *x, const feat_config *c)
{
    size_t ntok = x->tok.count;
    for (size_t i = 0; i < ntok; i++) {
        for (int order = c->word_min; order <= c->word_max; order++) {
            /* the n-grams ending at token i */
            if (order < 1 || (size_t)order > i + 1)
                continue;
            size_t first = i + 1 - (size_t)order;
            uint64_t h = feat_word_order_hash(order);
            size_t glen = 0;
            for (size_t j = first; j <= i; j++) {
                size_t n;
                const char *w = word_of(x, &x->tok.tok[j], &n);
                h = fnv(h, w, n);
                h = fnv(h, " ", 1);
                if (!grow_buffer((void **)&x->gram, &x->gram_cap, glen + n + 2, 1))
                    return false;
                if (glen)
                    x->gram[glen++] = ' ';
                memcpy(x->gram + glen, w, n);
                glen += n;
            }
            if (!push(x, c, h, BLOCK_WORD, x->gram, glen, true))
                return false;
        }
    }
    return feat_start_gram(x, c, true);
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
        return word_grams_text(x, c);
    int lo = c->word_min < 1 ? 1 : c->word_min, hi = c->word_max;
    uint64_t start[6], chain[15];
    int first[6], nchains = 0;
    for (int o = lo; o <= hi && o <= 5; o++) {
        start[o] = feat_word_order_hash(o);
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
    return feat_start_gram(x, c, false);
}

/* Queue the character n-grams of "<word>" for token k, counted in code
 * points. */
bool feat_word_char_grams(extractor *x, const feat_config *c, const token *k, bool keep)
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
                if (order >= c->char_min && keep && !feat_keep_word(x, g + 1, n - 2))
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
            if (keep && !feat_keep_word(x, g + 1, n - 2))
                return false;
        }
    }
    return true;
}

/* Character n-grams of every word, queued in order. */
static bool char_grams(extractor *x, const feat_config *c, bool keep)
{
    for (size_t i = 0; i < x->tok.count; i++)
        if (x->tok.tok[i].type == TOK_WORD && !feat_word_char_grams(x, c, &x->tok.tok[i], keep))
            return false;
    return true;
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
    if (st == STANCE_OK && c->cues > 0 && !cue_append(&x->tok, c->cues))
        st = STANCE_ENOMEM;
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
    if (t != NULL && !keep_text && cfg->word_max == 2 && cfg->word_min >= 1)
        return feat_count_cached(x, cfg, t) ? STANCE_OK : STANCE_ENOMEM;
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
