/* output.h: record writers for stance-classify: text, tsv, csv and jsonl
 * here, html through html.h (records in records.h, buffers in strbuf.h). */
#ifndef STANCE_CLI_OUTPUT_H
#define STANCE_CLI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "html.h" /* the HTML writer, for the callers that drive it */
#include "records.h"
#include "stance.h"
#include "strbuf.h"

typedef enum out_format { FMT_TEXT, FMT_TSV, FMT_CSV, FMT_JSONL, FMT_HTML } out_format;

/* Parse a format name; false if unknown. */
bool out_parse_format(const char *name, out_format *f);

/* Column header line for tsv/csv (nothing for text/jsonl). */
void out_header(strbuf *b, out_format f, const stance_model *m, bool summary);
void out_sentence_record(strbuf *b, out_format f, const stance_model *m, const out_sentence *s);
/* Per-article record: counts[i] sentences got label i. */
void out_summary_record(strbuf *b, out_format f, const stance_model *m, const out_article *a);

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

/* JSON string body of s[0..n) (valid UTF-8), without quotes. */
void out_json_escape(strbuf *b, const char *s, size_t n);

#endif
