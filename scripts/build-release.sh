#!/usr/bin/env bash
# Builds every function as a static-stdlib release executable into .build/release/. Only the functions: the local
# stack (sms-local, Hummingbird + NIO) is a development tool and would add minutes of release build for nothing.
#
# Start-up is the cost of a process-per-request function, so (measured, see README "Design notes"):
# - --static-swift-stdlib: 2.8 ms vs 9.5 ms per process with the Swift runtime linked dynamically;
# - -no-pie: the dynamic loader spends 0.74 M instead of 2.5 M cycles (45 k relative relocations gone), health
#   3.5 ms instead of 4.0 ms. The price is no ASLR for the executable's own code (libraries stay randomised);
#   SMS_PIE=1 keeps a position-independent executable.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-deps.sh
flags=(-c release --static-swift-stdlib)
[ "${SMS_PIE:-0}" = 1 ] || flags+=(-Xswiftc -Xclang-linker -Xswiftc -no-pie)
for product in health send-sms inbound-sms message-status messages metrics; do
    swift build "${flags[@]}" --product "$product" "$@"
done
