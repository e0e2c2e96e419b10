/*
 * batch_html.c: -f html -o DIR: a page per article, DIR/NNNNNN-NAME.html,
 * and DIR/index.html listing them (and the inputs that failed), written
 * atomically at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_internal.h"
#include "common.h"
#include "io.h"

/* -f html -o DIR: the job's page goes to DIR/NNNNNN-NAME.html and a row
 * to the index; a failed input's error goes to the index. */
void batch_write_page(batch *b, job *j)
{
    if (j->failed) {
        sb_put(&b->index, j->out.p, j->out.n);
        return;
    }
    const char *base = strrchr(j->path, '/');
    base = base ? base + 1 : j->path;
    char page[96];
    int n = snprintf(page, sizeof page, "%06zu-", b->files_done + 1);
    for (size_t i = 0; base[i] && n < 80; i++) {
        char c = base[i];
        page[n++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '_' || c == '.' ? c : '_';
    }
    snprintf(page + n, sizeof page - (size_t)n, ".html");
    size_t plen = strlen(b->o->html_dir) + strlen(page) + 2;
    char *path = malloc(plen);
    FILE *fp = NULL;
    if (path != NULL) {
        snprintf(path, plen, "%s/%s", b->o->html_dir, page);
        fp = fopen(path, "wb");
    }
    if (fp == NULL || fwrite(j->out.p, 1, j->out.n, fp) != j->out.n)
        batch_write_failed(b, path ? path : page);
    if (fp != NULL && fclose(fp) != 0)
        batch_write_failed(b, path);
    free(path);
    out_html_index_row(&b->index, b->o->model, page, j->path, j->sentences, j->label);
}


/* DIR/index.html, written atomically. */
bool batch_write_index(batch *b)
{
    strbuf page = {0};
    out_html_index_begin(&page, b->o->model);
    sb_put(&page, b->index.p ? b->index.p : "", b->index.n);
    out_html_index_end(&page);
    size_t plen = strlen(b->o->html_dir) + 12;
    char *path = malloc(plen), *tmp = NULL;
    FILE *fp = NULL;
    stance_error err;
    bool ok = path != NULL && !page.oom;
    if (ok) {
        snprintf(path, plen, "%s/index.html", b->o->html_dir);
        ok = io_create_temp(path, &fp, &tmp, &err) == STANCE_OK;
    }
    if (ok && fwrite(page.p, 1, page.n, fp) != page.n) {
        io_abandon(fp, tmp);
        ok = false;
    } else if (ok && io_commit(fp, tmp, path, &err) != STANCE_OK) {
        ok = false;
    }
    if (!ok)
        cli_warn("%s: cannot write the index page", path ? path : b->o->html_dir);
    free(path);
    sb_free(&page);
    sb_free(&b->index);
    return ok;
}
