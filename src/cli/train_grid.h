/* train_grid.h: stance-train's grid search and cross-validation report,
 * their folds run in parallel (forkpool.h), and its progress line. */
#ifndef STANCE_CLI_TRAIN_GRID_H
#define STANCE_CLI_TRAIN_GRID_H

#include <stdbool.h>
#include <stddef.h>

#include "stance.h"

/* The points a grid search tries: every C x class weighting (none, then
 * balanced) x char weight. */
typedef struct grid_spec {
    double C[32];
    size_t nC;
    double char_weight[32];
    size_t ncw;
    bool accuracy; /* score points by accuracy instead of macro-F1 */
    const char *over; /* NULL, or "L1,L2,...": score points by the F1
                         averaged over these labels (--grid-score
                         macro-f1:L1,L2,...; score holds the whole text) */
    const char *score; /* the --grid-score text recorded in the model */
    int folds;
    int repeats; /* dealings of the folds (--grid-repeats), from seeds seed,
                    seed + 1, ...; every point's counts summed over them */
} grid_spec;

/* The default grid: C 0.125 ... 16 in powers of two, char weights 0.1,
 * 0.3 and 0.5, macro-F1, 5 folds dealt once. */
void grid_spec_default(grid_spec *g);

/* --grid-score TEXT into g: macro-f1, accuracy or macro-f1:L1,L2,... (the
 * labels are checked against the corpus by grid_search); anything else is
 * a usage error. */
void grid_parse_score(const char *text, grid_spec *g);

/* Parse a comma-separated list of numbers in [min, max] into out (at most
 * 32); a bad list is a usage error naming option. */
size_t grid_parse_list(const char *s, double min, double max, const char *option, double *out);

/* Score every point of g by cross-validation on c (labels from decision
 * values, no probabilities), jobs trainings at a time; print the table
 * unless quiet; set the best point's C, balanced and char weight in *o and
 * record the grid there for the model.  Ties go to the first point in
 * table order.  A label of g->over that the corpus lacks, or named twice,
 * is a usage error.  Returns 0, or 1 after reporting an error. */
int grid_search(const stance_corpus *c, stance_train_options *o, const grid_spec *g, int jobs,
                bool quiet, bool progress);

/* --cv K: cross-validate o on c, jobs folds at a time, and print the
 * report unless quiet.  Returns 0, or 1 after reporting an error. */
int cross_validate(const stance_corpus *c, const stance_train_options *o, int folds, int jobs,
                   bool quiet, bool progress);

/* A stance_train_options progress callback drawing "phase done/total" on
 * stderr (arg unused); progress_end clears the line. */
void progress_train(void *arg, const char *phase, size_t done, size_t total);
void progress_end(void);

/* Print a note on stderr when some label of c has too few sentences for
 * probabilities to be fitted reliably. */
void note_small_corpus(const stance_corpus *c);

#endif
