/*
 * classifier.c: the libsvm side.  Sets up C-SVC parameters (kernel, C,
 * class weights), trains (with libsvm here, or LIBLINEAR in liblinear.c),
 * converts libsvm's model into a stance model we own, and predicts: for linear models through folded primal weights and a
 * re-implementation of libsvm's Platt scaling and pairwise coupling (Wu,
 * Lin and Weng 2004), for RBF models through libsvm itself.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "corpus.h"
#include "error.h"

void svm_params_free(struct svm_parameter *p)
{
    free(p->weight_label);
    free(p->weight);
    p->weight_label = NULL;
    p->weight = NULL;
    p->nr_weight = 0;
}

/* Parse "label=w,label=w" into per-class weights w[k] (labels not named
 * keep their value). */
static stance_status parse_weights(char *const *labels, size_t nlabels, const char *spec,
                                   double *w, stance_error *err)
{
    const char *p = spec;
    while (*p) {
        const char *eq = strchr(p, '=');
        const char *comma = strchr(p, ',');
        if (comma == NULL)
            comma = p + strlen(p);
        if (eq == NULL || eq > comma)
            return set_error(err, STANCE_EINVAL, NULL, 0,
                             "weights: expected LABEL=WEIGHT in \"%s\"", spec);
        size_t ll = (size_t)(eq - p);
        size_t k = 0;
        while (k < nlabels && !(strlen(labels[k]) == ll && strncmp(labels[k], p, ll) == 0))
            k++;
        if (k == nlabels)
            return set_error(err, STANCE_EINVAL, NULL, 0,
                             "weights: label \"%.*s\" is not in the corpus", (int)ll, p);
        char *end;
        double v = strtod(eq + 1, &end);
        if (end != comma || !(v >= 1e-6 && v <= 1e6))
            return set_error(err, STANCE_EINVAL, NULL, 0,
                             "weights: bad weight for \"%.*s\"", (int)ll, p);
        w[k] = v;
        p = *comma ? comma + 1 : comma;
    }
    return STANCE_OK;
}

stance_status svm_params(const svm_data *d, const stance_train_options *o,
                         struct svm_parameter *p, stance_error *err)
{
    memset(p, 0, sizeof *p);
    p->svm_type = C_SVC;
    /* the kernel matrix is in d->prob.x, or else the vectors are */
    p->kernel_type = !d->sparse ? PRECOMPUTED : o->kernel == STANCE_KERNEL_RBF ? RBF : LINEAR;
    p->gamma = o->gamma > 0 ? o->gamma : 1.0;
    p->cache_size = 200;
    p->eps = o->eps;
    p->C = o->C;
    p->shrinking = 1;
    p->probability = o->probability ? 1 : 0;
    if (!o->balanced && o->class_weights == NULL)
        return STANCE_OK;
    size_t k = d->nlabels;
    p->weight_label = malloc(k * sizeof *p->weight_label);
    p->weight = malloc(k * sizeof *p->weight);
    if (!p->weight_label || !p->weight) {
        svm_params_free(p);
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    }
    p->nr_weight = (int)k;
    for (size_t i = 0; i < k; i++) {
        p->weight_label[i] = (int)i;
        p->weight[i] = 1.0;
    }
    if (o->balanced) {
        /* n / (k * n_label), as scikit-learn's class_weight="balanced" */
        for (size_t i = 0; i < k; i++) {
            size_t cnt = 0;
            for (int j = 0; j < d->prob.l; j++)
                cnt += d->prob.y[j] == (double)i;
            p->weight[i] = cnt ? (double)d->prob.l / ((double)k * (double)cnt) : 1.0;
        }
    }
    if (o->class_weights != NULL) {
        stance_status st = parse_weights(d->labels, d->nlabels, o->class_weights, p->weight, err);
        if (st != STANCE_OK) {
            svm_params_free(p);
            return st;
        }
    }
    return STANCE_OK;
}

/* Sample number (0-based) of libsvm support vector v: node 0 of a
 * precomputed-kernel row holds it; libsvm also records it for any kernel. */
static size_t sample_of(const struct svm_model *s, size_t v)
{
    return s->param.kernel_type == PRECOMPUTED ? (size_t)s->SV[v][0].value - 1
                                               : (size_t)s->sv_indices[v] - 1;
}

/* Fold each pair's support vectors into a weight per feature row. */
static bool fold_linear(const struct svm_model *s, const svm_data *d, stance_model *m)
{
    size_t rows = m->feat.rows, np = m->npairs, k = m->nlabels;
    m->w = calloc(rows * np > 0 ? rows * np : 1, sizeof *m->w);
    size_t *first = malloc(k * sizeof *first);
    if (m->w == NULL || first == NULL) {
        free(first);
        return false;
    }
    first[0] = 0;
    for (size_t i = 1; i < k; i++)
        first[i] = first[i - 1] + (size_t)s->nSV[i - 1];
    size_t p = 0;
    for (size_t i = 0; i < k; i++) {
        for (size_t j = i + 1; j < k; j++, p++) {
            /* as in libsvm's svm_predict_values: class i's SVs use
             * sv_coef[j-1], class j's use sv_coef[i] */
            for (int side = 0; side < 2; side++) {
                size_t cls = side ? j : i;
                const double *coef = side ? s->sv_coef[i] : s->sv_coef[j - 1];
                for (size_t v = first[cls]; v < first[cls] + (size_t)s->nSV[cls]; v++) {
                    size_t x = sample_of(s, v);
                    for (size_t a = d->vstart[x]; a < d->vstart[x + 1]; a++)
                        m->w[(size_t)d->vidx[a] * np + p] += coef[v] * d->vval[a];
                }
            }
        }
    }
    free(first);
    return true;
}

/* Copy an RBF model's support vectors into arrays the model owns. */
static bool copy_rbf(const struct svm_model *s, const svm_data *d, stance_model *m)
{
    size_t k = m->nlabels, l = (size_t)s->l, nnz = 0;
    for (size_t v = 0; v < l; v++) {
        size_t x = sample_of(s, v);
        nnz += d->vstart[x + 1] - d->vstart[x];
    }
    m->nsv = l;
    m->nnz = nnz;
    m->nsv_class = malloc(k * sizeof *m->nsv_class);
    m->sv_start = malloc((l + 1) * sizeof *m->sv_start);
    m->sv_index = malloc((nnz ? nnz : 1) * sizeof *m->sv_index);
    m->sv_value = malloc((nnz ? nnz : 1) * sizeof *m->sv_value);
    m->sv_coef = malloc(((k - 1) * l > 0 ? (k - 1) * l : 1) * sizeof *m->sv_coef);
    if (!m->nsv_class || !m->sv_start || !m->sv_index || !m->sv_value || !m->sv_coef)
        return false;
    for (size_t i = 0; i < k; i++)
        m->nsv_class[i] = (uint32_t)s->nSV[i];
    size_t j = 0;
    for (size_t v = 0; v < l; v++) {
        m->sv_start[v] = j;
        size_t x = sample_of(s, v);
        for (size_t a = d->vstart[x]; a < d->vstart[x + 1]; a++, j++) {
            m->sv_index[j] = d->vidx[a] + 1;
            m->sv_value[j] = d->vval[a];
        }
    }
    m->sv_start[l] = j;
    for (size_t i = 0; i + 1 < k; i++)
        memcpy(m->sv_coef + i * l, s->sv_coef[i], l * sizeof *m->sv_coef);
    return model_build_svm(m);
}

static double *copy_doubles(const double *src, size_t n)
{
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (d != NULL && src != NULL)
        memcpy(d, src, n * sizeof *d);
    return d;
}

/* The model's training record (model_training) from the options and d,
 * whose label counts it takes over.  False when out of memory. */
static bool record_training(svm_data *d, const stance_train_options *o, stance_model *m)
{
    model_training *t = &m->train;
    m->format = MODEL_VERSION;
    t->present = true;
    snprintf(t->version, sizeof t->version, "%s", STANCE_VERSION);
    t->solver = d->linear ? STANCE_SOLVER_LIBLINEAR : STANCE_SOLVER_LIBSVM;
    t->balanced = o->balanced;
    if (o->class_weights != NULL && (t->class_weights = strdup(o->class_weights)) == NULL)
        return false;
    t->min_df = o->min_df;
    t->seed = o->seed;
    if (o->grid_folds > 0) {
        snprintf(t->grid_score, sizeof t->grid_score, "%s", o->grid_score);
        t->grid_folds = o->grid_folds;
        t->grid_repeats = o->grid_repeats > 1 ? o->grid_repeats : 1;
        t->grid_points = o->grid_points;
        /* as the file keeps it, so a trained and a loaded model agree */
        t->grid_value = round(o->grid_value * 1e9) / 1e9;
    }
    t->corpus_sum = d->corpus_sum;
    t->label_sentences = d->label_sentences;
    d->label_sentences = NULL;
    for (size_t i = 0; i < m->nlabels; i++)
        t->sentences += t->label_sentences[i];
    return true;
}

stance_status model_start(svm_data *d, const stance_train_options *o, stance_model **out,
                          stance_error *err)
{
    *out = NULL;
    stance_model *m = model_alloc();
    if (m == NULL)
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    m->prior = malloc(d->nlabels * sizeof *m->prior);
    if (m->prior == NULL) {
        stance_model_free(m);
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < d->nlabels; i++)
        m->prior[i] = 1.0;
    if (o->prior_weights != NULL) {
        stance_status st = parse_weights(d->labels, d->nlabels, o->prior_weights, m->prior, err);
        if (st != STANCE_OK) {
            stance_model_free(m);
            return st;
        }
    }
    m->nlabels = d->nlabels;
    m->labels = d->labels;
    d->labels = NULL;
    d->nlabels = 0;
    m->feat = d->table;
    memset(&d->table, 0, sizeof d->table);
    m->kernel = o->kernel;
    m->C = o->C;
    m->gamma = o->kernel == STANCE_KERNEL_RBF
                   ? (o->gamma > 0 ? o->gamma : 1.0)
                   : 0;
    m->npairs = m->nlabels * (m->nlabels - 1) / 2;
    if (!record_training(d, o, m)) {
        stance_model_free(m);
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    }
    *out = m;
    return STANCE_OK;
}

bool model_finish_linear(stance_model *m)
{
    bool ok = feat_table_index(&m->feat, m->npairs, m->w);
    free(m->w); /* the records hold the weights now */
    m->w = NULL;
    model_describe(m);
    return ok;
}

stance_status model_from_svm(const struct svm_model *s, svm_data *d,
                             const stance_train_options *o, stance_model **out,
                             stance_error *err)
{
    *out = NULL;
    for (size_t i = 0; i < d->nlabels; i++)
        if (s->label[i] != (int)i)
            return set_error(err, STANCE_ETRAIN, NULL, 0, "libsvm reordered the classes");
    stance_model *m;
    stance_status st = model_start(d, o, &m, err);
    if (st != STANCE_OK)
        return st;
    m->C = s->param.C;
    m->probability = s->probA != NULL && s->probB != NULL;
    m->rho = copy_doubles(s->rho, m->npairs);
    bool ok = m->rho != NULL;
    if (ok && m->probability) {
        m->probA = copy_doubles(s->probA, m->npairs);
        m->probB = copy_doubles(s->probB, m->npairs);
        ok = m->probA && m->probB;
    }
    if (ok)
        ok = o->kernel == STANCE_KERNEL_LINEAR ? fold_linear(s, d, m) : copy_rbf(s, d, m);
    if (ok && o->kernel == STANCE_KERNEL_LINEAR)
        ok = model_finish_linear(m);
    else if (ok)
        model_describe(m);
    if (!ok) {
        stance_model_free(m);
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    }
    *out = m;
    return STANCE_OK;
}

/* Train with libsvm on d, built for it. */
static stance_status libsvm_train(svm_data *d, const stance_train_options *o,
                                  stance_model **out, stance_error *err)
{
    struct svm_parameter p;
    stance_status st = svm_params(d, o, &p, err);
    if (st != STANCE_OK)
        return st;
    const char *why = svm_check_parameter(&d->prob, &p);
    if (why != NULL) {
        st = set_error(err, STANCE_ETRAIN, NULL, 0, "libsvm: %s", why);
    } else {
        train_progress(o, o->probability ? "training with libsvm (and its probability folds)"
                                         : "training with libsvm", 0, 0);
        srand(o->seed); /* libsvm shuffles with rand() for probability folds */
        struct svm_model *s = svm_train(&d->prob, &p);
        if (s == NULL)
            st = set_error(err, STANCE_ENOMEM, NULL, 0, "libsvm training failed");
        else
            st = model_from_svm(s, d, o, out, err);
        svm_free_and_destroy_model(&s);
    }
    svm_params_free(&p);
    return st;
}

stance_status stance_train(const stance_corpus *c, const stance_train_options *o,
                           stance_model **out, stance_error *err)
{
    *out = NULL;
    svm_quiet();
    svm_data d;
    stance_status st = svm_data_build(c, o, &d, err);
    if (st != STANCE_OK)
        return st;
    st = d.linear ? linear_train(&d, o, out, err) : libsvm_train(&d, o, out, err);
    svm_data_free(&d);
    return st;
}

/* ------------------------------------------------------------ predicting */

/* v clamped to [1e-7, 1 - 1e-7] as libsvm clamps pairwise probabilities:
 * fmin(fmax(v, 1e-7), 1 - 1e-7), NaN going to 1e-7 as there, without two
 * calls into libm. */
static inline double clamp_prob(double v)
{
    if (!(v >= 1e-7))
        return 1e-7;
    return v > 1 - 1e-7 ? 1 - 1e-7 : v;
}

static double sigmoid_predict(double dec, double A, double B)
{
    double f = dec * A + B;
    if (f >= 0) {
        double e = exp(-f);
        return e / (1.0 + e);
    }
    return 1.0 / (1.0 + exp(f));
}

/* Pairwise coupling, method 2 of Wu, Lin and Weng (2004), with libsvm's
 * stopping rule so that results agree with svm_predict_probability.  r is
 * k*k, Q is k*k scratch, Qp is k scratch. */
static inline void couple(size_t k, const double *r, double *p, double *Q, double *Qp)
{
    size_t max_iter = k > 100 ? k : 100;
    double eps = 0.005 / (double)k;
    for (size_t t = 0; t < k; t++) {
        p[t] = 1.0 / (double)k;
        Q[t * k + t] = 0;
        for (size_t j = 0; j < t; j++) {
            Q[t * k + t] += r[j * k + t] * r[j * k + t];
            Q[t * k + j] = Q[j * k + t];
        }
        for (size_t j = t + 1; j < k; j++) {
            Q[t * k + t] += r[j * k + t] * r[j * k + t];
            Q[t * k + j] = -r[j * k + t] * r[t * k + j];
        }
    }
    for (size_t iter = 0; iter < max_iter; iter++) {
        double pQp = 0, max_error = 0;
        for (size_t t = 0; t < k; t++) {
            Qp[t] = 0;
            for (size_t j = 0; j < k; j++)
                Qp[t] += Q[t * k + j] * p[j];
            pQp += p[t] * Qp[t];
        }
        for (size_t t = 0; t < k; t++) {
            double e = fabs(Qp[t] - pQp);
            if (e > max_error)
                max_error = e;
        }
        if (max_error < eps)
            break;
        for (size_t t = 0; t < k; t++) {
            /* libsvm divides by 1 + diff throughout; one division and
             * multiplications round differently, by about 1e-16 */
            double diff = (-Qp[t] + pQp) / Q[t * k + t], inv = 1 / (1 + diff);
            p[t] += diff;
            pQp = (pQp + diff * (diff * Q[t * k + t] + 2 * Qp[t])) * inv * inv;
            for (size_t j = 0; j < k; j++) {
                Qp[j] = (Qp[j] + diff * Q[t * k + j]) * inv;
                p[j] *= inv;
            }
        }
    }
}

/* Largest k for which the coupling scratch lives on the stack. */
#define STACK_LABELS 16

static int probabilities(const stance_model *m, const double *dec, double *prob)
{
    size_t k = m->nlabels;
    if (k == 2) {
        double p = sigmoid_predict(dec[0], m->probA[0], m->probB[0]);
        p = clamp_prob(p);
        prob[0] = p;
        prob[1] = 1 - p;
    } else {
        double rs[STACK_LABELS * STACK_LABELS], Qs[STACK_LABELS * STACK_LABELS], Qps[STACK_LABELS];
        double *r = rs, *Q = Qs, *Qp = Qps;
        if (k > STACK_LABELS) {
            r = malloc(k * k * sizeof *r);
            Q = malloc(k * k * sizeof *Q);
            Qp = malloc(k * sizeof *Qp);
            if (!r || !Q || !Qp) {
                free(r);
                free(Q);
                free(Qp);
                for (size_t i = 0; i < k; i++)
                    prob[i] = 1.0 / (double)k;
                return 0;
            }
        }
        size_t p = 0;
        for (size_t i = 0; i < k; i++)
            for (size_t j = i + 1; j < k; j++, p++) {
                double v = sigmoid_predict(dec[p], m->probA[p], m->probB[p]);
                v = clamp_prob(v);
                r[i * k + j] = v;
                r[j * k + i] = 1 - v;
            }
        if (k == 4) /* the common case, with loops the compiler can unroll */
            couple(4, r, prob, Q, Qp);
        else
            couple(k, r, prob, Q, Qp);
        if (r != rs) {
            free(r);
            free(Q);
            free(Qp);
        }
    }
    int best = 0;
    for (size_t i = 1; i < k; i++)
        if (prob[i] > prob[best])
            best = (int)i;
    return best;
}

/* Without Platt parameters: libsvm's one-against-one vote; probabilities
 * are the vote shares. */
static int votes(const stance_model *m, const double *dec, double *prob)
{
    size_t k = m->nlabels, p = 0;
    for (size_t i = 0; i < k; i++)
        prob[i] = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++, p++)
            prob[dec[p] > 0 ? i : j] += 1;
    int best = 0;
    for (size_t i = 1; i < k; i++)
        if (prob[i] > prob[best])
            best = (int)i;
    for (size_t i = 0; i < k; i++)
        prob[i] /= (double)m->npairs;
    return best;
}

/* The label the decision values choose: the one-against-one vote's
 * winner, a tie going to the tied label with the highest probability (the
 * vote share without Platt parameters), then to the first.  With Platt
 * parameters prob gets the coupled probabilities, which only report
 * confidence: on a small corpus libsvm's internal fit can invert them, so
 * they never pick the label. */
static int decide(const stance_model *m, const double *dec, double *prob)
{
    if (!m->probability)
        return votes(m, dec, prob);
    size_t k = m->nlabels, p = 0;
    unsigned stack[STACK_LABELS], *won = k <= STACK_LABELS ? stack : calloc(k, sizeof *won);
    if (won == NULL)
        return votes(m, dec, prob); /* out of memory: vote shares, same label */
    memset(won, 0, k * sizeof *won);
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++, p++)
            won[dec[p] > 0 ? i : j]++;
    probabilities(m, dec, prob);
    int best = 0;
    for (size_t i = 1; i < k; i++)
        if (won[i] > won[best] || (won[i] == won[best] && prob[i] > prob[best]))
            best = (int)i;
    if (won != stack)
        free(won);
    return best;
}

int model_decide(const stance_model *m, const feat_entry *x, size_t n, double *dec,
                 double *prob)
{
    size_t np = m->npairs;
    if (m->kernel == STANCE_KERNEL_LINEAR) {
        for (size_t p = 0; p < np; p++)
            dec[p] = -m->rho[p];
        if (np == 6) { /* four labels: the common case, unrolled */
            double d0 = 0, d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0;
            for (size_t e = 0; e < n; e++) {
                const float *w = feat_table_rec(&m->feat, x[e].key)->w;
                double v = x[e].value;
                d0 += v * w[0];
                d1 += v * w[1];
                d2 += v * w[2];
                d3 += v * w[3];
                d4 += v * w[4];
                d5 += v * w[5];
            }
            dec[0] += d0;
            dec[1] += d1;
            dec[2] += d2;
            dec[3] += d3;
            dec[4] += d4;
            dec[5] += d5;
        } else {
            for (size_t e = 0; e < n; e++) {
                const float *w = feat_table_rec(&m->feat, x[e].key)->w;
                double v = x[e].value;
                for (size_t p = 0; p < np; p++)
                    dec[p] += v * w[p];
            }
        }
    } else {
        struct svm_node stack[256], *node = stack;
        if (n + 1 > 256 && (node = malloc((n + 1) * sizeof *node)) == NULL) {
            for (size_t p = 0; p < np; p++)
                dec[p] = 0;
            return votes(m, dec, prob);
        }
        for (size_t e = 0; e < n; e++) {
            node[e].index = (int)x[e].key + 1;
            node[e].value = x[e].value;
        }
        node[n].index = -1;
        svm_predict_values(m->svm, node, dec);
        if (node != stack)
            free(node);
    }
    return decide(m, dec, prob);
}

/* Label pairs whose sums model_decide_counts keeps on the stack (ten
 * labels); larger linear models take the entries' path. */
#define COUNT_SUM_PAIRS 45

int model_decide_counts(const stance_model *m, extractor *x, double *dec, double *prob)
{
    size_t np = m->npairs;
    if (m->kernel != STANCE_KERNEL_LINEAR || np > COUNT_SUM_PAIRS) {
        feat_weigh(x, &m->feat);
        if (m->kernel == STANCE_KERNEL_RBF)
            feat_sort(x);
        return model_decide(m, x->e, x->n, dec, prob);
    }
    double dot[FEAT_BLOCKS * COUNT_SUM_PAIRS] = {0};
    feat_sums s = {np, {0}, dot};
    for (size_t i = 0; i < x->n; i++) {
        uint32_t row = x->e[i].key;
        const feat_rec *r = feat_table_rec(&m->feat, row);
        double v = feat_tfidf(r->idf, x->e[i].count);
        unsigned b = m->feat.block[row];
        double *o = dot + b * np;
        s.norm[b] += v * v;
        for (size_t p = 0; p < np; p++)
            o[p] += v * r->w[p];
    }
    return model_decide_sums(m, &s, dec, prob);
}

int model_decide_sums(const stance_model *m, const feat_sums *s, double *dec, double *prob)
{
    size_t np = m->npairs;
    double sc[FEAT_BLOCKS];
    feat_block_scales(&m->feat.cfg, s->norm, sc);
    for (size_t p = 0; p < np; p++) {
        double d = 0;
        for (int b = 0; b < FEAT_BLOCKS; b++)
            d += sc[b] * s->dot[(size_t)b * np + p];
        dec[p] = d - m->rho[p];
    }
    return decide(m, dec, prob);
}
