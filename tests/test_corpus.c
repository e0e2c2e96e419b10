/*
 * test_corpus.c: the corpus readers (TSV, fastText, one directory per label) and
 * stance_corpus_add / stance_corpus_labels.  Every malformed input must
 * fail with the right status and an error naming the file and the line.
 * Files live in a mkdtemp directory that is removed afterwards.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stance.h"
#include "scratch.h"

static void make_tmpdir(void)
{
    scratch_make("corpus");
}

static const char *put_file(const char *name, const char *data, size_t len)
{
    return scratch_put(name, data, len);
}

static const char *put_text(const char *name, const char *text)
{
    return put_file(name, text, strlen(text));
}

static stance_corpus *new_corpus(void)
{
    stance_corpus *c = NULL;
    ck_assert_int_eq(stance_corpus_new(&c), STANCE_OK);
    ck_assert_ptr_nonnull(c);
    return c;
}

static void check_entry(const stance_corpus *c, size_t i, const char *label, const char *text)
{
    ck_assert_str_eq(stance_corpus_label(c, i), label);
    ck_assert_str_eq(stance_corpus_text(c, i), text);
}

/* Read path and expect failure with code at line, a message holding why,
 * and err.file naming path (or file_want when not NULL). */
static void expect_read_error(const char *path, stance_corpus_format fmt, stance_status code,
                              size_t line, const char *why, const char *file_want)
{
    stance_corpus *c = new_corpus();
    stance_error err;
    memset(&err, 0, sizeof err);
    stance_status st = stance_corpus_read(c, path, fmt, &err);
    ck_assert_msg(st == code, "%s: status %d (%s), expected %d", path, (int)st, err.message,
                  (int)code);
    ck_assert_int_eq(err.code, code);
    ck_assert_str_eq(err.file, file_want ? file_want : path);
    ck_assert_msg(err.line == line, "%s: error at line %zu, expected %zu (%s)", path, err.line,
                  line, err.message);
    ck_assert_msg(strstr(err.message, why) != NULL, "message \"%s\" lacks \"%s\"", err.message,
                  why);
    stance_corpus_free(c);
}

/* ------------------------------------------------------------------- TSV */

START_TEST(tsv_reads_lines)
{
    const char *p = put_text("good.tsv",
                             "# a comment line\n"
                             "\n"
                             "condemns\tThe pact is a disgrace.\r\n"
                             "  supports \t  The deal brings peace.  \r\n"
                             "\t \n"
                             "# another comment\n"
                             "warns\tIt may collapse\xE2\x80\xA6 soon.\n"
                             "neutral\tTalks resume on Monday.");
    stance_corpus *c = new_corpus();
    stance_error err;
    ck_assert_int_eq(stance_corpus_read(c, p, STANCE_CORPUS_TSV, &err), STANCE_OK);
    ck_assert_uint_eq(stance_corpus_size(c), 4);
    check_entry(c, 0, "condemns", "The pact is a disgrace.");
    check_entry(c, 1, "supports", "The deal brings peace.");
    check_entry(c, 2, "warns", "It may collapse\xE2\x80\xA6 soon.");
    check_entry(c, 3, "neutral", "Talks resume on Monday.");
    /* AUTO picks TSV, and a second read appends */
    ck_assert_int_eq(stance_corpus_read(c, p, STANCE_CORPUS_AUTO, &err), STANCE_OK);
    ck_assert_uint_eq(stance_corpus_size(c), 8);
    check_entry(c, 7, "neutral", "Talks resume on Monday.");
    stance_corpus_free(c);
}
END_TEST

START_TEST(tsv_no_tab)
{
    const char *p = put_text("notab.tsv", "condemns\tA disgrace.\nsupports The deal brings peace.\n");
    expect_read_error(p, STANCE_CORPUS_TSV, STANCE_EFORMAT, 2, "no tab", NULL);
}
END_TEST

START_TEST(tsv_empty_label)
{
    const char *p = put_text("nolabel.tsv", "# header\ncondemns\tA disgrace.\n  \tA sentence.\n");
    expect_read_error(p, STANCE_CORPUS_TSV, STANCE_EFORMAT, 3, "empty label", NULL);
}
END_TEST

START_TEST(tsv_empty_sentence)
{
    const char *p = put_text("nosentence.tsv", "supports\t  \t \n");
    expect_read_error(p, STANCE_CORPUS_TSV, STANCE_EFORMAT, 1, "empty sentence", NULL);
}
END_TEST

START_TEST(tsv_two_tabs)
{
    const char *p = put_text("twotabs.tsv",
                             "condemns\tA disgrace.\r\n\r\nsupports\tThe deal\tbrings peace.\r\n");
    expect_read_error(p, STANCE_CORPUS_TSV, STANCE_EFORMAT, 3, "more than one tab", NULL);
}
END_TEST

START_TEST(tsv_header_line_refused)
{
    /* a spreadsheet's column names would train a label called "label" */
    const char *p = put_text("header.tsv", "label\ttext\ncondemns\tA disgrace.\n");
    expect_read_error(p, STANCE_CORPUS_TSV, STANCE_EFORMAT, 1, "looks like a header line", NULL);
    p = put_text("header2.tsv", "# exported\nStance\tSentence\nsupports\tA good deal.\n");
    expect_read_error(p, STANCE_CORPUS_TSV, STANCE_EFORMAT, 2, "start it with '#'", NULL);
    /* kept as a comment, or a real sentence that only starts like one, it reads */
    p = put_text("header3.tsv", "#label\ttext\nlabel\ttext of the accord was published.\n"
                                "condemns\tA disgrace.\n");
    stance_corpus *c = new_corpus();
    ck_assert_int_eq(stance_corpus_read(c, p, STANCE_CORPUS_TSV, NULL), STANCE_OK);
    ck_assert_uint_eq(stance_corpus_size(c), 2);
    stance_corpus_free(c);
}
END_TEST

START_TEST(tsv_invalid_utf8)
{
    /* line 2 starts at byte 21; the bad byte is its 12th */
    const char *p = put_text("badutf8.tsv", "condemns\tA disgrace.\nwarns\tRisk \xFF high.\n");
    expect_read_error(p, STANCE_CORPUS_TSV, STANCE_EUTF8, 2, "UTF-8", NULL);
    stance_corpus *c = new_corpus();
    stance_error err;
    ck_assert_int_eq(stance_corpus_read(c, p, STANCE_CORPUS_TSV, &err), STANCE_EUTF8);
    ck_assert(err.has_offset);
    ck_assert_uint_eq(err.offset, 32);
    stance_corpus_free(c);
}
END_TEST

START_TEST(tsv_nul_byte)
{
    const char data[] = "condemns\tA disgrace.\nwarns\tRisk\0high.\n";
    const char *p = put_file("nul.tsv", data, sizeof data - 1);
    expect_read_error(p, STANCE_CORPUS_TSV, STANCE_EBINARY, 2, "NUL", NULL);
}
END_TEST

START_TEST(tsv_nonexistent_file)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/no-such-file.tsv", tmpdir);
    expect_read_error(p, STANCE_CORPUS_TSV, STANCE_EIO, 0, "cannot open", NULL);
    expect_read_error(p, STANCE_CORPUS_AUTO, STANCE_EIO, 0, "cannot open", NULL);
}
END_TEST

START_TEST(tsv_empty_file)
{
    const char *p = put_text("empty.tsv", "");
    expect_read_error(p, STANCE_CORPUS_TSV, STANCE_EFORMAT, 0, "no labelled sentences", NULL);
    const char *q = put_text("comments.tsv", "# nothing but comments\n\n# and blanks\n");
    expect_read_error(q, STANCE_CORPUS_AUTO, STANCE_EFORMAT, 0, "no labelled sentences", NULL);
}
END_TEST

START_TEST(tsv_line_too_long)
{
    size_t n = ((size_t)1 << 20) + 100;
    char *big = malloc(n + 32);
    ck_assert_ptr_nonnull(big);
    strcpy(big, "neutral\tok.\nneutral\t");
    size_t used = strlen(big);
    memset(big + used, 'a', n - used);
    big[n] = '\n';
    const char *p = put_file("long.tsv", big, n + 1);
    free(big);
    expect_read_error(p, STANCE_CORPUS_TSV, STANCE_ELIMIT, 2, "longer than", NULL);
}
END_TEST

/*
 * Regression test (a bug this suite found, since fixed): a TSV file that starts with a UTF-8
 * byte-order mark (as Windows editors save it) is read without complaint,
 * and the BOM becomes part of the first line's label: the file
 * "\xEF\xBB\xBFcondemns\tA disgrace.\nsupports\tA fine deal.\ncondemns\tShameful.\n"
 * gives three labels, "condemns", "supports" and "\xEF\xBB\xBFcondemns"
 * (11 bytes), so one sentence silently trains a phantom class.  The BOM
 * should be skipped (or the line refused with file and line).
 */
START_TEST(tsv_byte_order_mark)
{
    const char *p = put_text("bom.tsv", "\xEF\xBB\xBF" "condemns\tA disgrace.\n"
                                        "supports\tA fine deal.\ncondemns\tShameful.\n");
    stance_corpus *c = new_corpus();
    stance_error err;
    stance_status st = stance_corpus_read(c, p, STANCE_CORPUS_AUTO, &err);
    if (st == STANCE_OK) {
        const char **labels;
        size_t n;
        ck_assert_int_eq(stance_corpus_labels(c, &labels, &n), STANCE_OK);
        ck_assert_uint_eq(n, 2);
        ck_assert_str_eq(labels[0], "condemns");
        free(labels);
    } else {
        ck_assert_str_eq(err.file, p);
        ck_assert_uint_eq(err.line, 1);
    }
    stance_corpus_free(c);
}
END_TEST

START_TEST(error_format_names_file_and_line)
{
    const char *p = put_text("fmt.tsv", "condemns\tA disgrace.\nsupports The deal.\n");
    stance_corpus *c = new_corpus();
    stance_error err;
    ck_assert_int_eq(stance_corpus_read(c, p, STANCE_CORPUS_TSV, &err), STANCE_EFORMAT);
    char want[1200], got[1200];
    snprintf(want, sizeof want, "%s:2: %s", p, err.message);
    ck_assert_str_eq(stance_error_format(&err, got, sizeof got), want);
    stance_corpus_free(c);
}
END_TEST

/* -------------------------------------------------------------- fastText */

START_TEST(fasttext_reads_lines)
{
    const char *p = put_text("good.txt",
                             "__label__supports The deal brings peace.\r\n"
                             "\n"
                             "__label__condemns\tA  disgrace, \"they\" said.  \n"
                             "__label__not_sure It is unclear.");
    for (int fmt = 0; fmt < 2; fmt++) {
        stance_corpus *c = new_corpus();
        stance_error err;
        ck_assert_int_eq(stance_corpus_read(c, p, fmt ? STANCE_CORPUS_FASTTEXT : STANCE_CORPUS_AUTO,
                                            &err),
                         STANCE_OK);
        ck_assert_uint_eq(stance_corpus_size(c), 3);
        check_entry(c, 0, "supports", "The deal brings peace.");
        check_entry(c, 1, "condemns", "A  disgrace, \"they\" said.");
        check_entry(c, 2, "not_sure", "It is unclear.");
        stance_corpus_free(c);
    }
}
END_TEST

START_TEST(fasttext_missing_label)
{
    const char *p = put_text("nolabel.ft", "__label__a One.\nsupports The deal.\n");
    expect_read_error(p, STANCE_CORPUS_FASTTEXT, STANCE_EFORMAT, 2, "__label__", NULL);
    /* AUTO sniffs fastText from the first line and so fails the same way */
    expect_read_error(p, STANCE_CORPUS_AUTO, STANCE_EFORMAT, 2, "__label__", NULL);
}
END_TEST

START_TEST(fasttext_multiple_labels)
{
    const char *p = put_text("multi.ft", "__label__a One.\n__label__a __label__b Two.\n");
    expect_read_error(p, STANCE_CORPUS_FASTTEXT, STANCE_EFORMAT, 2, "more than one label", NULL);
}
END_TEST

START_TEST(fasttext_empty_label_or_sentence)
{
    const char *p = put_text("emptylab.ft", "__label__ The deal.\n");
    expect_read_error(p, STANCE_CORPUS_FASTTEXT, STANCE_EFORMAT, 1, "empty label", NULL);
    const char *q = put_text("emptysen.ft", "__label__a One.\n\n__label__b   \n");
    expect_read_error(q, STANCE_CORPUS_FASTTEXT, STANCE_EFORMAT, 3, "empty sentence", NULL);
}
END_TEST

START_TEST(fasttext_invalid_utf8_and_nul)
{
    const char *p = put_text("bad.ft", "__label__a One.\n__label__b Caf\xC3 two.\n");
    expect_read_error(p, STANCE_CORPUS_FASTTEXT, STANCE_EUTF8, 2, "UTF-8", NULL);
    const char data[] = "__label__a One\0.\n";
    const char *q = put_file("nul.ft", data, sizeof data - 1);
    expect_read_error(q, STANCE_CORPUS_FASTTEXT, STANCE_EBINARY, 1, "NUL", NULL);
}
END_TEST

/* ------------------------------------------------------------- directory */

START_TEST(dir_reads_labels_and_files)
{
    put_text("dir1/supports/b.txt", "The deal brings peace.\r\n\r\n  Ministers welcomed it.  \n");
    put_text("dir1/supports/a.txt", "Allies praised the accord.\n");
    put_text("dir1/supports/notes.md", "not a corpus file\n");
    put_text("dir1/condemns/x.txt", "A disgrace.");
    put_text("dir1/.hidden/y.txt", "Ignored.\n");
    put_text("dir1/README.txt", "not in a label directory\n");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/dir1", tmpdir);
    for (int fmt = 0; fmt < 2; fmt++) {
        stance_corpus *c = new_corpus();
        stance_error err;
        ck_assert_int_eq(stance_corpus_read(c, dir, fmt ? STANCE_CORPUS_DIR : STANCE_CORPUS_AUTO,
                                            &err),
                         STANCE_OK);
        /* label directories in sorted order, files sorted within each */
        ck_assert_uint_eq(stance_corpus_size(c), 4);
        check_entry(c, 0, "condemns", "A disgrace.");
        check_entry(c, 1, "supports", "Allies praised the accord.");
        check_entry(c, 2, "supports", "The deal brings peace.");
        check_entry(c, 3, "supports", "Ministers welcomed it.");
        stance_corpus_free(c);
    }
}
END_TEST

START_TEST(dir_bad_file_named)
{
    put_text("dir2/condemns/x.txt", "A disgrace.\n");
    const char *bad = put_text("dir2/supports/b.txt", "Fine.\nNot \xC0\xAF fine.\n");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/dir2", tmpdir);
    expect_read_error(dir, STANCE_CORPUS_DIR, STANCE_EUTF8, 2, "UTF-8", bad);
}
END_TEST

START_TEST(dir_missing)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/missing", tmpdir);
    expect_read_error(dir, STANCE_CORPUS_DIR, STANCE_EIO, 0, "cannot open", NULL);
}
END_TEST

/*
 * Regression test (a bug this suite found, since fixed): list_dir in src/text/corpus.c calls
 * qsort(*names, 0, ...) with *names == NULL when a directory holds no
 * entry it keeps, which is undefined behaviour (glibc declares qsort's
 * array nonnull).  In the STANCE_SANITIZE=ON build UBSan reports
 * "corpus.c:265: null pointer passed as argument 1, which is declared to
 * never be null" and, with -fno-sanitize-recover, the process exits.
 * Inputs: a corpus directory with no label subdirectories, or a label
 * directory with no *.txt file (e.g. DIR/warns/ empty beside
 * DIR/supports/a.txt).  The normal build happens to work.
 */
START_TEST(dir_empty_directories)
{
    char dir[1024], sub[1100];
    snprintf(dir, sizeof dir, "%s/dir3", tmpdir);
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    expect_read_error(dir, STANCE_CORPUS_DIR, STANCE_EFORMAT, 0, "no label directories", NULL);
    /* label directories without any *.txt: no sentences */
    snprintf(sub, sizeof sub, "%s/neutral", dir);
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    expect_read_error(dir, STANCE_CORPUS_AUTO, STANCE_EFORMAT, 0, "no labelled sentences", NULL);
    /* an empty label directory beside a full one adds nothing */
    put_text("dir3/supports/a.txt", "Allies praised the accord.\n");
    stance_corpus *c = new_corpus();
    ck_assert_int_eq(stance_corpus_read(c, dir, STANCE_CORPUS_DIR, NULL), STANCE_OK);
    ck_assert_uint_eq(stance_corpus_size(c), 1);
    stance_corpus_free(c);
}
END_TEST

/* ------------------------------------------------------- add and labels */

START_TEST(add_copies_and_validates)
{
    stance_corpus *c = new_corpus();
    stance_error err;
    char label[16] = "supports", text[64] = "The deal brings peace.";
    ck_assert_int_eq(stance_corpus_add(c, label, text, &err), STANCE_OK);
    strcpy(label, "XXXX");
    strcpy(text, "changed");
    check_entry(c, 0, "supports", "The deal brings peace.");

    ck_assert_int_eq(stance_corpus_add(c, "", "Text.", &err), STANCE_EINVAL);
    ck_assert_int_eq(err.code, STANCE_EINVAL);
    ck_assert_int_eq(stance_corpus_add(c, "a\tb", "Text.", &err), STANCE_EINVAL);
    ck_assert_int_eq(stance_corpus_add(c, "a\nb", "Text.", &err), STANCE_EINVAL);
    ck_assert_int_eq(stance_corpus_add(c, "ok", "Bad \xE2\x82 text.", &err), STANCE_EUTF8);
    ck_assert_int_eq(stance_corpus_add(c, "b\xFF", "Text.", NULL), STANCE_EUTF8);
    ck_assert_uint_eq(stance_corpus_size(c), 1);
    stance_corpus_free(c);
    stance_corpus_free(NULL); /* a no-op */
}
END_TEST

START_TEST(labels_sorted_distinct)
{
    stance_corpus *c = new_corpus();
    const char **labels = (const char **)&labels;
    size_t n = 42;
    ck_assert_int_eq(stance_corpus_labels(c, &labels, &n), STANCE_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(labels);

    const char *order[] = {"warns", "condemns", "warns", "Neutral", "supports",
                           "condemns", "\xC3\xA9moi", "warns"};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        ck_assert_int_eq(stance_corpus_add(c, order[i], "Some sentence.", NULL), STANCE_OK);
    ck_assert_int_eq(stance_corpus_labels(c, &labels, &n), STANCE_OK);
    const char *want[] = {"Neutral", "condemns", "supports", "warns", "\xC3\xA9moi"};
    ck_assert_uint_eq(n, 5);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(labels[i], want[i]);
    free(labels);
    /* the corpus keeps its own order */
    ck_assert_str_eq(stance_corpus_label(c, 0), "warns");
    stance_corpus_free(c);
}
END_TEST

static Suite *corpus_suite(void)
{
    Suite *s = suite_create("corpus");
    TCase *t = tcase_create("tsv");
    tcase_add_test(t, tsv_byte_order_mark);
    tcase_add_test(t, dir_empty_directories);
    tcase_add_unchecked_fixture(t, make_tmpdir, scratch_remove);
    tcase_add_test(t, tsv_reads_lines);
    tcase_add_test(t, tsv_no_tab);
    tcase_add_test(t, tsv_empty_label);
    tcase_add_test(t, tsv_empty_sentence);
    tcase_add_test(t, tsv_two_tabs);
    tcase_add_test(t, tsv_header_line_refused);
    tcase_add_test(t, tsv_invalid_utf8);
    tcase_add_test(t, tsv_nul_byte);
    tcase_add_test(t, tsv_nonexistent_file);
    tcase_add_test(t, tsv_empty_file);
    tcase_add_test(t, tsv_line_too_long);
    tcase_add_test(t, error_format_names_file_and_line);
    suite_add_tcase(s, t);

    TCase *f = tcase_create("fasttext");
    tcase_add_unchecked_fixture(f, make_tmpdir, scratch_remove);
    tcase_add_test(f, fasttext_reads_lines);
    tcase_add_test(f, fasttext_missing_label);
    tcase_add_test(f, fasttext_multiple_labels);
    tcase_add_test(f, fasttext_empty_label_or_sentence);
    tcase_add_test(f, fasttext_invalid_utf8_and_nul);
    suite_add_tcase(s, f);

    TCase *d = tcase_create("directory");
    tcase_add_unchecked_fixture(d, make_tmpdir, scratch_remove);
    tcase_add_test(d, dir_reads_labels_and_files);
    tcase_add_test(d, dir_bad_file_named);
    tcase_add_test(d, dir_missing);
    suite_add_tcase(s, d);

    TCase *a = tcase_create("add");
    tcase_add_test(a, add_copies_and_validates);
    tcase_add_test(a, labels_sorted_distinct);
    suite_add_tcase(s, a);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(corpus_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
