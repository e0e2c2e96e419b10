#!/usr/bin/env bash
# HTML inputs (README, "Classifying"): a file named *.html or *.htm is
# reduced to its text (tags, head, scripts, styles and comments dropped,
# block tags paragraph breaks, character references decoded); records'
# start and end are byte offsets into the page, text is the page's text.
# Usage: html_input.sh BINDIR TESTSDIR SOURCEDIR
BIN=$1 TESTS=$2 SRC=$3
. "$(dirname "$0")/lib.sh"

mkdir "$TMP/site"
cat >"$TMP/site/pact.html" <<'HTML'
<!DOCTYPE html>
<html><head><title>Border pact</title><style>p{color:red}</style>
<script>var s = "<p>The treaty is a disaster, officials said.</p>";</script></head>
<body><h1>Parliament ratifies disputed river border pact</h1>
<p class="byline">By Elena Marchetti</p>
<!-- <p>A hidden sentence about the treaty.</p> -->
<p>The opposition Civic Front denounced the treaty as illegal &amp; dangerous.</p>
<p>Prime Minister Anton Reyes hailed the vote as &ldquo;a historic step toward lasting peace&rdquo;.<br>
Analysts warned that the deal could set a dangerous precedent.</p>
</body></html>
HTML

case_ "classify: an HTML page's sentences, offsets into the page"
run "$BIN/stance-classify" -f jsonl "$TMP/site/pact.html"
expect_exit 0; expect_no_err; expect_lines 5
py "$OUT" "$TMP/site/pact.html" <<'PY' && ok || bad "records do not match the page"
import html, json, re, sys
page = open(sys.argv[2], "rb").read()
recs = [json.loads(l) for l in open(sys.argv[1])]
texts = [r["text"] for r in recs]
assert texts == ["Parliament ratifies disputed river border pact", "By Elena Marchetti",
                 "The opposition Civic Front denounced the treaty as illegal & dangerous.",
                 "Prime Minister Anton Reyes hailed the vote as \u201ca historic step toward lasting peace\u201d.",
                 "Analysts warned that the deal could set a dangerous precedent."], texts
for r in recs:  # the page's bytes [start, end), tags dropped and references decoded, are the text
    span = page[r["start"]:r["end"]].decode()
    assert html.unescape(re.sub(r"<[^>]*>", "", span)) == r["text"], (span, r["text"])
assert [r["label"] for r in recs][2:] == ["condemns", "supports", "warns"], recs
PY

case_ "classify: a walk takes pages with --glob '*.html'; .htm too"
cp "$TMP/site/pact.html" "$TMP/site/copy.HTM"
run "$BIN/stance-classify" -f jsonl --summary --glob '*.[hH][tT][mM]*' "$TMP/site"
expect_exit 0; expect_lines 2
expect_out_has '"sentences": 5'
grep -q 'disaster\|hidden' "$OUT" && bad "script or comment text was classified" || ok

case_ "classify: a .txt file with markup is still read as text"
cp "$TMP/site/pact.html" "$TMP/site/pact.txt"
run "$BIN/stance-classify" -f jsonl "$TMP/site/pact.txt"
expect_exit 0
expect_out_has '<p>'

echo "html_input: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
