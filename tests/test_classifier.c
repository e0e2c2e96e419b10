/*
 * test_classifier.c: the libsvm side (src/svm/classifier.c, src/eval/eval.c).
 *
 * The key test: the linear fast path (model_decide over primal weights
 * folded from the support vectors, plus our own Platt scaling and pairwise
 * coupling) must give the decisions libsvm itself gives.  We train libsvm
 * directly on svm_data_build's precomputed-kernel problem, convert with
 * model_from_svm, and for every sentence compare model_decide with
 * svm_predict_values / svm_predict_probability fed the sentence's kernel
 * row against every training vector.
 *
 * Also: the confusion-matrix metrics on hand-computed examples, and
 * cross-validation determinism and argument checks.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "featcache.h"
#include "features.h"
#include "model.h"
#include "stance.h"

static stance_corpus *g_corpus;  /* corpora/treaties/test.tsv */
static stance_corpus *g_unseen;  /* the first 150 sentences of train.tsv */
static stance_corpus *g_small;   /* the first 300 sentences of test.tsv, for cross-validation */

static void load_corpora(void)
{
    if (stance_corpus_new(&g_corpus) != STANCE_OK ||
        stance_corpus_read(g_corpus, CORPUS_DIR "/test.tsv", STANCE_CORPUS_TSV, NULL) != STANCE_OK) {
        stance_corpus_free(g_corpus);
        g_corpus = NULL;
    }
    if (g_corpus != NULL && stance_corpus_new(&g_small) == STANCE_OK)
        for (size_t i = 0; i < 300 && i < stance_corpus_size(g_corpus); i++)
            stance_corpus_add(g_small, stance_corpus_label(g_corpus, i),
                              stance_corpus_text(g_corpus, i), NULL);
    stance_corpus *train = NULL;
    if (stance_corpus_new(&train) == STANCE_OK &&
        stance_corpus_read(train, CORPUS_DIR "/train.tsv", STANCE_CORPUS_TSV, NULL) == STANCE_OK &&
        stance_corpus_new(&g_unseen) == STANCE_OK) {
        for (size_t i = 0; i < 150 && i < stance_corpus_size(train); i++)
            stance_corpus_add(g_unseen, stance_corpus_label(train, i),
                              stance_corpus_text(train, i), NULL);
    }
    stance_corpus_free(train);
}

static void free_corpora(void)
{
    stance_corpus_free(g_corpus);
    stance_corpus_free(g_unseen);
    stance_corpus_free(g_small);
    g_corpus = g_unseen = g_small = NULL;
}

static void need_corpora(void)
{
    ck_assert_msg(g_corpus != NULL, "cannot read " CORPUS_DIR "/test.tsv");
    /* the corpus grows; the tests take its size from the file */
    ck_assert_uint_ge(stance_corpus_size(g_corpus), 100);
    ck_assert_msg(g_unseen != NULL && stance_corpus_size(g_unseen) == 150,
                  "cannot read " CORPUS_DIR "/train.tsv");
    ck_assert_uint_eq(stance_corpus_size(g_small), 300);
}

/* ------------------------------------------------------ the equivalence */

/* libsvm's one-against-one vote, as svm_predict_values counts it, turned
 * into the vote shares stance reports without Platt scaling. */
static void vote_shares(const double *dec, size_t k, double *share)
{
    size_t p = 0;
    for (size_t i = 0; i < k; i++)
        share[i] = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++, p++)
            share[dec[p] > 0 ? i : j] += 1;
    for (size_t i = 0; i < k; i++)
        share[i] /= (double)(k * (k - 1) / 2);
}

typedef struct compare_stats {
    size_t sentences;
    double max_dec_diff, max_prob_diff, max_fused_diff;
    size_t labels_used[8];
} compare_stats;

/* The training vectors of d by feature row (compressed sparse columns), so
 * that a sentence's dot products with all of them cost only the features
 * it shares with each. */
typedef struct columns {
    size_t *start;    /* rows + 1 */
    uint32_t *sample; /* 0-based training sample */
    double *value;
} columns;

static void columns_build(const svm_data *d, size_t rows, columns *c)
{
    size_t l = (size_t)d->prob.l, nnz = d->vstart[l];
    c->start = calloc(rows + 1, sizeof *c->start);
    c->sample = malloc((nnz ? nnz : 1) * sizeof *c->sample);
    c->value = malloc((nnz ? nnz : 1) * sizeof *c->value);
    size_t *fill = calloc(rows + 1, sizeof *fill);
    ck_assert(c->start && c->sample && c->value && fill);
    for (size_t a = 0; a < nnz; a++)
        c->start[d->vidx[a] + 1]++;
    for (size_t r = 0; r < rows; r++)
        c->start[r + 1] += c->start[r];
    for (size_t j = 0; j < l; j++)
        for (size_t a = d->vstart[j]; a < d->vstart[j + 1]; a++) {
            size_t at = c->start[d->vidx[a]] + fill[d->vidx[a]]++;
            c->sample[at] = (uint32_t)j;
            c->value[at] = d->vval[a];
        }
    free(fill);
}

static void columns_free(columns *c)
{
    free(c->start);
    free(c->sample);
    free(c->value);
}

/* Sentence i's label, decision values and probabilities through another
 * path (what) equal model_decide's within 1e-9. */
static void agree(const char *what, size_t i, int label, const double *d, const double *pr,
                  int want, const double *dec, const double *prob, size_t np, size_t k,
                  compare_stats *st)
{
    ck_assert_msg(label == want, "sentence %zu: %s label %d, model_decide %d", i + 1, what,
                  label, want);
    for (size_t p = 0; p < np; p++) {
        double diff = fabs(d[p] - dec[p]);
        ck_assert_msg(diff < 1e-9, "sentence %zu pair %zu: %s decision %.17g vs %.17g", i + 1, p,
                      what, d[p], dec[p]);
        if (diff > st->max_fused_diff)
            st->max_fused_diff = diff;
    }
    for (size_t j = 0; j < k; j++)
        ck_assert_msg(fabs(pr[j] - prob[j]) < 1e-9,
                      "sentence %zu label %zu: %s probability %.17g vs %.17g", i + 1, j, what,
                      pr[j], prob[j]);
}

/* For every sentence of c: the fast path on model m against libsvm's own
 * prediction with model s, whose support vectors are the training vectors
 * of d (by 1-based sample number). */
static void compare_with_libsvm(const stance_model *m, const struct svm_model *s,
                                const svm_data *d, const stance_corpus *c, bool probability,
                                compare_stats *st)
{
    size_t k = m->nlabels, np = m->npairs, l = (size_t)d->prob.l;
    columns col;
    columns_build(d, m->feat.rows, &col);
    struct svm_node *row = malloc((l + 2) * sizeof *row);
    double *dec = malloc(np * sizeof *dec), *ldec = malloc(np * sizeof *ldec);
    double *prob = malloc(k * sizeof *prob), *lprob = malloc(k * sizeof *lprob);
    double *fdec = malloc(np * sizeof *fdec), *fprob = malloc(k * sizeof *fprob);
    ck_assert(row && dec && ldec && prob && lprob && fdec && fprob);
    extractor x, y, z;
    extractor_init(&x);
    extractor_init(&y);
    extractor_init(&z);
    for (size_t i = 0; i < stance_corpus_size(c); i++) {
        const char *text = stance_corpus_text(c, i);
        size_t bad;
        ck_assert_int_eq(feat_extract(&x, &m->feat.cfg, &m->feat, text, strlen(text), false, &bad),
                         STANCE_OK);
        int fast = model_decide(m, x.e, x.n, dec, prob);
        /* the one-pass path prediction takes must agree with it */
        ck_assert_int_eq(feat_count(&y, &m->feat.cfg, &m->feat, text, strlen(text), false, &bad),
                         STANCE_OK);
        int fused = model_decide_counts(m, &y, fdec, fprob);
        agree("one-pass", i, fused, fdec, fprob, fast, dec, prob, np, k, st);
        /* and so must the path prediction takes, through the word cache */
        double sdec[6], sprob[8], dot[FEAT_BLOCKS * 6];
        feat_sums sums = {np, {0}, dot};
        ck_assert(np == 6 && feat_score_ready(&m->feat.cfg, &m->feat));
        ck_assert_int_eq(feat_score(&z, &m->feat.cfg, &m->feat, text, strlen(text), &sums, &bad),
                         STANCE_OK);
        int scored = model_decide_sums(m, &sums, sdec, sprob);
        agree("scored", i, scored, sdec, sprob, fast, dec, prob, np, k, st);

        /* the sentence's row of the precomputed kernel: node 0 is not
         * read; node j holds the dot product with training vector j-1 */
        row[0].index = 0;
        row[0].value = 0;
        for (size_t j = 0; j < l; j++) {
            row[j + 1].index = (int)(j + 1);
            row[j + 1].value = 0;
        }
        for (size_t e = 0; e < x.n; e++) {
            uint32_t r = x.e[e].key;
            for (size_t a = col.start[r]; a < col.start[r + 1]; a++)
                row[col.sample[a] + 1].value += x.e[e].value * col.value[a];
        }
        row[l + 1].index = -1;
        row[l + 1].value = 0;

        /* the label is libsvm's one-against-one vote (a tie may go to any
         * of the tied labels); probabilities are libsvm's */
        int ref = (int)svm_predict_values(s, row, ldec);
        size_t won[16] = {0};
        for (size_t a = 0, q = 0; a < k; a++)
            for (size_t b = a + 1; b < k; b++, q++)
                won[ldec[q] > 0 ? a : b]++;
        if (probability)
            (void)svm_predict_probability(s, row, lprob);
        else
            vote_shares(ldec, k, lprob);
        ck_assert_msg(won[fast] == won[ref], "sentence %zu \"%s\": fast path says %d (%zu votes), "
                      "libsvm %d (%zu votes)", i + 1, text, fast, won[fast], ref, won[ref]);
        for (size_t p = 0; p < np; p++) {
            double diff = fmax(fabs(dec[p] - ldec[p]), fabs(fdec[p] - ldec[p]));
            ck_assert_msg(diff < 1e-6, "sentence %zu pair %zu: decision %.17g / %.17g vs libsvm %.17g",
                          i + 1, p, dec[p], fdec[p], ldec[p]);
            if (diff > st->max_dec_diff)
                st->max_dec_diff = diff;
        }
        for (size_t j = 0; j < k; j++) {
            double diff = fmax(fabs(prob[j] - lprob[j]), fabs(fprob[j] - lprob[j]));
            ck_assert_msg(diff < 1e-6, "sentence %zu label %zu: probability %.17g / %.17g vs libsvm %.17g",
                          i + 1, j, prob[j], fprob[j], lprob[j]);
            if (diff > st->max_prob_diff)
                st->max_prob_diff = diff;
        }
        st->sentences++;
        if (fast >= 0 && fast < 8)
            st->labels_used[fast]++;
    }
    /* past the word cache's limits: one sentence of more distinct words
     * than it holds (it memoises none of them) and words too long for it */
    size_t cap = 48 * (size_t)(WC_MAX_WORDS + 2000), len = 0;
    char *huge = malloc(cap);
    ck_assert_ptr_nonnull(huge);
    for (size_t w = 0; w < (size_t)WC_MAX_WORDS + 2000; w++) {
        const char *text = stance_corpus_text(c, w % stance_corpus_size(c));
        size_t skip = w % 7, n = 0;
        while (text[n] != '\0' && text[n] != ' ')
            n++;
        len += (size_t)snprintf(huge + len, cap - len, "%.*s%zu%s ", (int)n, text, skip,
                                w % 500 == 0 ? "antidisestablishmentarianismwithaverylongsuffix" : "");
    }
    size_t bad;
    ck_assert_int_eq(feat_extract(&x, &m->feat.cfg, &m->feat, huge, len, false, &bad), STANCE_OK);
    model_decide(m, x.e, x.n, dec, prob);
    double dot[FEAT_BLOCKS * 64];
    ck_assert_uint_le(np, 64);
    feat_sums sums = {np, {0}, dot};
    ck_assert_int_eq(feat_score(&z, &m->feat.cfg, &m->feat, huge, len, &sums, &bad), STANCE_OK);
    model_decide_sums(m, &sums, fdec, fprob);
    for (size_t p = 0; p < np; p++)
        ck_assert_msg(fabs(fdec[p] - dec[p]) < 1e-9, "huge sentence pair %zu: %.17g vs %.17g", p,
                      fdec[p], dec[p]);
    free(huge);
    extractor_free(&x);
    extractor_free(&y);
    extractor_free(&z);
    columns_free(&col);
    free(row);
    free(fdec);
    free(fprob);
    free(dec);
    free(ldec);
    free(prob);
    free(lprob);
}

static void equivalence(bool probability)
{
    need_corpora();
    stance_train_options o;
    stance_train_options_init(&o);
    o.probability = probability;
    svm_data d;
    stance_error err;
    ck_assert_msg(svm_data_build(g_corpus, &o, &d, &err) == STANCE_OK, "%s", err.message);
    ck_assert_int_eq(d.prob.l, (int)stance_corpus_size(g_corpus));
    ck_assert_uint_eq(d.nlabels, 4);
    struct svm_parameter p;
    ck_assert_int_eq(svm_params(&d, &o, &p, &err), STANCE_OK);
    ck_assert_int_eq(p.kernel_type, PRECOMPUTED);
    ck_assert_ptr_null(svm_check_parameter(&d.prob, &p));
    svm_quiet();
    srand(o.seed);
    struct svm_model *s = svm_train(&d.prob, &p);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(svm_get_nr_class(s), 4);
    ck_assert_int_eq(svm_check_probability_model(s), probability ? 1 : 0);

    stance_model *m = NULL;
    ck_assert_int_eq(model_from_svm(s, &d, &o, &m, &err), STANCE_OK);
    /* model_from_svm took the labels and the table */
    ck_assert_ptr_null(d.labels);
    ck_assert_uint_eq(m->nlabels, 4);
    ck_assert_int_eq(m->kernel, STANCE_KERNEL_LINEAR);
    ck_assert_int_eq(m->probability, probability);

    compare_stats st = {0};
    compare_with_libsvm(m, s, &d, g_corpus, probability, &st);
    compare_with_libsvm(m, s, &d, g_unseen, probability, &st);
    ck_assert_uint_eq(st.sentences, stance_corpus_size(g_corpus) + 150);
    fprintf(stderr, "fast path vs libsvm (%s), %zu sentences: max |decision diff| %.2g, "
            "max |probability diff| %.2g; one-pass and cached paths vs model_decide: max |decision "
            "diff| %.2g\n",
            probability ? "probabilities" : "votes", st.sentences, st.max_dec_diff,
            st.max_prob_diff, st.max_fused_diff);
    /* the comparison covered every label */
    for (size_t j = 0; j < 4; j++)
        ck_assert_msg(st.labels_used[j] > 0, "label %zu never predicted", j);

    /* stance_train takes the same route: the same model, byte for byte
     * (checked once, with probabilities, to save a training) */
    if (probability) {
        stance_model *t = NULL;
        ck_assert_int_eq(stance_train(g_corpus, &o, &t, &err), STANCE_OK);
        char *a, *b;
        size_t la, lb;
        ck_assert_int_eq(model_serialise(m, &a, &la), STANCE_OK);
        ck_assert_int_eq(model_serialise(t, &b, &lb), STANCE_OK);
        ck_assert_uint_eq(la, lb);
        ck_assert_int_eq(memcmp(a, b, la), 0);
        free(a);
        free(b);
        stance_model_free(t);
    }
    stance_model_free(m);
    svm_free_and_destroy_model(&s); /* before d: its SVs point into d.pool */
    svm_params_free(&p);
    svm_data_free(&d);
}

START_TEST(linear_fast_path_matches_libsvm_probability)
{
    equivalence(true);
}
END_TEST

START_TEST(linear_fast_path_matches_libsvm_votes)
{
    equivalence(false);
}
END_TEST

START_TEST(kernel_matrix_is_symmetric_dot_products)
{
    /* the precomputed rows libsvm trains on: node 0 numbers the sample,
     * node j+1 is the dot product with sample j, and K(i,i) = 1 for unit
     * vectors */
    need_corpora();
    stance_train_options o;
    stance_train_options_init(&o);
    svm_data d;
    ck_assert_int_eq(svm_data_build(g_corpus, &o, &d, NULL), STANCE_OK);
    size_t l = (size_t)d.prob.l;
    for (size_t i = 0; i < l; i += 37) {
        const struct svm_node *r = d.prob.x[i];
        ck_assert_int_eq(r[0].index, 0);
        ck_assert_double_eq(r[0].value, (double)(i + 1));
        ck_assert_int_eq(r[l + 1].index, -1);
        ck_assert_double_eq_tol(r[i + 1].value, 1.0, 1e-9);
        for (size_t j = 0; j < l; j += 11) {
            ck_assert_int_eq(r[j + 1].index, (int)(j + 1));
            ck_assert_double_eq_tol(r[j + 1].value, d.prob.x[j][i + 1].value, 1e-15);
        }
    }
    /* each label first appears in label order, so libsvm numbers the
     * classes as stance does */
    for (size_t k = 0; k < d.nlabels; k++)
        ck_assert_double_eq(d.prob.y[k], (double)k);
    svm_data_free(&d);
}
END_TEST

/* ---------------------------------------------------------------- metrics */

START_TEST(metrics_hand_computed)
{
    stance_metrics *m = NULL;
    ck_assert_int_eq(stance_metrics_new(4, &m), STANCE_OK);
    /* gold 0: 0 0 1; gold 1: 1 2; gold 2: 0; label 3 has no sentences */
    size_t pairs[][2] = {{0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 0}};
    for (size_t i = 0; i < 6; i++)
        stance_metrics_add(m, pairs[i][0], pairs[i][1]);
    ck_assert_uint_eq(stance_metrics_total(m), 6);
    ck_assert_uint_eq(stance_metrics_cell(m, 0, 0), 2);
    ck_assert_uint_eq(stance_metrics_cell(m, 0, 1), 1);
    ck_assert_uint_eq(stance_metrics_cell(m, 1, 0), 0);
    ck_assert_uint_eq(stance_metrics_cell(m, 1, 2), 1);
    ck_assert_uint_eq(stance_metrics_cell(m, 2, 0), 1);
    ck_assert_uint_eq(stance_metrics_cell(m, 2, 2), 0);
    ck_assert_double_eq_tol(stance_metrics_accuracy(m), 0.5, 1e-15);

    double p, r, f;
    size_t sup;
    stance_metrics_label(m, 0, &p, &r, &f, &sup);
    ck_assert_double_eq_tol(p, 2.0 / 3, 1e-15);
    ck_assert_double_eq_tol(r, 2.0 / 3, 1e-15);
    ck_assert_double_eq_tol(f, 2.0 / 3, 1e-15);
    ck_assert_uint_eq(sup, 3);
    stance_metrics_label(m, 1, &p, &r, &f, &sup);
    ck_assert_double_eq_tol(p, 0.5, 1e-15);
    ck_assert_double_eq_tol(r, 0.5, 1e-15);
    ck_assert_double_eq_tol(f, 0.5, 1e-15);
    ck_assert_uint_eq(sup, 2);
    stance_metrics_label(m, 2, &p, &r, &f, &sup);
    ck_assert_double_eq(p, 0);
    ck_assert_double_eq(r, 0);
    ck_assert_double_eq(f, 0);
    ck_assert_uint_eq(sup, 1);
    /* no support and no predictions: all zero, and left out of macro-F1 */
    stance_metrics_label(m, 3, &p, &r, &f, &sup);
    ck_assert_double_eq(p, 0);
    ck_assert_double_eq(r, 0);
    ck_assert_double_eq(f, 0);
    ck_assert_uint_eq(sup, 0);
    ck_assert_double_eq_tol(stance_metrics_macro_f1(m), 7.0 / 18, 1e-15);
    /* any out-pointer may be NULL */
    stance_metrics_label(m, 0, NULL, NULL, &f, NULL);
    ck_assert_double_eq_tol(f, 2.0 / 3, 1e-15);
    /* out-of-range indices count nothing */
    stance_metrics_add(m, 4, 0);
    stance_metrics_add(m, 0, 9);
    ck_assert_uint_eq(stance_metrics_total(m), 6);
    ck_assert_uint_eq(stance_metrics_cell(m, 9, 0), 0);
    stance_metrics_free(m);
    stance_metrics_free(NULL);
}
END_TEST

/* F1 averaged over a subset of labels (--grid-score macro-f1:L,L) */
START_TEST(metrics_f1_over_subset)
{
    stance_metrics *m = NULL;
    ck_assert_int_eq(stance_metrics_new(4, &m), STANCE_OK);
    /* the matrix of metrics_hand_computed: F1 2/3, 1/2, 0, and label 3
     * absent (no gold, never predicted) */
    size_t pairs[][2] = {{0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 0}};
    for (size_t i = 0; i < 6; i++)
        stance_metrics_add(m, pairs[i][0], pairs[i][1]);
    size_t ab[] = {0, 1}, ac[] = {0, 2}, b[] = {1}, a3[] = {0, 3}, only3[] = {3}, far[] = {1, 7};
    ck_assert_double_eq_tol(stance_metrics_f1_over(m, ab, 2), (2.0 / 3 + 0.5) / 2, 1e-15);
    /* a label with support but F1 0 pulls the mean down */
    ck_assert_double_eq_tol(stance_metrics_f1_over(m, ac, 2), 1.0 / 3, 1e-15);
    ck_assert_double_eq_tol(stance_metrics_f1_over(m, b, 1), 0.5, 1e-15);
    /* a label absent from the fold is left out, as in macro-F1 */
    ck_assert_double_eq_tol(stance_metrics_f1_over(m, a3, 2), 2.0 / 3, 1e-15);
    ck_assert_double_eq(stance_metrics_f1_over(m, only3, 1), 0);
    ck_assert_double_eq(stance_metrics_f1_over(m, ab, 0), 0);
    /* out-of-range indices are skipped */
    ck_assert_double_eq_tol(stance_metrics_f1_over(m, far, 2), 0.5, 1e-15);
    /* all labels: the macro-F1 */
    size_t all[] = {0, 1, 2, 3};
    ck_assert_double_eq_tol(stance_metrics_f1_over(m, all, 4), stance_metrics_macro_f1(m),
                            1e-15);
    /* predicted but never gold: counts, with F1 0 */
    stance_metrics_add(m, 0, 3);
    ck_assert_double_eq_tol(stance_metrics_f1_over(m, a3, 2), (4.0 / 7) / 2, 1e-15);
    stance_metrics_free(m);
}
END_TEST

START_TEST(metrics_predicted_label_without_support)
{
    stance_metrics *m = NULL;
    ck_assert_int_eq(stance_metrics_new(3, &m), STANCE_OK);
    stance_metrics_add(m, 0, 0);
    stance_metrics_add(m, 0, 2);
    stance_metrics_add(m, 1, 1);
    double p, r, f;
    size_t sup;
    stance_metrics_label(m, 0, &p, &r, &f, &sup);
    ck_assert_double_eq_tol(p, 1.0, 1e-15);
    ck_assert_double_eq_tol(r, 0.5, 1e-15);
    ck_assert_double_eq_tol(f, 2.0 / 3, 1e-15);
    stance_metrics_label(m, 2, &p, &r, &f, &sup);
    ck_assert_double_eq(p, 0);
    ck_assert_uint_eq(sup, 0);
    /* label 2 was predicted, so its F1 of 0 counts */
    ck_assert_double_eq_tol(stance_metrics_macro_f1(m), (2.0 / 3 + 1.0 + 0.0) / 3, 1e-15);
    ck_assert_double_eq_tol(stance_metrics_accuracy(m), 2.0 / 3, 1e-15);
    stance_metrics_free(m);
}
END_TEST

START_TEST(metrics_empty_and_invalid)
{
    stance_metrics *m = (stance_metrics *)&m;
    ck_assert_int_eq(stance_metrics_new(0, &m), STANCE_EINVAL);
    ck_assert_ptr_null(m);
    ck_assert_int_eq(stance_metrics_new(2, &m), STANCE_OK);
    ck_assert_uint_eq(stance_metrics_total(m), 0);
    ck_assert_double_eq(stance_metrics_accuracy(m), 0);
    ck_assert_double_eq(stance_metrics_macro_f1(m), 0);
    stance_metrics_free(m);
}
END_TEST

/* ------------------------------------------------------ cross-validation */

START_TEST(cross_validation_deterministic)
{
    need_corpora();
    stance_train_options o;
    stance_train_options_init(&o);
    o.probability = false;
    o.seed = 7;
    stance_metrics *a = NULL, *b = NULL;
    stance_error err;
    ck_assert_msg(stance_cross_validate(g_small, &o, 3, &a, &err) == STANCE_OK, "%s",
                  err.message);
    ck_assert_int_eq(stance_cross_validate(g_small, &o, 3, &b, &err), STANCE_OK);
    /* every sentence is scored once, in its own label's row (indexed as
     * stance_corpus_labels orders the labels) */
    size_t n = stance_corpus_size(g_small);
    ck_assert_uint_eq(stance_metrics_total(a), n);
    const char **labels;
    size_t k;
    ck_assert_int_eq(stance_corpus_labels(g_small, &labels, &k), STANCE_OK);
    ck_assert_uint_eq(k, 4);
    for (size_t g = 0; g < k; g++) {
        size_t want = 0, sup;
        for (size_t i = 0; i < n; i++)
            want += strcmp(stance_corpus_label(g_small, i), labels[g]) == 0;
        stance_metrics_label(a, g, NULL, NULL, NULL, &sup);
        ck_assert_msg(sup == want, "label %s: support %zu, corpus has %zu", labels[g], sup, want);
        for (size_t p = 0; p < k; p++)
            ck_assert_uint_eq(stance_metrics_cell(a, g, p), stance_metrics_cell(b, g, p));
    }
    free(labels);
    ck_assert(stance_metrics_accuracy(a) == stance_metrics_accuracy(b));
    ck_assert(stance_metrics_macro_f1(a) == stance_metrics_macro_f1(b));
    /* held-out sentences are still mostly labelled right */
    ck_assert_msg(stance_metrics_accuracy(a) > 0.6, "cross-validated accuracy %.3f",
                  stance_metrics_accuracy(a));
    stance_metrics_free(a);
    stance_metrics_free(b);
}
END_TEST

START_TEST(cross_validation_bad_folds)
{
    need_corpora();
    stance_train_options o;
    stance_train_options_init(&o);
    int bad[] = {1, 0, -3, (int)stance_corpus_size(g_small) + 1};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        stance_metrics *m = (stance_metrics *)&m;
        stance_error err;
        memset(&err, 0, sizeof err);
        ck_assert_int_eq(stance_cross_validate(g_small, &o, bad[i], &m, &err), STANCE_EINVAL);
        ck_assert_ptr_null(m);
        ck_assert_int_eq(err.code, STANCE_EINVAL);
        ck_assert_ptr_nonnull(strstr(err.message, "folds"));
    }
}
END_TEST

/* One fold at a time (stance_cv_assign, stance_cv_fold), in any order, adds
 * up to stance_cross_validate's confusion matrix: what stance-train -j runs
 * in parallel processes is the same cross-validation. */
START_TEST(cross_validation_by_folds)
{
    ck_assert_ptr_nonnull(g_small);
    size_t n = stance_corpus_size(g_small), k = 4;
    stance_train_options o;
    stance_train_options_init(&o);
    o.probability = false;
    o.seed = 3;
    for (int solver = 0; solver < 2; solver++) {
        o.solver = solver ? STANCE_SOLVER_LIBLINEAR : STANCE_SOLVER_LIBSVM;
        stance_metrics *m;
        stance_error err;
        ck_assert_int_eq(stance_cross_validate(g_small, &o, 4, &m, &err), STANCE_OK);
        int *fold = malloc(n * sizeof *fold);
        size_t sum[16] = {0}, counts[16];
        ck_assert_int_eq(stance_cv_assign(g_small, 4, o.seed, fold, &err), STANCE_OK);
        for (int f = 3; f >= 0; f--) { /* backwards: order must not matter */
            ck_assert_int_eq(stance_cv_fold(g_small, &o, fold, f, counts, &err), STANCE_OK);
            size_t held = 0;
            for (size_t i = 0; i < 16; i++) {
                sum[i] += counts[i];
                held += counts[i];
            }
            size_t want = 0;
            for (size_t i = 0; i < n; i++)
                want += fold[i] == f;
            ck_assert_uint_eq(held, want);
        }
        for (size_t g = 0; g < k; g++)
            for (size_t p = 0; p < k; p++)
                ck_assert_uint_eq(sum[g * k + p], stance_metrics_cell(m, g, p));
        ck_assert_int_eq(stance_cv_assign(g_small, 1, o.seed, fold, &err), STANCE_EINVAL);
        free(fold);
        stance_metrics_free(m);
    }
}
END_TEST

static Suite *classifier_suite(void)
{
    Suite *s = suite_create("classifier");
    TCase *e = tcase_create("equivalence");
    tcase_set_timeout(e, 60);
    tcase_add_test(e, linear_fast_path_matches_libsvm_probability);
    tcase_add_test(e, linear_fast_path_matches_libsvm_votes);
    tcase_add_test(e, kernel_matrix_is_symmetric_dot_products);
    suite_add_tcase(s, e);

    TCase *m = tcase_create("metrics");
    tcase_add_test(m, metrics_hand_computed);
    tcase_add_test(m, metrics_f1_over_subset);
    tcase_add_test(m, metrics_predicted_label_without_support);
    tcase_add_test(m, metrics_empty_and_invalid);
    suite_add_tcase(s, m);

    TCase *c = tcase_create("cross_validation");
    tcase_set_timeout(c, 60);
    tcase_add_test(c, cross_validation_deterministic);
    tcase_add_test(c, cross_validation_bad_folds);
    tcase_add_test(c, cross_validation_by_folds);
    suite_add_tcase(s, c);
    return s;
}

int main(void)
{
    load_corpora();
    SRunner *sr = srunner_create(classifier_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    free_corpora();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
