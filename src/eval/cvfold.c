/*
 * cvfold.c: cross-validation one fold at a time, so that a caller can run
 * the folds (and the points of a grid search) in parallel, each in its own
 * process: stance_cv_assign deals the sentences to folds exactly as
 * stance_cross_validate does (stratified, shuffled from the seed), and
 * stance_cv_fold trains on all folds but one and labels that one
 * (cv_fold_score, which stance_cross_validate runs for each fold).  Each
 * fold's training seeds the solvers itself, so a fold's result depends
 * only on the corpus, the options and the fold, never on which process or
 * in which order it ran.
 */
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "cvfold.h"
#include "error.h"

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Index of name among the k sorted labels, or k. */
static size_t label_of(const char **labels, size_t k, const char *name)
{
    size_t lo = 0, hi = k;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(labels[mid], name);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return k;
}

stance_status stance_cv_assign(const stance_corpus *c, int folds, unsigned seed, int *fold,
                               stance_error *err)
{
    if (folds < 2 || (size_t)folds > c->n)
        return set_error(err, STANCE_EINVAL, NULL, 0, "cross-validation needs 2 to %zu folds",
                         c->n);
    const char **labels;
    size_t k;
    if (corpus_labels(c, &labels, &k) != STANCE_OK)
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    size_t *idx = malloc(c->n * sizeof *idx);
    size_t *lab = malloc(c->n * sizeof *lab);
    if (idx == NULL || lab == NULL) {
        free(idx);
        free(lab);
        free(labels);
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < c->n; i++)
        lab[i] = label_of(labels, k, c->label[i]);
    /* each label's sentences shuffled, then dealt round-robin, the deal
     * running on across labels (as stance_cross_validate) */
    uint64_t state = seed;
    size_t deal = 0;
    for (size_t l = 0; l < k; l++) {
        size_t m = 0;
        for (size_t i = 0; i < c->n; i++)
            if (lab[i] == l)
                idx[m++] = i;
        for (size_t i = m; i > 1; i--) {
            size_t j = (size_t)(splitmix(&state) % i);
            size_t t = idx[i - 1];
            idx[i - 1] = idx[j];
            idx[j] = t;
        }
        for (size_t i = 0; i < m; i++)
            fold[idx[i]] = (int)(deal++ % (size_t)folds);
    }
    free(idx);
    free(lab);
    free(labels);
    return STANCE_OK;
}

/* Label fold f's sentences with model; count them into counts and add
 * them with their confidence to metrics (either may be NULL). */
static stance_status score_fold(const stance_corpus *c, const int *fold, int f,
                                const stance_model *model, const char **labels, size_t k,
                                size_t *counts, stance_metrics *metrics, stance_error *err)
{
    stance_predictor *pred;
    if (stance_predictor_new(model, &pred) != STANCE_OK)
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    /* the model's labels are the training part's: map them to the corpus's */
    size_t mk = stance_model_label_count(model);
    size_t *map = malloc(mk * sizeof *map);
    stance_status st = STANCE_OK;
    if (map == NULL)
        st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; map && i < mk; i++)
        map[i] = label_of(labels, k, stance_model_label(model, i));
    for (size_t i = 0; i < c->n && st == STANCE_OK; i++) {
        if (fold[i] != f)
            continue;
        stance_prediction p;
        st = stance_predict(pred, c->text[i], strlen(c->text[i]), 0, &p);
        if (st != STANCE_OK) {
            set_error(err, st, NULL, 0, "sentence %zu: prediction failed", i + 1);
            break;
        }
        size_t gold = label_of(labels, k, c->label[i]), got = map[p.label];
        if (counts != NULL)
            counts[gold * k + got]++;
        if (metrics != NULL)
            stance_metrics_add_confident(metrics, gold, got, p.confidence);
    }
    free(map);
    stance_predictor_free(pred);
    return st;
}

stance_status cv_fold_score(const stance_corpus *c, const stance_train_options *o,
                            const int *fold, int f, size_t *counts, stance_metrics *metrics,
                            stance_error *err)
{
    const char **labels;
    size_t k;
    if (corpus_labels(c, &labels, &k) != STANCE_OK)
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    stance_corpus train = {0};
    train.label = malloc((c->n ? c->n : 1) * sizeof *train.label);
    train.text = malloc((c->n ? c->n : 1) * sizeof *train.text);
    stance_model *model = NULL;
    stance_status st = STANCE_OK;
    if (!train.label || !train.text) {
        st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < c->n; i++)
        if (fold[i] != f) {
            train.label[train.n] = c->label[i];
            train.text[train.n] = c->text[i];
            train.n++;
        }
    if (counts != NULL)
        memset(counts, 0, k * k * sizeof *counts);
    if ((st = stance_train(&train, o, &model, err)) == STANCE_OK)
        st = score_fold(c, fold, f, model, labels, k, counts, metrics, err);
done:
    stance_model_free(model);
    free(train.label); /* the strings belong to c */
    free(train.text);
    free(labels);
    return st;
}

stance_status stance_cv_fold(const stance_corpus *c, const stance_train_options *o,
                             const int *fold, int f, size_t *counts, stance_error *err)
{
    return cv_fold_score(c, o, fold, f, counts, NULL, err);
}
