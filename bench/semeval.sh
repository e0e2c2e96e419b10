#!/usr/bin/env bash
# SemEval-2016 Task 6A (stance in tweets, five targets): stance-train and
# stance-classify against scikit-learn's LinearSVC on the task's split,
# scored by the task's F_avg (the mean of F1 favor and F1 against over the
# 1,249 test tweets pooled, in percent).  See bench/README.md, "SemEval".
#
# Usage: bench/semeval.sh DATA_DIR [BUILD_DIR]      (default build/)
#
# DATA_DIR is TweetEval's datasets/stance folder (github.com/cardiffnlp/
# tweeteval: one folder per target with {train,val,test}_{text,labels}.txt);
# train and val together are the task's 2,914 training tweets.  The data
# may not be redistributed: it is copied to bench/out/semeval/ (git-ignored)
# and never into the tree.
#
# Environment:
#   VARIANTS  which stance rows to run, by name (default: all of them, below;
#             the --grid rows take about 100 times the others' CPU)
#   SKLEARN   0 to leave out the scikit-learn rows (default 1)
#   PYTHON    a Python with scikit-learn (default python3, else /usr/bin/python3)
#
# Prints one line per row: its name, F_avg, F_avg per target, and the user +
# system CPU seconds of its training; results.md in bench/out/semeval/ has
# them as a table, raw.jsonl every line.
set -euo pipefail

data=${1:?usage: bench/semeval.sh DATA_DIR [BUILD_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$(cd "${2:-$root/build}" && pwd)
PYTHON=${PYTHON:-python3}
SKLEARN=${SKLEARN:-1}
out=$root/bench/out/semeval
gnu_time=/usr/bin/time
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

die() { echo "semeval.sh: $*" >&2; exit 2; }
[ -x "$build/stance-train" ] || die "no stance-train in $build"
[ -f "$data/abortion/train_text.txt" ] || die "$data: not TweetEval's datasets/stance folder"
"$gnu_time" -v true 2>/dev/null || die "$gnu_time is not GNU time (apt-get install time)"
if ! "$PYTHON" -c 'import sklearn' 2>/dev/null && [ "$PYTHON" = python3 ]; then
    PYTHON=/usr/bin/python3
fi

# name | stance-train options | per (one model per target) or one (all targets)
ALL_VARIANTS="
defaults|-C 1|per
ngrams|--word-ngrams 1-3 --char-ngrams 2-5 -C 1|per
ngrams-nocues|--word-ngrams 1-3 --char-ngrams 2-5 -C 1 --no-cues|per
ngrams-cw0.1|--word-ngrams 1-3 --char-ngrams 2-5 -C 1 --char-weight 0.1|per
ngrams-cw0.5|--word-ngrams 1-3 --char-ngrams 2-5 -C 1 --char-weight 0.5|per
ngrams-cw0.7|--word-ngrams 1-3 --char-ngrams 2-5 -C 1 --char-weight 0.7|per
ngrams-C0.5|--word-ngrams 1-3 --char-ngrams 2-5 -C 0.5|per
ngrams-C2|--word-ngrams 1-3 --char-ngrams 2-5 -C 2|per
ngrams-C4|--word-ngrams 1-3 --char-ngrams 2-5 -C 4|per
ngrams-C8|--word-ngrams 1-3 --char-ngrams 2-5 -C 8|per
ngrams-C16|--word-ngrams 1-3 --char-ngrams 2-5 -C 16|per
ngrams-C2-cw0.5|--word-ngrams 1-3 --char-ngrams 2-5 -C 2 --char-weight 0.5|per
ngrams-C4-cw0.5|--word-ngrams 1-3 --char-ngrams 2-5 -C 4 --char-weight 0.5|per
ngrams-C4-cw0.7|--word-ngrams 1-3 --char-ngrams 2-5 -C 4 --char-weight 0.7|per
ngrams-C8-cw0.5|--word-ngrams 1-3 --char-ngrams 2-5 -C 8 --char-weight 0.5|per
ngrams-C4-nocues|--word-ngrams 1-3 --char-ngrams 2-5 -C 4 --no-cues|per
ngrams-C4-balanced|--word-ngrams 1-3 --char-ngrams 2-5 -C 4 --balanced|per
ngrams-C4-one|--word-ngrams 1-3 --char-ngrams 2-5 -C 4|one
ngrams-balanced|--word-ngrams 1-3 --char-ngrams 2-5 -C 1 --balanced|per
ngrams-one|--word-ngrams 1-3 --char-ngrams 2-5 -C 1|one
ngrams-grid|--word-ngrams 1-3 --char-ngrams 2-5 --grid|per
ngrams-grid-nocues|--word-ngrams 1-3 --char-ngrams 2-5 --grid --no-cues|per
ngrams-grid-charweight|--word-ngrams 1-3 --char-ngrams 2-5 --grid --grid-char-weight 0.1,0.3,0.5,0.7,0.9|per
ngrams-grid-accuracy|--word-ngrams 1-3 --char-ngrams 2-5 --grid --grid-score accuracy|per
ngrams-grid-favag|--word-ngrams 1-3 --char-ngrams 2-5 --grid --grid-score macro-f1:favor,against|per
ngrams-grid-favag-cw|--word-ngrams 1-3 --char-ngrams 2-5 --grid --grid-score macro-f1:favor,against --grid-char-weight 0.1,0.3,0.5,0.7,0.9|per
ll-defaults|--solver liblinear -C 1|per
ll-ngrams|--solver liblinear --word-ngrams 1-3 --char-ngrams 2-5 -C 1|per
ll-ngrams-cw0.5|--solver liblinear --word-ngrams 1-3 --char-ngrams 2-5 -C 1 --char-weight 0.5|per
ll-ngrams-grid|--solver liblinear --word-ngrams 1-3 --char-ngrams 2-5 --grid|per
ll-ngrams-grid-favag|--solver liblinear --word-ngrams 1-3 --char-ngrams 2-5 --grid --grid-score macro-f1:favor,against|per
ll-ngrams-grid-favag-cw|--solver liblinear --word-ngrams 1-3 --char-ngrams 2-5 --grid --grid-score macro-f1:favor,against --grid-char-weight 0.1,0.3,0.5,0.7,0.9|per
ll-grid-wide|--solver liblinear --word-ngrams 1-3 --char-ngrams 2-5 --grid --grid-score macro-f1:favor,against --grid-char-weight 0.1,0.3,0.5,0.7,0.9 --grid-C 0.25,0.5,1,2,4,8,16,32,64|per
ll-grid-wide-rep3|--solver liblinear --word-ngrams 1-3 --char-ngrams 2-5 --grid --grid-score macro-f1:favor,against --grid-char-weight 0.1,0.3,0.5,0.7,0.9 --grid-C 0.25,0.5,1,2,4,8,16,32,64 --grid-repeats 3|per
ll-grid-wide-rep3-seed4|--solver liblinear --word-ngrams 1-3 --char-ngrams 2-5 --grid --grid-score macro-f1:favor,against --grid-char-weight 0.1,0.3,0.5,0.7,0.9 --grid-C 0.25,0.5,1,2,4,8,16,32,64 --grid-repeats 3 --seed 4|per
ll-grid-wide-rep5|--solver liblinear --word-ngrams 1-3 --char-ngrams 2-5 --grid --grid-score macro-f1:favor,against --grid-char-weight 0.1,0.3,0.5,0.7,0.9 --grid-C 0.25,0.5,1,2,4,8,16,32,64 --grid-repeats 5|per
"
VARIANTS=${VARIANTS:-$(echo "$ALL_VARIANTS" | cut -d'|' -f1 | xargs)}

rm -rf "$out"
mkdir -p "$out"
"$PYTHON" "$here/semeval.py" prepare "$data" "$out"
: >"$out/raw.jsonl"

for name in $VARIANTS; do
    line=$(echo "$ALL_VARIANTS" | grep "^$name|") || die "no variant $name"
    opts=$(echo "$line" | cut -d'|' -f2)
    how=$(echo "$line" | cut -d'|' -f3)
    targets="abortion atheism climate feminist hillary"
    [ "$how" = one ] && targets=all
    cpu=0
    for t in $targets; do
        # shellcheck disable=SC2086 # opts is a list of options
        "$gnu_time" -f '%U %S' -o "$out/time.txt" "$build/stance-train" -q --seed 1 $opts \
            -o "$out/$t/$name.model" "$out/$t/train.tsv" >"$out/$t/$name.grid" 2>&1
        cpu=$(awk -v c="$cpu" '{print c + $1 + $2}' "$out/time.txt")
        "$build/stance-classify" -m "$out/$t/$name.model" --lines --no-attribution -f tsv \
            "$out/$t/test.txt" >"$out/$t/pred-$name.tsv"
    done
    "$PYTHON" "$here/semeval.py" score "$out" "$name" |
        sed "s/}\$/, \"options\": \"$opts ($how)\", \"train_cpu_s\": $cpu}/" | tee -a "$out/raw.jsonl"
done

if [ "$SKLEARN" = 1 ]; then
    "$gnu_time" -f '%U %S' -o "$out/time.txt" "$PYTHON" "$here/semeval.py" sklearn "$out" |
        tee -a "$out/raw.jsonl"
    echo "scikit-learn rows: $(awk '{print $1 + $2}' "$out/time.txt") s CPU in all" >&2
fi

"$PYTHON" - "$out/raw.jsonl" <<'EOF' | tee "$out/results.md"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
targets = ["abortion", "atheism", "climate", "feminist", "hillary"]
print("| row | options | F_avg | " + " | ".join(targets) + " | train CPU s |")
print("|---|---|---:|" + "---:|" * (len(targets) + 1))
for r in rows:
    per = r.get("targets", {})
    print(f"| {r['name']} | {r.get('options', '')} | {r['F_avg']:.2f} | "
          + " | ".join(f"{per[t]:.2f}" if t in per else "" for t in targets)
          + f" | {r.get('train_cpu_s', '')} |")
EOF
