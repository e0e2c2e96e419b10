"""Reading label<TAB>sentence corpora, shared by the benchmark scripts."""


def read_corpus(path):
    """Return (labels, sentences) from a label<TAB>sentence file; '#' lines
    and blank lines are skipped."""
    labels, sentences = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            label, sentence = line.split("\t", 1)
            labels.append(label)
            sentences.append(sentence)
    return labels, sentences
