#!/usr/bin/env bash
# Builds every function as a static-stdlib release executable into .build/release/ (3-4x faster process start
# than a dynamically linked Swift runtime; see README "Design notes"). Only the functions: the local stack
# (sms-local, Hummingbird + NIO) is a development tool and would add minutes of release build for nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-deps.sh
for product in health send-sms inbound-sms message-status messages metrics; do
    swift build -c release --static-swift-stdlib --product "$product" "$@"
done
