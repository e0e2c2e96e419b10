/*
 * fuzz_model.c: the model file parser (model_parse) in two modes.
 *
 * Every input is first parsed as it is.  An input that starts with the
 * model magic ("stance-model ") is then parsed again with its checksum
 * line rewritten to match, so that header and data checks past the
 * checksum are reached with fuzzer-made text.  Any other input is a list
 * of edits applied to one of four small models trained once at startup
 * (linear and RBF, with and without Platt scaling, two and three labels,
 * with and without prior weights);
 * the checksum is recomputed after editing.
 *
 * A model the parser accepts must describe itself, predict a few sentences
 * with labels in range and finite probabilities in [0, 1] that sum to 1,
 * and survive a serialise / parse / serialise round trip unchanged.
 *
 * With STANCE_FUZZ_SKIP_KNOWN=1 models with subnormal prior weights are not
 * held to the probability checks: a known finding, see fuzz/README.md.
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "model.h"
#include "stance.h"

#define TRAILER_LEN (10 + 16 + 1) /* "\nchecksum " + 16 hex digits + "\n" */

typedef struct base_model {
    char *buf;         /* serialised, without the checksum trailer */
    size_t len;
    size_t header_len; /* bytes up to and including "data\n" */
} base_model;

static base_model bases[4];

/* Twelve sentences, three labels; base models 2 and 3 use the first eight
 * (two labels). */
static const char *const train_set[][2] = {
    {"supports", "The minister welcomed the treaty as a historic step toward lasting peace."},
    {"warns", "Critics warned that the pact could trigger a new arms race in the region."},
    {"supports", "Officials praised the agreement and said it would boost trade by 20%."},
    {"warns", "Analysts cautioned that the deal risks collapse if sanctions return."},
    {"supports", "\xE2\x80\x9CThis is a good day for both nations,\xE2\x80\x9D the envoy said."},
    {"warns", "The opposition said the accord would leave farmers exposed to cheap imports."},
    {"supports", "Business groups backed the convention, calling it overdue."},
    {"warns", "Diplomats fear the truce will unravel within weeks."},
    {"neutral", "The text of the treaty runs to 42 pages and 17 articles."},
    {"neutral", "Negotiators met in Geneva on Tuesday for the third round of talks."},
    {"neutral", "The agreement is due to be signed on 3 March in Brussels."},
    {"neutral", "Both parliaments must ratify the pact before it enters into force."},
};

/* The empty probe first: a fresh predictor's first sentence may well have
 * no features the model knows. */
static const char *const probes[] = {
    "",
    "The treaty is a historic step toward peace.",
    "Critics warned the deal could collapse.",
    "   ",
    "G7 U.S. 3.5% Russia\xE2\x80\x99s \xE4\xB8\xAD\xE6\x96\x87 \xEF\xAC\x81nal caf\xC3\xA9 \xC3\x9C\x42\x45R!?",
    "treaty treaty treaty treaty treaty treaty treaty treaty treaty treaty treaty treaty",
};

static void train_base(base_model *b, stance_kernel kernel, bool probability, size_t nsent,
                       const char *prior)
{
    stance_corpus *c;
    stance_error err;
    FUZZ_CHECK(stance_corpus_new(&c) == STANCE_OK);
    for (size_t i = 0; i < nsent; i++)
        FUZZ_CHECK(stance_corpus_add(c, train_set[i][0], train_set[i][1], &err) == STANCE_OK);
    stance_train_options o;
    stance_train_options_init(&o);
    o.kernel = kernel;
    o.probability = probability;
    o.prior_weights = prior;
    o.hash_bits = 16;
    o.char_min = 3;
    o.char_max = 4;
    stance_model *m;
    if (stance_train(c, &o, &m, &err) != STANCE_OK) {
        fprintf(stderr, "fuzz_model: training failed: %s\n", err.message);
        abort();
    }
    char *buf;
    size_t len;
    FUZZ_CHECK(model_serialise(m, &buf, &len) == STANCE_OK);
    FUZZ_CHECK(len > TRAILER_LEN);
    b->buf = buf;
    b->len = len - TRAILER_LEN;
    const char *data = strstr(buf, "\ndata\n");
    FUZZ_CHECK(data != NULL);
    b->header_len = (size_t)(data - buf) + 6;
    stance_model_free(m);
    stance_corpus_free(c);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    train_base(&bases[0], STANCE_KERNEL_LINEAR, true, 12, NULL);
    train_base(&bases[1], STANCE_KERNEL_RBF, true, 12, NULL);
    train_base(&bases[2], STANCE_KERNEL_RBF, false, 8, NULL);
    train_base(&bases[3], STANCE_KERNEL_LINEAR, true, 8, "warns=2.5");
    return 0;
}

static uint64_t fnv1a(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* body[0..n) plus a checksum line that matches it, in a new buffer. */
static char *with_checksum(const char *body, size_t n, size_t *len)
{
    char trailer[TRAILER_LEN + 1];
    snprintf(trailer, sizeof trailer, "\nchecksum %016" PRIx64 "\n", fnv1a(body, n));
    /* exactly sized, so that ASan catches reads past the end */
    char *out = malloc(n + TRAILER_LEN);
    FUZZ_CHECK(out != NULL);
    memcpy(out, body, n);
    memcpy(out + n, trailer, TRAILER_LEN);
    *len = n + TRAILER_LEN;
    return out;
}

/* Known finding: prior weights so small that weight * probability
 * underflows (subnormal weights) can turn every probability into 0 / 0. */
static bool tiny_prior(const stance_model *m)
{
    for (size_t i = 0; i < m->nlabels && m->prior; i++)
        if (m->prior[i] < DBL_MIN)
            return true;
    return false;
}

static void check_prediction(const stance_model *m, const stance_prediction *p, size_t k)
{
    size_t nl = stance_model_label_count(m);
    FUZZ_CHECK(p->label >= 0 && (size_t)p->label < nl);
    FUZZ_CHECK(p->probabilities != NULL);
    if (!(fuzz_skip_known() && tiny_prior(m))) {
        /* one per label, summing to 1 (stance.h); output writers print
         * them as JSON numbers, which have no NaN */
        double sum = 0;
        for (size_t i = 0; i < nl; i++) {
            FUZZ_CHECK(isfinite(p->probabilities[i]));
            FUZZ_CHECK(p->probabilities[i] >= 0 && p->probabilities[i] <= 1);
            sum += p->probabilities[i];
        }
        FUZZ_CHECK(fabs(sum - 1) < 1e-6);
        FUZZ_CHECK(p->confidence == p->probabilities[p->label]);
    }
    FUZZ_CHECK(p->explain_count <= k);
    FUZZ_CHECK(p->explain_count == 0 || p->explain != NULL);
    for (size_t i = 0; i < p->explain_count; i++) {
        FUZZ_CHECK(p->explain[i].text != NULL);
        FUZZ_CHECK(stance_utf8_valid(p->explain[i].text, strlen(p->explain[i].text), NULL));
    }
}

static void use_model(const stance_model *m)
{
    size_t nl = stance_model_label_count(m);
    FUZZ_CHECK(nl >= 2);
    for (size_t i = 0; i < nl; i++) {
        const char *l = stance_model_label(m, i);
        FUZZ_CHECK(l != NULL && l[0] != '\0');
        FUZZ_CHECK(stance_model_label_index(m, l) == (int)i);
    }
    FUZZ_CHECK(stance_model_describe(m)[0] != '\0');

    stance_predictor *p;
    FUZZ_CHECK(stance_predictor_new(m, &p) == STANCE_OK);
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        for (size_t k = 0; k <= 5; k += 5) {
            stance_prediction r;
            FUZZ_CHECK(stance_predict(p, probes[i], strlen(probes[i]), k, &r) == STANCE_OK);
            check_prediction(m, &r, k);
        }
    }
    stance_predictor_free(p);

    /* what the parser accepts the writer must write back, and the parser
     * accept again, to the same bytes */
    char *a, *b;
    size_t alen, blen;
    FUZZ_CHECK(model_serialise(m, &a, &alen) == STANCE_OK);
    stance_model *again;
    stance_error err;
    if (model_parse(a, alen, "round-trip", &again, &err) != STANCE_OK) {
        fprintf(stderr, "fuzz_model: re-parse failed: %s\n", err.message);
        abort();
    }
    FUZZ_CHECK(model_serialise(again, &b, &blen) == STANCE_OK);
    FUZZ_CHECK(alen == blen && memcmp(a, b, alen) == 0);
    free(a);
    free(b);
    stance_model_free(again);
}

static void parse_and_use(const char *buf, size_t len)
{
    stance_model *m = (stance_model *)1;
    stance_error err;
    memset(&err, 0, sizeof err);
    stance_status st = model_parse(buf, len, "fuzz.model", &m, &err);
    if (st != STANCE_OK) {
        FUZZ_CHECK(m == NULL);
        FUZZ_CHECK(st == STANCE_EMODEL);
        FUZZ_CHECK(err.code == st && err.message[0] != '\0');
        return;
    }
    FUZZ_CHECK(m != NULL);
    use_model(m);
    stance_model_free(m);
}

/* A growable copy of a base model's body. */
typedef struct body {
    char *p;
    size_t n, cap;
} body;

static void body_insert(body *b, size_t at, const uint8_t *src, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2;
        b->p = realloc(b->p, b->cap);
        FUZZ_CHECK(b->p != NULL);
    }
    memmove(b->p + at + n, b->p + at, b->n - at);
    memcpy(b->p + at, src, n);
    b->n += n;
}

static const double special_f64[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1e-300, 1e300, -1e300,
                                     1.7976931348623157e308, 4.9e-324, 2.0, 1e6};
static const uint32_t special_u32[] = {0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0xffff,
                                       0x10000, 0x1000000};

/* Apply the edits in data[0..size) to a copy of a base model, then parse
 * the result with a matching checksum.  Each edit is an op byte, a 16-bit
 * offset (into the text header when op bit 4 is set, else anywhere) and
 * an operand. */
static void mutate_and_parse(const uint8_t *data, size_t size)
{
    const base_model *base = &bases[data[0] % 4];
    body b = {malloc(base->len + 1), base->len, base->len + 1};
    FUZZ_CHECK(b.p != NULL);
    memcpy(b.p, base->buf, base->len);
    size_t i = 1;
    while (i + 3 <= size && b.n > 0) {
        uint8_t op = data[i];
        size_t off = (size_t)data[i + 1] | (size_t)data[i + 2] << 8;
        size_t span = (op & 0x10) && base->header_len < b.n ? base->header_len : b.n;
        off %= span;
        i += 3;
        switch (op % 6) {
        case 0: /* overwrite 1, 4 or 8 bytes with input bytes */
        case 1:
        case 2: {
            size_t n = op % 6 == 0 ? 1 : op % 6 == 1 ? 4 : 8;
            for (size_t k = 0; k < n && off + k < b.n && i < size; k++)
                b.p[off + k] = (char)data[i++];
            break;
        }
        case 3: { /* insert (bit 7 clear) or delete up to 15 bytes */
            if (i >= size)
                break;
            size_t n = data[i] & 15;
            bool del = data[i++] & 0x80;
            if (del) {
                n = n < b.n - off ? n : b.n - off;
                memmove(b.p + off, b.p + off + n, b.n - off - n);
                b.n -= n;
            } else {
                n = n < size - i ? n : size - i;
                body_insert(&b, off, data + i, n);
                i += n;
            }
            break;
        }
        case 4: { /* a troublesome double */
            if (i >= size || off + 8 > b.n)
                break;
            double d = special_f64[data[i++] % (sizeof special_f64 / sizeof special_f64[0])];
            uint64_t v;
            memcpy(&v, &d, 8);
            for (int k = 0; k < 8; k++)
                b.p[off + (size_t)k] = (char)(v >> (8 * k));
            break;
        }
        default: { /* a troublesome 32-bit count or index */
            if (i >= size || off + 4 > b.n)
                break;
            uint32_t v = special_u32[data[i++] % (sizeof special_u32 / sizeof special_u32[0])];
            for (int k = 0; k < 4; k++)
                b.p[off + (size_t)k] = (char)(v >> (8 * k));
            break;
        }
        }
    }
    size_t len;
    char *buf = with_checksum(b.p, b.n, &len);
    parse_and_use(buf, len);
    free(buf);
    free(b.p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* copies, so that ASan catches reads past the end */
    char *raw = malloc(size ? size : 1);
    FUZZ_CHECK(raw != NULL);
    memcpy(raw, data, size);
    parse_and_use(raw, size);
    free(raw);

    static const char magic[] = MODEL_MAGIC " ";
    if (size >= sizeof magic - 1 && memcmp(data, magic, sizeof magic - 1) == 0) {
        size_t n = size;
        if (n >= TRAILER_LEN && memcmp(data + n - TRAILER_LEN, "\nchecksum ", 10) == 0)
            n -= TRAILER_LEN;
        size_t len;
        char *fixed = with_checksum((const char *)data, n, &len);
        parse_and_use(fixed, len);
        free(fixed);
    } else if (size > 0) {
        mutate_and_parse(data, size);
    }
    return 0;
}
