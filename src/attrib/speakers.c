/*
 * speakers.c: each sentence's own source, by the rules in order: speech
 * verbs, reporting chains ("X quoted Y as saying") [chain], verbs of stance
 * ("NATO does not recognise"), "according to X", "X: ..." and "-- X",
 * and, failing all else, the subject of an action ("Greece expelled").  A
 * transcript's turns ("Q:", "A:", "MR MILLER:") name their speaker [turn],
 * and every sentence of a multi-sentence quotation gets the speaker of the
 * quotation (spread_quotes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib_impl.h"

static bool is_speech_verb(const article *a, size_t i)
{
    if (!is_lowerword(a, i) || (a->t[i].flags & F_INQ) || !win(a, i, speech_verbs) ||
        at_not_said(a, i))
        return false;
    return !(weq(a, i, "reported") && weq(a, i + 1, "from")); /* a reporter's credit */
}

/* [chain] "Interfax quoted Kremlin spokesman Dmitry Peskov as saying",
 * "his office quoted him as saying", "Peskov was quoted as saying": the one
 * quoted, not the one quoting. */
static sres chain_source(article *a, size_t si, size_t v, const sstate *st)
{
    const asent *sn = &a->sn[si];
    if (v >= sn->t0 + 2 && win(a, v - 1, passive_words)) {
        size_t j = v - 2;
        if (at_subject_boundary(a, j))
            return none();
        return at_segment_source(a, sn, si, at_segment_start(a, sn, j), j, st);
    }
    for (size_t k = v + 2; k + 1 < sn->t1 && k < v + 16; k++) {
        if (!weq(a, k, "as"))
            continue;
        if (!is_lowerword(a, k + 1) ||
            strncmp(ttext(a, k + 1) + tlen(a, k + 1) - 3, "ing", 3) != 0)
            return none(); /* "as saying", "as telling", "as warning" */
        size_t y = k - 1;
        if (weq(a, y, "him") || weq(a, y, "her"))
            return at_person_pronoun(a, si, st);
        arun *r = at_run_at(a, sn, y);
        if (r != NULL && r->b == y + 1 && r->nb > r->na)
            return at_run_source(a, r, si);
        if (is_plainword(a, y) && at_people_noun(a, y))
            return at_phrase_source(a, at_segment_start(a, sn, y), y, K_PERSON);
        return none();
    }
    return none();
}

/* Is token i a verb of the lexicon lists in bits, outside quotations?  Not
 * after a determiner ("the left") nor before an auxiliary ("protests
 * were"): a noun there. */
static bool is_verb_of(const article *a, size_t i, uint64_t bits)
{
    if (!is_lowerword(a, i) || (a->t[i].flags & F_INQ) || !win_lexicon(a, i, bits))
        return false;
    if (i > 0 && (win(a, i - 1, definites) || weq(a, i - 1, "a") || weq(a, i - 1, "an")))
        return false;
    return !(i + 1 < a->nt && (win(a, i + 1, passive_words) || weq(a, i + 1, "have") ||
                               weq(a, i + 1, "had")));
}

/* Is sentence sn a question (its last mark, before closing quotes, "?")? */
static bool is_question(const article *a, const asent *sn)
{
    size_t e = sn->t1;
    while (e > sn->t0 && (a->t[e - 1].flags & F_QCLOSE))
        e--;
    return e > sn->t0 && a->t[e - 1].p == '?';
}

/* Is the verb at v in a clause of its own ("because Russia refused",
 * "after the two states signed"): is its subject's segment opened by a
 * lower-case word? */
static bool in_subclause(const article *a, const asent *sn, size_t v)
{
    bool passive;
    size_t j = at_skip_aux(a, sn, v, &passive), b = j > sn->t0 ? at_segment_start(a, sn, j - 1) : j;
    if (b >= sn->t0 + 2 && weq(a, b - 1, "and") && at_run_at(a, sn, b - 2) != NULL)
        return false; /* "France and Germany signed": a list */
    return b > sn->t0 && is_plainword(a, b - 1) && !win(a, b - 1, prepositions);
}

/* May stance verb v count: not in a question or a clause of its own, and
 * a base form ("recognise", doubling as a noun: "military support") only
 * after an auxiliary, "not" or a at_pronoun ("NATO does not recognise",
 * "we welcome"). */
static bool stance_verb_ok(const article *a, const asent *sn, size_t v)
{
    if (is_question(a, sn) || in_subclause(a, sn, v))
        return false;
    const char *w = ttext(a, v);
    size_t n = tlen(a, v);
    bool inflected = w[n - 1] == 's' || (n > 2 && w[n - 2] == 'e' && w[n - 1] == 'd') ||
                     (n > 3 && strncmp(w + n - 3, "ght", 3) == 0);
    if (inflected)
        return true;
    /* a group with a phrase after it: "Some diplomats in Brussels fear" */
    for (size_t k = at_segment_start(a, sn, v - 1); k + 1 < v && k + 6 > v; k++)
        if (is_plainword(a, k) && at_people_noun(a, k) && is_lowerword(a, k + 1) &&
            win(a, k + 1, prepositions) && !win(a, k, role_nouns))
            return true;
    /* a plural subject listed before it: "Canada, Mexico press to keep ..." */
    arun *r = v > sn->t0 ? at_run_at(a, sn, v - 1) : NULL;
    if (r != NULL && r->b == v && r->a > sn->t0 + 1 &&
        (is_punct(a, r->a - 1, ',') || weq(a, r->a - 1, "and")) && is_nameword(a, r->a - 2))
        return true;
    return v > sn->t0 && (win(a, v - 1, aux_words) || at_is_pronoun(a, v - 1) ||
                          win(a, v - 1, people_nouns) ||
                          (is_plainword(a, v - 1) && at_people_noun(a, v - 1)));
}

/* Does a participle follow the comma at c (", adding that ...")? */
static bool ing_after(const article *a, size_t c)
{
    if (!is_lowerword(a, c + 1) || tlen(a, c + 1) < 5)
        return false;
    return strncmp(ttext(a, c + 1) + tlen(a, c + 1) - 3, "ing", 3) == 0;
}

/* [final-attribution] "Moscow considers the Minsk agreements the only
 * basis ..., Russian Foreign Ministry Spokeswoman Maria Zakharova said at
 * a briefing": the last speech verb, when its subject opens a clause after
 * a comma, voices the whole sentence, whatever verb comes before it. */
static sres final_attribution(article *a, size_t si, const sstate *st)
{
    const asent *sn = &a->sn[si];
    size_t v = sn->t1;
    for (;; v--) { /* back over the last clause, and a participle's after it */
        if (v == sn->t0 || (a->t[v - 1].p == ',' && !ing_after(a, v - 1)))
            return none();
        if ((a->t[v - 1].flags & F_LOWER) && is_speech_verb(a, v - 1))
            break;
    }
    v--;
    bool passive;
    size_t j = at_skip_aux(a, sn, v, &passive);
    if (passive || j <= sn->t0 + 1 || at_subject_boundary(a, j - 1))
        return none();
    size_t b = at_segment_start(a, sn, j - 1);
    if (b <= sn->t0 + 2 || !is_punct(a, b - 1, ',') || (a->t[b - 1].flags & F_INQ))
        return none();
    a->verb = v;
    a->speech = true;
    sres r = at_subject_before(a, si, v, st);
    a->speech = false;
    a->verb = (size_t)-1;
    r.rule = "speech verb ending the sentence";
    if (r.r == R_FOUND)
        return r;
    free(r.name);
    return none();
}

/* The first speech verb of the sentence with a named subject, or a verb
 * of stance with one before it ([stance-verb]). */
static sres verb_source(article *a, size_t si, const sstate *st)
{
    const asent *sn = &a->sn[si];
    const uint64_t verbs = LEX(chain_verbs) | LEX(speech_verbs) | LEX(stance_verbs);
    sres f = final_attribution(a, si, st);
    if (f.r == R_FOUND)
        return f;
    for (size_t v = sn->t0; v < sn->t1 && !a->oom; v++) {
        if (!(a->t[v].flags & F_LOWER) || !win_lexicon(a, v, verbs))
            continue; /* most words are no verb of ours: one lookup says so */
        sres r = none();
        if (is_verb_of(a, v, LEX(chain_verbs)))
            r = chain_source(a, si, v, st);
        r.rule = "reporting chain";
        if (r.r == R_FOUND)
            return r;
        a->verb = v;
        if (is_speech_verb(a, v)) {
            a->speech = true;
            r = at_subject_before(a, si, v, st);
            r.rule = "speech-verb subject";
            a->speech = false;
            if (r.r == R_NONE) {
                r = at_subject_after(a, si, v);
                r.rule = "speech verb, subject after";
            }
        } else if (is_verb_of(a, v, LEX(stance_verbs)) && !at_not_said(a, v) &&
                   stance_verb_ok(a, sn, v)) {
            r = at_subject_before(a, si, v, st);
            r.rule = "stance-verb subject";
        }
        a->verb = (size_t)-1;
        if (r.r == R_FOUND)
            return r;
    }
    return none();
}

/* [action] The subject of a verb of stance shown by an action ("The
 * United States withdrew from the agreement", "Greece expelled ..."). */
static sres action_source(article *a, size_t si, const sstate *st)
{
    const asent *sn = &a->sn[si];
    for (size_t v = sn->t0; v < sn->t1 && !a->oom; v++) {
        if (!(a->t[v].flags & F_LOWER) || !win(a, v, action_verbs) ||
            !is_verb_of(a, v, LEX(action_verbs)))
            continue;
        if (in_subclause(a, sn, v) || is_question(a, sn))
            return none(); /* "after the two states signed": a clause */
        sres r = at_subject_before(a, si, v, st);
        if (r.r == R_FOUND)
            return r;
        return none(); /* only the first action verb: later ones are in clauses */
    }
    return none();
}

/* "according to X". */
static sres according_source(article *a, size_t si, const sstate *st)
{
    const asent *sn = &a->sn[si];
    for (size_t i = sn->t0; i + 2 < sn->t1; i++) {
        if (!weq(a, i, "according") || !weq(a, i + 1, "to") || (a->t[i].flags & F_INQ))
            continue;
        size_t k = i + 2;
        if (weq(a, k, "her") || weq(a, k, "him"))
            return at_person_pronoun(a, si, st);
        if (at_is_pronoun(a, k))
            return at_pronoun(a, k, si, st);
        if (weq(a, k, "the"))
            k++;
        if (k >= sn->t1)
            return none();
        if (is_lowerword(a, k)) {
            size_t j = k;
            while (j + 1 < sn->t1 && j < k + 3 && is_lowerword(a, j) && !at_people_noun(a, j))
                j++;
            if (!at_people_noun(a, j))
                return generic();
            sres n = at_nominal(a, j, si);
            if (n.r == R_FOUND)
                return n;
            if (win(a, j, role_nouns) && st->last_person && st->spoke)
                return found(at_dup_or_oom(a, st->last_person), K_PERSON);
            return at_phrase_source(a, k, j, K_ORG);
        }
        arun *r = at_run_at(a, sn, k);
        if (r != NULL && r->b < sn->t1 && win(a, r->b, data_nouns))
            return none(); /* "according to U.N. data" */
        if (r != NULL && r->nb > r->na)
            return at_run_source(a, r, si);
        return none();
    }
    return none();
}

/* "X: “...”", and in headlines "Spokesman: ..." when X is a person. */
static sres colon_source(article *a, size_t si, const sstate *st)
{
    const asent *sn = &a->sn[si];
    size_t c = sn->t0;
    while (c < sn->t1 && !(is_punct(a, c, ':') && !(a->t[c].flags & F_INQ)))
        c++;
    if (c >= sn->t1 || c == sn->t0 || win(a, sn->t0, colon_labels))
        return none();
    bool quote = c + 1 < sn->t1 && (a->t[c + 1].flags & F_QOPEN);
    size_t j = c - 1, b = at_segment_start(a, sn, j);
    arun *r = at_name_segment(a, sn, b, j);
    if (quote) {
        if (r != NULL && r->nb > r->na)
            return at_run_source(a, r, si);
        if (at_is_pronoun(a, j))
            return at_pronoun(a, j, si, st);
        /* "Achterberg put it best: “...”": the name opening the sentence */
        size_t s0 = sn->t0 + (weq(a, sn->t0, "the") ? 1 : 0);
        arun *first = at_run_at(a, sn, s0);
        if (first != NULL && first->a == s0 && first->nb > first->na)
            return at_run_source(a, first, si);
        if (weq(a, sn->t0, "the") && s0 < c && is_lowerword(a, s0))
            return at_nominal(a, s0, si);
        return none();
    }
    if (c - sn->t0 > 5 || b != sn->t0)
        return none();
    if (r != NULL && r->nb > r->na && r->kind == K_PERSON)
        return at_run_source(a, r, si);
    if (c == sn->t0 + 1 && (a->t[sn->t0].flags & F_CAP) && win(a, sn->t0, titles)) {
        sres n = at_nominal(a, sn->t0, si);
        if (n.r == R_FOUND && n.kind == K_PERSON)
            return n;
        free(n.name);
    }
    return none();
}

/* [dash-credit] A headline that names its speaker after a dash at the
 * end: "... lack of will to settle conflict — Zakharova". */
static sres dash_source(article *a, size_t si)
{
    const asent *sn = &a->sn[si];
    if (sn->t1 - sn->t0 < 5)
        return none();
    for (size_t k = sn->t1 - 1; k + 4 > sn->t1 && k > sn->t0 + 2; k--) {
        if (!is_punct(a, k, '-'))
            continue;
        arun *r = at_run_at(a, sn, k + 1);
        if (r != NULL && r->a == k + 1 && r->b == sn->t1 && r->nb > r->na &&
            (r->kind == K_PERSON || r->b - r->a == 1))
            return at_run_source(a, r, si);
        return none();
    }
    return none();
}

/* The sentence's own source, ignoring quotations it continues. */
static sres sentence_source(article *a, size_t si, const sstate *st)
{
    a->by_action = false;
    sres d = dash_source(a, si);
    d.rule = "name after a dash";
    if (d.r == R_FOUND)
        return d;
    if (a->sn[si].shout)
        return none();
    sres r = colon_source(a, si, st);
    r.rule = "name before a colon";
    if (r.r == R_FOUND)
        return r;
    r = verb_source(a, si, st); /* names its rule */
    if (r.r == R_FOUND)
        return r;
    r = according_source(a, si, st);
    r.rule = "according to";
    if (r.r == R_FOUND)
        return r;
    r = action_source(a, si, st);
    r.rule = "action subject";
    a->by_action = r.r == R_FOUND;
    return r;
}

/* [turn] A transcript's speaker label opening sentence si: "Q:" and
 * "QUESTION:" (a question), "A:" (the answer), or a name in capitals
 * opening a paragraph ("MR MILLER:"), whose run goes to *who. */
int at_turn_label(const article *a, size_t si, arun **who)
{
    const asent *sn = &a->sn[si];
    *who = NULL;
    size_t c = sn->t0;
    while (c < sn->t1 && c < sn->t0 + 5 && !is_punct(a, c, ':'))
        c++;
    if (c + 1 >= sn->t1 || !is_punct(a, c, ':') || c == sn->t0)
        return TURN_NONE;
    if (c == sn->t0 + 1 && (a->t[sn->t0].flags & (F_UPPER | F_CAP))) {
        if (win(a, sn->t0, question_labels))
            return TURN_Q;
        if (win(a, sn->t0, answer_labels))
            return TURN_A;
    }
    if (!sn->para && c - sn->t0 < 2)
        return TURN_NONE; /* inside a paragraph only a full name: "... water? ANNA WELLS:" */
    for (size_t k = sn->t0; k < c; k++)
        if ((!(a->t[k].flags & F_UPPER) && !is_punct(a, k, '.')) || win(a, k, colon_labels))
            return TURN_NONE;
    arun *r = at_run_at(a, sn, c - 1);
    if (r == NULL || r->a != sn->t0 || r->nb <= r->na || (r->kind != K_PERSON && c - sn->t0 < 2))
        return TURN_NONE; /* "ANNA WELLS" reads as an acronym's organisation: a name still */
    *who = r;
    return TURN_NAMED;
}

/* Does a word of tokens [i, j) begin with "spokes" (spokesperson,
 * spokesman, spokeswoman)? */
static bool spokes_in(const article *a, size_t i, size_t j)
{
    for (size_t k = i; k < j; k++)
        if (tlen(a, k) > 6 && strncasecmp(ttext(a, k), "spokes", 6) == 0)
            return true;
    return false;
}

/* Who answers the "A:" turns of a transcript: the person a question
 * addresses ("Q: Mrs. Brandt, is ..."), else the spokesperson the article
 * names (in a headline too), else the person named most often.  A new
 * string, or NULL. */
static char *answerer(article *a)
{
    for (size_t si = 0; si < a->ns && !a->oom; si++) {
        arun *who;
        const asent *sn = &a->sn[si];
        if (at_turn_label(a, si, &who) != TURN_Q)
            continue;
        arun *r = at_run_at(a, sn, sn->t0 + 2);
        if (r != NULL && r->a == sn->t0 + 2 && r->kind == K_PERSON && r->nb > r->na &&
            is_punct(a, r->b, ','))
            return at_run_source(a, r, si).name;
    }
    for (size_t si = 0; si < a->ns; si++)
        for (size_t k = a->sn[si].r0; k < a->sn[si].r1; k++) {
            const arun *r = &a->r[k];
            if (r->kind == K_PERSON && r->nb > r->na &&
                spokes_in(a, r->a > a->sn[si].t0 ? r->a - 1 : r->a, r->na))
                return at_run_source(a, r, si).name;
        }
    size_t best = 0, bn = 0;
    for (size_t i = 0; i < a->nm; i++) {
        if (a->m[i].kind != K_PERSON)
            continue;
        size_t n = 0;
        for (size_t j = 0; j < a->nm; j++)
            n += a->m[j].kind == K_PERSON && a->m[j].last == a->m[i].last;
        if (n > bn || (n == bn && a->m[i].words > a->m[best].words))
            best = i, bn = n;
    }
    return bn ? at_dup_or_oom(a, a->m[best].name) : NULL;
}

/* [statement-of] The author a document's heading names: "Statement of the
 * Ministry of Foreign Affairs of the Republic of Kazakhstan on ...",
 * "Statement by X", "Foreign Ministry Spokesperson Lin Jian's Regular
 * Press Conference on ...".  A new string, or NULL. */
static char *statement_author(article *a)
{
    if (a->ns == 0)
        return NULL;
    const asent *sn = &a->sn[0];
    size_t k = sn->t0;
    if ((weq(a, k, "statement") || weq(a, k, "declaration")) && (a->t[k].flags & F_CAP) &&
        (weq(a, k + 1, "of") || weq(a, k + 1, "by"))) {
        size_t n = k + 2 + weq(a, k + 2, "the"), e = n, last = n;
        arun *r = at_run_at(a, sn, n);
        if (r != NULL && r->a == n && r->nb > r->na && !sn->shout)
            return at_run_source(a, r, 0).name;
        /* a heading in title case: its capitalised words and links */
        while (e < sn->t1 && e < n + MAX_NAME_TOKENS &&
               (((a->t[e].flags & F_CAP) && (a->t[e].flags & F_WORD)) ||
                weq(a, e, "of") || weq(a, e, "the") || weq(a, e, "and") || weq(a, e, "for")))
            if (a->t[e++].flags & F_CAP)
                last = e;
        return last > n ? at_join_tokens(a, n, last) : NULL;
    }
    for (size_t i = sn->t0; i + 2 < sn->t1; i++)
        if ((a->t[i].flags & F_POSS) && is_nameword(a, i) &&
            ((weq(a, i + 1, "press") && weq(a, i + 2, "conference")) ||
             (weq(a, i + 1, "regular") && weq(a, i + 2, "press")))) {
            arun *r = at_run_at(a, sn, i);
            if (r != NULL && r->b == i + 1 && r->nb > r->na && r->kind == K_PERSON)
                return at_run_source(a, r, 0).name;
            return NULL;
        }
    return NULL;
}

/* Does sentence si speak as "we" (its first word, outside quotations)? */
static bool speaks_as_we(const article *a, size_t si)
{
    const asent *sn = &a->sn[si];
    return sn->t1 > sn->t0 && weq(a, sn->t0, "we") && !(a->t[sn->t0].flags & F_INQ);
}

/* Find each sentence's own source, and the rule that found it, updating
 * the at_pronoun antecedents; in a transcript's answer turns the one who
 * answers speaks every sentence. */
void at_own_sources(article *a, char **own, const char **rule)
{
    sstate st = {NULL, 0, NULL, false, NULL, 0};
    int turn = TURN_NONE;
    char *turn_who = NULL, *ans = NULL;
    bool ans_done = false;
    char *author = statement_author(a);
    for (size_t i = 0; i < a->ns && !a->oom; i++) {
        arun *who;
        int k = at_turn_label(a, i, &who);
        if (k != TURN_NONE) {
            turn = k;
            free(turn_who);
            turn_who = NULL;
            if (k == TURN_NAMED) {
                turn_who = at_run_source(a, who, i).name;
            } else if (k == TURN_A) {
                if (!ans_done)
                    ans = answerer(a);
                ans_done = true;
                turn_who = at_dup_or_oom(a, ans);
            }
        }
        sres r = sentence_source(a, i, &st);
        if (turn == TURN_Q) { /* the questioner's premise: "Q: The minister said ..." */
            free(r.name);
            r = none();
        }
        if ((turn == TURN_A || turn == TURN_NAMED) && turn_who != NULL) {
            free(r.name);
            r = found(at_dup_or_oom(a, turn_who), K_PERSON);
            r.rule = "transcript turn";
        }
        if (r.r != R_FOUND && author != NULL && (i == 0 || speaks_as_we(a, i))) {
            free(r.name);
            r = found(at_dup_or_oom(a, author), K_ORG);
            r.rule = "the statement's author";
        }
        own[i] = r.r == R_FOUND ? r.name : NULL;
        rule[i] = own[i] ? r.rule : NULL;
        if (own[i] && r.kind == K_PERSON) {
            st.last_person = own[i];
            st.person_sent = i;
            st.spoke = true;
            if (!a->by_action) {
                st.speaker = own[i];
                st.speaker_sent = i;
            }
        } else if (own[i]) {
            st.last_org = own[i];
        }
    }
    free(turn_who);
    free(ans);
    free(author);
}

/* Give every sentence of a quotation the speaker found in any of them, and
 * a quotation standing alone the speaker of the quotation before it. */
void at_spread_quotes(const article *a, const char **src, const char **rule)
{
    for (size_t i = 0; i < a->ns;) {
        size_t j = i;
        while (j + 1 < a->ns && a->sn[j].q_end && a->sn[j + 1].q_start)
            j++;
        const char *who = NULL, *why = "quote: current speaker";
        for (size_t k = i; k <= j && who == NULL; k++)
            who = src[k];
        const asent *sn = &a->sn[i];
        bool opens = sn->t1 > sn->t0 && (a->t[sn->t0].flags & F_QOPEN);
        if (who == NULL && opens && i > 0 &&
            (a->sn[i - 1].has_quote ||
             (a->sn[i - 1].t1 > a->sn[i - 1].t0 && is_punct(a, a->sn[i - 1].t1 - 1, ':')))) {
            who = src[i - 1]; /* [quote-after-colon] "Guo said:" then the quotation */
            why = "quote after its speaker";
        }
        if (j > i || (src[i] == NULL && opens))
            for (size_t k = i; k <= j; k++) {
                if (src[k] != who)
                    rule[k] = who ? why : NULL;
                src[k] = who;
            }
        i = j + 1;
    }
}
