#!/usr/bin/env bash
# Installs the Debian -dev packages the functions link against, when missing, and builds the static libpq archive
# every function links (scripts/build-libpq.sh, cached under .tools/libpq).
set -euo pipefail
need=()
# libssl-dev: OpenSSL for send-sms's HTTPS client and libpq's TLS (libssl.a/libcrypto.a in static release builds);
# libpq-dev: libpq's headers (the library itself is built from source, below).
for pkg in libssl-dev libsqlite3-dev libpq-dev; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if ((${#need[@]})); then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
bash "$(dirname "$0")/build-libpq.sh"
