#!/usr/bin/env bash
# README command 1: install, build (Release) and serve the example cooperation over HTTPS with
# the embedded SQLite database in ./data. Extra arguments go to `samverkan serve`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DSAMVERKAN_BUILD_TESTS=OFF >/dev/null
cmake --build build-release --target samverkan -j "$(nproc)"
exec build-release/services/server/samverkan serve \
  --config examples/hoglandet/cooperation.xml --data data --listen 127.0.0.1:8443 "$@"
