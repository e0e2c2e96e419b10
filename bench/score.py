#!/usr/bin/env python3
"""Macro-F1 of predicted labels against a labelled corpus.

Usage: score.py GOLD.tsv PRED.txt

GOLD.tsv is label<TAB>sentence ('#' lines skipped); PRED.txt has one
predicted label per line, in the same order.  Prints the macro-F1 (the
unweighted mean of the per-label F1 over the gold labels), computed for
every system by this one scorer.
"""

import sys

from sklearn.metrics import f1_score

from sklearn_bench import read_corpus


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    gold, _ = read_corpus(argv[1])
    with open(argv[2], encoding="utf-8") as f:
        predicted = f.read().split()
    if len(predicted) != len(gold):
        print(f"score.py: {argv[2]}: {len(predicted)} predictions for {len(gold)} sentences",
              file=sys.stderr)
        return 1
    print(f"{f1_score(gold, predicted, labels=sorted(set(gold)), average='macro'):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
