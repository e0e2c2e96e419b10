/*
 * pipeline.c: an article end to end, the one path every front-end takes.
 * stance_article_classify splits the text (or cuts it into lines),
 * attributes sources and targets across the whole article (attribution
 * reads the sentences around each one: pronouns, quotes running over
 * sentences), then labels the sentences one by one and hands each to the
 * caller's callback, so callers write records as they go and hold nothing
 * of the article's results themselves.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"

void stance_article_options_init(stance_article_options *o)
{
    memset(o, 0, sizeof *o);
    o->attribution = true;
}

stance_status stance_split_lines(const char *t, size_t n, stance_span **spans, size_t *count)
{
    size_t cap = 0;
    *spans = NULL;
    *count = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(t + i, '\n', n - i);
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
    if (st != STANCE_OK)
        return o->lines ? set_error(err, st, NULL, 0, "out of memory splitting lines") : st;
    stance_attribution *attr = NULL;
    if (o->attribution && count > 0 &&
        stance_attribute(text, len, spans, count, &attr, NULL) != STANCE_OK)
        attr = NULL; /* attribution is extra: the sentences go on without it */
    for (size_t i = 0; i < count && st == STANCE_OK; i++) {
        size_t a = spans[i].start, b = spans[i].end;
        if (o->lines && a == b)
            continue; /* a blank line keeps its index but has no sentence */
        stance_prediction p;
        st = stance_predict(pred, text + a, b - a, o->explain, &p);
        if (st != STANCE_OK) {
            set_error(err, st, NULL, 0, "cannot classify sentence %zu", i + 1);
            break;
        }
        stance_sentence s = {i, a, b, &p, attr ? attr[i].source : NULL,
                             attr ? attr[i].target : NULL};
        st = fn(&s, arg);
    }
    stance_attribution_free(attr, count);
    free(spans);
    return st;
}
