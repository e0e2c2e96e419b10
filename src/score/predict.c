/*
 * predict.c: labelling one sentence with a loaded model.  A predictor owns
 * the per-thread scratch (extractor, decision values, probabilities,
 * explanation list) so that steady-state prediction allocates nothing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "error.h"
#include "featcache.h"

/* How a predictor scores sentences, chosen once when it is made: a linear
 * model of any number of labels whose features the word cache makes
 * (feat_score_ready: word orders 1-2 or 2-2, the blocks of blocks.h the
 * cache knows) takes the fast path, the word cache's pairwise sums
 * (featcache.c); any other model (RBF, other word orders, a block the
 * cache does not make) feature entries and the decision functions.
 * Explanations always take the entries' path, which knows each feature's
 * weighed value. */
enum scorer { SCORE_SUMS, SCORE_ENTRIES };

struct stance_predictor {
    const stance_model *model;
    enum scorer scorer;
    extractor x;
    double *dec;
    double *prob;
    double *dot;             /* SCORE_SUMS: the sums' dot products */
    stance_feature_weight *explain;
    size_t explain_cap;
};

stance_status stance_predictor_new(const stance_model *model, stance_predictor **out)
{
    *out = NULL;
    stance_predictor *p = calloc(1, sizeof *p);
    if (p == NULL)
        return STANCE_ENOMEM;
    p->model = model;
    p->scorer = model->kernel == STANCE_KERNEL_LINEAR && feat_score_ready(&model->feat.cfg, &model->feat)
                    ? SCORE_SUMS
                    : SCORE_ENTRIES;
    extractor_init(&p->x);
    p->dec = malloc((model->npairs ? model->npairs : 1) * sizeof *p->dec);
    p->prob = malloc(model->nlabels * sizeof *p->prob);
    p->dot = malloc((FEAT_BLOCKS * model->npairs + 1) * sizeof *p->dot);
    if (p->dec == NULL || p->prob == NULL || p->dot == NULL) {
        stance_predictor_free(p);
        return STANCE_ENOMEM;
    }
    *out = p;
    return STANCE_OK;
}

void stance_predictor_free(stance_predictor *p)
{
    if (p == NULL)
        return;
    extractor_free(&p->x);
    free(p->dec);
    free(p->prob);
    free(p->dot);
    free(p->explain);
    free(p);
}

static int by_weight(const void *a, const void *b)
{
    const stance_feature_weight *x = a, *y = b;
    return (x->weight < y->weight) - (x->weight > y->weight);
}

/* The features that pushed most toward label over the runner-up: each
 * feature's share of the pairwise decision value between the two. */
static stance_status explain(stance_predictor *p, int label, size_t k, stance_prediction *out)
{
    const stance_model *m = p->model;
    out->explain = NULL;
    out->explain_count = 0;
    if (m->kernel != STANCE_KERNEL_LINEAR || k == 0)
        return STANCE_OK;
    int runner = label == 0 ? 1 : 0;
    for (size_t i = 0; i < m->nlabels; i++)
        if ((int)i != label && p->prob[i] > p->prob[runner])
            runner = (int)i;
    size_t a = (size_t)(label < runner ? label : runner), b = (size_t)(label < runner ? runner : label);
    size_t pair = a * (2 * m->nlabels - a - 1) / 2 + (b - a - 1);
    double sign = label < runner ? 1.0 : -1.0;
    if (p->x.n > p->explain_cap) {
        stance_feature_weight *e = realloc(p->explain, p->x.n * sizeof *e);
        if (e == NULL)
            return STANCE_ENOMEM;
        p->explain = e;
        p->explain_cap = p->x.n;
    }
    size_t n = 0;
    for (size_t i = 0; i < p->x.n; i++) {
        const feat_entry *e = &p->x.e[i];
        double w = sign * e->value * feat_table_rec(&m->feat, e->key)->w[pair];
        if (w <= 0)
            continue;
        p->explain[n].text = p->x.text + e->text;
        /* a character n-gram's text is followed by its word's (feat_keep_word) */
        p->explain[n].word = e->block == BLOCK_CHAR
                                 ? p->explain[n].text + strlen(p->explain[n].text) + 1
                                 : NULL;
        p->explain[n].weight = w;
        n++;
    }
    if (n > 1)
        qsort(p->explain, n, sizeof *p->explain, by_weight);
    out->explain = p->explain;
    out->explain_count = n < k ? n : k;
    return STANCE_OK;
}

/* Multiply each probability by its label's prior weight and renormalise.
 * The label stays the one the decision values chose: priors only say how
 * confident that choice is under the label mix expected in use. */
static void apply_prior(const stance_model *m, double *prob)
{
    bool plain = true;
    for (size_t i = 0; i < m->nlabels; i++)
        plain = plain && m->prior[i] == 1.0;
    if (plain)
        return;
    double sum = 0;
    for (size_t i = 0; i < m->nlabels; i++)
        sum += prob[i] * m->prior[i];
    if (!(sum > 0) || !isfinite(sum))
        return; /* cannot happen with weights in [1e-6, 1e6] */
    for (size_t i = 0; i < m->nlabels; i++)
        prob[i] = prob[i] * m->prior[i] / sum;
}

stance_status stance_predict(stance_predictor *p, const char *text, size_t len,
                             size_t explain_k, stance_prediction *out)
{
    const stance_model *m = p->model;
    memset(out, 0, sizeof *out);
    size_t bad;
    stance_status st;
    int label;
    if (explain_k == 0 && p->scorer == SCORE_SUMS) {
        feat_sums s = {m->npairs, {0}, p->dot};
        st = feat_score(&p->x, &m->feat.cfg, &m->feat, text, len, &s, &bad);
        if (st != STANCE_OK)
            return st;
        label = model_decide_sums(m, &s, p->dec, p->prob);
    } else {
        st = feat_count(&p->x, &m->feat.cfg, &m->feat, text, len, explain_k > 0, &bad);
        if (st != STANCE_OK)
            return st;
        if (explain_k == 0) {
            label = model_decide_counts(m, &p->x, p->dec, p->prob);
        } else { /* explanations read each entry's weighed value */
            feat_weigh(&p->x, &m->feat);
            if (m->kernel == STANCE_KERNEL_RBF)
                feat_sort(&p->x);
            label = model_decide(m, p->x.e, p->x.n, p->dec, p->prob);
        }
    }
    apply_prior(m, p->prob);
    out->label = label;
    out->confidence = p->prob[label];
    out->probabilities = p->prob;
    return explain(p, label, explain_k, out);
}
