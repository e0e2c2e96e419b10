/*
 * resume.c: output files that survive interruption.  Records go to
 * FILE.partial, one whole input at a time, and the file is renamed to FILE
 * only when the run is complete.  --resume reads the inputs recorded so
 * far (jsonl "file"/"id", or the first tsv/csv column), drops the last
 * input's records, which a kill may have cut short, and appends the rest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "io.h"
#include "jsonin.h"
#include "resume.h"

/* The input name of one record line, into *name (malloc'd); false for a
 * header or a line that names no input. */
static bool record_name(const char *s, size_t n, out_format f, char **name)
{
    *name = NULL;
    size_t i = 0, len;
    if (f == FMT_JSONL) {
        if (n > 9 && memcmp(s, "{\"file\": ", 9) == 0) {
            i = 9;
            *name = jsonin_string(s, n, &i, &len);
        } else if (n > 7 && memcmp(s, "{\"id\": ", 7) == 0) {
            i = 7;
            if (jsonin_skip(s, n, &i, 0))
                *name = strndup(s + 7, i - 7);
        }
        return *name != NULL;
    }
    char sep = f == FMT_CSV ? ',' : '\t';
    char *d = malloc(n + 1);
    if (d == NULL)
        return false;
    size_t j = 0;
    if (f == FMT_CSV && n > 0 && s[0] == '"') {
        for (i = 1; i < n; i++) {
            if (s[i] == '"' && i + 1 < n && s[i + 1] == '"')
                d[j++] = s[i++];
            else if (s[i] == '"')
                break;
            else
                d[j++] = s[i];
        }
    } else {
        for (i = 0; i < n && s[i] != sep; i++) {
            if (f == FMT_TSV && s[i] == '\\' && i + 1 < n) {
                char c = s[++i];
                d[j++] = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
            } else {
                d[j++] = s[i];
            }
        }
    }
    d[j] = '\0';
    if (strcmp(d, "file") == 0) { /* the header */
        free(d);
        return false;
    }
    *name = d;
    return true;
}

/* Collect the recorded inputs of buf into done and return the offset at
 * which the last input's records (and any partial line) start. */
static size_t scan_records(const char *buf, size_t len, out_format f, bool complete,
                           strset *done, bool *ok)
{
    char *cur = NULL;
    size_t cur_start = 0, i = 0, header_end = 0;
    *ok = true;
    while (i < len) {
        const char *nl = memchr(buf + i, '\n', len - i);
        if (nl == NULL)
            break; /* a partial last line */
        size_t end = (size_t)(nl - buf);
        char *name;
        if (record_name(buf + i, end - i, f, &name)) {
            if (cur == NULL || strcmp(cur, name) != 0) {
                if (cur != NULL && !strset_add(done, cur, strlen(cur)))
                    *ok = false;
                free(cur);
                cur = name;
                cur_start = i;
            } else {
                free(name);
            }
        } else if (cur == NULL) {
            header_end = end + 1;
        }
        i = end + 1;
    }
    size_t cut = cur ? cur_start : header_end;
    if (complete && cur != NULL) { /* a finished file: its last input is whole */
        if (!strset_add(done, cur, strlen(cur)))
            *ok = false;
        cut = i;
    }
    free(cur);
    return cut;
}

stance_status output_open(const char *path, bool resume, out_format f, strset *done,
                          FILE **fp, char **partial, bool *fresh, stance_error *err)
{
    size_t n = strlen(path) + 9;
    *partial = malloc(n);
    *fp = NULL;
    *fresh = true;
    if (*partial == NULL)
        return set_error(err, STANCE_ENOMEM, path, 0, "out of memory");
    snprintf(*partial, n, "%s.partial", path);
    if (!resume) {
        *fp = fopen(*partial, "wb");
        goto opened;
    }
    bool complete = access(*partial, F_OK) != 0 && access(path, F_OK) == 0;
    if (complete && rename(path, *partial) != 0)
        return set_error(err, STANCE_EIO, path, 0, "cannot resume: %s", strerror(errno));
    char *buf = NULL;
    size_t len = 0;
    if (access(*partial, F_OK) == 0) {
        stance_status st = io_read_file(*partial, 0, &buf, &len, err);
        if (st != STANCE_OK)
            return st;
    }
    bool ok;
    size_t cut = scan_records(buf ? buf : "", len, f, complete, done, &ok);
    free(buf);
    if (!ok)
        return set_error(err, STANCE_ENOMEM, *partial, 0, "out of memory reading records");
    if (len > 0 && truncate(*partial, (off_t)cut) != 0)
        return set_error(err, STANCE_EIO, *partial, 0, "cannot truncate: %s", strerror(errno));
    *fresh = cut == 0;
    *fp = fopen(*partial, "ab");
opened:
    if (*fp == NULL)
        return set_error(err, STANCE_EIO, *partial, 0, "cannot open for writing: %s",
                         strerror(errno));
    return STANCE_OK;
}

stance_status output_close(FILE *fp, char *partial, const char *path, bool ok, stance_error *err)
{
    stance_status st = STANCE_OK;
    bool written = fflush(fp) == 0 && !ferror(fp) && fsync(fileno(fp)) == 0;
    if (fclose(fp) != 0)
        written = false;
    if (!written)
        st = set_error(err, STANCE_EIO, partial, 0, "cannot write: %s", strerror(errno));
    else if (ok && rename(partial, path) != 0)
        st = set_error(err, STANCE_EIO, path, 0, "cannot rename %s: %s", partial, strerror(errno));
    free(partial);
    return st;
}
