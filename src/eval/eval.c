/*
 * eval.c: evaluation.  A confusion matrix with accuracy, per-label
 * precision/recall/F1 and macro-F1; stratified k-fold cross-validation that
 * trains real models on each fold; and scoring of annotated articles, where
 * the splitter's sentences are aligned with the gold sentences to measure
 * boundary precision/recall and label accuracy on the matched ones.
 */
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "cvfold.h"
#include "error.h"
#include "io.h"
#include "model.h"

#define CAL_BINS 10

struct stance_metrics {
    size_t k;
    size_t *cell; /* k * k, gold-major */
    /* per confidence bin: sentences, right ones, summed confidence */
    size_t bin_n[CAL_BINS], bin_right[CAL_BINS];
    double bin_conf[CAL_BINS];
};

stance_status stance_metrics_new(size_t nlabels, stance_metrics **out)
{
    *out = NULL;
    if (nlabels == 0)
        return STANCE_EINVAL;
    stance_metrics *m = calloc(1, sizeof *m);
    if (m == NULL)
        return STANCE_ENOMEM;
    m->k = nlabels;
    m->cell = calloc(nlabels * nlabels, sizeof *m->cell);
    if (m->cell == NULL) {
        free(m);
        return STANCE_ENOMEM;
    }
    *out = m;
    return STANCE_OK;
}

void stance_metrics_free(stance_metrics *m)
{
    if (m == NULL)
        return;
    free(m->cell);
    free(m);
}

void stance_metrics_add(stance_metrics *m, size_t gold, size_t pred)
{
    if (gold < m->k && pred < m->k)
        m->cell[gold * m->k + pred]++;
}

void stance_metrics_add_confident(stance_metrics *m, size_t gold, size_t pred, double c)
{
    if (gold >= m->k || pred >= m->k)
        return;
    stance_metrics_add(m, gold, pred);
    if (!(c >= 0)) /* NaN too */
        c = 0;
    size_t b = c >= 1 ? CAL_BINS - 1 : (size_t)(c * CAL_BINS);
    m->bin_n[b]++;
    m->bin_right[b] += gold == pred;
    m->bin_conf[b] += c > 1 ? 1 : c;
}

double stance_metrics_calibration(const stance_metrics *m, size_t *n)
{
    size_t total = 0;
    double err = 0;
    for (size_t b = 0; b < CAL_BINS; b++) {
        if (m->bin_n[b] == 0)
            continue;
        double acc = (double)m->bin_right[b] / (double)m->bin_n[b];
        double conf = m->bin_conf[b] / (double)m->bin_n[b];
        err += (double)m->bin_n[b] * (acc > conf ? acc - conf : conf - acc);
        total += m->bin_n[b];
    }
    if (n != NULL)
        *n = total;
    return total ? err / (double)total : 0;
}

size_t stance_metrics_cell(const stance_metrics *m, size_t gold, size_t pred)
{
    return gold < m->k && pred < m->k ? m->cell[gold * m->k + pred] : 0;
}

size_t stance_metrics_total(const stance_metrics *m)
{
    size_t t = 0;
    for (size_t i = 0; i < m->k * m->k; i++)
        t += m->cell[i];
    return t;
}

double stance_metrics_accuracy(const stance_metrics *m)
{
    size_t t = stance_metrics_total(m), c = 0;
    for (size_t i = 0; i < m->k; i++)
        c += m->cell[i * m->k + i];
    return t ? (double)c / (double)t : 0.0;
}

void stance_metrics_label(const stance_metrics *m, size_t i, double *precision,
                          double *recall, double *f1, size_t *support)
{
    size_t tp = m->cell[i * m->k + i], gold = 0, pred = 0;
    for (size_t j = 0; j < m->k; j++) {
        gold += m->cell[i * m->k + j];
        pred += m->cell[j * m->k + i];
    }
    double p = pred ? (double)tp / (double)pred : 0.0;
    double r = gold ? (double)tp / (double)gold : 0.0;
    if (precision)
        *precision = p;
    if (recall)
        *recall = r;
    if (f1)
        *f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    if (support)
        *support = gold;
}

/* Label i's F1 into *f1; false when the label has neither gold nor
 * predicted sentences (macro averages leave such a label out). */
static bool label_f1_seen(const stance_metrics *m, size_t i, double *f1)
{
    size_t gold = 0, pred = 0;
    for (size_t j = 0; j < m->k; j++) {
        gold += m->cell[i * m->k + j];
        pred += m->cell[j * m->k + i];
    }
    if (gold == 0 && pred == 0)
        return false;
    stance_metrics_label(m, i, NULL, NULL, f1, NULL);
    return true;
}

double stance_metrics_macro_f1(const stance_metrics *m)
{
    double sum = 0, f1;
    size_t n = 0;
    for (size_t i = 0; i < m->k; i++)
        if (label_f1_seen(m, i, &f1)) {
            sum += f1;
            n++;
        }
    return n ? sum / (double)n : 0.0;
}

double stance_metrics_f1_over(const stance_metrics *m, const size_t *which, size_t n)
{
    double sum = 0, f1;
    size_t used = 0;
    for (size_t w = 0; w < n; w++)
        if (which[w] < m->k && label_f1_seen(m, which[w], &f1)) {
            sum += f1;
            used++;
        }
    return used ? sum / (double)used : 0.0;
}

stance_status stance_corpus_labels(const stance_corpus *c, const char ***labels, size_t *n)
{
    return corpus_labels(c, labels, n);
}

/* ------------------------------------------------------ cross-validation */

stance_status stance_cross_validate(const stance_corpus *c, const stance_train_options *o,
                                    int folds, stance_metrics **out, stance_error *err)
{
    *out = NULL;
    if (folds < 2 || (size_t)folds > c->n)
        return set_error(err, STANCE_EINVAL, NULL, 0,
                         "cross-validation needs 2 to %zu folds", c->n);
    const char **labels;
    size_t k;
    if (corpus_labels(c, &labels, &k) != STANCE_OK)
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    int *fold = malloc(c->n * sizeof *fold);
    stance_metrics *m = NULL;
    stance_status st = STANCE_OK;
    if (fold == NULL || stance_metrics_new(k ? k : 1, &m) != STANCE_OK) {
        st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    /* the folds stance_cv_assign deals (cvfold.c), as -j's processes use */
    if ((st = stance_cv_assign(c, folds, o->seed, fold, err)) != STANCE_OK)
        goto done;
    for (int f = 0; f < folds && st == STANCE_OK; f++)
        st = cv_fold_score(c, o, fold, f, NULL, m, err);
    if (st == STANCE_OK) {
        *out = m;
        m = NULL;
    }
done:
    stance_metrics_free(m);
    free(fold);
    free(labels);
    return st;
}
