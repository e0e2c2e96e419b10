/*
 * stance-eval: score a model on labelled corpora, or score the sentence
 * splitter and the model on annotated articles (--articles DIR).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "articles.h"
#include "common.h"
#include "gold.h"
#include "report.h"

static void usage(void)
{
    printf("Usage: %s [-m MODEL] [options] CORPUS...\n"
           "   or: %s [-m MODEL] [options] --articles DIR\n"
           "Measure a model on labelled sentences, or the splitter and the model on\n"
           "annotated articles (DIR/NAME.txt beside DIR/NAME.gold.tsv).\n\n"
           "  -m, --model MODEL     model file (default: the shipped treaty model)\n"
           "      --articles DIR    evaluate annotated articles\n"
           "      --input-format F  auto, tsv, fasttext or dir (default auto)\n"
           "  -f, --format FMT      text or json (default text)\n"
           "  -h, --help            show this help and exit\n"
           "  -V, --version         show the version and exit\n\n"
           "Exit status: 0 on success, 1 if an input could not be read, 2 on usage\n"
           "errors or an unusable model.\n",
           cli_prog, cli_prog);
    exit(0);
}

static const struct option longopts[] = {
    {"model", required_argument, NULL, 'm'},   {"articles", required_argument, NULL, 'a'},
    {"input-format", required_argument, NULL, 'i'}, {"format", required_argument, NULL, 'f'},
    {"help", no_argument, NULL, 'h'},          {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

static const char **model_labels(const stance_model *m, size_t *k)
{
    *k = stance_model_label_count(m);
    const char **l = malloc(*k * sizeof *l);
    for (size_t i = 0; l && i < *k; i++)
        l[i] = stance_model_label(m, i);
    return l;
}

/* "FILE:LINE: label "X" is not one of the model's labels (A, B, ...)". */
static void unknown_label(const stance_model *model, const stance_corpus *c, size_t i)
{
    size_t line;
    const char *file = stance_corpus_origin(c, i, &line);
    char labels[1024] = "";
    size_t used = 0;
    for (size_t j = 0; j < stance_model_label_count(model) && used < sizeof labels; j++)
        used += (size_t)snprintf(labels + used, sizeof labels - used, "%s%s", j ? ", " : "",
                                 stance_model_label(model, j));
    if (file != NULL)
        cli_warn("%s:%zu: label \"%s\" is not one of the model's labels (%s)", file, line,
                 stance_corpus_label(c, i), labels);
    else
        cli_warn("sentence %zu: label \"%s\" is not one of the model's labels (%s)", i + 1,
                 stance_corpus_label(c, i), labels);
}

static int eval_corpora(const stance_model *model, char **paths, int n,
                        stance_corpus_format fmt, bool json)
{
    stance_corpus *c;
    stance_error err;
    stance_metrics *m;
    stance_predictor *p;
    size_t k;
    const char **labels = model_labels(model, &k);
    if (stance_corpus_new(&c) != STANCE_OK || stance_metrics_new(k, &m) != STANCE_OK ||
        stance_predictor_new(model, &p) != STANCE_OK || labels == NULL) {
        cli_warn("out of memory");
        return 1;
    }
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        if (stance_corpus_read(c, paths[i], fmt, &err) != STANCE_OK) {
            cli_report(&err);
            rc = 1;
        }
    for (size_t i = 0; rc == 0 && i < stance_corpus_size(c); i++) {
        int gold = stance_model_label_index(model, stance_corpus_label(c, i));
        if (gold < 0) {
            unknown_label(model, c, i);
            rc = 1;
            break;
        }
        stance_prediction pr;
        const char *t = stance_corpus_text(c, i);
        if (stance_predict(p, t, strlen(t), 0, &pr) != STANCE_OK) {
            cli_warn("sentence %zu: prediction failed", i + 1);
            rc = 1;
            break;
        }
        stance_metrics_add_confident(m, (size_t)gold, (size_t)pr.label, pr.confidence);
    }
    if (rc == 0) {
        if (json) {
            report_json(stdout, m, labels, k);
            putchar('\n');
        } else {
            report_text(stdout, m, labels, k);
        }
    }
    free(labels);
    stance_predictor_free(p);
    stance_metrics_free(m);
    stance_corpus_free(c);
    return rc;
}

/* Add one article's scores to the running total. */
static void add_score(stance_article_score *t, const stance_article_score *s)
{
    t->gold += s->gold;
    t->predicted += s->predicted;
    t->matched += s->matched;
    t->source_tp += s->source_tp;
    t->source_fp += s->source_fp;
    t->source_fn += s->source_fn;
    t->target_tp += s->target_tp;
    t->target_fp += s->target_fp;
    t->target_fn += s->target_fn;
}

/* Precision, recall and F1 from counts (0 where undefined). */
static void prf(size_t tp, size_t fp, size_t fn, double *p, double *r, double *f)
{
    *p = tp + fp ? (double)tp / (double)(tp + fp) : 0;
    *r = tp + fn ? (double)tp / (double)(tp + fn) : 0;
    *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

/* One line of source or target agreement, as text or as a JSON member. */
static void print_agreement(const char *what, const article_counts *c, bool json)
{
    double p, r, f;
    prf(c->tp, c->fp, c->fn, &p, &r, &f);
    if (json)
        printf("\"%s\": {\"tp\": %zu, \"fp\": %zu, \"fn\": %zu, \"precision\": %.6f, "
               "\"recall\": %.6f, \"f1\": %.6f}, ", what, c->tp, c->fp, c->fn, p, r, f);
    else
        printf("%s on matched sentences: precision %.4f, recall %.4f, F1 %.4f "
               "(%zu tp, %zu fp, %zu fn)\n", what, p, r, f, c->tp, c->fp, c->fn);
}

static double f1_of(const article_counts *c)
{
    double p, r, f;
    prf(c->tp, c->fp, c->fn, &p, &r, &f);
    return f;
}

/* The per-pattern table: source and target P/R/F1 by the containment rule,
 * and the source F1 by normalised names. */
static void print_patterns(const article_report *rep, bool json)
{
    if (json) {
        printf("\"patterns\": {");
        for (size_t i = 0; i < rep->npatterns; i++) {
            const article_pattern *pt = &rep->pattern[i];
            printf("%s\"%s\": {\"sentences\": %zu, ", i ? ", " : "", pt->name, pt->sentences);
            print_agreement("source", &pt->source, true);
            print_agreement("source_normalised", &pt->source_norm, true);
            print_agreement("target", &pt->target, true);
            printf("\"target_normalised_f1\": %.6f}", f1_of(&pt->target_norm));
        }
        printf("}, ");
        return;
    }
    if (rep->npatterns == 0 || (rep->npatterns == 1 && rep->pattern[0].name[0] == '\0'))
        return;
    printf("by pattern (matched sentences; source and target by containment, "
           "norm = normalised names):\n"
           "  %-16s %5s  %6s %6s %6s %6s  %6s %6s %6s\n", "pattern", "sents", "src P",
           "src R", "src F1", "norm", "tgt P", "tgt R", "tgt F1");
    for (size_t i = 0; i < rep->npatterns; i++) {
        const article_pattern *pt = &rep->pattern[i];
        double sp, sr, sf, tp, tr, tf;
        prf(pt->source.tp, pt->source.fp, pt->source.fn, &sp, &sr, &sf);
        prf(pt->target.tp, pt->target.fp, pt->target.fn, &tp, &tr, &tf);
        printf("  %-16s %5zu  %6.3f %6.3f %6.3f %6.3f  %6.3f %6.3f %6.3f\n",
               pt->name[0] ? pt->name : "(none)", pt->sentences, sp, sr, sf,
               f1_of(&pt->source_norm), tp, tr, tf);
    }
}

static int eval_articles(const stance_model *model, const char *dir, bool json)
{
    char **names;
    size_t n, ntxt;
    stance_error lerr;
    if (gold_list(dir, &names, &n, &ntxt, &lerr) != STANCE_OK) {
        if (lerr.code == STANCE_ENOMEM)
            cli_warn("out of memory");
        else
            cli_warn("%s: cannot open directory", dir);
        gold_names_free(names, n);
        return 1;
    }
    if (n == 0) { /* said before any table, which would be all zeros */
        cli_warn("%s: no annotated articles: no NAME.gold.tsv file (%zu .txt file%s); "
                 "--articles needs NAME.txt beside NAME.gold.tsv (README, \"Formats\")",
                 dir, ntxt, ntxt == 1 ? "" : "s");
        return 1;
    }
    size_t k;
    const char **labels = model_labels(model, &k);
    stance_metrics *m = NULL;
    article_report *rep = calloc(1, sizeof *rep);
    if (labels == NULL || rep == NULL || stance_metrics_new(k, &m) != STANCE_OK) {
        cli_warn("out of memory");
        free(rep);
        free(labels);
        gold_names_free(names, n);
        return 1;
    }
    stance_article_score total = {0};
    int rc = 0;
    size_t scored = 0;
    for (size_t i = 0; i < n; i++) {
        char gold[4096], txt[4096];
        snprintf(gold, sizeof gold, "%s/%s", dir, names[i]);
        snprintf(txt, sizeof txt, "%s/%.*s.txt", dir, (int)(strlen(names[i]) - 9), names[i]);
        stance_article_score s;
        stance_error err;
        if (article_eval_report(model, txt, gold, m, &s, rep, &err) != STANCE_OK) {
            cli_report(&err);
            rc = 1;
        } else {
            scored++;
            add_score(&total, &s);
            if (!json && s.matched != s.gold)
                printf("  %s: %zu of %zu gold sentences matched (%zu found)\n", names[i],
                       s.matched, s.gold, s.predicted);
        }
    }
    gold_names_free(names, n);
    if (scored == 0) { /* every article failed, each reported: no table of zeros */
        free(rep);
        free(labels);
        stance_metrics_free(m);
        return 1;
    }
    double p = total.predicted ? (double)total.matched / (double)total.predicted : 0;
    double r = total.gold ? (double)total.matched / (double)total.gold : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    if (json) {
        printf("{\"articles\": %zu, \"boundaries\": {\"gold\": %zu, \"predicted\": %zu, "
               "\"matched\": %zu, \"precision\": %.6f, \"recall\": %.6f, \"f1\": %.6f}, ",
               n, total.gold, total.predicted, total.matched, p, r, f);
        print_agreement("source", &rep->source, true);
        print_agreement("source_normalised", &rep->source_norm, true);
        print_agreement("target", &rep->target, true);
        print_agreement("target_normalised", &rep->target_norm, true);
        print_patterns(rep, true);
        printf("\"labels\": ");
        report_json(stdout, m, labels, k);
        printf("}\n");
    } else {
        printf("articles %zu\nsentence boundaries: precision %.4f, recall %.4f, F1 %.4f "
               "(%zu gold, %zu found, %zu matched)\n",
               n, p, r, f, total.gold, total.predicted, total.matched);
        print_agreement("source", &rep->source, false);
        print_agreement("source, normalised names,", &rep->source_norm, false);
        print_agreement("target", &rep->target, false);
        print_agreement("target, normalised names,", &rep->target_norm, false);
        print_patterns(rep, false);
        printf("labels on matched sentences:\n");
        report_text(stdout, m, labels, k);
    }
    free(rep);
    free(labels);
    stance_metrics_free(m);
    return rc;
}

int main(int argc, char **argv)
{
    cli_prog = "stance-eval";
    const char *model_path = NULL, *articles = NULL;
    stance_corpus_format fmt = STANCE_CORPUS_AUTO;
    bool json = false;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":m:f:hV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'm': model_path = optarg; break;
        case 'a': articles = optarg; break;
        case 'i': fmt = cli_corpus_format(optarg); break;
        case 'f':
            if (strcmp(optarg, "json") == 0) json = true;
            else if (strcmp(optarg, "text") == 0) json = false;
            else cli_usage_error("unknown format '%s' (text, json)", optarg);
            break;
        case 'h': usage(); break;
        case 'V': cli_version(); break;
        default: cli_bad_option(ch, argv);
        }
    }
    if (articles == NULL && optind == argc)
        cli_usage_error("no corpus given");
    if (articles != NULL && optind < argc)
        cli_usage_error("--articles takes no corpus arguments");
    stance_model *model = cli_load_model(model_path);
    int rc = articles ? eval_articles(model, articles, json)
                      : eval_corpora(model, argv + optind, argc - optind, fmt, json);
    stance_model_free(model);
    return rc;
}
