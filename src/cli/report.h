/* report.h: printing evaluation metrics as text or JSON. */
#ifndef STANCE_CLI_REPORT_H
#define STANCE_CLI_REPORT_H

#include <stdio.h>

#include "stance.h"

/* Accuracy, per-label precision/recall/F1, macro-F1 and the confusion
 * matrix (rows gold, columns predicted). */
void report_text(FILE *fp, const stance_metrics *m, const char *const *labels, size_t k);
/* The same as one JSON object (no trailing newline). */
void report_json(FILE *fp, const stance_metrics *m, const char *const *labels, size_t k);

#endif
