/* html.h: the HTML report's pieces used by output.c. */
#ifndef STANCE_CLI_HTML_H
#define STANCE_CLI_HTML_H

#include "output.h"

/* Text with & < > " ' escaped. */
void html_escape(strbuf *b, const char *s, size_t n);
/* One sentence of an article page: coloured by label, with confidence,
 * source and target, and the explanation (if any) to expand. */
void html_sentence(strbuf *b, const stance_model *m, const out_sentence *s);

#endif
