#!/usr/bin/env bash
# Installs what the tests need, idempotently: Debian packages (C libraries' -dev packages, the real hosts the
# integration tests start), the Python venv with the official Vonage SDK and PyJWT, and the AWS Lambda Runtime
# Interface Emulator (shipped inside the aws-sam-cli wheel on PyPI). Safe to run again; does nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build-deps.sh
# apache2, nginx, fcgiwrap, spawn-fcgi: the real web servers of the deploy tests; zip/unzip: Lambda packaging;
# binutils: readelf, with which deploy/lambda/package.sh reports what each bootstrap links; hyperfine, wrk and
# libc6-dev (static C baseline): the benchmark's smoke run (Benchmarks/run.sh --smoke); podman and runc: the
# container images built and run FROM scratch (runc, because crun refuses some hosts' hybrid cgroup layout);
# prometheus (with promtool), chromium and chromium-driver: the alert rules, dashboard and local console tests.
APT_PACKAGES=(openssl python3-venv curl apache2 nginx fcgiwrap spawn-fcgi zip unzip binutils hyperfine wrk libc6-dev
              podman runc prometheus chromium chromium-driver)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "test-deps: installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# PgBouncer (Debian's package, its own service left stopped): the PostgreSQL suites also run through it.
bash scripts/pgbouncer-test-server.sh install

VENV=.venv
# awslambdaric: the Python runtime client the benchmark's Lambda rows compare the Swift bootstraps with.
PY_PACKAGES=('vonage==4.9.1' 'pyjwt>=2.8' cryptography 'schemathesis==4.32.5' prometheus_client 'cfn-lint==1.51.0'
             'awslambdaric==4.2.2')
if ! "$VENV/bin/python3" -c 'import vonage, jwt, cryptography, schemathesis, prometheus_client, awslambdaric' \
        2>/dev/null \
    || [ ! -x "$VENV/bin/cfn-lint" ]; then
    echo "test-deps: preparing $VENV (${PY_PACKAGES[*]})"
    [ -x "$VENV/bin/python3" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "${PY_PACKAGES[@]}"
fi

RIE=.tools/aws-lambda-rie
if [ ! -x "$RIE" ]; then
    echo "test-deps: extracting aws-lambda-rie from the aws-sam-cli wheel"
    mkdir -p .tools/wheel
    "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps -d .tools/wheel 'aws-sam-cli==1.170.0'
    "$VENV/bin/python3" - <<'PY'
import glob, zipfile
wheel = glob.glob(".tools/wheel/aws_sam_cli-*.whl")[0]
with zipfile.ZipFile(wheel) as z, open(".tools/aws-lambda-rie", "wb") as out:
    out.write(z.read("samcli/local/rapid/aws-lambda-rie-x86_64"))
PY
    chmod 755 "$RIE"
    rm -rf .tools/wheel
fi
