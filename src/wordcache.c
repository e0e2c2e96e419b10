/*
 * wordcache.c: the per-thread memo of tokens' feature contributions.  The
 * slot table is twice WC_MAX_WORDS, so probes stay short; the arenas are
 * allocated whole on first use and never grow, and only wc_begin empties
 * them, so entries found during a sentence stay put.
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

void wc_begin(word_cache *c, uint64_t owner, size_t words, size_t rows)
{
    if (c->owner != owner) {
        clear(c);
        c->owner = owner;
    }
    c->adding = words <= WC_MAX_WORDS && rows <= WC_MAX_ROWS &&
                words * WC_MAX_WORD <= WC_MAX_TEXT;
    if (c->adding && (c->count + words > WC_MAX_WORDS || c->rows_len + rows > WC_MAX_ROWS ||
                      c->text_len + words * WC_MAX_WORD > WC_MAX_TEXT))
        clear(c);
}

static size_t slot_of(uint64_t h)
{
    return (size_t)(h >> 32) & (WC_SLOTS - 1);
}

const wc_entry *wc_find(const word_cache *c, uint64_t h, const char *w, size_t n, int type)
{
    if (c->count == 0)
        return NULL;
    for (size_t s = slot_of(h);; s = (s + 1) & (WC_SLOTS - 1)) {
        uint32_t i = c->slot[s];
        if (i == 0)
            return NULL;
        const wc_entry *e = &c->ent[i - 1];
        if (e->hash == h && e->len == n && e->type == type &&
            memcmp(c->text + e->text, w, n) == 0)
            return e;
    }
}

bool wc_add(word_cache *c, const wc_entry *e, const char *w, size_t n, const int32_t *rows,
            size_t nrows)
{
    if (!c->adding || n > WC_MAX_WORD)
        return true;
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
    size_t s = slot_of(e->hash);
    while (c->slot[s] != 0)
        s = (s + 1) & (WC_SLOTS - 1);
    wc_entry *d = &c->ent[c->count];
    *d = *e;
    d->len = (uint16_t)n;
    d->nrows = (uint16_t)nrows;
    d->text = (uint32_t)c->text_len;
    d->rows = (uint32_t)c->rows_len;
    memcpy(c->text + c->text_len, w, n);
    if (nrows > 0)
        memcpy(c->rows + c->rows_len, rows, nrows * sizeof *rows);
    c->text_len += n;
    c->rows_len += nrows;
    c->slot[s] = (uint32_t)++c->count;
    return true;
}
