#!/usr/bin/env bash
# Messages an analyst reads (README, "Classifying" and "Evaluating"): on a
# line of their own past a terminal's progress line, --explain with
# --summary, stance-eval's errors before any table and naming file and
# line, and --explain's features in readable form.
# Usage: messages.sh BINDIR TESTSDIR SOURCEDIR
BIN=$1 TESTS=$2 SRC=$3
. "$(dirname "$0")/lib.sh"
SAMPLE="$SRC/samples/border-pact.txt"

case_ "classify: an error on a terminal wipes the progress line instead of running into it"
mkdir "$TMP/tty"
for i in $(seq -w 1 40); do cp "$SAMPLE" "$TMP/tty/a$i.txt"; done
printf '%%PDF-1.4\0binary' >"$TMP/tty/zz.txt"  # last in order: the progress line is up by then
if command -v script >/dev/null; then
  script -qec "'$BIN/stance-classify' -j1 -f jsonl --summary '$TMP/tty' >/dev/null" /dev/null >"$OUT" 2>&1
  # the piece of the terminal line that holds the message, after the last \r
  py "$OUT" "$TMP/tty/zz.txt" <<'PY' && ok || bad "the message shares its line with the progress line: $(cat -v "$OUT" | head -c 400)"
import sys
data = open(sys.argv[1], "rb").read().decode()
lines = [l.split("\r")[-2 if l.endswith("\r") else -1] for l in data.split("\n") if "zz.txt: binary" in l]
sys.exit(0 if len(lines) == 1 and lines[0].removeprefix("\x1b[K").startswith("stance-classify: " + sys.argv[2]) else 1)
PY
  grep -q 'files, ' "$OUT" && ok || bad "no progress line was drawn"
else
  echo "skip: no script(1) for a terminal"
fi

case_ "classify: --explain with --summary says it is ignored"
run "$BIN/stance-classify" --summary --explain 3 -f jsonl "$SAMPLE"
expect_exit 0
expect_err "stance-classify: --explain is ignored with --summary: article records carry no explanations (they are per sentence; drop --summary to see them)"
grep -q '"explain"' "$OUT" && bad "an explanation in a summary record" || ok

case_ "classify: --explain in readable form, text"
echo 'Peace, peacekeeping and the treaty were denounced as illegal.' >"$TMP/one.txt"
run "$BIN/stance-classify" --lines --explain 60 "$TMP/one.txt"
expect_exit 0
expect_out_has 'because: '
grep -qE 'chars "[^"]+" of "(peace|peacekeeping|illegal|denounced|treaty|were|and|the|as)"' "$OUT" && ok || bad "no character n-gram with its word"
expect_out_has 'words "'
grep -qE '(^|; |: )"' "$OUT" && bad "a feature without its kind" || ok

case_ "classify: --explain in readable form, JSON kind and word"
run "$BIN/stance-classify" --lines --explain 60 -f jsonl "$TMP/one.txt"
expect_exit 0
py "$OUT" <<'PY' && ok || bad "explain objects lack kind/word"
import json, sys
r = json.loads(open(sys.argv[1]).read())
ex = r["explain"]
assert all(e["kind"] in ("words", "start", "cues", "chars") for e in ex)
chars = [e for e in ex if e["kind"] == "chars"]
assert chars and all(e["feature"].strip("<>") in "<%s>" % e["word"] or e["feature"] in "<%s>" % e["word"] for e in chars), chars
assert all("word" not in e for e in ex if e["kind"] in ("words", "cues"))
assert all(e["feature"] == "^ " + e["word"] for e in ex if e["kind"] == "start")
assert list(ex[0]) [:2] == ["feature", "kind"] and list(ex[0])[-1] == "weight"
PY

case_ "classify: --explain in readable form, an HTML page's why"
run "$BIN/stance-classify" -f html --explain 40 "$TMP/one.txt"
expect_exit 0
grep -qE '<summary>why</summary>[^<]*chars &quot;[^&]+&quot; of &quot;' "$OUT" && ok || bad "no readable chars feature in the page"

case_ "eval: --articles on a folder without gold files: an error, no table"
mkdir "$TMP/nogold"
cp "$SAMPLE" "$TMP/nogold/"
run "$BIN/stance-eval" --articles "$TMP/nogold"
expect_exit 1
[ ! -s "$OUT" ] && ok || bad "a table was printed"
expect_err "stance-eval: $TMP/nogold: no annotated articles: no NAME.gold.tsv file (1 .txt file); --articles needs NAME.txt beside NAME.gold.tsv (README, \"Formats\")"

case_ "eval: --articles where every article fails: its error, no table of zeros"
printf 'no tab here\n' >"$TMP/nogold/border-pact.gold.tsv"
run "$BIN/stance-eval" --articles "$TMP/nogold"
expect_exit 1
[ ! -s "$OUT" ] && ok || bad "a table was printed"
expect_err_has "$TMP/nogold/border-pact.gold.tsv:1: "

case_ "eval: an unknown label names file and line"
printf '# comment\nsupports\tThe pact was welcomed.\n\nhails\tThey hailed it.\n' >"$TMP/labels.tsv"
run "$BIN/stance-eval" "$TMP/labels.tsv"
expect_exit 1
[ ! -s "$OUT" ] && ok || bad "a table was printed"
expect_err "stance-eval: $TMP/labels.tsv:4: label \"hails\" is not one of the model's labels (condemns, neutral, supports, warns)"

echo "messages: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
