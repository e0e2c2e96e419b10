/* test_cues.c: the stance-cue tokens (src/features/cues.c) and their lexicon. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cue_lexicon.h"
#include "cues.h"
#include "text.h"

/* The sentence's cue tokens, space-separated, without the ‹ › marks. */
static char *cues_of(const char *s)
{
    tokens t;
    tokens_init(&t);
    ck_assert_int_eq(text_tokenize(s, strlen(s), &t, NULL), STANCE_OK);
    size_t own = t.count;
    ck_assert(cue_append(&t, CUE_VERSION));
    char *out = calloc(1, t.norm_len + 2 * t.count + 1);
    ck_assert_ptr_nonnull(out);
    for (size_t i = own; i < t.count; i++) {
        const token *k = &t.tok[i];
        ck_assert_int_eq(k->type, TOK_PUNCT); /* word n-grams only, no char n-grams */
        ck_assert_uint_ge(k->norm_len, 7);
        ck_assert(memcmp(t.norm + k->norm_off, "\xe2\x80\xb9", 3) == 0);
        if (*out)
            strcat(out, " ");
        strncat(out, t.norm + k->norm_off + 3, k->norm_len - 6);
    }
    tokens_free(&t);
    return out;
}

static void expect(const char *sentence, const char *want)
{
    char *got = cues_of(sentence);
    ck_assert_msg(strcmp(got, want) == 0, "\"%s\": cues \"%s\", expected \"%s\"", sentence,
                  got, want);
    free(got);
}

START_TEST(lexicon_sorted_and_found)
{
    for (size_t i = 1; i < cue_nwords; i++) {
        size_t a = cue_words[i - 1].len, b = cue_words[i].len, m = a < b ? a : b;
        int d = memcmp(cue_words[i - 1].word, cue_words[i].word, m);
        ck_assert_msg(d < 0 || (d == 0 && a < b), "lexicon not sorted at \"%s\"",
                      cue_words[i].word);
        ck_assert_uint_eq(strlen(cue_words[i].word), b);
    }
    for (size_t i = 0; i < cue_nwords; i++) /* the hash table and sieve find every word */
        ck_assert_int_eq(cue_lookup(cue_words[i].word, cue_words[i].len), cue_words[i].cls);
    ck_assert_int_eq(cue_lookup("welcomed", 8), CUE_APPROVE);
    ck_assert_int_eq(cue_lookup("denounced", 9), CUE_REJECT);
    ck_assert_int_eq(cue_lookup("treaty", 6), CUE_TREATY);
    ck_assert_int_eq(cue_lookup("welcome", 6), CUE_NONE); /* a prefix is not the word */
    ck_assert_int_eq(cue_lookup("zzz", 3), CUE_NONE);
    ck_assert_int_eq(cue_lookup("", 0), CUE_NONE);
}
END_TEST

START_TEST(negation_flips_the_class_token)
{
    /* "not to ratify": the commitment is negated and its treaty is near */
    expect("Deputies urged parliament not to ratify the treaty.", "commit commit.n commit.t");
    expect("Parliament will ratify the treaty.", "commit commit.m commit.t");
    expect("Moscow does not recognise the accord.", "reject reject.n reject.t");
    expect("He said the deal isn't dead.", "fail fail.n fail.t"); /* "said": context only */
}
END_TEST

START_TEST(modality_and_scope)
{
    /* predicted harm with words of security in it is harm under a modal */
    expect("Joining would seriously harm stability", "commit harm harm.m hl");
    /* a comma ends the negation's reach */
    expect("Not now, they welcomed it.", "approve");
}
END_TEST

START_TEST(sentence_shapes)
{
    expect("Is the pact dead?", "fail fail.t q");
    expect("Italy quits Belt and Road pact", "leave leave.t hl");
    expect("\"A historic day,\" she said.", "approve quote");
    expect("The talks resumed on Monday.", "");
    expect("", "");
}
END_TEST

START_TEST(long_sentence_all_tokens)
{
    /* more tokens than the class scratch on the stack */
    size_t n = 400;
    char *s = malloc(n * 8 + 32);
    ck_assert_ptr_nonnull(s);
    s[0] = '\0';
    for (size_t i = 0; i < n; i++)
        strcat(s, "warned ");
    strcat(s, "treaty.");
    char *got = cues_of(s);
    /* every "warned" gives "warn"; the last six see the treaty */
    size_t warn = 0, near = 0;
    for (char *p = got; (p = strstr(p, "warn")) != NULL; p += 4) {
        warn++;
        near += strncmp(p, "warn.t", 6) == 0;
    }
    ck_assert_uint_eq(warn, n + 6);
    ck_assert_uint_eq(near, 6);
    free(got);
    free(s);
}
END_TEST

static Suite *cues_suite(void)
{
    Suite *s = suite_create("cues");
    TCase *c = tcase_create("cues");
    tcase_add_test(c, lexicon_sorted_and_found);
    tcase_add_test(c, negation_flips_the_class_token);
    tcase_add_test(c, modality_and_scope);
    tcase_add_test(c, sentence_shapes);
    tcase_add_test(c, long_sentence_all_tokens);
    suite_add_tcase(s, c);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cues_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
