#!/usr/bin/env python3
"""Drives sms-local's Vonage sandbox (started with --tls) with the official Python SDK and PyJWT.

    sandbox_interop.py APPLICATION_ID KEY_PATH SANDBOX_PORT SIGNATURE_SECRET

Needs REQUESTS_CA_BUNDLE naming the sandbox certificate. Prints one JSON object with what it saw.
A loopback receiver stands in for the application's status URL (the message's webhook_url); it answers the
first webhook 503, so the sandbox's retry is observed too.
"""

import hashlib
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from vonage import Auth, HttpClientOptions, Vonage
from vonage_jwt import JwtClient, verify_signature
from vonage_messages import Sms

application_id, key_path, port, secret = sys.argv[1:5]
url = "https://127.0.0.1:%s/v1/messages" % port
captured = []
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with lock:
            first = not captured
            captured.append({"authorization": self.headers.get("Authorization"), "body": body})
        self.send_response(503 if first else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()


server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
result = {}

client = Vonage(
    Auth(application_id=application_id, private_key=key_path),
    HttpClientOptions(api_host="127.0.0.1:%s" % port, max_retries=0),
)
sent = client.messages.send(Sms(
    to="447700900123", from_="447700900000", text="Hello from the SDK", client_ref="sdk-1",
    webhook_url="http://127.0.0.1:%d/status" % server.server_address[1],
))
result["sdk_message_uuid"] = sent.message_uuid

body = {"to": "447700900123", "from": "447700900000", "text": "hi", "channel": "sms", "message_type": "text"}


def post(token, payload=None):
    response = requests.post(url, json=payload or body, headers={"Authorization": "Bearer " + token}, timeout=10)
    return {"status": response.status_code, "type": response.headers.get("Content-Type"), "body": response.json()}


own = JwtClient(application_id, key_path)
result["jwt_client"] = post(own.generate_application_jwt().decode())
other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
result["other_key"] = post(JwtClient(application_id, other_key).generate_application_jwt().decode())
now = int(time.time())
with open(key_path, encoding="utf-8") as handle:
    pem = handle.read()
claims = {"application_id": application_id, "iat": now, "jti": str(uuid.uuid4()), "exp": now + 900}
variants = {
    "expired": dict(claims, iat=now - 1000, exp=now - 100),
    "other_application": dict(claims, application_id=str(uuid.uuid4())),
    "no_jti": {k: v for k, v in claims.items() if k != "jti"},
    "no_exp": {k: v for k, v in claims.items() if k != "exp"},
}
result["refused"] = {name: post(jwt.encode(c, pem, algorithm="RS256"))["status"] for name, c in variants.items()}
result["refused"]["hs256"] = post(jwt.encode(claims, "not-the-key", algorithm="HS256"))["status"]
result["invalid_body"] = post(
    own.generate_application_jwt().decode(),
    {"to": "+447700900123", "from": "x", "text": "", "channel": "mms", "message_type": "text", "ttl": 5},
)

deadline = time.time() + 15
while time.time() < deadline:
    with lock:
        if len(captured) >= 3:
            break
    time.sleep(0.05)

webhooks = []
for item in captured:
    token = item["authorization"][len("Bearer "):]
    token_claims = jwt.decode(token, options={"verify_signature": False})
    webhooks.append({
        "verify_signature": verify_signature(token, secret),
        "verify_with_wrong_secret": verify_signature(token, "wrong-secret-wrong-secret-wrong-secret"),
        "header": jwt.get_unverified_header(token),
        "claims": token_claims,
        "payload_hash_matches": token_claims.get("payload_hash") == hashlib.sha256(item["body"]).hexdigest(),
        "body": json.loads(item["body"]),
        "token": token,
    })
result["webhooks"] = webhooks
print(json.dumps(result))
