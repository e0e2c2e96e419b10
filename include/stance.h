/*
 * stance.h: the public API of libstance, a sentence-level stance classifier.
 *
 * libstance splits news articles into sentences, turns each sentence into a
 * sparse feature vector (word and character n-grams, tf-idf weighted) and
 * labels it with a linear or RBF support vector machine trained by libsvm
 * or, for large corpora, LIBLINEAR.
 *
 * Conventions, for every function below:
 *  - Handles are opaque and come in X_new/X_free (or X_load/X_free) pairs;
 *    passing NULL to a free function does nothing.
 *  - Functions return a stance_status; STANCE_OK is 0.  On failure an
 *    out-pointer is left NULL and, when the caller passes a non-NULL
 *    stance_error, it is filled with a message and, where known, the file,
 *    line and byte offset of the fault.  The caller owns the error struct.
 *  - The library never prints, exits or aborts, and keeps no mutable global
 *    state of its own, so different handles may be used from different
 *    threads at once.  A stance_model is read-only after loading and may be
 *    shared by many stance_predictor handles, one per thread.
 */
#ifndef STANCE_H
#define STANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STANCE_VERSION "0.1.0"

typedef enum stance_status {
    STANCE_OK = 0,
    STANCE_ENOMEM,    /* out of memory */
    STANCE_EIO,       /* a file could not be opened, read or written */
    STANCE_EUTF8,     /* text is not valid UTF-8 */
    STANCE_EBINARY,   /* input looks binary (holds NUL bytes) */
    STANCE_EFORMAT,   /* malformed corpus, gold or option text */
    STANCE_EMODEL,    /* model file truncated, corrupted, foreign or too new */
    STANCE_EINVAL,    /* invalid argument or option value */
    STANCE_ELIMIT,    /* input exceeds a configured size limit */
    STANCE_ETRAIN     /* training could not proceed (e.g. fewer than 2 labels) */
} stance_status;

/* Detail of a failure.  Fields that do not apply are empty / 0. */
typedef struct stance_error {
    stance_status code;
    char message[512];   /* human-readable reason, no trailing newline */
    char file[1024];     /* file the fault is in, "" if none */
    size_t line;         /* 1-based line, 0 if not applicable */
    size_t offset;       /* byte offset in the file, meaningful if has_offset */
    bool has_offset;
} stance_error;

/* Fixed English text for a status code; never NULL, never to be freed. */
const char *stance_strerror(stance_status code);

/* Write "FILE:LINE: MESSAGE" (or the parts that apply, with "byte N" when an
 * offset is known) into buf of size n, always NUL-terminated.  Returns buf. */
char *stance_error_format(const stance_error *err, char *buf, size_t n);

/* ------------------------------------------------------------------ text */

/* Check that text[0..len) is valid UTF-8.  Returns true if it is; otherwise
 * false with *bad_offset (if not NULL) set to the first invalid byte. */
bool stance_utf8_valid(const char *text, size_t len, size_t *bad_offset);

/* A sentence as a byte range [start, end) of the text it was split from. */
typedef struct stance_span {
    size_t start;
    size_t end;
} stance_span;

/* Split article text into sentences (see README, "Sentence splitting").
 * On success *spans is a malloc'd array of *count spans that the caller
 * frees with free(); an empty or blank text yields *count 0 and *spans NULL.
 * Text must be valid UTF-8 (STANCE_EUTF8 otherwise). */
stance_status stance_split(const char *text, size_t len, stance_span **spans,
                           size_t *count, stance_error *err);

/* One span per line of text[0..len): the line without its "\n", "\r\n" or
 * lone "\r" (old Mac files) (an empty line gives an empty span, so spans
 * keep line numbers).
 * *spans is malloc'd, freed by the caller; a text without bytes gives *count
 * 0.  Fails only with STANCE_ENOMEM. */
stance_status stance_split_lines(const char *text, size_t len, stance_span **spans,
                                 size_t *count);

/* ---------------------------------------------------------------- corpus */

typedef enum stance_corpus_format {
    STANCE_CORPUS_AUTO = 0,  /* directory => DIR, "__label__" => fastText, else TSV */
    STANCE_CORPUS_TSV,
    STANCE_CORPUS_FASTTEXT,
    STANCE_CORPUS_DIR
} stance_corpus_format;

typedef struct stance_corpus stance_corpus;

/* Create an empty corpus.  Free with stance_corpus_free. */
stance_status stance_corpus_new(stance_corpus **out);
void stance_corpus_free(stance_corpus *corpus);

/* Append every labelled sentence of path (a file, or a directory for
 * STANCE_CORPUS_DIR / AUTO) to corpus.  A malformed line fails the whole
 * call with err naming file, line and reason; nothing is skipped. */
stance_status stance_corpus_read(stance_corpus *corpus, const char *path,
                                 stance_corpus_format format, stance_error *err);

/* Append one sentence; label and text are copied. */
stance_status stance_corpus_add(stance_corpus *corpus, const char *label,
                                const char *text, stance_error *err);

size_t stance_corpus_size(const stance_corpus *corpus);
/* The i-th sentence's label and text; owned by the corpus. */
const char *stance_corpus_label(const stance_corpus *corpus, size_t i);
const char *stance_corpus_text(const stance_corpus *corpus, size_t i);
/* Where the i-th sentence was read: the file's name as given to
 * stance_corpus_read (owned by the corpus) and, in *line (may be NULL),
 * its 1-based line; NULL and 0 for a sentence from stance_corpus_add. */
const char *stance_corpus_origin(const stance_corpus *corpus, size_t i, size_t *line);

/* The corpus's distinct labels, sorted bytewise: *labels is a malloc'd
 * array (the caller frees the array, not the strings, which the corpus
 * owns). */
stance_status stance_corpus_labels(const stance_corpus *corpus, const char ***labels,
                                   size_t *count);

/* ----------------------------------------------------------------- model */

typedef struct stance_model stance_model;

typedef enum stance_kernel { STANCE_KERNEL_LINEAR = 0, STANCE_KERNEL_RBF = 1 } stance_kernel;

/* Which library trains the SVM.  Both give the same model format and the
 * same prediction path.  libsvm solves the one-against-one C-SVC exactly
 * over an n x n kernel matrix: time and memory grow with n^2, so it is for
 * RBF models and corpora of up to some 20,000 sentences.  LIBLINEAR trains
 * one linear classifier per label (one-vs-rest, L2-regularised L2-loss SVM,
 * dual coordinate descent, with a bias term) from the sparse vectors, in
 * time and memory linear in n; its weights are folded into the
 * one-against-one form (pair i,j gets w_i - w_j, so the vote picks the
 * label with the highest one-vs-rest score), and probabilities come from
 * Platt sigmoids fitted on decision values held out by an internal 5-fold
 * cross-validation.  Linear kernel only. */
typedef enum stance_solver {
    STANCE_SOLVER_AUTO = 0,  /* LIBLINEAR for a linear kernel when the corpus has more
                                than STANCE_AUTO_LIBLINEAR sentences or when the
                                n x n kernel matrix would take more than half the
                                physical memory; libsvm otherwise */
    STANCE_SOLVER_LIBSVM,
    STANCE_SOLVER_LIBLINEAR
} stance_solver;

/* Corpus size above which STANCE_SOLVER_AUTO trains with LIBLINEAR: at
 * 20,000 sentences libsvm's kernel matrix takes 6.4 GB and training about
 * a minute on a 2-core machine, twenty times LIBLINEAR's time. */
#define STANCE_AUTO_LIBLINEAR 20000

/* Training settings.  Fill with stance_train_options_init, then change. */
typedef struct stance_train_options {
    stance_kernel kernel;
    double C;             /* SVM cost, > 0 */
    double gamma;         /* RBF width; <= 0 means 1 (vectors have unit length) */
    bool balanced;        /* weight classes inversely to their frequency */
    const char *class_weights; /* "label=w,label=w" or NULL */
    const char *prior_weights; /* "label=w,...": multiply each label's probability
                                  at prediction (then renormalise), to match the
                                  label mix expected in use; NULL: all 1 */
    int word_min, word_max;    /* word n-gram orders, 0 0 to disable */
    int char_min, char_max;    /* character n-gram orders, 0 0 to disable */
    int hash_bits;        /* feature hashing space, 2^bits buckets, 16..24 */
    int min_df;           /* drop features seen in fewer sentences */
    double char_weight;   /* share of the vector norm given to char n-grams, 0..1 */
    bool probability;     /* fit Platt scaling for probabilities */
    unsigned seed;        /* seed for libsvm's and LIBLINEAR's internal shuffles
                             (srand before each training) and for LIBLINEAR's
                             calibration folds */
    double eps;           /* libsvm stopping tolerance (LIBLINEAR uses its own
                             default, 0.1) */
    size_t max_kernel_bytes; /* libsvm only: training normally hands libsvm a
                                precomputed n x n kernel matrix (16 bytes an entry,
                                fast); above this size it gives libsvm the sparse
                                vectors instead (memory linear in n, several times
                                slower).  0: half the physical memory */
    bool cues;            /* add stance-cue tokens (cue class, negation, modality,
                             treaty nearby, question/headline/quote shape) to the
                             word n-grams; default true */
    stance_solver solver; /* libsvm, LIBLINEAR or (the default) auto; see above */
    /* Recorded in the model only (stance_model_info), not used by training:
     * the grid search that chose C, the class weighting and the char weight.
     * grid_folds 0 (the default): no grid. */
    int grid_folds;
    int grid_repeats;          /* times the folds were dealt anew and every point
                                  cross-validated again (--grid-repeats); 0 or 1:
                                  once */
    size_t grid_points;        /* points the grid tried */
    const char *grid_score;    /* "macro-f1", "accuracy" or "macro-f1:L1,L2,..." (F1
                                  averaged over the named labels), no whitespace,
                                  under 128 bytes */
    double grid_value;         /* the chosen point's cross-validated score, 0..1 */
    /* Called, when not NULL, from the training thread as training goes:
     * phase names the step ("features", "training", "calibration"), done of
     * total its progress (total 0: unknown).  For progress displays. */
    void (*progress)(void *arg, const char *phase, size_t done, size_t total);
    void *progress_arg;
} stance_train_options;

void stance_train_options_init(stance_train_options *opts);

/* The most labels a model holds: stance_train refuses a corpus with more
 * (STANCE_ETRAIN) and stance_model_load a model file with more. */
#define STANCE_MAX_LABELS 1000

/* The solver stance_train will use for a corpus of n sentences under opts:
 * STANCE_SOLVER_LIBSVM or STANCE_SOLVER_LIBLINEAR, never AUTO.  (A request
 * for LIBLINEAR with the RBF kernel is returned as is; stance_train refuses
 * it with STANCE_EINVAL.) */
stance_solver stance_train_solver(const stance_train_options *opts, size_t n);

/* Train a model on every sentence of corpus.  *out is freed with
 * stance_model_free.  Deterministic for a given opts->seed. */
stance_status stance_train(const stance_corpus *corpus, const stance_train_options *opts,
                           stance_model **out, stance_error *err);

/* Load a model file; a truncated, corrupted or foreign file gives
 * STANCE_EMODEL with a message and no allocation beyond what was checked. */
stance_status stance_model_load(const char *path, stance_model **out, stance_error *err);

/* Write the model to path atomically (a temporary file, then rename). */
stance_status stance_model_save(const stance_model *model, const char *path, stance_error *err);

void stance_model_free(stance_model *model);

size_t stance_model_label_count(const stance_model *model);
/* The i-th label's name, owned by the model. */
const char *stance_model_label(const stance_model *model, size_t i);
/* Index of label name, or -1. */
int stance_model_label_index(const stance_model *model, const char *name);
/* A one-line description of the settings the model was trained with,
 * owned by the model. */
const char *stance_model_describe(const stance_model *model);

/* Everything a model file records about how it was trained.  Strings and
 * arrays are owned by the model.  Models written before format 4 record
 * only the settings that shape prediction: their `recorded` is false and
 * the fields marked (4) are zero or NULL. */
typedef struct stance_model_info {
    int format;                 /* model file format version */
    bool recorded;              /* the training record below is present */
    const char *stance_version; /* (4) version of stance that trained it */
    stance_solver solver;       /* (4) LIBSVM or LIBLINEAR */
    stance_kernel kernel;
    double C, gamma;            /* gamma: RBF only, else 0 */
    bool balanced;              /* (4) classes weighted inversely to frequency */
    const char *class_weights;  /* (4) the class-weight spec, or NULL */
    const double *prior_weights; /* one per label */
    double char_weight;
    int word_min, word_max, char_min, char_max;
    int min_df;                 /* (4) */
    int hash_bits;
    int cues;                   /* cue lexicon version, 0 without cue tokens */
    int feature_version;        /* version of feature extraction (tokenizer,
                                   n-gram hash, blocks); 1 for files before it
                                   was recorded */
    unsigned seed;              /* (4) */
    bool probability;           /* Platt scaling fitted */
    size_t features;            /* feature rows kept */
    const char *grid_score;     /* (4) "macro-f1", "accuracy" or "macro-f1:L1,L2,...",
                                   or NULL: no grid */
    int grid_folds;             /* (4) */
    int grid_repeats;           /* (4) 1 unless the folds were dealt several times */
    size_t grid_points;         /* (4) */
    double grid_value;          /* (4) the chosen point's score */
    size_t calibration_sentences; /* (4) held-out sentences stance_model_calibrate
                                     fitted confidence on; 0: none */
    double calibration_scale;   /* (4) its factor on the sigmoids (1 without) */
    size_t sentences;           /* (4) training sentences */
    uint64_t corpus_checksum;   /* (4) FNV-1a 64 of every training sentence in
                                   order, as "label TAB text LF" */
    const uint64_t *label_sentences; /* (4) training sentences per label */
} stance_model_info;

/* Fill *info from model. */
void stance_model_get_info(const stance_model *model, stance_model_info *info);

/* Where the shipped default model (treaties.model) is, in this order:
 *  1. $STANCE_MODEL when set and not empty (returned whether or not the
 *     file exists, so that loading it reports what is wrong with it);
 *  2. share/stance/treaties.model of the prefix this copy of libstance is
 *     installed in, found from the library's own file (the shared library:
 *     LIBDIR/../share/stance; linked statically: the running program's
 *     BINDIR/../share/stance, by /proc/self/exe), so an installed tree
 *     works from any --prefix and after being moved;
 *  3. the data directory of the prefix the library was configured with.
 * *path is a newly allocated string the caller frees with free().  When no
 * readable model is found: STANCE_EIO with the places tried in err, *path
 * NULL.  Checks only that the file can be read; stance_model_load checks
 * the rest. */
stance_status stance_model_default_path(char **path, stance_error *err);

/* What stance_model_calibrate found: the factor s applied to every pair's
 * Platt sigmoid (1 when held-out text did not favour another), and the mean
 * negative log-likelihood of the gold labels before and after. */
typedef struct stance_calibration {
    size_t sentences;
    double scale;
    double nll_before, nll_after;
} stance_calibration;

/* Fit the model's confidence to a held-out labelled set (text unlike the
 * training corpus's own, e.g. annotated articles): one factor for all
 * pairwise sigmoids, chosen to maximise the likelihood of the set's gold
 * labels.  Labels do not change.  STANCE_EINVAL (with a message) for a model
 * without probabilities, an empty set or a label the model lacks. */
stance_status stance_model_calibrate(stance_model *model, const stance_corpus *corpus,
                                     stance_calibration *out, stance_error *err);

/* ------------------------------------------------------------ prediction */

typedef struct stance_predictor stance_predictor;

/* A predictor holds the scratch buffers for one thread; the model must
 * outlive it.  Free with stance_predictor_free. */
stance_status stance_predictor_new(const stance_model *model, stance_predictor **out);
void stance_predictor_free(stance_predictor *pred);

/* One feature's contribution to a decision, for explanations. */
typedef struct stance_feature_weight {
    const char *text;   /* the n-gram as the model sees it (casefolded), owned by
                           the predictor: words joined by spaces ("talks with";
                           "^ by" is "by" opening the sentence; "‹warn.t›" a cue
                           token), or a character n-gram of a word marked
                           "<word>" ("ce>" ends a word) */
    const char *word;   /* character n-grams: the word (casefolded) the n-gram
                           was first taken from in the sentence, e.g. "peace"
                           for "ce>"; NULL for word n-grams */
    double weight;      /* its push toward the chosen label over the runner-up */
} stance_feature_weight;

typedef struct stance_prediction {
    int label;                  /* index into the model's labels */
    double confidence;          /* probability of label (or vote share) */
    const double *probabilities; /* one per label, summing to 1; owned by the predictor,
                                    valid until the next call */
    const stance_feature_weight *explain; /* top features, or NULL */
    size_t explain_count;
} stance_prediction;

/* Label one sentence of text[0..len) (valid UTF-8).  When explain_k > 0 the
 * prediction also lists up to explain_k features.  Results are owned by the
 * predictor and valid until its next call. */
stance_status stance_predict(stance_predictor *pred, const char *text, size_t len,
                             size_t explain_k, stance_prediction *out);

/* --------------------------------------------------------------- metrics */

typedef struct stance_metrics stance_metrics;

/* A confusion matrix over nlabels labels.  Free with stance_metrics_free. */
stance_status stance_metrics_new(size_t nlabels, stance_metrics **out);
void stance_metrics_free(stance_metrics *m);
/* Count one sentence with gold label index gold and predicted index pred. */
void stance_metrics_add(stance_metrics *m, size_t gold, size_t pred);
size_t stance_metrics_cell(const stance_metrics *m, size_t gold, size_t pred);
size_t stance_metrics_total(const stance_metrics *m);
double stance_metrics_accuracy(const stance_metrics *m);
/* Precision, recall and F1 of label i (0 where undefined) and its support
 * (number of gold sentences); any out-pointer may be NULL. */
void stance_metrics_label(const stance_metrics *m, size_t i, double *precision,
                          double *recall, double *f1, size_t *support);
/* Unweighted mean of the per-label F1 over labels with support or predictions. */
double stance_metrics_macro_f1(const stance_metrics *m);
/* Unweighted mean of the F1 of the n labels whose indices are in which (e.g.
 * SemEval-2016's F_avg over favor and against, "none" left out), over those
 * of them with support or predictions, as stance_metrics_macro_f1; 0 when
 * none has either.  Indices not below the label count are skipped. */
double stance_metrics_f1_over(const stance_metrics *m, const size_t *which, size_t n);
/* stance_metrics_add for a prediction made with confidence c in [0, 1] (the
 * probability reported for the predicted label), which also feeds the
 * calibration figure. */
void stance_metrics_add_confident(stance_metrics *m, size_t gold, size_t pred, double c);
/* Expected calibration error over the sentences added with a confidence:
 * with confidences in ten equal bins, the mean over sentences of
 * |accuracy of the bin - mean confidence of the bin|.  0 when none; the
 * count of such sentences in *n if n is not NULL. */
double stance_metrics_calibration(const stance_metrics *m, size_t *n);

/* Stratified k-fold cross-validation: trains on k-1 folds, predicts the
 * held-out fold with the trained model, for each fold.  *out counts gold
 * against predicted labels, indexed as stance_corpus_labels orders them,
 * and holds each held-out sentence's confidence in its calibration bins
 * (stance_metrics_calibration).  Deterministic for a given opts->seed. */
stance_status stance_cross_validate(const stance_corpus *corpus, const stance_train_options *opts,
                                    int folds, stance_metrics **out, stance_error *err);

/* Cross-validation a fold at a time (for running folds in parallel, each
 * in its own process).  stance_cv_assign writes into fold[] (one int per
 * sentence) the fold, 0..folds-1, that stance_cross_validate puts each
 * sentence in for this seed.  stance_cv_fold trains on the sentences whose
 * fold is not f, labels those whose fold is f by the decision values, and
 * writes gold-against-predicted counts into counts[gold * k + predicted]
 * (k the corpus's labels, in stance_corpus_labels order; k * k entries).
 * A fold's result depends only on corpus, opts, fold and f. */
stance_status stance_cv_assign(const stance_corpus *corpus, int folds, unsigned seed, int *fold,
                               stance_error *err);
stance_status stance_cv_fold(const stance_corpus *corpus, const stance_train_options *opts,
                             const int *fold, int f, size_t *counts, stance_error *err);

/* Scores of one annotated article (stance-eval --articles). */
typedef struct stance_article_score {
    size_t gold;       /* gold sentences */
    size_t predicted;  /* sentences the splitter found */
    size_t matched;    /* predicted sentences whose span equals a gold span */
    /* Source and target agreement on matched sentences whose gold line has
     * the source and target columns (see stance_article_eval): tp = both
     * named and matching, fp = predicted but gold none or different, fn =
     * gold named but predicted none or different. */
    size_t source_tp, source_fp, source_fn;
    size_t target_tp, target_fp, target_fn;
} stance_article_score;

/* Split the article at txt_path, align it with the gold file gold_path
 * (label<TAB>sentence[<TAB>source<TAB>target] per line, whitespace inside a
 * sentence compared as single spaces), and count boundary matches into
 * *score and, for matched sentences whose gold label the model knows,
 * gold/predicted labels into labels (model label indices; may be NULL).
 * On matched sentences whose gold line has all four columns (an empty
 * source or target meaning none), the sources and targets stance_attribute
 * finds are counted against the gold ones; names match case-insensitively,
 * with whitespace collapsed and a leading "the " dropped, when equal or
 * when one ends the other at a word boundary ("Stoltenberg" matches "Jens
 * Stoltenberg"). */
stance_status stance_article_eval(const stance_model *model, const char *txt_path,
                                  const char *gold_path, stance_metrics *labels,
                                  stance_article_score *score, stance_error *err);

/* ----------------------------------------------------------- attribution */

/* Who voices a sentence and which treaty it is about.  NULL = none;
 * otherwise UTF-8, NUL-terminated, owned by the array. */
typedef struct stance_attribution {
    char *source;  /* the speaker: "Jens Stoltenberg", "Russian Defense Ministry" */
    char *target;  /* the treaty: "Treaty of Alliance and Integration", "Paris Agreement" */
    /* The rules that found them (README, "Attribution"), static strings
     * not owned by the array: "speech-verb subject", "quote: current
     * speaker", "gazetteer name", "carried from previous sentence" ...;
     * NULL when source or target is NULL. */
    const char *source_rule, *target_rule;
} stance_attribution;

/* Options of stance_attribute_with. */
typedef struct stance_attribute_options {
    /* A sentence's target may come from the sentences around it (the
     * treaty under discussion, "the pact", "it", a quotation's treaty);
     * default true.  False: only a treaty the sentence names, for lines
     * that do not make one text. */
    bool context;
} stance_attribute_options;

void stance_attribute_options_init(stance_attribute_options *opts);

/* Attribute each of the count sentences spans[0..count) of the article
 * text[0..len) (usually from stance_split, in article order) by rule:
 * the source from speech verbs ("X said", "said X", "X told"), "according
 * to X" and "X: “...”", with "he", "she", "the ministry" and "the
 * spokesman" resolved to what the article named before, and every sentence
 * of a quotation given its speaker; the target from a treaty named in the
 * sentence, else the one under discussion for "the pact", "this Treaty",
 * "it" after a sentence with a target, or a statement attributed to
 * someone.  Names are given in the fullest form the article uses ("New
 * START" as "New Strategic Arms Reduction Treaty"), without a leading
 * "the".
 * On success *out is a malloc'd array of count entries (NULL when count is
 * 0) that the caller frees with stance_attribution_free.  Fails with
 * STANCE_EINVAL for NULL arguments or a span outside the text, STANCE_EUTF8
 * for invalid UTF-8 and STANCE_ENOMEM, leaving *out NULL. */
stance_status stance_attribute(const char *text, size_t len, const stance_span *spans,
                               size_t count, stance_attribution **out, stance_error *err);
/* stance_attribute with options (opts NULL: STANCE_EINVAL); stance_attribute
 * is this with the defaults of stance_attribute_options_init. */
stance_status stance_attribute_with(const char *text, size_t len, const stance_span *spans,
                                    size_t count, const stance_attribute_options *opts,
                                    stance_attribution **out, stance_error *err);

/* The name under which a source is counted in summaries: one speaker
 * written several ways is one source ("US", "U.S.", "Washington" and "the
 * United States" as "United States"; "Moscow" as "Russia"; "UK", "Britain"
 * as "United Kingdom"; a leading "the " dropped).  Returns a static string,
 * or a pointer into source; NULL for NULL.  Sentences keep the source as
 * written. */
const char *stance_source_key(const char *source);

/* Free an array from stance_attribute with its count entries and their
 * strings; NULL does nothing. */
void stance_attribution_free(stance_attribution *a, size_t count);

/* -------------------------------------------------------------- articles */

/* One sentence of an article, as stance_article_classify delivers it.  The
 * pointers are valid during the callback only. */
typedef struct stance_sentence {
    size_t index;                         /* 0-based; with lines, the line's index */
    size_t start, end;                    /* its bytes in the article: [start, end) */
    const stance_prediction *prediction;  /* label, confidence, probabilities, explain;
                                             NULL when called without a predictor */
    const char *source;                   /* who holds the stance; NULL: none found */
    const char *target;                   /* the treaty it is about; NULL: none */
    const char *source_rule, *target_rule; /* the rules that found them (stance_attribution) */
} stance_sentence;

/* Called for each sentence in article order; anything but STANCE_OK stops
 * the article and is what stance_article_classify returns. */
typedef stance_status (*stance_sentence_fn)(const stance_sentence *sentence, void *arg);

typedef struct stance_article_options {
    bool lines;          /* every line is one sentence, no splitting; blank lines
                            are skipped but keep their index */
    bool attribution;    /* find sources and targets (default true); without it
                            they are NULL and classification is two to three
                            times as fast */
    size_t explain;      /* features to explain per sentence (0: none) */
    bool context;        /* with lines, targets may come from other lines
                            (stance_attribute_options); default false: each
                            line's target is a treaty it names */
    /* A window of a longer text (a caller streaming a big file): text is
     * its bytes from base_offset on, and its first sentence (or line) has
     * index base_index; sentences are delivered with index and start/end
     * counted from them, as if the whole text had been given.  0 and 0 by
     * default. */
    size_t base_offset, base_index;
} stance_article_options;

/* The longest sentence classified, in bytes.  A longer sentence is cut
 * into pieces of at most this many bytes (at a space or line break when
 * there is one in its last quarter, else at a character boundary), each
 * classified as a sentence of its own; with lines, a longer line is
 * classified by its first piece only (its end says where that stops).
 * This bounds the memory one sentence's features take. */
#define STANCE_SENTENCE_MAX 65536

void stance_article_options_init(stance_article_options *opts);

/* Classify one article: split text[0..len) into sentences (or lines),
 * attribute sources and targets across the article, and label every
 * sentence with pred, calling fn once per sentence in order (pred may be
 * NULL: sentences, sources and targets only, prediction NULL).  text must be
 * valid UTF-8 (STANCE_EUTF8 with the offset in err otherwise).  Sentences
 * longer than STANCE_SENTENCE_MAX are cut (see there).  Out of memory
 * anywhere, attribution included, returns STANCE_ENOMEM (no sentence is
 * delivered without the source and target it would have had); other
 * failures return their status. */
stance_status stance_article_classify(stance_predictor *pred, const char *text, size_t len,
                                      const stance_article_options *opts, stance_sentence_fn fn,
                                      void *arg, stance_error *err);

#ifdef __cplusplus
}
#endif
#endif /* STANCE_H */
