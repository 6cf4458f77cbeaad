#!/usr/bin/env python3
"""A loopback fake of the Vonage Messages API (POST /v1/messages) for tests.

It checks requests the way Vonage does (RS256 application JWT, the SMS body schema) and answers from a scenario
file, so tests can script throttling, server errors, hangs and odd answers. Only the standard library and PyJWT
(with `cryptography`) are used; run it with the test venv's python.

    fake_vonage.py --public-key pub.pem --log requests.jsonl [--scenario s.json] [--port N]
                   [--application-id ID] [--tls-cert cert.pem --tls-key key.pem]

The first stdout line is "PORT <n>" once the server listens on 127.0.0.1 (port 0 or absent: a free one).

Scenario file: a JSON list of responses given in order to requests that pass the checks; after the list, 202
with a fresh message_uuid. Each entry may have:
    "status": int (default 202), "headers": {name: value}, "body": object or string (default for 202: a new
    {"message_uuid"}; a JSON object for an error status is sent as application/problem+json unless "headers"
    says otherwise), "hang": seconds to wait before answering, "close": true to drop the connection unanswered.
Requests failing the checks get 401 (JWT) or 422 (body, with invalid_parameters) and do not use up an entry.

Log file: one JSON line per request received:
    {"n", "method", "path", "headers", "body" (parsed JSON or text), "jwt_header", "jwt_claims", "status"}
"""

import argparse
import json
import re
import signal
import socket
import ssl
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

TO_PATTERN = re.compile(r"^[1-9]\d{6,14}$")
ENCODINGS = {"text", "unicode", "auto"}


def problem(status, kind, title, detail, invalid=None):
    body = {
        "type": "https://developer.vonage.com/api-errors" + kind,
        "title": title,
        "detail": detail,
        "instance": str(uuid.uuid4()),
    }
    if invalid is not None:
        body["invalid_parameters"] = [{"name": n, "reason": r} for n, r in invalid]
    content_type = "application/json" if status == 422 else "application/problem+json"
    return {"status": status, "headers": {"Content-Type": content_type}, "body": body}


def check_body(body):
    """Returns a list of (name, reason) like Vonage's invalid_parameters; empty when the SMS body is valid."""
    if not isinstance(body, dict):
        return [("body", "must be a JSON object")]
    errors = []
    for name in ("to", "from", "text", "channel", "message_type"):
        if name not in body:
            errors.append((name, "is required"))
        elif not isinstance(body[name], str):
            errors.append((name, "must be a string"))
    if isinstance(body.get("to"), str) and not TO_PATTERN.match(body["to"]):
        errors.append(("to", "must match ^[1-9]\\d{6,14}$"))
    if isinstance(body.get("channel"), str) and body["channel"] != "sms":
        errors.append(("channel", "must be sms"))
    if isinstance(body.get("message_type"), str) and body["message_type"] != "text":
        errors.append(("message_type", "must be text"))
    if isinstance(body.get("text"), str) and not 1 <= len(body["text"]) <= 3200:
        errors.append(("text", "length must be 1 to 3200"))
    if "client_ref" in body and (not isinstance(body["client_ref"], str) or len(body["client_ref"]) > 100):
        errors.append(("client_ref", "must be a string of at most 100 characters"))
    if "ttl" in body:
        ttl = body["ttl"]
        if not isinstance(ttl, int) or isinstance(ttl, bool) or not 20 <= ttl <= 604800:
            errors.append(("ttl", "must be an integer from 20 to 604800"))
    if "sms" in body:
        sms = body["sms"]
        if not isinstance(sms, dict):
            errors.append(("sms", "must be an object"))
        elif "encoding_type" in sms and sms["encoding_type"] not in ENCODINGS:
            errors.append(("sms.encoding_type", "must be text, unicode or auto"))
    return errors


class FakeVonage:
    def __init__(self, public_key, log_path, scenario, application_id):
        self.public_key = public_key
        self.log_path = log_path
        self.scenario = scenario
        self.application_id = application_id
        self.lock = threading.Lock()
        self.next_entry = 0
        self.count = 0

    def take_entry(self):
        with self.lock:
            if self.next_entry < len(self.scenario):
                entry = self.scenario[self.next_entry]
                self.next_entry += 1
                return entry
            return {}

    def check_jwt(self, authorization):
        """Returns (header, claims, error_text); claims is None when the token is not acceptable."""
        if not authorization or not authorization.startswith("Bearer "):
            return None, None, "missing Bearer token"
        token = authorization[len("Bearer "):]
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(
                token,
                self.public_key,
                algorithms=["RS256"],
                options={"require": ["application_id", "iat", "jti", "exp"]},
            )
        except jwt.PyJWTError as error:
            return None, None, "invalid token: %s" % type(error).__name__
        if header.get("typ") != "JWT":
            return header, None, "typ must be JWT"
        if self.application_id and claims.get("application_id") != self.application_id:
            return header, None, "wrong application_id"
        return header, claims, None

    def log(self, record):
        with self.lock:
            record["n"] = self.count
            self.count += 1
            with open(self.log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps(record) + "\n")


def make_handler(fake):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            # Like Vonage's front ends, answer without Nagle: headers and body go out as separate writes, and with
            # Nagle on the second waits for the client's delayed ACK (40 ms), which would dominate send-sms timings.
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if isinstance(self.request, ssl.SSLSocket):
                self.request.settimeout(10)
                self.request.do_handshake()  # a failure ends this connection only (see QuietServer)
            super().setup()

        def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
            pass

        def do_GET(self):
            self.answer(problem(404, "#not-found", "Not Found", "Only POST /v1/messages exists here"), None)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            text = raw.decode("utf-8", errors="replace")
            try:
                body = json.loads(text)
            except ValueError:
                body = None
            jwt_header, claims, jwt_error = fake.check_jwt(self.headers.get("Authorization"))
            if self.path != "/v1/messages":
                response = problem(404, "#not-found", "Not Found", "Only POST /v1/messages exists here")
            elif jwt_error:
                response = problem(401, "/#unathorized", "You did not provide correct credentials.", jwt_error)
            elif (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
                response = problem(415, "#content-type-header", "Unsupported Media Type", "Send application/json")
            elif body is None:
                response = problem(422, "#invalid-json", "Invalid JSON", "The request body is not valid JSON")
            else:
                invalid = check_body(body)
                if invalid:
                    response = problem(
                        422, "/messages#1150", "Invalid params",
                        "The value of one or more parameters is invalid.", invalid)
                else:
                    response = fake.take_entry()
            fake.log({
                "method": self.command,
                "path": self.path,
                "headers": {name: value for name, value in self.headers.items()},
                "body": body if body is not None else text,
                "jwt_header": jwt_header,
                "jwt_claims": claims,
                "status": None if response.get("close") else response.get("status", 202),
            })
            self.answer(response, body)

        def answer(self, response, body):
            if response.get("hang"):
                time.sleep(float(response["hang"]))
            if response.get("close"):
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            status = int(response.get("status", 202))
            headers = dict(response.get("headers") or {})
            if "body" in response:
                payload = response["body"]
            elif status == 202:
                payload = {"message_uuid": str(uuid.uuid4())}
            else:
                payload = None
            if isinstance(payload, (dict, list)):
                data = json.dumps(payload).encode()
                default_type = "application/problem+json" if status >= 400 else "application/json"
                headers.setdefault("Content-Type", default_type)
            elif isinstance(payload, str):
                data = payload.encode()
                headers.setdefault("Content-Type", "text/plain")
            else:
                data = b""
            headers.setdefault("X-Request-Id", str(uuid.uuid4()))
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, str(value))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout); nothing to do

    return Handler


class QuietServer(ThreadingHTTPServer):
    """Keeps failed TLS handshakes and dropped clients (expected in tests) out of stderr."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if isinstance(error, (ssl.SSLError, ConnectionError, socket.timeout)):
            return
        super().handle_error(request, client_address)


def main():
    # A parent that spawns us from a thread with signals blocked (libdispatch workers, e.g. Swift's Process in
    # tests) leaves them blocked here, and SIGTERM would then never stop the fake.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--public-key", required=True, help="PEM public key that verifies the RS256 JWT")
    parser.add_argument("--log", required=True, help="file to append one JSON line per request to")
    parser.add_argument("--scenario", help="JSON list of responses to give in order")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--application-id", help="require this application_id claim")
    parser.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--tls-key", help="private key of --tls-cert")
    args = parser.parse_args()

    with open(args.public_key, encoding="utf-8") as handle:
        public_key = handle.read()
    scenario = []
    if args.scenario:
        with open(args.scenario, encoding="utf-8") as handle:
            scenario = json.load(handle)
    fake = FakeVonage(public_key, args.log, scenario, args.application_id)

    server = QuietServer(("127.0.0.1", args.port), make_handler(fake))
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        # Handshake in the handler thread, so a client that rejects the certificate cannot stall the listener.
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
