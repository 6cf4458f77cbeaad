#!/usr/bin/env bash
# Whole-process time of the health function, built as scripts/build-release.sh builds it (SMS_PIE=1 as well),
# against a static C CGI and a python3 -S CGI, measured in the same run with hyperfine, printed as a markdown table
# with ratios to the C baseline. Benchmarks/run.sh measures every function; this is the quick look at start-up.
# Usage: Benchmarks/startup.sh [RUNS]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
bash scripts/build-deps.sh
flags=(-c release --static-swift-stdlib)
[ "${SMS_PIE:-0}" = 1 ] || flags+=(-Xswiftc -Xclang-linker -Xswiftc -no-pie)
swift build "${flags[@]}" --product health >/dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cc -O2 -static -o "$work/hello-c" Benchmarks/baselines/hello-cgi.c
cp Benchmarks/baselines/hello-cgi.py "$work/hello-py"; chmod +x "$work/hello-py"
export GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET SCRIPT_NAME=/health
hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/r.json" \
    -n "C static CGI" "$work/hello-c" \
    -n "python3 -S CGI" "$work/hello-py" \
    -n "health (Swift, static)" ".build/release/health" >/dev/null 2>&1 </dev/null
python3 - "$work/r.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base = r[0]["mean"]
print("| command | mean ms | min ms | ratio to C |")
print("|---|---|---|---|")
for x in r:
    print(f"| {x['command']} | {x['mean']*1000:.2f} | {x['min']*1000:.2f} | {x['mean']/base:.1f}x |")
PY
