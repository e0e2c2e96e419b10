#!/bin/sh
# golden.sh: stance-classify's output on fixed inputs, compared with the
# committed expectation in tests/golden/.  A restructuring commit must leave
# it identical; a deliberate change of behaviour (a rule, the model) is a
# commit of its own that reruns this with --update and says in its message
# what the diff of tests/golden/ shows and why.
#
# Inputs: the sample, the corpus's annotated articles, the frozen
# evaluation articles, the fuzz seed inputs of the splitter, the attribution
# rules and the text layer (binary and broken ones give error records).
# Outputs: every format, with and without --summary, --lines and
# --no-attribution, with the shipped model.  The JSON Lines of the default
# run are kept whole (tests/golden/sentences.jsonl, reviewable as a diff);
# every output's SHA-256 is kept in tests/golden/SHA256SUMS.
#
# Usage: tests/golden.sh BINDIR [--update]
set -eu
bindir=$(cd "$1" && pwd)
update=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
gold=$here/golden
model=$root/models/treaties.model
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# The inputs, copied under fixed names so that the records never carry a
# machine's path.
mkdir -p "$work/in/samples" "$work/in/articles" "$work/in/eval" "$work/in/fuzz"
cp "$root"/samples/*.txt "$work/in/samples/"
cp "$root"/corpora/treaties/articles/*.txt "$work/in/articles/"
cp "$root"/corpora/treaties/eval/*.txt "$work/in/eval/"
for d in fuzz_split fuzz_attrib fuzz_text; do
    for f in "$root/fuzz/corpus/$d"/*; do
        [ -f "$f" ] && cp "$f" "$work/in/fuzz/$d-$(basename "$f").txt"
    done
done

out=$work/out
mkdir -p "$out"
cd "$work/in"
run() {  # run NAME ARGS...: stdout and the exit status into $out/NAME
    name=$1
    shift
    status=0
    "$bindir/stance-classify" -m "$model" -j 2 --no-progress "$@" \
        samples articles eval fuzz >"$out/$name" 2>"$out/$name.stderr" || status=$?
    echo "exit $status" >>"$out/$name.stderr"
}
run sentences.jsonl -f jsonl
for fmt in text tsv csv; do
    run "sentences.$fmt" -f "$fmt"
done
for fmt in text tsv csv jsonl; do
    run "summary.$fmt" -f "$fmt" --summary
done
run lines.jsonl -f jsonl --lines
run noattrib.jsonl -f jsonl --no-attribution
run explain.jsonl -f jsonl --explain 3
mkdir -p "$out/html"
run html.stdout -f html -o "$out/html"
# Page names and pages; the index's rows in a stable order.
(cd "$out/html" && find . -type f | LC_ALL=C sort | while read -r f; do
    printf '%s  %s\n' "$(sha256sum <"$f" | cut -d' ' -f1)" "$f"
done) >"$out/html.pages"
rm -rf "$out/html"

(cd "$out" && LC_ALL=C ls | while read -r f; do
    printf '%s  %s\n' "$(sha256sum <"$f" | cut -d' ' -f1)" "$f"
done) >"$work/SHA256SUMS"

if [ "$update" = "--update" ]; then
    mkdir -p "$gold"
    cp "$out/sentences.jsonl" "$gold/sentences.jsonl"
    cp "$work/SHA256SUMS" "$gold/SHA256SUMS"
    echo "golden: updated tests/golden/ ($(wc -l <"$gold/SHA256SUMS") outputs)"
    exit 0
fi
status=0
if ! cmp -s "$out/sentences.jsonl" "$gold/sentences.jsonl"; then
    echo "golden: sentences.jsonl differs (first lines of the diff):" >&2
    diff "$gold/sentences.jsonl" "$out/sentences.jsonl" | head -20 >&2 || true
    status=1
fi
if ! cmp -s "$work/SHA256SUMS" "$gold/SHA256SUMS"; then
    echo "golden: outputs that differ:" >&2
    diff "$gold/SHA256SUMS" "$work/SHA256SUMS" | sed -n 's/^> [0-9a-f]*  /  /p' >&2 || true
    status=1
fi
if [ $status -ne 0 ]; then
    echo "golden: if the change is deliberate, rerun with --update and explain the diff in the commit message" >&2
    exit 1
fi
echo "golden: $(wc -l <"$gold/SHA256SUMS") outputs identical"
