#!/usr/bin/env bash
# Builds libpq as one static archive, from Debian's own PostgreSQL 15 source package, into .tools/libpq/:
#   .tools/libpq/lib/libpq_static.a   libpq + the two support libraries it needs (pgcommon, pgport)
# (the headers come from Debian's libpq-dev, built from the same source package).
# Every function links it, so one executable serves SQLite and PostgreSQL and needs no libpq.so at run time.
#
# Debian's own libpq.a cannot go into a static executable: it is built with GSSAPI and LDAP, whose static archives
# Debian does not ship. This build leaves both out (Kerberos authentication and LDAP service lookup are not
# available); TLS (OpenSSL), SCRAM-SHA-256, unix sockets and every other connection parameter are kept.
# The result is cached: the script does nothing when the archive for the same source version is there.
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="$PWD/.tools/libpq"
WORK="$PWD/.tools/libpq-build"
STAMP="$PREFIX/SOURCE_VERSION"
SOURCE_PACKAGE="postgresql-15"

if [ -f "$STAMP" ] && [ -f "$PREFIX/lib/libpq_static.a" ]; then
    exit 0
fi

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

# apt-get source needs a deb-src entry. Add one beside the machine's own binary entry (same mirror, same suites)
# rather than replacing any list.
if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "build-libpq: adding a deb-src entry for apt-get source" >&2
    src=/etc/apt/sources.list.d/debian.sources
    if [ -f "$src" ]; then
        sed -n '1,/^$/p' "$src" | sed 's/^Types: deb$/Types: deb-src/' \
            | $SUDO tee /etc/apt/sources.list.d/sms-functions-src.sources >/dev/null
    else
        grep -h '^deb ' /etc/apt/sources.list | head -1 | sed 's/^deb /deb-src /' \
            | $SUDO tee /etc/apt/sources.list.d/sms-functions-src.list >/dev/null
    fi
    $SUDO apt-get update -qq
fi
missing=()
for pkg in gcc make perl libc6-dev libssl-dev; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

rm -rf "$WORK"
mkdir -p "$WORK"
echo "build-libpq: fetching the $SOURCE_PACKAGE source package" >&2
(cd "$WORK" && apt-get source -qq --download-only "$SOURCE_PACKAGE" >/dev/null 2>&1) || {
    echo "build-libpq: apt-get source $SOURCE_PACKAGE failed (is a deb-src entry configured?)" >&2
    exit 1
}
version="$(cd "$WORK" && ls ${SOURCE_PACKAGE}_*.dsc | sed "s/^${SOURCE_PACKAGE}_//; s/\.dsc$//")"
tar -C "$WORK" -xjf "$WORK"/${SOURCE_PACKAGE}_*.orig.tar.bz2
cd "$WORK"/postgresql-15.*/

echo "build-libpq: building libpq $version (static, OpenSSL, no GSSAPI/LDAP)" >&2
log="$WORK/build.log"
jobs="$(nproc 2>/dev/null || echo 2)"
# The output goes to a log that is shown only on failure (configure warns about Bison/Flex, which a release
# tarball does not need).
if ! { ./configure --without-readline --without-zlib --without-icu --with-ssl=openssl --without-gssapi \
        --without-ldap CFLAGS="-O2 -fPIC" \
    && make -s -C src/backend generated-headers \
    && make -s -j"$jobs" -C src/common && make -s -j"$jobs" -C src/port \
    && make -s -j"$jobs" -C src/interfaces/libpq; } >"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "build-libpq: the build failed (log above)" >&2
    exit 1
fi

rm -rf "$PREFIX"
mkdir -p "$PREFIX/lib"
# One archive, so the link line names one library and the linker resolves between the three in any order.
ar -M >/dev/null <<EOF
CREATE $PREFIX/lib/libpq_static.a
ADDLIB src/interfaces/libpq/libpq.a
ADDLIB src/common/libpgcommon_shlib.a
ADDLIB src/port/libpgport_shlib.a
SAVE
END
EOF
ranlib "$PREFIX/lib/libpq_static.a"
echo "$version" >"$STAMP"
cd /
rm -rf "$WORK"
echo "build-libpq: .tools/libpq/lib/libpq_static.a ($version)" >&2
