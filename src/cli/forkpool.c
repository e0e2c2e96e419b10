/*
 * forkpool.c: tasks in forked children.  Each child computes one task and
 * writes, down a pipe of its own, its status, its error and its result;
 * the parent polls the pipes of the children running, reads each to its
 * end into the task's slot, reaps the child and starts the next task.
 * Children share the parent's memory copy-on-write (the corpus is not
 * copied) and exit with _exit, so nothing of the parent's (stdio buffers,
 * atexit handlers) runs twice.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkpool.h"

/* What a child sends: its status and error, then the result. */
typedef struct child_msg {
    stance_status status;
    stance_error err;
} child_msg;

typedef struct slot {
    pid_t pid;
    int fd;
    size_t task;
    char *buf; /* child_msg then the result */
    size_t got;
} slot;

static bool write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static void fail_msg(stance_error *e, stance_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail_msg(stance_error *e, stance_status st, const char *fmt, ...)
{
    if (e == NULL)
        return;
    memset(e, 0, sizeof *e);
    e->code = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
}

/* Fork a child for task t into s; false when fork or pipe fails. */
static bool start(slot *s, size_t t, size_t size, pool_task_fn fn, void *arg)
{
    int p[2];
    if (pipe(p) != 0)
        return false;
    fflush(NULL); /* nothing buffered is written twice */
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return false;
    }
    if (pid == 0) {
        close(p[0]);
        child_msg *m = calloc(1, sizeof *m + size);
        if (m == NULL)
            _exit(3);
        m->status = fn(t, (char *)(m + 1), &m->err, arg);
        _exit(write_all(p[1], (const char *)m, sizeof *m + size) ? 0 : 4);
    }
    close(p[1]);
    s->pid = pid;
    s->fd = p[0];
    s->task = t;
    s->got = 0;
    return true;
}

/* Read what is there from s's pipe; true once the child has closed it. */
static bool drain(slot *s, size_t need)
{
    char scratch[4096];
    for (;;) {
        char *to = s->got < need ? s->buf + s->got : scratch;
        size_t room = s->got < need ? need - s->got : sizeof scratch;
        ssize_t r = read(s->fd, to, room);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return true; /* the end, or an error: the child is gone */
        s->got += (size_t)r;
        if ((size_t)r < room)
            return false; /* poll again */
    }
}

/* Reap s's child and keep its result, or record why there is none. */
static void finish(slot *s, size_t need, size_t size, void *results, stance_status *status,
                   stance_error *errs)
{
    close(s->fd);
    int ws = 0;
    while (waitpid(s->pid, &ws, 0) < 0 && errno == EINTR)
        ;
    child_msg *m = (child_msg *)s->buf;
    if (s->got >= need) {
        status[s->task] = m->status;
        errs[s->task] = m->err;
        memcpy((char *)results + s->task * size, m + 1, size);
    } else if (WIFSIGNALED(ws)) {
        status[s->task] = STANCE_ETRAIN;
        fail_msg(&errs[s->task], STANCE_ETRAIN, "a training process was killed by signal %ld",
                 (long)WTERMSIG(ws));
    } else {
        status[s->task] = STANCE_ENOMEM;
        fail_msg(&errs[s->task], STANCE_ENOMEM,
                 "a training process ended without a result (exit status %ld)",
                 (long)(WIFEXITED(ws) ? WEXITSTATUS(ws) : -1));
    }
    s->pid = 0;
}

static stance_status run_here(size_t ntasks, size_t size, pool_task_fn fn, void *results,
                              pool_done_fn done, void *arg, stance_error *err)
{
    for (size_t t = 0; t < ntasks; t++) {
        memset((char *)results + t * size, 0, size);
        stance_status st = fn(t, (char *)results + t * size, err, arg);
        if (st != STANCE_OK)
            return st;
        if (done)
            done(t + 1, ntasks, arg);
    }
    return STANCE_OK;
}

stance_status pool_run(size_t ntasks, size_t size, int jobs, pool_task_fn fn, void *results,
                       pool_done_fn done, void *arg, stance_error *err)
{
    if (jobs <= 1 || ntasks <= 1)
        return run_here(ntasks, size, fn, results, done, arg, err);
    size_t nslots = (size_t)jobs < ntasks ? (size_t)jobs : ntasks, need = sizeof(child_msg) + size;
    slot *slots = calloc(nslots, sizeof *slots);
    struct pollfd *pfd = calloc(nslots, sizeof *pfd);
    stance_status *status = calloc(ntasks, sizeof *status);
    stance_error *errs = calloc(ntasks, sizeof *errs);
    bool ok = slots && pfd && status && errs;
    for (size_t i = 0; ok && i < nslots; i++)
        ok = (slots[i].buf = malloc(need)) != NULL;
    stance_status st = STANCE_OK;
    if (!ok) {
        fail_msg(err, STANCE_ENOMEM, "out of memory");
        st = STANCE_ENOMEM;
    }
    size_t next = 0, finished = 0, running = 0;
    while (st == STANCE_OK && finished < ntasks) {
        for (size_t i = 0; i < nslots && next < ntasks; i++)
            if (slots[i].pid == 0) {
                if (!start(&slots[i], next, size, fn, arg)) {
                    fail_msg(err, STANCE_ENOMEM, "cannot start a training process: %s", strerror(errno));
                    st = STANCE_ENOMEM;
                    break;
                }
                next++;
                running++;
            }
        if (st != STANCE_OK)
            break;
        for (size_t i = 0; i < nslots; i++) {
            pfd[i].fd = slots[i].pid ? slots[i].fd : -1;
            pfd[i].events = POLLIN;
            pfd[i].revents = 0;
        }
        if (poll(pfd, (nfds_t)nslots, -1) < 0) {
            if (errno == EINTR)
                continue;
            fail_msg(err, STANCE_EIO, "poll: %s", strerror(errno));
            st = STANCE_EIO;
            break;
        }
        for (size_t i = 0; i < nslots; i++)
            if (slots[i].pid && pfd[i].revents && drain(&slots[i], need)) {
                finish(&slots[i], need, size, results, status, errs);
                running--;
                finished++;
                if (done)
                    done(finished, ntasks, arg);
            }
    }
    /* on a failure to start or poll: stop the children still running */
    for (size_t i = 0; slots && i < nslots; i++)
        if (slots[i].pid) {
            kill(slots[i].pid, SIGTERM);
            close(slots[i].fd);
            waitpid(slots[i].pid, NULL, 0);
        }
    for (size_t t = 0; st == STANCE_OK && t < ntasks; t++)
        if (status[t] != STANCE_OK) {
            st = status[t];
            if (err)
                *err = errs[t];
        }
    for (size_t i = 0; slots && i < nslots; i++)
        free(slots[i].buf);
    free(slots);
    free(pfd);
    free(status);
    free(errs);
    (void)running;
    return st;
}
