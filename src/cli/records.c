/*
 * records.c: the article label rule of records.h, shared by every format's
 * summary record, the HTML page and the report's index.
 */
#include "records.h"

size_t out_article_label(const stance_model *m, const size_t *counts, const double *confidence)
{
    size_t k = stance_model_label_count(m), best = k;
    int neutral = stance_model_label_index(m, "neutral");
    for (size_t i = 0; i < k; i++) {
        if ((int)i == neutral || counts[i] == 0)
            continue;
        if (best == k || counts[i] > counts[best] ||
            (counts[i] == counts[best] && confidence && confidence[i] > confidence[best]))
            best = i;
    }
    if (best == k)
        best = neutral >= 0 ? (size_t)neutral : 0;
    return best;
}
