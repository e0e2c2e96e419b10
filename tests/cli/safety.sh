#!/usr/bin/env bash
# End-to-end tests of what stance-classify promises about data (README,
# "What stance promises"): --resume continues exactly where an interrupted
# run stopped, -o never replaces what is not a regular file, two runs never
# write one output, write failures stop the run at once with their reason,
# and malformed input is reported where it is.
# Usage: safety.sh BINDIR TESTSDIR SOURCEDIR
BIN=$1 TESTS=$2 SRC=$(cd "$3" && pwd)
. "$(dirname "$0")/lib.sh"

CORPUS="$SRC/corpora/treaties"
SAMPLE="$SRC/samples/border-pact.txt"
MODEL="$TMP/m.model"
"$BIN/stance-train" -q --seed 3 -o "$MODEL" "$CORPUS/test.tsv" || { echo "cannot train"; exit 1; }
CLS=("$BIN/stance-classify" -m "$MODEL")

# resume_cuts INPUT ARGS...: run once whole (stdin from INPUT), then cut
# the output at every line start and five bytes past every third, as a kill would,
# resume each cut with the same arguments and compare with the whole run.
resume_cuts() {
  local input=$1 c cuts bad_cuts=""
  shift
  "${CLS[@]}" "$@" -o "$TMP/whole" <"$input" 2>/dev/null
  cuts=$(py "$TMP/whole" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
starts = [0] + [i + 1 for i, c in enumerate(d) if c == 10]
print(' '.join(map(str, sorted(set(starts + [s + 5 for s in starts[::3] if s + 5 < len(d)])))))
PY
)
  for c in $cuts; do
    rm -f "$TMP/r.out"
    head -c "$c" "$TMP/whole" >"$TMP/r.out.partial"
    "${CLS[@]}" "$@" -o "$TMP/r.out" --resume <"$input" >/dev/null 2>"$TMP/r.err"
    cmp -s "$TMP/r.out" "$TMP/whole" || bad_cuts="$bad_cuts $c"
  done
  [ -z "$bad_cuts" ] && ok || bad "$*: resumed output differs from the whole run, cut at bytes$bad_cuts"
  "${CLS[@]}" "$@" -o "$TMP/whole" --resume <"$input" >/dev/null 2>"$TMP/r.err"
  cmp -s "$TMP/whole" "$TMP/r.out" && ok || bad "$*: resuming a finished output changed it"
}

# ------------------------------------------------ resume keys on positions
case_ "resume: --stdin-jsonl documents without ids or sharing one, by position"
cat >"$TMP/docs.jsonl" <<'EOF'
{"text": "The ministry welcomed the accord. Critics called it illegal."}
{"text": "Analysts warned the pact could collapse."}
{"id": 7, "text": "The deal was signed."}
{"text": "Opposition leaders said they would never accept it."}
{"text": ""}
{"text": "The treaty is a triumph."}
not json
{"id": 7, "text": "Critics called the pact illegal. The minister hailed it."}
{"text": "The accord, they warned, may not survive the winter."}
EOF
"${CLS[@]}" --stdin-jsonl -f jsonl --summary -o "$TMP/s.jsonl" <"$TMP/docs.jsonl" 2>/dev/null
head -n 4 "$TMP/s.jsonl" >"$TMP/s4.jsonl.partial"
run "${CLS[@]}" --stdin-jsonl -f jsonl --summary -o "$TMP/s4.jsonl" --resume <"$TMP/docs.jsonl"
expect_exit 1; [ "$(wc -l <"$TMP/s4.jsonl")" -eq 9 ] && ok || bad "$(wc -l <"$TMP/s4.jsonl") records, not 9"
cmp -s "$TMP/s4.jsonl" "$TMP/s.jsonl" && ok || bad "resumed output differs"
resume_cuts "$TMP/docs.jsonl" --stdin-jsonl -f jsonl --summary
resume_cuts "$TMP/docs.jsonl" --stdin-jsonl -f jsonl
resume_cuts "$TMP/docs.jsonl" --stdin-jsonl -f tsv
resume_cuts "$TMP/docs.jsonl" --stdin-jsonl -f csv --summary

case_ "resume: other documents than those recorded are refused, nothing appended"
head -n 3 "$TMP/docs.jsonl" >"$TMP/docs3.jsonl"
cp "$TMP/s.jsonl" "$TMP/s9.jsonl.partial"
run "${CLS[@]}" --stdin-jsonl -f jsonl --summary -o "$TMP/s9.jsonl" --resume <"$TMP/docs3.jsonl"
expect_exit 2
expect_err "stance-classify: $TMP/s9.jsonl.partial: not resumed: it holds records of 8 inputs and only 3 of them were given"
cp "$TMP/s.jsonl" "$TMP/f9.jsonl"   # a finished output: left as it was
run "${CLS[@]}" --stdin-jsonl -f jsonl --summary -o "$TMP/f9.jsonl" --resume <"$TMP/docs3.jsonl"
expect_exit 2
expect_err "stance-classify: $TMP/f9.jsonl.partial: not resumed: it holds records of 9 inputs and only 3 of them were given"
[ ! -e "$TMP/f9.jsonl.partial" ] && cmp -s "$TMP/f9.jsonl" "$TMP/s.jsonl" && ok || bad "the finished output was moved or changed"
sed 's/"Analysts warned/"Nobody warned/; s/{"id": 7, "text": "The deal/{"id": 8, "text": "The deal/' "$TMP/docs.jsonl" >"$TMP/docs8.jsonl"
cp "$TMP/s.jsonl" "$TMP/s8.jsonl.partial"
run "${CLS[@]}" --stdin-jsonl -f jsonl --summary -o "$TMP/s8.jsonl" --resume <"$TMP/docs8.jsonl"
expect_exit 2
expect_err "stance-classify: $TMP/s8.jsonl.partial: not resumed: input 3 (stdin line 3, id 8) is not the one recorded there at that position (were inputs added, removed or reordered?); nothing was appended"
# only the last input's records, which a resume always redoes, are cut off
cmp -s "$TMP/s8.jsonl.partial" <(head -n 8 "$TMP/s.jsonl") && ok || bad "the partial changed"

case_ "resume: files, among them one named 'file', one not UTF-8, empty and failing ones"
mkdir -p "$TMP/arch"
printf 'The deal was signed. Critics called it illegal.\n' >"$TMP/arch/a.txt"
printf 'The ministry welcomed the accord.\n' >"$TMP/arch/file"
printf 'Analysts warned the pact could collapse.\n' >"$TMP/arch/b$(printf '\377')c.txt"
: >"$TMP/arch/empty.txt"
printf 'The pact\303( was signed.\n' >"$TMP/arch/invalid.txt"
cp "$SAMPLE" "$TMP/arch/z.txt"
for f in jsonl tsv csv; do
  resume_cuts /dev/null --all -f "$f" "$TMP/arch"
  resume_cuts /dev/null --all -f "$f" --summary "$TMP/arch"
done
resume_cuts /dev/null --all --lines -f tsv "$TMP/arch" "$TMP/arch/file" "$TMP/arch/a.txt"

case_ "jsonl: a file name that is not UTF-8 is written as valid JSON, with U+FFFD"
run "${CLS[@]}" --all -f jsonl --summary "$TMP/arch"
expect_exit 1
py "$OUT" <<'PY' && ok || bad "invalid JSON or name"
import json, sys
names = [json.loads(l)["file"] for l in open(sys.argv[1], encoding="utf-8", errors="strict")]
assert any(n.endswith("/b\ufffdc.txt") for n in names), names
PY

case_ "resume: a record line longer than a megabyte"
py "$TMP/long.txt" <<'PY'
import sys
open(sys.argv[1], "w").write("The deal was signed.\n" + "The treaty " * 150000 + "\nCritics called it illegal.\n")
PY
resume_cuts /dev/null --lines --no-attribution -f jsonl "$TMP/long.txt" "$TMP/long.txt"

case_ "crash safety: kill -9 at random points, then --resume, byte-identical"
# two kills at random moments (before, during or after writing), then a
# resume to the end, three times for each format, -j and kind of input;
# only the result is checked, never when the kill landed
mkdir -p "$TMP/crash"
for i in $(seq -w 1 400); do cp "$SAMPLE" "$TMP/crash/a$i.txt"; done
py "$TMP/crash.jsonl" "$SAMPLE" <<'PY'
import json, sys
text = open(sys.argv[2], encoding="utf-8").read()
with open(sys.argv[1], "w") as f:
    for i in range(400):
        f.write(json.dumps({"id": i % 7 or None, "text": text}) + "\n")
PY
kill_resume() { # INPUT ARGS...
  local input=$1 t k bad_runs=""
  shift
  "${CLS[@]}" "$@" -o "$TMP/k.whole" <"$input" >/dev/null 2>&1
  for t in 1 2 3; do
    rm -f "$TMP/k.out" "$TMP/k.out.partial"
    for k in 1 2; do
      "${CLS[@]}" "$@" -o "$TMP/k.out" --resume <"$input" >/dev/null 2>&1 &
      sleep "$(printf '0.%02d' $((RANDOM % 60)))"
      kill -9 $! 2>/dev/null
      wait $! 2>/dev/null
    done
    "${CLS[@]}" "$@" -o "$TMP/k.out" --resume <"$input" >/dev/null 2>&1
    cmp -s "$TMP/k.out" "$TMP/k.whole" || bad_runs="$bad_runs $t"
  done
  [ -z "$bad_runs" ] && ok || bad "$*: output after kills and --resume differs (trials$bad_runs)"
}
for f in jsonl tsv csv; do
  for j in 1 2; do
    kill_resume /dev/null -j$j -f "$f" "$TMP/crash"
    kill_resume "$TMP/crash.jsonl" -j$j -f "$f" --stdin-jsonl
  done
done

# ------------------------------------------------- resume checks the format
case_ "resume: a partial of another format, kind or model is refused, untouched"
"${CLS[@]}" -f jsonl -o "$TMP/f.out" "$TMP/arch/a.txt" 2>/dev/null
mv "$TMP/f.out" "$TMP/f.out.partial"; cp "$TMP/f.out.partial" "$TMP/f.keep"
run "${CLS[@]}" -f csv -o "$TMP/f.out" --resume "$TMP/arch/a.txt"
expect_exit 2
expect_err "stance-classify: $TMP/f.out.partial:1: not resumed: its header is not the one this run writes (was it written with another -f, --summary or model?)"
cmp -s "$TMP/f.out.partial" "$TMP/f.keep" && ok || bad "the partial changed"
run "${CLS[@]}" -f jsonl --summary -o "$TMP/f.out" --resume "$TMP/arch/a.txt"
expect_exit 2
expect_err "stance-classify: $TMP/f.out.partial: not resumed: the line at byte 0 is a sentence record, and this run has --summary"
"${CLS[@]}" -f tsv -o "$TMP/t.out" "$TMP/arch/a.txt" 2>/dev/null; mv "$TMP/t.out" "$TMP/t.out.partial"
run "${CLS[@]}" -f jsonl -o "$TMP/t.out" --resume "$TMP/arch/a.txt"
expect_exit 2
expect_err "stance-classify: $TMP/t.out.partial: not resumed: the line at byte 0 is not a JSON Lines record (written with another -f?)"
run "${CLS[@]}" -f tsv --summary -o "$TMP/t.out" --resume "$TMP/arch/a.txt"
expect_exit 2; expect_err_has "its header is not the one this run writes"

# ------------------------------------------- -o replaces only regular files
case_ "-o onto a FIFO, a device or a symbolic link is refused; -o - is stdout"
mkfifo "$TMP/ofifo"
run timeout 60 "$BIN/stance-classify" -m "$MODEL" -f jsonl -o "$TMP/ofifo" "$SAMPLE"
expect_exit 2
expect_err "stance-classify: $TMP/ofifo: exists and is not a regular file; not replaced (-o - writes to stdout)"
[ -p "$TMP/ofifo" ] && ok || bad "the FIFO was replaced"
if mknod "$TMP/onull" c 1 3 2>/dev/null; then
  run "${CLS[@]}" -f jsonl -o "$TMP/onull" "$SAMPLE"
  expect_exit 2; [ -c "$TMP/onull" ] && ok || bad "the device node was replaced"
fi
echo keep >"$TMP/target"; ln -s "$TMP/target" "$TMP/olink"
run "${CLS[@]}" -f jsonl -o "$TMP/olink" "$SAMPLE"
expect_exit 2; [ -L "$TMP/olink" ] && [ "$(cat "$TMP/target")" = keep ] && ok || bad "the link or its target changed"
mkfifo "$TMP/pf.jsonl.partial"
run timeout 60 "$BIN/stance-classify" -m "$MODEL" -f jsonl -o "$TMP/pf.jsonl" "$SAMPLE"
expect_exit 2; expect_err_has "pf.jsonl.partial: exists and is not a regular file"
mkdir -p "$TMP/dash"
cd "$TMP/dash" && run "${CLS[@]}" -f jsonl -o - "$SAMPLE"; cd - >/dev/null
expect_exit 0; expect_lines 10; [ -z "$(ls "$TMP/dash")" ] && ok || bad "-o - wrote a file"

# --------------------------------------------------- one writer per output
case_ "lock: a second run on the same -o is refused while the first runs"
mkfifo "$TMP/feed"
"$BIN/stance-classify" -m "$MODEL" --stdin-jsonl -f jsonl -o "$TMP/lk.jsonl" <"$TMP/feed" >/dev/null 2>"$TMP/lk.err" &
first=$!
exec 7>"$TMP/feed"
for _ in $(seq 600); do # until the first run holds its lock (no time is asserted)
  [ -e "$TMP/lk.jsonl.partial" ] && ! flock -n "$TMP/lk.jsonl.partial" true && break
  sleep 0.05
done
run "${CLS[@]}" --stdin-jsonl -f jsonl -o "$TMP/lk.jsonl" <"$TMP/docs.jsonl"
expect_exit 2
expect_err "stance-classify: $TMP/lk.jsonl.partial: locked: another run is writing this output"
run "${CLS[@]}" --stdin-jsonl -f jsonl -o "$TMP/lk.jsonl" --resume <"$TMP/docs.jsonl"
expect_exit 2; expect_err_has "locked: another run is writing this output"
echo '{"id": 1, "text": "The deal was signed."}' >&7
exec 7>&-
wait "$first"; code=$?
[ "$code" -eq 0 ] && ok || bad "the first run exited $code: $(cat "$TMP/lk.err")"
[ "$(cat "$TMP/lk.jsonl" | wc -l)" -eq 1 ] && grep -q '^{"id": 1, "sentence": 0' "$TMP/lk.jsonl" && ok ||
  bad "the first run's output: $(head -c 300 "$TMP/lk.jsonl")"

# ------------------------------------------------------------ write errors
case_ "disk full: reported with its reason at the first failed write; the run stops"
mkdir -p "$TMP/many"
for i in $(seq -w 1 40); do cp "$SAMPLE" "$TMP/many/a$i.txt"; done
$WRAP "$BIN/stance-classify" -m "$MODEL" -j1 -f jsonl "$TMP/many" "$TMP/missing.txt" >/dev/full 2>"$ERR"
CODE=$?
expect_exit 2; expect_err "stance-classify: stdout: cannot write: No space left on device"

case_ "disk full while a worker drains a big file's records and the writer writes others (-j2)"
for i in 1 2 3 4 5 6; do cut -f2 "$CORPUS/test.tsv" | grep -v '^#'; done >"$TMP/big.txt"
$WRAP "$BIN/stance-classify" -m "$MODEL" -j2 --lines --no-attribution -f tsv "$TMP/arch/a.txt" \
  "$TMP/big.txt" "$TMP/arch/a.txt" "$TMP/big.txt" "$TMP/arch/a.txt" >/dev/full 2>"$ERR"
CODE=$?
expect_exit 2; expect_err "stance-classify: stdout: cannot write: No space left on device"

# ------------------------------------------------------ --stdin-jsonl input
case_ "--stdin-jsonl: nesting deeper than 64 levels says so"
py "$TMP/deep.jsonl" <<'PY'
import sys
open(sys.argv[1], "w").write('{"id": "d1", "meta": ' + '[' * 70 + ']' * 70 + ', "text": "x"}\n')
PY
run "${CLS[@]}" --stdin-jsonl -f jsonl <"$TMP/deep.jsonl"
expect_exit 1
expect_out '{"id": "d1", "error": "stdin line 1: JSON nested deeper than 64 levels at byte 85"}'

case_ "--stdin-jsonl: a line that is not UTF-8 keeps its id"
printf '{"id": "doc-9", "text": "caf\351 au lait"}\n' >"$TMP/l1.jsonl"
run "${CLS[@]}" --stdin-jsonl -f jsonl <"$TMP/l1.jsonl"
expect_exit 1; expect_out '{"id": "doc-9", "error": "stdin line 1: not valid UTF-8 at byte 28"}'

case_ "--stdin-jsonl: a NUL in a document's text names its line"
printf '{"id": 3, "text": "a\\u0000b"}\n' >"$TMP/nul.jsonl"
run "${CLS[@]}" --stdin-jsonl -f jsonl <"$TMP/nul.jsonl"
expect_exit 1; expect_out '{"id": 3, "error": "stdin line 1: NUL byte at byte 1 of the text"}'

case_ "--stdin-jsonl: --max-size holds while reading a line"
py "$TMP/huge.jsonl" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"id": 5, "text": "' + "The treaty holds. " * 200000 + '"}\n')
    f.write('{"id": 6, "text": "The deal was signed."}\n')
PY
run "${CLS[@]}" --stdin-jsonl --max-size 1000 -f jsonl --summary <"$TMP/huge.jsonl"
expect_exit 1; expect_lines 2
expect_out_has '{"id": 5, "error": "stdin line 1: longer than 71536 bytes (--max-size as JSON escapes, plus 64 KiB); not read"}'
expect_out_has '{"id": 6, "sentences": 1,'

# ------------------------------------------------------------ named inputs
case_ "a FIFO named as input is refused, not waited on"
mkfifo "$TMP/in.fifo"
run timeout 60 "$BIN/stance-classify" -m "$MODEL" -f jsonl "$TMP/in.fifo"
expect_exit 1
expect_out "{\"file\": \"$TMP/in.fifo\", \"error\": \"not a regular file or a directory; not read (stdin is -)\"}"

case_ "-f text: a newline in a file name is escaped, one record a line"
mkdir -p "$TMP/nl"; printf 'The deal was signed.\n' >"$TMP/nl/a
b.txt"
run "${CLS[@]}" -f text "$TMP/nl"
expect_exit 0; expect_lines 1; expect_out_has "nl/a\\nb.txt:0	"

# ------------------------------------------------------------- line ends
case_ "CR-only line ends (old Mac files) end lines and paragraphs as LF does"
printf 'Treaty signed\n\nThe ministry welcomed the accord.\nCritics called it illegal\n' >"$TMP/lf.txt"
tr '\n' '\r' <"$TMP/lf.txt" >"$TMP/cr.txt"
for mode in "" --lines; do
  "${CLS[@]}" -f tsv $mode "$TMP/lf.txt" | cut -f2-5 >"$TMP/lf.tsv"
  run "${CLS[@]}" -f tsv $mode "$TMP/cr.txt"
  expect_exit 0
  cut -f2-5 "$OUT" | cmp -s - "$TMP/lf.tsv" && ok || bad "$mode: CR-only sentences differ from LF ones: $(cut -f2-4 "$OUT" | tr '\n' ' ')"
done

# ------------------------------------------------------------ big files
case_ "big files: UTF-8 checked across the check pass's 64 KiB blocks"
py "$TMP" <<'PY'
import sys
t = sys.argv[1]
open(f'{t}/edge.txt', 'wb').write(b'a' * 65535 + 'é. The deal was signed.'.encode())
open(f'{t}/bad.txt', 'wb').write(b'The deal was signed. ' * 5000 + b'\xff tail.')
open(f'{t}/nul.txt', 'wb').write(b'The deal was signed. ' * 5000 + b'\0 tail.')
s = bytearray(b'The deal was signed. Critics called it illegal.\n\n' * 60000)
for i in range(1000, len(s), 65536 + 7):
    s[i] = 0xC3  # a lead byte without its continuation, now and then at a block edge
open(f'{t}/lossy.txt', 'wb').write(bytes(s))
PY
run "${CLS[@]}" -f tsv --summary "$TMP/edge.txt"
expect_exit 0
run "${CLS[@]}" -f jsonl "$TMP/bad.txt"
expect_exit 1; expect_out "{\"file\": \"$TMP/bad.txt\", \"error\": \"invalid UTF-8 at byte 105000 (use --lossy to replace it)\"}"
run "${CLS[@]}" -f jsonl "$TMP/nul.txt"
expect_exit 1; expect_out "{\"file\": \"$TMP/nul.txt\", \"error\": \"binary file: NUL byte at byte 105000\"}"

case_ "big files: --lossy in windows read in blocks equals --lossy on the text read whole"
"${CLS[@]}" -f tsv --lossy --no-attribution - <"$TMP/lossy.txt" | cut -f2- >"$TMP/whole.tsv"
run "${CLS[@]}" -f tsv --lossy --no-attribution "$TMP/lossy.txt"
expect_exit 0
cut -f2- "$OUT" | cmp -s - "$TMP/whole.tsv" && ok || bad "records differ from stdin's"

# ------------------------------------------------------------- training
case_ "stance-train refuses more than 1,000 labels, which no classifier loads"
py "$TMP/many.tsv" <<'PY'
import sys
with open(sys.argv[1], 'w') as f:
    for i in range(1001):
        f.write('lab%d\tThe treaty number %d was signed today.\n' % (i, i))
PY
run timeout 120 "$BIN/stance-train" -q -o "$TMP/many.model" "$TMP/many.tsv"
expect_exit 1
expect_err "stance-train: the corpus has 1001 labels; a model holds at most 1000"
[ ! -e "$TMP/many.model" ] && ok || bad "a model was written"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
