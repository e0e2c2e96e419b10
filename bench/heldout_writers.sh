#!/usr/bin/env bash
# Held-out writers: each real-register part of the treaty corpus is one
# writer in one register, so leaving a part out of training and scoring the
# model on it measures how the shipped settings carry to a writer the model
# never read.  Trains one model per part with the options and files of
# models/treaties.args minus that part (and without --calibrate, which does
# not move labels), then prints each part's macro-F1 and their mean.
#
# Usage: bench/heldout_writers.sh [BUILD_DIR] [PART...]
#   BUILD_DIR  holds stance-train and stance-eval (default build/)
#   PART       part names to leave out (default: every part in the args file)
# Scratch goes to bench/out/heldout/; the table to stdout.
set -euo pipefail
export LC_ALL=C.UTF-8
bench=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$bench")
build=$(cd "${1:-$repo/build}" && pwd)
shift || true
out=$bench/out/heldout
mkdir -p "$out"
cd "$repo"
drop_opts="--calibrate"
. "$bench/treaty_args.sh"
clean=("${opts[@]}")
[ $# -eq 0 ] || parts=("$@")
printf '| part left out | sentences | macro-F1 |\n| --- | ---: | ---: |\n'
sum=0 n=0
for p in "${parts[@]}"; do
    train=()
    for f in "${files[@]}"; do
        [ "$(basename "$f" .tsv)" = "$p" ] || train+=("$f")
    done
    "$build/stance-train" -q "${clean[@]}" -o "$out/$p.model" "${train[@]}"
    f1=$("$build/stance-eval" -m "$out/$p.model" -f json "corpora/treaties/real/$p.tsv" |
        python3 -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["macro_f1"])')
    count=$(grep -vc '^#' "corpora/treaties/real/$p.tsv")
    printf '| %s | %s | %s |\n' "$p" "$count" "$f1"
    sum=$(python3 -c "print($sum + $f1)")
    n=$((n + 1))
    rm -f "$out/$p.model"
done
python3 -c "print('| **mean of %d parts** | | **%.4f** |' % ($n, $sum / $n))"
