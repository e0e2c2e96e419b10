/*
 * test_model.c: training, the model file and prediction through the public
 * API.  A model trained on the treaty test split must survive save and
 * load with identical predictions; loading must refuse truncated,
 * corrupted, foreign, too-new and hostile files with STANCE_EMODEL (or
 * STANCE_EIO for a file that cannot be read) and never crash.
 */
#include <check.h>
#include <dirent.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "stance.h"
#include "scratch.h"

static stance_corpus *g_corpus;
static stance_model *g_model;   /* linear, with probabilities, seed 1 */
static char *g_bytes;           /* g_model serialised */
static size_t g_len;
/* ------------------------------------------------------------- fixtures */

/* Runs once, in main before the tests: failures here leave the globals
 * NULL and every test then fails on them. */
static void setup_model(void)
{
    scratch_make("model");
    if (stance_corpus_new(&g_corpus) != STANCE_OK ||
        stance_corpus_read(g_corpus, CORPUS_DIR "/test.tsv", STANCE_CORPUS_TSV, NULL) != STANCE_OK)
        return;
    stance_train_options o;
    stance_train_options_init(&o);
    if (stance_train(g_corpus, &o, &g_model, NULL) != STANCE_OK)
        return;
    if (model_serialise(g_model, &g_bytes, &g_len) != STANCE_OK)
        g_bytes = NULL;
}

static void teardown_model(void)
{
    free(g_bytes);
    g_bytes = NULL;
    stance_model_free(g_model);
    g_model = NULL;
    stance_corpus_free(g_corpus);
    g_corpus = NULL;
    scratch_remove();
}

static void need_model(void)
{
    ck_assert_msg(tmpdir[0] != '\0', "no temporary directory");
    ck_assert_msg(g_corpus != NULL, "cannot read " CORPUS_DIR "/test.tsv");
    /* the corpus grows; the tests take its size from the file */
    ck_assert_uint_ge(stance_corpus_size(g_corpus), 100);
    ck_assert_msg(g_model != NULL && g_bytes != NULL, "training failed");
}

/* ------------------------------------------------------------- helpers */

static const char *tmp_path(const char *name)
{
    static char paths[4][1024];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 1024, "%s/%s", tmpdir, name);
    return p;
}

static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
    ck_assert_int_eq(fclose(fp), 0);
}

static char *read_bytes(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(fread(b, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return b;
}

/* Names in dir other than . and .., as one space-separated string. */
static void list_dir(const char *dir, char *out, size_t cap)
{
    out[0] = '\0';
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%s", n ? " " : "", e->d_name);
    }
    closedir(d);
}

/* Recompute the trailer "\nchecksum <16 hex>\n" (27 bytes) of a model
 * image, written out here from the format's description rather than by
 * calling the library: little-endian 64-bit words round-robin over four
 * xor-multiply lanes, tail bytes into lane 0, lanes and length combined,
 * then mixed. */
static void fix_checksum(char *buf, size_t len)
{
    ck_assert_uint_gt(len, 27);
    const uint64_t prime = 0x100000001b3ULL;
    uint64_t lane[4] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL, 0x9e3779b97f4a7c15ULL,
                        0xc2b2ae3d27d4eb4fULL};
    const unsigned char *u = (const unsigned char *)buf;
    size_t n = len - 27, i = 0, word = 0, words = n / 32 * 4;
    for (; word < words; i += 8, word++) {
        uint64_t w = 0;
        for (size_t b = 0; b < 8; b++)
            w |= (uint64_t)u[i + b] << (8 * b);
        lane[word % 4] = (lane[word % 4] ^ w) * prime;
    }
    /* whole 32-byte groups only: what is left goes byte by byte to lane 0 */
    for (; i < n; i++)
        lane[0] = (lane[0] ^ u[i]) * prime;
    uint64_t h = (uint64_t)n;
    for (int k = 0; k < 4; k++)
        h = (h ^ lane[k]) * prime;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    char trailer[28];
    snprintf(trailer, sizeof trailer, "\nchecksum %016" PRIx64 "\n", h);
    memcpy(buf + len - 27, trailer, 27);
}

/* A copy of src[0..len) with the first header occurrence of from replaced
 * by to, and a correct checksum.  The caller frees it. */
static char *edit_header(const char *src, size_t len, const char *from, const char *to,
                         size_t *out_len)
{
    const char *data = strstr(src, "\ndata\n");
    ck_assert_ptr_nonnull(data);
    size_t hdr = (size_t)(data - src);
    const char *at = NULL;
    for (size_t i = 0; i + strlen(from) <= hdr + 1 && at == NULL; i++)
        if (memcmp(src + i, from, strlen(from)) == 0)
            at = src + i;
    ck_assert_msg(at != NULL, "header has no \"%s\"", from);
    size_t pre = (size_t)(at - src), fl = strlen(from), tl = strlen(to);
    size_t n = len - fl + tl;
    char *b = malloc(n);
    ck_assert_ptr_nonnull(b);
    memcpy(b, src, pre);
    memcpy(b + pre, to, tl);
    memcpy(b + pre + tl, at + fl, len - pre - fl);
    fix_checksum(b, n);
    *out_len = n;
    return b;
}

/* Write data to a file and expect stance_model_load to refuse it. */
static void expect_refused(const char *name, const char *data, size_t len, stance_status code,
                           const char *why)
{
    const char *path = tmp_path(name);
    write_bytes(path, data, len);
    stance_model *m = (stance_model *)&m;
    stance_error err;
    memset(&err, 0, sizeof err);
    stance_status st = stance_model_load(path, &m, &err);
    ck_assert_msg(st == code, "%s (%zu bytes): status %d (%s), expected %d", name, len, (int)st,
                  err.message, (int)code);
    ck_assert_ptr_null(m);
    ck_assert_int_eq(err.code, code);
    ck_assert_str_eq(err.file, path);
    ck_assert_msg(err.message[0] != '\0', "%s: empty message", name);
    if (why != NULL)
        ck_assert_msg(strstr(err.message, why) != NULL, "%s: message \"%s\" lacks \"%s\"", name,
                      err.message, why);
    unlink(path);
}

/* Predict every stride-th corpus sentence with models a and b and require
 * the same label and probabilities (within tol); also check the
 * probabilities. */
static void same_predictions(const stance_model *a, const stance_model *b, double tol,
                             size_t stride)
{
    stance_predictor *pa, *pb;
    ck_assert_int_eq(stance_predictor_new(a, &pa), STANCE_OK);
    ck_assert_int_eq(stance_predictor_new(b, &pb), STANCE_OK);
    size_t k = stance_model_label_count(a);
    ck_assert_uint_eq(stance_model_label_count(b), k);
    bool varied = false;
    int first = -1;
    for (size_t i = 0; i < stance_corpus_size(g_corpus); i += stride) {
        const char *s = stance_corpus_text(g_corpus, i);
        stance_prediction x, y;
        ck_assert_int_eq(stance_predict(pa, s, strlen(s), 0, &x), STANCE_OK);
        ck_assert_int_eq(stance_predict(pb, s, strlen(s), 0, &y), STANCE_OK);
        ck_assert_msg(x.label == y.label, "sentence %zu: label %d before, %d after", i + 1,
                      x.label, y.label);
        ck_assert_double_eq_tol(x.confidence, y.confidence, tol);
        double sum = 0;
        for (size_t j = 0; j < k; j++) {
            ck_assert_double_eq_tol(x.probabilities[j], y.probabilities[j], tol);
            ck_assert(x.probabilities[j] >= 0 && x.probabilities[j] <= 1);
            sum += x.probabilities[j];
        }
        ck_assert_msg(fabs(sum - 1) < 1e-9, "sentence %zu: probabilities sum to %.17g", i + 1,
                      sum);
        if (first < 0)
            first = x.label;
        else if (x.label != first)
            varied = true;
    }
    /* a constant classifier would make this comparison meaningless */
    ck_assert_msg(varied, "every sentence got the same label");
    stance_predictor_free(pa);
    stance_predictor_free(pb);
}

/* ------------------------------------------------------- linear models */

START_TEST(model_labels_and_description)
{
    need_model();
    const char *want[] = {"condemns", "neutral", "supports", "warns"};
    ck_assert_uint_eq(stance_model_label_count(g_model), 4);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_str_eq(stance_model_label(g_model, i), want[i]);
        ck_assert_int_eq(stance_model_label_index(g_model, want[i]), (int)i);
    }
    ck_assert_int_eq(stance_model_label_index(g_model, "praises"), -1);
    ck_assert_ptr_nonnull(strstr(stance_model_describe(g_model), "linear"));
}
END_TEST

START_TEST(save_load_same_predictions)
{
    need_model();
    const char *path = tmp_path("roundtrip.model");
    stance_error err;
    ck_assert_int_eq(stance_model_save(g_model, path, &err), STANCE_OK);
    stance_model *m = NULL;
    ck_assert_msg(stance_model_load(path, &m, &err) == STANCE_OK, "load: %s", err.message);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(stance_model_describe(m), stance_model_describe(g_model));
    for (size_t i = 0; i < 4; i++)
        ck_assert_str_eq(stance_model_label(m, i), stance_model_label(g_model, i));
    same_predictions(g_model, m, 1e-12, 1);
    /* the loaded model writes the very same bytes */
    char *again;
    size_t len;
    ck_assert_int_eq(model_serialise(m, &again, &len), STANCE_OK);
    ck_assert_uint_eq(len, g_len);
    ck_assert_int_eq(memcmp(again, g_bytes, len), 0);
    free(again);
    stance_model_free(m);
    stance_model_free(NULL);
}
END_TEST

START_TEST(training_fits_corpus)
{
    /* a linear model predicts most of its own training sentences; the
     * confidence is the chosen label's probability (the label comes from
     * the decision values, so another label's probability may be larger) */
    need_model();
    stance_predictor *p;
    ck_assert_int_eq(stance_predictor_new(g_model, &p), STANCE_OK);
    size_t right = 0, n = stance_corpus_size(g_corpus);
    for (size_t i = 0; i < n; i++) {
        const char *s = stance_corpus_text(g_corpus, i);
        stance_prediction x;
        ck_assert_int_eq(stance_predict(p, s, strlen(s), 0, &x), STANCE_OK);
        ck_assert(x.label >= 0 && x.label < 4);
        ck_assert(x.confidence == x.probabilities[x.label]);
        double sum = 0;
        for (size_t j = 0; j < 4; j++)
            sum += x.probabilities[j];
        ck_assert_double_eq_tol(sum, 1, 1e-9);
        right += strcmp(stance_model_label(g_model, (size_t)x.label),
                        stance_corpus_label(g_corpus, i)) == 0;
    }
    ck_assert_msg(right * 10 >= n * 9, "only %zu of %zu training sentences right", right, n);
    /* invalid UTF-8 is refused, not scored */
    stance_prediction x;
    ck_assert_int_eq(stance_predict(p, "Bad \xFF text", 10, 0, &x), STANCE_EUTF8);
    stance_predictor_free(p);
}
END_TEST

START_TEST(save_is_atomic)
{
    need_model();
    char dir[1024], names[2048];
    snprintf(dir, sizeof dir, "%s/atomic", tmpdir);
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    char path[1100];
    snprintf(path, sizeof path, "%s/out.model", dir);
    stance_error err;
    ck_assert_int_eq(stance_model_save(g_model, path, &err), STANCE_OK);
    list_dir(dir, names, sizeof names);
    ck_assert_str_eq(names, "out.model");
    /* overwriting replaces the file whole, and leaves no temp file */
    write_bytes(path, "old contents", 12);
    ck_assert_int_eq(stance_model_save(g_model, path, &err), STANCE_OK);
    list_dir(dir, names, sizeof names);
    ck_assert_str_eq(names, "out.model");
    size_t len;
    char *b = read_bytes(path, &len);
    ck_assert_uint_eq(len, g_len);
    ck_assert_int_eq(memcmp(b, g_bytes, len), 0);
    free(b);

    /* a target that cannot be replaced: the rename fails, the temp file
     * goes, the error names the target */
    char sub[1100];
    snprintf(sub, sizeof sub, "%s/taken", dir);
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    char inner[1200];
    snprintf(inner, sizeof inner, "%s/x", sub);
    write_bytes(inner, "x", 1);
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(stance_model_save(g_model, sub, &err), STANCE_EIO);
    ck_assert_str_eq(err.file, sub);
    list_dir(dir, names, sizeof names);
    ck_assert_msg(strcmp(names, "out.model taken") == 0 || strcmp(names, "taken out.model") == 0,
                  "directory holds \"%s\"", names);

    /* a directory that does not exist */
    char missing[1100];
    snprintf(missing, sizeof missing, "%s/no/such/dir.model", dir);
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(stance_model_save(g_model, missing, &err), STANCE_EIO);
    ck_assert_str_eq(err.file, missing);
}
END_TEST

START_TEST(probabilities_sum_to_one)
{
    need_model();
    stance_predictor *p;
    ck_assert_int_eq(stance_predictor_new(g_model, &p), STANCE_OK);
    const char *extra[] = {"", "   ", "1990", "Zyxw qvvt.", "\xE4\xB8\xAD\xE5\x9B\xBD"};
    size_t n = stance_corpus_size(g_corpus);
    for (size_t i = 0; i < n + 5; i++) {
        const char *s = i < n ? stance_corpus_text(g_corpus, i) : extra[i - n];
        stance_prediction x;
        ck_assert_int_eq(stance_predict(p, s, strlen(s), 0, &x), STANCE_OK);
        double sum = 0;
        for (size_t j = 0; j < 4; j++) {
            ck_assert(isfinite(x.probabilities[j]) && x.probabilities[j] > 0);
            sum += x.probabilities[j];
        }
        ck_assert_msg(fabs(sum - 1) < 1e-9, "\"%s\": probabilities sum to %.17g", s, sum);
    }
    stance_predictor_free(p);
}
END_TEST

START_TEST(explain_sorted_by_weight)
{
    need_model();
    stance_predictor *p;
    ck_assert_int_eq(stance_predictor_new(g_model, &p), STANCE_OK);
    size_t with_features = 0;
    for (size_t i = 0; i < 40; i++) {
        const char *s = stance_corpus_text(g_corpus, i);
        stance_prediction x;
        ck_assert_int_eq(stance_predict(p, s, strlen(s), 8, &x), STANCE_OK);
        ck_assert_uint_le(x.explain_count, 8);
        with_features += x.explain_count > 0;
        for (size_t j = 0; j < x.explain_count; j++) {
            ck_assert_ptr_nonnull(x.explain[j].text);
            ck_assert_uint_gt(strlen(x.explain[j].text), 0);
            ck_assert(x.explain[j].weight > 0);
            if (j > 0)
                ck_assert_msg(x.explain[j].weight <= x.explain[j - 1].weight,
                              "sentence %zu: explanation not sorted at %zu", i + 1, j);
        }
        /* without explain_k there is no explanation */
        ck_assert_int_eq(stance_predict(p, s, strlen(s), 0, &x), STANCE_OK);
        ck_assert_ptr_null(x.explain);
        ck_assert_uint_eq(x.explain_count, 0);
    }
    ck_assert_uint_ge(with_features, 38);
    /* the top features of a clear sentence are its own n-grams */
    const char *s = "The opposition condemned the treaty as a shameful betrayal.";
    stance_prediction x;
    ck_assert_int_eq(stance_predict(p, s, strlen(s), 3, &x), STANCE_OK);
    ck_assert_str_eq(stance_model_label(g_model, (size_t)x.label), "condemns");
    ck_assert_uint_eq(x.explain_count, 3);
    for (size_t j = 0; j < 3; j++) {
        char t[256];
        size_t n = 0;
        for (const char *c = x.explain[j].text; *c && n + 1 < sizeof t; c++)
            if (*c != '<' && *c != '>' && *c != '^')
                t[n++] = *c;
        t[n] = '\0';
        const char *core = t[0] == ' ' ? t + 1 : t;
        /* or a cue token of the sentence's class: condemned, shameful and
         * betrayal are rejection cues */
        if (strncmp(core, "\xe2\x80\xb9reject", 9) == 0)
            continue;
        ck_assert_msg(strstr("the opposition condemned the treaty as a shameful betrayal .", core),
                      "explanation \"%s\" is not from the sentence", x.explain[j].text);
    }
    stance_predictor_free(p);
}
END_TEST

START_TEST(same_seed_same_bytes)
{
    need_model();
    stance_train_options o;
    stance_train_options_init(&o);
    stance_model *m;
    stance_error err;
    ck_assert_int_eq(stance_train(g_corpus, &o, &m, &err), STANCE_OK);
    char *b;
    size_t len;
    ck_assert_int_eq(model_serialise(m, &b, &len), STANCE_OK);
    ck_assert_uint_eq(len, g_len);
    ck_assert_int_eq(memcmp(b, g_bytes, len), 0);
    /* and the file on disk holds exactly these bytes */
    const char *path = tmp_path("seed.model");
    ck_assert_int_eq(stance_model_save(m, path, &err), STANCE_OK);
    size_t flen;
    char *f = read_bytes(path, &flen);
    ck_assert_uint_eq(flen, len);
    ck_assert_int_eq(memcmp(f, b, len), 0);
    free(f);
    free(b);
    stance_model_free(m);
}
END_TEST

START_TEST(train_rejects_bad_input)
{
    need_model();
    stance_train_options o;
    stance_train_options_init(&o);
    stance_model *m = (stance_model *)&m;
    stance_error err;
    /* one label only */
    stance_corpus *c;
    ck_assert_int_eq(stance_corpus_new(&c), STANCE_OK);
    ck_assert_int_eq(stance_corpus_add(c, "supports", "Good deal.", NULL), STANCE_OK);
    ck_assert_int_eq(stance_corpus_add(c, "supports", "Great deal.", NULL), STANCE_OK);
    ck_assert_int_eq(stance_train(c, &o, &m, &err), STANCE_ETRAIN);
    ck_assert_ptr_null(m);
    stance_corpus_free(c);
    /* options out of range */
    stance_train_options b = o;
    b.C = 0;
    ck_assert_int_eq(stance_train(g_corpus, &b, &m, &err), STANCE_EINVAL);
    b = o;
    b.hash_bits = 30;
    ck_assert_int_eq(stance_train(g_corpus, &b, &m, &err), STANCE_EINVAL);
    b = o;
    b.word_min = b.word_max = 0;
    b.char_min = b.char_max = 0;
    ck_assert_int_eq(stance_train(g_corpus, &b, &m, &err), STANCE_EINVAL);
    b = o;
    b.char_weight = 1.5;
    ck_assert_int_eq(stance_train(g_corpus, &b, &m, &err), STANCE_EINVAL);
    b = o;
    b.class_weights = "nonsense=2";
    ck_assert_int_eq(stance_train(g_corpus, &b, &m, &err), STANCE_EINVAL);
    ck_assert_ptr_null(m);
}
END_TEST

/* -------------------------------------------------------- refusing files */

START_TEST(load_missing_file)
{
    need_model();
    const char *path = tmp_path("does-not-exist.model");
    stance_model *m = (stance_model *)&m;
    stance_error err;
    ck_assert_int_eq(stance_model_load(path, &m, &err), STANCE_EIO);
    ck_assert_ptr_null(m);
    ck_assert_int_eq(err.code, STANCE_EIO);
    ck_assert_str_eq(err.file, path);
    /* a directory is not a model either */
    ck_assert_int_eq(stance_model_load(tmpdir, &m, &err), STANCE_EIO);
    ck_assert_ptr_null(m);
    ck_assert_int_eq(stance_model_load(path, &m, NULL), STANCE_EIO);
}
END_TEST

START_TEST(load_empty_file)
{
    need_model();
    expect_refused("empty.model", "", 0, STANCE_EMODEL, NULL);
    expect_refused("newline.model", "\n", 1, STANCE_EMODEL, NULL);
}
END_TEST

START_TEST(load_truncated)
{
    need_model();
    const char *data = strstr(g_bytes, "\ndata\n");
    ck_assert_ptr_nonnull(data);
    size_t hdr = (size_t)(data - g_bytes) + 6;
    size_t cuts[] = {1, 12, 13, 14, 40, hdr - 6, hdr, hdr + 5, hdr + 24, g_len / 2,
                     g_len - 28, g_len - 27, g_len - 26, g_len - 10, g_len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "cut-%zu.model", cuts[i]);
        expect_refused(name, g_bytes, cuts[i], STANCE_EMODEL, NULL);
    }
    /* trailing junk after the checksum line is no better */
    char *longer = malloc(g_len + 3);
    ck_assert_ptr_nonnull(longer);
    memcpy(longer, g_bytes, g_len);
    memcpy(longer + g_len, "xx\n", 3);
    expect_refused("junk.model", longer, g_len + 3, STANCE_EMODEL, NULL);
    free(longer);
}
END_TEST

START_TEST(load_flipped_byte)
{
    need_model();
    const char *data = strstr(g_bytes, "\ndata\n");
    size_t hdr = (size_t)(data - g_bytes) + 6;
    size_t at[] = {20, hdr - 3, hdr + 100, g_len / 2, g_len - 30};
    char *b = malloc(g_len);
    ck_assert_ptr_nonnull(b);
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        memcpy(b, g_bytes, g_len);
        b[at[i]] ^= 0x04;
        expect_refused("flipped.model", b, g_len, STANCE_EMODEL, "checksum");
    }
    /* a changed digit in the checksum itself */
    memcpy(b, g_bytes, g_len);
    b[g_len - 2] = b[g_len - 2] == '0' ? '1' : '0';
    expect_refused("flipped-sum.model", b, g_len, STANCE_EMODEL, "checksum");
    free(b);
}
END_TEST

START_TEST(load_foreign_files)
{
    need_model();
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    expect_refused("image.png", png, sizeof png - 1, STANCE_EMODEL, "not a stance model");
    static const char libsvm[] = "svm_type c_svc\nkernel_type linear\nnr_class 2\ntotal_sv 2\n"
                                 "rho 0.25\nlabel 1 -1\nnr_sv 1 1\nSV\n1 1:0.5 3:1 \n"
                                 "-1 2:0.5 \n";
    expect_refused("libsvm.model", libsvm, sizeof libsvm - 1, STANCE_EMODEL, "not a stance model");
    static const char text[] = "condemns\tThe pact is a disgrace.\n";
    expect_refused("corpus.tsv", text, sizeof text - 1, STANCE_EMODEL, "not a stance model");
    /* right magic, then nothing that makes sense */
    static const char fake[] = "stance-model 1\nhello world\n";
    expect_refused("fake.model", fake, sizeof fake - 1, STANCE_EMODEL, NULL);
}
END_TEST

START_TEST(load_future_version)
{
    need_model();
    size_t n;
    char cur[32], next[32], tag[32];
    snprintf(cur, sizeof cur, "stance-model %d\n", MODEL_VERSION);
    snprintf(next, sizeof next, "stance-model %d\n", MODEL_VERSION + 1);
    snprintf(tag, sizeof tag, "version %d", MODEL_VERSION + 1);
    char *b = edit_header(g_bytes, g_len, cur, next, &n);
    expect_refused("next.model", b, n, STANCE_EMODEL, tag);
    free(b);
    b = edit_header(g_bytes, g_len, cur, "stance-model 1000\n", &n);
    expect_refused("v1000.model", b, n, STANCE_EMODEL, "version");
    free(b);
    /* a format older than the oldest still read is refused with the way out */
    char prev[32];
    snprintf(prev, sizeof prev, "stance-model %d\n", MODEL_OLDEST - 1);
    b = edit_header(g_bytes, g_len, cur, prev, &n);
    expect_refused("old.model", b, n, STANCE_EMODEL, "retrain the model with stance-train");
    free(b);
}
END_TEST

START_TEST(load_feature_version)
{
    need_model();
    size_t n;
    char cur[32], next[32], tag[64];
    snprintf(cur, sizeof cur, "\nfeatures %d\n", FEAT_VERSION);
    snprintf(next, sizeof next, "\nfeatures %d\n", FEAT_VERSION + 1);
    snprintf(tag, sizeof tag, "features are version %d", FEAT_VERSION + 1);
    const char *at = strstr(g_bytes, cur);
    ck_assert_msg(at != NULL && at < strstr(g_bytes, "\ndata\n"), "no features line");
    size_t line = 2; /* the line after the newline found */
    for (const char *p = g_bytes; p < at; p++)
        line += *p == '\n';
    stance_model_info info;
    stance_model_get_info(g_model, &info);
    ck_assert_int_eq(info.feature_version, FEAT_VERSION);
    /* newer than this build knows: refused, naming the file and the line */
    char *b = edit_header(g_bytes, g_len, cur, next, &n);
    const char *path = tmp_path("features-next.model");
    write_bytes(path, b, n);
    stance_model *m = NULL;
    stance_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(stance_model_load(path, &m, &err), STANCE_EMODEL);
    ck_assert_ptr_null(m);
    ck_assert_str_eq(err.file, path);
    ck_assert_uint_eq(err.line, line);
    ck_assert_msg(strstr(err.message, tag) != NULL, "message \"%s\"", err.message);
    unlink(path);
    free(b);
    b = edit_header(g_bytes, g_len, cur, "\nfeatures 0\n", &n);
    expect_refused("features-0.model", b, n, STANCE_EMODEL, "bad feature version");
    free(b);
    b = edit_header(g_bytes, g_len, cur, "\nfeatures x\n", &n);
    expect_refused("features-x.model", b, n, STANCE_EMODEL, "bad feature version");
    free(b);
    /* a file from before the line loads as version 1, predicting the same */
    b = edit_header(g_bytes, g_len, cur, "\n", &n);
    ck_assert_int_eq(model_parse(b, n, "old.model", &m, &err), STANCE_OK);
    stance_model_get_info(m, &info);
    ck_assert_int_eq(info.feature_version, 1);
    same_predictions(g_model, m, 1e-15, 7);
    stance_model_free(m);
    free(b);
}
END_TEST

/* The model image with the bytes at offset at (from the start of the data
 * section) replaced by n bytes of v, and the checksum fixed.  The data
 * section starts with C, gamma and the char weight, then per row its
 * bucket (4 bytes), block (1) and idf (8), then rho, Platt A and B, the
 * prior weights and, for a linear model, the weights (4 bytes each). */
static char *edit_data(size_t at, const void *v, size_t n)
{
    char *b = malloc(g_len);
    ck_assert_ptr_nonnull(b);
    memcpy(b, g_bytes, g_len);
    const char *data = strstr(b, "\ndata\n");
    ck_assert_ptr_nonnull(data);
    size_t off = (size_t)(data - b) + 6 + at;
    ck_assert_uint_le(off + n, g_len - 27);
    memcpy(b + off, v, n);
    fix_checksum(b, g_len);
    return b;
}

START_TEST(load_bad_idf_and_weights)
{
    need_model();
    size_t rows = g_model->feat.rows, np = g_model->npairs, k = g_model->nlabels;
    ck_assert(g_model->probability);
    size_t idf0 = 24 + rows * 5, w0 = 24 + rows * 13 + np * 24 + k * 8;
    /* a zero or negative idf would turn the block it encodes around */
    const double zero = 0, minus = -1.5;
    char *b = edit_data(idf0, &zero, 8);
    expect_refused("idf-zero.model", b, g_len, STANCE_EMODEL, "idf of feature row 0 is not positive");
    free(b);
    b = edit_data(idf0 + 8 * (rows - 1), &minus, 8);
    expect_refused("idf-negative.model", b, g_len, STANCE_EMODEL, "is not positive");
    free(b);
    /* single-precision weights that are not finite */
    const float nan = NAN, inf = INFINITY;
    b = edit_data(w0, &nan, 4);
    expect_refused("weight-nan.model", b, g_len, STANCE_EMODEL, "bad weights");
    free(b);
    b = edit_data(w0 + 4 * (rows * np - 1), &inf, 4);
    expect_refused("weight-inf.model", b, g_len, STANCE_EMODEL, "bad weights");
    free(b);
    /* and the last weight, set to a finite value, still loads */
    const float one = 1;
    b = edit_data(w0 + 4 * (rows * np - 1), &one, 4);
    const char *path = tmp_path("weight-one.model");
    write_bytes(path, b, g_len);
    stance_model *m;
    ck_assert_int_eq(stance_model_load(path, &m, NULL), STANCE_OK);
    stance_model_free(m);
    free(b);
}
END_TEST

START_TEST(load_absurd_counts)
{
    need_model();
    char rows[64], rows_cap[64], rows_over[64];
    size_t r = g_model->feat.rows;
    snprintf(rows, sizeof rows, "\nrows %zu\n", r);
    snprintf(rows_cap, sizeof rows_cap, "\nrows %zu\n", (size_t)1 << 20);
    snprintf(rows_over, sizeof rows_over, "\nrows %zu\n", ((size_t)1 << 20) + 1);
    struct {
        const char *from, *to;
    } edits[] = {
        {"\nlabels 4\n", "\nlabels 99999999\n"},
        {"\nlabels 4\n", "\nlabels 18446744073709551617\n"},
        {"\nlabels 4\n", "\nlabels 5\n"},
        {"\nlabels 4\n", "\nlabels 3\n"},
        {"\nlabels 4\n", "\nlabels 1\n"},
        {"\nlabels 4\n", "\nlabels -4\n"},
        {rows, rows_over},
        {rows, rows_cap},
        {rows, "\nrows 0\n"},
        {"\nnsv 0\n", "\nnsv 4294967296\n"},
        {"\nnsv 0\n", "\nnsv 2147483648\n"},
        {"\nnnz 0\n", "\nnnz 1099511627776\n"},
        {"\nhash_bits 20\n", "\nhash_bits 40\n"},
        {"\nword 1 2\n", "\nword 2 1\n"},
        {"\nchar 3 5\n", "\nchar 3 99\n"},
        {"\nkernel linear\n", "\nkernel sigmoid\n"},
        {"\nprobability 1\n", "\nprobability 0\n"},
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        size_t n;
        char *b = edit_header(g_bytes, g_len, edits[i].from, edits[i].to, &n);
        char name[64];
        snprintf(name, sizeof name, "absurd-%zu.model", i);
        expect_refused(name, b, n, STANCE_EMODEL, NULL);
        free(b);
    }
}
END_TEST

START_TEST(load_bad_labels)
{
    need_model();
    size_t n;
    char *b = edit_header(g_bytes, g_len, "\nlabel condemns\n", "\nlabel cond\x01mns\n", &n);
    expect_refused("ctrl-label.model", b, n, STANCE_EMODEL, "control");
    free(b);
    b = edit_header(g_bytes, g_len, "\nlabel neutral\n", "\nlabel neu\x7ftral\n", &n);
    expect_refused("del-label.model", b, n, STANCE_EMODEL, NULL);
    free(b);
    b = edit_header(g_bytes, g_len, "\nlabel supports\n", "\nlabel condemns\n", &n);
    expect_refused("twice-label.model", b, n, STANCE_EMODEL, "twice");
    free(b);
    b = edit_header(g_bytes, g_len, "\nlabel warns\n", "\nlabel w\xFFrns\n", &n);
    expect_refused("utf8-label.model", b, n, STANCE_EMODEL, NULL);
    free(b);
    b = edit_header(g_bytes, g_len, "\nlabel warns\n", "\nlabel \n", &n);
    expect_refused("empty-label.model", b, n, STANCE_EMODEL, NULL);
    free(b);
}
END_TEST

/*
 * Regression test (a bug this suite found, since fixed): training accepts labels that the
 * model file cannot carry.  stance_corpus_add (and the TSV reader) accept a
 * label holding a control character such as "\x01", or one longer than 256
 * bytes; stance_train and stance_model_save succeed, but stance_model_load
 * then refuses the saved file with STANCE_EMODEL ("label 1 is missing, too
 * long or holds control characters").  A model that saves must load.
 */
START_TEST(saved_model_always_loads)
{
    char long_label[301];
    memset(long_label, 'x', 300);
    long_label[300] = '\0';
    const char *labels[] = {"bad\x01label", long_label};
    for (size_t i = 0; i < 2; i++) {
        stance_corpus *c;
        ck_assert_int_eq(stance_corpus_new(&c), STANCE_OK);
        stance_corpus_add(c, labels[i], "The treaty is a disgrace and a betrayal.", NULL);
        stance_corpus_add(c, labels[i], "Ministers condemned the pact.", NULL);
        stance_corpus_add(c, "neutral", "The talks resume on Monday in Geneva.", NULL);
        stance_corpus_add(c, "neutral", "The agreement was signed in 1990.", NULL);
        stance_train_options o;
        stance_train_options_init(&o);
        o.probability = false;
        stance_model *m = NULL;
        stance_error err;
        if (stance_train(c, &o, &m, &err) == STANCE_OK) {
            const char *path = tmp_path("odd-label.model");
            if (stance_model_save(m, path, &err) == STANCE_OK) {
                stance_model *back = NULL;
                ck_assert_msg(stance_model_load(path, &back, &err) == STANCE_OK,
                              "label %zu: saved model does not load: %s", i, err.message);
                stance_model_free(back);
            }
            stance_model_free(m);
        }
        stance_corpus_free(c);
    }
}
END_TEST

/* ----------------------------------------------------------- RBF models */

static stance_model *g_rbf;

static void setup_rbf(void)
{
    setup_model();
    if (g_corpus == NULL)
        return;
    stance_train_options o;
    stance_train_options_init(&o);
    o.kernel = STANCE_KERNEL_RBF;
    o.gamma = 1.0;
    if (stance_train(g_corpus, &o, &g_rbf, NULL) != STANCE_OK)
        g_rbf = NULL;
}

static void teardown_rbf(void)
{
    stance_model_free(g_rbf);
    g_rbf = NULL;
    teardown_model();
}

START_TEST(rbf_round_trip)
{
    need_model();
    ck_assert_msg(g_rbf != NULL, "RBF training failed");
    ck_assert_ptr_nonnull(strstr(stance_model_describe(g_rbf), "rbf"));
    const char *path = tmp_path("rbf.model");
    stance_error err;
    ck_assert_int_eq(stance_model_save(g_rbf, path, &err), STANCE_OK);
    stance_model *m = NULL;
    ck_assert_msg(stance_model_load(path, &m, &err) == STANCE_OK, "load: %s", err.message);
    /* RBF prediction costs a kernel per support vector: every 4th sentence */
    same_predictions(g_rbf, m, 1e-12, 4);
    char *a, *b;
    size_t la, lb;
    ck_assert_int_eq(model_serialise(g_rbf, &a, &la), STANCE_OK);
    ck_assert_int_eq(model_serialise(m, &b, &lb), STANCE_OK);
    ck_assert_uint_eq(la, lb);
    ck_assert_int_eq(memcmp(a, b, la), 0);
    free(a);
    free(b);
    stance_model_free(m);
}
END_TEST

START_TEST(rbf_refuses_bad_counts)
{
    need_model();
    ck_assert_msg(g_rbf != NULL, "RBF training failed");
    char *img;
    size_t len;
    ck_assert_int_eq(model_serialise(g_rbf, &img, &len), STANCE_OK);
    char nsv[64], nnz[64];
    snprintf(nsv, sizeof nsv, "\nnsv %zu\n", g_rbf->nsv);
    snprintf(nnz, sizeof nnz, "\nnnz %zu\n", g_rbf->nnz);
    const char *to[][2] = {
        {nsv, "\nnsv 2147483648\n"}, {nsv, "\nnsv 0\n"},   {nsv, "\nnsv 1\n"},
        {nnz, "\nnnz 1099511627776\n"}, {nnz, "\nnnz 0\n"}, {nnz, "\nnnz 1\n"},
    };
    for (size_t i = 0; i < sizeof to / sizeof to[0]; i++) {
        size_t n;
        char *b = edit_header(img, len, to[i][0], to[i][1], &n);
        char name[64];
        snprintf(name, sizeof name, "rbf-absurd-%zu.model", i);
        expect_refused(name, b, n, STANCE_EMODEL, NULL);
        free(b);
    }
    /* truncated and corrupted RBF files too */
    expect_refused("rbf-cut.model", img, len / 3, STANCE_EMODEL, NULL);
    img[len / 2] ^= 0x10;
    expect_refused("rbf-flip.model", img, len, STANCE_EMODEL, "checksum");
    free(img);
}
END_TEST

/*
 * Regression test (a bug this suite found, since fixed): the default RBF width is useless.
 * With gamma <= 0 the library uses 1 / number of features (31917 here),
 * but sentence vectors have unit length, so every kernel value is within
 * 1e-4 of 1 and the SVM cannot separate anything: trained on
 * corpora/treaties/test.tsv with stance_train_options_init defaults and
 * kernel = STANCE_KERNEL_RBF, the model gave all 537 of its own training
 * sentences one label, "supports" (134/537 right; the linear model got
 * 537/537), when that file held 537 sentences.
 */
START_TEST(rbf_default_gamma_fits)
{
    need_model();
    stance_train_options o;
    stance_train_options_init(&o);
    o.kernel = STANCE_KERNEL_RBF;
    stance_model *m = NULL;
    ck_assert_int_eq(stance_train(g_corpus, &o, &m, NULL), STANCE_OK);
    stance_predictor *p;
    ck_assert_int_eq(stance_predictor_new(m, &p), STANCE_OK);
    size_t right = 0, n = stance_corpus_size(g_corpus);
    for (size_t i = 0; i < n; i++) {
        const char *s = stance_corpus_text(g_corpus, i);
        stance_prediction x;
        ck_assert_int_eq(stance_predict(p, s, strlen(s), 0, &x), STANCE_OK);
        right += strcmp(stance_model_label(m, (size_t)x.label), stance_corpus_label(g_corpus, i)) == 0;
    }
    ck_assert_msg(right * 2 > n, "default RBF gets %zu of %zu training sentences", right, n);
    stance_predictor_free(p);
    stance_model_free(m);
}
END_TEST

/* ------------------------------------------------- the training record */

/* FNV-1a 64 of every corpus sentence as "label TAB text LF", written out
 * here from the README's description. */
static uint64_t corpus_fnv(const stance_corpus *c)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < stance_corpus_size(c); i++)
        for (int part = 0; part < 4; part++) {
            const char *s = part == 0 ? stance_corpus_label(c, i) : part == 1 ? "\t"
                          : part == 2 ? stance_corpus_text(c, i) : "\n";
            for (; *s; s++)
                h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
        }
    return h;
}

START_TEST(training_record_round_trip)
{
    need_model();
    stance_model_info a, b;
    stance_model_get_info(g_model, &a);
    ck_assert_int_eq(a.format, MODEL_VERSION);
    ck_assert(a.recorded);
    ck_assert_str_eq(a.stance_version, STANCE_VERSION);
    ck_assert_int_eq(a.solver, STANCE_SOLVER_LIBSVM); /* a small corpus: auto picks libsvm */
    ck_assert_int_eq(a.seed, 1);
    ck_assert_int_eq(a.min_df, 1);
    ck_assert(!a.balanced);
    ck_assert_ptr_null(a.class_weights);
    ck_assert_ptr_null(a.grid_score);
    ck_assert_uint_eq(a.sentences, stance_corpus_size(g_corpus));
    ck_assert_uint_eq(a.corpus_checksum, corpus_fnv(g_corpus));
    uint64_t total = 0;
    for (size_t i = 0; i < 4; i++) {
        size_t want = 0;
        for (size_t j = 0; j < stance_corpus_size(g_corpus); j++)
            want += strcmp(stance_corpus_label(g_corpus, j), stance_model_label(g_model, i)) == 0;
        ck_assert_uint_eq(a.label_sentences[i], want);
        total += a.label_sentences[i];
    }
    ck_assert_uint_eq(total, a.sentences);
    ck_assert_ptr_nonnull(strstr(g_bytes, "\ntrained_by stance " STANCE_VERSION "\nsolver libsvm\n"
                                          "balanced 0\nmin_df 1\nseed 1\ncorpus "));
    stance_model *m = NULL;
    stance_error err;
    ck_assert_int_eq(model_parse(g_bytes, g_len, "x", &m, &err), STANCE_OK);
    stance_model_get_info(m, &b);
    ck_assert(b.recorded);
    ck_assert_str_eq(b.stance_version, a.stance_version);
    ck_assert_int_eq(b.solver, a.solver);
    ck_assert_uint_eq(b.corpus_checksum, a.corpus_checksum);
    ck_assert_uint_eq(b.sentences, a.sentences);
    for (size_t i = 0; i < 4; i++)
        ck_assert_uint_eq(b.label_sentences[i], a.label_sentences[i]);
    stance_model_free(m);
}
END_TEST

/* Every recorded setting survives save and load: LIBLINEAR, class weights,
 * balanced, min-df, seed and a grid record. */
START_TEST(training_record_all_settings)
{
    need_model();
    stance_train_options o;
    stance_train_options_init(&o);
    o.solver = STANCE_SOLVER_LIBLINEAR;
    o.balanced = true;
    o.class_weights = "warns=2,condemns=1.5";
    o.min_df = 2;
    o.seed = 77;
    o.probability = false;
    o.char_weight = 0.4;
    o.grid_folds = 5;
    o.grid_points = 48;
    o.grid_score = "macro-f1";
    o.grid_value = 0.8765432109876;
    stance_model *m = NULL, *l = NULL;
    stance_error err;
    ck_assert_msg(stance_train(g_corpus, &o, &m, &err) == STANCE_OK, "%s", err.message);
    char *bytes;
    size_t len;
    ck_assert_int_eq(model_serialise(m, &bytes, &len), STANCE_OK);
    ck_assert_ptr_nonnull(strstr(bytes, "\nsolver liblinear\nbalanced 1\n"
                                        "class_weights warns=2,condemns=1.5\nmin_df 2\nseed 77\n"
                                        "grid macro-f1 5 48 0.876543211\ncorpus "));
    ck_assert_int_eq(model_parse(bytes, len, "x", &l, &err), STANCE_OK);
    stance_model_info a, b;
    stance_model_get_info(l, &b);
    stance_model_get_info(m, &a);
    ck_assert_int_eq(b.solver, STANCE_SOLVER_LIBLINEAR);
    ck_assert(b.balanced);
    ck_assert_str_eq(b.class_weights, "warns=2,condemns=1.5");
    ck_assert_int_eq(b.min_df, 2);
    ck_assert_uint_eq(b.seed, 77);
    ck_assert_str_eq(b.grid_score, "macro-f1");
    ck_assert_int_eq(b.grid_folds, 5);
    ck_assert_int_eq(b.grid_repeats, 1); /* no fifth field: dealt once */
    ck_assert_uint_eq(b.grid_points, 48);
    ck_assert(b.grid_value == a.grid_value && fabs(b.grid_value - 0.876543211) < 1e-12);
    ck_assert(!b.probability);
    ck_assert(b.char_weight == 0.4);
    char *again;
    size_t alen;
    ck_assert_int_eq(model_serialise(l, &again, &alen), STANCE_OK);
    ck_assert_uint_eq(alen, len);
    ck_assert(memcmp(again, bytes, len) == 0);
    free(again);
    stance_model_free(l);
    /* a score over named labels (--grid-score macro-f1:L,L) loads and
     * writes back; one with whitespace or no label does not load */
    const char *cases[][2] = {{"macro-f1:favor,against", "ok"}, {"macro-f1:", "bad"},
                              {"f1:favor", "bad"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *at = strstr(bytes, "\ngrid macro-f1 ");
        ck_assert_ptr_nonnull(at);
        size_t head = (size_t)(at - bytes) + 6, tail = head + strlen("macro-f1");
        size_t slen = strlen(cases[i][0]), nlen = len - (tail - head) + slen;
        char *v = malloc(nlen);
        ck_assert_ptr_nonnull(v);
        memcpy(v, bytes, head);
        memcpy(v + head, cases[i][0], slen);
        memcpy(v + head + slen, bytes + tail, len - tail);
        char hex[17]; /* the trailer "\nchecksum " + 16 hex digits + "\n" */
        snprintf(hex, sizeof hex, "%016" PRIx64, model_checksum(v, nlen - 27));
        memcpy(v + nlen - 17, hex, 16);
        stance_status st = model_parse(v, nlen, "x", &l, &err);
        if (strcmp(cases[i][1], "ok") == 0) {
            ck_assert_msg(st == STANCE_OK, "%s", err.message);
            stance_model_get_info(l, &b);
            ck_assert_str_eq(b.grid_score, "macro-f1:favor,against");
            ck_assert_int_eq(model_serialise(l, &again, &alen), STANCE_OK);
            ck_assert_uint_eq(alen, nlen);
            ck_assert(memcmp(again, v, nlen) == 0);
            free(again);
            stance_model_free(l);
        } else {
            ck_assert_int_ne(st, STANCE_OK);
        }
        free(v);
    }
    free(bytes);
    stance_model_free(m);
    /* folds dealt several times (--grid-repeats): a fifth field, read back */
    o.grid_repeats = 3;
    ck_assert_msg(stance_train(g_corpus, &o, &m, &err) == STANCE_OK, "%s", err.message);
    ck_assert_int_eq(model_serialise(m, &bytes, &len), STANCE_OK);
    ck_assert_ptr_nonnull(strstr(bytes, "\ngrid macro-f1 5 48 0.876543211 3\ncorpus "));
    ck_assert_int_eq(model_parse(bytes, len, "x", &l, &err), STANCE_OK);
    stance_model_get_info(l, &b);
    ck_assert_int_eq(b.grid_repeats, 3);
    ck_assert_int_eq(b.grid_folds, 5);
    ck_assert_int_eq(model_serialise(l, &again, &alen), STANCE_OK);
    ck_assert_uint_eq(alen, len);
    ck_assert(memcmp(again, bytes, len) == 0);
    free(again);
    free(bytes);
    stance_model_free(l);
    stance_model_free(m);
    o.grid_repeats = 101;
    ck_assert_int_eq(stance_train(g_corpus, &o, &m, &err), STANCE_EINVAL);
    o.grid_repeats = 1;
    /* a grid record is checked before training */
    o.grid_score = "macro-f1:a b";
    ck_assert_int_eq(stance_train(g_corpus, &o, &m, &err), STANCE_EINVAL);
    o.grid_score = "macro-f1:";
    ck_assert_int_eq(stance_train(g_corpus, &o, &m, &err), STANCE_EINVAL);
    o.grid_score = "f2";
    ck_assert_int_eq(stance_train(g_corpus, &o, &m, &err), STANCE_EINVAL);
}
END_TEST

/* A model of format 3, which has no training record, still loads, reports
 * none, and writes the same bytes back. */
START_TEST(format3_still_loads)
{
    need_model();
    g_model->train.present = false;
    char *v3;
    size_t len;
    ck_assert_int_eq(model_serialise(g_model, &v3, &len), STANCE_OK);
    g_model->train.present = true;
    ck_assert(strncmp(v3, "stance-model 3\n", 15) == 0);
    ck_assert_ptr_null(strstr(v3, "trained_by"));
    ck_assert_uint_lt(len, g_len);
    const char *path = tmp_path("v3.model");
    write_bytes(path, v3, len);
    stance_model *m = NULL;
    stance_error err;
    ck_assert_msg(stance_model_load(path, &m, &err) == STANCE_OK, "%s", err.message);
    stance_model_info in;
    stance_model_get_info(m, &in);
    ck_assert_int_eq(in.format, 3);
    ck_assert(!in.recorded);
    ck_assert_ptr_null(in.stance_version);
    ck_assert_ptr_null(in.label_sentences);
    ck_assert(in.C == 1 && in.probability && in.features == g_model->feat.rows);
    same_predictions(g_model, m, 1e-12, 7);
    char *again;
    size_t alen;
    ck_assert_int_eq(model_serialise(m, &again, &alen), STANCE_OK);
    ck_assert(alen == len && memcmp(again, v3, len) == 0);
    free(again);
    free(v3);
    stance_model_free(m);
}
END_TEST

START_TEST(load_bad_training_record)
{
    need_model();
    static const struct {
        const char *from, *to, *why;
    } edits[] = {
        {"\nsolver libsvm\n", "\nsolver sgd\n", "solver"},
        {"\ntrained_by stance ", "\ntrained_by gensim ", "trained_by"},
        {"\nbalanced 0\n", "\nbalanced 2\n", "balanced"},
        {"\nseed 1\n", "\nseed -1\n", "seed"},
        {"\nmin_df 1\n", "\nmin_df 0\n", "min_df"},
        {"\nseed 1\n", "\nseed 1\ngrid macro-f1 5 48 1.5\n", "grid"},
        {"\nseed 1\n", "\nseed 1\ngrid f2 5 48 0.500000000\n", "grid"},
        {"\nseed 1\n", "\nseed 1\ngrid macro-f1 5 48 0.500000000 1\n", "grid"},
        {"\nseed 1\n", "\nseed 1\ngrid macro-f1 5 48 0.500000000 03\n", "grid"},
        {"\nseed 1\n", "\nseed 1\ngrid macro-f1 5 48 0.500000000 101\n", "grid"},
        {"\nseed 1\n", "\nseed 1\ngrid macro-f1 5 48 0.500000000 3x\n", "grid"},
        {"\nseed 1\n", "\nseed 1\ngrid macro-f1 5 48 0.500000000  3\n", "grid"},
        {"\nseed 1\n", "\nseed 1\ngrid macro-f1 5 48 0.500000000 \n", "grid"},
        {"\ncorpus ", "\ncorpus 9", "add up"},
        {"\nlabel_sentences ", "\nlabel_sentences 1", "label_sentences"},
        {"\ncorpus ", "\ncorpse ", "corpus"},
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        size_t n;
        char *b = edit_header(g_bytes, g_len, edits[i].from, edits[i].to, &n);
        expect_refused("record.model", b, n, STANCE_EMODEL, edits[i].why);
        free(b);
    }
    /* a training record missing from a format 4 file */
    char *v3;
    size_t len, n;
    g_model->train.present = false;
    ck_assert_int_eq(model_serialise(g_model, &v3, &len), STANCE_OK);
    g_model->train.present = true;
    char *b = edit_header(v3, len, "stance-model 3\n", "stance-model 4\n", &n);
    expect_refused("norecord.model", b, n, STANCE_EMODEL, "trained_by");
    free(b);
    free(v3);
}
END_TEST

static Suite *model_suite(void)
{
    Suite *s = suite_create("model");
    TCase *l = tcase_create("linear");
    tcase_add_test(l, saved_model_always_loads);
    tcase_add_test(l, rbf_default_gamma_fits);
    tcase_set_timeout(l, 60);
    tcase_add_test(l, model_labels_and_description);
    tcase_add_test(l, save_load_same_predictions);
    tcase_add_test(l, training_fits_corpus);
    tcase_add_test(l, save_is_atomic);
    tcase_add_test(l, probabilities_sum_to_one);
    tcase_add_test(l, explain_sorted_by_weight);
    tcase_add_test(l, same_seed_same_bytes);
    tcase_add_test(l, train_rejects_bad_input);
    tcase_add_test(l, training_record_round_trip);
    tcase_add_test(l, training_record_all_settings);
    tcase_add_test(l, format3_still_loads);
    suite_add_tcase(s, l);

    TCase *f = tcase_create("refuse");
    tcase_set_timeout(f, 60);
    tcase_add_test(f, load_missing_file);
    tcase_add_test(f, load_empty_file);
    tcase_add_test(f, load_truncated);
    tcase_add_test(f, load_flipped_byte);
    tcase_add_test(f, load_foreign_files);
    tcase_add_test(f, load_future_version);
    tcase_add_test(f, load_bad_idf_and_weights);
    tcase_add_test(f, load_feature_version);
    tcase_add_test(f, load_absurd_counts);
    tcase_add_test(f, load_bad_labels);
    tcase_add_test(f, load_bad_training_record);
    suite_add_tcase(s, f);

    TCase *r = tcase_create("rbf");
    tcase_set_timeout(r, 60);
    tcase_add_test(r, rbf_round_trip);
    tcase_add_test(r, rbf_refuses_bad_counts);
    suite_add_tcase(s, r);
    return s;
}

int main(void)
{
    /* train once; forked tests inherit the models */
    setup_rbf();
    SRunner *sr = srunner_create(model_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    teardown_rbf();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
