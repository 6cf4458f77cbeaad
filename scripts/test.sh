#!/usr/bin/env bash
# The test command: installs what is missing (scripts/test-deps.sh), builds, starts the PostgreSQL test server
# (scripts/postgres-test-server.sh) and a PgBouncer in front of it (scripts/pgbouncer-test-server.sh), both stopped
# again on exit, and runs every test suite against it.
set -euo pipefail
cd "$(dirname "$0")/.."
# Every service is provided here, so a test that needs one must run: under this, a missing service fails the test
# naming it instead of skipping it (Tests/TestSupport/TestService.swift).
export SMS_TEST_REQUIRE_ALL=1
bash scripts/test-deps.sh
# The format check first: it takes seconds and a formatting slip should not wait for the build to be reported.
swift-format lint --strict --recursive --parallel Core Functions Tools Tests Package.swift
swift build --build-tests
# The release executables (fully static) for the portable-artefact tests: readelf, FROM scratch images under podman.
bash scripts/build-release.sh
SMS_TEST_RELEASE_BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)"
export SMS_TEST_RELEASE_BIN
bash scripts/postgres-test-server.sh start
trap 'bash scripts/pgbouncer-test-server.sh stop; bash scripts/postgres-test-server.sh stop' EXIT
SMS_TEST_POSTGRES_URL="$(bash scripts/postgres-test-server.sh url)"
export SMS_TEST_POSTGRES_URL
# PgBouncer in transaction mode in front of it (the shipped deploy/pgbouncer configuration): the PostgreSQL suites
# run through it too.
bash scripts/pgbouncer-test-server.sh start
SMS_TEST_PGBOUNCER_URL="$(bash scripts/pgbouncer-test-server.sh url)"
export SMS_TEST_PGBOUNCER_URL
export SMS_TEST_POSTGRES_SOCKET_DIR="$PWD/.tools/pgdata-socket"
test_log="$(mktemp)"
swift test --skip-build "$@" 2>&1 | tee "$test_log"
# And nothing else may skip either: Swift Testing prints one "➜ Test/Suite ... skipped" line per skipped test or suite.
if grep -E '^➜ (Test|Suite) .* skipped(\.|: .*)$' "$test_log"; then
    echo "test.sh: the tests above were skipped, but make test must run every suite" >&2
    exit 1
fi
# The benchmark in smoke mode (debug products, 1-second runs; ~40 s on a busy 2-core box): keeps every section
# working. It asserts no timing, only that each section runs, every acknowledged write is stored.
bash Benchmarks/run.sh --smoke
