#!/usr/bin/env bash
# Installs the system libraries Yuheng links against, if they are missing (Debian/Ubuntu).
#   OpenBLAS + LAPACKE (dense linear algebra), SuiteSparse (UMFPACK/KLU sparse LU),
#   SQLite (data layer), pkg-config, and iso-codes + python3 for rebuilding bundled datasets.
# Swift itself (6.x) must already be installed: https://www.swift.org/install/linux/
set -euo pipefail

need=()
have_header() { [ -e "$1" ]; }
have_header /usr/include/lapacke.h || need+=(liblapacke-dev)
{ have_header /usr/include/x86_64-linux-gnu/cblas.h || have_header /usr/include/aarch64-linux-gnu/cblas.h || have_header /usr/include/cblas.h; } \
  && pkg-config --exists openblas 2>/dev/null || need+=(libopenblas-dev)
have_header /usr/include/suitesparse/umfpack.h || need+=(libsuitesparse-dev)
have_header /usr/include/sqlite3.h || need+=(libsqlite3-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
have_header /usr/share/iso-codes/json/iso_3166-1.json || need+=(iso-codes)
command -v python3 >/dev/null || need+=(python3)
for extra in "$@"; do command -v "$extra" >/dev/null || need+=("$extra"); done

if [ ${#need[@]} -eq 0 ]; then
  echo "system libraries: all present"
  exit 0
fi
echo "installing: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
