/*
 * train_grid.c: stance-train's grid search over C x class weighting x char
 * weight and its --cv report.  Every (point, fold) training is a task of
 * forkpool.c, so -j N runs N at once, each in a process of its own (libsvm
 * and LIBLINEAR shuffle with the process-global rand()); with repeats, the
 * folds are dealt again from the next seeds and every point is
 * cross-validated once per dealing, its counts summed; the scores are
 * computed from the per-task confusion counts in task order, so the table
 * and the chosen point, and hence the model, are the same for any -j.
 * Also the progress line drawn on a terminal's stderr.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "forkpool.h"
#include "report.h"
#include "train_grid.h"

/* -------------------------------------------------------------- progress */

static struct {
    bool on, drawn;
    double start, last;
} prog;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_begin(bool on)
{
    prog.on = on;
    prog.drawn = false;
    prog.start = prog.last = now();
}

static void fmt_time(char *buf, size_t cap, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, cap, "%ldh%02ldm", t / 3600, t / 60 % 60);
    else if (t >= 60)
        snprintf(buf, cap, "%ldm%02lds", t / 60, t % 60);
    else
        snprintf(buf, cap, "%lds", t);
}

/* Draw "PROG: what, elapsed, ETA" (at most five times a second). */
static void progress_draw(const char *what, size_t done, size_t total)
{
    if (!prog.on)
        return;
    double t = now();
    if (done < total && t - prog.last < 0.2 && prog.drawn)
        return;
    prog.last = t;
    char el[48], eta[80] = "";
    fmt_time(el, sizeof el, t - prog.start);
    if (done > 0 && total > done) {
        char r[48];
        fmt_time(r, sizeof r, (t - prog.start) / (double)done * (double)(total - done));
        snprintf(eta, sizeof eta, ", ETA %s", r);
    }
    fprintf(stderr, "\r\033[K%s: %s, %s%s", cli_prog, what, el, eta);
    fflush(stderr);
    prog.drawn = true;
}

void progress_end(void)
{
    if (prog.on && prog.drawn)
        fputs("\r\033[K", stderr);
    prog.drawn = false;
}

void progress_train(void *arg, const char *phase, size_t done, size_t total)
{
    (void)arg;
    static char last[32];
    if (!prog.on)
        progress_begin(isatty(2));
    if (strcmp(last, phase) != 0) { /* each phase its own clock for the ETA */
        snprintf(last, sizeof last, "%s", phase);
        prog.start = now();
        prog.drawn = false;
    }
    char what[96];
    if (total > 0)
        snprintf(what, sizeof what, "%s %zu/%zu", phase, done, total);
    else
        snprintf(what, sizeof what, "%s", phase);
    progress_draw(what, done, total);
}

/* ---------------------------------------------------------------- tasks */

typedef struct run {
    const stance_corpus *c;
    const stance_train_options *base;
    const grid_spec *g; /* NULL for --cv */
    int folds;
    int repeats;        /* dealings of the folds, each from its own seed */
    int *fold;          /* repeats x sentences: dealing d's fold of sentence i at
                           d * sentences + i */
    size_t k;
} run;

/* The options of grid point p. */
static stance_train_options point_options(const run *r, size_t p)
{
    stance_train_options o = *r->base;
    const grid_spec *g = r->g;
    if (g == NULL)
        return o;
    o.C = g->C[p % g->nC];
    o.balanced = (p / g->nC) % 2 == 1;
    o.char_weight = g->char_weight[p / g->nC / 2];
    o.probability = false;   /* labels from decision values are what is scored */
    o.prior_weights = NULL;  /* and priors scale probabilities, which these lack */
    return o;
}

/* Task t is point t / (repeats x folds), dealing t / folds % repeats,
 * fold t % folds. */
static stance_status task(size_t t, void *out, stance_error *err, void *arg)
{
    const run *r = arg;
    size_t per_point = (size_t)r->repeats * (size_t)r->folds;
    size_t deal = t / (size_t)r->folds % (size_t)r->repeats;
    stance_train_options o = point_options(r, t / per_point);
    o.progress = NULL;
    return stance_cv_fold(r->c, &o, r->fold + deal * stance_corpus_size(r->c),
                          (int)(t % (size_t)r->folds), out, err);
}

static void task_done(size_t done, size_t total, void *arg)
{
    const run *r = arg;
    char what[96];
    size_t folds = (size_t)r->folds * (size_t)r->repeats;
    if (r->g)
        snprintf(what, sizeof what, "grid: %zu/%zu trainings (%zu/%zu points done)", done, total,
                 done / folds, total / folds);
    else
        snprintf(what, sizeof what, "cross-validation: %zu/%zu folds done", done, total);
    progress_draw(what, done, total);
}

/* Run every task of r (npoints x repeats x folds) and return the summed
 * confusion counts per point (npoints x k x k), or NULL after reporting an
 * error.  Dealing d takes its folds from seed + d, so one dealing is the
 * folds of --seed. */
static size_t *run_all(run *r, size_t npoints, int jobs, bool progress)
{
    stance_error err;
    size_t n = stance_corpus_size(r->c), kk = r->k * r->k;
    size_t per_point = (size_t)r->repeats * (size_t)r->folds, ntasks = npoints * per_point;
    r->fold = malloc((n ? n : 1) * (size_t)r->repeats * sizeof *r->fold);
    size_t *counts = malloc(ntasks * kk * sizeof *counts);
    size_t *sum = calloc(npoints * kk, sizeof *sum);
    if (!r->fold || !counts || !sum) {
        cli_warn("out of memory");
        goto fail;
    }
    for (int d = 0; d < r->repeats; d++)
        if (stance_cv_assign(r->c, r->folds, r->base->seed + (unsigned)d, r->fold + (size_t)d * n,
                             &err) != STANCE_OK) {
            cli_report(&err);
            goto fail;
        }
    progress_begin(progress);
    task_done(0, ntasks, r);
    stance_status st = pool_run(ntasks, kk * sizeof *counts, jobs, task, counts, task_done, r,
                                &err);
    progress_end();
    if (st != STANCE_OK) {
        cli_report(&err);
        goto fail;
    }
    for (size_t t = 0; t < ntasks; t++)
        for (size_t i = 0; i < kk; i++)
            sum[t / per_point * kk + i] += counts[t * kk + i];
    free(counts);
    free(r->fold);
    return sum;
fail:
    free(counts);
    free(sum);
    free(r->fold);
    return NULL;
}

/* Counts of k x k into new metrics (NULL when out of memory). */
static stance_metrics *metrics_of(const size_t *counts, size_t k)
{
    stance_metrics *m;
    if (stance_metrics_new(k, &m) != STANCE_OK)
        return NULL;
    for (size_t g = 0; g < k; g++)
        for (size_t p = 0; p < k; p++)
            for (size_t i = 0; i < counts[g * k + p]; i++)
                stance_metrics_add(m, g, p);
    return m;
}

/* ------------------------------------------------------------ the grid */

void grid_spec_default(grid_spec *g)
{
    static const double C[] = {0.125, 0.25, 0.5, 1, 2, 4, 8, 16}, cw[] = {0.1, 0.3, 0.5};
    memset(g, 0, sizeof *g);
    memcpy(g->C, C, sizeof C);
    g->nC = sizeof C / sizeof C[0];
    memcpy(g->char_weight, cw, sizeof cw);
    g->ncw = sizeof cw / sizeof cw[0];
    g->folds = 5;
    g->repeats = 1;
    g->score = "macro-f1";
}

void grid_parse_score(const char *text, grid_spec *g)
{
    g->accuracy = false;
    g->over = NULL;
    g->score = text;
    if (strcmp(text, "macro-f1") == 0)
        return;
    if (strcmp(text, "accuracy") == 0) {
        g->accuracy = true;
        return;
    }
    if (strncmp(text, "macro-f1:", 9) != 0)
        cli_usage_error("unknown grid score '%s' (macro-f1, accuracy, macro-f1:LABEL,LABEL...)",
                        text);
    const char *l = text + 9;
    if (*l == '\0' || *l == ',' || l[strlen(l) - 1] == ',' || strstr(l, ",,") != NULL)
        cli_usage_error("grid score '%s': an empty label in the list", text);
    for (const char *p = l; *p; p++)
        if ((unsigned char)*p <= ' ')
            cli_usage_error("grid score '%s': labels have no whitespace", text);
    if (strlen(text) >= 128)
        cli_usage_error("grid score '%s': longer than 127 bytes", text);
    g->over = l;
}

/* The indices in labels (k) of the comma-separated names in over, into
 * which (capacity k); a name not there, or named twice, is a usage error. */
static size_t resolve_over(const char *over, const char **labels, size_t k, size_t *which)
{
    size_t n = 0;
    for (const char *p = over; *p;) {
        size_t len = strcspn(p, ",");
        size_t i = 0;
        while (i < k && (strlen(labels[i]) != len || strncmp(labels[i], p, len) != 0))
            i++;
        if (i == k)
            cli_usage_error("--grid-score: unknown label '%.*s' (not in the training corpus)",
                            (int)len, p);
        for (size_t j = 0; j < n; j++)
            if (which[j] == i)
                cli_usage_error("--grid-score: label '%.*s' named twice", (int)len, p);
        which[n++] = i;
        p += len + (p[len] == ',');
    }
    return n;
}

size_t grid_parse_list(const char *s, double min, double max, const char *option, double *out)
{
    size_t n = 0;
    const char *p = s;
    for (;;) {
        char *end;
        double v = strtod(p, &end);
        if (end == p || !(v >= min && v <= max) || (*end != ',' && *end != '\0') || n == 32)
            cli_usage_error("invalid list '%s' for %s (up to 32 numbers from %g to %g, "
                            "comma-separated)", s, option, min, max);
        out[n++] = v;
        if (*end == '\0')
            return n;
        p = end + 1;
    }
}

int grid_search(const stance_corpus *c, stance_train_options *o, const grid_spec *spec, int jobs,
                bool quiet, bool progress)
{
    grid_spec g = *spec;
    if (o->char_max == 0 || o->word_max == 0) { /* one block: its weight does nothing */
        g.char_weight[0] = o->char_weight;
        g.ncw = 1;
    }
    const char **labels;
    size_t k;
    if (stance_corpus_labels(c, &labels, &k) != STANCE_OK) {
        cli_warn("out of memory");
        return 1;
    }
    size_t *which = malloc((k ? k : 1) * sizeof *which), nover = 0;
    if (which == NULL) {
        free(labels);
        cli_warn("out of memory");
        return 1;
    }
    if (g.over)
        nover = resolve_over(g.over, labels, k, which);
    free(labels);
    run r = {c, o, &g, g.folds, g.repeats, NULL, k};
    size_t npoints = g.nC * 2 * g.ncw;
    size_t *sum = run_all(&r, npoints, jobs, progress);
    if (sum == NULL) {
        free(which);
        return 1;
    }
    const char *score = g.accuracy ? "accuracy" : g.over ? g.score : "macro-f1";
    char name[160];
    if (g.over)
        snprintf(name, sizeof name, "F1 averaged over %s", g.over);
    else
        snprintf(name, sizeof name, "%s", g.accuracy ? "accuracy" : "macro-F1");
    char again[64] = "";
    if (g.repeats > 1)
        snprintf(again, sizeof again, " repeated %d times", g.repeats);
    if (!quiet)
        printf("grid search: %zu points (C x class weighting x char weight), %d-fold "
               "cross-validation%s, scored by %s of decision-value labels\n"
               "  char_weight  weighting  C         macro-F1  accuracy%s\n",
               npoints, g.folds, again, name, g.over ? "  F1-over" : "");
    size_t best = 0;
    double best_score = -1;
    for (size_t p = 0; p < npoints; p++) {
        stance_metrics *m = metrics_of(sum + p * k * k, k);
        if (m == NULL) {
            cli_warn("out of memory");
            free(sum);
            free(which);
            return 1;
        }
        double f1 = stance_metrics_macro_f1(m), acc = stance_metrics_accuracy(m);
        double over = g.over ? stance_metrics_f1_over(m, which, nover) : 0;
        stance_metrics_free(m);
        double s = g.accuracy ? acc : g.over ? over : f1;
        if (s > best_score + 1e-12) {
            best_score = s;
            best = p;
        }
        stance_train_options po = point_options(&r, p);
        if (!quiet) {
            if (g.over)
                printf("  %-11g  %-9s  %-8g  %.4f    %.4f    %.4f\n", po.char_weight,
                       po.balanced ? "balanced" : "none", po.C, f1, acc, over);
            else
                printf("  %-11g  %-9s  %-8g  %.4f    %.4f\n", po.char_weight,
                       po.balanced ? "balanced" : "none", po.C, f1, acc);
        }
    }
    free(sum);
    free(which);
    stance_train_options chosen = point_options(&r, best);
    o->C = chosen.C;
    o->balanced = chosen.balanced;
    o->char_weight = chosen.char_weight;
    o->grid_folds = g.folds;
    o->grid_repeats = g.repeats;
    o->grid_points = npoints;
    o->grid_score = score;
    o->grid_value = best_score;
    if (!quiet)
        printf("chose C=%g, class weighting %s, char weight %g (%s %.4f)\n", o->C,
               o->balanced ? "balanced" : "none", o->char_weight,
               name, best_score);
    return 0;
}

int cross_validate(const stance_corpus *c, const stance_train_options *o, int folds, int jobs,
                   bool quiet, bool progress)
{
    const char **labels;
    size_t k;
    if (stance_corpus_labels(c, &labels, &k) != STANCE_OK) {
        cli_warn("out of memory");
        return 1;
    }
    run r = {c, o, NULL, folds, 1, NULL, k};
    size_t *sum = run_all(&r, 1, jobs, progress);
    stance_metrics *m = sum ? metrics_of(sum, k) : NULL;
    if (sum && m == NULL)
        cli_warn("out of memory");
    if (m && !quiet) {
        printf("%d-fold cross-validation:\n", folds);
        report_text(stdout, m, labels, k);
    }
    stance_metrics_free(m);
    free(sum);
    free(labels);
    return m ? 0 : 1;
}

/* ------------------------------------------------------- small corpora */

/* Fewer sentences of a label than this and the 5-fold Platt fit of its
 * pairs rests on a handful of held-out values per fold. */
#define PLATT_MIN_PER_LABEL 20

void note_small_corpus(const stance_corpus *c)
{
    const char **labels;
    size_t k;
    if (stance_corpus_labels(c, &labels, &k) != STANCE_OK)
        return;
    size_t n = stance_corpus_size(c), fewest = SIZE_MAX, which = 0;
    for (size_t l = 0; l < k; l++) {
        size_t cnt = 0;
        for (size_t i = 0; i < n; i++)
            cnt += strcmp(stance_corpus_label(c, i), labels[l]) == 0;
        if (cnt < fewest) {
            fewest = cnt;
            which = l;
        }
    }
    if (k >= 2 && fewest < PLATT_MIN_PER_LABEL)
        cli_warn("note: label '%s' has %zu training sentence%s, too few to fit probabilities "
                 "reliably (at least %d per label); labels come from the decision values and "
                 "are not affected, but confidences may be wrong (--no-probability skips the "
                 "fit)",
                 labels[which], fewest, fewest == 1 ? "" : "s", PLATT_MIN_PER_LABEL);
    free(labels);
}
