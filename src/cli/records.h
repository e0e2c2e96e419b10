/* records.h: what stance-classify reports, whatever the format: a
 * labelled sentence, an article's tallies, and the rule that gives the
 * article its label.  The record writers (output.c for text, tsv, csv and
 * jsonl; html.c for the report) read these and nothing of each other. */
#ifndef STANCE_CLI_RECORDS_H
#define STANCE_CLI_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "stance.h"

/* One labelled sentence. */
typedef struct out_sentence {
    const char *file;   /* the input's name, or with is_id the raw JSON id */
    bool is_id;
    size_t index, start, end;
    const char *text;
    size_t len;
    const stance_prediction *pred;
    const char *source;  /* who holds the stance, or NULL */
    const char *target;  /* the treaty it is about, or NULL */
    size_t before;       /* bytes of the input readable just before text (they
                          * tell the HTML page where paragraphs break); 0: none */
    bool rules;          /* --explain: write the rules behind source and target */
    const char *source_rule, *target_rule; /* those rules, or NULL */
} out_sentence;

/* What an article record (--summary, and the HTML page's tables) reports. */
typedef struct out_article {
    const char *file;
    bool is_id;
    size_t sentences;
    const size_t *counts;          /* per label */
    size_t nsources;
    const char *const *sources;    /* distinct sources, in order of appearance */
    const size_t *source_counts;   /* nsources * labels, row per source */
    size_t ntreaties;
    const char *const *treaties;   /* distinct targets, in order of appearance */
    const double *confidence;      /* per label, the confidences summed; NULL: none */
} out_article;

/* The summary label: the most frequent label other than "neutral", a tie
 * going to the tied label whose sentences' confidences sum highest (then to
 * the first), so that no label wins ties by its name; "neutral" (or the
 * first label) when there is none.  confidence may be NULL. */
size_t out_article_label(const stance_model *m, const size_t *counts, const double *confidence);

#endif
