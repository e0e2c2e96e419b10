/* test_metrics.c: the confusion-matrix figures and the calibration error
 * stance-eval reports. */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "stance.h"

START_TEST(calibration_error_of_known_bins)
{
    stance_metrics *m;
    ck_assert_int_eq(stance_metrics_new(2, &m), STANCE_OK);
    size_t n = 99;
    ck_assert(stance_metrics_calibration(m, &n) == 0);
    ck_assert_uint_eq(n, 0);
    /* four sentences at 0.95, three right: accuracy 0.75, gap 0.20 */
    stance_metrics_add_confident(m, 0, 0, 0.95);
    stance_metrics_add_confident(m, 0, 0, 0.95);
    stance_metrics_add_confident(m, 1, 1, 0.95);
    stance_metrics_add_confident(m, 1, 0, 0.95);
    /* four at 0.55, two right: accuracy 0.5, gap 0.05 */
    stance_metrics_add_confident(m, 0, 0, 0.55);
    stance_metrics_add_confident(m, 1, 1, 0.55);
    stance_metrics_add_confident(m, 0, 1, 0.55);
    stance_metrics_add_confident(m, 1, 0, 0.55);
    /* a plain add counts in the matrix but not in the calibration */
    stance_metrics_add(m, 1, 1);
    ck_assert_double_eq_tol(stance_metrics_calibration(m, &n), (4 * 0.20 + 4 * 0.05) / 8, 1e-12);
    ck_assert_uint_eq(n, 8);
    ck_assert_uint_eq(stance_metrics_total(m), 9);
    /* confidence 1 and out-of-range labels */
    stance_metrics_add_confident(m, 0, 0, 1.0);
    stance_metrics_add_confident(m, 5, 0, 0.9);
    ck_assert(stance_metrics_calibration(m, &n) >= 0);
    ck_assert_uint_eq(n, 9);
    stance_metrics_free(m);
}
END_TEST

START_TEST(perfectly_calibrated_is_zero)
{
    stance_metrics *m;
    ck_assert_int_eq(stance_metrics_new(3, &m), STANCE_OK);
    for (int i = 0; i < 10; i++) /* 0.7 confident, right 7 times in 10 */
        stance_metrics_add_confident(m, 2, i < 7 ? 2 : 1, 0.7);
    ck_assert_double_eq_tol(stance_metrics_calibration(m, NULL), 0, 1e-12);
    ck_assert_double_eq_tol(stance_metrics_accuracy(m), 0.7, 1e-12);
    stance_metrics_free(m);
}
END_TEST

static Suite *metrics_suite(void)
{
    Suite *s = suite_create("metrics");
    TCase *c = tcase_create("calibration");
    tcase_add_test(c, calibration_error_of_known_bins);
    tcase_add_test(c, perfectly_calibrated_is_zero);
    suite_add_tcase(s, c);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(metrics_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
