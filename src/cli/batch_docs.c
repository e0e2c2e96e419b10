/*
 * batch_docs.c: --stdin-jsonl: one {"id", "text"} document per line of
 * stdin, each queued as an input, or recorded as an error naming its line
 * (and its id, read leniently when the line is not valid UTF-8).  Lines
 * longer than --max-size allows are skipped while reading, so memory stays
 * bounded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch_internal.h"
#include "common.h"
#include "io.h"
#include "jsonin.h"

/* --stdin-jsonl: a document that failed, recorded under its id (or null)
 * unless resuming past it. */
static void doc_error(batch *b, const char *id, size_t lineno, const char *msg)
{
    if (!batch_resume_skips(b, id, true, batch_makes_records(b->o, NULL, 0), lineno))
        batch_submit_error(b, id, msg);
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
    else if (!batch_resume_skips(b, id, true, batch_makes_records(b->o, text, tlen), lineno)) {
        batch_submit_job(b, id, text, tlen, lineno); /* now the job's */
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
void batch_read_documents(batch *b)
{
    io_lines r;
    size_t lineno = 0;
    int got = IO_LINES_ERROR;
    if (io_lines_init(&r, STDIN_FILENO, doc_line_limit(b->o)) == STANCE_OK)
        while (!batch_stopping(b) && !b->resume_refused && (got = io_lines_next(&r)) > 0)
            read_document(b, &r, ++lineno);
    if (got == IO_LINES_ERROR && !batch_stopping(b)) {
        cli_warn("stdin line %zu: cannot read: %s", lineno + 1, strerror(errno));
        b->failed++;
    }
    io_lines_free(&r);
}
