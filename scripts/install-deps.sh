#!/usr/bin/env bash
# Installs the Debian 12 packages Samverkan needs to build, run and test. Run as root.
#   scripts/install-deps.sh          build and run
#   scripts/install-deps.sh --test   also PostgreSQL 15, the test and bench tools and CI's (clang, clang-tidy)
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates openssl
  libpoco-dev libssl-dev libxml2-dev libxmlsec1-dev libxmlsec1-openssl
  libsoci-dev libsqlite3-dev libpq-dev libargon2-dev libmagic-dev libarchive-dev libkainjow-mustache-dev
  libboost-program-options-dev libboost-test-dev libhowardhinnant-date-dev tzdata
  libpango1.0-dev libcairo2-dev fonts-dejavu-core libqrencode-dev
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(postgresql-15 xmlsec1 libxml2-utils curl wrk sqlite3 procps chromium poppler-utils)
  # CI's other stages: clang with its libFuzzer and sanitizer runtimes (the fuzz targets),
  # clang-tidy and clang-format.
  packages+=(clang libclang-rt-dev clang-tidy clang-format)
  # The Debian package's check: systemd-analyze for its unit, dpkg-shlibdeps for its Depends.
  packages+=(systemd dpkg-dev)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js tools the tests run (tools/node: the OpenAPI linter), at the versions of its
# package-lock.json. Node.js comes from the machine's apt sources when it is not there yet.
if [[ "${1:-}" == "--test" ]]; then
  if ! command -v npm >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  tools="$(dirname "$0")/../tools/node"
  if ! cmp -s "$tools/package-lock.json" "$tools/node_modules/.installed-lock.json"; then
    npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >/dev/null
    cp "$tools/package-lock.json" "$tools/node_modules/.installed-lock.json"
  fi
fi
