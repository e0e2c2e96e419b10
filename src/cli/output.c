/*
 * output.c: the record formats of stance-classify.  JSON Lines follows
 * design.md key for key; TSV escapes tab, newline, carriage return and
 * backslash; CSV quotes per RFC 4180; text is for people (file names
 * escaped as in TSV, so a record is one line).  File names that are not
 * UTF-8 are written in JSON with \ufffd for each bad byte.  Numbers are
 * printed with enough digits that probabilities sum to 1 within 1e-8.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "output.h"

/* "00" to "99", for writing decimal digits two at a time. */
static const char pairs[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                               "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                               "8081828384858687888990919293949596979899";

/* The raw writers below write at d, which the caller has made room at
 * (sb_grow), and return the end of what they wrote. */

/* Decimal digits of v: 20 bytes written, at most 20 of them digits (the
 * rest is scratch for what follows to overwrite). */
static char *raw_uint(char *d, size_t v)
{
    char t[40] = {0}; /* all defined, the scratch copied too */
    char *e = t + 20, *start = e;
    while (v >= 100) {
        start -= 2;
        memcpy(start, pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        start -= 2;
        memcpy(start, pairs + 2 * v, 2);
    } else {
        *--start = (char)('0' + v);
    }
    memcpy(d, start, 20); /* a fixed size: no call */
    return d + (e - start);
}

/* End a raw write at e. */
static void sb_end(strbuf *b, char *e)
{
    b->n = (size_t)(e - b->p);
    b->p[b->n] = '\0';
}

static void put_uint(strbuf *b, size_t v)
{
    if (sb_grow(b, 20))
        sb_end(b, raw_uint(b->p + b->n, v));
}

bool out_parse_format(const char *name, out_format *f)
{
    static const char *const names[] = {"text", "tsv", "csv", "jsonl", "html"};
    for (int i = 0; i < 5; i++)
        if (strcmp(name, names[i]) == 0) {
            *f = (out_format)i;
            return true;
        }
    return false;
}

void out_json_escape(strbuf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
            continue;
        sb_put(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': sb_puts(b, "\\\""); break;
        case '\\': sb_puts(b, "\\\\"); break;
        case '\n': sb_puts(b, "\\n"); break;
        case '\r': sb_puts(b, "\\r"); break;
        case '\t': sb_puts(b, "\\t"); break;
        default: sb_printf(b, "\\u%04x", c); break;
        }
    }
    sb_put(b, s + run, n - run);
}

static void json_string(strbuf *b, const char *s, size_t n)
{
    sb_put(b, "\"", 1);
    out_json_escape(b, s, n);
    sb_put(b, "\"", 1);
}

/* A probability in [0, 1] with 9 decimals, trailing zeros dropped
 * ("0.25", "1", "0.000012345"): exact enough that probabilities sum to 1
 * within 1e-8, and far cheaper than printf's %g on the per-sentence path. */
static char *raw_prob(char *d, double p)
{
    if (!(p >= 0))
        p = 0;
    if (p > 1)
        p = 1;
    unsigned long v = (unsigned long)(p * 1e9 + 0.5);
    if (v >= 1000000000ul) {
        *d = '1';
        return d + 1;
    }
    if (v == 0) {
        *d = '0';
        return d + 1;
    }
    /* nine digits after "0." (v < 10^9): the first five and the last four
     * as two independent halves, two digits at a time; then the trailing
     * zeros dropped, found in the last eight digits at once */
    unsigned hi = (unsigned)(v / 10000), lo = (unsigned)(v % 10000);
    memcpy(d, "0.", 2);
    d[2] = (char)('0' + hi / 10000);
    memcpy(d + 3, pairs + 2 * (hi / 100 % 100), 2);
    memcpy(d + 5, pairs + 2 * (hi % 100), 2);
    memcpy(d + 7, pairs + 2 * (lo / 100), 2);
    memcpy(d + 9, pairs + 2 * (lo % 100), 2);
    uint64_t last;
    memcpy(&last, d + 3, 8);
    last ^= 0x3030303030303030ULL; /* a zero byte for each '0' */
    if (last == 0)
        return d + 3;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return d + 11 - __builtin_clzll(last) / 8; /* the last digit is the top byte */
#else
    int n = 11;
    while (d[n - 1] == '0')
        n--;
    return d + n;
#endif
}

static void put_prob(strbuf *b, double p)
{
    if (sb_grow(b, 11))
        sb_end(b, raw_prob(b->p + b->n, p));
}

static void json_nullable(strbuf *b, const char *s)
{
    if (s == NULL)
        sb_puts(b, "null");
    else
        json_string(b, s, strlen(s));
}

/* A file name as a JSON string.  Names are bytes, not always UTF-8: each
 * byte of an invalid sequence is written as \ufffd, so that the record
 * stays valid JSON (README, "What stance promises"). */
static void json_name(strbuf *b, const char *s)
{
    size_t n = strlen(s), i = 0, bad;
    sb_put(b, "\"", 1);
    while (i < n && !stance_utf8_valid(s + i, n - i, &bad)) {
        out_json_escape(b, s + i, bad);
        sb_puts(b, "\\ufffd");
        i += bad + 1;
    }
    out_json_escape(b, s + i, n - i);
    sb_put(b, "\"", 1);
}

/* The opening of a JSON record: {"file": "NAME" or {"id": RAW */
static void json_open(strbuf *b, const char *file, bool is_id)
{
    if (is_id) {
        sb_puts(b, "{\"id\": ");
        sb_puts(b, file);
    } else {
        sb_puts(b, "{\"file\": ");
        json_name(b, file);
    }
}

/* TSV field s[0..n) at d, with backslash escapes for tab, newline, CR and
 * backslash: at most 2n bytes. */
static char *raw_tsv(char *d, const char *s, size_t n)
{
    static const char special[256] = {['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r', ['\\'] = '\\'};
    size_t run = 0, i = 0;
    while (i < n) {
        char e = special[(unsigned char)s[i]];
        if (e != 0) {
            memcpy(d, s + run, i - run);
            d += i - run;
            *d++ = '\\';
            *d++ = e;
            run = i + 1;
        }
        i++;
    }
    memcpy(d, s + run, n - run);
    return d + (n - run);
}

static void tsv_field(strbuf *b, const char *s, size_t n)
{
    if (sb_grow(b, 2 * n))
        sb_end(b, raw_tsv(b->p + b->n, s, n));
}

/* CSV field s[0..n) at d, quoted (its quotes doubled) when it holds a
 * comma, quote, CR or LF: at most 2n + 2 bytes. */
static char *raw_csv(char *d, const char *s, size_t n)
{
    bool special = false;
    for (size_t i = 0; i < n && !special; i++)
        special = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!special) {
        memcpy(d, s, n);
        return d + n;
    }
    *d++ = '"';
    for (size_t i = 0; i < n; i++) {
        *d++ = s[i];
        if (s[i] == '"')
            *d++ = '"';
    }
    *d++ = '"';
    return d;
}

static void csv_field(strbuf *b, const char *s, size_t n)
{
    if (sb_grow(b, 2 * n + 2))
        sb_end(b, raw_csv(b->p + b->n, s, n));
}

static void field(strbuf *b, out_format f, const char *s, size_t n)
{
    if (f == FMT_CSV)
        csv_field(b, s, n);
    else
        tsv_field(b, s, n);
}

static char sep(out_format f)
{
    return f == FMT_CSV ? ',' : '\t';
}

void out_name(strbuf *b, out_format f, const char *name, bool is_id)
{
    if (f == FMT_JSONL && is_id)
        sb_puts(b, name);
    else if (f == FMT_JSONL)
        json_name(b, name);
    else
        field(b, f == FMT_CSV ? FMT_CSV : FMT_TSV, name, strlen(name));
}

void out_header(strbuf *b, out_format f, const stance_model *m, bool summary)
{
    if (f != FMT_TSV && f != FMT_CSV)
        return;
    char c = sep(f);
    size_t k = stance_model_label_count(m);
    if (summary) {
        sb_printf(b, "file%csentences", c);
        for (size_t i = 0; i < k; i++) {
            sb_put(b, &c, 1);
            char name[300];
            snprintf(name, sizeof name, "n_%s", stance_model_label(m, i));
            field(b, f, name, strlen(name));
        }
        sb_printf(b, "%clabel%csources%ctreaties%cerror\n", c, c, c, c);
        return;
    }
    sb_printf(b, "file%csentence%cstart%cend%clabel%cconfidence", c, c, c, c, c);
    for (size_t i = 0; i < k; i++) {
        sb_put(b, &c, 1);
        char name[300];
        snprintf(name, sizeof name, "p_%s", stance_model_label(m, i));
        field(b, f, name, strlen(name));
    }
    sb_printf(b, "%csource%ctarget%ctext\n", c, c, c);
}

/* "explain": [{"feature", "kind", "word" (chars and start only), "weight"}] */
static void explain_json(strbuf *b, const stance_prediction *p)
{
    sb_puts(b, ", \"explain\": [");
    for (size_t i = 0; i < p->explain_count; i++) {
        const stance_feature_weight *f = &p->explain[i];
        sb_puts(b, i ? ", {\"feature\": " : "{\"feature\": ");
        json_string(b, f->text, strlen(f->text));
        sb_printf(b, ", \"kind\": \"%s\"", explain_kind_name(explain_kind_of(f)));
        size_t wlen;
        const char *w = explain_word(f, &wlen);
        if (w != NULL) {
            sb_puts(b, ", \"word\": ");
            json_string(b, w, wlen);
        }
        sb_printf(b, ", \"weight\": %.6g}", f->weight);
    }
    sb_puts(b, "]");
}

void out_sentence_record(strbuf *b, out_format f, const stance_model *m, const out_sentence *s)
{
    const stance_prediction *p = s->pred;
    if (f == FMT_HTML) {
        html_sentence(b, m, s);
        return;
    }
    const char *label = stance_model_label(m, (size_t)p->label);
    size_t k = stance_model_label_count(m);
    if (f == FMT_JSONL) {
        json_open(b, s->file, s->is_id);
        sb_puts(b, ", \"sentence\": ");
        put_uint(b, s->index);
        sb_puts(b, ", \"start\": ");
        put_uint(b, s->start);
        sb_puts(b, ", \"end\": ");
        put_uint(b, s->end);
        sb_puts(b, ", \"text\": ");
        json_string(b, s->text, s->len);
        sb_puts(b, ", \"label\": ");
        json_string(b, label, strlen(label));
        sb_puts(b, ", \"confidence\": ");
        put_prob(b, p->confidence);
        sb_puts(b, ", \"probabilities\": {");
        for (size_t i = 0; i < k; i++) {
            if (i)
                sb_puts(b, ", ");
            json_string(b, stance_model_label(m, i), strlen(stance_model_label(m, i)));
            sb_puts(b, ": ");
            put_prob(b, p->probabilities[i]);
        }
        sb_puts(b, "}, \"source\": ");
        json_nullable(b, s->source);
        sb_puts(b, ", \"target\": ");
        json_nullable(b, s->target);
        if (s->rules) {
            sb_puts(b, ", \"source_rule\": ");
            json_nullable(b, s->source_rule);
            sb_puts(b, ", \"target_rule\": ");
            json_nullable(b, s->target_rule);
        }
        if (p->explain_count)
            explain_json(b, p);
        sb_puts(b, "}\n");
    } else if (f == FMT_TEXT) {
        tsv_field(b, s->file, strlen(s->file)); /* one record per line, whatever the name */
        sb_printf(b, ":%zu\t%-9s %.2f\t", s->index, label, p->confidence);
        /* keep one record per line: newlines inside a sentence become spaces */
        size_t run = 0;
        for (size_t i = 0; i < s->len; i++) {
            if (s->text[i] != '\n' && s->text[i] != '\r' && s->text[i] != '\t')
                continue;
            sb_put(b, s->text + run, i - run);
            sb_put(b, " ", 1);
            run = i + 1;
        }
        sb_put(b, s->text + run, s->len - run);
        if (s->source || s->target)
            sb_printf(b, "\n\tsource: %s; target: %s", s->source ? s->source : "-",
                      s->target ? s->target : "-");
        if (s->rules && (s->source_rule || s->target_rule))
            sb_printf(b, "\n\tby rule: source %s; target %s",
                      s->source_rule ? s->source_rule : "-",
                      s->target_rule ? s->target_rule : "-");
        if (p->explain_count) {
            sb_puts(b, "\n\tbecause:");
            for (size_t i = 0; i < p->explain_count; i++) {
                sb_puts(b, i ? "; " : " ");
                explain_readable(b, &p->explain[i]);
                sb_printf(b, " %+.3f", p->explain[i].weight);
            }
        }
        sb_puts(b, "\n");
    } else { /* tsv or csv */
        /* room for the whole record at once, then written without checks */
        char *(*esc)(char *, const char *, size_t) = f == FMT_CSV ? raw_csv : raw_tsv;
        char c = sep(f);
        size_t nf = strlen(s->file), nl = strlen(label), ns = s->source ? strlen(s->source) : 0,
               nt = s->target ? strlen(s->target) : 0;
        if (!sb_grow(b, 2 * (nf + nl + ns + nt + s->len) + 5 * 2 + 3 * 21 + (k + 1) * 12 + 8))
            return;
        char *d = esc(b->p + b->n, s->file, nf);
        *d++ = c;
        d = raw_uint(d, s->index);
        *d++ = c;
        d = raw_uint(d, s->start);
        *d++ = c;
        d = raw_uint(d, s->end);
        *d++ = c;
        d = esc(d, label, nl);
        *d++ = c;
        d = raw_prob(d, p->confidence);
        for (size_t i = 0; i < k; i++) {
            *d++ = c;
            d = raw_prob(d, p->probabilities[i]);
        }
        *d++ = c;
        d = esc(d, s->source ? s->source : "", ns);
        *d++ = c;
        d = esc(d, s->target ? s->target : "", nt);
        *d++ = c;
        d = esc(d, s->text, s->len);
        *d++ = '\n';
        sb_end(b, d);
    }
}

/* "SOURCE: label n, label n; SOURCE: ..." for tsv/csv/text. */
static void sources_text(strbuf *b, const stance_model *m, const out_article *a)
{
    size_t k = stance_model_label_count(m);
    for (size_t i = 0; i < a->nsources; i++) {
        sb_printf(b, "%s%s:", i ? "; " : "", a->sources[i]);
        for (size_t j = 0, first = 1; j < k; j++)
            if (a->source_counts[i * k + j]) {
                sb_printf(b, "%s %s %zu", first ? "" : ",", stance_model_label(m, j),
                          a->source_counts[i * k + j]);
                first = 0;
            }
    }
}

static void treaties_text(strbuf *b, const out_article *a)
{
    for (size_t i = 0; i < a->ntreaties; i++)
        sb_printf(b, "%s%s", i ? "; " : "", a->treaties[i]);
}

void out_summary_record(strbuf *b, out_format f, const stance_model *m, const out_article *a)
{
    size_t k = stance_model_label_count(m);
    const char *label = stance_model_label(m, out_article_label(m, a->counts, a->confidence));
    if (f == FMT_HTML) {
        out_html_end(b, m, a);
    } else if (f == FMT_JSONL) {
        json_open(b, a->file, a->is_id);
        sb_puts(b, ", \"sentences\": ");
        put_uint(b, a->sentences);
        sb_puts(b, ", \"counts\": {");
        for (size_t i = 0; i < k; i++) {
            if (i)
                sb_puts(b, ", ");
            json_string(b, stance_model_label(m, i), strlen(stance_model_label(m, i)));
            sb_puts(b, ": ");
            put_uint(b, a->counts[i]);
        }
        sb_puts(b, "}, \"label\": ");
        json_string(b, label, strlen(label));
        sb_puts(b, ", \"sources\": {");
        for (size_t i = 0; i < a->nsources; i++) {
            sb_puts(b, i ? ", " : "");
            json_string(b, a->sources[i], strlen(a->sources[i]));
            sb_puts(b, ": {");
            for (size_t j = 0; j < k; j++) {
                sb_puts(b, j ? ", " : "");
                json_string(b, stance_model_label(m, j), strlen(stance_model_label(m, j)));
                sb_puts(b, ": ");
                put_uint(b, a->source_counts[i * k + j]);
            }
            sb_puts(b, "}");
        }
        sb_puts(b, "}, \"treaties\": [");
        for (size_t i = 0; i < a->ntreaties; i++) {
            sb_puts(b, i ? ", " : "");
            json_string(b, a->treaties[i], strlen(a->treaties[i]));
        }
        sb_puts(b, "]}\n");
    } else if (f == FMT_TEXT) {
        tsv_field(b, a->file, strlen(a->file));
        sb_printf(b, "\t%-9s %zu sentences:", label, a->sentences);
        for (size_t i = 0; i < k; i++)
            sb_printf(b, " %s %zu", stance_model_label(m, i), a->counts[i]);
        if (a->nsources) {
            sb_puts(b, "\n\tsources: ");
            sources_text(b, m, a);
        }
        if (a->ntreaties) {
            sb_puts(b, "\n\ttreaties: ");
            treaties_text(b, a);
        }
        sb_puts(b, "\n");
    } else {
        char c = sep(f);
        field(b, f, a->file, strlen(a->file));
        sb_put(b, &c, 1);
        put_uint(b, a->sentences);
        for (size_t i = 0; i < k; i++) {
            sb_put(b, &c, 1);
            put_uint(b, a->counts[i]);
        }
        sb_put(b, &c, 1);
        field(b, f, label, strlen(label));
        sb_put(b, &c, 1);
        strbuf t = {0};
        sources_text(&t, m, a);
        if (t.n)
            field(b, f, t.p, t.n);
        sb_put(b, &c, 1);
        sb_free(&t);
        treaties_text(&t, a);
        if (t.n)
            field(b, f, t.p, t.n);
        sb_free(&t);
        sb_printf(b, "%c\n", c);
    }
}

void out_error_record(strbuf *b, out_format f, const stance_model *m, bool summary,
                      const char *file, bool is_id, const char *message)
{
    if (f == FMT_JSONL) {
        json_open(b, file, is_id);
        sb_puts(b, ", \"error\": ");
        json_string(b, message, strlen(message));
        sb_puts(b, "}\n");
    } else if (f == FMT_TEXT) {
        tsv_field(b, file, strlen(file));
        sb_printf(b, "\terror: %s\n", message);
    } else if (f == FMT_HTML) {
        html_error(b, file, message);
    } else if (summary) {
        char c = sep(f);
        field(b, f, file, strlen(file));
        sb_put(b, &c, 1);
        for (size_t i = 0; i < stance_model_label_count(m) + 4; i++)
            sb_put(b, &c, 1);
        field(b, f, message, strlen(message));
        sb_puts(b, "\n");
    }
    /* sentence-level tsv/csv have no error column: the message goes to
     * stderr only, which the caller always does */
}
