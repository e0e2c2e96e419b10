/*
 * pipeline.c: an article end to end, the one path every front-end takes.
 * stance_article_classify splits the text (or cuts it into lines),
 * attributes sources and targets across the whole article (attribution
 * reads the sentences around each one: pronouns, quotes running over
 * sentences), then labels the sentences one by one and hands each to the
 * caller's callback, so callers write records as they go and hold nothing
 * of the article's results themselves.  A sentence longer than
 * STANCE_SENTENCE_MAX is cut into pieces first, so one sentence's features
 * stay bounded; a caller streaming a big text gives it window by window
 * (base_offset, base_index), carrying nothing across windows itself.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"

void stance_article_options_init(stance_article_options *o)
{
    memset(o, 0, sizeof *o);
    o->attribution = true;
}

/* The first line end in t[i..n): a "\n", or a "\r" that no "\n" follows
 * (old Mac files); NULL when there is none. */
static const char *line_end(const char *t, size_t i, size_t n)
{
    const char *nl = memchr(t + i, '\n', n - i), *end = nl ? nl : t + n;
    for (const char *cr = t + i; (cr = memchr(cr, '\r', (size_t)(end - cr))) != NULL; cr++)
        if (cr + 1 == t + n || cr[1] != '\n')
            return cr;
    return nl;
}

stance_status stance_split_lines(const char *t, size_t n, stance_span **spans, size_t *count)
{
    size_t cap = 0;
    *spans = NULL;
    *count = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = line_end(t, i, n);
        size_t end = nl ? (size_t)(nl - t) : n, e = end;
        if (e > i && t[e - 1] == '\r')
            e--;
        if (*count == cap) {
            cap = cap ? cap * 2 : 64;
            stance_span *s = realloc(*spans, cap * sizeof *s);
            if (s == NULL) {
                free(*spans);
                *spans = NULL;
                *count = 0;
                return STANCE_ENOMEM;
            }
            *spans = s;
        }
        (*spans)[(*count)++] = (stance_span){i, e};
        i = end + 1;
    }
    return STANCE_OK;
}

/* Where to end a piece of the over-long span [a, b) that begins at a: at
 * most STANCE_SENTENCE_MAX bytes on, after the last space or line break in
 * its last quarter, else at the last character boundary. */
static size_t piece_end(const char *t, size_t a)
{
    size_t max = STANCE_SENTENCE_MAX, e = a + max;
    for (size_t i = e; i > a + max - max / 4; i--)
        if (t[i - 1] == ' ' || t[i - 1] == '\n' || t[i - 1] == '\t' || t[i - 1] == '\r')
            return i;
    while (e > a + 1 && ((unsigned char)t[e] & 0xC0) == 0x80)
        e--; /* t[e] begins a character: the piece ends before it */
    return e;
}

/* Spans longer than STANCE_SENTENCE_MAX cut: into pieces of their own
 * (sentences), or, with lines, to their first piece (a line keeps its
 * index).  *spans is replaced when anything is cut. */
static stance_status cut_long(const char *t, bool lines, stance_span **spans, size_t *count)
{
    size_t extra = 0;
    for (size_t i = 0; i < *count; i++) {
        size_t a = (*spans)[i].start, b = (*spans)[i].end;
        if (b - a > STANCE_SENTENCE_MAX && lines)
            (*spans)[i].end = piece_end(t, a);
        else
            for (; b - a > STANCE_SENTENCE_MAX; a = piece_end(t, a))
                extra++;
    }
    if (extra == 0)
        return STANCE_OK;
    stance_span *v = malloc((*count + extra) * sizeof *v);
    if (v == NULL)
        return STANCE_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < *count; i++) {
        size_t a = (*spans)[i].start, b = (*spans)[i].end;
        for (; b - a > STANCE_SENTENCE_MAX; a = piece_end(t, a)) {
            v[n++] = (stance_span){a, piece_end(t, a)};
            while (v[n - 1].end > v[n - 1].start &&
                   (t[v[n - 1].end - 1] == ' ' || t[v[n - 1].end - 1] == '\n' ||
                    t[v[n - 1].end - 1] == '\t' || t[v[n - 1].end - 1] == '\r'))
                v[n - 1].end--;
        }
        v[n++] = (stance_span){a, b};
    }
    free(*spans);
    *spans = v;
    *count = n;
    return STANCE_OK;
}

stance_status stance_article_classify(stance_predictor *pred, const char *text, size_t len,
                                      const stance_article_options *o, stance_sentence_fn fn,
                                      void *arg, stance_error *err)
{
    size_t bad;
    if (o->lines && !stance_utf8_valid(text, len, &bad)) { /* stance_split checks its own */
        set_error(err, STANCE_EUTF8, NULL, 0, "invalid UTF-8");
        set_error_offset(err, bad);
        return STANCE_EUTF8;
    }
    stance_span *spans = NULL;
    size_t count = 0;
    stance_status st = o->lines ? stance_split_lines(text, len, &spans, &count)
                                : stance_split(text, len, &spans, &count, err);
    if (st == STANCE_OK && (st = cut_long(text, o->lines, &spans, &count)) != STANCE_OK)
        set_error(err, st, NULL, 0, "out of memory cutting long sentences");
    if (st != STANCE_OK) {
        free(spans);
        return o->lines ? set_error(err, st, NULL, 0, "out of memory splitting lines") : st;
    }
    stance_attribution *attr = NULL;
    stance_attribute_options ao;
    stance_attribute_options_init(&ao);
    ao.context = !o->lines || o->context; /* lines stand alone unless asked */
    if (o->attribution && count > 0 &&
        (st = stance_attribute_with(text, len, spans, count, &ao, &attr, err)) != STANCE_OK) {
        free(spans); /* out of memory: no sentence without its source and target */
        return st;
    }
    for (size_t i = 0; i < count && st == STANCE_OK; i++) {
        size_t a = spans[i].start, b = spans[i].end;
        if (o->lines && a == b)
            continue; /* a blank line keeps its index but has no sentence */
        stance_prediction p;
        if (pred != NULL && (st = stance_predict(pred, text + a, b - a, o->explain, &p)) != STANCE_OK) {
            set_error(err, st, NULL, 0, "cannot classify sentence %zu", i + 1);
            break;
        }
        stance_sentence s = {o->base_index + i, o->base_offset + a, o->base_offset + b,
                             pred != NULL ? &p : NULL,
                             attr ? attr[i].source : NULL, attr ? attr[i].target : NULL,
                             attr ? attr[i].source_rule : NULL,
                             attr ? attr[i].target_rule : NULL};
        st = fn(&s, arg);
    }
    stance_attribution_free(attr, count);
    free(spans);
    return st;
}
