#!/usr/bin/env bash
# Retrain the default model with the options and corpus files listed in
# models/treaties.args (paths relative to the source tree) and check that
# it is byte-identical to the shipped models/treaties.model.
set -eu
TRAIN=$1 SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=$(grep -v '^#' "$SRC/models/treaties.args")
cd "$SRC"
# shellcheck disable=SC2086
"$TRAIN" -q $args -o "$tmp/treaties.model"
if cmp -s "$tmp/treaties.model" "$SRC/models/treaties.model"; then
  echo "models/treaties.model is reproducible from the corpus"
else
  echo "models/treaties.model differs from what models/treaties.args and the corpus files it lists produce;"
  echo "rebuild it with: cmake --build build --target model"
  exit 1
fi
