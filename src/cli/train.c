/*
 * stance-train: train a model from labelled corpora, optionally choosing C,
 * class weighting and char weight by cross-validated grid search and
 * reporting k-fold cross-validation (train_grid.c), or describe a model
 * (describe.c).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "describe.h"
#include "error.h"
#include "gold.h"
#include "report.h"
#include "train_grid.h"

static void usage(void)
{
    printf("Usage: %s [options] -o MODEL CORPUS...\n"
           "       %s --describe MODEL [--json]\n"
           "Train a stance model from labelled sentences, or print how a model was trained.\n\n"
           "CORPUS is a TSV file (label<TAB>sentence), a fastText file (__label__LABEL\n"
           "sentence) or a directory DIR/LABEL/*.txt with one sentence per line; '-' is stdin.\n\n"
           "  -o, --output MODEL       where to write the model (written atomically)\n"
           "      --input-format FMT   auto, tsv, fasttext or dir (default auto)\n"
           "  -k, --kernel KERNEL      linear or rbf (default linear)\n"
           "      --solver SOLVER      libsvm, liblinear or auto (default auto: liblinear\n"
           "                           above 20,000 sentences or when libsvm's kernel\n"
           "                           matrix would not fit in half the memory)\n"
           "  -C, --cost C             SVM cost (default 1)\n"
           "  -g, --gamma G            RBF width (default 1; vectors have unit length)\n"
           "      --grid               choose C, class weighting (none or balanced) and the\n"
           "                           char weight by cross-validated grid search; prints\n"
           "                           the table and records the choice in the model\n"
           "      --grid-C LIST        C values for --grid (default 0.125,0.25,...,16)\n"
           "      --grid-char-weight LIST  char weights for --grid (default 0.1,0.3,0.5)\n"
           "      --grid-score SCORE   macro-f1 or accuracy of decision-value labels\n"
           "                           (default macro-f1), or macro-f1:L1,L2,...: the\n"
           "                           F1 averaged over the named labels only (e.g.\n"
           "                           macro-f1:favor,against, SemEval's F_avg)\n"
           "      --cv K               report K-fold cross-validation of these settings\n"
           "      --folds K            folds for --grid (default 5)\n"
           "      --grid-repeats R     deal the grid's folds R times (seeds N, N+1, ...) and\n"
           "                           score every point on all R x K held-out folds\n"
           "                           (default 1; steadier choices on small corpora)\n"
           "  -j, --jobs N             run N grid or cross-validation trainings at once,\n"
           "                           each in its own process (default: number of cores;\n"
           "                           the model is the same for any N)\n"
           "      --balanced           weight classes inversely to their frequency\n"
           "      --class-weight SPEC  per-label training weights, e.g. warns=2,condemns=1.5\n"
           "      --prior-weight SPEC  multiply labels' probabilities at prediction, e.g.\n"
           "                           neutral=2 when neutral sentences are twice as common\n"
           "                           in use as in the corpus\n"
           "      --word-ngrams MIN-MAX  word n-gram orders (default 1-2; 0 for none)\n"
           "      --char-ngrams MIN-MAX  character n-gram orders (default 3-5; 0 for none)\n"
           "      --char-weight W      share of the vector norm for char n-grams (default 0.3)\n"
           "      --min-df N           drop features seen in fewer than N sentences (default 1)\n"
           "      --hash-bits N        hash n-grams into 2^N buckets, 16..24 (default 20)\n"
           "      --no-probability     skip Platt scaling (faster; confidences become vote shares)\n"
           "      --calibrate SET      fit confidence to held-out labelled text SET (a corpus\n"
           "                           file, or a folder of annotated articles NAME.gold.tsv);\n"
           "                           labels do not change (repeatable)\n"
           "      --no-cues            no stance-cue tokens (cue classes with negation,\n"
           "                           modality and a treaty nearby; see the README)\n"
           "      --seed N             seed for folds and the solvers' shuffles (default 1)\n"
           "      --max-kernel-mb N    libsvm: precompute the kernel matrix (fast; 16 bytes\n"
           "                           per pair of sentences) only up to N MB, else let\n"
           "                           libsvm work from the vectors (slower, little\n"
           "                           memory); default half the physical memory\n"
           "      --describe MODEL     print the training settings MODEL records (solver,\n"
           "                           C, weights, features, seed, grid, corpus checksum,\n"
           "                           sentences per label) and exit\n"
           "      --json               with --describe: one JSON object\n"
           "  -q, --quiet              print nothing but errors (no progress, no notes)\n"
           "  -h, --help               show this help and exit\n"
           "  -V, --version            show the version and exit\n\n"
           "Exit status: 0 on success, 1 if a corpus could not be read, 2 on usage errors.\n",
           cli_prog, cli_prog);
    exit(0);
}

enum { OPT_GRID = 256, OPT_CV, OPT_FOLDS, OPT_BALANCED, OPT_WEIGHT, OPT_WORD, OPT_CHAR,
       OPT_CHARW, OPT_MINDF, OPT_BITS, OPT_NOPROB, OPT_SEED, OPT_INFMT, OPT_PRIOR,
       OPT_MAXKERNEL, OPT_NOCUES, OPT_SOLVER, OPT_DESCRIBE, OPT_JSON, OPT_GRIDC, OPT_GRIDCW, OPT_GRIDSCORE, OPT_CALIBRATE,
       OPT_GRIDREPEATS };

static const struct option longopts[] = {
    {"output", required_argument, NULL, 'o'},    {"input-format", required_argument, NULL, OPT_INFMT},
    {"kernel", required_argument, NULL, 'k'},    {"cost", required_argument, NULL, 'C'},
    {"solver", required_argument, NULL, OPT_SOLVER},
    {"gamma", required_argument, NULL, 'g'},     {"grid", no_argument, NULL, OPT_GRID},
    {"cv", required_argument, NULL, OPT_CV},     {"folds", required_argument, NULL, OPT_FOLDS},
    {"balanced", no_argument, NULL, OPT_BALANCED}, {"class-weight", required_argument, NULL, OPT_WEIGHT},
    {"word-ngrams", required_argument, NULL, OPT_WORD}, {"char-ngrams", required_argument, NULL, OPT_CHAR},
    {"char-weight", required_argument, NULL, OPT_CHARW}, {"min-df", required_argument, NULL, OPT_MINDF},
    {"hash-bits", required_argument, NULL, OPT_BITS}, {"no-probability", no_argument, NULL, OPT_NOPROB},
    {"seed", required_argument, NULL, OPT_SEED}, {"quiet", no_argument, NULL, 'q'},
    {"max-kernel-mb", required_argument, NULL, OPT_MAXKERNEL},
    {"prior-weight", required_argument, NULL, OPT_PRIOR}, {"no-cues", no_argument, NULL, OPT_NOCUES},
    {"calibrate", required_argument, NULL, OPT_CALIBRATE},
    {"describe", required_argument, NULL, OPT_DESCRIBE}, {"json", no_argument, NULL, OPT_JSON},
    {"grid-C", required_argument, NULL, OPT_GRIDC}, {"grid-c", required_argument, NULL, OPT_GRIDC},
    {"grid-char-weight", required_argument, NULL, OPT_GRIDCW},
    {"grid-score", required_argument, NULL, OPT_GRIDSCORE}, {"jobs", required_argument, NULL, 'j'},
    {"grid-repeats", required_argument, NULL, OPT_GRIDREPEATS},
    {"help", no_argument, NULL, 'h'},            {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

static stance_solver solver_named(const char *name)
{
    if (strcmp(name, "auto") == 0)
        return STANCE_SOLVER_AUTO;
    if (strcmp(name, "libsvm") == 0)
        return STANCE_SOLVER_LIBSVM;
    if (strcmp(name, "liblinear") == 0)
        return STANCE_SOLVER_LIBLINEAR;
    cli_usage_error("unknown solver '%s' (libsvm, liblinear, auto)", name);
    return STANCE_SOLVER_AUTO;
}

/* Read a calibration set: a corpus file (any format stance_corpus_read
 * takes), or a folder of annotated articles, whose NAME.gold.tsv files give
 * label<TAB>sentence in their first two columns (gold.h reads them, as
 * stance-eval --articles does). */
static stance_status read_calibration(stance_corpus *held, const char *path,
                                      stance_corpus_format fmt, stance_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return stance_corpus_read(held, path, fmt, err);
    char **names;
    size_t n;
    stance_status st = gold_list(path, &names, &n, NULL, err);
    if (st == STANCE_OK && n == 0)
        st = set_error(err, STANCE_EIO, path, 0,
                       "a folder with no annotated articles (NAME.gold.tsv) to calibrate on");
    for (size_t i = 0; i < n && st == STANCE_OK; i++) {
        char file[sizeof err->file];
        if ((size_t)snprintf(file, sizeof file, "%s/%s", path, names[i]) >= sizeof file) {
            st = set_error(err, STANCE_EIO, path, 0, "a file name in this folder is too long");
            break;
        }
        char *buf;
        gold_line *g;
        size_t ng;
        st = gold_read(file, NULL, &buf, &g, &ng, err);
        for (size_t j = 0; j < ng && st == STANCE_OK; j++)
            if ((st = stance_corpus_add(held, buf + g[j].label_off, buf + g[j].text_off,
                                        err)) != STANCE_OK) {
                snprintf(err->file, sizeof err->file, "%s", file);
                err->line = g[j].line;
            }
        free(g);
        free(buf);
    }
    gold_names_free(names, n);
    return st;
}

int main(int argc, char **argv)
{
    cli_prog = "stance-train";
    stance_train_options o;
    stance_train_options_init(&o);
    const char *output = NULL, *describe = NULL;
    bool json = false;
    stance_corpus_format fmt = STANCE_CORPUS_AUTO;
    bool grid = false, quiet = false;
    const char *grid_only = NULL; /* the last option that only --grid reads */
    int cv = 0, ch;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    grid_spec gs;
    grid_spec_default(&gs);
    const char *cal[16];
    size_t ncal = 0;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":o:k:C:g:j:qhV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o': output = optarg; break;
        case OPT_INFMT: fmt = cli_corpus_format(optarg); break;
        case 'k':
            if (strcmp(optarg, "linear") == 0) o.kernel = STANCE_KERNEL_LINEAR;
            else if (strcmp(optarg, "rbf") == 0) o.kernel = STANCE_KERNEL_RBF;
            else cli_usage_error("unknown kernel '%s' (linear, rbf)", optarg);
            break;
        case OPT_SOLVER: o.solver = solver_named(optarg); break;
        case 'C': o.C = cli_double(optarg, 1e-6, 1e6, "--cost"); break;
        case 'g': o.gamma = cli_double(optarg, 1e-9, 1e6, "--gamma"); break;
        case OPT_GRID: grid = true; break;
        case OPT_CV: cv = (int)cli_long(optarg, 2, 100, "--cv"); break;
        case OPT_FOLDS:
            gs.folds = (int)cli_long(optarg, 2, 100, "--folds");
            grid_only = "--folds";
            break;
        case OPT_GRIDREPEATS:
            gs.repeats = (int)cli_long(optarg, 1, 100, "--grid-repeats");
            grid_only = "--grid-repeats";
            break;
        case OPT_GRIDC:
            gs.nC = grid_parse_list(optarg, 1e-6, 1e6, "--grid-C", gs.C);
            grid_only = "--grid-C";
            break;
        case OPT_GRIDCW:
            gs.ncw = grid_parse_list(optarg, 0, 1, "--grid-char-weight", gs.char_weight);
            grid_only = "--grid-char-weight";
            break;
        case OPT_GRIDSCORE:
            grid_parse_score(optarg, &gs);
            grid_only = "--grid-score";
            break;
        case 'j': jobs = cli_long(optarg, 1, 1024, "--jobs"); break;
        case OPT_BALANCED: o.balanced = true; break;
        case OPT_WEIGHT: o.class_weights = optarg; break;
        case OPT_PRIOR: o.prior_weights = optarg; break;
        case OPT_CALIBRATE:
            if (ncal < sizeof cal / sizeof cal[0])
                cal[ncal++] = optarg;
            else
                cli_usage_error("at most %zu --calibrate sets", sizeof cal / sizeof cal[0]);
            break;
        case OPT_WORD: cli_range(optarg, 1, 5, "--word-ngrams", &o.word_min, &o.word_max); break;
        case OPT_CHAR: cli_range(optarg, 2, 8, "--char-ngrams", &o.char_min, &o.char_max); break;
        case OPT_CHARW: o.char_weight = cli_double(optarg, 0, 1, "--char-weight"); break;
        case OPT_MINDF: o.min_df = (int)cli_long(optarg, 1, 1000000, "--min-df"); break;
        case OPT_BITS: o.hash_bits = (int)cli_long(optarg, 16, 24, "--hash-bits"); break;
        case OPT_NOPROB: o.probability = false; break;
        case OPT_NOCUES: o.cues = false; break;
        case OPT_SEED: o.seed = (unsigned)cli_long(optarg, 0, 2147483647L, "--seed"); break;
        case OPT_MAXKERNEL:
            o.max_kernel_bytes = (size_t)cli_long(optarg, 1, 1L << 30, "--max-kernel-mb") << 20;
            break;
        case OPT_DESCRIBE: describe = optarg; break;
        case OPT_JSON: json = true; break;
        case 'q': quiet = true; break;
        case 'h': usage(); break;
        case 'V': cli_version(); break;
        default: cli_bad_option(ch, argv);
        }
    }
    if (describe != NULL) {
        if (output != NULL || optind < argc)
            cli_usage_error("--describe MODEL takes no corpus and no -o");
        stance_model *m = cli_load_model(describe);
        describe_model(stdout, describe, m, json);
        stance_model_free(m);
        return 0;
    }
    if (json)
        cli_usage_error("--json goes with --describe MODEL");
    if (grid_only != NULL && !grid)
        cli_usage_error("%s goes with --grid", grid_only);
    if (output == NULL)
        cli_usage_error("no output model given (-o MODEL)");
    if (optind == argc)
        cli_usage_error("no corpus given");
    if (o.word_max == 0 && o.char_max == 0)
        cli_usage_error("no features: --word-ngrams and --char-ngrams are both 0");
    if (o.solver == STANCE_SOLVER_LIBLINEAR && o.kernel == STANCE_KERNEL_RBF)
        cli_usage_error("--solver liblinear trains linear models only (not --kernel rbf)");
    if (ncal > 0 && !o.probability)
        cli_usage_error("--calibrate fits probabilities, which --no-probability turns off");
    stance_corpus *c;
    stance_error err;
    if (stance_corpus_new(&c) != STANCE_OK) {
        cli_warn("out of memory");
        return 1;
    }
    for (int i = optind; i < argc; i++)
        if (stance_corpus_read(c, argv[i], fmt, &err) != STANCE_OK) {
            cli_report(&err);
            stance_corpus_free(c);
            return 1;
        }
    bool progress = !quiet && isatty(STDERR_FILENO);
    if (jobs < 1)
        jobs = 1;
    if ((grid && grid_search(c, &o, &gs, (int)jobs, quiet, progress) != 0) ||
        (cv && cross_validate(c, &o, cv, (int)jobs, quiet, progress) != 0)) {
        stance_corpus_free(c);
        return 1;
    }
    if (!quiet && o.probability)
        note_small_corpus(c);
    if (progress)
        o.progress = progress_train;
    stance_corpus *held = NULL;
    if (ncal > 0) {
        if (stance_corpus_new(&held) != STANCE_OK) {
            cli_warn("out of memory");
            stance_corpus_free(c);
            return 1;
        }
        for (size_t i = 0; i < ncal; i++)
            if (read_calibration(held, cal[i], fmt, &err) != STANCE_OK) {
                cli_report(&err);
                stance_corpus_free(held);
                stance_corpus_free(c);
                return 1;
            }
    }
    stance_model *model;
    int rc = 0;
    stance_calibration calib;
    stance_status tst = stance_train(c, &o, &model, &err);
    if (progress)
        progress_end();
    if (tst != STANCE_OK) {
        cli_report(&err);
        rc = err.code == STANCE_EINVAL ? 2 : 1;
    } else {
        if (held != NULL && stance_model_calibrate(model, held, &calib, &err) != STANCE_OK) {
            cli_report(&err);
            rc = err.code == STANCE_EINVAL ? 2 : 1;
        } else if (held != NULL && !quiet) {
            printf("calibrated on %zu held-out sentences: Platt sigmoids scaled by %.3f "
                   "(mean log-loss %.4f -> %.4f)\n",
                   calib.sentences, calib.scale, calib.nll_before, calib.nll_after);
        }
        if (rc != 0) {
        } else if (stance_model_save(model, output, &err) != STANCE_OK) {
            cli_report(&err);
            rc = 1;
        } else if (!quiet) {
            size_t n = stance_corpus_size(c);
            printf("trained on %zu sentences (%s): %s\nwrote %s\n", n,
                   stance_train_solver(&o, n) == STANCE_SOLVER_LIBLINEAR ? "liblinear" : "libsvm",
                   stance_model_describe(model), output);
        }
        stance_model_free(model);
    }
    stance_corpus_free(held);
    stance_corpus_free(c);
    return rc;
}
