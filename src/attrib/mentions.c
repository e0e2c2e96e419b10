/*
 * mentions.c: turning what the sentence says into a speaker's name.  A
 * name run, a span or a phrase becomes a source in the fullest form the
 * article uses ("Smith" → "John Smith", an acronym → its full name); a
 * noun ("the ministry", "the spokesman") resolves to the body or person
 * last named with it; "he", "she", "it" and "they" to the current person
 * or organisation; groups the article does not name are given as written
 * ("Regional analysts").
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib_impl.h"

/* A copy of name s for the results; NULL for none, and for an empty name
 * (text holding a NUL byte can cut a name to nothing: no name is better
 * than ""). */
char *at_dup_or_oom(article *a, const char *s)
{
    if (s == NULL || *s == '\0')
        return NULL;
    char *d = strdup(s);
    if (d == NULL)
        a->oom = true;
    return d;
}

/* A name being looked up among the mentions. */
typedef struct probe {
    const char *name;
    size_t len;
    uint64_t first, last;
    bool one;          /* a single word */
    bool org_word;     /* that word names a kind of organisation */
} probe;

/* May mention m stand for the shorter name p?  One word stands for a
 * person's full name ("Smith" for "John Smith", "Wang" for "Wang Lixin"
 * where the family name comes first) or for an organisation when it is
 * the organisation's own word ("Duma" for "State Duma"). */
static bool longer_form(const mention *m, const probe *p, bool prefix)
{
    if (m->len <= p->len || (p->one && m->kind != K_PERSON && !p->org_word))
        return false;
    if (prefix)
        return p->one && m->kind == K_PERSON && m->first == p->first &&
               m->name[p->len] == ' ' && strncasecmp(m->name, p->name, p->len) == 0;
    return m->last == p->last && m->name[m->len - p->len - 1] == ' ' &&
           strcasecmp(m->name + m->len - p->len, p->name) == 0;
}

/* Group the mentions by name and chain the groups by their first and last
 * word hashes.  Looking a name up then costs the names of its chain, not
 * every mention of them: an article that names one speaker thousands of
 * times stays linear.  Rebuilt when mentions were added since. */
static void index_mentions(article *a)
{
    if (a->indexed && a->nm_indexed == a->nm)
        return;
    for (size_t c = 0; c < MENTION_CHAINS; c++)
        a->head_first[c] = a->head_last[c] = -1;
    free(a->mg);
    free(a->morder);
    a->indexed = true;
    a->nm_indexed = a->nm;
    size_t slots = 16;
    while (slots < 2 * a->nm)
        slots *= 2;
    int32_t *slot = malloc(slots * sizeof *slot), *gid = malloc((a->nm + 1) * sizeof *gid);
    a->mg = malloc((a->nm + 1) * sizeof *a->mg);
    a->morder = malloc((a->nm + 1) * sizeof *a->morder);
    if (!slot || !gid || !a->mg || !a->morder) {
        a->oom = true;
        free(slot);
        free(gid);
        return; /* every chain empty: no fuller forms */
    }
    memset(slot, 0xff, slots * sizeof *slot);
    size_t ng = 0;
    for (size_t i = 0; i < a->nm; i++) {
        const mention *m = &a->m[i];
        size_t h = at_hash_ci(m->name, m->len) & (slots - 1);
        for (; slot[h] >= 0; h = (h + 1) & (slots - 1)) {
            const mention *r = &a->m[a->mg[slot[h]].rep];
            if (r->kind == m->kind && r->len == m->len && memcmp(r->name, m->name, m->len) == 0)
                break;
        }
        if (slot[h] < 0) {
            mgroup *g = &a->mg[ng];
            g->rep = (int32_t)i;
            g->n = 0;
            g->next_first = a->head_first[m->first % MENTION_CHAINS];
            a->head_first[m->first % MENTION_CHAINS] = (int32_t)ng;
            g->next_last = a->head_last[m->last % MENTION_CHAINS];
            a->head_last[m->last % MENTION_CHAINS] = (int32_t)ng;
            slot[h] = (int32_t)ng++;
        }
        gid[i] = slot[h];
        a->mg[slot[h]].n++;
    }
    uint32_t off = 0;
    for (size_t g = 0; g < ng; g++) {
        a->mg[g].off = off;
        off += a->mg[g].n;
        a->mg[g].n = 0;
    }
    for (size_t i = 0; i < a->nm; i++) {
        mgroup *g = &a->mg[gid[i]];
        a->morder[g->off + g->n++] = (int32_t)i;
    }
    free(slot);
    free(gid);
}

/* The fullest form of name among the article's mentions: the nearest one
 * before sentence si that ends with it, else the first one after; failing
 * both, a person's name that begins with it. */
static const mention *fullest(const article *a, const char *name, size_t si)
{
    probe p = {name, strlen(name), 0, 0, at_count_words(name) == 1, false};
    if (p.len == 0)
        return NULL;
    at_edge_hashes(name, p.len, &p.first, &p.last);
    p.org_word = p.one && in_list_n(name, p.len, org_words);
    index_mentions((article *)a); /* the groups are a cache, not content */
    for (int prefix = 0; prefix < 2; prefix++) {
        long before = -1, after = -1;
        int32_t g = prefix ? a->head_first[p.first % MENTION_CHAINS]
                           : a->head_last[p.last % MENTION_CHAINS];
        for (; g >= 0; g = prefix ? a->mg[g].next_first : a->mg[g].next_last) {
            const mgroup *G = &a->mg[g];
            if (!longer_form(&a->m[G->rep], &p, prefix))
                continue;
            const int32_t *ix = a->morder + G->off;
            size_t lo = 0, hi = G->n; /* the first of them after si */
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (a->m[ix[mid]].sent <= si)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo > 0 && ix[lo - 1] > before)
                before = ix[lo - 1]; /* the latest one before */
            if (after < 0 || ix[0] < after)
                after = ix[0];       /* the earliest one, when none is before */
        }
        if (before >= 0)
            return &a->m[before];
        if (after >= 0)
            return &a->m[after];
    }
    return NULL;
}

/* The name an acronym was defined for, or an organisation named in the
 * article whose initials spell it ("OPCW"); NULL if none. */
static const char *acronym_full(const article *a, const char *name)
{
    size_t n = strlen(name);
    if (!at_word_is_acronym(name, n))
        return NULL;
    for (size_t i = 0; i < a->nad; i++)
        if (a->ad[i].acro && strcmp(a->ad[i].acro, name) == 0)
            return a->ad[i].full;
    for (size_t i = 0; i < a->nm; i++) {
        size_t j = 0, nw = a->m[i].words;
        if (a->m[i].kind == K_ORG && nw >= 3 && at_spells(a->m[i].name, &j, nw, name, n) &&
            j == nw)
            return a->m[i].name;
    }
    return NULL;
}

/* [country-short] "U.S.", "US", "U.K.", "UK", "U.N.", "UN", "EU" as the full
 * name when the article at_spells it out somewhere ("United States"). */
static const char *short_country(const article *a, const char *name)
{
    static const char *const pairs[][2] = {
        {"U.S.", "United States"}, {"US", "United States"}, {"U.S.A.", "United States"},
        {"USA", "United States"},  {"U.K.", "United Kingdom"}, {"UK", "United Kingdom"},
        {"U.N.", "United Nations"}, {"UN", "United Nations"}, {"EU", "European Union"},
        {"E.U.", "European Union"}};
    _Static_assert(sizeof pairs / sizeof *pairs <= sizeof ((article *)0)->country_seen,
                   "a memo per pair");
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        if (strcmp(name, pairs[i][0]) != 0)
            continue;
        signed char *seen = &((article *)a)->country_seen[i]; /* a memo, not content */
        size_t n = strlen(pairs[i][1]);
        for (const char *p = a->s; *seen == 0 && (p = memchr(p, pairs[i][1][0],
                                                                a->len - (size_t)(p - a->s)));
             p++)
            if ((size_t)(a->s + a->len - p) >= n && memcmp(p, pairs[i][1], n) == 0)
                *seen = 1;
        if (*seen == 0)
            *seen = -1;
        return *seen > 0 ? pairs[i][1] : NULL;
    }
    return NULL;
}

/* The entity named by tokens [i, j) as a found source, in its fullest form. */
sres at_span_source(article *a, size_t i, size_t j, int kind, size_t si)
{
    if (j <= i)
        return none();
    char *name = at_join_tokens(a, i, j);
    if (name == NULL)
        return none();
    const char *full = acronym_full(a, name);
    if (full == NULL)
        full = short_country(a, name);
    const mention *m = fullest(a, full ? full : name, si);
    if (m != NULL || full != NULL) {
        free(name);
        return found(at_dup_or_oom(a, m ? m->name : full), m ? m->kind : K_ORG);
    }
    return found(name, kind);
}

sres at_run_source(article *a, const arun *r, size_t si)
{
    return at_span_source(a, r->na, r->nb, r->kind, si);
}

/* Tokens [i, j) as written (possessives and punctuation kept), with runs
 * of whitespace as single spaces, in a new string. */
static char *raw_span(article *a, size_t i, size_t j)
{
    size_t s0 = a->t[i].s, e = a->t[j - 1].e;
    if (a->t[j - 1].flags & F_POSS) /* the 's the token leaves out */
        while (e < a->len && (a->s[e] == '\'' || a->s[e] == 's' || a->s[e] == 'S' ||
                              (unsigned char)a->s[e] >= 0x80) &&
               e - a->t[j - 1].e < 4 && !(e > a->t[j - 1].e && a->s[e - 1] == 's'))
            e++;
    char *out = malloc(e - s0 + 1);
    if (out == NULL) {
        a->oom = true;
        return NULL;
    }
    size_t u = 0;
    for (size_t k = s0; k < e; k++) {
        char c = a->s[k];
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
        if (c == ' ' && u > 0 && out[u - 1] == ' ')
            continue;
        out[u++] = c;
    }
    out[u] = '\0';
    return out;
}

/* [noun-phrase] The subject [b, j] as written, for a speaker the article
 * does not name ("Regional analysts", "the nationalist opposition",
 * "China's foreign ministry"). */
sres at_phrase_source(article *a, size_t b, size_t j, int kind)
{
    if (j < b)
        return generic();
    char *name = raw_span(a, b, j + 1);
    return name ? found(name, kind) : none();
}

/* Is token j a noun for people or a body that can hold a stance? */
bool at_people_noun(const article *a, size_t j)
{
    if (win(a, j, people_nouns) || win(a, j, role_nouns) || win(a, j, org_nouns) ||
        win(a, j, body_nouns))
        return true;
    const char *w = ttext(a, j), *h = NULL;
    static const char *const plural_people[] = {
        "ists", "ysts", "ers", "ors", "ians", "ants", "ents", "ives", "ats", "ees", "ics", NULL};
    size_t wn = tlen(a, j);
    if (weq(a, j, "reporters") || weq(a, j, "journalists"))
        return false; /* who ask, not who hold a stance */
    for (const char *const *e = plural_people; wn >= 6 && *e; e++)
        if (strncmp(w + wn - strlen(*e), *e, strlen(*e)) == 0 && is_plainword(a, j))
            return true; /* "Hydrologists", "Protesters" */
    for (const char *p = w; p < w + tlen(a, j); p++)
        if (*p == '-')
            h = p + 1; /* "vice-president", "secretary-general" */
    uint64_t bits = LEX(role_nouns) | LEX(people_nouns) | LEX(titles);
    return h != NULL && h < w + tlen(a, j) && in_lexicon(h, (size_t)(w + tlen(a, j) - h), bits);
}


/* May [b, j] be a noun phrase naming a speaker: no at_pronoun, verb of
 * speech, stance or action, or "to" inside it? */
bool at_phrase_ok(const article *a, size_t b, size_t j)
{
    for (size_t k = b; k < j; k++)
        if (at_is_pronoun(a, k) || weq(a, k, "to") || win(a, k, passive_words) ||
            weq(a, k, "had") || weq(a, k, "has") || weq(a, k, "have") ||
            (is_plainword(a, k) && !at_not_said(a, k) &&
             win_lexicon(a, k, LEX(speech_verbs) | LEX(stance_verbs) | LEX(action_verbs))))
            return false;
    return true;
}


/* Does the space-separated list of words hold w? */
bool at_has_word(const char *list, const char *w, size_t n)
{
    size_t k;
    for (const char *b; (b = at_next_word(&list, &k)) != NULL;)
        if (k == n && strncasecmp(b, w, n) == 0)
            return true;
    return false;
}

/* "the ministry", "the spokesman": the nearest earlier organisation whose
 * name holds the noun, or person with that role; failing that, the first
 * later one (a headline or a lead may come before the name). */
sres at_nominal(article *a, size_t noun, size_t si)
{
    const char *w = ttext(a, noun);
    size_t n = tlen(a, noun);
    bool org = in_list_n(w, n, org_nouns) || in_list_n(w, n, org_words);
    bool role = in_list_n(w, n, role_nouns) || in_list_n(w, n, titles);
    const mention *before = NULL, *after = NULL;
    uint64_t bit = (uint64_t)1 << (at_hash_ci(w, n) & 63);
    for (size_t i = 0; i < a->nm; i++) {
        const mention *m = &a->m[i];
        bool hit = (org && m->kind == K_ORG && (m->name_words & bit) &&
                    at_has_word(m->name, w, n)) ||
                   (role && m->kind == K_PERSON && (m->role_words & bit) &&
                    at_has_word(m->role, w, n));
        if (hit && m->sent <= si)
            before = m;
        else if (hit && after == NULL)
            after = m;
    }
    const mention *best = before ? before : after;
    if (best == NULL)
        return generic();
    return found(at_dup_or_oom(a, best->name), best->kind);
}

/* The first person named in the latest sentence before si that names
 * one, and that sentence in *at; NULL if none. */
static const mention *last_person_named(const article *a, size_t si, size_t *at)
{
    size_t lo = 0, hi = a->nm; /* mentions are in sentence order */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->m[mid].sent < si)
            lo = mid + 1;
        else
            hi = mid;
    }
    const mention *best = NULL;
    for (size_t i = lo; i-- > 0;) {
        if (best != NULL && a->m[i].sent != best->sent)
            break;
        if (a->m[i].kind == K_PERSON)
            best = &a->m[i];
    }
    *at = best ? best->sent : 0;
    return best;
}

/* "he" or "she" (or "him", "her"): with "added" or "continued", the one
 * speaking in the last three sentences ([current-speaker]); else the last
 * person named, which is the last speaker unless a later sentence named
 * someone else. */
sres at_person_pronoun(article *a, size_t si, const sstate *st)
{
    size_t at;
    /* [current-speaker] "he added" after a speaker of the last two
     * sentences is that speaker, whoever was named in between */
    bool goes_on = a->verb < a->nt && (weq(a, a->verb, "added") || weq(a, a->verb, "adds") ||
                                       weq(a, a->verb, "continued") || weq(a, a->verb, "went"));
    if (goes_on && st->speaker && si - st->speaker_sent <= 3)
        return found(at_dup_or_oom(a, st->speaker), K_PERSON);
    const mention *m = last_person_named(a, si, &at);
    if (m != NULL && (st->last_person == NULL || at > st->person_sent))
        return found(at_dup_or_oom(a, m->name), K_PERSON);
    if (st->last_person)
        return found(at_dup_or_oom(a, st->last_person), K_PERSON);
    return generic();
}

sres at_pronoun(article *a, size_t i, size_t si, const sstate *st)
{
    if (win(a, i, pronouns_person))
        return at_person_pronoun(a, si, st);
    if (win(a, i, pronouns_thing) && st->last_org)
        return found(at_dup_or_oom(a, st->last_org), K_ORG);
    return generic();
}

bool at_is_pronoun(const article *a, size_t i)
{
    return win(a, i, pronouns_person) || win(a, i, pronouns_thing) || win(a, i, pronouns_self);
}

/* Is token i a boundary of a subject scanned backwards from its verb? */
