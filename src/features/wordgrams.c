/*
 * wordgrams.c: the word n-gram block.  Word n-grams over the sentence's
 * normalised tokens (numbers folded to "<num>", the cue tokens included)
 * of orders word_min to word_max, and the start bigram "^ first-word";
 * hashed as featgram.h defines, in the block BLOCK_WORD.
 */
#include <string.h>

#include "featgram.h"

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
bool feat_word_grams(extractor *x, const feat_config *c, bool keep)
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
