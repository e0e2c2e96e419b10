#!/usr/bin/env bash
# Retrain the default model from corpora/treaties/train.tsv with the
# arguments in models/treaties.args and check that it is byte-identical to
# the shipped models/treaties.model.
set -eu
TRAIN=$1 SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=$(grep -v '^#' "$SRC/models/treaties.args")
# shellcheck disable=SC2086
"$TRAIN" -q $args -o "$tmp/treaties.model" "$SRC/corpora/treaties/train.tsv"
if cmp -s "$tmp/treaties.model" "$SRC/models/treaties.model"; then
  echo "models/treaties.model is reproducible from the corpus"
else
  echo "models/treaties.model differs from what corpora/treaties/train.tsv and models/treaties.args produce;"
  echo "rebuild it with: cmake --build build --target model"
  exit 1
fi
