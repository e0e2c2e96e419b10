/*
 * batch_walk.c: the inputs named on the command line, directories walked
 * recursively with entries in byte order, so that the order of the output
 * never depends on the file system.  Symbolic links are skipped unless
 * --follow (a loop is reported, not entered), files are taken by --glob
 * unless --all, and what is neither a regular file nor a directory is
 * refused when named and passed over inside a tree.  With --progress a
 * second, count-only walk sizes the progress line.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch_internal.h"
#include "common.h"

typedef struct visited {
    dev_t dev;
    ino_t ino;
    const struct visited *up;
} visited;

/* A directory walk either queues the inputs it finds or, in the thread
 * that sizes the progress line, only counts them. */
typedef struct walker {
    batch *b;
    bool counting;
    size_t count;
    size_t inputs;       /* files and errors the walk gave (not counting) */
    size_t unmatched;    /* regular files --glob left out */
} walker;

static void emit_file(walker *w, const char *path)
{
    if (w->counting) {
        w->count++;
        return;
    }
    w->inputs++;
    if (batch_resume_skips(w->b, path, false, -1, 0))
        return;
    char *p = strdup(path);
    if (p != NULL)
        batch_submit(w->b, p);
    else
        batch_out_of_memory(w->b, path);
}

static void emit_error(walker *w, const char *path, const char *msg)
{
    if (w->counting)
        w->count++;
    else if (++w->inputs, !batch_resume_skips(w->b, path, false, batch_makes_records(w->b->o, NULL, 0), 0))
        batch_submit_error(w->b, path, msg);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(walker *w, const char *dir, const visited *up);

static void visit(walker *w, const char *path, const visited *up, bool top)
{
    batch *b = w->b;
    if (top && strcmp(path, "-") == 0) {
        emit_file(w, path);
        return;
    }
    struct stat sb;
    int r = (b->o->follow || top) ? stat(path, &sb) : lstat(path, &sb);
    if (r != 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot open: %s", strerror(errno));
        emit_error(w, path, msg);
        return;
    }
    if (S_ISLNK(sb.st_mode)) {
        if (!w->counting)
            b->links_skipped++;
        return;
    }
    if (S_ISDIR(sb.st_mode)) {
        for (const visited *v = up; v; v = v->up)
            if (v->dev == sb.st_dev && v->ino == sb.st_ino) {
                emit_error(w, path, "directory loop through a symbolic link; not entered again");
                return;
            }
        visited here = {sb.st_dev, sb.st_ino, up};
        walk(w, path, &here);
        return;
    }
    if (!S_ISREG(sb.st_mode)) {
        /* a FIFO or device could block forever or never end: named, it is
         * refused; inside a tree, sockets, FIFOs and devices are not articles */
        if (top)
            emit_error(w, path, "not a regular file or a directory; not read (stdin is -)");
        return;
    }
    const char *base = strrchr(path, '/');
    if (!top && !b->o->all && fnmatch(b->o->glob, base ? base + 1 : path, 0) != 0) {
        w->unmatched++;
        return;
    }
    emit_file(w, path);
}

static void walk(walker *w, const char *dir, const visited *up)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot open directory: %s", strerror(errno));
        emit_error(w, dir, msg);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool oom = false;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            char **p = realloc(names, (cap ? cap * 2 : 64) * sizeof *p);
            if ((oom = p == NULL))
                break;
            names = p;
            cap = cap ? cap * 2 : 64;
        }
        if ((oom = (names[n] = strdup(e->d_name)) == NULL))
            break;
        n++;
    }
    closedir(d);
    if (oom && !w->counting) /* the progress count may come out short */
        batch_out_of_memory(w->b, dir);
    qsort(names, n, sizeof *names, cmp_names);
    size_t dl = strlen(dir);
    bool slash = dl > 0 && dir[dl - 1] == '/';
    for (size_t i = 0; i < n; i++) {
        size_t len = dl + strlen(names[i]) + 2;
        bool stop = !w->counting && (batch_stopping(w->b) || w->b->resume_refused);
        char *p = stop ? NULL : malloc(len);
        if (p != NULL) {
            snprintf(p, len, slash ? "%s%s" : "%s/%s", dir, names[i]);
            visit(w, p, up, false);
            free(p);
        } else if (!stop && !w->counting) {
            batch_out_of_memory(w->b, dir);
        }
        free(names[i]);
    }
    free(names);
}

/* The progress line's total: a second, count-only walk of the inputs. */
typedef struct counter {
    batch *b;
    char *const *paths;
    size_t npaths;
} counter;

static void *count_inputs(void *arg)
{
    counter *c = arg;
    walker w = {c->b, true, 0, 0, 0};
    for (size_t i = 0; i < c->npaths; i++)
        visit(&w, c->paths[i], NULL, true);
    pthread_mutex_lock(&c->b->mu);
    c->b->total = w.count;
    c->b->total_known = true;
    pthread_mutex_unlock(&c->b->mu);
    return NULL;
}

/* Walk every path given (a file, a directory, or "-"), queueing the
 * inputs in order; with --progress a second thread counts them for the
 * total.  A walk that finds no input says so and counts as a failure. */
void batch_walk(batch *b, char *const *paths, size_t npaths)
{
    const batch_options *o = b->o;
    counter cnt = {b, paths, npaths};
    pthread_t ctid;
    bool counting = o->progress && pthread_create(&ctid, NULL, count_inputs, &cnt) == 0;
    walker w = {b, false, 0, 0, 0};
    for (size_t i = 0; i < npaths; i++)
        visit(&w, paths[i], NULL, true);
    if (counting)
        pthread_join(ctid, NULL);
    if (w.inputs == 0) { /* an empty CSV would look like a finished run */
        cli_warn("no input files found: %zu file%s did not match --glob '%s' (use --glob "
                 "PATTERN, e.g. '*.md', or --all to take every file)",
                 w.unmatched, w.unmatched == 1 ? "" : "s", o->glob);
        b->failed++;
    }
}
