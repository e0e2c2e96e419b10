/* strbuf.h: a growable byte buffer.  stance-classify builds every record
 * and page here, so that workers can format in parallel and the writer can
 * emit them in input order; running out of memory sets oom and later
 * appends do nothing, so a caller checks once at the end. */
#ifndef STANCE_CLI_STRBUF_H
#define STANCE_CLI_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct strbuf {
    char *p;
    size_t n, cap;
    bool oom;
} strbuf;

/* Make room for n more bytes (and a NUL); false, with oom set, if out of
 * memory. */
bool sb_grow(strbuf *b, size_t n);

/* Append s[0..n); the buffer stays NUL-terminated. */
static inline void sb_put(strbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap && !sb_grow(b, n))
        return;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* Append the string s; inline, so that a literal's length is known when
 * compiling (records are mostly literals between fields). */
static inline void sb_puts(strbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Free the bytes and leave an empty buffer (oom cleared). */
void sb_free(strbuf *b);

#endif
