#!/usr/bin/env bash
# Packages every function for the AWS Lambda custom runtime (provided.al2023): one zip per function, holding the
# executable as `bootstrap` at the zip root, into deploy/lambda/dist/ (template.yaml's CodeUri points there).
#
# Usage: deploy/lambda/package.sh [OUT_DIR]                     (default deploy/lambda/dist)
#   ARCH=x86_64|arm64     target architecture; default the build host's (build arm64 zips on an arm64 host,
#                         or pass SWIFT_BUILD_FLAGS="--swift-sdk <an aarch64 Linux SDK>" / "--triple ..." with a
#                         cross-compilation SDK installed)
#   SWIFT_BUILD_FLAGS     extra flags for `swift build`
#   SKIP_BUILD=1          package what PRODUCTS_DIR already holds (the tests package debug executables this way)
#   PRODUCTS_DIR=DIR      where the built executables are (default: swift build's release bin path)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/deploy/lambda/dist}
functions=(health send-sms inbound-sms message-status messages metrics)

host_arch=$(uname -m)
case "$host_arch" in aarch64) host_arch=arm64 ;; esac
arch=${ARCH:-$host_arch}
case "$arch" in
    x86_64|arm64) ;;
    *) echo "package.sh: ARCH must be x86_64 or arm64 (got $arch)" >&2; exit 2 ;;
esac

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    if [ "$arch" != "$host_arch" ] && [ -z "${SWIFT_BUILD_FLAGS:-}" ]; then
        echo "package.sh: building $arch on a $host_arch host needs SWIFT_BUILD_FLAGS (--swift-sdk/--triple)" >&2
        exit 2
    fi
    # shellcheck disable=SC2086  # SWIFT_BUILD_FLAGS is a list of flags
    (cd "$root" && bash scripts/build-release.sh ${SWIFT_BUILD_FLAGS:-})
    if [ -z "${PRODUCTS_DIR:-}" ]; then
        # shellcheck disable=SC2086
        PRODUCTS_DIR=$(cd "$root" \
            && swift build -c release --static-swift-stdlib ${SWIFT_BUILD_FLAGS:-} --show-bin-path)
    fi
fi
products=${PRODUCTS_DIR:-$root/.build/release}

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
for f in "${functions[@]}"; do
    exe="$products/$f"
    [ -x "$exe" ] || { echo "package.sh: $exe is missing; build first or unset SKIP_BUILD" >&2; exit 1; }
    mkdir -p "$stage/$f"
    # Symbols and debug sections are not needed to run (the Swift metadata sections stay): half the size.
    strip -o "$stage/$f/bootstrap" "$exe"
    chmod 0755 "$stage/$f/bootstrap"
    rm -f "$out/$f.zip"
    # -X: no extra file attributes beyond the Unix mode, which Lambda needs to execute bootstrap.
    (cd "$stage/$f" && zip -q -X "$out/$f.zip" bootstrap)
    size=$(stat -c %s "$out/$f.zip")
    # A release build is a static executable: nothing to load, any Linux runs it. A debug build (the tests package
    # those) uses the host's glibc and C libraries, so the build host's glibc must not be newer than Lambda's.
    libs=$(readelf -d "$exe" 2>/dev/null | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')
    if [ -z "$libs" ]; then
        echo "package.sh: $f.zip ($arch) $((size / 1000)) kB, static (no shared library)"
    else
        glibc=$(readelf -W --dyn-syms "$exe" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1 || true)
        echo "package.sh: $f.zip ($arch) $((size / 1000)) kB, needs ${glibc:-no versioned glibc}; links $libs"
    fi
done
echo "package.sh: wrote ${#functions[@]} zips to $out"
