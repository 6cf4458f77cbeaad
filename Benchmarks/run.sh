#!/usr/bin/env bash
# The benchmark: every function against baselines measured in the same run (a static C CGI, python3 -S,
# an honest python peer of inbound-sms, Python under awslambdaric), through Apache, nginx + fcgiwrap and the AWS
# Lambda RIE on 127.0.0.1. Prints one markdown table and PASS/FAIL lines for the targets (see README "Benchmarks").
#
#   Benchmarks/run.sh            builds the static release executables, then the full run (~5 minutes)
#   Benchmarks/run.sh --smoke    the already-built debug products, 1-second runs: checks every section still works
#   Benchmarks/run.sh --only 2,3 some sections only (1 process, 2 web servers, 3 Lambda, 4 SQLite, 5 PostgreSQL,
#                                6 sizes, 7 inbound-sms per store through both web servers (SQLite, PostgreSQL
#                                direct, through PgBouncer), 8 send-sms first vs warm Lambda invocation, 9 a
#                                PostgreSQL request phase by phase, 10 trust store, 11 before/after); other
#                                options: --runs N (hyperfine, default 40), --duration S (wrk, 10)
#   Benchmarks/run.sh --compare REV   adds section 11: health and inbound-sms on SQLite, this tree's executables
#                                side by side with those of git revision REV (built once into .build-compare/<sha>)
#
# A full run (no --smoke, no --only) writes its report to Benchmarks/RESULTS.md as well as stdout (the latest run
# only).
#
# Needs what scripts/test-deps.sh installs (web servers, .venv with awslambdaric, .tools/aws-lambda-rie) plus
# hyperfine and wrk. PostgreSQL: the test server of scripts/test.sh when SMS_TEST_POSTGRES_URL is set, else its
# own instance of scripts/postgres-test-server.sh (data .tools/pgdata-bench, port SMS_BENCH_PG_PORT or 54339), and
# a PgBouncer of its own in front of it (scripts/pgbouncer-test-server.sh, in the run's scratch folder).
# Exit status 1 when a section broke or a write was lost; slow results only print FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
partial=0
compare=""
args=()
while (($#)); do
    case "$1" in
        --smoke) smoke=1; args+=("$1") ;;
        --only|--only=*) partial=1; args+=("$1") ;;
        --compare) compare="${2:?--compare needs a git revision}"; shift ;;
        --compare=*) compare="${1#--compare=}" ;;
        *) args+=("$1") ;;
    esac
    shift
done

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
if [ -n "$compare" ]; then
    # The other revision's own release script builds it from an exported copy of its tree (no worktree to clean
    # up); the static libpq archive in .tools/ is shared, it is keyed by the PostgreSQL source version.
    sha="$(git rev-parse --verify "$compare^{commit}")"
    tree=".build-compare/$sha"
    if [ ! -f "$tree/.exported" ]; then
        rm -rf "$tree" && mkdir -p "$tree"
        git archive "$sha" | tar -x -C "$tree"
        touch "$tree/.exported"
    fi
    mkdir -p .tools
    [ -e "$tree/.tools" ] || ln -s "$PWD/.tools" "$tree/.tools"
    echo "bench: building $compare ($sha) for the before/after section" >&2
    (cd "$tree" && bash scripts/build-release.sh >&2)
    args+=(--compare-products "$PWD/$tree/.build/release" --compare-label "$compare (${sha:0:7})")
fi
if [ "$smoke" = 1 ] || [ "$partial" = 1 ]; then
    exec python3 Benchmarks/bench.py "${args[@]}"
fi
python3 Benchmarks/bench.py "${args[@]}" | tee Benchmarks/RESULTS.md.partial
status="${PIPESTATUS[0]}"
{
    echo "# Benchmark results"
    echo
    echo "The latest full run of \`Benchmarks/run.sh\`; the README summarises it."
    echo
    cat Benchmarks/RESULTS.md.partial
} >Benchmarks/RESULTS.md
rm -f Benchmarks/RESULTS.md.partial
exit "$status"
