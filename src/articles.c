/*
 * articles.c: scoring the splitter and the model on annotated articles.
 * Gold files list an article's sentences in order; since a sentence may
 * span hard-wrapped lines, gold and predicted sentences are compared in
 * "ink" coordinates, counting only non-whitespace bytes, so a sentence is
 * its [first, last) ink offsets whatever the line breaks inside it.  Gold
 * lines with source and target columns also score stance_attribute.
 */
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "error.h"
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

typedef struct gold_line {
    int label;         /* model label index, or -1 */
    size_t text_off, text_len; /* into the gold buffer */
    size_t line;
    bool attributed;   /* has source and target columns */
    size_t src_off, src_len, tgt_off, tgt_len; /* into the gold buffer; len 0 = none */
} gold_line;

/* Trim spaces and tabs around s[*off..*off+*len). */
static void trim_field(const char *s, size_t *off, size_t *len)
{
    while (*len > 0 && (s[*off] == ' ' || s[*off] == '\t')) {
        ++*off;
        --*len;
    }
    while (*len > 0 && (s[*off + *len - 1] == ' ' || s[*off + *len - 1] == '\t'))
        --*len;
}

/* Record the source and target columns that follow the sentence column
 * (which ends at tab2) of a gold line ending at e, if both are present. */
static void gold_columns(const char *s, const char *tab2, const char *e, gold_line *g)
{
    g->attributed = false;
    if (tab2 == NULL)
        return;
    const char *src = tab2 + 1;
    const char *tab3 = memchr(src, '\t', (size_t)(e - src));
    if (tab3 == NULL)
        return;
    const char *tgt = tab3 + 1;
    const char *tab4 = memchr(tgt, '\t', (size_t)(e - tgt));
    g->attributed = true;
    g->src_off = (size_t)(src - s);
    g->src_len = (size_t)(tab3 - src);
    g->tgt_off = (size_t)(tgt - s);
    g->tgt_len = (size_t)((tab4 ? tab4 : e) - tgt);
    trim_field(s, &g->src_off, &g->src_len);
    trim_field(s, &g->tgt_off, &g->tgt_len);
}

static stance_status read_gold(const char *path, const stance_model *model, char **buf,
                               gold_line **out, size_t *n, stance_error *err)
{
    size_t len;
    *out = NULL;
    *n = 0;
    stance_status st = io_read_file(path, 0, buf, &len, err);
    if (st != STANCE_OK)
        return st;
    size_t cap = 0, lineno = 0;
    char *s = *buf;
    for (size_t i = 0; i < len;) {
        lineno++;
        char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len, e = end;
        if (e > i && s[e - 1] == '\r')
            e--;
        size_t start = i;
        i = end + 1;
        if (e == start || s[start] == '#')
            continue;
        size_t bad;
        if (!stance_utf8_valid(s + start, e - start, &bad))
            return set_error(err, STANCE_EUTF8, path, lineno, "invalid UTF-8");
        char *tab = memchr(s + start, '\t', e - start);
        if (tab == NULL)
            return set_error(err, STANCE_EFORMAT, path, lineno,
                             "expected label<TAB>sentence[<TAB>source<TAB>target]");
        char *text = tab + 1;
        char *tab2 = memchr(text, '\t', (size_t)(s + e - text));
        size_t tlen = tab2 ? (size_t)(tab2 - text) : (size_t)(s + e - text);
        if (tlen == 0 || tab == s + start)
            return set_error(err, STANCE_EFORMAT, path, lineno, "empty label or sentence");
        int label = -1;
        if (model != NULL) {
            *tab = '\0';
            label = stance_model_label_index(model, s + start);
            if (label < 0)
                return set_error(err, STANCE_EFORMAT, path, lineno,
                                 "label \"%s\" is not one of the model's labels", s + start);
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            gold_line *g = realloc(*out, cap * sizeof *g);
            if (g == NULL)
                return set_error(err, STANCE_ENOMEM, path, lineno, "out of memory");
            *out = g;
        }
        gold_line *gl = &(*out)[(*n)++];
        *gl = (gold_line){label, (size_t)(text - s), tlen, lineno, false, 0, 0, 0, 0};
        gold_columns(s, tab2, s + e, gl);
    }
    return STANCE_OK;
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

/* Count one predicted name against a gold column gbuf[off..off+len). */
static bool count_name(const char *gbuf, size_t off, size_t len, const char *pred,
                       size_t *tp, size_t *fp, size_t *fn)
{
    int m = 0;
    if (len > 0 && pred != NULL && (m = attrib_names_match(gbuf + off, len, pred,
                                                            strlen(pred))) < 0)
        return false;
    if (m == 1)
        ++*tp;
    if (pred != NULL && m != 1)
        ++*fp;
    if (len > 0 && m != 1)
        ++*fn;
    return true;
}

/* Score the source and target of a matched sentence against its gold line. */
static bool score_attribution(const char *gbuf, const gold_line *g,
                              const stance_attribution *p, stance_article_score *score)
{
    if (!g->attributed)
        return true;
    return count_name(gbuf, g->src_off, g->src_len, p->source, &score->source_tp,
                      &score->source_fp, &score->source_fn) &&
           count_name(gbuf, g->tgt_off, g->tgt_len, p->target, &score->target_tp,
                      &score->target_fp, &score->target_fn);
}

stance_status stance_article_eval(const stance_model *model, const char *txt_path,
                                  const char *gold_path, stance_metrics *labels,
                                  stance_article_score *score, stance_error *err)
{
    memset(score, 0, sizeof *score);
    char *art = NULL, *gbuf = NULL;
    size_t alen, nspan = 0, ngold = 0;
    gold_line *g = NULL;
    stance_span *spans = NULL;
    ink_span *gink = NULL;
    stance_predictor *pred = NULL;
    stance_attribution *attr = NULL;
    stance_status st = io_read_file(txt_path, 0, &art, &alen, err);
    if (st != STANCE_OK)
        goto done;
    if ((st = stance_split(art, alen, &spans, &nspan, err)) != STANCE_OK) {
        snprintf(err ? err->file : (char[1]){0}, err ? sizeof err->file : 1, "%s", txt_path);
        goto done;
    }
    if ((st = read_gold(gold_path, model, &gbuf, &g, &ngold, err)) != STANCE_OK)
        goto done;
    gink = malloc((ngold ? ngold : 1) * sizeof *gink);
    if (gink == NULL) {
        st = set_error(err, STANCE_ENOMEM, gold_path, 0, "out of memory");
        goto done;
    }
    if ((st = align_gold(art, alen, gbuf, g, ngold, gink, gold_path, err)) != STANCE_OK)
        goto done;
    if ((st = stance_attribute(art, alen, spans, nspan, &attr, err)) != STANCE_OK) {
        snprintf(err ? err->file : (char[1]){0}, err ? sizeof err->file : 1, "%s", txt_path);
        goto done;
    }
    if (model && (st = stance_predictor_new(model, &pred)) != STANCE_OK) {
        set_error(err, st, NULL, 0, "out of memory");
        goto done;
    }
    score->gold = ngold;
    score->predicted = nspan;
    size_t before = 0, last = 0, gi = 0;
    for (size_t i = 0; i < nspan; i++) {
        before += ink(art + last, spans[i].start - last);
        size_t a = before, b = a + ink(art + spans[i].start, spans[i].end - spans[i].start);
        before = b;
        last = spans[i].end;
        while (gi < ngold && gink[gi].a < a)
            gi++;
        if (gi == ngold || gink[gi].a != a || gink[gi].b != b)
            continue;
        score->matched++;
        if (!score_attribution(gbuf, &g[gi], &attr[i], score)) {
            st = set_error(err, STANCE_ENOMEM, gold_path, g[gi].line, "out of memory");
            goto done;
        }
        if (pred && labels) {
            stance_prediction p;
            st = stance_predict(pred, art + spans[i].start, spans[i].end - spans[i].start, 0, &p);
            if (st != STANCE_OK) {
                set_error(err, st, txt_path, 0, "prediction failed");
                goto done;
            }
            stance_metrics_add_confident(labels, (size_t)g[gi].label, (size_t)p.label, p.confidence);
        }
    }
done:
    stance_attribution_free(attr, nspan);
    stance_predictor_free(pred);
    free(gink);
    free(spans);
    free(g);
    free(gbuf);
    free(art);
    return st;
}
