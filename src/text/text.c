/*
 * text.c: UTF-8 validation, Unicode normalisation (through utf8proc) and the
 * feature tokenizer (character classes in chars.c).  Tokens keep byte offsets into the original text so that every
 * later stage can point back at what the user wrote.  ASCII text takes a fast
 * path; utf8proc is called only for tokens holding other characters, into
 * scratch buffers that are reused from call to call.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text.h"

void tokens_init(tokens *t)
{
    memset(t, 0, sizeof *t);
}

void tokens_free(tokens *t)
{
    if (t == NULL)
        return;
    free(t->tok);
    free(t->norm);
    free(t->u32);
    memset(t, 0, sizeof *t);
}

size_t text_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate(s, (utf8proc_ssize_t)(n > 4 ? 4 : n), &c);
    if (k <= 0)
        return 0;
    *cp = c;
    return (size_t)k;
}

bool stance_utf8_valid(const char *text, size_t len, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        if (s[i] < 0x80) {
            i++;
            /* then ASCII 32 bytes at a time, and 8 */
            const uint64_t high = 0x8080808080808080ULL;
            uint64_t v[4];
            while (i + 32 <= len && (memcpy(v, s + i, 32), ((v[0] | v[1] | v[2] | v[3]) & high) == 0))
                i += 32;
            while (i + 8 <= len && (memcpy(v, s + i, 8), (v[0] & high) == 0))
                i += 8;
            continue;
        }
        int32_t cp;
        size_t k = text_decode(s + i, len - i, &cp);
        if (k == 0) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += k;
    }
    return true;
}

bool grow_buffer(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *p = realloc(*buf, n * elem);
    if (p == NULL)
        return false;
    *buf = p;
    *cap = n;
    return true;
}

/* Append the normalised form of s[0..n) to t->norm.  ASCII is lower-cased
 * in place; anything else goes through utf8proc NFKC with case folding, and
 * curly or modifier apostrophes become "'". */
static stance_status normalise(tokens *t, const unsigned char *s, size_t n, size_t *len_out)
{
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = s[i] < 0x80;
    if (ascii) {
        if (!grow_buffer((void **)&t->norm, &t->norm_cap, t->norm_len + n, 1))
            return STANCE_ENOMEM;
        char *d = t->norm + t->norm_len;
        for (size_t i = 0; i < n; i++)
            d[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] | 0x20) : (char)s[i];
        *len_out = n;
        t->norm_len += n;
        return STANCE_OK;
    }
    const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                  UTF8PROC_CASEFOLD;
    utf8proc_ssize_t m;
    for (;;) {
        m = utf8proc_decompose(s, (utf8proc_ssize_t)n, t->u32, (utf8proc_ssize_t)t->u32_cap, opt);
        if (m < 0)
            return STANCE_EUTF8;
        if ((size_t)m <= t->u32_cap)
            break;
        if (!grow_buffer((void **)&t->u32, &t->u32_cap, (size_t)m, sizeof(int32_t)))
            return STANCE_ENOMEM;
    }
    m = utf8proc_normalize_utf32(t->u32, m, opt);
    if (m < 0)
        return STANCE_EUTF8;
    size_t out = 0;
    for (utf8proc_ssize_t i = 0; i < m; i++) {
        int32_t cp = t->u32[i];
        if (text_is_apostrophe(cp))
            cp = '\'';
        if (!grow_buffer((void **)&t->norm, &t->norm_cap, t->norm_len + out + 4, 1))
            return STANCE_ENOMEM;
        out += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)t->norm + t->norm_len + out);
    }
    *len_out = out;
    t->norm_len += out;
    return STANCE_OK;
}

static stance_status push(tokens *t, const unsigned char *s, size_t start, size_t end,
                          tok_type type)
{
    if (!grow_buffer((void **)&t->tok, &t->cap, t->count + 1, sizeof(token)))
        return STANCE_ENOMEM;
    token *k = &t->tok[t->count];
    k->start = start;
    k->end = end;
    k->type = type;
    k->norm_off = t->norm_len;
    stance_status st = normalise(t, s + start, end - start, &k->norm_len);
    if (st != STANCE_OK)
        return st;
    t->count++;
    return STANCE_OK;
}

/* Scan a word or number starting at i; returns its end and sets *type.
 * Words keep in-word apostrophes ("Russia's") and join letters with digits
 * ("G7", "1980s"); numbers keep inner . , : between digits ("3.5", "10.30");
 * single-letter acronyms stay whole ("U.S"). */
static size_t scan_word(const unsigned char *s, size_t len, size_t i, tok_type *type)
{
    int32_t cp, next;
    size_t k = text_decode(s + i, len - i, &cp);
    bool number = text_is_digit(cp);
    *type = number ? TOK_NUMBER : TOK_WORD;
    size_t prev_letters = number ? 0 : 1;
    i += k;
    while (i < len) {
        k = text_decode(s + i, len - i, &cp);
        if (k == 0)
            break;
        if (text_is_letter(cp) && !text_is_ideograph(cp)) {
            *type = TOK_WORD;
            prev_letters++;
            i += k;
            continue;
        }
        if (text_is_digit(cp)) {
            i += k;
            continue;
        }
        if (i + k >= len)
            break;
        size_t k2 = text_decode(s + i + k, len - i - k, &next);
        if (k2 == 0)
            break;
        if (text_is_apostrophe(cp) && *type == TOK_WORD && text_is_letter(next)) {
            i += k + k2;
            continue;
        }
        if ((cp == '.' || cp == ',' || cp == ':') && *type == TOK_NUMBER && text_is_digit(next)) {
            i += k + k2;
            continue;
        }
        if (cp == '.' && prev_letters == 1 && text_is_upper(next) && i + k + k2 < len &&
            s[i + k + k2] == '.') {
            i += k + k2;  /* U.S, U.N: the final dot stays punctuation */
            prev_letters = 1;
            continue;
        }
        break;
    }
    return i;
}

/* ASCII byte classes for the tokenizer's fast path. */
enum { A_OTHER, A_SPACE, A_LOWER, A_UPPER, A_DIGIT, A_JOIN, A_HIGH };

static const unsigned char ascii_class[256] = {
    ['\t'] = A_SPACE, ['\n'] = A_SPACE, ['\v'] = A_SPACE, ['\f'] = A_SPACE, ['\r'] = A_SPACE,
    [' '] = A_SPACE,
    ['a' ... 'z'] = A_LOWER, ['A' ... 'Z'] = A_UPPER, ['0' ... '9'] = A_DIGIT,
    ['\''] = A_JOIN, ['.'] = A_JOIN, [','] = A_JOIN, [':'] = A_JOIN,
    [0x80 ... 0xff] = A_HIGH,
};

/* Room for one more token (out of line: the list soon stops growing). */
static __attribute__((noinline)) bool grow_tokens(tokens *t)
{
    return grow_buffer((void **)&t->tok, &t->cap, t->count + 1, sizeof(token));
}

/* Add token [start, end) of type type whose normalised form, n bytes, is
 * already at the end of t->norm.  Inline: it runs once per token. */
static inline stance_status add_token(tokens *t, size_t start, size_t end, tok_type type,
                                      size_t n)
{
    if (t->count == t->cap && !grow_tokens(t))
        return STANCE_ENOMEM;
    token *k = &t->tok[t->count++];
    k->start = start;
    k->end = end;
    k->type = type;
    k->norm_off = t->norm_len;
    k->norm_len = n;
    t->norm_len += n;
    return STANCE_OK;
}

/* Bit 7 of each byte of x set where that byte is an ASCII letter or digit
 * (SWAR: with bit 7 clear, adding 0x80 - lo to a byte sets its bit 7 iff
 * the byte is at least lo, and no carry crosses into the next byte). */
static inline uint64_t alnum8(uint64_t x)
{
    const uint64_t hi = 0x8080808080808080ULL, one = 0x0101010101010101ULL;
    uint64_t y = x & ~hi, l = y | 0x20 * one;
    uint64_t alpha = (l + (0x80 - 'a') * one) & ~(l + (0x80 - 'z' - 1) * one);
    uint64_t digit = (y + (0x80 - '0') * one) & ~(y + (0x80 - '9' - 1) * one);
    return (alpha | digit) & ~x & hi;
}

static bool ascii_letter(unsigned char c)
{
    return ascii_class[c] == A_LOWER || ascii_class[c] == A_UPPER;
}

/* Scan an ASCII word or number starting at s[i], writing it lower-cased to
 * d as it goes; returns its end, or 0 when it runs into something only
 * scan_word can judge.  It joins as scan_word does an apostrophe (ASCII or
 * U+2019) between a word and a letter ("Russia's") and . , : between a
 * number and a digit ("3.5", "10,000"), and leaves to scan_word bytes above
 * 0x7f otherwise, a dot before a capital ("U.S") and a join before a byte
 * above 0x7f.  *nlen: the bytes written to d. */
static size_t scan_ascii_word(const unsigned char *s, size_t len, size_t i, tok_type *type,
                              char *d, size_t *nlen)
{
    const char *d0 = d;
    /* letters and digits (A_LOWER to A_DIGIT) are copied or'ed with 0x20,
     * which lower-cases letters and leaves digits be; only letters have
     * bit 0x40 */
    uint64_t seen = 0;
    while (i < len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (i + 8 <= len) {
            /* eight bytes at a time: the room t->norm has for the rest of
             * the text takes the eight written, even past the word */
            uint64_t x, lower;
            memcpy(&x, s + i, 8);
            uint64_t m = alnum8(x);
            lower = x | 0x2020202020202020ULL;
            memcpy(d, &lower, 8);
            if (m == 0x8080808080808080ULL) {
                seen |= x;
                d += 8;
                i += 8;
                continue;
            }
            unsigned n = (unsigned)__builtin_ctzll(~m & 0x8080808080808080ULL) / 8;
            seen |= x & (((uint64_t)1 << (8 * n)) - 1);
            d += n;
            i += n;
        }
#endif
        unsigned char b = s[i];
        if (b == ' ')
            break; /* how most words end */
        if ((unsigned)(ascii_class[b] - A_LOWER) <= A_DIGIT - A_LOWER) {
            *d++ = (char)(b | 0x20);
            seen |= b;
            i++;
            continue;
        }
        bool word = seen & 0x4040404040404040ULL;
        size_t k = 1; /* the join's bytes */
        if (b == 0xe2 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] == 0x99)
            k = 3, b = '\''; /* U+2019 */
        else if (ascii_class[b] == A_HIGH)
            return 0;
        else if (ascii_class[b] != A_JOIN)
            break;
        if (i + k >= len || ascii_class[s[i + k]] == A_SPACE)
            break;
        unsigned char next = s[i + k];
        if (ascii_class[next] == A_HIGH || (b == '.' && ascii_class[next] == A_UPPER))
            return 0;
        if ((b == '\'' && word && ascii_letter(next)) ||
            (b != '\'' && !word && ascii_class[next] == A_DIGIT)) {
            *d++ = (char)b;
            *d++ = (char)(next | 0x20);
            seen |= next;
            i += k + 1;
            continue;
        }
        break;
    }
    *type = seen & 0x4040404040404040ULL ? TOK_WORD : TOK_NUMBER;
    *nlen = (size_t)(d - d0);
    return i;
}

stance_status text_tokenize(const char *text, size_t len, tokens *out, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)text;
    out->count = 0;
    out->norm_len = 0;
    /* ASCII needs no more than its own bytes of t->norm: room for the rest
     * of the text is made here and after each token normalised by utf8proc
     * (which may take more than its bytes) */
    if (len > out->norm_cap && !grow_buffer((void **)&out->norm, &out->norm_cap, len, 1))
        return STANCE_ENOMEM;
    size_t i = 0;
    while (i < len) {
        stance_status st = STANCE_OK;
        unsigned char c = ascii_class[s[i]];
        if (c == A_SPACE) {
            i++;
            continue;
        }
        if (c == A_LOWER || c == A_UPPER || c == A_DIGIT) {
            tok_type type;
            size_t n;
            size_t end = scan_ascii_word(s, len, i, &type, out->norm + out->norm_len, &n);
            if (end != 0) {
                st = add_token(out, i, end, type, n);
                i = end + (end < len && s[end] == ' '); /* and a space after it */
                if (st != STANCE_OK)
                    return st;
                continue;
            }
        } else if (c != A_HIGH) {
            out->norm[out->norm_len] = (char)s[i]; /* ASCII punctuation */
            st = add_token(out, i, i + 1, TOK_PUNCT, 1);
            i++;
            if (st != STANCE_OK)
                return st;
            continue;
        }
        int32_t cp;
        size_t k = text_decode(s + i, len - i, &cp);
        if (k == 0) {
            if (bad_offset)
                *bad_offset = i;
            return STANCE_EUTF8;
        }
        if (text_is_space(cp)) {
            i += k;
            continue;
        }
        if (text_is_ideograph(cp)) {
            st = push(out, s, i, i + k, TOK_WORD);
            i += k;
        } else if (text_is_word_char(cp)) {
            tok_type type;
            size_t end = scan_word(s, len, i, &type);
            st = push(out, s, i, end, type);
            i = end;
        } else {
            st = push(out, s, i, i + k, TOK_PUNCT);
            i += k;
        }
        if (st == STANCE_EUTF8 && bad_offset)
            *bad_offset = i;
        if (st != STANCE_OK)
            return st;
        if (out->norm_len + (len - i) > out->norm_cap &&
            !grow_buffer((void **)&out->norm, &out->norm_cap, out->norm_len + (len - i), 1))
            return STANCE_ENOMEM;
    }
    return STANCE_OK;
}
