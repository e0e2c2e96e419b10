#!/usr/bin/env bash
# Benchmark stance against fastText, scikit-learn and libsvm-tools on the
# treaty corpus: macro-F1 on test.tsv, training time, single-thread
# prediction throughput on ~20 MB of sentences, model load time, peak RSS
# and model size.  Run by hand (not in CI); see bench/README.md.
#
# Usage: bench/run.sh [BUILD_DIR]
#   BUILD_DIR  stance build directory holding stance-train and
#              stance-classify (default: build/ in the repository)
# Environment:
#   PYTHON     Python with scikit-learn (default python3, falling back to
#              Debian's /usr/bin/python3 when python3 lacks sklearn)
#   BENCH_RUNS timed runs per measurement, the median is reported (default 3)
#   BENCH_MB   size of the prediction input in MB, 10^6 bytes (default 20)
#
# Scratch files go to bench/out/compare/, emptied at the start (other
# benchmarks share bench/out/): the inputs made from the corpus, models,
# predictions, raw.tsv (every timed run), commands.log (the exact command
# line of every timed run).  The table goes to bench/out/results.md and
# stdout.
set -euo pipefail
export LC_ALL=C.UTF-8

bench=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$bench")
build=$(cd "${1:-$repo/build}" && pwd) || { echo "run.sh: no build directory ${1:-$repo/build}" >&2; exit 2; }
corpus=$repo/corpora/treaties
out=$bench/out/compare
runs=${BENCH_RUNS:-3}
target_bytes=$(( ${BENCH_MB:-20} * 1000000 ))
gnu_time=/usr/bin/time   # GNU time, for -v's "Maximum resident set size"

# One thread everywhere for prediction: stance-classify gets -j1, fastText
# predict is single-threaded, and these keep numpy/scipy from starting
# BLAS or OpenMP thread pools.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

die() { echo "run.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- checks

for tool in stance-train stance-classify; do
    [ -x "$build/$tool" ] || die "$build/$tool not found (build stance first, or pass the build directory)"
done
for tool in fasttext svm-train svm-predict; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install fasttext libsvm-tools)"
done
"$gnu_time" -v true 2>/dev/null || die "$gnu_time is not GNU time (apt-get install time)"
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sklearn' 2>/dev/null; then
    if [ "$PYTHON" = python3 ] && /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
        PYTHON=/usr/bin/python3
    else
        die "$PYTHON cannot import sklearn (apt-get install python3-sklearn, or set PYTHON)"
    fi
fi

rm -rf "$out" "$bench/out/results.md"
mkdir -p "$out/models" "$out/pred" "$out/svm"
raw=$out/raw.tsv facts=$out/facts.tsv log=$out/commands.log
printf 'system\tphase\trun\twall_s\tinproc_s\tcpu_s\trss_kib\tcpu\n' >"$raw"
printf 'system\tkey\tvalue\n' >"$facts"
: >"$log"

fact() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$facts"; }

# timed SYSTEM PHASE RUN STDOUT CMD...
# Run CMD once under GNU time with its stdout in STDOUT and its stderr
# appended to stderr.log; log the command line and append to raw.tsv the
# wall time, the in-process seconds a Python helper prints as JSON (the
# "seconds" key; empty for the other tools), user + system CPU seconds
# (a check on a noisy machine), peak RSS and CPU share.
timed() {
    local system=$1 phase=$2 run=$3 stdout=$4
    shift 4
    printf '%s %s %s: %s>%q\n' "$system" "$phase" "$run" "$(printf '%q ' "$@")" "$stdout" >>"$log"
    local t0=$EPOCHREALTIME
    "$gnu_time" -v -o "$out/time.txt" "$@" >"$stdout" 2>>"$out/stderr.log" ||
        die "failed (see $out/stderr.log): $*"
    local t1=$EPOCHREALTIME
    local inproc cpu_s rss cpu
    inproc=""
    case $stdout in
        *.json) inproc=$(sed -n 's/.*"seconds": \([0-9.eE+-]*\).*/\1/p' "$stdout") ;;
    esac
    cpu_s=$(awk -F': ' '/(User|System) time/ {s += $2} END {printf "%.2f", s}' "$out/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
    cpu=$(awk -F': ' '/Percent of CPU/ {print $2}' "$out/time.txt")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$system" "$phase" "$run" \
        "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f", b - a}')" "$inproc" "$cpu_s" "$rss" "$cpu" >>"$raw"
}

# expect_lines FILE N: a prediction run must give one line per sentence.
expect_lines() {
    local n
    n=$(wc -l <"$1")
    [ "$n" -eq "$2" ] || die "$1: $n lines, expected $2"
}

# ------------------------------------------------------------------ data

# The same inputs for everyone, made from a copy of the corpus taken now
# (the repository's corpus may be edited while the benchmark runs; its
# checksums go into the results): test sentences without labels, one per
# line; the first of them alone (model load time); and the test sentences
# repeated until they fill target_bytes (throughput, with start-up and model
# load amortised).  fastText reads __label__LABEL sentence.
echo "run.sh: preparing inputs in $out" >&2
cp "$corpus/train.tsv" "$corpus/test.tsv" "$out/"
train_tsv=$out/train.tsv test_tsv=$out/test.tsv
awk -F'\t' '/^#/ || NF < 2 {next} {print "__label__" $1 " " $2}' "$train_tsv" >"$out/train.ft"
awk -F'\t' '/^#/ || NF < 2 {next} {print $2}' "$test_tsv" >"$out/test.txt"
head -n 1 "$out/test.txt" >"$out/one.txt"
# every sentence of the corpus once (train, then test): no sentence repeats,
# so every word is new to stance's word cache the first time it appears
awk -F'\t' '/^#/ || NF < 2 {next} {print $2}' "$train_tsv" "$test_tsv" >"$out/once.txt"
test_bytes=$(stat -c %s "$out/test.txt")
reps=$(( (target_bytes + test_bytes - 1) / test_bytes ))
for ((i = 0; i < reps; i++)); do cat "$out/test.txt"; done >"$out/big.txt"
test_lines=$(wc -l <"$out/test.txt")
big_lines=$(wc -l <"$out/big.txt")
fact - train_sentences "$(wc -l <"$out/train.ft")"
fact - test_sentences "$test_lines"
fact - big_sentences "$big_lines"
fact - big_bytes "$(stat -c %s "$out/big.txt")"
fact - big_repeats "$reps"
fact - once_sentences "$(wc -l <"$out/once.txt")"
fact - once_bytes "$(stat -c %s "$out/once.txt")"
fact - train_sha256 "$(sha256sum "$train_tsv" | cut -c1-12)"
fact - test_sha256 "$(sha256sum "$test_tsv" | cut -c1-12)"

# libsvm-tools cannot read text and the stance CLI cannot export its feature
# vectors, so svm-train/svm-predict get scikit-learn's tf-idf features (the
# sklearn rows' vectorizer) in libsvm format.  Not timed as part of
# svm-predict; the time to vectorise big.txt is recorded as a fact.
"$PYTHON" "$bench/features_to_libsvm.py" "$train_tsv" "$out/svm" \
    "$out/test.txt" "$out/one.txt" "$out/once.txt" "$out/big.txt" >"$out/svm/vectorise.json"
fact libsvm vectorise_big_s "$(sed -n 's/.*"big": \([0-9.eE+-]*\).*/\1/p' "$out/svm/vectorise.json")"

# --------------------------------------------------------------- systems
# Each system X has: train_X RUN; predict_X PHASE RUN INPUT OUTPUT, which
# labels every line of INPUT into OUTPUT in the tool's own format; labels_X
# OUTPUT, which prints one plain label per line; size_X, the model's bytes.

m=$out/models

# (a) stance: default settings with C fixed to 1 (no --grid, so the same C
# every run); one worker thread, every line one sentence, TSV records.
train_stance() {
    timed stance train "$1" "$out/stance-train.log" \
        "$build/stance-train" -C 1 -o "$m/stance.model" "$train_tsv"
}
predict_stance() {
    timed stance "$1" "$2" "$4" \
        "$build/stance-classify" -m "$m/stance.model" --lines --no-attribution -f tsv -j1 "$3"
}
labels_stance() {
    awk -F'\t' 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "label") c = i; next} {print $c}' "$1"
}
size_stance() { stat -c %s "$m/stance.model"; }

# (b) fastText supervised with word bigrams, 25 epochs, learning rate 0.5;
# one training thread, as libsvm and liblinear train on one (and fastText
# is only reproducible with -thread 1).  predict is single-threaded.
train_fasttext() {
    timed fasttext train "$1" "$out/fasttext-train.log" \
        fasttext supervised -input "$out/train.ft" -output "$m/fasttext" \
        -wordNgrams 2 -epoch 25 -lr 0.5 -thread 1
}
predict_fasttext() {
    timed fasttext "$1" "$2" "$4" fasttext predict "$m/fasttext.bin" "$3"
}
labels_fasttext() { sed 's/^__label__//' "$1"; }
size_fasttext() { stat -c %s "$m/fasttext.bin"; }

# (c) scikit-learn: TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
# with LinearSVC(C=1) or SVC(kernel="linear", C=1), timed in-process (see
# sklearn_bench.py): the table uses the "seconds" the helper prints as JSON,
# which exclude interpreter start-up and imports; RSS is the whole process's.
train_sklearn() {
    timed "sklearn-$2" train "$1" "$out/sklearn-$2-train.json" \
        "$PYTHON" "$bench/sklearn_bench.py" train "$2" "$train_tsv" "$m/sklearn-$2.pkl"
}
predict_sklearn() {
    timed "sklearn-$5" "$1" "$2" "$4.json" \
        "$PYTHON" "$bench/sklearn_bench.py" predict "$m/sklearn-$5.pkl" "$3" "$4"
}
train_sklearn_linearsvc() { train_sklearn "$1" linearsvc; }
train_sklearn_svc() { train_sklearn "$1" svc; }
predict_sklearn_linearsvc() { predict_sklearn "$@" linearsvc; }
predict_sklearn_svc() { predict_sklearn "$@" svc; }
labels_sklearn_linearsvc() { cat "$1"; }
labels_sklearn_svc() { cat "$1"; }
size_sklearn_linearsvc() { stat -c %s "$m/sklearn-linearsvc.pkl"; }
size_sklearn_svc() { stat -c %s "$m/sklearn-svc.pkl"; }

# (d) libsvm-tools: C-SVC with a linear kernel (-t 0), C=1, on the tf-idf
# features above; svm-predict reads the .svm file made from INPUT, so its
# time excludes vectorisation.
train_libsvm() {
    timed libsvm train "$1" "$out/libsvm-train.log" \
        svm-train -t 0 -c 1 "$out/svm/train.svm" "$m/libsvm.model"
}
predict_libsvm() {
    local svm
    svm=$out/svm/$(basename "${3%.txt}").svm
    timed libsvm "$1" "$2" "$4.log" svm-predict "$svm" "$m/libsvm.model" "$4"
}
labels_libsvm() { awk 'NR == FNR {name[NR] = $0; next} {print name[$1 + 0]}' "$out/svm/labels.txt" "$1"; }
size_libsvm() { stat -c %s "$m/libsvm.model"; }

systems="stance fasttext sklearn_linearsvc sklearn_svc libsvm"
name() { echo "${1/_/-}"; }   # sklearn_svc -> sklearn-svc, as in raw.tsv

# predict SYSTEM PHASE RUN INPUT: one prediction into pred/SYSTEM-PHASE.out
# and its plain labels into .labels, checked for one label per sentence.
predict() {
    local output
    output=$out/pred/$(name "$1")-$2.out
    "predict_$1" "$2" "$3" "$4" "$output"
    "labels_$1" "$output" >"$output.labels"
    expect_lines "$output.labels" "$(wc -l <"$4")"
}

# -------------------------------------------------------------- measure
# Runs go round-robin over the systems, so that a burst of load on this
# noisy machine spreads over all of them rather than hitting one.

for ((r = 1; r <= runs; r++)); do
    for s in $systems; do
        echo "run.sh: training $(name "$s"), run $r of $runs" >&2
        "train_$s" "$r"
    done
done
for s in $systems; do
    fact "$(name "$s")" model_bytes "$("size_$s")"
    # Labels for test.tsv (timed, but the timing is not reported: this run
    # also warms the page cache for the model).
    predict "$s" test 0 "$out/test.txt"
    fact "$(name "$s")" macro_f1 "$("$PYTHON" "$bench/score.py" "$test_tsv" "$out/pred/$(name "$s")-test.out.labels")"
done
# rounds PHASE INPUT WHAT: runs rounds of one PHASE prediction of INPUT per
# system, WHAT saying what for the log; predict rounds also time stance as
# it runs by default, also finding each sentence's source and target treaty
# (reported in the notes, not the table).
rounds() {
    local phase=$1 input=$2 what=$3 r s
    for ((r = 1; r <= runs; r++)); do
        for s in $systems; do
            echo "run.sh: $what for $(name "$s"), run $r of $runs" >&2
            predict "$s" "$phase" "$r" "$input"
        done
        if [ "$phase" = predict ]; then
            echo "run.sh: $what for stance with attribution, run $r of $runs" >&2
            timed stance-attribution predict "$r" "$out/pred/stance-attribution-predict.out" \
                "$build/stance-classify" -m "$m/stance.model" --lines -f tsv -j1 "$input"
        fi
    done
}
rounds load "$out/one.txt" "model load (1-line input)"
rounds predict "$out/big.txt" "prediction on $big_lines sentences"
# the corpus read once: where stance's word cache helps least
rounds once "$out/once.txt" "prediction on the corpus read once"

# Interpreter start-up and imports, which the sklearn timings leave out.
for ((r = 1; r <= runs; r++)); do
    timed python startup "$r" /dev/null "$PYTHON" -c \
        'import sklearn.feature_extraction.text, sklearn.pipeline, sklearn.svm'
done

# ---------------------------------------------------------------- report

fact - date "$(date -u '+%Y-%m-%d %H:%M UTC')"
fact - machine "$(getconf _NPROCESSORS_ONLN) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GB RAM", $2 / 1e6}' /proc/meminfo)"
fact - stance "$("$build/stance-classify" --version | sed 's/^[^0-9]*//')"
fact - fasttext "$(dpkg-query -W -f='${Version}' fasttext 2>/dev/null || echo unknown)"
fact - python3-sklearn "$(dpkg-query -W -f='${Version}' python3-sklearn 2>/dev/null || echo 'not a Debian package')"
fact - sklearn "$("$PYTHON" -c 'import sklearn; print(sklearn.__version__)')"
fact - python "$("$PYTHON" -c 'import platform; print(platform.python_version())')"
fact - libsvm-tools "$(dpkg-query -W -f='${Version}' libsvm-tools 2>/dev/null || echo unknown)"
fact - runs "$runs"

"$PYTHON" "$bench/report.py" "$raw" "$facts" >"$bench/out/results.md"
cat "$bench/out/results.md"
