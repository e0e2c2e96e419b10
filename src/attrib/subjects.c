/*
 * subjects.c: the subject of a verb.  Scanning back from a speech or
 * stance verb over auxiliaries, appositives ("X, a ..., warned") and
 * clauses to the name, noun or pronoun it agrees with; lists of subjects
 * kept whole ("France, Germany and Sweden said") [list]; the subject after
 * the verb ("said X"); groups before a comma.
 */
#include <stdlib.h>
#include <string.h>

#include "attrib_impl.h"

bool at_subject_boundary(const article *a, size_t i)
{
    const atok *t = &a->t[i];
    if (t->flags & (F_QOPEN | F_QCLOSE))
        return true;
    if (t->p && t->p != '.' && t->p != '&' && t->p != '\'')
        return true;
    return is_plainword(a, i) && win(a, i, clause_words);
}

/* Start of the segment ending at j (inclusive) within sentence sn. */
size_t at_segment_start(const article *a, const asent *sn, size_t j)
{
    size_t b = j;
    while (b > sn->t0 && !at_subject_boundary(a, b - 1))
        b--;
    return b;
}

/* Does segment [b, j] describe rather than name (", a researcher at X,")? */
static bool appositive_like(const article *a, size_t b, size_t j)
{
    if (is_lowerword(a, b) && !at_is_pronoun(a, b))
        return !win(a, b, aux_words);
    if (win(a, b, relatives))
        return true;
    if (weq(a, b, "a") || weq(a, b, "an"))
        return true;
    if ((a->t[b].flags & F_POSS) && b + 1 <= j && is_lowerword(a, b + 1))
        return true; /* "Tavrin's leader" */
    return weq(a, b, "the") && b + 1 <= j && is_lowerword(a, b + 1);
}

/* Is [b, j] a name, possibly with titles and role nouns before it
 * ("Kremlin spokesman Dmitry Peskov")?  Returns the run or NULL. */
arun *at_name_segment(const article *a, const asent *sn, size_t b, size_t j)
{
    arun *r = at_run_at(a, sn, j);
    if (r == NULL || r->b != j + 1)
        return NULL;
    if (win(a, b, function_words) && !weq(a, b, "the"))
        return NULL;
    for (size_t i = b; i < r->a; i++)
        if (!(is_nameword(a, i) || weq(a, i, "the") || win(a, i, role_nouns) ||
              (a->t[i].flags & F_POSS)))
            return NULL;
    return r;
}

/* Accept the name run r that ends subject segment [b, j]? */
static bool run_heads_subject(const article *a, const arun *r, size_t b)
{
    size_t p = r->a;
    if (p <= b)
        return true; /* the run opens the segment, or began before it */
    if (at_is_title(a, b) && r->kind == K_PERSON && r->nb - r->na >= 2)
        return true; /* "Chairman of the Committee on X Leonid Slutsky" */
    if (weq(a, p - 1, "the") || weq(a, p - 1, "a") || weq(a, p - 1, "an")) {
        if (p - 1 == b)
            return true;
        p--;
    }
    size_t q = p - 1;
    if (win(a, q, org_preps))
        return q > b && (win(a, q - 1, role_nouns) || win(a, q - 1, doc_nouns) ||
                         (is_plainword(a, q - 1) && ttext(a, q - 1)[tlen(a, q - 1) - 1] == 's' &&
                          !win(a, q - 1, aux_words)));
    if (is_lowerword(a, q))
        return !win(a, q, function_words) && !win(a, q, speech_verbs);
    return true;
}

/* The head of a name followed by prepositional phrases: "Prof. Liu
 * Jianguo" in "Prof. Liu Jianguo of the Institute ... in Shanghai". */
static arun *head_run(const article *a, const asent *sn, arun *r, size_t b)
{
    for (;;) {
        if (r->kind == K_PERSON && r->nb - r->na >= 2)
            return r; /* "Chairman of the Committee on X Leonid Slutsky" */
        size_t h = r->a;
        if (h > b && weq(a, h - 1, "the"))
            h--;
        if (h < b + 2 || !win(a, h - 1, prepositions))
            return r;
        arun *o = at_run_at(a, sn, h - 2);
        if (o == NULL || o->b != h - 1 || o->a < b)
            return r;
        r = o;
    }
}

/* "the Indian government", "a Bundesbank spokesman": a capitalised run
 * ending at p, a lower-case modifier or none, then noun j. */
static arun *run_before_noun(const article *a, const asent *sn, size_t b, size_t j)
{
    size_t p = j;
    if (p > b && is_lowerword(a, p - 1) && !win(a, p - 1, function_words) &&
        !win(a, p - 1, prepositions))
        p--;
    arun *o = p > b ? at_run_at(a, sn, p - 1) : NULL;
    return o != NULL && o->b == p && o->a >= b ? o : NULL;
}

/* The speaker named by a subject segment [b, j] ending in a lower-case
 * noun: a body ("the Indian government"), an organisation's spokesman
 * or statement, or "the ministry" and "the spokesman" named before. */
static sres noun_source(article *a, const asent *sn, size_t si, size_t b, size_t j,
                        const sstate *st)
{
    bool the = weq(a, b, "the") || weq(a, b, "this") || weq(a, b, "that");
    bool plain = true; /* "the minister", "the senior diplomat": no name in between */
    for (size_t k = b + 1; k < j; k++)
        plain &= is_lowerword(a, k);
    if (the && plain && j - b <= 3 && win(a, j, back_nouns)) {
        sres n = at_nominal(a, j, si);
        if (n.r == R_FOUND)
            return n;
        if (st->last_person && st->spoke) /* [current-speaker] "the diplomat stressed" */
            return found(at_dup_or_oom(a, st->last_person), K_PERSON);
    }
    arun *o = run_before_noun(a, sn, b, j);
    if (o != NULL && !(a->t[o->b - 1].flags & F_POSS) && run_heads_subject(a, o, b)) {
        if (win(a, j, body_nouns))
            return at_span_source(a, o->a, j + 1, K_ORG, si);
        if (win(a, j, role_nouns) && at_phrase_ok(a, b, j))
            return at_phrase_source(a, b, j, K_PERSON); /* [title-kept] "the Georgian president" */
        if (win(a, j, role_nouns) || win(a, j, doc_nouns))
            return at_span_source(a, o->a, o->b, K_ORG, si);
    }
    if (j > b && (win(a, j, org_nouns) || win(a, j, role_nouns)) && the && j - b <= 3) {
        sres n = at_nominal(a, j, si);
        if (n.r == R_FOUND)
            return n;
    }
    if (at_people_noun(a, j) && !win(a, b, relatives) && j - b <= 6 && at_phrase_ok(a, b, j))
        return at_phrase_source(a, b, j, win(a, j, role_nouns) ? K_PERSON : K_ORG);
    if (a->speech && the && j == b + 1 && !win(a, j, doc_nouns) && !win(a, j, treaty_nouns) &&
        ttext(a, j)[tlen(a, j) - 1] != 's')
        return at_phrase_source(a, b, j, K_PERSON); /* "The taoiseach said" */
    return generic();
}

/* The speaker named by the subject segment [b, j]. */
sres at_segment_source(article *a, const asent *sn, size_t si, size_t b, size_t j,
                       const sstate *st)
{
    if (at_is_pronoun(a, j))
        return at_pronoun(a, j, si, st);
    /* [noun-phrase] "Residents interviewed by AFP said": a group and the
     * participle phrase that describes it */
    if (j > b + 1 && is_plainword(a, b) && at_people_noun(a, b) && is_lowerword(a, b + 1) &&
        tlen(a, b + 1) > 4 && strncmp(ttext(a, b + 1) + tlen(a, b + 1) - 2, "ed", 2) == 0 &&
        (win(a, b + 2, prepositions) || weq(a, b + 2, "by")) && !at_is_pronoun(a, b))
        return at_phrase_source(a, b, b, K_ORG);
    /* [including] "Rights organisations including the Albanian Helsinki
     * Committee said": the group, not the example */
    for (size_t p = b + 1; p < j; p++)
        if (is_lowerword(a, p) && (weq(a, p, "including") ||
                                   (weq(a, p, "such") && weq(a, p + 1, "as")))) {
            size_t e = p - 1;
            if (e > b && is_punct(a, e, ','))
                e--;
            if (is_plainword(a, e) && at_people_noun(a, e))
                return at_segment_source(a, sn, si, b, e, st);
            break;
        }
    /* [noun-phrase] "Environmental groups in Canada", "Voters on both sides
     * of the border", "The U.S. secretary of state": a group or role with
     * a phrase after it */
    for (size_t p = b + 1; p < j && p < b + 6; p++)
        if (is_lowerword(a, p) && win(a, p, prepositions)) {
            if (is_plainword(a, p - 1) && at_people_noun(a, p - 1) && at_phrase_ok(a, b, j) &&
                !at_is_pronoun(a, b) && j - b <= 8)
                return at_phrase_source(a, b, j, win(a, p - 1, role_nouns) ? K_PERSON : K_ORG);
            break;
        }
    arun *r = at_run_at(a, sn, j);
    if (r != NULL && r->b == j + 1) {
        r = head_run(a, sn, r, b);
        if (!run_heads_subject(a, r, b))
            return generic();
        if (r->nb > r->na)
            return at_run_source(a, r, si);
        return at_nominal(a, r->b - 1, si);
    }
    if (!is_plainword(a, j))
        return generic();
    return noun_source(a, sn, si, b, j, st);
}

/* Skip back from verb v over auxiliaries and adverbs; returns the index
 * before the verb phrase, or (size_t)-1 when a passive rules it out. */
size_t at_skip_aux(const article *a, const asent *sn, size_t v, bool *passive)
{
    size_t j = v;
    *passive = false;
    while (j > sn->t0) {
        size_t p = j - 1;
        if (win(a, p, passive_words)) {
            *passive = true;
            return p;
        }
        if (win(a, p, aux_words) && is_lowerword(a, p)) {
            j = p;
        } else if (win(a, p, weekdays) && p > sn->t0 && weq(a, p - 1, "on")) {
            j = p - 1;
        } else if (win(a, p, time_nouns) && p > sn->t0 &&
                   (weq(a, p - 1, "last") || weq(a, p - 1, "this") || weq(a, p - 1, "next"))) {
            j = p - 1;
        } else if (is_punct(a, p, ',') && p >= sn->t0 + 3 && win(a, p - 1, aux_words) &&
                   is_punct(a, p - 2, ',')) {
            j = p - 2; /* "The French government, meanwhile, repeated" */
        } else {
            break;
        }
    }
    return j;
}

/* Start of the stretch ending at j that no comma, colon, semicolon,
 * bracket or dash interrupts (quotation marks may). */
static size_t comma_segment_start(const article *a, const asent *sn, size_t j)
{
    size_t b = j;
    while (b > sn->t0) {
        char p = a->t[b - 1].p;
        if (p == ',' || p == ';' || p == ':' || p == '(' || p == ')' || p == '-')
            break;
        b--;
    }
    return b;
}

/* A name closing the comma-ended stretch before token c (a comma), either
 * directly ("Tavrin's leader, Pavel Dunai, told") or before an appositive
 * ("Lena Fisher, a regional security analyst at ..., said"). */
static arun *name_before_comma(const article *a, const asent *sn, size_t c)
{
    if (c < sn->t0 + 1)
        return NULL;
    size_t j = c - 1, b = at_segment_start(a, sn, j);
    arun *r = at_name_segment(a, sn, b, j);
    if (r != NULL)
        return r;
    b = comma_segment_start(a, sn, j);
    if (!appositive_like(a, b, j) || b < sn->t0 + 2 || !is_punct(a, b - 1, ','))
        return NULL;
    size_t pj = b - 2;
    return at_name_segment(a, sn, at_segment_start(a, sn, pj), pj);
}

/* The start of list item run o, with a "the" before it. */
static size_t item_start(const article *a, const asent *sn, const arun *o)
{
    return o->a > sn->t0 && weq(a, o->a - 1, "the") ? o->a - 1 : o->a;
}

/* [list] A subject that lists names, "France, Germany and Sweden" or
 * "Israel, the United Arab Emirates and Bahrain", ending at name run end
 * j: every member, joined as written.  Without "and" only at the start of
 * a sentence ("Velmora, Tarsia sign ..."). */
static sres list_subject(article *a, const asent *sn, size_t j)
{
    arun *r = at_run_at(a, sn, j);
    if (r == NULL || r->b != j + 1 || r->nb <= r->na)
        return none();
    size_t start = item_start(a, sn, r), items = 1;
    bool joined = false;
    while (start > sn->t0 + 1 && items < 8) {
        size_t q = start - 1;
        bool and = weq(a, q, "and");
        if (and && is_punct(a, q - 1, ','))
            q--;
        else if (!and && !is_punct(a, q, ','))
            break;
        arun *o = q > sn->t0 ? at_run_at(a, sn, q - 1) : NULL;
        if (o == NULL || o->b != q || o->nb <= o->na)
            break;
        size_t os = item_start(a, sn, o);
        if (os > sn->t0 && (win(a, os - 1, prepositions) || is_lowerword(a, os - 1)) &&
            !weq(a, os - 1, "and")) {
            /* "the foreign ministers of Ostrelia and Marvan"; but "talks in
             * Paris, Berlin and Rome" names no speaker */
            size_t h = os - 1;
            if (!weq(a, h, "of") || h == sn->t0 || !is_plainword(a, h - 1) ||
                !at_people_noun(a, h - 1) || !(joined || and))
                return none();
            size_t b0 = at_segment_start(a, sn, h - 1);
            return at_phrase_ok(a, b0, h - 1) ? at_phrase_source(a, b0, j, K_ORG) : none();
        }
        start = os;
        joined |= and;
        items++;
    }
    if (items < 2 || (!joined && start != sn->t0))
        return none();
    if (start > sn->t0 && !at_subject_boundary(a, start - 1))
        return none();
    return at_phrase_source(a, start, j, K_ORG);
}

/* [noun-phrase] "Two European grinders, speaking on condition of
 * anonymity, said", "More than 60 U.S. mayors, including those of ...,
 * said": a plural group opening the sentence before the comma c that
 * closes an aside before the verb. */
static sres group_before_comma(article *a, size_t si, size_t c, const sstate *st)
{
    const asent *sn = &a->sn[si];
    size_t c1 = sn->t0;
    while (c1 < c && !is_punct(a, c1, ','))
        c1++;
    if (c1 == c || c1 == sn->t0 || c1 - sn->t0 > 9)
        return none();
    size_t j = c1 - 1, n = c1 + 1;
    if (is_plainword(a, j) && win(a, j, people_nouns) && at_phrase_ok(a, sn->t0, j))
        return at_phrase_source(a, sn->t0, j, K_ORG);
    /* "The prime minister, speaking to ..., said", "X of the Y Party, who
     * abstained, said": an aside that opens with a relative or a participle */
    const char *w = ttext(a, n);
    size_t wn = tlen(a, n);
    bool aside = win(a, n, relatives) || weq(a, n, "while") ||
                 (is_lowerword(a, n) && wn > 4 &&
                  (strncmp(w + wn - 3, "ing", 3) == 0 || strncmp(w + wn - 2, "ed", 2) == 0));
    if (!aside)
        return none();
    arun *r = at_run_at(a, sn, sn->t0);
    if (r != NULL && r->a == sn->t0 && r->kind == K_PERSON && r->nb > r->na && r->b <= j + 1)
        return at_run_source(a, r, si);
    return at_segment_source(a, sn, si, sn->t0, j, st);
}

/* Source of speech verb v whose subject precedes it. */
sres at_subject_before(article *a, size_t si, size_t v, const sstate *st)
{
    const asent *sn = &a->sn[si];
    bool passive;
    size_t j = at_skip_aux(a, sn, v, &passive);
    if (passive || (j > sn->t0 && weq(a, j - 1, "to")))
        return generic();
    if (j > sn->t0 && is_punct(a, j - 1, ',')) {
        sres g = group_before_comma(a, si, j - 1, st);
        if (g.r == R_FOUND)
            return g;
        arun *r = name_before_comma(a, sn, j - 1);
        if (r != NULL && r->nb > r->na)
            return at_run_source(a, r, si);
    }
    if (j == sn->t0 || at_subject_boundary(a, j - 1)) {
        if (j > sn->t0 && win(a, j - 1, clause_words) && is_lowerword(a, j - 1))
            return generic();
        return none();
    }
    j--;
    if (win(a, v, strict_verbs) && !is_nameword(a, j) && !at_is_pronoun(a, j))
        return generic();
    sres l = list_subject(a, sn, j);
    if (l.r == R_FOUND)
        return l;
    return at_segment_source(a, sn, si, at_segment_start(a, sn, j), j, st);
}

/* Source of a verb with nothing before it: "..., said X, a ...". */
sres at_subject_after(article *a, size_t si, size_t v)
{
    const asent *sn = &a->sn[si];
    size_t k = v + 1;
    if (k >= sn->t1 || at_is_pronoun(a, k)) /* "said it would": a at_pronoun begins the clause */
        return none();
    if (weq(a, k, "the") || weq(a, k, "a") || weq(a, k, "an")) {
        size_t j = k + 1;
        while (j < sn->t1 && j < k + 4 && is_lowerword(a, j) && !win(a, j, org_nouns) &&
               !win(a, j, role_nouns))
            j++;
        if (j < sn->t1 && is_lowerword(a, j) && win(a, j + 1, org_preps)) {
            size_t o = j + 2 + (weq(a, j + 2, "the") ? 1 : 0);
            arun *r = at_run_at(a, sn, o);
            if (r != NULL && r->a == o && r->nb > r->na && r->kind == K_ORG)
                return at_run_source(a, r, si); /* "said a spokesman for Libertas" */
        }
        if (j < sn->t1 && is_lowerword(a, j)) {
            sres n = weq(a, k, "the") ? at_nominal(a, j, si) : generic();
            if (n.r == R_FOUND || !at_people_noun(a, j))
                return n;
            return at_phrase_source(a, k, j, win(a, j, role_nouns) ? K_PERSON : K_ORG);
        }
        k = j;
    }
    if (k >= sn->t1 || !is_nameword(a, k))
        return none();
    arun *r = at_run_at(a, sn, k);
    if (r == NULL)
        return none();
    if (r->nb > r->na)
        return at_run_source(a, r, si);
    return at_nominal(a, r->b - 1, si);
}
