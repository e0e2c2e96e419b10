#!/usr/bin/env bash
# Memory stays bounded whatever the size of a file (README, "What stance
# promises"): stance-classify reads a regular file in windows of about a
# megabyte, so its peak RSS on a 24 MB article file, a 24 MB --lines file
# and a 12 MB file that is one line stays under 64 MB at -j1 (before the
# windows it was about 8.5 times the file), and under 128 MB for two such
# files at -j2.  The windows change nothing else: offsets, indexes and
# sentence texts run on across them as if the file had been read whole.
# Bounds on memory only, never on time.
# Usage: memory.sh BINDIR TESTSDIR SOURCEDIR
BIN=$1 TESTS=$2 SRC=$(cd "$3" && pwd)
. "$(dirname "$0")/lib.sh"

MODEL="$SRC/models/treaties.model"
[ -f "$MODEL" ] || { echo "no shipped model: $MODEL"; exit 1; }
py "$TMP" <<'PY'
import random, sys
tmp = sys.argv[1]
random.seed(5)
sents = ['"Great treaty," said John Smith.', 'The minister warned that the pact would fail.',
         'Opposition leaders condemned the agreement as a betrayal.',
         'She said the treaty would bring lasting peace to the region.',
         'Critics argue the deal gives away too much.']
def write(name, size, make):
    parts, n = [], 0
    while n < size:
        s = make()
        parts.append(s)
        n += len(s)
    open(f'{tmp}/{name}', 'w').write(''.join(parts))
para = lambda: ' '.join(random.choice(sents) for _ in range(random.randint(2, 6))) + '\n\n'
write('article.txt', 24 << 20, para)
write('lines.txt', 24 << 20, lambda: random.choice(sents) + '\n')
write('oneline.txt', 12 << 20, lambda: random.choice(sents) + ' ')
write('small.txt', 3 << 20, para)
PY
mkdir -p "$TMP/two" && cp "$TMP/oneline.txt" "$TMP/two/a.txt" && cp "$TMP/lines.txt" "$TMP/two/b.txt"

# peak_mb ARGS...: stance-classify's peak resident set, in MB, its output in $OUT
peak_mb() {
  py "$OUT" "$BIN/stance-classify" -m "$MODEL" --no-progress --max-size 1000000000 "$@" <<'PY'
import resource, subprocess, sys
with open(sys.argv[1], 'wb') as out:
    code = subprocess.call(sys.argv[2:], stdout=out)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024 if code == 0 else -1)
PY
}

# Under ASan or TSan (.ci/run) memory means their shadow memory: the bounds
# are checked in ordinary builds only, the records under every build.
if grep -aqE '__asan_init|__tsan_init' "$BIN/stance-classify"; then
  echo "memory.sh: a sanitizer build: peak RSS bounds not checked"
else
case_ "peak RSS under 64 MB at -j1: a 24 MB article file, a 24 MB --lines file, a 12 MB line"
for args in "article.txt" "--lines lines.txt" "oneline.txt"; do
  set -- $args
  mb=$(peak_mb -j 1 --summary -f tsv "${@:1:$#-1}" "$TMP/${!#}")
  [ "$mb" -ge 0 ] && [ "$mb" -lt 64 ] && ok || bad "$args: peak RSS $mb MB"
done

case_ "peak RSS under 128 MB at -j2: two big files, their records in order"
mb=$(peak_mb -j 2 -f tsv "$TMP/two")
[ "$mb" -ge 0 ] && [ "$mb" -lt 128 ] && ok || bad "-j2: peak RSS $mb MB"
cp "$OUT" "$TMP/j2.tsv"
peak_mb -j 1 -f tsv "$TMP/two" >/dev/null
cmp -s "$OUT" "$TMP/j2.tsv" && ok || bad "-j2 output differs from -j1"
fi

case_ "-j2: a file behind the one being written holds its records (over 8 MiB) in order"
mkdir -p "$TMP/held" && cp "$TMP/small.txt" "$TMP/held/a.txt" && cp "$TMP/small.txt" "$TMP/held/b.txt"
"$BIN/stance-classify" -m "$MODEL" --no-attribution -j 1 -f jsonl "$TMP/held" >"$TMP/held1.jsonl"
run "$BIN/stance-classify" -m "$MODEL" --no-attribution -j 2 -f jsonl "$TMP/held"
expect_exit 0
cmp -s "$OUT" "$TMP/held1.jsonl" && [ "$(wc -c <"$OUT")" -gt 20000000 ] && ok ||
  bad "-j2 records differ from -j1's, or too few to be held ($(wc -c <"$OUT") bytes)"

case_ "windows: offsets, indexes and texts run on as in the whole file"
for mode in "" --lines; do
  run "$BIN/stance-classify" -m "$MODEL" --no-attribution -f jsonl $mode "$TMP/small.txt"
  expect_exit 0
  py "$OUT" "$TMP/small.txt" "$mode" <<'PY' && ok || bad "$mode: records do not match the file"
import json, sys
text = open(sys.argv[2], 'rb').read()
recs = [json.loads(l) for l in open(sys.argv[1])]
if sys.argv[3] == '--lines':
    want = [(i, l) for i, l in enumerate(text.split(b'\n')) if l]
else:
    want = None
for k, r in enumerate(recs):
    assert text[r['start']:r['end']].decode() == r['text'], r
    if want is None:
        assert r['sentence'] == k, (k, r)
    else:
        assert (r['sentence'], r['text'].encode()) == want[k], (k, r)
if want is None:
    paras = [p for p in text.split(b'\n\n') if p.strip()]
    assert len(recs) == sum(p.count(b'. ') + 1 for p in paras), len(recs)
else:
    assert len(recs) == len(want), len(recs)
PY
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
