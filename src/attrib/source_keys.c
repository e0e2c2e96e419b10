/*
 * source_keys.c: the name under which a source is counted in summaries.
 * Reporters name one speaker in several ways: "the US", "U.S.",
 * "Washington" and "the United States" are one government, as "Moscow"
 * and "Russia" are.  Sentences keep the source as written; tallies (the
 * article summary, the report's table of sources) count it under its key.
 */
#include <string.h>

#include "stance.h"

/* Forms and the key each stands for; a form matches the whole source,
 * exactly, after a leading "the " or "The ". */
static const char *const source_keys[][2] = {
    {"US", "United States"},        {"U.S.", "United States"},
    {"USA", "United States"},       {"U.S.A.", "United States"},
    {"America", "United States"},   {"Washington", "United States"},
    {"United States of America", "United States"},
    {"UK", "United Kingdom"},       {"U.K.", "United Kingdom"},
    {"Britain", "United Kingdom"},  {"Great Britain", "United Kingdom"},
    {"London", "United Kingdom"},   {"UN", "United Nations"},
    {"U.N.", "United Nations"},     {"EU", "European Union"},
    {"E.U.", "European Union"},     {"Brussels", "European Union"},
    {"Moscow", "Russia"},           {"Russian Federation", "Russia"},
    {"Beijing", "China"},           {"People's Republic of China", "China"},
    {"Kyiv", "Ukraine"},            {"Kiev", "Ukraine"},
    {"Tehran", "Iran"},             {"Paris", "France"},
    {"Berlin", "Germany"},          {"Tokyo", "Japan"},
    {"Ankara", "Türkiye"},          {"Turkey", "Türkiye"}};

const char *stance_source_key(const char *source)
{
    if (source == NULL)
        return NULL;
    const char *s = source;
    if (strncmp(s, "the ", 4) == 0 || strncmp(s, "The ", 4) == 0)
        s += 4;
    for (size_t i = 0; i < sizeof source_keys / sizeof *source_keys; i++)
        if (strcmp(s, source_keys[i][0]) == 0)
            return source_keys[i][1];
    return s == source ? source : s;
}
