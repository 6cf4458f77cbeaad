"""Where one inbound-sms CGI request's time goes on PostgreSQL: runs the function under `strace -ttt -T` and splits
the wall time at the first message of each phase the function sends to the server (startup packet, schema check,
BEGIN, first statement, COMMIT). Used by Benchmarks/bench.py section 9; also runnable alone:

    python3 pg_phases.py EXECUTABLE DATABASE_URL SECRET RUNS

prints one JSON object: the median milliseconds per phase over RUNS runs. Timestamps come from strace, which
slows every system call, so the phases' shares and their change between builds mean more than absolute values.
"""
import base64
import hashlib
import hmac
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

PHASES = ["process start (to connect)", "connect", "startup + authentication", "schema check", "BEGIN",
          "statements", "COMMIT", "answer + exit"]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed_inbound(secret):
    body = json.dumps({"channel": "sms", "message_uuid": str(uuid.uuid4()), "to": "447700900000",
                       "from": "447700900001", "timestamp": "2025-02-03T12:14:25Z", "message_type": "text",
                       "text": "phase probe"}, separators=(",", ":")).encode()
    now = int(time.time())
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = b64url(json.dumps({"iat": now, "jti": str(uuid.uuid4()), "iss": "Vonage",
                                "payload_hash": hashlib.sha256(body).hexdigest()}).encode())
    signature = b64url(hmac.new(secret.encode(), ("%s.%s" % (header, claims)).encode(), hashlib.sha256).digest())
    return body, "Bearer %s.%s.%s" % (header, claims, signature)


LINE = re.compile(r"^(?:\d+\s+)?(\d+\.\d+)\s+(\w+)\((.*)$")


def one_run(executable, url, secret):
    body, authorization = signed_inbound(secret)
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "VONAGE_SIGNATURE_SECRET": secret, "LOG_LEVEL": "error",
           "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "POST", "SCRIPT_NAME": "/webhooks/inbound",
           "QUERY_STRING": "", "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": "application/json",
           "HTTP_AUTHORIZATION": authorization}
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as trace:
        result = subprocess.run(["strace", "-f", "-ttt", "-s", "64", "-o", trace.name,
                                 "-e", "trace=execve,connect,sendto,write,exit_group", executable],
                                input=body, env=env, capture_output=True, timeout=60)
        if not result.stdout.startswith(b"Status: 200"):
            raise RuntimeError("inbound-sms answered %r %r" % (result.stdout[:200], result.stderr[-300:]))
        marks = {}
        for line in trace.read().splitlines():
            match = LINE.match(line)
            if not match:
                continue
            stamp, call, rest = float(match.group(1)), match.group(2), match.group(3)
            if call == "execve":
                marks.setdefault("start", stamp)
            elif call == "connect" and (".s.PGSQL." in rest or "sin_port" in rest) and "connect" not in marks:
                marks["connect"] = stamp
            elif call in ("sendto", "write") and "connect" in marks:
                # libpq writes with send(); the function's answer goes to stdout with write(1, ...).
                if rest.startswith("1,"):
                    marks.setdefault("answer", stamp)
                elif "startup" not in marks:
                    marks["startup"] = stamp
                elif "MAX(version)" in rest and "schema" not in marks:
                    marks["schema"] = stamp
                elif "COMMIT" in rest:
                    marks["commit"] = stamp
                elif "BEGIN" in rest and "begin" not in marks:
                    marks["begin"] = stamp
                elif "begin" in marks and "statements" not in marks:
                    marks["statements"] = stamp
            elif call == "exit_group":
                marks["exit"] = stamp
        # A step sent together with the next one (BEGIN with the first statement) takes no time of its own.
        marks.setdefault("schema", marks.get("begin"))
        marks.setdefault("statements", marks.get("begin"))
        order = ["start", "connect", "startup", "schema", "begin", "statements", "commit", "answer", "exit"]
        missing = [name for name in order if name not in marks]
        if missing:
            raise RuntimeError("no %s in the trace" % ", ".join(missing))
        return [(marks[order[i + 1]] - marks[order[i]]) * 1000 for i in range(len(order) - 1)]


def measure(executable, url, secret, runs):
    samples = [one_run(executable, url, secret) for _ in range(runs)]
    phases = {name: statistics.median(sample[index] for sample in samples) for index, name in enumerate(PHASES)}
    phases["total"] = statistics.median(sum(sample) for sample in samples)
    return phases


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))))
