/* cvfold.h: one cross-validation fold, for stance_cv_fold and
 * stance_cross_validate alike (private to src/eval). */
#ifndef STANCE_CVFOLD_H
#define STANCE_CVFOLD_H

#include <stddef.h>

#include "stance.h"

/* Train on the sentences of c whose fold is not f and label those whose
 * fold is f.  Each labelled sentence is counted, when counts is not NULL,
 * into counts[gold * k + predicted] (k the corpus's labels in
 * stance_corpus_labels order; all k * k entries are zeroed first), and,
 * when metrics is not NULL, added to it with its confidence
 * (stance_metrics_add_confident, so its calibration bins fill too). */
stance_status cv_fold_score(const stance_corpus *c, const stance_train_options *o,
                            const int *fold, int f, size_t *counts, stance_metrics *metrics,
                            stance_error *err);

#endif
