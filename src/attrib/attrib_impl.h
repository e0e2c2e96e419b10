/*
 * attrib_impl.h: what the attribution files share (private to src/attrib).
 * The article as the passes see it: its tokens with their flags, its
 * sentences, the capitalised runs and the people and organisations they
 * name (mentions), the treaty names and where they are written; the
 * lexicon of word lists, asked by list name (win, in_list_n); small token
 * tests, inline; and the functions one file offers the others, prefixed
 * at_ and listed by the file that defines them.  attrib.c describes the
 * passes in order.
 */
#ifndef STANCE_ATTRIB_IMPL_H
#define STANCE_ATTRIB_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "text.h"

/* Bounds that keep the quadratic steps cheap on absurd input. */
#define MAX_MENTIONS 4096
#define MENTION_CHAINS 1024
#define MAX_TNAMES 512
#define MAX_NAME_TOKENS 16
#define MAX_ACRONYMS 64
#define MAX_TREATY_TOKENS 40

/* ------------------------------------------------------------ the lexicon */

/* The word lists (lexicon.c), each known by name: bit LX_name of a lexicon
 * mask. */
#define LEXICON(X)                                                                           \
    X(speech_verbs) X(strict_verbs) X(aux_words) X(time_nouns) X(passive_words) X(weekdays)   \
    X(months) X(titles) X(title_modifiers) X(org_words) X(geo_words) X(role_nouns)            \
    X(doc_nouns) X(org_nouns) X(body_nouns) X(prepositions) X(org_preps) X(function_words)    \
    X(colon_labels) X(treaty_words) X(treaty_nouns) X(treaty_plurals) X(indefinites)          \
    X(definites) X(modal_words) X(treaty_links) X(name_links) X(caps_stop) X(known_acronyms)  \
    X(pronouns_person) X(pronouns_thing) X(pronouns_self) X(relatives) X(clause_words)        \
    X(stance_verbs) X(action_verbs) X(people_nouns) X(chain_verbs)          \
    X(data_nouns) X(question_labels) X(answer_labels) X(back_nouns) X(treaty_first_words)     \
    X(treaty_lower_first_words)                                                           \
    X(vague_modifiers) X(signoff_words)

enum lexicon_id {
#define LEX_ID(list) LX_##list,
    LEXICON(LEX_ID)
#undef LEX_ID
    LX_COUNT
};
_Static_assert(LX_COUNT <= 64, "a lexicon mask has 64 bits");

#define LEX(list) ((uint64_t)1 << LX_##list)

/* The lists (as lexicon bits) that hold w[0..n), in any case. */
uint64_t at_lexicon_mask(const char *w, size_t n);

/* ASCII capitals to lower case, every other byte as it is. */
extern const unsigned char at_fold_table[256];

static inline unsigned char fold(unsigned char c) { return at_fold_table[c]; }

/* ------------------------------------------------------------------ types */

enum {
    F_WORD = 1u << 0,   /* letters or digits */
    F_CAP = 1u << 1,    /* starts with a capital */
    F_UPPER = 1u << 2,  /* two or more letters, all capitals */
    F_LOWER = 1u << 3,  /* starts with a lower-case letter */
    F_QOPEN = 1u << 4,  /* opening quotation mark */
    F_QCLOSE = 1u << 5, /* closing quotation mark */
    F_POSS = 1u << 6,   /* followed by a possessive 's, which is not in the token */
    F_INQ = 1u << 7,    /* inside a quotation */
    F_COMMON = 1u << 8, /* capitalised by position only */
    F_TREATY = 1u << 9, /* part of a treaty name */
    F_PLPOSS = 1u << 10, /* a plural possessive, apostrophe kept: Farmers' */
    F_SHOUT = 1u << 11,  /* in a headline whose capitals mean nothing */
    F_INITIAL = 1u << 12 /* first word of a sentence, quotation or clause after a colon */
};

typedef struct atok {
    size_t s, e;     /* bytes of the token */
    unsigned flags;
    char p;          /* the ASCII punctuation mark, '-' for dashes, 0 for words */
    bool lex_done;   /* lex holds the word's lexicon mask */
    uint64_t lex;
} atok;

typedef struct asent {
    size_t t0, t1;       /* tokens [t0, t1) */
    size_t r0, r1;       /* name runs [r0, r1) */
    size_t tr0, tr1;     /* treaty references [tr0, tr1), once sorted */
    bool para;           /* first sentence of a paragraph */
    bool q_start, q_end; /* inside a quotation before the first / after the last token */
    bool has_quote;
    bool shout;          /* capitals carry no meaning: headline in capitals or title case */
} asent;

enum { K_NONE = 0, K_PERSON = 1, K_ORG = 2 };

/* A capitalised run and the entity it names (titles stripped). */
typedef struct arun {
    size_t a, b;        /* tokens [a, b) */
    size_t na, nb;      /* the name inside it */
    int kind;
    long mention;       /* index into mentions, or -1 */
} arun;

typedef struct mention {
    char *name;
    size_t len, words;  /* bytes and words of name */
    uint64_t first, last; /* hashes of the first and last word, any case */
    size_t sent;
    int kind;
    char role[64];      /* lower-case titles and role nouns, space-separated */
    uint64_t name_words, role_words; /* one bit per word hash: a quick "may hold" */
} mention;

/* The mentions of one name (same bytes, same kind): the first one, which
 * stands for all, and their indices at morder[off, off + n), ascending
 * (so in sentence order); chained with other names of the same edge
 * word hash. */
typedef struct mgroup {
    int32_t rep;
    int32_t next_first, next_last;
    uint32_t off, n;
} mgroup;

/* A treaty name as written; names of one treaty share a union-find root. */
typedef struct tname {
    char *name;
    char *acro;         /* acronym defined for it, or NULL */
    size_t parent;
    bool weak;          /* seen only in a headline in capitals */
    unsigned char how;  /* TREF_*: the rule that first found it */
    unsigned gaz;       /* 1 + its index in treaty_entries when the gazetteer named it */
    unsigned rank;      /* gazetteer: 0 a name as written, 1 the agreement's name */
    size_t uses;        /* times the article writes it */
    uint64_t bits;      /* one bit per distinctive word's hash: share_word's quick "no" */
    uint64_t hash;      /* at_hash_ci of name */
} tname;

/* How a treaty name was found, when not by the usual rules. */
enum { TREF_PLAIN, TREF_KNOWN_AS, TREF_WITH_PARTY };

typedef struct tref {
    size_t sent, pos, name;  /* sentence, first token, tname index */
} tref;

/* An open-addressing set of words, each slot a token index + 1. */
typedef struct wset {
    size_t *slot;
    size_t cap;
} wset;

/* A pending acronym defined for a name without a treaty word, such as
 * "Joint Comprehensive Plan of Action (JCPOA)". */
typedef struct acrodef {
    char *acro, *full;
} acrodef;

typedef struct article {
    const char *s;
    size_t len;
    atok *t;
    size_t nt, tcap;
    asent *sn;
    size_t ns;
    arun *r;
    size_t nr, rcap;
    mention *m;
    size_t nm, mcap;
    /* the mentions grouped by name (mentions.c, index_mentions), the
     * groups chained by their first and last word hash, for the first
     * nm_indexed mentions */
    mgroup *mg;
    int32_t *morder;    /* mention indices, each group's in ascending order */
    int32_t head_first[MENTION_CHAINS], head_last[MENTION_CHAINS];
    size_t nm_indexed;
    bool indexed;
    signed char country_seen[16]; /* short_country: full name in the text? 0 unknown */
    tname *tn;
    size_t ntn, tncap;
    size_t *tn_slot;    /* tname index + 1 by case-insensitive name hash */
    size_t tn_slots;
    tref *tr;
    size_t ntr, trcap;
    acrodef *ad;
    size_t nad, adcap;
    wset lower;         /* words seen in lower case */
    wset caps;          /* words seen capitalised where capitals mean something */
    bool speech;        /* the verb whose subject is sought is a speech verb */
    size_t verb;        /* that verb's token, or (size_t)-1 */
    bool by_action;     /* the last source found was an action's subject */
    bool oom;
} article;

/* Outcome of looking for a speaker. */
typedef enum { R_NONE, R_GENERIC, R_FOUND } rkind;

typedef struct sres {
    rkind r;
    char *name;         /* malloc'd when R_FOUND */
    int kind;
    const char *rule;   /* the rule that found it (a static string), or NULL */
} sres;

/* Per-sentence state of the source pass. */
typedef struct sstate {
    const char *last_person;
    size_t person_sent;  /* the sentence last_person spoke in */
    const char *last_org;
    bool spoke;          /* last_person has spoken at all */
    const char *speaker; /* the last person found by speech, not by an action */
    size_t speaker_sent;
} sstate;

/* -------------------------------------------------------------- helpers */

static inline bool grow(article *a, void **v, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = c > SIZE_MAX / elem ? NULL : realloc(*v, c * elem);
    if (p == NULL) {
        a->oom = true;
        return false;
    }
    *v = p;
    *cap = c;
    return true;
}

static inline size_t decode_at(const char *s, size_t i, size_t end, int32_t *cp)
{
    size_t k = i < end ? text_decode((const unsigned char *)s + i, end - i, cp) : 0;
    if (k == 0) {
        *cp = i < end ? 0xFFFD : 0;
        k = 1;
    }
    return k;
}

static inline int32_t peek(const char *s, size_t i, size_t end)
{
    int32_t cp = 0;
    if (i < end)
        decode_at(s, i, end, &cp);
    return cp;
}

/* The character classes are src/text/chars.h's, shared with the splitter
 * and the feature tokenizer. */
static inline bool is_digit(int32_t cp)
{
    return text_is_digit(cp);
}

static inline bool is_wordch(int32_t cp)
{
    return text_is_word_char(cp);
}

static inline const char *ttext(const article *a, size_t i)
{
    return a->s + a->t[i].s;
}

static inline size_t tlen(const article *a, size_t i)
{
    return a->t[i].e - a->t[i].s;
}

static inline int lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
}

/* Is w[0..n) a word of one of the lists in bits (LEX), in any case? */
static inline bool in_lexicon(const char *w, size_t n, uint64_t bits)
{
    return (at_lexicon_mask(w, n) & bits) != 0;
}
#define in_list_n(w, n, list) in_lexicon(w, n, LEX(list))

/* Is token i a word of one of the lists in bits?  Each token remembers its
 * lexicon mask (the memo lives in the article, which only this module
 * touches), since the same tokens are tested against the lists many
 * times. */
static inline bool win_lexicon(const article *ca, size_t i, uint64_t bits)
{
    if (i >= ca->nt || !(ca->t[i].flags & F_WORD))
        return false;
    atok *t = &((article *)ca)->t[i]; /* the memo is a cache, not content */
    if (!t->lex_done) {
        t->lex = at_lexicon_mask(ttext(ca, i), tlen(ca, i));
        t->lex_done = true;
    }
    return (t->lex & bits) != 0;
}
#define win(a, i, list) win_lexicon(a, i, LEX(list))

static inline bool weq(const article *a, size_t i, const char *w)
{
    return i < a->nt && (a->t[i].flags & F_WORD) &&
           lower((unsigned char)ttext(a, i)[0]) == lower((unsigned char)w[0]) &&
           tlen(a, i) == strlen(w) && strncasecmp(ttext(a, i), w, tlen(a, i)) == 0;
}

static inline bool is_punct(const article *a, size_t i, char c)
{
    return i < a->nt && a->t[i].p == c;
}

/* A capitalised word that is part of a name, not capitalised by position. */
static inline bool is_nameword(const article *a, size_t i)
{
    if (i >= a->nt)
        return false;
    unsigned f = a->t[i].flags;
    return (f & F_WORD) && (f & (F_CAP | F_UPPER)) && !(f & F_COMMON);
}

static inline bool is_lowerword(const article *a, size_t i)
{
    return i < a->nt && (a->t[i].flags & (F_WORD | F_LOWER)) == (F_WORD | F_LOWER);
}

/* A lower-case word, or one capitalised only by its position. */
static inline bool is_plainword(const article *a, size_t i)
{
    return is_lowerword(a, i) ||
           (i < a->nt && (a->t[i].flags & (F_WORD | F_COMMON)) == (F_WORD | F_COMMON));
}


/* Is verb i not a verb of speech or stance here: convened ("called an
 * emergency summit", "calls a vote"), or "press" as a noun ("the press
 * service", "a press conference"; the verb is "press to", "press for")? */
static inline bool at_not_said(const article *a, size_t i)
{
    unsigned char c = i < a->nt ? fold((unsigned char)ttext(a, i)[0]) : 0;
    if (c == 'p')
        return (weq(a, i, "press") || weq(a, i, "pressed")) &&
               !(weq(a, i + 1, "to") || weq(a, i + 1, "for") || weq(a, i + 1, "ahead"));
    return c == 'c' && (weq(a, i, "called") || weq(a, i, "calls")) &&
           (weq(a, i + 1, "a") || weq(a, i + 1, "an"));
}

/* A transcript's speaker labels (speakers.c, at_turn_label). */
enum { TURN_NONE, TURN_Q, TURN_A, TURN_NAMED };

/* Outcomes of looking for a speaker. */
static inline sres found(char *name, int kind)
{
    return (sres){name ? R_FOUND : R_NONE, name, kind, NULL};
}

static inline sres generic(void)
{
    return (sres){R_GENERIC, NULL, K_NONE, NULL};
}

static inline sres none(void)
{
    return (sres){R_NONE, NULL, K_NONE, NULL};
}

/* lexicon.c: the word lists */
uint64_t at_lexicon_mask(const char *w, size_t n);

/* tokens.c: the article as tokens */
void at_tokenize_article(article *a, const stance_span *spans, size_t count);

/* names.c: capitalisation and name runs */
void at_collect_runs(article *a, size_t si);
bool at_detect_shout(const article *a, const asent *sn);
void at_edge_hashes(const char *name, size_t len, uint64_t *first, uint64_t *last);
uint64_t at_hash_ci(const char *w, size_t n);
bool at_is_title(const article *a, size_t i);
char *at_join_tokens(article *a, size_t i, size_t j);
bool at_keep_inner_caps(const article *a, size_t i);
void at_mark_common(article *a, const asent *sn);
void at_mark_initial(article *a, const asent *sn);
const char *at_next_word(const char **s, size_t *n);
arun *at_run_at(const article *a, const asent *sn, size_t i);
void at_wset_build(article *a, wset *w, bool (*keep)(const article *, size_t));
bool at_wset_has(const article *a, const wset *w, const char *s, size_t n);

/* treaties.c: treaty names */
void at_add_tref(article *a, size_t si, size_t pos, long name);
void at_collect_other_acronyms(article *a, size_t si);
void at_collect_treaties(article *a, size_t si);
void at_index_trefs(article *a);
void at_promote_acronyms(article *a);

/* treaty_phrases.c: treaties named by a phrase */
bool at_phrase_follows(const article *a, size_t k);
bool at_known_as_name(const article *a, const asent *sn, size_t k, size_t *pa, size_t *pb);
char *at_party_name(article *a, long g, size_t i, size_t j, bool *own);
long at_with_party(const article *a, const asent *sn, size_t k, size_t *pa, size_t *pb);

/* treaty_groups.c: acronyms and names of one treaty */
void at_collect_acronym_refs(article *a);
size_t at_count_words(const char *s);
uint64_t at_distinctive_bits(const char *name);
void at_group_treaties(article *a);
size_t at_nth_word(const char *s, size_t i, const char **w);
bool at_spells(const char *long_, size_t *pj, size_t nwords, const char *w, size_t n);
size_t at_tn_root(article *a, size_t i);
bool at_word_is_acronym(const char *w, size_t n);

/* mentions.c: a speaker's name */
char *at_dup_or_oom(article *a, const char *s);
bool at_has_word(const char *list, const char *w, size_t n);
bool at_is_pronoun(const article *a, size_t i);
sres at_nominal(article *a, size_t noun, size_t si);
bool at_people_noun(const article *a, size_t j);
sres at_person_pronoun(article *a, size_t si, const sstate *st);
bool at_phrase_ok(const article *a, size_t b, size_t j);
sres at_phrase_source(article *a, size_t b, size_t j, int kind);
sres at_pronoun(article *a, size_t i, size_t si, const sstate *st);
sres at_run_source(article *a, const arun *r, size_t si);
sres at_span_source(article *a, size_t i, size_t j, int kind, size_t si);

/* subjects.c: the subject of a verb */
arun *at_name_segment(const article *a, const asent *sn, size_t b, size_t j);
sres at_segment_source(article *a, const asent *sn, size_t si, size_t b, size_t j,
                       const sstate *st);
size_t at_segment_start(const article *a, const asent *sn, size_t j);
size_t at_skip_aux(const article *a, const asent *sn, size_t v, bool *passive);
sres at_subject_after(article *a, size_t si, size_t v);
sres at_subject_before(article *a, size_t si, size_t v, const sstate *st);
bool at_subject_boundary(const article *a, size_t i);

/* speakers.c: each sentence's own source */
void at_own_sources(article *a, char **own, const char **rule);
void at_spread_quotes(const article *a, const char **src, const char **rule);
int at_turn_label(const article *a, size_t si, arun **who);

/* targets.c: each sentence's target */
void at_find_targets(article *a, const char **src, long *tgt, const char **rule, bool context);

#endif
