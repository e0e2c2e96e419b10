#!/usr/bin/env bash
# Training at scale: wall time, peak RSS and macro-F1 of stance-train with
# each solver against LIBLINEAR's own `train` and scikit-learn's LinearSVC,
# on corpora of growing size.  See bench/README.md, "Training at scale".
#
# Usage: bench/train_scale.sh [BUILD_DIR]      (default: build/)
#
# Environment:
#   SIZES       corpus sizes in sentences (default "5000 10000 20000 40000 100000")
#   LIBSVM_CAP  seconds allowed to one libsvm training; after the first run
#               over it, larger sizes skip libsvm (default 300)
#   CAP         seconds allowed to any other run (default 1800)
#   MEMCAP_MB   virtual memory limit of every run, MB (default 16000)
#   SEED        seed of the sampling (default 1)
#   SYSTEMS     which rows to run (default "stance-liblinear stance-libsvm
#               liblinear-train linearsvc"), so that a long size can run its
#               systems in separate processes, each with its own OUT
#   OUT         the output folder (default bench/out/scale), emptied first
#   PYTHON      a Python with scikit-learn (default python3, else /usr/bin/python3)
#   STANCE_ARGS stance-train's options besides --solver (default the shipped
#               model's, from models/treaties.args: --seed 1 -C 1
#               --prior-weight neutral=2 --calibrate corpora/treaties/articles)
#
# Training corpora are drawn with replacement from corpora/treaties/train.tsv
# and corpora/treaties/real/*.tsv, each sentence with a number word appended
# (bench/train_scale.py sample); every system is scored on
# corpora/treaties/test.tsv.  Output in bench/out/scale/: results.md (the
# table, also on stdout), raw.tsv (one line per run), commands.log, and the
# corpora, features and models.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$(cd "${1:-$root/build}" && pwd)
SIZES=${SIZES:-"5000 10000 20000 40000 100000"}
LIBSVM_CAP=${LIBSVM_CAP:-300}
CAP=${CAP:-1800}
MEMCAP_MB=${MEMCAP_MB:-16000}
SEED=${SEED:-1}
PYTHON=${PYTHON:-python3}
STANCE_ARGS=${STANCE_ARGS:-"--seed 1 -C 1 --prior-weight neutral=2 --calibrate $root/corpora/treaties/articles"}
SYSTEMS=${SYSTEMS:-"stance-liblinear stance-libsvm liblinear-train linearsvc"}
out=${OUT:-$root/bench/out/scale}
gnu_time=/usr/bin/time
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

die() { echo "train_scale.sh: $*" >&2; exit 2; }
[ -x "$build/stance-train" ] || die "no stance-train in $build"
"$gnu_time" -v true 2>/dev/null || die "$gnu_time is not GNU time (apt-get install time)"
command -v liblinear-train >/dev/null || die "no liblinear-train (apt-get install liblinear-tools)"
if ! "$PYTHON" -c 'import sklearn' 2>/dev/null && [ "$PYTHON" = python3 ]; then
    PYTHON=/usr/bin/python3 # a pyenv or venv python3 without scikit-learn: Debian's
fi
"$PYTHON" -c 'import sklearn' 2>/dev/null || die "$PYTHON cannot import sklearn (apt-get install python3-sklearn)"

rm -rf "$out"
mkdir -p "$out"
cp "$root/corpora/treaties/train.tsv" "$root/corpora/treaties/test.tsv" "$out/"
mkdir -p "$out/real"
cp "$root"/corpora/treaties/real/*.tsv "$out/real/" 2>/dev/null || true
printf 'system\tsentences\tstatus\twall_s\tcpu_s\trss_kb\tmacro_f1\n' >"$out/raw.tsv"

# timed SYSTEM N CAP CMD...: run CMD under GNU time, a time cap and the
# memory cap; sets wall, cpu (user + system seconds), rss and status (ok,
# timeout, failed).
timed() {
    local sys=$1 n=$2 cap=$3
    shift 3
    echo "$sys $n: $*" >>"$out/commands.log"
    local rc=0
    (ulimit -v $((MEMCAP_MB * 1024)); exec "$gnu_time" -v -o "$out/time.txt" \
        timeout "$cap" "$@") >"$out/run.out" 2>"$out/run.err" || rc=$?
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' \
        "$out/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$out/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
    status=ok
    if [ "$rc" -eq 124 ]; then status=timeout; elif [ "$rc" -ne 0 ]; then status=failed; fi
}

record() { # SYSTEM N F1
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$status" "$wall" "$cpu" "$rss" "$3" \
        >>"$out/raw.tsv"
    printf '  %-18s %7s sentences: %-7s %8.1f s wall %8.1f s CPU %8.0f MB  macro-F1 %s\n' "$1" \
        "$2" "$status" "$wall" "$cpu" "$((rss / 1024))" "$3" >&2
}

stance_f1() { # MODEL
    "$build/stance-eval" -m "$1" "$out/test.tsv" | awk '/macro-F1/ {print $2; exit}'
}

libsvm_over=""
runs() { case " $SYSTEMS " in *" $1 "*) return 0 ;; esac; return 1; }
runs stance-libsvm || libsvm_over=none
for n in $SIZES; do
    corpus=$out/train-$n.tsv
    "$PYTHON" "$here/train_scale.py" sample "$n" "$SEED" "$corpus" "$out/train.tsv" \
        "$out"/real/*.tsv
    echo "$n sentences:" >&2

    if runs stance-liblinear; then
        # shellcheck disable=SC2086 # STANCE_ARGS is a list of options
        timed stance-liblinear "$n" "$CAP" "$build/stance-train" -q --solver liblinear \
            $STANCE_ARGS -o "$out/liblinear-$n.model" "$corpus"
        f1=-; [ "$status" = ok ] && f1=$(stance_f1 "$out/liblinear-$n.model")
        record stance-liblinear "$n" "$f1"
    fi

    if [ -z "$libsvm_over" ]; then
        # shellcheck disable=SC2086
        timed stance-libsvm "$n" "$LIBSVM_CAP" "$build/stance-train" -q --solver libsvm \
            $STANCE_ARGS -o "$out/libsvm-$n.model" "$corpus"
        f1=-; [ "$status" = ok ] && f1=$(stance_f1 "$out/libsvm-$n.model")
        [ "$status" = ok ] || libsvm_over=$n
        record stance-libsvm "$n" "$f1"
    fi

    if runs liblinear-train; then
        # making LIBLINEAR's vectors (scikit-learn), under the same caps; a
        # row of raw.tsv, not a column of the table
        timed liblinear-features "$n" "$CAP" "$PYTHON" "$here/train_scale.py" features "$corpus" \
            "$out/test.tsv" "$out/svm-$n"
        cp "$out/run.out" "$out/features-$n.json"
        record liblinear-features "$n" -
        if [ "$status" = ok ]; then
            timed liblinear-train "$n" "$CAP" liblinear-train -q -s 1 -c 1 -B 1 \
                "$out/svm-$n/train.svm" "$out/svm-$n/model"
        fi
        f1=-
        if [ "$status" = ok ]; then
            liblinear-predict -q "$out/svm-$n/test.svm" "$out/svm-$n/model" "$out/svm-$n/pred" ||
                true
            f1=$("$PYTHON" "$here/train_scale.py" f1 "$out/test.tsv" "$out/svm-$n/labels.txt" \
                "$out/svm-$n/pred" | sed 's/.*: \([0-9.]*\).*/\1/')
        fi
        record liblinear-train "$n" "$(printf '%.4f' "$f1" 2>/dev/null || echo "$f1")"
        rm -f "$out/svm-$n/train.svm"
    fi

    if runs linearsvc; then
        timed linearsvc "$n" "$CAP" "$PYTHON" "$here/train_scale.py" linearsvc "$corpus" \
            "$out/test.tsv"
        f1=-
        [ "$status" = ok ] && f1=$(sed 's/.*"macro_f1": \([0-9.]*\).*/\1/' "$out/run.out")
        record linearsvc "$n" "$(printf '%.4f' "$f1" 2>/dev/null || echo "$f1")"
    fi
done

"$PYTHON" - "$out/raw.tsv" <<'EOF' | tee "$out/results.md"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
systems = ["stance-liblinear", "stance-libsvm", "liblinear-train", "linearsvc"]
by = {(r["system"], r["sentences"]): r for r in rows}
sizes = sorted({int(r["sentences"]) for r in rows})
def cell(s, n):
    r = by.get((s, str(n)))
    if r is None:
        return ""
    if r["status"] != "ok":
        return f"> {float(r['wall_s']):.0f} s ({r['status']})"
    return (f"{float(r['wall_s']):.1f} s ({float(r['cpu_s']):.1f} s CPU) / "
            f"{int(r['rss_kb']) / 1048576:.2f} GB / {r['macro_f1']}")
def ratio(a, b, n):
    ra, rb = by.get((a, str(n))), by.get((b, str(n)))
    if not ra or not rb or ra["status"] != "ok" or rb["status"] != "ok":
        return ""
    return (f"{float(ra['cpu_s']) / float(rb['cpu_s']):.1f}x "
            f"({float(ra['wall_s']) / float(rb['wall_s']):.1f}x)")
print("| sentences | " + " | ".join(systems) + " | stance-liblinear / liblinear-train | stance-liblinear / LinearSVC | stance-libsvm / stance-liblinear |")
print("| ---: |" + " ---: |" * (len(systems) + 3))
for n in sizes:
    print(f"| {n:,} | " + " | ".join(cell(s, n) for s in systems) + " | "
          + " | ".join([ratio("stance-liblinear", "liblinear-train", n),
                        ratio("stance-liblinear", "linearsvc", n),
                        ratio("stance-libsvm", "stance-liblinear", n)]) + " |")
print("\nEach cell: wall time (user + system CPU time) / peak RSS / macro-F1 on "
      "corpora/treaties/test.tsv. Ratios: of CPU times (of wall times in brackets).")
EOF
