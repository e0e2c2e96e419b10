/*
 * chargrams.c: the character n-gram block.  The n-grams of orders
 * char_min to char_max, counted in code points, of each word token padded
 * fastText-style as "<word>"; hashed as featgram.h defines, in the block
 * BLOCK_CHAR.
 */
#include <string.h>

#include "featgram.h"

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
bool feat_char_grams(extractor *x, const feat_config *c, bool keep)
{
    for (size_t i = 0; i < x->tok.count; i++)
        if (x->tok.tok[i].type == TOK_WORD && !feat_word_char_grams(x, c, &x->tok.tok[i], keep))
            return false;
    return true;
}
