#!/usr/bin/env bash
# LIBLINEAR against libsvm on held-out writers, on the same training data.
# libsvm's precomputed kernel matrix (16 bytes a pair of sentences) cannot
# hold the whole treaty corpus, so for each real-register part left out in
# turn both solvers train on one random subsample of the other parts and
# corpora/treaties/train.tsv (SUB sentences, drawn without replacement with
# seed SEED, the same for both), with the shipped model's options
# (models/treaties.args, without --calibrate, which does not move labels),
# and are scored on the part left out (stance-eval macro-F1).  Prints one
# row per part (both F1s, LIBLINEAR minus libsvm, each training's user +
# system CPU seconds and peak RSS) and the means.
#
# Usage: bench/solvers_heldout.sh [BUILD_DIR] [PART...]
#   BUILD_DIR  holds stance-train and stance-eval (default build/)
#   PART       part names to leave out (default: every part in the args file)
# Environment: SUB (default 12000), SEED (default 1).
# Scratch (subsamples, models, raw.tsv) goes to bench/out/solvers/; the
# table to stdout.
set -euo pipefail
export LC_ALL=C.UTF-8
bench=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$bench")
build=$(cd "${1:-$repo/build}" && pwd)
shift || true
SUB=${SUB:-12000}
SEED=${SEED:-1}
out=$bench/out/solvers
gnu_time=/usr/bin/time
"$gnu_time" -v true 2>/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"
cd "$repo"
drop_opts="--calibrate --solver"
. "$bench/treaty_args.sh"
clean=("${opts[@]}")
[ $# -eq 0 ] || parts=("$@")

printf 'part\tsentences\tsolver\tmacro_f1\tcpu_s\trss_kb\n' >"$out/raw.tsv"
echo "options: ${clean[*]}; $SUB sentences drawn with seed $SEED from train.tsv and the other parts" >&2
printf '| part left out | sentences | libsvm | LIBLINEAR | LIBLINEAR − libsvm | CPU s libsvm / LIBLINEAR | peak RSS MB libsvm / LIBLINEAR |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for p in "${parts[@]}"; do
    pool=()
    for f in "${files[@]}"; do
        [ "$(basename "$f" .tsv)" = "$p" ] || pool+=("$f")
    done
    python3 - "$out/sub-$p.tsv" "$SUB" "$SEED" "${pool[@]}" <<'PY'
import random, sys
out, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = []
for path in sys.argv[4:]:
    with open(path, encoding="utf-8") as f:
        rows += [l for l in f if l.strip() and not l.startswith("#")]
rows = random.Random(seed).sample(rows, min(n, len(rows)))
with open(out, "w", encoding="utf-8") as f:
    f.writelines(rows)
PY
    count=$(grep -vc '^#' "corpora/treaties/real/$p.tsv")
    row=()
    for solver in libsvm liblinear; do
        "$gnu_time" -v -o "$out/time.txt" "$build/stance-train" -q --solver "$solver" \
            "${clean[@]}" -o "$out/$p-$solver.model" "$out/sub-$p.tsv"
        cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$out/time.txt")
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
        f1=$("$build/stance-eval" -m "$out/$p-$solver.model" -f json \
            "corpora/treaties/real/$p.tsv" |
            python3 -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["macro_f1"])')
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$p" "$count" "$solver" "$f1" "$cpu" "$rss" >>"$out/raw.tsv"
        row+=("$f1" "$cpu" "$rss")
        rm -f "$out/$p-$solver.model"
    done
    python3 -c "
import sys
a, ac, ar, b, bc, br = sys.argv[1:]
print('| %s | %s | %s | %s | %+.4f | %s / %s | %.0f / %.0f |' % ('$p', '$count', a, b,
      float(b) - float(a), ac, bc, int(ar) / 1024, int(br) / 1024))" "${row[@]}"
done
python3 - "$out/raw.tsv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
f = {s: [float(r["macro_f1"]) for r in rows if r["solver"] == s] for s in ("libsvm", "liblinear")}
c = {s: sum(float(r["cpu_s"]) for r in rows if r["solver"] == s) for s in f}
n = len(f["libsvm"])
print("| **mean of %d parts** | | **%.4f** | **%.4f** | **%+.4f** | %.0f / %.0f in all | |" % (
    n, sum(f["libsvm"]) / n, sum(f["liblinear"]) / n,
    (sum(f["liblinear"]) - sum(f["libsvm"])) / n, c["libsvm"], c["liblinear"]))
PY
