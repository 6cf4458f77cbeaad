#!/usr/bin/env bash
# libFuzzer + AddressSanitizer on the parsers that read untrusted bytes (CGI environment/body, host events,
# webhook payloads, signed-webhook JWTs, and the C client's HTTP response reader). Seeds come from events/ (and a
# few HTTP responses written below). The C targets are built with coverage and ASan too. Exits non-zero on any crash.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 20 s each; long run: scripts/fuzz.sh 600)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}; shift || true
targets=("$@"); ((${#targets[@]})) || targets=(cgi event webhook jwt http)
swift build --scratch-path .build-fuzz --product sms-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xcc -fsanitize=fuzzer-no-link,address >/dev/null
bin=.build-fuzz/debug/sms-fuzz
work=.build-fuzz/corpus
python3 - "$work" <<'PY'
import glob, json, os, sys
work = sys.argv[1]
for t in ("cgi", "event", "webhook", "jwt", "http"):
    os.makedirs(f"{work}/{t}", exist_ok=True)
http = [
    b"HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 53\r\n\r\n"
    b'{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}',
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n4;x=y\r\n{\"a\"\r\n2\r\n:1\r\n1\r\n}\r\n0\r\nTrailer: t\r\n\r\n",
    b"HTTP/1.0 500 Internal Server Error\nContent-Type: application/problem+json\n\n{\"title\":\"x\"}",
    b"HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n",
]
for i, raw in enumerate(http):
    open(f"{work}/http/{i}.txt", "wb").write(raw)
for i, path in enumerate(sorted(glob.glob("events/*/*.json"))):
    raw = open(path, "rb").read()
    open(f"{work}/event/{i}.json", "wb").write(raw)
    event = json.loads(raw)
    body = event.get("body") or ""
    if isinstance(body, dict):
        body = json.dumps(body, separators=(",", ":"))
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    open(f"{work}/webhook/{i}.json", "wb").write(body.encode())
    open(f"{work}/jwt/{i}.txt", "wb").write((headers.get("authorization", "Bearer x.y.z") + "\n" + body).encode())
    method = event.get("method") or event.get("httpMethod") or "POST"
    env = [f"REQUEST_METHOD={method}", "SCRIPT_NAME=/x", f"CONTENT_LENGTH={len(body)}",
           "CONTENT_TYPE=application/json"] + [f"HTTP_{k.upper().replace('-', '_')}={v}" for k, v in headers.items()]
    open(f"{work}/cgi/{i}.txt", "wb").write(("\n".join(env) + "\n\n" + body).encode())
PY
status=0
for target in "${targets[@]}"; do
    mkdir -p "$work/$target-found"
    log=.build-fuzz/$target.log
    if SMS_FUZZ_TARGET=$target "$bin" -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 \
        -artifact_prefix="$work/$target-found/" "$work/$target" >"$log" 2>&1; then
        execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+' || true)
        [ -n "$execs" ] || execs=$(grep -Eo '#[0-9]+' "$log" | tail -1 | tr -d '#')
        echo "fuzz $target: ${execs:-?} executions in ${seconds}s, 0 crashes"
    else
        echo "fuzz $target: CRASH — see $log and $work/$target-found/"; tail -30 "$log"; status=1
    fi
done
exit $status
