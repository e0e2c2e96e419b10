/*
 * treaty_phrases.c: treaties named by the phrase around a treaty noun
 * rather than by a name of their own: "the 2019 accord, known as the Cote
 * d'Ivoire-Ghana Cocoa Initiative" [known-as], and "a memorandum of
 * understanding with Tunisia", which the gazetteer knows as the
 * EU-Tunisia memorandum of understanding [with-party].  treaties.c
 * records what these find.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attrib_impl.h"
#include "treaty_gazetteer.h"

/* May a phrase rule start at treaty noun k: does a word that opens one
 * follow it ("known", "called", "dubbed", "named", "with", "of"), after a
 * comma or not?  A quick "no" for the common case. */
bool at_phrase_follows(const article *a, size_t k)
{
    size_t n = k + 1 + is_punct(a, k + 1, ',');
    if (!is_lowerword(a, n))
        return false;
    switch (ttext(a, n)[0]) {
    case 'k': case 'c': case 'd': case 'n': case 'w': case 'o':
        return true;
    default:
        return false;
    }
}

/* A lower-case particle inside a name: "d'Ivoire", "de", "of", "and". */
static bool name_particle(const article *a, size_t i)
{
    if (!is_lowerword(a, i))
        return false;
    const char *w = ttext(a, i);
    size_t n = tlen(a, i);
    if (n >= 3 && w[1] == '\'' && w[2] >= 'A' && w[2] <= 'Z')
        return true; /* d'Ivoire */
    return weq(a, i, "of") || weq(a, i, "and") || weq(a, i, "de") || weq(a, i, "for") ||
           weq(a, i, "on");
}

/* [known-as] "the 2019 accord, known as the Cote d'Ivoire-Ghana Cocoa
 * Initiative", "a pact dubbed the Chip Alliance": the capitalised name
 * after a treaty noun and "known as", "called", "dubbed" or "named" is a
 * treaty's name, with or without a treaty word.  Its extent in *pa, *pb;
 * false when there is none. */
bool at_known_as_name(const article *a, const asent *sn, size_t k, size_t *pa, size_t *pb)
{
    if (!is_lowerword(a, k) || !win(a, k, treaty_nouns))
        return false;
    size_t n = k + 1;
    if (is_punct(a, n, ','))
        n++;
    if (weq(a, n, "known") && weq(a, n + 1, "as"))
        n += 2;
    else if (weq(a, n, "called") || weq(a, n, "dubbed") || weq(a, n, "named"))
        n++;
    else
        return false;
    if (weq(a, n, "the"))
        n++;
    if (n >= sn->t1 || !is_nameword(a, n) || (a->t[n].flags & F_TREATY))
        return false;
    size_t e = n, last = n;
    while (e < sn->t1 && e - n < MAX_NAME_TOKENS &&
           (is_nameword(a, e) || (e > n && name_particle(a, e)))) {
        if (is_nameword(a, e))
            last = e;
        if (a->t[e++].flags & F_POSS)
            break;
    }
    *pa = n;
    *pb = last + 1;
    return true;
}

/* The rest of form f after a first word "X-C" or "C-X" for the country
 * c[0..cn) (in lower case), or NULL. */
static const char *party_rest(const char *f, const char *c, size_t cn)
{
    const char *sp = strchr(f, ' '), *dash = sp ? memchr(f, '-', (size_t)(sp - f)) : NULL;
    if (dash == NULL)
        return NULL;
    if (((size_t)(sp - dash - 1) == cn && memcmp(dash + 1, c, cn) == 0) ||
        ((size_t)(dash - f) == cn && memcmp(f, c, cn) == 0))
        return sp + 1;
    return NULL;
}

/* Lower-case (ASCII) words [i, j) joined by spaces into buf; false if
 * they do not fit. */
static bool fold_words(const article *a, size_t i, size_t j, char *buf, size_t cap)
{
    size_t u = 0;
    for (size_t k = i; k < j; k++) {
        if (u + tlen(a, k) + 2 > cap)
            return false;
        if (k > i)
            buf[u++] = ' ';
        for (size_t b = 0; b < tlen(a, k); b++)
            buf[u++] = (char)fold((unsigned char)ttext(a, k)[b]);
    }
    buf[u] = '\0';
    return true;
}

/* [with-party] "a memorandum of understanding with Tunisia", "its
 * maritime deal with Libya": a treaty noun (with up to two modifiers and
 * "of understanding") followed by "with" and a country is the gazetteer's
 * agreement written "EU-Tunisia memorandum of understanding" or "Turkey-
 * Libya maritime deal", when one agreement reads so.  Its gazetteer index
 * and the extent [*pa, *pb) of the phrase, or -1. */
long at_with_party(const article *a, const asent *sn, size_t k, size_t *pa, size_t *pb)
{
    if (!is_lowerword(a, k) || !win(a, k, treaty_nouns))
        return -1;
    size_t e = k + 1;
    if (weq(a, e, "of") && is_lowerword(a, e + 1) && !weq(a, e + 1, "the"))
        e += 2; /* memorandum of understanding */
    if (!weq(a, e, "with") || e + 1 >= sn->t1 || !is_nameword(a, e + 1) ||
        (e + 2 < sn->t1 && is_nameword(a, e + 2)))
        return -1;
    char c[64], rest[128];
    if (!fold_words(a, e + 1, e + 2, c, sizeof c))
        return -1;
    size_t p = k;
    while (p > sn->t0 && k - p < 2 && is_lowerword(a, p - 1) &&
           !win(a, p - 1, function_words) && !win(a, p - 1, prepositions) &&
           !win(a, p - 1, definites) && !win(a, p - 1, indefinites) &&
           !win_lexicon(a, p - 1, LEX(speech_verbs) | LEX(action_verbs) | LEX(stance_verbs)))
        p--;
    /* the forms whose first word joins the country to another party */
    size_t cand[32], nc = 0, cn = strlen(c);
    for (size_t i = 0; i < treaty_nforms && nc < 32; i++)
        if (party_rest(treaty_forms[i].words, c, cn) != NULL)
            cand[nc++] = i;
    for (size_t from = p; from <= k && nc > 0; from++) {
        if (!fold_words(a, from, e, rest, sizeof rest))
            continue;
        long found = -1;
        for (size_t q = 0; q < nc; q++) {
            const struct treaty_form *tf = &treaty_forms[cand[q]];
            if (strcmp(party_rest(tf->words, c, cn), rest) != 0)
                continue;
            if (found >= 0 && tf->treaty != (unsigned)found)
                return -1; /* two agreements read so */
            found = tf->treaty;
        }
        if (found >= 0) {
            *pa = from;
            *pb = e + 2;
            return found;
        }
    }
    return -1;
}

/* The name for agreement g found by [with-party] at words [i, j): its
 * parties as the agreement's name writes them and the article's words
 * ("EU-Tunisia memorandum of understanding"; *own set), or, when the
 * name does not open with the parties, the agreement's name. */
char *at_party_name(article *a, long g, size_t i, size_t j, bool *own)
{
    const char *name = treaty_entries[g].name, *sp = strchr(name, ' ');
    *own = false;
    if (sp == NULL || memchr(name, '-', (size_t)(sp - name)) == NULL)
        return at_dup_or_oom(a, name);
    char key[128];
    if (!fold_words(a, i, j, key, sizeof key))
        return at_dup_or_oom(a, name);
    size_t pn = (size_t)(sp - name);
    for (size_t f = 0; f < treaty_nforms; f++) {
        const char *w = treaty_forms[f].words;
        if (treaty_forms[f].treaty != (unsigned)g || strncasecmp(w, name, pn) != 0 ||
            w[pn] != ' ' || strcmp(w + pn + 1, key) != 0)
            continue;
        char *words = at_join_tokens(a, i, j);
        char *out = words ? malloc(pn + 2 + strlen(words)) : NULL;
        if (out == NULL) {
            free(words);
            a->oom = true;
            return NULL;
        }
        memcpy(out, name, pn);
        out[pn] = ' ';
        strcpy(out + pn + 1, words);
        free(words);
        *own = true;
        return out;
    }
    return at_dup_or_oom(a, name);
}
