/*
 * stance-classify: label every sentence of articles, files, directories or
 * stdin with a stance model (the shipped treaty model by default).
 */
#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "common.h"
#include "io.h"
#include "resume.h"

static bool is_file_or_stdin(const char *path)
{
    struct stat sb;
    return strcmp(path, "-") == 0 || (stat(path, &sb) == 0 && !S_ISDIR(sb.st_mode));
}

static void usage(void)
{
    printf("Usage: %s [-m MODEL] [options] [PATH...]\n"
           "Split articles into sentences and label each sentence's stance.\n\n"
           "PATH is a file, or a directory walked recursively; no PATH or '-' reads stdin.\n"
           "A file named *.html or *.htm is reduced to its text (tags, scripts and styles\n"
           "dropped, entities decoded); its records' start and end are byte offsets into\n"
           "the page and their text is the page's text.\n"
           "Without -m the shipped treaty model is used: $STANCE_MODEL, then\n"
           "BINDIR/../share/stance/treaties.model of the prefix this program is installed\n"
           "in, then the configured prefix's, then the source tree's models/.\n\n"
           "  -m, --model MODEL     model file from stance-train\n"
           "  -f, --format FMT      text, tsv, csv, jsonl or html (default text); html writes\n"
           "                        one article's page (to stdout or -o NAME.html); with\n"
           "                        -o DIR a report: DIR/index.html (counts per label,\n"
           "                        outlet, treaty and source; the articles) and a page\n"
           "                        per article, replacing only what stance wrote there\n"
           "      --lines           every input line is one sentence (no splitting); a\n"
           "                        line's target is a treaty it names\n"
           "      --context         with --lines, lines make one text: a target may come\n"
           "                        from the lines before (the treaty under discussion)\n"
           "      --summary         one record per article instead of per sentence\n"
           "      --explain K       add the K features that pushed most toward each sentence's\n"
           "                        label: words \"talks with\", first word \"by\", cue\n"
           "                        tokens, chars \"ce>\" of \"peace\" (not with --summary),\n"
           "                        and the rules that found source and target\n"
           "      --no-attribution  skip finding sources and target treaties (two to three\n"
           "                        times faster; source and target are null)\n"
           "  -j, --jobs N          worker threads (default: number of cores)\n"
           "      --glob PATTERN    files to take from directories, one shell pattern on the\n"
           "                        file name (default *.txt; '*.md' for Markdown, '*.html'\n"
           "                        for HTML pages, which are reduced to their text; several\n"
           "                        kinds: --all)\n"
           "      --all             take every regular file from directories\n"
           "      --follow          follow symbolic links while walking directories\n"
           "      --max-size BYTES  refuse larger files (default 67108864, 64 MiB)\n"
           "      --lossy           replace invalid UTF-8 bytes with '?' instead of failing\n"
           "  -o, --output FILE     write records to FILE instead of stdout (as FILE.partial,\n"
           "                        locked, renamed to FILE when every input is done); FILE\n"
           "                        must be a regular file if it exists; - is stdout\n"
           "      --resume          with --output: keep the inputs already recorded in\n"
           "                        FILE.partial (or FILE) and classify only the rest (the\n"
           "                        same inputs in the same order, -f, --summary and model)\n"
           "      --stdin-jsonl     read {\"id\": ..., \"text\": ...} documents, one per line\n"
           "                        of stdin; records carry the id (for Hadoop Streaming,\n"
           "                        Spark pipe() or GNU parallel --pipe)\n"
           "      --no-progress     no progress line on a terminal's stderr\n"
           "  -h, --help            show this help and exit\n"
           "  -V, --version         show the version and exit\n\n"
           "Exit status: 0 all inputs done; 1 some inputs failed, each reported and the\n"
           "rest done; 2 usage error or unusable model.\n",
           cli_prog);
    exit(0);
}

enum { OPT_LINES = 256, OPT_SUMMARY, OPT_EXPLAIN, OPT_GLOB, OPT_ALL, OPT_FOLLOW, OPT_MAXSIZE,
       OPT_LOSSY, OPT_NOPROGRESS, OPT_RESUME, OPT_JSONL, OPT_NOATTR, OPT_CONTEXT };

static const struct option longopts[] = {
    {"model", required_argument, NULL, 'm'},     {"format", required_argument, NULL, 'f'},
    {"lines", no_argument, NULL, OPT_LINES},     {"summary", no_argument, NULL, OPT_SUMMARY},
    {"explain", required_argument, NULL, OPT_EXPLAIN}, {"jobs", required_argument, NULL, 'j'},
    {"glob", required_argument, NULL, OPT_GLOB}, {"all", no_argument, NULL, OPT_ALL},
    {"follow", no_argument, NULL, OPT_FOLLOW},   {"max-size", required_argument, NULL, OPT_MAXSIZE},
    {"lossy", no_argument, NULL, OPT_LOSSY},     {"output", required_argument, NULL, 'o'},
    {"no-progress", no_argument, NULL, OPT_NOPROGRESS}, {"resume", no_argument, NULL, OPT_RESUME},
    {"stdin-jsonl", no_argument, NULL, OPT_JSONL}, {"help", no_argument, NULL, 'h'},
    {"no-attribution", no_argument, NULL, OPT_NOATTR},
    {"context", no_argument, NULL, OPT_CONTEXT},
    {"version", no_argument, NULL, 'V'},         {NULL, 0, NULL, 0}};

int main(int argc, char **argv)
{
    cli_prog = "stance-classify";
    batch_options o = {.format = FMT_TEXT, .glob = "*.txt", .max_size = (size_t)64 << 20};
    const char *model_path = NULL, *output = NULL;
    bool no_progress = false, resume = false;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = ncpu > 0 ? (int)ncpu : 1;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":m:f:j:o:hV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'm': model_path = optarg; break;
        case 'f':
            if (!out_parse_format(optarg, &o.format))
                cli_usage_error("unknown format '%s' (text, tsv, csv, jsonl, html)", optarg);
            break;
        case OPT_LINES: o.lines = true; break;
        case OPT_SUMMARY: o.summary = true; break;
        case OPT_EXPLAIN: o.explain = (size_t)cli_long(optarg, 0, 1000, "--explain"); break;
        case 'j': o.jobs = (int)cli_long(optarg, 1, 256, "--jobs"); break;
        case OPT_GLOB: o.glob = optarg; break;
        case OPT_ALL: o.all = true; break;
        case OPT_FOLLOW: o.follow = true; break;
        case OPT_MAXSIZE: o.max_size = (size_t)cli_long(optarg, 1, 1L << 40, "--max-size"); break;
        case OPT_LOSSY: o.lossy = true; break;
        case 'o': output = strcmp(optarg, "-") == 0 ? NULL : optarg; break;
        case OPT_NOPROGRESS: no_progress = true; break;
        case OPT_RESUME: resume = true; break;
        case OPT_JSONL: o.stdin_jsonl = true; break;
        case OPT_NOATTR: o.no_attribution = true; break;
        case OPT_CONTEXT: o.context = true; break;
        case 'h': usage(); break;
        case 'V': cli_version(); break;
        default: cli_bad_option(ch, argv);
        }
    }
    if (resume && output == NULL)
        cli_usage_error("--resume needs --output FILE");
    if (resume && o.format == FMT_TEXT)
        cli_usage_error("--resume needs a record format: -f jsonl, tsv or csv");
    if (o.stdin_jsonl && optind < argc)
        cli_usage_error("--stdin-jsonl reads stdin only; no PATH arguments");
    if (o.stdin_jsonl && o.lines)
        cli_usage_error("--stdin-jsonl and --lines do not go together");
    if (o.context && !o.lines)
        cli_usage_error("--context goes with --lines (an article's sentences always make one text)");
    if (o.format == FMT_HTML && resume)
        cli_usage_error("--resume does not work with -f html");
    if (o.summary && o.explain > 0 && o.format != FMT_HTML)
        cli_warn("--explain is ignored with --summary: article records carry no "
                 "explanations (they are per sentence; drop --summary to see them)");
    stance_model *model = cli_load_model(model_path);
    o.model = model;
    o.progress = !no_progress && isatty(STDERR_FILENO);
    char *stdin_only[] = {"-"};
    char *const *paths = optind < argc ? argv + optind : stdin_only;
    size_t npaths = optind < argc ? (size_t)(argc - optind) : 1;
    output_file of = {stdout, NULL, 0, false};
    bool header = true;
    resume_plan done = {0};
    stance_error err;
    size_t olen = output ? strlen(output) : 0;
    bool one_page = o.format == FMT_HTML && olen > 5 && strcmp(output + olen - 5, ".html") == 0;
    if (one_page && (o.stdin_jsonl || npaths > 1 || !is_file_or_stdin(paths[0])))
        cli_usage_error("-o %s: a name ending in .html takes one article's page; for a report "
                        "of several articles name a folder (e.g. -o %.*s)",
                        output, (int)(olen - 5), output);
    if (o.format == FMT_HTML && output != NULL && !one_page) {
        if (mkdir(output, 0777) != 0 && errno != EEXIST) {
            cli_warn("%s: cannot create directory: %s", output, strerror(errno));
            stance_model_free(model);
            return 2;
        }
        o.html_dir = output;
        output = NULL;
    } else if (o.format == FMT_HTML && (o.stdin_jsonl || npaths > 1 || !is_file_or_stdin(paths[0]))) {
        cli_usage_error("-f html with several articles needs -o DIR for their pages");
    }
    if (output != NULL &&
        output_open(output, resume, &o, &done, &of, &header, &err) != STANCE_OK) {
        cli_report(&err);
        stance_model_free(model);
        return 2;
    }
    o.resume = resume ? &done : NULL;
    o.output_name = of.partial ? of.partial : "stdout";
    long failed = batch_run(&o, paths, npaths, of.fp, header);
    int rc = failed < 0 ? 2 : failed > 0 ? 1 : 0;
    if (output != NULL && output_close(&of, output, failed >= 0, &err) != STANCE_OK) {
        cli_report(&err);
        rc = 2;
    }
    resume_plan_free(&done);
    stance_model_free(model);
    return rc;
}
