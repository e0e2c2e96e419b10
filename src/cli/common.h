/* common.h: what the three command-line tools share. */
#ifndef STANCE_CLI_COMMON_H
#define STANCE_CLI_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "stance.h"

/* The running program's name, for every message. */
extern const char *cli_prog;

/* Print "PROG: message" and "Try 'PROG --help'..." to stderr; exit 2. */
void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Every message below starts on a line of its own: a progress line on a
 * terminal (batch_progress.c) says so with cli_progress_shown(true) after
 * drawing, under flockfile(stderr), and the message wipes it first. */
void cli_progress_shown(bool shown);

/* Print "PROG: message" to stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "PROG: FILE:LINE: message" for err to stderr. */
void cli_report(const stance_error *err);

/* Parse an integer or number option value in [min, max]; a bad value is a
 * usage error naming the option. */
long cli_long(const char *s, long min, long max, const char *option);
double cli_double(const char *s, double min, double max, const char *option);

/* "MIN-MAX" or a single N (N-N), or 0 for none. */
void cli_range(const char *s, int lo, int hi, const char *option, int *min, int *max);

/* Load the model at path, or the shipped default when path is NULL
 * (stance_model_default_path: $STANCE_MODEL, the data directory of the
 * prefix the program is installed in, the configured one; then the source
 * tree's models/, for a program run from its build folder).  On failure
 * prints the reason and exits 2. */
stance_model *cli_load_model(const char *path);

/* Parse an --input-format value (auto, tsv, fasttext, dir); a bad one is
 * a usage error. */
stance_corpus_format cli_corpus_format(const char *name);

/* Report what getopt_long rejected (it is run with opterr = 0 and an
 * optstring starting with ':'): ch is the '?' or ':' it returned. */
void cli_bad_option(int ch, char **argv) __attribute__((noreturn));

/* Print the version line and exit 0. */
void cli_version(void) __attribute__((noreturn));

#endif
