/*
 * report_html.c: the archive report's index (report_html.h).  Workers
 * write each article's page and its facts (article label, counts, sources,
 * treaties); the ordered writer hands both here, which saves the page,
 * adds the facts to the aggregates and the article table, and at the end
 * writes DIR/index.html: overview, labels, outlets, treaties, sources and
 * the first REPORT_ROWS articles, with a pager to the table pages that
 * were written as the run went.  A small inline script sorts and filters
 * tables; without it everything is still there.  Nothing is fetched.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "report_files.h"
#include "report_html.h"

/* Names (outlets, treaties or sources) with a total and a count per label;
 * after REPORT_MAX_NAMES names, new ones are added to other. */
typedef struct tally {
    size_t k, n, slots;
    char **name;
    size_t *counts; /* n rows of k + 1: the total, then per label */
    size_t *slot;   /* open addressing: index + 1, 0 empty */
    size_t *other;  /* k + 1 */
    size_t others;  /* names counted in other */
} tally;

struct html_report {
    const stance_model *m;
    size_t k;
    report_dir dir;
    char *const *paths;
    size_t npaths, root; /* the PATH the inputs come from now */
    size_t articles, sentences, failed;
    size_t *art_labels, *sent_labels;
    tally outlets, treaties, sources;
    strbuf first;      /* rows of the first table page, which index.html holds */
    strbuf rows;       /* rows of the table page being filled (2 and later) */
    size_t nrows;      /* rows in all */
    strbuf pages;      /* names of the table pages written, one per line */
    size_t npages;
    bool oom;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static bool tally_init(tally *t, size_t k)
{
    memset(t, 0, sizeof *t);
    t->k = k;
    t->other = calloc(k + 1, sizeof *t->other);
    return t->other != NULL;
}

static void tally_free(tally *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->name[i]);
    free(t->name);
    free(t->counts);
    free(t->slot);
    free(t->other);
}

/* The count row of name, added if new; NULL when out of memory. */
static size_t *tally_row(tally *t, const char *name)
{
    if (t->slots == 0 || 2 * (t->n + 1) > t->slots) {
        size_t slots = t->slots ? 2 * t->slots : 64;
        size_t *s = calloc(slots, sizeof *s);
        if (s == NULL)
            return NULL;
        for (size_t i = 0; i < t->n; i++) {
            size_t h = hash(t->name[i]) & (slots - 1);
            while (s[h])
                h = (h + 1) & (slots - 1);
            s[h] = i + 1;
        }
        free(t->slot);
        t->slot = s;
        t->slots = slots;
    }
    size_t h = hash(name) & (t->slots - 1);
    for (; t->slot[h]; h = (h + 1) & (t->slots - 1))
        if (strcmp(t->name[t->slot[h] - 1], name) == 0)
            return t->counts + (t->slot[h] - 1) * (t->k + 1);
    if (t->n >= REPORT_MAX_NAMES) {
        t->others++;
        return t->other;
    }
    char **nn = realloc(t->name, (t->n + 1) * sizeof *nn);
    if (nn == NULL)
        return NULL;
    t->name = nn;
    size_t *nc = realloc(t->counts, (t->n + 1) * (t->k + 1) * sizeof *nc);
    if (nc == NULL)
        return NULL;
    t->counts = nc;
    if ((t->name[t->n] = strdup(name)) == NULL)
        return NULL;
    memset(nc + t->n * (t->k + 1), 0, (t->k + 1) * sizeof *nc);
    t->slot[h] = ++t->n;
    return nc + (t->n - 1) * (t->k + 1);
}

static bool tally_add(tally *t, const char *name, size_t label, size_t n)
{
    size_t *row = tally_row(t, name);
    if (row == NULL)
        return false;
    row[0] += n;
    row[1 + label] += n;
    return true;
}

/* Facts: "SENTENCES LABEL C0 .. Ck-1\n", then "t\tTREATY\n" and
 * "s\tSOURCE\tC0 .. Ck-1\n" lines; tabs and line breaks in names become
 * spaces. */
static void fact_name(strbuf *b, const char *s)
{
    for (; *s; s++)
        sb_put(b, *s == '\t' || *s == '\n' || *s == '\r' ? " " : s, 1);
}

void html_report_facts(strbuf *f, const stance_model *m, const out_article *a)
{
    size_t k = stance_model_label_count(m);
    sb_printf(f, "%zu %zu", a->sentences, out_article_label(m, a->counts, a->confidence));
    for (size_t i = 0; i < k; i++)
        sb_printf(f, " %zu", a->counts[i]);
    sb_puts(f, "\n");
    for (size_t i = 0; i < a->ntreaties; i++) {
        sb_puts(f, "t\t");
        fact_name(f, a->treaties[i]);
        sb_puts(f, "\n");
    }
    for (size_t i = 0; i < a->nsources; i++) {
        sb_puts(f, "s\t");
        fact_name(f, a->sources[i]);
        sb_puts(f, "\t");
        for (size_t j = 0; j < k; j++)
            sb_printf(f, j ? " %zu" : "%zu", a->source_counts[i * k + j]);
        sb_puts(f, "\n");
    }
}

html_report *html_report_open(const char *dir, const stance_model *m, char *const *paths,
                              size_t npaths, char *msg, size_t msglen)
{
    html_report *r = calloc(1, sizeof *r);
    size_t k = stance_model_label_count(m);
    if (r == NULL || (r->art_labels = calloc(k, sizeof(size_t))) == NULL ||
        (r->sent_labels = calloc(k, sizeof(size_t))) == NULL || !tally_init(&r->outlets, k) ||
        !tally_init(&r->treaties, k) || !tally_init(&r->sources, k)) {
        snprintf(msg, msglen, "%s: out of memory", dir);
        html_report_free(r);
        return NULL;
    }
    r->m = m;
    r->k = k;
    r->paths = paths;
    r->npaths = npaths;
    if (!report_dir_open(&r->dir, dir)) {
        snprintf(msg, msglen, "%s", r->dir.msg);
        html_report_free(r);
        return NULL;
    }
    return r;
}

void html_report_free(html_report *r)
{
    if (r == NULL)
        return;
    report_dir_free(&r->dir);
    free(r->art_labels);
    free(r->sent_labels);
    tally_free(&r->outlets);
    tally_free(&r->treaties);
    tally_free(&r->sources);
    sb_free(&r->first);
    sb_free(&r->rows);
    sb_free(&r->pages);
    free(r);
}

static void esc(strbuf *b, const char *s)
{
    html_escape(b, s, strlen(s));
}

/* Whether path lies in (or is) root. */
static bool under(const char *path, const char *root)
{
    size_t n = strlen(root);
    return n && strncmp(path, root, n) == 0 &&
           (path[n] == '\0' || path[n] == '/' || root[n - 1] == '/');
}

/* The last component of p, without trailing slashes, into b. */
static void base_name(strbuf *b, const char *p)
{
    const char *end = p + strlen(p);
    while (end > p + 1 && end[-1] == '/')
        end--;
    const char *s = end;
    while (s > p && s[-1] != '/')
        s--;
    sb_put(b, s, (size_t)(end - s));
}

/* The PATH file came from (inputs arrive in the order of the PATHs), the
 * page name, and the outlet: the first folder below the PATH, or with
 * several PATHs the PATH's own name; empty for none. */
static void place(html_report *r, const char *file, strbuf *page, strbuf *outlet)
{
    size_t i = r->root;
    while (i < r->npaths && !under(file, r->paths[i]))
        i++;
    const char *root = i < r->npaths ? r->paths[i] : NULL;
    if (root != NULL)
        r->root = i;
    strbuf prefix = {0}, id = {0};
    if (root != NULL && r->npaths > 1 && strcmp(file, root) != 0)
        base_name(&prefix, root);
    size_t n = strlen(file);
    if (root == NULL && n >= 3 && file[0] == '"' && file[n - 1] == '"')
        sb_put(&id, file + 1, n - 2); /* a --stdin-jsonl document's id: its string */
    report_page_name(page, prefix.n ? prefix.p : NULL, id.n ? id.p : file, root);
    sb_free(&id);
    if (prefix.n) {
        sb_put(outlet, prefix.p, prefix.n);
    } else if (root != NULL && strcmp(file, root) != 0) {
        size_t rl = strlen(root);
        const char *rel = file + rl + (root[rl - 1] != '/');
        rel += strspn(rel, "/");
        size_t n = strcspn(rel, "/");
        if (rel[n] == '/')
            sb_put(outlet, rel, n);
    }
    sb_free(&prefix);
}

/* A row of the article table; error: the HTML of a failed input's error. */
static void row(html_report *r, strbuf *b, const char *page, const char *file,
                const char *outlet, const size_t *facts, const char *treaties,
                const char *error)
{
    sb_puts(b, "<tr><td>");
    if (page) {
        sb_puts(b, "<a href=\"");
        esc(b, page);
        sb_puts(b, "\">");
    }
    esc(b, file);
    sb_puts(b, page ? "</a></td><td>" : "</td><td>");
    esc(b, outlet);
    if (error != NULL) {
        sb_printf(b, "</td><td>error</td><td class=\"error\" colspan=\"%zu\">", r->k + 2);
        sb_puts(b, error); /* HTML from html_error */
        sb_puts(b, "</td></tr>\n");
        return;
    }
    sb_printf(b, "</td><td><span class=\"tag l%zu\">", facts[1]);
    esc(b, stance_model_label(r->m, facts[1]));
    sb_printf(b, "</span></td><td>%zu</td>", facts[0]);
    for (size_t i = 0; i < r->k; i++)
        sb_printf(b, "<td>%zu</td>", facts[2 + i]);
    sb_puts(b, "<td>");
    esc(b, treaties);
    sb_puts(b, "</td></tr>\n");
}

static void table_head(html_report *r, strbuf *b, const char *id)
{
    sb_printf(b, "<table class=\"sortable\" id=\"%s\"><thead><tr><th>article</th><th>outlet"
                 "</th><th>label</th><th class=\"n\">sentences</th>", id);
    for (size_t i = 0; i < r->k; i++) {
        sb_puts(b, "<th class=\"n\">");
        esc(b, stance_model_label(r->m, i));
        sb_puts(b, "</th>");
    }
    sb_puts(b, "<th>treaties</th></tr></thead><tbody>\n");
}

/* Sorting by a column (click its head) and filtering rows by a text and a
 * label; counts shown in #shown. */
static const char script[] =
    "<script>\n"
    "document.querySelectorAll('table.sortable').forEach(function(t){\n"
    " t.querySelectorAll('thead th').forEach(function(th,i){\n"
    "  th.tabIndex=0;th.title='sort';\n"
    "  function sort(){var up=th.getAttribute('aria-sort')!=='ascending';\n"
    "   t.querySelectorAll('thead th').forEach(function(h){h.removeAttribute('aria-sort')});\n"
    "   th.setAttribute('aria-sort',up?'ascending':'descending');\n"
    "   var num=th.classList.contains('n'),b=t.tBodies[0],rows=[].slice.call(b.rows);\n"
    "   rows.sort(function(x,y){var a=x.cells[i]?x.cells[i].textContent:'',\n"
    "    c=y.cells[i]?y.cells[i].textContent:'',d=num?(+a||0)-(+c||0):a.localeCompare(c);\n"
    "    return up?d:-d});\n"
    "   rows.forEach(function(x){b.appendChild(x)})}\n"
    "  th.addEventListener('click',sort);\n"
    "  th.addEventListener('keydown',function(e){if(e.key==='Enter')sort()})})});\n"
    "var q=document.getElementById('q'),lab=document.getElementById('lab'),"
    "t=document.getElementById('articles');\n"
    "function filter(){var s=q.value.toLowerCase(),l=lab.value,n=0,rows=t.tBodies[0].rows;\n"
    " for(var i=0;i<rows.length;i++){var r=rows[i],ok=(!s||r.textContent.toLowerCase()"
    ".indexOf(s)>=0)&&(!l||r.cells[2].textContent===l);\n"
    "  r.hidden=!ok;if(ok)n++}\n"
    " document.getElementById('shown').textContent=n+' of '+rows.length+' shown'}\n"
    "if(q){q.addEventListener('input',filter);lab.addEventListener('change',filter);filter()}\n"
    "</script>\n";

static void page_head(html_report *r, strbuf *b, const char *title)
{
    sb_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width\">\n<title>");
    esc(b, title);
    sb_puts(b, "</title>\n");
    html_style(b, r->m);
    sb_puts(b, "<style>body{max-width:none}th[tabindex]{cursor:pointer}"
               "th[aria-sort=ascending]::after{content:' \\25B2'}"
               "th[aria-sort=descending]::after{content:' \\25BC'}"
               ".pager a{margin-right:.5em}.grid{display:flex;flex-wrap:wrap;gap:0 2em}"
               "</style>\n</head><body>\n");
}

static void filter_form(html_report *r, strbuf *b)
{
    sb_puts(b, "<p><label>Filter <input id=\"q\" type=\"search\"></label> "
               "<label>label <select id=\"lab\"><option value=\"\">any</option>");
    for (size_t i = 0; i < r->k; i++) {
        sb_puts(b, "<option>");
        esc(b, stance_model_label(r->m, i));
        sb_puts(b, "</option>");
    }
    sb_puts(b, "<option>error</option></select></label> <span id=\"shown\"></span></p>\n");
}

/* Write the table page being filled (number r->npages + 2), with links to
 * the index, the page before and, when more is coming, the next. */
static bool flush_rows(html_report *r, bool more, char *msg, size_t msglen)
{
    size_t no = r->npages + 2;
    strbuf b = {0}, name = {0}, used = {0};
    char title[64];
    snprintf(title, sizeof title, "stance report: articles, page %zu", no);
    page_head(r, &b, title);
    sb_puts(&b, "<nav class=\"pager\"><a href=\"index.html\">index (overview and page 1)</a>");
    if (no > 2)
        sb_printf(&b, "<a href=\"index-%zu.html\">previous page</a>", no - 1);
    if (more)
        sb_printf(&b, "<a href=\"index-%zu.html\">next page</a>", no + 1);
    sb_printf(&b, "</nav>\n<h1>Articles, page %zu</h1>\n", no);
    filter_form(r, &b);
    table_head(r, &b, "articles");
    sb_put(&b, r->rows.p ? r->rows.p : "", r->rows.n);
    sb_puts(&b, "</tbody></table>\n");
    sb_puts(&b, script);
    sb_puts(&b, "</body></html>\n");
    sb_printf(&name, "index-%zu.html", no);
    const char *piece[3] = {b.p, "", ""};
    size_t len[3] = {b.n, 0, 0};
    bool ok = !b.oom && !name.oom && report_dir_write(&r->dir, name.p, piece, len, &used);
    if (!ok)
        snprintf(msg, msglen, "%s", b.oom ? "out of memory" : r->dir.msg);
    else
        sb_printf(&r->pages, "%s\n", used.p);
    r->npages++;
    r->rows.n = 0;
    sb_free(&b);
    sb_free(&name);
    sb_free(&used);
    return ok;
}

/* Add a row: to the index's first page, or to the table page being filled
 * (written when full and the next row arrives). */
static bool add_row(html_report *r, const strbuf *b, char *msg, size_t msglen)
{
    if (r->nrows < REPORT_ROWS) {
        sb_put(&r->first, b->p, b->n);
    } else {
        if ((r->nrows - REPORT_ROWS) % REPORT_ROWS == 0 && r->nrows > REPORT_ROWS &&
            !flush_rows(r, true, msg, msglen))
            return false;
        sb_put(&r->rows, b->p, b->n);
    }
    r->nrows++;
    if (b->oom || r->first.oom || r->rows.oom) {
        snprintf(msg, msglen, "out of memory");
        return false;
    }
    return true;
}

/* Count an article's facts; facts_out gets sentences, label and counts. */
static bool count(html_report *r, const char *outlet, const char *facts, size_t flen,
                  size_t *nums, strbuf *treaties)
{
    const char *p = facts, *end = facts + flen;
    for (size_t i = 0; i < r->k + 2; i++) {
        char *e;
        nums[i] = (size_t)strtoull(p, &e, 10);
        p = e;
    }
    if (nums[1] >= r->k)
        return false;
    r->articles++;
    r->sentences += nums[0];
    r->art_labels[nums[1]]++;
    for (size_t i = 0; i < r->k; i++)
        r->sent_labels[i] += nums[2 + i];
    bool ok = tally_add(&r->outlets, *outlet ? outlet : "(none)", nums[1], 1);
    strbuf name = {0};
    while (ok && p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL && ++p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        e = e ? e : end;
        const char *tab = memchr(p + 2, '\t', (size_t)(e - p - 2));
        name.n = 0;
        sb_put(&name, p + 2, (size_t)((p[0] == 's' && tab ? tab : e) - p - 2));
        if (name.oom)
            ok = false;
        else if (p[0] == 't') {
            ok = tally_add(&r->treaties, name.p, nums[1], 1);
            if (treaties->n)
                sb_puts(treaties, "; ");
            sb_puts(treaties, name.p);
        } else if (p[0] == 's' && tab) {
            size_t *rowc = tally_row(&r->sources, name.p);
            const char *q = tab + 1;
            for (size_t i = 0; rowc && i < r->k; i++) {
                char *qe;
                size_t c = (size_t)strtoull(q, &qe, 10);
                q = qe;
                rowc[0] += c;
                rowc[1 + i] += c;
            }
            ok = rowc != NULL;
        }
        p = e;
    }
    sb_free(&name);
    return ok;
}

bool html_report_article(html_report *r, const char *file, const char *page, size_t n,
                         const char *facts, size_t flen, char *msg, size_t msglen)
{
    strbuf name = {0}, outlet = {0}, used = {0}, nav = {0}, treaties = {0}, rowb = {0};
    place(r, file, &name, &outlet);
    size_t depth = 0;
    for (size_t i = 0; i < name.n; i++)
        depth += name.p[i] == '/';
    sb_puts(&nav, "<nav><a href=\"");
    for (size_t i = 0; i < depth; i++)
        sb_puts(&nav, "../");
    sb_puts(&nav, "index.html\">&larr; all articles (index)</a></nav>");
    /* the page with its nav mark replaced by the link */
    const char *at = NULL;
    size_t ml = strlen(html_nav_mark);
    for (const char *p = page; p && (size_t)(page + n - p) >= ml; p = memchr(p + 1, '<', (size_t)(page + n - p - 1)))
        if (memcmp(p, html_nav_mark, ml) == 0) {
            at = p;
            break;
        }
    const char *piece[3] = {page, nav.p, at ? at + ml : ""};
    size_t len[3] = {at ? (size_t)(at - page) : n, at ? nav.n : 0,
                     at ? n - (size_t)(at - page) - ml : 0};
    size_t *nums = calloc(r->k + 2, sizeof *nums);
    bool ok = nums != NULL && !name.oom && !nav.oom && !outlet.oom;
    if (!ok)
        snprintf(msg, msglen, "out of memory");
    if (ok && !(ok = report_dir_write(&r->dir, name.p, piece, len, &used)))
        snprintf(msg, msglen, "%s", r->dir.msg);
    if (ok && !(ok = count(r, outlet.n ? outlet.p : "", facts, flen, nums, &treaties)))
        snprintf(msg, msglen, "%s: out of memory", file);
    if (ok) {
        row(r, &rowb, used.p, file, outlet.n ? outlet.p : "", nums,
            treaties.n ? treaties.p : "", NULL);
        ok = add_row(r, &rowb, msg, msglen);
    }
    free(nums);
    sb_free(&name);
    sb_free(&outlet);
    sb_free(&used);
    sb_free(&nav);
    sb_free(&treaties);
    sb_free(&rowb);
    return ok;
}

bool html_report_failed(html_report *r, const char *file, const char *error_html, char *msg,
                        size_t msglen)
{
    strbuf name = {0}, outlet = {0}, rowb = {0};
    place(r, file, &name, &outlet);
    r->failed++;
    row(r, &rowb, NULL, file, outlet.n ? outlet.p : "", NULL, NULL, error_html);
    bool ok = add_row(r, &rowb, msg, msglen);
    sb_free(&name);
    sb_free(&outlet);
    sb_free(&rowb);
    return ok;
}

/* Rows of t, largest total first (then by name), REPORT_SHOWN of them. */
static int by_total_k;
static const tally *by_total_t;
static int by_total(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b, k1 = (size_t)by_total_k + 1;
    size_t tx = by_total_t->counts[x * k1], ty = by_total_t->counts[y * k1];
    if (tx != ty)
        return tx > ty ? -1 : 1;
    return strcmp(by_total_t->name[x], by_total_t->name[y]);
}

static void tally_table(html_report *r, strbuf *b, const tally *t, const char *id,
                        const char *what, const char *unit)
{
    sb_printf(b, "<section><h2>By %s</h2>\n", what);
    if (t->n == 0) {
        sb_printf(b, "<p>No %s found.</p></section>\n", unit);
        return;
    }
    size_t *order = malloc(t->n * sizeof *order);
    if (order == NULL) {
        b->oom = true;
        return;
    }
    for (size_t i = 0; i < t->n; i++)
        order[i] = i;
    by_total_k = (int)r->k; /* the writer thread is the only caller */
    by_total_t = t;
    qsort(order, t->n, sizeof *order, by_total);
    size_t shown = t->n < REPORT_SHOWN ? t->n : REPORT_SHOWN;
    sb_printf(b, "<table class=\"sortable\" id=\"%s\"><thead><tr><th>%s</th><th class=\"n\">%s"
                 "</th>", id, what, unit);
    for (size_t i = 0; i < r->k; i++) {
        sb_puts(b, "<th class=\"n\">");
        esc(b, stance_model_label(r->m, i));
        sb_puts(b, "</th>");
    }
    sb_puts(b, "</tr></thead><tbody>\n");
    for (size_t s = 0; s < shown; s++) {
        const size_t *c = t->counts + order[s] * (r->k + 1);
        sb_puts(b, "<tr><td>");
        esc(b, t->name[order[s]]);
        sb_puts(b, "</td>");
        for (size_t i = 0; i <= r->k; i++)
            sb_printf(b, "<td>%zu</td>", c[i]);
        sb_puts(b, "</tr>\n");
    }
    sb_puts(b, "</tbody></table>\n");
    if (shown < t->n || t->others)
        sb_printf(b, "<p>The %zu with most %s of %zu%s.</p>\n", shown, unit, t->n + t->others,
                  t->others ? " (names after the first 100,000 counted together)" : "");
    sb_puts(b, "</section>\n");
    free(order);
}

bool html_report_close(html_report *r, char *msg, size_t msglen)
{
    if (r->nrows > REPORT_ROWS && !flush_rows(r, false, msg, msglen))
        return false;
    strbuf b = {0};
    page_head(r, &b, "stance report");
    sb_printf(&b, "<h1>stance report</h1>\n<p id=\"overview\"><b>%zu</b> articles, <b>%zu</b> "
                  "sentences, <b>%zu</b> failed inputs.</p>\n<div class=\"grid\">\n",
              r->articles, r->sentences, r->failed);
    sb_puts(&b, "<section><h2>Labels</h2>\n<table id=\"labels\"><thead><tr><th>label</th>"
                "<th class=\"n\">articles</th><th class=\"n\">sentences</th></tr></thead>"
                "<tbody>\n");
    for (size_t i = 0; i < r->k; i++) {
        sb_printf(&b, "<tr><td><span class=\"tag l%zu\">", i);
        esc(&b, stance_model_label(r->m, i));
        sb_printf(&b, "</span></td><td>%zu</td><td>%zu</td></tr>\n", r->art_labels[i],
                  r->sent_labels[i]);
    }
    sb_puts(&b, "</tbody></table>\n<p>An article's label is its most frequent label other "
                "than neutral (README).</p></section>\n");
    tally_table(r, &b, &r->outlets, "outlets", "outlet", "articles");
    tally_table(r, &b, &r->treaties, "treaties", "treaty", "articles");
    tally_table(r, &b, &r->sources, "sources", "source", "sentences");
    sb_puts(&b, "</div>\n<section><h2>Articles</h2>\n");
    if (r->npages) {
        sb_printf(&b, "<nav class=\"pager\">Page 1 of %zu (%d a page): ", r->npages + 1,
                  REPORT_ROWS);
        for (const char *p = r->pages.p; p && *p; p = strchr(p, '\n') + 1) {
            sb_puts(&b, "<a href=\"");
            html_escape(&b, p, strcspn(p, "\n"));
            sb_puts(&b, "\">");
            html_escape(&b, p, strcspn(p, "\n") - 5);
            sb_puts(&b, "</a>");
        }
        sb_puts(&b, "</nav>\n");
    }
    filter_form(r, &b);
    table_head(r, &b, "articles");
    sb_put(&b, r->first.p ? r->first.p : "", r->first.n);
    sb_puts(&b, "</tbody></table>\n</section>\n");
    sb_puts(&b, script);
    sb_puts(&b, "</body></html>\n");
    bool ok = report_dir_write_index(&r->dir, &b) && report_dir_close(&r->dir);
    if (!ok)
        snprintf(msg, msglen, "%s", r->dir.msg);
    sb_free(&b);
    return ok;
}
