#!/usr/bin/env python3
"""scikit-learn side of the stance benchmark (see bench/README.md).

Usage:
  sklearn_bench.py train {linearsvc,svc} TRAIN.tsv MODEL.pkl
  sklearn_bench.py predict MODEL.pkl INPUT.txt OUTPUT.txt

train   fits TfidfVectorizer(word 1-2-grams, sublinear_tf) and LinearSVC or
        SVC(kernel="linear") on TRAIN.tsv (label<TAB>sentence, '#' lines
        skipped) and pickles the fitted pipeline to MODEL.pkl.
predict loads MODEL.pkl, labels every line of INPUT.txt (one sentence per
        line) and writes one label per line to OUTPUT.txt.

Each prints one JSON object on stdout with in-process wall times, measured
after the imports, so that interpreter start-up is excluded and everything
the command-line tools also do is included:
  train:   {"seconds": read corpus + fit + pickle}
  predict: {"load_seconds": unpickle,
            "seconds": unpickle + read + vectorise + predict + write}

The benchmark sets OMP_NUM_THREADS=1 and OPENBLAS_NUM_THREADS=1; neither
LinearSVC (liblinear) nor SVC (libsvm) is multi-threaded anyway.
"""

import json
import pickle
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC, LinearSVC

from tsv import read_corpus

C = 1.0  # the same cost as stance-train -C 1 and svm-train -c 1


def read_lines(path):
    """Return the lines of a one-sentence-per-line file, without newlines."""
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


def make_vectorizer():
    """The tf-idf features used by both the sklearn and the libsvm rows."""
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)


def make_classifier(name):
    if name == "linearsvc":
        return LinearSVC(C=C, random_state=0)
    if name == "svc":
        return SVC(kernel="linear", C=C)
    raise SystemExit(f"sklearn_bench.py: unknown classifier '{name}' (linearsvc, svc)")


def train(name, corpus, model_path):
    start = time.perf_counter()
    labels, sentences = read_corpus(corpus)
    pipe = make_pipeline(make_vectorizer(), make_classifier(name))
    pipe.fit(sentences, labels)
    with open(model_path, "wb") as f:
        pickle.dump(pipe, f, protocol=pickle.HIGHEST_PROTOCOL)
    return {"seconds": time.perf_counter() - start}


def predict(model_path, input_path, output_path):
    start = time.perf_counter()
    with open(model_path, "rb") as f:
        pipe = pickle.load(f)
    loaded = time.perf_counter()
    predicted = pipe.predict(read_lines(input_path))
    with open(output_path, "w", encoding="utf-8") as f:
        f.write("\n".join(predicted))
        f.write("\n")
    return {"load_seconds": loaded - start, "seconds": time.perf_counter() - start}


def main(argv):
    if len(argv) == 5 and argv[1] == "train":
        result = train(argv[2], argv[3], argv[4])
    elif len(argv) == 5 and argv[1] == "predict":
        result = predict(argv[2], argv[3], argv[4])
    else:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
