#!/usr/bin/env bash
# Batch-scoring benchmark (run by hand, not in CI).
#
# Generates an archive of article files from the corpus sentences (not
# committed: bench/out/archive), then times stance-classify over it with
# -j1 and -j2 and reports files/s, MB/s and peak RSS.  Peak RSS is also
# measured on a quarter of the archive, to show it does not grow with the
# number of files.
#
# Usage: bench/batch.sh [BUILD_DIR] [FILES]     (defaults: build, 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
FILES=${2:-20000}
OUT=bench/out
ARCH=$OUT/archive
CLASSIFY=$BUILD/stance-classify
[ -x "$CLASSIFY" ] || { echo "batch.sh: $CLASSIFY not found; build first" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "batch.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$OUT"

if [ "$(find "$ARCH" -name '*.txt' 2>/dev/null | wc -l)" -ne "$FILES" ]; then
  rm -rf "$ARCH"
  python3 - "$ARCH" "$FILES" corpora/treaties/train.tsv corpora/treaties/test.tsv <<'PY'
import os, random, sys
arch, n = sys.argv[1], int(sys.argv[2])
sents = [l.rstrip('\n').split('\t', 1)[1] for f in sys.argv[3:]
         for l in open(f, encoding='utf-8') if not l.startswith('#') and '\t' in l]
rng = random.Random(7)
for i in range(n):
    d = os.path.join(arch, f"{i // 1000:03d}")
    os.makedirs(d, exist_ok=True)
    body = rng.sample(sents, rng.randint(12, 30))
    paras = [' '.join(body[j:j + 3]) for j in range(0, len(body), 3)]
    with open(os.path.join(d, f"article{i:06d}.txt"), 'w', encoding='utf-8') as f:
        f.write(f"Headline number {i} on the treaty\n\n" + '\n\n'.join(paras) + '\n')
PY
fi
BYTES=$(find "$ARCH" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
SUB=$OUT/quarter
rm -rf "$SUB"; mkdir -p "$SUB"
for d in $(ls "$ARCH" | head -n $(( (FILES / 1000 + 3) / 4 ))); do ln -s "$(realpath "$ARCH/$d")" "$SUB/$d"; done

measure() { # label, args...
  local label=$1; shift
  /usr/bin/time -v -o "$OUT/time.txt" "$CLASSIFY" --no-progress "$@" >/dev/null
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$OUT/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt")
  echo "$label $secs $rss"
}

echo "archive: $FILES files, $((BYTES / 1000000)) MB"
printf '| run | seconds | files/s | MB/s | peak RSS (MiB) |\n| --- | ---: | ---: | ---: | ---: |\n' | tee "$OUT/batch.md"
for j in 1 2; do
  read -r label secs rss < <(measure "-j$j" -j"$j" --summary -f jsonl "$ARCH")
  awk -v l="$label" -v s="$secs" -v r="$rss" -v f="$FILES" -v b="$BYTES" \
    'BEGIN {printf "| %s | %.1f | %.0f | %.2f | %.1f |\n", l, s, f/s, b/1e6/s, r/1024}' | tee -a "$OUT/batch.md"
done
read -r label secs rss < <(measure quarter -j2 --summary -f jsonl --follow "$SUB")
awk -v s="$secs" -v r="$rss" 'BEGIN {printf "| -j2 on a quarter of the files | %.1f | | | %.1f |\n", s, r/1024}' | tee -a "$OUT/batch.md"
