#!/usr/bin/env bash
# The test command: installs what is missing (scripts/test-deps.sh), builds, and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-deps.sh
swift build --build-tests
swift test --skip-build "$@"
