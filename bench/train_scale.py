#!/usr/bin/env python3
"""Helpers of bench/train_scale.sh (training time and memory against corpus size).

Usage:
  train_scale.py sample N SEED OUT.tsv CORPUS.tsv...
  train_scale.py features TRAIN.tsv TEST.tsv OUT_DIR
  train_scale.py linearsvc TRAIN.tsv TEST.tsv
  train_scale.py f1 TEST.tsv LABELS.txt PREDICTIONS

sample     draws N sentences with replacement (random.Random(SEED)) from the
           labelled CORPUS files (label<TAB>sentence, '#' lines skipped) and
           appends a number word to every one ("... a lb in New York
           forty-two."), so that repeated sentences still give different
           vectors.
features   writes TRAIN and TEST as tf-idf vectors in LIBLINEAR's format,
           comparable with stance's: word 1-2-grams and character 3-5-grams
           (within words), sublinear tf, smoothed idf, each block of unit
           length, weighted so that the character block holds 0.3 of the
           squared norm (stance's --char-weight); labels numbered 1..K in
           OUT_DIR/labels.txt.  Prints {"seconds": ...} (vectorise + write).
linearsvc  scikit-learn's LinearSVC (liblinear inside, C=1, squared hinge,
           the same features) trained on TRAIN, scored on TEST; prints
           {"fit_seconds", "macro_f1"}.
f1         macro-F1 of LIBLINEAR's predictions (numbers, one per line) on
           TEST.
"""

import json
import random
import sys
import time

from tsv import read_corpus

NUMBERS = ("one two three four five six seven eight nine ten eleven twelve thirteen "
           "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty "
           "fifty sixty seventy eighty ninety hundred thousand million").split()

CHAR_SHARE = 0.3


def number_word(rng):
    """A random English number word or two, hyphenated like "forty-two"."""
    word = rng.choice(NUMBERS)
    if rng.random() < 0.5:
        word += "-" + rng.choice(NUMBERS[:9])
    return word


def sample(n, seed, out, sources):
    rng = random.Random(seed)
    pool = []
    for path in sources:
        labels, sentences = read_corpus(path)
        pool.extend(zip(labels, sentences))
    with open(out, "w", encoding="utf-8") as f:
        for _ in range(n):
            label, sentence = rng.choice(pool)
            end = sentence[-1] if sentence[-1] in ".!?”\"" else ""
            body = sentence[:-1] if end else sentence
            f.write(f"{label}\t{body} {number_word(rng)}{end}\n")


def vectorizers():
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, dtype=np.float64)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                           dtype=np.float64)
    return word, char


def vectorise(train_sentences, test_sentences):
    """tf-idf vectors of both sets, fitted on the training sentences."""
    from scipy.sparse import hstack
    word, char = vectorizers()
    a, b = (1 - CHAR_SHARE) ** 0.5, CHAR_SHARE ** 0.5
    x = hstack([word.fit_transform(train_sentences) * a,
                char.fit_transform(train_sentences) * b]).tocsr()
    t = hstack([word.transform(test_sentences) * a, char.transform(test_sentences) * b]).tocsr()
    return x, t


def features(train, test, out_dir):
    import os
    import numpy as np
    from sklearn.datasets import dump_svmlight_file
    start = time.perf_counter()
    labels, sentences = read_corpus(train)
    tlabels, tsentences = read_corpus(test)
    names = sorted(set(labels))
    number = {name: i + 1 for i, name in enumerate(names)}
    x, t = vectorise(sentences, tsentences)
    os.makedirs(out_dir, exist_ok=True)
    dump_svmlight_file(x, np.array([number[l] for l in labels]),
                       os.path.join(out_dir, "train.svm"), zero_based=False)
    dump_svmlight_file(t, np.array([number.get(l, 0) for l in tlabels]),
                       os.path.join(out_dir, "test.svm"), zero_based=False)
    with open(os.path.join(out_dir, "labels.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(names) + "\n")
    print(json.dumps({"seconds": time.perf_counter() - start, "nnz": int(x.nnz)}))


def macro_f1(gold, pred):
    from sklearn.metrics import f1_score
    return f1_score(gold, pred, average="macro")


def linearsvc(train, test):
    from sklearn.svm import LinearSVC
    labels, sentences = read_corpus(train)
    tlabels, tsentences = read_corpus(test)
    x, t = vectorise(sentences, tsentences)
    start = time.perf_counter()
    model = LinearSVC(C=1.0, dual=True).fit(x, labels)
    fit = time.perf_counter() - start
    print(json.dumps({"fit_seconds": fit, "macro_f1": macro_f1(tlabels, model.predict(t))}))


def f1(test, labels_txt, predictions):
    tlabels, _ = read_corpus(test)
    with open(labels_txt, encoding="utf-8") as f:
        names = f.read().split("\n")
    with open(predictions, encoding="utf-8") as f:
        pred = [names[int(float(v)) - 1] for v in f.read().split()]
    print(json.dumps({"macro_f1": macro_f1(tlabels, pred)}))


def main(argv):
    if len(argv) >= 5 and argv[1] == "sample":
        sample(int(argv[2]), int(argv[3]), argv[4], argv[5:])
    elif len(argv) == 5 and argv[1] == "features":
        features(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "linearsvc":
        linearsvc(argv[2], argv[3])
    elif len(argv) == 5 and argv[1] == "f1":
        f1(argv[2], argv[3], argv[4])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
