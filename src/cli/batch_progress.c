/*
 * batch_progress.c: the --progress line on stderr: files done (of the
 * total, once the counting walk has it), megabytes, throughput, errors
 * and the time left.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "batch_internal.h"
#include "common.h"

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* "files done/total, MB, MB/s, errors, ETA" on one terminal line. */
void batch_draw_progress(batch *b, bool final)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!final && since(&b->last_draw, &now) < 0.2)
        return;
    b->last_draw = now;
    double secs = since(&b->t0, &now), mb = (double)b->bytes_done / 1e6;
    pthread_mutex_lock(&b->mu);
    size_t total = b->total;
    bool known = b->total_known;
    pthread_mutex_unlock(&b->mu);
    char of[64] = "", eta[64] = "";
    if (known) {
        snprintf(of, sizeof of, "/%zu", total);
        if (b->files_done > 0 && total >= b->files_done && !final) {
            double left = secs / (double)b->files_done * (double)(total - b->files_done);
            snprintf(eta, sizeof eta, ", ETA %02d:%02d:%02d", (int)(left / 3600),
                     (int)(left / 60) % 60, (int)left % 60);
        }
    }
    flockfile(stderr); /* with the flag, so that a message can wipe the line */
    fprintf(stderr, "\r%s: %zu%s files, %.1f MB, %.1f MB/s, %ld errors%s\033[K", cli_prog,
            b->files_done, of, mb, secs > 0 ? mb / secs : 0.0, b->failed, eta);
    if (final)
        fputc('\n', stderr);
    cli_progress_shown(!final);
    funlockfile(stderr);
}

