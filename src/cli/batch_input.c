/*
 * batch_input.c: one input of a batch, read and checked: a file read
 * whole (up to --max-size) or a stdin document, refused with a clear
 * message when it holds a NUL byte (naming what a binary file's first
 * bytes say it is) or invalid UTF-8 (unless --lossy), then classified
 * (batch_article.c).  Error records are made here too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_internal.h"
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
void batch_process(batch *b, stance_predictor *pred, job *j)
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
                 binary_hint(text, n));
        batch_fail(&j->out, o, j->path, msg);
        j->failed = true;
    } else if (!stance_utf8_valid(text, n, &bad)) {
        if (o->lossy) {
            batch_make_lossy(text + bad, n - bad); /* what is before bad is valid */
            j->failed = !batch_classify_text(o, b, pred, j, text, n);
        } else {
            snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu (use --lossy to replace it)",
                     bad);
            batch_fail(&j->out, o, j->path, msg);
            j->failed = true;
        }
    } else {
        j->failed = !batch_classify_text(o, b, pred, j, text, n);
    }
    free(text);
}
