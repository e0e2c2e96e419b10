#!/usr/bin/env bash
# The archive report (stance-classify -f html -o DIR): page names that keep
# sub-folders, links back, the manifest (an earlier run's pages removed,
# nothing else touched), -o NAME.html, table pages, and the index and an
# article page rendered in headless Chromium: the counts shown equal the
# JSON Lines --summary of the same inputs, label contrast >= 4.5:1, the
# script runs without console errors.  Screenshots go to SHOTDIR.
# Usage: html.sh BINDIR SOURCEDIR SHOTDIR
# Exit 77 (skipped) when Chromium is missing, unless STANCE_REQUIRE_CHROMIUM
# is set (CI sets it), which makes that a failure.
BIN=$(cd "$1" && pwd) SRC=$(cd "$2" && pwd) SHOTS=$3
case $SHOTS in /*) ;; *) SHOTS="$PWD/$SHOTS" ;; esac
. "$(dirname "$0")/lib.sh"
# inputs are named relative to $TMP, so pages and screenshots show no
# path of this machine
cd "$TMP" || exit 1

MODEL="$SRC/models/treaties.model"
SAMPLE="$SRC/samples/border-pact.txt"
ARTS="$SRC/corpora/treaties/articles"
CL() { run "$BIN/stance-classify" -m "$MODEL" --no-progress "$@"; }

# An archive: outlets as sub-folders, a nested folder, a file at the top,
# a name to escape, a name that would clash with the index, a broken file.
A=arch
mkdir -p "$A/wire" "$A/press/2024" "$A/gazette"
cp "$SAMPLE" "$A/wire/border-pact.txt"
i=0
for f in "$ARTS"/*.txt; do
  case $((i % 3)) in 0) d=wire ;; 1) d=press/2024 ;; 2) d=gazette ;; esac
  cp "$f" "$A/$d/$(basename "$f")"; i=$((i + 1))
  [ $i -lt 12 ] || break
done
cp "$SAMPLE" "$A/top.txt"
cp "$SAMPLE" "$A/gazette/Le <Monde> & \"co\".txt"
cp "$SAMPLE" "$A/index"
printf 'x\xffy\n' >"$A/wire/broken.txt"

case_ "html: a report of an archive"
CL -f html --all -o "$TMP/rep" "$A"
expect_exit 1; expect_err_has "broken.txt: invalid UTF-8 at byte 1"
for p in index.html stance-manifest.txt wire/border-pact.txt.html press/2024/ top.txt.html _69ndex.html; do
  [ -e "$TMP/rep/$p" ] && ok || bad "no $p: $(cd "$TMP/rep" && find . | head -30)"
done
ESC=$(ls "$TMP/rep/gazette" | grep Monde)
[ "$ESC" = "Le_20_3CMonde_3E_20_26_20_22co_22.txt.html" ] && ok || bad "escaped name: $ESC"
grep -q 'href="../../index.html"' "$TMP/rep/press/2024/"*.html && ok || bad "no link back from a nested page"
grep -q 'href="index.html"' "$TMP/rep/top.txt.html" && ok || bad "no link back from a top page"
grep -q 'href="gazette/Le_20_3CMonde' "$TMP/rep/index.html" && ok || bad "index does not link the escaped page"
grep -q 'invalid UTF-8 at byte 1' "$TMP/rep/index.html" && ok || bad "index lacks the error"
grep -qE 'src=|href="http|@import|url\(' "$TMP/rep/index.html" "$TMP/rep/top.txt.html" && bad "a page fetches something" || ok

case_ "html: the summary is at the top, paragraphs are kept"
py "$TMP/rep/top.txt.html" "$SAMPLE" <<'PY' && ok || bad "page layout"
import sys, re
page = open(sys.argv[1], encoding='utf-8').read()
assert page.index('class="summary"') < page.index('<main>'), "summary below the text"
paras = open(sys.argv[2], encoding='utf-8').read().strip().split('\n\n')
assert page.count('class="para"') == len(paras), (page.count('class="para"'), len(paras))
PY

case_ "html: a second run removes the first run's pages and nothing else"
echo mine >"$TMP/rep/notes.txt"; echo mine >"$TMP/rep/wire/notes.txt"
rm -r "$A/press" "$A/wire/border-pact.txt"
CL -f html --all -o "$TMP/rep" "$A"
expect_exit 1
[ ! -e "$TMP/rep/press" ] && ok || bad "the first run's folder press/ is left"
[ ! -e "$TMP/rep/wire/border-pact.txt.html" ] && ok || bad "a stale page is left"
[ -f "$TMP/rep/notes.txt" ] && [ -f "$TMP/rep/wire/notes.txt" ] && ok || bad "a file stance did not write was removed"
[ -f "$TMP/rep/top.txt.html" ] && ok || bad "a page of this run is missing"
grep -q '^f top.txt.html$' "$TMP/rep/stance-manifest.txt" && ok || bad "manifest lacks a page"
grep -q 'notes' "$TMP/rep/stance-manifest.txt" && bad "manifest lists a file stance did not write" || ok

case_ "html: an existing file is never replaced"
mkdir -p "$TMP/rep3"; echo mine >"$TMP/rep3/top.txt.html"
CL -f html -o "$TMP/rep3" "$A/top.txt"
expect_exit 0
[ "$(cat "$TMP/rep3/top.txt.html")" = mine ] && ok || bad "a file stance did not write was replaced"
[ -f "$TMP/rep3/top.txt-2.html" ] && ok || bad "the page did not take another name"
grep -q '^f top.txt.html$' "$TMP/rep3/stance-manifest.txt" && bad "the manifest lists a file stance did not write" || ok
CL -f html -o "$TMP/rep3" "$A/top.txt"
expect_exit 0
[ "$(cat "$TMP/rep3/top.txt.html")" = mine ] && ok || bad "a second run removed a file stance did not write"

case_ "html: --stdin-jsonl documents are named by their ids"
printf '{"id": "doc-1", "text": "The pact was signed."}\n{"id": 7, "text": "It was signed."}\n{"id": "doc-1", "text": "Again."}\n' >docs.jsonl
CL --stdin-jsonl -f html -o "$TMP/drep" <docs.jsonl
expect_exit 0
[ "$(grep -v '^#' "$TMP/drep/stance-manifest.txt" | tr '\n' ' ')" = "f doc-1.html f 7.html f doc-1-2.html f index.html " ] && ok || bad "document pages: $(cat "$TMP/drep/stance-manifest.txt")"

case_ "html: an index.html stance did not write is refused"
mkdir -p "$TMP/rep4"; echo mine >"$TMP/rep4/index.html"
CL -f html -o "$TMP/rep4" "$A/top.txt"
expect_exit 2; expect_err_has "index.html: exists, and no stance-manifest.txt says stance wrote it"
[ "$(cat "$TMP/rep4/index.html")" = mine ] && ok || bad "index.html replaced"

case_ "html: a manifest line naming another file is refused"
mkdir -p "$TMP/rep5"; echo keep >"$TMP/keep.txt"; printf 'f ../keep.txt\n' >"$TMP/rep5/stance-manifest.txt"
CL -f html -o "$TMP/rep5" "$A/top.txt"
expect_exit 2; expect_err_has "stance-manifest.txt line 1: not a file stance writes"
[ -f "$TMP/keep.txt" ] && ok || bad "a file outside DIR was removed"

case_ "html: -o NAME.html"
CL -f html -o "$TMP/one.html" "$A/top.txt"
expect_exit 0; [ -f "$TMP/one.html" ] && grep -q 'class="summary"' "$TMP/one.html" && ok || bad "no single page"
CL -f html -o "$TMP/many.html" "$A"
expect_exit 2; expect_err_has "-o $TMP/many.html: a name ending in .html takes one article"
[ ! -e "$TMP/many.html" ] && ok || bad "something was made"

case_ "html: table pages of $((500 + 500 + 7)) articles"
mkdir -p "$TMP/big"
for n in $(seq 1 1007); do printf 'The treaty was signed on day %d.\n' "$n" >"$TMP/big/a$n.txt"; done
CL -j2 -f html --no-attribution -o "$TMP/bigrep" "$TMP/big"
expect_exit 0
[ -f "$TMP/bigrep/index-2.html" ] && [ -f "$TMP/bigrep/index-3.html" ] && [ ! -e "$TMP/bigrep/index-4.html" ] && ok || bad "table pages: $(ls "$TMP/bigrep" | grep index)"
[ "$(grep -c '^<tr><td><a' "$TMP/bigrep/index.html")" -eq 500 ] && ok || bad "rows on the index"
[ "$(grep -c '^<tr><td><a' "$TMP/bigrep/index-3.html")" -eq 7 ] && ok || bad "rows on page 3"
grep -q 'next page' "$TMP/bigrep/index-2.html" && ! grep -q 'next page' "$TMP/bigrep/index-3.html" && ok || bad "pager links"
grep -q '<b>1007</b> articles' "$TMP/bigrep/index.html" && ok || bad "overview count"

# ------------------------------------------------------------ Chromium
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
  echo "html.sh: $pass passed, $fail failed"
  if [ -n "${STANCE_REQUIRE_CHROMIUM:-}" ]; then
    echo "FAIL: chromium is not installed (scripts/setup.sh installs it), and CI requires it"; exit 1
  fi
  echo "SKIP: chromium is not installed, so the report was not rendered (scripts/setup.sh installs it)"
  [ "$fail" -eq 0 ] && exit 77 || exit 1
fi
mkdir -p "$SHOTS"
flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$TMP/chrome"
ART=$(cd "$TMP/rep" && ls wire/*.html | grep -v broken | head -1)
case_ "html: index and an article page rendered in headless Chromium"
for pg in index.html "$ART"; do
  shot="$SHOTS/$(echo "$pg" | tr / -).png"
  # shellcheck disable=SC2086
  timeout 120 "$CHROME" $flags --hide-scrollbars --window-size=1000,1100 --screenshot="$shot" "file://$TMP/rep/$pg" >/dev/null 2>"$TMP/chrome.err"
  [ -s "$shot" ] && ok || bad "no screenshot of $pg: $(tail -3 "$TMP/chrome.err")"
  # shellcheck disable=SC2086
  timeout 120 "$CHROME" $flags --enable-logging=stderr --v=0 --dump-dom "file://$TMP/rep/$pg" >"$TMP/dom-$(echo "$pg" | tr / -)" 2>"$TMP/chrome.err"
  grep -q 'CONSOLE' "$TMP/chrome.err" && bad "console messages on $pg: $(grep CONSOLE "$TMP/chrome.err" | head -3)" || ok
done
"$BIN/stance-classify" -m "$MODEL" --no-progress --all -f jsonl --summary "$A" >"$TMP/summary.jsonl" 2>/dev/null
py "$TMP/dom-index.html" "$TMP/summary.jsonl" "$A" "$TMP/dom-$(echo "$ART" | tr / -)" <<'PY' && ok || bad "rendered counts differ from the JSONL summary"
import html.parser, json, sys, collections

class Tables(html.parser.HTMLParser):
    """Rows of every table with an id, cell texts; and style text."""
    def __init__(self):
        super().__init__(); self.tables = {}; self.cur = None; self.cell = None
        self.style = []; self.in_style = False; self.shown = None; self.in_shown = False
    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == 'table' and 'id' in a: self.cur = self.tables.setdefault(a['id'], [])
        elif tag == 'tr' and self.cur is not None: self.cur.append([])
        elif tag in ('td', 'th') and self.cur is not None: self.cell = []
        elif tag == 'style': self.in_style = True
        elif tag == 'span' and a.get('id') == 'shown': self.in_shown = True; self.shown = ''
    def handle_endtag(self, tag):
        if tag in ('td', 'th') and self.cell is not None:
            self.cur[-1].append(''.join(self.cell).strip()); self.cell = None
        elif tag == 'table': self.cur = None
        elif tag == 'style': self.in_style = False
        elif tag == 'span': self.in_shown = False
    def handle_data(self, d):
        if self.cell is not None: self.cell.append(d)
        if self.in_style: self.style.append(d)
        if self.in_shown: self.shown += d

t = Tables(); t.feed(open(sys.argv[1], encoding='utf-8').read())
recs = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
root = sys.argv[3].rstrip('/') + '/'
ok = [r for r in recs if 'error' not in r]
labels = list(ok[0]['counts'])
def rows(tid):
    return {r[0]: [int(x) for x in r[1:]] for r in t.tables[tid][1:]}
# labels: articles and sentences per label
want = {l: [sum(r['label'] == l for r in ok), sum(r['counts'][l] for r in ok)] for l in labels}
assert rows('labels') == want, (rows('labels'), want)
def per(key_of, unit):
    d = collections.defaultdict(lambda: [0] * (len(labels) + 1))
    for r in ok:
        for key, counts in key_of(r):
            for i, l in enumerate(labels):
                d[key][0] += counts[i]; d[key][1 + i] += counts[i]
    return dict(d)
def outlet(r):
    rel = r['file'][len(root):]
    yield (rel.split('/')[0] if '/' in rel else '(none)'), [int(r['label'] == l) for l in labels]
def treaties(r):
    for x in r['treaties']: yield x, [int(r['label'] == l) for l in labels]
def sources(r):
    for s, c in r['sources'].items(): yield s, [c[l] for l in labels]
for tid, f in (('outlets', outlet), ('treaties', treaties), ('sources', sources)):
    want = per(f, tid)
    got = rows(tid)
    top = sorted(want.items(), key=lambda kv: (-kv[1][0], kv[0]))[:50]
    assert got == dict(top), (tid, got, dict(top))
# the script ran: the filter line says how many rows are shown
assert t.shown == f"{len(recs)} of {len(recs)} shown", t.shown
# contrast of every label tag: WCAG relative luminance, ratio >= 4.5
import re
css = ''.join(t.style)
def lum(h):
    c = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
tags = re.findall(r'\.tag\.l(\d+)\{background:(#[0-9A-Fa-f]{6});color:(#[0-9A-Fa-f]{6})\}', css)
assert len(tags) == len(labels), tags
for i, bg, fg in tags:
    a, b = sorted([lum(bg), lum(fg)])
    ratio = (b + 0.05) / (a + 0.05)
    print(f"  label {labels[int(i)]}: {fg} on {bg}: {ratio:.2f}:1")
    assert ratio >= 4.5, (labels[int(i)], bg, fg, ratio)
# the article page: a way back, and the summary before the text
art = open(sys.argv[4], encoding='utf-8').read()
assert 'all articles (index)' in art and art.index('Summary') < art.index('<main>')
PY

echo "html.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
