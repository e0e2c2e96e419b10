/* test_pipeline.c: stance_article_classify, the article path every
 * front-end takes: the same sentences, offsets and labels as splitting and
 * predicting by hand, lines, errors from the text and from the callback. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stance.h"

static stance_model *g_model;

static void setup(void)
{
    stance_corpus *c = NULL;
    ck_assert_int_eq(stance_corpus_new(&c), STANCE_OK);
    ck_assert_int_eq(stance_corpus_read(c, CORPUS_DIR "/test.tsv", STANCE_CORPUS_TSV, NULL),
                     STANCE_OK);
    stance_train_options o;
    stance_train_options_init(&o);
    o.probability = false;
    ck_assert_int_eq(stance_train(c, &o, &g_model, NULL), STANCE_OK);
    stance_corpus_free(c);
}

static void teardown(void)
{
    stance_model_free(g_model);
}

#define MAX_SEEN 64

typedef struct seen {
    size_t n;
    size_t index[MAX_SEEN], start[MAX_SEEN], end[MAX_SEEN];
    int label[MAX_SEEN];
    bool source[MAX_SEEN];
    size_t stop_after; /* fail with STANCE_EIO after this many; 0: never */
} seen;

static stance_status collect(const stance_sentence *s, void *arg)
{
    seen *v = arg;
    ck_assert_uint_lt(v->n, MAX_SEEN);
    v->index[v->n] = s->index;
    v->start[v->n] = s->start;
    v->end[v->n] = s->end;
    v->label[v->n] = s->prediction ? s->prediction->label : -1;
    v->source[v->n] = s->source != NULL;
    v->n++;
    return v->stop_after && v->n == v->stop_after ? STANCE_EIO : STANCE_OK;
}

static const char article[] =
    "Border pact signed\n\n"
    "The two governments signed the border treaty on Tuesday. "
    "\"This is a historic step toward lasting peace,\" Prime Minister Anton Reyes said. "
    "The opposition Civic Front denounced the treaty as illegal.\n";

START_TEST(same_as_split_and_predict)
{
    stance_predictor *p;
    ck_assert_int_eq(stance_predictor_new(g_model, &p), STANCE_OK);
    stance_article_options o;
    stance_article_options_init(&o);
    ck_assert(o.attribution && !o.lines && o.explain == 0);
    seen v = {0};
    ck_assert_int_eq(stance_article_classify(p, article, strlen(article), &o, collect, &v, NULL),
                     STANCE_OK);
    stance_span *spans;
    size_t count;
    ck_assert_int_eq(stance_split(article, strlen(article), &spans, &count, NULL), STANCE_OK);
    ck_assert_uint_eq(v.n, count);
    ck_assert_uint_ge(count, 4);
    for (size_t i = 0; i < count; i++) {
        ck_assert_uint_eq(v.index[i], i);
        ck_assert_uint_eq(v.start[i], spans[i].start);
        ck_assert_uint_eq(v.end[i], spans[i].end);
        stance_prediction x;
        ck_assert_int_eq(stance_predict(p, article + spans[i].start,
                                        spans[i].end - spans[i].start, 0, &x), STANCE_OK);
        ck_assert_int_eq(v.label[i], x.label);
    }
    ck_assert(v.source[count - 1]); /* the Civic Front denounced it */
    /* without attribution, no sources, the same labels */
    o.attribution = false;
    seen w = {0};
    ck_assert_int_eq(stance_article_classify(p, article, strlen(article), &o, collect, &w, NULL),
                     STANCE_OK);
    ck_assert_uint_eq(w.n, count);
    for (size_t i = 0; i < count; i++) {
        ck_assert(!w.source[i]);
        ck_assert_int_eq(w.label[i], v.label[i]);
    }
    free(spans);
    stance_predictor_free(p);
}
END_TEST

/* Without a predictor (stance-eval --articles scoring sentences and
 * sources alone): the same sentences and sources, no prediction. */
START_TEST(no_predictor_sentences_and_sources_only)
{
    stance_predictor *p;
    ck_assert_int_eq(stance_predictor_new(g_model, &p), STANCE_OK);
    stance_article_options o;
    stance_article_options_init(&o);
    seen v = {0}, w = {0};
    ck_assert_int_eq(stance_article_classify(p, article, strlen(article), &o, collect, &v, NULL),
                     STANCE_OK);
    ck_assert_int_eq(stance_article_classify(NULL, article, strlen(article), &o, collect, &w,
                                             NULL),
                     STANCE_OK);
    ck_assert_uint_eq(w.n, v.n);
    for (size_t i = 0; i < v.n; i++) {
        ck_assert_uint_eq(w.start[i], v.start[i]);
        ck_assert_uint_eq(w.end[i], v.end[i]);
        ck_assert_int_eq(w.source[i], v.source[i]);
        ck_assert_int_eq(w.label[i], -1); /* prediction NULL */
    }
    stance_predictor_free(p);
}
END_TEST

START_TEST(lines_keep_their_index)
{
    stance_predictor *p;
    ck_assert_int_eq(stance_predictor_new(g_model, &p), STANCE_OK);
    stance_article_options o;
    stance_article_options_init(&o);
    o.lines = true;
    const char *t = "The pact is a disgrace.\r\n\nWe welcome the treaty. It is good.\nlast";
    seen v = {0};
    ck_assert_int_eq(stance_article_classify(p, t, strlen(t), &o, collect, &v, NULL), STANCE_OK);
    ck_assert_uint_eq(v.n, 3); /* the blank line gives no sentence */
    ck_assert_uint_eq(v.index[0], 0);
    ck_assert_uint_eq(v.end[0], 23); /* without the CR */
    ck_assert_uint_eq(v.index[1], 2);
    ck_assert_uint_eq(v.index[2], 3);
    ck_assert_uint_eq(v.start[2], strlen(t) - 4);
    stance_span *s;
    size_t n;
    ck_assert_int_eq(stance_split_lines("", 0, &s, &n), STANCE_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(s);
    stance_predictor_free(p);
}
END_TEST

START_TEST(errors_stop_the_article)
{
    stance_predictor *p;
    ck_assert_int_eq(stance_predictor_new(g_model, &p), STANCE_OK);
    stance_article_options o;
    stance_article_options_init(&o);
    /* the callback's failure stops at once and comes back */
    seen v = {0};
    v.stop_after = 2;
    ck_assert_int_eq(stance_article_classify(p, article, strlen(article), &o, collect, &v, NULL),
                     STANCE_EIO);
    ck_assert_uint_eq(v.n, 2);
    /* invalid UTF-8: no sentence, the offset in the error, split or lines */
    const char bad[] = "A treaty.\nIt is \xff bad.";
    for (int lines = 0; lines < 2; lines++) {
        o.lines = lines;
        stance_error err;
        memset(&err, 0, sizeof err);
        seen w = {0};
        ck_assert_int_eq(stance_article_classify(p, bad, strlen(bad), &o, collect, &w, &err),
                         STANCE_EUTF8);
        ck_assert_uint_eq(w.n, 0);
        ck_assert_uint_eq(err.offset, 16);
    }
    /* an empty article: no calls */
    seen e = {0};
    ck_assert_int_eq(stance_article_classify(p, "", 0, &o, collect, &e, NULL), STANCE_OK);
    ck_assert_uint_eq(e.n, 0);
    stance_predictor_free(p);
}
END_TEST

static Suite *pipeline_suite(void)
{
    Suite *s = suite_create("pipeline");
    TCase *c = tcase_create("article");
    tcase_add_unchecked_fixture(c, setup, teardown);
    tcase_set_timeout(c, 120);
    tcase_add_test(c, same_as_split_and_predict);
    tcase_add_test(c, no_predictor_sentences_and_sources_only);
    tcase_add_test(c, lines_keep_their_index);
    tcase_add_test(c, errors_stop_the_article);
    suite_add_tcase(s, c);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pipeline_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
