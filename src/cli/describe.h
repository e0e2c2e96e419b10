/* describe.h: stance-train --describe, a model's training record. */
#ifndef STANCE_CLI_DESCRIBE_H
#define STANCE_CLI_DESCRIBE_H

#include <stdbool.h>
#include <stdio.h>

#include "stance.h"

/* Print what model m (read from path) records about its training: one
 * "name  value" line per setting, or with json one JSON object line. */
void describe_model(FILE *fp, const char *path, const stance_model *m, bool json);

#endif
