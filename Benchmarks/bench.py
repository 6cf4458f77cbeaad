#!/usr/bin/env python3
"""sms-functions benchmark driver (standard library only). Run it through Benchmarks/run.sh, which builds first.

Measures every function against baselines built and measured in the same run (a static C CGI program, the same
in `python3 -S`, an honest python3 peer of inbound-sms, and Python handlers under awslambdaric), on loopback only,
and prints ONE markdown table plus PASS/FAIL lines for its targets:

  1. whole-process time per request (hyperfine -N): health, inbound-sms, message-status, send-sms (HTTPS fake);
  2. wrk -t2 -c16 through Apache (mod_cgid) and nginx + fcgiwrap: inbound-sms with unique signed webhooks, lost
     writes counted (acknowledged 200s minus stored rows);
  3. Lambda warm invocations under the AWS RIE (one connection): Swift bootstraps vs awslambdaric;
  4. SQLite under 16 concurrent writer processes; 5. the same on PostgreSQL (TCP + SCRAM, socket + SCRAM,
     socket + peer auth); 6. static binary sizes;
  7. wrk -t2 -c16 inbound-sms through Apache and nginx + fcgiwrap on SQLite, PostgreSQL direct (TCP + SCRAM) and
     PostgreSQL through PgBouncer (unix socket, transaction pooling), as ratios to SQLite in the same run;
  8. send-sms under the RIE: the first invocation of fresh instances vs warm invocations (HTTPS fake);
  9. one inbound-sms request on PostgreSQL split into phases (strace): start, connect, authentication, schema
     check, BEGIN, statements, COMMIT, answer;
 10. the trust store's cold cost per send-sms process (one certificate, a distribution's bundle file, a hashed
     directory); 11. with --compare-products, health and inbound-sms on SQLite side by side with another
     revision's executables (Benchmarks/run.sh --compare REV).

Every process it starts is stopped on exit (pid files, process groups). Progress goes to stderr, the report to
stdout. Exit status: 0 when every section worked (timing targets do not decide it), 1 when a section broke or a
write was lost.
"""

import argparse
import base64
import concurrent.futures
import datetime
import hashlib
import hmac
import json
import os
import pathlib
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH = ROOT / "Benchmarks"
FUNCTIONS = ["health", "send-sms", "inbound-sms", "message-status", "messages", "metrics"]
SECRET = "bench-signature-secret-0123456789abcdef"
TOKEN = "bench-api-token-0123456789abcdef"
APPLICATION_ID = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"
SYSTEM_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
STARTED = time.monotonic()


class Broken(Exception):
    """A section could not do its job (not a slow result: a wrong answer, a missing tool, a lost write)."""


def log(message):
    print("[bench %6.1fs] %s" % (time.monotonic() - STARTED, message), file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# Processes: everything started is registered for cleanup, and cleanup runs on exit, SIGINT and SIGTERM.

CLEANUPS = []


def on_exit(action, what):
    CLEANUPS.append((action, what))


def cleanup_all():
    while CLEANUPS:
        action, what = CLEANUPS.pop()
        try:
            action()
        except Exception as error:  # noqa: BLE001 - cleanup must go on
            log("cleanup of %s failed: %s" % (what, error))


def stop_group(process, timeout=5.0):
    """Stops a child started with start_new_session=True: its pid is its process group."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def background(command, env, cwd, log_path):
    handle = open(log_path, "ab")
    process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=handle,
                               stderr=subprocess.STDOUT, start_new_session=True)
    handle.close()
    on_exit(lambda: stop_group(process), command[0])
    return process


def as_user(user):
    """subprocess arguments that run as `user` with that user's own group and no supplementary groups: with
    `user=` alone the child keeps root's gid, and a directory of group root without group permissions (a clone
    in a `mktemp -d` folder, made 0701 by scripts/postgres-test-server.sh) then refuses it."""
    return {} if user is None else {"user": user, "group": user, "extra_groups": []}


def run(command, env=None, cwd=None, input_bytes=None, timeout=600, check=True, user=None):
    result = subprocess.run(command, env=env, cwd=cwd, input=input_bytes, capture_output=True, timeout=timeout,
                            **as_user(user))
    if check and result.returncode != 0:
        raise Broken("%s exited %d: %s" % (" ".join(map(str, command[:3])), result.returncode,
                                           result.stderr.decode(errors="replace")[-800:]))
    return result


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url, timeout=20.0, method="GET", data=None):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, data=data, method=method)
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError as error:
            last = error
            time.sleep(0.1)
    raise Broken("%s did not answer within %.0f s: %s" % (url, timeout, last))


def load_note():
    """uptime's load averages and how many compiler processes (other agents' builds) are running right now."""
    names = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/comm" % entry) as handle:
                    name = handle.read().strip()
                with open("/proc/%s/stat" % entry) as handle:
                    # A zombie (state Z, after the name in parentheses) uses no CPU: an exited build nobody reaped.
                    if handle.read().rsplit(")", 1)[-1].split()[0] == "Z":
                        continue
            except (OSError, IndexError):
                continue
            if name in ("swift-frontend", "swift-build", "clang", "clang++", "ld", "ld.gold", "ld.lld", "cc1",
                        "cc1plus", "swift-driver"):
                names[name] = names.get(name, 0) + 1
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return uptime, names


def compilers_now():
    return sum(load_note()[1].values())


# ---------------------------------------------------------------------------------------------------------------
# Requests: Vonage-signed webhooks (HS256 JWT, payload_hash = hex SHA-256 of the body), as
# scripts/make-sample-events.py signs them.

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


JWT_HEADER = b64url(b'{"alg":"HS256","typ":"JWT"}')


def sign(body):
    claims = {"iat": int(time.time()), "jti": str(uuid.uuid4()), "iss": "Vonage",
              "payload_hash": hashlib.sha256(body).hexdigest(), "api_key": "abcd1234",
              "application_id": APPLICATION_ID}
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    mac = hmac.new(SECRET.encode(), ("%s.%s" % (JWT_HEADER, payload)).encode(), hashlib.sha256).digest()
    return "Bearer %s.%s.%s" % (JWT_HEADER, payload, b64url(mac))


def inbound_body(message_uuid=None):
    return json.dumps({
        "channel": "sms", "message_uuid": message_uuid or str(uuid.uuid4()), "to": "447700900000",
        "from": "447700900001", "timestamp": "2025-02-03T12:14:25Z", "text": "Hello From Vonage! See you at 6?",
        "sms": {"num_messages": "1", "keyword": "HELLO"}, "usage": {"currency": "EUR", "price": "0.0057"},
        "origin": {"network_code": "23410"}}, separators=(",", ":")).encode()


def status_body():
    return json.dumps({
        "message_uuid": str(uuid.uuid4()), "to": "14155550101", "from": "447700900000",
        "timestamp": "2025-02-03T12:14:25Z", "status": "delivered", "channel": "sms", "client_ref": "order-1001",
        "usage": {"currency": "EUR", "price": "0.0333"}, "destination": {"network_code": "310260"},
        "sms": {"count_total": "1"}}, separators=(",", ":")).encode()


def baseline_body():
    """The 400-byte JSON POST of the baselines' reference measurements."""
    body = json.dumps({"to": "447700900000", "from": "447700900001", "text": "x" * 300}, separators=(",", ":"))
    return (body + " " * (400 - len(body))).encode()


def apigw_event(method, path, headers, body=None):
    event = {"version": "2.0", "routeKey": "%s %s" % (method, path), "rawPath": path, "rawQueryString": "",
             "headers": {k.lower(): v for k, v in headers.items()},
             "requestContext": {"accountId": "123456789012", "apiId": "bench", "domainName": "bench.local",
                                "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                                         "sourceIp": "127.0.0.1", "userAgent": "wrk"},
                                "requestId": str(uuid.uuid4()), "routeKey": "%s %s" % (method, path),
                                "stage": "$default", "time": "03/Feb/2025:12:14:25 +0000",
                                "timeEpoch": int(time.time() * 1000)},
             "isBase64Encoded": False}
    if body is not None:
        event["body"] = body.decode()
    return event


def write_pool(path, count, make):
    """One request per line for Benchmarks/support/cycle.lua: "<Authorization>\\t<body>"."""
    with open(path, "w") as handle:
        for _ in range(count):
            authorization, body = make()
            handle.write("%s\t%s\n" % (authorization, body.decode()))


def signed_inbound():
    body = inbound_body()
    return sign(body), body


def cgi_environment(base, method, script, body=b"", authorization=None):
    env = dict(base)
    env.update(GATEWAY_INTERFACE="CGI/1.1", SERVER_PROTOCOL="HTTP/1.1", REQUEST_METHOD=method, SCRIPT_NAME=script,
               QUERY_STRING="", SERVER_NAME="127.0.0.1", SERVER_PORT="80", REMOTE_ADDR="127.0.0.1")
    if body:
        env.update(CONTENT_LENGTH=str(len(body)), CONTENT_TYPE="application/json")
    if authorization:
        env["HTTP_AUTHORIZATION"] = authorization
    return env


def cgi_status(stdout):
    head = stdout.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    for line in head.splitlines():
        if line.lower().startswith(b"status:"):
            return int(line.split()[1])
    return 200 if head else 0


# ---------------------------------------------------------------------------------------------------------------
# The report: one markdown table, then targets.

class Report:
    def __init__(self):
        self.rows = []
        self.targets = []
        self.failures = []  # sections that broke (not timings)

    def row(self, section, measurement, result, vs_c="—", vs_python="—", notes=""):
        self.rows.append((section, measurement, result, vs_c, vs_python, notes))

    def target(self, name, ok, detail):
        self.targets.append(("PASS" if ok else "FAIL", name, detail))

    def broke(self, section, error):
        self.failures.append((section, str(error)))
        self.row(section, "**section broke**", "—", notes=str(error).replace("|", "/").replace("\n", " ")[:300])


def ratio(value, base):
    return "%.2f×" % (value / base) if base else "—"


def ms(seconds):
    return "%.2f ms" % (seconds * 1000)


# ---------------------------------------------------------------------------------------------------------------

class Bench:
    def __init__(self, args):
        self.args = args
        self.smoke = args.smoke
        self.report = Report()
        self.products = pathlib.Path(args.products) if args.products else ROOT / ".build" / (
            "debug" if self.smoke else "release")
        self.python = os.environ.get("SMS_TEST_PYTHON") or str(ROOT / ".venv" / "bin" / "python3")
        self.rie = os.environ.get("SMS_TEST_RIE") or str(ROOT / ".tools" / "aws-lambda-rie")
        self.scratch = pathlib.Path(tempfile.mkdtemp(prefix="sms-bench-"))
        os.chmod(self.scratch, 0o755)  # www-data (Apache, fcgiwrap) runs programs from here
        on_exit(lambda: shutil.rmtree(self.scratch, ignore_errors=True), "scratch folder")
        self.runs = 5 if self.smoke else args.runs
        self.duration = 1 if self.smoke else args.duration
        self.writers_total = 64 if self.smoke else 1000
        self.pg_writers_total = 32 if self.smoke else 1000
        self.results = {}

    # -- preparation -------------------------------------------------------------------------------------------

    def prepare(self):
        for function in FUNCTIONS:
            if not (self.products / function).is_file():
                raise Broken("%s is missing: build first (Benchmarks/run.sh does)" % (self.products / function))
        bin_dir = self.scratch / "bin"
        bin_dir.mkdir()
        os.chmod(bin_dir, 0o755)
        self.c_cgi = bin_dir / "hello-c"
        run(["cc", "-O2", "-static", "-o", str(self.c_cgi), str(BENCH / "baselines" / "hello-cgi.c")])
        self.c_bootstrap = bin_dir / "lambda-bootstrap-c"
        run(["cc", "-O2", "-static", "-o", str(self.c_bootstrap), str(BENCH / "baselines" / "lambda-bootstrap.c")])
        self.with_stdin = bin_dir / "with-stdin"
        run(["cc", "-O2", "-static", "-o", str(self.with_stdin), str(BENCH / "support" / "with-stdin.c")])
        self.py_cgi = bin_dir / "hello-py"
        shutil.copy(BENCH / "baselines" / "hello-cgi.py", self.py_cgi)
        self.peer_cgi = bin_dir / "inbound-peer"
        shutil.copy(BENCH / "baselines" / "inbound-peer.py", self.peer_cgi)
        for path in (self.py_cgi, self.peer_cgi):
            os.chmod(path, 0o755)
        # The functions run from a copy, as deployed (deploy/install.sh); the build folder stays untouched.
        self.libexec = bin_dir / "functions"
        self.libexec.mkdir()
        for function in FUNCTIONS:
            shutil.copy(self.products / function, self.libexec / function)
            os.chmod(self.libexec / function, 0o755)
        self.keys = self.scratch / "keys"
        self.keys.mkdir()
        run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
             "-out", str(self.keys / "app.pem")])
        run(["openssl", "pkey", "-in", str(self.keys / "app.pem"), "-pubout", "-out", str(self.keys / "app.pub.pem")])
        run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(self.keys / "tls.key"),
             "-out", str(self.keys / "tls.crt")])

    def function_environment(self, database_url, **extra):
        env = {"PATH": SYSTEM_PATH, "DATABASE_URL": database_url, "SMS_API_TOKEN": TOKEN,
               "VONAGE_SIGNATURE_SECRET": SECRET, "VONAGE_APPLICATION_ID": APPLICATION_ID,
               "VONAGE_PRIVATE_KEY_PATH": str(self.keys / "app.pem"), "VONAGE_NUMBER": "447700900000",
               "SMS_RATE_LIMIT_PER_MINUTE": "0", "LOG_LEVEL": "info"}
        env.update(extra)
        return env

    def fresh_dir(self, name, owner=None):
        path = self.scratch / name
        path.mkdir(parents=True)
        os.chmod(path, 0o755)
        if owner:
            shutil.chown(path, owner, owner)
        return path

    # -- 1. whole process --------------------------------------------------------------------------------------

    def start_fake_vonage(self):
        if getattr(self, "vonage_url", None):
            return self.vonage_url
        self.vonage_url = self.launch_fake_vonage()
        return self.vonage_url

    def launch_fake_vonage(self):
        port_line_log = self.scratch / "fake-vonage.out"
        command = [self.python, str(ROOT / "Tests" / "Python" / "fake_vonage.py"), "--public-key",
                   str(self.keys / "app.pub.pem"), "--log", str(self.scratch / "fake-vonage.jsonl"),
                   "--application-id", APPLICATION_ID, "--port", str(free_port()),
                   "--tls-cert", str(self.keys / "tls.crt"), "--tls-key", str(self.keys / "tls.key")]
        process = background(command, dict(os.environ, PATH=os.environ.get("PATH", SYSTEM_PATH)), self.scratch,
                             port_line_log)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            text = port_line_log.read_text(errors="replace")
            if text.startswith("PORT "):
                return "https://127.0.0.1:%d" % int(text.split()[1])
            if process.poll() is not None:
                raise Broken("fake_vonage.py exited: %s" % text[-500:])
            time.sleep(0.1)
        raise Broken("fake_vonage.py did not start")

    def hyperfine(self, name, commands, env, cwd):
        """commands: [(label, argv)]; returns {label: result dict (seconds)}."""
        out = self.scratch / ("hyperfine-%s.json" % name)
        command = ["hyperfine", "-N", "--style", "none", "--warmup", "3" if not self.smoke else "1",
                   "--runs", str(self.runs), "--export-json", str(out)]
        for label, argv in commands:
            command += ["-n", label, " ".join(argv)]
        run(command, env=env, cwd=cwd)
        return {r["command"]: r for r in json.loads(out.read_text())["results"]}

    def check_once(self, argv, env, cwd, expected, what):
        result = run(argv, env=env, cwd=cwd, check=False)
        status = cgi_status(result.stdout)
        if result.returncode != 0 or status != expected:
            raise Broken("%s answered %s (exit %d), expected %d: %s %s" % (
                what, status, result.returncode, expected, result.stdout[-300:].decode(errors="replace"),
                result.stderr[-300:].decode(errors="replace")))

    def section_process(self):
        log("1. whole-process time (hyperfine -N, %d runs)" % self.runs)
        data = self.fresh_dir("s1-data")
        vonage = self.start_fake_vonage()
        base = self.function_environment("sqlite://%s/sms.sqlite" % data, VONAGE_API_URL=vonage,
                                         VONAGE_CA_FILE=str(self.keys / "tls.crt"))
        groups = []
        health_env = cgi_environment(base, "GET", "/health")
        groups.append(("health", health_env, None, 200))
        body = inbound_body()
        groups.append(("inbound-sms", cgi_environment(base, "POST", "/webhooks/inbound", body, sign(body)), body, 200))
        body = status_body()
        groups.append(("message-status", cgi_environment(base, "POST", "/webhooks/status", body, sign(body)), body,
                       200))
        body = json.dumps({"to": "14155550101", "text": "Your code is 123456"}).encode()
        groups.append(("send-sms", cgi_environment(base, "POST", "/send-sms", body, "Bearer " + TOKEN), body, 202))
        results = {}
        for function, env, body, expected in groups:
            if body is None:
                wrap = []
            else:
                body_file = self.scratch / ("s1-%s.body" % function)
                body_file.write_bytes(body)
                wrap = [str(self.with_stdin), str(body_file)]
            executable = str(self.libexec / function)
            self.check_once(wrap + [executable], env, data, expected, function)
            self.check_once(wrap + [str(self.c_cgi)], env, data, 200, "C baseline")
            compilers = compilers_now()
            measured = self.hyperfine(function, [("C", wrap + [str(self.c_cgi)]), ("python", wrap + [str(self.py_cgi)]),
                                                 (function, wrap + [executable])], env, data)
            results[function] = (measured, bool(body), compilers)
        self.results["process"] = results
        health = results["health"][0]
        self.report.row("1", "C static CGI, GET (baseline)", self.fmt_time(health["C"]), notes="the physical limit")
        self.report.row("1", "python3 -S CGI, GET (baseline)", self.fmt_time(health["python"]),
                        ratio(health["python"]["mean"], health["C"]["mean"]))
        for function, (measured, wrapped, compilers) in results.items():
            mine, c, py = measured[function], measured["C"], measured["python"]
            notes = []
            if wrapped:
                notes.append("POST body via with-stdin (all 3 rows): C %s, python %s" % (
                    ms(c["mean"]), ms(py["mean"])))
            if function == "inbound-sms":
                notes.append("same signed body every run: 1 insert, then duplicates (verify + transaction)")
            if function == "message-status":
                notes.append("status for an unknown message: stored once, then duplicates")
            if function == "send-sms":
                notes.append("HTTPS fake Vonage (python, self-signed cert via VONAGE_CA_FILE), RS256 JWT per run")
            notes.append("compilers running: %d" % compilers)
            self.report.row("1", "%s, whole process" % function, self.fmt_time(mine), ratio(mine["mean"], c["mean"]),
                            ratio(mine["mean"], py["mean"]), "; ".join(notes))
        c_health, sw_health = health["C"]["mean"], health["health"]["mean"]
        self.report.target("health process ≤ 3.5× the C process", sw_health / c_health <= 3.5,
                           "health %s vs C %s = %.2f×" % (ms(sw_health), ms(c_health), sw_health / c_health))
        send = results["send-sms"][0]["send-sms"]["mean"]
        self.report.target("send-sms whole process ≤ 20 ms against the loopback HTTPS fake", send <= 0.020,
                           "send-sms %s (median %s)" % (ms(send), ms(results["send-sms"][0]["send-sms"]["median"])))

    @staticmethod
    def fmt_time(result):
        return "%.2f ms ± %.2f (min %.2f)" % (result["mean"] * 1000, result["stddev"] * 1000, result["min"] * 1000)

    # -- 2. web servers ----------------------------------------------------------------------------------------

    def install_host(self, kind, name=None):
        """A prefix with the deploy/ configs templated in paths and ports only, plus a bench-only /bench/ route
        for the baselines; functions and baselines copied in, data owned by www-data, config via the env file."""
        prefix = self.fresh_dir("host-" + (name or kind))
        for name in ("logs", "run", "htdocs", "tmp"):
            (prefix / name).mkdir()
        shutil.copytree(self.libexec, prefix / "libexec")
        bench_cgi = prefix / "bench-cgi"
        bench_cgi.mkdir()
        for source in (self.c_cgi, self.py_cgi, self.peer_cgi):
            shutil.copy2(source, bench_cgi / source.name)
        data = prefix / "data"
        data.mkdir()
        shutil.chown(data, "www-data", "www-data")
        env_file = prefix / "functions.env"
        env_file.write_text("".join("%s=%s\n" % item for item in sorted({
            "DATABASE_URL": "sqlite://%s/sms.sqlite" % data, "SMS_API_TOKEN": TOKEN,
            "VONAGE_SIGNATURE_SECRET": SECRET, "PEER_DATABASE": "%s/peer.sqlite" % data}.items())))
        os.chmod(env_file, 0o644)
        port = free_port()
        socket_path = prefix / "run" / "fcgiwrap.sock"
        substitutions = {"@PREFIX@": str(prefix), "@PORT@": str(port), "@LIBEXEC@": str(prefix / "libexec"),
                         "@ENV_FILE@": str(env_file), "@FCGIWRAP_SOCKET@": str(socket_path)}

        def template(source, target, extra=""):
            text = (ROOT / "deploy" / source).read_text()
            for key, value in substitutions.items():
                text = text.replace(key, value)
            (prefix / target).write_text(text + extra)

        env = {"PATH": SYSTEM_PATH}
        if kind == "apache":
            template("apache/httpd-standalone.conf", "httpd.conf", """
# Benchmark baselines only (Benchmarks/bench.py), not part of deploy/.
ScriptAlias /bench/ "%(prefix)s/bench-cgi/"
<Directory "%(prefix)s/bench-cgi">
    Options +ExecCGI
    Require all granted
    CGIPassAuth On
    SetEnv SMS_ENV_FILE "%(env)s"
</Directory>
""" % {"prefix": prefix, "env": env_file})
            template("apache/sms-functions.conf", "sms-functions.conf")
            config = str(prefix / "httpd.conf")
            run(["apache2", "-f", config, "-k", "start"], env=env)

            def stop_apache():
                subprocess.run(["apache2", "-f", config, "-k", "stop"], env=env, capture_output=True)
                self.wait_gone(prefix / "run" / "httpd.pid")
            on_exit(stop_apache, "apache2")
        else:
            template("nginx/nginx-standalone.conf", "nginx.conf")
            template("nginx/sms-functions.conf", "sms-functions.conf", """
# Benchmark baselines only (Benchmarks/bench.py), not part of deploy/.
location ~ ^/bench/(?<bench_script>[a-z-]+)$ {
    include /etc/nginx/fastcgi_params;
    fastcgi_param SCRIPT_FILENAME %(prefix)s/bench-cgi/$bench_script;
    fastcgi_param SCRIPT_NAME     /bench/$bench_script;
    fastcgi_param SMS_ENV_FILE    %(env)s;
    fastcgi_pass unix:%(socket)s;
}
""" % {"prefix": prefix, "env": env_file, "socket": socket_path})
            pid_file = prefix / "run" / "fcgiwrap.pid"
            on_exit(lambda: subprocess.run(["sh", str(ROOT / "deploy/nginx/fcgiwrap-stop.sh"), str(socket_path),
                                            str(pid_file)], env=env, capture_output=True), "fcgiwrap")
            run(["sh", str(ROOT / "deploy/nginx/fcgiwrap-start.sh"), str(socket_path), str(pid_file), "4"], env=env)
            nginx = ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "logs/error.log")]
            run(nginx, env=env)

            def stop_nginx():
                subprocess.run(nginx + ["-s", "quit"], env=env, capture_output=True)
                self.wait_gone(prefix / "run" / "nginx.pid")
            on_exit(stop_nginx, "nginx")
        base = "http://127.0.0.1:%d" % port
        status, body = wait_http(base + "/health")
        if status != 200:
            raise Broken("%s /health answered %d: %s; error log: %s" % (
                kind, status, body[:200], (prefix / "logs/error.log").read_text(errors="replace")[-500:]))
        return base, data, prefix

    @staticmethod
    def wait_gone(path, timeout=10.0):
        deadline = time.monotonic() + timeout
        while path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    @staticmethod
    def require_answers(measured, kind, label, prefix):
        """A wrk run that got no 200 at all, or ran out of unique signed requests, measured nothing."""
        if measured["ok"] == 0:
            raise Broken("%s %s: no request answered 200 (other %d, errors %d); error log: %s" % (
                kind, label, measured["other"], measured["errors"],
                (prefix / "logs/error.log").read_text(errors="replace")[-600:]))
        if measured["repeated"]:
            raise Broken("%s %s used up its unique requests" % (kind, label))

    def wrk(self, url, pool, threads, connections, acked=None, duration=None):
        """One wrk run cycling through pool; with acked, returns the acknowledged message_uuids too."""
        duration = duration or self.duration
        env = dict(os.environ, BENCH_REQUESTS=str(pool), BENCH_THREADS=str(threads))
        if acked:
            env["BENCH_ACKED"] = str(acked)
        result = run(["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % duration, "--timeout", "10s",
                      "-s", str(BENCH / "support" / "cycle.lua"), url], env=env, timeout=duration + 120)
        for line in result.stdout.decode(errors="replace").splitlines():
            if line.startswith("BENCH "):
                data = json.loads(line[6:])
                data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
                if acked:
                    data["acked"] = set()
                    for index in range(threads):
                        part = pathlib.Path("%s.%d" % (acked, index))
                        if part.exists():
                            data["acked"].update(part.read_text().split())
                return data
        raise Broken("wrk printed no result: %s" % result.stdout[-500:])

    @staticmethod
    def sqlite_uuids(path, user=None, where="direction = 'inbound'"):
        """The stored message_uuids, read as the database's owner so no root-owned -wal/-shm files appear."""
        if not os.path.exists(path):
            return set()
        code = ("import sqlite3,sys;c=sqlite3.connect(sys.argv[1],timeout=30);"
                "print('\\n'.join(r[0] for r in c.execute(\"SELECT message_uuid FROM messages WHERE %s\")))" % where)
        result = subprocess.run(["python3", "-S", "-c", code, str(path)], capture_output=True, text=True,
                                timeout=60, **as_user(user))
        if result.returncode != 0:
            raise Broken("reading %s failed: %s" % (path, result.stderr[-300:]))
        return set(result.stdout.split())

    def count_sqlite(self, path, user=None, where="direction = 'inbound'"):
        return len(self.sqlite_uuids(path, user, where))

    @staticmethod
    def account(measured, before, after):
        """Lost = acknowledged (200 with its message_uuid) but not stored; unacknowledged = stored, but wrk stopped
        before the answer arrived (requests in flight at the end of the run) — not a loss."""
        new = after - before
        acked = measured.pop("acked")
        measured.update(stored=len(new), lost=len(acked - after), unacked=len(new - acked),
                        uuidless=measured["ok"] - len(acked))

    def section_hosts(self):
        log("2. wrk -t2 -c16 -d%ds through Apache and nginx + fcgiwrap" % self.duration)
        results = {}
        for kind in ("apache", "nginx"):
            base, data, prefix = self.install_host(kind)
            host = {}
            baseline_pool = self.scratch / ("pool-%s-baseline" % kind)
            write_pool(baseline_pool, 200, lambda: ("", baseline_body()))
            for label, path in (("C", "/bench/hello-c"), ("python", "/bench/hello-py")):
                time.sleep(0.5)
                compilers = compilers_now()
                log("   %s %s" % (kind, label))
                host[label] = dict(self.wrk(base + path, baseline_pool, 2, 16), compilers=compilers)
            # No CGI writer outruns the C baseline, so its rate bounds the unique requests a run can use.
            pool_size = int(host["C"]["rps"] * self.duration * 1.3) + 2000
            for label, path, db, table_where in (
                    ("peer", "/bench/inbound-peer", data / "peer.sqlite", "1=1"),
                    ("inbound-sms", "/webhooks/inbound", data / "sms.sqlite", "direction = 'inbound'")):
                pool = self.scratch / ("pool-%s-%s" % (kind, label))
                write_pool(pool, pool_size, signed_inbound)
                before = self.sqlite_uuids(db, "www-data", where=table_where)
                time.sleep(0.5)
                compilers = compilers_now()
                log("   %s %s (%d unique signed webhooks ready)" % (kind, label, pool_size))
                measured = self.wrk(base + path, pool, 2, 16, acked=self.scratch / ("acked-%s-%s" % (kind, label)))
                self.account(measured, before, self.sqlite_uuids(db, "www-data", where=table_where))
                measured["compilers"] = compilers
                self.require_answers(measured, kind, label, prefix)
                host[label] = measured
            results[kind] = host
        self.results["hosts"] = results
        for kind, host in results.items():
            c, py, peer = host["C"], host["python"], host["peer"]
            name = "Apache mod_cgid" if kind == "apache" else "nginx + fcgiwrap (-c 4)"
            for label, text in (("C", "C static CGI (baseline)"), ("python", "python3 -S CGI (baseline)")):
                m = host[label]
                self.report.row("2", "%s: %s" % (name, text), self.fmt_rps(m), ratio(m["rps"], c["rps"]),
                                ratio(m["rps"], py["rps"]), "400-byte POST; compilers running: %d" % m["compilers"])
            for label, text in (("peer", "python3 -S peer: verify + SQLite insert"),
                                ("inbound-sms", "**inbound-sms**, unique signed webhooks")):
                m = host[label]
                vs_py = ratio(m["rps"], peer["rps"]) + " of peer" if label == "inbound-sms" else ratio(
                    m["rps"], py["rps"])
                self.report.row("2", "%s: %s" % (name, text), self.fmt_rps(m), ratio(m["rps"], c["rps"]), vs_py,
                                self.write_notes(m) + "; compilers running: %d" % m["compilers"])
        apache = results["apache"]
        swift, c, peer = apache["inbound-sms"]["rps"], apache["C"]["rps"], apache["peer"]["rps"]
        self.report.target("inbound-sms via Apache ≥ 0.3× C CGI req/s", swift >= 0.3 * c,
                           "%.0f vs %.0f req/s = %.2f×" % (swift, c, swift / c))
        self.report.target("inbound-sms via Apache ≥ 4× the python peer", swift >= 4 * peer,
                           "%.0f vs %.0f req/s = %.2f×" % (swift, peer, swift / peer))
        lost = [(kind, host["inbound-sms"]["lost"] + host["inbound-sms"]["uuidless"]) for kind, host in results.items()]
        self.lost_writes = getattr(self, "lost_writes", []) + [("wrk " + k, n) for k, n in lost]

    @staticmethod
    def write_notes(m):
        notes = "200s %d, stored %d, **lost %d** (acknowledged, not stored), stored in flight at the end %d" % (
            m["ok"], m["stored"], m["lost"], m["unacked"])
        if m["other"] or m["errors"]:
            notes += ", non-200 %d, socket errors %d" % (m["other"], m["errors"])
        if m["uuidless"]:
            notes += ", 200s without a message_uuid %d" % m["uuidless"]
        return notes

    @staticmethod
    def fmt_rps(m):
        return "%.0f req/s (p50 %.1f ms, p99 %.1f ms)" % (m["rps"], m["p50_us"] / 1000, m["p99_us"] / 1000)

    # -- 3. Lambda under the RIE -------------------------------------------------------------------------------

    def section_lambda(self):
        # One RIE per bootstrap, all started first; then rounds in which every bootstrap gets the same short wrk run
        # in turn (the order rotating), and each row reports the median round. On this shared 2-core VM one long
        # run per bootstrap swung by ±30% with whatever else the box did at that moment; interleaved rounds expose
        # every bootstrap to the same drift. Ratios are taken per round (each bootstrap against its baseline measured
        # in the same round, seconds apart) and the median of those is reported: the machine's speed drifts by more
        # than the differences being measured between rounds, and a ratio of two medians taken from different
        # rounds carries that drift.
        rounds = 1 if self.smoke else 9
        round_seconds = max(1, self.duration // 5)
        log("3. Lambda warm invocations under the RIE (wrk -t1 -c1, %d interleaved rounds of %ds)"
            % (rounds, round_seconds))
        if not os.access(self.rie, os.X_OK):
            raise Broken("the AWS Lambda RIE is missing at %s (scripts/test-deps.sh installs it)" % self.rie)
        check = subprocess.run([self.python, "-c", "import awslambdaric"], capture_output=True)
        if check.returncode != 0:
            raise Broken("awslambdaric is not importable by %s (scripts/test-deps.sh installs it)" % self.python)
        data = self.fresh_dir("s3-data")
        base = self.function_environment("sqlite://%s/sms.sqlite" % data, PEER_DATABASE=str(data / "peer.sqlite"),
                                         PYTHONPATH=str(BENCH / "support"), PYTHONDONTWRITEBYTECODE="1",
                                         AWS_LAMBDA_FUNCTION_TIMEOUT="30")
        health_pool = self.scratch / "pool-lambda-health"
        write_pool(health_pool, 10, lambda: ("", json.dumps(apigw_event("GET", "/health", {})).encode()))

        def inbound_event():
            body = inbound_body()
            event = apigw_event("POST", "/webhooks/inbound",
                                {"Authorization": sign(body), "Content-Type": "application/json"}, body)
            return "", json.dumps(event, separators=(",", ":")).encode()

        cases = [
            ("c-bootstrap", [str(self.c_bootstrap)], health_pool, None),
            ("python-hello", [self.python, "-m", "awslambdaric", "ric_handler.hello"], health_pool, None),
            ("health", [str(self.libexec / "health")], health_pool, None),
            ("python-inbound", [self.python, "-m", "awslambdaric", "ric_handler.inbound"], None, data / "peer.sqlite"),
            ("inbound-sms", [str(self.libexec / "inbound-sms")], None, data / "sms.sqlite"),
        ]
        urls, processes = {}, []
        try:
            for label, bootstrap, pool, db in cases:
                api_port, port = free_port(), free_port()
                rie_log = self.scratch / ("rie-%s.log" % label)
                processes.append(background(
                    [self.rie, "--runtime-interface-emulator-address", "127.0.0.1:%d" % port,
                     "--runtime-api-address", "127.0.0.1:%d" % api_port, "--log-level", "error"] + bootstrap,
                    base, str(BENCH / "support"), rie_log))
                url = "http://127.0.0.1:%d/2015-03-31/functions/function/invocations" % port
                first = inbound_event()[1] if pool is None else json.dumps(apigw_event("GET", "/health", {})).encode()
                status, answer = wait_http(url, method="POST", data=first)
                try:
                    code = json.loads(answer).get("statusCode")
                except ValueError:
                    code = None
                if status != 200 or code != 200:
                    raise Broken("RIE %s: first invoke answered %s %s; log: %s" % (
                        label, status, answer[:300], rie_log.read_text(errors="replace")[-500:]))
                urls[label] = url
            where = {"python-inbound": "1=1", "inbound-sms": "direction = 'inbound'"}
            before = {label: self.sqlite_uuids(db, where=where[label]) for label, _, _, db in cases if db}
            runs = {label: [] for label, _, _, _ in cases}
            acked = {label: set() for label in before}
            fastest = 2000.0
            compilers = compilers_now()
            for index in range(rounds):
                order = cases[index % len(cases):] + cases[:index % len(cases)]
                for label, _, pool, db in order:
                    if db:
                        # Every write is a new message: a fresh pool per round, sized from the fastest rate so far.
                        pool = self.scratch / ("pool-lambda-%s-%d" % (label, index))
                        write_pool(pool, int(fastest * round_seconds * 1.5) + 2000, inbound_event)
                    measured = self.wrk(urls[label], pool, 1, 1, duration=round_seconds,
                                        acked=self.scratch / ("acked-lambda-%s-%d" % (label, index)) if db else None)
                    if measured["ok"] == 0:
                        raise Broken("RIE %s: no invocation answered 200 in round %d" % (label, index + 1))
                    if db:
                        if measured["repeated"]:
                            raise Broken("RIE %s used up its unique requests in round %d" % (label, index + 1))
                        acked[label] |= measured.pop("acked")
                    fastest = max(fastest, measured["rps"])
                    runs[label].append(measured)
        finally:
            for process in processes:
                stop_group(process)
        results = {}
        for label, _, _, db in cases:
            ordered = sorted(runs[label], key=lambda m: m["rps"])
            median = dict(ordered[len(ordered) // 2])
            median["spread"] = (ordered[0]["rps"], ordered[-1]["rps"])
            median["compilers"] = compilers
            if db:
                median.update(ok=sum(m["ok"] for m in runs[label]), other=sum(m["other"] for m in runs[label]),
                              errors=sum(m["errors"] for m in runs[label]), acked=acked[label])
                self.account(median, before[label], self.sqlite_uuids(db, where=where[label]))
            results[label] = median
        self.results["lambda"] = results
        baselines = {"c-bootstrap": "python-hello", "python-hello": "python-hello", "health": "python-hello",
                     "python-inbound": "python-hello", "inbound-sms": "python-inbound"}
        for label, m in results.items():
            paired = sorted(run["rps"] / base["rps"] for run, base in zip(runs[label], runs[baselines[label]]))
            m["paired"] = (paired[len(paired) // 2], paired[0], paired[-1])
        hello = results["python-hello"]
        texts = {"c-bootstrap": "static C bootstrap, no parsing (baseline: the RIE's own limit)",
                 "python-hello": "Python handler under awslambdaric (baseline)", "health": "**health** bootstrap",
                 "python-inbound": "Python RIC peer: verify + SQLite insert",
                 "inbound-sms": "**inbound-sms** bootstrap"}
        for label, m in results.items():
            vs = "%.2f×" % m["paired"][0] + (" of peer" if label == "inbound-sms" else "")
            notes = ("RIE, 1 connection; median of %d rounds (%.0f–%.0f req/s); ratio: median of the per-round "
                     "ratios (%.2f–%.2f); compilers running: %d") % (
                rounds, m["spread"][0], m["spread"][1], m["paired"][1], m["paired"][2], m["compilers"])
            if "stored" in m:
                notes = self.write_notes(m) + "; " + notes
            self.report.row("3", "Lambda warm: %s" % texts[label], self.fmt_rps(m), "—", vs, notes)
        swift, limit = results["health"], results["c-bootstrap"]
        self.report.target("Lambda warm ≥ 1.5× the Python RIC", swift["paired"][0] >= 1.5,
                           "health %.2f× the Python RIC, median of %d per-round ratios (%.2f–%.2f; medians %.0f vs "
                           "%.0f req/s); the C bootstrap, the ceiling under this RIE: %.2f×" % (
                               swift["paired"][0], rounds, swift["paired"][1], swift["paired"][2], swift["rps"],
                               hello["rps"], limit["paired"][0]))
        self.lost_writes = getattr(self, "lost_writes", []) + [("lambda inbound-sms", results["inbound-sms"]["lost"])]

    # -- 4 and 5. concurrent writers ---------------------------------------------------------------------------

    def writers(self, executable, env_base, total, user=None, cwd=None):
        """total signed inbound webhooks, each its own CGI process, 16 at a time. Returns stats."""
        def one(_):
            body = inbound_body()
            env = cgi_environment(env_base, "POST", "/webhooks/inbound", body, sign(body))
            start = time.perf_counter()
            result = subprocess.run([executable], input=body, env=env, capture_output=True, cwd=cwd,
                                    **as_user(user))
            elapsed = time.perf_counter() - start
            return elapsed, cgi_status(result.stdout), result.stderr[-300:]

        compilers = compilers_now()
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            outcomes = list(pool.map(one, range(total)))
        wall = time.perf_counter() - start
        latencies = sorted(o[0] for o in outcomes)
        ok = sum(1 for o in outcomes if o[1] == 200)
        failures = [o for o in outcomes if o[1] != 200]
        return {"ok": ok, "non200": len(failures), "sample_error": failures[0][2].decode(errors="replace")
                if failures else "", "p50": latencies[len(latencies) // 2],
                "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], "rate": total / wall,
                "compilers": compilers}

    def writer_row(self, section, text, m, total, notes=""):
        good = m["stored"] == total and m["ok"] == total
        result = "%d/%d stored, %.0f req/s, p50 %.1f ms, p99 %.1f ms" % (
            m["stored"], total, m["rate"], m["p50"] * 1000, m["p99"] * 1000)
        extra = "non-200: %d%s; compilers running: %d" % (
            m["non200"], (" (%s)" % m["sample_error"].replace("|", "/")[:120]) if m["non200"] else "",
            m["compilers"])
        self.report.row(section, text, result, notes=(notes + "; " if notes else "") + extra)
        return good

    def section_sqlite_writers(self):
        total = self.writers_total
        log("4. SQLite: %d webhooks, 16 concurrent writer processes" % total)
        data = self.fresh_dir("s4-data")
        env = self.function_environment("sqlite://%s/sms.sqlite" % data, PEER_DATABASE=str(data / "peer.sqlite"))
        mine = self.writers(str(self.libexec / "inbound-sms"), env, total, cwd=data)
        mine["stored"] = self.count_sqlite(data / "sms.sqlite")
        peer = self.writers(str(self.peer_cgi), env, total, cwd=data)
        peer["stored"] = self.count_sqlite(data / "peer.sqlite", where="1=1")
        ok = self.writer_row("4", "SQLite, 16 writers: **inbound-sms** processes", mine, total,
                             "WAL, synchronous=FULL, BEGIN IMMEDIATE")
        self.writer_row("4", "SQLite, 16 writers: python3 -S peer processes", peer, total)
        self.results["sqlite"] = (mine, peer)
        self.lost_writes = getattr(self, "lost_writes", []) + [("16 writers SQLite", total - mine["stored"])]
        if not ok:
            raise Broken("SQLite writers: %d of %d stored, %d answered 200" % (mine["stored"], total, mine["ok"]))

    def postgres(self):
        """(tcp URL, socket dir, port): the test server of scripts/test.sh when it is running, else our own."""
        url = os.environ.get("SMS_TEST_POSTGRES_URL")
        sock = os.environ.get("SMS_TEST_POSTGRES_SOCKET_DIR")
        if not (url and sock):
            data = os.environ.get("SMS_BENCH_PG_DATA", str(ROOT / ".tools" / "pgdata-bench"))
            env = dict(os.environ, SMS_PG_DATA=data, SMS_PG_PORT=os.environ.get("SMS_BENCH_PG_PORT", "54339"))
            script = str(ROOT / "scripts" / "postgres-test-server.sh")
            port = int(env["SMS_PG_PORT"])
            already = False
            with socket.socket() as probe:
                already = probe.connect_ex(("127.0.0.1", port)) == 0
            if not already:
                log("   starting PostgreSQL (%s, port %d)" % (data, port))
                run(["bash", script, "start"], env=env, timeout=180)
                on_exit(lambda: subprocess.run(["bash", script, "stop"], env=env, capture_output=True), "postgres")
            url = run(["bash", script, "url"], env=env).stdout.decode().strip()
            sock = data.rstrip("/") + "-socket"
        return url, sock, urllib.parse.urlsplit(url).port

    def section_postgres_writers(self):
        total = self.pg_writers_total
        log("5. PostgreSQL: %d webhooks, 16 concurrent writer processes, 3 connection kinds" % total)
        tcp, sock, port = self.postgres()
        parts = urllib.parse.urlsplit(tcp)
        database = parts.path.lstrip("/")
        cwd = self.fresh_dir("s5")
        suffix = uuid.uuid4().hex[:8]
        variants = [
            ("TCP 127.0.0.1, SCRAM-SHA-256 password", tcp + "?", None),
            ("unix socket, SCRAM-SHA-256 password",
             "postgres://%s:%s@/%s?host=%s&port=%d&" % (parts.username, parts.password, database, sock, port), None),
            ("unix socket, peer auth (no password; processes run as OS user postgres)",
             "postgres:///%s?host=%s&port=%d&user=postgres&" % (database, sock, port), "postgres"),
        ]
        results = []
        all_ok = True
        for index, (text, prefix, user) in enumerate(variants):
            schema = "bench_%s_%d" % (suffix, index)
            url = prefix + "options=-csearch_path%%3D%s" % schema
            # psql connects the way the functions will (same URL, same OS user), so it owns what they create.
            run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", "CREATE SCHEMA %s" % schema], user=user,
                cwd=cwd)
            on_exit(lambda s=schema, u=url, o=user: subprocess.run(
                ["psql", "-X", "-q", u, "-c", "DROP SCHEMA %s CASCADE" % s], capture_output=True, cwd=cwd,
                **as_user(o)),
                "schema " + schema)
            env = self.function_environment(url)
            log("   %s" % text)
            m = self.writers(str(self.libexec / "inbound-sms"), env, total, user=user, cwd=cwd)
            counted = run(["psql", "-X", "-tA", url, "-c",
                           "SELECT count(*) FROM %s.messages WHERE direction = 'inbound'" % schema], user=user, cwd=cwd)
            m["stored"] = int(counted.stdout.decode().strip())
            all_ok &= self.writer_row("5", "PostgreSQL, 16 writers: **inbound-sms**, %s" % text, m, total,
                                      "test server: fsync off")
            results.append((text, m))
            self.lost_writes = getattr(self, "lost_writes", []) + [("16 writers PG " + text, total - m["stored"])]
        self.results["postgres"] = results
        if not all_ok:
            raise Broken("PostgreSQL writers: not every webhook was stored and acknowledged")

    # -- 6. sizes ----------------------------------------------------------------------------------------------

    def section_sizes(self):
        log("6. binary sizes")
        for function in FUNCTIONS:
            path = self.products / function
            stripped = self.scratch / ("%s.stripped" % function)
            run(["strip", "-o", str(stripped), str(path)])
            linked = run(["readelf", "-d", str(path)], check=False).stdout.decode(errors="replace")
            needed = [line.split("[", 1)[1].rstrip("]") for line in linked.splitlines() if "(NEEDED)" in line]
            self.report.row("6", "size: %s" % function, "%.1f MiB (stripped %.1f MiB)" % (
                path.stat().st_size / 2**20, stripped.stat().st_size / 2**20),
                notes="dynamic libs: " + (", ".join(needed) if needed else "none"))
        self.report.row("6", "size: C static CGI (baseline)", "%.2f MiB" % (self.c_cgi.stat().st_size / 2**20))

    # -- 7. inbound-sms per store, through Apache and nginx + fcgiwrap -----------------------------------------

    def pgbouncer(self, tcp, sock, port):
        """A PgBouncer of its own (scripts/pgbouncer-test-server.sh: the shipped deploy/pgbouncer configuration)
        in front of the benchmark's PostgreSQL server; returns its DATABASE_URL (unix socket, no password)."""
        if not getattr(self, "pgbouncer_url", None):
            env = dict(os.environ, SMS_PG_DATA=sock[:-len("-socket")], SMS_PG_PORT=str(port),
                       SMS_PGB_DATA=str(self.scratch / "pgbouncer"), SMS_PGB_PORT=str(free_port()))
            script = str(ROOT / "scripts" / "pgbouncer-test-server.sh")
            run(["bash", script, "start"], env=env, timeout=120)
            on_exit(lambda: subprocess.run(["bash", script, "stop"], env=env, capture_output=True), "pgbouncer")
            self.pgbouncer_url = run(["bash", script, "url"], env=env).stdout.decode().strip()
        return self.pgbouncer_url

    def store_routes(self):
        """[(label, DATABASE_URL for the functions, URL to count with)]: a fresh database per route."""
        tcp, sock, port = self.postgres()
        suffix = uuid.uuid4().hex[:8]
        schema = "bench_s7_%s" % suffix
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", tcp, "-c", "CREATE SCHEMA %s" % schema])
        on_exit(lambda: subprocess.run(["psql", "-X", "-q", tcp, "-c", "DROP SCHEMA %s CASCADE" % schema],
                                       capture_output=True), "schema " + schema)
        direct = tcp + "?options=-csearch_path%%3D%s" % schema
        bouncer = self.pgbouncer(tcp, sock, port)
        # PgBouncer passes no `options` to the server: a database of its own, under its own name.
        database = "bench_s7_%s" % suffix
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", tcp, "-c", "CREATE DATABASE %s" % database])
        on_exit(lambda: subprocess.run(["psql", "-X", "-q", tcp, "-c", "DROP DATABASE %s WITH (FORCE)" % database],
                                       capture_output=True), "database " + database)
        # postgresql:///<database>?host=<socket folder>&… (urlunsplit would drop the empty host's "//")
        through = "postgresql:///%s?%s" % (database, urllib.parse.urlsplit(bouncer).query)
        return [("PostgreSQL direct (TCP, SCRAM)", direct, direct),
                ("PostgreSQL through PgBouncer (unix socket, transaction pooling)", through, through)]

    @staticmethod
    def postgres_uuids(url):
        result = run(["psql", "-X", "-tA", url, "-c", "SELECT message_uuid FROM messages WHERE direction = 'inbound'"],
                     check=False)
        if result.returncode != 0:
            return set()  # not migrated yet
        return set(result.stdout.decode().split())

    def section_store_paths(self):
        log("7. inbound-sms per store: SQLite, PostgreSQL direct, through PgBouncer (wrk -t2 -c16 -d%ds)"
            % self.duration)
        routes = self.store_routes()
        results = {}
        for kind in ("apache", "nginx"):
            base, data, prefix = self.install_host(kind, name=kind + "-s7")
            env_file = prefix / "functions.env"
            settings = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
            sqlite_url = settings["DATABASE_URL"]
            host = {}
            for label, url, count_url in [("SQLite", sqlite_url, None)] + routes:
                settings["DATABASE_URL"] = url
                env_file.write_text("".join("%s=%s\n" % item for item in sorted(settings.items())))
                pool = self.scratch / ("pool-s7-%s-%d" % (kind, len(host)))
                write_pool(pool, 1500 * self.duration + 2000, signed_inbound)

                def stored():
                    if count_url is None:
                        return self.sqlite_uuids(data / "sms.sqlite", "www-data")
                    return self.postgres_uuids(count_url)
                before = stored()
                time.sleep(0.5)
                compilers = compilers_now()
                log("   %s %s" % (kind, label))
                measured = self.wrk(base + "/webhooks/inbound", pool, 2, 16,
                                    acked=self.scratch / ("acked-s7-%s-%d" % (kind, len(host))))
                self.account(measured, before, stored())
                measured["compilers"] = compilers
                self.require_answers(measured, kind, label, prefix)
                host[label] = measured
            results[kind] = host
        self.results["store_paths"] = results
        for kind, host in results.items():
            name = "Apache mod_cgid" if kind == "apache" else "nginx + fcgiwrap (-c 4)"
            sqlite = host["SQLite"]["rps"]
            for label, m in host.items():
                server = "; server durability as configured (the test server: fsync off)" if label != "SQLite" else ""
                self.report.row("7", "%s: **inbound-sms** on %s" % (name, label), self.fmt_rps(m), "—",
                                "%.2f× SQLite" % (m["rps"] / sqlite),
                                self.write_notes(m) + server + "; compilers running: %d" % m["compilers"])
        apache = results["apache"]
        bouncer = apache[routes[1][0]]
        lost = sum(m["lost"] + m["uuidless"] for host in results.values() for m in host.values())
        ratio_value = bouncer["rps"] / apache["SQLite"]["rps"]
        self.report.target("inbound-sms via Apache through PgBouncer ≥ 0.6× SQLite req/s, 0 lost writes",
                           ratio_value >= 0.6 and lost == 0,
                           "%.0f vs %.0f req/s = %.2f×; direct PostgreSQL %.2f×; lost %d" % (
                               bouncer["rps"], apache["SQLite"]["rps"], ratio_value,
                               apache[routes[0][0]]["rps"] / apache["SQLite"]["rps"], lost))
        self.lost_writes = getattr(self, "lost_writes", []) + [
            ("§7 %s %s" % (kind, label), m["lost"] + m["uuidless"]) for kind, host in results.items()
            for label, m in host.items()]

    # -- 8. send-sms under the RIE: first invocation vs warm ---------------------------------------------------

    def section_send_warm(self):
        starts, warm_count = (2, 5) if self.smoke else (7, 40)
        log("8. send-sms under the RIE: first invocation of %d fresh instances vs %d warm invocations each"
            % (starts, warm_count))
        if not os.access(self.rie, os.X_OK):
            raise Broken("the AWS Lambda RIE is missing at %s (scripts/test-deps.sh installs it)" % self.rie)
        vonage = self.start_fake_vonage()
        data = self.fresh_dir("s8-data")
        env = self.function_environment("sqlite://%s/sms.sqlite" % data, VONAGE_API_URL=vonage,
                                        VONAGE_CA_FILE=str(self.keys / "tls.crt"), AWS_LAMBDA_FUNCTION_TIMEOUT="30")
        body = json.dumps({"to": "14155550101", "text": "Your code is 123456"}).encode()
        event = json.dumps(apigw_event("POST", "/send-sms", {"Authorization": "Bearer " + TOKEN,
                                                             "Content-Type": "application/json"}, body)).encode()

        def invoke(url):
            began = time.perf_counter()
            request = urllib.request.Request(url, data=event, method="POST")
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = response.read()
            elapsed = time.perf_counter() - began
            code = json.loads(answer).get("statusCode")
            if code != 202:
                raise Broken("send-sms under the RIE answered %s: %s" % (code, answer[:300]))
            return elapsed

        firsts, warm = [], []
        for index in range(starts):
            api_port, port = free_port(), free_port()
            rie_log = self.scratch / ("rie-s8-%d.log" % index)
            process = background([self.rie, "--runtime-interface-emulator-address", "127.0.0.1:%d" % port,
                                  "--runtime-api-address", "127.0.0.1:%d" % api_port, "--log-level", "error",
                                  str(self.libexec / "send-sms")], env, str(data), rie_log)
            try:
                deadline = time.monotonic() + 20
                while True:  # listening, without invoking: the RIE starts the bootstrap on the first invoke
                    with socket.socket() as probe:
                        if probe.connect_ex(("127.0.0.1", port)) == 0:
                            break
                    if time.monotonic() > deadline:
                        raise Broken("RIE did not listen: %s" % rie_log.read_text(errors="replace")[-300:])
                    time.sleep(0.05)
                url = "http://127.0.0.1:%d/2015-03-31/functions/function/invocations" % port
                firsts.append(invoke(url))
                warm.extend(invoke(url) for _ in range(warm_count))
            finally:
                stop_group(process)
        first, hot = statistics.median(firsts), statistics.median(warm)
        self.results["send_warm"] = (firsts, warm)
        self.report.row("8", "send-sms under the RIE: first invocation of an instance", ms(first), "—", "—",
                        "median of %d fresh instances (%s–%s): process start, configuration, key, CA file, full "
                        "TLS handshake" % (starts, ms(min(firsts)), ms(max(firsts))))
        self.report.row("8", "send-sms under the RIE: warm invocation", ms(hot), "—", "%.2f× first" % (hot / first),
                        "median of %d (p90 %s): key, TLS context and trust store kept; TLS session resumed" % (
                            len(warm), ms(sorted(warm)[int(len(warm) * 0.9)])))
        self.report.target("send-sms warm invocation median ≤ 1/3 of the first invocation's", hot <= first / 3,
                           "warm %s vs first %s = %.2f×" % (ms(hot), ms(first), hot / first))

    # -- 9. where a PostgreSQL request's time goes --------------------------------------------------------------

    def section_postgres_phases(self):
        runs = 5 if self.smoke else 30
        log("9. inbound-sms on PostgreSQL, phase by phase (strace, median of %d runs per route)" % runs)
        sys.path.insert(0, str(BENCH / "support"))
        import pg_phases
        routes = self.store_routes()
        for label, url, _ in routes:
            try:
                phases = pg_phases.measure(str(self.libexec / "inbound-sms"), url, SECRET, runs)
            except RuntimeError as error:
                raise Broken("%s: %s" % (label, error))
            detail = ", ".join("%s %.2f" % (name, phases[name]) for name in pg_phases.PHASES)
            self.report.row("9", "inbound-sms phases, %s" % label, "%.2f ms in all (under strace)" % phases["total"],
                            notes="ms per phase (median): " + detail)
            self.results.setdefault("phases", {})[label] = phases

    # -- 10. trust store --------------------------------------------------------------------------------------

    def section_trust_store(self):
        """What a cold send-sms process pays for its CA trust: the HTTPS fake's certificate alone, the same
        certificate inside the distribution's whole bundle file (how Amazon Linux, RHEL and Fedora ship trust),
        and inside a hashed directory (Debian's layout), where OpenSSL reads only the certificate it needs."""
        log("10. trust store cold cost (send-sms, hyperfine -N, %d runs)" % self.runs)
        system_bundle = next((pathlib.Path(p) for p in ("/etc/ssl/certs/ca-certificates.crt",
                                                         "/etc/pki/tls/certs/ca-bundle.crt") if os.path.isfile(p)),
                             None)
        if system_bundle is None:
            raise Broken("no system CA bundle to build the bundle variant from (install ca-certificates)")
        own = (self.keys / "tls.crt").read_text()
        bundle = self.scratch / "s10-ca-bundle.crt"
        bundle.write_text(system_bundle.read_text() + "\n" + own)
        certificates = bundle.read_text().count("BEGIN CERTIFICATE")
        hashed = self.fresh_dir("s10-certs")
        shutil.copy(self.keys / "tls.crt", hashed / "sms-bench.pem")
        for pem in pathlib.Path("/etc/ssl/certs").glob("*.pem"):
            if not (hashed / pem.name).exists():
                (hashed / pem.name).symlink_to(pem.resolve())
        run(["openssl", "rehash", str(hashed)])
        data = self.fresh_dir("s10-data")
        vonage = self.start_fake_vonage()
        body = json.dumps({"to": "14155550101", "text": "Your code is 123456"}).encode()
        body_file = self.scratch / "s7.body"
        body_file.write_bytes(body)
        argv = [str(self.with_stdin), str(body_file), str(self.libexec / "send-sms")]
        variants = [("one certificate", {"VONAGE_CA_FILE": str(self.keys / "tls.crt")}),
                    ("bundle file", {"VONAGE_CA_FILE": str(bundle)}),
                    ("hashed directory", {"SSL_CERT_DIR": str(hashed)})]
        measured = {}
        for label, trust in variants:
            base = self.function_environment("sqlite://%s/sms.sqlite" % data, VONAGE_API_URL=vonage, **trust)
            env = cgi_environment(base, "POST", "/send-sms", body, "Bearer " + TOKEN)
            self.check_once(argv, env, data, 202, "send-sms with the %s" % label)
            compilers = compilers_now()
            measured[label] = (self.hyperfine("s10-" + label.replace(" ", "-"), [(label, argv)], env, data)[label],
                               compilers)
        one = measured["one certificate"][0]
        for label, (result, compilers) in measured.items():
            notes = ["compilers running: %d" % compilers]
            if label != "one certificate":
                notes.insert(0, "%+.2f ms median vs one certificate" % ((result["median"] - one["median"]) * 1000))
            if label == "bundle file":
                notes.insert(0, "%d certificates" % certificates)
            self.report.row("10", "send-sms, trust from %s" % label, self.fmt_time(result), notes="; ".join(notes))

    # -- 11. before/after ---------------------------------------------------------------------------------------

    def hyperfine_alternating(self, name, sides, cwd):
        """sides: [(label, argv, env)]. Measured in the order A B B A, so drift in the machine's load falls on
        every side alike; each side's runs are pooled."""
        pooled = {}
        for index, (label, argv, env) in enumerate(sides + list(reversed(sides))):
            result = self.hyperfine("%s-%d" % (name, index), [(label, argv)], env, cwd)[label]
            entry = pooled.setdefault(label, {"times": [], "cpu": []})
            entry["times"] += result["times"]
            entry["cpu"].append(result["user"] + result["system"])
        for entry in pooled.values():
            times = entry["times"]
            entry.update(mean=statistics.mean(times), median=statistics.median(times),
                         stddev=statistics.pstdev(times), min=min(times), cpu=statistics.mean(entry["cpu"]))
        return pooled

    def section_compare(self):
        if not self.args.compare_products:
            raise Broken("needs --compare-products (Benchmarks/run.sh --compare REV)")
        label = self.args.compare_label or "the other revision"
        log("11. before/after on SQLite: %s vs this tree (hyperfine -N, 2 × %d runs)" % (label, self.runs))
        before_dir = self.scratch / "bin" / "before"
        before_dir.mkdir()
        for function in ("health", "inbound-sms"):
            source = pathlib.Path(self.args.compare_products) / function
            if not source.is_file():
                raise Broken("%s is missing" % source)
            shutil.copy(source, before_dir / function)
            os.chmod(before_dir / function, 0o755)
        ratios = {}
        for function in ("health", "inbound-sms"):
            # Each side keeps its own database: another revision may migrate the schema differently.
            sides = []
            for side, folder in (("before", before_dir), ("after", self.libexec)):
                data = self.fresh_dir("s11-%s-%s" % (function, side))
                base = self.function_environment("sqlite://%s/sms.sqlite" % data)
                if function == "health":
                    env, wrap, expected = cgi_environment(base, "GET", "/health"), [], 200
                else:
                    body = inbound_body()
                    env = cgi_environment(base, "POST", "/webhooks/inbound", body, sign(body))
                    body_file = self.scratch / ("s11-%s.body" % side)
                    body_file.write_bytes(body)
                    wrap, expected = [str(self.with_stdin), str(body_file)], 200
                argv = wrap + [str(folder / function)]
                self.check_once(argv, env, data, expected, "%s (%s)" % (function, side))
                sides.append((side, argv, env))
            compilers = compilers_now()
            pooled = self.hyperfine_alternating("s11-" + function, sides, self.scratch)
            before, after = pooled["before"], pooled["after"]
            ratios[function] = after["median"] / before["median"]
            for side, result in (("before: " + label, before), ("after: this tree", after)):
                self.report.row("11", "%s on SQLite, whole process, %s" % (function, side), self.fmt_time(result),
                                notes="median %s; CPU %s; compilers running: %d" % (
                                    ms(result["median"]), ms(result["cpu"]), compilers))
            self.report.row("11", "%s on SQLite: after ÷ before" % function, "%.3f× (median)" % ratios[function],
                            notes="mean %.3f×, CPU %.3f×" % (after["mean"] / before["mean"],
                                                             after["cpu"] / before["cpu"]))
        self.report.target("SQLite not slower than %s (after ÷ before median ≤ 1.05)" % label,
                           all(r <= 1.05 for r in ratios.values()),
                           ", ".join("%s %.3f×" % item for item in ratios.items()))

    # -- driver ------------------------------------------------------------------------------------------------

    def main(self):
        start_uptime, start_compilers = load_note()
        began = time.monotonic()
        sections = [("1", self.section_process), ("2", self.section_hosts), ("3", self.section_lambda),
                    ("4", self.section_sqlite_writers), ("5", self.section_postgres_writers), ("6", self.section_sizes),
                    ("7", self.section_store_paths), ("8", self.section_send_warm),
                    ("9", self.section_postgres_phases), ("10", self.section_trust_store),
                    ("11", self.section_compare)]
        only = set(self.args.only.split(",")) if self.args.only else None
        self.prepare()
        for number, section in sections:
            if only and number not in only:
                continue
            if number == "11" and not self.args.compare_products and not only:
                continue  # before/after needs another revision's executables: Benchmarks/run.sh --compare REV
            try:
                section()
            except Broken as error:
                log("section %s broke: %s" % (number, error))
                self.report.broke(number, error)
            except Exception as error:  # noqa: BLE001 - a crash in one section must not hide the others
                log("section %s crashed: %r" % (number, error))
                self.report.broke(number, repr(error))
        end_uptime, end_compilers = load_note()
        self.print_report(start_uptime, start_compilers, end_uptime, end_compilers, time.monotonic() - began)
        lost = sum(n for _, n in getattr(self, "lost_writes", []))
        return 1 if self.report.failures or lost else 0

    def print_report(self, start_uptime, start_compilers, end_uptime, end_compilers, seconds):
        def compilers(names):
            return ", ".join("%d %s" % (n, name) for name, n in sorted(names.items())) or "none"

        mode = "smoke (debug products, 1-second runs: correctness only, the figures mean nothing)" if self.smoke \
            else "full (static release products)"
        out = []
        out.append("### sms-functions benchmark — %s" % mode)
        out.append("")
        out.append("- %s; %s, %d cores; `Benchmarks/run.sh%s`, %.0f s" % (
            datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), os.uname().release,
            os.cpu_count(), (" --smoke" if self.smoke else "") + (
                " --compare %s" % self.args.compare_label.split(" (")[0] if self.args.compare_label else ""), seconds))
        out.append("- start: `%s`; compiler processes of other builds: %s" % (start_uptime, compilers(start_compilers)))
        out.append("- end: `%s`; compiler processes of other builds: %s" % (end_uptime, compilers(end_compilers)))
        out.append("- ratios are ours ÷ baseline from the same run: for times lower is better, for req/s higher is "
                   "better. \"compilers running\" = compiler processes seen when that measurement started.")
        out.append("")
        out.append("| § | measurement | result | vs C CGI | vs python | notes |")
        out.append("|---|---|---|---|---|---|")
        for row in self.report.rows:
            out.append("| %s |" % " | ".join(row))
        out.append("")
        for verdict, name, detail in self.report.targets:
            out.append("%s: %s — %s" % (verdict, name, detail))
        lost = getattr(self, "lost_writes", [])
        if lost:
            total = sum(n for _, n in lost)
            out.append("%s: 0 lost writes — %s" % ("PASS" if total == 0 else "FAIL",
                                                   ", ".join("%s %d" % item for item in lost)))
        for section, error in self.report.failures:
            out.append("BROKEN: section %s — %s" % (section, error))
        print("\n".join(out), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="debug products, 1-second runs, few iterations")
    parser.add_argument("--runs", type=int, default=40, help="hyperfine runs per command (≥ 30)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--only", help="comma-separated section numbers (1-11), for development")
    parser.add_argument("--compare-products", help="another revision's release products folder (section 11)")
    parser.add_argument("--compare-label", help="how the report names that revision")
    parser.add_argument("--products", help="the executables to measure (default .build/release, or .build/debug)")
    args = parser.parse_args()

    def terminate(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)
    try:
        return Bench(args).main()
    except Broken as error:
        log("cannot run: %s" % error)
        return 1
    finally:
        cleanup_all()


if __name__ == "__main__":
    sys.exit(main())
