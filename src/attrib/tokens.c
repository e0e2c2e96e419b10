/*
 * tokens.c: the article as tokens.  Each sentence span is cut into words
 * (letters and digits, with inner apostrophes, hyphens and dots of
 * abbreviations and initials), punctuation marks and quotation marks;
 * words get case flags, possessives are split off, and the quotation state
 * (inside double or single quotation marks) is carried from sentence to
 * sentence, so each token knows whether it is quoted and each sentence
 * whether it opens or closes inside a quotation.  A blank line between two
 * sentences starts a paragraph.
 */
#include <stdint.h>
#include <string.h>

#include "abbrev.h"
#include "attrib_impl.h"

typedef struct qstate {
    bool dq, sq;  /* inside double / single quotation marks */
} qstate;

/* Is the full stop at s[j] part of the word s[i..j) (abbrev.c's list)? */
static bool abbreviation(const char *s, size_t i, size_t j, size_t end)
{
    size_t k = j + 1;
    while (k < end && (s[k] == ' ' || s[k] == '\t'))
        k++;
    return text_abbreviation_before(s + i, j - i, k < end ? (unsigned char)s[k] : 0);
}

/* ASCII letters and digits, by kind (0 for every other byte). */
enum { AK_LOWER = 1, AK_UPPER = 2, AK_DIGIT = 4 };
static const unsigned char ascii_kind[256] = {
    ['a' ... 'z'] = AK_LOWER, ['A' ... 'Z'] = AK_UPPER, ['0' ... '9'] = AK_DIGIT};

/* Set t's case flags from the word's first code point and letter counts. */
static void word_flags(atok *t, int32_t first, unsigned letters, unsigned up, unsigned low)
{
    t->p = 0;
    t->flags |= F_WORD;
    if ((uint32_t)first < 0x80 ? ascii_kind[first] == AK_UPPER : text_is_upper(first))
        t->flags |= F_CAP;
    else if ((uint32_t)first < 0x80 ? ascii_kind[first] == AK_LOWER : text_is_lower(first))
        t->flags |= F_LOWER;
    if (letters >= 2 && low == 0 && up >= 2)
        t->flags |= F_UPPER;
}

static bool ascii_alnum(unsigned char c)
{
    return ascii_kind[c] != 0;
}

/* Scan a word from i; fills t and returns the byte after it (and after a
 * possessive 's, which the token leaves out). */
static size_t scan_word(const article *a, size_t i, size_t end, const qstate *q, atok *t)
{
    const char *s = a->s;
    size_t j = i, seg = 0, next = 0;
    unsigned up = 0, low = 0, letters = 0;
    bool dotted = false;
    int32_t first = 0, last = 0;
    t->s = i;
    while (j < end) {
        unsigned kind = ascii_kind[(unsigned char)s[j]];
        if (kind != 0) { /* the common case, a run of ASCII letters and digits */
            size_t j0 = j;
            unsigned aup = 0, alow = 0;
            do {
                aup += kind >> 1 & 1;
                alow += kind & 1;
            } while (++j < end && (kind = ascii_kind[(unsigned char)s[j]]) != 0);
            if (first == 0)
                first = (unsigned char)s[j0];
            last = (unsigned char)s[j - 1];
            seg += j - j0;
            up += aup;
            low += alow;
            letters += aup + alow;
            continue;
        }
        unsigned char c = (unsigned char)s[j];
        if (c < 0x80 && c != '\'' && c != '-' && c != '.')
            break; /* ASCII that is not a letter, a digit or a mark handled below */
        int32_t cp;
        size_t k = decode_at(s, j, end, &cp);
        int32_t nx = peek(s, j + k, end);
        if (is_wordch(cp)) {
            if (first == 0)
                first = cp;
            if (text_is_letter(cp)) {
                letters++;
                up += text_is_upper(cp);
                low += text_is_lower(cp);
            }
            last = cp;
            seg++;
            j += k;
        } else if (text_is_apostrophe(cp) && (nx == 's' || nx == 'S') &&
                   !is_wordch(peek(s, j + k + 1, end))) {
            next = j + k + 1; /* Russia's */
            break;
        } else if (text_is_apostrophe(cp) && text_is_letter(nx)) {
            j += k; /* O'Connell, don't */
        } else if (text_is_apostrophe(cp) && (last == 's' || last == 'S') && !q->sq &&
                   !is_wordch(nx)) {
            t->flags |= F_PLPOSS; /* the Farmers' Council */
            j += k;
            next = j;
            break;
        } else if ((text_is_hyphen(cp) || cp == 0x2013) && is_wordch(nx)) {
            /* an en dash joins words too: U.S.–Japan */
            seg = 0;
            j += k;
        } else if (cp == '.' && seg == 1 &&
                   (text_is_letter(nx) ||
                    (dotted && nx == '-' && is_wordch(peek(s, j + k + 1, end))))) {
            dotted = true; /* U.S., U.S.-Japan */
            seg = 0;
            j += k;
        } else {
            break;
        }
    }
    t->e = j;
    if (next) {
        t->flags |= F_POSS;
    } else if (j < end && s[j] == '.' &&
               (dotted || (letters == 1 && text_is_upper(first)) || abbreviation(s, i, j, end))) {
        t->e = ++j;
    }
    word_flags(t, first, letters, up, low);
    return next ? next : j;
}

/* Decide what a quotation mark at s[i] (code point cp, k bytes) does:
 * F_QOPEN, F_QCLOSE, or 0 for an apostrophe standing alone.  Curly and
 * angle marks say which they are; a straight " opens after a space and
 * closes before one; a right double mark after a space opens (some texts
 * use it both ways); single marks open after a space and close only an
 * open single quotation. */
static unsigned quote_kind(const article *a, size_t i, size_t k, size_t start, size_t end,
                           int32_t cp, qstate *q)
{
    int32_t prev = 0, next = peek(a->s, i + k, end);
    if (i > start) {
        size_t b = i - 1;
        while (b > start && ((unsigned char)a->s[b] & 0xC0) == 0x80)
            b--;
        decode_at(a->s, b, end, &prev);
    }
    bool after_space = i == start || text_is_space(prev) || prev == '(' || prev == '[' ||
                       text_is_dash(prev);
    bool before_space = i + k >= end || text_is_space(next);
    bool open;
    if (cp == 0x201C || cp == 0x201E || cp == 0x00AB)
        open = true;
    else if (cp == '"')
        open = after_space || (!before_space && !q->dq);
    else if (cp == 0x201D)
        open = !q->dq && after_space && !before_space;
    else if (cp == 0x00BB)
        open = false;
    else if (cp == 0x2018 || (after_space && !before_space)) {
        q->sq = true;
        return F_QOPEN;
    } else if (q->sq) {
        q->sq = false;
        return F_QCLOSE;
    } else {
        return 0;
    }
    q->dq = open;
    return open ? F_QOPEN : F_QCLOSE;
}

static bool push_tok(article *a, const atok *t)
{
    if (!grow(a, (void **)&a->t, &a->tcap, a->nt, sizeof *a->t))
        return false;
    a->t[a->nt] = *t;
    a->t[a->nt].lex_done = false;
    a->nt++;
    return true;
}

/* Tokenise the sentence s[start, end), appending to a->t. */
static void tokenize_sentence(article *a, size_t start, size_t end, qstate *q)
{
    size_t i = start;
    q->sq = false;
    while (i < end && !a->oom) {
        unsigned char c = (unsigned char)a->s[i];
        if (c == ' ') {
            i++;
            continue;
        }
        atok t = {0};
        int32_t cp = c;
        size_t k = 1;
        if (!ascii_alnum(c)) /* else a word: no need to decode */
            k = decode_at(a->s, i, end, &cp);
        if (text_is_space(cp) || cp == 0xFFFD) {
            i += k;
            continue;
        }
        if (is_wordch(cp)) {
            i = scan_word(a, i, end, q, &t);
        } else if (text_is_quote(cp)) {
            t.s = i;
            t.e = i + k;
            t.flags = quote_kind(a, i, k, start, end, cp, q);
            t.p = '"';
            i += k;
            if (t.flags == 0)
                continue;
        } else {
            t.s = i;
            t.e = i + k;
            t.p = cp < 0x80 ? (char)cp : text_is_dash(cp) ? '-' : '?';
            i += k;
        }
        if ((q->dq || q->sq) && !(t.flags & (F_QOPEN | F_QCLOSE)))
            t.flags |= F_INQ;
        push_tok(a, &t);
    }
}

/* A blank line between two sentences starts a paragraph. */
static bool blank_line_between(const char *s, size_t a, size_t b)
{
    unsigned nl = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '\n')
            nl++;
        else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            nl = 0;
        if (nl >= 2)
            return true;
    }
    return false;
}

void at_tokenize_article(article *a, const stance_span *spans, size_t count)
{
    qstate q = {false, false};
    for (size_t i = 0; i < count && !a->oom; i++) {
        asent *sn = &a->sn[i];
        sn->para = i == 0 || spans[i].start < spans[i - 1].end ||
                   blank_line_between(a->s, spans[i - 1].end, spans[i].start);
        if (sn->para)
            q.dq = false;
        sn->q_start = q.dq;
        sn->t0 = a->nt;
        tokenize_sentence(a, spans[i].start, spans[i].end, &q);
        sn->t1 = a->nt;
        sn->q_end = q.dq;
        for (size_t t = sn->t0; t < sn->t1; t++)
            if (a->t[t].flags & (F_QOPEN | F_QCLOSE))
                sn->has_quote = true;
    }
}
