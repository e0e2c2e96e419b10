/*
 * batch_stream.c: an input cut into bounded windows, so that memory does
 * not grow with the size of a file.  A regular file is first checked in
 * one pass of fixed blocks (NUL bytes, invalid UTF-8 across block edges,
 * --max-size), then read again window by window: a window ends at the
 * first paragraph break (a blank line) after WINDOW bytes, or without one
 * by WINDOW_MAX bytes at the start of the last sentence begun (at a line
 * end, with --lines).  Each window is classified by itself (attribution
 * looks back no further than its start); sentence offsets and indexes go
 * on counting across windows, and an article shorter than WINDOW is one
 * window, exactly as if it had been read whole.  A text already in memory
 * (a --stdin-jsonl document, stdin) is cut the same way without copying.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch_internal.h"

enum { CHECK_BLOCK = 1 << 16 };

void stream_mem(window_src *s, const char *t, size_t n)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->mem = t;
    s->mem_len = n;
}

stance_status stream_file(window_src *s, int fd, bool lossy)
{
    memset(s, 0, sizeof *s);
    s->fd = fd;
    s->lossy = lossy;
    s->buf = malloc(WINDOW_MAX);
    return s->buf ? STANCE_OK : STANCE_ENOMEM;
}

void stream_free(window_src *s)
{
    free(s->buf);
    s->buf = NULL;
}

/* How many bytes at the end of p[0..n) begin a character that is not
 * complete there (0 to 3). */
static size_t incomplete_tail(const char *p, size_t n)
{
    for (size_t k = 1; k <= 3 && k <= n; k++) {
        unsigned char c = (unsigned char)p[n - k];
        if ((c & 0xC0) == 0x80)
            continue;
        size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return need > k ? k : 0;
    }
    return 0;
}

/* The unclassified bytes topped up to WINDOW_MAX (or the end of the
 * input); with --lossy, what is complete of them made valid UTF-8. */
static bool fill(window_src *s)
{
    if (s->fd < 0) {
        size_t left = s->mem_len - (size_t)s->base;
        s->p = s->mem + s->base;
        s->len = left < WINDOW_MAX ? left : WINDOW_MAX;
        s->eof = s->len == left;
        s->valid = s->eof ? s->len : s->len - incomplete_tail(s->p, s->len);
        return true;
    }
    if (s->p != s->buf && s->len > 0)
        memmove(s->buf, s->p, s->len);
    s->p = s->buf;
    while (s->len < WINDOW_MAX && !s->eof) {
        ssize_t r = read(s->fd, s->buf + s->len, WINDOW_MAX - s->len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return false;
        s->eof = r == 0;
        s->len += (size_t)r;
    }
    size_t end = s->eof ? s->len : s->len - incomplete_tail(s->buf, s->len);
    if (s->lossy && end > s->valid)
        batch_make_lossy(s->buf + s->valid, end - s->valid);
    s->valid = end;
    return true;
}

/* Does a line end at p[k] (of n bytes that go on when more is true)?  A
 * "\n", or a "\r" that no "\n" follows (old Mac files). */
static bool eol_at(const char *p, size_t k, size_t n, bool more)
{
    return p[k] == '\n' || (p[k] == '\r' && (k + 1 < n ? p[k + 1] != '\n' : !more));
}

static void consume(window_src *s, size_t n)
{
    s->p += n;
    s->len -= n;
    s->base += n;
    s->valid = s->valid > n ? s->valid - n : 0;
}

/* The end of the first paragraph break (a line end, blanks, a line end;
 * "\n", "\r\n" or a lone "\r") at or after from in p[0..n), or 0. */
static size_t paragraph_break(const char *p, size_t n, size_t from)
{
    for (size_t k = from; k < n; k++) {
        if (p[k] != '\n' && p[k] != '\r')
            continue;
        size_t j = k + 1;
        if (p[k] == '\r' && j < n && p[j] == '\n')
            j++;
        while (j < n && (p[j] == ' ' || p[j] == '\t'))
            j++;
        if (j < n && (p[j] == '\n' || p[j] == '\r'))
            return j + 1 + (p[j] == '\r' && j + 1 < n && p[j + 1] == '\n');
    }
    return 0;
}

/* Where the window at s->p ends (s->len is WINDOW_MAX: the input goes on).
 * *cut_line: with lines, the window ends inside a line longer than it. */
static size_t window_end(const window_src *s, bool lines, bool *cut_line)
{
    const char *p = s->p;
    size_t n = s->valid;
    if (lines) {
        for (size_t k = WINDOW - 1; k < n; k++)
            if (eol_at(p, k, n, true))
                return k + 1;
        for (size_t k = WINDOW - 1; k > 0; k--)
            if (eol_at(p, k - 1, n, true))
                return k;
        *cut_line = true;
        return n;
    }
    size_t cut = paragraph_break(p, n, WINDOW - 1);
    if (cut > 0)
        return cut;
    stance_span *spans = NULL;
    size_t count = 0;
    if (stance_split(p, n, &spans, &count, NULL) == STANCE_OK && count >= 2)
        cut = spans[count - 1].start; /* the last sentence may go on */
    free(spans);
    for (size_t k = n; cut == 0 && k > n / 2; k--)
        if (p[k - 1] == ' ' || p[k - 1] == '\n' || p[k - 1] == '\t' || p[k - 1] == '\r')
            cut = k; /* one sentence fills the window: cut at a space */
    return cut > 0 ? cut : n;
}

stance_status stream_windows(window_src *s, bool lines, window_fn fn, void *arg,
                             const char **why)
{
    size_t index = 0;
    bool skip = false; /* --lines: the rest of a line cut at a window's end */
    *why = NULL;
    for (;;) {
        if (!fill(s)) {
            *why = strerror(errno);
            return STANCE_EIO;
        }
        if (s->len == 0 && s->eof)
            return STANCE_OK;
        if (skip) {
            size_t k = 0;
            while (k < s->len && !eol_at(s->p, k, s->len, !s->eof))
                k++;
            skip = k == s->len;
            consume(s, skip ? k - (k > 0 && s->p[k - 1] == '\r') : k + 1);
            continue;
        }
        bool cut_line = false;
        size_t n = s->eof ? s->len : window_end(s, lines, &cut_line);
        size_t next = index;
        stance_status st = fn(s->p, n, (size_t)s->base, index, &next, arg);
        if (st != STANCE_OK)
            return st;
        if (lines) {
            for (size_t k = 0; k < n; k++)
                index += eol_at(s->p, k, n, false);
            index += cut_line;
        } else {
            index = next;
        }
        consume(s, n);
        skip = cut_line;
    }
}

stance_status stream_check(int fd, const batch_options *o, uint64_t *size, char *msg,
                           size_t msglen)
{
    char *b = malloc(CHECK_BLOCK + 4), head[8];
    size_t carry = 0, headn = 0;
    uint64_t at = 0; /* the offset of b[0] */
    stance_status st = STANCE_OK;
    if (b == NULL) {
        snprintf(msg, msglen, "out of memory");
        return STANCE_ENOMEM;
    }
    for (;;) {
        ssize_t r = read(fd, b + carry, CHECK_BLOCK);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(msg, msglen, "read error: %s", strerror(errno));
            st = STANCE_EIO;
            break;
        }
        size_t n = carry + (size_t)r;
        if (headn < sizeof head) {
            size_t k = n < sizeof head - headn ? n : sizeof head - headn;
            memcpy(head + headn, b, k); /* carry is 0 while head fills */
            headn += k;
        }
        if (o->max_size && at + n > o->max_size) {
            snprintf(msg, msglen, "file exceeds the size limit of %zu bytes", o->max_size);
            st = STANCE_ELIMIT;
            break;
        }
        const char *nul = memchr(b, '\0', n);
        if (nul != NULL) {
            snprintf(msg, msglen, "binary file: NUL byte at byte %llu%s",
                     (unsigned long long)(at + (size_t)(nul - b)), batch_binary_hint(head, headn));
            st = STANCE_EBINARY;
            break;
        }
        size_t tail = r == 0 ? 0 : incomplete_tail(b, n), bad;
        if (!o->lossy && !stance_utf8_valid(b, n - tail, &bad)) {
            snprintf(msg, msglen, "invalid UTF-8 at byte %llu (use --lossy to replace it)",
                     (unsigned long long)(at + bad));
            st = STANCE_EUTF8;
            break;
        }
        if (r == 0)
            break;
        memmove(b, b + n - tail, tail);
        at += n - tail;
        carry = tail;
    }
    *size = at + carry;
    free(b);
    if (st == STANCE_OK && lseek(fd, 0, SEEK_SET) != 0) {
        snprintf(msg, msglen, "cannot read it again: %s", strerror(errno));
        st = STANCE_EIO;
    }
    return st;
}
