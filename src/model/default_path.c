/*
 * default_path.c: where the shipped default model is, so that an installed
 * tree still finds it after `cmake --install build --prefix DIR` or after
 * being moved.  The data directory is found from where this copy of the
 * library's code lives: the shared library's own file (dladdr) or, when the
 * library is linked statically, the running program (/proc/self/exe).  The
 * build records the relative way from the library and binary folders to
 * the data folder (STANCE_LIB_TO_DATA, STANCE_BIN_TO_DATA), and the
 * configured data folder (STANCE_DATADIR) as a last resort.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dladdr */
#endif
#include <dlfcn.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "stance.h"

#ifndef STANCE_DATADIR
#define STANCE_DATADIR "/usr/local/share/stance"
#endif
#ifndef STANCE_LIB_TO_DATA
#define STANCE_LIB_TO_DATA "../share/stance"
#endif
#ifndef STANCE_BIN_TO_DATA
#define STANCE_BIN_TO_DATA "../share/stance"
#endif

#define MODEL_NAME "treaties.model"

/* Copy the folder part of the resolved path `file` into dir (size PATH_MAX);
 * false when it cannot be resolved. */
static bool folder_of(const char *file, char *dir)
{
    if (realpath(file, dir) == NULL)
        return false;
    char *slash = strrchr(dir, '/');
    if (slash == NULL)
        return false;
    slash[slash == dir] = '\0'; /* keep "/" for a file at the root */
    return true;
}

/* The folder holding this code, and the way from it to the data folder:
 * the shared library's folder when dladdr names a libstance shared object,
 * else the running program's folder.  False when neither is known. */
static bool code_folder(char *dir, const char **to_data)
{
    Dl_info info;
    if (dladdr((void *)stance_model_default_path, &info) != 0 && info.dli_fname != NULL) {
        const char *base = strrchr(info.dli_fname, '/');
        base = base ? base + 1 : info.dli_fname;
        if (strncmp(base, "libstance.so", 12) == 0 && folder_of(info.dli_fname, dir)) {
            *to_data = STANCE_LIB_TO_DATA;
            return true;
        }
    }
    *to_data = STANCE_BIN_TO_DATA;
    return folder_of("/proc/self/exe", dir);
}

/* *out = a copy of s; false when out of memory. */
static bool copy(const char *s, char **out)
{
    size_t n = strlen(s) + 1;
    *out = malloc(n);
    if (*out != NULL)
        memcpy(*out, s, n);
    return *out != NULL;
}

stance_status stance_model_default_path(char **path, stance_error *err)
{
    if (path == NULL)
        return set_error(err, STANCE_EINVAL, NULL, 0, "no place for the path (NULL)");
    *path = NULL;
    const char *env = getenv("STANCE_MODEL");
    if (env != NULL && env[0] != '\0')
        return copy(env, path) ? STANCE_OK : set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");

    char dir[PATH_MAX], relative[PATH_MAX + 64] = "";
    const char *to_data;
    if (code_folder(dir, &to_data)) {
        int n = snprintf(relative, sizeof relative, "%s/%s/%s", dir, to_data, MODEL_NAME);
        char found[PATH_MAX];
        if (n > 0 && (size_t)n < sizeof relative && access(relative, R_OK) == 0)
            return copy(realpath(relative, found) ? found : relative, path)
                       ? STANCE_OK
                       : set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    }
    const char *configured = STANCE_DATADIR "/" MODEL_NAME;
    if (access(configured, R_OK) == 0)
        return copy(configured, path) ? STANCE_OK
                                      : set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory");
    if (relative[0] != '\0' && strcmp(relative, configured) != 0)
        return set_error(err, STANCE_EIO, NULL, 0,
                         "no default model ($STANCE_MODEL is not set; tried %s and %s)", relative,
                         configured);
    return set_error(err, STANCE_EIO, NULL, 0,
                     "no default model ($STANCE_MODEL is not set; tried %s)", configured);
}
