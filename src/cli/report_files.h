/* report_files.h: the files of an HTML report folder (-f html -o DIR):
 * safe page names that keep an input's sub-folders, pages created without
 * ever replacing a file stance did not write, and the manifest
 * (DIR/stance-manifest.txt) of what it wrote, so that the next run into
 * DIR removes exactly those files and touches nothing else. */
#ifndef STANCE_CLI_REPORT_FILES_H
#define STANCE_CLI_REPORT_FILES_H

#include <stdbool.h>
#include <stdio.h>

#include "strbuf.h"

#define REPORT_MANIFEST "stance-manifest.txt"

typedef struct report_dir {
    char *dir;        /* DIR, as given */
    FILE *manifest;   /* the new manifest, a line per file or folder written */
    char msg[1024];   /* why the last call failed */
} report_dir;

/* Make DIR if it is missing; remove the files (and then empty folders) an
 * earlier run listed in DIR's manifest; refuse a DIR/index.html that no
 * manifest lists; start the new manifest.  False with msg set on failure
 * (a manifest line that names no page stance writes is refused, so a
 * damaged manifest can never remove other files). */
bool report_dir_open(report_dir *d, const char *dir);

/* Write the file DIR/rel (folders made as needed) from up to three pieces,
 * never replacing an existing file: when DIR/rel exists, "-2", "-3", ...
 * go before ".html".  The name used goes to *used (rel or its variant),
 * and to the manifest once the file is made.  False with msg set. */
bool report_dir_write(report_dir *d, const char *rel, const char *const piece[3],
                      const size_t len[3], strbuf *used);

/* DIR/index.html, replaced atomically (temp file, fsync, rename). */
bool report_dir_write_index(report_dir *d, const strbuf *page);

/* Finish the manifest (listing index.html).  False with msg set. */
bool report_dir_close(report_dir *d);
void report_dir_free(report_dir *d);

/* Append to name the page name of an input: path's part below root (the
 * PATH that was walked; NULL or a root that is not path's prefix: the
 * last component), each byte outside [A-Za-z0-9.-] (and a leading '.')
 * written as _XX, components cut at 180 bytes with a hash, and ".html";
 * prefix, when not NULL, comes first as a folder.  A name at the top that
 * would clash with the index or manifest has its first byte escaped. */
void report_page_name(strbuf *name, const char *prefix, const char *path, const char *root);

#endif
