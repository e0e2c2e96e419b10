/*
 * html.c: the article page of stance-classify -f html.  The summary comes
 * first (the article label, a bar chart of the label counts in inline SVG,
 * the treaties, a per-source table), then the text in its paragraphs,
 * every sentence marked with its label (by colour from the Okabe-Ito
 * palette, which colour-blind readers can tell apart, with black or white
 * text as contrasts more, and by name, so colour is never the only cue),
 * its confidence, source and target, and the features that decided it
 * (expandable).  No scripts, no fonts or images fetched: the page opens
 * offline.  The report (report_html.c) adds the link back to its index.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "html.h"

void html_escape(strbuf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *e = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;"
                      : s[i] == '"' ? "&quot;" : s[i] == '\'' ? "&#39;" : NULL;
        if (e == NULL)
            continue;
        sb_put(b, s + run, i - run);
        sb_puts(b, e);
        run = i + 1;
    }
    sb_put(b, s + run, n - run);
}

static void esc(strbuf *b, const char *s)
{
    html_escape(b, s, strlen(s));
}

/* Colour of a label: the four treaty labels keep fixed colours, others
 * take the rest of the palette by index. */
const char *html_label_colour(const stance_model *m, size_t i)
{
    static const char *const known[][2] = {
        {"condemns", "#D55E00"}, {"supports", "#0072B2"}, {"warns", "#E69F00"},
        {"neutral", "#BBBBBB"}};
    static const char *const rest[] = {"#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#000000"};
    const char *name = stance_model_label(m, i);
    for (size_t k = 0; k < 4; k++)
        if (strcmp(name, known[k][0]) == 0)
            return known[k][1];
    return rest[i % 5];
}

/* WCAG 2 relative luminance of "#RRGGBB". */
static double luminance(const char *hex)
{
    double l = 0, w[3] = {0.2126, 0.7152, 0.0722};
    for (int c = 0; c < 3; c++) {
        double v = (double)strtol((char[3]){hex[1 + 2 * c], hex[2 + 2 * c], 0}, NULL, 16) / 255;
        l += w[c] * (v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4));
    }
    return l;
}

/* The text colour on a label's colour: black or white, whichever contrasts
 * more.  One of them always reaches at least 4.58:1, above WCAG AA's 4.5. */
const char *html_label_text_colour(const stance_model *m, size_t i)
{
    double l = luminance(html_label_colour(m, i));
    return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000000" : "#FFFFFF";
}

/* The page style: text, tables, and per label l<i> a border colour and a
 * tag with its background and text colours. */
void html_style(strbuf *b, const stance_model *m)
{
    sb_puts(b, "<style>\n"
               "body{font:16px/1.6 Georgia,serif;max-width:60em;margin:2em auto;padding:0 1em;"
               "color:#222}\n"
               "h1{font-size:1.3em;overflow-wrap:anywhere}h2{font-size:1.1em;margin-top:1.5em}"
               "table{border-collapse:collapse;margin:.5em 0 1em}"
               "td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}"
               "td:first-child,th:first-child{text-align:left}caption{text-align:left}\n"
               "nav{font:14px sans-serif;margin-bottom:1em}"
               ".para{margin:0 0 1.2em}"
               ".s{display:block;margin:.3em 0;padding:.2em .6em;border-left:.5em solid}"
               ".tag{font:bold 12px sans-serif;padding:0 .4em;margin-right:.5em;"
               "border-radius:3px;white-space:nowrap}"
               ".meta{display:block;font:12px sans-serif;color:#555}"
               ".summary{border:1px solid #ccc;padding:.5em 1em;margin-bottom:1.5em}"
               "details{font:12px sans-serif;color:#555}.error{color:#a00}\n");
    for (size_t i = 0; i < stance_model_label_count(m); i++)
        sb_printf(b, ".l%zu{border-color:%s}.l%zu .tag,.tag.l%zu{background:%s;color:%s}\n", i,
                  html_label_colour(m, i), i, i, html_label_colour(m, i),
                  html_label_text_colour(m, i));
    sb_puts(b, "</style>\n");
}

/* Where a page's summary and its way back to the index go: HTML comments
 * that out_html_end, and the report when it saves the page, replace. */
const char html_summary_mark[] = "<!--stance:summary-->";
const char html_nav_mark[] = "<!--stance:nav-->";

void out_html_begin(strbuf *b, const stance_model *m, const char *file)
{
    sb_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width\">\n<title>");
    esc(b, file);
    sb_puts(b, " - stance</title>\n");
    html_style(b, m);
    sb_puts(b, "</head><body>\n");
    sb_puts(b, html_nav_mark);
    sb_puts(b, "\n<h1>");
    esc(b, file);
    sb_puts(b, "</h1>\n");
    sb_puts(b, html_summary_mark);
    sb_puts(b, "\n<main>\n<div class=\"para\">\n");
}

/* Whether a blank line separates sentence s from the one before: the bytes
 * just before its text (s->before of them are readable), back to the
 * previous sentence, are whitespace holding two line breaks. */
static bool paragraph_break(const out_sentence *s)
{
    size_t lines = 0;
    for (size_t i = 1; i <= s->before && lines < 2; i++) {
        char c = s->text[-(ptrdiff_t)i];
        if (c == '\n')
            lines++;
        else if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v')
            break;
    }
    return lines >= 2;
}

void html_sentence(strbuf *b, const stance_model *m, const out_sentence *s)
{
    const stance_prediction *p = s->pred;
    if (s->index > 0 && paragraph_break(s))
        sb_puts(b, "</div>\n<div class=\"para\">\n");
    sb_printf(b, "<span class=\"s l%d\" id=\"s%zu\"><span class=\"tag\">", p->label, s->index);
    esc(b, stance_model_label(m, (size_t)p->label));
    sb_printf(b, " %.2f</span>", p->confidence);
    html_escape(b, s->text, s->len);
    if (s->source || s->target) {
        sb_puts(b, "<span class=\"meta\">");
        if (s->source) {
            sb_puts(b, "source: ");
            esc(b, s->source);
        }
        if (s->target) {
            sb_puts(b, s->source ? " &middot; treaty: " : "treaty: ");
            esc(b, s->target);
        }
        sb_puts(b, "</span>");
    }
    if (p->explain_count) {
        /* readable, as in the text records: words "x", chars "ce>" of "peace" */
        strbuf r = {0};
        sb_puts(b, "<details><summary>why</summary>");
        for (size_t i = 0; i < p->explain_count; i++) {
            r.n = 0;
            explain_readable(&r, &p->explain[i]);
            if (r.oom) { /* the page fails as out of memory, not with raw features */
                b->oom = true;
                break;
            }
            sb_puts(b, i ? "; " : "");
            esc(b, r.p != NULL ? r.p : p->explain[i].text);
            sb_printf(b, " %+.3f", p->explain[i].weight);
        }
        sb_puts(b, "</details>");
        sb_free(&r);
    }
    sb_puts(b, "</span>\n");
}

/* A horizontal bar per label, lengths proportional to the counts. */
static void chart(strbuf *b, const stance_model *m, const size_t *counts)
{
    size_t k = stance_model_label_count(m), max = 1;
    for (size_t i = 0; i < k; i++)
        if (counts[i] > max)
            max = counts[i];
    sb_printf(b, "<svg role=\"img\" aria-label=\"sentences per label\" width=\"420\" "
                 "height=\"%zu\" xmlns=\"http://www.w3.org/2000/svg\">\n", k * 26 + 4);
    for (size_t i = 0; i < k; i++) {
        double w = 260.0 * (double)counts[i] / (double)max;
        sb_printf(b, "<text x=\"0\" y=\"%zu\" font-size=\"13\" font-family=\"sans-serif\">",
                  i * 26 + 17);
        esc(b, stance_model_label(m, i));
        sb_printf(b, "</text><rect x=\"100\" y=\"%zu\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>"
                     "<text x=\"%.1f\" y=\"%zu\" font-size=\"13\" font-family=\"sans-serif\">"
                     "%zu</text>\n",
                  i * 26 + 3, w, html_label_colour(m, i), 106 + w, i * 26 + 17, counts[i]);
    }
    sb_puts(b, "</svg>\n");
}

/* The summary block at the top of an article page: the article's label,
 * its sentences per label, its treaties and the stance of each source. */
static void summary(strbuf *b, const stance_model *m, const out_article *a)
{
    size_t k = stance_model_label_count(m);
    size_t label = out_article_label(m, a->counts, a->confidence);
    sb_printf(b, "<section class=\"summary\"><h2>Summary</h2>\n<p>Article label: "
                 "<span class=\"tag l%zu\">", label);
    esc(b, stance_model_label(m, label));
    sb_printf(b, "</span> %zu sentences</p>\n", a->sentences);
    chart(b, m, a->counts);
    if (a->ntreaties) {
        sb_puts(b, "<p>Treaties: ");
        for (size_t i = 0; i < a->ntreaties; i++) {
            sb_puts(b, i ? "; " : "");
            esc(b, a->treaties[i]);
        }
        sb_puts(b, "</p>\n");
    }
    if (a->nsources) {
        sb_puts(b, "<table><caption>Stance by source (sentences)</caption><tr><th>source</th>");
        for (size_t j = 0; j < k; j++) {
            sb_puts(b, "<th>");
            esc(b, stance_model_label(m, j));
            sb_puts(b, "</th>");
        }
        sb_puts(b, "</tr>\n");
        for (size_t i = 0; i < a->nsources; i++) {
            sb_puts(b, "<tr><td>");
            esc(b, a->sources[i]);
            sb_puts(b, "</td>");
            for (size_t j = 0; j < k; j++)
                sb_printf(b, "<td>%zu</td>", a->source_counts[i * k + j]);
            sb_puts(b, "</tr>\n");
        }
        sb_puts(b, "</table>\n");
    }
    sb_puts(b, "</section>");
}

/* Find the mark in b[0..n), NULL if absent (escaped text holds no '<'). */
static char *find_mark(strbuf *b, const char *mark)
{
    size_t len = strlen(mark);
    for (char *p = b->p; p != NULL && (size_t)(b->p + b->n - p) >= len;
         p = memchr(p + 1, '<', (size_t)(b->p + b->n - p - 1)))
        if (memcmp(p, mark, len) == 0)
            return p;
    return NULL;
}

void out_html_end(strbuf *b, const stance_model *m, const out_article *a)
{
    sb_puts(b, "</div>\n</main>\n</body></html>\n");
    strbuf sum = {0};
    summary(&sum, m, a);
    char *at = b->p ? find_mark(b, html_summary_mark) : NULL;
    if (sum.oom) {
        b->oom = true;
    } else if (at == NULL) { /* the page's head was written out already */
        sb_put(b, sum.p, sum.n);
    } else {
        size_t off = (size_t)(at - b->p), mlen = strlen(html_summary_mark);
        if (sb_grow(b, sum.n)) {
            memmove(b->p + off + sum.n, b->p + off + mlen, b->n - off - mlen + 1);
            memcpy(b->p + off, sum.p, sum.n);
            b->n += sum.n - mlen;
        }
    }
    sb_free(&sum);
}

void html_error(strbuf *b, const char *file, const char *message)
{
    sb_puts(b, "<p class=\"error\">");
    esc(b, file);
    sb_puts(b, ": ");
    esc(b, message);
    sb_puts(b, "</p>\n");
}
