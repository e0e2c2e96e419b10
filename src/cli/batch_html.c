/*
 * batch_html.c: -f html -o DIR, the batch engine's side of the archive
 * report (report_html.c): the report is opened before the first input,
 * each job's page and facts (or its error) are handed to it in input order
 * by the writer, and DIR/index.html is written at the end.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "batch_internal.h"
#include "common.h"

/* A report file could not be written: said once, and the run stops as
 * after any failed write. */
static void report_failed(batch *b, const char *msg)
{
    pthread_mutex_lock(&b->mu);
    bool first = !b->write_error;
    b->write_error = true;
    pthread_mutex_unlock(&b->mu);
    if (first)
        cli_warn("%s", msg);
}

bool batch_open_report(batch *b, char *const *paths, size_t npaths)
{
    char msg[1200];
    b->report = html_report_open(b->o->html_dir, b->o->model, paths, npaths, msg, sizeof msg);
    if (b->report == NULL)
        cli_warn("%s", msg);
    return b->report != NULL;
}

/* The job's page and its row in the index; a failed input's error (the
 * HTML html_error wrote) goes to the index only. */
void batch_write_page(batch *b, job *j)
{
    char msg[1200];
    bool ok = j->failed ? html_report_failed(b->report, j->path, j->out.p ? j->out.p : "", msg,
                                             sizeof msg)
                        : html_report_article(b->report, j->path, j->out.p, j->out.n,
                                              j->facts.p ? j->facts.p : "", j->facts.n, msg,
                                              sizeof msg);
    if (!ok)
        report_failed(b, msg);
}

/* DIR/index.html and the manifest, finished. */
bool batch_write_index(batch *b)
{
    char msg[1200];
    bool ok = !b->write_error && html_report_close(b->report, msg, sizeof msg);
    if (!ok && !b->write_error)
        report_failed(b, msg);
    html_report_free(b->report);
    b->report = NULL;
    return ok;
}
