/*
 * chars.h: the character classes every tokenizer of stance uses (private).
 * Three scans cut text into words, each for its own purpose: the feature
 * tokenizer (text.c, text_tokenize: the tokens the model's n-grams are
 * hashed from), the sentence splitter (sentences.c: where sentences end)
 * and attribution's word scan (src/attrib/tokens.c: names, quotation marks
 * and the words rules look at).  What a letter, a digit, an apostrophe, a
 * hyphen, a dash or a quotation mark is, is decided here once, so that they
 * agree; how each joins them into words is its own rule.
 */
#ifndef STANCE_CHARS_H
#define STANCE_CHARS_H

#include <stdbool.h>
#include <stdint.h>

/* Unicode classes (utf8proc categories; ASCII answered without it). */
bool text_is_space(int32_t cp);  /* Z*, Cc, Cf: spaces, line ends, controls */
bool text_is_letter(int32_t cp); /* L* and M* (marks belong to their letter) */
bool text_is_upper(int32_t cp);  /* Lu, Lt */
bool text_is_lower(int32_t cp);  /* Ll */
bool text_is_digit(int32_t cp);  /* Nd */

/* A letter or a digit: what words are made of. */
bool text_is_word_char(int32_t cp);

/* CJK ideographs, each a word of its own in the feature tokenizer. */
static inline bool text_is_ideograph(int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

/* Apostrophes: ' and ’ (U+2019), and the modifier letter ʼ (U+02BC), which
 * is a letter too.  Between letters they are part of the word ("don't",
 * "O'Connell", "Russia's"); the feature tokenizer writes them all as '. */
static inline bool text_is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

/* Hyphens, which join the words on either side ("U.S.-led", "non-binding"):
 * -, the hyphen U+2010 and the non-breaking hyphen U+2011. */
static inline bool text_is_hyphen(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* Dashes: the en dash U+2013 and the em dash U+2014 (between clauses, as a
 * list marker; an en dash also joins words as a hyphen: "U.S.–Japan"). */
static inline bool text_is_dash(int32_t cp)
{
    return cp == 0x2013 || cp == 0x2014;
}

/* Quotation marks that only open: “ „ « ‘ ‹. */
static inline bool text_is_open_quote(int32_t cp)
{
    return cp == 0x201C || cp == 0x201E || cp == 0x00AB || cp == 0x2018 || cp == 0x2039;
}

/* Quotation marks that only close: ” » › and ’, which is also the
 * apostrophe (the scan that meets it decides which). */
static inline bool text_is_close_quote(int32_t cp)
{
    return cp == 0x201D || cp == 0x00BB || cp == 0x203A || cp == 0x2019;
}

/* Every quotation mark: the straight " and ' (open or close by position)
 * and the curly and angle ones. */
static inline bool text_is_quote(int32_t cp)
{
    return cp == '"' || cp == '\'' || text_is_open_quote(cp) || text_is_close_quote(cp);
}

/* Marks that open a list item at the start of a line, before a space:
 * - * • ‣ ▪ · and the dashes. */
static inline bool text_is_list_mark(int32_t cp)
{
    return cp == '-' || cp == '*' || cp == 0x2022 || cp == 0x2023 || cp == 0x25AA ||
           cp == 0x00B7 || text_is_dash(cp);
}

#endif
