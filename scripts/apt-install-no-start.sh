#!/usr/bin/env bash
# Installs Debian packages whose own service is not wanted (the test servers run their own instances):
# policy-rc.d answering 101 ("do not start") keeps the package from starting one during installation.
#
#   scripts/apt-install-no-start.sh PACKAGE...
set -euo pipefail
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "apt-install-no-start: installing $* (apt)" >&2
$sudo apt-get update -qq
policy=/usr/sbin/policy-rc.d created_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null; $sudo chmod 755 "$policy"; created_policy=1
fi
trap '[ "$created_policy" -eq 0 ] || $sudo rm -f "$policy"' EXIT
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
