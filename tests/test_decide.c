/* test_decide.c: labels come from the SVM's decision values, so the
 * probabilities a tiny corpus fits badly never pick the label. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "featcache.h"
#include "features.h"
#include "model.h"
#include "stance.h"

/* The first n sentences of each of labels[0..k) in the corpus's test split. */
static stance_corpus *small_corpus(const char *const *labels, size_t k, size_t n)
{
    stance_corpus *all = NULL, *c = NULL;
    ck_assert_int_eq(stance_corpus_new(&all), STANCE_OK);
    ck_assert_int_eq(stance_corpus_read(all, CORPUS_DIR "/test.tsv", STANCE_CORPUS_TSV, NULL),
                     STANCE_OK);
    ck_assert_int_eq(stance_corpus_new(&c), STANCE_OK);
    for (size_t l = 0; l < k; l++) {
        size_t got = 0;
        for (size_t i = 0; i < stance_corpus_size(all) && got < n; i++)
            if (strcmp(stance_corpus_label(all, i), labels[l]) == 0) {
                ck_assert_int_eq(stance_corpus_add(c, labels[l], stance_corpus_text(all, i), NULL),
                                 STANCE_OK);
                got++;
            }
        ck_assert_uint_eq(got, n);
    }
    stance_corpus_free(all);
    return c;
}

/* Labels the model gives the corpus's own sentences, and how many are right. */
static size_t predict_all(const stance_model *m, const stance_corpus *c, int *labels)
{
    stance_predictor *p;
    ck_assert_int_eq(stance_predictor_new(m, &p), STANCE_OK);
    size_t right = 0;
    for (size_t i = 0; i < stance_corpus_size(c); i++) {
        stance_prediction x;
        const char *s = stance_corpus_text(c, i);
        ck_assert_int_eq(stance_predict(p, s, strlen(s), 0, &x), STANCE_OK);
        labels[i] = x.label;
        right += strcmp(stance_model_label(m, (size_t)x.label), stance_corpus_label(c, i)) == 0;
    }
    stance_predictor_free(p);
    return right;
}

START_TEST(thirty_sentences_probability_never_worse)
{
    static const char *const labels[] = {"condemns", "supports", "warns"};
    stance_corpus *c = small_corpus(labels, 3, 10);
    stance_train_options o;
    stance_train_options_init(&o);
    stance_model *with = NULL, *without = NULL;
    ck_assert_int_eq(stance_train(c, &o, &with, NULL), STANCE_OK);
    o.probability = false;
    ck_assert_int_eq(stance_train(c, &o, &without, NULL), STANCE_OK);
    int a[30], b[30];
    size_t right_with = predict_all(with, c, a), right_without = predict_all(without, c, b);
    /* the same labels, whatever libsvm's 5-fold Platt fit made of 30 sentences */
    for (size_t i = 0; i < 30; i++)
        ck_assert_int_eq(a[i], b[i]);
    ck_assert_uint_eq(right_with, right_without);
    ck_assert_uint_ge(right_with, 27); /* it learned its own training sentences */
    stance_model_free(with);
    stance_model_free(without);
    stance_corpus_free(c);
}
END_TEST

START_TEST(prior_weight_changes_confidence_not_label)
{
    static const char *const labels[] = {"neutral", "supports"};
    stance_corpus *c = small_corpus(labels, 2, 40);
    stance_train_options o;
    stance_train_options_init(&o);
    stance_model *plain = NULL, *prior = NULL;
    ck_assert_int_eq(stance_train(c, &o, &plain, NULL), STANCE_OK);
    o.prior_weights = "neutral=50";
    ck_assert_int_eq(stance_train(c, &o, &prior, NULL), STANCE_OK);
    stance_predictor *p, *q;
    ck_assert_int_eq(stance_predictor_new(plain, &p), STANCE_OK);
    ck_assert_int_eq(stance_predictor_new(prior, &q), STANCE_OK);
    size_t moved = 0;
    for (size_t i = 0; i < stance_corpus_size(c); i++) {
        const char *s = stance_corpus_text(c, i);
        stance_prediction x, y;
        ck_assert_int_eq(stance_predict(p, s, strlen(s), 0, &x), STANCE_OK);
        double px = x.probabilities[0];
        ck_assert_int_eq(stance_predict(q, s, strlen(s), 0, &y), STANCE_OK);
        ck_assert_int_eq(x.label, y.label);
        moved += y.probabilities[0] > px + 1e-9; /* neutral more probable */
    }
    ck_assert_uint_eq(moved, stance_corpus_size(c));
    stance_predictor_free(p);
    stance_predictor_free(q);
    stance_model_free(plain);
    stance_model_free(prior);
    stance_corpus_free(c);
}
END_TEST

/* Every sentence of the test split through the fast scorer (stance_predict
 * without explanations: the word cache's sums when the model is ready for
 * them, else the counted entries' one-pass sums) and through weighed
 * feature entries (with explanations): the same label, the same
 * probabilities to 1e-9. */
static void scorers_agree(const stance_model *m, bool word_cache)
{
    ck_assert_msg(feat_score_ready(&m->feat.cfg, &m->feat) == word_cache,
                  "a linear %zu-label model %s the word-cache scorer", m->nlabels,
                  word_cache ? "takes" : "does not take");
    stance_corpus *all = NULL;
    ck_assert_int_eq(stance_corpus_new(&all), STANCE_OK);
    ck_assert_int_eq(stance_corpus_read(all, CORPUS_DIR "/test.tsv", STANCE_CORPUS_TSV, NULL),
                     STANCE_OK);
    stance_predictor *fast, *entries;
    ck_assert_int_eq(stance_predictor_new(m, &fast), STANCE_OK);
    ck_assert_int_eq(stance_predictor_new(m, &entries), STANCE_OK);
    size_t k = stance_model_label_count(m);
    for (size_t i = 0; i < stance_corpus_size(all); i++) {
        const char *s = stance_corpus_text(all, i);
        stance_prediction a, b;
        ck_assert_int_eq(stance_predict(fast, s, strlen(s), 0, &a), STANCE_OK);
        ck_assert_int_eq(stance_predict(entries, s, strlen(s), 3, &b), STANCE_OK);
        ck_assert_msg(a.label == b.label, "%zu labels, sentence %zu: %d vs %d", k, i + 1, a.label,
                      b.label);
        for (size_t l = 0; l < k; l++)
            ck_assert_msg(fabs(a.probabilities[l] - b.probabilities[l]) < 1e-9,
                          "%zu labels, sentence %zu, label %zu: %.17g vs %.17g", k, i + 1, l,
                          a.probabilities[l], b.probabilities[l]);
    }
    stance_predictor_free(fast);
    stance_predictor_free(entries);
    stance_corpus_free(all);
}

/* Five labels: the four's sentences, every third of them relabelled
 * "other". */
static stance_corpus *five_labels(void)
{
    static const char *const four[] = {"condemns", "neutral", "supports", "warns"};
    stance_corpus *c = small_corpus(four, 4, 45), *five = NULL;
    ck_assert_int_eq(stance_corpus_new(&five), STANCE_OK);
    for (size_t i = 0; i < stance_corpus_size(c); i++)
        ck_assert_int_eq(stance_corpus_add(five, i % 3 == 2 ? "other" : stance_corpus_label(c, i),
                                           stance_corpus_text(c, i), NULL),
                         STANCE_OK);
    stance_corpus_free(c);
    return five;
}

START_TEST(three_and_five_labels_take_the_fast_path)
{
    static const char *const three[] = {"condemns", "supports", "warns"};
    stance_train_options o;
    stance_train_options_init(&o);
    stance_model *m = NULL;
    stance_corpus *c = small_corpus(three, 3, 40);
    ck_assert_int_eq(stance_train(c, &o, &m, NULL), STANCE_OK);
    ck_assert_uint_eq(stance_model_label_count(m), 3);
    scorers_agree(m, true);
    stance_model_free(m);
    stance_corpus_free(c);
    stance_corpus *five = five_labels();
    ck_assert_int_eq(stance_train(five, &o, &m, NULL), STANCE_OK);
    ck_assert_uint_eq(stance_model_label_count(m), 5);
    scorers_agree(m, true);
    stance_model_free(m);
    stance_corpus_free(five);
}
END_TEST

/* Word 1-3-grams are not the word cache's: three and five labels take the
 * counted entries' sums (model_decide_counts) and agree with the weighed
 * entries. */
START_TEST(counted_sums_for_any_label_count)
{
    static const char *const three[] = {"condemns", "supports", "warns"};
    stance_train_options o;
    stance_train_options_init(&o);
    o.word_max = 3;
    for (size_t k = 3; k <= 5; k += 2) {
        stance_corpus *c = k == 3 ? small_corpus(three, 3, 40) : five_labels();
        stance_model *m = NULL;
        ck_assert_int_eq(stance_train(c, &o, &m, NULL), STANCE_OK);
        ck_assert_uint_eq(stance_model_label_count(m), k);
        scorers_agree(m, false);
        stance_model_free(m);
        stance_corpus_free(c);
    }
}
END_TEST

static Suite *decide_suite(void)
{
    Suite *s = suite_create("decide");
    TCase *c = tcase_create("decision values");
    tcase_set_timeout(c, 120);
    tcase_add_test(c, thirty_sentences_probability_never_worse);
    tcase_add_test(c, prior_weight_changes_confidence_not_label);
    tcase_add_test(c, three_and_five_labels_take_the_fast_path);
    tcase_add_test(c, counted_sums_for_any_label_count);
    suite_add_tcase(s, c);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(decide_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
