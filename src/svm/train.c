/*
 * train.c: from a labelled corpus to a stance model.  Chooses the solver,
 * builds the feature table (hash buckets seen in at least min_df
 * sentences, with smoothed idf) and vectorises every sentence: for libsvm
 * into a precomputed kernel matrix (or sparse nodes when it would not
 * fit), for LIBLINEAR into its sparse nodes only.  classifier.c and
 * liblinear.c train and convert the result: for a linear kernel each
 * one-against-one classifier is folded into one primal weight vector, so
 * prediction costs O(features in the sentence).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linear.h>

#include "classifier.h"
#include "cues.h"
#include "corpus.h"
#include "error.h"

void stance_train_options_init(stance_train_options *o)
{
    memset(o, 0, sizeof *o);
    o->solver = STANCE_SOLVER_AUTO;
    o->kernel = STANCE_KERNEL_LINEAR;
    o->C = 1.0;
    o->gamma = 0;
    o->balanced = false;
    o->word_min = 1;
    o->word_max = 2;
    o->char_min = 3;
    o->char_max = 5;
    o->hash_bits = 20;
    o->min_df = 1;
    o->char_weight = 0.3;
    o->probability = true;
    o->seed = 1;
    o->eps = 0.001;
    o->max_kernel_bytes = 0;
    o->cues = true;
}

void train_progress(const stance_train_options *o, const char *phase, size_t done, size_t total)
{
    if (o->progress != NULL)
        o->progress(o->progress_arg, phase, done, total);
}

static void print_nothing(const char *s)
{
    (void)s;
}

static void quiet_once(void)
{
    svm_set_print_string_function(print_nothing);
}

void svm_quiet(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, quiet_once);
}

void svm_data_free(svm_data *d)
{
    free(d->prob.y);
    free(d->prob.x);
    free(d->pool);
    free(d->vstart);
    free(d->vidx);
    free(d->vval);
    free(d->lnodes);
    free(d->lrows);
    free(d->label_sentences);
    for (size_t i = 0; i < d->nlabels && d->labels; i++)
        free(d->labels[i]);
    free(d->labels);
    feat_table_free(&d->table);
    memset(d, 0, sizeof *d);
}

/* "macro-f1", "accuracy" or "macro-f1:" and a label list: one token, for
 * the model file's grid line, that fits model_training's 128 bytes. */
static bool grid_score_ok(const char *s)
{
    if (strcmp(s, "macro-f1") == 0 || strcmp(s, "accuracy") == 0)
        return true;
    if (strncmp(s, "macro-f1:", 9) != 0 || s[9] == '\0' || strlen(s) >= 128)
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ')
            return false;
    return true;
}

static stance_status check_options(const stance_train_options *o, stance_error *err)
{
    if (!(o->C > 0) || !isfinite(o->C))
        return set_error(err, STANCE_EINVAL, NULL, 0, "C must be a positive number");
    if (o->hash_bits < 16 || o->hash_bits > 24)
        return set_error(err, STANCE_EINVAL, NULL, 0, "hash bits must be from 16 to 24");
    if (o->word_min < 0 || o->word_max > 5 || o->word_min > o->word_max ||
        (o->word_min == 0 && o->word_max != 0))
        return set_error(err, STANCE_EINVAL, NULL, 0, "word n-gram orders must be 1..5 (or 0 0)");
    if (o->char_min < 0 || o->char_max > 8 || o->char_min > o->char_max ||
        (o->char_min == 0 && o->char_max != 0) || o->char_min == 1)
        return set_error(err, STANCE_EINVAL, NULL, 0, "char n-gram orders must be 2..8 (or 0 0)");
    if (o->word_max == 0 && o->char_max == 0)
        return set_error(err, STANCE_EINVAL, NULL, 0, "no features: enable word or char n-grams");
    if (o->prior_weights != NULL && !o->probability)
        return set_error(err, STANCE_EINVAL, NULL, 0,
                         "prior weights scale probabilities, so they need a model with "
                         "probabilities (Platt scaling)");
    if (o->class_weights != NULL && strlen(o->class_weights) > 16000)
        return set_error(err, STANCE_EINVAL, NULL, 0, "class weights: spec too long");
    if (o->grid_folds != 0 &&
        (o->grid_folds < 2 || o->grid_folds > 100 || o->grid_repeats < 0 ||
         o->grid_repeats > 100 || o->grid_points < 1 ||
         o->grid_score == NULL ||
         !grid_score_ok(o->grid_score) ||
         !(o->grid_value >= 0 && o->grid_value <= 1)))
        return set_error(err, STANCE_EINVAL, NULL, 0, "bad grid record");
    if (!(o->char_weight >= 0 && o->char_weight <= 1))
        return set_error(err, STANCE_EINVAL, NULL, 0, "char weight must be from 0 to 1");
    if (o->min_df < 1)
        return set_error(err, STANCE_EINVAL, NULL, 0, "min-df must be at least 1");
    if (o->solver != STANCE_SOLVER_AUTO && o->solver != STANCE_SOLVER_LIBSVM &&
        o->solver != STANCE_SOLVER_LIBLINEAR)
        return set_error(err, STANCE_EINVAL, NULL, 0, "unknown solver");
    if (o->solver == STANCE_SOLVER_LIBLINEAR && o->kernel != STANCE_KERNEL_LINEAR)
        return set_error(err, STANCE_EINVAL, NULL, 0,
                         "LIBLINEAR trains linear models only: the rbf kernel needs libsvm");
    return STANCE_OK;
}

/* Document frequencies over hash buckets, then the table of kept rows.
 * *entries is the number of distinct buckets summed over the sentences: a
 * bound on their vectors' entries, which can only lose the buckets the
 * table drops (equal to it when min_df is 1). */
static stance_status build_table(const stance_corpus *c, const feat_config *cfg,
                                 const stance_train_options *o, extractor *x, feat_table *t,
                                 size_t *entries, stance_error *err)
{
    size_t size = (size_t)1 << cfg->hash_bits;
    uint32_t *df = calloc(size, sizeof *df);
    uint8_t *blk = calloc(size, 1);
    stance_status st = STANCE_OK;
    if (df == NULL || blk == NULL) {
        st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    int min_df = o->min_df;
    *entries = 0;
    for (size_t i = 0; i < c->n; i++) {
        size_t bad;
        if (i % 4096 == 0)
            train_progress(o, "features: counting", i, c->n);
        st = feat_extract(x, cfg, NULL, c->text[i], strlen(c->text[i]), false, &bad);
        if (st != STANCE_OK) {
            set_error(err, st, NULL, 0, "sentence %zu: cannot extract features", i + 1);
            goto done;
        }
        *entries += x->n;
        for (size_t j = 0; j < x->n; j++) {
            df[x->e[j].key]++;
            blk[x->e[j].key] = (uint8_t)x->e[j].block;
        }
    }
    t->cfg = *cfg;
    t->rows = 0;
    for (size_t b = 0; b < size; b++)
        t->rows += df[b] >= (uint32_t)min_df;
    size_t rows = t->rows ? t->rows : 1;
    t->bucket = malloc(rows * sizeof *t->bucket);
    t->idf = malloc(rows * sizeof *t->idf);
    t->block = malloc(rows);
    if (!t->bucket || !t->idf || !t->block) {
        st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    size_t r = 0;
    for (size_t b = 0; b < size; b++) {
        if (df[b] < (uint32_t)min_df)
            continue;
        t->bucket[r] = (uint32_t)b;
        t->block[r] = blk[b];
        t->idf[r] = log((1.0 + (double)c->n) / (1.0 + df[b])) + 1.0;
        r++;
    }
    if (!feat_table_index(t, 0, NULL))
        st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
done:
    free(df);
    free(blk);
    return st;
}

/* Order in which sentences go to libsvm: the first sentence of each label,
 * in label order, then all others in corpus order. */
static size_t *training_order(const int *y, size_t n, size_t k)
{
    size_t *ord = malloc((n ? n : 1) * sizeof *ord);
    bool *used = calloc(n ? n : 1, 1);
    if (ord == NULL || used == NULL) {
        free(ord);
        free(used);
        return NULL;
    }
    size_t m = 0;
    for (size_t l = 0; l < k; l++)
        for (size_t i = 0; i < n; i++)
            if (y[i] == (int)l) {
                ord[m++] = i;
                used[i] = true;
                break;
            }
    for (size_t i = 0; i < n; i++)
        if (!used[i])
            ord[m++] = i;
    free(used);
    return ord;
}

/* Point lrows at each vector's nodes, now that lnodes has stopped moving. */
static stance_status linear_rows(svm_data *d, stance_error *err)
{
    size_t n = (size_t)d->prob.l;
    d->lrows = malloc((n ? n : 1) * sizeof *d->lrows);
    if (d->lrows == NULL)
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < n; i++)
        d->lrows[i] = d->lnodes + d->vstart[i];
    return STANCE_OK;
}

/* Exactly cap entries (at least one) in the CSR arrays, or with d->linear
 * in the LIBLINEAR nodes.  vectorise sizes them once from build_table's
 * count: grown by doubling, a million sentences' 5 GB of nodes took 8.6 GB
 * of address space. */
static bool resize(svm_data *d, size_t cap)
{
    cap = cap ? cap : 1;
    if (d->linear) {
        struct feature_node *nodes = realloc(d->lnodes, cap * sizeof *nodes);
        if (nodes == NULL)
            return false;
        d->lnodes = nodes;
        return true;
    }
    uint32_t *vi = realloc(d->vidx, cap * sizeof *vi);
    if (vi != NULL)
        d->vidx = vi;
    double *vv = realloc(d->vval, cap * sizeof *vv);
    if (vv != NULL)
        d->vval = vv;
    return vi != NULL && vv != NULL;
}

/* Append the extracted sentence at d's position total: as CSR entries, or
 * as LIBLINEAR nodes (1-based rows) closed by the bias node and the end
 * mark.  Returns the new total. */
static size_t append_vector(svm_data *d, const extractor *x, size_t total)
{
    if (!d->linear) {
        for (size_t j = 0; j < x->n; j++, total++) {
            d->vidx[total] = x->e[j].key;
            d->vval[total] = x->e[j].value;
        }
        return total;
    }
    struct feature_node *node = d->lnodes + total;
    for (size_t j = 0; j < x->n; j++, node++) {
        node->index = (int)x->e[j].key + 1;
        node->value = x->e[j].value;
    }
    node[0].index = (int)d->table.rows + 1;
    node[0].value = 1.0;
    node[1].index = -1;
    node[1].value = 0;
    return total + x->n + 2;
}

/* The sentences' vectors in training order, in arrays of entries + 2n
 * slots (LIBLINEAR's nodes, with each vector's bias node and end mark) or
 * entries (CSR), entries being build_table's bound; trimmed to what they
 * hold when the table dropped buckets (min_df above 1). */
static stance_status vectorise(const stance_corpus *c, const int *y,
                               const stance_train_options *o, size_t entries, extractor *x,
                               svm_data *d, stance_error *err)
{
    size_t n = c->n, total = 0, cap = entries + (d->linear ? 2 * n : 0);
    size_t *ord = training_order(y, n, d->nlabels);
    stance_status st = STANCE_OK;
    d->prob.l = (int)n;
    d->prob.y = malloc((n ? n : 1) * sizeof *d->prob.y);
    d->vstart = malloc((n + 1) * sizeof *d->vstart);
    if (!ord || !d->prob.y || !d->vstart || !resize(d, cap)) {
        st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory for the training vectors");
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = ord[k];
        if (k % 4096 == 0)
            train_progress(o, "features: vectors", k, n);
        st = feat_extract(x, &d->table.cfg, &d->table, c->text[i], strlen(c->text[i]), false,
                          NULL);
        if (st != STANCE_OK) {
            set_error(err, st, NULL, 0, "cannot extract features");
            goto done;
        }
        feat_sort(x);
        size_t need = total + x->n + (d->linear ? 2 : 0);
        if (need > cap) { /* never, while build_table's count is a bound */
            cap = need + cap / 2;
            if (!resize(d, cap)) {
                st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
                goto done;
            }
        }
        d->vstart[k] = total;
        total = append_vector(d, x, total);
        d->prob.y[k] = y[i];
    }
    d->vstart[n] = total;
    if (total < cap)
        (void)resize(d, total); /* failing, the larger arrays serve as well */
    if (d->linear)
        st = linear_rows(d, err);
done:
    free(ord);
    return st;
}

/* The sentence vectors as libsvm's sparse nodes (1-based feature rows),
 * for corpora whose kernel matrix would not fit in memory. */
static stance_status sparse_rows(svm_data *d, stance_error *err)
{
    size_t n = (size_t)d->prob.l, nnz = d->vstart[n];
    d->pool = malloc((nnz + n) * sizeof *d->pool);
    d->prob.x = malloc((n ? n : 1) * sizeof *d->prob.x);
    if (!d->pool || !d->prob.x)
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory for the training vectors");
    struct svm_node *node = d->pool;
    for (size_t i = 0; i < n; i++) {
        d->prob.x[i] = node;
        for (size_t a = d->vstart[i]; a < d->vstart[i + 1]; a++, node++) {
            node->index = (int)d->vidx[a] + 1;
            node->value = d->vval[a];
        }
        node->index = -1;
        node->value = 0;
        node++;
    }
    d->sparse = true;
    return STANCE_OK;
}

/* Half the physical memory (4 GB when unknown). */
static size_t half_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || size <= 0)
        return (size_t)1 << 32;
    return (size_t)pages / 2 * (size_t)size;
}

/* The largest kernel matrix to precompute: the option, or half the
 * physical memory. */
static size_t kernel_limit(const stance_train_options *o)
{
    return o->max_kernel_bytes > 0 ? o->max_kernel_bytes : half_memory();
}

/* Whether libsvm's n rows of n + 2 nodes fit in limit bytes, computed in
 * size_t without overflow. */
static bool kernel_fits(size_t n, size_t limit)
{
    size_t nodes = limit / sizeof(struct svm_node);
    return n == 0 || n + 2 <= nodes / n;
}

stance_solver stance_train_solver(const stance_train_options *o, size_t n)
{
    if (o->solver != STANCE_SOLVER_AUTO)
        return o->solver;
    if (o->kernel == STANCE_KERNEL_LINEAR &&
        (n > STANCE_AUTO_LIBLINEAR || !kernel_fits(n, half_memory())))
        return STANCE_SOLVER_LIBLINEAR;
    return STANCE_SOLVER_LIBSVM;
}

/* The kernel value from the dot product of two vectors and their squared
 * norms. */
static double kernel_of(const stance_train_options *o, double dot, double ni, double nj)
{
    if (o->kernel == STANCE_KERNEL_LINEAR)
        return dot;
    double gamma = o->gamma > 0 ? o->gamma : 1.0;
    return exp(-gamma * (ni + nj - 2 * dot));
}

/* The kernel matrix, as libsvm's precomputed-kernel rows.  The dot
 * products come from the feature columns (which samples hold each
 * feature): row i accumulates, for each of its features, that column's
 * entries up to sample i into a dense array of n sums, which stays in
 * cache.  Each row's lower triangle is written as it is computed; the
 * upper triangle is then copied over in square tiles. */
static stance_status build_gram(svm_data *d, const stance_train_options *o, stance_error *err)
{
    size_t n = (size_t)d->prob.l, width = n + 2, rows = d->table.rows, nnz = d->vstart[n];
    stance_status st = STANCE_OK;
    d->pool = malloc(n * width * sizeof *d->pool);
    d->prob.x = malloc(n * sizeof *d->prob.x);
    double *acc = calloc(n ? n : 1, sizeof *acc);
    double *norm = calloc(n ? n : 1, sizeof *norm);
    size_t *cstart = calloc(rows + 1, sizeof *cstart);
    size_t *fill = calloc(rows + 1, sizeof *fill);
    uint32_t *csample = malloc((nnz ? nnz : 1) * sizeof *csample);
    double *cvalue = malloc((nnz ? nnz : 1) * sizeof *cvalue);
    if (!d->pool || !d->prob.x || !acc || !norm || !cstart || !fill || !csample || !cvalue) {
        st = set_error(err, STANCE_ENOMEM, NULL, 0,
                       "out of memory for the %zu x %zu kernel matrix", n, n);
        goto done;
    }
    for (size_t a = 0; a < nnz; a++)
        cstart[d->vidx[a] + 1]++;
    for (size_t r = 0; r < rows; r++)
        cstart[r + 1] += cstart[r];
    for (size_t j = 0; j < n; j++)
        for (size_t a = d->vstart[j]; a < d->vstart[j + 1]; a++) {
            size_t at = cstart[d->vidx[a]] + fill[d->vidx[a]]++;
            csample[at] = (uint32_t)j;
            cvalue[at] = d->vval[a];
            norm[j] += d->vval[a] * d->vval[a];
        }
    for (size_t i = 0; i < n; i++) {
        for (size_t a = d->vstart[i]; a < d->vstart[i + 1]; a++) {
            double v = d->vval[a];
            /* samples are in increasing order within a column, and i itself
             * is in every column of its features: stop there */
            size_t b = cstart[d->vidx[a]];
            do
                acc[csample[b]] += v * cvalue[b];
            while (csample[b++] != i);
        }
        struct svm_node *row = d->pool + i * width;
        d->prob.x[i] = row;
        row[0].index = 0;
        row[0].value = (double)(i + 1);
        for (size_t j = 0; j <= i; j++) {
            row[j + 1].index = (int)(j + 1);
            row[j + 1].value = kernel_of(o, acc[j], norm[i], norm[j]);
            acc[j] = 0;
        }
        row[n + 1].index = -1;
    }
    const size_t tile = 64;
    for (size_t i0 = 0; i0 < n; i0 += tile)
        for (size_t j0 = i0; j0 < n; j0 += tile)
            for (size_t i = i0; i < i0 + tile && i < n; i++)
                for (size_t j = j0 > i + 1 ? j0 : i + 1; j < j0 + tile && j < n; j++) {
                    d->pool[i * width + j + 1].index = (int)(j + 1);
                    d->pool[i * width + j + 1].value = d->pool[j * width + i + 1].value;
                }
done:
    free(acc);
    free(norm);
    free(cstart);
    free(fill);
    free(csample);
    free(cvalue);
    return st;
}

stance_status svm_data_build(const stance_corpus *c, const stance_train_options *o,
                             svm_data *d, stance_error *err)
{
    memset(d, 0, sizeof *d);
    stance_status st = check_options(o, err);
    if (st != STANCE_OK)
        return st;
    const char **labels;
    size_t k;
    if (corpus_labels(c, &labels, &k) != STANCE_OK)
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    if (k < 2) {
        free(labels);
        return set_error(err, STANCE_ETRAIN, NULL, 0,
                         "the corpus needs at least two labels (found %zu)", k);
    }
    if (k > STANCE_MAX_LABELS) { /* the classifier would refuse the model */
        free(labels);
        return set_error(err, STANCE_ETRAIN, NULL, 0,
                         "the corpus has %zu labels; a model holds at most %d", k,
                         STANCE_MAX_LABELS);
    }
    int *y = malloc(c->n * sizeof *y);
    d->labels = calloc(k, sizeof *d->labels);
    extractor x;
    extractor_init(&x);
    if (y == NULL || d->labels == NULL) {
        st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    d->nlabels = k;
    for (size_t i = 0; i < k; i++)
        if ((d->labels[i] = strdup(labels[i])) == NULL) {
            st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
            goto done;
        }
    d->label_sentences = calloc(k, sizeof *d->label_sentences);
    if (d->label_sentences == NULL) {
        st = set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    d->corpus_sum = MODEL_CORPUS_SUM_INIT;
    for (size_t i = 0; i < c->n; i++) {
        d->corpus_sum = model_corpus_sum(d->corpus_sum, c->label[i], strlen(c->label[i]));
        d->corpus_sum = model_corpus_sum(d->corpus_sum, "\t", 1);
        d->corpus_sum = model_corpus_sum(d->corpus_sum, c->text[i], strlen(c->text[i]));
        d->corpus_sum = model_corpus_sum(d->corpus_sum, "\n", 1);
    }
    for (size_t i = 0; i < c->n; i++) {
        size_t lo = 0, hi = k;
        while (lo + 1 < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(labels[mid], c->label[i]) <= 0)
                lo = mid;
            else
                hi = mid;
        }
        y[i] = (int)lo;
        d->label_sentences[lo]++;
    }
    feat_config cfg = {o->word_min, o->word_max, o->char_min, o->char_max, o->hash_bits,
                       o->char_max > 0 ? (o->word_max > 0 ? o->char_weight : 1.0) : 0.0,
                       o->cues && o->word_max > 0 ? CUE_VERSION : 0, FEAT_VERSION};
    d->linear = stance_train_solver(o, c->n) == STANCE_SOLVER_LIBLINEAR;
    size_t entries = 0;
    st = build_table(c, &cfg, o, &x, &d->table, &entries, err);
    if (st == STANCE_OK)
        st = vectorise(c, y, o, entries, &x, d, err);
    if (st == STANCE_OK && !d->linear) {
        if (!kernel_fits((size_t)d->prob.l, kernel_limit(o)))
            st = sparse_rows(d, err);
        else {
            train_progress(o, "features: kernel matrix", 0, 0);
            st = build_gram(d, o, err);
        }
    }
done:
    extractor_free(&x);
    free(labels);
    free(y);
    if (st != STANCE_OK)
        svm_data_free(d);
    return st;
}
