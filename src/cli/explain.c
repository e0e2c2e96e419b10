/*
 * explain.c: --explain's features in readable form.  The library gives each
 * feature as the model sees it (stance_feature_weight: "talks with", "^ by",
 * "‹hl›", or the character n-gram "ce>" with its word "peace"); these
 * helpers say which kind it is and spell it out for the text, JSON and
 * HTML records (README, "Classifying").
 */
#include <string.h>

#include "explain.h"

/* A cue token opens with U+2039 SINGLE LEFT-POINTING ANGLE QUOTATION MARK. */
#define CUE_OPEN "\xe2\x80\xb9"

/* True when every space-separated token of s is a cue token. */
static bool all_cues(const char *s)
{
    for (;;) {
        if (strncmp(s, CUE_OPEN, 3) != 0)
            return false;
        const char *space = strchr(s, ' ');
        if (space == NULL)
            return true;
        s = space + 1;
    }
}

explain_kind explain_kind_of(const stance_feature_weight *f)
{
    if (f->word != NULL)
        return EXPLAIN_CHARS;
    if (f->text[0] == '^' && f->text[1] == ' ')
        return EXPLAIN_START;
    return all_cues(f->text) ? EXPLAIN_CUES : EXPLAIN_WORDS;
}

const char *explain_kind_name(explain_kind k)
{
    static const char *const names[] = {"words", "start", "cues", "chars"};
    return names[k];
}

const char *explain_word(const stance_feature_weight *f, size_t *len)
{
    switch (explain_kind_of(f)) {
    case EXPLAIN_CHARS: *len = strlen(f->word); return f->word;
    case EXPLAIN_START: *len = strlen(f->text + 2); return f->text + 2;
    default: *len = 0; return NULL;
    }
}

void explain_readable(strbuf *b, const stance_feature_weight *f)
{
    switch (explain_kind_of(f)) {
    case EXPLAIN_CHARS: sb_printf(b, "chars \"%s\" of \"%s\"", f->text, f->word); break;
    case EXPLAIN_START: sb_printf(b, "first word \"%s\"", f->text + 2); break;
    case EXPLAIN_CUES: sb_printf(b, "%s %s", strchr(f->text, ' ') ? "cues" : "cue", f->text); break;
    case EXPLAIN_WORDS: sb_printf(b, "words \"%s\"", f->text); break;
    }
}
