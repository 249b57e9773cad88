#!/usr/bin/env bash
# Installs the system packages Safehouse builds and tests against (Debian 12). Idempotent.
set -euo pipefail
packages=(libseccomp-dev libunwind-dev pkg-config gcc python3 bubblewrap proot python3-venv git make sqlite3 libc6-dev
          iproute2 curl python3-pip)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
