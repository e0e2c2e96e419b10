/* scratch.c: see scratch.h. */
#include "scratch.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char tmpdir[256];

void scratch_make(const char *tag)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/stance-%s-XXXXXX", tag);
    if (mkdtemp(tmpdir) == NULL)
        tmpdir[0] = '\0';
}

static void remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (!S_ISDIR(sb.st_mode)) {
        unlink(path);
        return;
    }
    DIR *d = opendir(path);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[1024];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            remove_tree(sub);
        }
        closedir(d);
    }
    rmdir(path);
}

void scratch_remove(void)
{
    if (tmpdir[0])
        remove_tree(tmpdir);
}

const char *scratch_put(const char *name, const void *data, size_t len)
{
    static char paths[8][1024];
    static int next;
    char *path = paths[next++ % 8];
    ck_assert_msg(tmpdir[0] != '\0', "no temporary directory");
    snprintf(path, 1024, "%s/%s", tmpdir, name);
    for (char *p = path + strlen(tmpdir) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    FILE *fp = fopen(path, "wb");
    ck_assert_msg(fp != NULL, "cannot write %s", path);
    ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
    fclose(fp);
    return path;
}
