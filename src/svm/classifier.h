/* classifier.h: libsvm and LIBLINEAR training and the linear fast path
 * (private). */
#ifndef STANCE_CLASSIFIER_H
#define STANCE_CLASSIFIER_H

#include <libsvm/svm.h>

#include "features.h"
#include "model.h"
#include "stance.h"

struct feature_node; /* LIBLINEAR's <linear.h>, included by liblinear.c only */

/* A corpus turned into libsvm's problem, or LIBLINEAR's.  libsvm training
 * uses the precomputed-kernel mode: x[i] is row i of the kernel matrix
 * (node 0 holds the 1-based sample number), which we compute once from the
 * feature columns, far faster than libsvm's own sparse merges over long
 * character n-gram vectors.  y[i] is the label index.  For LIBLINEAR
 * (linear set) there is no kernel and no CSR copy: only the vectors as
 * LIBLINEAR's nodes, memory linear in n. */
typedef struct svm_data {
    struct svm_problem prob;  /* rows of a precomputed kernel matrix, or with
                                 sparse set the sentence vectors themselves;
                                 with linear set only l and y */
    bool sparse;              /* the kernel matrix would not fit: libsvm
                                 computes kernels from the vectors */
    bool linear;              /* built for LIBLINEAR: lrows, no vidx/vval */
    struct svm_node *pool;
    /* the sentence vectors, in training order, in CSR form: vector i is
     * vidx/vval[vstart[i] .. vstart[i+1]), vidx holding feature rows;
     * with linear set vstart[i] is where vector i starts in lnodes */
    size_t *vstart;
    uint32_t *vidx;
    double *vval;
    /* LIBLINEAR: vector i is lrows[i], its entries (1-based feature rows),
     * then the bias node (index table.rows + 1, value 1), then index -1;
     * lrows point into lnodes */
    struct feature_node *lnodes;
    struct feature_node **lrows;
    char **labels;        /* sorted distinct labels, owned */
    size_t nlabels;
    uint64_t *label_sentences; /* nlabels: the corpus's sentences of each label */
    uint64_t corpus_sum;  /* model_corpus_sum over the corpus */
    feat_table table;     /* the features the vectors use */
} svm_data;

/* Build the feature table from the corpus and vectorise every sentence,
 * for the solver stance_train_solver picks.  Sentences are reordered only
 * so that each label first appears in label order (which makes libsvm and
 * LIBLINEAR number the classes as we do). */
stance_status svm_data_build(const stance_corpus *c, const stance_train_options *o,
                             svm_data *d, stance_error *err);

void svm_data_free(svm_data *d);

/* Fill a libsvm parameter block from the options; weights are malloc'd and
 * freed with svm_params_free. */
stance_status svm_params(const svm_data *d, const stance_train_options *o,
                         struct svm_parameter *p, stance_error *err);
void svm_params_free(struct svm_parameter *p);

/* Report progress through o->progress, when set (stance.h). */
void train_progress(const stance_train_options *o, const char *phase, size_t done, size_t total);

/* Silence libsvm's progress printing (once per process). */
void svm_quiet(void);

/* Turn a trained libsvm model into a stance model, folding linear support
 * vectors into primal weights or copying RBF support vectors.  Takes over
 * d->labels and d->table. */
stance_status model_from_svm(const struct svm_model *s, svm_data *d,
                             const stance_train_options *o, stance_model **out,
                             stance_error *err);

/* The part of a stance model both solvers fill alike: labels and table
 * (taken over from d), kernel, C, prior weights, npairs.  *out is freed
 * with stance_model_free. */
stance_status model_start(svm_data *d, const stance_train_options *o, stance_model **out,
                          stance_error *err);

/* Move a linear model's primal weights m->w (rows x npairs) into the
 * table's records, freeing m->w, and describe the model.  False when out
 * of memory. */
bool model_finish_linear(stance_model *m);

/* Train with LIBLINEAR on d (built with d->linear set; see liblinear.c)
 * and fold the result into a stance model.  Takes over d->labels and
 * d->table. */
stance_status linear_train(svm_data *d, const stance_train_options *o, stance_model **out,
                           stance_error *err);

/* Decision values and probabilities for one vector through the model's own
 * path (the linear fast path for linear models).  x holds entries keyed by
 * row.  dec has npairs slots, prob nlabels.  Returns the label index. */
int model_decide(const stance_model *m, const feat_entry *x, size_t n, double *dec,
                 double *prob);

/* model_decide for a sentence counted by feat_count: linear models of up
 * to ten labels weigh and score each entry in one pass over its record;
 * any other model is weighed (feat_weigh) and goes through model_decide.  The
 * decision values equal model_decide's up to rounding. */
int model_decide_counts(const stance_model *m, extractor *x, double *dec, double *prob);

/* The last step for a linear model of any number of labels: decision
 * values, probabilities and label from a sentence's sums (feat_score's,
 * or model_decide_counts's); s->npairs is m's. */
int model_decide_sums(const stance_model *m, const feat_sums *s, double *dec, double *prob);

#endif
