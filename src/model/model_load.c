/*
 * model_load.c: reading the model file written by model.c.  Every field is
 * checked against limits and against the number of bytes actually present
 * before anything sized by it is allocated, so a truncated, corrupted,
 * foreign or hostile file is refused with a message, never a crash or a
 * huge allocation.
 */
#define _DEFAULT_SOURCE /* MAP_POPULATE */
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cues.h"
#include "error.h"
#include "io.h"
#include "model.h"

#define MAX_LABELS STANCE_MAX_LABELS
#define MAX_LABEL_LEN 256
#define MAX_HEADER_LINE 16384 /* a class_weights line is the longest */

typedef struct rbuf {
    const unsigned char *p;
    size_t n, pos;
    size_t line;             /* the header line next_line read last, from 1 */
} rbuf;

/* The next header line (without its newline) into line; false at the end
 * of the buffer or for a line longer than the buffer. */
static bool next_line(rbuf *r, char *line, size_t cap)
{
    const unsigned char *nl = memchr(r->p + r->pos, '\n', r->n - r->pos);
    if (nl == NULL)
        return false;
    size_t len = (size_t)(nl - (r->p + r->pos));
    if (len >= cap)
        return false;
    memcpy(line, r->p + r->pos, len);
    line[len] = '\0';
    r->pos += len + 1;
    r->line++;
    return true;
}

static bool parse_size(const char *s, size_t max, size_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || v > max)
        return false;
    *out = (size_t)v;
    return true;
}

static bool key_size(const char *line, const char *key, size_t max, size_t *out)
{
    size_t k = strlen(key);
    return strncmp(line, key, k) == 0 && line[k] == ' ' && parse_size(line + k + 1, max, out);
}

static bool key_pair(const char *line, const char *key, int max, int *a, int *b)
{
    size_t k = strlen(key);
    size_t x, y;
    if (strncmp(line, key, k) != 0 || line[k] != ' ')
        return false;
    const char *sp = strchr(line + k + 1, ' ');
    if (sp == NULL)
        return false;
    char first[32];
    size_t fl = (size_t)(sp - (line + k + 1));
    if (fl == 0 || fl >= sizeof first)
        return false;
    memcpy(first, line + k + 1, fl);
    first[fl] = '\0';
    if (!parse_size(first, (size_t)max, &x) || !parse_size(sp + 1, (size_t)max, &y) || x > y)
        return false;
    *a = (int)x;
    *b = (int)y;
    return true;
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static double get_f64(const unsigned char *p)
{
    uint64_t v = get_u64(p);
    double d;
    memcpy(&d, &v, 8);
    return d;
}

/* Read n doubles from r into a new array; false on ENOMEM or non-finite. */
static bool take_f64s(rbuf *r, size_t n, double **out)
{
    *out = malloc((n ? n : 1) * sizeof **out);
    if (*out == NULL)
        return false;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && __SIZEOF_DOUBLE__ == 8
    memcpy(*out, r->p + r->pos, n * 8); /* the file's byte order is the host's */
    r->pos += n * 8;
#else
    for (size_t i = 0; i < n; i++, r->pos += 8)
        (*out)[i] = get_f64(r->p + r->pos);
#endif
    for (size_t i = 0; i < n; i++)
        if (!isfinite((*out)[i]))
            return false;
    return true;
}

/* Overflow-checked a * b + c into *out. */
static bool mul_add(size_t a, size_t b, size_t c, size_t *out)
{
    if (b && a > (SIZE_MAX - c) / b)
        return false;
    *out = a * b + c;
    return true;
}

static bool valid_label(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_LABEL_LEN || !stance_utf8_valid(s, n, NULL))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

#define BAD(...) do { st = set_error(err, STANCE_EMODEL, path, 0, __VA_ARGS__); goto fail; } while (0)
#define BAD_AT(line, ...) \
    do { st = set_error(err, STANCE_EMODEL, path, line, __VA_ARGS__); goto fail; } while (0)

/* line's value after "key ", or NULL when line is not that key's line. */
static const char *key_text(const char *line, const char *key)
{
    size_t k = strlen(key);
    return strncmp(line, key, k) == 0 && line[k] == ' ' ? line + k + 1 : NULL;
}

/* A value written as "I.DDDDDDDDD" (9 decimals) from 0 to 1. */
static bool parse_fraction(const char *s, double *out)
{
    if ((s[0] != '0' && s[0] != '1') || s[1] != '.')
        return false;
    uint64_t v = 0;
    for (int i = 2; i < 11; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (s[11] != '\0' || (s[0] == '1' && v != 0))
        return false;
    *out = (double)((s[0] - '0') * 1000000000ull + v) / 1e9;
    return true;
}

/* "calibrated SENTENCES SCALE" (SCALE as I.DDDDDDDDD, in (0, 100)) into t. */
static bool parse_calibrated(const char *v, model_training *t)
{
    size_t n, whole;
    char frac[16], tail;
    if (sscanf(v, "%zu %zu.%15[0-9]%c", &n, &whole, frac, &tail) != 3 || n < 1 ||
        strlen(frac) != 9 || whole >= 100 || (whole == 0 && strspn(frac, "0") == 9))
        return false;
    t->calib_sentences = n;
    t->calib_scale = (double)(whole * 1000000000ull + strtoull(frac, NULL, 10)) / 1e9;
    return true;
}

/* "grid SCORE FOLDS POINTS VALUE [REPEATS]" into t (REPEATS 2 to 100 as
 * written, without a leading zero; a line without it, as every file
 * before it was written, means 1). */
static bool parse_grid(const char *v, model_training *t)
{
    char score[128], value[16];
    int folds, repeats = 1, used = 0;
    size_t points;
    if (sscanf(v, "%127s %d %zu %15s%n", score, &folds, &points, value, &used) != 4)
        return false;
    const char *rest = v + used;
    if (*rest != '\0') {
        size_t digits = strspn(rest + 1, "0123456789");
        if (rest[0] != ' ' || digits < 1 || digits > 3 || rest[1] == '0' ||
            rest[1 + digits] != '\0' || (repeats = atoi(rest + 1)) < 2 || repeats > 100)
            return false;
    }
    if ((strcmp(score, "macro-f1") != 0 && strcmp(score, "accuracy") != 0 &&
         (strncmp(score, "macro-f1:", 9) != 0 || score[9] == '\0')) ||
        folds < 2 ||
        folds > 100 || points < 1 || points > 1000000 || !parse_fraction(value, &t->grid_value))
        return false;
    memcpy(t->grid_score, score, sizeof t->grid_score);
    t->grid_folds = folds;
    t->grid_repeats = repeats;
    t->grid_points = points;
    return true;
}

/* The training record of a format 4 header (model.c, put_training), from
 * the line in line (cap bytes) on; leaves the line after it in line. */
static stance_status parse_training(rbuf *r, stance_model *m, char *line, size_t cap,
                                    const char *path, stance_error *err)
{
    stance_status st = STANCE_OK;
    model_training *t = &m->train;
    const char *v = key_text(line, "trained_by");
    size_t bal, mindf, seed;
    if (v == NULL || strncmp(v, "stance ", 7) != 0 || strlen(v + 7) >= sizeof t->version ||
        !valid_label(v + 7))
        BAD("bad or missing trained_by line");
    strcpy(t->version, v + 7);
    if (!next_line(r, line, cap) || (v = key_text(line, "solver")) == NULL ||
        (strcmp(v, "libsvm") != 0 && strcmp(v, "liblinear") != 0))
        BAD("bad or missing solver line");
    t->solver = strcmp(v, "libsvm") == 0 ? STANCE_SOLVER_LIBSVM : STANCE_SOLVER_LIBLINEAR;
    if (!next_line(r, line, cap) || !key_size(line, "balanced", 1, &bal) ||
        !next_line(r, line, cap))
        BAD("bad or missing balanced line");
    t->balanced = bal == 1;
    if ((v = key_text(line, "class_weights")) != NULL) {
        if (!stance_utf8_valid(v, strlen(v), NULL) || !(t->class_weights = strdup(v)) ||
            !next_line(r, line, cap))
            BAD("bad class_weights line");
    }
    if (!key_size(line, "min_df", 1000000000, &mindf) || mindf < 1 ||
        !next_line(r, line, cap) || !key_size(line, "seed", 0xffffffffu, &seed) ||
        !next_line(r, line, cap))
        BAD("bad min_df or seed line");
    t->min_df = (int)mindf;
    t->seed = (unsigned)seed;
    if ((v = key_text(line, "grid")) != NULL && (!parse_grid(v, t) || !next_line(r, line, cap)))
        BAD("bad grid line");
    if ((v = key_text(line, "calibrated")) != NULL &&
        (!parse_calibrated(v, t) || !next_line(r, line, cap)))
        BAD("bad calibrated line");
    char sum[17], tail;
    if ((v = key_text(line, "corpus")) == NULL ||
        sscanf(v, "%zu %16[0-9a-f]%c", &t->sentences, sum, &tail) != 2 || strlen(sum) != 16)
        BAD("bad or missing corpus line");
    t->corpus_sum = strtoull(sum, NULL, 16);
    if ((t->label_sentences = calloc(m->nlabels, sizeof *t->label_sentences)) == NULL)
        BAD("out of memory");
    uint64_t total = 0;
    for (size_t i = 0; i < m->nlabels; i++) {
        size_t n;
        if (!next_line(r, line, cap) || !key_size(line, "label_sentences", t->sentences, &n))
            BAD("bad or missing label_sentences line %zu", i + 1);
        t->label_sentences[i] = n;
        total += n;
    }
    if (total != t->sentences)
        BAD("sentences per label do not add up to the corpus's %zu", t->sentences);
    if (!next_line(r, line, cap))
        BAD("bad counts (rows, nsv, nnz) or missing data line");
    t->present = true;
fail:
    return st;
}

static stance_status parse_header(rbuf *r, stance_model *m, const char *path, stance_error *err)
{
    stance_status st = STANCE_OK;
    char line[MAX_HEADER_LINE];
    size_t n, rows, nsv, nnz;
    feat_config *c = &m->feat.cfg;
    if (!next_line(r, line, sizeof line) || !key_size(line, "labels", MAX_LABELS, &n) || n < 2)
        BAD("bad or missing label count (2 to %d labels)", MAX_LABELS);
    m->labels = calloc(n, sizeof *m->labels);
    if (m->labels == NULL)
        BAD("out of memory");
    m->nlabels = n;
    for (size_t i = 0; i < n; i++) {
        if (!next_line(r, line, sizeof line) || strncmp(line, "label ", 6) != 0 ||
            !valid_label(line + 6))
            BAD("label %zu is missing, too long or holds control characters", i + 1);
        for (size_t j = 0; j < i; j++)
            if (strcmp(m->labels[j], line + 6) == 0)
                BAD("label \"%s\" appears twice", line + 6);
        if ((m->labels[i] = strdup(line + 6)) == NULL)
            BAD("out of memory");
    }
    if (!next_line(r, line, sizeof line))
        BAD("missing kernel");
    if (strcmp(line, "kernel linear") == 0)
        m->kernel = STANCE_KERNEL_LINEAR;
    else if (strcmp(line, "kernel rbf") == 0)
        m->kernel = STANCE_KERNEL_RBF;
    else
        BAD("unknown kernel line \"%.40s\"", line);
    size_t prob;
    if (!next_line(r, line, sizeof line) || !key_size(line, "probability", 1, &prob))
        BAD("bad probability line");
    m->probability = prob == 1;
    size_t bits;
    if (!next_line(r, line, sizeof line) || !key_pair(line, "word", 5, &c->word_min, &c->word_max) ||
        !next_line(r, line, sizeof line) || !key_pair(line, "char", 8, &c->char_min, &c->char_max) ||
        !next_line(r, line, sizeof line) || !key_size(line, "hash_bits", 24, &bits) || bits < 10)
        BAD("bad feature settings (word, char, hash_bits)");
    c->hash_bits = (int)bits;
    if (!next_line(r, line, sizeof line))
        BAD("bad counts (rows, nsv, nnz) or missing data line");
    if (strncmp(line, "cues ", 5) == 0) {
        size_t cues;
        if (!key_size(line, "cues", CUE_VERSION, &cues) || cues < 1)
            BAD("unknown cue lexicon \"%.40s\" (this build knows versions 1 to %d)", line,
                CUE_VERSION);
        c->cues = (int)cues;
        if (!next_line(r, line, sizeof line))
            BAD("bad counts (rows, nsv, nnz) or missing data line");
    }
    c->version = 1; /* files before the line was written */
    if (strncmp(line, "features ", 9) == 0) {
        size_t v;
        if (!parse_size(line + 9, 1000000, &v) || v < 1)
            BAD_AT(r->line, "bad feature version line \"%.40s\"", line);
        if (v > FEAT_VERSION)
            BAD_AT(r->line,
                   "the model's features are version %zu, newer than this build knows "
                   "(versions 1 to %d): use the stance that trained it, or retrain",
                   v, FEAT_VERSION);
        c->version = (int)v;
        if (!next_line(r, line, sizeof line))
            BAD("bad counts (rows, nsv, nnz) or missing data line");
    }
    if (m->format >= 4 && (st = parse_training(r, m, line, sizeof line, path, err)) != STANCE_OK)
        goto fail;
    if (!key_size(line, "rows", (size_t)1 << bits, &rows) ||
        !next_line(r, line, sizeof line) || !key_size(line, "nsv", (size_t)1 << 31, &nsv) ||
        !next_line(r, line, sizeof line) || !key_size(line, "nnz", (size_t)1 << 40, &nnz) ||
        !next_line(r, line, sizeof line) || strcmp(line, "data") != 0)
        BAD("bad counts (rows, nsv, nnz) or missing data line");
    if (m->kernel == STANCE_KERNEL_LINEAR && (nsv || nnz))
        BAD("a linear model holds no support vectors");
    m->feat.rows = rows;
    m->nsv = nsv;
    m->nnz = nnz;
    m->npairs = n * (n - 1) / 2;
fail:
    return st;
}

/* Bytes the data section must hold for the header's counts. */
static bool data_size(const stance_model *m, size_t *out)
{
    size_t k = m->nlabels, p = m->npairs, rows = m->feat.rows, s = 3 * 8, t;
    if (!mul_add(rows, 13, s, &s) || !mul_add(p, m->probability ? 24 : 8, s, &s) ||
        !mul_add(k, 8, s, &s))
        return false;
    if (m->kernel == STANCE_KERNEL_LINEAR)
        return mul_add(rows, p, 0, &t) && mul_add(t, 4, s, out);
    return mul_add(k, 4, s, &s) && mul_add(m->nsv + 1, 8, s, &s) &&
           mul_add(m->nnz, 12, s, &s) && mul_add(k - 1, m->nsv, 0, &t) &&
           mul_add(t, 8, s, out);
}

static stance_status parse_data(rbuf *r, stance_model *m, const char *path, stance_error *err)
{
    stance_status st = STANCE_OK;
    feat_table *f = &m->feat;
    size_t rows = f->rows;
    m->C = get_f64(r->p + r->pos);
    m->gamma = get_f64(r->p + r->pos + 8);
    f->cfg.char_weight = get_f64(r->p + r->pos + 16);
    r->pos += 24;
    if (!(m->C > 0) || !isfinite(m->C) || !isfinite(m->gamma) || !(f->cfg.char_weight >= 0) ||
        f->cfg.char_weight > 1)
        BAD("bad C, gamma or char weight");
    f->bucket = malloc((rows ? rows : 1) * sizeof *f->bucket);
    f->block = malloc(rows ? rows : 1);
    if (f->bucket == NULL || f->block == NULL)
        BAD("out of memory");
    for (size_t i = 0; i < rows; i++, r->pos += 4)
        f->bucket[i] = get_u32(r->p + r->pos);
    memcpy(f->block, r->p + r->pos, rows);
    r->pos += rows;
    for (size_t i = 0; i < rows; i++)
        if (f->block[i] >= FEAT_BLOCKS || (i && f->bucket[i] <= f->bucket[i - 1]))
            BAD("feature table out of order or corrupt at row %zu", i);
    if (!take_f64s(r, rows, &f->idf) || !take_f64s(r, m->npairs, &m->rho))
        BAD("bad idf or rho values");
    for (size_t i = 0; i < rows; i++)
        if (!(f->idf[i] > 0))
            BAD("idf of feature row %zu is not positive", i);
    if (m->probability &&
        (!take_f64s(r, m->npairs, &m->probA) || !take_f64s(r, m->npairs, &m->probB)))
        BAD("bad probability parameters");
    if (!take_f64s(r, m->nlabels, &m->prior))
        BAD("bad prior weights");
    for (size_t i = 0; i < m->nlabels; i++)
        if (!(m->prior[i] >= 1e-6 && m->prior[i] <= 1e6))
            BAD("prior weight %zu is outside 1e-6 to 1e6", i + 1);
    if (m->kernel == STANCE_KERNEL_LINEAR) {
        if (!feat_table_index(f, m->npairs, NULL))
            BAD("feature bucket out of range, or out of memory");
        if (!feat_table_set_weights(f, r->p + r->pos))
            BAD("bad weights");
        r->pos += rows * m->npairs * 4;
        goto fail;
    }
    m->nsv_class = malloc(m->nlabels * sizeof *m->nsv_class);
    m->sv_start = malloc((m->nsv + 1) * sizeof *m->sv_start);
    m->sv_index = malloc((m->nnz ? m->nnz : 1) * sizeof *m->sv_index);
    if (!m->nsv_class || !m->sv_start || !m->sv_index)
        BAD("out of memory");
    size_t total = 0;
    for (size_t i = 0; i < m->nlabels; i++, r->pos += 4)
        total += m->nsv_class[i] = get_u32(r->p + r->pos);
    if (total != m->nsv)
        BAD("support vector counts do not add up");
    for (size_t i = 0; i <= m->nsv; i++, r->pos += 8) {
        m->sv_start[i] = get_u64(r->p + r->pos);
        if ((i == 0 && m->sv_start[0] != 0) || (i && m->sv_start[i] < m->sv_start[i - 1]) ||
            m->sv_start[i] > m->nnz)
            BAD("support vector offsets corrupt");
    }
    if (m->sv_start[m->nsv] != m->nnz)
        BAD("support vector offsets corrupt");
    for (size_t i = 0; i < m->nnz; i++, r->pos += 4)
        if ((m->sv_index[i] = get_u32(r->p + r->pos)) == 0 || m->sv_index[i] > rows)
            BAD("support vector feature out of range");
    if (!take_f64s(r, m->nnz, &m->sv_value) ||
        !take_f64s(r, (m->nlabels - 1) * m->nsv, &m->sv_coef))
        BAD("bad support vector values");
    if (!feat_table_index(f, 0, NULL))
        BAD("feature bucket out of range, or out of memory");
    if (!model_build_svm(m))
        BAD("out of memory");
fail:
    return st;
}

stance_status model_parse(const char *buf, size_t len, const char *path, stance_model **out,
                          stance_error *err)
{
    *out = NULL;
    stance_status st = STANCE_OK;
    stance_model *m = NULL;
    size_t magic = strlen(MODEL_MAGIC);
    if (len < magic + 1 || memcmp(buf, MODEL_MAGIC " ", magic + 1) != 0)
        BAD("not a stance model file");
    /* the trailer: "\nchecksum " + 16 hex digits + "\n" */
    const size_t trailer = 10 + 16 + 1;
    if (len < magic + trailer || memcmp(buf + len - trailer, "\nchecksum ", 10) != 0)
        BAD("truncated model file (no checksum line)");
    char hex[17];
    memcpy(hex, buf + len - 17, 16);
    hex[16] = '\0';
    char *end;
    uint64_t want = strtoull(hex, &end, 16);
    uint64_t h = model_checksum(buf, len - trailer);
    if (*end != '\0' || h != want)
        BAD("checksum mismatch: the model file is corrupted");
    rbuf r = {(const unsigned char *)buf, len - trailer, 0, 0};
    char line[64];
    size_t version;
    if (!next_line(&r, line, sizeof line) || !parse_size(line + magic + 1, 1000000, &version))
        BAD("bad version line");
    if (version < MODEL_OLDEST)
        BAD("model format version %zu is from an older stance (this build reads versions %d "
            "to %d): retrain the model with stance-train",
            version, MODEL_OLDEST, MODEL_VERSION);
    if (version > MODEL_VERSION)
        BAD("model format version %zu is newer than this build reads (versions %d to %d)",
            version, MODEL_OLDEST, MODEL_VERSION);
    if ((m = model_alloc()) == NULL)
        BAD("out of memory");
    m->format = (int)version;
    if ((st = parse_header(&r, m, path, err)) != STANCE_OK)
        goto fail;
    size_t need;
    if (!data_size(m, &need) || need != r.n - r.pos)
        BAD("data section holds %zu bytes where the header needs %zu", r.n - r.pos,
            data_size(m, &need) ? need : 0);
    if ((st = parse_data(&r, m, path, err)) != STANCE_OK)
        goto fail;
    model_describe(m);
    *out = m;
    return STANCE_OK;
fail:
    stance_model_free(m);
    return st;
}

stance_status stance_model_load(const char *path, stance_model **out, stance_error *err)
{
    *out = NULL;
    /* a regular file is mapped (and its pages populated in one go) rather
     * than copied; anything else (a pipe, /dev/stdin) is read */
    int fd = strcmp(path, "-") == 0 ? -1 : open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        (uint64_t)sb.st_size <= MODEL_MAX_BYTES) {
        int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
        flags |= MAP_POPULATE;
#endif
        void *map = mmap(NULL, (size_t)sb.st_size, PROT_READ, flags, fd, 0);
        if (map != MAP_FAILED) {
            close(fd);
            stance_status st = model_parse(map, (size_t)sb.st_size, path, out, err);
            munmap(map, (size_t)sb.st_size);
            return st;
        }
    }
    if (fd >= 0)
        close(fd);
    char *buf;
    size_t len;
    stance_status st = io_read_file(path, MODEL_MAX_BYTES, &buf, &len, err);
    if (st != STANCE_OK) {
        if (err)
            err->code = st;
        return st;
    }
    st = model_parse(buf, len, path, out, err);
    free(buf);
    return st;
}
