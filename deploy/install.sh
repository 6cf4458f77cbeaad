#!/usr/bin/env bash
# Builds the functions as static release executables and installs them into a folder the web server runs them
# from. The source tree is not needed at run time.
# Usage: deploy/install.sh [LIBEXEC]            (default /usr/local/lib/sms-functions)
#        SKIP_BUILD=1 deploy/install.sh DIR     (install what .build/release already holds)
set -euo pipefail
cd "$(dirname "$0")/.."
libexec=${1:-/usr/local/lib/sms-functions}
functions=(health send-sms inbound-sms message-status messages metrics)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    bash scripts/build-release.sh
fi
install -d -m 0755 "$libexec"
for f in "${functions[@]}"; do
    install -m 0755 ".build/release/$f" "$libexec/$f"
done
echo "installed ${functions[*]} into $libexec"
