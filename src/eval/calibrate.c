/*
 * calibrate.c: fitting a model's confidence to held-out text.
 *
 * Platt scaling fits each pair's sigmoid on cross-validated decision values
 * of the training corpus, so confidence matches how often the model is right
 * on text like its corpus; on text from elsewhere it is right less often
 * and says so too seldom.  stance_model_calibrate fits one factor s for all
 * pairs' sigmoids (A, B become sA, sB: a temperature 1/s on the pairwise
 * decision values) by minimising the negative log-likelihood of the gold
 * labels of a held-out labelled set, through the whole path a prediction
 * takes (coupling, prior weights).  Labels come from the decision values and
 * do not move; only the probabilities do.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "model.h"

/* Mean negative log-likelihood of the gold labels with the sigmoids scaled
 * by exp(u) from A0, B0. */
static stance_status nll_at(stance_model *m, stance_predictor *pred, const stance_corpus *c,
                            const int *gold, const double *A0, const double *B0, double u,
                            double *out)
{
    double s = exp(u), sum = 0;
    for (size_t p = 0; p < m->npairs; p++) {
        m->probA[p] = A0[p] * s;
        m->probB[p] = B0[p] * s;
    }
    size_t n = stance_corpus_size(c);
    for (size_t i = 0; i < n; i++) {
        const char *t = stance_corpus_text(c, i);
        stance_prediction r;
        stance_status st = stance_predict(pred, t, strlen(t), 0, &r);
        if (st != STANCE_OK)
            return st;
        double p = r.probabilities[gold[i]];
        sum -= log(p > 1e-12 ? p : 1e-12);
    }
    *out = sum / (double)n;
    return STANCE_OK;
}

stance_status stance_model_calibrate(stance_model *m, const stance_corpus *c,
                                     stance_calibration *out, stance_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = stance_corpus_size(c);
    if (!m->probability || m->probA == NULL)
        return set_error(err, STANCE_EINVAL, NULL, 0,
                                "calibration needs a model with probabilities "
                                "(trained without --no-probability)");
    if (n == 0)
        return set_error(err, STANCE_EINVAL, NULL, 0, "the calibration set is empty");
    int *gold = malloc(n * sizeof *gold);
    double *A0 = malloc(m->npairs * sizeof *A0), *B0 = malloc(m->npairs * sizeof *B0);
    stance_predictor *pred = NULL;
    stance_status st = STANCE_ENOMEM;
    if (gold == NULL || A0 == NULL || B0 == NULL)
        goto done;
    for (size_t i = 0; i < n; i++) {
        const char *label = stance_corpus_label(c, i);
        gold[i] = -1;
        for (size_t k = 0; k < m->nlabels; k++)
            if (strcmp(label, m->labels[k]) == 0)
                gold[i] = (int)k;
        if (gold[i] < 0) {
            st = set_error(err, STANCE_EINVAL, NULL, 0,
                                  "calibration sentence %zu has the label '%s', which is not "
                                  "one of the model's labels", i + 1, label);
            goto done;
        }
    }
    memcpy(A0, m->probA, m->npairs * sizeof *A0);
    memcpy(B0, m->probB, m->npairs * sizeof *B0);
    if ((st = stance_predictor_new(m, &pred)) != STANCE_OK)
        goto done;
    /* Golden-section search for u = ln s in [ln 1/20, ln 4]: the likelihood
     * is smooth and, in practice, unimodal in u. */
    const double g = (sqrt(5.0) - 1) / 2;
    double a = log(0.05), b = log(4.0);
    double x1 = b - g * (b - a), x2 = a + g * (b - a), f1, f2;
    if ((st = nll_at(m, pred, c, gold, A0, B0, 0.0, &out->nll_before)) != STANCE_OK ||
        (st = nll_at(m, pred, c, gold, A0, B0, x1, &f1)) != STANCE_OK ||
        (st = nll_at(m, pred, c, gold, A0, B0, x2, &f2)) != STANCE_OK)
        goto done;
    while (b - a > 1e-4) {
        if (f1 <= f2) {
            b = x2;
            x2 = x1;
            f2 = f1;
            x1 = b - g * (b - a);
            st = nll_at(m, pred, c, gold, A0, B0, x1, &f1);
        } else {
            a = x1;
            x1 = x2;
            f1 = f2;
            x2 = a + g * (b - a);
            st = nll_at(m, pred, c, gold, A0, B0, x2, &f2);
        }
        if (st != STANCE_OK)
            goto done;
    }
    double u = (a + b) / 2, f;
    if ((st = nll_at(m, pred, c, gold, A0, B0, u, &f)) != STANCE_OK)
        goto done;
    if (!(f < out->nll_before)) { /* no better than Platt's own fit: keep it */
        u = 0;
        f = out->nll_before;
        memcpy(m->probA, A0, m->npairs * sizeof *A0);
        memcpy(m->probB, B0, m->npairs * sizeof *B0);
    }
    out->sentences = n;
    out->scale = exp(u);
    out->nll_after = f;
    m->train.calib_sentences = n; /* recorded in the model's header */
    m->train.calib_scale = out->scale;
    st = STANCE_OK;
done:
    if (st == STANCE_ENOMEM) /* the allocations above and the predictor's */
        set_error(err, st, NULL, 0, "out of memory calibrating");
    else if (st != STANCE_OK && st != STANCE_EINVAL)
        set_error(err, st, NULL, 0, "calibration failed: %s", stance_strerror(st));
    if (st != STANCE_OK && st != STANCE_EINVAL && A0 && B0 && m->probA) {
        memcpy(m->probA, A0, m->npairs * sizeof *A0); /* leave the model as it was */
        memcpy(m->probB, B0, m->npairs * sizeof *B0);
    }
    stance_predictor_free(pred);
    free(gold);
    free(A0);
    free(B0);
    return st;
}
