/*
 * names.c: capitalisation and name runs.  Which capitals mean something:
 * a word capitalised only because it opens a sentence, quotation or clause
 * is common unless the article writes it capitalised elsewhere; a headline
 * in capitals or title case shouts.  Then each sentence's runs of name
 * words ("Secretary General Jens Stoltenberg", "Ministry of Foreign
 * Affairs") become mentions of people and organisations, titles stripped
 * and roles ("spokesman") remembered.  Also the word hashes and word sets
 * the other passes use.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attrib_impl.h"

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* Case-insensitive (ASCII) hash of w[0..n). */
uint64_t at_hash_ci(const char *w, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 1099511628211ull;
    }
    return h;
}

/* Hashes of the first and last space-separated words of name. */
void at_edge_hashes(const char *name, size_t len, uint64_t *first, uint64_t *last)
{
    const char *sp = memchr(name, ' ', len), *lp = name + len;
    while (lp > name && lp[-1] != ' ')
        lp--;
    *first = at_hash_ci(name, sp ? (size_t)(sp - name) : len);
    *last = at_hash_ci(lp, (size_t)(name + len - lp));
}

/* The next space-separated word of *s: its start, with its length in *n,
 * or NULL at the end.  *s moves past it. */
const char *at_next_word(const char **s, size_t *n)
{
    const char *p = *s;
    while (*p == ' ')
        p++;
    const char *b = p;
    while (*p && *p != ' ')
        p++;
    *s = p;
    *n = (size_t)(p - b);
    return p > b ? b : NULL;
}

/* One bit per distinct word hash of the space-separated words of s. */
static uint64_t word_bits(const char *s)
{
    uint64_t bits = 0;
    size_t n;
    for (const char *b; (b = at_next_word(&s, &n)) != NULL;)
        bits |= (uint64_t)1 << (at_hash_ci(b, n) & 63);
    return bits;
}

/* Fill w with the distinct words of the tokens that keep selects. */
void at_wset_build(article *a, wset *w, bool (*keep)(const article *, size_t))
{
    size_t n = 0;
    for (size_t i = 0; i < a->nt; i++)
        n += keep(a, i);
    w->cap = 16;
    while (w->cap < 2 * n + 16)
        w->cap *= 2;
    w->slot = calloc(w->cap, sizeof *w->slot);
    if (w->slot == NULL) {
        a->oom = true;
        return;
    }
    for (size_t i = 0; i < a->nt; i++) {
        if (!keep(a, i))
            continue;
        size_t h = (size_t)hash_bytes(ttext(a, i), tlen(a, i)) & (w->cap - 1);
        while (w->slot[h] != 0) {
            size_t o = w->slot[h] - 1;
            if (tlen(a, o) == tlen(a, i) && memcmp(ttext(a, o), ttext(a, i), tlen(a, i)) == 0)
                break;
            h = (h + 1) & (w->cap - 1);
        }
        w->slot[h] = i + 1;
    }
}

bool at_wset_has(const article *a, const wset *w, const char *s, size_t n)
{
    if (w->slot == NULL)
        return false;
    size_t h = (size_t)hash_bytes(s, n) & (w->cap - 1);
    while (w->slot[h] != 0) {
        size_t o = w->slot[h] - 1;
        if (tlen(a, o) == n && memcmp(ttext(a, o), s, n) == 0)
            return true;
        h = (h + 1) & (w->cap - 1);
    }
    return false;
}

/* Does the lower-case form of capitalised token i appear in the article? */
static bool seen_lower(const article *a, size_t i)
{
    char buf[64];
    size_t n = tlen(a, i);
    if (n >= sizeof buf - 4)
        return false;
    int32_t cp;
    size_t k = decode_at(ttext(a, i), 0, n, &cp);
    utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)buf);
    if (m <= 0)
        return false;
    memcpy(buf + m, ttext(a, i) + k, n - k);
    return at_wset_has(a, &a->lower, buf, (size_t)m + n - k);
}

/* Flag the words that open a sentence, a quotation or a clause after a
 * colon, where a capital says nothing. */
void at_mark_initial(article *a, const asent *sn)
{
    bool initial = true;
    for (size_t i = sn->t0; i < sn->t1; i++) {
        atok *t = &a->t[i];
        if (t->flags & F_WORD) {
            if (initial)
                t->flags |= F_INITIAL;
            initial = false;
        } else if (t->flags & F_QOPEN || t->p == ':' || t->p == '-' || t->p == '(') {
            initial = true;
        }
    }
}

bool at_keep_inner_caps(const article *a, size_t i)
{
    return (a->t[i].flags & (F_WORD | F_CAP | F_INITIAL)) == (F_WORD | F_CAP);
}

/* A capitalised plural of a noun for people opening a sentence and never
 * capitalised elsewhere ("Observers noted", "Economists said") is a
 * common noun; "Klaus" and "James" are not plurals of that shape. */
static bool initial_plural(const article *a, size_t i)
{
    static const char *const endings[] = {
        "ers", "ors", "ists", "ysts", "ants", "ents", "ians", "ics", "als", "ats", "rts",
        "ees", "ives", NULL};
    const char *w = ttext(a, i);
    size_t n = tlen(a, i);
    if (n < 5 || at_wset_has(a, &a->caps, w, n))
        return false;
    for (const char *const *e = endings; *e; e++) {
        size_t k = strlen(*e);
        if (strncmp(w + n - k, *e, k) == 0)
            return true;
    }
    return false;
}

/* [opener-not-name] A capitalised participle opening a sentence and never
 * capitalised elsewhere ("Echoing", "Regarding", "Published") is an
 * ordinary word, as are the opening words above it; so is a weekday
 * ("Thursday's vote"). */
static bool initial_participle(const article *a, size_t i)
{
    const char *w = ttext(a, i);
    size_t n = tlen(a, i);
    if (n < 5 || at_wset_has(a, &a->caps, w, n))
        return false;
    if (strncmp(w + n - 3, "ing", 3) != 0 && strncmp(w + n - 2, "ed", 2) != 0)
        return false;
    /* followed by an object or a date, not a verb: "Echoing the", "Published 22",
     * "Regarding Iran," but "Beijing welcomes" */
    size_t k = i + 1;
    if (k >= a->nt)
        return false;
    if (a->t[k].p == ',' || is_digit(peek(ttext(a, k), 0, tlen(a, k))))
        return true;
    return win(a, k, definites) || weq(a, k, "a") || weq(a, k, "an") ||
           ((win(a, k, prepositions) || weq(a, k, "about")) && !weq(a, k, "on") &&
            !weq(a, k, "in"));
}

/* Mark opening capitalised words that are ordinary words. */
void at_mark_common(article *a, const asent *sn)
{
    for (size_t i = sn->t0; i < sn->t1; i++) {
        atok *t = &a->t[i];
        if ((t->flags & F_INITIAL) && (t->flags & F_CAP) && !(t->flags & F_UPPER) &&
            (win(a, i, function_words) || seen_lower(a, i) || initial_plural(a, i) ||
             initial_participle(a, i) || win(a, i, weekdays)))
            t->flags |= F_COMMON;
    }
}

/* A headline in capitals or in title case: capitals say nothing there.
 * Title case: most words capitalised and every lower-case one a function
 * word ("Reagan Orders Tariffs on Japanese Electronics in Chip Pact
 * Dispute"). */
bool at_detect_shout(const article *a, const asent *sn)
{
    size_t words = 0, upper = 0, caps = 0, fcaps = 0, uncapped = 0;
    bool plain_lower = false;
    for (size_t i = sn->t0; i < sn->t1; i++) {
        if (!(a->t[i].flags & F_WORD) || !text_is_letter(peek(ttext(a, i), 0, tlen(a, i))))
            continue;
        words++;
        /* more than 3 in 10 of the tokens without a capital: neither test
         * below can pass (words <= tokens), so prose stops here */
        if (!(a->t[i].flags & F_CAP) && ++uncapped * 10 > 3 * (sn->t1 - sn->t0))
            return false;
        upper += (a->t[i].flags & F_UPPER) != 0 || (tlen(a, i) == 1 && (a->t[i].flags & F_CAP));
        caps += (a->t[i].flags & F_CAP) != 0;
        if (i > sn->t0 && (a->t[i].flags & F_CAP) && win(a, i, function_words))
            fcaps++;
        if (is_lowerword(a, i) && !win(a, i, function_words) && !win(a, i, prepositions))
            plain_lower = true;
    }
    if (words < 3)
        return false;
    if (upper * 10 >= words * 8)
        return true;
    return caps * 10 >= words * 7 && (fcaps >= 1 || (words >= 5 && !plain_lower));
}

/* ------------------------------------------------------------ name runs */

/* Does the run starting at token i (a name word) continue through "and"
 * into an organisation name (Japan Iron and Steel Federation)? */
static bool and_joins_org(const article *a, size_t i, size_t end)
{
    for (size_t j = i; j < end && is_nameword(a, j); j++)
        if (win(a, j, org_words))
            return true;
    return false;
}

/* May the run [i, b) go on through link word b to the name word at n?
 * "of" and "for" join institutions and places (Ministry of Foreign
 * Affairs, Kingdom of Sweden), not a person to an employer (Prof. Liu
 * Jianguo of the Institute ...). */
static bool link_ok(const article *a, size_t i, size_t b, size_t n, size_t end)
{
    if (weq(a, b, "and")) {
        for (size_t k = i; k + 1 < b; k++)
            if (win(a, k, org_words) && (weq(a, k + 1, "of") || weq(a, k + 1, "for")))
                return true; /* Ministry of International Trade and Industry */
        return and_joins_org(a, n, end);
    }
    if (!win(a, b, name_links) || weq(a, b, "the"))
        return false;
    if (!weq(a, b, "of") && !weq(a, b, "for"))
        return is_lowerword(a, b); /* de, van, bin, al */
    if (b - i == 1)
        return true;
    for (size_t k = i; k < b; k++)
        if (win(a, k, org_words) || win(a, k, geo_words))
            return true;
    return false;
}

/* The end of the name run starting at name word i, within [i, end). */
static size_t run_end(const article *a, size_t i, size_t end)
{
    size_t b = i + 1;
    while (b < end && b - i < MAX_NAME_TOKENS && !(a->t[b].flags & F_TREATY)) {
        unsigned pf = a->t[b - 1].flags;
        if ((pf & F_POSS) && !((pf & F_PLPOSS) && is_nameword(a, b)))
            break;
        if (is_nameword(a, b)) {
            b++;
            continue;
        }
        size_t n = b + 1;
        if ((weq(a, b, "of") || weq(a, b, "for")) && weq(a, n, "the"))
            n++;
        if (n < end && is_nameword(a, n) && !(a->t[n].flags & F_TREATY) &&
            link_ok(a, i, b, n, end)) {
            b = n + 1;
            continue;
        }
        break;
    }
    return b;
}

static void append_lower(char *dst, size_t cap, const char *w, size_t n)
{
    size_t used = strlen(dst);
    if (used + n + 2 > cap)
        return;
    if (used)
        dst[used++] = ' ';
    for (size_t i = 0; i < n; i++)
        dst[used++] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
    dst[used] = '\0';
}

bool at_is_title(const article *a, size_t i)
{
    return (a->t[i].flags & (F_CAP | F_UPPER)) && win(a, i, titles);
}

/* Strip the titles from run r if it is a titled person ("NATO Secretary
 * General Jens Stoltenberg"); true if it is. */
static bool strip_titles(const article *a, arun *r, char *role, size_t rolecap)
{
    size_t last = r->b;
    for (size_t i = r->a; i < r->b; i++)
        if (at_is_title(a, i))
            last = i;
    if (last == r->b)
        return false;
    size_t n = last + 1;
    if (weq(a, n, "of") && n + 2 < r->b && is_nameword(a, n + 1))
        n += 2; /* Secretary of State Antony Blinken */
    if (n >= r->b || !is_nameword(a, n))
        return false;
    for (size_t k = n; k < r->b; k++)
        if (win(a, k, org_words) || weq(a, k, "of") || weq(a, k, "for"))
            return false;
    for (size_t k = r->a; k <= last; k++)
        if (at_is_title(a, k) || win(a, k, title_modifiers))
            append_lower(role, rolecap, ttext(a, k), tlen(a, k));
    r->na = n;
    r->kind = K_PERSON;
    return true;
}

/* [name-after-body] "Chairman of the Duma Committee on International
 * Affairs Leonid Slutsky", "Head of the ... Commission Ebrahim Azizi": two
 * or three plain name words after the last organisation word are a person
 * whose role is the rest. */
static bool person_after_org(const article *a, arun *r, char *role, size_t rolecap)
{
    size_t k = r->b;
    while (k > r->a && !win(a, k - 1, org_words))
        k--;
    if (k == r->a || r->b - k < 2 || r->b - k > 3 ||
        !(at_is_title(a, r->a) || weq(a, r->a, "head")))
        return false;
    for (size_t i = k; i < r->b; i++)
        if ((a->t[i].flags & F_UPPER) || win(a, i, geo_words) || win(a, i, titles) ||
            win(a, i, months) || win(a, i, weekdays))
            return false;
    for (size_t i = r->a; i < k; i++)
        append_lower(role, rolecap, ttext(a, i), tlen(a, i));
    r->na = k;
    r->kind = K_PERSON;
    return true;
}

/* Classify run r: strip titles from a person's name and say whether it
 * names a person or an organisation.  A run of titles alone ("The
 * Speaker") names nobody: na == nb. */
static void classify_run(const article *a, arun *r, char *role, size_t rolecap)
{
    bool org = false, geo = false, acro = false, only_titles = true;
    r->na = r->a;
    r->nb = r->b;
    if (strip_titles(a, r, role, rolecap))
        return;
    for (size_t i = r->a; i < r->b; i++) {
        org |= win(a, i, org_words);
        geo |= win(a, i, geo_words) || win(a, i, months) || win(a, i, weekdays);
        acro |= (a->t[i].flags & F_UPPER) != 0;
        only_titles &= at_is_title(a, i) || win(a, i, title_modifiers);
    }
    size_t n = r->b - r->a;
    if (org && person_after_org(a, r, role, rolecap))
        return;
    if (only_titles) {
        for (size_t i = r->a; i < r->b; i++)
            append_lower(role, rolecap, ttext(a, i), tlen(a, i));
        r->na = r->nb;
        r->kind = K_PERSON;
    } else if (!org && !geo && !acro && n >= 2 && n <= 5) {
        r->kind = K_PERSON;
    } else if (!org && !geo && !acro && n == 1 && r->a > 0 && win(a, r->a - 1, role_nouns)) {
        r->kind = K_PERSON;
    } else {
        r->kind = K_ORG;
    }
}

/* Join tokens [i, j) with single spaces into a new string. */
char *at_join_tokens(article *a, size_t i, size_t j)
{
    size_t n = 0;
    for (size_t k = i; k < j; k++)
        n += tlen(a, k) + 1;
    char *out = malloc(n + 1);
    if (out == NULL) {
        a->oom = true;
        return NULL;
    }
    size_t u = 0;
    for (size_t k = i; k < j; k++) {
        if (u)
            out[u++] = ' ';
        memcpy(out + u, ttext(a, k), tlen(a, k));
        u += tlen(a, k);
    }
    out[u] = '\0';
    return out;
}

/* The role a person is given around run r: a lower-case noun just before
 * it ("spokesman Dmitry Peskov"), or in an appositive on either side. */
static void run_roles(const article *a, const asent *sn, const arun *r, char *role,
                      size_t cap)
{
    if (r->a > sn->t0 && win(a, r->a - 1, role_nouns))
        append_lower(role, cap, ttext(a, r->a - 1), tlen(a, r->a - 1));
    if (r->b < sn->t1 && is_punct(a, r->b, ',')) {
        for (size_t i = r->b + 1; i < sn->t1 && i < r->b + 12 && !is_punct(a, i, ','); i++)
            if (win(a, i, role_nouns)) {
                append_lower(role, cap, ttext(a, i), tlen(a, i));
                break;
            }
    }
    if (r->a >= sn->t0 + 2 && is_punct(a, r->a - 1, ',') && win(a, r->a - 2, role_nouns))
        append_lower(role, cap, ttext(a, r->a - 2), tlen(a, r->a - 2));
}


static void add_mention(article *a, size_t si, arun *r, const char *role)
{
    if (a->nm >= MAX_MENTIONS || r->nb <= r->na ||
        !grow(a, (void **)&a->m, &a->mcap, a->nm, sizeof *a->m))
        return;
    mention *m = &a->m[a->nm];
    m->name = at_join_tokens(a, r->na, r->nb);
    if (m->name == NULL)
        return;
    m->len = strlen(m->name);
    m->words = at_count_words(m->name);
    at_edge_hashes(m->name, m->len, &m->first, &m->last);
    m->sent = si;
    m->kind = r->kind;
    size_t rn = strnlen(role, sizeof m->role - 1);
    memcpy(m->role, role, rn);
    m->role[rn] = '\0';
    m->name_words = word_bits(m->name);
    m->role_words = word_bits(m->role);
    r->mention = (long)a->nm++;
}

/* Find the name runs of sentence si and record the entities they name. */
void at_collect_runs(article *a, size_t si)
{
    asent *sn = &a->sn[si];
    sn->r0 = a->nr;
    for (size_t i = sn->t0; i < sn->t1 && !a->oom;) {
        if (!is_nameword(a, i) || (a->t[i].flags & F_TREATY)) {
            i++;
            continue;
        }
        size_t b = run_end(a, i, sn->t1);
        if (!grow(a, (void **)&a->r, &a->rcap, a->nr, sizeof *a->r))
            return;
        arun *r = &a->r[a->nr++];
        *r = (arun){.a = i, .b = b, .mention = -1};
        char role[64] = "";
        classify_run(a, r, role, sizeof role);
        if (r->kind == K_PERSON)
            run_roles(a, sn, r, role, sizeof role);
        if (!sn->shout && !(a->t[i].flags & F_INQ))
            add_mention(a, si, r, role);
        i = b;
    }
    sn->r1 = a->nr;
}

/* The run of sentence sn holding token i, or NULL. */
arun *at_run_at(const article *a, const asent *sn, size_t i)
{
    for (size_t k = sn->r0; k < sn->r1; k++)
        if (a->r[k].a <= i && i < a->r[k].b)
            return &a->r[k];
    return NULL;
}
