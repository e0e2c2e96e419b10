/* strset.h: a set of strings (the inputs already done, for --resume). */
#ifndef STANCE_CLI_STRSET_H
#define STANCE_CLI_STRSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strset {
    char **slot;
    size_t cap, count;
} strset;

/* Add a copy of s; false on ENOMEM.  Adding twice is harmless. */
bool strset_add(strset *set, const char *s, size_t n);
bool strset_has(const strset *set, const char *s);
void strset_free(strset *set);

#endif
