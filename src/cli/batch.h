/* batch.h: classifying files, directories and stdin for stance-classify. */
#ifndef STANCE_CLI_BATCH_H
#define STANCE_CLI_BATCH_H

#include <stdint.h>
#include <stdio.h>

#include "output.h"
#include "stance.h"

/* --resume: the inputs an interrupted run recorded whole, by position:
 * the hash (batch_name_hash) of each one's name as its records carry it
 * (resume.c reads them from the partial output). */
typedef struct resume_plan {
    uint64_t *names;
    size_t count, cap;
} resume_plan;

typedef struct batch_options {
    const stance_model *model;
    out_format format;
    bool lines;        /* one sentence per line, no splitting */
    bool summary;      /* one record per article */
    bool lossy;        /* replace invalid UTF-8 bytes with '?' instead of failing */
    bool follow;       /* follow symbolic links while walking */
    bool all;          /* every regular file, not only those matching glob */
    const char *glob;  /* file name pattern for directory walks */
    size_t max_size;   /* largest file read, in bytes */
    int jobs;          /* worker threads */
    size_t explain;    /* features per sentence in explanations */
    bool progress;     /* progress line on stderr */
    bool stdin_jsonl;  /* read {"id", "text"} documents from stdin */
    bool no_attribution; /* skip sources and targets (records carry null) */
    bool context;      /* with lines, targets may come from other lines */
    const resume_plan *resume; /* inputs already recorded (--resume), or NULL */
    const char *output_name; /* for messages: the file written, or "stdout" */
    const char *html_dir; /* -f html -o DIR: a page per article and index.html */
} batch_options;

/* Classify every path (a file, a directory walked recursively, or "-" for
 * stdin) and write the records to out in input order, whatever the number
 * of workers.  Each input gets its records or exactly one error record
 * (and a message on stderr).  Returns the number of inputs that failed, or
 * -1 when output could not be written (reported at the first failed write,
 * which stops the run) or the resumed inputs do not match the records.  With o->stdin_jsonl the paths are
 * ignored and stdin is read.  header: write the tsv/csv header line. */
long batch_run(const batch_options *o, char *const *paths, size_t npaths, FILE *out,
               bool header);

/* The hash --resume keys an input's name on: of s[0..n), the name exactly
 * as records carry it (out_name). */
uint64_t batch_name_hash(const char *s, size_t n);

/* Replace each byte of an invalid UTF-8 sequence in s[0..n) with '?', in
 * place, so that byte offsets still index the original file (--lossy). */
void batch_make_lossy(char *s, size_t n);

#endif
