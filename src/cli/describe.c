/*
 * describe.c: stance-train --describe, what a model file records about how
 * it was trained (stance_model_get_info), as aligned text or one JSON
 * object.  Models written before format 4 lack the training record: their
 * text says so and their JSON has null for what is unknown.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "describe.h"

static void json_str(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(fp, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(fp, "\\u%04x", c);
        else
            fputc(c, fp);
    }
    fputc('"', fp);
}

static const char *solver_name(stance_solver s)
{
    return s == STANCE_SOLVER_LIBLINEAR ? "liblinear" : "libsvm";
}

static void describe_json(FILE *fp, const char *path, const stance_model *m,
                          const stance_model_info *in)
{
    size_t k = stance_model_label_count(m);
    bool r = in->recorded;
    fputs("{\"model\": ", fp);
    json_str(fp, path);
    fprintf(fp, ", \"format\": %d, \"stance_version\": ", in->format);
    r ? json_str(fp, in->stance_version) : (void)fputs("null", fp);
    fprintf(fp, ", \"solver\": %s%s%s", r ? "\"" : "", r ? solver_name(in->solver) : "null",
            r ? "\"" : "");
    fprintf(fp, ", \"kernel\": \"%s\", \"C\": %.15g, \"gamma\": %.15g",
            in->kernel == STANCE_KERNEL_LINEAR ? "linear" : "rbf", in->C, in->gamma);
    fprintf(fp, ", \"balanced\": %s, \"class_weights\": ", r ? in->balanced ? "true" : "false"
                                                              : "null");
    in->class_weights ? json_str(fp, in->class_weights) : (void)fputs("null", fp);
    fprintf(fp, ", \"char_weight\": %.15g, \"word_ngrams\": [%d, %d], \"char_ngrams\": [%d, %d]",
            in->char_weight, in->word_min, in->word_max, in->char_min, in->char_max);
    if (r)
        fprintf(fp, ", \"min_df\": %d", in->min_df);
    else
        fputs(", \"min_df\": null", fp);
    fprintf(fp, ", \"hash_bits\": %d, \"cues\": %d, \"feature_version\": %d", in->hash_bits,
            in->cues, in->feature_version);
    if (r)
        fprintf(fp, ", \"seed\": %u", in->seed);
    else
        fputs(", \"seed\": null", fp);
    fprintf(fp, ", \"probability\": %s, \"features\": %zu, \"grid\": ",
            in->probability ? "true" : "false", in->features);
    if (in->grid_score)
        fprintf(fp,
                "{\"score\": \"%s\", \"value\": %.9f, \"folds\": %d, \"repeats\": %d, "
                "\"points\": %zu}",
                in->grid_score, in->grid_value, in->grid_folds, in->grid_repeats,
                in->grid_points);
    else
        fputs("null", fp);
    if (in->calibration_sentences)
        fprintf(fp, ", \"calibration\": {\"sentences\": %zu, \"scale\": %.9f}",
                in->calibration_sentences, in->calibration_scale);
    else
        fputs(", \"calibration\": null", fp);
    if (r)
        fprintf(fp, ", \"corpus\": {\"sentences\": %zu, \"checksum\": \"%016" PRIx64 "\"}",
                in->sentences, in->corpus_checksum);
    else
        fputs(", \"corpus\": null", fp);
    fputs(", \"labels\": [", fp);
    for (size_t i = 0; i < k; i++) {
        fputs(i ? ", {\"label\": " : "{\"label\": ", fp);
        json_str(fp, stance_model_label(m, i));
        if (r)
            fprintf(fp, ", \"sentences\": %" PRIu64, in->label_sentences[i]);
        else
            fputs(", \"sentences\": null", fp);
        fprintf(fp, ", \"prior_weight\": %.15g}", in->prior_weights[i]);
    }
    fputs("]}\n", fp);
}

static void describe_text(FILE *fp, const char *path, const stance_model *m,
                          const stance_model_info *in)
{
    size_t k = stance_model_label_count(m);
    bool r = in->recorded;
    fprintf(fp, "model          %s\n", path);
    fprintf(fp, "format         %d%s\n", in->format,
            r ? "" : " (written before training settings were recorded: retrain to record them)");
    if (r) {
        fprintf(fp, "trained by     stance %s\n", in->stance_version);
        fprintf(fp, "solver         %s\n", solver_name(in->solver));
    }
    fprintf(fp, "kernel         %s", in->kernel == STANCE_KERNEL_LINEAR ? "linear" : "rbf");
    if (in->kernel == STANCE_KERNEL_RBF)
        fprintf(fp, ", gamma %g", in->gamma);
    fprintf(fp, "\nC              %g\n", in->C);
    if (r)
        fprintf(fp, "class weights  %s%s%s\n",
                in->balanced ? "balanced" : in->class_weights ? "" : "none",
                in->balanced && in->class_weights ? ", then " : "",
                in->class_weights ? in->class_weights : "");
    fputs("prior weights  ", fp);
    for (size_t i = 0; i < k; i++)
        fprintf(fp, "%s%s=%g", i ? ", " : "", stance_model_label(m, i), in->prior_weights[i]);
    fprintf(fp, "\nchar weight    %g\n", in->char_weight);
    fprintf(fp, "word n-grams   %d-%d\nchar n-grams   %d-%d\n", in->word_min, in->word_max,
            in->char_min, in->char_max);
    if (r)
        fprintf(fp, "min-df         %d\n", in->min_df);
    fprintf(fp, "hash bits      %d\n", in->hash_bits);
    if (in->cues)
        fprintf(fp, "cues           lexicon version %d\n", in->cues);
    else
        fputs("cues           none\n", fp);
    fprintf(fp, "feature version %d\n", in->feature_version);
    if (r)
        fprintf(fp, "seed           %u\n", in->seed);
    fprintf(fp, "probabilities  %s\n", in->probability ? "Platt scaling" : "none (vote shares)");
    if (in->grid_score && in->grid_repeats > 1)
        fprintf(fp, "grid           %s %.4f, best of %zu points, %d-fold cross-validation "
                    "repeated %d times\n",
                in->grid_score, in->grid_value, in->grid_points, in->grid_folds,
                in->grid_repeats);
    else if (in->grid_score)
        fprintf(fp, "grid           %s %.4f, best of %zu points, %d-fold cross-validation\n",
                in->grid_score, in->grid_value, in->grid_points, in->grid_folds);
    else if (r)
        fputs("grid           none (settings as given)\n", fp);
    if (in->calibration_sentences)
        fprintf(fp, "calibration    sigmoids scaled by %.4f, fitted on %zu held-out sentences\n",
                in->calibration_scale, in->calibration_sentences);
    fprintf(fp, "features       %zu\n", in->features);
    if (r) {
        fprintf(fp, "corpus         %zu sentences, checksum %016" PRIx64 "\n", in->sentences,
                in->corpus_checksum);
        fputs("labels         ", fp);
        for (size_t i = 0; i < k; i++)
            fprintf(fp, "%s%s %" PRIu64, i ? ", " : "", stance_model_label(m, i),
                    in->label_sentences[i]);
    } else {
        fputs("labels         ", fp);
        for (size_t i = 0; i < k; i++)
            fprintf(fp, "%s%s", i ? ", " : "", stance_model_label(m, i));
    }
    fputc('\n', fp);
}

void describe_model(FILE *fp, const char *path, const stance_model *m, bool json)
{
    stance_model_info in;
    stance_model_get_info(m, &in);
    if (json)
        describe_json(fp, path, m, &in);
    else
        describe_text(fp, path, m, &in);
}
