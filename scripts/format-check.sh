#!/usr/bin/env bash
# Checks that C++ sources follow .clang-format (exit 1 and the file names when not).
#   scripts/format-check.sh          check
#   scripts/format-check.sh --fix    rewrite in place
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [[ "${1:-}" == "--fix" ]]; then clang-format -i "${files[@]}"; exit 0; fi
clang-format --dry-run --Werror "${files[@]}"
