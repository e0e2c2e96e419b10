/*
 * sentences.c: the sentence splitter.  It works on raw bytes and returns
 * byte spans into the caller's text, so offsets always slice the original
 * file.  First it groups lines into paragraphs (blank lines separate them)
 * and decides, line by line, whether a line break ends a sentence (a short
 * line without final punctuation: headline, byline, caption, section head;
 * a line ending in a colon before a list; a list item) or merely wraps a
 * paragraph (break_after names the rules).  A sub-head run into the start
 * of its paragraph's line, as text copied from a web page has it, is cut
 * off (runin_heading).  Then, within each run of joined lines, it ends
 * sentences at . ! ? ... and the ellipsis character, unless an
 * abbreviation, an initial or a lower-case continuation says otherwise;
 * an initial or dotted abbreviation before a word that opens sentences
 * ("Plan B. The", "the U.S. But") and "p.m." before a capital do end one,
 * and a photo credit after a caption's stop stays with the caption.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "abbrev.h"
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

/* Capitalised words that open sentences and rarely follow an initial or a
 * dotted abbreviation inside one ("the U.S. But ...", "Plan B. The ..."). */
static const char *const openers[] = {
    "the", "but", "and", "it", "he", "she", "they", "we", "this", "that", "these", "those",
    "there", "its", "his", "her", "their", "our", "in", "on", "at", "as", "after", "before",
    "while", "when", "if", "some", "many", "most", "both", "yet", "so", "still", "however",
    "meanwhile", "officials", "now", "then", "asked", "under", "according", "speaking",
    "earlier", "later", "last", "next", "on", "for", "with", "no", "not", "what", "why",
    "how", "who", "where", "one", "two", "three", NULL};

/* Words after "a.m." or "p.m." that keep the time in its sentence. */
static const char *const time_words[] = {
    "local", "eastern", "central", "pacific", "mountain", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "today", "tomorrow", "yesterday", NULL};

static bool in_words(const char *const *list, const char *w, size_t n)
{
    for (const char *const *a = list; *a; a++)
        if (((*a)[0] | 0x20) == (w[0] | 0x20) && strlen(*a) == n && strncasecmp(*a, w, n) == 0)
            return true;
    return false;
}

/* The word at s[i..b) (letters only) and its length. */
static size_t word_len(const char *s, size_t i, size_t b)
{
    size_t j = i;
    while (j < b && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z'))
        j++;
    return j - i;
}

/* Does an abbreviation's full stop end the sentence after all, given the
 * word at s[n..b) that follows?  An initial, a dotted abbreviation or a
 * name ending ("Plan B.", "the U.S.", "Acme Inc.") does before a word that
 * opens sentences; a time
 * ("6 p.m.") does before any capitalised word but a time zone or a day. */
static bool abbreviation_ends(const char *w, size_t wn, const char *s, size_t n, size_t b)
{
    size_t k = word_len(s, n, b);
    if (k == 0 || !(s[n] >= 'A' && s[n] <= 'Z'))
        return false;
    bool time = wn == 3 && (((w[0] | 0x20) == 'a' || (w[0] | 0x20) == 'p') && w[1] == '.' &&
                            (w[2] | 0x20) == 'm');
    if (time) {
        bool zone = k <= 4 && k >= 2 && s[n + 1] >= 'A' && s[n + 1] <= 'Z';
        return !zone && !in_words(time_words, s + n, k);
    }
    bool initial = wn == 1 && w[0] >= 'A' && w[0] <= 'Z';
    bool dotted = wn >= 3 && w[1] == '.';
    if (!initial && !dotted && text_abbreviation(w, wn) != TEXT_ABBR_SUFFIX)
        return false;
    if (k == 1 && (s[n] == 'A' || s[n] == 'I'))
        return false;
    return in_words(openers, s + n, k) && !(n + k < b && s[n + k] == '.');
}

static bool is_abbreviation(const char *w, size_t n, int32_t next)
{
    if (n == 1 && w[0] >= 'A' && w[0] <= 'Z' && w[0] != 'I')
        return true; /* an initial: J. R. Smith (but "So did I. Then...") */
    if (text_abbreviation_before(w, n, next))
        return true; /* Mr., Jan., e.g., No. 5 (abbrev.c) */
    /* Dotted acronyms in general: U.S.A, N.A.T.O */
    return n >= 3 && w[1] == '.';
}

/* Marks after a terminator that stay with its sentence: closing quotation
 * marks (chars.h), brackets, and the asterisk of a footnote. */
static bool is_closer(int32_t cp)
{
    return cp == '"' || cp == '\'' || text_is_close_quote(cp) || cp == ')' || cp == ']' ||
           cp == '*';
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
    if (text_is_lower(cp) || cp == '/')
        return false; /* "MOSCOW, November 18. /TASS/." */
    if (dots == 1 && other == 0) {
        size_t w = i;
        while (w > a && (text_is_letter((unsigned char)s[w - 1]) || s[w - 1] == '.' ||
                         s[w - 1] == '\''))
            w--;
        if (w < i && is_abbreviation(s + w, i - w, cp) &&
            !abbreviation_ends(s + w, i - w, s, n, b))
            return false;
    }
    return true;
}

/* Agencies and words that mark a photo credit. */
static const char *const credit_words[] = {
    "photo", "photos", "photograph", "picture", "pictures", "image", "images", "file",
    "reuters", "afp", "ap", "epa", "getty", "dpa", "anadolu", "xinhua", "tass", "ria",
    "efe", "ansa", "pa", "wire", "pool", "handout", "courtesy", "credit", NULL};

/* Is s[i..e), the rest of a line after a sentence end, a photo credit
 * that belongs to the caption before it: "(AFP Photo)", "REUTERS/Tom
 * Brenner", "© Clara Lenoir", "Photo: Jens Feller/dpa"? */
static bool is_credit(const char *s, size_t i, size_t e)
{
    while (i < e && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
        e--;
    if (i >= e || e - i > 80)
        return false;
    if (e - i >= 2 && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA9)
        return true; /* © */
    bool paren = s[i] == '(' && s[e - 1] == ')';
    const char *slash = memchr(s + i, '/', e - i);
    size_t k = word_len(s, i + paren, e);
    if (k > 0 && in_words(credit_words, s + i + paren, k)) {
        size_t j = i + paren + k;
        if (paren || slash || (j < e && s[j] == ':'))
            return true;
    }
    if (slash && !memchr(s + i, '.', e - i)) {
        /* AGENCY/Name: the part before the slash in capitals */
        size_t caps = 0, letters = 0;
        for (const char *p = s + i + paren; p < slash; p++)
            if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
                letters++, caps += *p >= 'A' && *p <= 'Z';
        return letters >= 2 && caps == letters;
    }
    return false;
}

/* The first line end in s[a..b): a "\n", or a "\r" that no "\n" follows
 * (old Mac files end lines with a lone CR; "\r\n" ends at its "\n").
 * NULL when there is none. */
static const char *find_eol(const char *s, size_t a, size_t b)
{
    const char *nl = memchr(s + a, '\n', b - a), *end = nl ? nl : s + b;
    for (const char *cr = s + a; (cr = memchr(cr, '\r', (size_t)(end - cr))) != NULL; cr++)
        if (cr + 1 == s + b || cr[1] != '\n')
            return cr;
    return nl;
}

/* Is there a line end in s[a..b)?  The end of its line in *eol. */
static bool line_end(const char *s, size_t a, size_t b, size_t *eol)
{
    const char *nl = find_eol(s, a, b);
    *eol = nl ? (size_t)(nl - s) : b;
    return nl != NULL;
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
        size_t end, eol;
        if (ends_sentence(s, a, b, i, &end)) {
            line_end(s, end, b, &eol);
            if (eol > end && is_credit(s, end, eol)) {
                i = eol; /* "... on Saturday. (AFP Photo)" stays with its caption */
                continue;
            }
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
    bool colon;            /* ends with a colon */
    bool bullet;           /* starts with a list marker and a space */
} line;

/* Length of a list marker (chars.h: a bullet, a dash, an asterisk, a
 * middle dot ...) and the space after it at s[a..b); 0 if none. */
static size_t bullet_at(const char *s, size_t a, size_t b)
{
    int32_t cp;
    size_t k = a < b ? text_decode((const unsigned char *)s + a, b - a, &cp) : 0;
    if (k == 0 || !text_is_list_mark(cp) || a + k >= b || (s[a + k] != ' ' && s[a + k] != '\t'))
        return 0;
    return k + 1;
}

static void measure(const char *s, line *l)
{
    size_t a = l->start, b = l->end;
    while (a < b && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
        b--;
    l->blank = a == b;
    l->bullet = bullet_at(s, a, b) > 0;
    l->colon = false;
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
        l->colon = c == ':';
    }
}

/* Does the line at next start in upper case (or with a digit, a quotation
 * mark or anything else that is not a lower-case letter)? */
static bool starts_upper(const char *s, const line *next)
{
    size_t a = next->start;
    while (a < next->end && (s[a] == ' ' || s[a] == '\t'))
        a++;
    int32_t cp;
    return a < next->end &&
           text_decode((const unsigned char *)s + a, next->end - a, &cp) > 0 && !text_is_lower(cp);
}

/* A line break inside a paragraph ends a sentence (rule names in brackets):
 * before a list item and after one when the next line is not a lower-case
 * continuation [bullet]; after a line ending in a colon that is short next
 * to the paragraph's longest line or opens a list [colon]; after a line
 * without final punctuation that either is short next to the longest line
 * (a caption above text) or belongs to a paragraph whose last line has no
 * final punctuation either (a headline above a byline: prose paragraphs end
 * with a full stop) [heading]; in a paragraph of short lines, before a line
 * in upper case [short-lines].  In a hard-wrapped paragraph the break is a
 * wrap. */
static bool break_after(const char *s, const line *l, const line *next, size_t maxw, bool stack)
{
    if (next->bullet || (l->bullet && starts_upper(s, next)))
        return true;
    if (l->colon)
        return l->width * 10 < maxw * 8 || maxw < 50;
    if (l->terminal)
        return l->final && maxw < 50 && starts_upper(s, next); /* "Washington, D.C." */
    if (stack || l->width * 10 < maxw * 6)
        return true;
    if (maxw >= 50)
        return false;
    /* a paragraph of short lines: a new line that starts in upper case
     * begins a new sentence, one in lower case continues a narrow wrap */
    return starts_upper(s, next);
}

/* ---------------------------------------------------- run-in headings */

enum { RUNIN_WORDS = 10, RUNIN_WINDOW = 8192 };

typedef struct word {
    size_t s, e;   /* bytes of the word */
    size_t stem;   /* its length without a possessive 's or ' */
    int32_t first; /* first code point */
} word;

/* A byte of a word of a run-in heading: a letter, a digit, an apostrophe,
 * a hyphen or % (chars.h), any byte of a character beyond ASCII. */
static bool word_byte(unsigned char c)
{
    return c >= 0x80 || text_is_word_char(c) || text_is_apostrophe(c) || text_is_hyphen(c) ||
           c == '%';
}

/* Words after "The" that are not a new sentence: "in The Hague", "told The
 * Guardian". */
static const char *const the_links[] = {
    "of", "in", "at", "to", "for", "from", "by", "with", "against", "on", "into", "told",
    "wrote", "read", "about", NULL};

/* Words a heading does not end with. */
static const char *const link_words[] = {
    "the", "a", "an", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "from",
    "into", "than", "as", NULL};

static const char *const days[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "tomorrow", "yesterday", NULL};

/* Prepositions after a participle that opens a sentence ("Signed in"). */
static const char *const participle_links[] = {
    "in", "on", "at", "by", "after", "before", "during", "with", "from", "into", NULL};

static const char *const wh_words[] = {
    "what", "why", "who", "how", "where", "when", "which", "is", "are", "can", "will", NULL};

static const char *const people_endings[] = {
    "ists", "ysts", "ers", "ors", "ians", "ials", "ants", "ents", "ers'", NULL};

/* Does w[0..n) occur in s[lo..hi) as a whole word: in lower case when
 * lower is set (w's first letter lower-cased), else capitalised after a
 * lower-case word? */
static bool occurs(const char *s, size_t lo, size_t hi, const char *w, size_t n, bool lower,
                   size_t skip)
{
    if (n < 2 || n > 63)
        return false;
    char key[64];
    memcpy(key, w, n);
    if (lower)
        key[0] = (char)(key[0] | 0x20);
    for (size_t i = lo; i + n <= hi; i++) {
        const char *p = memchr(s + i, key[0], hi - n + 1 - i);
        if (p == NULL)
            break;
        i = (size_t)(p - s);
        if (i == skip || memcmp(p, key, n) != 0 || (i > lo && word_byte((unsigned char)s[i - 1])) ||
            (i + n < hi && (word_byte((unsigned char)s[i + n]) && s[i + n] != '\'')))
            continue;
        if (lower)
            return true;
        size_t q = i; /* the word before: lower case? */
        while (q > lo && s[q - 1] == ' ')
            q--;
        size_t r = q;
        while (r > lo && word_byte((unsigned char)s[r - 1]))
            r--;
        if (r < q && s[r] >= 'a' && s[r] <= 'z')
            return true;
    }
    return false;
}

/* The words of the first line of s[a..b), at most RUNIN_WORDS + 1 of them,
 * up to the first that punctuation follows; their count. */
static size_t line_words(const char *s, size_t a, size_t b, word *w)
{
    size_t n = 0, i = a;
    while (n <= RUNIN_WORDS) {
        while (i < b && s[i] == ' ')
            i++;
        if (i >= b || s[i] == '\n' || s[i] == '\r')
            break;
        size_t j = i;
        while (j < b && word_byte((unsigned char)s[j]))
            j++;
        if (j == i)
            break;
        size_t stem = j - i;
        if (stem > 2 && s[j - 2] == '\'' && (s[j - 1] | 0x20) == 's')
            stem -= 2;
        else if (stem > 1 && s[j - 1] == '\'')
            stem -= 1;
        else if (stem > 4 && (unsigned char)s[j - 4] == 0xE2 && (unsigned char)s[j - 3] == 0x80 &&
                 (unsigned char)s[j - 2] == 0x99 && (s[j - 1] | 0x20) == 's')
            stem -= 4;
        w[n] = (word){i, j, stem, 0};
        text_decode((const unsigned char *)s + i, j - i, &w[n].first);
        n++;
        i = j;
        if (j < b && s[j] != ' ' && s[j] != '\n' && s[j] != '\r')
            break; /* punctuation: the heading cannot run past it */
    }
    return n;
}

/* Is word k (capitalised, after a lower-case word or a day) the start of
 * the sentence that follows a run-in heading?  It is when it is a word that
 * opens sentences ("What's in the pact The ..."), a participle before a
 * preposition ("Signed in"), or an ordinary word
 * capitalised by position ("The awkward part Fishing communities ...") or a
 * plural noun for people ("The experts Analysts say"), capitalised
 * nowhere else after a lower-case word and followed by a lower-case one,
 * or a possessive after a question ("Why Korvia left Korvia's ..."). */
static bool runin_start(const char *s, size_t len, const word *w, size_t n, size_t k)
{
    const word *c = &w[k];
    size_t cn = c->stem;
    if (in_words(link_words, s + w[k - 1].s, w[k - 1].e - w[k - 1].s))
        return false;
    if (in_words(openers, s + c->s, cn) && c->e - c->s == cn)
        return !(cn == 3 && strncmp(s + c->s, "The", 3) == 0 &&
                 in_words(the_links, s + w[k - 1].s, w[k - 1].e - w[k - 1].s));
    if (c->stem < c->e - c->s) { /* a question without its mark, then "X's" */
        size_t e = c->e;
        while (e < len && s[e] != '\n' && s[e] != '\r' && s[e] != '?')
            e++;
        return (e == len || s[e] != '?') && in_words(wh_words, s + w[0].s, w[0].e - w[0].s);
    }
    if (k + 1 >= n || !text_is_lower(w[k + 1].first) || !text_is_lower(w[k - 1].first))
        return false;
    if (cn > 4 && strncmp(s + c->s + cn - 2, "ed", 2) == 0 &&
        in_words(participle_links, s + w[k + 1].s, w[k + 1].e - w[k + 1].s))
        return true; /* "Signed in Prague ..." */
    size_t lo = c->s > RUNIN_WINDOW ? c->s - RUNIN_WINDOW : 0;
    size_t hi = len - c->e > RUNIN_WINDOW ? c->e + RUNIN_WINDOW : len;
    if (occurs(s, lo, hi, s + c->s, cn, false, c->s))
        return false;
    if (occurs(s, lo, hi, s + c->s, cn, true, c->s))
        return true;
    for (const char *const *e = people_endings; *e; e++) {
        size_t el = strlen(*e);
        if (cn >= 6 && strncmp(s + c->s + cn - el, *e, el) == 0)
            return true;
    }
    return false;
}

/* A heading run in at the start of a line, before the sentence it heads,
 * as text copied from a web page gives it: "What's in the treaty Signed in
 * Prague in 2010, ...".  Returns where the sentence starts, or 0 for none.
 * The heading is two words or more without punctuation, the last in lower
 * case, and the first capitalised unless the line is a list item. */
static size_t runin_heading(const char *s, size_t len, size_t a, size_t b)
{
    size_t k = bullet_at(s, a, b);
    bool item = k > 0;
    word w[RUNIN_WORDS + 1];
    size_t n = line_words(s, a + k, b, w);
    if (n < 4 || (!item && !text_is_upper(w[0].first)))
        return 0;
    for (size_t i = 2; i + 1 < n && i < RUNIN_WORDS; i++)
        if (text_is_upper(w[i].first) &&
            (text_is_lower(w[i - 1].first) ||
             in_words(days, s + w[i - 1].s, w[i - 1].e - w[i - 1].s)) &&
            runin_start(s, len, w, n, i))
            return w[i].s;
    return 0;
}

static bool split_paragraph(const char *s, size_t len, const line *ls, size_t n,
                            span_list *out)
{
    size_t maxw = 0;
    for (size_t i = 0; i < n; i++)
        if (ls[i].width > maxw)
            maxw = ls[i].width;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 == n || break_after(s, &ls[i], &ls[i + 1], maxw, !ls[n - 1].final)) {
            size_t a = ls[run].start, h = runin_heading(s, len, a, ls[i].end);
            if (h > a && !split_run(s, a, h, out))
                return false;
            if (!split_run(s, h > a ? h : a, ls[i].end, out))
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
        const char *nl = i < len ? find_eol(text, i, len) : NULL;
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
            ok = split_paragraph(text, len, para, np, &out);
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
