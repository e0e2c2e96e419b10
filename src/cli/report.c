/*
 * report.c: evaluation reports for stance-train --cv and stance-eval.
 */
#include <string.h>

#include "output.h"
#include "report.h"

void report_text(FILE *fp, const stance_metrics *m, const char *const *labels, size_t k)
{
    fprintf(fp, "  sentences  %zu\n  accuracy   %.4f\n  macro-F1   %.4f\n\n",
            stance_metrics_total(m), stance_metrics_accuracy(m), stance_metrics_macro_f1(m));
    fprintf(fp, "  %-12s %9s %9s %9s %9s\n", "label", "precision", "recall", "F1", "support");
    for (size_t i = 0; i < k; i++) {
        double p, r, f;
        size_t s;
        stance_metrics_label(m, i, &p, &r, &f, &s);
        fprintf(fp, "  %-12s %9.4f %9.4f %9.4f %9zu\n", labels[i], p, r, f, s);
    }
    fprintf(fp, "\n  confusion (rows: gold, columns: predicted)\n  %-12s", "");
    for (size_t j = 0; j < k; j++)
        fprintf(fp, " %9.9s", labels[j]);
    fputc('\n', fp);
    for (size_t i = 0; i < k; i++) {
        fprintf(fp, "  %-12s", labels[i]);
        for (size_t j = 0; j < k; j++)
            fprintf(fp, " %9zu", stance_metrics_cell(m, i, j));
        fputc('\n', fp);
    }
    size_t n;
    double ece = stance_metrics_calibration(m, &n);
    if (n > 0)
        fprintf(fp, "\n  calibration: expected calibration error %.4f (%zu sentences, 10 "
                    "confidence bins)\n", ece, n);
}

static void jstr(FILE *fp, const char *s)
{
    strbuf b = {0};
    out_json_escape(&b, s, strlen(s));
    fprintf(fp, "\"%s\"", b.p ? b.p : "");
    sb_free(&b);
}

void report_json(FILE *fp, const stance_metrics *m, const char *const *labels, size_t k)
{
    fprintf(fp, "{\"sentences\": %zu, \"accuracy\": %.6f, \"macro_f1\": %.6f, \"labels\": {",
            stance_metrics_total(m), stance_metrics_accuracy(m), stance_metrics_macro_f1(m));
    for (size_t i = 0; i < k; i++) {
        double p, r, f;
        size_t s;
        stance_metrics_label(m, i, &p, &r, &f, &s);
        fprintf(fp, "%s", i ? ", " : "");
        jstr(fp, labels[i]);
        fprintf(fp, ": {\"precision\": %.6f, \"recall\": %.6f, \"f1\": %.6f, \"support\": %zu}",
                p, r, f, s);
    }
    fprintf(fp, "}, \"confusion\": {");
    for (size_t i = 0; i < k; i++) {
        fprintf(fp, "%s", i ? ", " : "");
        jstr(fp, labels[i]);
        fprintf(fp, ": {");
        for (size_t j = 0; j < k; j++) {
            fprintf(fp, "%s", j ? ", " : "");
            jstr(fp, labels[j]);
            fprintf(fp, ": %zu", stance_metrics_cell(m, i, j));
        }
        fprintf(fp, "}");
    }
    size_t n;
    double ece = stance_metrics_calibration(m, &n);
    fprintf(fp, "}");
    if (n > 0)
        fprintf(fp, ", \"calibration_error\": %.6f", ece);
    fprintf(fp, "}");
}
