/*
 * test_eval.c: scoring annotated articles (stance_article_eval).  The
 * articles under tests/data/articles/ were written for these tests; each
 * NAME.txt has a NAME.gold.tsv listing its sentences in order, and the
 * splitter agrees with all three; the disagreement tests join two gold
 * sentences of fisheries-talks ("... at 6 p.m. Delegates then ...") in a
 * copy of its gold file.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "articles.h"
#include "gold.h"
#include "stance.h"
#include "scratch.h"

#define ARTICLES TEST_DATA "/articles/"

static stance_model *g_model;
static void setup(void)
{
    scratch_make("eval");
    stance_corpus *c = NULL;
    if (stance_corpus_new(&c) == STANCE_OK &&
        stance_corpus_read(c, CORPUS_DIR "/test.tsv", STANCE_CORPUS_TSV, NULL) == STANCE_OK) {
        stance_train_options o;
        stance_train_options_init(&o);
        if (stance_train(c, &o, &g_model, NULL) != STANCE_OK)
            g_model = NULL;
    }
    stance_corpus_free(c);
}

static void teardown(void)
{
    stance_model_free(g_model);
    g_model = NULL;
    scratch_remove();
}

static void need_model(void)
{
    ck_assert_msg(tmpdir[0] != '\0', "no temporary directory");
    ck_assert_msg(g_model != NULL, "training on " CORPUS_DIR "/test.tsv failed");
}

/* ------------------------------------------------------------- helpers */

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    char *b = malloc(1 << 16);
    ck_assert_ptr_nonnull(b);
    *len = fread(b, 1, (1 << 16) - 1, fp);
    b[*len] = '\0';
    fclose(fp);
    return b;
}

static const char *put_file(const char *name, const char *data, size_t len)
{
    return scratch_put(name, data, len);
}

/* A copy of the fixture gold file NAME.gold.tsv with the first occurrence
 * of from replaced by to, written to the temporary directory. */
static const char *edited_gold(const char *name, const char *from, const char *to)
{
    char src[1024];
    snprintf(src, sizeof src, ARTICLES "%s.gold.tsv", name);
    size_t len;
    char *g = slurp(src, &len);
    char *at = strstr(g, from);
    ck_assert_msg(at != NULL, "%s has no \"%s\"", src, from);
    size_t pre = (size_t)(at - g), fl = strlen(from), tl = strlen(to);
    char *out = malloc(len - fl + tl + 1);
    ck_assert_ptr_nonnull(out);
    memcpy(out, g, pre);
    memcpy(out + pre, to, tl);
    memcpy(out + pre + tl, at + fl, len - pre - fl);
    char dst[256];
    snprintf(dst, sizeof dst, "%s.gold.tsv", name);
    const char *p = put_file(dst, out, len - fl + tl);
    free(out);
    free(g);
    return p;
}

/* Score fixture article NAME against gold_path (NULL: its own gold file)
 * with the model, expecting success. */
static stance_article_score score_gold(const char *name, const char *gold_path,
                                       stance_metrics *labels)
{
    char txt[1024], gold[1024];
    snprintf(txt, sizeof txt, ARTICLES "%s.txt", name);
    snprintf(gold, sizeof gold, ARTICLES "%s.gold.tsv", name);
    if (gold_path != NULL)
        snprintf(gold, sizeof gold, "%s", gold_path);
    stance_article_score s;
    stance_error err;
    memset(&err, 0, sizeof err);
    stance_status st = stance_article_eval(g_model, txt, gold, labels, &s, &err);
    char msg[2048];
    ck_assert_msg(st == STANCE_OK, "%s: %s", name, stance_error_format(&err, msg, sizeof msg));
    return s;
}

static stance_article_score score_article(const char *name, stance_metrics *labels)
{
    return score_gold(name, NULL, labels);
}

/* fisheries-talks' gold with "6 p.m." and the sentence after it joined. */
static const char *joined_gold(void)
{
    return edited_gold("fisheries-talks", "6 p.m.\nneutral\t", "6 p.m. ");
}

/* Expect stance_article_eval to fail with code, naming file at line. */
static void expect_eval_error(const char *txt, const char *gold, stance_status code,
                              const char *file, size_t line, const char *why)
{
    stance_article_score s;
    stance_error err;
    memset(&err, 0, sizeof err);
    stance_metrics *m;
    ck_assert_int_eq(stance_metrics_new(stance_model_label_count(g_model), &m), STANCE_OK);
    stance_status st = stance_article_eval(g_model, txt, gold, m, &s, &err);
    ck_assert_msg(st == code, "status %d (%s), expected %d", (int)st, err.message, (int)code);
    ck_assert_int_eq(err.code, code);
    ck_assert_str_eq(err.file, file);
    ck_assert_msg(err.line == line, "error at line %zu, expected %zu (%s)", err.line, line,
                  err.message);
    if (why)
        ck_assert_msg(strstr(err.message, why) != NULL, "message \"%s\" lacks \"%s\"",
                      err.message, why);
    ck_assert_uint_eq(stance_metrics_total(m), 0);
    stance_metrics_free(m);
}

/* ----------------------------------------------------------------- tests */

START_TEST(boundaries_all_match)
{
    need_model();
    struct {
        const char *name;
        size_t n;
    } cases[] = {{"harbour-accord", 9}, {"river-pact", 8}};
    for (size_t i = 0; i < 2; i++) {
        stance_metrics *m;
        ck_assert_int_eq(stance_metrics_new(stance_model_label_count(g_model), &m), STANCE_OK);
        stance_article_score s = score_article(cases[i].name, m);
        ck_assert_uint_eq(s.gold, cases[i].n);
        ck_assert_uint_eq(s.predicted, cases[i].n);
        ck_assert_uint_eq(s.matched, cases[i].n);
        /* every matched sentence is scored once against its gold label */
        ck_assert_uint_eq(stance_metrics_total(m), cases[i].n);
        stance_metrics_free(m);
    }
}
END_TEST

START_TEST(boundaries_disagree)
{
    need_model();
    stance_metrics *m;
    ck_assert_int_eq(stance_metrics_new(stance_model_label_count(g_model), &m), STANCE_OK);
    stance_article_score s = score_gold("fisheries-talks", joined_gold(), m);
    ck_assert_uint_eq(s.gold, 5);
    ck_assert_uint_eq(s.predicted, 6);
    ck_assert_uint_eq(s.matched, 4);
    ck_assert_uint_eq(stance_metrics_total(m), 4);
    /* matched: the headline and the first sentence (neutral), the
     * spokeswoman (condemns) and the observers (warns); the two neutral
     * sentences the copied gold joins at "6 p.m." are not */
    size_t gold_rows[4] = {0};
    for (size_t g = 0; g < 4; g++)
        for (size_t p = 0; p < 4; p++)
            gold_rows[g] += stance_metrics_cell(m, g, p);
    ck_assert_uint_eq(gold_rows[stance_model_label_index(g_model, "neutral")], 2);
    ck_assert_uint_eq(gold_rows[stance_model_label_index(g_model, "condemns")], 1);
    ck_assert_uint_eq(gold_rows[stance_model_label_index(g_model, "warns")], 1);
    stance_metrics_free(m);
}
END_TEST

START_TEST(boundaries_without_model)
{
    need_model();
    stance_article_score s;
    stance_error err;
    stance_metrics *m;
    ck_assert_int_eq(stance_metrics_new(4, &m), STANCE_OK);
    ck_assert_int_eq(stance_article_eval(NULL, ARTICLES "fisheries-talks.txt", joined_gold(), m,
                                         &s, &err),
                     STANCE_OK);
    ck_assert_uint_eq(s.gold, 5);
    ck_assert_uint_eq(s.predicted, 6);
    ck_assert_uint_eq(s.matched, 4);
    ck_assert_uint_eq(stance_metrics_total(m), 0);
    /* a model without a label matrix scores boundaries only */
    ck_assert_int_eq(stance_article_eval(g_model, ARTICLES "river-pact.txt",
                                         ARTICLES "river-pact.gold.tsv", NULL, &s, &err),
                     STANCE_OK);
    ck_assert_uint_eq(s.matched, 8);
    stance_metrics_free(m);
}
END_TEST

START_TEST(gold_crlf_same_result)
{
    need_model();
    size_t len;
    char *g = slurp(ARTICLES "harbour-accord.gold.tsv", &len);
    char *crlf = malloc(2 * len + 1);
    ck_assert_ptr_nonnull(crlf);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (g[i] == '\n')
            crlf[n++] = '\r';
        crlf[n++] = g[i];
    }
    const char *gold = put_file("crlf.gold.tsv", crlf, n);
    free(crlf);
    free(g);
    stance_article_score s;
    stance_error err;
    ck_assert_int_eq(stance_article_eval(g_model, ARTICLES "harbour-accord.txt", gold, NULL, &s,
                                         &err),
                     STANCE_OK);
    ck_assert_uint_eq(s.gold, 9);
    ck_assert_uint_eq(s.matched, 9);
}
END_TEST

START_TEST(gold_text_mismatch)
{
    need_model();
    /* line 3 says "sighed" where the article says "signed" */
    const char *gold = edited_gold("harbour-accord", "accord signed on", "accord sighed on");
    expect_eval_error(ARTICLES "harbour-accord.txt", gold, STANCE_EFORMAT, gold, 3,
                      "does not match");
    /* a word dropped from line 6 of the river article */
    gold = edited_gold("river-pact", "waited ten years", "waited years");
    expect_eval_error(ARTICLES "river-pact.txt", gold, STANCE_EFORMAT, gold, 6, "does not match");
    /* a gold file that stops before the article does */
    gold = edited_gold("fisheries-talks", "warns\tObservers fear that without a deal, stocks could "
                                          "collapse within five years.\n",
                       "");
    expect_eval_error(ARTICLES "fisheries-talks.txt", gold, STANCE_EFORMAT, gold, 0,
                      "continues past");
    /* gold sentences that run past the article's end */
    gold = edited_gold("fisheries-talks", "five years.\n", "five years.\nneutral\tMore text.\n");
    expect_eval_error(ARTICLES "fisheries-talks.txt", gold, STANCE_EFORMAT, gold, 7,
                      "does not match");
}
END_TEST

START_TEST(gold_unknown_label)
{
    need_model();
    const char *gold = edited_gold("harbour-accord", "condemns\tFishing", "praises\tFishing");
    expect_eval_error(ARTICLES "harbour-accord.txt", gold, STANCE_EFORMAT, gold, 7, "praises");
}
END_TEST

START_TEST(gold_malformed_lines)
{
    need_model();
    const char *gold = edited_gold("river-pact", "neutral\tOfficials", "neutral Officials");
    expect_eval_error(ARTICLES "river-pact.txt", gold, STANCE_EFORMAT, gold, 8, "label<TAB>");
    gold = edited_gold("river-pact", "condemns\tOpposition", "\tOpposition");
    expect_eval_error(ARTICLES "river-pact.txt", gold, STANCE_EFORMAT, gold, 5, "empty");
    gold = edited_gold("river-pact", "Grace Mwale\triver pact\nsupports", "Grace Mwale\triver "
                                                                         "pact\nsupports\xFF");
    expect_eval_error(ARTICLES "river-pact.txt", gold, STANCE_EUTF8, gold, 4, "UTF-8");
}
END_TEST

START_TEST(missing_and_invalid_files)
{
    need_model();
    char missing[1024];
    snprintf(missing, sizeof missing, "%s/absent.txt", tmpdir);
    expect_eval_error(missing, ARTICLES "river-pact.gold.tsv", STANCE_EIO, missing, 0, NULL);
    snprintf(missing, sizeof missing, "%s/absent.gold.tsv", tmpdir);
    expect_eval_error(ARTICLES "river-pact.txt", missing, STANCE_EIO, missing, 0, NULL);

    /* an article that is not UTF-8 is named, with the offset */
    const char text[] = "Talks Stall\n\nThe talks stalled \xC0\xAF today.\n";
    const char *txt = put_file("bad.txt", text, sizeof text - 1);
    stance_article_score s;
    stance_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(stance_article_eval(g_model, txt, ARTICLES "river-pact.gold.tsv", NULL, &s,
                                         &err),
                     STANCE_EUTF8);
    ck_assert_str_eq(err.file, txt);
    ck_assert(err.has_offset);
    ck_assert_uint_eq(err.offset, 31);
}
END_TEST

/*
 * Regression test (a bug this suite found, since fixed): stance_article_eval rejects a gold
 * file that copies the article exactly when the article holds a no-break
 * space (U+00A0), another Unicode space, or a form feed.  align_gold counts
 * a gold sentence's "ink" with text_is_space (Unicode-aware, so the
 * no-break space is not ink), but walks the article skipping only ASCII
 * ' ', '\t', '\n', '\r', so it takes the two bytes of U+00A0 as ink and
 * the spans drift.  Input: article "Le traité a été signé le 5\u00a0mai à
 * Paris. Les ministres ont salué l'accord.\n" with gold lines
 * "neutral\tLe traité a été signé le 5\u00a0mai à Paris." and
 * "supports\tLes ministres ont salué l'accord."; result STANCE_EFORMAT
 * "gold sentence does not match the article text at byte 0" on line 1.
 */
START_TEST(gold_with_unicode_spaces)
{
    need_model();
    const char text[] = "Le trait\xC3\xA9 a \xC3\xA9t\xC3\xA9 sign\xC3\xA9 le 5\xC2\xA0mai "
                        "\xC3\xA0 Paris. Les ministres ont salu\xC3\xA9 l'accord.\n";
    const char gold[] = "neutral\tLe trait\xC3\xA9 a \xC3\xA9t\xC3\xA9 sign\xC3\xA9 le 5\xC2\xA0"
                        "mai \xC3\xA0 Paris.\nsupports\tLes ministres ont salu\xC3\xA9 l'accord.\n";
    const char *t = put_file("nbsp.txt", text, sizeof text - 1);
    const char *g = put_file("nbsp.gold.tsv", gold, sizeof gold - 1);
    stance_article_score s;
    stance_error err;
    ck_assert_msg(stance_article_eval(g_model, t, g, NULL, &s, &err) == STANCE_OK, "%s",
                  err.message);
    ck_assert_uint_eq(s.gold, 2);
    ck_assert_uint_eq(s.matched, 2);
}
END_TEST

START_TEST(names_contain_rule)
{
    ck_assert_int_eq(article_names_contain("Jens Stoltenberg", 16, "stoltenberg", 11), 1);
    ck_assert_int_eq(article_names_contain("Georgian", 8, "the Georgian president", 22), 1);
    ck_assert_int_eq(article_names_contain("\xc3\x89MILE", 6, "\xc3\xa9mile Zola", 11), 1);
    ck_assert_int_eq(article_names_contain("NATO", 4, "Russia", 6), 0);
    ck_assert_int_eq(article_names_contain("", 0, "Russia", 6), 0);
}
END_TEST

/* The report counts sources and targets by containment and by normalised
 * names, overall and per pattern (the fifth gold column); a four-column
 * gold line counts under the empty pattern. */
START_TEST(report_by_pattern)
{
    need_model();
    const char *art = "Pact signed\n\n"
                      "Foreign Minister Anna Berg said the Harbour Accord was a good deal.\n";
    const char *gold =
        "neutral\tPact signed\t\tHarbour Accord\theadline\n"
        "supports\tForeign Minister Anna Berg said the Harbour Accord was a good deal."
        "\tAnna Berg, foreign minister\tHarbour Accord\treported-speech\n";
    const char *t = put_file("pat/a.txt", art, strlen(art));
    const char *g = put_file("pat/a.gold.tsv", gold, strlen(gold));
    article_report *rep = calloc(1, sizeof *rep);
    ck_assert_ptr_nonnull(rep);
    stance_article_score s;
    stance_error err;
    ck_assert_int_eq(article_eval_report(g_model, t, g, NULL, &s, rep, &err), STANCE_OK);
    ck_assert_uint_eq(s.matched, 2);
    ck_assert_uint_eq(rep->npatterns, 2);
    ck_assert_str_eq(rep->pattern[0].name, "headline");
    ck_assert_str_eq(rep->pattern[1].name, "reported-speech");
    ck_assert_uint_eq(rep->pattern[1].sentences, 1);
    /* "Anna Berg" is inside the gold name, though not a suffix of it */
    ck_assert_uint_eq(rep->pattern[1].source.tp, 1);
    ck_assert_uint_eq(rep->pattern[1].source_norm.tp, 0);
    ck_assert_uint_eq(rep->source.tp, 1);
    ck_assert_uint_eq(rep->source_norm.fn, 1);
    ck_assert_uint_eq(rep->pattern[1].target.tp, 1);
    ck_assert_uint_eq(s.source_tp, rep->source_norm.tp);
    ck_assert_uint_eq(s.target_tp, rep->target_norm.tp);
    free(rep);
}
END_TEST

/* The gold files of a folder, sorted, and their lines: what stance-eval
 * --articles scores against and stance-train --calibrate learns from. */
START_TEST(gold_files_listed_and_read)
{
    char **names;
    size_t n, ntxt;
    ck_assert_int_eq(gold_list(TEST_DATA "/articles", &names, &n, &ntxt, NULL), STANCE_OK);
    ck_assert_uint_ge(n, 3);
    ck_assert_uint_ge(ntxt, n);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        ck_assert(len > 9 && strcmp(names[i] + len - 9, ".gold.tsv") == 0);
        if (i > 0)
            ck_assert_int_lt(strcmp(names[i - 1], names[i]), 0);
    }
    gold_names_free(names, n);
    stance_error err;
    ck_assert_int_eq(gold_list(TEST_DATA "/no-such-folder", &names, &n, NULL, &err), STANCE_EIO);
    gold_names_free(names, n);

    static const char text[] = "# a comment\n"
                               "supports\tThe treaty holds.\tKorvia\tthe treaty\theadline\n"
                               "\n"
                               "neutral\tTalks resume.\r\n";
    const char *path = scratch_put("g/one.gold.tsv", text, sizeof text - 1);
    char *buf;
    gold_line *g;
    ck_assert_int_eq(gold_read(path, NULL, &buf, &g, &n, &err), STANCE_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(buf + g[0].label_off, "supports");
    ck_assert_str_eq(buf + g[0].text_off, "The treaty holds.");
    ck_assert(g[0].attributed && g[0].src_len == 6 && g[0].pat_len == 8);
    ck_assert_int_eq(g[0].label, -1);
    ck_assert_str_eq(buf + g[1].label_off, "neutral");
    ck_assert_str_eq(buf + g[1].text_off, "Talks resume.");
    ck_assert_uint_eq(g[1].line, 4);
    free(g);
    free(buf);
}
END_TEST

/* stance_cross_validate puts each held-out sentence's confidence in the
 * calibration bins, through the fold runner stance_cv_fold shares. */
START_TEST(cross_validation_calibration)
{
    stance_corpus *c;
    ck_assert_int_eq(stance_corpus_new(&c), STANCE_OK);
    ck_assert_int_eq(stance_corpus_read(c, CORPUS_DIR "/test.tsv", STANCE_CORPUS_TSV, NULL),
                     STANCE_OK);
    stance_train_options o;
    stance_train_options_init(&o);
    o.probability = false;
    stance_metrics *m;
    ck_assert_int_eq(stance_cross_validate(c, &o, 3, &m, NULL), STANCE_OK);
    size_t n;
    double ece = stance_metrics_calibration(m, &n);
    ck_assert_uint_eq(n, stance_corpus_size(c));
    ck_assert_uint_eq(stance_metrics_total(m), stance_corpus_size(c));
    ck_assert(ece > 0 && ece < 1);
    stance_metrics_free(m);
    stance_corpus_free(c);
}
END_TEST

static Suite *eval_suite(void)
{
    Suite *s = suite_create("eval");
    TCase *t = tcase_create("articles");
    tcase_add_test(t, gold_with_unicode_spaces);
    tcase_set_timeout(t, 60);
    tcase_add_test(t, boundaries_all_match);
    tcase_add_test(t, boundaries_disagree);
    tcase_add_test(t, boundaries_without_model);
    tcase_add_test(t, gold_crlf_same_result);
    tcase_add_test(t, gold_text_mismatch);
    tcase_add_test(t, gold_unknown_label);
    tcase_add_test(t, gold_malformed_lines);
    tcase_add_test(t, missing_and_invalid_files);
    tcase_add_test(t, names_contain_rule);
    tcase_add_test(t, report_by_pattern);
    tcase_add_test(t, gold_files_listed_and_read);
    suite_add_tcase(s, t);
    TCase *v = tcase_create("cross-validation");
    tcase_add_test(v, cross_validation_calibration);
    tcase_set_timeout(v, 300);
    suite_add_tcase(s, v);
    return s;
}

int main(void)
{
    setup(); /* train once; forked tests inherit the model */
    SRunner *sr = srunner_create(eval_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    teardown();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
