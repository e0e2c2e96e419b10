/*
 * wordcache.c: the per-thread memo of words' character n-gram rows.  The
 * slot table is twice WC_MAX_WORDS, so probes stay short; the text and row
 * arenas are allocated whole on first use and never grow.
 */
#include <stdlib.h>
#include <string.h>

#include "wordcache.h"

enum { WC_SLOTS = 2 * WC_MAX_WORDS, WC_MAX_TEXT = WC_MAX_WORDS * 16 };

void wc_init(word_cache *c)
{
    memset(c, 0, sizeof *c);
}

void wc_free(word_cache *c)
{
    if (c == NULL)
        return;
    free(c->slot);
    free(c->ent);
    free(c->text);
    free(c->rows);
    memset(c, 0, sizeof *c);
}

static void clear(word_cache *c)
{
    if (c->slot != NULL && c->count > 0)
        memset(c->slot, 0, WC_SLOTS * sizeof *c->slot);
    c->count = 0;
    c->text_len = 0;
    c->rows_len = 0;
}

void wc_claim(word_cache *c, uint64_t owner)
{
    if (c->owner == owner)
        return;
    clear(c);
    c->owner = owner;
}

const int32_t *wc_find(const word_cache *c, uint64_t h, const char *w, size_t n,
                       size_t *nrows)
{
    if (c->count == 0)
        return NULL;
    for (size_t s = h & (WC_SLOTS - 1);; s = (s + 1) & (WC_SLOTS - 1)) {
        uint32_t i = c->slot[s];
        if (i == 0)
            return NULL;
        const wc_entry *e = &c->ent[i - 1];
        if (e->hash == h && e->len == n && memcmp(c->text + e->text, w, n) == 0) {
            *nrows = e->nrows;
            return c->rows + e->rows;
        }
    }
}

bool wc_add(word_cache *c, uint64_t h, const char *w, size_t n, const int32_t *rows,
            size_t nrows)
{
    if (c->slot == NULL) {
        c->slot = calloc(WC_SLOTS, sizeof *c->slot);
        c->ent = malloc(WC_MAX_WORDS * sizeof *c->ent);
        c->text = malloc(WC_MAX_TEXT);
        c->rows = malloc(WC_MAX_ROWS * sizeof *c->rows);
        if (c->slot == NULL || c->ent == NULL || c->text == NULL || c->rows == NULL) {
            uint64_t owner = c->owner;
            wc_free(c);
            c->owner = owner;
            return false;
        }
    }
    if (n > WC_MAX_WORD || nrows > UINT16_MAX || nrows > WC_MAX_ROWS)
        return true; /* not memoised, which is allowed */
    if (c->count == WC_MAX_WORDS || c->text_len + n > WC_MAX_TEXT ||
        c->rows_len + nrows > WC_MAX_ROWS)
        clear(c);
    size_t s = h & (WC_SLOTS - 1);
    while (c->slot[s] != 0)
        s = (s + 1) & (WC_SLOTS - 1);
    wc_entry *e = &c->ent[c->count];
    e->hash = h;
    e->len = (uint16_t)n;
    e->nrows = (uint16_t)nrows;
    e->text = (uint32_t)c->text_len;
    e->rows = (uint32_t)c->rows_len;
    memcpy(c->text + c->text_len, w, n);
    if (nrows > 0)
        memcpy(c->rows + c->rows_len, rows, nrows * sizeof *rows);
    c->text_len += n;
    c->rows_len += nrows;
    c->slot[s] = (uint32_t)++c->count;
    return true;
}
