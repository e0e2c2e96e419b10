#!/usr/bin/env bash
# Set up (Debian packages), build stance in build/ and run every test suite:
# the Check unit suites, the end-to-end CLI tests and the corpus lint.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
cd build && ctest --output-on-failure -j"$(nproc)"
