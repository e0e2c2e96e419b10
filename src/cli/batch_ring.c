/*
 * batch_ring.c: the ring of jobs and the ordered writer.  Inputs are queued
 * at the tail of a bounded ring; worker threads take them in turn and
 * classify each into its job's buffer; the writer writes finished jobs
 * from the head, strictly in input order, and a job at the head drains its
 * records to the output as they grow.  The first failed write is reported
 * at once and stops the run.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "batch_internal.h"
#include "common.h"

/* A job's records are drained a megabyte at a time at the head of the
 * ring; behind it a job holds at most HOLD_BYTES, its worker waiting for
 * its turn, so records never need a buffer the size of the input. */
enum { DRAIN_BYTES = 1 << 20, HOLD_BYTES = 8 << 20 };

static bool writer_has_work(const batch *b);

/* Is the run stopping, after a failed write (called without the lock)? */
bool batch_stopping(batch *b)
{
    pthread_mutex_lock(&b->mu);
    bool stop = b->write_error;
    pthread_mutex_unlock(&b->mu);
    return stop;
}

/* A write to name failed (errno says why): reported once, at once, and
 * the run stops taking inputs.  write_error is only touched under the
 * lock: the writer and a draining worker both come here. */
/* Stop the run (under the lock); true the first time. */
static bool stop_run(batch *b)
{
    pthread_mutex_lock(&b->mu);
    bool first = !b->write_error;
    b->write_error = true;
    pthread_cond_broadcast(&b->head_moved); /* held workers stop waiting */
    pthread_mutex_unlock(&b->mu);
    return first;
}

void batch_write_failed(batch *b, const char *name)
{
    int e = errno;
    if (stop_run(b))
        cli_warn("%s: cannot write: %s", name, strerror(e));
}

void batch_out_of_memory(batch *b, const char *name)
{
    if (stop_run(b))
        cli_warn("%s: out of memory", name);
}

/* Write a job's records to the output (unless a write failed before). */
void batch_emit(batch *b, const strbuf *s)
{
    const char *name = b->o->output_name ? b->o->output_name : "stdout";
    if (s->oom) {
        errno = ENOMEM;
        batch_write_failed(b, name);
    } else if (s->n && !batch_stopping(b) && fwrite(s->p, 1, s->n, b->out) != s->n) {
        batch_write_failed(b, name);
    }
}

/* Records are written as they are made, a megabyte at a time, while the
 * job is at the head of the ring: every input before it is written, so
 * nothing else writes to the output meanwhile.  A big file's records then
 * need no buffer the size of the file.  After a failed write they are
 * dropped. */
void batch_drain(batch *b, job *j)
{
    if (b->o->format == FMT_HTML || j->out.oom || j->out.n < DRAIN_BYTES)
        return;
    pthread_mutex_lock(&b->mu);
    bool head = &b->ring[b->head % b->cap] == j, stop = b->write_error;
    while (!head && !stop && j->out.n >= HOLD_BYTES) {
        b->held++;
        if (writer_has_work(b))
            pthread_cond_broadcast(&b->job_done);
        pthread_cond_wait(&b->head_moved, &b->mu);
        b->held--;
        head = &b->ring[b->head % b->cap] == j;
        stop = b->write_error;
    }
    pthread_mutex_unlock(&b->mu);
    if (head && !stop)
        batch_emit(b, &j->out);
    if (head || stop)
        j->out.n = 0;
}


/* ------------------------------------------------------------- workers */

/* Is it worth waking the writer (called with the lock held)?  While
 * inputs keep coming it waits for a full ring, so it is woken once half
 * the ring is done and ready to write rather than after every job (each
 * wake is a system call and a context switch); at the end, after every
 * job. */
static bool writer_has_work(const batch *b)
{
    if (b->closing)
        return true;
    if (b->held > 0 && b->head < b->taken && b->ring[b->head % b->cap].done)
        return true; /* a worker waits for the head to move */
    size_t ready = 0;
    while (b->head + ready < b->taken && b->ring[(b->head + ready) % b->cap].done)
        ready++;
    return ready >= (b->cap + 1) / 2;
}

void *batch_worker(void *arg)
{
    batch *b = arg;
    stance_predictor *pred = NULL;
    bool ok = stance_predictor_new(b->o->model, &pred) == STANCE_OK;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (b->taken == b->tail && !b->closing)
            pthread_cond_wait(&b->has_job, &b->mu);
        if (b->taken == b->tail)
            break;
        job *j = &b->ring[b->taken++ % b->cap];
        /* an error record made by the walker: the writer may recycle its
         * slot as soon as the lock is let go, so it is not touched again */
        bool walker_done = j->done, stop = b->write_error;
        pthread_mutex_unlock(&b->mu);
        if (!walker_done && !stop && ok) {
            batch_process(b, pred, j);
        } else if (!walker_done && !stop) {
            batch_fail(&j->out, b->o, j->path, "out of memory");
            j->failed = true;
        }
        pthread_mutex_lock(&b->mu);
        if (!walker_done)
            j->done = true;
        if (writer_has_work(b))
            pthread_cond_broadcast(&b->job_done);
    }
    pthread_mutex_unlock(&b->mu);
    stance_predictor_free(pred);
    return NULL;
}

/* Write out every finished job at the head of the ring.  Called with the
 * lock held; writes without it. */
void batch_flush_done(batch *b)
{
    /* only slots a worker has taken may be recycled, so that a slot is
     * never reused under a worker that has yet to look at it */
    while (b->head < b->taken && b->ring[b->head % b->cap].done) {
        job *j = &b->ring[b->head % b->cap];
        pthread_mutex_unlock(&b->mu);
        if (b->o->html_dir != NULL && !j->out.oom)
            batch_write_page(b, j);
        else
            batch_emit(b, &j->out);
        b->failed += j->failed;
        b->files_done++;
        b->bytes_done += j->bytes;
        free(j->path);
        free(j->text);
        sb_free(&j->out);
        sb_free(&j->facts);
        if (b->o->progress)
            batch_draw_progress(b, false);
        pthread_mutex_lock(&b->mu);
        b->head++;
        pthread_cond_broadcast(&b->head_moved);
    }
}

/* Lock, wait for a free slot at the tail of the ring (writing out what is
 * finished meanwhile) and return it cleared; the caller fills it, advances
 * the tail and unlocks.  NULL, unlocked, once a write has failed. */
static job *reserve_slot(batch *b)
{
    pthread_mutex_lock(&b->mu);
    for (;;) {
        batch_flush_done(b);
        if (b->write_error) {
            pthread_mutex_unlock(&b->mu);
            return NULL;
        }
        if (b->tail - b->head < b->cap)
            break;
        pthread_cond_wait(&b->job_done, &b->mu);
    }
    job *j = &b->ring[b->tail % b->cap];
    memset(j, 0, sizeof *j);
    return j;
}

/* Queue one input (takes ownership of path and text). */
void batch_submit_job(batch *b, char *path, char *text, size_t text_len, size_t lineno)
{
    job *j = reserve_slot(b);
    if (j == NULL) {
        free(path);
        free(text);
        return;
    }
    j->path = path;
    j->lineno = lineno;
    j->is_doc = text != NULL;
    j->text = text;
    j->text_len = text_len;
    b->tail++;
    pthread_cond_signal(&b->has_job);
    pthread_mutex_unlock(&b->mu);
}

void batch_submit(batch *b, char *path)
{
    batch_submit_job(b, path, NULL, 0, 0);
}

/* An input that failed before it could be queued (e.g. an unreadable
 * directory) still gets its record, in order. */
void batch_submit_error(batch *b, const char *path, const char *msg)
{
    char *p = strdup(path);
    if (p == NULL) {
        batch_out_of_memory(b, path);
        return;
    }
    job *j = reserve_slot(b);
    if (j == NULL) {
        free(p);
        return;
    }
    j->path = p;
    batch_fail(&j->out, b->o, path, msg);
    j->failed = true;
    j->done = true;
    b->tail++;
    pthread_cond_signal(&b->has_job); /* a worker passes it on to the writer */
    pthread_mutex_unlock(&b->mu);
}
