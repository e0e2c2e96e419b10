#!/usr/bin/env python3
"""Lint the stance treaty corpus.

Usage: python3 lint.py CORPUS_DIR

CORPUS_DIR holds train.tsv, test.tsv and articles/ (see README.md there).
Checks, in this order:

  format      train.tsv and test.tsv: '#' comment lines and empty lines are
              allowed; every other line is LABEL<TAB>SENTENCE with exactly one
              tab, a label from LABELS, a non-empty sentence without leading
              or trailing whitespace, valid UTF-8, no control characters
  duplicates  no sentence twice (case- and whitespace-insensitive) within or
              across train.tsv and test.tsv
  near-dups   no two sentences of train.tsv and test.tsv sharing NGRAM
              consecutive word tokens (lowercase \\w+ runs after mapping the
              right single quote to an apostrophe)
  leakage     a duplicate or near-duplicate across train.tsv and test.tsv is
              train/test leakage and says so
  balance     each label at least MIN_LABEL sentences and between 20% and 30%
              of train+test; test.tsv 12-18% of the whole; every label
              present in both files
  parts       real/*.tsv (the real-register parts, one writer and register
              each): the format of train.tsv; no sentence twice or near-twice
              across any of train, test and the parts; at least MIN_PART
              sentences, every label present, neutral PART_NEUTRAL of them
  cues        no sentence labelled against a pattern the guidelines' hard
              cases settle (HARD_CASES: e.g. "urged ... not to ratify" is
              never supports, a reaction regretting another's withdrawal
              is never condemns)
  eval        eval/ (frozen evaluation articles): as articles, with a fifth
              column naming the layout pattern from PATTERNS; no training
              sentence (train, test, parts) sharing EVAL_NGRAM words with
              one of their sentences (evaluation leakage); a README.md may
              sit beside them
  articles    NAME.txt and NAME.gold.tsv come in pairs; gold lines have 2 or 4
              tab-separated columns (label, sentence[, source, target]) with a
              valid label; the gold sentences joined with spaces have the same
              whitespace-separated words as the article, so stance-eval can
              align them; 12-40 sentences per article; at least MIN_ARTICLES
              articles; no article sentence also in train.tsv or test.tsv

Words are split on ASCII whitespace (space, tab, CR, LF), as stance-eval
does when it aligns gold sentences with the article text.

Every problem is one line on stdout, "FILE:LINE: problem", or "FILE: problem"
when it concerns a whole file.  Exit status: 0 clean, 1 problems found, 2
usage error.  Standard library only.
"""

import os
import re
import sys
import unicodedata

LABELS = ("condemns", "supports", "warns", "neutral")
SPLITS = ("train.tsv", "test.tsv")
NGRAM = 8
MIN_LABEL = 600
LABEL_SHARE = (0.20, 0.30)
TEST_SHARE = (0.12, 0.18)
ARTICLE_SENTENCES = (12, 40)
MIN_ARTICLES = 20
MIN_PART = 300
EVAL_NGRAM = 12      # a shared clause, not a stock phrase or a treaty's name
SHORT_DUP = 4        # stock headings ("Key points") may recur
PART_NEUTRAL = (0.25, 0.65)
PATTERNS = ("headline", "subhead", "dateline", "byline", "caption", "credit", "bullet",
            "question", "qa", "quote-fragment", "reported-speech", "action", "writer")

# Patterns whose label the annotation guidelines' "Hard cases from real
# reporting" settle: (regex over the lower-cased sentence, labels it can
# never take, the rule).  Only unambiguous forms: each regex must not match
# a sentence the rule leaves open.
HARD_CASES = [
    (re.compile(r"\burged? [\w ]{0,40}\bnot to (ratify|sign|approve|endorse)\b"),
     ("supports",), "urging not to ratify or sign is rejection (rule 5)"),
    (re.compile(r"\b(does|do|did|will|would) not recogni[sz]e (the|this|that) "
                r"(treaty|pact|accord|agreement|deal|convention)\b"),
     ("supports", "neutral"), "not recognising the treaty is condemns (table, rule 5)"),
    (re.compile(r"\bregret(s|ted)? (the |its |their |washington's |moscow's |the u\.s\. )?"
                r"(decision to (withdraw|quit|leave|pull out|suspend)|withdrawal|suspension|exit)\b"),
     ("condemns",), "regretting another party's withdrawal defends the treaty (hard cases)"),
    (re.compile(r"\bvow(s|ed)? to uphold (the|this|that) (treaty|pact|accord|agreement|deal)\b"),
     ("condemns", "neutral"), "vowing to uphold the treaty is supports (hard cases)"),
]

WORD = re.compile(r"\w+")
ASCII_WS = re.compile(r"[ \t\r\n]+")


class Lint:
    """Collects problems as 'place: message' lines."""

    def __init__(self):
        self.problems = []

    def add(self, path, line, message):
        where = path if line is None else "%s:%d" % (path, line)
        self.problems.append("%s: %s" % (where, message))


def quote(text, limit=70):
    """Text shortened for a message, with invisible and unusual whitespace
    characters shown as <U+XXXX>."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return '"%s"' % "".join(
        "<U+%04X>" % ord(ch)
        if ch != " " and unicodedata.category(ch)[0] in "CZ" else ch
        for ch in text)


def bad_char(text, allowed=""):
    """The first control, format or line-separator character in text that is
    not in allowed, or None."""
    for ch in text:
        if ch in allowed:
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            return ch
    return None


def describe(ch):
    name = unicodedata.name(ch, "control character")
    return "U+%04X %s" % (ord(ch), name)


def read_lines(lint, path):
    """The file's lines as (lineno, text or None), text decoded from UTF-8
    without the line end; None (after reporting) when a line is not valid
    UTF-8.  None instead of a list when the file cannot be read."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        lint.add(path, None, "cannot read: %s" % (e.strerror or e))
        return None
    raw = data.split(b"\n")
    if raw and raw[-1] == b"":
        raw.pop()
    lines = []
    for i, b in enumerate(raw, 1):
        try:
            lines.append((i, b.decode("utf-8")))
        except UnicodeDecodeError as e:
            lint.add(path, i, "invalid UTF-8 at byte %d of the line" % (e.start + 1))
            lines.append((i, None))
    return lines


def dup_key(sentence):
    """Case- and whitespace-insensitive identity of a sentence."""
    return " ".join(unicodedata.normalize("NFC", sentence).casefold().split())


def tokens(sentence):
    return WORD.findall(sentence.replace("\u2019", "'").lower())


def check_sentence(lint, path, lineno, sentence):
    """Problems of a sentence field; True when it is usable."""
    if sentence == "":
        lint.add(path, lineno, "empty sentence")
        return False
    if sentence != sentence.strip():
        lint.add(path, lineno, "leading or trailing whitespace in sentence")
    return True


def read_split(lint, path):
    """Check the format of a train/test file; return its usable records as
    (lineno, label, sentence)."""
    records = []
    lines = read_lines(lint, path)
    if lines is None:
        return records
    for lineno, line in lines:
        if line is None:
            continue
        if line == "" or line.startswith("#"):
            continue
        ch = bad_char(line, allowed="\t")
        if ch is not None:
            what = "CR line end" if ch == "\r" else "control character"
            lint.add(path, lineno, "%s (%s)" % (what, describe(ch)))
            continue
        if line.strip() == "":
            lint.add(path, lineno, "whitespace-only line (leave blank lines empty)")
            continue
        ntabs = line.count("\t")
        if ntabs != 1:
            lint.add(path, lineno, "expected label<TAB>sentence with exactly one tab, found %d" % ntabs)
            continue
        label, sentence = line.split("\t")
        if label not in LABELS:
            lint.add(path, lineno, "unknown label %s (expected one of %s)"
                     % (quote(label, 30), ", ".join(LABELS)))
            continue
        if not check_sentence(lint, path, lineno, sentence):
            continue
        records.append((lineno, label, sentence))
    return records


def check_duplicates(lint, splits):
    """Exact and near duplicates within and across the splits.  splits is a
    list of (path, records)."""
    first_by_key = {}
    first_by_gram = {}
    for path, records in splits:
        for lineno, _label, sentence in records:
            here = (path, lineno)
            key = dup_key(sentence)
            other = first_by_key.get(key)
            if other is not None and len(key.split()) > SHORT_DUP:
                lint.add(path, lineno, "duplicate of %s:%d%s: %s"
                         % (other[0], other[1], leak_note(path, other[0]), quote(sentence)))
            else:
                first_by_key[key] = here
            toks = tokens(sentence)
            seen = {}
            for i in range(len(toks) - NGRAM + 1):
                gram = tuple(toks[i : i + NGRAM])
                prev = first_by_gram.get(gram)
                if prev is None:
                    first_by_gram[gram] = (here, key)
                elif prev[0] != here and prev[1] != key and prev[0] not in seen:
                    seen[prev[0]] = gram
            for (opath, oline), gram in seen.items():
                lint.add(path, lineno, "near-duplicate of %s:%d%s: both contain %s"
                         % (opath, oline, leak_note(path, opath), quote(" ".join(gram))))
    return first_by_key


def check_parts(lint, parts):
    """Size and label mix of each real-register part."""
    for path, records in parts:
        counts = {l: 0 for l in LABELS}
        for _lineno, label, _sentence in records:
            counts[label] += 1
        n = len(records)
        if n < MIN_PART:
            lint.add(path, None, "%d sentences, fewer than %d" % (n, MIN_PART))
        for label in LABELS:
            if counts[label] == 0:
                lint.add(path, None, "no sentence labelled %s" % label)
        if n and not PART_NEUTRAL[0] <= counts["neutral"] / n <= PART_NEUTRAL[1]:
            lint.add(path, None, "neutral is %.1f%% of the part, outside %d-%d%%"
                     % (100 * counts["neutral"] / n, 100 * PART_NEUTRAL[0], 100 * PART_NEUTRAL[1]))


def check_hard_cases(lint, splits):
    for path, records in splits:
        for lineno, label, sentence in records:
            low = sentence.replace("\u2019", "'").lower()
            for rx, never, rule in HARD_CASES:
                if label in never and rx.search(low):
                    lint.add(path, lineno, "labelled %s, but %s: %s" % (label, rule, quote(sentence)))


def leak_note(path_a, path_b):
    tests = [p for p in (path_a, path_b) if os.path.basename(p) == "test.tsv"]
    if path_a != path_b and len(tests) == 1:
        return " (train/test leakage)"
    return ""


def check_balance(lint, paths, splits):
    train_path, test_path = paths
    counts = {path: {l: 0 for l in LABELS} for path in paths}
    for path, records in splits:
        for _lineno, label, _sentence in records:
            counts[path][label] += 1
    total = sum(sum(c.values()) for c in counts.values())
    where = "%s+%s" % (train_path, test_path)
    if total == 0:
        lint.add(where, None, "no sentences")
        return
    for label in LABELS:
        n = sum(counts[p][label] for p in paths)
        share = n / total
        if n < MIN_LABEL:
            lint.add(where, None, "label %s has %d sentences, fewer than %d"
                     % (label, n, MIN_LABEL))
        if not LABEL_SHARE[0] <= share <= LABEL_SHARE[1]:
            lint.add(where, None, "label %s is %.1f%% of all %d sentences, outside %d-%d%%"
                     % (label, 100 * share, total, 100 * LABEL_SHARE[0], 100 * LABEL_SHARE[1]))
    ntest = sum(counts[test_path].values())
    share = ntest / total
    if not TEST_SHARE[0] <= share <= TEST_SHARE[1]:
        lint.add(test_path, None, "test holds %d of %d sentences (%.1f%%), outside %d-%d%%"
                 % (ntest, total, 100 * share, 100 * TEST_SHARE[0], 100 * TEST_SHARE[1]))
    for path in paths:
        for label in LABELS:
            if counts[path][label] == 0:
                lint.add(path, None, "no sentence labelled %s" % label)


def article_words(lint, path):
    """The article's words as (word, lineno), or None when unreadable."""
    lines = read_lines(lint, path)
    if lines is None:
        return None
    words = []
    for lineno, line in lines:
        if line is None:
            return None
        ch = bad_char(line, allowed="\t\r")
        if ch is not None:
            lint.add(path, lineno, "control character (%s)" % describe(ch))
        for w in ASCII_WS.split(line):
            if w:
                words.append((w, lineno))
    return words


def read_gold(lint, path, patterns=False):
    """Check a gold file; return its sentence lines as (lineno, label,
    sentence), invalid ones with label None so the text can still be
    aligned."""
    gold = []
    lines = read_lines(lint, path)
    if lines is None:
        return None
    for lineno, line in lines:
        if line is None:
            gold.append((lineno, None, ""))
            continue
        if line == "" or line.startswith("#"):
            continue
        ch = bad_char(line, allowed="\t")
        if ch is not None:
            what = "CR line end" if ch == "\r" else "control character"
            lint.add(path, lineno, "%s (%s)" % (what, describe(ch)))
        cols = line.split("\t")
        if patterns:
            if len(cols) != 5 or cols[4] not in PATTERNS:
                lint.add(path, lineno, "expected 5 tab-separated columns (label, sentence, source, "
                         "target, pattern) with a pattern from %s" % ", ".join(PATTERNS))
                gold.append((lineno, None, cols[1] if len(cols) > 1 else line))
                continue
        elif len(cols) not in (2, 4):
            lint.add(path, lineno, "expected 2 or 4 tab-separated columns "
                     "(label, sentence[, source, target]), found %d" % len(cols))
            gold.append((lineno, None, cols[1] if len(cols) > 1 else line))
            continue
        label, sentence = cols[0], cols[1]
        ok = True
        if label not in LABELS:
            lint.add(path, lineno, "unknown label %s (expected one of %s)"
                     % (quote(label, 30), ", ".join(LABELS)))
            ok = False
        if not check_sentence(lint, path, lineno, sentence):
            ok = False
        gold.append((lineno, label if ok else None, sentence))
    return gold


def check_alignment(lint, gold_path, txt_path, gold, words):
    """The gold sentences, joined with spaces, must have the article's words."""
    gwords = []
    for lineno, _label, sentence in gold:
        for w in ASCII_WS.split(sentence):
            if w:
                gwords.append((w, lineno))
    for i, (g, a) in enumerate(zip(gwords, words)):
        if g[0] != a[0]:
            lint.add(gold_path, g[1], "text differs from %s:%d at word %d: gold has %s, article has %s"
                     % (txt_path, a[1], i + 1, quote(g[0], 30), quote(a[0], 30)))
            return
    if len(gwords) > len(words):
        g = gwords[len(words)]
        lint.add(gold_path, g[1], "text goes on after the end of %s: %s"
                 % (txt_path, quote(g[0], 30)))
    elif len(words) > len(gwords):
        a = words[len(gwords)]
        last = gold[-1][0] if gold else None
        lint.add(gold_path, last, "article %s:%d goes on after the last gold sentence: %s"
                 % (txt_path, a[1], quote(a[0], 30)))


def clause_grams(splits):
    """Every EVAL_NGRAM-word run of the training sentences, to where it is."""
    grams = {}
    for path, records in splits:
        for lineno, _label, sentence in records:
            toks = tokens(sentence)
            for i in range(len(toks) - EVAL_NGRAM + 1):
                grams.setdefault(tuple(toks[i : i + EVAL_NGRAM]), (path, lineno))
    return grams


def check_articles(lint, adir, split_keys, grams=None, min_articles=MIN_ARTICLES):
    """Articles in adir; with grams (eval/), the gold has five columns and no
    sentence may share EVAL_NGRAM words with a training sentence."""
    if not os.path.isdir(adir):
        lint.add(adir, None, "articles directory missing")
        return
    txts, golds = set(), set()
    for name in sorted(os.listdir(adir)):
        if name.startswith("."):
            continue
        path = os.path.join(adir, name)
        if name.endswith(".gold.tsv"):
            golds.add(name[: -len(".gold.tsv")])
        elif name.endswith(".txt"):
            txts.add(name[: -len(".txt")])
        elif os.path.isfile(path) and not (grams is not None and name == "README.md"):
            lint.add(path, None, "unexpected file (articles/ holds NAME.txt and NAME.gold.tsv)")
    for name in sorted(txts - golds):
        lint.add(os.path.join(adir, name + ".txt"), None, "no matching %s.gold.tsv" % name)
    for name in sorted(golds - txts):
        lint.add(os.path.join(adir, name + ".gold.tsv"), None, "no matching %s.txt" % name)
    pairs = sorted(txts & golds)
    for name in pairs:
        txt_path = os.path.join(adir, name + ".txt")
        gold_path = os.path.join(adir, name + ".gold.tsv")
        gold = read_gold(lint, gold_path, patterns=grams is not None)
        if gold is None:
            continue
        n = len(gold)
        if not ARTICLE_SENTENCES[0] <= n <= ARTICLE_SENTENCES[1]:
            lint.add(gold_path, None, "%d sentences, outside %d-%d"
                     % (n, ARTICLE_SENTENCES[0], ARTICLE_SENTENCES[1]))
        words = article_words(lint, txt_path)
        if words is not None:
            check_alignment(lint, gold_path, txt_path, gold, words)
        for lineno, _label, sentence in gold:
            other = split_keys.get(dup_key(sentence)) if sentence else None
            if other is not None and len(sentence.split()) > SHORT_DUP:
                lint.add(gold_path, lineno, "sentence also in %s:%d (article/%s leakage): %s"
                         % (other[0], other[1], os.path.basename(other[0])[:-4], quote(sentence)))
            if grams is not None and sentence:
                toks = tokens(sentence)
                for i in range(len(toks) - EVAL_NGRAM + 1):
                    hit = grams.get(tuple(toks[i : i + EVAL_NGRAM]))
                    if hit is not None:
                        lint.add(gold_path, lineno, "shares %d words with training sentence "
                                 "%s:%d (evaluation leakage)" % (EVAL_NGRAM, hit[0], hit[1]))
                        break
    if len(pairs) < min_articles:
        lint.add(adir, None, "%d articles, fewer than %d" % (len(pairs), min_articles))


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        out = sys.stdout if len(argv) == 2 else sys.stderr
        print("usage: lint.py CORPUS_DIR", file=out)
        return 0 if len(argv) == 2 else 2
    corpus = argv[1]
    if not os.path.isdir(corpus):
        print("lint.py: %s: not a directory" % corpus, file=sys.stderr)
        return 2
    lint = Lint()
    paths = [os.path.join(corpus, s) for s in SPLITS]
    splits = [(p, read_split(lint, p)) for p in paths]
    real = os.path.join(corpus, "real")
    part_paths = sorted(os.path.join(real, n) for n in os.listdir(real)
                        if n.endswith(".tsv")) if os.path.isdir(real) else []
    parts = [(p, read_split(lint, p)) for p in part_paths]
    split_keys = check_duplicates(lint, splits + parts)
    check_balance(lint, paths, splits)
    check_parts(lint, parts)
    check_hard_cases(lint, splits + parts)
    check_articles(lint, os.path.join(corpus, "articles"), split_keys)
    if os.path.isdir(os.path.join(corpus, "eval")):
        check_articles(lint, os.path.join(corpus, "eval"), split_keys,
                       clause_grams(splits + parts), min_articles=40)
    for p in lint.problems:
        print(p)
    return 1 if lint.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
