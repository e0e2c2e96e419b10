/*
 * attrib.c: who voices each sentence of an article (its source) and which
 * treaty it is about (its target), by rules rather than learning: the
 * public stance_attribute and the passes in order.  The article is
 * tokenised once, with quotation state carried from sentence to sentence
 * (tokens.c).  A first pass collects what the article names: capitalised
 * runs become people and organisations (names.c), and runs holding a word
 * such as Treaty, Accord or Pact, an acronym defined for one, or a form
 * of the gazetteer, become treaty names (treaties.c), grouped so that "New
 * START" and "the New Strategic Arms Reduction Treaty" are one treaty
 * (treaty_groups.c).  A second pass finds each sentence's speaker
 * (speakers.c, with subjects.c and mentions.c) and gives every sentence of
 * a multi-sentence quotation its speaker.  A third pass finds the target
 * (targets.c).  Rules carry a short name in brackets in the comments
 * ([list], [chain], [turn], ...), as the README lists them.  Names are
 * reported in the fullest form the article uses.  Also the name comparison
 * of the article scorer (attrib_names_match).
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "attrib.h"
#include "attrib_impl.h"
#include "error.h"

static void article_free(article *a)
{
    for (size_t i = 0; i < a->nm; i++)
        free(a->m[i].name);
    for (size_t i = 0; i < a->ntn; i++) {
        free(a->tn[i].name);
        free(a->tn[i].acro);
    }
    for (size_t i = 0; i < a->nad; i++) {
        free(a->ad[i].acro);
        free(a->ad[i].full);
    }
    free(a->ad);
    free(a->t);
    free(a->sn);
    free(a->r);
    free(a->m);
    free(a->mg);
    free(a->morder);
    free(a->tn);
    free(a->tn_slot);
    free(a->tr);
    free(a->lower.slot);
    free(a->caps.slot);
}

/* Pass 1: tokens, capitalisation, names of entities and treaties. */
static void analyse(article *a, const stance_span *spans, size_t count)
{
    at_tokenize_article(a, spans, count);
    if (!a->oom)
        at_wset_build(a, &a->lower, is_lowerword);
    for (size_t i = 0; i < a->ns; i++)
        at_mark_initial(a, &a->sn[i]);
    if (!a->oom)
        at_wset_build(a, &a->caps, at_keep_inner_caps);
    for (size_t i = 0; i < a->ns && !a->oom; i++) {
        at_mark_common(a, &a->sn[i]);
        a->sn[i].shout = at_detect_shout(a, &a->sn[i]);
        for (size_t k = a->sn[i].t0; a->sn[i].shout && k < a->sn[i].t1; k++)
            a->t[k].flags |= F_SHOUT;
    }
    for (size_t i = 0; i < a->ns && !a->oom; i++)
        at_collect_treaties(a, i);
    for (size_t i = 0; i < a->ns && !a->oom; i++)
        at_collect_other_acronyms(a, i);
    if (!a->oom)
        at_promote_acronyms(a);
    if (!a->oom)
        at_group_treaties(a);
    if (!a->oom)
        at_collect_acronym_refs(a);
    for (size_t i = 0; i < a->ns && !a->oom; i++)
        at_collect_runs(a, i);
    if (!a->oom)
        at_index_trefs(a);
}

static stance_status check_args(const char *text, size_t len, const stance_span *spans,
                                size_t count, stance_attribution **out, stance_error *err)
{
    if (out == NULL || (text == NULL && len > 0) || (spans == NULL && count > 0))
        return set_error(err, STANCE_EINVAL, NULL, 0, "NULL text, spans or out");
    for (size_t i = 0; i < count; i++)
        if (spans[i].start > spans[i].end || spans[i].end > len)
            return set_error(err, STANCE_EINVAL, NULL, 0,
                             "span %zu [%zu, %zu) is outside the text of %zu bytes", i,
                             spans[i].start, spans[i].end, len);
    size_t bad;
    if (len > 0 && !stance_utf8_valid(text, len, &bad)) {
        set_error(err, STANCE_EUTF8, NULL, 0, "invalid UTF-8 at byte %zu", bad);
        set_error_offset(err, bad);
        return STANCE_EUTF8;
    }
    return STANCE_OK;
}

/* Fill res from the per-sentence sources and target groups and the rules
 * that found them (rules[0..count) for sources, rules[count..2 count) for
 * targets). */
static void fill_results(article *a, const char **src, const long *tgt, const char **rules,
                         stance_attribution *res)
{
    for (size_t i = 0; i < a->ns && !a->oom; i++) {
        res[i].source = at_dup_or_oom(a, src[i]);
        res[i].target = tgt[i] >= 0 ? at_dup_or_oom(a, a->tn[tgt[i]].name) : NULL;
        res[i].source_rule = src[i] ? rules[i] : NULL;
        res[i].target_rule = tgt[i] >= 0 ? rules[a->ns + i] : NULL;
    }
}

void stance_attribute_options_init(stance_attribute_options *opts)
{
    opts->context = true;
}

stance_status stance_attribute(const char *text, size_t len, const stance_span *spans,
                               size_t count, stance_attribution **out, stance_error *err)
{
    stance_attribute_options o;
    stance_attribute_options_init(&o);
    return stance_attribute_with(text, len, spans, count, &o, out, err);
}

stance_status stance_attribute_with(const char *text, size_t len, const stance_span *spans,
                                    size_t count, const stance_attribute_options *opts,
                                    stance_attribution **out, stance_error *err)
{
    if (opts == NULL)
        return set_error(err, STANCE_EINVAL, NULL, 0, "NULL attribution options");
    stance_status st = check_args(text, len, spans, count, out, err);
    if (out != NULL)
        *out = NULL;
    if (st != STANCE_OK || count == 0)
        return st;
    article a = {.s = text, .len = len, .ns = count, .verb = (size_t)-1};
    char **own = calloc(count, sizeof *own);
    const char **src = calloc(count, sizeof *src);
    long *tgt = calloc(count, sizeof *tgt);
    const char **rules = calloc(count, 2 * sizeof *rules); /* sources', then targets' */
    stance_attribution *res = calloc(count, sizeof *res);
    a.sn = calloc(count, sizeof *a.sn);
    a.oom = !own || !src || !tgt || !rules || !res || !a.sn;
    if (!a.oom)
        analyse(&a, spans, count);
    if (!a.oom)
        at_own_sources(&a, own, rules);
    for (size_t i = 0; i < count && !a.oom; i++)
        src[i] = own[i];
    if (!a.oom) {
        at_spread_quotes(&a, src, rules);
        at_find_targets(&a, src, tgt, rules + count, opts->context);
        fill_results(&a, src, tgt, rules, res);
    }
    for (size_t i = 0; own && i < count; i++)
        free(own[i]);
    free(own);
    free(src);
    free(tgt);
    free(rules);
    article_free(&a);
    if (a.oom) {
        stance_attribution_free(res, res ? count : 0);
        return set_error(err, STANCE_ENOMEM, NULL, 0, "out of memory attributing sentences");
    }
    *out = res;
    return STANCE_OK;
}

void stance_attribution_free(stance_attribution *a, size_t count)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < count; i++) {
        free(a[i].source);
        free(a[i].target);
    }
    free(a);
}

/* ------------------------------------------------------ name matching */

/* Normalise s[0..n) for comparison into a new string: lower case, single
 * spaces, no leading "the ".  NULL when out of memory. */
static char *normalise_name(const char *s, size_t n)
{
    size_t cap = n * 2 + 8; /* lower case may lengthen a character by half */
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    size_t u = 0;
    bool space = false;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = decode_at(s, i, n, &cp);
        i += k;
        if (text_is_space(cp)) {
            space = u > 0;
            continue;
        }
        if (space)
            out[u++] = ' ';
        space = false;
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp),
                                                  (utf8proc_uint8_t *)out + u);
        u += m > 0 ? (size_t)m : 0;
        if (u + 8 > cap)
            break;
    }
    out[u] = '\0';
    if (strncmp(out, "the ", 4) == 0)
        memmove(out, out + 4, u - 3);
    return out;
}

int attrib_names_match(const char *a, size_t alen, const char *b, size_t blen)
{
    char *x = normalise_name(a, alen), *y = normalise_name(b, blen);
    int r = -1;
    if (x && y) {
        size_t nx = strlen(x), ny = strlen(y);
        const char *l = nx >= ny ? x : y, *s = nx >= ny ? y : x;
        size_t nl = nx >= ny ? nx : ny, ns = nx >= ny ? ny : nx;
        r = ns > 0 && (strcmp(l, s) == 0 ||
                       (ns < nl && l[nl - ns - 1] == ' ' && strcmp(l + nl - ns, s) == 0));
    }
    free(x);
    free(y);
    return r;
}
