/* output.h: record writers for stance-classify (text, tsv, csv, jsonl). */
#ifndef STANCE_CLI_OUTPUT_H
#define STANCE_CLI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "stance.h"

typedef enum out_format { FMT_TEXT, FMT_TSV, FMT_CSV, FMT_JSONL, FMT_HTML } out_format;

/* A growable byte buffer; records are built here so that workers can
 * format in parallel and the writer can emit them in input order. */
typedef struct strbuf {
    char *p;
    size_t n, cap;
    bool oom;
} strbuf;

/* Make room for n more bytes (and a NUL); false, with oom set, if out of
 * memory. */
bool sb_grow(strbuf *b, size_t n);

/* Append s[0..n); the buffer stays NUL-terminated. */
static inline void sb_put(strbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap && !sb_grow(b, n))
        return;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void sb_puts(strbuf *b, const char *s);
void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_free(strbuf *b);

/* Parse a format name; false if unknown. */
bool out_parse_format(const char *name, out_format *f);

/* One labelled sentence. */
typedef struct out_sentence {
    const char *file;   /* the input's name, or with is_id the raw JSON id */
    bool is_id;
    size_t index, start, end;
    const char *text;
    size_t len;
    const stance_prediction *pred;
    const char *source;  /* who holds the stance, or NULL */
    const char *target;  /* the treaty it is about, or NULL */
} out_sentence;

/* What an article record (--summary, and the HTML page's tables) reports. */
typedef struct out_article {
    const char *file;
    bool is_id;
    size_t sentences;
    const size_t *counts;          /* per label */
    size_t nsources;
    const char *const *sources;    /* distinct sources, in order of appearance */
    const size_t *source_counts;   /* nsources * labels, row per source */
    size_t ntreaties;
    const char *const *treaties;   /* distinct targets, in order of appearance */
    const double *confidence;      /* per label, the confidences summed; NULL: none */
} out_article;

/* Column header line for tsv/csv (nothing for text/jsonl). */
void out_header(strbuf *b, out_format f, const stance_model *m, bool summary);
void out_sentence_record(strbuf *b, out_format f, const stance_model *m, const out_sentence *s);
/* Per-article record: counts[i] sentences got label i. */
void out_summary_record(strbuf *b, out_format f, const stance_model *m, const out_article *a);

/* HTML: the page's head before the first sentence, and its tables, chart
 * and end after the last (out_sentence_record writes each sentence). */
void out_html_begin(strbuf *b, const stance_model *m, const char *file);
void out_html_end(strbuf *b, const stance_model *m, const out_article *a);
/* The index page of a directory run: one row per article page. */
void out_html_index_begin(strbuf *b, const stance_model *m);
void out_html_index_row(strbuf *b, const stance_model *m, const char *page, const char *file,
                        size_t sentences, size_t label);
void out_html_index_end(strbuf *b);
/* Records of --stdin-jsonl documents carry "id" (the document's raw JSON
 * id) where file records carry "file".
 * A file that failed: jsonl {"file","error"}; tsv/csv summary rows carry
 * the message in their error column; text "FILE: error: message". */
void out_error_record(strbuf *b, out_format f, const stance_model *m, bool summary,
                      const char *file, bool is_id, const char *message);

/* The input's name exactly as a record of format f starts with it: JSON
 * (a quoted string, or with is_id the raw id), or a TSV or CSV field; for
 * text, escaped as in TSV.  --resume compares these bytes. */
void out_name(strbuf *b, out_format f, const char *name, bool is_id);

/* The summary label: the most frequent label other than "neutral", a tie
 * going to the tied label whose sentences' confidences sum highest (then to
 * the first), so that no label wins ties by its name; "neutral" (or the
 * first label) when there is none.  confidence may be NULL. */
size_t out_article_label(const stance_model *m, const size_t *counts, const double *confidence);

/* JSON string body of s[0..n) (valid UTF-8), without quotes. */
void out_json_escape(strbuf *b, const char *s, size_t n);

#endif
