/*
 * resume.c: output files that survive interruption.  Records go to
 * FILE.partial, held under an exclusive lock so that two runs never write
 * one output, and the file is renamed to FILE only when the run is
 * complete.  --resume reads the partial a line at a time, checks that its
 * records are of this run's format, kind and model, and notes each input
 * recorded there by position (the n-th input, the n-th document); the last
 * input's records, which a kill may have cut short, are dropped and the
 * rest is appended.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "io.h"
#include "jsonin.h"
#include "resume.h"

/* What is kept of a line of the partial: its name and index come first. */
enum { KEEP = 1 << 20 };

/* One record line, as far as resuming needs it. */
typedef struct record {
    uint64_t name;
    size_t index;  /* the sentence's index, for sentence records */
    bool alone;    /* a summary or error record: an input by itself */
} record;

void resume_plan_free(resume_plan *plan)
{
    free(plan->names);
    memset(plan, 0, sizeof *plan);
}

static bool plan_add(resume_plan *plan, uint64_t name)
{
    if (plan->count == plan->cap) {
        size_t cap = plan->cap ? plan->cap * 2 : 1024;
        uint64_t *p = realloc(plan->names, cap * sizeof *p);
        if (p == NULL)
            return false;
        plan->names = p;
        plan->cap = cap;
    }
    plan->names[plan->count++] = name;
    return true;
}

/* The end of the JSON string at s[i] (its opening quote), or 0. */
static size_t string_end(const char *s, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return 0;
}

/* The end of the CSV or TSV field at s[0], or n + 1 when it has none. */
static size_t field_end(const char *s, size_t n, char sep)
{
    size_t i = 0;
    if (sep == ',' && n > 0 && s[0] == '"') {
        for (i = 1; i < n; i++)
            if (s[i] == '"' && !(i + 1 < n && s[i + 1] == '"'))
                break;
            else if (s[i] == '"')
                i++;
        i++;
    }
    while (i < n && s[i] != sep)
        i++;
    return i < n ? i : n + 1;
}

static bool parse_index(const char *s, size_t n, size_t *i, size_t *v)
{
    size_t start = *i;
    for (*v = 0; *i < n && s[*i] >= '0' && s[*i] <= '9'; (*i)++)
        *v = *v * 10 + (size_t)(s[*i] - '0');
    return *i > start;
}

static bool starts_with(const char *s, size_t n, size_t i, const char *p)
{
    size_t l = strlen(p);
    return n - i >= l && memcmp(s + i, p, l) == 0;
}

/* A JSON Lines record: {"file": NAME or {"id": RAW, then "sentence",
 * "sentences" or "error". */
static const char *parse_json(const char *s, size_t n, const batch_options *o, record *r)
{
    const char *open = o->stdin_jsonl ? "{\"id\": " : "{\"file\": ";
    if (n == 0 || s[0] != '{')
        return "not a JSON Lines record (written with another -f?)";
    if (!starts_with(s, n, 0, open))
        return o->stdin_jsonl ? "a record of a file, not of a --stdin-jsonl document"
                              : "a record of a --stdin-jsonl document, not of a file";
    size_t i = strlen(open), end = i;
    if (o->stdin_jsonl && !jsonin_skip(s, n, &end, 0))
        return "its id cannot be read";
    if (!o->stdin_jsonl && (end = string_end(s, n, i)) == 0)
        return "its file name cannot be read";
    r->name = batch_name_hash(s + i, end - i);
    bool sentence = starts_with(s, n, end, ", \"sentence\": ");
    bool summary = starts_with(s, n, end, ", \"sentences\": ");
    if (!sentence && !summary && !starts_with(s, n, end, ", \"error\": "))
        return "malformed record";
    if (summary && !o->summary)
        return "a --summary record, and this run has no --summary";
    if (sentence && o->summary)
        return "a sentence record, and this run has --summary";
    r->alone = !sentence;
    end += strlen(", \"sentence\": ");
    if (sentence && !parse_index(s, n, &end, &r->index))
        return "malformed record";
    return NULL;
}

/* A TSV or CSV row: the name field, then the sentence's index (summary
 * rows are inputs by themselves). */
static const char *parse_row(const char *s, size_t n, const batch_options *o, record *r)
{
    char sep = o->format == FMT_CSV ? ',' : '\t';
    size_t end = field_end(s, n, sep), i = end + 1;
    if (end > n)
        return "malformed row";
    r->name = batch_name_hash(s, end);
    r->alone = o->summary;
    if (!r->alone && !parse_index(s, n, &i, &r->index))
        return "malformed row";
    return NULL;
}

/* Does record r start another input than the one before it (prev)?  An
 * input's sentence indices only grow. */
static bool starts_input(const record *prev, const record *r)
{
    return r->alone || prev->alone || r->name != prev->name || r->index <= prev->index;
}

typedef struct scan {
    const batch_options *o;
    const char *name;     /* for messages */
    uint64_t cut;         /* where appending starts */
    uint64_t last_start;  /* where the last recorded input's records start */
} scan;

static stance_status check_header(scan *sc, const io_lines *r, const strbuf *head,
                                  stance_error *err)
{
    if (r->cut || r->n + 1 != head->n || memcmp(r->line, head->p, r->n) != 0)
        return set_error(err, STANCE_EFORMAT, sc->name, 1,
                         "not resumed: its header is not the one this run writes (was it "
                         "written with another -f, --summary or model?)");
    sc->last_start = r->next;
    return STANCE_OK;
}

/* One record line: a new input goes into the plan. */
static stance_status take_record(scan *sc, const io_lines *r, record *prev, resume_plan *plan,
                                 stance_error *err)
{
    record rec = {0};
    const char *why = sc->o->format == FMT_JSONL ? parse_json(r->line, r->n, sc->o, &rec)
                                                 : parse_row(r->line, r->n, sc->o, &rec);
    if (why != NULL && r->cut)
        why = "a record whose name is longer than 1 MiB";
    if (why != NULL)
        return set_error(err, STANCE_EFORMAT, sc->name, 0,
                         "not resumed: the line at byte %llu is %s", (unsigned long long)r->start,
                         why);
    if (plan->count == 0 || starts_input(prev, &rec)) {
        if (!plan_add(plan, rec.name))
            return set_error(err, STANCE_ENOMEM, sc->name, 0, "out of memory");
        sc->last_start = r->start;
    }
    *prev = rec;
    return STANCE_OK;
}

/* Read the records of fd into plan; sc->cut is where to append.  The
 * first line of a TSV or CSV file is its header, whatever it says.  A CSV
 * record goes on over lines while a quoted field is open (an odd count of
 * quotes so far): its first line holds the name and index. */
static stance_status scan_records(int fd, scan *sc, bool complete, resume_plan *plan,
                                  stance_error *err)
{
    strbuf head = {0};
    out_header(&head, sc->o->format, sc->o->model, sc->o->summary);
    io_lines r;
    stance_status st = io_lines_init(&r, fd, KEEP);
    record prev = {0};
    int got = IO_LINES_EOF;
    bool quoted = false; /* within a CSV record's quoted field */
    r.count_quotes = sc->o->format == FMT_CSV;
    while (st == STANCE_OK && !head.oom && (got = io_lines_next(&r)) == IO_LINES_LINE) {
        bool more = quoted;
        quoted ^= r.quotes & 1;
        if (!more)
            st = r.start == 0 && head.n ? check_header(sc, &r, &head, err)
                                        : take_record(sc, &r, &prev, plan, err);
        if (!quoted)
            sc->cut = r.next;
    }
    if (st == STANCE_OK && (head.oom || got == IO_LINES_ERROR))
        st = set_error(err, STANCE_EIO, sc->name, 0, "cannot read: %s", strerror(errno));
    if (st == STANCE_OK && !complete && plan->count > 0) {
        plan->count--; /* its records may be cut short: it is done again */
        sc->cut = sc->last_start;
    }
    io_lines_free(&r);
    sb_free(&head);
    return st;
}

/* path, if it exists, must be a regular file: a device, FIFO, directory
 * or symbolic link is never replaced. */
static stance_status check_regular(const char *path, stance_error *err)
{
    struct stat sb;
    if (lstat(path, &sb) != 0 || S_ISREG(sb.st_mode))
        return STANCE_OK;
    return set_error(err, STANCE_EIO, path, 0,
                     "exists and is not a regular file; not replaced (-o - writes to stdout)");
}

/* Open path (created if create), check that it is a regular file still
 * under that name, and lock it; *fd on success. */
static stance_status open_locked(const char *path, bool create, int *fd, stance_error *err)
{
    int flags = O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | (create ? O_CREAT : 0);
    struct stat sb, now;
    *fd = open(path, flags, 0666);
    if (*fd < 0)
        return set_error(err, STANCE_EIO, path, 0, "cannot open for writing: %s", strerror(errno));
    stance_status st = STANCE_OK;
    if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        st = set_error(err, STANCE_EIO, path, 0, "not a regular file; not written");
    else if (flock(*fd, LOCK_EX | LOCK_NB) != 0)
        st = set_error(err, STANCE_EIO, path, 0, "%s%s",
                       errno == EWOULDBLOCK ? "locked: another run is writing this output"
                                            : "cannot lock: ",
                       errno == EWOULDBLOCK ? "" : strerror(errno));
    else if (stat(path, &now) != 0 || now.st_ino != sb.st_ino || now.st_dev != sb.st_dev)
        st = set_error(err, STANCE_EIO, path, 0, "replaced by another run while opening");
    else if (fcntl(*fd, F_SETFL, O_RDWR) != 0)
        st = set_error(err, STANCE_EIO, path, 0, "cannot open: %s", strerror(errno));
    if (st != STANCE_OK) {
        close(*fd);
        *fd = -1;
    }
    return st;
}

/* Open and lock the file to append to; with resume read its records and
 * cut it where appending starts (a finished PATH becomes PATH.partial). */
static stance_status open_partial(const char *path, const char *partial, bool resume,
                                  const batch_options *o, resume_plan *plan, int *fd,
                                  output_file *of, stance_error *err)
{
    bool complete = resume && access(partial, F_OK) != 0 && access(path, F_OK) == 0;
    const char *name = complete ? path : partial;
    stance_status st = open_locked(name, !complete, fd, err);
    scan sc = {o, name, 0, 0};
    if (st == STANCE_OK && resume)
        st = scan_records(*fd, &sc, complete, plan, err);
    if (st == STANCE_OK && complete && rename(path, partial) != 0)
        st = set_error(err, STANCE_EIO, path, 0, "cannot resume: %s", strerror(errno));
    if (st == STANCE_OK && (ftruncate(*fd, (off_t)sc.cut) != 0 ||
                            lseek(*fd, (off_t)sc.cut, SEEK_SET) < 0))
        st = set_error(err, STANCE_EIO, partial, 0, "cannot truncate: %s", strerror(errno));
    if (st != STANCE_OK && *fd >= 0) {
        close(*fd);
        *fd = -1;
    }
    of->opened = sc.cut;
    of->finished = complete;
    return st;
}

stance_status output_open(const char *path, bool resume, const batch_options *o,
                          resume_plan *plan, output_file *of, bool *fresh, stance_error *err)
{
    size_t n = strlen(path) + 9;
    memset(of, 0, sizeof *of);
    memset(plan, 0, sizeof *plan);
    *fresh = true;
    if ((of->partial = malloc(n)) == NULL)
        return set_error(err, STANCE_ENOMEM, path, 0, "out of memory");
    snprintf(of->partial, n, "%s.partial", path);
    stance_status st = check_regular(path, err);
    if (st == STANCE_OK)
        st = check_regular(of->partial, err);
    int fd = -1;
    if (st == STANCE_OK)
        st = open_partial(path, of->partial, resume, o, plan, &fd, of, err);
    if (st == STANCE_OK && (of->fp = fdopen(fd, "wb")) == NULL) {
        st = set_error(err, STANCE_EIO, of->partial, 0, "cannot open: %s", strerror(errno));
        close(fd);
    }
    if (st != STANCE_OK) {
        free(of->partial);
        of->partial = NULL;
        resume_plan_free(plan);
        return st;
    }
    *fresh = of->opened == 0;
    return STANCE_OK;
}

stance_status output_close(output_file *of, const char *path, bool ok, stance_error *err)
{
    bool written = fflush(of->fp) == 0 && !ferror(of->fp) && fsync(fileno(of->fp)) == 0;
    int saved = errno;
    /* a finished PATH that a refused or failed resume added nothing to */
    bool untouched = of->finished && written &&
                     lseek(fileno(of->fp), 0, SEEK_END) == (off_t)of->opened;
    stance_status st = STANCE_OK;
    if (ok && !written)
        st = set_error(err, STANCE_EIO, of->partial, 0, "cannot write: %s", strerror(saved));
    else if ((ok || untouched) && (st = check_regular(path, err)) == STANCE_OK &&
             rename(of->partial, path) != 0)
        st = set_error(err, STANCE_EIO, path, 0, "cannot rename %s: %s", of->partial,
                       strerror(errno));
    fclose(of->fp); /* the lock goes with it, after the rename */
    free(of->partial);
    return st;
}
