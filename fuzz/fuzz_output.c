/*
 * fuzz_output.c: the record writers of stance-classify (src/cli/output.c)
 * with fuzzer-chosen file names, sentence texts, labels, messages and
 * explanation features, all made valid UTF-8 first (each invalid byte
 * becomes '?'), as the program guarantees.  In "id" mode the file field is
 * instead a --stdin-jsonl line read with jsonin_parse, exactly as batch.c
 * does, and the records carry its raw id.
 *
 * Checks: every JSON Lines record is one line of strict RFC 8259 JSON (a
 * validator below, independent of jsonin.c) whose "file"/"id", "text",
 * "label", "source", "target" and "error" members give back what was
 * written; every CSV record parses per RFC 4180 into the expected number
 * of fields, with file, label, source, target, text and message intact;
 * every TSV record has the expected number of tab-separated fields and
 * unescapes to the same text.  The HTML report must escape every string
 * it is given: the same records written with the strings' & < > " '
 * replaced must hold exactly as many < > " ' characters.
 *
 * Input: a flags byte, then fields separated by 0xFF bytes (never part of
 * UTF-8): file (or JSONL line), text, message, source, target, labels...,
 * features...  An empty source or target is "none" (NULL).
 *
 * With STANCE_FUZZ_SKIP_KNOWN=1 an id that is not strict JSON (jsonin.c
 * accepts numbers such as "1-" or "+") is replaced by null, and the text
 * is NUL-terminated (csv_field reads past the length it is given): known
 * findings, see fuzz/README.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "jsonin.h"
#include "model.h"
#include "output.h"
#include "stance.h"

#define MAX_LABELS 5
#define MAX_FEATURES 4
#define NFIELDS (5 + MAX_LABELS + MAX_FEATURES)

/* ------------------------------------------------------------ strict JSON */

typedef struct jv {
    const char *s;
    size_t n, i;
} jv;

static void j_ws(jv *j)
{
    while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' ||
                           j->s[j->i] == '\r'))
        j->i++;
}

static int j_hex4(jv *j)
{
    if (j->i + 4 > j->n)
        return -1;
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = j->s[j->i++];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* The oracle decodes JSON on its own, independently of src/cli/jsonin.c,
 * so that a bug there cannot hide the same bug in the writers. */
static size_t put_utf8(char *d, long cp)
{
    if (cp < 0x80) { d[0] = (char)cp; return 1; }
    if (cp < 0x800) { d[0] = (char)(0xC0 | cp >> 6); d[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | cp >> 12); d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    d[0] = (char)(0xF0 | cp >> 18); d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A string at j->i (the opening quote); with out, its decoded bytes in a
 * malloc'd buffer.  The record was checked to be valid UTF-8 already. */
static bool j_string(jv *j, char **out, size_t *len)
{
    if (j->i >= j->n || j->s[j->i] != '"')
        return false;
    j->i++;
    char *d = out ? malloc(j->n + 1) : NULL;
    FUZZ_CHECK(out == NULL || d != NULL);
    size_t k = 0;
    while (j->i < j->n && j->s[j->i] != '"') {
        unsigned char c = (unsigned char)j->s[j->i++];
        if (c < 0x20)
            goto bad;
        if (c != '\\') {
            if (d)
                d[k++] = (char)c;
            continue;
        }
        if (j->i >= j->n)
            goto bad;
        char e = j->s[j->i++];
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *p = e ? strchr(from, e) : NULL;
        if (p != NULL) {
            if (d)
                d[k++] = to[p - from];
            continue;
        }
        if (e != 'u')
            goto bad;
        long cp = j_hex4(j);
        if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
            goto bad;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (j->i + 2 > j->n || j->s[j->i] != '\\' || j->s[j->i + 1] != 'u')
                goto bad;
            j->i += 2;
            long lo = j_hex4(j);
            if (lo < 0xDC00 || lo > 0xDFFF)
                goto bad;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        if (d)
            k += put_utf8(d + k, cp);
    }
    if (j->i >= j->n)
        goto bad;
    j->i++;
    if (out) {
        *out = d;
        *len = k;
    }
    return true;
bad:
    free(d);
    return false;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool j_number(jv *j)
{
    const char *s = j->s;
    if (j->i < j->n && s[j->i] == '-')
        j->i++;
    if (j->i >= j->n || !is_digit(s[j->i]))
        return false;
    if (s[j->i] == '0')
        j->i++;
    else
        while (j->i < j->n && is_digit(s[j->i]))
            j->i++;
    if (j->i < j->n && s[j->i] == '.') {
        j->i++;
        if (j->i >= j->n || !is_digit(s[j->i]))
            return false;
        while (j->i < j->n && is_digit(s[j->i]))
            j->i++;
    }
    if (j->i < j->n && (s[j->i] == 'e' || s[j->i] == 'E')) {
        j->i++;
        if (j->i < j->n && (s[j->i] == '+' || s[j->i] == '-'))
            j->i++;
        if (j->i >= j->n || !is_digit(s[j->i]))
            return false;
        while (j->i < j->n && is_digit(s[j->i]))
            j->i++;
    }
    return true;
}

static bool j_value(jv *j, int depth)
{
    j_ws(j);
    if (j->i >= j->n || depth > 32)
        return false;
    char c = j->s[j->i];
    if (c == '"')
        return j_string(j, NULL, NULL);
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        j->i++;
        j_ws(j);
        if (j->i < j->n && j->s[j->i] == close) {
            j->i++;
            return true;
        }
        for (;;) {
            if (c == '{') {
                j_ws(j);
                if (!j_string(j, NULL, NULL))
                    return false;
                j_ws(j);
                if (j->i >= j->n || j->s[j->i++] != ':')
                    return false;
            }
            if (!j_value(j, depth + 1))
                return false;
            j_ws(j);
            if (j->i < j->n && j->s[j->i] == ',') {
                j->i++;
                continue;
            }
            if (j->i < j->n && j->s[j->i] == close) {
                j->i++;
                return true;
            }
            return false;
        }
    }
    static const char *const words[] = {"true", "false", "null"};
    for (int w = 0; w < 3; w++) {
        size_t l = strlen(words[w]);
        if (j->i + l <= j->n && memcmp(j->s + j->i, words[w], l) == 0) {
            j->i += l;
            return true;
        }
    }
    return j_number(j);
}

/* Is s[0..n) exactly one JSON value (with optional white space)? */
static bool j_is_value(const char *s, size_t n)
{
    jv j = {s, n, 0};
    if (!j_value(&j, 0))
        return false;
    j_ws(&j);
    return j.i == n;
}

/* A member of the record object: its key, and the value's decoded string
 * (for strings) and raw text. */
typedef struct member {
    char *key;
    size_t key_len;
    char *str;
    size_t str_len;
    size_t raw_start, raw_end;
} member;

/* Validate one record (without its newline) as a JSON object and list its
 * members (at most cap). */
static size_t j_record(const char *s, size_t n, member *m, size_t cap)
{
    FUZZ_CHECK(stance_utf8_valid(s, n, NULL));
    jv j = {s, n, 0};
    size_t count = 0;
    j_ws(&j);
    FUZZ_CHECK(j.i < n && s[j.i] == '{');
    j.i++;
    j_ws(&j);
    while (j.i < n && s[j.i] != '}') {
        if (count > 0) {
            FUZZ_CHECK(s[j.i] == ',');
            j.i++;
            j_ws(&j);
        }
        FUZZ_CHECK(count < cap);
        member *x = &m[count++];
        memset(x, 0, sizeof *x);
        FUZZ_CHECK(j_string(&j, &x->key, &x->key_len));
        j_ws(&j);
        FUZZ_CHECK(j.i < n && s[j.i] == ':');
        j.i++;
        j_ws(&j);
        x->raw_start = j.i;
        if (j.i < n && s[j.i] == '"') {
            FUZZ_CHECK(j_string(&j, &x->str, &x->str_len));
        } else {
            FUZZ_CHECK(j_value(&j, 0));
        }
        x->raw_end = j.i;
        j_ws(&j);
    }
    FUZZ_CHECK(j.i < n);
    j.i++;
    j_ws(&j);
    FUZZ_CHECK(j.i == n);
    return count;
}

static const member *find(const member *m, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (m[i].key_len == strlen(key) && memcmp(m[i].key, key, m[i].key_len) == 0)
            return &m[i];
    return NULL;
}

static void free_members(member *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(m[i].key);
        free(m[i].str);
    }
}

static void expect_str(const member *m, size_t n, const char *key, const char *want,
                       size_t want_len)
{
    const member *x = find(m, n, key);
    FUZZ_CHECK(x != NULL && x->str != NULL);
    FUZZ_CHECK(x->str_len == want_len && memcmp(x->str, want, want_len) == 0);
}

/* ----------------------------------------------------------- the records */

typedef struct inputs {
    bool is_id;
    const char *file;       /* file name, or the raw JSON id */
    const char *text;
    size_t text_len;
    const char *message;
    const char *source, *target;   /* or NULL */
    size_t k;
    char *labels[MAX_LABELS];
    stance_feature_weight features[MAX_FEATURES];
    size_t nfeatures;
    double prob[MAX_LABELS];
    size_t counts[MAX_LABELS];
    int label;
    stance_model *model;    /* holding labels[] */
    stance_prediction pred;
    out_sentence rec;
    out_article art;
} inputs;

/* Point in's prediction, sentence and article records at its fields. */
static void link_records(inputs *in, size_t index, size_t start, size_t end)
{
    stance_prediction pred = {in->label, in->prob[in->label], in->prob,
                              in->nfeatures ? in->features : NULL, in->nfeatures};
    in->pred = pred;
    out_sentence rec = {in->file, in->is_id, index, start, end, in->text, in->text_len,
                        &in->pred, in->source, in->target, 0, false, NULL, NULL};
    in->rec = rec;
    out_article art = {in->file, in->is_id, 7, in->counts,
                       in->source ? 1 : 0, &in->source, in->counts,
                       in->target ? 1 : 0, &in->target, NULL};
    in->art = art;
}

static void check_jsonl_origin(const member *m, size_t n, const char *rec, const inputs *in)
{
    if (in->is_id) {
        const member *x = find(m, n, "id");
        FUZZ_CHECK(x != NULL);
        FUZZ_CHECK(x->raw_end - x->raw_start == strlen(in->file) &&
                   memcmp(rec + x->raw_start, in->file, strlen(in->file)) == 0);
    } else {
        expect_str(m, n, "file", in->file, strlen(in->file));
    }
}

/* A string member, or null for NULL. */
static void expect_nullable(const member *m, size_t n, const char *rec, const char *key,
                            const char *want)
{
    if (want != NULL) {
        expect_str(m, n, key, want, strlen(want));
        return;
    }
    const member *x = find(m, n, key);
    FUZZ_CHECK(x != NULL && x->raw_end - x->raw_start == 4 &&
               memcmp(rec + x->raw_start, "null", 4) == 0);
}

/* The single JSONL record in b: one line, strict JSON. */
static size_t jsonl_record(const strbuf *b, member *m, size_t cap)
{
    FUZZ_CHECK(!b->oom && b->n > 0 && b->p[b->n - 1] == '\n');
    FUZZ_CHECK(memchr(b->p, '\n', b->n - 1) == NULL);
    return j_record(b->p, b->n - 1, m, cap);
}

/* RFC 4180 fields of the records in s[0..n) (LF line ends, as written);
 * returns the number of records, each field's decoded bytes in f[]. */
typedef struct csv_field {
    char *p;
    size_t n;
} csv_field;

static size_t csv_parse(const char *s, size_t n, char sepc, csv_field *f, size_t cap,
                        size_t *nfields)
{
    size_t i = 0, records = 0;
    *nfields = 0;
    while (i < n) {
        records++;
        for (;;) {
            FUZZ_CHECK(*nfields < cap);
            csv_field *x = &f[(*nfields)++];
            x->p = malloc(n + 1);
            FUZZ_CHECK(x->p != NULL);
            x->n = 0;
            if (i < n && s[i] == '"') {
                i++;
                for (;;) {
                    FUZZ_CHECK(i < n); /* unterminated quote */
                    if (s[i] == '"') {
                        if (i + 1 < n && s[i + 1] == '"') {
                            x->p[x->n++] = '"';
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    x->p[x->n++] = s[i++];
                }
                /* after a closing quote: a separator or the line end */
                FUZZ_CHECK(i < n && (s[i] == sepc || s[i] == '\n'));
            } else {
                while (i < n && s[i] != sepc && s[i] != '\n') {
                    /* RFC 4180: no quotes or CR in an unquoted field */
                    FUZZ_CHECK(s[i] != '"' && s[i] != '\r');
                    x->p[x->n++] = s[i++];
                }
                FUZZ_CHECK(i < n); /* every record ends with a newline */
            }
            if (s[i++] == '\n')
                break;
        }
    }
    return records;
}

static void csv_free(csv_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(f[i].p);
}

static void expect_field(const csv_field *f, const char *want, size_t n)
{
    FUZZ_CHECK(f->n == n && memcmp(f->p, want, n) == 0);
}

static void expect_cfield(const csv_field *f, const char *want)
{
    expect_field(f, want ? want : "", want ? strlen(want) : 0);
}

/* The one CSV record of b, with want fields. */
static size_t csv_record(const strbuf *b, csv_field *f, size_t want)
{
    size_t nf;
    FUZZ_CHECK(!b->oom && csv_parse(b->p, b->n, ',', f, 64, &nf) == 1);
    FUZZ_CHECK(nf == want);
    return nf;
}

/* TSV: one record, want fields; the last field unescapes to last. */
static void check_tsv(const strbuf *b, size_t want, const char *last, size_t last_len)
{
    FUZZ_CHECK(!b->oom && b->n > 0 && b->p[b->n - 1] == '\n');
    FUZZ_CHECK(memchr(b->p, '\n', b->n - 1) == NULL);
    size_t fields = 1;
    const char *lastf = b->p;
    for (size_t i = 0; i + 1 < b->n; i++)
        if (b->p[i] == '\t') {
            fields++;
            lastf = b->p + i + 1;
        }
    FUZZ_CHECK(fields == want);
    size_t n = (size_t)(b->p + b->n - 1 - lastf), k = 0;
    char *d = malloc(n + 1);
    FUZZ_CHECK(d != NULL);
    for (size_t i = 0; i < n; i++) {
        if (lastf[i] != '\\') {
            FUZZ_CHECK(lastf[i] != '\r');
            d[k++] = lastf[i];
            continue;
        }
        FUZZ_CHECK(i + 1 < n);
        char e = lastf[++i];
        FUZZ_CHECK(e == 't' || e == 'n' || e == 'r' || e == '\\');
        d[k++] = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : '\\';
    }
    FUZZ_CHECK(k == last_len && memcmp(d, last, k) == 0);
    free(d);
}

/* CSV sentence rows: file, sentence, start, end, label, confidence, one
 * probability per label, source, target, text.  Summary rows: file,
 * sentences, one count per label, label, sources, treaties, error. */
static void run_csv(const inputs *in, bool summary)
{
    const stance_model *m = in->model;
    size_t k = in->k, want = summary ? 6 + k : 9 + k, nf;
    csv_field f[64];
    strbuf b = {0};
    out_header(&b, FMT_CSV, m, summary);
    nf = csv_record(&b, f, want);
    for (size_t i = 0; i < k; i++) {
        char name[300];
        snprintf(name, sizeof name, "%s_%s", summary ? "n" : "p", in->labels[i]);
        expect_field(&f[(summary ? 2 : 6) + i], name, strlen(name));
    }
    csv_free(f, nf);
    sb_free(&b);

    if (summary) {
        out_summary_record(&b, FMT_CSV, m, &in->art);
        nf = csv_record(&b, f, want);
        expect_field(&f[0], in->file, strlen(in->file));
        const char *label = stance_model_label(m, out_article_label(m, in->counts, in->art.confidence));
        expect_field(&f[2 + k], label, strlen(label));
        if (in->source != NULL) {
            size_t n = strlen(in->source);
            FUZZ_CHECK(f[3 + k].n > n && memcmp(f[3 + k].p, in->source, n) == 0 &&
                       f[3 + k].p[n] == ':');
        } else {
            expect_field(&f[3 + k], "", 0);
        }
        expect_cfield(&f[4 + k], in->target);
        expect_field(&f[5 + k], "", 0);
    } else {
        out_sentence_record(&b, FMT_CSV, m, &in->rec);
        nf = csv_record(&b, f, want);
        expect_field(&f[0], in->file, strlen(in->file));
        expect_field(&f[4], in->labels[in->label], strlen(in->labels[in->label]));
        expect_cfield(&f[6 + k], in->source);
        expect_cfield(&f[7 + k], in->target);
        expect_field(&f[8 + k], in->text, in->text_len);
    }
    csv_free(f, nf);
    sb_free(&b);

    out_error_record(&b, FMT_CSV, m, summary, in->file, in->is_id, in->message);
    if (summary) {
        nf = csv_record(&b, f, want);
        expect_field(&f[0], in->file, strlen(in->file));
        expect_field(&f[want - 1], in->message, strlen(in->message));
        csv_free(f, nf);
    } else {
        FUZZ_CHECK(b.n == 0); /* sentence-level csv has no error rows */
    }
    sb_free(&b);
}

static void run_tsv(const inputs *in)
{
    strbuf b = {0};
    out_sentence_record(&b, FMT_TSV, in->model, &in->rec);
    check_tsv(&b, 9 + in->k, in->text, in->text_len);
    sb_free(&b);
    out_summary_record(&b, FMT_TSV, in->model, &in->art);
    check_tsv(&b, 6 + in->k, "", 0);
    sb_free(&b);
    out_error_record(&b, FMT_TSV, in->model, true, in->file, in->is_id, in->message);
    check_tsv(&b, 6 + in->k, in->message, strlen(in->message));
    sb_free(&b);
}

static void run_jsonl(const inputs *in)
{
    member mem[16];
    strbuf b = {0};
    out_sentence_record(&b, FMT_JSONL, in->model, &in->rec);
    size_t n = jsonl_record(&b, mem, 16);
    check_jsonl_origin(mem, n, b.p, in);
    expect_str(mem, n, "text", in->text, in->text_len);
    expect_str(mem, n, "label", in->labels[in->label], strlen(in->labels[in->label]));
    expect_nullable(mem, n, b.p, "source", in->source);
    expect_nullable(mem, n, b.p, "target", in->target);
    FUZZ_CHECK(find(mem, n, "probabilities") != NULL);
    FUZZ_CHECK((find(mem, n, "explain") != NULL) == (in->nfeatures > 0));
    free_members(mem, n);
    sb_free(&b);

    out_summary_record(&b, FMT_JSONL, in->model, &in->art);
    n = jsonl_record(&b, mem, 16);
    check_jsonl_origin(mem, n, b.p, in);
    FUZZ_CHECK(find(mem, n, "sources") != NULL && find(mem, n, "treaties") != NULL);
    free_members(mem, n);
    sb_free(&b);

    out_error_record(&b, FMT_JSONL, in->model, false, in->file, in->is_id, in->message);
    n = jsonl_record(&b, mem, 16);
    check_jsonl_origin(mem, n, b.p, in);
    expect_str(mem, n, "error", in->message, strlen(in->message));
    free_members(mem, n);
    sb_free(&b);
}

/* The HTML page of one article: begin, sentence, an error line, the
 * summary and the page's end.  (The archive index is written to files by
 * report_html.c; tests/cli/html.sh checks it.) */
static void html_page(const inputs *in, strbuf *b)
{
    out_html_begin(b, in->model, in->file);
    out_sentence_record(b, FMT_HTML, in->model, &in->rec);
    out_error_record(b, FMT_HTML, in->model, false, in->file, in->is_id, in->message);
    out_summary_record(b, FMT_HTML, in->model, &in->art);
    out_html_end(b, in->model, &in->art);
    FUZZ_CHECK(!b->oom);
}

static void count_markup(const strbuf *b, size_t counts[4])
{
    memset(counts, 0, 4 * sizeof *counts);
    for (size_t i = 0; i < b->n; i++) {
        const char *p = strchr("<>\"'", b->p[i]);
        if (b->p[i] != '\0' && p != NULL)
            counts[p - "<>\"'"]++;
    }
}

/* ---------------------------------------------------------------- driver */

/* A NUL-terminated copy of s[0..n): invalid UTF-8 bytes (and, with
 * cstring, NUL bytes) become '?'; with label, control characters too, as
 * model labels hold none. */
static char *clean(const uint8_t *s, size_t n, bool cstring, bool label)
{
    char *d = malloc(n + 1);
    FUZZ_CHECK(d != NULL);
    memcpy(d, s, n);
    d[n] = '\0';
    size_t i = 0, bad;
    while (i < n && !stance_utf8_valid(d + i, n - i, &bad)) {
        d[i + bad] = '?';
        i += bad + 1;
    }
    for (size_t j = 0; j < n; j++)
        if ((cstring && d[j] == '\0') ||
            (label && ((unsigned char)d[j] < 0x20 || d[j] == 0x7f)))
            d[j] = '?';
    return d;
}

/* A copy of s[0..n) with the characters HTML must escape made harmless. */
static char *defuse(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    FUZZ_CHECK(d != NULL);
    for (size_t i = 0; i < n; i++)
        d[i] = s[i] != '\0' && strchr("&<>\"'", s[i]) ? 'x' : s[i];
    d[n] = '\0';
    return d;
}

/* A model holding just the labels (all output.c asks of it). */
static stance_model *label_model(char *const *labels, size_t k)
{
    stance_model *m = model_alloc();
    FUZZ_CHECK(m != NULL);
    m->labels = calloc(k, sizeof *m->labels);
    FUZZ_CHECK(m->labels != NULL);
    for (size_t i = 0; i < k; i++) {
        m->labels[i] = strdup(labels[i]);
        FUZZ_CHECK(m->labels[i] != NULL);
    }
    m->nlabels = k;
    return m;
}

/* in's strings defused into out (which owns its copies); see the HTML
 * check in the header comment. */
static void defused_inputs(const inputs *in, inputs *out, char **own, size_t *nown)
{
    *out = *in;
    *nown = 0;
#define DEFUSE(dst, src, n) (own[(*nown)++] = (char *)((dst) = defuse((src), (n))))
    DEFUSE(out->file, in->file, strlen(in->file));
    DEFUSE(out->text, in->text, in->text_len);
    DEFUSE(out->message, in->message, strlen(in->message));
    if (in->source)
        DEFUSE(out->source, in->source, strlen(in->source));
    if (in->target)
        DEFUSE(out->target, in->target, strlen(in->target));
    for (size_t i = 0; i < in->nfeatures; i++)
        DEFUSE(out->features[i].text, in->features[i].text, strlen(in->features[i].text));
    for (size_t i = 0; i < in->k; i++)
        DEFUSE(out->labels[i], in->labels[i], strlen(in->labels[i]));
#undef DEFUSE
    out->model = label_model(out->labels, out->k);
    link_records(out, in->rec.index, in->rec.start, in->rec.end);
}

static void run_html(const inputs *in)
{
    inputs safe;
    char *own[NFIELDS + 4];
    size_t nown;
    defused_inputs(in, &safe, own, &nown);
    strbuf a = {0}, b = {0};
    html_page(in, &a);
    html_page(&safe, &b);
    size_t ca[4], cb[4];
    count_markup(&a, ca);
    count_markup(&b, cb);
    for (int i = 0; i < 4; i++)
        FUZZ_CHECK(ca[i] == cb[i]); /* an unescaped < > " or ' got through */
    sb_free(&a);
    sb_free(&b);
    stance_model_free(safe.model);
    for (size_t i = 0; i < nown; i++)
        free(own[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t flags = data[0];
    /* fields separated by 0xFF */
    const uint8_t *field[NFIELDS];
    size_t flen[NFIELDS], nfield = 0;
    const uint8_t *p = data + 1, *end = data + size;
    while (nfield < NFIELDS) {
        const uint8_t *ff = memchr(p, 0xFF, (size_t)(end - p));
        field[nfield] = p;
        flen[nfield++] = (size_t)((ff ? ff : end) - p);
        if (ff == NULL)
            break;
        p = ff + 1;
    }
    for (size_t i = nfield; i < NFIELDS; i++) {
        field[i] = (const uint8_t *)"";
        flen[i] = 0;
    }

    inputs in;
    memset(&in, 0, sizeof in);
    in.is_id = flags & 1;
    in.k = 2 + (size_t)((flags >> 1) & 3);
    in.nfeatures = (flags >> 3) & 1 ? 1 + (size_t)((flags >> 4) & 3) : 0;
    in.label = (int)((size_t)(flags >> 6) % in.k);

    char *file = clean(field[0], flen[0], true, false);
    char *text = clean(field[1], flen[1], false, false);
    char *message = clean(field[2], flen[2], true, false);
    char *source = flen[3] ? clean(field[3], flen[3], true, false) : NULL;
    char *target = flen[4] ? clean(field[4], flen[4], true, false) : NULL;
    char *id = NULL, *jtext = NULL;
    in.file = file;
    in.text = text;
    in.text_len = flen[1];
    in.message = message;
    in.source = source;
    in.target = target;
    if (in.is_id) {
        /* the file field is a --stdin-jsonl line, read as batch.c reads it */
        char why[200];
        size_t tlen, len = flen[0];
        const uint8_t *nl = memchr(field[0], '\n', len);
        if (nl != NULL)
            len = (size_t)(nl - field[0]);  /* one getline() line */
        while (len > 0 && field[0][len - 1] == '\r')
            len--;
        if (len > 0 && memchr(field[0], '\0', len) == NULL &&
            stance_utf8_valid((const char *)field[0], len, NULL)) {
            char *line = malloc(len); /* exactly sized, for ASan */
            FUZZ_CHECK(line != NULL);
            memcpy(line, field[0], len);
            if (jsonin_parse(line, len, &id, &jtext, &tlen, why, sizeof why)) {
                in.text = jtext;
                in.text_len = tlen;
            }
            free(line);
        }
        in.file = id ? id : "null";
        if (fuzz_skip_known() && !j_is_value(in.file, strlen(in.file)))
            in.file = "null";
    }

    /* labels as a model file holds them: 1 to 256 bytes, no control
     * characters, distinct */
    double sum = 0;
    for (size_t i = 0; i < in.k; i++) {
        size_t n = flen[5 + i] > 256 ? 256 : flen[5 + i];
        char *l = clean(field[5 + i], n, true, true);
        bool dup = false;
        for (size_t j = 0; j < i; j++)
            dup = dup || strcmp(in.labels[j], l) == 0;
        if (l[0] == '\0' || dup) {
            free(l);
            l = malloc(16);
            FUZZ_CHECK(l != NULL);
            snprintf(l, 16, "label#%zu", i);
        }
        in.labels[i] = l;
        in.prob[i] = 1.0 + (i < flen[1] ? field[1][i] : 0);
        sum += in.prob[i];
        in.counts[i] = i < flen[2] ? field[2][i] : i;
    }
    for (size_t i = 0; i < in.k; i++)
        in.prob[i] /= sum;
    in.model = label_model(in.labels, in.k);
    for (size_t i = 0; i < in.nfeatures; i++) {
        size_t f = 5 + MAX_LABELS + i;
        in.features[i].text = clean(field[f], flen[f], true, false);
        in.features[i].weight = (double)(flen[f] + 1) / 3.0;
    }

    /* out_sentence gives the text as pointer and length: an exactly sized
     * copy, with no NUL after it, lets ASan see reads past the end */
    char *exact = malloc(in.text_len ? in.text_len : 1);
    FUZZ_CHECK(exact != NULL);
    memcpy(exact, in.text, in.text_len);
    if (!fuzz_skip_known())
        in.text = exact;
    link_records(&in, flen[0], flen[1], size);

    run_jsonl(&in);
    run_csv(&in, false);
    run_csv(&in, true);
    run_tsv(&in);
    run_html(&in);

    for (size_t i = 0; i < in.nfeatures; i++)
        free((char *)in.features[i].text);
    for (size_t i = 0; i < in.k; i++)
        free(in.labels[i]);
    stance_model_free(in.model);
    free(exact);
    free(id);
    free(jtext);
    free(file);
    free(text);
    free(message);
    free(source);
    free(target);
    return 0;
}
