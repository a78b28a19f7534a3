#!/usr/bin/env bash
# Installs dependencies, builds winnow (Release) and runs every test,
# fast and slow, through ctest. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
BUILD=${WINNOW_BUILD_DIR:-build/release}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD" -j "$(nproc)"
# One ctest run: the "fast" and "slow" labels both run here (select one with -L).
ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc)"
