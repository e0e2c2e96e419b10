/*
 * gold.h: annotated articles' gold files, NAME.gold.tsv (README,
 * "Formats"): one sentence a line, label<TAB>sentence, then optionally
 * source<TAB>target and a pattern; blank lines and lines opening with #
 * are skipped.  stance-eval --articles scores against them
 * (articles.c) and stance-train --calibrate takes their labelled sentences
 * (src/cli/train.c); both read them here.  Private.
 */
#ifndef STANCE_GOLD_H
#define STANCE_GOLD_H

#include <stdbool.h>
#include <stddef.h>

#include "stance.h"

/* One gold sentence; offsets are into the buffer gold_read returns, where
 * the label and the sentence are NUL-terminated strings. */
typedef struct gold_line {
    int label;                 /* the model's label index, or -1 without a model */
    size_t label_off;          /* the label */
    size_t text_off, text_len; /* the sentence */
    size_t line;
    bool attributed;   /* has source and target columns */
    size_t src_off, src_len, tgt_off, tgt_len; /* len 0 = none */
    size_t pat_off, pat_len;   /* the pattern column; len 0 = none */
} gold_line;

/* Read the gold file at path: the file's bytes in *buf and its sentences,
 * in order, in (*lines)[0..*n).  With a model, each label must be one of
 * its labels.  The caller frees *buf and *lines, also on failure.  Fails
 * with STANCE_EIO, STANCE_EUTF8, STANCE_EFORMAT (err names the file and
 * line) or STANCE_ENOMEM. */
stance_status gold_read(const char *path, const stance_model *model, char **buf,
                        gold_line **lines, size_t *n, stance_error *err);

/* The gold files of folder dir: their names (NAME.gold.tsv, without the
 * folder), sorted bytewise, in (*names)[0..*n), and in *ntxt (if not
 * NULL) the number of NAME.txt files beside them.  None is no error.
 * Free the list with gold_names_free (also on failure).  STANCE_EIO when
 * the folder cannot be read, STANCE_ENOMEM. */
stance_status gold_list(const char *dir, char ***names, size_t *n, size_t *ntxt,
                        stance_error *err);
void gold_names_free(char **names, size_t n);

#endif
