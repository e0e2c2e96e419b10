/*
 * batch_resume.c: --resume while inputs are taken.  Inputs are matched by
 * position with the records the partial holds (resume.c reads them), their
 * names only checked: one whose records are next is skipped, one that
 * makes no records is skipped, and any other mismatch refuses the run
 * (inputs added, removed or reordered) before anything is appended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch_internal.h"
#include "common.h"
#include "io.h"

uint64_t batch_name_hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return h;
}

/* The sentence spans of text: split, or one per line. */
static stance_status spans_of(const batch_options *o, const char *t, size_t n,
                              stance_span **spans, size_t *count, stance_error *err)
{
    return o->lines ? stance_split_lines(t, n, spans, count) : stance_split(t, n, spans, count, err);
}

/* Whether an input makes records: a failure (text NULL) makes one in JSON
 * Lines and in summaries, none in sentence TSV and CSV; a text one per
 * sentence (a summary, one). */
bool batch_makes_records(const batch_options *o, char *text, size_t n)
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

/* Whether a window holds a sentence (a window_fn): STANCE_ELIMIT, to stop
 * at once, when it does. */
static stance_status window_has_sentence(const char *t, size_t n, size_t offset, size_t index,
                                         size_t *next, void *arg)
{
    (void)offset;
    *next = index;
    char *copy = malloc(n + 1);
    if (copy == NULL)
        return STANCE_ELIMIT; /* cannot tell: taken to have records */
    memcpy(copy, t, n);
    bool makes = batch_makes_records(arg, copy, n);
    free(copy);
    return makes ? STANCE_ELIMIT : STANCE_OK;
}

/* A file's makes_records, reading it window by window. */
static bool file_makes_records(const batch_options *o, const char *path)
{
    char msg[512];
    uint64_t size;
    if (strcmp(path, "-") == 0) { /* stdin: read whole, as it is classified */
        char *text = NULL;
        size_t n = 0;
        stance_error err;
        bool read = io_read_file(path, o->max_size, &text, &n, &err) == STANCE_OK;
        bool makes = batch_makes_records(o, read ? text : NULL, n);
        free(text);
        return makes;
    }
    int fd = batch_open_regular(path, msg, sizeof msg);
    if (fd < 0 || stream_check(fd, o, &size, msg, sizeof msg) != STANCE_OK) {
        if (fd >= 0)
            close(fd);
        return batch_makes_records(o, NULL, 0);
    }
    window_src src;
    const char *why;
    bool makes = stream_file(&src, fd, o->lossy) != STANCE_OK ||
                 stream_windows(&src, o->lines, window_has_sentence, (void *)o, &why) != STANCE_OK;
    stream_free(&src);
    close(fd);
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
bool batch_resume_skips(batch *b, const char *name, bool is_id, int makes, size_t lineno)
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
