/*
 * batch.c: the batch engine of stance-classify.  The main thread walks the
 * inputs (directories recursively, entries in byte order) and feeds a
 * bounded ring of jobs; worker threads read, check, split and classify one
 * file each into a private buffer; the main thread writes finished buffers
 * strictly in input order.  The ring bounds memory however many files there
 * are, and the output is byte-identical for any number of workers.  The
 * first failed write stops the run.  With --resume the inputs are taken by
 * position: those whose records the partial holds (resume.c reads them)
 * are skipped, their names checked.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "common.h"
#include "io.h"
#include "jsonin.h"

typedef struct job {
    char *path;      /* a file, or for a document its raw JSON id */
    bool is_doc;     /* a --stdin-jsonl document: text holds it */
    char *text;
    size_t text_len;
    strbuf out;
    size_t bytes;
    size_t sentences, label; /* the article, for the HTML index */
    size_t lineno;   /* a document's line of stdin */
    bool failed;
    bool done;
} job;

typedef struct batch {
    const batch_options *o;
    FILE *out;
    job *ring;
    size_t cap, head, tail, taken; /* head: next to write; tail: next free */
    bool closing;
    pthread_mutex_t mu;
    pthread_cond_t has_job, job_done;
    long failed;
    bool write_error;   /* under mu: a write failed (reported once); the run stops */
    bool resume_refused; /* the inputs do not match the partial's records */
    size_t resume_next;  /* the next recorded input, by position */
    size_t position;     /* inputs seen while resuming, for messages */
    strbuf index;       /* -f html -o DIR: rows of index.html */
    /* progress */
    size_t files_done, bytes_done, links_skipped, skipped;
    size_t total;       /* inputs in all, once the counting walk is done */
    bool total_known;
    struct timespec t0, last_draw;
} batch;

/* ------------------------------------------------------- one input file */

void batch_make_lossy(char *s, size_t n)
{
    size_t i = 0, bad;
    while (i < n && !stance_utf8_valid(s + i, n - i, &bad)) {
        s[i + bad] = '?';
        i += bad + 1;
    }
}

static void fail(strbuf *b, const batch_options *o, const char *name, const char *msg)
{
    out_error_record(b, o->format, o->model, o->summary, name, o->stdin_jsonl, msg);
    /* sentence-level tsv/csv have no error rows; text and jsonl do; the
     * message always goes to stderr too */
    fprintf(stderr, "%s: %s: %s\n", cli_prog, name, msg);
}

enum { DRAIN_BYTES = 1 << 20 };

/* Is the run stopping, after a failed write (called without the lock)? */
static bool stopping(batch *b)
{
    pthread_mutex_lock(&b->mu);
    bool stop = b->write_error;
    pthread_mutex_unlock(&b->mu);
    return stop;
}

/* A write to name failed (errno says why): reported once, at once, and
 * the run stops taking inputs.  write_error is only touched under the
 * lock: the writer and a draining worker both come here. */
static void write_failed(batch *b, const char *name)
{
    int e = errno;
    pthread_mutex_lock(&b->mu);
    bool first = !b->write_error;
    b->write_error = true;
    pthread_mutex_unlock(&b->mu);
    if (first)
        cli_warn("%s: cannot write: %s", name, strerror(e));
}

/* Write a job's records to the output (unless a write failed before). */
static void emit(batch *b, const strbuf *s)
{
    const char *name = b->o->output_name ? b->o->output_name : "stdout";
    if (s->oom) {
        errno = ENOMEM;
        write_failed(b, name);
    } else if (s->n && !stopping(b) && fwrite(s->p, 1, s->n, b->out) != s->n) {
        write_failed(b, name);
    }
}

/* Records are written as they are made, a megabyte at a time, while the
 * job is at the head of the ring: every input before it is written, so
 * nothing else writes to the output meanwhile.  A big file's records then
 * need no buffer the size of the file.  After a failed write they are
 * dropped. */
static void drain(batch *b, job *j)
{
    if (b->o->html_dir != NULL || j->out.oom || j->out.n < DRAIN_BYTES)
        return;
    pthread_mutex_lock(&b->mu);
    bool head = &b->ring[b->head % b->cap] == j, stop = b->write_error;
    pthread_mutex_unlock(&b->mu);
    if (head && !stop)
        emit(b, &j->out);
    if (head || stop)
        j->out.n = 0;
}

/* The sentence spans of text: split, or one per line. */
static stance_status spans_of(const batch_options *o, const char *t, size_t n,
                              stance_span **spans, size_t *count, stance_error *err)
{
    return o->lines ? stance_split_lines(t, n, spans, count) : stance_split(t, n, spans, count, err);
}

/* Distinct names in order of appearance, copied (the sentence's strings
 * live only as long as its callback), with a hash index so that an article
 * of many sentences and sources is tallied in linear time. */
typedef struct names {
    char **v;
    size_t n, vcap;
    uint32_t *slot; /* index + 1 into v; 0: empty */
    size_t cap;     /* slots, a power of two, at least twice n */
} names;

static size_t name_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return (size_t)(h ^ (h >> 32));
}

static void names_free(names *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i]);
    free(m->v);
    free(m->slot);
}

/* Room for one more name: v and the hash index grown as needed. */
static bool names_reserve(names *m)
{
    if (m->n == m->vcap) {
        size_t vcap = m->vcap ? 2 * m->vcap : 16;
        char **v = realloc(m->v, vcap * sizeof *v);
        if (v == NULL)
            return false;
        m->v = v;
        m->vcap = vcap;
    }
    if (2 * (m->n + 1) > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        uint32_t *slot = calloc(cap, sizeof *slot);
        if (slot == NULL)
            return false;
        for (size_t i = 0; i < m->n; i++) {
            size_t h = name_hash(m->v[i]) & (cap - 1);
            while (slot[h] != 0)
                h = (h + 1) & (cap - 1);
            slot[h] = (uint32_t)(i + 1);
        }
        free(m->slot);
        m->slot = slot;
        m->cap = cap;
    }
    return true;
}

/* The index of s among the names, a copy added if new; (size_t)-1 when
 * out of memory. */
static size_t names_index(names *m, const char *s)
{
    if (!names_reserve(m))
        return (size_t)-1;
    size_t h = name_hash(s) & (m->cap - 1);
    for (; m->slot[h] != 0; h = (h + 1) & (m->cap - 1))
        if (strcmp(m->v[m->slot[h] - 1], s) == 0)
            return m->slot[h] - 1;
    if ((m->v[m->n] = strdup(s)) == NULL)
        return (size_t)-1;
    m->slot[h] = (uint32_t)++m->n;
    return m->n - 1;
}

/* Per-article tallies: label counts, and label counts per source. */
typedef struct tally {
    size_t k;
    size_t *counts;
    names sources, treaties;
    size_t *source_counts; /* k per source, room for sources.vcap */
    size_t source_cap;
    double *confidence;    /* per label, the sentences' confidences summed */
} tally;

static void tally_free(tally *t)
{
    free(t->counts);
    names_free(&t->sources);
    names_free(&t->treaties);
    free(t->source_counts);
    free(t->confidence);
}

/* Count one sentence.  Returns false when out of memory. */
static bool tally_add(tally *t, size_t label, double confidence, const char *source,
                      const char *target)
{
    t->counts[label]++;
    t->confidence[label] += confidence;
    if (source != NULL) {
        size_t i = names_index(&t->sources, source);
        if (i == (size_t)-1)
            return false;
        if (t->sources.n > t->source_cap) {
            size_t cap = t->sources.vcap;
            size_t *c = realloc(t->source_counts, cap * t->k * sizeof *c);
            if (c == NULL)
                return false;
            memset(c + t->source_cap * t->k, 0, (cap - t->source_cap) * t->k * sizeof *c);
            t->source_counts = c;
            t->source_cap = cap;
        }
        t->source_counts[i * t->k + label]++;
    }
    return target == NULL || names_index(&t->treaties, target) != (size_t)-1;
}

/* What the pipeline's callback needs to write one input's records. */
typedef struct article_out {
    const batch_options *o;
    batch *bt;
    job *j;
    tally ty;
    bool html;
    const char *text;      /* the article, which the sentences' offsets index */
} article_out;

/* One sentence from stance_article_classify: tallied, and written as a
 * record unless only the summary is wanted. */
static stance_status sentence_out(const stance_sentence *s, void *arg)
{
    article_out *a = arg;
    const batch_options *o = a->o;
    const stance_prediction *p = s->prediction;
    if (!tally_add(&a->ty, (size_t)p->label, p->confidence, s->source, s->target))
        return STANCE_ENOMEM;
    if (!o->summary || a->html) {
        out_sentence rec = {a->j->path, o->stdin_jsonl, s->index, s->start, s->end,
                            a->text + s->start, s->end - s->start, p, s->source,
                            s->target};
        out_sentence_record(&a->j->out, o->format, o->model, &rec);
        drain(a->bt, a->j);
    }
    return STANCE_OK;
}

/* Classify text (already checked) into records in job j's buffer, drained
 * to batch bt's output as they grow; j->sentences and j->label report the
 * article for the HTML index. */
static bool classify_text(const batch_options *o, batch *bt, stance_predictor *pred, job *j,
                          const char *t, size_t n)
{
    const char *name = j->path;
    size_t k = stance_model_label_count(o->model);
    article_out a = {o, bt, j, {k, calloc(k, sizeof(size_t)), {0}, {0}, NULL, 0,
                                calloc(k, sizeof(double))},
                     o->format == FMT_HTML, t};
    if (a.ty.counts == NULL || a.ty.confidence == NULL) {
        tally_free(&a.ty);
        fail(&j->out, o, name, "out of memory");
        return false;
    }
    if (a.html)
        out_html_begin(&j->out, o->model, name);
    stance_article_options ao;
    stance_article_options_init(&ao);
    ao.lines = o->lines;
    ao.attribution = !o->no_attribution;
    ao.explain = o->explain;
    stance_status st = stance_article_classify(pred, t, n, &ao, sentence_out, &a, NULL);
    if (st != STANCE_OK)
        fail(&j->out, o, name, st == STANCE_ENOMEM ? "out of memory classifying"
                                                   : stance_strerror(st));
    if (st == STANCE_OK) {
        out_article art = {name, o->stdin_jsonl, 0, a.ty.counts, a.ty.sources.n,
                           (const char *const *)a.ty.sources.v, a.ty.source_counts, a.ty.treaties.n,
                           (const char *const *)a.ty.treaties.v, a.ty.confidence};
        for (size_t i = 0; i < k; i++)
            art.sentences += a.ty.counts[i];
        j->sentences = art.sentences;
        j->label = out_article_label(o->model, a.ty.counts, a.ty.confidence);
        if (o->summary || a.html)
            out_summary_record(&j->out, o->format, o->model, &art);
    }
    tally_free(&a.ty);
    return st == STANCE_OK;
}

/* What a binary file's first bytes say it is, and the tool that makes
 * text of it; "" when they say nothing known. */
static const char *binary_hint(const char *t, size_t n)
{
    if (n >= 5 && memcmp(t, "%PDF-", 5) == 0)
        return " (a PDF: convert it to text first, e.g. pdftotext FILE.pdf)";
    if (n >= 4 && memcmp(t, "PK\x03\x04", 4) == 0)
        return " (a ZIP archive such as DOCX or ODT: convert it to text first, e.g. "
               "libreoffice --headless --convert-to txt FILE, or pandoc -t plain)";
    if (n >= 8 && memcmp(t, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
        return " (an old Office document: convert it to text first, e.g. "
               "libreoffice --headless --convert-to txt FILE)";
    if (n >= 2 && ((unsigned char)t[0] == 0xff || (unsigned char)t[0] == 0xfe) &&
        ((unsigned char)t[1] == 0xfe || (unsigned char)t[1] == 0xff))
        return " (UTF-16 text: convert it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8)";
    return "";
}

/* Read, check and classify one input into j->out. */
static void process(batch *b, stance_predictor *pred, job *j)
{
    const batch_options *o = b->o;
    char *text = NULL;
    size_t n = 0;
    stance_error err;
    char msg[2048];
    if (j->is_doc) {
        text = j->text;
        n = j->text_len;
        j->text = NULL;
    } else if (io_read_file(j->path, o->max_size, &text, &n, &err) != STANCE_OK) {
        err.file[0] = '\0';
        fail(&j->out, o, j->path, stance_error_format(&err, msg, sizeof msg));
        j->failed = true;
        return;
    }
    j->bytes = n;
    const char *nul = memchr(text, '\0', n);
    size_t bad;
    if (nul != NULL && j->is_doc) {
        snprintf(msg, sizeof msg, "stdin line %zu: NUL byte at byte %zu of the text", j->lineno,
                 (size_t)(nul - text));
        fail(&j->out, o, j->path, msg);
        j->failed = true;
    } else if (nul != NULL) {
        snprintf(msg, sizeof msg, "binary file: NUL byte at byte %zu%s", (size_t)(nul - text),
                 binary_hint(text, n));
        fail(&j->out, o, j->path, msg);
        j->failed = true;
    } else if (!stance_utf8_valid(text, n, &bad)) {
        if (o->lossy) {
            batch_make_lossy(text + bad, n - bad); /* what is before bad is valid */
            j->failed = !classify_text(o, b, pred, j, text, n);
        } else {
            snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu (use --lossy to replace it)",
                     bad);
            fail(&j->out, o, j->path, msg);
            j->failed = true;
        }
    } else {
        j->failed = !classify_text(o, b, pred, j, text, n);
    }
    free(text);
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
    size_t ready = 0;
    while (b->head + ready < b->taken && b->ring[(b->head + ready) % b->cap].done)
        ready++;
    return ready >= (b->cap + 1) / 2;
}

static void *worker(void *arg)
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
            process(b, pred, j);
        } else if (!walker_done && !stop) {
            fail(&j->out, b->o, j->path, "out of memory");
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

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* "files done/total, MB, MB/s, errors, ETA" on one terminal line. */
static void draw_progress(batch *b, bool final)
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
    fprintf(stderr, "\r%s: %zu%s files, %.1f MB, %.1f MB/s, %ld errors%s\033[K", cli_prog,
            b->files_done, of, mb, secs > 0 ? mb / secs : 0.0, b->failed, eta);
    if (final)
        fputc('\n', stderr);
}

/* -f html -o DIR: the job's page goes to DIR/NNNNNN-NAME.html and a row
 * to the index; a failed input's error goes to the index. */
static void write_page(batch *b, job *j)
{
    if (j->failed) {
        sb_put(&b->index, j->out.p, j->out.n);
        return;
    }
    const char *base = strrchr(j->path, '/');
    base = base ? base + 1 : j->path;
    char page[96];
    int n = snprintf(page, sizeof page, "%06zu-", b->files_done + 1);
    for (size_t i = 0; base[i] && n < 80; i++) {
        char c = base[i];
        page[n++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '_' || c == '.' ? c : '_';
    }
    snprintf(page + n, sizeof page - (size_t)n, ".html");
    size_t plen = strlen(b->o->html_dir) + strlen(page) + 2;
    char *path = malloc(plen);
    FILE *fp = NULL;
    if (path != NULL) {
        snprintf(path, plen, "%s/%s", b->o->html_dir, page);
        fp = fopen(path, "wb");
    }
    if (fp == NULL || fwrite(j->out.p, 1, j->out.n, fp) != j->out.n)
        write_failed(b, path ? path : page);
    if (fp != NULL && fclose(fp) != 0)
        write_failed(b, path);
    free(path);
    out_html_index_row(&b->index, b->o->model, page, j->path, j->sentences, j->label);
}

/* Write out every finished job at the head of the ring.  Called with the
 * lock held; writes without it. */
static void flush_done(batch *b)
{
    /* only slots a worker has taken may be recycled, so that a slot is
     * never reused under a worker that has yet to look at it */
    while (b->head < b->taken && b->ring[b->head % b->cap].done) {
        job *j = &b->ring[b->head % b->cap];
        pthread_mutex_unlock(&b->mu);
        if (b->o->html_dir != NULL && !j->out.oom)
            write_page(b, j);
        else
            emit(b, &j->out);
        b->failed += j->failed;
        b->files_done++;
        b->bytes_done += j->bytes;
        free(j->path);
        free(j->text);
        sb_free(&j->out);
        if (b->o->progress)
            draw_progress(b, false);
        pthread_mutex_lock(&b->mu);
        b->head++;
    }
}

/* Lock, wait for a free slot at the tail of the ring (writing out what is
 * finished meanwhile) and return it cleared; the caller fills it, advances
 * the tail and unlocks.  NULL, unlocked, once a write has failed. */
static job *reserve_slot(batch *b)
{
    pthread_mutex_lock(&b->mu);
    for (;;) {
        flush_done(b);
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
static void submit_job(batch *b, char *path, char *text, size_t text_len, size_t lineno)
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

static void submit(batch *b, char *path)
{
    submit_job(b, path, NULL, 0, 0);
}

/* An input that failed before it could be queued (e.g. an unreadable
 * directory) still gets its record, in order. */
static void submit_error(batch *b, const char *path, const char *msg)
{
    char *p = strdup(path);
    if (p == NULL)
        return;
    job *j = reserve_slot(b);
    if (j == NULL) {
        free(p);
        return;
    }
    j->path = p;
    fail(&j->out, b->o, path, msg);
    j->failed = true;
    j->done = true;
    b->tail++;
    pthread_cond_signal(&b->has_job); /* a worker passes it on to the writer */
    pthread_mutex_unlock(&b->mu);
}

/* ---------------------------------------------------------------- resume */

uint64_t batch_name_hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return h;
}

/* Whether an input makes records: a failure (text NULL) makes one in JSON
 * Lines and in summaries, none in sentence TSV and CSV; a text one per
 * sentence (a summary, one). */
static bool makes_records(const batch_options *o, char *text, size_t n)
{
    if (o->summary)
        return true;
    bool jsonl = o->format == FMT_JSONL;
    size_t bad;
    if (text == NULL || memchr(text, '\0', n) != NULL)
        return jsonl;
    if (!stance_utf8_valid(text, n, &bad)) {
        if (!o->lossy)
            return jsonl;
        batch_make_lossy(text + bad, n - bad);
    }
    stance_span *spans = NULL;
    size_t count, nonblank = 0;
    stance_error err;
    if (spans_of(o, text, n, &spans, &count, &err) != STANCE_OK) {
        free(spans);
        return true; /* cannot tell: taken to have records, so never skipped unseen */
    }
    for (size_t i = 0; i < count; i++)
        nonblank += spans[i].end > spans[i].start;
    free(spans);
    return nonblank > 0;
}

/* A file's makes_records, reading it. */
static bool file_makes_records(const batch_options *o, const char *path)
{
    char *text = NULL;
    size_t n = 0;
    stance_error err;
    bool read = io_read_file(path, o->max_size, &text, &n, &err) == STANCE_OK;
    bool makes = makes_records(o, read ? text : NULL, n);
    free(text);
    return makes;
}

static void resume_refuse(batch *b, const char *name, size_t lineno)
{
    char where[64] = "";
    if (lineno > 0)
        snprintf(where, sizeof where, "stdin line %zu, id ", lineno);
    cli_warn("%s: not resumed: input %zu (%s%s) is not the one recorded there at that "
             "position (were inputs added, removed or reordered?); nothing was appended",
             b->o->output_name, b->position, where, name);
    b->resume_refused = true;
}

/* --resume: true when the input at this position is not to be classified:
 * its records are the next ones in the partial, or it made none (makes:
 * 1 or 0, or -1 for a file, read only when its name is not the next one
 * recorded), or the inputs do not match the records (the run is then
 * refused).  Inputs are matched by position, their names only checked:
 * documents may share an id or have none. */
static bool resume_skips(batch *b, const char *name, bool is_id, int makes, size_t lineno)
{
    const resume_plan *r = b->o->resume;
    if (r == NULL || b->resume_refused || b->resume_next >= r->count)
        return b->resume_refused;
    b->position++;
    strbuf t = {0};
    out_name(&t, b->o->format, name, is_id);
    bool same = !t.oom && batch_name_hash(t.p, t.n) == r->names[b->resume_next];
    sb_free(&t);
    if (makes != 0 && same) {
        b->resume_next++;
        b->skipped++;
        return true;
    }
    if (makes < 0)
        makes = file_makes_records(b->o, name);
    if (makes == 0) {
        b->skipped++;
        return true;
    }
    resume_refuse(b, name, lineno);
    return true;
}

/* --------------------------------------------------------------- walking */

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
    if (resume_skips(w->b, path, false, -1, 0))
        return;
    char *p = strdup(path);
    if (p != NULL)
        submit(w->b, p);
}

static void emit_error(walker *w, const char *path, const char *msg)
{
    if (w->counting)
        w->count++;
    else if (++w->inputs, !resume_skips(w->b, path, false, makes_records(w->b->o, NULL, 0), 0))
        submit_error(w->b, path, msg);
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
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *p);
            if (p == NULL)
                break;
            names = p;
        }
        if ((names[n] = strdup(e->d_name)) == NULL)
            break;
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    size_t dl = strlen(dir);
    bool slash = dl > 0 && dir[dl - 1] == '/';
    for (size_t i = 0; i < n; i++) {
        size_t len = dl + strlen(names[i]) + 2;
        char *p = w->counting || !(stopping(w->b) || w->b->resume_refused) ? malloc(len) : NULL;
        if (p != NULL) {
            snprintf(p, len, slash ? "%s%s" : "%s/%s", dir, names[i]);
            visit(w, p, up, false);
            free(p);
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

/* --stdin-jsonl: a document that failed, recorded under its id (or null)
 * unless resuming past it. */
static void doc_error(batch *b, const char *id, size_t lineno, const char *msg)
{
    if (!resume_skips(b, id, true, makes_records(b->o, NULL, 0), lineno))
        submit_error(b, id, msg);
}

/* The id of a line that is not valid UTF-8, read from a copy with each
 * bad byte (and NUL) replaced by '?', so that its error record keeps it;
 * NULL when it cannot be read. */
static char *readable_id(const char *line, size_t len)
{
    char *c = malloc(len + 1), *id = NULL, *text, why[16];
    size_t tlen;
    if (c == NULL)
        return NULL;
    for (size_t i = 0; i < len; i++)
        c[i] = line[i] == '\0' ? '?' : line[i];
    batch_make_lossy(c, len);
    if (jsonin_parse(c, len, &id, &text, &tlen, why, sizeof why))
        free(text);
    free(c);
    return id;
}

/* One line of --stdin-jsonl (r->n bytes kept of it): a document queued,
 * or an error record. */
static void read_document(batch *b, const io_lines *r, size_t lineno)
{
    size_t len = r->n, tlen, bad;
    while (len > 0 && r->line[len - 1] == '\r')
        len--;
    if (len == 0 && !r->cut)
        return;
    char *id = NULL, *text = NULL, why[200], msg[300];
    const char *nul = memchr(r->line, '\0', len);
    if (r->cut) {
        id = jsonin_id(r->line, r->n);
        snprintf(msg, sizeof msg, "stdin line %zu: longer than %zu bytes (--max-size as JSON "
                 "escapes, plus 64 KiB); not read", lineno, r->keep);
    } else if (nul != NULL || !stance_utf8_valid(r->line, len, &bad)) {
        id = readable_id(r->line, len);
        snprintf(msg, sizeof msg, "stdin line %zu: %s at byte %zu", lineno,
                 nul ? "NUL byte" : "not valid UTF-8", nul ? (size_t)(nul - r->line) : bad);
    } else if (!jsonin_parse(r->line, len, &id, &text, &tlen, why, sizeof why)) {
        snprintf(msg, sizeof msg, "stdin line %zu: %s", lineno, why);
    } else if (b->o->max_size && tlen > b->o->max_size) {
        snprintf(msg, sizeof msg, "stdin line %zu: text exceeds the size limit of %zu bytes",
                 lineno, b->o->max_size);
        free(text);
        text = NULL;
    }
    if (text == NULL)
        doc_error(b, id ? id : "null", lineno, msg);
    else if (!resume_skips(b, id, true, makes_records(b->o, text, tlen), lineno)) {
        submit_job(b, id, text, tlen, lineno); /* now the job's */
        return;
    }
    free(id);
    free(text);
}

/* The longest document line read whole: a text of --max-size bytes as
 * JSON escapes (at most six bytes a byte), plus 64 KiB for the id and
 * other members.  A longer line is skipped, so memory stays bounded. */
static size_t doc_line_limit(const batch_options *o)
{
    size_t m = o->max_size ? o->max_size : (size_t)64 << 20;
    return m > (SIZE_MAX - 65536) / 6 ? SIZE_MAX - 1 : 6 * m + 65536;
}

/* --stdin-jsonl: one {"id", "text"} document per line of stdin. */
static void read_documents(batch *b)
{
    io_lines r;
    size_t lineno = 0;
    int got = IO_LINES_ERROR;
    if (io_lines_init(&r, STDIN_FILENO, doc_line_limit(b->o)) == STANCE_OK)
        while (!stopping(b) && !b->resume_refused && (got = io_lines_next(&r)) > 0)
            read_document(b, &r, ++lineno);
    if (got == IO_LINES_ERROR && !stopping(b)) {
        cli_warn("stdin line %zu: cannot read: %s", lineno + 1, strerror(errno));
        b->failed++;
    }
    io_lines_free(&r);
}

/* DIR/index.html, written atomically. */
static bool write_index(batch *b)
{
    strbuf page = {0};
    out_html_index_begin(&page, b->o->model);
    sb_put(&page, b->index.p ? b->index.p : "", b->index.n);
    out_html_index_end(&page);
    size_t plen = strlen(b->o->html_dir) + 12;
    char *path = malloc(plen), *tmp = NULL;
    FILE *fp = NULL;
    stance_error err;
    bool ok = path != NULL && !page.oom;
    if (ok) {
        snprintf(path, plen, "%s/index.html", b->o->html_dir);
        ok = io_create_temp(path, &fp, &tmp, &err) == STANCE_OK;
    }
    if (ok && fwrite(page.p, 1, page.n, fp) != page.n) {
        io_abandon(fp, tmp);
        ok = false;
    } else if (ok && io_commit(fp, tmp, path, &err) != STANCE_OK) {
        ok = false;
    }
    if (!ok)
        cli_warn("%s: cannot write the index page", path ? path : b->o->html_dir);
    free(path);
    sb_free(&page);
    sb_free(&b->index);
    return ok;
}

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
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.has_job, NULL);
    pthread_cond_init(&b.job_done, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b.t0);
    int started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&tid[started], NULL, worker, &b) != 0)
            break;
    strbuf head = {0};
    if (header)
        out_header(&head, o->format, o->model, o->summary);
    emit(&b, &head);
    sb_free(&head);
    if (started == 0) {
        errno = EAGAIN;
        write_failed(&b, "worker threads");
    } else if (o->stdin_jsonl) {
        read_documents(&b);
    } else {
        counter cnt = {&b, paths, npaths};
        pthread_t ctid;
        bool counting = o->progress && pthread_create(&ctid, NULL, count_inputs, &cnt) == 0;
        walker w = {&b, false, 0, 0, 0};
        for (size_t i = 0; i < npaths; i++)
            visit(&w, paths[i], NULL, true);
        if (counting)
            pthread_join(ctid, NULL);
        if (w.inputs == 0) { /* an empty CSV would look like a finished run */
            cli_warn("no input files found: %zu file%s did not match --glob '%s' (use --glob "
                     "PATTERN, e.g. '*.md', or --all to take every file)",
                     w.unmatched, w.unmatched == 1 ? "" : "s", o->glob);
            b.failed++;
        }
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
        flush_done(&b);
        if (b.head < b.tail)
            pthread_cond_wait(&b.job_done, &b.mu);
    }
    pthread_mutex_unlock(&b.mu);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    if (o->progress)
        draw_progress(&b, true);
    if (o->html_dir != NULL && !write_index(&b))
        b.write_error = true;
    if (fflush(out) != 0)
        write_failed(&b, o->output_name ? o->output_name : "stdout");
    if (b.skipped && !b.resume_refused)
        cli_warn("resumed: %zu input%s already recorded, not classified again", b.skipped,
                 b.skipped == 1 ? "" : "s");
    if (b.links_skipped)
        cli_warn("skipped %zu symbolic link%s (use --follow to follow them)", b.links_skipped,
                 b.links_skipped == 1 ? "" : "s");
    pthread_mutex_destroy(&b.mu);
    pthread_cond_destroy(&b.has_job);
    pthread_cond_destroy(&b.job_done);
    free(b.ring);
    free(tid);
    return b.write_error || b.resume_refused ? -1 : b.failed;
}
