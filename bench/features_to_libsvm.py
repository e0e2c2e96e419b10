#!/usr/bin/env python3
"""Write tf-idf features in libsvm format for svm-train and svm-predict.

Usage: features_to_libsvm.py TRAIN.tsv OUT_DIR [TEXT.txt...]

The stance command-line tools cannot export stance's own feature vectors, so
the libsvm row of the benchmark uses scikit-learn's TfidfVectorizer features
instead, exactly those of the sklearn rows (sklearn_bench.make_vectorizer).

Writes, in OUT_DIR:
  train.svm     the training sentences, labels numbered 1..K
  labels.txt    line i is the label numbered i
  NAME.svm      for each TEXT.txt (one sentence per line, no labels), its
                vectors with the placeholder label 0
and prints one JSON object on stdout: {"NAME": seconds to vectorise and
write NAME.svm, ...}, so the cost that svm-predict's timing leaves out can
be reported beside it.
"""

import json
import os
import sys
import time

import numpy as np
from sklearn.datasets import dump_svmlight_file

from sklearn_bench import make_vectorizer, read_corpus, read_lines


def main(argv):
    if len(argv) < 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    train_path, out_dir, texts = argv[1], argv[2], argv[3:]
    os.makedirs(out_dir, exist_ok=True)
    labels, sentences = read_corpus(train_path)
    names = sorted(set(labels))
    number = {name: i + 1 for i, name in enumerate(names)}
    vectorizer = make_vectorizer()
    x = vectorizer.fit_transform(sentences)
    y = np.array([number[label] for label in labels])
    dump_svmlight_file(x, y, os.path.join(out_dir, "train.svm"), zero_based=False)
    with open(os.path.join(out_dir, "labels.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(names) + "\n")
    seconds = {}
    for path in texts:
        name = os.path.splitext(os.path.basename(path))[0]
        start = time.perf_counter()
        x = vectorizer.transform(read_lines(path))
        dump_svmlight_file(x, np.zeros(x.shape[0]), os.path.join(out_dir, name + ".svm"),
                           zero_based=False)
        seconds[name] = time.perf_counter() - start
    print(json.dumps(seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
