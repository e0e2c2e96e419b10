#!/usr/bin/env bash
# Set up, build, and classify the bundled sample article with the shipped
# default model.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
./build/stance-classify samples/border-pact.txt
