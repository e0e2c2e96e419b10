/*
 * articles.c: scoring the splitter and the model on annotated articles.
 * Gold files list an article's sentences in order; since a sentence may
 * span hard-wrapped lines, gold and predicted sentences are compared in
 * "ink" coordinates, counting only non-whitespace bytes, so a sentence is
 * its [first, last) ink offsets whatever the line breaks inside it.  Gold
 * lines with source and target columns also score stance_attribute: by
 * normalised names (attrib_names_match) into the public score, and, for
 * stance-eval's report (articles.h), by containment too, per pattern.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "articles.h"
#include "attrib.h"
#include "error.h"
#include "gold.h"
#include "io.h"
#include "text.h"

typedef struct ink_span {
    size_t a, b;
} ink_span;

/* Non-whitespace bytes of s[0..n). */
static size_t ink(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, c = 0;
    while (i < n) {
        int32_t cp;
        size_t k = text_decode(u + i, n - i, &cp);
        if (k == 0)
            k = 1, cp = 0;
        if (!text_is_space(cp))
            c += k;
        i += k;
    }
    return c;
}

/* Length of the whitespace code point at s[0..n), or 0 if none. */
static size_t space_at(const char *s, size_t n)
{
    int32_t cp;
    size_t k = text_decode((const unsigned char *)s, n, &cp);
    return k > 0 && text_is_space(cp) ? k : 0;
}

/* Compare the ink of a and b; returns true if equal. */
static bool same_ink(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0, j = 0, k;
    for (;;) {
        while (i < na && (k = space_at(a + i, na - i)) > 0)
            i += k;
        while (j < nb && (k = space_at(b + j, nb - j)) > 0)
            j += k;
        if (i == na || j == nb)
            return i == na && j == nb;
        if (a[i] != b[j])
            return false;
        i++;
        j++;
    }
}

/* Check that the gold sentences cover the article's ink in order, and give
 * each its ink span. */
static stance_status align_gold(const char *art, size_t alen, const char *gbuf,
                                const gold_line *g, size_t n, ink_span *spans,
                                const char *path, stance_error *err)
{
    size_t pos = 0, ipos = 0;
    for (size_t i = 0; i < n; i++) {
        const char *t = gbuf + g[i].text_off;
        size_t tink = ink(t, g[i].text_len);
        /* skip whitespace in the article, then take tink ink bytes */
        size_t start, got = 0, j = pos, k;
        while (j < alen && (k = space_at(art + j, alen - j)) > 0)
            j += k;
        start = j;
        while (j < alen && got < tink) {
            if ((k = space_at(art + j, alen - j)) > 0) {
                j += k;
            } else {
                got++;
                j++;
            }
        }
        if (got < tink || !same_ink(art + start, j - start, t, g[i].text_len))
            return set_error(err, STANCE_EFORMAT, path, g[i].line,
                             "gold sentence does not match the article text at byte %zu", start);
        spans[i].a = ipos;
        spans[i].b = ipos + tink;
        ipos += tink;
        pos = j;
    }
    if (ink(art + pos, alen - pos) != 0)
        return set_error(err, STANCE_EFORMAT, path, 0,
                         "the article continues past the last gold sentence (byte %zu)", pos);
    return STANCE_OK;
}

/* Lower-case copy of s[0..n) (Unicode simple lower case), NUL-terminated;
 * NULL when out of memory. */
static char *lower_copy(const char *s, size_t n)
{
    char *out = malloc(2 * n + 5); /* lower case may lengthen a character by half */
    if (out == NULL)
        return NULL;
    size_t u = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = text_decode((const unsigned char *)s + i, n - i, &cp);
        if (k == 0)
            k = 1, cp = 0xFFFD;
        i += k;
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp),
                                                  (utf8proc_uint8_t *)out + u);
        u += m > 0 ? (size_t)m : 0;
    }
    out[u] = '\0';
    return out;
}

int article_names_contain(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen == 0 || blen == 0)
        return 0;
    char *x = lower_copy(a, alen), *y = lower_copy(b, blen);
    int r = -1;
    if (x && y)
        r = strstr(x, y) != NULL || strstr(y, x) != NULL;
    free(x);
    free(y);
    return r;
}

/* Count one predicted name against a gold column gbuf[off..off+len) by
 * rule match (attrib_names_match or article_names_contain) into up to two
 * sets of counts (c2 may be NULL). */
static bool count_name(const char *gbuf, size_t off, size_t len, const char *pred,
                       int (*match)(const char *, size_t, const char *, size_t),
                       article_counts *c, article_counts *c2)
{
    int m = 0;
    if (len > 0 && pred != NULL && (m = match(gbuf + off, len, pred, strlen(pred))) < 0)
        return false;
    article_counts d = {m == 1, pred != NULL && m != 1, len > 0 && m != 1};
    for (article_counts *t = c; t != NULL; t = t == c ? c2 : NULL) {
        t->tp += d.tp;
        t->fp += d.fp;
        t->fn += d.fn;
    }
    return true;
}

/* The report's entry for gold line g's pattern, added if new. */
static article_pattern *pattern_of(const char *gbuf, const gold_line *g, article_report *r)
{
    char name[ARTICLE_PATTERN_NAME];
    size_t n = g->pat_len < sizeof name - 1 ? g->pat_len : sizeof name - 1;
    memcpy(name, gbuf + g->pat_off, n);
    name[n] = '\0';
    for (size_t i = 0; i < r->npatterns; i++)
        if (strcmp(r->pattern[i].name, name) == 0)
            return &r->pattern[i];
    if (r->npatterns == ARTICLE_PATTERNS)
        return &r->pattern[ARTICLE_PATTERNS - 1];
    article_pattern *p = &r->pattern[r->npatterns++];
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", r->npatterns == ARTICLE_PATTERNS ? "other" : name);
    return p;
}

/* Score the source and target of a matched sentence against its gold line:
 * by attrib_names_match into score (and the report's normalised counts),
 * by containment into the report. */
static bool score_attribution(const char *gbuf, const gold_line *g,
                              const stance_attribution *p, stance_article_score *score,
                              article_report *rep)
{
    if (!g->attributed)
        return true;
    article_counts src = {0}, tgt = {0};
    bool ok = count_name(gbuf, g->src_off, g->src_len, p->source, attrib_names_match, &src,
                         NULL) &&
              count_name(gbuf, g->tgt_off, g->tgt_len, p->target, attrib_names_match, &tgt,
                         NULL);
    if (!ok)
        return false;
    score->source_tp += src.tp, score->source_fp += src.fp, score->source_fn += src.fn;
    score->target_tp += tgt.tp, score->target_fp += tgt.fp, score->target_fn += tgt.fn;
    if (rep == NULL)
        return true;
    article_pattern *pat = pattern_of(gbuf, g, rep);
    pat->sentences++;
    article_counts *norm[2][2] = {{&rep->source_norm, &pat->source_norm},
                                  {&rep->target_norm, &pat->target_norm}};
    const article_counts *got[2] = {&src, &tgt};
    for (int w = 0; w < 2; w++)
        for (int k = 0; k < 2; k++) {
            norm[w][k]->tp += got[w]->tp;
            norm[w][k]->fp += got[w]->fp;
            norm[w][k]->fn += got[w]->fn;
        }
    return count_name(gbuf, g->src_off, g->src_len, p->source, article_names_contain,
                      &rep->source, &pat->source) &&
           count_name(gbuf, g->tgt_off, g->tgt_len, p->target, article_names_contain,
                      &rep->target, &pat->target);
}

stance_status stance_article_eval(const stance_model *model, const char *txt_path,
                                  const char *gold_path, stance_metrics *labels,
                                  stance_article_score *score, stance_error *err)
{
    return article_eval_report(model, txt_path, gold_path, labels, score, NULL, err);
}

/* Where the walk over an article's sentences is (article_eval_report). */
typedef struct eval_walk {
    const char *art;
    size_t last, before, nspan;    /* bytes up to the last sentence, their ink */
    const ink_span *gink;          /* the gold sentences' ink spans */
    size_t gi, ngold;
    const char *gbuf;
    const gold_line *g;
    stance_article_score *score;
    article_report *report;
    stance_metrics *labels;
    const char *gold_path;
    stance_error *err;
} eval_walk;

/* One sentence as stance_article_classify delivers it: matched to a gold
 * sentence by its ink (the non-space bytes before and in it), then its
 * source, target and label scored. */
static stance_status eval_sentence(const stance_sentence *s, void *arg)
{
    eval_walk *w = arg;
    w->nspan++;
    w->before += ink(w->art + w->last, s->start - w->last);
    size_t a = w->before, b = a + ink(w->art + s->start, s->end - s->start);
    w->before = b;
    w->last = s->end;
    while (w->gi < w->ngold && w->gink[w->gi].a < a)
        w->gi++;
    if (w->gi == w->ngold || w->gink[w->gi].a != a || w->gink[w->gi].b != b)
        return STANCE_OK;
    const gold_line *g = &w->g[w->gi];
    w->score->matched++;
    stance_attribution at = {(char *)s->source, (char *)s->target, s->source_rule,
                             s->target_rule};
    if (!score_attribution(w->gbuf, g, &at, w->score, w->report))
        return set_error(w->err, STANCE_ENOMEM, w->gold_path, g->line, "out of memory");
    if (s->prediction && w->labels)
        stance_metrics_add_confident(w->labels, (size_t)g->label, (size_t)s->prediction->label,
                                     s->prediction->confidence);
    return STANCE_OK;
}

stance_status article_eval_report(const stance_model *model, const char *txt_path,
                                  const char *gold_path, stance_metrics *labels,
                                  stance_article_score *score, article_report *report,
                                  stance_error *err)
{
    memset(score, 0, sizeof *score);
    char *art = NULL, *gbuf = NULL;
    size_t alen, ngold = 0;
    gold_line *g = NULL;
    ink_span *gink = NULL;
    stance_predictor *pred = NULL;
    stance_status st = io_read_file(txt_path, 0, &art, &alen, err);
    if (st != STANCE_OK)
        goto done;
    size_t bad;
    if (!stance_utf8_valid(art, alen, &bad)) { /* the article's fault before the gold's */
        st = set_error(err, STANCE_EUTF8, txt_path, 0, "invalid UTF-8 at byte %zu", bad);
        set_error_offset(err, bad);
        goto done;
    }
    if ((st = gold_read(gold_path, model, &gbuf, &g, &ngold, err)) != STANCE_OK)
        goto done;
    gink = malloc((ngold ? ngold : 1) * sizeof *gink);
    if (gink == NULL) {
        st = set_error(err, STANCE_ENOMEM, gold_path, 0, "out of memory");
        goto done;
    }
    if ((st = align_gold(art, alen, gbuf, g, ngold, gink, gold_path, err)) != STANCE_OK)
        goto done;
    if (model && (st = stance_predictor_new(model, &pred)) != STANCE_OK) {
        set_error(err, st, NULL, 0, "out of memory");
        goto done;
    }
    /* the article's path through the library, as stance-classify takes it */
    stance_article_options o;
    stance_article_options_init(&o);
    eval_walk w = {art, 0, 0, 0, gink, 0, ngold, gbuf, g, score, report, labels, gold_path, err};
    if ((st = stance_article_classify(pred, art, alen, &o, eval_sentence, &w, err)) != STANCE_OK) {
        if (err && err->file[0] == '\0')
            snprintf(err->file, sizeof err->file, "%s", txt_path);
        goto done;
    }
    score->gold = ngold;
    score->predicted = w.nspan;
done:
    stance_predictor_free(pred);
    free(gink);
    free(g);
    free(gbuf);
    free(art);
    return st;
}
