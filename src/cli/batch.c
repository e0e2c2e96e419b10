/*
 * batch.c: the batch engine of stance-classify, its driver.  The main
 * thread walks the inputs (batch_walk.c) or reads stdin's documents
 * (batch_docs.c) and feeds a bounded ring of jobs; worker threads read,
 * check, split and classify one input each (batch_input.c,
 * batch_article.c) into a private buffer; the main thread writes finished
 * buffers strictly in input order (batch_ring.c).  The ring bounds memory
 * however many files there are, and the output is byte-identical for any
 * number of workers.  The first failed write stops the run.  With --resume
 * the inputs are taken by position: those whose records the partial holds
 * (resume.c reads them) are skipped, their names checked (batch_resume.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "batch_internal.h"
#include "common.h"

long batch_run(const batch_options *o, char *const *paths, size_t npaths, FILE *out,
               bool header)
{
    batch b = {.o = o, .out = out};
    int jobs = o->jobs > 0 ? o->jobs : 1;
    b.cap = (size_t)jobs * 8 + 8;
    b.ring = calloc(b.cap, sizeof *b.ring);
    pthread_t *tid = calloc((size_t)jobs, sizeof *tid);
    if (b.ring == NULL || tid == NULL) {
        free(b.ring);
        free(tid);
        cli_warn("out of memory");
        return -1;
    }
    if (o->html_dir != NULL && !batch_open_report(&b, paths, npaths)) {
        free(b.ring);
        free(tid);
        return -1;
    }
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.has_job, NULL);
    pthread_cond_init(&b.job_done, NULL);
    pthread_cond_init(&b.head_moved, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b.t0);
    int started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&tid[started], NULL, batch_worker, &b) != 0)
            break;
    strbuf head = {0};
    if (header)
        out_header(&head, o->format, o->model, o->summary);
    batch_emit(&b, &head);
    sb_free(&head);
    if (started == 0) {
        errno = EAGAIN;
        batch_write_failed(&b, "worker threads");
    } else if (o->stdin_jsonl) {
        batch_read_documents(&b);
    } else {
        batch_walk(&b, paths, npaths);
    }
    if (o->resume && !b.resume_refused && b.resume_next < o->resume->count) {
        cli_warn("%s: not resumed: it holds records of %zu inputs and only %zu of them were "
                 "given", o->output_name, o->resume->count, b.resume_next);
        b.resume_refused = true;
    }
    pthread_mutex_lock(&b.mu);
    b.closing = true;
    pthread_cond_broadcast(&b.has_job);
    while (b.head < b.tail) {
        batch_flush_done(&b);
        if (b.head < b.tail)
            pthread_cond_wait(&b.job_done, &b.mu);
    }
    pthread_mutex_unlock(&b.mu);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    if (o->progress)
        batch_draw_progress(&b, true);
    if (o->html_dir != NULL && !batch_write_index(&b))
        b.write_error = true;
    if (fflush(out) != 0)
        batch_write_failed(&b, o->output_name ? o->output_name : "stdout");
    if (b.skipped && !b.resume_refused)
        cli_warn("resumed: %zu input%s already recorded, not classified again", b.skipped,
                 b.skipped == 1 ? "" : "s");
    if (b.links_skipped)
        cli_warn("skipped %zu symbolic link%s (use --follow to follow them)", b.links_skipped,
                 b.links_skipped == 1 ? "" : "s");
    pthread_mutex_destroy(&b.mu);
    pthread_cond_destroy(&b.has_job);
    pthread_cond_destroy(&b.job_done);
    pthread_cond_destroy(&b.head_moved);
    free(b.ring);
    free(tid);
    return b.write_error || b.resume_refused ? -1 : b.failed;
}

