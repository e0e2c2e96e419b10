/*
 * model.c: the model file.  A text header of "key value" lines (magic and
 * version first, then labels, kernel and feature settings, from format 4
 * the training record (put_training: trainer, solver, class weights,
 * min-df, seed, grid, corpus checksum and sentences per label), and the
 * counts that size the data), a "data" line, a little-endian binary section (all
 * floating-point numbers as IEEE-754 bit patterns, so files are exact and
 * locale-proof), and a final "checksum" line holding the FNV-1a 64 hash of
 * everything before it.  Loading checks magic, version, checksum and that
 * every count agrees with the bytes present before allocating anything
 * sized by the file.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libsvm/svm.h>

#include "error.h"
#include "io.h"
#include "model.h"

stance_model *model_alloc(void)
{
    return calloc(1, sizeof(stance_model));
}

void stance_model_free(stance_model *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->nlabels && m->labels; i++)
        free(m->labels[i]);
    free(m->labels);
    feat_table_free(&m->feat);
    free(m->rho);
    free(m->probA);
    free(m->probB);
    free(m->prior);
    free(m->w);
    free(m->nsv_class);
    free(m->sv_start);
    free(m->sv_index);
    free(m->sv_value);
    free(m->sv_coef);
    if (m->svm) {
        free(m->svm->SV);
        free(m->svm->sv_coef);
        free(m->svm->label);
        free(m->svm->nSV);
        free(m->svm);
    }
    free(m->svm_nodes);
    free(m->train.class_weights);
    free(m->train.label_sentences);
    free(m);
}

size_t stance_model_label_count(const stance_model *m) { return m->nlabels; }
const char *stance_model_label(const stance_model *m, size_t i) { return m->labels[i]; }
const char *stance_model_describe(const stance_model *m) { return m->describe; }

int stance_model_label_index(const stance_model *m, const char *name)
{
    for (size_t i = 0; i < m->nlabels; i++)
        if (strcmp(m->labels[i], name) == 0)
            return (int)i;
    return -1;
}

uint64_t model_corpus_sum(uint64_t h, const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ u[i]) * 0x100000001b3ULL;
    return h;
}

void stance_model_get_info(const stance_model *m, stance_model_info *info)
{
    const feat_config *c = &m->feat.cfg;
    const model_training *t = &m->train;
    memset(info, 0, sizeof *info);
    info->format = m->format;
    info->kernel = m->kernel;
    info->C = m->C;
    info->gamma = m->gamma;
    info->prior_weights = m->prior;
    info->char_weight = c->char_weight;
    info->word_min = c->word_min;
    info->word_max = c->word_max;
    info->char_min = c->char_min;
    info->char_max = c->char_max;
    info->hash_bits = c->hash_bits;
    info->cues = c->cues;
    info->feature_version = c->version;
    info->probability = m->probability;
    info->features = m->feat.rows;
    if (!t->present)
        return;
    info->recorded = true;
    info->stance_version = t->version;
    info->solver = t->solver;
    info->balanced = t->balanced;
    info->class_weights = t->class_weights;
    info->min_df = t->min_df;
    info->seed = t->seed;
    if (t->grid_score[0]) {
        info->grid_score = t->grid_score;
        info->grid_folds = t->grid_folds;
        info->grid_repeats = t->grid_repeats;
        info->grid_points = t->grid_points;
        info->grid_value = t->grid_value;
    }
    info->calibration_sentences = t->calib_sentences;
    info->calibration_scale = t->calib_sentences ? t->calib_scale : 1.0;
    info->sentences = t->sentences;
    info->corpus_checksum = t->corpus_sum;
    info->label_sentences = t->label_sentences;
}

void model_describe(stance_model *m)
{
    const feat_config *c = &m->feat.cfg;
    char prior[128] = "";
    size_t used = 0;
    for (size_t i = 0; i < m->nlabels && m->prior; i++)
        if (m->prior[i] != 1.0 && used < sizeof prior)
            used += (size_t)snprintf(prior + used, sizeof prior - used, "%s%s=%g",
                                     used ? "," : ", prior ", m->labels[i], m->prior[i]);
    snprintf(m->describe, sizeof m->describe,
             "%s kernel, C=%g, word %d-%d-grams, char %d-%d-grams, char weight %g, "
             "%zu features, %zu labels%s",
             m->kernel == STANCE_KERNEL_LINEAR ? "linear" : "rbf", m->C, c->word_min,
             c->word_max, c->char_min, c->char_max, c->char_weight, m->feat.rows, m->nlabels,
             prior);
}

/* libsvm's own RBF prediction runs over this view of our arrays; the model
 * owns every array libsvm points into. */
bool model_build_svm(stance_model *m)
{
    struct svm_model *s = calloc(1, sizeof *s);
    if (s == NULL)
        return false;
    m->svm = s;
    s->param.svm_type = C_SVC;
    s->param.kernel_type = RBF;
    s->param.gamma = m->gamma;
    s->nr_class = (int)m->nlabels;
    s->l = (int)m->nsv;
    s->rho = m->rho;
    s->probA = m->probA;
    s->probB = m->probB;
    s->free_sv = 0;
    s->SV = malloc((m->nsv ? m->nsv : 1) * sizeof *s->SV);
    s->sv_coef = malloc((m->nlabels - 1) * sizeof *s->sv_coef);
    s->label = malloc(m->nlabels * sizeof *s->label);
    s->nSV = malloc(m->nlabels * sizeof *s->nSV);
    m->svm_nodes = malloc((m->nnz + m->nsv) * sizeof *m->svm_nodes + 1);
    if (!s->SV || !s->sv_coef || !s->label || !s->nSV || !m->svm_nodes)
        return false;
    for (size_t i = 0; i < m->nlabels; i++) {
        s->label[i] = (int)i;
        s->nSV[i] = (int)m->nsv_class[i];
    }
    for (size_t i = 0; i + 1 < m->nlabels; i++)
        s->sv_coef[i] = m->sv_coef + i * m->nsv;
    struct svm_node *node = m->svm_nodes;
    for (size_t v = 0; v < m->nsv; v++) {
        s->SV[v] = node;
        for (uint64_t j = m->sv_start[v]; j < m->sv_start[v + 1]; j++, node++) {
            node->index = (int)m->sv_index[j];
            node->value = m->sv_value[j];
        }
        node->index = -1;
        node++;
    }
    return true;
}

/* ------------------------------------------------------------- writing */

typedef struct wbuf {
    char *p;
    size_t n, cap;
    bool oom;
} wbuf;

static void put(wbuf *b, const void *src, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
}

static void put_text(wbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_text(wbuf *b, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    put(b, line, n < 0 ? 0 : (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static void put_u64(wbuf *b, uint64_t v)
{
    unsigned char o[8];
    for (int i = 0; i < 8; i++)
        o[i] = (unsigned char)(v >> (8 * i));
    put(b, o, 8);
}

static void put_u32(wbuf *b, uint32_t v)
{
    unsigned char o[4];
    for (int i = 0; i < 4; i++)
        o[i] = (unsigned char)(v >> (8 * i));
    put(b, o, 4);
}

static void put_f64(wbuf *b, double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    put_u64(b, v);
}

static void put_f32s(wbuf *b, const float *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t v;
        memcpy(&v, &f[i], 4);
        put_u32(b, v);
    }
}

static void put_f64s(wbuf *b, const double *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put_f64(b, d[i]);
}

/* The training record's header lines (model_training; format 4), numbers
 * in integers only, so the text does not depend on the locale. */
static void put_training(wbuf *b, const model_training *t, size_t nlabels)
{
    put_text(b, "trained_by stance %s\n", t->version);
    put_text(b, "solver %s\n", t->solver == STANCE_SOLVER_LIBLINEAR ? "liblinear" : "libsvm");
    put_text(b, "balanced %d\n", t->balanced ? 1 : 0);
    if (t->class_weights) {
        put_text(b, "class_weights ");
        put(b, t->class_weights, strlen(t->class_weights));
        put(b, "\n", 1);
    }
    put_text(b, "min_df %d\nseed %u\n", t->min_df, t->seed);
    if (t->grid_score[0]) {
        uint64_t v = (uint64_t)llround(t->grid_value * 1e9);
        put_text(b, "grid %s %d %zu %" PRIu64 ".%09" PRIu64, t->grid_score, t->grid_folds,
                 t->grid_points, v / 1000000000u, v % 1000000000u);
        if (t->grid_repeats > 1) /* without it (and in files before it): dealt once */
            put_text(b, " %d", t->grid_repeats);
        put_text(b, "\n");
    }
    if (t->calib_sentences) {
        uint64_t v = (uint64_t)llround(t->calib_scale * 1e9);
        put_text(b, "calibrated %zu %" PRIu64 ".%09" PRIu64 "\n", t->calib_sentences,
                 v / 1000000000u, v % 1000000000u);
    }
    put_text(b, "corpus %zu %016" PRIx64 "\n", t->sentences, t->corpus_sum);
    for (size_t i = 0; i < nlabels; i++)
        put_text(b, "label_sentences %" PRIu64 "\n", t->label_sentences[i]);
}

uint64_t model_checksum(const char *p, size_t n)
{
    const uint64_t prime = 0x100000001b3ULL;
    uint64_t lane[4] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL, 0x9e3779b97f4a7c15ULL,
                        0xc2b2ae3d27d4eb4fULL};
    const unsigned char *u = (const unsigned char *)p;
    size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int k = 0; k < 4; k++) {
            uint64_t w;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            memcpy(&w, u + i + 8 * (size_t)k, 8); /* any alignment */
#else
            w = 0;
            for (int b = 7; b >= 0; b--)
                w = w << 8 | u[i + 8 * (size_t)k + (size_t)b];
#endif
            lane[k] = (lane[k] ^ w) * prime;
        }
    for (; i < n; i++)
        lane[0] = (lane[0] ^ u[i]) * prime;
    uint64_t h = (uint64_t)n;
    for (int k = 0; k < 4; k++)
        h = (h ^ lane[k]) * prime;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

stance_status model_serialise(const stance_model *m, char **buf, size_t *len)
{
    wbuf b = {0};
    const feat_config *c = &m->feat.cfg;
    /* a model without a training record (read from a format 3 file) is
     * written as it was read */
    put_text(&b, "%s %d\n", MODEL_MAGIC, m->train.present ? MODEL_VERSION : MODEL_OLDEST);
    put_text(&b, "labels %zu\n", m->nlabels);
    for (size_t i = 0; i < m->nlabels; i++) {
        put_text(&b, "label ");
        put(&b, m->labels[i], strlen(m->labels[i]));
        put(&b, "\n", 1);
    }
    put_text(&b, "kernel %s\n", m->kernel == STANCE_KERNEL_LINEAR ? "linear" : "rbf");
    put_text(&b, "probability %d\n", m->probability ? 1 : 0);
    put_text(&b, "word %d %d\nchar %d %d\nhash_bits %d\n", c->word_min, c->word_max,
             c->char_min, c->char_max, c->hash_bits);
    if (c->cues > 0) /* absent in models without cue tokens, as before them */
        put_text(&b, "cues %d\n", c->cues);
    put_text(&b, "features %d\n", c->version);
    if (m->train.present)
        put_training(&b, &m->train, m->nlabels);
    put_text(&b, "rows %zu\nnsv %zu\nnnz %zu\ndata\n", m->feat.rows, m->nsv, m->nnz);
    put_f64(&b, m->C);
    put_f64(&b, m->gamma);
    put_f64(&b, c->char_weight);
    for (size_t r = 0; r < m->feat.rows; r++)
        put_u32(&b, m->feat.bucket[r]);
    put(&b, m->feat.block, m->feat.rows);
    put_f64s(&b, m->feat.idf, m->feat.rows);
    put_f64s(&b, m->rho, m->npairs);
    if (m->probability) {
        put_f64s(&b, m->probA, m->npairs);
        put_f64s(&b, m->probB, m->npairs);
    }
    put_f64s(&b, m->prior, m->nlabels);
    if (m->kernel == STANCE_KERNEL_LINEAR) {
        for (size_t r = 0; r < m->feat.rows; r++)
            put_f32s(&b, feat_table_rec(&m->feat, r)->w, m->npairs);
    } else {
        for (size_t i = 0; i < m->nlabels; i++)
            put_u32(&b, m->nsv_class[i]);
        for (size_t i = 0; i <= m->nsv; i++)
            put_u64(&b, m->sv_start[i]);
        for (size_t i = 0; i < m->nnz; i++)
            put_u32(&b, m->sv_index[i]);
        put_f64s(&b, m->sv_value, m->nnz);
        put_f64s(&b, m->sv_coef, (m->nlabels - 1) * m->nsv);
    }
    uint64_t sum = model_checksum(b.p, b.n);
    put_text(&b, "\nchecksum %016" PRIx64 "\n", sum);
    if (b.oom) {
        free(b.p);
        return STANCE_ENOMEM;
    }
    *buf = b.p;
    *len = b.n;
    return STANCE_OK;
}

stance_status stance_model_save(const stance_model *m, const char *path, stance_error *err)
{
    char *buf;
    size_t len;
    if (model_serialise(m, &buf, &len) != STANCE_OK)
        return set_error(err, STANCE_ENOMEM, path, 0, "out of memory serialising the model");
    FILE *fp;
    char *tmp;
    stance_status st = io_create_temp(path, &fp, &tmp, err);
    if (st == STANCE_OK) {
        if (fwrite(buf, 1, len, fp) != len) {
            io_abandon(fp, tmp);
            st = set_error(err, STANCE_EIO, path, 0, "cannot write model");
        } else {
            st = io_commit(fp, tmp, path, err);
        }
    }
    free(buf);
    return st;
}
