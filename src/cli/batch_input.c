/*
 * batch_input.c: one input of a batch, read and checked: a regular file
 * checked in one pass and classified in bounded windows (batch_stream.c),
 * stdin ("-") read whole (up to --max-size), or a stdin document; refused
 * with a clear message when it holds a NUL byte (naming what a binary
 * file's first bytes say it is) or invalid UTF-8 (unless --lossy), then
 * classified (batch_article.c).  Error records are made here too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch_internal.h"
#include "htmltext.h"
#include "common.h"
#include "io.h"

void batch_make_lossy(char *s, size_t n)
{
    size_t i = 0, bad;
    while (i < n && !stance_utf8_valid(s + i, n - i, &bad)) {
        s[i + bad] = '?';
        i += bad + 1;
    }
}

void batch_fail(strbuf *b, const batch_options *o, const char *name, const char *msg)
{
    out_error_record(b, o->format, o->model, o->summary, name, o->stdin_jsonl, msg);
    /* sentence-level tsv/csv have no error rows; text and jsonl do; the
     * message always goes to stderr too */
    cli_warn("%s: %s", name, msg); /* on a line of its own, past the progress line */
}

/* What a binary file's first bytes say it is, and the tool that makes
 * text of it; "" when they say nothing known. */
const char *batch_binary_hint(const char *t, size_t n)
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

/* A text in memory classified window by window. */
static bool classify_text(const batch_options *o, batch *b, stance_predictor *pred, job *j,
                          const char *t, size_t n)
{
    window_src src;
    stream_mem(&src, t, n);
    return batch_classify(o, b, pred, j, &src);
}

/* An HTML page: its text classified, records' start and end mapped back
 * to the page's bytes (htmltext.c). */
static bool classify_page(const batch_options *o, batch *b, stance_predictor *pred, job *j,
                          const char *page, size_t n)
{
    html_text h;
    if (!html_text_make(page, n, &h)) {
        batch_fail(&j->out, o, j->path, "out of memory reducing HTML to text");
        return false;
    }
    j->html = &h;
    bool ok = classify_text(o, b, pred, j, h.text, h.len);
    j->html = NULL;
    html_text_free(&h);
    return ok;
}

/* Open path for reading, a regular file (a FIFO named meanwhile does not
 * block the open); -1 with msg set otherwise. */
int batch_open_regular(const char *path, char *msg, size_t msglen)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat sb;
    if (fd < 0) {
        snprintf(msg, msglen, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(msg, msglen, "%s", S_ISDIR(sb.st_mode) ? "is a directory"
                                                        : "not a regular file; not read");
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

/* A regular file, checked whole in one pass of fixed blocks and then
 * classified window by window: memory stays bounded whatever its size. */
static void process_file(batch *b, stance_predictor *pred, job *j)
{
    const batch_options *o = b->o;
    char msg[2048];
    uint64_t size = 0;
    int fd = batch_open_regular(j->path, msg, sizeof msg);
    if (fd < 0 || stream_check(fd, o, &size, msg, sizeof msg) != STANCE_OK) {
        batch_fail(&j->out, o, j->path, msg);
        j->failed = true;
    } else {
        window_src src;
        j->bytes = (size_t)size;
        if (stream_file(&src, fd, o->lossy) != STANCE_OK) {
            batch_fail(&j->out, o, j->path, "out of memory");
            j->failed = true;
        } else {
            j->failed = !batch_classify(o, b, pred, j, &src);
        }
        stream_free(&src);
    }
    if (fd >= 0)
        close(fd);
}

bool batch_streams(const batch_options *o, const job *j)
{
    /* an HTML page looks back over the article's text for paragraphs; an
     * HTML input is reduced to text whole */
    return !j->is_doc && strcmp(j->path, "-") != 0 && o->format != FMT_HTML &&
           !html_is_page(j->path);
}

/* Read, check and classify one input into j->out. */
void batch_process(batch *b, stance_predictor *pred, job *j)
{
    const batch_options *o = b->o;
    if (batch_streams(o, j)) {
        process_file(b, pred, j);
        return;
    }
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
        batch_fail(&j->out, o, j->path, stance_error_format(&err, msg, sizeof msg));
        j->failed = true;
        return;
    }
    j->bytes = n;
    const char *nul = memchr(text, '\0', n);
    size_t bad;
    if (nul != NULL && j->is_doc) {
        snprintf(msg, sizeof msg, "stdin line %zu: NUL byte at byte %zu of the text", j->lineno,
                 (size_t)(nul - text));
        batch_fail(&j->out, o, j->path, msg);
        j->failed = true;
    } else if (nul != NULL) {
        snprintf(msg, sizeof msg, "binary file: NUL byte at byte %zu%s", (size_t)(nul - text),
                 batch_binary_hint(text, n));
        batch_fail(&j->out, o, j->path, msg);
        j->failed = true;
    } else if (!stance_utf8_valid(text, n, &bad)) {
        if (o->lossy) {
            batch_make_lossy(text + bad, n - bad); /* what is before bad is valid */
            j->failed = !j->is_doc && html_is_page(j->path)
                            ? !classify_page(o, b, pred, j, text, n)
                            : !classify_text(o, b, pred, j, text, n);
        } else {
            snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu (use --lossy to replace it)",
                     bad);
            batch_fail(&j->out, o, j->path, msg);
            j->failed = true;
        }
    } else if (!j->is_doc && html_is_page(j->path)) {
        j->failed = !classify_page(o, b, pred, j, text, n);
    } else {
        j->failed = !classify_text(o, b, pred, j, text, n);
    }
    free(text);
}
