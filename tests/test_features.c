/*
 * test_features.c: the feature extractor (src/features/features.c).  A feature table
 * built by training (svm_data_build over a small corpus made with
 * stance_corpus_add) restricts and weights the n-grams; without a table
 * every hashed n-gram is kept with its count.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "featgram.h"
#include "features.h"
#include "stance.h"

static const char *const corpus_lines[][2] = {
    {"condemns", "The opposition condemned the treaty as a betrayal of the nation."},
    {"condemns", "Critics called the deal a disgrace and demanded its repeal."},
    {"supports", "The minister welcomed the treaty as a historic step towards peace."},
    {"supports", "Allies praised the deal and pledged to ratify it quickly."},
    {"warns", "Analysts warned the treaty could collapse within a year."},
    {"warns", "Officials fear the deal may trigger a new arms race."},
    {"neutral", "The treaty was signed in Paris on Tuesday by 12 states."},
    {"neutral", "The talks resume in Geneva on Monday."},
};
#define NLINES (sizeof corpus_lines / sizeof corpus_lines[0])

/* Build the training data (and so the feature table) for the corpus above
 * with the given options. */
static void build(const stance_train_options *o, svm_data *d)
{
    stance_corpus *c;
    ck_assert_int_eq(stance_corpus_new(&c), STANCE_OK);
    for (size_t i = 0; i < NLINES; i++)
        ck_assert_int_eq(stance_corpus_add(c, corpus_lines[i][0], corpus_lines[i][1], NULL),
                         STANCE_OK);
    stance_error err;
    stance_status st = svm_data_build(c, o, d, &err);
    ck_assert_msg(st == STANCE_OK, "svm_data_build: %s", err.message);
    ck_assert_uint_gt(d->table.rows, 0);
    stance_corpus_free(c);
}

static void default_build(svm_data *d)
{
    stance_train_options o;
    stance_train_options_init(&o);
    build(&o, d);
}

static void extract(extractor *x, const feat_config *cfg, const feat_table *t, const char *s,
                    bool keep)
{
    size_t bad;
    ck_assert_int_eq(feat_extract(x, cfg, t, s, strlen(s), keep, &bad), STANCE_OK);
}

/* The kept text of entry i. */
static const char *text_of(const extractor *x, size_t i)
{
    return x->text + x->e[i].text;
}

/* Index of the entry whose kept text is s, or -1. */
static long find_text(const extractor *x, const char *s)
{
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(text_of(x, i), s) == 0)
            return (long)i;
    return -1;
}

static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* ----------------------------------------------------------------- tests */

START_TEST(same_sentence_same_vector)
{
    svm_data d;
    default_build(&d);
    const char *s = "The deal may collapse, analysts warned in Geneva.";
    extractor x, y;
    extractor_init(&x);
    extractor_init(&y);
    extract(&x, &d.table.cfg, &d.table, s, false);
    feat_sort(&x);
    size_t n = x.n;
    ck_assert_uint_gt(n, 10);
    feat_entry *first = malloc(n * sizeof *first);
    ck_assert_ptr_nonnull(first);
    memcpy(first, x.e, n * sizeof *first);

    /* the same extractor after another sentence, and a fresh one */
    extract(&x, &d.table.cfg, &d.table, "Something else entirely, 1990.", false);
    extract(&x, &d.table.cfg, &d.table, s, false);
    extract(&y, &d.table.cfg, &d.table, s, false);
    feat_sort(&x);
    feat_sort(&y);
    const extractor *again[2] = {&x, &y};
    for (int k = 0; k < 2; k++) {
        ck_assert_uint_eq(again[k]->n, n);
        for (size_t i = 0; i < n; i++) {
            ck_assert_uint_eq(again[k]->e[i].key, first[i].key);
            ck_assert_uint_eq(again[k]->e[i].count, first[i].count);
            ck_assert_uint_eq(again[k]->e[i].block, first[i].block);
            ck_assert(again[k]->e[i].value == first[i].value);
        }
    }
    free(first);
    extractor_free(&x);
    extractor_free(&y);
    extractor_free(NULL);
    svm_data_free(&d);
}
END_TEST

/* Sum of squared values over the whole vector and per block. */
static void norms(const extractor *x, double *all, double *word, double *chr)
{
    *all = *word = *chr = 0;
    for (size_t i = 0; i < x->n; i++) {
        double v = x->e[i].value * x->e[i].value;
        *all += v;
        if (x->e[i].block == BLOCK_WORD)
            *word += v;
        else
            *chr += v;
    }
}

START_TEST(vectors_unit_length)
{
    stance_train_options o;
    stance_train_options_init(&o);
    o.char_weight = 0.3;
    svm_data d;
    build(&o, &d);
    extractor x;
    extractor_init(&x);
    const char *extra[] = {"The treaty is a betrayal.", "Peace, peace and more peace!",
                           "Officials in Paris warned the deal could collapse."};
    for (size_t i = 0; i < NLINES + 3; i++) {
        const char *s = i < NLINES ? corpus_lines[i][1] : extra[i - NLINES];
        extract(&x, &d.table.cfg, &d.table, s, false);
        double all, word, chr;
        norms(&x, &all, &word, &chr);
        ck_assert_msg(fabs(all - 1.0) < 1e-9, "\"%s\": squared norm %.17g", s, all);
        /* char_weight is the char block's share of the squared norm */
        ck_assert_msg(fabs(word - 0.7) < 1e-9 && fabs(chr - 0.3) < 1e-9,
                      "\"%s\": word share %.17g, char share %.17g", s, word, chr);
        for (size_t j = 0; j < x.n; j++)
            ck_assert(x.e[j].value > 0 && x.e[j].key < d.table.rows);
    }
    extractor_free(&x);
    svm_data_free(&d);
}
END_TEST

START_TEST(single_block_takes_whole_norm)
{
    /* with char n-grams disabled the word block has unit length */
    stance_train_options o;
    stance_train_options_init(&o);
    o.char_min = o.char_max = 0;
    svm_data d;
    build(&o, &d);
    extractor x;
    extractor_init(&x);
    extract(&x, &d.table.cfg, &d.table, "The treaty was signed in Paris.", false);
    double all, word, chr;
    norms(&x, &all, &word, &chr);
    ck_assert_double_eq_tol(all, 1.0, 1e-9);
    ck_assert_double_eq_tol(word, 1.0, 1e-9);
    extractor_free(&x);
    svm_data_free(&d);
}
END_TEST

START_TEST(tf_idf_weights)
{
    /* word unigrams only: "treaty" (in 4 of 8 sentences) said twice,
     * "paris" (in 1) once: weights are (1 + ln tf) * idf before norming */
    stance_train_options o;
    stance_train_options_init(&o);
    o.word_min = o.word_max = 1;
    o.char_min = o.char_max = 0;
    svm_data d;
    build(&o, &d);
    extractor x;
    extractor_init(&x);
    extract(&x, &d.table.cfg, &d.table, "treaty Paris treaty", true);
    ck_assert_uint_eq(x.n, 2);
    long t = find_text(&x, "treaty"), p = find_text(&x, "paris");
    ck_assert(t >= 0 && p >= 0);
    ck_assert_uint_eq(x.e[t].count, 2);
    ck_assert_uint_eq(x.e[p].count, 1);
    double idf_t = log(9.0 / 5.0) + 1, idf_p = log(9.0 / 2.0) + 1;
    double vt = (1 + log(2.0)) * idf_t, vp = idf_p, norm = sqrt(vt * vt + vp * vp);
    ck_assert_double_eq_tol(x.e[t].value, vt / norm, 1e-12);
    ck_assert_double_eq_tol(x.e[p].value, vp / norm, 1e-12);
    extractor_free(&x);
    svm_data_free(&d);
}
END_TEST

START_TEST(blocks_table_and_rows)
{
    /* every row's record holds its idf, positive, and its block is in the
     * table's per-row field, one the block table names */
    stance_train_options o;
    stance_train_options_init(&o);
    svm_data d;
    build(&o, &d);
    bool seen[FEAT_BLOCKS] = {false};
    for (size_t r = 0; r < d.table.rows; r++) {
        ck_assert(feat_table_rec(&d.table, r)->idf > 0);
        ck_assert(feat_table_rec(&d.table, r)->idf == d.table.idf[r]);
        ck_assert_uint_lt(d.table.block[r], FEAT_BLOCKS);
        seen[d.table.block[r]] = true;
    }
    ck_assert(seen[BLOCK_WORD] && seen[BLOCK_CHAR]);
    for (size_t i = 0; i < feat_nblocks; i++)
        ck_assert_uint_lt(feat_blocks[i].id, FEAT_BLOCKS);
    /* scales: each block its weight's share, or all of it when alone */
    double norm[FEAT_BLOCKS] = {[BLOCK_WORD] = 4, [BLOCK_CHAR] = 9}, sc[FEAT_BLOCKS];
    feat_block_scales(&d.table.cfg, norm, sc);
    ck_assert_double_eq_tol(sc[BLOCK_WORD] * sc[BLOCK_WORD] * 4, 1 - o.char_weight, 1e-15);
    ck_assert_double_eq_tol(sc[BLOCK_CHAR] * sc[BLOCK_CHAR] * 9, o.char_weight, 1e-15);
    norm[BLOCK_WORD] = 0;
    feat_block_scales(&d.table.cfg, norm, sc);
    ck_assert(sc[BLOCK_WORD] == 0 && sc[BLOCK_CHAR] == sqrt(1.0 / 9));
    /* the repeat correction gives the row's value at its count */
    for (uint32_t c = 2; c < 40; c++) {
        double v, sq, idf = 1.7;
        feat_tf_repeat(c, &v, &sq);
        ck_assert_double_eq_tol(c * feat_tfidf(idf, 1) + v * idf, feat_tfidf(idf, c), 1e-12);
        ck_assert_double_eq_tol(c * idf * idf + sq * idf * idf,
                                feat_tfidf(idf, c) * feat_tfidf(idf, c), 1e-12);
    }
    svm_data_free(&d);
}
END_TEST

START_TEST(tf_table_is_log)
{
    /* the table feat_tf reads for small counts holds exactly what the
     * formula gives, so that every path weighs a repeat the same */
    for (uint32_t c = 1; c < 100; c++) {
        double want = c == 1 ? 1.0 : 1.0 + log((double)c);
        ck_assert_msg(feat_tf(c) == want, "count %u: %.17g, 1 + log gives %.17g", c, feat_tf(c),
                      want);
    }
}
END_TEST

START_TEST(word_cache_compares_every_byte)
{
    /* the word cache confirms a hash match by comparing the texts a word
     * at a time: a difference anywhere, at any length, must show */
    char a[40], b[40];
    for (size_t n = 0; n <= 33; n++) {
        for (size_t i = 0; i < n; i++)
            a[i] = b[i] = (char)('a' + i % 26);
        ck_assert_msg(wc_same(a, b, n), "length %zu: equal texts differ", n);
        for (size_t at = 0; at < n; at++) {
            b[at] ^= 0x40;
            ck_assert_msg(!wc_same(a, b, n), "length %zu: byte %zu's difference missed", n, at);
            b[at] ^= 0x40;
        }
    }
}
END_TEST

START_TEST(unknown_ngrams_dropped)
{
    svm_data d;
    default_build(&d);
    extractor all, known;
    extractor_init(&all);
    extractor_init(&known);
    const feat_config *cfg = &d.table.cfg;
    const char *s = "The treaty is a zygomorphic quagmire, xenophobes grumbled.";
    extract(&all, cfg, NULL, s, false);
    extract(&known, cfg, &d.table, s, false);
    /* exactly the buckets the table knows survive, keyed by row, with
     * their counts */
    size_t expect = 0;
    for (size_t i = 0; i < all.n; i++) {
        int32_t row = feat_table_find(&d.table, all.e[i].key);
        if (row < 0)
            continue;
        expect++;
        size_t j = 0;
        while (j < known.n && known.e[j].key != (uint32_t)row)
            j++;
        ck_assert_msg(j < known.n, "known bucket %u missing", (unsigned)all.e[i].key);
        ck_assert_uint_eq(known.e[j].count, all.e[i].count);
    }
    ck_assert_uint_eq(known.n, expect);
    ck_assert_uint_lt(known.n, all.n);
    ck_assert_uint_gt(known.n, 0);

    /* a sentence in a script the corpus never saw keeps nothing, and its
     * vector is empty rather than NaN */
    const char *ka = "\xE1\x83\xA1\xE1\x83\x90\xE1\x83\xA5\xE1\x83\x90\xE1\x83\xA0\xE1\x83\x97"
                     "\xE1\x83\x95\xE1\x83\x94\xE1\x83\x9A\xE1\x83\x9D";
    extract(&all, cfg, NULL, ka, false);
    extract(&known, cfg, &d.table, ka, false);
    ck_assert_uint_gt(all.n, 0);
    ck_assert_uint_eq(known.n, 0);
    extractor_free(&all);
    extractor_free(&known);
    svm_data_free(&d);
}
END_TEST

START_TEST(table_maps_buckets_to_rows)
{
    svm_data d;
    default_build(&d);
    const feat_table *t = &d.table;
    /* every bucket of the hash space: a row's bucket gives the row, any
     * other -1 (the map counts rows below a bucket, so an off-by-one
     * would shift every row after it) */
    size_t space = (size_t)1 << t->cfg.hash_bits, r = 0;
    for (size_t b = 0; b < space; b++) {
        int32_t row = feat_table_find(t, (uint32_t)b);
        if (r < t->rows && t->bucket[r] == b) {
            ck_assert_msg(row == (int32_t)r, "bucket %zu: row %d, expected %zu", b, row, r);
            r++;
        } else {
            ck_assert_msg(row == -1, "bucket %zu is no row's, found row %d", b, row);
        }
    }
    ck_assert_uint_eq(r, t->rows);
    svm_data_free(&d);
}
END_TEST

START_TEST(keep_text_readable)
{
    feat_config cfg = {1, 2, 3, 5, 20, 0.5, 0, 1};
    extractor x;
    extractor_init(&x);
    extract(&x, &cfg, NULL, "The Deal in 1990", true);
    const char *want[] = {"the", "deal", "in", "<num>", "the deal", "deal in", "in <num>",
                          "^ the", "<th", "the", "he>", "<the>", "<de", "dea", "<dea", "<deal",
                          "deal>", "al>", "<in>", "in>"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_msg(find_text(&x, want[i]) >= 0, "no n-gram \"%s\"", want[i]);
    /* numbers are folded into <num>, never char n-grams; the start marker
     * comes only with the first word */
    ck_assert_int_lt(find_text(&x, "1990"), 0);
    ck_assert_int_lt(find_text(&x, "<19"), 0);
    ck_assert_int_lt(find_text(&x, "^ deal"), 0);
    for (size_t i = 0; i < x.n; i++) {
        const char *t = text_of(&x, i);
        ck_assert_msg(strlen(t) > 0 && strchr(t, '\n') == NULL, "bad n-gram text \"%s\"", t);
    }
    /* with a table, kept texts still name the surviving n-grams */
    svm_data d;
    default_build(&d);
    extract(&x, &d.table.cfg, &d.table, "The treaty was signed.", true);
    ck_assert(find_text(&x, "the treaty") >= 0);
    ck_assert(find_text(&x, "signed") >= 0);
    ck_assert(find_text(&x, "<tr") >= 0);
    extractor_free(&x);
    svm_data_free(&d);
}
END_TEST

/* Char n-grams only, of order k, with texts. */
static void char_grams_of(extractor *x, const char *word, int k)
{
    feat_config cfg = {0, 0, k, k, 20, 1.0, 0, 1};
    extract(x, &cfg, NULL, word, true);
}

START_TEST(char_ngrams_by_code_point)
{
    extractor x;
    extractor_init(&x);
    /* Грузия: 6 letters, 12 bytes; "<грузия>" has 6 trigrams */
    char_grams_of(&x, "\xD0\x93\xD1\x80\xD1\x83\xD0\xB7\xD0\xB8\xD1\x8F", 3);
    const char *ru[] = {"<\xD0\xB3\xD1\x80", "\xD0\xB3\xD1\x80\xD1\x83",
                        "\xD1\x80\xD1\x83\xD0\xB7", "\xD1\x83\xD0\xB7\xD0\xB8",
                        "\xD0\xB7\xD0\xB8\xD1\x8F", "\xD0\xB8\xD1\x8F>"};
    ck_assert_uint_eq(x.n, 6);
    for (size_t i = 0; i < 6; i++) {
        ck_assert_msg(find_text(&x, ru[i]) >= 0, "missing trigram %zu", i);
        ck_assert_uint_eq(code_points(text_of(&x, i)), 3);
        ck_assert_uint_eq(x.e[i].block, BLOCK_CHAR);
    }

    /* Ελλάδα in bigrams: 7 */
    char_grams_of(&x, "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1", 2);
    ck_assert_uint_eq(x.n, 7);
    ck_assert(find_text(&x, "\xCE\xBB\xCE\xBB") >= 0);
    ck_assert(find_text(&x, "\xCE\xB1>") >= 0);

    /* Straße case-folds to strasse: 7 trigrams, "ss" inside */
    char_grams_of(&x, "Stra\xC3\x9F" "e", 3);
    ck_assert_uint_eq(x.n, 7);
    ck_assert(find_text(&x, "ass") >= 0);
    ck_assert(find_text(&x, "sse") >= 0);

    /* an ideograph is a word of one character: one trigram "<中>" */
    char_grams_of(&x, "\xE4\xB8\xAD", 3);
    ck_assert_uint_eq(x.n, 1);
    ck_assert_str_eq(text_of(&x, 0), "<\xE4\xB8\xAD>");

    /* counts: the same trigram twice in one word */
    char_grams_of(&x, "banana", 3);
    long ana = find_text(&x, "ana");
    ck_assert(ana >= 0);
    ck_assert_uint_eq(x.e[ana].count, 2);
    extractor_free(&x);
}
END_TEST

/* x and y hold the same entries, in the same order, with equal values. */
static void same_entries(const extractor *x, const extractor *y, const char *what)
{
    ck_assert_msg(x->n == y->n, "%s: %zu entries against %zu", what, x->n, y->n);
    for (size_t i = 0; i < x->n; i++) {
        ck_assert_msg(x->e[i].key == y->e[i].key && x->e[i].count == y->e[i].count &&
                          x->e[i].block == y->e[i].block && x->e[i].value == y->e[i].value,
                      "%s: entry %zu differs", what, i);
    }
}

/* Words are memoised per extractor (src/features/wordcache.c); keep_text bypasses
 * the memo, so it is the reference the memoised path must match exactly,
 * for repeated words, overlong words, non-ASCII words, after the memo has
 * overflowed and emptied itself, and after a switch to another table. */
START_TEST(word_cache_is_exact)
{
    svm_data d;
    default_build(&d);
    const feat_config *cfg = &d.table.cfg;
    extractor memo, ref;
    extractor_init(&memo);
    extractor_init(&ref);
    const char *s[] = {
        "The treaty, the treaty and the deal: analysts warned the deal may collapse.",
        "Officials fear the deal may trigger a new arms race, the minister said.",
        "Antidisestablishmentarianismlikeverylongwordthatrunsonandon treaty deal.",
        ("Die Stra\xC3\x9F" "e nach Gen\xC3\xA8ve: \xD0\x93\xD1\x80\xD1\x83\xD0\xB7\xD0\xB8\xD1\x8F treaty."),
    };
    for (int round = 0; round < 2; round++) /* the second round is all cache hits */
        for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
            extract(&memo, cfg, &d.table, s[i], false);
            extract(&ref, cfg, &d.table, s[i], true);
            same_entries(&memo, &ref, s[i]);
        }

    /* more distinct words than the memo holds: it empties and refills */
    char buf[2048];
    for (int k = 0; k < WC_MAX_WORDS / 100 + 20; k++) {
        size_t n = 0;
        for (int w = 0; w < 100; w++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "tr%dx%c ", k * 100 + w, 'a' + w % 26);
        extract(&memo, cfg, &d.table, buf, false);
    }
    ck_assert_uint_le(memo.wc.count, WC_MAX_WORDS);

    /* one sentence with more distinct words than the memo can hold */
    size_t cap = (size_t)(WC_MAX_WORDS + 5000) * 12, n = 0;
    char *huge = malloc(cap);
    ck_assert_ptr_nonnull(huge);
    for (int w = 0; w < WC_MAX_WORDS + 5000; w++)
        n += (size_t)snprintf(huge + n, cap - n, "d%dq%c ", w, 'a' + w % 26);
    extract(&memo, cfg, &d.table, huge, false);
    extract(&ref, cfg, &d.table, huge, true);
    same_entries(&memo, &ref, "huge sentence");
    free(huge);
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        extract(&memo, cfg, &d.table, s[i], false);
        extract(&ref, cfg, &d.table, s[i], true);
        same_entries(&memo, &ref, "after overflow");
    }

    /* another table (other rows for the same n-grams): nothing memoised
     * for the first may be used for it */
    stance_train_options o;
    stance_train_options_init(&o);
    o.min_df = 2;
    svm_data d2;
    build(&o, &d2);
    ck_assert_uint_ne(d2.table.rows, d.table.rows);
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        extract(&memo, &d2.table.cfg, &d2.table, s[i], false);
        extract(&ref, &d2.table.cfg, &d2.table, s[i], true);
        same_entries(&memo, &ref, "second table");
    }
    extractor_free(&memo);
    extractor_free(&ref);
    svm_data_free(&d);
    svm_data_free(&d2);
}
END_TEST

START_TEST(invalid_utf8_reported)
{
    feat_config cfg = {1, 2, 3, 5, 20, 0.5, 0, 1};
    extractor x;
    extractor_init(&x);
    size_t bad = 0;
    const char *s = "The deal \xE2\x82 failed.";
    ck_assert_int_eq(feat_extract(&x, &cfg, NULL, s, strlen(s), false, &bad), STANCE_EUTF8);
    ck_assert_uint_eq(bad, 9);
    extractor_free(&x);
}
END_TEST

/* The n-gram hash is a file format: these values are what every shipped
 * model was trained with, on any host. */
START_TEST(hash_contract_fixed_values)
{
    ck_assert_uint_eq(feat_word_order_hash(1), 0xbf74ea5982575947ULL);
    ck_assert_uint_eq(feat_word_order_hash(2), 0xdf84e6407fb62394ULL);
    ck_assert_uint_eq(fnv(FNV_BASIS, "c", 1), 0xaf63de4c8601eff2ULL);
    feat_config c = {1, 2, 3, 5, 20, 0.3, 0, 1};
    ck_assert_uint_eq(feat_bucket(&c, feat_word_order_hash(1)), (0xbf74ea5982575947ULL ^
                      (0xbf74ea5982575947ULL >> 29)) & 0xfffff);
}
END_TEST

static Suite *features_suite(void)
{
    Suite *s = suite_create("features");
    TCase *t = tcase_create("extract");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, hash_contract_fixed_values);
    tcase_add_test(t, same_sentence_same_vector);
    tcase_add_test(t, vectors_unit_length);
    tcase_add_test(t, single_block_takes_whole_norm);
    tcase_add_test(t, tf_table_is_log);
    tcase_add_test(t, word_cache_compares_every_byte);
    tcase_add_test(t, tf_idf_weights);
    tcase_add_test(t, blocks_table_and_rows);
    tcase_add_test(t, unknown_ngrams_dropped);
    tcase_add_test(t, table_maps_buckets_to_rows);
    tcase_add_test(t, keep_text_readable);
    tcase_add_test(t, char_ngrams_by_code_point);
    tcase_add_test(t, word_cache_is_exact);
    tcase_add_test(t, invalid_utf8_reported);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(features_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
