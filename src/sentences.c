/*
 * sentences.c: the sentence splitter.  It works on raw bytes and returns
 * byte spans into the caller's text, so offsets always slice the original
 * file.  First it groups lines into paragraphs (blank lines separate them)
 * and decides, line by line, whether a line break ends a sentence (a short
 * line without final punctuation: headline, byline, caption, section head)
 * or merely wraps a paragraph.  Then, within each run of joined lines, it
 * ends sentences at . ! ? ... and the ellipsis character, unless an
 * abbreviation, an initial or a lower-case continuation says otherwise.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "text.h"

typedef struct span_list {
    stance_span *v;
    size_t n, cap;
} span_list;

static bool span_push(span_list *l, const char *s, size_t a, size_t b)
{
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\n'))
        a++;
    /* Trim Unicode spaces too (no-break space and the like). */
    while (a < b) {
        int32_t cp;
        size_t k = text_decode((const unsigned char *)s + a, b - a, &cp);
        if (k == 0 || !text_is_space(cp))
            break;
        a += k;
    }
    while (b > a) { /* step back over whole code points that are spaces */
        size_t c = b - 1;
        while (c > a && ((unsigned char)s[c] & 0xC0) == 0x80)
            c--;
        int32_t cp;
        if (text_decode((const unsigned char *)s + c, b - c, &cp) != b - c || !text_is_space(cp))
            break;
        b = c;
    }
    if (a == b)
        return true;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        stance_span *v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return false;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].start = a;
    l->v[l->n].end = b;
    l->n++;
    return true;
}

/* Words before a full stop that do not end a sentence. */
static const char *const abbreviations[] = {
    "mr", "mrs", "ms", "dr", "gen", "sen", "gov", "st", "lt", "col", "maj", "capt",
    "cmdr", "adm", "sgt", "rep", "prof", "rev", "hon", "mt", "ft", "messrs", "mme",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "al", "cf", "approx", "vs", "pres",
    "gens", "sens", "reps", "govt", "dept", "univ", "assn", "bros", "gov't",
    NULL
};

static bool is_abbreviation(const char *w, size_t n, int32_t next)
{
    if (n == 1 && w[0] >= 'A' && w[0] <= 'Z' && w[0] != 'I')
        return true; /* an initial: J. R. Smith (but "So did I. Then...") */
    if (n == 2 && (w[0] == 'N' || w[0] == 'n') && (w[1] == 'o' || w[1] == 'O'))
        return next >= '0' && next <= '9'; /* No. 5 */
    for (const char *const *a = abbreviations; *a; a++)
        if (((*a)[0] | 0x20) == (w[0] | 0x20) && strlen(*a) == n && strncasecmp(*a, w, n) == 0)
            return true;
    /* Dotted acronyms in general: U.S.A, N.A.T.O */
    return n >= 3 && w[1] == '.';
}

static bool is_closer(int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D ||
           cp == 0x2019 || cp == 0x00BB || cp == 0x203A || cp == '*';
}

/* Is there a sentence end in s[a..b) at the terminator starting at i?  On
 * true, *end is the byte after the terminator and its closing marks. */
static bool ends_sentence(const char *s, size_t a, size_t b, size_t i, size_t *end)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t j = i, dots = 0, other = 0;
    for (;;) {
        int32_t cp;
        size_t k = j < b ? text_decode(u + j, b - j, &cp) : 0;
        if (k == 0)
            break;
        if (cp == '.')
            dots++;
        else if (cp == '!' || cp == '?' || cp == 0x2026)
            other++;
        else
            break;
        j += k;
    }
    for (;;) {
        int32_t cp;
        size_t k = j < b ? text_decode(u + j, b - j, &cp) : 0;
        if (k == 0 || !is_closer(cp))
            break;
        j += k;
    }
    *end = j;
    if (j >= b)
        return true;
    int32_t cp;
    size_t k = text_decode(u + j, b - j, &cp);
    if (k == 0 || !text_is_space(cp))
        return false;              /* 3.5, U.S.-led, "?!" inside a word */
    size_t n = j;
    while (n < b) {
        k = text_decode(u + n, b - n, &cp);
        if (k == 0 || !text_is_space(cp))
            break;
        n += k;
    }
    if (n >= b)
        return true;
    text_decode(u + n, b - n, &cp);
    if (text_is_lower(cp))
        return false;
    if (dots == 1 && other == 0) {
        size_t w = i;
        while (w > a && (text_is_letter((unsigned char)s[w - 1]) || s[w - 1] == '.' ||
                         s[w - 1] == '\''))
            w--;
        if (w < i && is_abbreviation(s + w, i - w, cp))
            return false;
    }
    return true;
}

/* Split s[a..b), a run of joined lines, into sentences. */
static bool split_run(const char *s, size_t a, size_t b, span_list *out)
{
    /* the bytes that may start a sentence end: . ! ? and the first byte of
     * U+2026 (no UTF-8 continuation byte is one of them) */
    static const bool mark[256] = {['.'] = true, ['!'] = true, ['?'] = true, [0xE2] = true};
    const unsigned char *u = (const unsigned char *)s;
    size_t start = a, i = a;
    for (;;) {
        while (i < b && !mark[u[i]])
            i++;
        if (i >= b)
            break;
        if (u[i] == 0xE2 && !(i + 2 < b && u[i + 1] == 0x80 && u[i + 2] == 0xA6)) {
            i++; /* another code point from U+2000 to U+2FFF */
            continue;
        }
        size_t end;
        if (ends_sentence(s, a, b, i, &end)) {
            if (!span_push(out, s, start, end))
                return false;
            start = end;
        }
        i = end; /* judge a run such as "..." or "?!" once */
    }
    return span_push(out, s, start, b);
}

typedef struct line {
    size_t start, end; /* without the newline and any trailing \r */
    size_t width;      /* trimmed length in code points */
    bool blank, terminal;  /* terminal: ends with punctuation that continues or ends a sentence */
    bool final;            /* ends with . ! ? or an ellipsis */
} line;

static void measure(const char *s, line *l)
{
    size_t a = l->start, b = l->end;
    while (a < b && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
        b--;
    l->blank = a == b;
    l->width = 0;
    for (size_t i = a; i < b; i++)
        l->width += ((unsigned char)s[i] & 0xC0) != 0x80;
    l->terminal = false;
    /* skip closing quotes and brackets to find the last real mark */
    while (b > a) {
        unsigned char c = (unsigned char)s[b - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '*') {
            b--;
        } else if (b - a >= 3 && (unsigned char)s[b - 3] == 0xE2 && (unsigned char)s[b - 2] == 0x80 &&
                   (c == 0x9D || c == 0x99)) {
            b -= 3;
        } else {
            break;
        }
    }
    l->final = false;
    if (b > a) {
        unsigned char c = (unsigned char)s[b - 1];
        l->final = c == '.' || c == '!' || c == '?' ||
                   (b - a >= 3 && c == 0xA6 && (unsigned char)s[b - 2] == 0x80);
        l->terminal = l->final || c == ':' || c == ';' || c == ',';
    }
}

/* A line break inside a paragraph ends a sentence when the line has no
 * final punctuation and either is short next to the paragraph's longest
 * line (a caption above text) or belongs to a paragraph whose last line has
 * no final punctuation either (a headline above a byline: prose paragraphs
 * end with a full stop); in a hard-wrapped paragraph the break is a wrap. */
static bool break_after(const char *s, const line *l, const line *next, size_t maxw, bool stack)
{
    if (l->terminal)
        return false;
    if (stack || l->width * 10 < maxw * 6)
        return true;
    if (maxw >= 50)
        return false;
    /* a paragraph of short lines: a new line that starts in upper case
     * begins a new sentence, one in lower case continues a narrow wrap */
    size_t a = next->start;
    while (a < next->end && (s[a] == ' ' || s[a] == '\t'))
        a++;
    int32_t cp;
    return a < next->end &&
           text_decode((const unsigned char *)s + a, next->end - a, &cp) > 0 && !text_is_lower(cp);
}

static bool split_paragraph(const char *s, const line *ls, size_t n, span_list *out)
{
    size_t maxw = 0;
    for (size_t i = 0; i < n; i++)
        if (ls[i].width > maxw)
            maxw = ls[i].width;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 == n || break_after(s, &ls[i], &ls[i + 1], maxw, !ls[n - 1].final)) {
            if (!split_run(s, ls[run].start, ls[i].end, out))
                return false;
            run = i + 1;
        }
    }
    return true;
}

stance_status stance_split(const char *text, size_t len, stance_span **spans,
                           size_t *count, stance_error *err)
{
    *spans = NULL;
    *count = 0;
    size_t bad;
    if (!stance_utf8_valid(text, len, &bad)) {
        set_error(err, STANCE_EUTF8, NULL, 0, "invalid UTF-8 at byte %zu", bad);
        set_error_offset(err, bad);
        return STANCE_EUTF8;
    }
    span_list out = {0};
    line *para = NULL;
    size_t np = 0, cap = 0;
    size_t i = 0;
    bool ok = true;
    while (ok && i <= len) {
        if (i == len && np == 0)
            break;
        line l = {.start = i};
        const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
        l.end = nl ? (size_t)(nl - text) : len;
        measure(text, &l);
        i = nl ? l.end + 1 : len + 1;
        if (!l.blank) {
            if (np == cap) {
                cap = cap ? cap * 2 : 16;
                line *p = realloc(para, cap * sizeof *p);
                if (p == NULL) {
                    ok = false;
                    break;
                }
                para = p;
            }
            para[np++] = l;
        }
        if ((l.blank || i > len) && np > 0) {
            ok = split_paragraph(text, para, np, &out);
            np = 0;
        }
    }
    free(para);
    if (!ok) {
        free(out.v);
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory splitting sentences");
    }
    *spans = out.v;
    *count = out.n;
    return STANCE_OK;
}
