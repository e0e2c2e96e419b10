#!/usr/bin/env python3
"""Helpers of bench/semeval.sh (SemEval-2016 Task 6A, stance in tweets).

Usage:
  semeval.py prepare DATA_DIR OUT_DIR
  semeval.py score OUT_DIR NAME
  semeval.py sklearn OUT_DIR

DATA_DIR is TweetEval's datasets/stance folder (one folder per target, each
with {train,val,test}_{text,labels}.txt, labels 0 none, 1 against, 2 favor).

prepare  writes OUT_DIR/TARGET/train.tsv (train and val: the task's 2,914
         training tweets; label<TAB>tweet, tabs in a tweet made spaces),
         OUT_DIR/TARGET/test.txt (one tweet a line) and test.gold, and
         OUT_DIR/all/train.tsv and test.txt (every target together, for one
         model), in TARGETS order.
score    reads stance-classify's TSV records OUT_DIR/TARGET/pred-NAME.tsv
         (--lines, so a record's "sentence" is its line; a line without a
         record counts as "none") and prints the task's F_avg over all
         targets pooled, the mean of F1(favor) and F1(against) in percent
         (the official scorer's figure), then per target.  With
         OUT_DIR/all/pred-NAME.tsv instead (one model), the same from it.
sklearn  scikit-learn LinearSVC on the same splits, one model per target:
         word 1-3-grams and character 2-5-grams (char_wb) tf-idf, binary or
         sublinear tf, C = 1 or chosen by 5-fold grid search on macro-F1 over
         0.01 .. 10; prints one F_avg line per variant.
"""

import json
import os
import sys

TARGETS = ["abortion", "atheism", "climate", "feminist", "hillary"]
NAMES = {"0": "none", "1": "against", "2": "favor"}


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f]


def clean(tweet):
    return " ".join(tweet.replace("\t", " ").replace("\r", " ").split())


def load(data, target, split):
    text = [clean(t) for t in lines(os.path.join(data, target, split + "_text.txt"))]
    gold = [NAMES[l.strip()] for l in lines(os.path.join(data, target, split + "_labels.txt"))]
    assert len(text) == len(gold), (target, split)
    return text, gold


def prepare(data, out):
    every_train, every_test, every_gold = [], [], []
    for target in TARGETS + ["all"]:
        os.makedirs(os.path.join(out, target), exist_ok=True)
    for target in TARGETS:
        train = [p for split in ("train", "val") for p in zip(*load(data, target, split))]
        text, gold = load(data, target, "test")
        write(os.path.join(out, target), train, text, gold)
        every_train += train
        every_test += text
        every_gold += gold
    write(os.path.join(out, "all"), every_train, every_test, every_gold)
    print(f"{len(every_train)} training and {len(every_test)} test tweets", file=sys.stderr)


def write(folder, train, text, gold):
    with open(os.path.join(folder, "train.tsv"), "w", encoding="utf-8") as f:
        f.writelines(f"{label}\t{tweet}\n" for tweet, label in train)
    with open(os.path.join(folder, "test.txt"), "w", encoding="utf-8") as f:
        f.writelines(t + "\n" for t in text)
    with open(os.path.join(folder, "test.gold"), "w", encoding="utf-8") as f:
        f.writelines(g + "\n" for g in gold)


def f_avg(gold, pred):
    """SemEval-2016 Task 6's F_avg: mean of F1(favor) and F1(against), %."""
    f = []
    for c in ("favor", "against"):
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        npred = sum(p == c for p in pred)
        ngold = sum(g == c for g in gold)
        prec = tp / npred if npred else 0.0
        rec = tp / ngold if ngold else 0.0
        f.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return 50 * (f[0] + f[1])


def stance_labels(path, n):
    pred = ["none"] * n
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        si, li = header.index("sentence"), header.index("label")
        for line in f:
            row = line.rstrip("\n").split("\t")
            pred[int(row[si])] = row[li]
    return pred


def score(out, name):
    golds = {t: lines(os.path.join(out, t, "test.gold")) for t in TARGETS}
    one = os.path.join(out, "all", f"pred-{name}.tsv")
    if os.path.exists(one):
        n = sum(len(g) for g in golds.values())
        pooled = stance_labels(one, n)
        preds, at = {}, 0
        for t in TARGETS:
            preds[t] = pooled[at:at + len(golds[t])]
            at += len(golds[t])
    else:
        preds = {t: stance_labels(os.path.join(out, t, f"pred-{name}.tsv"), len(golds[t]))
                 for t in TARGETS}
    gold = [g for t in TARGETS for g in golds[t]]
    pred = [p for t in TARGETS for p in preds[t]]
    per = {t: round(f_avg(golds[t], preds[t]), 2) for t in TARGETS}
    print(json.dumps({"name": name, "F_avg": round(f_avg(gold, pred), 2), "targets": per}))


def sklearn(out):
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.svm import LinearSVC

    def read_tsv(path):
        pairs = [l.split("\t", 1) for l in lines(path)]
        return [p[1] for p in pairs], [p[0] for p in pairs]

    def features(train, test, tf):
        opts = {"binary": True, "use_idf": True} if tf == "binary" else {"sublinear_tf": True}
        word = TfidfVectorizer(ngram_range=(1, 3), **opts)
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), **opts)
        x = hstack([word.fit_transform(train), char.fit_transform(train)]).tocsr()
        t = hstack([word.transform(test), char.transform(test)]).tocsr()
        return x, t

    grid = [0.01, 0.03, 0.1, 0.3, 1, 3, 10]
    for tf in ("binary", "sublinear"):
        for how in ("C=1", "grid"):
            gold, pred, chosen, per = [], [], [], {}
            for target in TARGETS:
                text, labels = read_tsv(os.path.join(out, target, "train.tsv"))
                test = lines(os.path.join(out, target, "test.txt"))
                c = 1.0
                if how == "grid":
                    y = np.array(labels)
                    scores = {cand: [] for cand in grid}
                    folds = StratifiedKFold(5, shuffle=True, random_state=1)
                    for a, b in folds.split(text, y):
                        x, t = features([text[i] for i in a], [text[i] for i in b], tf)
                        for cand in grid:
                            m = LinearSVC(C=cand).fit(x, y[a])
                            scores[cand].append(f1_score(y[b], m.predict(t), average="macro"))
                    c = max(grid, key=lambda cand: (np.mean(scores[cand]), -cand))
                    chosen.append(c)
                x, t = features(text, test, tf)
                p = list(LinearSVC(C=c).fit(x, labels).predict(t))
                g = lines(os.path.join(out, target, "test.gold"))
                per[target] = round(f_avg(g, p), 2)
                pred += p
                gold += g
            row = {"name": f"linearsvc {tf} tf {how}", "F_avg": round(f_avg(gold, pred), 2),
                   "targets": per}
            if chosen:
                row["options"] = "C per target: " + ", ".join(map(str, chosen))
            print(json.dumps(row), flush=True)


def main(argv):
    if len(argv) == 4 and argv[1] == "prepare":
        prepare(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "score":
        score(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] == "sklearn":
        sklearn(argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
