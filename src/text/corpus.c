/*
 * corpus.c: readers for labelled sentences in the three corpus formats of
 * design.md (TSV, fastText, a directory per label).  Every malformed line
 * is an error naming file, line and reason; nothing is skipped silently
 * except what the formats define as skippable (blank lines, # comments).
 */
#include <dirent.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "corpus.h"
#include "error.h"
#include "io.h"

stance_status stance_corpus_new(stance_corpus **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? STANCE_OK : STANCE_ENOMEM;
}

void stance_corpus_free(stance_corpus *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->label[i]);
        free(c->text[i]);
    }
    free(c->label);
    free(c->text);
    free(c->file);
    free(c->line);
    for (size_t i = 0; i < c->nfiles; i++)
        free(c->files[i]);
    free(c->files);
    free(c);
}

size_t stance_corpus_size(const stance_corpus *c) { return c->n; }
const char *stance_corpus_label(const stance_corpus *c, size_t i) { return c->label[i]; }
const char *stance_corpus_text(const stance_corpus *c, size_t i) { return c->text[i]; }

const char *stance_corpus_origin(const stance_corpus *c, size_t i, size_t *line)
{
    bool known = i < c->n && c->file != NULL && c->file[i] != SIZE_MAX;
    if (line != NULL)
        *line = known ? c->line[i] : 0;
    return known ? c->files[c->file[i]] : NULL;
}

/* Longest label a model file can hold. */
#define MAX_LABEL_LEN 256

/* A label must fit the model file: 1 to 256 bytes, no control characters. */
static const char *label_problem(const char *s, size_t n)
{
    if (n == 0)
        return "empty label";
    if (n > MAX_LABEL_LEN)
        return "label longer than 256 bytes";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return "label holds a control character";
    return NULL;
}

static stance_status add_n(stance_corpus *c, const char *label, size_t llen, const char *text,
                           size_t tlen)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        char **l = realloc(c->label, cap * sizeof *l);
        if (l == NULL)
            return STANCE_ENOMEM;
        c->label = l;
        char **t = realloc(c->text, cap * sizeof *t);
        if (t == NULL)
            return STANCE_ENOMEM;
        c->text = t;
        size_t *f = realloc(c->file, cap * sizeof *f);
        if (f == NULL)
            return STANCE_ENOMEM;
        c->file = f;
        size_t *ln = realloc(c->line, cap * sizeof *ln);
        if (ln == NULL)
            return STANCE_ENOMEM;
        c->line = ln;
        c->cap = cap;
    }
    char *l = strndup(label, llen), *t = strndup(text, tlen);
    if (l == NULL || t == NULL) {
        free(l);
        free(t);
        return STANCE_ENOMEM;
    }
    c->label[c->n] = l;
    c->text[c->n] = t;
    c->file[c->n] = c->cur_file;
    c->line[c->n] = c->cur_line;
    c->n++;
    return STANCE_OK;
}

stance_status stance_corpus_add(stance_corpus *c, const char *label, const char *text,
                                stance_error *err)
{
    const char *why = label_problem(label, strlen(label));
    if (why != NULL)
        return set_error(err, STANCE_EINVAL, NULL, 0, "%s", why);
    if (!stance_utf8_valid(label, strlen(label), NULL) ||
        !stance_utf8_valid(text, strlen(text), NULL))
        return set_error(err, STANCE_EUTF8, NULL, 0, "label or sentence is not valid UTF-8");
    c->cur_file = SIZE_MAX;
    c->cur_line = 0;
    if (add_n(c, label, strlen(label), text, strlen(text)) != STANCE_OK)
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    return STANCE_OK;
}

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* Trim ASCII spaces and tabs from both ends of s[*a..*b). */
static void trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && (s[*a] == ' ' || s[*a] == '\t'))
        (*a)++;
    while (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '\t'))
        (*b)--;
}

/* Whether s[0..n) is one of the words in names (NULL-terminated), ignoring
 * ASCII case. */
static bool one_of(const char *s, size_t n, const char *const *names)
{
    for (; *names; names++)
        if (strlen(*names) == n && strncasecmp(s, *names, n) == 0)
            return true;
    return false;
}

/* A spreadsheet's column names ("label<TAB>text"), which would otherwise
 * train a label called "label". */
static bool looks_like_header(const char *label, size_t llen, const char *text, size_t tlen)
{
    static const char *const labels[] = {"label", "labels", "class", "category", "stance",
                                         "target", "tag", "y", NULL};
    static const char *const texts[] = {"text", "sentence", "sentences", "tweet", "content",
                                        "body", "document", "headline", "x", NULL};
    return one_of(label, llen, labels) && one_of(text, tlen, texts);
}

typedef stance_status (*line_fn)(stance_corpus *c, const char *path, size_t lineno,
                                 const char *s, size_t n, const char *dir_label,
                                 stance_error *err);

static stance_status tsv_line(stance_corpus *c, const char *path, size_t lineno,
                              const char *s, size_t n, const char *dir_label, stance_error *err)
{
    (void)dir_label;
    if (n > 0 && s[0] == '#')
        return STANCE_OK;
    const char *tab = memchr(s, '\t', n);
    if (tab == NULL)
        return set_error(err, STANCE_EFORMAT, path, lineno,
                         "expected label<TAB>sentence, found no tab");
    size_t la = 0, lb = (size_t)(tab - s), ta = lb + 1, tb = n;
    trim(s, &la, &lb);
    trim(s, &ta, &tb);
    const char *why = label_problem(s + la, lb - la);
    if (why != NULL)
        return set_error(err, STANCE_EFORMAT, path, lineno, "%s", why);
    if (ta == tb)
        return set_error(err, STANCE_EFORMAT, path, lineno, "empty sentence");
    if (looks_like_header(s + la, lb - la, s + ta, tb - ta))
        return set_error(err, STANCE_EFORMAT, path, lineno,
                         "\"%.*s<TAB>%.*s\" looks like a header line, not a labelled sentence; "
                         "delete it, or start it with '#' to keep it as a comment",
                         (int)(lb - la), s + la, (int)(tb - ta), s + ta);
    if (memchr(s + ta, '\t', tb - ta) != NULL)
        return set_error(err, STANCE_EFORMAT, path, lineno,
                         "more than one tab: expected label<TAB>sentence");
    if (add_n(c, s + la, lb - la, s + ta, tb - ta) != STANCE_OK)
        return set_error(err, STANCE_ENOMEM, path, lineno, "out of memory");
    return STANCE_OK;
}

static stance_status fasttext_line(stance_corpus *c, const char *path, size_t lineno,
                                   const char *s, size_t n, const char *dir_label,
                                   stance_error *err)
{
    (void)dir_label;
    static const char prefix[] = "__label__";
    size_t p = sizeof prefix - 1;
    if (n < p || memcmp(s, prefix, p) != 0)
        return set_error(err, STANCE_EFORMAT, path, lineno,
                         "expected __label__LABEL sentence");
    size_t le = p;
    while (le < n && s[le] != ' ' && s[le] != '\t')
        le++;
    if (le == p)
        return set_error(err, STANCE_EFORMAT, path, lineno, "empty label after __label__");
    const char *why = label_problem(s + p, le - p);
    if (why != NULL)
        return set_error(err, STANCE_EFORMAT, path, lineno, "%s", why);
    size_t ta = le, tb = n;
    trim(s, &ta, &tb);
    if (tb - ta >= p && memcmp(s + ta, prefix, p) == 0)
        return set_error(err, STANCE_EFORMAT, path, lineno,
                         "more than one label: only single-label lines are supported");
    if (ta == tb)
        return set_error(err, STANCE_EFORMAT, path, lineno, "empty sentence");
    if (add_n(c, s + p, le - p, s + ta, tb - ta) != STANCE_OK)
        return set_error(err, STANCE_ENOMEM, path, lineno, "out of memory");
    return STANCE_OK;
}

static stance_status dir_line(stance_corpus *c, const char *path, size_t lineno,
                              const char *s, size_t n, const char *dir_label, stance_error *err)
{
    size_t a = 0, b = n;
    trim(s, &a, &b);
    if (add_n(c, dir_label, strlen(dir_label), s + a, b - a) != STANCE_OK)
        return set_error(err, STANCE_ENOMEM, path, lineno, "out of memory");
    return STANCE_OK;
}

/* Read path and hand each non-blank line to fn, after checking it for NUL
 * bytes, invalid UTF-8 and excessive length. */
static stance_status read_lines(stance_corpus *c, const char *path, line_fn fn,
                                const char *dir_label, stance_error *err)
{
    char *buf;
    size_t len;
    stance_status st = io_read_file(path, 0, &buf, &len, err);
    if (st != STANCE_OK)
        return st;
    /* the file's name, for stance_corpus_origin */
    char **files = realloc(c->files, (c->nfiles + 1) * sizeof *files);
    if (files != NULL)
        c->files = files;
    if (files == NULL || (files[c->nfiles] = strdup(path)) == NULL) {
        free(buf);
        return set_error(err, STANCE_ENOMEM, path, 0, "out of memory");
    }
    c->cur_file = c->nfiles++;
    size_t lineno = 0, i = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3; /* a UTF-8 byte-order mark is not part of the first label */
    while (st == STANCE_OK && i < len) {
        lineno++;
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - buf) : len, n = end - i;
        const char *s = buf + i;
        if (n > 0 && s[n - 1] == '\r')
            n--;
        size_t bad;
        if (n > CORPUS_MAX_LINE) {
            st = set_error(err, STANCE_ELIMIT, path, lineno,
                           "line is longer than %zu bytes", CORPUS_MAX_LINE);
        } else if (memchr(s, '\0', n) != NULL) {
            st = set_error(err, STANCE_EBINARY, path, lineno, "NUL byte: binary data");
        } else if (!stance_utf8_valid(s, n, &bad)) {
            st = set_error(err, STANCE_EUTF8, path, lineno,
                           "invalid UTF-8 at byte %zu of the line", bad + 1);
            set_error_offset(err, i + bad);
        } else if (!is_blank(s, n)) {
            c->cur_line = lineno;
            st = fn(c, path, lineno, s, n, dir_label, err);
        }
        i = end + 1;
    }
    free(buf);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Sorted names of dir's subdirectories (want_dirs) or of its *.txt files. */
static stance_status list_dir(const char *dir, bool want_dirs, char ***names, size_t *n,
                              stance_error *err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return set_error(err, STANCE_EIO, dir, 0, "cannot open directory: %s", strerror(errno));
    size_t cap = 0;
    stance_status st = STANCE_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t plen = strlen(dir) + strlen(e->d_name) + 2;
        char *full = malloc(plen);
        if (full == NULL) {
            st = STANCE_ENOMEM;
            break;
        }
        snprintf(full, plen, "%s/%s", dir, e->d_name);
        struct stat sb;
        size_t nlen = strlen(e->d_name);
        bool keep = stat(full, &sb) == 0 &&
                    (want_dirs ? S_ISDIR(sb.st_mode)
                               : S_ISREG(sb.st_mode) && nlen > 4 &&
                                     strcmp(e->d_name + nlen - 4, ".txt") == 0);
        free(full);
        if (!keep)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **p = realloc(*names, cap * sizeof *p);
            if (p == NULL) {
                st = STANCE_ENOMEM;
                break;
            }
            *names = p;
        }
        if (((*names)[*n] = strdup(e->d_name)) == NULL) {
            st = STANCE_ENOMEM;
            break;
        }
        (*n)++;
    }
    closedir(d);
    if (st != STANCE_OK) {
        free_names(*names, *n);
        *names = NULL;
        *n = 0;
        return set_error(err, st, dir, 0, "out of memory listing directory");
    }
    if (*n > 1)
        qsort(*names, *n, sizeof **names, cmp_str);
    return STANCE_OK;
}

/* DIR/LABEL/NAME.txt, one sentence per line. */
static stance_status read_dir(stance_corpus *c, const char *dir, stance_error *err)
{
    char **labels;
    size_t nl;
    stance_status st = list_dir(dir, true, &labels, &nl, err);
    if (st != STANCE_OK)
        return st;
    if (nl == 0)
        st = set_error(err, STANCE_EFORMAT, dir, 0,
                       "no label directories: expected DIR/LABEL/*.txt");
    for (size_t i = 0; st == STANCE_OK && i < nl; i++) {
        const char *why = label_problem(labels[i], strlen(labels[i]));
        if (why != NULL) {
            st = set_error(err, STANCE_EFORMAT, dir, 0, "directory \"%s\": %s", labels[i], why);
            break;
        }
        size_t plen = strlen(dir) + strlen(labels[i]) + 2;
        char *sub = malloc(plen);
        if (sub == NULL) {
            st = set_error(err, STANCE_ENOMEM, dir, 0, "out of memory");
            break;
        }
        snprintf(sub, plen, "%s/%s", dir, labels[i]);
        char **files;
        size_t nf;
        st = list_dir(sub, false, &files, &nf, err);
        for (size_t j = 0; st == STANCE_OK && j < nf; j++) {
            size_t flen = strlen(sub) + strlen(files[j]) + 2;
            char *f = malloc(flen);
            if (f == NULL) {
                st = set_error(err, STANCE_ENOMEM, sub, 0, "out of memory");
                break;
            }
            snprintf(f, flen, "%s/%s", sub, files[j]);
            st = read_lines(c, f, dir_line, labels[i], err);
            free(f);
        }
        free_names(files, nf);
        free(sub);
    }
    free_names(labels, nl);
    return st;
}

/* Guess a file's format from its first line that is neither blank nor a
 * comment. */
static stance_corpus_format sniff(const char *path)
{
    FILE *fp = strcmp(path, "-") == 0 ? NULL : fopen(path, "rb");
    if (fp == NULL)
        return STANCE_CORPUS_TSV;
    char line[256];
    stance_corpus_format f = STANCE_CORPUS_TSV;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == '\n' || (line[0] == '\r' && line[1] == '\n'))
            continue;
        if (strncmp(line, "__label__", 9) == 0)
            f = STANCE_CORPUS_FASTTEXT;
        break;
    }
    fclose(fp);
    return f;
}

stance_status stance_corpus_read(stance_corpus *c, const char *path,
                                 stance_corpus_format format, stance_error *err)
{
    struct stat sb;
    if (format == STANCE_CORPUS_AUTO) {
        if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
            format = STANCE_CORPUS_DIR;
        else
            format = sniff(path);
    }
    size_t before = c->n;
    stance_status st;
    switch (format) {
    case STANCE_CORPUS_DIR:
        st = read_dir(c, path, err);
        break;
    case STANCE_CORPUS_FASTTEXT:
        st = read_lines(c, path, fasttext_line, NULL, err);
        break;
    default:
        st = read_lines(c, path, tsv_line, NULL, err);
        break;
    }
    if (st == STANCE_OK && c->n == before)
        st = set_error(err, STANCE_EFORMAT, path, 0, "no labelled sentences");
    return st;
}

stance_status corpus_labels(const stance_corpus *c, const char ***labels, size_t *n)
{
    *labels = NULL;
    *n = 0;
    if (c->n == 0)
        return STANCE_OK;
    const char **v = malloc(c->n * sizeof *v);
    if (v == NULL)
        return STANCE_ENOMEM;
    for (size_t i = 0; i < c->n; i++)
        v[i] = c->label[i];
    qsort(v, c->n, sizeof *v, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++)
        if (k == 0 || strcmp(v[k - 1], v[i]) != 0)
            v[k++] = v[i];
    *labels = v;
    *n = k;
    return STANCE_OK;
}
