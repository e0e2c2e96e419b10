/*
 * error.c: status texts and the caller-owned error struct.  The library
 * reports every failure through a stance_status plus, optionally, a
 * stance_error that names the file and the place; it never prints.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

const char *stance_strerror(stance_status code)
{
    switch (code) {
    case STANCE_OK: return "success";
    case STANCE_ENOMEM: return "out of memory";
    case STANCE_EIO: return "input/output error";
    case STANCE_EUTF8: return "invalid UTF-8";
    case STANCE_EBINARY: return "binary data";
    case STANCE_EFORMAT: return "malformed input";
    case STANCE_EMODEL: return "unusable model file";
    case STANCE_EINVAL: return "invalid argument";
    case STANCE_ELIMIT: return "size limit exceeded";
    case STANCE_ETRAIN: return "training failed";
    }
    return "unknown error";
}

stance_status set_error(stance_error *err, stance_status code, const char *file,
                        size_t line, const char *fmt, ...)
{
    if (err == NULL)
        return code;
    memset(err, 0, sizeof *err);
    err->code = code;
    if (file != NULL)
        snprintf(err->file, sizeof err->file, "%s", file);
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void set_error_offset(stance_error *err, size_t offset)
{
    if (err == NULL)
        return;
    err->offset = offset;
    err->has_offset = true;
}

char *stance_error_format(const stance_error *err, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    buf[0] = '\0';
    if (err == NULL)
        return buf;
    const char *msg = err->message[0] ? err->message : stance_strerror(err->code);
    char where[1100] = "";
    if (err->file[0] && err->line > 0)
        snprintf(where, sizeof where, "%s:%zu: ", err->file, err->line);
    else if (err->file[0] && err->has_offset)
        snprintf(where, sizeof where, "%s: byte %zu: ", err->file, err->offset);
    else if (err->file[0])
        snprintf(where, sizeof where, "%s: ", err->file);
    else if (err->has_offset)
        snprintf(where, sizeof where, "byte %zu: ", err->offset);
    snprintf(buf, n, "%s%s", where, msg);
    return buf;
}
