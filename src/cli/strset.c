/*
 * strset.c: an open-addressing hash set of strings, owning copies.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strset.h"

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static bool grow(strset *set)
{
    size_t cap = set->cap ? set->cap * 2 : 1024;
    char **slot = calloc(cap, sizeof *slot);
    if (slot == NULL)
        return false;
    for (size_t i = 0; i < set->cap; i++) {
        char *s = set->slot[i];
        if (s == NULL)
            continue;
        size_t h = hash(s, strlen(s)) & (cap - 1);
        while (slot[h])
            h = (h + 1) & (cap - 1);
        slot[h] = s;
    }
    free(set->slot);
    set->slot = slot;
    set->cap = cap;
    return true;
}

bool strset_add(strset *set, const char *s, size_t n)
{
    if ((set->count + 1) * 2 > set->cap && !grow(set))
        return false;
    size_t h = hash(s, n) & (set->cap - 1);
    while (set->slot[h]) {
        if (strlen(set->slot[h]) == n && memcmp(set->slot[h], s, n) == 0)
            return true;
        h = (h + 1) & (set->cap - 1);
    }
    if ((set->slot[h] = strndup(s, n)) == NULL)
        return false;
    set->count++;
    return true;
}

bool strset_has(const strset *set, const char *s)
{
    if (set->cap == 0)
        return false;
    size_t n = strlen(s), h = hash(s, n) & (set->cap - 1);
    while (set->slot[h]) {
        if (strcmp(set->slot[h], s) == 0)
            return true;
        h = (h + 1) & (set->cap - 1);
    }
    return false;
}

void strset_free(strset *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slot[i]);
    free(set->slot);
    memset(set, 0, sizeof *set);
}
