/*
 * batch_article.c: one article classified and tallied.  The pipeline
 * (stance_article_classify) hands over each sentence with its prediction,
 * source and target; it is written as a record (unless only the summary
 * is wanted) and counted: labels, labels per source, treaties named and
 * summed confidences, from which the summary record and the article's
 * label for the HTML index are made.  A big input comes window by window
 * (batch_stream.c); the tallies go on across them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_internal.h"
#include "htmltext.h"

/* Distinct names in order of appearance, copied (the sentence's strings
 * live only as long as its callback), with a hash index so that an article
 * of many sentences and sources is tallied in linear time. */
typedef struct names {
    char **v;
    size_t n, vcap;
    uint32_t *slot; /* index + 1 into v; 0: empty */
    size_t cap;     /* slots, a power of two, at least twice n */
} names;

static size_t name_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return (size_t)(h ^ (h >> 32));
}

static void names_free(names *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i]);
    free(m->v);
    free(m->slot);
}

/* Room for one more name: v and the hash index grown as needed. */
static bool names_reserve(names *m)
{
    if (m->n == m->vcap) {
        size_t vcap = m->vcap ? 2 * m->vcap : 16;
        char **v = realloc(m->v, vcap * sizeof *v);
        if (v == NULL)
            return false;
        m->v = v;
        m->vcap = vcap;
    }
    if (2 * (m->n + 1) > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        uint32_t *slot = calloc(cap, sizeof *slot);
        if (slot == NULL)
            return false;
        for (size_t i = 0; i < m->n; i++) {
            size_t h = name_hash(m->v[i]) & (cap - 1);
            while (slot[h] != 0)
                h = (h + 1) & (cap - 1);
            slot[h] = (uint32_t)(i + 1);
        }
        free(m->slot);
        m->slot = slot;
        m->cap = cap;
    }
    return true;
}

/* The index of s among the names, a copy added if new; (size_t)-1 when
 * out of memory. */
static size_t names_index(names *m, const char *s)
{
    if (!names_reserve(m))
        return (size_t)-1;
    size_t h = name_hash(s) & (m->cap - 1);
    for (; m->slot[h] != 0; h = (h + 1) & (m->cap - 1))
        if (strcmp(m->v[m->slot[h] - 1], s) == 0)
            return m->slot[h] - 1;
    if ((m->v[m->n] = strdup(s)) == NULL)
        return (size_t)-1;
    m->slot[h] = (uint32_t)++m->n;
    return m->n - 1;
}

/* Per-article tallies: label counts, and label counts per source. */
typedef struct tally {
    size_t k;
    size_t *counts;
    names sources, treaties;
    size_t *source_counts; /* k per source, room for sources.vcap */
    size_t source_cap;
    double *confidence;    /* per label, the sentences' confidences summed */
} tally;

static void tally_free(tally *t)
{
    free(t->counts);
    names_free(&t->sources);
    names_free(&t->treaties);
    free(t->source_counts);
    free(t->confidence);
}

/* Count one sentence.  Returns false when out of memory. */
static bool tally_add(tally *t, size_t label, double confidence, const char *source,
                      const char *target)
{
    t->counts[label]++;
    t->confidence[label] += confidence;
    if (source != NULL) {
        size_t i = names_index(&t->sources, source);
        if (i == (size_t)-1)
            return false;
        if (t->sources.n > t->source_cap) {
            size_t cap = t->sources.vcap;
            size_t *c = realloc(t->source_counts, cap * t->k * sizeof *c);
            if (c == NULL)
                return false;
            memset(c + t->source_cap * t->k, 0, (cap - t->source_cap) * t->k * sizeof *c);
            t->source_counts = c;
            t->source_cap = cap;
        }
        t->source_counts[i * t->k + label]++;
    }
    return target == NULL || names_index(&t->treaties, target) != (size_t)-1;
}

/* What the pipeline's callback needs to write one input's records; it
 * lives for the whole input, window after window. */
typedef struct article_out {
    const batch_options *o;
    batch *bt;
    job *j;
    tally ty;
    bool html;
    const char *text;      /* the window, which begins at offset base of the input */
    size_t base;
    size_t next;           /* the index after the last sentence delivered */
    stance_predictor *pred;
} article_out;

/* One sentence from stance_article_classify: tallied, and written as a
 * record unless only the summary is wanted. */
static stance_status sentence_out(const stance_sentence *s, void *arg)
{
    article_out *a = arg;
    const batch_options *o = a->o;
    const stance_prediction *p = s->prediction;
    a->next = s->index + 1;
    if (!tally_add(&a->ty, (size_t)p->label, p->confidence, stance_source_key(s->source),
                   s->target))
        return STANCE_ENOMEM;
    if (!o->summary || a->html) {
        size_t start = s->start, end = s->end; /* an HTML page's own bytes */
        if (a->j->html != NULL)
            html_text_span(a->j->html, &start, &end);
        out_sentence rec = {a->j->path, o->stdin_jsonl, s->index, start, end,
                            a->text + (s->start - a->base), s->end - s->start, p, s->source,
                            s->target, s->start - a->base, o->explain > 0, s->source_rule,
                            s->target_rule};
        out_sentence_record(&a->j->out, o->format, o->model, &rec);
        batch_drain(a->bt, a->j);
    }
    return STANCE_OK;
}

/* One window of the input through the pipeline (a window_fn). */
static stance_status classify_window(const char *t, size_t n, size_t offset, size_t index,
                                     size_t *next, void *arg)
{
    article_out *a = arg;
    stance_article_options ao;
    stance_article_options_init(&ao);
    ao.lines = a->o->lines;
    ao.context = a->o->context;
    ao.attribution = !a->o->no_attribution;
    ao.explain = a->o->explain;
    ao.base_offset = offset;
    ao.base_index = index;
    a->text = t;
    a->base = offset;
    a->next = index;
    stance_status st = stance_article_classify(a->pred, t, n, &ao, sentence_out, a, NULL);
    *next = a->next;
    return st;
}

/* Classify the input src (already checked) window by window into records
 * in job j's buffer, drained to batch bt's output as they grow; the
 * tallies go on across windows, so the summary is the whole input's.
 * j->sentences and j->label report the article for the HTML index. */
bool batch_classify(const batch_options *o, batch *bt, stance_predictor *pred, job *j,
                    window_src *src)
{
    const char *name = j->path;
    size_t k = stance_model_label_count(o->model);
    article_out a = {o, bt, j, {k, calloc(k, sizeof(size_t)), {0}, {0}, NULL, 0,
                                calloc(k, sizeof(double))},
                     o->format == FMT_HTML, NULL, 0, 0, pred};
    if (a.ty.counts == NULL || a.ty.confidence == NULL) {
        tally_free(&a.ty);
        batch_fail(&j->out, o, name, "out of memory");
        return false;
    }
    if (a.html)
        out_html_begin(&j->out, o->model, name);
    const char *why = NULL;
    stance_status st = stream_windows(src, o->lines, classify_window, &a, &why);
    if (st != STANCE_OK) {
        char msg[300];
        if (why != NULL)
            snprintf(msg, sizeof msg, "read error: %s", why);
        else
            snprintf(msg, sizeof msg, "%s", st == STANCE_ENOMEM ? "out of memory classifying"
                                                                : stance_strerror(st));
        batch_fail(&j->out, o, name, msg);
    }
    if (st == STANCE_OK) {
        out_article art = {name, o->stdin_jsonl, 0, a.ty.counts, a.ty.sources.n,
                           (const char *const *)a.ty.sources.v, a.ty.source_counts, a.ty.treaties.n,
                           (const char *const *)a.ty.treaties.v, a.ty.confidence};
        for (size_t i = 0; i < k; i++)
            art.sentences += a.ty.counts[i];
        j->sentences = art.sentences;
        j->label = out_article_label(o->model, a.ty.counts, a.ty.confidence);
        if (o->summary || a.html)
            out_summary_record(&j->out, o->format, o->model, &art);
        if (a.html && o->html_dir != NULL)
            html_report_facts(&j->facts, o->model, &art);
    }
    tally_free(&a.ty);
    return st == STANCE_OK;
}
