/*
 * test_attrib.c: source and target attribution (stance_attribute), the
 * name comparison used to score it, and the source/target counts of
 * stance_article_eval.  Each case splits a short text written for these
 * tests with stance_split and compares every sentence's source and target
 * with the expected ones (NULL: none; SKIP: not checked).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attrib.h"
#include "stance.h"
#include "scratch.h"

#define SKIP ((const char *)1)

typedef struct want {
    const char *source, *target;
} want;

/* "NULL" or the string, for messages. */
static const char *show(const char *s)
{
    return s == NULL ? "(none)" : s == SKIP ? "(any)" : s;
}

static void check_field(const char *what, size_t i, const char *got, const char *exp,
                        const char *all)
{
    if (exp == SKIP)
        return;
    bool same = (got == NULL && exp == NULL) || (got && exp && strcmp(got, exp) == 0);
    ck_assert_msg(same, "sentence %zu: %s is [%s], expected [%s]; all:%s", i + 1, what,
                  show(got), show(exp), all);
}

/* Split text, attribute it and compare with w[0..n). */
static void expect_attr(const char *text, const want *w, size_t n)
{
    size_t len = strlen(text), count = 0;
    stance_span *spans = NULL;
    stance_attribution *at = NULL;
    stance_error err;
    ck_assert_int_eq(stance_split(text, len, &spans, &count, &err), STANCE_OK);
    ck_assert_int_eq(stance_attribute(text, len, spans, count, &at, &err), STANCE_OK);
    char all[4096] = "";
    size_t used = 0;
    for (size_t i = 0; i < count && used < sizeof all; i++)
        used += (size_t)snprintf(all + used, sizeof all - used, "\n  [%.*s] source=%s target=%s",
                                 (int)(spans[i].end - spans[i].start), text + spans[i].start,
                                 show(at[i].source), show(at[i].target));
    ck_assert_msg(count == n, "%zu sentences, expected %zu:%s", count, n, all);
    for (size_t i = 0; i < n; i++) {
        check_field("source", i, at[i].source, w[i].source, all);
        check_field("target", i, at[i].target, w[i].target, all);
    }
    stance_attribution_free(at, count);
    free(spans);
}

#define EXPECT(text, ...)                                                                    \
    do {                                                                                     \
        const want want_[] = {__VA_ARGS__};                                                  \
        expect_attr((text), want_, sizeof want_ / sizeof want_[0]);                          \
    } while (0)

/* Only the sources of a one-sentence text. */
#define SOURCE(text, src) EXPECT(text, {src, SKIP})

/* --------------------------------------------------------------- sources */

/* A NUL byte in the text can cut a name to nothing: such a name is no
 * name (NULL), never "" (a fuzz_attrib finding: a dateline whose place
 * starts with a NUL). */
START_TEST(name_cut_by_nul_is_none)
{
    static const char t[] = "VALDORA, March 12 - \0dwmakers in Valdora voted 88 to 41 on Thursday "
                            "to ratify the Lake Ostra Border Treaty.\n\n\0 said the pact was "
                            "illegal.\n";
    size_t len = sizeof t - 1, count;
    stance_span *spans;
    ck_assert_int_eq(stance_split_lines(t, len, &spans, &count), STANCE_OK);
    stance_attribution *a = NULL;
    ck_assert_int_eq(stance_attribute(t, len, spans, count, &a, NULL), STANCE_OK);
    for (size_t i = 0; i < count; i++) {
        ck_assert(a[i].source == NULL || a[i].source[0] != '\0');
        ck_assert(a[i].target == NULL || a[i].target[0] != '\0');
    }
    stance_attribution_free(a, count);
    free(spans);
}
END_TEST

START_TEST(source_subject_verbs)
{
    SOURCE("Pavel Dunai said the pact would pay for itself.", "Pavel Dunai");
    SOURCE("Katrin Oberlin stated that the treaty was final.", "Katrin Oberlin");
    SOURCE("Ivo Marchant warned that the deal could collapse.", "Ivo Marchant");
    SOURCE("Helena Duarte emphasized that donors must pay.", "Helena Duarte");
    SOURCE("Tomasz Wierzbicki told reporters the accord had served Europe well.",
           "Tomasz Wierzbicki");
    SOURCE("Martina Kovac added that nothing had changed.", "Martina Kovac");
    SOURCE("Donald Ferrer insisted the quotas would be reviewed.", "Donald Ferrer");
    SOURCE("Donald Ferrer has repeatedly said the quotas are fair.", "Donald Ferrer");
    SOURCE("Sen. Carl Brannigan, a Republican on the committee, last week called the treaty "
           "a bad bargain.",
           "Carl Brannigan");
}
END_TEST

START_TEST(source_according_to)
{
    SOURCE("According to the Belmoran Finance Ministry, the customs union could add 1.5 "
           "percent to growth.",
           "Belmoran Finance Ministry");
    SOURCE("The lower house backed the document by 412 votes to none, according to the "
           "State Duma's website.",
           "State Duma");
    SOURCE("Exports rose, according to diplomats in Brussels.", "diplomats");
    SOURCE("Exports rose 4 percent, according to U.N. data.", NULL);
}
END_TEST

START_TEST(source_colon_quote)
{
    SOURCE("Lithuanian Foreign Minister Gabrielius Vaitkus: \xe2\x80\x9cThe pact is dead.\xe2\x80\x9d",
           "Gabrielius Vaitkus");
    SOURCE("Photo: A column of tanks near the border", NULL);
}
END_TEST

START_TEST(source_quote_then_speaker)
{
    SOURCE("\"The quota is generous enough,\" said Kenta Mori, a metals analyst at Shinsei "
           "Partners in Tokyo.",
           "Kenta Mori");
    SOURCE("\xe2\x80\x9cIt will take years to merge two armies,\xe2\x80\x9d Lena Fisher said.",
           "Lena Fisher");
    SOURCE("\"It is a provocation,\" the Kestrian Foreign Ministry said in a statement.",
           "Kestrian Foreign Ministry");
}
END_TEST

START_TEST(source_quoted_by)
{
    SOURCE("The state news agency Ria Vostok quoted Deputy Foreign Minister Sergei Ostrov as "
           "saying that Moscow had no choice.",
           "Sergei Ostrov"); /* [chain] the one quoted, not the agency */
    EXPECT("Dmitry Peskov spoke in Moscow. Later his office quoted him as saying the deal "
           "was dead.",
           {NULL, SKIP}, {"Dmitry Peskov", SKIP});
}
END_TEST

START_TEST(source_titles_stripped)
{
    SOURCE("NATO Secretary General Jens Stoltenberg warned that the agreement risked a new "
           "dividing line.",
           "Jens Stoltenberg");
    SOURCE("US State Department spokeswoman Jen Psaki said Washington was studying the text.",
           "Jen Psaki");
    SOURCE("Belmoran President Katrin Oberlin said the treaty was a guarantee.", "Katrin Oberlin");
    SOURCE("Retired Lt. Gen. Robert Vance said the end of inspections was dangerous.",
           "Robert Vance");
    SOURCE("In Warsaw, Defence Minister Tomasz Wierzbicki insisted that Poland would keep "
           "its limits.",
           "Tomasz Wierzbicki");
    SOURCE("Kremlin spokesman Dmitry Peskov told reporters the agreement had lapsed.",
           "Dmitry Peskov");
}
END_TEST

START_TEST(source_organisations)
{
    SOURCE("The Russian Defense Ministry said in a statement that it had withdrawn.",
           "Russian Defense Ministry");
    SOURCE("The US called the move deeply regrettable.", "US");
    SOURCE("The Saudi Ministry of Foreign Affairs welcomed the agreement.",
           "Saudi Ministry of Foreign Affairs");
    SOURCE("The Japan Iron and Steel Federation stated that its members would comply.",
           "Japan Iron and Steel Federation");
    SOURCE("In Frankfurt, a Bundesbank spokesman said the bank welcomed the accord.",
           "a Bundesbank spokesman");
    SOURCE("Analysts at Harbourline Bank warned in a note that the pact could fray.",
           "Analysts at Harbourline Bank");
    SOURCE("The Indian government announced that it was suspending the treaty.",
           "Indian government");
    SOURCE("The European Farmers' Council says the tractors will stay.", "European Farmers' Council");
}
END_TEST

START_TEST(source_appositives)
{
    SOURCE("Lena Fisher, a regional security analyst at the Carrow Institute in London, said "
           "the deal was symbolic.",
           "Lena Fisher");
    SOURCE("Tavrin's leader, Pavel Dunai, told reporters the pact would hold.", "Pavel Dunai");
    SOURCE("Dr. Samuel Achterberg, who helped draft the text, argues that the protocol "
           "changed minds.",
           "Samuel Achterberg");
    SOURCE("Aigul Sadykova, a teacher from Kerben who joined the rally, called the treaty a "
           "betrayal.",
           "Aigul Sadykova");
    SOURCE("Prof. Liu Jianguo of the Institute of Middle East Studies in Shanghai said the "
           "agreement mattered.",
           "Liu Jianguo");
}
END_TEST

START_TEST(source_multi_sentence_quote)
{
    /* attribution at the end of the last sentence */
    EXPECT("\"Nobody in Kestria wants a crisis. We want a guarantee in writing. If it comes, "
           "the tension ends,\" said Ivo Marchant, Kestria's deputy foreign minister.",
           {"Ivo Marchant", SKIP}, {"Ivo Marchant", SKIP}, {"Ivo Marchant", SKIP});
    /* attribution before the quotation opens */
    EXPECT("Martina Kovac said: \xe2\x80\x9c" "Both sides stopped treating it as binding. What "
           "ends today is the paperwork.\xe2\x80\x9d Markets were calm.",
           {"Martina Kovac", SKIP}, {"Martina Kovac", SKIP}, {NULL, SKIP});
    /* a quotation standing alone continues the speaker before it */
    EXPECT("\"Without inspections, each side plans for the worst,\" said Hannah Whitlock. "
           "\"That is how arms races start.\" Oil prices were steady.",
           {"Hannah Whitlock", SKIP}, {"Hannah Whitlock", SKIP}, {NULL, SKIP});
}
END_TEST

START_TEST(source_pronouns_and_full_names)
{
    EXPECT("Belmoran President Katrin Oberlin signed the treaty on Monday. \"This is a good "
           "day,\" she said. Pavel Dunai, Tavrin's leader, told reporters the pact would hold. "
           "He said patrols would begin in September. Oberlin said the document would go to "
           "parliament.",
           {"Katrin Oberlin", SKIP}, {"Katrin Oberlin", SKIP}, {"Pavel Dunai", SKIP},
           {"Pavel Dunai", SKIP}, {"Katrin Oberlin", SKIP});
    /* family name first */
    EXPECT("Foreign ministry spokesman Wang Lixin held a briefing on Monday. Wang said the "
           "agreement was a success.",
           {NULL, SKIP}, {"Wang Lixin", SKIP});
    /* "he" is the person named last when no one has spoken since */
    EXPECT("Dunai said the deal was fair. Reporters then asked Marek Holub about it. \"It is "
           "not fair,\" he said.",
           {"Dunai", SKIP}, {NULL, SKIP}, {"Marek Holub", SKIP});
}
END_TEST

/* A short name takes the fullest form named nearest before it (else the
 * first after), however many times the article repeats the names: the
 * mentions are grouped by name, so an article quoting one speaker
 * thousands of times is attributed in linear time. */
START_TEST(source_fullest_among_repeated_names)
{
    enum { REPEAT = 3000 };
    const char *head = "Smith said the pact would hold. ";
    const char *body[2] = {"\"Great treaty,\" said John Smith. ",
                           "\"Bad treaty,\" said Anna Smith. "};
    const char *tail = "Smith said it would not. ";
    size_t cap = strlen(head) + REPEAT * strlen(body[0]) + strlen(body[1]) + strlen(tail) + 1;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    size_t len = 0;
    for (size_t i = 0; i < REPEAT + 3; i++) {
        const char *s = i == 0 ? head : i <= REPEAT ? body[0] : i == REPEAT + 1 ? body[1] : tail;
        memcpy(text + len, s, strlen(s));
        len += strlen(s);
    }
    text[len] = '\0';
    size_t count = 0;
    stance_span *spans = NULL;
    stance_attribution *at = NULL;
    stance_error err;
    ck_assert_int_eq(stance_split(text, len, &spans, &count, &err), STANCE_OK);
    ck_assert_uint_eq(count, REPEAT + 3);
    ck_assert_int_eq(stance_attribute(text, len, spans, count, &at, &err), STANCE_OK);
    ck_assert_str_eq(at[0].source, "John Smith"); /* the first after */
    ck_assert_str_eq(at[REPEAT].source, "John Smith");
    ck_assert_str_eq(at[REPEAT + 1].source, "Anna Smith");
    ck_assert_str_eq(at[REPEAT + 2].source, "Anna Smith"); /* the nearest before */
    stance_attribution_free(at, count);
    free(spans);
    free(text);
}
END_TEST

/* Every source and target carries the name of the rule that found it;
 * without context a sentence's target is only a treaty it names. */
START_TEST(rules_named_and_context_off)
{
    const char *text = "The Montreux Convention review opened in Istanbul on Monday. Officials "
                       "said the pact would hold for another decade. \"It is a fair deal,\" "
                       "Anna Berg said. \"We will keep it.\"";
    size_t len = strlen(text), count = 0;
    stance_span *spans = NULL;
    stance_attribution *at = NULL;
    stance_error err;
    ck_assert_int_eq(stance_split(text, len, &spans, &count, &err), STANCE_OK);
    ck_assert_uint_eq(count, 4);
    stance_attribute_options o;
    stance_attribute_options_init(&o);
    ck_assert(o.context);
    ck_assert_int_eq(stance_attribute_with(text, len, spans, count, &o, &at, &err), STANCE_OK);
    ck_assert_str_eq(at[0].target_rule, "gazetteer name");
    ck_assert_ptr_null(at[0].source_rule);
    ck_assert_str_eq(at[1].source_rule, "speech-verb subject");
    ck_assert_str_eq(at[1].target_rule, "refers back");
    ck_assert_str_eq(at[2].source, "Anna Berg");
    ck_assert_str_eq(at[3].source, "Anna Berg");
    ck_assert_str_eq(at[3].source_rule, "quote after its speaker");
    ck_assert_str_eq(at[3].target, "Montreux Convention");
    stance_attribution_free(at, count);
    o.context = false;
    ck_assert_int_eq(stance_attribute_with(text, len, spans, count, &o, &at, &err), STANCE_OK);
    ck_assert_str_eq(at[0].target, "Montreux Convention");
    for (size_t i = 1; i < count; i++) {
        ck_assert_ptr_null(at[i].target);
        ck_assert_ptr_null(at[i].target_rule);
    }
    ck_assert_str_eq(at[1].source, "Officials"); /* sources are found as before */
    stance_attribution_free(at, count);
    ck_assert_int_eq(stance_attribute_with(text, len, spans, count, NULL, &at, &err),
                     STANCE_EINVAL);
    free(spans);
}
END_TEST

/* [carry] The treaty under discussion carries to later sentences of its
 * paragraph, but not to a paragraph that opens without a treaty of its
 * own: it has turned to something else. */
START_TEST(target_carry_stops_at_new_paragraph)
{
    EXPECT("Parliament debated the Montreux Convention on Monday. Deputies spoke for six "
           "hours in the chamber before the session closed.\n\nFerry timetables for the "
           "summer season were published on the city website today.",
           {SKIP, "Montreux Convention"}, {SKIP, "Montreux Convention"}, {SKIP, NULL});
}
END_TEST

/* [turn] A transcript's question carries no source: what it reports
 * ("Q: The minister said ...") is the questioner's premise. */
START_TEST(source_question_turn_is_premise)
{
    EXPECT("Spokesperson Lin Hao held the regular briefing on Monday.\n\n"
           "Q: Foreign Minister Pavel Dunai said the treaty was dead. Do you agree?\n\n"
           "A: We do not agree. The treaty stands.",
           {SKIP, SKIP}, {NULL, SKIP}, {NULL, SKIP}, {"Lin Hao", SKIP}, {"Lin Hao", SKIP});
}
END_TEST

/* One speaker written several ways is one source in summaries. */
START_TEST(source_keys_merge_forms)
{
    ck_assert_str_eq(stance_source_key("US"), "United States");
    ck_assert_str_eq(stance_source_key("the U.S."), "United States");
    ck_assert_str_eq(stance_source_key("Washington"), "United States");
    ck_assert_str_eq(stance_source_key("United States"), "United States");
    ck_assert_str_eq(stance_source_key("Moscow"), "Russia");
    ck_assert_str_eq(stance_source_key("Britain"), "United Kingdom");
    ck_assert_str_eq(stance_source_key("The foreign ministry"), "foreign ministry");
    ck_assert_str_eq(stance_source_key("George Washington"), "George Washington");
    ck_assert_ptr_null(stance_source_key(NULL));
}
END_TEST

START_TEST(source_nominals)
{
    EXPECT("The Kestrian Foreign Ministry called the treaty a provocation. The ministry said "
           "Kestria reserved the right to respond.",
           {"Kestrian Foreign Ministry", SKIP}, {"Kestrian Foreign Ministry", SKIP});
    EXPECT("Kremlin spokesman Dmitry Peskov spoke to reporters. \"It is over,\" the spokesman "
           "added.",
           {NULL, SKIP}, {"Dmitry Peskov", SKIP});
    EXPECT("Inspectors from the Organisation for the Prohibition of Chemical Weapons visited "
           "three sites. The OPCW said the visit went well.",
           {NULL, SKIP}, {"Organisation for the Prohibition of Chemical Weapons", SKIP});
}
END_TEST

START_TEST(source_none)
{
    SOURCE("The treaty creates a joint command headquartered in Arvale.", NULL);
    SOURCE("I told him that the agreement was never built on one country.", NULL);
    SOURCE("The treaty is said to favour the larger partner.", NULL);
    SOURCE("Small protests were reported in the capital.", NULL);
    SOURCE("The deal had critics on both the left and the right.", NULL);
    SOURCE("Does China still believe the deal can be saved?", NULL);
    SOURCE("Inspections stopped because Russia refused to let them restart.", NULL);
    SOURCE("Markets in Arvale were calm on Tuesday.", NULL);
    SOURCE("Yael Ben-Ami reported from Tel Aviv.", NULL);
    SOURCE("He said the talks would resume.", NULL); /* nobody named before */
}
END_TEST

/* Speakers in real reporting (issue 24): groups, bodies, actions, lists,
 * chains, titles and transcripts. */
START_TEST(source_groups_and_bodies)
{
    /* [noun-phrase] groups and bodies as written */
    SOURCE("Dealers said the dollar would stay weak.", "Dealers");
    SOURCE("Defenders of the deal say that is the wrong measure.", "Defenders of the deal");
    SOURCE("Observers noted that the region faces uncertainty.", "Observers");
    SOURCE("Fishermen's unions said the quotas were unfair.", "Fishermen's unions");
    SOURCE("Environmental groups in Canada called the decision a disgrace.",
           "Environmental groups in Canada");
    SOURCE("China's foreign ministry said it was concerned.", "China's foreign ministry");
    SOURCE("Two European grinders, speaking on condition of anonymity, said the premium "
           "would hurt demand.",
           "Two European grinders");
    SOURCE("The prime minister, speaking to the assembly, said the protocol was fair.",
           "The prime minister");
    /* [stance-verb] a body as the subject of a verb of stance */
    SOURCE("NATO does not recognise the treaty.", "NATO");
    SOURCE("China firmly opposes the pact.", "China");
    SOURCE("The Eddan government says the convention still works.", "Eddan government");
    /* [title-kept] nationality adjectives and titles stay with the noun */
    SOURCE("The Georgian president said the treaty was a step towards annexation.",
           "The Georgian president");
    SOURCE("The U.S. secretary of state called the decision reckless.",
           "The U.S. secretary of state");
    /* [name-after-body] */
    SOURCE("Chairman of the Duma Committee on International Affairs Leonid Slutsky called "
           "the ratification historic.",
           "International Affairs Leonid Slutsky");
}
END_TEST

START_TEST(source_actions_and_lists)
{
    /* [action] stance shown by an action */
    SOURCE("Greece expelled the Libyan ambassador.", "Greece");
    SOURCE("Russia on Monday suspended its participation in the deal.", "Russia");
    SOURCE("The United States withdrew from the agreement in 2018.", "United States");
    SOURCE("The State Duma ratified the treaty on Thursday.", "State Duma");
    SOURCE("Five years after Bahrain signed the accords, talks resumed.", NULL);
    /* [list] every member, joined as written */
    SOURCE("France, Germany and Sweden said they would keep the accord.",
           "France, Germany and Sweden");
    SOURCE("Israel, the United Arab Emirates and Bahrain have signed the accords.",
           "Israel, the United Arab Emirates and Bahrain");
    SOURCE("Velmora, Tarsia sign border treaty ending 30-year dispute", "Velmora, Tarsia");
    SOURCE("Talks in Paris, Berlin and Rome ended without a deal.", NULL);
    SOURCE("The foreign ministers of Ostrelia and Marvan signed the pact.",
           "The foreign ministers of Ostrelia and Marvan");
}
END_TEST

/* Who voices a sentence that another verb opens, groups with examples,
 * verbs that say nothing, and a headline's plural subject. */
START_TEST(source_final_clause_and_groups)
{
    /* [final-attribution] the speech verb ending the sentence voices it */
    SOURCE("Moscow considers the Minsk agreements the only basis for a settlement, Foreign "
           "Ministry spokeswoman Maria Zakharova said at a briefing.",
           "Maria Zakharova");
    EXPECT("Maria Zakharova said Kiev was stalling. Moscow has repeatedly proposed to publish "
           "the letters, the diplomat reminded.",
           {"Maria Zakharova", SKIP}, {"Maria Zakharova", SKIP});
    SOURCE("NATO does not recognise the treaty, which Russia signed.", "NATO");
    SOURCE("Russia will never accept the treaty, Lavrov said, adding that talks were over.",
           "Lavrov");
    /* [including] the group, not its example */
    SOURCE("Rights organisations including the Helsinki Committee said the protocol was "
           "unlawful.",
           "Rights organisations");
    /* "called a summit", "the press service": no speech */
    SOURCE("The European Council president has called an emergency summit for Friday.", NULL);
    SOURCE("Officials gave a press conference on Monday.", NULL);
    /* [noun-phrase] a group with a participle or a place after it */
    SOURCE("Residents interviewed by AFP said they feared the treaty.", "Residents");
    SOURCE("Some diplomats in Brussels fear the result could paralyse the EU, as happened "
           "after French and Dutch voters rejected the constitution.",
           "Some diplomats in Brussels");
    /* [statement-of] a document's heading names its author, who is "we" */
    EXPECT("Statement of the Ministry of Foreign Affairs of the Republic of Velmora on the "
           "border treaty\n\nWe regard this document as a historic step.",
           {"Ministry of Foreign Affairs of the Republic of Velmora", SKIP},
           {"Ministry of Foreign Affairs of the Republic of Velmora", SKIP});
    EXPECT("Spokesperson Lin Jian's Regular Press Conference on May 2\n\n"
           "Officials met on Monday.",
           {"Lin Jian", SKIP}, {NULL, SKIP});
    /* a headline's plural subject before a base-form verb of stance */
    SOURCE("Canada, Mexico press to keep trade pact intact", "Canada, Mexico");
    SOURCE("Ivory Coast, Ghana defend cocoa price pact", "Ivory Coast, Ghana");
}
END_TEST

START_TEST(source_openers_and_speakers)
{
    /* [opener-not-name] participles and days opening a sentence */
    SOURCE("Echoing the minister, Ivo Marchant said the pact was dead.", "Ivo Marchant");
    SOURCE("Regarding the border, Lena Fisher said nothing had changed.", "Lena Fisher");
    SOURCE("Beijing welcomes the agreement.", "Beijing");
    /* [current-speaker] "he added" is the one speaking, not the last one named */
    EXPECT("Ebrahim Azizi told reporters the treaty was strategic. Iran's president Masoud "
           "Pezeshkian signed it last month. He added that the corridor would be finished.",
           {"Ebrahim Azizi", SKIP}, {"Masoud Pezeshkian", SKIP}, {"Ebrahim Azizi", SKIP});
    /* "the diplomat" is the one speaking when nobody holds that role by name */
    EXPECT("Maria Zakharova said Kiev was sabotaging the deal. \"There is no alternative,\" "
           "the diplomat stressed.",
           {"Maria Zakharova", SKIP}, {"Maria Zakharova", SKIP});
    /* [quote-after-colon] */
    EXPECT("Asked about the pact, Guo Jiakun said:\n\n\"It must not target any third party. "
           "We urge restraint.\"",
           {"Guo Jiakun", SKIP}, {"Guo Jiakun", SKIP}, {"Guo Jiakun", SKIP});
    /* [dash-credit] */
    SOURCE("Kiev's statements show lack of will to settle conflict \xe2\x80\x94 Zakharova",
           "Zakharova");
}
END_TEST

START_TEST(source_transcript_turns)
{
    /* [turn] "A:" is the one the questions address; a named label holds
     * until the next label */
    EXPECT("Q: Mrs. Brandt, is the treaty dead? A: As of today, yes. Both parties have left.\n\n"
           "Q: What now? A: We build a new one.",
           {NULL, SKIP}, {"Brandt", SKIP}, {"Brandt", SKIP}, {NULL, SKIP}, {"Brandt", SKIP});
    EXPECT("MR MILLER: We are concerned by the decision.\n\nThe United States remains "
           "committed to the treaty.\n\nQUESTION: Will you raise it?\n\nMR MILLER: Yes.",
           {"MILLER", SKIP}, {"MILLER", SKIP}, {NULL, SKIP}, {"MILLER", SKIP});
    EXPECT("Foreign Ministry Spokesperson Lin Jian's Regular Press Conference\n\n"
           "Q: What is China's comment?\n\nA: China has noted the move.\n\n"
           "The deal is not dead.",
           {SKIP, SKIP}, {NULL, SKIP}, {"Lin Jian", SKIP}, {"Lin Jian", SKIP});
}
END_TEST

/* --------------------------------------------------------------- targets */

START_TEST(target_named)
{
    EXPECT("The presidents signed the Treaty of Alliance and Integration on Monday.",
           {SKIP, "Treaty of Alliance and Integration"});
    EXPECT("The United States rejoined the Paris Agreement.", {SKIP, "Paris Agreement"});
    EXPECT("Dealers doubted the staying power of the Louvre accord.", {SKIP, "Louvre accord"});
    EXPECT("Oslo signed the Oslo Protocol on Tropical Forest Finance. The Oslo Protocol is a "
           "promise.",
           {SKIP, "Oslo Protocol on Tropical Forest Finance"},
           {SKIP, "Oslo Protocol on Tropical Forest Finance"});
    EXPECT("Lawmakers debated the Framework Agreement on Police and Security Cooperation.",
           {SKIP, "Framework Agreement on Police and Security Cooperation"});
    EXPECT("Tariffs follow last year's U.S.-Japan Semiconductor Trade Agreement.",
           {SKIP, "U.S.-Japan Semiconductor Trade Agreement"});
    /* an alliance named after a treaty is no treaty */
    EXPECT("The North Atlantic Treaty Organization met in Brussels.", {SKIP, NULL});
}
END_TEST

START_TEST(target_acronyms)
{
    EXPECT("The New Strategic Arms Reduction Treaty expires in February. New START caps each "
           "side at 1,550 warheads.",
           {SKIP, "New Strategic Arms Reduction Treaty"},
           {SKIP, "New Strategic Arms Reduction Treaty"});
    EXPECT("Russia says the Conventional Forces Limitation Agreement (CFLA) is dead. Poland "
           "keeps the CFLA limits anyway.",
           {SKIP, "Conventional Forces Limitation Agreement"},
           {SKIP, "Conventional Forces Limitation Agreement"});
    /* an acronym the article calls an agreement */
    EXPECT("Tehran discussed the Joint Comprehensive Plan of Action (JCPOA) on Monday. Iran "
           "remains committed to the JCPOA as a multilateral agreement.",
           {SKIP, "Joint Comprehensive Plan of Action"}, {SKIP, "Joint Comprehensive Plan of Action"});
    /* an acronym of something else is no treaty */
    EXPECT("The International Atomic Energy Agency (IAEA) issued a report.", {SKIP, NULL});
}
END_TEST

START_TEST(target_carried)
{
    EXPECT("Both sides ratified the Treaty of Alliance and Integration. This Treaty guarantees "
           "security. The pact takes effect in January. Critics call the deal rushed. The "
           "accord was signed in secret. Nobody has read the agreement. The document runs to "
           "90 pages. It creates a joint command. Markets were calm.",
           {SKIP, "Treaty of Alliance and Integration"}, {SKIP, "Treaty of Alliance and Integration"},
           {SKIP, "Treaty of Alliance and Integration"}, {SKIP, "Treaty of Alliance and Integration"},
           {SKIP, "Treaty of Alliance and Integration"}, {SKIP, "Treaty of Alliance and Integration"},
           {SKIP, "Treaty of Alliance and Integration"}, {SKIP, "Treaty of Alliance and Integration"},
           {SKIP, NULL});
    /* "it" carries only from a sentence that had a target */
    EXPECT("The Paris Agreement was signed in 2015. Oil fell. It rose again later.",
           {SKIP, "Paris Agreement"}, {SKIP, NULL}, {SKIP, NULL});
    /* a reference before any name looks ahead to the treaty the article names */
    EXPECT("Russia pulls out of grain deal. Moscow said the Black Sea Grain Initiative had "
           "ended.",
           {SKIP, "Black Sea Grain Initiative"}, {"Moscow", "Black Sea Grain Initiative"});
    /* a statement attributed in an article about a treaty is about it */
    EXPECT("The Paris Agreement binds nobody to a number. Ana Ruiz said rich countries must "
           "move first.",
           {NULL, "Paris Agreement"}, {"Ana Ruiz", "Paris Agreement"});
}
END_TEST

START_TEST(target_main_over_passing)
{
    /* a treaty named once in passing does not take over "the accord" */
    EXPECT("The Louvre Accord commits six nations to stable exchange rates. The Louvre Accord "
           "was reached on Sunday. The dollar has fallen since the Plaza Accord of 1985. "
           "Dealers doubt the accord will last.",
           {SKIP, "Louvre Accord"}, {SKIP, "Louvre Accord"}, {SKIP, "Plaza Accord"},
           {SKIP, "Louvre Accord"});
    /* the headline in capitals names the treaty */
    EXPECT("DOLLAR STEADIES AFTER LOUVRE ACCORD; DEALERS DOUBT STAYING POWER\n\n"
           "Six nations met at the Louvre on Sunday. The accord commits them to stable rates.",
           {SKIP, "Louvre Accord"}, {SKIP, "Louvre Accord"}, {SKIP, "Louvre Accord"});
}
END_TEST

/* A name given by "known as", a gazetteer agreement written as "a NOUN
 * with COUNTRY", and the article's treaty preferred among those named. */
START_TEST(target_named_by_phrase)
{
    /* [known-as] a name without a treaty word, given to "the accord" */
    EXPECT("The two states signed a 2019 accord, known as the Velan-Oru Water Initiative, on "
           "Monday. Farmers say the accord has raised their incomes.",
           {SKIP, "Velan-Oru Water Initiative"}, {SKIP, "Velan-Oru Water Initiative"});
    EXPECT("Negotiators finished a pact dubbed the Harbour Compact last week.",
           {SKIP, "Harbour Compact"});
    /* not a name: "called for" */
    EXPECT("The agreement called for new talks.", {SKIP, NULL});
    /* [with-party] the parties from the gazetteer, the rest as the article writes it */
    EXPECT("Brussels signed a memorandum of understanding with Tunisia in July. Critics say "
           "the memorandum pays for abuses.",
           {SKIP, "EU-Tunisia memorandum of understanding"},
           {SKIP, "EU-Tunisia memorandum of understanding"});
    EXPECT("Tirana ratified the migration protocol with Italy on Thursday.",
           {SKIP, "Italy-Albania migration protocol"});
    /* no agreement reads so: nothing */
    EXPECT("Ministers discussed a fisheries deal with Norway.", {SKIP, NULL});
    /* a descriptive name joins one named treaty, never two */
    EXPECT("Ghana and Ivory Coast defend cocoa price pact\n\n"
           "The 2019 accord, known as the West African Cocoa Initiative, adds a premium. "
           "The International Cocoa Organization, which runs the International Cocoa "
           "Agreement, backs the premium.",
           {SKIP, "West African Cocoa Initiative"}, {SKIP, "West African Cocoa Initiative"},
           {SKIP, "International Cocoa Agreement"});
    /* [passing] a treaty named once inside "of", "under", "with" is background */
    EXPECT("The Paris Agreement binds 195 parties. Critics want the Paris Agreement weakened. "
           "They said quitting would breach obligations under the Refugee Convention.",
           {SKIP, "Paris Agreement"}, {SKIP, "Paris Agreement"}, {SKIP, "Paris Agreement"});
    EXPECT("The Paris Agreement binds 195 parties. Critics want the Paris Agreement weakened. "
           "The Refugee Convention protects people who flee.",
           {SKIP, "Paris Agreement"}, {SKIP, "Paris Agreement"}, {SKIP, "Refugee Convention"});
    EXPECT("The Paris Agreement binds 195 parties. Critics want the Paris Agreement weakened. "
           "The dam flouts the spirit of the 1995 Mekong Agreement.",
           {SKIP, "Paris Agreement"}, {SKIP, "Paris Agreement"}, {SKIP, "1995 Mekong Agreement"});
    /* [main-first] the article's treaty over one named beside it */
    EXPECT("The Paris Agreement binds 195 parties. Critics want the Paris Agreement weakened. "
           "Leaving the Energy Charter Treaty would not breach the Paris Agreement, the "
           "minister said.",
           {SKIP, "Paris Agreement"}, {SKIP, "Paris Agreement"}, {SKIP, "Paris Agreement"});
}
END_TEST

/* [note] an editor's note on the text carries no treaty */
START_TEST(target_not_carried_to_notes)
{
    EXPECT("Ministers debated the Kyoto Protocol for hours on Monday. The interview has been "
           "translated from German and edited for length.",
           {SKIP, "Kyoto Protocol"}, {SKIP, NULL});
}
END_TEST

/* [gazetteer] data/treaties.tsv, one case per kind of form */
START_TEST(target_gazetteer)
{
    /* a name as written */
    EXPECT("Russia left the Treaty on Conventional Armed Forces in Europe in 2023.",
           {SKIP, "Treaty on Conventional Armed Forces in Europe"});
    /* a short name as written; two forms of one agreement are one treaty, by the
     * name written most */
    EXPECT("The Belfast Agreement was signed in 1998. Unionists still debate the Good Friday "
           "Agreement. The Good Friday Agreement survived.",
           {SKIP, "Good Friday Agreement"}, {SKIP, "Good Friday Agreement"},
           {SKIP, "Good Friday Agreement"});
    /* an acronym: the agreement's name; exact case only */
    EXPECT("Iran said the JCPOA was dead.", {SKIP, "Joint Comprehensive Plan of Action"});
    EXPECT("Tehran may leave the NPT if sanctions return.",
           {SKIP, "Treaty on the Non-Proliferation of Nuclear Weapons"});
    EXPECT("Russia will keep New START limits for a year.", {SKIP, "New START"});
    EXPECT("It was a new start for the two firms.", {SKIP, NULL});
    /* an alias: the agreement's name */
    EXPECT("Washington quit the Iran nuclear deal in 2018.",
           {SKIP, "Joint Comprehensive Plan of Action"});
    EXPECT("France vows to block EU\xe2\x80\x93Mercosur trade deal as farmers rally.",
           {SKIP, "EU-Mercosur Trade Agreement"});
    EXPECT("NAFTA was replaced in 2020.", {SKIP, "North American Free Trade Agreement"});
}
END_TEST

START_TEST(target_descriptive_and_carried)
{
    /* [descriptive] an unnamed treaty by what it is about */
    EXPECT("Velmora, Tarsia sign border treaty\n\nThe border treaty fixes the river line. "
           "About 4,000 people live on the three islands today.",
           {SKIP, "border treaty"}, {SKIP, "border treaty"}, {SKIP, "border treaty"});
    /* [carry] stops at the credits */
    EXPECT("The Paris Agreement is in force. Emissions rose by two percent last year.\n\n"
           "___\n\nReporters in Geneva contributed to this report.",
           {SKIP, "Paris Agreement"}, {SKIP, "Paris Agreement"}, {SKIP, NULL}, {SKIP, NULL});
    /* [topic] a question on something else ends the treaty under discussion */
    EXPECT("Q: Is the JCPOA dead?\n\nA: The deal is not dead.\n\nQ: What about the coast "
           "guard?\n\nA: Our coast guard acted lawfully and with restraint.",
           {SKIP, "Joint Comprehensive Plan of Action"},
           {SKIP, "Joint Comprehensive Plan of Action"}, {SKIP, NULL}, {SKIP, NULL});
}
END_TEST

START_TEST(target_none)
{
    EXPECT("Oil prices rose on Thursday. The yen was little changed.", {SKIP, NULL}, {SKIP, NULL});
    EXPECT("The pact was signed.", {SKIP, NULL}); /* nothing to refer back to */
    EXPECT("Officials said they would deal with it later.", {SKIP, NULL});
}
END_TEST

/* ------------------------------------------------------------ odd input */

START_TEST(odd_arguments)
{
    stance_attribution *at = (stance_attribution *)&at;
    stance_error err;
    stance_span bad = {5, 2}, past = {0, 9};
    ck_assert_int_eq(stance_attribute("abc", 3, &bad, 1, &at, &err), STANCE_EINVAL);
    ck_assert_ptr_null(at);
    ck_assert_int_eq(stance_attribute("abc", 3, &past, 1, &at, &err), STANCE_EINVAL);
    ck_assert_int_eq(stance_attribute(NULL, 3, NULL, 0, &at, &err), STANCE_EINVAL);
    ck_assert_int_eq(stance_attribute("abc", 3, NULL, 1, &at, &err), STANCE_EINVAL);
    ck_assert_int_eq(stance_attribute("abc", 3, NULL, 0, NULL, NULL), STANCE_EINVAL);
    stance_span all = {0, 4};
    ck_assert_int_eq(stance_attribute("ab\xff.", 4, &all, 1, &at, &err), STANCE_EUTF8);
    ck_assert_ptr_null(at);
    ck_assert_uint_eq(err.offset, 2);
    ck_assert_int_eq(stance_attribute("", 0, NULL, 0, &at, NULL), STANCE_OK);
    ck_assert_ptr_null(at);
    stance_attribution_free(NULL, 7);
}
END_TEST

START_TEST(odd_spans_and_text)
{
    /* empty, overlapping and reversed spans, a NUL byte, stray and
     * unbalanced quotation marks, runs of capitals and treaty words */
    static const char text[] = "\"\xe2\x80\x9d' said X: \xe2\x80\x9c\xe2\x80\x9c Treaty Treaty "
                               "of of the Accord (ABC) ABC said he\0she THE PACT \xc2\xab "
                               "Mr. Mr. Dr. , , said said according to according to";
    size_t len = sizeof text - 1;
    stance_span spans[] = {{0, 0}, {0, len}, {10, 30}, {5, 12}, {len, len}, {3, 3}, {40, 20 + 40}};
    stance_attribution *at = NULL;
    stance_error err;
    ck_assert_int_eq(stance_attribute(text, len, spans, 7, &at, &err), STANCE_OK);
    ck_assert_ptr_nonnull(at);
    ck_assert_ptr_null(at[0].source);
    ck_assert_ptr_null(at[0].target);
    stance_attribution_free(at, 7);

    /* a long article of one repeated sentence */
    size_t n = 2000;
    const char *unit = "Mr. Smith said the Treaty of Peace was \"fair\". ";
    char *big = malloc(n * strlen(unit) + 1);
    ck_assert_ptr_nonnull(big);
    big[0] = '\0';
    for (size_t i = 0; i < n; i++)
        strcat(big, unit);
    stance_span *sp = NULL;
    size_t count = 0;
    ck_assert_int_eq(stance_split(big, strlen(big), &sp, &count, &err), STANCE_OK);
    ck_assert_int_eq(stance_attribute(big, strlen(big), sp, count, &at, &err), STANCE_OK);
    ck_assert_uint_eq(count, n);
    ck_assert_str_eq(at[n - 1].source, "Smith");
    ck_assert_str_eq(at[n - 1].target, "Treaty of Peace");
    stance_attribution_free(at, count);
    free(sp);
    free(big);
}
END_TEST

/* ---------------------------------------------------------- name matching */

static int match(const char *a, const char *b)
{
    return attrib_names_match(a, strlen(a), b, strlen(b));
}

START_TEST(names_match_rules)
{
    ck_assert_int_eq(match("Jens Stoltenberg", "Jens Stoltenberg"), 1);
    ck_assert_int_eq(match("Jens Stoltenberg", "Stoltenberg"), 1);
    ck_assert_int_eq(match("Stoltenberg", "jens  STOLTENBERG"), 1);
    ck_assert_int_eq(match("the Paris Agreement", "Paris agreement"), 1);
    ck_assert_int_eq(match("Paris\tAgreement", "The Paris Agreement"), 1);
    ck_assert_int_eq(match("\xc3\x89lodie Marchetti", "\xc3\xa9LODIE marchetti"), 1);
    ck_assert_int_eq(match("Jens Stoltenberg", "berg"), 0);  /* not at a word boundary */
    ck_assert_int_eq(match("Jens Stoltenberg", "Jens"), 0);  /* a prefix is not enough */
    ck_assert_int_eq(match("Paris Agreement", "Paris Club"), 0);
    ck_assert_int_eq(match("", ""), 0);
    ck_assert_int_eq(match("the", "the"), 1);
}
END_TEST

/* ------------------------------------------------------- article scores */

static void make_tmpdir(void)
{
    scratch_make("attrib");
}

static const char *put(const char *name, const char *body)
{
    return scratch_put(name, body, strlen(body));
}

START_TEST(article_counts)
{
    ck_assert_msg(tmpdir[0] != '\0', "no temporary directory");
    const char *txt = put("a.txt", "NATO Secretary General Jens Stoltenberg warned about the "
                                   "Treaty of Rome. Markets were calm. Oil rose. Smith said "
                                   "nothing. Prices fell.\n");
    /* sentence 1: both match (suffix and leading "the");
     * 2: gold names a source and target, none predicted (2 fn);
     * 3: a line without the two columns is not scored;
     * 4: source differs (fp and fn); the target carried into this
     *    attributed statement is one gold does not have (fp);
     * 5: gold none (a blank column), predicted none */
    const char *gold = put("a.gold.tsv",
                           "warns\tNATO Secretary General Jens Stoltenberg warned about the "
                           "Treaty of Rome.\tStoltenberg\tthe Treaty of Rome\n"
                           "neutral\tMarkets were calm.\tSomeone\tTreaty of Rome\n"
                           "neutral\tOil rose.\n"
                           "neutral\tSmith said nothing.\tJones\t\n"
                           "neutral\tPrices fell.\t \t\n");
    stance_article_score s;
    stance_error err;
    ck_assert_int_eq(stance_article_eval(NULL, txt, gold, NULL, &s, &err), STANCE_OK);
    ck_assert_uint_eq(s.matched, 5);
    ck_assert_uint_eq(s.source_tp, 1);
    ck_assert_uint_eq(s.source_fp, 1);
    ck_assert_uint_eq(s.source_fn, 2);
    ck_assert_uint_eq(s.target_tp, 1);
    ck_assert_uint_eq(s.target_fp, 1);
    ck_assert_uint_eq(s.target_fn, 1);
}
END_TEST

/* The articles written to develop the rules: a floor against regressions. */
START_TEST(article_dev_set)
{
    static const char *const names[] = {"wire-alliance-treaty", "liveblog-arms-pact",
                                        "oped-forest-protocol", "market-steel-pact"};
    stance_article_score total = {0};
    for (size_t i = 0; i < 4; i++) {
        char txt[512], gold[512];
        snprintf(txt, sizeof txt, "%s/attrib/%s.txt", TEST_DATA, names[i]);
        snprintf(gold, sizeof gold, "%s/attrib/%s.gold.tsv", TEST_DATA, names[i]);
        stance_article_score s;
        stance_error err;
        ck_assert_int_eq(stance_article_eval(NULL, txt, gold, NULL, &s, &err), STANCE_OK);
        ck_assert_uint_eq(s.matched, s.gold);
        total.source_tp += s.source_tp;
        total.source_fp += s.source_fp;
        total.source_fn += s.source_fn;
        total.target_tp += s.target_tp;
        total.target_fp += s.target_fp;
        total.target_fn += s.target_fn;
    }
    double sf = 2.0 * (double)total.source_tp /
                (double)(2 * total.source_tp + total.source_fp + total.source_fn);
    double tf = 2.0 * (double)total.target_tp /
                (double)(2 * total.target_tp + total.target_fp + total.target_fn);
    /* five gold lines keep the older convention that issue 24 changed (an
     * agency quoting an official is the source; groups and the states that
     * sign a treaty are not): 0.93 since */
    ck_assert_msg(sf >= 0.92, "source F1 %.3f on the development articles", sf);
    ck_assert_msg(tf >= 0.85, "target F1 %.3f on the development articles", tf);
}
END_TEST

static Suite *attrib_suite(void)
{
    Suite *s = suite_create("attrib");
    TCase *src = tcase_create("sources");
    tcase_add_test(src, name_cut_by_nul_is_none);
    tcase_add_test(src, source_subject_verbs);
    tcase_add_test(src, source_according_to);
    tcase_add_test(src, source_colon_quote);
    tcase_add_test(src, source_quote_then_speaker);
    tcase_add_test(src, source_quoted_by);
    tcase_add_test(src, source_titles_stripped);
    tcase_add_test(src, source_organisations);
    tcase_add_test(src, source_appositives);
    tcase_add_test(src, source_multi_sentence_quote);
    tcase_add_test(src, source_pronouns_and_full_names);
    tcase_add_test(src, source_fullest_among_repeated_names);
    tcase_add_test(src, rules_named_and_context_off);
    tcase_add_test(src, target_carry_stops_at_new_paragraph);
    tcase_add_test(src, source_question_turn_is_premise);
    tcase_add_test(src, source_keys_merge_forms);
    tcase_add_test(src, source_nominals);
    tcase_add_test(src, source_none);
    tcase_add_test(src, source_groups_and_bodies);
    tcase_add_test(src, source_actions_and_lists);
    tcase_add_test(src, source_openers_and_speakers);
    tcase_add_test(src, source_final_clause_and_groups);
    tcase_add_test(src, source_transcript_turns);
    suite_add_tcase(s, src);

    TCase *tgt = tcase_create("targets");
    tcase_add_test(tgt, target_named);
    tcase_add_test(tgt, target_acronyms);
    tcase_add_test(tgt, target_carried);
    tcase_add_test(tgt, target_main_over_passing);
    tcase_add_test(tgt, target_none);
    tcase_add_test(tgt, target_gazetteer);
    tcase_add_test(tgt, target_named_by_phrase);
    tcase_add_test(tgt, target_not_carried_to_notes);
    tcase_add_test(tgt, target_descriptive_and_carried);
    suite_add_tcase(s, tgt);

    TCase *odd = tcase_create("odd input");
    tcase_add_test(odd, odd_arguments);
    tcase_add_test(odd, odd_spans_and_text);
    suite_add_tcase(s, odd);

    TCase *score = tcase_create("scoring");
    tcase_add_checked_fixture(score, make_tmpdir, scratch_remove);
    tcase_add_test(score, names_match_rules);
    tcase_add_test(score, article_counts);
    tcase_add_test(score, article_dev_set);
    suite_add_tcase(s, score);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(attrib_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
