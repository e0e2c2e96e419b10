/*
 * test_liblinear.c: the LIBLINEAR solver (src/svm/liblinear.c) and Platt's fit
 * (src/svm/platt.c).
 *
 * The key test: a model trained with LIBLINEAR and folded into
 * one-against-one pairs (w_i - w_j, rho -(b_i - b_j)) must label every
 * sentence as LIBLINEAR's own predict does with the model it trains on the
 * same vectors (the argmax of the one-vs-rest scores), with pairwise
 * decision values equal to the differences of LIBLINEAR's scores, through
 * model_decide and through the fast path prediction takes.  Also: such
 * models round-trip through the file format and the predictor; a seed
 * always gives the same bytes; the automatic choice of solver; and on the
 * treaty corpus, macro-F1 on test.tsv within 0.01 of libsvm's when both
 * train on train.tsv (both figures printed).
 */
#include <check.h>
#include <linear.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "featcache.h"
#include "features.h"
#include "model.h"
#include "platt.h"
#include "scratch.h"
#include "stance.h"

static stance_corpus *g_test;   /* corpora/treaties/test.tsv */
static stance_corpus *g_train;  /* corpora/treaties/train.tsv */
static stance_corpus *g_two;    /* test.tsv's condemns and supports sentences */

static stance_corpus *read_or_null(const char *path)
{
    stance_corpus *c = NULL;
    if (stance_corpus_new(&c) != STANCE_OK ||
        stance_corpus_read(c, path, STANCE_CORPUS_TSV, NULL) != STANCE_OK) {
        stance_corpus_free(c);
        return NULL;
    }
    return c;
}

static void load_corpora(void)
{
    g_test = read_or_null(CORPUS_DIR "/test.tsv");
    g_train = read_or_null(CORPUS_DIR "/train.tsv");
    if (g_test != NULL && stance_corpus_new(&g_two) == STANCE_OK)
        for (size_t i = 0; i < stance_corpus_size(g_test); i++) {
            const char *l = stance_corpus_label(g_test, i);
            if (strcmp(l, "condemns") == 0 || strcmp(l, "supports") == 0)
                stance_corpus_add(g_two, l, stance_corpus_text(g_test, i), NULL);
        }
}

static void free_corpora(void)
{
    stance_corpus_free(g_test);
    stance_corpus_free(g_train);
    stance_corpus_free(g_two);
}

static void need_corpora(void)
{
    ck_assert_msg(g_test != NULL, "cannot read " CORPUS_DIR "/test.tsv");
    ck_assert_msg(g_train != NULL, "cannot read " CORPUS_DIR "/train.tsv");
    ck_assert_uint_ge(stance_corpus_size(g_test), 100);
    ck_assert_uint_ge(stance_corpus_size(g_two), 100);
}

static stance_train_options liblinear_options(bool probability)
{
    stance_train_options o;
    stance_train_options_init(&o);
    o.solver = STANCE_SOLVER_LIBLINEAR;
    o.probability = probability;
    return o;
}

/* -------------------------------------------- folding against LIBLINEAR */

static void print_nothing(const char *s)
{
    (void)s;
}

/* LIBLINEAR trained directly on d's vectors, as liblinear.c trains it. */
static struct model *reference_model(const svm_data *d, const stance_train_options *o)
{
    set_print_string_function(print_nothing);
    struct problem prob = {d->prob.l, (int)d->table.rows + 1, d->prob.y, d->lrows, 1.0};
    struct parameter p;
    memset(&p, 0, sizeof p);
    p.solver_type = L2R_L2LOSS_SVC_DUAL;
    p.eps = 0.1;
    p.C = o->C;
    p.p = 0.1;
    ck_assert_ptr_null(check_parameter(&prob, &p));
    srand(o->seed);
    struct model *lm = train(&prob, &p);
    ck_assert_ptr_nonnull(lm);
    return lm;
}

/* For every sentence of c: model m's label and pairwise decision values
 * against LIBLINEAR's prediction with lm.  Returns the sentences compared;
 * *maxdiff gets the largest decision difference. */
static size_t compare_with_liblinear(const stance_model *m, const struct model *lm,
                                     const stance_corpus *c, double *maxdiff)
{
    size_t k = m->nlabels, np = m->npairs, rows = m->feat.rows;
    extractor x, z;
    extractor_init(&x);
    extractor_init(&z);
    struct feature_node *node = NULL;
    size_t cap = 0;
    double dec[64], prob[16], sdec[64], sprob[16], ldec[16], s[16];
    ck_assert_uint_le(np, 64);
    for (size_t i = 0; i < stance_corpus_size(c); i++) {
        const char *text = stance_corpus_text(c, i);
        size_t bad;
        ck_assert_int_eq(feat_extract(&x, &m->feat.cfg, &m->feat, text, strlen(text), false, &bad),
                         STANCE_OK);
        feat_sort(&x);
        if (x.n + 2 > cap) {
            cap = x.n + 2;
            node = realloc(node, cap * sizeof *node);
            ck_assert_ptr_nonnull(node);
        }
        for (size_t e = 0; e < x.n; e++) {
            node[e].index = (int)x.e[e].key + 1;
            node[e].value = x.e[e].value;
        }
        node[x.n].index = (int)rows + 1; /* predict leaves the bias node to us */
        node[x.n].value = 1;
        node[x.n + 1].index = -1;
        int want = (int)predict_values(lm, node, ldec);
        /* LIBLINEAR's score per stance label */
        if (lm->nr_class == 2) {
            s[lm->label[0]] = ldec[0] / 2;
            s[lm->label[1]] = -ldec[0] / 2;
        } else {
            for (int l = 0; l < lm->nr_class; l++)
                s[lm->label[l]] = ldec[l];
        }
        int got = model_decide(m, x.e, x.n, dec, prob);
        ck_assert_msg(got == want, "sentence %zu \"%s\": folded model says %d, LIBLINEAR %d",
                      i + 1, text, got, want);
        size_t p = 0;
        for (size_t a = 0; a < k; a++)
            for (size_t b = a + 1; b < k; b++, p++) {
                double diff = fabs(dec[p] - (s[a] - s[b]));
                ck_assert_msg(diff < 1e-5, "sentence %zu pair %zu: %.17g vs LIBLINEAR %.17g",
                              i + 1, p, dec[p], s[a] - s[b]);
                if (diff > *maxdiff)
                    *maxdiff = diff;
            }
        { /* and the path stance-classify takes, for any number of labels */
            double dot[FEAT_BLOCKS * 64];
            ck_assert_uint_le(np, 64);
            feat_sums sums = {np, {0}, dot};
            ck_assert(feat_score_ready(&m->feat.cfg, &m->feat));
            ck_assert_int_eq(feat_score(&z, &m->feat.cfg, &m->feat, text, strlen(text), &sums,
                                        &bad),
                             STANCE_OK);
            ck_assert_int_eq(model_decide_sums(m, &sums, sdec, sprob), want);
            for (p = 0; p < np; p++)
                ck_assert_double_eq_tol(sdec[p], dec[p], 1e-9);
        }
    }
    free(node);
    extractor_free(&x);
    extractor_free(&z);
    return stance_corpus_size(c);
}

/* Train c both ways (stance_train, and LIBLINEAR directly) and compare on
 * the test set. */
static void folding_matches(const stance_corpus *c, size_t k)
{
    need_corpora();
    stance_train_options o = liblinear_options(false);
    o.C = 2;
    o.seed = 5;
    svm_data d;
    stance_error err;
    ck_assert_msg(svm_data_build(c, &o, &d, &err) == STANCE_OK, "%s", err.message);
    ck_assert(d.linear);
    ck_assert_ptr_null(d.prob.x); /* no kernel matrix */
    ck_assert_ptr_null(d.vidx);   /* and no CSR copy */
    ck_assert_uint_eq(d.nlabels, k);
    struct model *lm = reference_model(&d, &o);
    ck_assert_int_eq(lm->nr_class, (int)k);
    stance_model *m = NULL;
    ck_assert_msg(stance_train(c, &o, &m, &err) == STANCE_OK, "%s", err.message);
    ck_assert_uint_eq(m->nlabels, k);
    ck_assert_int_eq(m->probability, false);
    double maxdiff = 0;
    size_t n = compare_with_liblinear(m, lm, g_test, &maxdiff);
    fprintf(stderr, "LIBLINEAR folded into %zu pairs vs LIBLINEAR's predict, %zu sentences: "
            "same labels, max |decision diff| %.2g\n", m->npairs, n, maxdiff);
    stance_model_free(m);
    free_and_destroy_model(&lm);
    svm_data_free(&d);
}

START_TEST(folded_model_is_liblinear_argmax)
{
    folding_matches(g_test, 4);
}
END_TEST

START_TEST(folded_two_label_model_is_liblinear)
{
    folding_matches(g_two, 2);
}
END_TEST

/* ------------------------------------------------------ memory */

/* The largest heap block's slack: a small block's header and rounding, a
 * large (mmap'd) one's page. */
#define SLACK 4096

/* Built for each solver, min_df 1 and 3: the vectors' arrays hold what
 * they use and not more (they are sized from the counting pass, not grown
 * by doubling, which would leave up to half of them unused: at a million
 * sentences, gigabytes of address space). */
START_TEST(vectors_sized_from_counts)
{
    need_corpora();
    for (int min_df = 1; min_df <= 3; min_df += 2)
        for (int linear = 0; linear <= 1; linear++) {
            stance_train_options o = liblinear_options(false);
            o.solver = linear ? STANCE_SOLVER_LIBLINEAR : STANCE_SOLVER_LIBSVM;
            o.min_df = min_df;
            o.max_kernel_bytes = 1; /* libsvm: sparse rows, no kernel matrix */
            svm_data d;
            stance_error err;
            ck_assert_msg(svm_data_build(g_train, &o, &d, &err) == STANCE_OK, "%s",
                          err.message);
            size_t n = (size_t)d.prob.l, used = d.vstart[n];
            ck_assert_uint_eq(n, stance_corpus_size(g_train));
            ck_assert_uint_gt(used, 100 * n);
            if (linear) {
                ck_assert_uint_le(malloc_usable_size(d.lnodes),
                                  used * sizeof(struct feature_node) + SLACK);
            } else {
                ck_assert_uint_le(malloc_usable_size(d.vidx), used * sizeof *d.vidx + SLACK);
                ck_assert_uint_le(malloc_usable_size(d.vval), used * sizeof *d.vval + SLACK);
            }
            svm_data_free(&d);
        }
}
END_TEST

/* ------------------------------------------------- files and determinism */

static void serialise(const stance_model *m, char **buf, size_t *len)
{
    ck_assert_int_eq(model_serialise(m, buf, len), STANCE_OK);
}

START_TEST(liblinear_model_round_trips)
{
    need_corpora();
    stance_train_options o = liblinear_options(true);
    o.prior_weights = "neutral=2";
    stance_model *m = NULL;
    stance_error err;
    ck_assert_msg(stance_train(g_test, &o, &m, &err) == STANCE_OK, "%s", err.message);
    ck_assert(m->probability);
    ck_assert_ptr_nonnull(m->probA);
    for (size_t p = 0; p < m->npairs; p++) /* a larger decision, a likelier first label */
        ck_assert_msg(m->probA[p] < 0, "pair %zu: A = %g", p, m->probA[p]);
    scratch_make("liblinear");
    char path[512];
    snprintf(path, sizeof path, "%s/ll.model", tmpdir);
    ck_assert_int_eq(stance_model_save(m, path, &err), STANCE_OK);
    stance_model *back = NULL;
    ck_assert_msg(stance_model_load(path, &back, &err) == STANCE_OK, "%s", err.message);
    char *a, *b;
    size_t la, lb;
    serialise(m, &a, &la);
    serialise(back, &b, &lb);
    ck_assert_uint_eq(la, lb);
    ck_assert_int_eq(memcmp(a, b, la), 0);
    free(a);
    free(b);
    /* the loaded model predicts as the trained one, probabilities summing
     * to 1, and mostly right on its own training sentences */
    stance_predictor *pa = NULL, *pb = NULL;
    ck_assert_int_eq(stance_predictor_new(m, &pa), STANCE_OK);
    ck_assert_int_eq(stance_predictor_new(back, &pb), STANCE_OK);
    size_t right = 0, n = stance_corpus_size(g_test);
    for (size_t i = 0; i < n; i++) {
        const char *s = stance_corpus_text(g_test, i);
        stance_prediction x, y;
        ck_assert_int_eq(stance_predict(pa, s, strlen(s), 0, &x), STANCE_OK);
        ck_assert_int_eq(stance_predict(pb, s, strlen(s), 0, &y), STANCE_OK);
        ck_assert_int_eq(x.label, y.label);
        double sum = 0;
        for (size_t j = 0; j < m->nlabels; j++) {
            ck_assert_double_eq(x.probabilities[j], y.probabilities[j]);
            sum += x.probabilities[j];
        }
        ck_assert_double_eq_tol(sum, 1.0, 1e-9);
        right += strcmp(stance_model_label(m, (size_t)x.label), stance_corpus_label(g_test, i)) == 0;
    }
    ck_assert_msg((double)right / (double)n > 0.9, "%zu of %zu right", right, n);
    stance_predictor_free(pa);
    stance_predictor_free(pb);
    stance_model_free(m);
    stance_model_free(back);
    scratch_remove();
}
END_TEST

START_TEST(same_seed_same_bytes)
{
    need_corpora();
    stance_train_options o = liblinear_options(true);
    o.seed = 3;
    o.balanced = true;
    stance_model *m1 = NULL, *m2 = NULL, *m3 = NULL;
    ck_assert_int_eq(stance_train(g_test, &o, &m1, NULL), STANCE_OK);
    srand(12345); /* whatever rand()'s state before, the seed decides */
    for (int i = 0; i < 100; i++)
        (void)rand();
    ck_assert_int_eq(stance_train(g_test, &o, &m2, NULL), STANCE_OK);
    o.seed = 4;
    ck_assert_int_eq(stance_train(g_test, &o, &m3, NULL), STANCE_OK);
    char *a, *b, *c;
    size_t la, lb, lc;
    serialise(m1, &a, &la);
    serialise(m2, &b, &lb);
    serialise(m3, &c, &lc);
    ck_assert_uint_eq(la, lb);
    ck_assert_int_eq(memcmp(a, b, la), 0);
    ck_assert_msg(la != lc || memcmp(a, c, la) != 0, "seed 4 gave seed 3's model");
    free(a);
    free(b);
    free(c);
    stance_model_free(m1);
    stance_model_free(m2);
    stance_model_free(m3);
}
END_TEST

/* Labels of c under m. */
static size_t count_label(const stance_model *m, const stance_corpus *c, const char *label)
{
    stance_predictor *p = NULL;
    ck_assert_int_eq(stance_predictor_new(m, &p), STANCE_OK);
    size_t n = 0;
    for (size_t i = 0; i < stance_corpus_size(c); i++) {
        const char *s = stance_corpus_text(c, i);
        stance_prediction x;
        ck_assert_int_eq(stance_predict(p, s, strlen(s), 0, &x), STANCE_OK);
        n += strcmp(stance_model_label(m, (size_t)x.label), label) == 0;
    }
    stance_predictor_free(p);
    return n;
}

START_TEST(class_weights_reach_liblinear)
{
    need_corpora();
    stance_train_options o = liblinear_options(false);
    stance_model *plain = NULL, *heavy = NULL;
    ck_assert_int_eq(stance_train(g_two, &o, &plain, NULL), STANCE_OK);
    o.class_weights = "supports=20";
    ck_assert_int_eq(stance_train(g_two, &o, &heavy, NULL), STANCE_OK);
    size_t a = count_label(plain, g_test, "supports"), b = count_label(heavy, g_test, "supports");
    ck_assert_msg(b > a, "supports predicted %zu times with weight 20, %zu without", b, a);
    stance_model_free(plain);
    stance_model_free(heavy);
    o.class_weights = "nosuchlabel=2";
    stance_error err;
    ck_assert_int_eq(stance_train(g_two, &o, &plain, &err), STANCE_EINVAL);
    ck_assert_ptr_null(plain);
}
END_TEST

START_TEST(solver_choice)
{
    stance_train_options o;
    stance_train_options_init(&o);
    ck_assert_int_eq(o.solver, STANCE_SOLVER_AUTO);
    ck_assert_int_eq(stance_train_solver(&o, 100), STANCE_SOLVER_LIBSVM);
    ck_assert_int_eq(stance_train_solver(&o, STANCE_AUTO_LIBLINEAR), STANCE_SOLVER_LIBSVM);
    ck_assert_int_eq(stance_train_solver(&o, STANCE_AUTO_LIBLINEAR + 1), STANCE_SOLVER_LIBLINEAR);
    /* a kernel matrix larger than any memory */
    ck_assert_int_eq(stance_train_solver(&o, (size_t)1 << 40), STANCE_SOLVER_LIBLINEAR);
    o.kernel = STANCE_KERNEL_RBF;
    ck_assert_int_eq(stance_train_solver(&o, 1000000), STANCE_SOLVER_LIBSVM);
    o.solver = STANCE_SOLVER_LIBLINEAR;
    ck_assert_int_eq(stance_train_solver(&o, 10), STANCE_SOLVER_LIBLINEAR);
    o.solver = STANCE_SOLVER_LIBSVM;
    o.kernel = STANCE_KERNEL_LINEAR;
    ck_assert_int_eq(stance_train_solver(&o, 1000000), STANCE_SOLVER_LIBSVM);
}
END_TEST

START_TEST(liblinear_refuses_rbf)
{
    need_corpora();
    stance_train_options o = liblinear_options(false);
    o.kernel = STANCE_KERNEL_RBF;
    stance_model *m = (stance_model *)&m;
    stance_error err;
    ck_assert_int_eq(stance_train(g_two, &o, &m, &err), STANCE_EINVAL);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(err.message, "LIBLINEAR"));
    o.solver = (stance_solver)7;
    o.kernel = STANCE_KERNEL_LINEAR;
    ck_assert_int_eq(stance_train(g_two, &o, &m, &err), STANCE_EINVAL);
}
END_TEST

/* ---------------------------------------------- against libsvm on F1 */

static double test_f1(const stance_model *m)
{
    size_t k = stance_model_label_count(m);
    stance_metrics *mx = NULL;
    ck_assert_int_eq(stance_metrics_new(k, &mx), STANCE_OK);
    stance_predictor *p = NULL;
    ck_assert_int_eq(stance_predictor_new(m, &p), STANCE_OK);
    for (size_t i = 0; i < stance_corpus_size(g_test); i++) {
        const char *s = stance_corpus_text(g_test, i);
        stance_prediction x;
        ck_assert_int_eq(stance_predict(p, s, strlen(s), 0, &x), STANCE_OK);
        int gold = stance_model_label_index(m, stance_corpus_label(g_test, i));
        ck_assert_int_ge(gold, 0);
        stance_metrics_add(mx, (size_t)gold, (size_t)x.label);
    }
    double f1 = stance_metrics_macro_f1(mx);
    stance_predictor_free(p);
    stance_metrics_free(mx);
    return f1;
}

START_TEST(macro_f1_close_to_libsvm)
{
    need_corpora();
    /* labels come from decision values, which Platt scaling leaves alone:
     * skip it to save the time of its cross-validations */
    stance_train_options o;
    stance_train_options_init(&o);
    o.probability = false;
    stance_model *svm = NULL, *lin = NULL;
    stance_error err;
    o.solver = STANCE_SOLVER_LIBSVM;
    ck_assert_msg(stance_train(g_train, &o, &svm, &err) == STANCE_OK, "%s", err.message);
    o.solver = STANCE_SOLVER_LIBLINEAR;
    ck_assert_msg(stance_train(g_train, &o, &lin, &err) == STANCE_OK, "%s", err.message);
    double fs = test_f1(svm), fl = test_f1(lin);
    fprintf(stderr, "train.tsv -> test.tsv macro-F1 (default settings, C=1): libsvm %.4f, "
            "LIBLINEAR %.4f (difference %+.4f)\n", fs, fl, fl - fs);
    /* LIBLINEAR may lose at most 0.01 to libsvm; doing better is no fault */
    ck_assert_msg(fl >= fs - 0.01, "libsvm %.4f, LIBLINEAR %.4f", fs, fl);
    stance_model_free(svm);
    stance_model_free(lin);
}
END_TEST

/* ------------------------------------------------------------- Platt */

/* A fixed stream of uniform numbers in [0, 1), the same on every libc. */
static double uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return (double)(*state >> 11) / 9007199254740992.0;
}

START_TEST(platt_recovers_a_known_sigmoid)
{
    size_t n = 20000;
    double *f = malloc(n * sizeof *f), *scratch = malloc(n * sizeof *scratch);
    bool *pos = malloc(n * sizeof *pos);
    ck_assert(f && scratch && pos);
    uint64_t state = 42;
    const double A = -2.5, B = 0.4;
    for (size_t i = 0; i < n; i++) {
        f[i] = 4 * uniform(&state) - 2;
        pos[i] = uniform(&state) < 1 / (1 + exp(A * f[i] + B));
    }
    double a, b;
    platt_fit(f, pos, n, scratch, &a, &b);
    ck_assert_msg(fabs(a - A) < 0.15 && fabs(b - B) < 0.1, "fitted A %g B %g", a, b);
    /* at the fit, the gradient of the cross-entropy over Platt's targets
     * vanishes */
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        np += pos[i];
    double hi = (np + 1.0) / (np + 2.0), lo = 1.0 / (n - np + 2.0), ga = 0, gb = 0;
    for (size_t i = 0; i < n; i++) {
        double p = 1 / (1 + exp(a * f[i] + b)), t = pos[i] ? hi : lo;
        ga += f[i] * (t - p);
        gb += t - p;
    }
    ck_assert_msg(fabs(ga) < 1e-4 && fabs(gb) < 1e-4, "gradient %g %g", ga, gb);
    free(f);
    free(scratch);
    free(pos);
}
END_TEST

START_TEST(platt_degenerate_inputs)
{
    double f[4] = {1, 2, 3, 4}, scratch[4], a = 9, b = 9;
    bool all[4] = {true, true, true, true}, split[4] = {false, false, true, true};
    platt_fit(f, all, 0, scratch, &a, &b);
    ck_assert(a == 0 && b == 0);
    platt_fit(f, all, 4, scratch, &a, &b); /* one class only: finite */
    ck_assert(isfinite(a) && isfinite(b));
    ck_assert(1 / (1 + exp(a * 2.5 + b)) > 0.5);
    platt_fit(f, split, 4, scratch, &a, &b); /* separable: finite, right way round */
    ck_assert(isfinite(a) && isfinite(b) && a < 0);
    /* identical decision values: only the prior to go on */
    double same[4] = {0.5, 0.5, 0.5, 0.5};
    platt_fit(same, split, 4, scratch, &a, &b);
    ck_assert(isfinite(a) && isfinite(b));
    ck_assert_double_eq_tol(1 / (1 + exp(a * 0.5 + b)), 0.5, 1e-6);
}
END_TEST

static Suite *liblinear_suite(void)
{
    Suite *s = suite_create("liblinear");
    TCase *f = tcase_create("folding");
    tcase_set_timeout(f, 120);
    tcase_add_test(f, folded_model_is_liblinear_argmax);
    tcase_add_test(f, folded_two_label_model_is_liblinear);
    tcase_add_test(f, liblinear_model_round_trips);
    tcase_add_test(f, same_seed_same_bytes);
    tcase_add_test(f, class_weights_reach_liblinear);
    tcase_add_test(f, solver_choice);
    tcase_add_test(f, liblinear_refuses_rbf);
    tcase_add_test(f, vectors_sized_from_counts);
    suite_add_tcase(s, f);

    TCase *q = tcase_create("quality");
    tcase_set_timeout(q, 280);
    tcase_add_test(q, macro_f1_close_to_libsvm);
    suite_add_tcase(s, q);

    TCase *p = tcase_create("platt");
    tcase_add_test(p, platt_recovers_a_known_sigmoid);
    tcase_add_test(p, platt_degenerate_inputs);
    suite_add_tcase(s, p);
    return s;
}

int main(void)
{
    load_corpora();
    SRunner *sr = srunner_create(liblinear_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    free_corpora();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
