/*
 * jsonin.c: a small, strict reader for the one-object-per-line documents of
 * --stdin-jsonl ({"id": ..., "text": ...}).  It validates the whole line as
 * JSON, keeps the id's raw JSON text to echo it back unchanged, and decodes
 * the text string (escapes, surrogate pairs) to UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "jsonin.h"
#include "stance.h"

static void skip_ws(const char *s, size_t n, size_t *i)
{
    while (*i < n && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\r' || s[*i] == '\n'))
        (*i)++;
}

static int hex4(const char *s, size_t n, size_t i)
{
    if (i + 4 > n)
        return -1;
    int v = 0;
    for (size_t k = 0; k < 4; k++) {
        char c = s[i + k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return -1;
    }
    return v;
}

char *jsonin_string(const char *s, size_t n, size_t *i, size_t *len, bool *oom)
{
    *oom = false;
    if (*i >= n || s[*i] != '"')
        return NULL;
    char *d = malloc(n - *i + 1);
    if (d == NULL) {
        *oom = true;
        return NULL;
    }
    size_t j = 0, k = *i + 1;
    while (k < n && s[k] != '"') {
        unsigned char c = (unsigned char)s[k];
        if (c < 0x20)
            goto bad;
        if (c != '\\') {
            d[j++] = (char)c;
            k++;
            continue;
        }
        if (++k >= n)
            goto bad;
        switch (s[k]) {
        case '"': d[j++] = '"'; break;
        case '\\': d[j++] = '\\'; break;
        case '/': d[j++] = '/'; break;
        case 'b': d[j++] = '\b'; break;
        case 'f': d[j++] = '\f'; break;
        case 'n': d[j++] = '\n'; break;
        case 'r': d[j++] = '\r'; break;
        case 't': d[j++] = '\t'; break;
        case 'u': {
            long cp = hex4(s, n, k + 1);
            if (cp < 0)
                goto bad;
            k += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                int lo = k + 2 < n && s[k + 1] == '\\' && s[k + 2] == 'u' ? hex4(s, n, k + 3) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    goto bad;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                k += 6;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                goto bad;
            }
            j += (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)d + j);
            break;
        }
        default: goto bad;
        }
        k++;
    }
    if (k >= n || !stance_utf8_valid(d, j, NULL))
        goto bad;
    d[j] = '\0';
    *len = j;
    *i = k + 1;
    return d;
bad:
    free(d);
    return NULL;
}

static size_t digits(const char *s, size_t n, size_t *i)
{
    size_t start = *i;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9')
        (*i)++;
    return *i - start;
}

/* A number per RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool skip_number(const char *s, size_t n, size_t *i)
{
    if (*i < n && s[*i] == '-')
        (*i)++;
    if (*i < n && s[*i] == '0')
        (*i)++;
    else if (*i >= n || s[*i] < '1' || s[*i] > '9' || digits(s, n, i) == 0)
        return false;
    if (*i < n && s[*i] == '.') {
        (*i)++;
        if (digits(s, n, i) == 0)
            return false;
    }
    if (*i < n && (s[*i] == 'e' || s[*i] == 'E')) {
        (*i)++;
        if (*i < n && (s[*i] == '+' || s[*i] == '-'))
            (*i)++;
        if (digits(s, n, i) == 0)
            return false;
    }
    return true;
}

/* Values nest at most this deep (an id of arrays in arrays...). */
enum { MAX_DEPTH = 64 };

/* What stopped a skip besides malformed JSON. */
enum { FAULT_DEEP = 1, FAULT_OOM = 2 };

static bool skip_value(const char *s, size_t n, size_t *i, int depth, unsigned *fault);

/* The members or elements of an object or array, after its opening. */
static bool skip_members(const char *s, size_t n, size_t *i, char open, int depth,
                         unsigned *fault)
{
    char close = open == '{' ? '}' : ']';
    skip_ws(s, n, i);
    if (*i < n && s[*i] == close) {
        (*i)++;
        return true;
    }
    for (;;) {
        if (open == '{') {
            size_t len;
            bool oom;
            char *k = jsonin_string(s, n, i, &len, &oom);
            free(k);
            *fault |= oom ? FAULT_OOM : 0;
            skip_ws(s, n, i);
            if (k == NULL || *i >= n || s[(*i)++] != ':')
                return false;
        }
        if (!skip_value(s, n, i, depth + 1, fault))
            return false;
        skip_ws(s, n, i);
        if (*i < n && s[*i] == ',') {
            (*i)++;
            skip_ws(s, n, i);
            continue;
        }
        if (*i < n && s[*i] == close) {
            (*i)++;
            return true;
        }
        return false;
    }
}

/* Skip one JSON value of any kind; false if malformed or, with *fault
 * set, when it nests deeper than MAX_DEPTH (FAULT_DEEP) or memory ran out
 * (FAULT_OOM).
 * when it nests deeper than MAX_DEPTH. */
static bool skip_value(const char *s, size_t n, size_t *i, int depth, unsigned *fault)
{
    skip_ws(s, n, i);
    if (depth > MAX_DEPTH)
        *fault |= FAULT_DEEP;
    if (*i >= n || depth > MAX_DEPTH)
        return false;
    char c = s[*i];
    if (c == '"') {
        size_t len;
        bool oom;
        char *t = jsonin_string(s, n, i, &len, &oom);
        free(t);
        *fault |= oom ? FAULT_OOM : 0;
        return t != NULL;
    }
    if (c == '{' || c == '[') {
        (*i)++;
        return skip_members(s, n, i, c, depth, fault);
    }
    static const char *const words[] = {"true", "false", "null"};
    for (int w = 0; w < 3; w++) {
        size_t l = strlen(words[w]);
        if (*i + l <= n && memcmp(s + *i, words[w], l) == 0) {
            *i += l;
            return true;
        }
    }
    return skip_number(s, n, i);
}

bool jsonin_skip(const char *s, size_t n, size_t *i, int depth)
{
    unsigned fault = 0;
    return skip_value(s, n, i, depth, &fault);
}

bool jsonin_parse(const char *s, size_t n, char **id, char **text, size_t *len,
                  char *why, size_t why_len)
{
    *id = NULL;
    *text = NULL;
    size_t i = 0;
    skip_ws(s, n, &i);
    if (i >= n || s[i] != '{') {
        snprintf(why, why_len, "not a JSON object");
        return false;
    }
    i++;
    skip_ws(s, n, &i);
    bool first = true, oom = false;
    unsigned fault = 0;
    while (i < n && s[i] != '}') {
        if (!first) {
            if (s[i] != ',')
                goto bad;
            i++;
            skip_ws(s, n, &i);
        }
        first = false;
        size_t klen;
        char *key = jsonin_string(s, n, &i, &klen, &oom);
        if (key == NULL) {
            fault |= oom ? FAULT_OOM : 0;
            goto bad;
        }
        skip_ws(s, n, &i);
        if (i >= n || s[i] != ':') {
            free(key);
            goto bad;
        }
        i++;
        skip_ws(s, n, &i);
        size_t vstart = i;
        if (strcmp(key, "text") == 0 && i < n && s[i] == '"' && *text == NULL) {
            *text = jsonin_string(s, n, &i, len, &oom);
            if (*text == NULL) {
                free(key);
                if (oom)
                    goto bad;
                snprintf(why, why_len, "\"text\" is not a valid JSON string of UTF-8 text");
                return false;
            }
        } else if (!skip_value(s, n, &i, 1, &fault)) {
            free(key);
            goto bad;
        } else if (strcmp(key, "id") == 0 && *id == NULL &&
                   (*id = strndup(s + vstart, i - vstart)) == NULL) {
            free(key);
            oom = true;
            goto bad;
        }
        free(key);
        skip_ws(s, n, &i);
    }
    if (i >= n)
        goto bad;
    i++;
    skip_ws(s, n, &i);
    if (i != n)
        goto bad;
    if (*text == NULL) {
        snprintf(why, why_len, "no \"text\" string member");
        return false;
    }
    if (*id == NULL && (*id = strdup("null")) == NULL) {
        snprintf(why, why_len, "out of memory");
        return false;
    }
    return true;
bad:
    free(*text);
    *text = NULL;
    if (oom || (fault & FAULT_OOM))
        snprintf(why, why_len, "out of memory");
    else if (fault & FAULT_DEEP)
        snprintf(why, why_len, "JSON nested deeper than %d levels at byte %zu", MAX_DEPTH, i);
    else
        snprintf(why, why_len, "malformed JSON at byte %zu", i);
    return false;
}

char *jsonin_id(const char *s, size_t n)
{
    size_t i = 0, klen;
    skip_ws(s, n, &i);
    if (i >= n || s[i++] != '{')
        return NULL;
    for (;;) {
        skip_ws(s, n, &i);
        bool oom;
        char *key = jsonin_string(s, n, &i, &klen, &oom);
        if (key == NULL)
            return NULL;
        bool is_id = strcmp(key, "id") == 0;
        unsigned fault = 0;
        free(key);
        skip_ws(s, n, &i);
        if (i >= n || s[i++] != ':')
            return NULL;
        skip_ws(s, n, &i);
        size_t start = i;
        /* a byte after the value: a number cut short is not taken whole */
        if (!skip_value(s, n, &i, 1, &fault) || i >= n)
            return NULL;
        if (is_id)
            return strndup(s + start, i - start);
        skip_ws(s, n, &i);
        if (i >= n || s[i++] != ',')
            return NULL;
    }
}
