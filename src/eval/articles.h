/* articles.h: the article report behind stance-eval --articles (private).
 * Beside the public stance_article_score, which counts sources and
 * targets by attrib_names_match, the report counts them by the scorer's
 * rule (case-insensitively, one name contains the other) and keeps the
 * counts per sentence pattern, the gold file's optional fifth column
 * ("headline", "reported-speech", "action", ...). */
#ifndef STANCE_ARTICLES_H
#define STANCE_ARTICLES_H

#include <stddef.h>

#include "stance.h"

enum { ARTICLE_PATTERNS = 32, ARTICLE_PATTERN_NAME = 32 };

/* Agreement counts: tp = both named and matching, fp = predicted but gold
 * none or different, fn = gold named but predicted none or different. */
typedef struct article_counts {
    size_t tp, fp, fn;
} article_counts;

/* Counts over the matched sentences of one pattern ("" for gold lines
 * without a fifth column; "other" once ARTICLE_PATTERNS are in use). */
typedef struct article_pattern {
    char name[ARTICLE_PATTERN_NAME];
    size_t sentences;
    article_counts source, source_norm, target, target_norm;
} article_pattern;

/* A report summed over articles: zero it, then pass it to each call. */
typedef struct article_report {
    article_counts source, source_norm; /* contains / attrib_names_match */
    article_counts target, target_norm;
    article_pattern pattern[ARTICLE_PATTERNS];
    size_t npatterns;
} article_report;

/* stance_article_eval, adding the article's source and target agreement
 * by both rules, overall and per pattern, to *report (which may be NULL). */
stance_status article_eval_report(const stance_model *model, const char *txt_path,
                                  const char *gold_path, stance_metrics *labels,
                                  stance_article_score *score, article_report *report,
                                  stance_error *err);

/* Does a contain b or b contain a, case-insensitively (Unicode simple
 * lower case)?  Empty names match nothing.  1, 0, or -1 when memory runs
 * out. */
int article_names_contain(const char *a, size_t alen, const char *b, size_t blen);

#endif
