#!/usr/bin/env bash
# The benchmark of issue 8: every function against baselines measured in the same run (a static C CGI, python3 -S,
# an honest python peer of inbound-sms, Python under awslambdaric), through Apache, nginx + fcgiwrap and the AWS
# Lambda RIE on 127.0.0.1. Prints one markdown table and PASS/FAIL lines for the targets (see README "Benchmarks").
#
#   Benchmarks/run.sh            builds the static release executables, then the full run (~5 minutes)
#   Benchmarks/run.sh --smoke    the already-built debug products, 1-second runs: checks every section still works
#   Benchmarks/run.sh --only 2,3 some sections only (1 process, 2 web servers, 3 Lambda, 4 SQLite, 5 PostgreSQL,
#                                6 sizes, 7 inbound-sms per store through both web servers (SQLite, PostgreSQL
#                                direct, through PgBouncer), 8 send-sms first vs warm Lambda invocation, 9 a
#                                PostgreSQL request phase by phase); other options: --runs N (hyperfine, default
#                                40), --duration S (wrk, 10)
#
# Needs what scripts/test-deps.sh installs (web servers, .venv with awslambdaric, .tools/aws-lambda-rie) plus
# hyperfine and wrk. PostgreSQL: the test server of scripts/test.sh when SMS_TEST_POSTGRES_URL is set, else its
# own instance of scripts/postgres-test-server.sh (data .tools/pgdata-bench, port SMS_BENCH_PG_PORT or 54339), and
# a PgBouncer of its own in front of it (scripts/pgbouncer-test-server.sh, in the run's scratch folder).
# Exit status 1 when a section broke or a write was lost; slow results only print FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
for arg in "$@"; do [ "$arg" = --smoke ] && smoke=1; done

missing=()
for tool in hyperfine:hyperfine wrk:wrk apache2:apache2 nginx:nginx fcgiwrap:fcgiwrap spawn-fcgi:spawn-fcgi \
            cc:gcc psql:postgresql-client strip:binutils openssl:openssl strace:strace; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
# A static C baseline needs libc.a.
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || [ -f /usr/lib/aarch64-linux-gnu/libc.a ] || missing+=(libc6-dev)
if ((${#missing[@]})); then
    echo "bench: installing ${missing[*]}" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$smoke" = 1 ]; then
    [ -x .build/debug/inbound-sms ] || swift build >&2
else
    echo "bench: swift build -c release --static-swift-stdlib" >&2
    bash scripts/build-release.sh >&2
fi
exec python3 Benchmarks/bench.py "$@"
