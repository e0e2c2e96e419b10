#!/usr/bin/env bash
# bench/memory.sh: peak resident memory of stance-classify on big inputs,
# which it reads in bounded windows (README, "What stance promises").
#
# Usage: bench/memory.sh BUILD_DIR [SIZE_MB]   (default 1024, i.e. 1 GB)
#
# Generates three inputs of SIZE_MB megabytes in a temporary folder (under
# $TMPDIR; about 2.3 x SIZE_MB of disk): an article file of paragraphs, a
# --lines file of one sentence a line, and a file that is a single line
# (SIZE_MB / 3.4 megabytes, 300 MB at 1 GB: sentences without a line
# break).  Each is classified with attribution on and --summary, at -j1 and
# -j2, under /usr/bin/time -v; it prints the peak RSS, the wall time, the
# user + system CPU time, the throughput per CPU second and the summary's
# sentence count of each run as a table (the
# counts of -j1 and -j2 must agree, or it fails).
#
# Environment: INPUTS (default "article lines oneline") chooses the inputs,
# JOBS (default "1 2") the -j values, so that the slow 1 GB runs can go in
# separate processes, e.g. INPUTS=lines JOBS=2 bench/memory.sh BUILD.
set -euo pipefail
build=${1:?usage: bench/memory.sh BUILD_DIR [SIZE_MB]}
size_mb=${2:-1024}
inputs=${INPUTS:-article lines oneline}
jobs=${JOBS:-1 2}
cls="$build/stance-classify"
[ -x "$cls" ] || { echo "no $cls" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
model="$here/../models/treaties.model"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

python3 - "$work" "$size_mb" "$inputs" <<'PY'
import random, sys
work, mb, wanted = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
sents = [
    '"Great treaty," said John Smith.',
    'The minister warned that the pact would fail.',
    'Opposition leaders condemned the agreement as a betrayal.',
    'The Paris Agreement was signed in 2015.',
    'She said the treaty would bring lasting peace to the region.',
    'Critics argue the deal gives away too much.',
    'According to the foreign ministry, the accord remains in force.',
    'He told reporters the government would not ratify it.',
]
def write(name, size, make):
    if name.split('.')[0] not in wanted:
        return
    random.seed(name)  # the same file whichever INPUTS are made
    with open(f'{work}/{name}', 'w') as f:
        n, block = 0, []
        while n < size:
            s = make()
            block.append(s)
            n += len(s)
            if len(block) == 4096:
                f.write(''.join(block))
                block = []
        f.write(''.join(block))
size = mb << 20
write('article.txt', size,
      lambda: ' '.join(random.choice(sents) for _ in range(random.randint(2, 7))) + '\n\n')
write('lines.txt', size, lambda: random.choice(sents) + '\n')
write('oneline.txt', int(size / 3.4), lambda: random.choice(sents) + ' ')
PY

printf '%-12s %-9s %4s %12s %10s %10s %9s %12s\n' input mode jobs "peak RSS MB" "wall s" "CPU s" "MB/s CPU" sentences
for input in $inputs; do
    mode=article
    args=()
    [ "$input" = lines ] && mode=--lines && args=(--lines)
    bytes=$(stat -c %s "$work/$input.txt")
    prev=""
    for j in $jobs; do
        /usr/bin/time -v -o "$work/time" "$cls" -m "$model" -j "$j" --no-progress --summary \
            -f tsv --max-size 1099511627776 "${args[@]}" "$work/$input.txt" >"$work/out"
        rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/time")
        wall=$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$work/time" |
               awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s}')
        cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/time")
        sentences=$(awk -F'\t' 'NR == 2 {print $2}' "$work/out")
        awk -v i="$input" -v m="$mode" -v j="$j" -v r="$rss" -v w="$wall" -v b="$bytes" \
            -v c="$cpu" -v s="$sentences" 'BEGIN {printf "%-12s %-9s %4s %12.1f %10.1f %10.1f %9.2f %12s\n",
                                     i, m, j, r / 1024, w, c, b / 1e6 / c, s}'
        if [ -n "$prev" ] && [ "$prev" != "$sentences" ]; then
            echo "memory.sh: $input: -j1 counted $prev sentences, -j2 $sentences" >&2
            exit 1
        fi
        prev=$sentences
    done
done
