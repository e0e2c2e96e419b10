/*
 * test_text.c: UTF-8 validation and the tokenizer (src/text/text.c).  Every
 * token must slice the original text by its byte offsets and carry the
 * normalised form (NFKC, case-folded, straight apostrophes) that the
 * feature extractor hashes.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "stance.h"
#include "text.h"

/* ------------------------------------------------------------- helpers */

/* What one token should look like: its surface text, normalised text and
 * type. */
typedef struct want_tok {
    const char *surface;
    const char *norm;
    tok_type type;
} want_tok;

/* Tokenise text and check every token against want[0..n). */
static void check_tokens(const char *text, const want_tok *want, size_t n)
{
    tokens t;
    tokens_init(&t);
    size_t bad = 12345;
    size_t len = strlen(text);
    ck_assert_int_eq(text_tokenize(text, len, &t, &bad), STANCE_OK);
    ck_assert_msg(t.count == n, "\"%s\": %zu tokens, expected %zu", text, t.count, n);
    for (size_t i = 0; i < n; i++) {
        const token *k = &t.tok[i];
        ck_assert_msg(k->start < k->end && k->end <= len, "token %zu: bad span", i);
        size_t sl = k->end - k->start;
        ck_assert_msg(sl == strlen(want[i].surface) &&
                          memcmp(text + k->start, want[i].surface, sl) == 0,
                      "token %zu of \"%s\" is \"%.*s\", expected \"%s\"", i, text, (int)sl,
                      text + k->start, want[i].surface);
        ck_assert_msg(k->norm_len == strlen(want[i].norm) &&
                          memcmp(t.norm + k->norm_off, want[i].norm, k->norm_len) == 0,
                      "token %zu (\"%s\") normalises to \"%.*s\", expected \"%s\"", i,
                      want[i].surface, (int)k->norm_len, t.norm + k->norm_off, want[i].norm);
        ck_assert_msg(k->type == want[i].type, "token %zu (\"%s\") has type %d, expected %d", i,
                      want[i].surface, (int)k->type, (int)want[i].type);
    }
    tokens_free(&t);
}

/* Expect text_tokenize to fail with STANCE_EUTF8 at byte want_off. */
static void check_tokenize_bad(const char *text, size_t len, size_t want_off)
{
    tokens t;
    tokens_init(&t);
    size_t bad = (size_t)-1;
    ck_assert_int_eq(text_tokenize(text, len, &t, &bad), STANCE_EUTF8);
    ck_assert_uint_eq(bad, want_off);
    tokens_free(&t);
}

static void check_invalid(const char *s, size_t len, size_t want_off)
{
    size_t bad = (size_t)-1;
    ck_assert_msg(!stance_utf8_valid(s, len, &bad), "accepted invalid UTF-8 (want byte %zu)",
                  want_off);
    ck_assert_uint_eq(bad, want_off);
    /* the offset out-pointer is optional */
    ck_assert(!stance_utf8_valid(s, len, NULL));
}

/* ------------------------------------------------------ UTF-8 validation */

START_TEST(utf8_valid_text)
{
    const char *ok[] = {
        "",
        "plain ASCII, with punctuation!",
        "Stra\xC3\x9F\x65",                 /* 2 bytes: ß */
        "\xE2\x80\x9CQuoted\xE2\x80\x9D",   /* 3 bytes: curly quotes */
        "\xE4\xB8\xAD\xE5\x9B\xBD",         /* CJK */
        "\xF0\x9F\x98\x80 emoji",           /* 4 bytes: U+1F600 */
        "\xF4\x8F\xBF\xBF",                 /* U+10FFFF, the last code point */
        "\xEF\xBF\xBD",                     /* U+FFFD */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        size_t bad = 777;
        ck_assert_msg(stance_utf8_valid(ok[i], strlen(ok[i]), &bad), "rejected case %zu", i);
        ck_assert_uint_eq(bad, 777); /* untouched on success */
    }
}
END_TEST

START_TEST(utf8_invalid_continuation)
{
    check_invalid("ab\xC3\x28" "cd", 6, 2);        /* lead byte, then ASCII */
    check_invalid("a\x80" "b", 3, 1);              /* lone continuation byte */
    check_invalid("xyz\xE2\x82\x28", 6, 3);         /* third byte not a continuation */
    check_invalid("\xF0\x9F\x98\x41", 4, 0);        /* fourth byte not a continuation */
    check_invalid("ok \xFF ok", 7, 3);             /* never valid in UTF-8 */
    check_invalid("ok \xFE", 4, 3);
}
END_TEST

START_TEST(utf8_overlong)
{
    check_invalid("\xC0\xAF", 2, 0);                /* '/' in two bytes */
    check_invalid("ab\xC1\xBF", 4, 2);
    check_invalid("x\xE0\x80\xAF", 4, 1);           /* '/' in three bytes */
    check_invalid("\xF0\x80\x80\xAF", 4, 0);        /* '/' in four bytes */
}
END_TEST

START_TEST(utf8_surrogate_and_range)
{
    check_invalid("ok \xED\xA0\x80", 6, 3);         /* U+D800 */
    check_invalid("ok \xED\xBF\xBF!", 7, 3);        /* U+DFFF */
    check_invalid("\xF4\x90\x80\x80", 4, 0);        /* U+110000 */
    check_invalid("a\xF5\x80\x80\x80", 5, 1);
}
END_TEST

START_TEST(utf8_truncated_at_end)
{
    check_invalid("abc\xE2\x82", 5, 3);
    check_invalid("\xF0\x9F\x98", 3, 0);
    check_invalid("Stra\xC3", 5, 4);
    /* a valid string cut inside a character by the length argument */
    const char *s = "Stra\xC3\x9F" "e";
    check_invalid(s, 5, 4);
    ck_assert(stance_utf8_valid(s, 4, NULL));
}
END_TEST

/* ------------------------------------------------------------ tokenizer */

START_TEST(tokens_slice_original_text)
{
    /* leading, doubled and trailing whitespace, tabs and newlines */
    const char *text = "  The pact,\tsigned in\n1990 (at last)!  ";
    want_tok w[] = {
        {"The", "the", TOK_WORD},   {"pact", "pact", TOK_WORD}, {",", ",", TOK_PUNCT},
        {"signed", "signed", TOK_WORD}, {"in", "in", TOK_WORD}, {"1990", "1990", TOK_NUMBER},
        {"(", "(", TOK_PUNCT},      {"at", "at", TOK_WORD},     {"last", "last", TOK_WORD},
        {")", ")", TOK_PUNCT},      {"!", "!", TOK_PUNCT},
    };
    check_tokens(text, w, sizeof w / sizeof w[0]);

    tokens t;
    tokens_init(&t);
    ck_assert_int_eq(text_tokenize(text, strlen(text), &t, NULL), STANCE_OK);
    ck_assert_uint_eq(t.tok[0].start, 2);
    ck_assert_uint_eq(t.tok[5].start, 22); /* "1990" after the newline */
    tokens_free(&t);
}
END_TEST

START_TEST(tokens_offsets_with_multibyte_text)
{
    /* offsets are bytes, and still slice the text after 2-, 3- and 4-byte
     * characters */
    const char *text = "\xE2\x80\x9C" "Gr\xC3\xBC\xC3\x9F" "e\xE2\x80\x9D \xF0\x9F\x98\x80 na\xC3\xAFve";
    want_tok w[] = {
        {"\xE2\x80\x9C", "\xE2\x80\x9C", TOK_PUNCT},
        {"Gr\xC3\xBC\xC3\x9F" "e", "gr\xC3\xBCsse", TOK_WORD},
        {"\xE2\x80\x9D", "\xE2\x80\x9D", TOK_PUNCT},
        {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80", TOK_PUNCT},
        {"na\xC3\xAFve", "na\xC3\xAFve", TOK_WORD},
    };
    check_tokens(text, w, sizeof w / sizeof w[0]);
}
END_TEST

START_TEST(tokens_apostrophes)
{
    want_tok w[] = {
        {"Georgia's", "georgia's", TOK_WORD},
        {"Russia\xE2\x80\x99s", "russia's", TOK_WORD},  /* U+2019 */
        {"Kyiv\xCA\xBCs", "kyiv's", TOK_WORD},           /* U+02BC */
        {"don't", "don't", TOK_WORD},
    };
    check_tokens("Georgia's Russia\xE2\x80\x99s Kyiv\xCA\xBCs don't", w, 4);

    /* an apostrophe not between letters is punctuation */
    want_tok w2[] = {
        {"states", "states", TOK_WORD}, {"'", "'", TOK_PUNCT}, {"rights", "rights", TOK_WORD},
        {"\xE2\x80\x98", "\xE2\x80\x98", TOK_PUNCT}, {"yes", "yes", TOK_WORD},
        {"\xE2\x80\x99", "'", TOK_PUNCT},
    };
    check_tokens("states' rights \xE2\x80\x98yes\xE2\x80\x99", w2, 6);
}
END_TEST

START_TEST(tokens_nfkc_casefold)
{
    want_tok w[] = {
        {"\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "abc", TOK_WORD}, /* fullwidth ABC */
        {"Stra\xC3\x9F" "e", "strasse", TOK_WORD},                  /* ß folds to ss */
        {"\xEF\xAC\x81" "ne", "fine", TOK_WORD},                    /* fi ligature */
        {"E\xCC\x81" "COLE", "\xC3\xA9" "cole", TOK_WORD},          /* E + combining acute */
        {"NATO", "nato", TOK_WORD},
    };
    check_tokens("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 Stra\xC3\x9F" "e \xEF\xAC\x81" "ne "
                 "E\xCC\x81" "COLE NATO",
                 w, sizeof w / sizeof w[0]);
}
END_TEST

START_TEST(tokens_numbers)
{
    want_tok w[] = {
        {"3.5", "3.5", TOK_NUMBER},     {"10.30", "10.30", TOK_NUMBER},
        {"1,000", "1,000", TOK_NUMBER}, {"12:45", "12:45", TOK_NUMBER},
        {"1980s", "1980s", TOK_WORD},   {"G7", "g7", TOK_WORD},
        {"2024", "2024", TOK_NUMBER},   {".", ".", TOK_PUNCT},
    };
    check_tokens("3.5 10.30 1,000 12:45 1980s G7 2024.", w, sizeof w / sizeof w[0]);

    /* a separator not followed by a digit is not part of the number */
    want_tok w2[] = {
        {"5", "5", TOK_NUMBER}, {",", ",", TOK_PUNCT}, {"then", "then", TOK_WORD},
        {"7", "7", TOK_NUMBER}, {".", ".", TOK_PUNCT}, {".", ".", TOK_PUNCT},
    };
    check_tokens("5, then 7..", w2, 6);
}
END_TEST

START_TEST(tokens_punctuation)
{
    want_tok w[] = {
        {"\"", "\"", TOK_PUNCT}, {"Yes", "yes", TOK_WORD},   {"?", "?", TOK_PUNCT},
        {"!", "!", TOK_PUNCT},   {"\"", "\"", TOK_PUNCT},    {"\xE2\x80\x94", "\xE2\x80\x94", TOK_PUNCT},
        {"(", "(", TOK_PUNCT},   {"no", "no", TOK_WORD},     {")", ")", TOK_PUNCT},
        {";", ";", TOK_PUNCT},   {"-", "-", TOK_PUNCT},      {"led", "led", TOK_WORD},
    };
    check_tokens("\"Yes?!\" \xE2\x80\x94 (no); -led", w, sizeof w / sizeof w[0]);
}
END_TEST

/* Plain ASCII takes a fast path; where a word meets a byte only the full
 * scanner can judge (a joining ' . , : before a non-space, a byte above
 * 0x7f) it must still tokenise as the full scanner does. */
START_TEST(tokens_ascii_edges)
{
    want_tok w[] = {
        {"pact", "pact", TOK_WORD},     {",", ",", TOK_PUNCT},         {"Geneva", "geneva", TOK_WORD},
        {",", ",", TOK_PUNCT},          {"pact", "pact", TOK_WORD},    {",", ",", TOK_PUNCT},
        {"x", "x", TOK_WORD},           {"e", "e", TOK_WORD},          {".", ".", TOK_PUNCT},
        {"g", "g", TOK_WORD},           {".", ".", TOK_PUNCT},
        {"deal", "deal", TOK_WORD},     {":", ":", TOK_PUNCT},         {"ok", "ok", TOK_WORD},
        {"Kyiv's", "kyiv's", TOK_WORD}, {"'", "'", TOK_PUNCT},         {"tis", "tis", TOK_WORD},
        {"9", "9", TOK_NUMBER},         {":", ":", TOK_PUNCT},
    };
    check_tokens("pact, Geneva,pact,x e.g. deal:ok Kyiv's 'tis 9:", w, sizeof w / sizeof w[0]);

    /* ASCII letters running into other letters, a dash, controls */
    want_tok w2[] = {
        {"caf\xC3\xA9", "caf\xC3\xA9", TOK_WORD}, {"war", "war", TOK_WORD},
        {"\xE2\x80\x94", "\xE2\x80\x94", TOK_PUNCT}, {"Oslo", "oslo", TOK_WORD},
        {"\x01", "\x01", TOK_PUNCT},             {"\x1f", "\x1f", TOK_PUNCT},
        {"A", "a", TOK_WORD},
    };
    check_tokens("caf\xC3\xA9 war\xE2\x80\x94Oslo\x01\x1f A", w2, sizeof w2 / sizeof w2[0]);

    /* joins the fast path makes itself, and the ones it leaves alone */
    want_tok w3[] = {
        {"don\xE2\x80\x99t\xE2\x80\x99s", "don't's", TOK_WORD},
        {"1990", "1990", TOK_NUMBER},       {"\xE2\x80\x99", "'", TOK_PUNCT},
        {"s", "s", TOK_WORD},               {"10,000,000", "10,000,000", TOK_NUMBER},
        {"x\xE2\x80\x99\xC3\xA9", "x'\xC3\xA9", TOK_WORD},
        {"state", "state", TOK_WORD},       {"\xE2\x80\x99", "'", TOK_PUNCT},
        {"G7'S", "g7's", TOK_WORD},         {"3.5", "3.5", TOK_NUMBER},
        {".", ".", TOK_PUNCT},
    };
    check_tokens("don\xE2\x80\x99t\xE2\x80\x99s 1990\xE2\x80\x99s 10,000,000 x\xE2\x80\x99\xC3\xA9 "
                 "state\xE2\x80\x99 G7'S 3.5.",
                 w3, sizeof w3 / sizeof w3[0]);
}
END_TEST

/* Every ASCII byte inside a long word, where the scanner reads eight
 * bytes at a time: letters and digits continue the word (lower-cased), a
 * space splits it, any other byte is a token of its own, but for an
 * apostrophe between letters, which joins. */
START_TEST(tokens_every_ascii_byte_in_a_word)
{
    for (int c = 1; c < 0x80; c++) {
        char text[64];
        snprintf(text, sizeof text, "Ratifying%cTreatiesNow", c);
        char lower[64];
        for (size_t i = 0; i <= strlen(text); i++)
            lower[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        bool space = c == ' ' || (c >= '\t' && c <= '\r');
        if (alnum || c == '\'') {
            want_tok w[] = {{text, lower, TOK_WORD}};
            check_tokens(text, w, 1);
        } else {
            char mid[2] = {(char)c, 0};
            want_tok w[] = {{"Ratifying", "ratifying", TOK_WORD},
                            {mid, mid, TOK_PUNCT},
                            {"TreatiesNow", "treatiesnow", TOK_WORD}};
            if (space)
                w[1] = w[2];
            check_tokens(text, w, space ? 2 : 3);
        }
    }
}
END_TEST

START_TEST(tokens_other_scripts)
{
    want_tok w[] = {
        {"\xD0\xA0\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F",  /* Россия */
         "\xD1\x80\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F", TOK_WORD},
        {"\xE1\x83\xA1\xE1\x83\x90\xE1\x83\xA5\xE1\x83\x90\xE1\x83\xA0\xE1\x83\x97\xE1\x83\x95"
         "\xE1\x83\x94\xE1\x83\x9A\xE1\x83\x9D",                /* საქართველო */
         "\xE1\x83\xA1\xE1\x83\x90\xE1\x83\xA5\xE1\x83\x90\xE1\x83\xA0\xE1\x83\x97\xE1\x83\x95"
         "\xE1\x83\x94\xE1\x83\x9A\xE1\x83\x9D", TOK_WORD},
        {"\xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1",   /* Ελλάδα */
         "\xCE\xB5\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1", TOK_WORD},
    };
    check_tokens("\xD0\xA0\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F "
                 "\xE1\x83\xA1\xE1\x83\x90\xE1\x83\xA5\xE1\x83\x90\xE1\x83\xA0\xE1\x83\x97"
                 "\xE1\x83\x95\xE1\x83\x94\xE1\x83\x9A\xE1\x83\x9D "
                 "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1",
                 w, 3);
}
END_TEST

START_TEST(tokens_cjk_one_per_ideograph)
{
    /* 中华人民 then Latin glued to an ideograph */
    want_tok w[] = {
        {"\xE4\xB8\xAD", "\xE4\xB8\xAD", TOK_WORD}, {"\xE5\x8D\x8E", "\xE5\x8D\x8E", TOK_WORD},
        {"\xE4\xBA\xBA", "\xE4\xBA\xBA", TOK_WORD}, {"\xE6\xB0\x91", "\xE6\xB0\x91", TOK_WORD},
        {"WTO", "wto", TOK_WORD},                   {"\xE5\x8D\x8F", "\xE5\x8D\x8F", TOK_WORD},
        {"\xE8\xAE\xAE", "\xE8\xAE\xAE", TOK_WORD}, {"\xE3\x80\x82", "\xE3\x80\x82", TOK_PUNCT},
    };
    check_tokens("\xE4\xB8\xAD\xE5\x8D\x8E\xE4\xBA\xBA\xE6\xB0\x91WTO\xE5\x8D\x8F\xE8\xAE\xAE"
                 "\xE3\x80\x82",
                 w, sizeof w / sizeof w[0]);
}
END_TEST

START_TEST(tokens_dotted_acronyms)
{
    /* "U.S." is one word plus its final full stop, which stays
     * punctuation; lower-case "a.m." is not an acronym */
    want_tok w[] = {
        {"U.S", "u.s", TOK_WORD},   {".", ".", TOK_PUNCT}, {"troops", "troops", TOK_WORD},
        {"and", "and", TOK_WORD},   {"U.S.A", "u.s.a", TOK_WORD}, {".", ".", TOK_PUNCT},
        {"U.N", "u.n", TOK_WORD},   {".", ".", TOK_PUNCT}, {"-", "-", TOK_PUNCT},
        {"led", "led", TOK_WORD},
    };
    check_tokens("U.S. troops and U.S.A. U.N.-led", w, sizeof w / sizeof w[0]);

    want_tok w2[] = {
        {"9", "9", TOK_NUMBER}, {"a", "a", TOK_WORD}, {".", ".", TOK_PUNCT},
        {"m", "m", TOK_WORD},   {".", ".", TOK_PUNCT},
    };
    check_tokens("9 a.m.", w2, 5);
}
END_TEST

START_TEST(tokens_unicode_spaces_separate)
{
    /* no-break space, ideographic space and a zero-width no-break space
     * separate tokens and are not tokens themselves */
    want_tok w[] = {
        {"5", "5", TOK_NUMBER}, {"mai", "mai", TOK_WORD}, {"Paris", "paris", TOK_WORD},
        {"end", "end", TOK_WORD},
    };
    check_tokens("5\xC2\xA0mai\xE3\x80\x80Paris\xEF\xBB\xBF" "end", w, 4);
}
END_TEST

START_TEST(tokens_invalid_utf8_offset)
{
    check_tokenize_bad("Peace \xFF talks", 12, 6);
    check_tokenize_bad("Stra\xC3\x28" "e", 7, 4);        /* inside a word */
    check_tokenize_bad("Gr\xC3\xBC\xC3\x9F" "e \xE2\x82", 10, 8); /* truncated at the end */
    check_tokenize_bad("ok \xED\xA0\x80", 6, 3);          /* surrogate */
    check_tokenize_bad("\xC0\xAF", 2, 0);                 /* overlong */
}
END_TEST

START_TEST(tokens_reuse_replaces_contents)
{
    tokens t;
    tokens_init(&t);
    const char *a = "One two three four five six seven eight nine ten.";
    const char *b = "Short one";
    ck_assert_int_eq(text_tokenize(a, strlen(a), &t, NULL), STANCE_OK);
    ck_assert_uint_eq(t.count, 11);
    ck_assert_int_eq(text_tokenize(b, strlen(b), &t, NULL), STANCE_OK);
    ck_assert_uint_eq(t.count, 2);
    ck_assert_uint_eq(t.tok[0].norm_off, 0);
    ck_assert_int_eq(memcmp(t.norm + t.tok[1].norm_off, "one", 3), 0);
    /* empty and all-space text give no tokens */
    ck_assert_int_eq(text_tokenize("", 0, &t, NULL), STANCE_OK);
    ck_assert_uint_eq(t.count, 0);
    ck_assert_int_eq(text_tokenize(" \t\n ", 4, &t, NULL), STANCE_OK);
    ck_assert_uint_eq(t.count, 0);
    tokens_free(&t);
    tokens_free(NULL); /* a no-op */
}
END_TEST

/* The one abbreviation list (abbrev.c) that the splitter and attribution
 * share: any case, inner dots and apostrophes, the final stop left off. */
START_TEST(abbreviations_shared_list)
{
    static const char *const words[] = {"Mr", "MRS", "gen", "Sept", "Mar", "U.S", "e.g",
                                         "p.m", "gov't", "Messrs", "al", "Dept"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        ck_assert_msg(text_abbreviation(words[i], strlen(words[i])) == TEXT_ABBR_WORD, "%s",
                      words[i]);
    static const char *const endings[] = {"Jr", "Sr", "Inc", "Ltd", "Corp", "Co"};
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++)
        ck_assert_msg(text_abbreviation(endings[i], strlen(endings[i])) == TEXT_ABBR_SUFFIX,
                      "%s", endings[i]);
    static const char *const words_not[] = {"said", "U", "us", "mrs.", "", "Treaty", "Sen.",
                                            "May", "June"};
    for (size_t i = 0; i < sizeof words_not / sizeof words_not[0]; i++)
        ck_assert_msg(text_abbreviation(words_not[i], strlen(words_not[i])) == TEXT_ABBR_NONE,
                      "%s", words_not[i]);
    /* No. is one only before a number */
    ck_assert_int_eq(text_abbreviation("No", 2), TEXT_ABBR_NUMBER);
    ck_assert(text_abbreviation_before("No", 2, '5'));
    ck_assert(!text_abbreviation_before("no", 2, 'T'));
    ck_assert(!text_abbreviation_before("no", 2, 0));
    ck_assert(text_abbreviation_before("Gen", 3, 'C'));
    ck_assert(text_abbreviation_before("Inc", 3, 0));
    ck_assert(!text_abbreviation_before("said", 4, 'T'));
}
END_TEST

/* The character classes every tokenizer shares (chars.h). */
START_TEST(chars_shared_classes)
{
    ck_assert(text_is_word_char('a') && text_is_word_char('Z') && text_is_word_char('7'));
    ck_assert(text_is_word_char(0x00E9) && text_is_word_char(0x0663)); /* é, Arabic 3 */
    ck_assert(!text_is_word_char('-') && !text_is_word_char('\'') && !text_is_word_char(' '));
    ck_assert(text_is_digit(0x0663) && !text_is_digit('x'));
    ck_assert(text_is_apostrophe('\'') && text_is_apostrophe(0x2019) &&
              text_is_apostrophe(0x02BC) && !text_is_apostrophe('"'));
    ck_assert(text_is_hyphen('-') && text_is_hyphen(0x2010) && text_is_hyphen(0x2011) &&
              !text_is_hyphen(0x2013));
    ck_assert(text_is_dash(0x2013) && text_is_dash(0x2014) && !text_is_dash('-'));
    static const int32_t quotes[] = {'"', '\'', 0x201C, 0x201D, 0x201E, 0x2018,
                                     0x2019, 0x00AB, 0x00BB, 0x2039, 0x203A};
    for (size_t i = 0; i < sizeof quotes / sizeof quotes[0]; i++)
        ck_assert_msg(text_is_quote(quotes[i]), "U+%04X", (unsigned)quotes[i]);
    ck_assert(text_is_open_quote(0x201C) && !text_is_open_quote(0x201D));
    ck_assert(text_is_close_quote(0x201D) && !text_is_close_quote(0x201C));
    ck_assert(!text_is_quote('(') && !text_is_quote('`'));
    static const int32_t marks[] = {'-', '*', 0x2022, 0x2023, 0x25AA, 0x00B7, 0x2013, 0x2014};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        ck_assert_msg(text_is_list_mark(marks[i]), "U+%04X", (unsigned)marks[i]);
    ck_assert(!text_is_list_mark('+') && !text_is_list_mark('.'));
    ck_assert(text_is_ideograph(0x4E2D) && !text_is_ideograph(0x3042)); /* 中, あ */
}
END_TEST

static Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *u = tcase_create("utf8");
    tcase_add_test(u, utf8_valid_text);
    tcase_add_test(u, utf8_invalid_continuation);
    tcase_add_test(u, utf8_overlong);
    tcase_add_test(u, utf8_surrogate_and_range);
    tcase_add_test(u, utf8_truncated_at_end);
    suite_add_tcase(s, u);

    TCase *k = tcase_create("tokenizer");
    tcase_add_test(k, tokens_slice_original_text);
    tcase_add_test(k, tokens_offsets_with_multibyte_text);
    tcase_add_test(k, tokens_apostrophes);
    tcase_add_test(k, tokens_nfkc_casefold);
    tcase_add_test(k, tokens_numbers);
    tcase_add_test(k, tokens_punctuation);
    tcase_add_test(k, tokens_ascii_edges);
    tcase_add_test(k, tokens_every_ascii_byte_in_a_word);
    tcase_add_test(k, tokens_other_scripts);
    tcase_add_test(k, tokens_cjk_one_per_ideograph);
    tcase_add_test(k, tokens_dotted_acronyms);
    tcase_add_test(k, tokens_unicode_spaces_separate);
    tcase_add_test(k, tokens_invalid_utf8_offset);
    tcase_add_test(k, tokens_reuse_replaces_contents);
    suite_add_tcase(s, k);

    TCase *a = tcase_create("shared");
    tcase_add_test(a, abbreviations_shared_list);
    tcase_add_test(a, chars_shared_classes);
    suite_add_tcase(s, a);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(text_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
