#!/usr/bin/env bash
# Installs every Debian 12 package winnow needs to build, test and benchmark.
# Idempotent: packages already present are left alone; apt-get update runs
# only when something is missing. Run as root (or with sudo available).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git python3
  libcurl4-openssl-dev libpugixml-dev libsqlite3-dev sqlite3 libre2-dev libspdlog-dev
  catch2 libcli11-dev nlohmann-json3-dev libcpp-httplib-dev libutf8proc-dev zlib1g-dev
  libssl-dev liblinear-dev libstemmer-dev libzstd-dev libisal-dev libtomlplusplus-dev gzip
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
