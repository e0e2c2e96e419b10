/*
 * abbrev.h: the one list of abbreviations whose full stop belongs to the
 * word ("Mr.", "Gen.", "Jan.", "U.S.", "e.g.", "Inc.", "No. 5"), shared by
 * the sentence splitter (a full stop after one does not end a sentence)
 * and attribution's word scan (the stop is part of the token).  Private.
 */
#ifndef STANCE_ABBREV_H
#define STANCE_ABBREV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What kind of abbreviation a word is. */
typedef enum text_abbr {
    TEXT_ABBR_NONE = 0,
    TEXT_ABBR_WORD,   /* Mr., Gen., Jan., e.g., U.S.: the stop never ends a sentence on
                       * its own (the splitter's rules for dotted ones and times aside) */
    TEXT_ABBR_SUFFIX, /* Jr., Inc., Ltd., Co.: often the last word of a sentence, so the
                       * stop ends one before a word that opens sentences ("... Inc. The") */
    TEXT_ABBR_NUMBER  /* No.: an abbreviation only before a number ("No. 5") */
} text_abbr;

/* The kind of abbreviation w[0..n) is, in any ASCII case, given without
 * its final full stop but with inner ones ("u.s", "gov't").  Single
 * letters (initials) and dotted acronyms not in the list are the callers'
 * own rules. */
text_abbr text_abbreviation(const char *w, size_t n);

/* Is the full stop after w[0..n) part of an abbreviation, given next, the
 * first code point after the stop and any spaces (0 at the end)?  True for
 * every listed word but "No." when no digit follows. */
bool text_abbreviation_before(const char *w, size_t n, int32_t next);

#endif
