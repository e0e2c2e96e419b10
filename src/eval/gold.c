/*
 * gold.c: reading annotated articles' gold files and finding them in a
 * folder (gold.h), for stance-eval --articles and stance-train --calibrate.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "gold.h"
#include "io.h"

/* Trim spaces and tabs around s[*off..*off+*len). */
static void trim_field(const char *s, size_t *off, size_t *len)
{
    while (*len > 0 && (s[*off] == ' ' || s[*off] == '\t')) {
        ++*off;
        --*len;
    }
    while (*len > 0 && (s[*off + *len - 1] == ' ' || s[*off + *len - 1] == '\t'))
        --*len;
}

/* Record the source and target columns that follow the sentence column
 * (which ends at tab2) of a gold line ending at e, if both are present. */
static void gold_columns(const char *s, const char *tab2, const char *e, gold_line *g)
{
    g->attributed = false;
    if (tab2 == NULL)
        return;
    const char *src = tab2 + 1;
    const char *tab3 = memchr(src, '\t', (size_t)(e - src));
    if (tab3 == NULL)
        return;
    const char *tgt = tab3 + 1;
    const char *tab4 = memchr(tgt, '\t', (size_t)(e - tgt));
    g->attributed = true;
    g->src_off = (size_t)(src - s);
    g->src_len = (size_t)(tab3 - src);
    g->tgt_off = (size_t)(tgt - s);
    g->tgt_len = (size_t)((tab4 ? tab4 : e) - tgt);
    trim_field(s, &g->src_off, &g->src_len);
    trim_field(s, &g->tgt_off, &g->tgt_len);
    if (tab4 != NULL) {
        const char *pat = tab4 + 1, *tab5 = memchr(pat, '\t', (size_t)(e - pat));
        g->pat_off = (size_t)(pat - s);
        g->pat_len = (size_t)((tab5 ? tab5 : e) - pat);
        trim_field(s, &g->pat_off, &g->pat_len);
    }
}

stance_status gold_read(const char *path, const stance_model *model, char **buf,
                        gold_line **out, size_t *n, stance_error *err)
{
    size_t len;
    *out = NULL;
    *n = 0;
    stance_status st = io_read_file(path, 0, buf, &len, err);
    if (st != STANCE_OK)
        return st;
    size_t cap = 0, lineno = 0;
    char *s = *buf;
    for (size_t i = 0; i < len;) {
        lineno++;
        char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len, e = end;
        if (e > i && s[e - 1] == '\r')
            e--;
        size_t start = i;
        i = end + 1;
        if (e == start || s[start] == '#')
            continue;
        size_t bad;
        if (!stance_utf8_valid(s + start, e - start, &bad))
            return set_error(err, STANCE_EUTF8, path, lineno, "invalid UTF-8");
        char *tab = memchr(s + start, '\t', e - start);
        if (tab == NULL)
            return set_error(err, STANCE_EFORMAT, path, lineno,
                             "expected label<TAB>sentence[<TAB>source<TAB>target]");
        char *text = tab + 1;
        char *tab2 = memchr(text, '\t', (size_t)(s + e - text));
        size_t tlen = tab2 ? (size_t)(tab2 - text) : (size_t)(s + e - text);
        if (tlen == 0 || tab == s + start)
            return set_error(err, STANCE_EFORMAT, path, lineno, "empty label or sentence");
        int label = -1;
        *tab = '\0';
        if (model != NULL) {
            label = stance_model_label_index(model, s + start);
            if (label < 0)
                return set_error(err, STANCE_EFORMAT, path, lineno,
                                 "label \"%s\" is not one of the model's labels", s + start);
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            gold_line *g = realloc(*out, cap * sizeof *g);
            if (g == NULL)
                return set_error(err, STANCE_ENOMEM, path, lineno, "out of memory");
            *out = g;
        }
        gold_line *gl = &(*out)[(*n)++];
        *gl = (gold_line){label, start, (size_t)(text - s), tlen, lineno, false, 0, 0, 0, 0, 0, 0};
        gold_columns(s, tab2, s + e, gl);
        *tab = '\0'; /* the label and the sentence as strings */
        text[tlen] = '\0';
    }
    return STANCE_OK;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

stance_status gold_list(const char *dir, char ***names, size_t *n, size_t *ntxt,
                        stance_error *err)
{
    *names = NULL;
    *n = 0;
    if (ntxt != NULL)
        *ntxt = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return set_error(err, STANCE_EIO, dir, 0, "cannot open directory");
    size_t cap = 0;
    stance_status st = STANCE_OK;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (ntxt != NULL && has_suffix(e->d_name, ".txt"))
            ++*ntxt;
        if (!has_suffix(e->d_name, ".gold.tsv"))
            continue;
        if (*n == cap) {
            size_t c = cap ? 2 * cap : 32;
            char **g = realloc(*names, c * sizeof *g);
            if (g == NULL) {
                st = set_error(err, STANCE_ENOMEM, dir, 0, "out of memory");
                break;
            }
            *names = g;
            cap = c;
        }
        if (((*names)[*n] = strdup(e->d_name)) == NULL) {
            st = set_error(err, STANCE_ENOMEM, dir, 0, "out of memory");
            break;
        }
        ++*n;
    }
    closedir(d);
    if (*n > 1)
        qsort(*names, *n, sizeof **names, by_name);
    return st;
}

void gold_names_free(char **names, size_t n)
{
    for (size_t i = 0; names != NULL && i < n; i++)
        free(names[i]);
    free(names);
}
