/*
 * common.c: helpers the command-line tools share: messages that start with
 * the program name, strict number parsing, and finding the default model.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

const char *cli_prog = "stance";

/* True while a progress line, without its newline, ends stderr. */
static atomic_bool progress_shown;

void cli_progress_shown(bool shown)
{
    atomic_store(&progress_shown, shown);
}

/* Take stderr for one message (the lock is recursive, so the message's
 * own writes go through) and wipe a progress line the message would
 * otherwise run into; the next progress draw puts it back. */
static void message_begin(void)
{
    flockfile(stderr);
    if (atomic_exchange(&progress_shown, false))
        fputs("\r\033[K", stderr);
    fprintf(stderr, "%s: ", cli_prog);
}

void cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    message_begin();
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", cli_prog);
    funlockfile(stderr);
    exit(2);
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    message_begin();
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    funlockfile(stderr);
}

void cli_report(const stance_error *err)
{
    char buf[2048];
    message_begin();
    fprintf(stderr, "%s\n", stance_error_format(err, buf, sizeof buf));
    funlockfile(stderr);
}

long cli_long(const char *s, long min, long max, const char *option)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (s[0] == '\0' || *end != '\0' || errno == ERANGE || v < min || v > max)
        cli_usage_error("invalid value '%s' for %s (expected an integer from %ld to %ld)", s,
                        option, min, max);
    return v;
}

double cli_double(const char *s, double min, double max, const char *option)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (s[0] == '\0' || *end != '\0' || errno == ERANGE || !isfinite(v) || v < min || v > max)
        cli_usage_error("invalid value '%s' for %s (expected a number from %g to %g)", s, option,
                        min, max);
    return v;
}

void cli_range(const char *s, int lo, int hi, const char *option, int *min, int *max)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    char *dash = strchr(buf, '-');
    if (dash == NULL) {
        *min = *max = (int)cli_long(buf, 0, hi, option);
    } else {
        *dash = '\0';
        *min = (int)cli_long(buf, lo, hi, option);
        *max = (int)cli_long(dash + 1, lo, hi, option);
        if (*min > *max)
            cli_usage_error("invalid range '%s' for %s (MIN-MAX with MIN <= MAX)", s, option);
    }
    if (*min != 0 && *min < lo)
        cli_usage_error("invalid value '%s' for %s (orders from %d to %d, or 0)", s, option, lo, hi);
}

static stance_model *load_or_exit(const char *path)
{
    stance_model *m;
    stance_error err;
    if (stance_model_load(path, &m, &err) != STANCE_OK) {
        cli_report(&err);
        exit(2);
    }
    return m;
}

stance_model *cli_load_model(const char *path)
{
    if (path != NULL)
        return load_or_exit(path);
    char *found = NULL;
    stance_error err;
    if (stance_model_default_path(&found, &err) == STANCE_OK) {
        stance_model *m = load_or_exit(found);
        free(found);
        return m;
    }
    if (err.code == STANCE_EIO) {
        /* A binary run from its build folder, before any install. */
        const char *source = STANCE_SOURCE_MODELS "/treaties.model";
        if (access(source, R_OK) == 0)
            return load_or_exit(source);
        fprintf(stderr, "%s: no model given (-m MODEL) and %s, nor the source tree's %s\n"
                        "Try '%s --help' for more information.\n",
                cli_prog, err.message, source, cli_prog);
        exit(2);
    }
    cli_report(&err);
    exit(2);
}

void cli_version(void)
{
    printf("%s (stance) %s\n", cli_prog, STANCE_VERSION);
    exit(0);
}

void cli_bad_option(int ch, char **argv)
{
    const char *arg = argv[optind - 1];
    if (ch == ':')
        cli_usage_error("option '%s' needs a value", arg);
    if (optopt && strncmp(arg, "--", 2) != 0)
        cli_usage_error("unrecognised option '-%c'", optopt);
    cli_usage_error("unrecognised option '%s'", arg);
}

stance_corpus_format cli_corpus_format(const char *name)
{
    static const char *const names[] = {"auto", "tsv", "fasttext", "dir"};
    static const stance_corpus_format fmts[] = {STANCE_CORPUS_AUTO, STANCE_CORPUS_TSV,
                                                STANCE_CORPUS_FASTTEXT, STANCE_CORPUS_DIR};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return fmts[i];
    cli_usage_error("unknown input format '%s' (auto, tsv, fasttext, dir)", name);
}
