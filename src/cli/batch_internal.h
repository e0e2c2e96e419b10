/* batch_internal.h: what the files of the batch engine share (batch.c, the
 * driver; batch_ring.c, the ring and the ordered writer; batch_walk.c,
 * batch_docs.c, batch_input.c, batch_article.c, batch_resume.c,
 * batch_progress.c, batch_html.c): a job, the run's state, and the
 * functions one file calls in another.  Not for use outside them. */
#ifndef STANCE_CLI_BATCH_INTERNAL_H
#define STANCE_CLI_BATCH_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "batch.h"
#include "report_html.h"

typedef struct job {
    char *path;      /* a file, or for a document its raw JSON id */
    bool is_doc;     /* a --stdin-jsonl document: text holds it */
    char *text;
    size_t text_len;
    strbuf out;
    strbuf facts;    /* -f html -o DIR: what the index needs (html_report_facts) */
    size_t bytes;
    size_t sentences, label; /* the article, for the HTML index */
    size_t lineno;   /* a document's line of stdin */
    const struct html_text *html; /* an HTML page's text and offsets while it is
                                     classified (htmltext.h), else NULL */
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
    pthread_cond_t head_moved; /* the head advanced (or the run stops) */
    size_t held;        /* workers waiting for their job to reach the head */
    long failed;
    bool write_error;   /* under mu: a write failed (reported once); the run stops */
    bool resume_refused; /* the inputs do not match the partial's records */
    size_t resume_next;  /* the next recorded input, by position */
    size_t position;     /* inputs seen while resuming, for messages */
    html_report *report; /* -f html -o DIR: the pages and index.html */
    /* progress */
    size_t files_done, bytes_done, links_skipped, skipped;
    size_t total;       /* inputs in all, once the counting walk is done */
    bool total_known;
    struct timespec t0, last_draw;
} batch;

/* batch_stream.c: an input cut into windows.  A window ends at the first
 * paragraph break after WINDOW bytes, else by WINDOW_MAX bytes (README,
 * "What stance promises"). */
enum { WINDOW = 1 << 20, WINDOW_MAX = WINDOW + (WINDOW >> 2) };

typedef struct window_src {
    int fd;               /* a file read a window at a time, or -1 */
    const char *mem;      /* else the text in memory */
    size_t mem_len;
    char *buf;            /* a file's window: WINDOW_MAX bytes */
    const char *p;        /* the bytes not yet classified: p[0..len) */
    size_t len, valid;    /* p[0..valid): whole characters (made valid, with lossy) */
    uint64_t base;        /* the offset of p[0] in the input */
    bool eof, lossy;
} window_src;

/* Classify (or look at) one window: text[0..n), which begins at offset in
 * the input and whose first sentence has index; *next is set to the index
 * after its last sentence (lines: counted by the caller). */
typedef stance_status (*window_fn)(const char *text, size_t n, size_t offset, size_t index,
                                   size_t *next, void *arg);

void stream_mem(window_src *s, const char *t, size_t n);
stance_status stream_file(window_src *s, int fd, bool lossy);
void stream_free(window_src *s);
/* Call fn on each window in order; STANCE_EIO with *why on a read error,
 * or what fn returned if not STANCE_OK. */
stance_status stream_windows(window_src *s, bool lines, window_fn fn, void *arg,
                             const char **why);
/* Check the whole of fd (a regular file, read from its start and left
 * there again): size within --max-size, no NUL byte, valid UTF-8 unless
 * lossy.  On failure msg says what and where (the binary hint included). */
stance_status stream_check(int fd, const batch_options *o, uint64_t *size, char *msg,
                           size_t msglen);

/* batch_ring.c */
bool batch_stopping(batch *b);
void batch_write_failed(batch *b, const char *name);
/* Memory ran out where an input cannot get its record (the walk, the
 * queue): reported once ("NAME: out of memory") and, as after a failed
 * write, the run stops taking inputs and exits 1, so that no input is left
 * out without a word. */
void batch_out_of_memory(batch *b, const char *name);
void batch_emit(batch *b, const strbuf *s);
void batch_drain(batch *b, job *j);
void *batch_worker(void *arg);
void batch_flush_done(batch *b);
void batch_submit_job(batch *b, char *path, char *text, size_t text_len, size_t lineno);
void batch_submit(batch *b, char *path);
void batch_submit_error(batch *b, const char *path, const char *msg);

/* batch_input.c */
void batch_fail(strbuf *b, const batch_options *o, const char *name, const char *msg);
void batch_process(batch *b, stance_predictor *pred, job *j);
const char *batch_binary_hint(const char *t, size_t n);
/* Open path, a regular file, for reading; -1 with msg set otherwise. */
int batch_open_regular(const char *path, char *msg, size_t msglen);
/* Whether input j is a file read in windows (else it is read whole). */
bool batch_streams(const batch_options *o, const job *j);

/* batch_article.c */
bool batch_classify(const batch_options *o, batch *bt, stance_predictor *pred, job *j,
                    window_src *src);

/* batch_resume.c */
bool batch_makes_records(const batch_options *o, char *text, size_t n);
bool batch_resume_skips(batch *b, const char *name, bool is_id, int makes, size_t lineno);

/* batch_walk.c */
void batch_walk(batch *b, char *const *paths, size_t npaths);

/* batch_docs.c */
void batch_read_documents(batch *b);

/* batch_progress.c */
void batch_draw_progress(batch *b, bool final);

/* batch_html.c */
void batch_write_page(batch *b, job *j);
bool batch_write_index(batch *b);
bool batch_open_report(batch *b, char *const *paths, size_t npaths);

#endif
