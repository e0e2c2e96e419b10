/* html.h: the HTML pages of stance-classify -f html: an article's page
 * (the index of a report is report_html.h's), and the colours and style
 * every page shares.  Reads the records of records.h only; output.c calls
 * it for html records. */
#ifndef STANCE_CLI_HTML_H
#define STANCE_CLI_HTML_H

#include <stddef.h>

#include "records.h"
#include "stance.h"
#include "strbuf.h"

/* Text with & < > " ' escaped. */
void html_escape(strbuf *b, const char *s, size_t n);
/* One sentence of an article page: coloured by label, with confidence,
 * source and target, and the explanation (if any) to expand. */
void html_sentence(strbuf *b, const stance_model *m, const out_sentence *s);
/* A label's colour ("#RRGGBB"), and the text colour on it (black or
 * white, whichever contrasts more: always at least 4.5:1, WCAG AA). */
const char *html_label_colour(const stance_model *m, size_t label);
const char *html_label_text_colour(const stance_model *m, size_t label);
/* The <style> element of every page: l<i> classes colour label i. */
void html_style(strbuf *b, const stance_model *m);
/* Marks in an article page: where its summary goes (out_html_end puts it
 * there) and where the report puts its link back to the index. */
extern const char html_summary_mark[], html_nav_mark[];
/* A failed input: its name and the message. */
void html_error(strbuf *b, const char *file, const char *message);

/* An article page: its head before the first sentence, and its tables,
 * chart and end after the last (html_sentence writes each sentence). */
void out_html_begin(strbuf *b, const stance_model *m, const char *file);
void out_html_end(strbuf *b, const stance_model *m, const out_article *a);

#endif
