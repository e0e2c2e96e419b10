/* corpus.h: the labelled corpus held in memory (private). */
#ifndef STANCE_CORPUS_H
#define STANCE_CORPUS_H

#include "stance.h"

struct stance_corpus {
    char **label;
    char **text;
    size_t n, cap;
    /* where each sentence was read (stance_corpus_origin): files[file[i]],
     * line line[i]; file[i] == SIZE_MAX for stance_corpus_add's sentences */
    size_t *file, *line;
    char **files;
    size_t nfiles;
    size_t cur_file, cur_line; /* the line read_lines is handing over */
};

/* Maximum length of one corpus line; longer lines are an error. */
#define CORPUS_MAX_LINE ((size_t)1 << 20)

/* The distinct labels of a corpus, sorted bytewise.  *labels is a malloc'd
 * array of pointers into the corpus; the caller frees the array only. */
stance_status corpus_labels(const stance_corpus *c, const char ***labels, size_t *n);

#endif
