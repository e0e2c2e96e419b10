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
assert d["balanced"] is True and d["class_weights"] == "warns=2" and d["min_df"] == 2, d
assert d["char_weight"] == 0.4 and d["word_ngrams"] == [1, 2] and d["grid"] is None, d
assert d["corpus"]["sentences"] == int(sys.argv[2]) and len(d["corpus"]["checksum"]) == 16, d
assert sum(l["sentences"] for l in d["labels"]) == int(sys.argv[2]), d
assert [l["prior_weight"] for l in d["labels"]] == [1, 2, 1, 1], d
PY

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

echo "train.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
