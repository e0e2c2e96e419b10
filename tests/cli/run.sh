#!/usr/bin/env bash
# End-to-end tests of the command-line tools: each case runs a real command
# and checks its exit status, stdout and stderr.
# Usage: run.sh BINDIR TESTSDIR SOURCEDIR
BIN=$1 TESTS=$2 SRC=$3
. "$(dirname "$0")/lib.sh"

CORPUS="$SRC/corpora/treaties"
SAMPLE="$SRC/samples/border-pact.txt"
MODEL="$TMP/m.model"
NTEST=$(grep -vc '^#' "$CORPUS/test.tsv")

# ---------------------------------------------------------------- train
case_ "train: small model from the test split"
run "$BIN/stance-train" --seed 3 -o "$MODEL" "$CORPUS/test.tsv"
expect_exit 0; expect_out_has "trained on $NTEST sentences"; expect_no_err

case_ "train: same seed, byte-identical model"
run "$BIN/stance-train" -q --seed 3 -o "$TMP/m2.model" "$CORPUS/test.tsv"
expect_exit 0; cmp -s "$MODEL" "$TMP/m2.model" && ok || bad "models differ"

case_ "train: no output"
run "$BIN/stance-train" "$CORPUS/test.tsv"
expect_exit 2; expect_err "stance-train: no output model given (-o MODEL)
Try 'stance-train --help' for more information."

case_ "train: bad number"
run "$BIN/stance-train" -C abc -o "$TMP/x" "$CORPUS/test.tsv"
expect_exit 2; expect_err_has "stance-train: invalid value 'abc' for --cost"

case_ "train: malformed corpus line names file and line"
printf 'supports\tThe pact was welcomed.\nno tab on this line\n' >"$TMP/bad.tsv"
run "$BIN/stance-train" -o "$TMP/x" "$TMP/bad.tsv"
expect_exit 1; expect_err "stance-train: $TMP/bad.tsv:2: expected label<TAB>sentence, found no tab"
[ ! -e "$TMP/x" ] && ok || bad "a model was written"

case_ "train: invalid UTF-8 in corpus"
printf 'supports\tThe pact \xff was welcomed.\n' >"$TMP/bad8.tsv"
run "$BIN/stance-train" -o "$TMP/x" "$TMP/bad8.tsv"
expect_exit 1; expect_err "stance-train: $TMP/bad8.tsv:1: invalid UTF-8 at byte 19 of the line"

case_ "train: one label only"
printf 'supports\tThe pact was welcomed.\nsupports\tThey hailed it.\n' >"$TMP/one.tsv"
run "$BIN/stance-train" -o "$TMP/x" "$TMP/one.tsv"
expect_exit 1; expect_err "stance-train: the corpus needs at least two labels (found 1)"

case_ "train: prior weights without probabilities"
run "$BIN/stance-train" --no-probability --prior-weight neutral=2 -o "$TMP/x" "$CORPUS/test.tsv"
expect_exit 2; expect_err "stance-train: prior weights scale probabilities, so they need a model with probabilities (Platt scaling)"

case_ "train: missing corpus file"
run "$BIN/stance-train" -o "$TMP/x" "$TMP/nope.tsv"
expect_exit 1; expect_err "stance-train: $TMP/nope.tsv: cannot open: No such file or directory"

case_ "train: a kernel matrix over --max-kernel-mb gives way to the vectors, same labels"
head -n 301 "$CORPUS/test.tsv" >"$TMP/small.tsv" # 300 sentences: a 1.4 MB matrix
run "$BIN/stance-train" -q --seed 3 --max-kernel-mb 1 -o "$TMP/sparse.model" "$TMP/small.tsv"
expect_exit 0
run "$BIN/stance-train" -q --seed 3 -o "$TMP/dense.model" "$TMP/small.tsv"
expect_exit 0
"$BIN/stance-classify" -m "$TMP/sparse.model" --lines -f tsv --no-attribution "$CORPUS/test.tsv" | cut -f5 >"$TMP/sparse.labels"
"$BIN/stance-classify" -m "$TMP/dense.model" --lines -f tsv --no-attribution "$CORPUS/test.tsv" | cut -f5 >"$TMP/dense.labels"
cmp -s "$TMP/sparse.labels" "$TMP/dense.labels" && [ "$(wc -l <"$TMP/dense.labels")" -gt 300 ] && ok ||
  bad "labels differ between the two training paths"

case_ "train: fastText and directory formats"
awk -F'\t' '!/^#/ && NF==2 {print "__label__" $1 " " $2}' "$CORPUS/test.tsv" >"$TMP/ft.txt"
run "$BIN/stance-train" -q --seed 3 -o "$TMP/ft.model" "$TMP/ft.txt"
expect_exit 0
for l in condemns neutral supports warns; do mkdir -p "$TMP/dir/$l"; done
awk -F'\t' -v d="$TMP/dir" '!/^#/ && NF==2 {print $2 >> (d "/" $1 "/s.txt")}' "$CORPUS/test.tsv"
run "$BIN/stance-train" -q --seed 3 -o "$TMP/dir.model" "$TMP/dir"
expect_exit 0

case_ "train: --cv reports metrics"
run "$BIN/stance-train" --cv 3 --no-probability -o "$TMP/cv.model" "$CORPUS/test.tsv"
expect_exit 0; expect_out_has "3-fold cross-validation:"; expect_out_has "macro-F1"

case_ "train: --help and --version"
run "$BIN/stance-train" --help
expect_exit 0; expect_out_has "Usage: stance-train [options] -o MODEL CORPUS..."
run "$BIN/stance-train" -V
expect_exit 0; expect_out_has "stance-train (stance)"

# ------------------------------------------------------------- classify
case_ "classify: jsonl records as design.md says"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl "$SAMPLE"
expect_exit 0; expect_no_err; expect_lines 10
py "$OUT" "$SAMPLE" <<'PY' && ok || bad "jsonl check failed"
import json, sys
data = open(sys.argv[2], 'rb').read()
for i, line in enumerate(open(sys.argv[1], encoding='utf-8')):
    r = json.loads(line)
    assert list(r) == ["file", "sentence", "start", "end", "text", "label", "confidence", "probabilities", "source", "target"], list(r)
    assert r["sentence"] == i
    assert data[r["start"]:r["end"]].decode() == r["text"], (r["text"])
    assert abs(sum(r["probabilities"].values()) - 1) < 1e-6
    assert r["probabilities"][r["label"]] == r["confidence"]
    assert set(r["probabilities"]) == {"condemns", "supports", "warns", "neutral"}
PY

case_ "classify: sample sentences get the expected labels"
run "$BIN/stance-classify" -m "$MODEL" -f tsv "$SAMPLE"
expect_exit 0
[ "$(cut -f5 "$OUT" | tail -n +2 | sed -n '4p;5p;8p;9p' | tr '\n' ' ')" = "supports condemns warns neutral " ] && ok || bad "labels: $(cut -f5 "$OUT" | tr '\n' ' ')"

case_ "classify: --summary"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl --summary "$SAMPLE"
expect_exit 0; expect_lines 1
py "$OUT" <<'PY' && ok || bad "summary check failed"
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert list(r) == ["file", "sentences", "counts", "label", "sources", "treaties"]
assert r["treaties"] == ["Lake Ostra Border Treaty"], r["treaties"]
assert r["sources"]["Mira Solen"]["condemns"] >= 1, r["sources"]
assert r["sentences"] == 10 and sum(r["counts"].values()) == 10
assert r["label"] != "neutral"
PY

case_ "classify: --summary tallies a thousand sources, each once, in order of appearance"
py "$TMP/many.txt" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for rnd in range(3):
        for i in range(1000):
            f.write("Delegate Arlen Voss%d said the border pact was a mistake.\n" % i)
PY
run "$BIN/stance-classify" -m "$MODEL" --lines -j1 -f jsonl --summary "$TMP/many.txt"
expect_exit 0; expect_lines 1
py "$OUT" <<'PY' && ok || bad "summary of many sources wrong"
import json, sys
r = json.loads(open(sys.argv[1]).read())
names = list(r["sources"])
assert names == ["Arlen Voss%d" % i for i in range(1000)], names[:5]
assert all(sum(c.values()) == 3 for c in r["sources"].values())
assert r["sentences"] == 3000
PY

case_ "classify: --lines from stdin"
run "$BIN/stance-classify" -m "$MODEL" --lines -f csv < <(printf 'The ministry welcomed the accord.\nThe pact is illegal, the minister said.\n')
expect_exit 0; expect_lines 3; expect_out_has 'file,sentence,start,end,label,confidence'
expect_out_has ',source,target,text'
expect_out_has '-,1,34,73,'

case_ "classify: csv quoting"
printf '"We reject it," he said, "and always will."\n' >"$TMP/q.txt"
run "$BIN/stance-classify" -m "$MODEL" -f csv "$TMP/q.txt"
expect_exit 0; expect_out_has ',"""We reject it,"" he said, ""and always will."""'

case_ "classify: tsv escaping"
# tab and backslash inside the first 16 bytes and past them, in the text
# and in the file name; every record keeps its 13 fields
mkdir -p "$TMP/tab	dir"
printf 'A\ttreaty \\ was signed in Vienna, the ministry said\tin a\\statement.\n' >"$TMP/tab	dir/x.txt"
run "$BIN/stance-classify" -m "$MODEL" --lines -f tsv "$TMP/tab	dir/x.txt"
expect_exit 0; expect_lines 2
expect_out_has 'tab\tdir/x.txt	0	0	66	'
expect_out_has '	A\ttreaty \\ was signed in Vienna, the ministry said\tin a\\statement.'
[ "$(tail -1 "$OUT" | awk -F'\t' '{print NF}')" -eq 13 ] && ok || bad "not 13 fields"

case_ "classify: empty file"
: >"$TMP/empty.txt"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl --summary "$TMP/empty.txt"
expect_exit 0; expect_out_has '"sentences": 0'

case_ "classify: invalid UTF-8 gets one error record and exit 1"
printf 'The pact\xc3( was signed.\n' >"$TMP/bad.txt"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl "$TMP/bad.txt" "$SAMPLE"
expect_exit 1
expect_err "stance-classify: $TMP/bad.txt: invalid UTF-8 at byte 8 (use --lossy to replace it)"
[ "$(head -1 "$OUT")" = "{\"file\": \"$TMP/bad.txt\", \"error\": \"invalid UTF-8 at byte 8 (use --lossy to replace it)\"}" ] && ok || bad "error record"
expect_lines 11

case_ "classify: --lossy goes on"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl --lossy "$TMP/bad.txt"
expect_exit 0; expect_lines 1; expect_out_has '"start": 0, "end": 22, "text": "The pact?( was signed."' 

case_ "classify: binary file"
printf 'abc\0def' >"$TMP/bin.txt"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl "$TMP/bin.txt"
expect_exit 1; expect_err "stance-classify: $TMP/bin.txt: binary file: NUL byte at byte 3"

case_ "classify: unreadable path"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl "$TMP/missing.txt"
expect_exit 1; expect_out "{\"file\": \"$TMP/missing.txt\", \"error\": \"cannot open: No such file or directory\"}"

case_ "classify: file over --max-size"
run "$BIN/stance-classify" -m "$MODEL" --max-size 100 -f jsonl "$SAMPLE"
expect_exit 1; expect_err_has "file exceeds the size limit of 100 bytes"

case_ "classify: directory walk, same output for -j1 and -j2"
mkdir -p "$TMP/arch/a/b" "$TMP/arch/c"
cp "$SAMPLE" "$TMP/arch/a/one.txt"; cp "$SAMPLE" "$TMP/arch/a/b/two.txt"
printf 'The deal was signed.\n' >"$TMP/arch/c/three.txt"; printf 'skip me' >"$TMP/arch/c/notes.md"
run "$BIN/stance-classify" -m "$MODEL" -j1 -f jsonl --summary "$TMP/arch"
expect_exit 0; expect_lines 3; cp "$OUT" "$TMP/j1"
run "$BIN/stance-classify" -m "$MODEL" -j2 -f jsonl --summary "$TMP/arch"
cmp -s "$OUT" "$TMP/j1" && ok || bad "-j2 output differs"
[ "$(sed -n 1p "$OUT" | cut -c1-60)" = "{\"file\": \"$TMP/arch/a/b/two.txt\", \"sentences\": 10," ] 2>/dev/null || true
run "$BIN/stance-classify" -m "$MODEL" --all -f jsonl --summary "$TMP/arch"
expect_lines 4

case_ "classify: a file whose records pass a megabyte streams them, in order, for -j1 and -j2"
mkdir -p "$TMP/bigarch"
printf 'The deal was signed.\n' >"$TMP/bigarch/a.txt"
for i in 1 2 3 4 5 6; do cut -f2 "$CORPUS/test.tsv" | grep -v '^#'; done >"$TMP/bigarch/b.txt"
printf 'Critics called the pact illegal.\n' >"$TMP/bigarch/c.txt"
run "$BIN/stance-classify" -m "$MODEL" -j1 --lines --no-attribution -f tsv -o "$TMP/big1.tsv" "$TMP/bigarch"
expect_exit 0
[ "$(stat -c %s "$TMP/big1.tsv")" -gt 1100000 ] && ok || bad "records under a megabyte"
[ "$(cut -f1 "$TMP/big1.tsv" | uniq | sed 's|.*/||' | tr '\n' ' ')" = "file a.txt b.txt c.txt " ] && ok || bad "records out of order"
[ "$(grep -c 'b.txt' "$TMP/big1.tsv")" -eq $((6 * NTEST)) ] && ok || bad "b.txt records missing"
run "$BIN/stance-classify" -m "$MODEL" -j2 --lines --no-attribution -f tsv "$TMP/bigarch"
cmp -s "$OUT" "$TMP/big1.tsv" && ok || bad "-j2 output differs from -j1 -o"

case_ "classify: a file over 4 MB (read into huge pages where offered) gives every line its record"
for i in $(seq 30); do cut -f2 "$CORPUS/test.tsv" | grep -v '^#'; done >"$TMP/big5.txt"
[ "$(stat -c %s "$TMP/big5.txt")" -gt 4200000 ] && ok || bad "input under 4 MB"
run "$BIN/stance-classify" -m "$MODEL" -j1 --lines --no-attribution -f tsv "$TMP/big5.txt"
expect_exit 0; expect_lines $((30 * NTEST + 1))
[ "$(tail -n 1 "$OUT" | cut -f2)" = "$((30 * NTEST - 1))" ] && ok || bad "last record is not the last line"

case_ "classify: --stdin-jsonl documents carry their ids"
printf '{"id": "a1", "text": "The ministry welcomed the accord. Critics called it illegal."}\n{"id": 7, "text": "Analysts warned the pact could collapse."}\nnot json\n' >"$TMP/docs.jsonl"
run "$BIN/stance-classify" -m "$MODEL" --stdin-jsonl -f jsonl --summary <"$TMP/docs.jsonl"
expect_exit 1; expect_lines 3
expect_out_has '{"id": "a1", "sentences": 2,'; expect_out_has '{"id": 7, "sentences": 1,'
expect_out_has '{"id": null, "error": "stdin line 3: not a JSON object"}'
run "$BIN/stance-classify" -m "$MODEL" --stdin-jsonl a.txt
expect_exit 2; expect_err_has "--stdin-jsonl reads stdin only"

case_ "classify: GNU parallel --pipe gives the single-process output"
if command -v parallel >/dev/null; then
  for i in $(seq 1 60); do
    printf '{"id": %d, "text": "Document %d. The government hailed the water treaty as a model for the region. Opposition leaders said they would never accept it."}\n' "$i" "$i"
  done >"$TMP/many.jsonl"
  "$BIN/stance-classify" -m "$MODEL" -j1 --stdin-jsonl -f jsonl <"$TMP/many.jsonl" >"$TMP/single.jsonl"
  parallel --pipe --keep-order -j2 -N 7 "$BIN/stance-classify" -m "$MODEL" -j1 --stdin-jsonl -f jsonl \
    <"$TMP/many.jsonl" >"$TMP/par.jsonl" 2>"$ERR"
  cmp -s "$TMP/single.jsonl" "$TMP/par.jsonl" && ok || bad "parallel output differs"
  [ "$(wc -l <"$TMP/par.jsonl")" -eq 180 ] && ok || bad "parallel line count"
else
  bad "GNU parallel is not installed (scripts/setup.sh installs it)"
fi

case_ "classify: --resume continues an interrupted run"
mkdir -p "$TMP/res"
for i in $(seq 10 29); do cp "$SAMPLE" "$TMP/res/f$i.txt"; done
"$BIN/stance-classify" -m "$MODEL" -f jsonl "$TMP/res" >"$TMP/res.full"
head -c 20000 "$TMP/res.full" >"$TMP/res.out.partial"   # a run killed mid-record
run "$BIN/stance-classify" -m "$MODEL" -f jsonl -o "$TMP/res.out" --resume "$TMP/res"
expect_exit 0; expect_err_has "resumed: "
cmp -s "$TMP/res.out" "$TMP/res.full" && ok || bad "resumed output differs from a full run"
[ ! -e "$TMP/res.out.partial" ] && ok || bad "partial file left behind"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl -o "$TMP/res.out" --resume "$TMP/res"
expect_exit 0; expect_err_has "resumed: 20 inputs already recorded"
cmp -s "$TMP/res.out" "$TMP/res.full" && ok || bad "second resume changed the output"
run "$BIN/stance-classify" -m "$MODEL" --resume "$TMP/res"
expect_exit 2; expect_err_has "--resume needs --output FILE"

case_ "classify: symbolic links skipped unless --follow, loops detected"
mkdir -p "$TMP/links/real"; cp "$SAMPLE" "$TMP/links/real/a.txt"
ln -s "$TMP/links/real" "$TMP/links/alias"; ln -s "$TMP/links" "$TMP/links/real/loop"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl --summary "$TMP/links"
expect_exit 0; expect_lines 1; expect_err "stance-classify: skipped 2 symbolic links (use --follow to follow them)"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl --summary --follow "$TMP/links"
expect_exit 1; expect_out_has '"error": "directory loop through a symbolic link; not entered again"'

case_ "classify: html report, rendered in headless Chromium"
mkdir -p "$TMP/arts"; cp "$SAMPLE" "$TMP/arts/pact.txt"; printf 'x\xffy\n' >"$TMP/arts/broken.txt"
run "$BIN/stance-classify" -m "$MODEL" -f html --explain 3 -o "$TMP/report" "$TMP/arts"
expect_exit 1
[ -f "$TMP/report/index.html" ] && ok || bad "no index.html"
PAGE=$(ls "$TMP/report" | grep pact); [ -n "$PAGE" ] && ok || bad "no article page"
grep -q "broken.txt: invalid UTF-8 at byte 1" "$TMP/report/index.html" && ok || bad "index lacks the error"
grep -qE 'src=|href="http|@import|url\(' "$TMP/report/$PAGE" && bad "page fetches something" || ok
run "$BIN/stance-classify" -m "$MODEL" -f html "$TMP/arts"
expect_exit 2; expect_err_has "-f html with several articles needs -o DIR"
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROME" ]; then
  flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$TMP/chrome"
  # shellcheck disable=SC2086
  timeout 120 "$CHROME" $flags --window-size=1000,1800 --screenshot="$TMP/shot.png" "file://$TMP/report/$PAGE" >/dev/null 2>"$TMP/chrome.err"
  [ -s "$TMP/shot.png" ] && ok || bad "no screenshot: $(tail -3 "$TMP/chrome.err")"
  # shellcheck disable=SC2086
  timeout 120 "$CHROME" $flags --enable-logging=stderr --v=0 --dump-dom "file://$TMP/report/$PAGE" >"$TMP/dom.html" 2>"$TMP/chrome.err"
  grep -q 'CONSOLE' "$TMP/chrome.err" && bad "console messages: $(grep CONSOLE "$TMP/chrome.err" | head -3)" || ok
  "$BIN/stance-classify" -m "$MODEL" -f jsonl "$SAMPLE" >"$TMP/sample.jsonl"
  py "$TMP/dom.html" "$TMP/sample.jsonl" <<'PY' && ok || bad "rendered page lacks sentences"
import html.parser, json, sys
class T(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.text = []
    def handle_data(self, d): self.text.append(d)
t = T(); t.feed(open(sys.argv[1], encoding='utf-8').read())
page = ' '.join(''.join(t.text).split())
for line in open(sys.argv[2], encoding='utf-8'):
    s = ' '.join(json.loads(line)["text"].split())
    assert s in page, s
PY
else
  bad "chromium is not installed (scripts/setup.sh installs it)"
fi

case_ "classify: --output written atomically"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl -o "$TMP/res.jsonl" "$SAMPLE"
expect_exit 0; [ "$(wc -l <"$TMP/res.jsonl")" -eq 10 ] && ok || bad "output file"
[ -z "$(ls "$TMP" | grep tmp)" ] && ok || bad "temporary file left"

case_ "classify: --no-attribution leaves source and target null"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl --no-attribution "$SAMPLE"
expect_exit 0; expect_lines 10
grep -q '"source": "Mira Solen"' "$OUT" && bad "attribution ran" || ok
[ "$(grep -c '"source": null, "target": null' "$OUT")" -eq 10 ] && ok || bad "non-null source or target"

case_ "classify: --explain"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl --explain 3 --lines < <(echo 'The opposition denounced the treaty as illegal.')
expect_exit 0; expect_out_has '"explain": [{"feature": '

case_ "classify: usage errors"
run "$BIN/stance-classify" -m "$MODEL" -f xml "$SAMPLE"
expect_exit 2; expect_err "stance-classify: unknown format 'xml' (text, tsv, csv, jsonl, html)
Try 'stance-classify --help' for more information."
run "$BIN/stance-classify" -m "$MODEL" -j 0 "$SAMPLE"
expect_exit 2; expect_err_has "invalid value '0' for --jobs"

case_ "usage: unknown options and missing values"
run "$BIN/stance-classify" --bogus
expect_exit 2; expect_err "stance-classify: unrecognised option '--bogus'
Try 'stance-classify --help' for more information."
run "$BIN/stance-train" --cv
expect_exit 2; expect_err "stance-train: option '--cv' needs a value
Try 'stance-train --help' for more information."

case_ "classify: unusable models exit 2"
run "$BIN/stance-classify" -m "$TMP/nomodel" "$SAMPLE"
expect_exit 2; expect_err "stance-classify: $TMP/nomodel: cannot open: No such file or directory"
head -c 2000 "$MODEL" >"$TMP/trunc.model"
run "$BIN/stance-classify" -m "$TMP/trunc.model" "$SAMPLE"
expect_exit 2; expect_err "stance-classify: $TMP/trunc.model: truncated model file (no checksum line)"
cp "$MODEL" "$TMP/flip.model"; printf '\x55' | dd of="$TMP/flip.model" bs=1 seek=3000 conv=notrunc 2>/dev/null
run "$BIN/stance-classify" -m "$TMP/flip.model" "$SAMPLE"
expect_exit 2; expect_err "stance-classify: $TMP/flip.model: checksum mismatch: the model file is corrupted"
run "$BIN/stance-classify" -m "$SAMPLE" "$SAMPLE"
expect_exit 2; expect_err "stance-classify: $SAMPLE: not a stance model file"

case_ "classify: STANCE_MODEL selects the default model"
STANCE_MODEL="$MODEL" run "$BIN/stance-classify" --summary -f jsonl "$SAMPLE"
expect_exit 0; expect_lines 1

case_ "classify: --help"
run "$BIN/stance-classify" --help
expect_exit 0; expect_out_has "Usage: stance-classify [-m MODEL] [options] [PATH...]"

# ----------------------------------------------------------------- eval
case_ "eval: corpus report"
run "$BIN/stance-eval" -m "$MODEL" "$CORPUS/test.tsv"
expect_exit 0; expect_out_has "accuracy"; expect_out_has "confusion (rows: gold, columns: predicted)"

case_ "eval: json"
run "$BIN/stance-eval" -m "$MODEL" -f json "$CORPUS/test.tsv"
expect_exit 0
py "$OUT" "$NTEST" <<'PY' && ok || bad "json report"
import json, sys
r = json.loads(open(sys.argv[1]).read())
n = int(sys.argv[2])
assert r["sentences"] == n and 0 <= r["macro_f1"] <= 1
assert sum(sum(v.values()) for v in r["confusion"].values()) == n
PY

case_ "eval: articles"
run "$BIN/stance-eval" -m "$MODEL" --articles "$CORPUS/articles"
expect_exit 0; expect_out_has "sentence boundaries: precision"

case_ "eval: unknown label"
printf 'praises\tThe pact was welcomed.\n' >"$TMP/unk.tsv"
run "$BIN/stance-eval" -m "$MODEL" "$TMP/unk.tsv"
expect_exit 1; expect_err "stance-eval: $TMP/unk.tsv:1: label \"praises\" is not one of the model's labels (condemns, neutral, supports, warns)"

case_ "eval: gold not matching the article"
mkdir -p "$TMP/art"; printf 'The pact was signed. It was welcomed.\n' >"$TMP/art/a.txt"
printf 'neutral\tThe pact was signed.\nsupports\tIt was praised.\n' >"$TMP/art/a.gold.tsv"
run "$BIN/stance-eval" -m "$MODEL" --articles "$TMP/art"
expect_exit 1; expect_err_has "a.gold.tsv:2: gold sentence does not match the article text at byte 21"

case_ "summary: a tie between labels goes to the higher summed confidence, not the name"
# one sentence each for two labels: the summary label must be the one whose
# sentence the model was surer of, whichever name sorts first (with the test
# model the supports sentence is the surer one, so "condemns" sorting first
# would be wrong)
printf 'The union complained the agreement was flawed in places.\nThe president hailed the treaty as a historic step toward peace.\nThe talks were held in March.\n' >"$TMP/tie.txt"
run "$BIN/stance-classify" -m "$MODEL" --lines -f jsonl "$TMP/tie.txt"
cp "$OUT" "$TMP/tie.jsonl"
run "$BIN/stance-classify" -m "$MODEL" --lines --summary -f jsonl "$TMP/tie.txt"
expect_exit 0
py "$TMP/tie.jsonl" "$OUT" <<'PY' && ok || bad "summary label is not the tie's surer label"
import json, sys
sent = [json.loads(l) for l in open(sys.argv[1])]
summ = json.loads(open(sys.argv[2]).read())
conf = {}
for r in sent:
    if r["label"] != "neutral":
        conf.setdefault(r["label"], []).append(r["confidence"])
if len(conf) == 2 and all(len(v) == 1 for v in conf.values()):
    want = max(conf, key=lambda l: conf[l][0])
else:  # the test model saw the tie differently: the rule still holds for counts
    want = max(conf, key=lambda l: (len(conf[l]), sum(conf[l]))) if conf else "neutral"
assert summ["label"] == want, (summ["label"], want, conf)
PY

case_ "walk: a folder with no matching files says so and fails"
mkdir -p "$TMP/docs"; printf 'x' >"$TMP/docs/a.pdf"; printf 'y' >"$TMP/docs/b.docx"
run "$BIN/stance-classify" -m "$MODEL" --summary -f csv "$TMP/docs"
expect_exit 1
expect_err "stance-classify: no input files found: 2 files did not match --glob '*.txt' (use --glob PATTERN, e.g. '*.md', or --all to take every file)"

case_ "binary inputs: the error names the format and a converter"
printf '%%PDF-1.4\n\0stream' >"$TMP/docs/c.txt"; printf 'PK\003\004\0\0' >"$TMP/docs/d.txt"
run "$BIN/stance-classify" -m "$MODEL" --summary -f jsonl "$TMP/docs"
expect_exit 1
expect_out_has '"file": "'"$TMP"'/docs/c.txt", "error": "binary file: NUL byte at byte 9 (a PDF: convert it to text first, e.g. pdftotext FILE.pdf)"'
expect_out_has 'a ZIP archive such as DOCX or ODT'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
