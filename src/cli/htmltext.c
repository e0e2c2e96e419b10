/*
 * htmltext.c: an HTML page reduced to the text a reader sees, for
 * stance-classify's .html and .htm inputs.  It is a small scanner, not a
 * full HTML5 parser: tags are dropped, the content of script, style, head,
 * template, noscript and svg is dropped, comments and declarations are
 * dropped, block tags become paragraph breaks (the splitter's blank line)
 * and br a line break, runs of white space become one space, and
 * character references are decoded (numeric ones and the common named
 * ones; an unknown one stays as written).  Every byte of the text records
 * the page bytes it came from, so records keep start and end as byte
 * offsets into the page (README, "Classifying").
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "htmltext.h"

typedef struct builder {
    html_text *h;
    size_t cap;
    bool oom;
    int breaks;          /* line breaks owed before the next character (0-2) */
    bool space;          /* a space owed before the next character */
    uint32_t owed_at;    /* where the owed space or breaks came from */
} builder;

static void put(builder *b, const char *s, size_t n, uint32_t from, uint32_t to)
{
    html_text *h = b->h;
    if (b->oom)
        return;
    if (h->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < h->len + n + 1)
            cap *= 2;
        char *t = realloc(h->text, cap);
        uint32_t *f = t ? realloc(h->from, cap * sizeof *f) : NULL;
        if (t != NULL)
            h->text = t;
        if (f != NULL)
            h->from = f;
        uint32_t *e = f ? realloc(h->to, cap * sizeof *e) : NULL;
        if (e == NULL) {
            b->oom = true;
            return;
        }
        h->to = e;
        b->cap = cap;
    }
    for (size_t i = 0; i < n; i++) {
        h->text[h->len] = s[i];
        h->from[h->len] = from;
        h->to[h->len] = to;
        h->len++;
    }
    h->text[h->len] = '\0';
}

/* Text: first whatever space or breaks are owed. */
static void text(builder *b, const char *s, size_t n, uint32_t from, uint32_t to)
{
    if (b->h->len > 0 && b->breaks > 0)
        put(b, "\n\n", (size_t)b->breaks, b->owed_at, b->owed_at);
    else if (b->h->len > 0 && b->space)
        put(b, " ", 1, b->owed_at, b->owed_at + 1);
    b->breaks = 0;
    b->space = false;
    put(b, s, n, from, to);
}

static void owe_space(builder *b, uint32_t at)
{
    if (!b->space && b->breaks == 0) {
        b->space = true;
        b->owed_at = at;
    }
}

static void owe_breaks(builder *b, int n, uint32_t at)
{
    if (b->breaks < n) {
        b->breaks = n;
        b->owed_at = at;
    }
    b->space = false;
}

static bool name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return true;
    return false;
}

static const char *const blocks[] = {
    "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "title",
    "tr", "ul", NULL};
static const char *const hidden[] = {"script", "style", "head", "template", "noscript",
                                     "svg", NULL};

/* Position just past the '>' closing the tag that starts at i ('<'),
 * quotes in attributes respected; n when it never closes. */
static size_t tag_end(const char *p, size_t n, size_t i)
{
    char quote = 0;
    for (i++; i < n; i++) {
        if (quote) {
            if (p[i] == quote)
                quote = 0;
        } else if (p[i] == '"' || p[i] == '\'') {
            quote = p[i];
        } else if (p[i] == '>') {
            return i + 1;
        }
    }
    return n;
}

/* Position just past "</name ...>" from i on (case-insensitive), or n. */
static size_t skip_content(const char *p, size_t n, size_t i, const char *name)
{
    size_t k = strlen(name);
    for (; i + 2 + k <= n; i++)
        if (p[i] == '<' && p[i + 1] == '/' && strncasecmp(p + i + 2, name, k) == 0 &&
            (i + 2 + k == n || !isalnum((unsigned char)p[i + 2 + k])))
            return tag_end(p, n, i);
    return n;
}

/* A tag, comment or declaration at p[i] == '<'; returns where scanning
 * goes on, or i when it is a literal '<'. */
static size_t markup(builder *b, const char *p, size_t n, size_t i)
{
    if (i + 3 < n && memcmp(p + i, "<!--", 4) == 0) {
        const char *end = NULL;
        for (size_t j = i + 4; j + 3 <= n && !end; j++)
            if (memcmp(p + j, "-->", 3) == 0)
                end = p + j + 3;
        return end ? (size_t)(end - p) : n;
    }
    if (i + 1 < n && (p[i + 1] == '!' || p[i + 1] == '?'))
        return tag_end(p, n, i);
    bool closing = i + 1 < n && p[i + 1] == '/';
    size_t s = i + 1 + closing, e = s;
    if (s >= n || !isalpha((unsigned char)p[s]))
        return i;
    char name[16];
    size_t k = 0;
    while (e < n && isalnum((unsigned char)p[e])) {
        if (k + 1 < sizeof name)
            name[k++] = (char)tolower((unsigned char)p[e]);
        e++;
    }
    name[k] = '\0';
    size_t end = tag_end(p, n, i);
    bool self_closing = end >= 2 && p[end - 2] == '/';
    if (!closing && !self_closing && name_in(name, hidden))
        return skip_content(p, n, end, name);
    if (strcmp(name, "br") == 0)
        owe_breaks(b, 1, (uint32_t)i);
    else if (name_in(name, blocks))
        owe_breaks(b, 2, (uint32_t)i);
    return end;
}

static void put_code_point(builder *b, unsigned long c, uint32_t from, uint32_t to)
{
    char u[4];
    size_t n;
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    if (c < 0x80) {
        u[0] = (char)c, n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6)), u[1] = (char)(0x80 | (c & 0x3F)), n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12)), u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F)), n = 3;
    } else {
        u[0] = (char)(0xF0 | (c >> 18)), u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F)), u[3] = (char)(0x80 | (c & 0x3F)), n = 4;
    }
    text(b, u, n, from, to);
}

static const struct { const char *name; unsigned long c; } named[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
    {"nbsp", ' '}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026},
    {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
    {"laquo", 0xAB}, {"raquo", 0xBB}, {"euro", 0x20AC}, {"pound", 0xA3}, {"copy", 0xA9},
    {"eacute", 0xE9}, {"egrave", 0xE8}, {"aacute", 0xE1}, {"oacute", 0xF3},
    {"uuml", 0xFC}, {"ouml", 0xF6}, {"auml", 0xE4}, {"szlig", 0xDF}, {"ccedil", 0xE7},
    {"ntilde", 0xF1}, {"iacute", 0xED}, {"uacute", 0xFA}, {NULL, 0}};

/* A character reference at p[i] == '&': its end, or i when it is not one. */
static size_t reference(builder *b, const char *p, size_t n, size_t i)
{
    size_t j = i + 1;
    unsigned long c = 0;
    if (j < n && p[j] == '#') {
        bool hex = j + 1 < n && (p[j + 1] == 'x' || p[j + 1] == 'X');
        size_t d = j + 1 + hex, k = d;
        while (k < n && k - d < 8 && (hex ? isxdigit((unsigned char)p[k]) : isdigit((unsigned char)p[k])))
            c = c * (hex ? 16 : 10) + (unsigned long)(isdigit((unsigned char)p[k]) ? p[k] - '0' : (tolower((unsigned char)p[k]) - 'a' + 10)), k++;
        if (k == d || k >= n || p[k] != ';')
            return i;
        j = k + 1;
    } else {
        size_t k = j;
        while (k < n && k - j < 10 && isalnum((unsigned char)p[k]))
            k++;
        if (k >= n || p[k] != ';')
            return i;
        size_t m = 0;
        while (named[m].name && (strlen(named[m].name) != k - j || memcmp(named[m].name, p + j, k - j) != 0))
            m++;
        if (named[m].name == NULL)
            return i;
        c = named[m].c;
        j = k + 1;
    }
    if (c == ' ' || c == 0xA0)
        owe_space(b, (uint32_t)i);
    else
        put_code_point(b, c, (uint32_t)i, (uint32_t)j);
    return j;
}

bool html_is_page(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot != NULL && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0);
}

bool html_text_make(const char *p, size_t n, html_text *out)
{
    memset(out, 0, sizeof *out);
    if (n >= UINT32_MAX)
        return false;
    builder b = {out, 0, false, 0, false, 0};
    put(&b, "", 0, 0, 0); /* a text even for an empty page */
    for (size_t i = 0; i < n && !b.oom;) {
        unsigned char c = (unsigned char)p[i];
        size_t next = i;
        if (c == '<')
            next = markup(&b, p, n, i);
        else if (c == '&')
            next = reference(&b, p, n, i);
        if (next != i) {
            i = next;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            owe_space(&b, (uint32_t)i);
            i++;
        } else {
            text(&b, p + i, 1, (uint32_t)i, (uint32_t)(i + 1));
            i++;
        }
    }
    if (b.oom) {
        html_text_free(out);
        return false;
    }
    return true;
}

void html_text_span(const html_text *h, size_t *start, size_t *end)
{
    if (h->len == 0 || *start >= h->len || *end <= *start) {
        *start = *end = 0;
        return;
    }
    size_t e = *end > h->len ? h->len : *end;
    *start = h->from[*start];
    *end = h->to[e - 1];
}

void html_text_free(html_text *h)
{
    free(h->text);
    free(h->from);
    free(h->to);
    memset(h, 0, sizeof *h);
}
