/*
 * targets.c: each sentence's target.  A treaty named in the sentence, else
 * the treaty last named when the sentence refers back to it ("the pact",
 * "this Treaty", "it"), else, for sentences of prose carried on from a
 * sentence with a target, the treaty of the article.  Headlines, sign-offs
 * and list items carry nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attrib_impl.h"

/* Is treaty noun i a reference back to a treaty already named? */
static bool refers_back(const article *a, const asent *sn, size_t i)
{
    bool plural = win(a, i, treaty_plurals);
    if (weq(a, i, "deal") && i + 1 < sn->t1 && weq(a, i + 1, "with"))
        return false;
    size_t j = i;
    for (size_t steps = 0; j > sn->t0 && steps < 4; steps++) {
        size_t p = j - 1;
        if (win(a, p, indefinites))
            return false;
        if (steps == 0 && weq(a, i, "deal") && win(a, p, modal_words))
            return false;
        if (win(a, p, definites) || (a->t[p].flags & F_POSS))
            return true;
        if (!(a->t[p].flags & F_WORD) || win(a, p, function_words))
            break;
        j = p;
    }
    return !plural;
}

/* The first token of sentence sn referring back to a treaty ("the pact",
 * "this Treaty"), or sn->t1 if none. */
static size_t generic_ref(const article *a, const asent *sn)
{
    for (size_t i = sn->t0; i < sn->t1; i++) {
        if (a->t[i].flags & F_TREATY)
            continue;
        bool noun = (is_lowerword(a, i) && (win(a, i, treaty_nouns) || win(a, i, treaty_plurals))) ||
                    ((a->t[i].flags & F_CAP) && win(a, i, treaty_words));
        if (noun && refers_back(a, sn, i))
            return i;
    }
    return sn->t1;
}

static bool mentions_it(const article *a, const asent *sn)
{
    for (size_t i = sn->t0; i < sn->t1; i++)
        if (weq(a, i, "it") || weq(a, i, "its"))
            return true;
    return false;
}

/* What the target pass knows of the article's treaties. */
typedef struct tctx {
    size_t *refs;      /* sentences naming each group root */
    bool *ok;          /* whether each root may be a target itself */
    long main;         /* the group named in most sentences, or -1 */
} tctx;

static bool keep_caps(const article *a, size_t i)
{
    return is_nameword(a, i) && !(a->t[i].flags & (F_TREATY | F_SHOUT));
}

/* Does a word of name, other than treaty words, appear capitalised where
 * capitals mean something (a proper noun: "Louvre", "Mercosur")? */
static bool has_proper_word(const article *a, const char *name)
{
    size_t nw = at_count_words(name);
    for (size_t i = 0; i < nw; i++) {
        const char *w;
        size_t n = at_nth_word(name, i, &w);
        if (!in_list_n(w, n, treaty_words) && !in_list_n(w, n, caps_stop) &&
            at_wset_has(a, &a->caps, w, n))
            return true;
    }
    return false;
}

/* The words (letters or digits) of sentence sn. */
static size_t word_count(const article *a, const asent *sn)
{
    size_t n = 0;
    for (size_t i = sn->t0; i < sn->t1; i++)
        n += (a->t[i].flags & F_WORD) != 0;
    return n;
}

/* Does sentence sn end the story: a rule of marks ("___", "***") or a
 * credit ("contributed to this report", "Writing by", "reported from")? */
static bool is_signoff(const article *a, const asent *sn, size_t words)
{
    if (words == 0 && sn->t1 > sn->t0)
        return true;
    if (sn->t1 - sn->t0 > 24)
        return false; /* credits are short */
    for (size_t i = sn->t0; i + 1 < sn->t1; i++)
        if (win(a, i, signoff_words) &&
            ((weq(a, i, "contributed") && weq(a, i + 1, "to")) ||
            (weq(a, i, "reported") && weq(a, i + 1, "from")) ||
            ((weq(a, i, "writing") || weq(a, i, "editing") || weq(a, i, "reporting")) &&
             weq(a, i + 1, "by")) ||
            (weq(a, i, "responsible") && weq(a, i + 1, "for") && weq(a, i + 2, "all"))))
            return true;
    return false;
}

/* [note] Is sentence sn an editor's note on the text itself: "The
 * interview has been translated from German and edited for length", "This
 * transcript was typed from a recording and may contain errors"? */
static bool is_note(const article *a, const asent *sn)
{
    for (size_t i = sn->t0; i + 1 < sn->t1; i++)
        if (((weq(a, i, "edited") || weq(a, i, "condensed")) && weq(a, i + 1, "for")) ||
            ((weq(a, i, "translated") || weq(a, i, "typed") || weq(a, i, "transcribed")) &&
             weq(a, i + 1, "from")) ||
            (weq(a, i, "contain") && weq(a, i + 1, "errors")))
            return true;
    return false;
}

static bool is_item(const article *a, const asent *sn);
static bool prose_of(const article *a, const asent *sn, size_t min);

/* May the treaty under discussion carry to sentence sn, which has words
 * words: a sentence of prose or a list item, not a headline, byline or
 * caption. */
static bool carry_ok(const article *a, const asent *sn, size_t words)
{
    return words >= 5 && (prose_of(a, sn, 6) || is_item(a, sn)) && !is_note(a, sn);
}

/* Is sentence sn a list item (opening with a bullet or a dash)? */
static bool is_item(const article *a, const asent *sn)
{
    if (sn->t1 - sn->t0 < 3)
        return false;
    const unsigned char *t = (const unsigned char *)ttext(a, sn->t0);
    return a->t[sn->t0].p == '-' || a->t[sn->t0].p == '*' ||
           (tlen(a, sn->t0) == 3 && t[0] == 0xE2 && t[1] == 0x80 && t[2] == 0xA2);
}

/* Is sentence sn prose: min tokens or more ending in . ! or ? (not a
 * headline, byline or caption)? */
static bool prose_of(const article *a, const asent *sn, size_t min)
{
    size_t e = sn->t1;
    while (e > sn->t0 && (a->t[e - 1].flags & F_QCLOSE))
        e--;
    if (sn->t1 - sn->t0 < min || e == sn->t0)
        return false;
    char p = a->t[e - 1].p;
    return p == '.' || p == '!' || p == '?';
}

static bool is_prose(const article *a, const asent *sn)
{
    return prose_of(a, sn, 12);
}

/* Does the lead, the first three sentences of prose, name a treaty
 * outright? */
static bool lead_names_treaty(const article *a)
{
    size_t prose = 0;
    for (size_t i = 0; i < a->ns && prose < 3; i++) {
        if (!is_prose(a, &a->sn[i]))
            continue;
        prose++;
        for (size_t k = a->sn[i].tr0; k < a->sn[i].tr1; k++)
            if (!a->tn[a->tr[k].name].weak)
                return true;
    }
    return false;
}

/* Decide which roots may be targets.  A name seen only in a headline in
 * capitals or with a lower-case noun ("the Bender accord") stands for the
 * treaty the lead names outright; without one, it is a treaty of its own
 * if a word of it is a proper noun ("LOUVRE ACCORD" beside "at the
 * Louvre"), and otherwise ("Chip Pact") stands for the main treaty. */
static void mark_usable(article *a, tctx *c)
{
    bool strong = false;
    for (size_t i = 0; i < a->ntn; i++)
        strong |= !a->tn[at_tn_root(a, i)].weak;
    bool lead = strong && lead_names_treaty(a);
    if (strong && !lead) {
        free(a->caps.slot);
        at_wset_build(a, &a->caps, keep_caps);
    }
    for (size_t i = 0; i < a->ntn; i++)
        c->ok[i] = at_tn_root(a, i) == i &&
                   (!a->tn[i].weak || !strong || (!lead && has_proper_word(a, a->tn[i].name)));
}

static bool count_refs(article *a, tctx *c)
{
    c->main = -1;
    c->refs = calloc(a->ntn ? a->ntn : 1, sizeof *c->refs);
    c->ok = calloc(a->ntn ? a->ntn : 1, sizeof *c->ok);
    if (c->refs == NULL || c->ok == NULL) {
        a->oom = true;
        return false;
    }
    mark_usable(a, c);
    for (size_t i = 0; i < a->ntr; i++) {
        size_t r = at_tn_root(a, a->tr[i].name);
        if (!c->ok[r] || (i > 0 && a->tr[i - 1].sent == a->tr[i].sent &&
                          at_tn_root(a, a->tr[i - 1].name) == r))
            continue;
        c->refs[r]++;
        if (c->main < 0 || c->refs[r] > c->refs[c->main])
            c->main = (long)r;
    }
    return true;
}

/* The name of the rule that found reference k, of the treaty root. */
static const char *tref_rule(const article *a, const tref *k, size_t root)
{
    unsigned how = a->tn[k->name].how;
    if (how == TREF_KNOWN_AS)
        return "name after \"known as\"";
    if (how == TREF_WITH_PARTY)
        return "gazetteer: treaty with a party";
    return a->tn[root].gaz ? "gazetteer name" : "treaty named";
}

/* The first usable treaty named in sentence si, or -1, with *at the
 * token where it is named (sn->t1 for none) and *rule the rule; the
 * article's main treaty when the sentence names it beside others;
 * *stand_in is set when the sentence has a name standing for another
 * treaty (a reference back). */
static long named_target(article *a, const tctx *c, size_t si, size_t *at, bool *stand_in,
                         const char **rule)
{
    const asent *sn = &a->sn[si];
    *at = sn->t1;
    *stand_in = false;
    *rule = NULL;
    long first = -1;
    for (size_t i = sn->tr0; i < sn->tr1; i++) {
        size_t r = at_tn_root(a, a->tr[i].name);
        if (c->ok[r]) {
            if (first < 0) {
                *at = a->tr[i].pos;
                first = (long)r;
                *rule = tref_rule(a, &a->tr[i], r);
            } else if ((long)r == c->main && first != c->main) {
                *rule = "main treaty among those named";
                return (long)r; /* [main-first] the article's treaty over one named beside it */
            }
            continue;
        }
        *stand_in = true;
    }
    return first;
}

/* Which treaty a reference back by noun i means (i == (size_t)-1: no
 * noun): the last one if it is called that ("the treaty" after the NPT),
 * else the article's main one. */
static long resolve_ref(const article *a, const tctx *c, size_t i, long last)
{
    if (i != (size_t)-1 && last >= 0) {
        const char *w = ttext(a, i);
        size_t n = tlen(a, i);
        if (n > 1 && (w[n - 1] == 's' || w[n - 1] == 'S') && !in_list_n(w, n, treaty_nouns))
            n--; /* "the agreements" */
        if (at_has_word(a->tn[last].name, w, n))
            return last;
    }
    return c->main >= 0 ? c->main : last;
}

/* Target of sentence i from what it says: a treaty named, or one referred
 * back to, whichever comes first; last is the last major target so far.
 * Without context only a treaty the sentence names. *rule names the rule. */
static long sentence_target(article *a, const tctx *c, size_t i, long last, bool context,
                            const char **rule)
{
    const asent *sn = &a->sn[i];
    size_t at, ref = generic_ref(a, sn);
    bool stand_in;
    long t = named_target(a, c, i, &at, &stand_in, rule);
    if (!context)
        return t;
    if (ref < sn->t1 && (t < 0 || (ref < at && last >= 0))) {
        *rule = "refers back";
        return resolve_ref(a, c, ref, last);
    }
    if (t < 0 && stand_in) {
        *rule = "name standing for the main treaty";
        return resolve_ref(a, c, (size_t)-1, last);
    }
    return t;
}

/* Is word i a noun that makes the treaty after its "of" the topic ("the
 * spirit of", "a breach of", "the withdrawal of")? */
static bool about_treaty(const article *a, size_t i)
{
    static const char *const nouns[] = {
        "spirit", "terms", "text", "breach", "breaches", "violation", "violations",
        "withdrawal", "ratification", "implementation", "provisions", "signing", "collapse",
        "suspension", "review", "revision", "renewal", "extension", "expiry", "end", "future",
        "fate", "letter", "parties", "signatories", "members", "architects", "rules", NULL};
    if (!is_lowerword(a, i))
        return false;
    for (const char *const *n = nouns; *n; n++)
        if (weq(a, i, *n))
            return true;
    return false;
}

/* Is treaty t named in sentence sn only inside a phrase of "of", "under"
 * or "with" that is not the sentence's first ("obligations under the
 * Refugee Convention", "on the basis of the 1991 Alma-Ata Declaration",
 * "it has happened before, with the Nice Treaty"), and not after a noun
 * that makes it the topic ("the spirit of")? */
static bool in_passing(article *a, const asent *sn, long t)
{
    bool seen = false;
    for (size_t k = sn->tr0; k < sn->tr1; k++) {
        if ((long)at_tn_root(a, a->tr[k].name) != t)
            continue;
        size_t p = a->tr[k].pos;
        while (p > sn->t0 && (weq(a, p - 1, "the") || is_digit(peek(ttext(a, p - 1), 0, 1))))
            p--;
        if (p <= sn->t0 + 1 || !(weq(a, p - 1, "of") || weq(a, p - 1, "under") ||
                                 weq(a, p - 1, "with")))
            return false;
        if (weq(a, p - 1, "of") && about_treaty(a, p - 2))
            return false; /* "the spirit of the Mekong Agreement": its topic */
        seen = true;
    }
    return seen;
}

/* Targets: named or referred back to; "it" after a sentence with a
 * target; an attributed statement, and any sentence of prose or list
 * item before the credits, continues the treaty under discussion, but a
 * paragraph that follows one of prose and opens without a treaty of its
 * own has turned to something else (after a headline or sub-head it has
 * not); the treaty under discussion
 * ends with a transcript's question on something else;
 * a quotation over several sentences is about one thing.  src holds the
 * sources found.  A treaty named in one sentence only, in passing, does
 * not become the treaty under discussion.  Without context a sentence's
 * target is a treaty it names, or none.  rule[i] names the rule that gave
 * sentence i its target. */
void at_find_targets(article *a, const char **src, long *tgt, const char **rule, bool context)
{
    tctx c;
    if (!count_refs(a, &c))
        return;
    long last = -1, prev = -1;
    bool ended = false;
    for (size_t i = 0; i < a->ns; i++) {
        long t = sentence_target(a, &c, i, last, context, &rule[i]);
        if (!context) {
            tgt[i] = t;
            continue;
        }
        if (t >= 0 && t != c.main && c.refs[t] == 1 && c.main >= 0 && last == c.main &&
            prev == c.main && in_passing(a, &a->sn[i], t)) {
            t = c.main; /* [passing] a treaty named once, beside the one under discussion */
            rule[i] = "treaty under discussion over one named in passing";
        }
        arun *who;
        if (t < 0 && at_turn_label(a, i, &who) == TURN_Q && !mentions_it(a, &a->sn[i]))
            last = prev = -1; /* [topic] a question about something else */
        if (t < 0 && prev >= 0 && mentions_it(a, &a->sn[i])) {
            t = prev;
            rule[i] = "\"it\": previous sentence's treaty";
        }
        if (t < 0 && src[i] != NULL) {
            t = last;
            rule[i] = "attributed statement: treaty under discussion";
        }
        size_t words = word_count(a, &a->sn[i]);
        if (is_signoff(a, &a->sn[i], words))
            ended = true; /* credits and notes follow the story */
        if (t < 0 && !ended && carry_ok(a, &a->sn[i], words) &&
            !(a->sn[i].para && i > 0 && prose_of(a, &a->sn[i - 1], 6))) {
            t = last; /* [carry] the treaty under discussion, not past a paragraph of prose */
            rule[i] = "carried from previous sentence";
        }
        tgt[i] = t;
        if (t < 0)
            rule[i] = NULL;
        prev = t;
        if (t >= 0 && (c.refs[t] >= 2 || t == c.main || last < 0))
            last = t;
    }
    free(c.refs);
    free(c.ok);
    for (size_t i = 0; i < a->ns && context;) {
        size_t j = i;
        while (j + 1 < a->ns && a->sn[j].q_end && a->sn[j + 1].q_start)
            j++;
        long t = -1;
        for (size_t k = i; k <= j && t < 0; k++)
            t = tgt[k];
        for (size_t k = i; k <= j; k++)
            if (tgt[k] < 0 && t >= 0) {
                tgt[k] = t;
                rule[k] = "quotation: its treaty";
            }
        i = j + 1;
    }
}
