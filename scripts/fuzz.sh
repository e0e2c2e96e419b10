#!/usr/bin/env bash
# Build the libFuzzer targets with clang in build-fuzz/ and run each one,
# one after another, for a bounded time (default 60 s each):
#
#   scripts/fuzz.sh [-k] [SECONDS] [TARGET...]
#
# Each target starts from its seeds (fuzz/corpus/TARGET) and the inputs of
# past findings (fuzz/regressions/TARGET), and keeps what it learns in
# build-fuzz/corpus/TARGET.  Crashes, leaks, timeouts and OOMs are copied to
# fuzz/crashes/TARGET/ (git-ignored); the exit status is 1 if any target
# found one.  -k fuzzes past the known findings listed in fuzz/README.md
# (STANCE_FUZZ_SKIP_KNOWN=1 and the UBSan suppressions in
# fuzz/known-issues.supp).  Needs clang and libclang-rt-14-dev.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

known=0
if [ "${1:-}" = "-k" ]; then
    known=1
    shift
fi
secs=${1:-60}
case $secs in
    '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, not '$secs'" >&2; exit 2 ;;
esac
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_text fuzz_split fuzz_corpus fuzz_model fuzz_output fuzz_attrib)

# Inputs longer than these add time, not coverage.
max_len() {
    case $1 in
        fuzz_text | fuzz_output) echo 4096 ;;
        fuzz_split | fuzz_corpus | fuzz_attrib) echo 8192 ;;
        fuzz_model) echo 32768 ;;  # the seed models are up to ~20 KB
        *) echo 4096 ;;
    esac
}

CC=clang cmake -S . -B build-fuzz -DSTANCE_FUZZ=ON -DSTANCE_TESTS=OFF >/dev/null
cmake --build build-fuzz --target fuzz -j"$(nproc)"

export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1"
if [ $known -eq 1 ]; then
    export STANCE_FUZZ_SKIP_KNOWN=1
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}suppressions=$root/fuzz/known-issues.supp"
fi

failed=()
for t in "${targets[@]}"; do
    bin=build-fuzz/fuzz/$t
    if [ ! -x "$bin" ]; then
        echo "fuzz.sh: no target $t" >&2
        exit 2
    fi
    work=build-fuzz/corpus/$t
    art=build-fuzz/artifacts/$t
    log=build-fuzz/logs/$t.log
    mkdir -p "$work" "$art" build-fuzz/logs
    dirs=("$work" "fuzz/corpus/$t")
    [ -d "fuzz/regressions/$t" ] && dirs+=("fuzz/regressions/$t")
    opts=(-max_total_time="$secs" -max_len="$(max_len "$t")" -timeout=25
          -artifact_prefix="$art/" -print_final_stats=1)
    [ -f "fuzz/dict/$t.dict" ] && opts+=(-dict="fuzz/dict/$t.dict")
    echo "== $t: ${secs}s"
    rc=0
    "$bin" "${opts[@]}" "${dirs[@]}" >"$log" 2>&1 || rc=$?
    grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
    shopt -s nullglob
    found=("$art"/crash-* "$art"/leak-* "$art"/timeout-* "$art"/oom-*)
    shopt -u nullglob
    if [ $rc -ne 0 ] || [ ${#found[@]} -gt 0 ]; then
        mkdir -p "fuzz/crashes/$t"
        for f in "${found[@]}"; do
            cp -n "$f" "fuzz/crashes/$t/"
        done
        echo "fuzz.sh: $t failed (exit $rc); log: $log; inputs: fuzz/crashes/$t/" >&2
        grep -E 'ERROR: |runtime error|invariant failed|SUMMARY' "$log" | head -5 >&2 || true
        failed+=("$t")
        rm -f "${found[@]}"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: findings in: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz.sh: no findings"
