/*
 * treaty_groups.c: names of one treaty.  Acronyms are matched to the names
 * they abbreviate ("New START" and "the New Strategic Arms Reduction
 * Treaty"), short names to their long forms ("the Paris Agreement" and
 * "the Paris climate agreement"); names of one treaty share a union-find
 * root, the fullest name, which is what is reported.  Acronyms written
 * alone are then resolved to their treaty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attrib_impl.h"

size_t at_count_words(const char *s)
{
    size_t n = 0;
    for (bool in = false; *s; s++) {
        if (*s != ' ' && !in)
            n++;
        in = *s != ' ';
    }
    return n;
}

/* The i-th word of s: sets *w and returns its length. */
size_t at_nth_word(const char *s, size_t i, const char **w)
{
    size_t k = 0, n;
    for (const char *b; (b = at_next_word(&s, &n)) != NULL;)
        if (k++ == i) {
            *w = b;
            return n;
        }
    *w = s;
    return 0;
}

static bool link_word(const char *w, size_t n)
{
    return in_list_n(w, n, treaty_links) || in_list_n(w, n, name_links) ||
           (n == 3 && strncasecmp(w, "and", 3) == 0);
}

/* Do the words of long_ from *pj on spell acronym w[0..n)?  Connectors may
 * be skipped; *pj advances past the words used. */
bool at_spells(const char *long_, size_t *pj, size_t nwords, const char *w, size_t n)
{
    size_t j = *pj;
    for (size_t c = 0; c < n; c++) {
        const char *x;
        size_t xn = at_nth_word(long_, j, &x);
        while (j < nwords && link_word(x, xn) && (x[0] | 0x20) != (w[c] | 0x20))
            xn = at_nth_word(long_, ++j, &x);
        if (j >= nwords || (x[0] | 0x20) != (w[c] | 0x20))
            return false;
        /* Non-Proliferation: a hyphenated word may give two letters */
        const char *h = memchr(x, '-', xn);
        if (h && c + 1 < n && h + 1 < x + xn && (h[1] | 0x20) == (w[c + 1] | 0x20))
            c++;
        j++;
    }
    *pj = j;
    return true;
}

bool at_word_is_acronym(const char *w, size_t n)
{
    if (n < 2)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(w[i] >= 'A' && w[i] <= 'Z'))
            return false;
    return true;
}

/* Is short_ long_ with acronyms expanded (New START = New Strategic Arms
 * Reduction Treaty)? */
static bool expands_to(const char *short_, const char *long_)
{
    bool any = false; /* most names hold no acronym: skip the word walk */
    for (const char *p = short_; *p && !any; p++)
        any = p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z';
    if (!any)
        return false;
    size_t ns = at_count_words(short_), nl = at_count_words(long_), j = 0;
    bool used = false;
    for (size_t i = 0; i < ns; i++) {
        const char *w, *x;
        size_t wn = at_nth_word(short_, i, &w), xn = at_nth_word(long_, j, &x);
        if (at_word_is_acronym(w, wn) && !(xn == wn && strncasecmp(w, x, wn) == 0)) {
            if (!at_spells(long_, &j, nl, w, wn))
                return false;
            used = true;
        } else if (j < nl && xn == wn && strncasecmp(w, x, wn) == 0) {
            j++;
        } else {
            return false;
        }
    }
    return used && j == nl;
}

/* Is short_ a word-boundary prefix of long_ followed by a connector
 * (Oslo Protocol / Oslo Protocol on Forest Finance), or a suffix of two
 * words or more (Steel Quota Arrangement)? */
static bool affix_of(const char *short_, const char *long_)
{
    size_t ns = strlen(short_), nl = strlen(long_);
    if (ns >= nl)
        return false;
    if (strncasecmp(short_, long_, ns) == 0 && long_[ns] == ' ') {
        const char *w;
        size_t wn = at_nth_word(long_ + ns, 0, &w);
        return in_list_n(w, wn, treaty_links);
    }
    return at_count_words(short_) >= 2 && long_[nl - ns - 1] == ' ' &&
           strcasecmp(long_ + nl - ns, short_) == 0;
}

/* Do two names share a distinctive word (for headlines in capitals)? */
static bool share_word(const char *x, const char *y)
{
    size_t nx = at_count_words(x), ny = at_count_words(y);
    for (size_t i = 0; i < nx; i++) {
        const char *w;
        size_t wn = at_nth_word(x, i, &w);
        if (wn < 4 || in_list_n(w, wn, treaty_words) || in_list_n(w, wn, caps_stop) ||
            link_word(w, wn))
            continue;
        for (size_t j = 0; j < ny; j++) {
            const char *v;
            size_t vn = at_nth_word(y, j, &v);
            if (vn == wn && strncasecmp(v, w, wn) == 0)
                return true;
        }
    }
    return false;
}

/* One bit per distinctive word of name, as share_word counts them. */
uint64_t at_distinctive_bits(const char *name)
{
    uint64_t bits = 0;
    size_t n;
    for (const char *w; (w = at_next_word(&name, &n)) != NULL;)
        if (n >= 4 && !in_list_n(w, n, treaty_words) && !in_list_n(w, n, caps_stop) &&
            !link_word(w, n))
            bits |= (uint64_t)1 << (at_hash_ci(w, n) & 63);
    return bits;
}

static bool same_treaty(const tname *x, const tname *y)
{
    if (x->gaz != 0 && x->gaz == y->gaz)
        return true;
    if (x->weak || y->weak)
        return (x->bits & y->bits) != 0 && share_word(x->name, y->name);
    if ((x->acro && strcmp(x->acro, y->name) == 0) || (y->acro && strcmp(y->acro, x->name) == 0))
        return true;
    if (x->acro && y->acro && strcmp(x->acro, y->acro) == 0)
        return true;
    return expands_to(x->name, y->name) || expands_to(y->name, x->name) ||
           affix_of(x->name, y->name) || affix_of(y->name, x->name);
}

size_t at_tn_root(article *a, size_t i)
{
    while (a->tn[i].parent != i) {
        a->tn[i].parent = a->tn[a->tn[i].parent].parent;
        i = a->tn[i].parent;
    }
    return i;
}

/* Better of two names for the output: strong over weak, then more words. */
static bool better_name(const tname *x, const tname *y)
{
    if (x->weak != y->weak)
        return !x->weak;
    if (x->gaz && y->gaz) { /* the name the article writes most, over the agreement's */
        if (x->rank != y->rank)
            return x->rank < y->rank;
        if (x->uses != y->uses)
            return x->uses > y->uses;
    }
    size_t wx = at_count_words(x->name), wy = at_count_words(y->name);
    if (wx != wy)
        return wx > wy;
    return strlen(x->name) > strlen(y->name);
}

/* Group the treaty names; each group's root holds its best name. */
void at_group_treaties(article *a)
{
    for (size_t i = 0; i < a->ntn; i++)
        for (size_t j = i + 1; j < a->ntn; j++) {
            size_t ri = at_tn_root(a, i), rj = at_tn_root(a, j);
            if (ri == rj || !same_treaty(&a->tn[i], &a->tn[j]))
                continue;
            if (a->tn[j].weak && !a->tn[i].weak && ri != i)
                continue;
            if ((a->tn[i].weak || a->tn[j].weak) && !a->tn[ri].weak && !a->tn[rj].weak)
                continue; /* a descriptive name does not join two named treaties */
            if (better_name(&a->tn[rj], &a->tn[ri]))
                a->tn[ri].parent = rj;
            else
                a->tn[rj].parent = ri;
        }
    for (size_t i = 0; i < a->ntn; i++) {
        size_t r = at_tn_root(a, i);
        if (better_name(&a->tn[i], &a->tn[r])) {
            a->tn[r].parent = i;
            a->tn[i].parent = i;
        }
    }
}

/* An acronym a treaty may be called by: one defined for it, or the
 * initials of its name from some word to the end (START for the New
 * Strategic Arms Reduction Treaty). */
enum { ACRO_KEY = 16 }; /* longest acronym, with its NUL */

typedef struct acro_entry {
    char key[ACRO_KEY];
    size_t tn;
    int defined;   /* 1 for a defined acronym, which wins over initials */
} acro_entry;

typedef struct acro_table {
    acro_entry *v;
    size_t n, cap;
} acro_table;

static void acro_add(article *a, acro_table *t, const char *key, size_t n, size_t tn, int def)
{
    if (n < 2 || n >= sizeof t->v->key || !grow(a, (void **)&t->v, &t->cap, t->n, sizeof *t->v))
        return;
    acro_entry *e = &t->v[t->n++];
    memcpy(e->key, key, n);
    e->key[n] = '\0';
    e->tn = tn;
    e->defined = def;
}

static char upper_ascii(char c)
{
    return (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
}

/* The space-separated words of a name, split once, with whether each is
 * a link word.  Names are runs of at most MAX_TREATY_TOKENS tokens; a
 * longer one would give the initials of its first MAX_NAME_WORDS words. */
enum { MAX_NAME_WORDS = 64 };
typedef struct name_words {
    const char *w[MAX_NAME_WORDS];
    size_t n[MAX_NAME_WORDS];
    bool link[MAX_NAME_WORDS];
    size_t count;
} name_words;

static void split_name(const char *name, name_words *nw)
{
    nw->count = 0;
    size_t n;
    for (const char *b; nw->count < MAX_NAME_WORDS && (b = at_next_word(&name, &n)) != NULL;) {
        nw->w[nw->count] = b;
        nw->n[nw->count] = n;
        nw->link[nw->count] = link_word(b, n);
        nw->count++;
    }
}

/* Initials of the words of a name from word `from` on, upper-cased into
 * out (cap bytes); the first word gives its first `lead` letters (START:
 * STrategic Arms Reduction Treaty), links ("of") count or not, and
 * hyphenated parts ("Non-Proliferation") give a letter each or not. */
static size_t initials(const name_words *nw, size_t from, size_t lead, bool links, bool hyphens,
                       char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = from; i < nw->count && n + 1 < cap; i++) {
        const char *w = nw->w[i];
        size_t wn = nw->n[i];
        if (!links && nw->link[i])
            continue;
        if (i == from && lead > 1) {
            if (wn < lead)
                return 0;
            for (size_t k = 0; k + 1 < lead && n + 1 < cap; k++)
                out[n++] = upper_ascii(w[k]);
        }
        out[n++] = upper_ascii(w[i == from && lead > 1 ? lead - 1 : 0]);
        for (size_t k = 1; hyphens && k + 1 < wn && n + 1 < cap; k++)
            if (w[k] == '-')
                out[n++] = upper_ascii(w[k + 1]);
    }
    out[n] = '\0';
    return n;
}

static int acro_cmp(const void *x, const void *y)
{
    const acro_entry *p = x, *q = y;
    int c = strcmp(p->key, q->key);
    if (c != 0)
        return c;
    if (p->defined != q->defined)
        return q->defined - p->defined;
    return p->tn < q->tn ? -1 : p->tn > q->tn;
}

static void build_acro_table(article *a, acro_table *t)
{
    char buf[16];
    for (size_t i = 0; i < a->ntn && !a->oom; i++) {
        const tname *x = &a->tn[i];
        if (x->acro)
            acro_add(a, t, x->acro, strlen(x->acro), i, 1);
        if (x->weak)
            continue;
        name_words nw;
        split_name(x->name, &nw);
        for (size_t from = 0; from + 1 < nw.count; from++)
            for (int v = 0; v < 12; v++) {
                size_t n = initials(&nw, from, 1 + (size_t)v / 4, v & 1, v & 2, buf, sizeof buf);
                if (n >= 3) /* two letters ("PA") collide too easily */
                    acro_add(a, t, buf, n, i, 0);
            }
    }
    if (t->n > 1)
        qsort(t->v, t->n, sizeof *t->v, acro_cmp);
}

/* The treaty acronym token k stands for, or -1. */
static long acro_lookup(const article *a, const acro_table *t, size_t k)
{
    char key[ACRO_KEY];
    size_t n = tlen(a, k);
    if (n >= sizeof key)
        return -1;
    memcpy(key, ttext(a, k), n);
    key[n] = '\0';
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(t->v[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->n && strcmp(t->v[lo].key, key) == 0 ? (long)t->v[lo].tn : -1;
}

/* Could token k be a treaty acronym not yet part of a treaty name: in
 * capitals, short enough for a key? */
static bool acronym_candidate(const article *a, size_t k)
{
    return (a->t[k].flags & F_UPPER) && !(a->t[k].flags & F_TREATY) && tlen(a, k) < ACRO_KEY;
}

/* Acronyms of treaties used on their own: JCPOA, or START in New START. */
void at_collect_acronym_refs(article *a)
{
    /* most articles have no token an acronym could match: then the table
     * of every name's initials need not be built */
    size_t k = 0;
    while (k < a->nt && !acronym_candidate(a, k))
        k++;
    if (k == a->nt)
        return;
    acro_table t = {NULL, 0, 0};
    build_acro_table(a, &t);
    for (size_t si = 0; si < a->ns && !a->oom && t.n > 0; si++) {
        const asent *sn = &a->sn[si];
        for (size_t k = sn->t0; k < sn->t1; k++) {
            if (!acronym_candidate(a, k))
                continue;
            long tn = acro_lookup(a, &t, k);
            if (tn >= 0) {
                at_add_tref(a, si, k, tn);
                a->t[k].flags |= F_TREATY;
            }
        }
    }
    free(t.v);
}
