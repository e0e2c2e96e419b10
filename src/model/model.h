/* model.h: the in-memory model and its file format (private). */
#ifndef STANCE_MODEL_H
#define STANCE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "features.h"
#include "stance.h"

struct svm_model;
struct svm_node;

#define MODEL_MAGIC "stance-model"
#define MODEL_VERSION 4 /* 2: prior weights; 3: single-precision weights, word-parallel
                            checksum; 4: the training settings and corpus (model_training) */
#define MODEL_OLDEST 3  /* the oldest version still read (without model_training) */
/* Model files larger than this are refused before they are read. */
#define MODEL_MAX_BYTES ((size_t)1 << 30)

/* How a model was trained, recorded in the header from format 4 on (a
 * format 3 model lacks it: present is false).  The other settings (kernel,
 * C, gamma, n-gram orders, char weight, hash bits, cues, probability,
 * prior weights) are the model's own fields. */
typedef struct model_training {
    bool present;
    char version[32];       /* STANCE_VERSION of the trainer */
    stance_solver solver;   /* LIBSVM or LIBLINEAR */
    bool balanced;
    char *class_weights;    /* the --class-weight spec, or NULL */
    int min_df;
    unsigned seed;
    size_t sentences;
    uint64_t corpus_sum;    /* model_corpus_sum of the training corpus */
    uint64_t *label_sentences; /* nlabels: sentences of each label */
    /* the grid that chose C, class weighting and char weight, when one did */
    char grid_score[128];   /* "macro-f1", "accuracy" or "macro-f1:L1,L2,..."; "" without
                               a grid */
    int grid_folds;
    int grid_repeats;       /* 1, or the times the folds were dealt (written when > 1) */
    size_t grid_points;
    double grid_value;      /* the chosen point's score, in [0, 1], 9 decimals */
    /* stance_model_calibrate's fit, when one was made (sentences 0: none) */
    size_t calib_sentences;
    double calib_scale;     /* the factor on every pair's sigmoid, 9 decimals */
} model_training;

/* A trained model.  Pairs are the k(k-1)/2 one-against-one classifiers in
 * libsvm's order: (0,1), (0,2), ..., (1,2), ...; a positive decision value
 * of pair (i,j) votes for label i. */
struct stance_model {
    size_t nlabels;
    char **labels;
    feat_table feat;
    stance_kernel kernel;
    double C, gamma;
    bool probability;
    size_t npairs;
    double *rho;       /* npairs */
    double *probA;     /* npairs, or NULL without probability */
    double *probB;
    double *prior;     /* nlabels multipliers applied to probabilities */
    /* linear kernel: primal weights while training folds them, row-major,
     * feat.rows * npairs; then NULL, the weights living in feat's records */
    double *w;
    /* RBF kernel: support vectors in CSR form, and libsvm's coefficients */
    size_t nsv, nnz;
    uint32_t *nsv_class;   /* nlabels */
    uint64_t *sv_start;    /* nsv + 1 */
    uint32_t *sv_index;    /* nnz, 1-based feature rows */
    double *sv_value;      /* nnz */
    double *sv_coef;       /* (nlabels - 1) * nsv */
    struct svm_model *svm;      /* RBF: libsvm's view of the arrays above */
    struct svm_node *svm_nodes;
    int format;        /* the file's format version (MODEL_VERSION when trained) */
    model_training train;
    char describe[256];
};

/* The model file's checksum of p[0..n): the bytes as little-endian 64-bit
 * words dealt round-robin to four FNV-style lanes (xor, then multiply by
 * the FNV-1 64 prime), the tail bytes folded into lane 0, the lanes and n
 * combined and finally mixed.  Every step is a bijection of a lane's state,
 * so a change to any one word always changes the sum; four independent
 * lanes run at several bytes per cycle, where byte-wise FNV-1a took a
 * third of a model load. */
uint64_t model_checksum(const char *p, size_t n);

/* Fold bytes p[0..n) into an FNV-1a 64 hash h (start from
 * MODEL_CORPUS_SUM_INIT).  The corpus checksum of a model is this hash
 * over every training sentence in corpus order as "label TAB text LF". */
#define MODEL_CORPUS_SUM_INIT 0xcbf29ce484222325ULL
uint64_t model_corpus_sum(uint64_t h, const char *p, size_t n);

/* Allocate an empty model (all pointers NULL). */
stance_model *model_alloc(void);

/* Build the libsvm view of an RBF model's support vectors. */
bool model_build_svm(stance_model *m);

/* Fill m->describe from the settings. */
void model_describe(stance_model *m);

/* Serialise to a malloc'd buffer (for saving and for comparing models). */
stance_status model_serialise(const stance_model *m, char **buf, size_t *len);

/* Parse a serialised model; path names the source in error messages. */
stance_status model_parse(const char *buf, size_t len, const char *path, stance_model **out,
                          stance_error *err);

#endif
