/*
 * abbrev.c: the abbreviation list (abbrev.h).  One table, so the sentence
 * splitter and attribution agree on which full stops belong to a word; the
 * kind says how the splitter treats the stop when a sentence could end.
 */
#include <string.h>
#include <strings.h>

#include "abbrev.h"

static const struct {
    const char *w; /* lower case, without the final stop */
    text_abbr kind;
} abbreviations[] = {
    /* titles and ranks */
    {"mr", TEXT_ABBR_WORD}, {"mrs", TEXT_ABBR_WORD}, {"ms", TEXT_ABBR_WORD},
    {"dr", TEXT_ABBR_WORD}, {"messrs", TEXT_ABBR_WORD}, {"mme", TEXT_ABBR_WORD},
    {"prof", TEXT_ABBR_WORD}, {"rev", TEXT_ABBR_WORD}, {"hon", TEXT_ABBR_WORD},
    {"pres", TEXT_ABBR_WORD}, {"gen", TEXT_ABBR_WORD}, {"gens", TEXT_ABBR_WORD},
    {"sen", TEXT_ABBR_WORD}, {"sens", TEXT_ABBR_WORD}, {"rep", TEXT_ABBR_WORD},
    {"reps", TEXT_ABBR_WORD}, {"gov", TEXT_ABBR_WORD}, {"lt", TEXT_ABBR_WORD},
    {"col", TEXT_ABBR_WORD}, {"maj", TEXT_ABBR_WORD}, {"capt", TEXT_ABBR_WORD},
    {"cmdr", TEXT_ABBR_WORD}, {"adm", TEXT_ABBR_WORD}, {"sgt", TEXT_ABBR_WORD},
    {"supt", TEXT_ABBR_WORD},
    /* places */
    {"st", TEXT_ABBR_WORD}, {"mt", TEXT_ABBR_WORD}, {"ft", TEXT_ABBR_WORD},
    /* months */
    {"jan", TEXT_ABBR_WORD}, {"feb", TEXT_ABBR_WORD}, {"mar", TEXT_ABBR_WORD},
    {"apr", TEXT_ABBR_WORD}, {"jun", TEXT_ABBR_WORD}, {"jul", TEXT_ABBR_WORD},
    {"aug", TEXT_ABBR_WORD}, {"sep", TEXT_ABBR_WORD}, {"sept", TEXT_ABBR_WORD},
    {"oct", TEXT_ABBR_WORD}, {"nov", TEXT_ABBR_WORD}, {"dec", TEXT_ABBR_WORD},
    /* dotted, Latin and the rest */
    {"u.s", TEXT_ABBR_WORD}, {"u.k", TEXT_ABBR_WORD}, {"u.n", TEXT_ABBR_WORD},
    {"e.g", TEXT_ABBR_WORD}, {"i.e", TEXT_ABBR_WORD}, {"a.m", TEXT_ABBR_WORD},
    {"p.m", TEXT_ABBR_WORD}, {"al", TEXT_ABBR_WORD}, {"cf", TEXT_ABBR_WORD},
    {"approx", TEXT_ABBR_WORD}, {"vs", TEXT_ABBR_WORD}, {"govt", TEXT_ABBR_WORD},
    {"gov't", TEXT_ABBR_WORD}, {"dept", TEXT_ABBR_WORD}, {"univ", TEXT_ABBR_WORD},
    {"assn", TEXT_ABBR_WORD}, {"bros", TEXT_ABBR_WORD},
    /* name endings, often a sentence's last word */
    {"jr", TEXT_ABBR_SUFFIX}, {"sr", TEXT_ABBR_SUFFIX}, {"inc", TEXT_ABBR_SUFFIX},
    {"ltd", TEXT_ABBR_SUFFIX}, {"corp", TEXT_ABBR_SUFFIX}, {"co", TEXT_ABBR_SUFFIX},
    /* before a number */
    {"no", TEXT_ABBR_NUMBER},
};

text_abbr text_abbreviation(const char *w, size_t n)
{
    if (n == 0)
        return TEXT_ABBR_NONE;
    for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0]; i++) {
        const char *a = abbreviations[i].w;
        if (a[0] == (w[0] | 0x20) && strlen(a) == n && strncasecmp(a, w, n) == 0)
            return abbreviations[i].kind;
    }
    return TEXT_ABBR_NONE;
}

bool text_abbreviation_before(const char *w, size_t n, int32_t next)
{
    text_abbr k = text_abbreviation(w, n);
    return k == TEXT_ABBR_NUMBER ? next >= '0' && next <= '9' : k != TEXT_ABBR_NONE;
}
