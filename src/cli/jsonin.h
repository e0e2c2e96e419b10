/* jsonin.h: reading {"id": ..., "text": ...} documents (--stdin-jsonl). */
#ifndef STANCE_CLI_JSONIN_H
#define STANCE_CLI_JSONIN_H

#include <stdbool.h>
#include <stddef.h>

/* Parse one JSON object line.  On success *id is the raw JSON text of the
 * "id" member (a string with its quotes, a number, ...; malloc'd), *text the
 * decoded "text" string (malloc'd, NUL-terminated, *len bytes, valid
 * UTF-8).  Other members are ignored.  On failure returns false with a
 * reason in why (and *id set if the id could be read, so the error record
 * can carry it). */
bool jsonin_parse(const char *line, size_t n, char **id, char **text, size_t *len,
                  char *why, size_t why_len);

/* The raw JSON text of the "id" member of an object whose line may be cut
 * short (malloc'd), when it and every member before it are whole; else
 * NULL.  The error record of a line too long to read keeps its id. */
char *jsonin_id(const char *s, size_t n);

/* Decode the JSON string starting at s[*i] (at the opening quote) into a
 * malloc'd UTF-8 buffer; advances *i past the closing quote.  NULL when
 * the string is malformed, or when memory ran out (*oom set). */
char *jsonin_string(const char *s, size_t n, size_t *i, size_t *len, bool *oom);

/* Skip the JSON value starting at s[*i] (after any whitespace); false if
 * it is malformed.  depth starts at 0. */
bool jsonin_skip(const char *s, size_t n, size_t *i, int depth);

#endif
