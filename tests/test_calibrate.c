/* test_calibrate.c: fitting a model's confidence to held-out text
 * (stance_model_calibrate, src/eval/calibrate.c). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scratch.h"
#include "stance.h"

static const char *const LABELS[] = {"condemns", "neutral", "supports", "warns"};

/* Sentences [from, from + n) of each label, in the order of the corpus's
 * test split. */
static stance_corpus *slice(size_t from, size_t n)
{
    stance_corpus *all = NULL, *c = NULL;
    ck_assert_int_eq(stance_corpus_new(&all), STANCE_OK);
    ck_assert_int_eq(stance_corpus_read(all, CORPUS_DIR "/test.tsv", STANCE_CORPUS_TSV, NULL),
                     STANCE_OK);
    ck_assert_int_eq(stance_corpus_new(&c), STANCE_OK);
    for (size_t l = 0; l < 4; l++) {
        size_t seen = 0, got = 0;
        for (size_t i = 0; i < stance_corpus_size(all) && got < n; i++)
            if (strcmp(stance_corpus_label(all, i), LABELS[l]) == 0 && seen++ >= from) {
                ck_assert_int_eq(stance_corpus_add(c, LABELS[l], stance_corpus_text(all, i), NULL),
                                 STANCE_OK);
                got++;
            }
        ck_assert_uint_eq(got, n);
    }
    stance_corpus_free(all);
    return c;
}

/* Labels, accuracy and mean confidence of the model on c. */
static void measure(const stance_model *m, const stance_corpus *c, int *labels, double *acc,
                    double *conf)
{
    stance_predictor *p;
    ck_assert_int_eq(stance_predictor_new(m, &p), STANCE_OK);
    size_t n = stance_corpus_size(c), right = 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        stance_prediction x;
        const char *s = stance_corpus_text(c, i);
        ck_assert_int_eq(stance_predict(p, s, strlen(s), 0, &x), STANCE_OK);
        labels[i] = x.label;
        right += strcmp(stance_model_label(m, (size_t)x.label), stance_corpus_label(c, i)) == 0;
        sum += x.confidence;
    }
    stance_predictor_free(p);
    *acc = (double)right / (double)n;
    *conf = sum / (double)n;
}

START_TEST(held_out_text_moves_confidence_toward_accuracy_not_labels)
{
    stance_corpus *train = slice(0, 30), *held = slice(30, 60);
    stance_train_options o;
    stance_train_options_init(&o);
    stance_model *m = NULL;
    ck_assert_int_eq(stance_train(train, &o, &m, NULL), STANCE_OK);
    size_t n = stance_corpus_size(held);
    int *before = malloc(n * sizeof *before), *after = malloc(n * sizeof *after);
    double acc0, conf0, acc1, conf1;
    measure(m, held, before, &acc0, &conf0);
    stance_calibration cal;
    stance_error err;
    ck_assert_int_eq(stance_model_calibrate(m, held, &cal, &err), STANCE_OK);
    ck_assert_uint_eq(cal.sentences, n);
    ck_assert(cal.scale > 0 && cal.scale != 1.0);
    ck_assert(cal.nll_after < cal.nll_before);
    measure(m, held, after, &acc1, &conf1);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(before[i], after[i]); /* labels come from decision values */
    ck_assert(acc0 == acc1);
    ck_assert(fabs(conf1 - acc1) < fabs(conf0 - acc0)); /* confidence says what it means */
    /* the fit is recorded in the model file and read back */
    scratch_make("calibrate");
    char path[512];
    snprintf(path, sizeof path, "%s/calibrated.model", tmpdir);
    ck_assert_int_eq(stance_model_save(m, path, &err), STANCE_OK);
    stance_model *back = NULL;
    ck_assert_int_eq(stance_model_load(path, &back, &err), STANCE_OK);
    stance_model_info info;
    stance_model_get_info(back, &info);
    ck_assert_uint_eq(info.calibration_sentences, n);
    ck_assert(fabs(info.calibration_scale - cal.scale) < 1e-8);
    double acc2, conf2;
    measure(back, held, after, &acc2, &conf2);
    ck_assert(fabs(conf2 - conf1) < 1e-6); /* the scaled sigmoids are the model's */
    stance_model_free(back);
    scratch_remove();
    free(before);
    free(after);
    stance_model_free(m);
    stance_corpus_free(train);
    stance_corpus_free(held);
}
END_TEST

START_TEST(refuses_what_it_cannot_fit)
{
    stance_corpus *train = slice(0, 20), *held = NULL, *empty = NULL;
    stance_train_options o;
    stance_train_options_init(&o);
    stance_model *m = NULL, *votes = NULL;
    ck_assert_int_eq(stance_train(train, &o, &m, NULL), STANCE_OK);
    stance_calibration cal;
    stance_error err;
    /* a label the model does not have, named in the message */
    ck_assert_int_eq(stance_corpus_new(&held), STANCE_OK);
    ck_assert_int_eq(stance_corpus_add(held, "neutral", "The talks resume on Monday.", NULL),
                     STANCE_OK);
    ck_assert_int_eq(stance_corpus_add(held, "sceptical", "Few expect a deal.", NULL), STANCE_OK);
    ck_assert_int_eq(stance_model_calibrate(m, held, &cal, &err), STANCE_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "'sceptical'"));
    ck_assert_ptr_nonnull(strstr(err.message, "sentence 2"));
    /* an empty set */
    ck_assert_int_eq(stance_corpus_new(&empty), STANCE_OK);
    ck_assert_int_eq(stance_model_calibrate(m, empty, &cal, &err), STANCE_EINVAL);
    /* a model without probabilities */
    o.probability = false;
    ck_assert_int_eq(stance_train(train, &o, &votes, NULL), STANCE_OK);
    stance_corpus *ok = slice(20, 5);
    ck_assert_int_eq(stance_model_calibrate(votes, ok, &cal, &err), STANCE_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "probabilities"));
    stance_corpus_free(ok);
    stance_model_free(m);
    stance_model_free(votes);
    stance_corpus_free(train);
    stance_corpus_free(held);
    stance_corpus_free(empty);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("calibrate");
    TCase *t = tcase_create("calibrate");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, held_out_text_moves_confidence_toward_accuracy_not_labels);
    tcase_add_test(t, refuses_what_it_cannot_fit);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
