/*
 * test_oom.c: out of memory returns STANCE_ENOMEM, never a crash or a
 * different answer.  Each case runs once to get its answer, then again
 * for N = 1, 2, ... with the Nth allocation failing, until a run makes
 * fewer than N allocations; every run must return STANCE_ENOMEM or
 * succeed with exactly the first answer.
 *
 * The allocation-failure hook is this program's own malloc, calloc,
 * realloc, aligned_alloc, strdup and strndup: an executable's definitions
 * take the place of the C library's for the whole process, so the library
 * needs no build flag.  Only allocations called from this executable's
 * code count (libstance is linked into it statically): the shared
 * utf8proc, libsvm and LIBLINEAR check their own allocations or do not,
 * and the C library's internal ones (fopen, getline) are not the
 * library's to check.  The hook is armed only around the call under test.
 */
#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scratch.h"
#include "stance.h"

#define SOURCE_DIR CORPUS_DIR "/../.."

/* ------------------------------------------------------- the hook */

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void *__libc_memalign(size_t align, size_t n);
extern char __executable_start[], etext[];

static long fail_at; /* the allocation to fail, 1-based; 0: none */
static long counted; /* allocations counted since armed */

static bool fail_now(const void *caller)
{
    if (fail_at == 0 || (const char *)caller < __executable_start ||
        (const char *)caller >= etext)
        return false;
    return __atomic_add_fetch(&counted, 1, __ATOMIC_RELAXED) == fail_at;
}

void *malloc(size_t n)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_realloc(p, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_memalign(align, n);
}

char *strdup(const char *s)
{
    if (fail_now(__builtin_return_address(0)))
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = __libc_malloc(n);
    return p ? memcpy(p, s, n) : NULL;
}

char *strndup(const char *s, size_t max)
{
    if (fail_now(__builtin_return_address(0)))
        return NULL;
    size_t n = strnlen(s, max);
    char *p = __libc_malloc(n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static void arm(long n)
{
    counted = 0;
    __atomic_store_n(&fail_at, n, __ATOMIC_SEQ_CST);
}

static void disarm(void)
{
    __atomic_store_n(&fail_at, 0, __ATOMIC_SEQ_CST);
}

/* st from a call that fills err: out of memory must say so in err too
 * (the caller zeroes err before the call). */
static stance_status said(stance_status st, const stance_error *err)
{
    if (st == STANCE_ENOMEM && (err->code != STANCE_ENOMEM || err->message[0] == '\0')) {
        disarm(); /* Check's own allocations must not fail */
        ck_abort_msg("out of memory, but the error says \"%s\" (code %d)", err->message,
                     (int)err->code);
    }
    return st;
}

/* ---------------------------------------------------- the answers */

enum { ANSWER = 1 << 16 };

typedef struct answer {
    char text[ANSWER]; /* fixed: the callback must not allocate while armed */
    size_t len;
} answer;

static void say(answer *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(answer *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(a->text + a->len, sizeof a->text - a->len, fmt, ap);
    va_end(ap);
    if (k > 0)
        a->len = a->len + (size_t)k < sizeof a->text ? a->len + (size_t)k : sizeof a->text - 1;
}

/* Run the case once per N = 1, 2, ...: *got fills with the run's answer;
 * each must be STANCE_ENOMEM or want.  Returns how many allocations the
 * case makes. */
typedef stance_status (*run_fn)(answer *got, void *arg);

static long fail_each(run_fn run, void *arg, const answer *want, long limit)
{
    static answer got;
    long n;
    for (n = 1; n <= limit; n++) {
        got.len = 0;
        got.text[0] = '\0';
        arm(n);
        stance_status st = run(&got, arg);
        long made = counted;
        disarm();
        ck_assert_msg(st == STANCE_OK || st == STANCE_ENOMEM,
                      "allocation %ld failing: %s (%d), not out of memory", n,
                      stance_strerror(st), (int)st);
        if (st == STANCE_OK)
            ck_assert_msg(got.len == want->len && memcmp(got.text, want->text, got.len) == 0,
                          "allocation %ld failing: succeeded with another answer:\n%s\n"
                          "instead of\n%s", n, got.text, want->text);
        if (made < n) { /* nothing failed: the whole case has been run */
            ck_assert_int_eq(st, STANCE_OK);
            return n - 1;
        }
    }
    ck_abort_msg("more than %ld allocations", limit);
    return limit;
}

/* ------------------------------------------------ an article */

static stance_model *g_model;

static stance_status record(const stance_sentence *s, void *arg)
{
    answer *a = arg;
    say(a, "%zu [%zu,%zu) %d %.17g %s|%s|%s|%s", s->index, s->start, s->end,
        s->prediction->label, s->prediction->confidence, s->source ? s->source : "-",
        s->target ? s->target : "-", s->source_rule ? s->source_rule : "-",
        s->target_rule ? s->target_rule : "-");
    for (size_t i = 0; i < s->prediction->explain_count; i++)
        say(a, " %s=%.17g", s->prediction->explain[i].text, s->prediction->explain[i].weight);
    say(a, "\n");
    return STANCE_OK;
}

typedef struct article_case {
    const char *text;
    size_t len;
    bool lines;
} article_case;

static stance_status classify(answer *got, void *arg)
{
    const article_case *c = arg;
    stance_predictor *p;
    stance_status st = stance_predictor_new(g_model, &p);
    if (st != STANCE_OK)
        return st;
    stance_article_options o;
    stance_article_options_init(&o);
    o.explain = 3;
    o.lines = c->lines;
    stance_error err = {0};
    st = said(stance_article_classify(p, c->text, c->len, &o, record, got, &err), &err);
    stance_predictor_free(p);
    return st;
}

static void load_model(void)
{
    stance_error err;
    ck_assert_msg(stance_model_load(SOURCE_DIR "/models/treaties.model", &g_model, &err) ==
                      STANCE_OK, "%s", err.message);
}

static void free_model(void)
{
    stance_model_free(g_model);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s", path);
    static char buf[1 << 16];
    *len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

START_TEST(article_classification)
{
    article_case c = {0};
    c.text = read_all(SOURCE_DIR "/samples/border-pact.txt", &c.len);
    c.lines = _i == 1;
    static answer want;
    ck_assert_int_eq(classify(&want, &c), STANCE_OK);
    ck_assert_uint_gt(want.len, 0);
    long k = fail_each(classify, &c, &want, 100000);
    ck_assert_int_gt(k, 10);
    fprintf(stderr, "article classification%s: %ld allocations, each failed in turn\n",
            c.lines ? " (--lines)" : "", k);
}
END_TEST

/* ------------------------------------------------- training */

static const char *g_corpus;

static const char *g_saved; /* where the trained model is saved */

/* FNV-1a 64 of the file at path (0 when it cannot be read). */
static uint64_t file_hash(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    uint64_t h = 14695981039346656037ULL;
    for (int c; (c = getc(f)) != EOF;)
        h = (h ^ (unsigned char)c) * 1099511628211ULL;
    fclose(f);
    return h;
}

/* The small corpus, read into a new *c (freed by the caller). */
static stance_status read_corpus(stance_corpus **c, stance_error *err)
{
    stance_status st = stance_corpus_new(c);
    return st == STANCE_OK ? said(stance_corpus_read(*c, g_corpus, STANCE_CORPUS_TSV, err), err)
                           : st;
}

static stance_status train(answer *got, void *arg)
{
    const stance_train_options *o = arg;
    stance_corpus *c = NULL;
    stance_model *m = NULL;
    stance_predictor *p = NULL;
    stance_error err = {0};
    stance_status st = read_corpus(&c, &err);
    if (st == STANCE_OK)
        st = said(stance_train(c, o, &m, &err), &err);
    stance_calibration cal;
    if (st == STANCE_OK && o->probability &&
        (st = said(stance_model_calibrate(m, c, &cal, &err), &err)) == STANCE_OK)
        say(got, "calibrated %zu %.17g %.17g\n", cal.sentences, cal.scale, cal.nll_after);
    if (st == STANCE_OK && (st = said(stance_model_save(m, g_saved, &err), &err)) == STANCE_OK)
        say(got, "model file %016llx\n", (unsigned long long)file_hash(g_saved));
    if (st == STANCE_OK)
        st = stance_predictor_new(m, &p);
    for (size_t i = 0; st == STANCE_OK && i < stance_corpus_size(c); i++) {
        const char *text = stance_corpus_text(c, i);
        stance_prediction r;
        if ((st = stance_predict(p, text, strlen(text), 0, &r)) == STANCE_OK)
            say(got, "%zu %s %.17g\n", i, stance_model_label(m, (size_t)r.label), r.confidence);
    }
    stance_predictor_free(p);
    stance_model_free(m);
    stance_corpus_free(c);
    return st;
}

/* A small corpus: the first 45 sentences of the test split. */
static void write_corpus(void)
{
    scratch_make("oom");
    FILE *f = fopen(CORPUS_DIR "/test.tsv", "r");
    ck_assert(f != NULL);
    static char buf[1 << 16];
    size_t len = 0, lines = 0;
    while (lines < 46 && fgets(buf + len, (int)(sizeof buf - len), f) != NULL) {
        len += strlen(buf + len);
        lines++;
    }
    fclose(f);
    g_corpus = scratch_put("small.tsv", buf, len);
    g_saved = scratch_put("small.model", "", 0);
}

START_TEST(training)
{
    write_corpus();
    stance_train_options o;
    stance_train_options_init(&o);
    o.solver = _i == 0 ? STANCE_SOLVER_LIBSVM : STANCE_SOLVER_LIBLINEAR;
    o.probability = _i == 0;
    static answer want;
    ck_assert_int_eq(train(&want, &o), STANCE_OK);
    long k = fail_each(train, &o, &want, 1000000);
    ck_assert_int_gt(k, 10);
    fprintf(stderr, "training (%s), saving: %ld allocations, each failed in turn\n",
            _i == 0 ? "libsvm, probabilities, calibrated" : "liblinear", k);
    scratch_remove();
}
END_TEST

/* ------------------------------------ article scoring, cross-validation */

static stance_status score_article(answer *got, void *arg)
{
    (void)arg;
    stance_metrics *m;
    stance_status st = stance_metrics_new(stance_model_label_count(g_model), &m);
    if (st != STANCE_OK)
        return st;
    stance_article_score s;
    stance_error err = {0};
    st = said(stance_article_eval(g_model, TEST_DATA "/articles/river-pact.txt",
                                  TEST_DATA "/articles/river-pact.gold.tsv", m, &s, &err),
              &err);
    if (st == STANCE_OK) {
        size_t n;
        double ece = stance_metrics_calibration(m, &n);
        say(got, "%zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %.17g\n", s.gold, s.predicted,
            s.matched, s.source_tp, s.source_fp, s.source_fn, s.target_tp, s.target_fp,
            s.target_fn, n, ece);
    }
    stance_metrics_free(m);
    return st;
}

START_TEST(article_scoring)
{
    static answer want;
    ck_assert_int_eq(score_article(&want, NULL), STANCE_OK);
    long k = fail_each(score_article, NULL, &want, 100000);
    ck_assert_int_gt(k, 10);
    fprintf(stderr, "article scoring: %ld allocations, each failed in turn\n", k);
}
END_TEST

static stance_status cross_validate(answer *got, void *arg)
{
    const stance_train_options *o = arg;
    stance_corpus *c = NULL;
    stance_metrics *m = NULL;
    stance_error err = {0};
    stance_status st = read_corpus(&c, &err);
    if (st == STANCE_OK)
        st = said(stance_cross_validate(c, o, 3, &m, &err), &err);
    if (st == STANCE_OK) {
        size_t n;
        double ece = stance_metrics_calibration(m, &n);
        say(got, "%zu %.17g %zu", stance_metrics_total(m), ece, n);
        for (size_t g = 0; g < 4; g++)
            for (size_t p = 0; p < 4; p++)
                say(got, " %zu", stance_metrics_cell(m, g, p));
    }
    stance_metrics_free(m);
    stance_corpus_free(c);
    return st;
}

START_TEST(cross_validation)
{
    write_corpus();
    stance_train_options o;
    stance_train_options_init(&o);
    o.solver = STANCE_SOLVER_LIBLINEAR;
    o.probability = false;
    static answer want;
    ck_assert_int_eq(cross_validate(&want, &o), STANCE_OK);
    long k = fail_each(cross_validate, &o, &want, 1000000);
    ck_assert_int_gt(k, 10);
    fprintf(stderr, "cross-validation (3 folds, liblinear): %ld allocations, each failed in turn\n",
            k);
    scratch_remove();
}
END_TEST

static Suite *oom_suite(void)
{
    Suite *s = suite_create("oom");
    TCase *a = tcase_create("article");
    tcase_add_checked_fixture(a, load_model, free_model);
    tcase_add_loop_test(a, article_classification, 0, 2);
    tcase_add_test(a, article_scoring);
    tcase_set_timeout(a, 600);
    suite_add_tcase(s, a);
    TCase *t = tcase_create("training");
    tcase_add_loop_test(t, training, 0, 2);
    tcase_add_test(t, cross_validation);
    tcase_set_timeout(t, 600);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(oom_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
