#!/usr/bin/env bash
# End-to-end tests of stance-train's model record (--describe), grid search,
# parallel folds (-j) and progress notes.
# Usage: train.sh BINDIR TESTSDIR SOURCEDIR
BIN=$1 TESTS=$2 SRC=$3
. "$(dirname "$0")/lib.sh"

CORPUS="$SRC/corpora/treaties"
head -n 401 "$CORPUS/test.tsv" | grep -v '^#' >"$TMP/small.tsv" # 400 sentences, quick to train
NSMALL=$(wc -l <"$TMP/small.tsv")

# ------------------------------------------------------------- --describe
case_ "describe: every recorded setting, as text"
"$BIN/stance-train" -q --seed 5 --solver liblinear --balanced --class-weight warns=2 --min-df 2 \
  --char-weight 0.4 --prior-weight neutral=2 -o "$TMP/d.model" "$TMP/small.tsv"
run "$BIN/stance-train" --describe "$TMP/d.model"
expect_exit 0; expect_no_err
expect_out_has "format         4"
expect_out_has "trained by     stance "
expect_out_has "solver         liblinear"
expect_out_has "class weights  balanced, then warns=2"
expect_out_has "prior weights  condemns=1, neutral=2, supports=1, warns=1"
expect_out_has "char weight    0.4"
expect_out_has "min-df         2"
expect_out_has "seed           5"
expect_out_has "feature version 1"
expect_out_has "grid           none (settings as given)"
expect_out_has "corpus         $NSMALL sentences, checksum "
want=$(cut -f1 "$TMP/small.tsv" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1}')
expect_out_has "labels         $want"

case_ "describe: --json is one object with the same record"
run "$BIN/stance-train" --describe "$TMP/d.model" --json
expect_exit 0; expect_lines 1
py "$OUT" "$NSMALL" <<'PY' && ok || bad "JSON record wrong"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == 4 and d["solver"] == "liblinear" and d["seed"] == 5, d
assert d["feature_version"] == 1, d
assert d["balanced"] is True and d["class_weights"] == "warns=2" and d["min_df"] == 2, d
assert d["char_weight"] == 0.4 and d["word_ngrams"] == [1, 2] and d["grid"] is None, d
assert d["corpus"]["sentences"] == int(sys.argv[2]) and len(d["corpus"]["checksum"]) == 16, d
assert sum(l["sentences"] for l in d["labels"]) == int(sys.argv[2]), d
assert [l["prior_weight"] for l in d["labels"]] == [1, 2, 1, 1], d
PY

case_ "a model of a newer feature version is refused, naming the file and line"
py "$TMP/d.model" "$TMP/f2.model" <<'PY'
import sys
M = (1 << 64) - 1
def checksum(b):  # model_checksum (src/model/model.c)
    p = 0x100000001b3
    lane = [0xcbf29ce484222325, 0x84222325cbf29ce4, 0x9e3779b97f4a7c15, 0xc2b2ae3d27d4eb4f]
    i = 0
    while i + 32 <= len(b):
        for k in range(4):
            lane[k] = ((lane[k] ^ int.from_bytes(b[i + 8 * k:i + 8 * k + 8], "little")) * p) & M
        i += 32
    for c in b[i:]:
        lane[0] = ((lane[0] ^ c) * p) & M
    h = len(b)
    for k in range(4):
        h = ((h ^ lane[k]) * p) & M
    h ^= h >> 33
    h = (h * 0xff51afd7ed558ccd) & M
    return h ^ (h >> 33)
b = open(sys.argv[1], "rb").read()
body = b[:-27].replace(b"\nfeatures 1\n", b"\nfeatures 2\n", 1)
open(sys.argv[2], "wb").write(body + b"\nchecksum %016x\n" % checksum(body))
PY
line=$(grep -a -n '^features 1$' "$TMP/d.model" | cut -d: -f1)
run "$BIN/stance-classify" -m "$TMP/f2.model" "$SRC/samples/border-pact.txt"
expect_exit 2
expect_err_has "f2.model:$line: "

case_ "describe: the corpus checksum follows the sentences"
sed '1s/$/ x/' "$TMP/small.tsv" >"$TMP/small2.tsv"
"$BIN/stance-train" -q --seed 5 --solver liblinear -o "$TMP/d2.model" "$TMP/small2.tsv"
"$BIN/stance-train" -q --seed 5 --solver liblinear -o "$TMP/d3.model" "$TMP/small.tsv"
a=$("$BIN/stance-train" --describe "$TMP/d2.model" | grep '^corpus')
b=$("$BIN/stance-train" --describe "$TMP/d3.model" | grep '^corpus')
[ "$a" != "$b" ] && ok || bad "same checksum for different corpora: $a"
sum=$(py "$TMP/small.tsv" <<'PY'
import sys
h = 0xcbf29ce484222325
for line in open(sys.argv[1], "rb"):
    for c in line:
        h = ((h ^ c) * 0x100000001b3) & (2**64 - 1)
print("%016x" % h)
PY
)
[ "$b" = "corpus         $NSMALL sentences, checksum $sum" ] && ok || bad "checksum $b, expected $sum"

case_ "describe: usage errors"
run "$BIN/stance-train" --describe "$TMP/nope.model"
expect_exit 2; expect_err_has "nope.model"
run "$BIN/stance-train" --json -o "$TMP/x" "$TMP/small.tsv"
expect_exit 2; expect_err_has "--json goes with --describe MODEL"
run "$BIN/stance-train" --describe "$TMP/d.model" -o "$TMP/x"
expect_exit 2; expect_err_has "--describe MODEL takes no corpus and no -o"

# ------------------------------------------------------------ --grid, -j
case_ "grid: the table, the chosen point, and the same model for any -j"
run "$BIN/stance-train" --grid --grid-C 0.5,2 --grid-char-weight 0.2,0.4 --folds 3 --seed 2 -j1 \
  -o "$TMP/g1.model" "$TMP/small.tsv"
expect_exit 0; expect_no_err
expect_out_has "grid search: 8 points (C x class weighting x char weight), 3-fold cross-validation, scored by macro-F1 of decision-value labels"
[ "$(grep -cE '^  0\.[24] +(none|balanced) +(0\.5|2) +0\.[0-9]{4} +0\.[0-9]{4}$' "$OUT")" -eq 8 ] && ok ||
  bad "the table does not have 8 rows"
chose=$(grep '^chose C=' "$OUT")
[ -n "$chose" ] && ok || bad "no chosen point"
cp "$OUT" "$TMP/g1.out"
run "$BIN/stance-train" --grid --grid-C 0.5,2 --grid-char-weight 0.2,0.4 --folds 3 --seed 2 -j3 \
  -o "$TMP/g3.model" "$TMP/small.tsv"
expect_exit 0
cmp -s "$TMP/g1.model" "$TMP/g3.model" && ok || bad "-j1 and -j3 give different models"
diff <(grep -v '^wrote' "$TMP/g1.out") <(grep -v '^wrote' "$OUT") >/dev/null && ok || bad "-j1 and -j3 print different tables"

case_ "grid: the choice is recorded in the model"
run "$BIN/stance-train" --describe "$TMP/g3.model"
best=$(grep '^chose C=' "$TMP/g1.out" | sed 's/.*(macro-F1 \(.*\))/\1/')
expect_out_has "grid           macro-f1 $best, best of 8 points, 3-fold cross-validation"
c=$(echo "$chose" | sed 's/chose C=\([^,]*\),.*/\1/')
expect_out_has "C              $c"

case_ "grid: --grid-score accuracy"
run "$BIN/stance-train" -q --grid --grid-score accuracy --grid-C 1 --grid-char-weight 0.3 --folds 3 \
  -o "$TMP/ga.model" "$TMP/small.tsv"
expect_exit 0; expect_out ""
"$BIN/stance-train" --describe "$TMP/ga.model" --json >"$OUT"
py "$OUT" <<'PY' && ok || bad "grid record wrong"
import json, sys
g = json.load(open(sys.argv[1]))["grid"]
assert g["score"] == "accuracy" and g["points"] == 2 and g["folds"] == 3 and 0 < g["value"] <= 1, g
PY
run "$BIN/stance-train" --grid --grid-score f2 -o "$TMP/x" "$TMP/small.tsv"
expect_exit 2; expect_err_has "unknown grid score 'f2' (macro-f1, accuracy, macro-f1:LABEL,LABEL...)"
run "$BIN/stance-train" --grid --grid-C 0,1 -o "$TMP/x" "$TMP/small.tsv"
expect_exit 2; expect_err_has "invalid list '0,1' for --grid-C"
# the grid's own options without --grid are a usage error, not ignored
rm -f "$TMP/x"
for opt in "--grid-C 1,2" "--grid-char-weight 0.2" "--grid-score accuracy" "--grid-repeats 2" "--folds 3"; do
  run "$BIN/stance-train" $opt -o "$TMP/x" "$TMP/small.tsv"
  expect_exit 2; expect_err_has "${opt%% *} goes with --grid"
done
[ ! -e "$TMP/x" ] && ok || bad "a model written after a grid option without --grid"

case_ "grid: --grid-score macro-f1:LABELS averages F1 over those labels only"
# On this corpus, macro-F1 over all four labels picks C=1 and F1 of
# "supports" alone picks C=8: the subset score changes the chosen point.
run "$BIN/stance-train" --grid --grid-C 1,8 --grid-char-weight 0.5 --folds 3 --seed 2 -j2 \
  -o "$TMP/gm.model" "$TMP/small.tsv"
expect_exit 0; expect_out_has "chose C=1, class weighting none, char weight 0.5 (macro-F1 "
run "$BIN/stance-train" --grid --grid-score macro-f1:supports --grid-C 1,8 --grid-char-weight 0.5 \
  --folds 3 --seed 2 -j2 -o "$TMP/gs.model" "$TMP/small.tsv"
expect_exit 0
expect_out_has "scored by F1 averaged over supports of decision-value labels"
expect_out_has "  char_weight  weighting  C         macro-F1  accuracy  F1-over"
[ "$(grep -cE '^  0\.5 +(none|balanced) +(1|8) +0\.[0-9]{4} +0\.[0-9]{4} +0\.[0-9]{4}$' "$OUT")" -eq 4 ] &&
  ok || bad "the table does not have 4 rows with the F1-over column"
expect_out_has "chose C=8, class weighting none, char weight 0.5 (F1 averaged over supports "
best=$(grep '^chose C=' "$OUT" | sed 's/.*(F1 averaged over supports \(.*\))/\1/')
run "$BIN/stance-train" --describe "$TMP/gs.model"
expect_out_has "grid           macro-f1:supports $best, best of 4 points, 3-fold cross-validation"
"$BIN/stance-train" --describe "$TMP/gs.model" --json >"$OUT"
py "$OUT" <<'PY' && ok || bad "grid record wrong"
import json, sys
g = json.load(open(sys.argv[1]))["grid"]
assert g["score"] == "macro-f1:supports" and g["points"] == 4 and g["folds"] == 3, g
PY
echo "The minister supports the treaty." >"$TMP/one.txt"
run "$BIN/stance-classify" -m "$TMP/gs.model" --lines -f tsv "$TMP/one.txt"
expect_exit 0
rm -f "$TMP/x"
run "$BIN/stance-train" -q --grid --grid-score macro-f1:warns,opposes -o "$TMP/x" "$TMP/small.tsv"
expect_exit 2; expect_err_has "--grid-score: unknown label 'opposes' (not in the training corpus)"
[ ! -e "$TMP/x" ] && ok || bad "a model written after a usage error"
run "$BIN/stance-train" -q --grid --grid-score macro-f1:warns,warns -o "$TMP/x" "$TMP/small.tsv"
expect_exit 2; expect_err_has "--grid-score: label 'warns' named twice"
for bad_score in "macro-f1:" "macro-f1:warns," "macro-f1:,warns" "macro-f1:a,,b"; do
  run "$BIN/stance-train" --grid --grid-score "$bad_score" -o "$TMP/x" "$TMP/small.tsv"
  expect_exit 2; expect_err_has "an empty label in the list"
done

case_ "grid: --grid-repeats deals the folds again and sums every point over all of them"
run "$BIN/stance-train" --grid --grid-repeats 2 --grid-C 0.5,2 --grid-char-weight 0.2,0.4 --folds 3 \
  --seed 2 -j1 -o "$TMP/r1.model" "$TMP/small.tsv"
expect_exit 0; expect_no_err
expect_out_has "grid search: 8 points (C x class weighting x char weight), 3-fold cross-validation repeated 2 times, scored by macro-F1 of decision-value labels"
cp "$OUT" "$TMP/r1.out"
# the second dealing (seed 3) adds held-out folds: the table is not seed 2's alone
diff <(grep '^  0' "$TMP/g1.out") <(grep '^  0' "$TMP/r1.out") >/dev/null &&
  bad "two dealings print the same table as one" || ok
run "$BIN/stance-train" --grid --grid-repeats 2 --grid-C 0.5,2 --grid-char-weight 0.2,0.4 --folds 3 \
  --seed 2 -j3 -o "$TMP/r3.model" "$TMP/small.tsv"
expect_exit 0
cmp -s "$TMP/r1.model" "$TMP/r3.model" && ok || bad "-j1 and -j3 give different models with repeats"
diff <(grep -v '^wrote' "$TMP/r1.out") <(grep -v '^wrote' "$OUT") >/dev/null && ok ||
  bad "-j1 and -j3 print different tables with repeats"
best=$(grep '^chose C=' "$TMP/r1.out" | sed 's/.*(macro-F1 \(.*\))/\1/')
run "$BIN/stance-train" --describe "$TMP/r1.model"
expect_out_has "grid           macro-f1 $best, best of 8 points, 3-fold cross-validation repeated 2 times"
"$BIN/stance-train" --describe "$TMP/r1.model" --json >"$OUT"
py "$OUT" <<'PY' && ok || bad "grid record wrong"
import json, sys
g = json.load(open(sys.argv[1]))["grid"]
assert g["repeats"] == 2 and g["folds"] == 3 and g["points"] == 8, g
PY
"$BIN/stance-train" --describe "$TMP/g1.model" --json >"$OUT"
py "$OUT" <<'PY' && ok || bad "a grid without repeats should record 1"
import json, sys
assert json.load(open(sys.argv[1]))["grid"]["repeats"] == 1
PY
# one dealing is today's grid, byte for byte
run "$BIN/stance-train" -q --grid --grid-repeats 1 --grid-C 0.5,2 --grid-char-weight 0.2,0.4 \
  --folds 3 --seed 2 -o "$TMP/r0.model" "$TMP/small.tsv"
expect_exit 0
cmp -s "$TMP/g1.model" "$TMP/r0.model" && ok || bad "--grid-repeats 1 changed the model"
for bad_r in 0 101 x; do
  run "$BIN/stance-train" --grid --grid-repeats "$bad_r" -o "$TMP/x" "$TMP/small.tsv"
  expect_exit 2; expect_err_has "--grid-repeats"
done

case_ "cv: the same report for any -j"
run "$BIN/stance-train" --cv 4 -j1 --no-probability -o "$TMP/c1.model" "$TMP/small.tsv"
expect_exit 0; expect_out_has "4-fold cross-validation:"
grep -v '^wrote' "$OUT" >"$TMP/c1.out"
run "$BIN/stance-train" --cv 4 -j4 --no-probability -o "$TMP/c4.model" "$TMP/small.tsv"
expect_exit 0
diff "$TMP/c1.out" <(grep -v '^wrote' "$OUT") >/dev/null && ok || bad "-j1 and -j4 reports differ"

# ------------------------------------------------------ progress and notes
case_ "progress: drawn on a terminal's stderr only, never with -q"
if command -v script >/dev/null; then
  script -qec "'$BIN/stance-train' --cv 3 -j2 -o '$TMP/p.model' '$TMP/small.tsv'" /dev/null >"$OUT" 2>&1
  grep -q 'stance-train: cross-validation: 3/3 folds done' "$OUT" && ok || bad "no fold progress on a terminal"
  grep -q 'stance-train: calibration folds\|stance-train: training with' "$OUT" && ok || bad "no training progress"
  script -qec "'$BIN/stance-train' -q --cv 3 -o '$TMP/p.model' '$TMP/small.tsv'" /dev/null >"$OUT" 2>&1
  [ ! -s "$OUT" ] && ok || bad "-q still draws progress"
fi
run "$BIN/stance-train" --cv 3 -j2 -o "$TMP/p.model" "$TMP/small.tsv"
expect_exit 0; expect_no_err

case_ "note: a corpus too small for probability fitting"
{ grep -m 12 '^condemns' "$TMP/small.tsv"; grep -m 12 '^neutral' "$TMP/small.tsv"; } >"$TMP/tiny.tsv"
run "$BIN/stance-train" -o "$TMP/tiny.model" "$TMP/tiny.tsv"
expect_exit 0
expect_err "stance-train: note: label 'condemns' has 12 training sentences, too few to fit probabilities reliably (at least 20 per label); labels come from the decision values and are not affected, but confidences may be wrong (--no-probability skips the fit)"
run "$BIN/stance-train" --no-probability -o "$TMP/tiny.model" "$TMP/tiny.tsv"
expect_exit 0; expect_no_err
run "$BIN/stance-train" -q -o "$TMP/tiny.model" "$TMP/tiny.tsv"
expect_exit 0; expect_no_err

echo "train.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
