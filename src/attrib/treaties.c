/*
 * treaties.c: treaty names as written.  A run holding a treaty word
 * (Treaty, Accord, Pact ...) with its connectors ("Treaty *of* Alliance"),
 * an acronym defined for one ("(JCPOA)"), a name in a headline in capitals,
 * a descriptive name in lower case ("the grain deal"), and every form of
 * the gazetteer (treaty_gazetteer.c: names, short names, acronyms,
 * aliases) become treaty names, each use remembered as a reference by
 * sentence and token.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attrib_impl.h"
#include "treaty_gazetteer.h"

static bool is_treaty_word(const article *a, size_t i)
{
    return (a->t[i].flags & (F_CAP | F_UPPER)) && win(a, i, treaty_words);
}

/* Is the name word at n a place to stop a treaty name (a date)? */
static bool date_word(const article *a, size_t n)
{
    return win(a, n, months) || win(a, n, weekdays);
}

/* The end of a capitalised stretch from n (words joined by "and", "of
 * the", and treaty words: the Protocol to the North Atlantic Treaty). */
static size_t treaty_stretch(const article *a, size_t n, size_t end)
{
    while (n < end && !date_word(a, n)) {
        if (is_nameword(a, n)) {
            if (a->t[n++].flags & F_POSS)
                break;
        } else if ((weq(a, n, "and") || weq(a, n, "of")) && n + 1 < end &&
                   is_nameword(a, n + 1) && !date_word(a, n + 1)) {
            n++;
        } else if (weq(a, n, "of") && weq(a, n + 1, "the") && n + 2 < end &&
                   is_nameword(a, n + 2)) {
            n += 2;
        } else {
            break;
        }
    }
    return n;
}

/* Extend a treaty name forward from token b over "of X", "on the X",
 * "establishing a X".  A stretch after "the" that only modifies a
 * following noun ("on the White House lawn") is not part of the name. */
static size_t treaty_forward(const article *a, size_t b, size_t end)
{
    if (end > b + MAX_TREATY_TOKENS)
        end = b + MAX_TREATY_TOKENS;
    while (b < end && win(a, b, treaty_links)) {
        size_t n = b + 1;
        bool det = weq(a, n, "the") || (weq(a, b, "establishing") && weq(a, n, "a"));
        if (det)
            n++;
        if (n >= end || !is_nameword(a, n) || date_word(a, n))
            break;
        size_t e = treaty_stretch(a, n, end);
        if (det && e < end && is_lowerword(a, e) && !win(a, e, function_words) &&
            !win(a, e, treaty_links) && !win(a, e, prepositions))
            break;
        b = e;
        if (a->t[b - 1].flags & F_POSS)
            break;
    }
    return b;
}

/* The extent [*pa, *pb) of the treaty name around treaty word k of
 * sentence sn; false if the word stands alone ("this Treaty"). */
static bool treaty_extent(const article *a, const asent *sn, size_t k, size_t *pa, size_t *pb)
{
    size_t j = k;
    while (j > sn->t0 && k - j < MAX_NAME_TOKENS) {
        size_t p = j - 1;
        if (is_nameword(a, p) && !(a->t[p].flags & (F_POSS | F_TREATY)) && !date_word(a, p)) {
            j = p;
        } else if (weq(a, p, "and") && p > sn->t0 && is_nameword(a, p - 1) &&
                   !is_treaty_word(a, p - 1) && !(a->t[p - 1].flags & F_POSS)) {
            j = p - 1;
        } else {
            break;
        }
    }
    size_t b = k + 1;
    if (b < sn->t1 && is_nameword(a, b) && win(a, b, org_words))
        return false; /* North Atlantic Treaty Organization */
    if (!(a->t[k].flags & F_POSS))
        b = treaty_forward(a, b, sn->t1);
    *pa = j;
    *pb = b;
    return j < k || b > k + 1;
}


/* Make room in the name table for one more name: rehash when half full. */
static bool tn_table_grow(article *a)
{
    if (2 * (a->ntn + 1) <= a->tn_slots)
        return true;
    size_t cap = a->tn_slots ? 2 * a->tn_slots : 64;
    size_t *slot = calloc(cap, sizeof *slot);
    if (slot == NULL) {
        a->oom = true;
        return false;
    }
    for (size_t i = 0; i < a->ntn; i++) {
        size_t h = (size_t)a->tn[i].hash & (cap - 1);
        while (slot[h] != 0)
            h = (h + 1) & (cap - 1);
        slot[h] = i + 1;
    }
    free(a->tn_slot);
    a->tn_slot = slot;
    a->tn_slots = cap;
    return true;
}

static long add_tname(article *a, char *name, bool weak)
{
    if (name == NULL)
        return -1;
    uint64_t hash = at_hash_ci(name, strlen(name));
    if (!tn_table_grow(a)) {
        free(name);
        return -1;
    }
    size_t h = (size_t)hash & (a->tn_slots - 1);
    for (; a->tn_slot[h] != 0; h = (h + 1) & (a->tn_slots - 1)) {
        tname *t = &a->tn[a->tn_slot[h] - 1];
        if (t->hash == hash && strcasecmp(t->name, name) == 0) {
            t->weak &= weak;
            t->uses++;
            free(name);
            return (long)(a->tn_slot[h] - 1);
        }
    }
    if (a->ntn >= MAX_TNAMES || !grow(a, (void **)&a->tn, &a->tncap, a->ntn, sizeof *a->tn)) {
        free(name);
        return -1;
    }
    a->tn[a->ntn] = (tname){.name = name, .parent = a->ntn, .weak = weak, .uses = 1,
                            .bits = at_distinctive_bits(name), .hash = hash};
    a->tn_slot[h] = a->ntn + 1;
    return (long)a->ntn++;
}

void at_add_tref(article *a, size_t si, size_t pos, long name)
{
    if (name < 0 || !grow(a, (void **)&a->tr, &a->trcap, a->ntr, sizeof *a->tr))
        return;
    a->tr[a->ntr++] = (tref){si, pos, (size_t)name};
}

static int tref_cmp(const void *x, const void *y)
{
    const tref *p = x, *q = y;
    if (p->sent != q->sent)
        return p->sent < q->sent ? -1 : 1;
    return p->pos < q->pos ? -1 : p->pos > q->pos;
}

/* Sort the treaty references into article order and index them by
 * sentence. */
void at_index_trefs(article *a)
{
    if (a->ntr > 1)
        qsort(a->tr, a->ntr, sizeof *a->tr, tref_cmp);
    size_t k = 0;
    for (size_t i = 0; i < a->ns; i++) {
        a->sn[i].tr0 = k;
        while (k < a->ntr && a->tr[k].sent == i)
            k++;
        a->sn[i].tr1 = k;
    }
}

/* Title-case words [i, j) of a headline in capitals into a new string. */
static char *join_titlecase(article *a, size_t i, size_t j)
{
    char *s = at_join_tokens(a, i, j);
    if (s == NULL)
        return NULL;
    bool start = true;
    for (char *p = s; *p; p++) {
        if (*p == ' ') {
            start = true;
        } else {
            if (!start && *p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 32);
            start = false;
        }
    }
    return s;
}

/* Treaty names in a headline in capitals: the treaty word and up to three
 * words before it that are not headline function words. */
static void shout_treaties(article *a, size_t si)
{
    const asent *sn = &a->sn[si];
    for (size_t k = sn->t0; k < sn->t1; k++) {
        if (!win(a, k, treaty_words) || !(a->t[k].flags & F_CAP))
            continue;
        size_t j = k;
        while (j > sn->t0 && k - j < 3 && (a->t[j - 1].flags & F_WORD) &&
               !win(a, j - 1, caps_stop) && !win(a, j - 1, treaty_words) &&
               !win(a, j - 1, speech_verbs))
            j--;
        if (j < k)
            at_add_tref(a, si, j, add_tname(a, join_titlecase(a, j, k + 1), true));
    }
}

/* Record "NAME (ACR)" definitions: for a treaty name directly, otherwise
 * as pending, promoted later if the article calls ACR a treaty. */
static void define_acronym(article *a, size_t na, size_t nb, size_t acr, long tn)
{
    if (tn >= 0) {
        if (a->tn[tn].acro == NULL)
            a->tn[tn].acro = at_join_tokens(a, acr, acr + 1);
        return;
    }
    int32_t c0 = peek(ttext(a, na), 0, tlen(a, na));
    if (c0 != (int32_t)(unsigned char)ttext(a, acr)[0])
        return; /* initials disagree: "(Reuters)" and the like */
    if (a->nad >= MAX_ACRONYMS || !grow(a, (void **)&a->ad, &a->adcap, a->nad, sizeof *a->ad))
        return;
    acrodef *d = &a->ad[a->nad];
    d->acro = at_join_tokens(a, acr, acr + 1);
    d->full = at_join_tokens(a, na, nb);
    if (d->acro && d->full)
        a->nad++;
    else {
        free(d->acro);
        free(d->full);
    }
}

static bool acronym_after(const article *a, const asent *sn, size_t b)
{
    return b + 2 < sn->t1 && is_punct(a, b, '(') && (a->t[b + 1].flags & F_UPPER) &&
           is_punct(a, b + 2, ')');
}

/* A name ending in a lower-case treaty noun, "the EU–Mercosur trade
 * agreement": a capitalised run, at most two lower-case modifiers, then
 * the noun k.  Its start, or k when there is none. */
static size_t soft_name_start(const article *a, const asent *sn, size_t k)
{
    if (!is_lowerword(a, k) || !win(a, k, treaty_nouns) || weq(a, k, "document"))
        return k;
    size_t p = k;
    while (p > sn->t0 && k - p < 2 && is_lowerword(a, p - 1) &&
           !win(a, p - 1, function_words) && !win(a, p - 1, prepositions) &&
           !win(a, p - 1, treaty_nouns) &&
           !win_lexicon(a, p - 1, LEX(speech_verbs) | LEX(action_verbs) | LEX(stance_verbs)))
        p--;
    if (p == sn->t0 || !is_nameword(a, p - 1) || (a->t[p - 1].flags & (F_POSS | F_TREATY)))
        return k;
    size_t j = p - 1;
    while (j > sn->t0 && is_nameword(a, j - 1) && !(a->t[j - 1].flags & F_POSS) &&
           p - j < MAX_NAME_TOKENS)
        j--;
    return j;
}


static bool in_words_list(const char *const *list, const char *w, size_t n);

/* A duration or count ("five-year", "10-year", "three-nation"): no topic. */
static bool numeric_word(const article *a, size_t i)
{
    static const char *const numbers[] = {
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "twelve", "fifteen", "twenty", "thirty", "fifty", "hundred", NULL};
    const char *w = ttext(a, i), *h = memchr(w, '-', tlen(a, i));
    size_t n = h ? (size_t)(h - w) : tlen(a, i);
    return is_digit(peek(w, 0, tlen(a, i))) || in_words_list(numbers, w, n);
}

/* [descriptive] "the border treaty", "its defence pact": one or two
 * modifiers that say what an unnamed treaty is about, after "the" or a
 * possessive.  Its start, or k when it is not such a name. */
static size_t descriptive_start(const article *a, const asent *sn, size_t k)
{
    if (!is_lowerword(a, k) || !win(a, k, treaty_nouns) || weq(a, k, "document") ||
        weq(a, k, "initiative") || weq(a, k, "framework"))
        return k;
    size_t p = k;
    while (p > sn->t0 && k - p < 2 && is_lowerword(a, p - 1) &&
           !win(a, p - 1, function_words) && !win(a, p - 1, prepositions) &&
           !win(a, p - 1, treaty_nouns) && !win(a, p - 1, definites) &&
           !win_lexicon(a, p - 1, LEX(speech_verbs) | LEX(action_verbs) | LEX(stance_verbs)) &&
           !win(a, p - 1, vague_modifiers) &&
           !numeric_word(a, p - 1))
        p--;
    if (p == k || p == sn->t0)
        return k;
    /* after "the", a possessive, or a verb as headlines have it ("ratifies
     * migration protocol") */
    return win(a, p - 1, definites) || (a->t[p - 1].flags & F_POSS) ||
                   (is_lowerword(a, p - 1) &&
                    win_lexicon(a, p - 1, LEX(action_verbs) | LEX(stance_verbs)))
               ? p
               : k;
}

/* Is w[0..n) one of list's words, in any ASCII case? */
static bool in_words_list(const char *const *list, const char *w, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && strncasecmp(*list, w, n) == 0)
            return true;
    return false;
}

static void add_treaty(article *a, size_t si, size_t ta, size_t tb, bool weak)
{
    long tn = add_tname(a, at_join_tokens(a, ta, tb), weak);
    at_add_tref(a, si, ta, tn);
    for (size_t i = ta; i < tb; i++)
        a->t[i].flags |= F_TREATY;
    if (acronym_after(a, &a->sn[si], tb))
        define_acronym(a, ta, tb, tb + 1, tn);
}

/* ---------------------------------------------------- treaty gazetteer */


/* Does token k spell the gazetteer word w[0..n)?  A capital in w must
 * match exactly (acronyms: "START"), a lower-case letter either case;
 * "-" in w matches a hyphen or an en dash. */
static bool gaz_word(const article *a, size_t k, const char *w, size_t n)
{
    const unsigned char *t = (const unsigned char *)ttext(a, k);
    size_t tn = tlen(a, k), i = 0, j = 0;
    while (i < n && j < tn) {
        if (w[i] == '-' && j + 3 <= tn && t[j] == 0xE2 && t[j + 1] == 0x80 &&
            (t[j + 2] == 0x90 || t[j + 2] == 0x91 || t[j + 2] == 0x93)) {
            i++, j += 3;
            continue;
        }
        unsigned char c = (unsigned char)w[i];
        if (c != (c >= 'A' && c <= 'Z' ? t[j] : fold(t[j])))
            return false;
        i++, j++;
    }
    return i == n && j == tn;
}

/* How many tokens from k spell form f, or 0.  Punctuation tokens match
 * their mark; a possessive 's, which tokens leave out, is skipped. */
static size_t gaz_form(const article *a, const asent *sn, size_t k, const char *f)
{
    size_t used = 1; /* the first word matched the key already */
    f = strchr(f, ' ');
    if (f == NULL)
        return 1;
    f++;
    while (*f) {
        const char *sp = strchr(f, ' ');
        size_t n = sp ? (size_t)(sp - f) : strlen(f);
        if (k + used >= sn->t1 || !gaz_word(a, k + used, f, n))
            return 0;
        used++;
        f += n + (sp != NULL);
    }
    return used;
}

/* Index of the first form not below key[0..n) in byte order. */
static size_t gaz_lower_bound(const char *key, size_t n)
{
    size_t lo = 0, hi = treaty_nforms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strncmp(treaty_forms[mid].words, key, n) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The number of words (tokens) of a gazetteer form. */
static size_t form_words(const char *f)
{
    size_t n = 1;
    for (; *f; f++)
        n += *f == ' ';
    return n;
}

/* The longest gazetteer form at token k: its form index, with the number
 * of tokens in *len; -1 if none.  Forms are looked up by the first word
 * as written and in lower case. */
static long gaz_match(const article *a, const asent *sn, size_t k, size_t *len)
{
    char key[2][64];
    size_t n = tlen(a, k);
    long best = -1;
    bool lower_tok = (a->t[k].flags & F_LOWER) != 0;
    *len = 0;
    if (n >= sizeof key[0])
        return -1;
    const unsigned char *t = (const unsigned char *)ttext(a, k);
    size_t m = 0;
    for (size_t i = 0; i < n; i++, m++) { /* dashes as "-", as the forms have them */
        if (i + 2 < n && t[i] == 0xE2 && t[i + 1] == 0x80 &&
            (t[i + 2] == 0x90 || t[i + 2] == 0x91 || t[i + 2] == 0x93)) {
            key[0][m] = '-';
            i += 2;
        } else {
            key[0][m] = (char)t[i];
        }
        key[1][m] = (char)fold((unsigned char)key[0][m]);
    }
    n = m;
    /* capitals past the first letter ("NPT", "JCPoA"): look the word up as
     * written too; otherwise only in lower case */
    bool caps = false;
    for (size_t i = 1; i < n && !caps; i++)
        caps = key[0][i] >= 'A' && key[0][i] <= 'Z';
    for (int v = caps ? 0 : 1; v < 2; v++) {
        for (size_t i = gaz_lower_bound(key[v], n); i < treaty_nforms; i++) {
            const char *f = treaty_forms[i].words;
            if (strncmp(f, key[v], n) != 0)
                break;
            if (f[n] != ' ' && f[n] != '\0')
                continue; /* a longer first word */
            unsigned char sc = f[n] == ' ' ? (unsigned char)f[n + 1] : 0;
            if (sc != 0 && sc < 0x80 &&
                (k + 1 >= sn->t1 || fold((unsigned char)ttext(a, k + 1)[0]) != fold(sc)))
                continue; /* the second word cannot match */
            size_t nwords = form_words(f);
            if ((treaty_forms[i].cap && lower_tok) || nwords < *len || k + nwords > sn->t1)
                continue;
            size_t got = gaz_form(a, sn, k, f);
            if (got > *len || (got == *len && got > 0 && best >= 0 &&
                               treaty_forms[best].kind == TREATY_ACRONYM &&
                               treaty_forms[i].kind != TREATY_ACRONYM)) {
                *len = got;
                best = (long)i;
            }
        }
    }
    return best;
}

/* [gazetteer] Agreements of data/treaties.tsv named in sentence si: a name
 * or short name as written, an acronym or alias (or any form in a headline
 * in capitals) as the agreement's name; all forms of one agreement are one
 * treaty, reported by the name the article writes most, else by the
 * agreement's name. */
static void gazetteer_treaties(article *a, size_t si)
{
    const asent *sn = &a->sn[si];
    for (size_t k = sn->t0; k < sn->t1 && !a->oom; k++) {
        if ((a->t[k].flags & F_TREATY) ||
            !win_lexicon(a, k, (a->t[k].flags & F_LOWER) ? LEX(treaty_lower_first_words)
                                                          : LEX(treaty_first_words)))
            continue;
        size_t n;
        long f = gaz_match(a, sn, k, &n);
        if (f < 0)
            continue;
        if (k + n < sn->t1 && is_nameword(a, k + n) && win(a, k + n, org_words))
            continue; /* North Atlantic Treaty Organization */
        const struct treaty_form *tf = &treaty_forms[f];
        bool canonical = tf->kind == TREATY_ACRONYM || tf->kind == TREATY_ALIAS || sn->shout;
        char *name = canonical ? at_dup_or_oom(a, treaty_entries[tf->treaty].name)
                               : at_join_tokens(a, k, k + n);
        long tn = add_tname(a, name, false);
        if (tn >= 0) {
            unsigned rank = canonical ? 1 : 0;
            if (a->tn[tn].gaz == 0 || rank < a->tn[tn].rank)
                a->tn[tn].rank = rank;
            a->tn[tn].gaz = tf->treaty + 1u;
        }
        at_add_tref(a, si, k, tn);
        for (size_t i = k; i < k + n; i++)
            a->t[i].flags |= F_TREATY;
        if (acronym_after(a, sn, k + n))
            define_acronym(a, k, k + n, k + n + 1, tn);
        k += n - 1;
    }
}

/* Named treaties of sentence si, in order. */
void at_collect_treaties(article *a, size_t si)
{
    const asent *sn = &a->sn[si];
    gazetteer_treaties(a, si);
    if (sn->shout) {
        shout_treaties(a, si);
        return;
    }
    for (size_t k = sn->t0; k < sn->t1 && !a->oom; k++) {
        size_t ta, tb;
        if (a->t[k].flags & F_TREATY)
            continue; /* named by the gazetteer */
        if (!win_lexicon(a, k, LEX(treaty_words) | LEX(treaty_nouns)))
            continue; /* one lookup for the words every rule below needs */
        long g;
        bool phrase = at_phrase_follows(a, k);
        if (phrase && at_known_as_name(a, sn, k, &ta, &tb)) {
            size_t before = a->ntr;
            add_treaty(a, si, ta, tb, false);
            if (a->ntr > before && a->tn[a->tr[before].name].uses == 1)
                a->tn[a->tr[before].name].how = TREF_KNOWN_AS;
            a->t[k].flags |= F_TREATY; /* the noun names it, it does not refer back */
            k = tb - 1;
        } else if (phrase && (g = at_with_party(a, sn, k, &ta, &tb)) >= 0) {
            bool own;
            long tn = add_tname(a, at_party_name(a, g, ta, tb - 2, &own), false);
            if (tn >= 0) {
                if (a->tn[tn].gaz == 0 || own)
                    a->tn[tn].rank = own ? 0 : 1;
                a->tn[tn].gaz = (unsigned)g + 1u;
            }
            if (tn >= 0 && a->tn[tn].uses == 1)
                a->tn[tn].how = TREF_WITH_PARTY;
            at_add_tref(a, si, ta, tn);
            for (size_t i = ta; i < tb; i++)
                a->t[i].flags |= F_TREATY;
            k = tb - 1;
        } else if (is_treaty_word(a, k) && treaty_extent(a, sn, k, &ta, &tb)) {
            add_treaty(a, si, ta, tb, false);
            k = tb - 1;
        } else if ((ta = soft_name_start(a, sn, k)) < k) {
            add_treaty(a, si, ta, k + 1, true);
        } else if ((ta = descriptive_start(a, sn, k)) < k) {
            add_treaty(a, si, ta, k + 1, true);
        }
    }
}

/* Acronyms defined for names without a treaty word. */
void at_collect_other_acronyms(article *a, size_t si)
{
    const asent *sn = &a->sn[si];
    for (size_t k = sn->t0; k + 2 < sn->t1; k++) {
        if (!acronym_after(a, sn, k) || k == sn->t0 || !is_nameword(a, k - 1) ||
            (a->t[k - 1].flags & F_TREATY))
            continue;
        size_t j = k - 1;
        while (j > sn->t0 && k - j < MAX_NAME_TOKENS &&
               (is_nameword(a, j - 1) || (win(a, j - 1, name_links) && j >= sn->t0 + 2 &&
                                          is_nameword(a, j - 2))) &&
               !(a->t[j - 1].flags & F_POSS))
            j--;
        if (!is_nameword(a, j))
            j++;
        define_acronym(a, j, k, k + 1, -1);
    }
}

/* Does the article call acronym token i a treaty: "ACR as a (...)
 * agreement" or "ACR, the (...) deal"? */
static bool called_treaty(const article *a, size_t i, size_t end)
{
    size_t j = i + 1;
    if (!(weq(a, j, "as") || is_punct(a, j, ',')))
        return false;
    j++;
    if (!(weq(a, j, "a") || weq(a, j, "an") || weq(a, j, "the")))
        return false;
    for (size_t k = j + 1; k < end && k <= j + 4; k++) {
        if (win(a, k, treaty_nouns))
            return true;
        if (!is_lowerword(a, k) && !is_nameword(a, k))
            return false;
    }
    return false;
}

static bool acronym_is_treaty(const article *a, const char *acro)
{
    if (in_list_n(acro, strlen(acro), known_acronyms))
        return true;
    size_t n = strlen(acro);
    for (size_t i = 0; i < a->nt; i++)
        if ((a->t[i].flags & F_UPPER) && tlen(a, i) == n && memcmp(ttext(a, i), acro, n) == 0 &&
            called_treaty(a, i, a->nt))
            return true;
    return false;
}

/* Promote pending acronyms that the article treats as treaties; their
 * defining names become treaty names. */
void at_promote_acronyms(article *a)
{
    for (size_t i = 0; i < a->nad && !a->oom; i++) {
        if (!acronym_is_treaty(a, a->ad[i].acro))
            continue;
        char *full = strdup(a->ad[i].full);
        if (full == NULL) {
            a->oom = true;
            return;
        }
        long tn = add_tname(a, full, false);
        if (tn >= 0 && a->tn[tn].acro == NULL) {
            a->tn[tn].acro = a->ad[i].acro;
            a->ad[i].acro = NULL;
        }
    }
}

/* The number of space-separated words in s. */
