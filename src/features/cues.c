/*
 * cues.c: stance-cue tokens appended to a tokenised sentence (see cues.h).
 * Each cue word yields its class token, the class with "n" (negated: a
 * negator among the three tokens before it, or a contracted "n't" in it)
 * and/or "m" (a modal among the four tokens before it) when they apply, and
 * the class with "t" when a treaty word lies within six tokens after it or
 * four before.  Scopes stop at clause punctuation (, ; : and sentence ends).
 */
#include <stdlib.h>
#include <string.h>

#include "blocks.h"
#include "cue_lexicon.h"
#include "cues.h"

enum cue_class cue_lookup(const char *w, size_t n)
{
    if (n == 0 || n > 255)
        return CUE_NONE;
    const unsigned char *u = (const unsigned char *)w;
    unsigned bit = cue_sieve_bit(u, n);
    if (!(cue_sieve[bit >> 6] >> (bit & 63) & 1))
        return CUE_NONE; /* most tokens stop here */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ u[i]) * 16777619u;
    for (size_t s = h & (CUE_SLOTS - 1); cue_slots[s] != 0; s = (s + 1) & (CUE_SLOTS - 1)) {
        const struct cue_word *c = &cue_words[cue_slots[s] - 1];
        if (c->len == n && memcmp(c->word, w, n) == 0)
            return (enum cue_class)c->cls;
    }
    return CUE_NONE;
}

static const char *const class_name[CUE_CLASSES] = {
    [CUE_REJECT] = "reject", [CUE_APPROVE] = "approve", [CUE_WARN] = "warn",
    [CUE_HARM] = "harm",     [CUE_FAIL] = "fail",       [CUE_LEGAL] = "legal",
    [CUE_COMMIT] = "commit", [CUE_LEAVE] = "leave",     [CUE_REGRET] = "regret",
};

/* Append one token whose normalised text is "‹name[.suffix]›". */
static bool add(tokens *t, const char *name, const char *suffix)
{
    char buf[48];
    size_t n = 0;
    memcpy(buf, "\xe2\x80\xb9", 3); /* U+2039 */
    n = 3;
    size_t a = strlen(name), b = suffix ? strlen(suffix) : 0;
    memcpy(buf + n, name, a);
    n += a;
    if (b) {
        buf[n++] = '.';
        memcpy(buf + n, suffix, b);
        n += b;
    }
    memcpy(buf + n, "\xe2\x80\xba", 3); /* U+203A */
    n += 3;
    if (!grow_buffer((void **)&t->tok, &t->cap, t->count + 1, sizeof *t->tok) ||
        !grow_buffer((void **)&t->norm, &t->norm_cap, t->norm_len + n, 1))
        return false;
    size_t end = t->count ? t->tok[t->count - 1].end : 0;
    t->tok[t->count++] = (token){end, end, t->norm_len, n, TOK_PUNCT}; /* no char n-grams */
    memcpy(t->norm + t->norm_len, buf, n);
    t->norm_len += n;
    return true;
}

static bool is_clause_break(const tokens *t, size_t i)
{
    const token *k = &t->tok[i];
    if (k->type != TOK_PUNCT || k->norm_len != 1)
        return false;
    char c = t->norm[k->norm_off];
    return c == ',' || c == ';' || c == ':' || c == '.' || c == '!' || c == '?';
}

/* Whether a token of class want lies in [i - back, i) or (i, i + ahead],
 * within the clause. */
static bool near(const tokens *t, const uint8_t *cls, size_t n, size_t i, size_t back,
                 size_t ahead, enum cue_class want)
{
    for (size_t d = 1; d <= back && d <= i; d++) {
        if (is_clause_break(t, i - d))
            break;
        if (cls[i - d] == want)
            return true;
    }
    for (size_t d = 1; d <= ahead && i + d < n; d++) {
        if (is_clause_break(t, i + d))
            break;
        if (cls[i + d] == want)
            return true;
    }
    return false;
}

static bool contracted_not(const char *w, size_t n)
{
    return n > 3 && memcmp(w + n - 3, "n't", 3) == 0;
}

/* The shape tokens: a question, a line without final punctuation (a
 * headline, a caption), quotation marks. */
static bool shape(tokens *t, size_t n)
{
    if (n == 0)
        return true;
    const token *last = &t->tok[n - 1];
    const char *w = t->norm + last->norm_off;
    if (last->type == TOK_PUNCT && last->norm_len == 1 && w[0] == '?')
        return add(t, "q", NULL);
    if (last->type != TOK_PUNCT && !add(t, "hl", NULL))
        return false;
    for (size_t i = 0; i < n; i++) {
        const token *k = &t->tok[i];
        const char *p = t->norm + k->norm_off;
        if (k->type == TOK_PUNCT && ((k->norm_len == 1 && p[0] == '"') ||
                                     (k->norm_len == 3 && memcmp(p, "\xe2\x80", 2) == 0 &&
                                      ((unsigned char)p[2] == 0x9c || (unsigned char)p[2] == 0x9d))))
            return add(t, "quote", NULL);
    }
    return true;
}

bool cue_append(tokens *t, int version)
{
    (void)version; /* one lexicon so far */
    size_t n = t->count;
    uint8_t stack[256], *cls = n <= sizeof stack ? stack : malloc(n);
    if (cls == NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        const token *k = &t->tok[i];
        cls[i] = k->type == TOK_WORD ? (uint8_t)cue_lookup(t->norm + k->norm_off, k->norm_len)
                                     : CUE_NONE;
    }
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        if (cls[i] == CUE_NONE || class_name[cls[i]] == NULL)
            continue;
        const char *name = class_name[cls[i]];
        const token *k = &t->tok[i];
        bool neg = contracted_not(t->norm + k->norm_off, k->norm_len) ||
                   near(t, cls, n, i, 3, 0, CUE_NEG);
        bool mod = near(t, cls, n, i, 4, 0, CUE_MOD);
        bool treaty = near(t, cls, n, i, 4, 6, CUE_TREATY);
        ok = add(t, name, NULL) &&
             (!neg && !mod ? true : add(t, name, neg && mod ? "nm" : neg ? "n" : "m")) &&
             (!treaty || add(t, name, "t"));
    }
    ok = ok && shape(t, n);
    if (cls != stack)
        free(cls);
    return ok;
}

/* The cue block's entry in the block table (blocks.h). */
bool cue_tokens(tokens *t, const feat_config *c)
{
    return cue_append(t, c->cues);
}
