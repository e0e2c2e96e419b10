/* report_html.h: the archive report of stance-classify -f html -o DIR: a
 * page per article (written as it comes, in input order) and
 * DIR/index.html, a dashboard of label counts over the archive, per outlet
 * (the first sub-folder below the PATH walked), per treaty and per source,
 * with a sortable, filterable table of the articles.  Memory stays
 * bounded: the index holds aggregates (at most REPORT_MAX_NAMES names per
 * table, the rest counted together) and the first REPORT_ROWS rows; later
 * rows go to DIR/index-2.html, index-3.html, ... as they come. */
#ifndef STANCE_CLI_REPORT_HTML_H
#define STANCE_CLI_REPORT_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "records.h"
#include "stance.h"
#include "strbuf.h"

#define REPORT_ROWS 500
#define REPORT_MAX_NAMES 100000
#define REPORT_SHOWN 50

typedef struct html_report html_report;

/* Start a report in DIR (report_dir_open: the earlier run's pages are
 * removed).  paths: the PATHs walked, which page names are relative to.
 * NULL with the reason in msg on failure. */
html_report *html_report_open(const char *dir, const stance_model *m, char *const *paths,
                              size_t npaths, char *msg, size_t msglen);

/* What the index needs of one article, written by the worker that made its
 * page (html_report_article reads it). */
void html_report_facts(strbuf *facts, const stance_model *m, const out_article *a);

/* Save an article's page (page[0..n), from out_html_begin to out_html_end)
 * under its name, with a link back to the index, and count it.  False with
 * the reason in msg when a file could not be written. */
bool html_report_article(html_report *r, const char *file, const char *page, size_t n,
                         const char *facts, size_t flen, char *msg, size_t msglen);
/* An input that failed: a row with its error, given as the HTML that
 * html_error wrote for it (escaped there). */
bool html_report_failed(html_report *r, const char *file, const char *error_html, char *msg,
                        size_t msglen);
/* Write DIR/index.html and finish the manifest; false with msg set. */
bool html_report_close(html_report *r, char *msg, size_t msglen);
void html_report_free(html_report *r);

#endif
