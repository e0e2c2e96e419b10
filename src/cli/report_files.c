/*
 * report_files.c: the files of an HTML report folder.  Page names keep the
 * input's sub-folders but only ever hold [A-Za-z0-9._-] and '/', with no
 * component starting with '.', so no name climbs out of DIR, hides, or
 * needs quoting in a link.  Every file stance writes in DIR is listed in
 * DIR/stance-manifest.txt once it is made; the next run removes exactly
 * the listed files (and the folders it made, when empty) and never
 * replaces a file it did not write.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "report_files.h"

#define MAX_COMPONENT 180

static bool keep(unsigned char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || (c == '.' && !first);
}

/* FNV-1a, for the tail of a component that was cut short. */
static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

/* One component s[0..n), escaped; top: at the top of DIR. */
static void component(strbuf *b, const char *s, size_t n, bool top)
{
    size_t start = b->n;
    bool clash = top && ((n >= 5 && memcmp(s, "index", 5) == 0) ||
                         (n >= 7 && memcmp(s, "stance-", 7) == 0));
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (keep(c, i == 0) && !(i == 0 && clash))
            sb_put(b, (const char *)&c, 1);
        else
            sb_printf(b, "_%02X", c);
        if (b->n - start > MAX_COMPONENT) {
            b->n = start + MAX_COMPONENT - 3; /* before an escape that may be cut */
            while (b->n > start && b->p[b->n - 1] != '_' && b->n > start + MAX_COMPONENT - 6)
                b->n--;
            if (b->n > start && b->p[b->n - 1] == '_')
                b->n--;
            sb_printf(b, "_-%016llx", (unsigned long long)fnv(s, n));
            return;
        }
    }
}

void report_page_name(strbuf *name, const char *prefix, const char *path, const char *root)
{
    const char *rel = NULL;
    size_t rl = root ? strlen(root) : 0;
    if (root && rl && strncmp(path, root, rl) == 0 && path[rl] != '\0' &&
        (root[rl - 1] == '/' || path[rl] == '/'))
        rel = path + rl + (root[rl - 1] != '/');
    if (rel == NULL || *rel == '\0') {
        const char *end = path + strlen(path);
        while (end > path + 1 && end[-1] == '/')
            end--;
        rel = end;
        while (rel > path && rel[-1] != '/')
            rel--;
        if (rel == end)
            rel = "stdin"; /* "-" or an empty name */
    }
    bool top = true;
    if (prefix != NULL) {
        component(name, prefix, strlen(prefix), true);
        sb_puts(name, "/");
        top = false;
    }
    while (*rel == '/')
        rel++;
    while (*rel) {
        size_t n = strcspn(rel, "/");
        bool last = rel[n] == '\0' || rel[n + strspn(rel + n, "/")] == '\0';
        component(name, rel, n, top && last);
        rel += n;
        rel += strspn(rel, "/");
        if (*rel)
            sb_puts(name, "/");
    }
    sb_puts(name, ".html");
}

static void fail(report_dir *d, const char *what, const char *name)
{
    int n = snprintf(d->msg, sizeof d->msg, "%s/%s: %s: %s", d->dir, name, what, strerror(errno));
    if (n >= (int)sizeof d->msg) /* a very long path: say the message was cut */
        memcpy(d->msg + sizeof d->msg - 4, "...", 4);
}

static char *join(const report_dir *d, const char *rel)
{
    size_t n = strlen(d->dir) + strlen(rel) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", d->dir, rel);
    return p;
}

/* Whether a manifest entry is a name this file makes: components of
 * [A-Za-z0-9._-], none empty or starting with '.'. */
static bool valid_entry(const char *s)
{
    bool start = true;
    for (const char *c = s;; c++) {
        if (*c == '/' || *c == '\0') {
            if (start)
                return false; /* an empty component */
            if (*c == '\0')
                return true;
            start = true;
        } else if ((start && *c == '.') || (*c != '_' && !keep((unsigned char)*c, false))) {
            return false;
        } else {
            start = false;
        }
    }
}

/* Check every line of the earlier manifest ("f NAME" or "d NAME", NAME a
 * name this file makes) and keep its folders, in order (files are only
 * counted, so memory is per folder, not per page); NULL with msg set when
 * a line is not such a name. */
static char **read_manifest(report_dir *d, FILE *fp, size_t *count, bool *lists_index)
{
    char **v = NULL, line[4096];
    size_t n = 0, lineno = 0;
    while (fgets(line, sizeof line, fp) != NULL) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if ((line[0] != 'f' && line[0] != 'd') || line[1] != ' ' || !valid_entry(line + 2)) {
            snprintf(d->msg, sizeof d->msg, "%s/" REPORT_MANIFEST " line %zu: not a file "
                     "stance writes; nothing was removed (remove the manifest to start anew)",
                     d->dir, lineno);
            goto fail;
        }
        if (strcmp(line, "f index.html") == 0)
            *lists_index = true;
        if (line[0] == 'f')
            continue;
        char **nv = realloc(v, (n + 1) * sizeof *v);
        if (nv == NULL || (nv[n] = strdup(line + 2)) == NULL) {
            v = nv ? nv : v;
            snprintf(d->msg, sizeof d->msg, "%s/" REPORT_MANIFEST ": out of memory", d->dir);
            goto fail;
        }
        v = nv;
        n++;
    }
    *count = n;
    return v ? v : calloc(1, sizeof *v);
fail:
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    return NULL;
}

/* Remove what the earlier run wrote: the files its manifest fp lists (read
 * again from the start), then its folders dirs (last made first), each
 * only when empty. */
static bool remove_listed(report_dir *d, FILE *fp, char **dirs, size_t n)
{
    char line[4096];
    rewind(fp);
    while (fgets(line, sizeof line, fp) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] != 'f')
            continue;
        char *p = join(d, line + 2);
        if (p == NULL || (unlink(p) != 0 && errno != ENOENT)) {
            fail(d, "cannot remove the earlier run's page", line + 2);
            free(p);
            return false;
        }
        free(p);
    }
    for (size_t i = n; i-- > 0;) {
        char *p = join(d, dirs[i]);
        if (p == NULL || (rmdir(p) != 0 && errno != ENOENT && errno != ENOTEMPTY &&
                          errno != EEXIST)) {
            fail(d, "cannot remove the earlier run's folder", dirs[i]);
            free(p);
            return false;
        }
        free(p);
    }
    return true;
}

bool report_dir_open(report_dir *d, const char *dir)
{
    memset(d, 0, sizeof *d);
    d->dir = strdup(dir);
    if (d->dir == NULL) {
        snprintf(d->msg, sizeof d->msg, "%s: out of memory", dir);
        return false;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(d->msg, sizeof d->msg, "%s: cannot create directory: %s", dir, strerror(errno));
        return false;
    }
    char *mpath = join(d, REPORT_MANIFEST), *ipath = join(d, "index.html");
    bool ok = mpath && ipath, lists_index = false;
    size_t n = 0;
    char **v = NULL;
    FILE *fp = ok ? fopen(mpath, "r") : NULL;
    if (fp != NULL) {
        v = read_manifest(d, fp, &n, &lists_index);
        ok = v != NULL;
    } else if (ok && errno != ENOENT) {
        fail(d, "cannot read", REPORT_MANIFEST);
        ok = false;
    }
    struct stat st;
    if (ok && !lists_index && lstat(ipath, &st) == 0) {
        snprintf(d->msg, sizeof d->msg, "%s: exists, and no " REPORT_MANIFEST " says stance "
                 "wrote it; nothing was changed (choose a new folder, or remove it)", ipath);
        ok = false;
    }
    ok = ok && (fp == NULL || remove_listed(d, fp, v, n));
    if (fp != NULL)
        fclose(fp);
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    if (ok && (d->manifest = fopen(mpath, "w")) == NULL) {
        fail(d, "cannot write", REPORT_MANIFEST);
        ok = false;
    }
    if (ok)
        fputs("# Files stance-classify -f html wrote in this folder (f: a file, d: a folder\n"
              "# it made).  The next run into this folder removes them first.\n", d->manifest);
    free(mpath);
    free(ipath);
    return ok;
}

/* Make the folders of DIR/rel, listing those made in the manifest. */
static bool make_parents(report_dir *d, const char *rel)
{
    for (const char *s = strchr(rel, '/'); s != NULL; s = strchr(s + 1, '/')) {
        char *sub = strndup(rel, (size_t)(s - rel)), *p = sub ? join(d, sub) : NULL;
        bool ok = p != NULL;
        if (ok && mkdir(p, 0777) == 0) {
            fprintf(d->manifest, "d %s\n", sub);
            ok = fflush(d->manifest) == 0;
        } else if (ok && errno != EEXIST) {
            fail(d, "cannot create directory", sub);
            ok = false;
        }
        free(p);
        free(sub);
        if (!ok)
            return false;
    }
    return true;
}

/* Open DIR/name for writing, only when it does not exist. */
static int create_new(report_dir *d, const char *name)
{
    char *p = join(d, name);
    if (p == NULL) {
        errno = ENOMEM;
        return -1;
    }
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    free(p);
    return fd;
}

bool report_dir_write(report_dir *d, const char *rel, const char *const piece[3],
                      const size_t len[3], strbuf *used)
{
    if (!make_parents(d, rel))
        return false;
    int fd = -1;
    size_t stem = strlen(rel) - 5; /* before ".html" */
    for (unsigned try = 1; fd < 0 && try <= 1000; try++) {
        used->n = 0;
        if (try == 1) {
            sb_puts(used, rel);
        } else {
            sb_put(used, rel, stem);
            sb_printf(used, "-%u.html", try);
        }
        if (used->oom) {
            errno = ENOMEM;
            break;
        }
        fd = create_new(d, used->p);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        fail(d, "cannot create", rel);
        return false;
    }
    /* listed once made, never before: a name that was taken (another
     * file's) must not reach the manifest, which the next run removes */
    fprintf(d->manifest, "f %s\n", used->p);
    if (fflush(d->manifest) != 0) {
        fail(d, "cannot write", REPORT_MANIFEST);
        close(fd);
        char *p = join(d, used->p);
        if (p != NULL)
            unlink(p);
        free(p);
        return false;
    }
    bool ok = true;
    for (int i = 0; i < 3 && ok; i++)
        for (size_t off = 0; ok && off < len[i];) {
            ssize_t w = write(fd, piece[i] + off, len[i] - off);
            if (w < 0 && errno == EINTR)
                continue;
            ok = w > 0;
            off += ok ? (size_t)w : 0;
        }
    if (!ok)
        fail(d, "cannot write", used->p);
    if (close(fd) != 0 && ok) {
        fail(d, "cannot write", used->p);
        ok = false;
    }
    return ok;
}

bool report_dir_write_index(report_dir *d, const strbuf *page)
{
    char *path = join(d, "index.html"), *tmp = NULL;
    FILE *fp = NULL;
    stance_error err;
    if (page->oom || path == NULL) {
        errno = ENOMEM;
        fail(d, "cannot write", "index.html");
        free(path);
        return false;
    }
    fputs("f index.html\n", d->manifest);
    bool ok = fflush(d->manifest) == 0 && io_create_temp(path, &fp, &tmp, &err) == STANCE_OK;
    if (ok && fwrite(page->p, 1, page->n, fp) != page->n) {
        io_abandon(fp, tmp);
        ok = false;
    } else if (ok) {
        ok = io_commit(fp, tmp, path, &err) == STANCE_OK;
    }
    if (!ok)
        fail(d, "cannot write", "index.html");
    free(path);
    return ok;
}

bool report_dir_close(report_dir *d)
{
    FILE *fp = d->manifest;
    d->manifest = NULL;
    if (fp != NULL && fclose(fp) != 0) {
        fail(d, "cannot write", REPORT_MANIFEST);
        return false;
    }
    return true;
}

void report_dir_free(report_dir *d)
{
    if (d->manifest != NULL)
        fclose(d->manifest);
    free(d->dir);
    memset(d, 0, sizeof *d);
}
