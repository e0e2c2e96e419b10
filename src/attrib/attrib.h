/* attrib.h: source and target attribution (private part).  The public entry
 * points, stance_attribute and stance_attribution_free, are in stance.h;
 * this header shares the name comparison that the article scorer uses. */
#ifndef STANCE_ATTRIB_H
#define STANCE_ATTRIB_H

#include <stddef.h>

#include "stance.h"

/* Do two names of a source or a target denote the same thing?  Both are
 * compared case-insensitively with runs of whitespace as single spaces and
 * a leading "the " dropped; they match when equal or when one is a suffix
 * of the other starting at a word boundary ("Stoltenberg" matches "Jens
 * Stoltenberg").  An empty name matches nothing.  Returns 1 for a match, 0
 * for none and -1 when memory runs out. */
int attrib_names_match(const char *a, size_t alen, const char *b, size_t blen);

#endif
