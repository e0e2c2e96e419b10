/*
 * liblinear.c: training with LIBLINEAR (Fan, Chang, Hsieh, Wang and Lin,
 * JMLR 9, 2008), for corpora too large for libsvm's n x n kernel matrix.
 *
 * One-vs-rest: for each label c, an L2-regularised L2-loss SVM with a bias
 * term, min_w 1/2 |w|^2 + C sum_i max(0, 1 - y_i w.x_i)^2, solved in the
 * dual by coordinate descent (L2R_L2LOSS_SVC_DUAL), in time and memory
 * linear in the number of sentences.  Its score for label c is
 * s_c = w_c.x + b_c.  The stance model keeps libsvm's one-against-one
 * form, so the result is folded into it: pair (i,j) gets the weights
 * w_i - w_j and rho_ij = -(b_i - b_j), whose decision value is s_i - s_j.
 * Label i wins its pair exactly when s_i > s_j, so the one-against-one vote
 * picks the label of the highest one-vs-rest score, and the model file,
 * the fast prediction path and everything after them are unchanged.
 *
 * Probabilities: a Platt sigmoid per pair (platt.c), fitted on decision
 * values s_i - s_j held out by a stratified 5-fold cross-validation of the
 * same training, so that prediction's pairwise coupling applies as for
 * libsvm models.  LIBLINEAR shuffles with the C library's rand(): every
 * training is preceded by srand(seed), and the folds come from a PRNG of
 * our own seeded with the same seed, so a seed always gives the same bytes.
 * (rand() is process-global: like libsvm training, LIBLINEAR training on
 * two threads at once is safe but not reproducible.)
 */
#include <linear.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "error.h"
#include "platt.h"

#define CALIBRATION_FOLDS 5
#define LINEAR_EPS 0.1 /* LIBLINEAR's own default for its dual solvers */

static void print_nothing(const char *s)
{
    (void)s;
}

static void quiet_once(void)
{
    set_print_string_function(print_nothing);
}

/* Silence LIBLINEAR's progress printing (once per process). */
static void linear_quiet(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, quiet_once);
}

/* LIBLINEAR's parameters: the solver, C, and the class weights svm_params
 * works out for libsvm (LIBLINEAR multiplies C by label i's weight on the
 * positive side of label i's one-vs-rest problem).  The weight arrays are
 * malloc'd; free them with free_params. */
static stance_status linear_params(const svm_data *d, const stance_train_options *o,
                                   struct parameter *p, stance_error *err)
{
    struct svm_parameter sp;
    stance_status st = svm_params(d, o, &sp, err);
    if (st != STANCE_OK)
        return st;
    memset(p, 0, sizeof *p);
    p->solver_type = L2R_L2LOSS_SVC_DUAL;
    p->eps = LINEAR_EPS;
    p->C = o->C;
    p->p = 0.1; /* regression only; check_parameter wants it non-negative */
    p->nr_weight = sp.nr_weight;
    p->weight_label = sp.weight_label;
    p->weight = sp.weight;
    return STANCE_OK;
}

static void free_params(struct parameter *p)
{
    free(p->weight_label);
    free(p->weight);
    p->weight_label = NULL;
    p->weight = NULL;
}

/* LIBLINEAR's problem over samples idx[0..n) of d (all of d when idx is
 * NULL), in the caller's x and y of n entries each. */
static struct problem subproblem(const svm_data *d, const size_t *idx, size_t n,
                                 struct feature_node **x, double *y)
{
    for (size_t i = 0; i < n; i++) {
        size_t s = idx ? idx[i] : i;
        x[i] = d->lrows[s];
        y[i] = d->prob.y[s];
    }
    struct problem prob = {(int)n, (int)d->table.rows + 1, y, x, 1.0};
    return prob;
}

/* The one-vs-rest weights of a LIBLINEAR model as a (rows + 1) x k matrix
 * W over our k labels: W[r * k + c] is feature row r's weight for label c,
 * row `rows` the bias.  LIBLINEAR lays out w the same way over its own
 * class numbering (lm->label), except that a two-class model holds one
 * vector, for its first class: we split it into +w/2 and -w/2, so that the
 * pair's difference is LIBLINEAR's own decision value.  A label the model
 * never saw (a cross-validation fold without it) gets no weights and a
 * bias of -1, a confident "not this one". */
static void class_weights(const struct model *lm, size_t k, size_t rows, double *W)
{
    size_t nc = (size_t)lm->nr_class;
    for (size_t r = 0; r <= rows; r++)
        for (size_t c = 0; c < k; c++)
            W[r * k + c] = r == rows ? -1.0 : 0.0;
    if (nc == 2) {
        size_t a = (size_t)lm->label[0], b = (size_t)lm->label[1];
        for (size_t r = 0; r <= rows; r++) {
            W[r * k + a] = lm->w[r] / 2;
            W[r * k + b] = -lm->w[r] / 2;
        }
        return;
    }
    for (size_t c = 0; c < nc; c++) {
        size_t l = (size_t)lm->label[c];
        for (size_t r = 0; r <= rows; r++)
            W[r * k + l] = lm->w[r * nc + c];
    }
}

/* Train on samples idx[0..n) of d (all when idx is NULL) and return the
 * class weights in W; x and y are scratch of n entries.  rand() is seeded
 * first: LIBLINEAR's coordinate descent visits the samples in an order
 * drawn from it. */
static stance_status train_weights(const svm_data *d, const size_t *idx, size_t n,
                                   const struct parameter *p, unsigned seed,
                                   struct feature_node **x, double *y, double *W,
                                   stance_error *err)
{
    struct problem prob = subproblem(d, idx, n, x, y);
    const char *why = check_parameter(&prob, p);
    if (why != NULL)
        return set_error(err, STANCE_ETRAIN, NULL, 0, "LIBLINEAR: %s", why);
    srand(seed);
    struct model *lm = train(&prob, p);
    if (lm == NULL)
        return set_error(err, STANCE_ENOMEM, NULL, 0, "LIBLINEAR training failed");
    class_weights(lm, d->nlabels, d->table.rows, W);
    free_and_destroy_model(&lm);
    return STANCE_OK;
}

/* splitmix64 (Steele, Lea and Flood 2014): the fold shuffle's generator,
 * ours so that rand()'s state does not decide the folds. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Stratified folds: each label's samples, in an order shuffled from seed,
 * dealt round-robin to the folds, the deal running on across labels so
 * that fold sizes differ by at most one.  order is scratch of n. */
static void assign_folds(const double *y, size_t n, size_t k, unsigned seed, size_t *order,
                         int *fold)
{
    uint64_t state = seed;
    size_t dealt = 0;
    for (size_t c = 0; c < k; c++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (y[i] == (double)c)
                order[m++] = i;
        for (size_t i = m; i > 1; i--) { /* Fisher-Yates */
            size_t j = (size_t)(next_random(&state) % i), t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        for (size_t i = 0; i < m; i++, dealt++)
            fold[order[i]] = (int)(dealt % CALIBRATION_FOLDS);
    }
}

/* Sample x's pairwise decision values s_i - s_j under class weights W,
 * where s_c = x.W[., c] (x's bias node picks up the bias row).  s is
 * scratch of k. */
static void pair_decisions(const struct feature_node *x, const double *W, size_t k, double *s,
                           double *dec)
{
    for (size_t c = 0; c < k; c++)
        s[c] = 0;
    for (; x->index != -1; x++) {
        const double *w = W + (size_t)(x->index - 1) * k;
        for (size_t c = 0; c < k; c++)
            s[c] += x->value * w[c];
    }
    size_t p = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++, p++)
            dec[p] = s[i] - s[j];
}

/* Scratch for the cross-validation, all n (or rows x k) long. */
typedef struct cv_scratch {
    int *fold;
    size_t *idx;
    struct feature_node **x;
    double *y, *W, *s, *dec, *f, *target;
    bool *positive;
} cv_scratch;

static void cv_free(cv_scratch *c)
{
    free(c->fold);
    free(c->idx);
    free(c->x);
    free(c->y);
    free(c->W);
    free(c->s);
    free(c->dec);
    free(c->f);
    free(c->target);
    free(c->positive);
}

static bool cv_alloc(cv_scratch *c, size_t n, size_t k, size_t rows, size_t np)
{
    memset(c, 0, sizeof *c);
    c->fold = malloc(n * sizeof *c->fold);
    c->idx = malloc(n * sizeof *c->idx);
    c->x = malloc(n * sizeof *c->x);
    c->y = malloc(n * sizeof *c->y);
    c->W = malloc((rows + 1) * k * sizeof *c->W);
    c->s = malloc(k * sizeof *c->s);
    c->dec = malloc(n * np * sizeof *c->dec);
    c->f = malloc(n * sizeof *c->f);
    c->target = malloc(n * sizeof *c->target);
    c->positive = malloc(n * sizeof *c->positive);
    return c->fold && c->idx && c->x && c->y && c->W && c->s && c->dec && c->f && c->target &&
           c->positive;
}

/* Every sample's pairwise decision values (c->dec, n x np) from a model
 * trained on the folds it is not in. */
static stance_status held_out(const svm_data *d, const struct parameter *p,
                              const stance_train_options *o, cv_scratch *c, stance_error *err)
{
    size_t n = (size_t)d->prob.l, k = d->nlabels, np = k * (k - 1) / 2;
    unsigned seed = o->seed;
    assign_folds(d->prob.y, n, k, seed, c->idx, c->fold);
    for (int f = 0; f < CALIBRATION_FOLDS; f++) {
        train_progress(o, "calibration folds", (size_t)f, CALIBRATION_FOLDS);
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (c->fold[i] != f)
                c->idx[m++] = i;
        if (m == n)
            continue; /* fewer samples than folds: this fold is empty */
        stance_status st = train_weights(d, c->idx, m, p, seed, c->x, c->y, c->W, err);
        if (st != STANCE_OK)
            return st;
        for (size_t i = 0; i < n; i++)
            if (c->fold[i] == f)
                pair_decisions(d->lrows[i], c->W, k, c->s, c->dec + i * np);
    }
    return STANCE_OK;
}

/* Platt parameters probA/probB (npairs each) for every pair (i,j), fitted
 * on the held-out decision values of the samples labelled i (positive) or
 * j, as libsvm fits its own on its pairs' cross-validated values. */
static stance_status calibrate(const svm_data *d, const struct parameter *p,
                               const stance_train_options *o, double *probA, double *probB,
                               stance_error *err)
{
    size_t n = (size_t)d->prob.l, k = d->nlabels, np = k * (k - 1) / 2;
    cv_scratch c;
    stance_status st = STANCE_OK;
    if (!cv_alloc(&c, n, k, d->table.rows, np))
        st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory for the calibration");
    if (st == STANCE_OK)
        st = held_out(d, p, o, &c, err);
    size_t pair = 0;
    for (size_t i = 0; i < k && st == STANCE_OK; i++)
        for (size_t j = i + 1; j < k; j++, pair++) {
            size_t m = 0;
            for (size_t s = 0; s < n; s++)
                if (d->prob.y[s] == (double)i || d->prob.y[s] == (double)j) {
                    c.f[m] = c.dec[s * np + pair];
                    c.positive[m++] = d->prob.y[s] == (double)i;
                }
            platt_fit(c.f, c.positive, m, c.target, &probA[pair], &probB[pair]);
        }
    cv_free(&c);
    return st;
}

/* The model's pairwise weights (m->w, rows x npairs) and rho from the
 * class weights W: pair (i,j) gets w_i - w_j and -(b_i - b_j). */
static bool fold_pairs(const double *W, size_t rows, stance_model *m)
{
    size_t k = m->nlabels, np = m->npairs;
    m->w = malloc((rows * np > 0 ? rows * np : 1) * sizeof *m->w);
    m->rho = malloc(np * sizeof *m->rho);
    if (m->w == NULL || m->rho == NULL)
        return false;
    for (size_t r = 0; r <= rows; r++) {
        const double *w = W + r * k;
        size_t p = 0;
        for (size_t i = 0; i < k; i++)
            for (size_t j = i + 1; j < k; j++, p++) {
                if (r < rows)
                    m->w[r * np + p] = w[i] - w[j];
                else
                    m->rho[p] = -(w[i] - w[j]);
            }
    }
    return true;
}

/* The stance model from the class weights W and, when wanted, the Platt
 * parameters (taken over). */
static stance_status build_model(svm_data *d, const stance_train_options *o, const double *W,
                                 double **probA, double **probB, stance_model **out,
                                 stance_error *err)
{
    size_t rows = d->table.rows;
    stance_model *m;
    stance_status st = model_start(d, o, &m, err);
    if (st != STANCE_OK)
        return st;
    m->probability = o->probability;
    if (o->probability) {
        m->probA = *probA;
        m->probB = *probB;
        *probA = *probB = NULL;
    }
    if (!fold_pairs(W, rows, m) || !model_finish_linear(m)) {
        stance_model_free(m);
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    }
    *out = m;
    return STANCE_OK;
}

stance_status linear_train(svm_data *d, const stance_train_options *o, stance_model **out,
                           stance_error *err)
{
    *out = NULL;
    linear_quiet();
    struct parameter p;
    stance_status st = linear_params(d, o, &p, err);
    if (st != STANCE_OK)
        return st;
    size_t n = (size_t)d->prob.l, k = d->nlabels, np = k * (k - 1) / 2;
    struct feature_node **x = malloc((n ? n : 1) * sizeof *x);
    double *y = malloc((n ? n : 1) * sizeof *y);
    double *W = malloc((d->table.rows + 1) * k * sizeof *W);
    double *probA = NULL, *probB = NULL;
    if (o->probability) {
        probA = malloc(np * sizeof *probA);
        probB = malloc(np * sizeof *probB);
    }
    if (!x || !y || !W || (o->probability && (!probA || !probB)))
        st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    train_progress(o, "training with LIBLINEAR", 0, 0);
    if (st == STANCE_OK)
        st = train_weights(d, NULL, n, &p, o->seed, x, y, W, err);
    free(x);
    free(y);
    if (st == STANCE_OK && o->probability)
        st = calibrate(d, &p, o, probA, probB, err);
    if (st == STANCE_OK)
        st = build_model(d, o, W, &probA, &probB, out, err);
    free(W);
    free(probA);
    free(probB);
    free_params(&p);
    return st;
}
