#!/usr/bin/env bash
# Builds every function as a static-stdlib release executable into .build/release/. Only the functions: the local
# stack (sms-local, Hummingbird + NIO) is a development tool and would add minutes of release build for nothing.
#
# Start-up is the cost of a process-per-request function, so (README "Start-up" and "Design notes" have the figures
# and the commands that measure them):
# - --static-swift-stdlib, with Package.swift's -static-executable: no shared library to load at all;
# - -no-pie: no relative relocations for the loader to apply at every start. The price is no ASLR for the
#   executable's own code; SMS_PIE=1 keeps a position-independent executable.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-deps.sh
flags=(-c release --static-swift-stdlib)
[ "${SMS_PIE:-0}" = 1 ] || flags+=(-Xswiftc -Xclang-linker -Xswiftc -no-pie)
for product in health send-sms inbound-sms message-status messages metrics; do
    swift build "${flags[@]}" --product "$product" "$@"
done
