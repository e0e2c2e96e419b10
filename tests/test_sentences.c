/*
 * test_sentences.c: the sentence splitter (stance_split).  Each case gives
 * an article text and the exact sentences expected, compared as the bytes
 * the returned spans slice from the text.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stance.h"

/* Split text[0..len) and compare the sliced sentences with want[0..n). */
static void expect_len(const char *text, size_t len, const char *const *want, size_t n)
{
    stance_span *spans = NULL;
    size_t count = 99;
    stance_error err;
    ck_assert_int_eq(stance_split(text, len, &spans, &count, &err), STANCE_OK);
    char got[4096] = "";
    size_t used = 0;
    for (size_t i = 0; i < count && used < sizeof got; i++)
        used += (size_t)snprintf(got + used, sizeof got - used, "\n  [%.*s]",
                                 (int)(spans[i].end - spans[i].start), text + spans[i].start);
    ck_assert_msg(count == n, "%zu sentences, expected %zu:%s", count, n, got);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(spans[i].start <= spans[i].end && spans[i].end <= len,
                      "sentence %zu: span out of range", i);
        size_t sl = spans[i].end - spans[i].start;
        ck_assert_msg(sl == strlen(want[i]) && memcmp(text + spans[i].start, want[i], sl) == 0,
                      "sentence %zu is [%.*s], expected [%s]; all:%s", i, (int)sl,
                      text + spans[i].start, want[i], got);
        if (i > 0)
            ck_assert_msg(spans[i].start >= spans[i - 1].end, "sentences overlap");
    }
    free(spans);
}

#define EXPECT(text, ...)                                                                    \
    do {                                                                                     \
        const char *const want_[] = {__VA_ARGS__};                                           \
        expect_len((text), strlen(text), want_, sizeof want_ / sizeof want_[0]);             \
    } while (0)

/* --------------------------------------------------------- abbreviations */

START_TEST(split_titles)
{
    EXPECT("Mr. Smith met Mrs. Jones and Ms. Lee in Geneva. Dr. Brown joined Gen. Clark, "
           "Sen. Reed and Gov. Hall. They walked down St. James Street.",
           "Mr. Smith met Mrs. Jones and Ms. Lee in Geneva.",
           "Dr. Brown joined Gen. Clark, Sen. Reed and Gov. Hall.",
           "They walked down St. James Street.");
}
END_TEST

START_TEST(split_months)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
                                         "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"};
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
        char text[200], first[120];
        snprintf(first, sizeof first, "The pact was signed on %s. 12 in Vienna.", months[i]);
        snprintf(text, sizeof text, "%s It took effect later.", first);
        EXPECT(text, first, "It took effect later.");
    }
}
END_TEST

START_TEST(split_number_abbreviation)
{
    EXPECT("Resolution No. 5 passed narrowly. It was close.",
           "Resolution No. 5 passed narrowly.", "It was close.");
    /* "no." before a capital is an ordinary word ending a sentence */
    EXPECT("The prime minister said no. The vote failed.", "The prime minister said no.",
           "The vote failed.");
}
END_TEST

/* Name endings (Jr., Sr., Inc., Ltd., Corp., Co.) keep their stop inside
 * a sentence, but end one before a word that opens sentences, like a
 * dotted abbreviation (the list is src/text/abbrev.c's, shared with
 * attribution). */
START_TEST(split_name_endings)
{
    EXPECT("Martin Luther King Jr. Day falls on a Monday. Acme Corp. Chief Jan Roe agreed.",
           "Martin Luther King Jr. Day falls on a Monday.",
           "Acme Corp. Chief Jan Roe agreed.");
    EXPECT("The deal was signed by Acme Inc. The company declined to comment.",
           "The deal was signed by Acme Inc.", "The company declined to comment.");
    EXPECT("Shares of Vostok Shipping Co. But the treaty held.",
           "Shares of Vostok Shipping Co.", "But the treaty held.");
}
END_TEST

START_TEST(split_dotted_acronyms)
{
    EXPECT("The U.S. and the U.K. backed the text. The U.N. Security Council met on Monday. "
           "Then U.S. President Carter spoke.",
           "The U.S. and the U.K. backed the text.",
           "The U.N. Security Council met on Monday.", "Then U.S. President Carter spoke.");
    EXPECT("He praised the U.S.-led coalition. Others did not.",
           "He praised the U.S.-led coalition.", "Others did not.");
}
END_TEST

START_TEST(split_latin_abbreviations)
{
    EXPECT("Some states, e.g. France, objected. The rest, i.e. Spain and Italy, agreed. "
           "A study by Smith et al. (2020) disagreed. Smith et al. reported it first.",
           "Some states, e.g. France, objected.", "The rest, i.e. Spain and Italy, agreed.",
           "A study by Smith et al. (2020) disagreed.", "Smith et al. reported it first.");
}
END_TEST

START_TEST(split_clock_abbreviations)
{
    EXPECT("The session opened at 9 a.m. and closed at 5 p.m. on Friday. Delegates then left.",
           "The session opened at 9 a.m. and closed at 5 p.m. on Friday.",
           "Delegates then left.");
}
END_TEST

START_TEST(split_initials)
{
    EXPECT("J. R. Smith signed for Britain. The ink was dry by noon.",
           "J. R. Smith signed for Britain.", "The ink was dry by noon.");
    EXPECT("The envoy, Anna K. Petrova, declined to comment. Talks continue.",
           "The envoy, Anna K. Petrova, declined to comment.", "Talks continue.");
}
END_TEST

START_TEST(split_decimals_and_times)
{
    EXPECT("Growth slowed to 3.5 percent. The meeting ended at 10.30 on Monday. "
           "Exports rose by 1,000 tonnes. The vote was 52 to 3. Turnout was low.",
           "Growth slowed to 3.5 percent.", "The meeting ended at 10.30 on Monday.",
           "Exports rose by 1,000 tonnes.", "The vote was 52 to 3.", "Turnout was low.");
}
END_TEST

/* ------------------------------------------------------ terminators */

START_TEST(split_ellipses)
{
    EXPECT("The deal is dead... Nobody wants it. Or is it\xE2\x80\xA6 Talks may resume.",
           "The deal is dead...", "Nobody wants it.", "Or is it\xE2\x80\xA6",
           "Talks may resume.");
    /* an ellipsis before a lower-case word does not end the sentence */
    EXPECT("He hesitated... then signed. She waited\xE2\x80\xA6 and left.",
           "He hesitated... then signed.", "She waited\xE2\x80\xA6 and left.");
    /* other punctuation from U+2000 to U+2FFF shares the ellipsis's first
     * byte (dashes, daggers, curly quotes) and ends nothing; an ellipsis
     * as the text's last bytes ends the last sentence */
    EXPECT("Talks stalled \xE2\x80\x94 again \xE2\x80\x94 in May. The accord\xE2\x80\xA0 took "
           "effect. The envoy called it \xE2\x80\x9C" "fragile\xE2\x80\x9D and left\xE2\x80\xA6",
           "Talks stalled \xE2\x80\x94 again \xE2\x80\x94 in May.",
           "The accord\xE2\x80\xA0 took effect.",
           ("The envoy called it \xE2\x80\x9C" "fragile\xE2\x80\x9D and left\xE2\x80\xA6"));
}
END_TEST

START_TEST(split_closing_quotes_and_brackets)
{
    EXPECT("He said \"No.\" Then he left.", "He said \"No.\"", "Then he left.");
    EXPECT("He said \xE2\x80\x9CNo.\xE2\x80\x9D Then he left.", "He said \xE2\x80\x9CNo.\xE2\x80\x9D",
           "Then he left.");
    EXPECT("\xE2\x80\x9CWill it hold?\xE2\x80\x9D Nobody knows.",
           "\xE2\x80\x9CWill it hold?\xE2\x80\x9D", "Nobody knows.");
    EXPECT("(The vote was close!) Next came the debate.", "(The vote was close!)",
           "Next came the debate.");
    EXPECT("She wrote 'It is over.' Then silence.", "She wrote 'It is over.'", "Then silence.");
    EXPECT("Was it a betrayal?! Many said so.", "Was it a betrayal?!", "Many said so.");
}
END_TEST

START_TEST(split_quote_with_attribution)
{
    /* a question or exclamation inside a quote followed by a lower-case
     * attribution is one sentence */
    EXPECT("\xE2\x80\x9CIs this the end of the treaty?\xE2\x80\x9D he asked. Nobody answered.",
           "\xE2\x80\x9CIs this the end of the treaty?\xE2\x80\x9D he asked.",
           "Nobody answered.");
    EXPECT("\"We will never sign!\" she said, and left the room.",
           "\"We will never sign!\" she said, and left the room.");
}
END_TEST

START_TEST(split_quoted_passage)
{
    EXPECT("\xE2\x80\x9CWe will not sign. The deal is dead. Nobody in this government wants "
           "it,\xE2\x80\x9D the minister said. Talks ended.",
           "\xE2\x80\x9CWe will not sign.", "The deal is dead.",
           "Nobody in this government wants it,\xE2\x80\x9D the minister said.",
           "Talks ended.");
    EXPECT("He said: \"We tried. We failed.\" Then he resigned.", "He said: \"We tried.",
           "We failed.\"", "Then he resigned.");
}
END_TEST

/* ------------------------------------------------------ lines and layout */

START_TEST(split_headline_byline_caption)
{
    EXPECT("Treaty Talks Collapse in Geneva\n"
           "By Anna Petrova, Staff Writer\n"
           "\n"
           "Negotiators walked out on Tuesday after the two sides failed to agree. The talks "
           "may resume in March.\n"
           "\n"
           "Delegates leave the Palais des Nations on Tuesday\n",
           "Treaty Talks Collapse in Geneva", "By Anna Petrova, Staff Writer",
           "Negotiators walked out on Tuesday after the two sides failed to agree.",
           "The talks may resume in March.",
           "Delegates leave the Palais des Nations on Tuesday");
}
END_TEST

START_TEST(split_headline_above_long_paragraph)
{
    /* a short line with no final punctuation above long text, in the same
     * paragraph, is a sentence of its own */
    EXPECT("Ceasefire holds\n"
           "The ceasefire agreed in Doha last week held for a third day on Sunday, officials "
           "on both sides said.\n",
           "Ceasefire holds",
           "The ceasefire agreed in Doha last week held for a third day on Sunday, officials "
           "on both sides said.");
}
END_TEST

START_TEST(split_blank_line_paragraphs)
{
    EXPECT("The treaty was signed in Paris, officials said\n"
           "\n"
           "\n"
           "  \t \n"
           "It takes effect in May",
           "The treaty was signed in Paris, officials said", "It takes effect in May");
}
END_TEST

static const char wrapped[] =
    "The foreign minister said on Tuesday that the agreement would be signed\n"
    "by the end of the month, despite objections from the opposition. Critics\n"
    "say the deal gives away too much and leaves the border unresolved. The\n"
    "vote is expected next week, after a long debate in parliament.\n";

START_TEST(split_hard_wrapped_paragraph)
{
    EXPECT(wrapped,
           "The foreign minister said on Tuesday that the agreement would be signed\n"
           "by the end of the month, despite objections from the opposition.",
           "Critics\nsay the deal gives away too much and leaves the border unresolved.",
           "The\nvote is expected next week, after a long debate in parliament.");
}
END_TEST

START_TEST(split_crlf)
{
    /* the same wrapped paragraph with CRLF line ends, then a headline and a
     * second paragraph */
    char text[1024] = "Border Deal Signed\r\n\r\n";
    size_t n = strlen(text);
    for (const char *p = wrapped; *p; p++) {
        if (*p == '\n')
            text[n++] = '\r';
        text[n++] = *p;
    }
    text[n] = '\0';
    strcat(text, "\r\nThe opposition called it a betrayal.\r\n");
    EXPECT(text, "Border Deal Signed",
           "The foreign minister said on Tuesday that the agreement would be signed\r\n"
           "by the end of the month, despite objections from the opposition.",
           "Critics\r\nsay the deal gives away too much and leaves the border unresolved.",
           "The\r\nvote is expected next week, after a long debate in parliament.",
           "The opposition called it a betrayal.");
}
END_TEST

START_TEST(split_spans_are_byte_offsets)
{
    const char *text = "  \xE2\x80\x9CYes.\xE2\x80\x9D Stra\xC3\x9F" "e ends.  \n";
    stance_span *s;
    size_t n;
    ck_assert_int_eq(stance_split(text, strlen(text), &s, &n, NULL), STANCE_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(s[0].start, 2);
    ck_assert_uint_eq(s[0].end, 12);
    ck_assert_uint_eq(s[1].start, 13);
    ck_assert_uint_eq(s[1].end, 26);
    free(s);
}
END_TEST

/* ------------------------------------------------------ empty and errors */

START_TEST(split_empty_and_blank)
{
    const char *blank[] = {"", " ", "\n\n\n", "  \t \r\n \r\n", "\xC2\xA0\n\xE3\x80\x80"};
    for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
        stance_span *s = (stance_span *)&s; /* must be reset to NULL */
        size_t n = 42;
        ck_assert_int_eq(stance_split(blank[i], strlen(blank[i]), &s, &n, NULL), STANCE_OK);
        ck_assert_msg(n == 0, "case %zu: %zu sentences", i, n);
        ck_assert_ptr_null(s);
    }
}
END_TEST

START_TEST(split_invalid_utf8)
{
    const char *text = "The treaty was signed. It was \xE2\x82 late.";
    stance_span *s = (stance_span *)&s;
    size_t n = 42;
    stance_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(stance_split(text, strlen(text), &s, &n, &err), STANCE_EUTF8);
    ck_assert_ptr_null(s);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(err.code, STANCE_EUTF8);
    ck_assert(err.has_offset);
    ck_assert_uint_eq(err.offset, 30);
    ck_assert_msg(strstr(err.message, "30") != NULL, "message \"%s\" lacks the offset",
                  err.message);
    /* without an error struct, the status alone */
    ck_assert_int_eq(stance_split("\xFF", 1, &s, &n, NULL), STANCE_EUTF8);
    ck_assert_ptr_null(s);
}
END_TEST

/* ----------------------------------------------- real-reporting layouts */

START_TEST(split_abbreviation_before_opener)
{
    /* [initial-opener] "Plan B." and [dotted-opener] "the U.S." end before a
     * word that opens sentences; "the U.S. Army" and "George W. Bush" do not */
    EXPECT("It was Plan B. The rest followed. Troops left the U.S. But they came back. "
           "The U.S. Army stayed. George W. Bush spoke.",
           "It was Plan B.", "The rest followed.", "Troops left the U.S.",
           "But they came back.", "The U.S. Army stayed.", "George W. Bush spoke.");
}
END_TEST

START_TEST(split_clock_before_capital)
{
    /* [clock] "p.m." ends before a capitalised word, not before a time zone */
    EXPECT("The session ended at 6 p.m. Delegates flew home. Voting closes at 8 p.m. EDT on "
           "Monday.\n\n12:58 p.m. The ceremony is about to begin.",
           "The session ended at 6 p.m.", "Delegates flew home.",
           "Voting closes at 8 p.m. EDT on Monday.", "12:58 p.m.",
           "The ceremony is about to begin.");
}
END_TEST

START_TEST(split_dateline_credit)
{
    /* [slash] a full stop before "/" does not end the sentence */
    EXPECT("MOSCOW, November 18. /TASS/. Talks resumed.", "MOSCOW, November 18. /TASS/.",
           "Talks resumed.");
}
END_TEST

START_TEST(split_single_quote_opening)
{
    EXPECT("He said no. 'We will not sign,' he added. 'It is over.' 'No,' she said.",
           "He said no.", "'We will not sign,' he added.", "'It is over.'", "'No,' she said.");
}
END_TEST

START_TEST(split_photo_credits_stay)
{
    /* [credit] a credit after the caption's stop stays with the caption; on
     * a line of its own it is a line of its own */
    EXPECT("Guests sit on the lawn. REUTERS/Tom Brenner\n\n"
           "The port at dusk. (AFP Photo)\n\n"
           "Flags outside parliament. \xc2\xa9 Clara Lenoir\n\n"
           "Women collect water\nPhoto: Jens Feller/dpa\n\nThe talks went on.",
           "Guests sit on the lawn. REUTERS/Tom Brenner", "The port at dusk. (AFP Photo)",
           "Flags outside parliament. \xc2\xa9 Clara Lenoir", "Women collect water",
           "Photo: Jens Feller/dpa", "The talks went on.");
}
END_TEST

START_TEST(split_bullets_and_colons)
{
    /* [colon] a line ending in ":" before a list; [bullet] each item */
    EXPECT("The treaty was reached after two years of talks, and it sets out the following "
           "terms for both sides:\n"
           "- A power-sharing assembly\n"
           "\xe2\x80\xa2 mutual recognition of borders;\n"
           "\xe2\x80\xa2 the renunciation of force;\n"
           "* the withdrawal of forces from the border.\n"
           "Reaction round-up:\n"
           "\xe2\x80\xa2 Egypt welcomed it.",
           "The treaty was reached after two years of talks, and it sets out the following "
           "terms for both sides:",
           "- A power-sharing assembly", "\xe2\x80\xa2 mutual recognition of borders;",
           "\xe2\x80\xa2 the renunciation of force;",
           "* the withdrawal of forces from the border.", "Reaction round-up:",
           "\xe2\x80\xa2 Egypt welcomed it.");
}
END_TEST

START_TEST(split_short_lines_after_abbreviation)
{
    /* [short-lines] a header block: "D.C." ends its line */
    EXPECT("Press Briefing\nWashington, D.C.\n1:14 p.m. EDT\n\nThe spokesman opened the "
           "briefing.",
           "Press Briefing", "Washington, D.C.", "1:14 p.m. EDT",
           "The spokesman opened the briefing.");
}
END_TEST

START_TEST(split_runin_headings)
{
    /* [run-in] a sub-head run into its paragraph, as copied from a web page */
    EXPECT("What's in the pact The 14-article text commits the two states to defend each "
           "other.\n\n"
           "What stops now Inspections had been paused, and inspections may not resume.\n\n"
           "The experts Analysts say the biggest risk lies in the strait, where analysts "
           "expect trouble.\n\n"
           "Why Korvia left Korvia's minister said the formula was unfair.\n\n"
           "Can New START survive Moscow's suspension?\n\n"
           "Signed in Prague in 2010 and signed again in 2021, New START caps warheads.\n\n"
           "The Package of Measures for the Implementation of the Minsk Agreements was "
           "signed in 2015, and its implementation stalled.\n\n"
           "Officials in The Hague said the talks would resume.",
           "What's in the pact", "The 14-article text commits the two states to defend each other.",
           "What stops now", "Inspections had been paused, and inspections may not resume.",
           "The experts",
           "Analysts say the biggest risk lies in the strait, where analysts expect trouble.",
           "Why Korvia left", "Korvia's minister said the formula was unfair.",
           "Can New START survive Moscow's suspension?",
           "Signed in Prague in 2010 and signed again in 2021, New START caps warheads.",
           "The Package of Measures for the Implementation of the Minsk Agreements was signed "
           "in 2015, and its implementation stalled.",
           "Officials in The Hague said the talks would resume.");
}
END_TEST

static Suite *sentences_suite(void)
{
    Suite *s = suite_create("sentences");
    TCase *a = tcase_create("abbreviations");
    tcase_add_test(a, split_titles);
    tcase_add_test(a, split_months);
    tcase_add_test(a, split_number_abbreviation);
    tcase_add_test(a, split_name_endings);
    tcase_add_test(a, split_dotted_acronyms);
    tcase_add_test(a, split_latin_abbreviations);
    tcase_add_test(a, split_clock_abbreviations);
    tcase_add_test(a, split_initials);
    tcase_add_test(a, split_decimals_and_times);
    suite_add_tcase(s, a);

    TCase *t = tcase_create("terminators");
    tcase_add_test(t, split_ellipses);
    tcase_add_test(t, split_closing_quotes_and_brackets);
    tcase_add_test(t, split_quote_with_attribution);
    tcase_add_test(t, split_quoted_passage);
    suite_add_tcase(s, t);

    TCase *l = tcase_create("layout");
    tcase_add_test(l, split_headline_byline_caption);
    tcase_add_test(l, split_headline_above_long_paragraph);
    tcase_add_test(l, split_blank_line_paragraphs);
    tcase_add_test(l, split_hard_wrapped_paragraph);
    tcase_add_test(l, split_crlf);
    tcase_add_test(l, split_spans_are_byte_offsets);
    tcase_add_test(l, split_abbreviation_before_opener);
    tcase_add_test(l, split_clock_before_capital);
    tcase_add_test(l, split_dateline_credit);
    tcase_add_test(l, split_single_quote_opening);
    tcase_add_test(l, split_photo_credits_stay);
    tcase_add_test(l, split_bullets_and_colons);
    tcase_add_test(l, split_short_lines_after_abbreviation);
    tcase_add_test(l, split_runin_headings);
    suite_add_tcase(s, l);

    TCase *e = tcase_create("edge");
    tcase_add_test(e, split_empty_and_blank);
    tcase_add_test(e, split_invalid_utf8);
    suite_add_tcase(s, e);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sentences_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
