/*
 * wordcache.c: the per-thread memo of tokens' feature contributions.  The
 * slot table is kept at most half full; entries hold short texts
 * themselves, so that a probe usually touches one slot and one entry.
 * Only wc_begin empties the cache, so what a sentence has found stays put
 * (arenas may move as they grow, which is why callers keep offsets).
 */
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "wordcache.h"

enum { WC_MAX_TEXT = WC_MAX_WORDS * 16 };

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
    free(c->sums);
    free(c->text);
    free(c->rows);
    memset(c, 0, sizeof *c);
}

static void clear(word_cache *c)
{
    if (c->slot != NULL && c->count > 0)
        memset(c->slot, 0, c->nslots * sizeof *c->slot);
    c->count = 0;
    c->text_len = 0;
    c->rows_len = 0;
}

void wc_begin(word_cache *c, uint64_t owner, size_t stride, size_t words, size_t rows)
{
    if (c->owner != owner || c->stride != stride) {
        clear(c);
        c->owner = owner;
        c->stride = stride;
    }
    c->adding = words <= WC_MAX_WORDS && rows <= WC_MAX_ROWS &&
                words * WC_MAX_WORD <= WC_MAX_TEXT;
    if (c->adding && (c->count + words > WC_MAX_WORDS || c->rows_len + rows > WC_MAX_ROWS ||
                      c->text_len + words * WC_MAX_WORD > WC_MAX_TEXT))
        clear(c);
}

static size_t slot_of(uint64_t h, size_t nslots)
{
    return wc_slot(h, nslots);
}

/* Keep the slot table at most half full. */
static bool grow_slots(word_cache *c)
{
    if (2 * (c->count + 1) <= c->nslots)
        return true;
    size_t n = c->nslots ? 2 * c->nslots : 1024;
    uint32_t *s = calloc(n, sizeof *s);
    if (s == NULL)
        return false;
    for (size_t i = 0; i < c->count; i++) {
        size_t k = slot_of(c->ent[i].hash, n);
        while (s[k] != 0)
            k = (k + 1) & (n - 1);
        s[k] = (uint32_t)(i + 1);
    }
    free(c->slot);
    c->slot = s;
    c->nslots = n;
    return true;
}

bool wc_add(word_cache *c, const wc_entry *e, const char *w, size_t n, const int32_t *rows,
            size_t nrows, const double *sums)
{
    if (!c->adding || n > WC_MAX_WORD)
        return true;
    if (!grow_slots(c) || !grow_buffer((void **)&c->ent, &c->ent_cap, c->count + 1, sizeof *c->ent) ||
        !grow_buffer((void **)&c->sums, &c->sums_cap, (c->count + 1) * c->stride + 1,
                     sizeof *c->sums) ||
        !grow_buffer((void **)&c->rows, &c->rows_cap, c->rows_len + nrows + WC_ROWS_SLACK,
                     sizeof *c->rows) ||
        (n > WC_INLINE && !grow_buffer((void **)&c->text, &c->text_cap, c->text_len + n, 1)))
        return false;
    size_t s = slot_of(e->hash, c->nslots);
    while (c->slot[s] != 0)
        s = (s + 1) & (c->nslots - 1);
    wc_entry *d = &c->ent[c->count];
    *d = *e;
    d->len = (uint16_t)n;
    d->nrows = (uint16_t)nrows;
    d->rows = (uint32_t)c->rows_len;
    if (n <= WC_INLINE) {
        memcpy(d->text.in, w, n);
    } else {
        d->text.off = (uint32_t)c->text_len;
        memcpy(c->text + c->text_len, w, n);
        c->text_len += n;
    }
    if (e->summed)
        memcpy(c->sums + c->count * c->stride, sums, c->stride * sizeof *sums);
    if (nrows > 0)
        memcpy(c->rows + c->rows_len, rows, nrows * sizeof *rows);
    c->rows_len += nrows;
    c->slot[s] = (uint32_t)++c->count;
    return true;
}
