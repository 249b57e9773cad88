#!/usr/bin/env bash
# One command from a fresh Debian 12 machine with Swift: install what is missing, build, check
# the host, and run the main job — a Python program — on the built-in default policy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --static-swift-stdlib
.build/release/safehouse doctor
.build/release/safehouse run -- /usr/bin/python3 -c 'import os, platform; print("hello from", platform.node(), "as uid", os.getuid())'
