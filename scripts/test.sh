#!/usr/bin/env bash
# The whole test suite: unit, integration and attack tests (swift test), then the differential
# conformance cases (native vs sandboxed) and their coverage of the emulated syscalls.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build
swift test
python3 Conformance/run
python3 Conformance/run --check-coverage Syscalls/x86_64.table
