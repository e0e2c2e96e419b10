/* htmltext.h: the text of an HTML page, with where each byte came from. */
#ifndef STANCE_CLI_HTMLTEXT_H
#define STANCE_CLI_HTMLTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An HTML page reduced to text: text[0..len) (valid UTF-8 when the page
 * was), and for each of its bytes the page's bytes [from[i], to[i]) it
 * came from (a character reference's whole "&...;", a tag's "<" for the
 * line breaks a block tag makes). */
typedef struct html_text {
    char *text;
    size_t len;
    uint32_t *from, *to;
} html_text;

/* True for a name ending in .html or .htm (any case). */
bool html_is_page(const char *name);

/* Reduce page[0..n) to text: tags dropped; script, style, head, template,
 * comments and declarations dropped with their content; block tags (p,
 * div, h1-h6, li, tr, blockquote, ...) a paragraph break, br a line
 * break; runs of white space one space; character references decoded.
 * False when out of memory or the page is 4 GiB or more. */
bool html_text_make(const char *page, size_t n, html_text *out);

/* Map the text's byte range [*start, *end) to the page's. */
void html_text_span(const html_text *h, size_t *start, size_t *end);

void html_text_free(html_text *h);

#endif
