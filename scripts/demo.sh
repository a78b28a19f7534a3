#!/usr/bin/env bash
# Installs dependencies, builds winnow and runs `winnow demo` on the bundled data.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
BUILD=${WINNOW_BUILD_DIR:-build/release}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target winnow
"$BUILD/app/winnow" demo "${1:-winnow-demo}"
