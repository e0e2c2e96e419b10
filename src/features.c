/*
 * features.c: the feature extractor.  A sentence becomes word n-grams over
 * normalised tokens (numbers folded to one token, sentence edges marked) and
 * character n-grams inside words (fastText-style "<word>" padding), each
 * hashed into 2^hash_bits buckets.  Weights are sublinear tf times idf, and
 * each block (word, char) is L2-normalised on its own and scaled so that the
 * whole vector has unit length.  Nothing is allocated per token once the
 * extractor's buffers have grown to fit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "features.h"

void extractor_init(extractor *x)
{
    memset(x, 0, sizeof *x);
    tokens_init(&x->tok);
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
    memset(x, 0, sizeof *x);
}

void feat_table_free(feat_table *t)
{
    if (t == NULL)
        return;
    free(t->bucket);
    free(t->idf);
    free(t->block);
    free(t->index);
    memset(t, 0, sizeof *t);
}

bool feat_table_index(feat_table *t)
{
    size_t size = (size_t)1 << t->cfg.hash_bits;
    free(t->index);
    t->index = malloc(size * sizeof *t->index);
    if (t->index == NULL)
        return false;
    memset(t->index, 0xff, size * sizeof *t->index);
    for (size_t r = 0; r < t->rows; r++) {
        if (t->bucket[r] >= size || t->index[t->bucket[r]] != -1)
            return false;
        t->index[t->bucket[r]] = (int32_t)r;
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

/* Count one n-gram whose hash is h and text gram[0..glen). */
static bool add(extractor *x, const feat_config *c, const feat_table *t, uint64_t h,
                uint32_t block, const char *gram, size_t glen, bool keep_text)
{
    h ^= h >> 29;
    uint32_t bucket = (uint32_t)(h & (((uint64_t)1 << c->hash_bits) - 1));
    uint32_t key = bucket;
    if (t != NULL) {
        int32_t row = t->index[bucket];
        if (row < 0)
            return true;
        key = (uint32_t)row;
    }
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
    if (!grow_buffer((void **)&x->e, &x->cap, x->n + 1, sizeof *x->e))
        return false;
    feat_entry *e = &x->e[x->n];
    e->key = key;
    e->count = 1;
    e->block = block;
    e->value = 0;
    e->text = (uint32_t)x->text_len;
    if (keep_text) {
        if (!grow_buffer((void **)&x->text, &x->text_cap, x->text_len + glen + 1, 1))
            return false;
        memcpy(x->text + x->text_len, gram, glen);
        x->text[x->text_len + glen] = '\0';
        x->text_len += glen + 1;
    }
    x->slot[s] = (int32_t)x->n;
    e->slot = (uint32_t)s;
    x->n++;
    if (x->n * 2 > x->slot_cap)
        return rehash(x, x->n);
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

static bool word_grams(extractor *x, const feat_config *c, const feat_table *t, bool keep)
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
            if (!add(x, c, t, h, BLOCK_WORD, x->gram, glen, keep))
                return false;
        }
    }
    /* the sentence's first word, marked, as a bigram with the start */
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
        if (!add(x, c, t, h, BLOCK_WORD, x->gram, n + 2, keep))
            return false;
    }
    return true;
}

/* Character n-grams of "<word>", counted in code points. */
static bool char_grams(extractor *x, const feat_config *c, const feat_table *t, bool keep)
{
    for (size_t i = 0; i < x->tok.count; i++) {
        const token *k = &x->tok.tok[i];
        if (k->type != TOK_WORD)
            continue;
        size_t n = k->norm_len + 2;
        if (!grow_buffer((void **)&x->gram, &x->gram_cap, n + 1, 1))
            return false;
        char *g = x->gram;
        g[0] = '<';
        memcpy(g + 1, x->tok.norm + k->norm_off, k->norm_len);
        g[n - 1] = '>';
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
                if (!add(x, c, t, h, BLOCK_CHAR, g + a, b - a, keep))
                    return false;
            }
        }
    }
    return true;
}

static void weigh(extractor *x, const feat_table *t)
{
    double norm[2] = {0, 0};
    for (size_t i = 0; i < x->n; i++) {
        feat_entry *e = &x->e[i];
        double tf = e->count == 1 ? 1.0 : 1.0 + log((double)e->count);
        e->value = tf * t->idf[e->key];
        e->block = t->block[e->key];
        norm[e->block] += e->value * e->value;
    }
    double share[2] = {1.0 - t->cfg.char_weight, t->cfg.char_weight};
    if (norm[BLOCK_WORD] == 0)
        share[BLOCK_CHAR] = 1;
    if (norm[BLOCK_CHAR] == 0)
        share[BLOCK_WORD] = 1;
    double scale[2];
    for (int b = 0; b < 2; b++)
        scale[b] = norm[b] > 0 ? sqrt(share[b] / norm[b]) : 0;
    for (size_t i = 0; i < x->n; i++)
        x->e[i].value *= scale[x->e[i].block];
}

stance_status feat_extract(extractor *x, const feat_config *cfg, const feat_table *table,
                           const char *text, size_t len, bool keep_text, size_t *bad_offset)
{
    stance_status st = text_tokenize(text, len, &x->tok, bad_offset);
    if (st != STANCE_OK)
        return st;
    /* empty the map by clearing only the slots the last sentence used */
    if (x->slot_cap == 0) {
        x->n = 0;
        if (!rehash(x, 64))
            return STANCE_ENOMEM;
    }
    for (size_t i = 0; i < x->n; i++)
        x->slot[x->e[i].slot] = -1;
    x->n = 0;
    x->text_len = 0;
    const feat_table *t = table;
    if (cfg->word_max > 0 && !word_grams(x, cfg, t, keep_text))
        return STANCE_ENOMEM;
    if (cfg->char_max > 0 && !char_grams(x, cfg, t, keep_text))
        return STANCE_ENOMEM;
    if (t != NULL)
        weigh(x, t);
    return STANCE_OK;
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
