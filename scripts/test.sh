#!/usr/bin/env bash
# The whole test suite: unit, integration and attack tests (swift test), then the differential
# conformance cases (native vs sandboxed), their coverage of the emulated syscalls, and the network
# lab (Tests/Network/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build
swift test
python3 Conformance/run
python3 Conformance/run --check-coverage Syscalls/x86_64.table
# The network broker end to end, in network namespaces of its own (root; nothing leaves the host).
Tests/Network/run
# The optimised build the quick start makes (the compiler has failed on code the debug build took).
swift build -c release --static-swift-stdlib
