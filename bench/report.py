#!/usr/bin/env python3
"""Turn the benchmark's raw measurements into the Markdown results table.

Usage: report.py RAW.tsv FACTS.tsv

RAW.tsv has one row per timed run (system, phase, run, wall_s, inproc_s,
cpu_s, rss_kib, cpu); FACTS.tsv one row per fact (system or '-', key, value), both
written by run.sh.  Every figure in the table is the median over the runs;
the time of a run is its in-process time when the helper reported one
(sklearn) and its wall time otherwise.  Ratios are relative to stance:
value / stance's value, so above 1 means more time, memory or disk, and
for throughput faster than stance.  Prints Markdown on stdout.  Standard
library only.
"""

import csv
import statistics
import sys

SYSTEMS = [
    ("stance", "stance (defaults, `-C 1`)"),
    ("fasttext", "fastText (`-wordNgrams 2 -epoch 25 -lr 0.5`)"),
    ("sklearn-linearsvc", "scikit-learn tf-idf + LinearSVC"),
    ("sklearn-svc", "scikit-learn tf-idf + SVC(linear)"),
    ("libsvm", "libsvm `svm-train -t 0` (sklearn tf-idf features)"),
]
MB = 1e6  # bytes; RSS is converted from KiB to the same unit


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def number(v):
    """A figure with about three significant digits, no exponent."""
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 0.1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def ratio(v, base):
    r = v / base
    # two significant digits, without the "10." that #.2g gives for 9.95..9.99
    return f"{r:.0f}×" if r >= 9.95 else f"{r:#.2g}×"


class Runs:
    """Medians of the timed runs, by system and phase."""

    def __init__(self, rows):
        self.rows = rows

    def _of(self, system, phase):
        runs = [r for r in self.rows if r["system"] == system and r["phase"] == phase]
        if not runs:
            raise SystemExit(f"report.py: no {phase} runs for {system}")
        return runs

    def seconds(self, system, phase):
        return statistics.median(float(r["inproc_s"] or r["wall_s"])
                                 for r in self._of(system, phase))

    def rss_mb(self, system, phase):
        return statistics.median(int(r["rss_kib"]) * 1024 / MB for r in self._of(system, phase))

    def cpu_seconds(self, system, phase):
        return statistics.median(float(r["cpu_s"]) for r in self._of(system, phase))

    def cpu(self, system, phase):
        return [int(r["cpu"].rstrip("%")) for r in self._of(system, phase)]


def measure(runs, facts, system, big_sentences, big_mb):
    """The table's figures for one system, as a dict of floats."""
    predict_s = runs.seconds(system, "predict")
    return {
        "f1": float(facts[system, "macro_f1"]),
        "train_s": runs.seconds(system, "train"),
        "train_rss": runs.rss_mb(system, "train"),
        "model_mb": int(facts[system, "model_bytes"]) / MB,
        "load_s": runs.seconds(system, "load"),
        "predict_s": predict_s,
        "sent_s": big_sentences / predict_s,
        "mb_s": big_mb / predict_s,
        "predict_rss": runs.rss_mb(system, "predict"),
    }


COLUMNS = [  # key, heading, show a ratio to stance
    ("f1", "macro-F1", False),
    ("train_s", "train s", True),
    ("train_rss", "train peak RSS MB", True),
    ("model_mb", "model MB", True),
    ("load_s", "load s (1 line)", True),
    ("predict_s", "predict s", True),
    ("sent_s", "sentences/s", True),
    ("mb_s", "MB/s", False),  # the same ratio as sentences/s
    ("predict_rss", "predict peak RSS MB", True),
]


def rate_without_load(result, sentences):
    """Sentences per second once the model is loaded, if measurable."""
    left = result["predict_s"] - result["load_s"]
    return number(sentences / left) if left > 0 else "n/a (load took longer)"


def once_table(runs, results, sentences, mb):
    """Throughput on the corpus read once, whole process and with the
    model load taken out, with ratios to stance's."""
    rows = {}
    for system, _ in SYSTEMS:
        secs = runs.seconds(system, "once")
        left = secs - results[system]["load_s"]
        rows[system] = (secs, sentences / secs, sentences / left if left > 0 else None)
    base = rows["stance"]
    lines = ["| system | seconds | sentences/s | MB/s | sentences/s, load taken out |",
             "|---|---|---|---|---|"]
    for system, title in SYSTEMS:
        secs, rate, net = rows[system]
        cell = number(rate) + ("" if system == "stance" else f" ({ratio(rate, base[1])})")
        if net is None or base[2] is None:
            netcell = "n/a (load took longer)"
        else:
            netcell = number(net) + ("" if system == "stance" else f" ({ratio(net, base[2])})")
        lines.append(f"| {title} | {number(secs)} | {cell} | {number(mb / secs)} | {netcell} |")
    return "\n".join(lines)


def table(results):
    base = results["stance"]
    lines = ["| system | " + " | ".join(h for _, h, _ in COLUMNS) + " |",
             "|---" * (len(COLUMNS) + 1) + "|"]
    for system, title in SYSTEMS:
        cells = []
        for key, _, show_ratio in COLUMNS:
            v = results[system][key]
            cell = f"{v:.4f}" if key == "f1" else number(v)
            if show_ratio and system != "stance":
                cell += f" ({ratio(v, base[key])})"
            cells.append(cell)
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    runs = Runs(read_tsv(argv[1]))
    facts = {(r["system"], r["key"]): r["value"] for r in read_tsv(argv[2])}
    g = lambda key: facts["-", key]  # noqa: E731
    big_sentences, big_mb = int(g("big_sentences")), int(g("big_bytes")) / MB
    once_sentences, once_mb = int(g("once_sentences")), int(g("once_bytes")) / MB
    results = {s: measure(runs, facts, s, big_sentences, big_mb) for s, _ in SYSTEMS}
    cpu = [c for s, _ in SYSTEMS for c in runs.cpu(s, "predict")]
    without_load = ", ".join(f"{s} {rate_without_load(results[s], big_sentences)}"
                             for s, _ in SYSTEMS)
    cpu_s = ", ".join(f"{s} {number(runs.cpu_seconds(s, 'predict'))}" for s, _ in SYSTEMS)
    attr_s = runs.seconds("stance-attribution", "predict")
    attr_rate = big_sentences / attr_s
    attribution = (
        f"{number(attr_rate)} sentences/s ({number(big_mb / attr_s)} MB/s, peak RSS "
        f"{number(runs.rss_mb('stance-attribution', 'predict'))} MB): "
        f"{ratio(attr_rate, results['fasttext']['sent_s'])} fastText's rate, "
        f"{ratio(attr_rate, results['sklearn-linearsvc']['sent_s'])} LinearSVC's, "
        f"{ratio(attr_rate, results['sklearn-svc']['sent_s'])} SVC's")
    print(f"""# stance benchmark results

{g("date")}; {g("machine")}; median of {g("runs")} runs.
Versions: stance {g("stance")}, fastText {g("fasttext")}, scikit-learn {g("sklearn")} \
(python3-sklearn {g("python3-sklearn")}, Python {g("python")}), libsvm-tools {g("libsvm-tools")}.
Data: train.tsv {g("train_sentences")} sentences (sha256 {g("train_sha256")}…); macro-F1 on test.tsv \
({g("test_sentences")} sentences, sha256 {g("test_sha256")}…); prediction on the test sentences repeated \
{g("big_repeats")} times: {big_sentences:,} sentences, {big_mb:.1f} MB.

{table(results)}

Ratios in brackets are value / stance's value: above 1× means more time,
memory or disk than stance, or for sentences/s faster than stance.

- Times are wall-clock seconds, one thread for prediction.  stance,
  fastText and libsvm are timed as whole processes (start-up and model load
  included); scikit-learn in-process: without interpreter start-up and
  imports ({number(runs.seconds("python", "startup"))} s here), with unpickling, reading, vectorising,
  predicting and writing the labels.
- svm-predict reads ready-made tf-idf vectors: making them for the
  prediction input took {number(float(facts["libsvm", "vectorise_big_s"]))} s in Python, not counted in its time.
  Its model size leaves out the vocabulary.
- Peak RSS is GNU time's "Maximum resident set size" of the whole process
  (for scikit-learn including the interpreter and its libraries).
- Throughput with the model load taken out, sentences / (predict s − load s):
  {without_load}.
- stance as it runs by default, also finding each sentence's source and
  target treaty (`stance-classify --lines -f tsv -j1`, without
  `--no-attribution`): {attribution}.
- CPU share of the prediction runs (GNU time): {min(cpu)}% to {max(cpu)}%; below
  100% the process waited for a core.  User + system CPU seconds of the whole
  prediction processes, less sensitive to that: {cpu_s}.

Read once instead of repeated: every sentence of the corpus (train.tsv, then
test.tsv, {once_sentences:,} sentences, {once_mb:.2f} MB), so that no sentence
repeats and every word is new to stance's word cache the first time.  Median of
{g("runs")} runs; ratios to stance as above.

{once_table(runs, results, once_sentences, once_mb)}""")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
