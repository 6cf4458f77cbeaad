#!/usr/bin/env python3
"""Writes the sample request events under events/ for send-sms, inbound-sms, message-status and messages.

Webhook samples are signed exactly as Vonage signs them (HS256 JWT with payload_hash = hex SHA-256 of the body)
with the documented sample secret below; API samples carry the sample API token. Both are public test values:
never configure them in a real deployment. Standard library only, so it runs anywhere: python3 scripts/make-sample-events.py

The committed samples are signed at a fixed time, so regenerating them changes nothing. The webhook functions refuse
tokens older than VONAGE_WEBHOOK_MAX_AGE (25 h by default), so to try the webhook samples sign a fresh set:
    python3 scripts/make-sample-events.py --now --out /tmp/sms-events
"""
import argparse, base64, hashlib, hmac, json, os, time

SECRET = "sample-signature-secret-change-me-0123"
TOKEN = "sample-api-token-change-me-0123456789"
parser = argparse.ArgumentParser(description="Writes the sample request events.")
parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "events"),
                    help="folder to write into (default: events/)")
parser.add_argument("--now", action="store_true", help="sign the webhook samples now instead of at the fixed time")
arguments = parser.parse_args()
ROOT = arguments.out
IAT = int(time.time()) if arguments.now else 1795964400  # 2026-11-29T15:00:00Z


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(body: str, jti: str) -> str:
    header = b64url(b'{"alg":"HS256","typ":"JWT"}')
    claims = {"iat": IAT, "jti": jti, "iss": "Vonage", "payload_hash": hashlib.sha256(body.encode()).hexdigest(),
              "api_key": "abcd1234", "application_id": "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    mac = hmac.new(SECRET.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"Bearer {header}.{payload}.{b64url(mac)}"


def v2(method, path, headers, body=None, query=""):
    event = {
        "version": "2.0", "routeKey": f"{method} {path}", "rawPath": path, "rawQueryString": query,
        "headers": {k.lower(): v for k, v in headers.items()},
        "requestContext": {"accountId": "123456789012", "apiId": "abc123",
                           "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
                           "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                                    "sourceIp": "198.51.100.7", "userAgent": "curl/8.5.0"},
                           "requestId": "JKJaXmPLvHcESHA=", "routeKey": f"{method} {path}", "stage": "$default",
                           "time": "29/Nov/2026:15:00:00 +0000", "timeEpoch": IAT * 1000},
        "isBase64Encoded": False,
    }
    if body is not None:
        event["body"] = body
    return event


def plain(method, path, headers, body=None, query=None):
    event = {"method": method, "path": path, "headers": headers}
    if query:
        event["query"] = query
    if body is not None:
        event["body"] = body
    return event


def write(folder, name, event):
    os.makedirs(os.path.join(ROOT, folder), exist_ok=True)
    with open(os.path.join(ROOT, folder, name), "w") as f:
        json.dump(event, f, indent=2, ensure_ascii=False)
        f.write("\n")


send_body = json.dumps({"to": "+14155550101", "text": "Your code is 123456", "client_ref": "order-1001"},
                       separators=(",", ":"))
api = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
write("send-sms", "plain.json", plain("POST", "/send-sms", {**api, "Idempotency-Key": "order-1001"}, send_body))
write("send-sms", "apigw-v2.json", v2("POST", "/send-sms", {**api, "Idempotency-Key": "order-1001"}, send_body))

inbound = json.dumps({"channel": "sms", "message_uuid": "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab",
                      "to": "447700900000", "from": "447700900001", "timestamp": "2026-11-29T15:00:00Z",
                      "text": "Hello From Vonage!", "sms": {"num_messages": "1", "keyword": "HELLO"},
                      "usage": {"currency": "EUR", "price": "0.0057"}, "origin": {"network_code": "23410"}},
                     separators=(",", ":"))
stop = json.dumps({"channel": "sms", "message_uuid": "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ac",
                   "to": "447700900000", "from": "447700900001", "timestamp": "2026-11-29T15:01:00Z",
                   "text": "STOP", "sms": {"num_messages": "1", "keyword": "STOP"}}, separators=(",", ":"))
status = json.dumps({"message_uuid": "bbbbbbbb-cccc-4ddd-8eee-0123456789ab", "to": "14155550101",
                     "from": "447700900000", "timestamp": "2026-11-29T15:00:05Z", "status": "delivered",
                     "channel": "sms", "client_ref": "order-1001", "usage": {"currency": "EUR", "price": "0.0333"},
                     "destination": {"network_code": "310260"}, "sms": {"count_total": "1"}}, separators=(",", ":"))
rejected = json.dumps({"message_uuid": "bbbbbbbb-cccc-4ddd-8eee-0123456789ac", "to": "14155550101",
                       "from": "447700900000", "timestamp": "2026-11-29T15:00:05Z", "status": "rejected",
                       "channel": "sms", "error": {"type": "https://developer.vonage.com/api-errors/messages#1360",
                                                   "title": "1360", "detail": "TTL was activated, or message expired before delivered.",
                                                   "instance": "bf0ca0bf927b3b52e3cb03217e1a1ddf"}},
                      separators=(",", ":"))
for folder, path, name, body, jti in [
    ("inbound-sms", "/webhooks/inbound", "", inbound, "11111111-1111-4111-8111-111111111111"),
    ("inbound-sms", "/webhooks/inbound", "stop-", stop, "22222222-2222-4222-8222-222222222222"),
    ("message-status", "/webhooks/status", "", status, "33333333-3333-4333-8333-333333333333"),
    ("message-status", "/webhooks/status", "rejected-", rejected, "44444444-4444-4444-8444-444444444444"),
]:
    headers = {"Authorization": sign(body, jti), "Content-Type": "application/json", "User-Agent": "Vonage"}
    write(folder, f"{name}plain.json", plain("POST", path, headers, body))
    write(folder, f"{name}apigw-v2.json", v2("POST", path, headers, body))

bearer = {"Authorization": f"Bearer {TOKEN}"}
write("messages", "list-plain.json", plain("GET", "/messages", bearer, query={"direction": "outbound", "limit": "20"}))
write("messages", "list-apigw-v2.json", v2("GET", "/messages", bearer, query="direction=outbound&limit=20"))
write("messages", "one-plain.json", plain("GET", "/messages/bbbbbbbb-cccc-4ddd-8eee-0123456789ab", bearer))
write("messages", "one-apigw-v2.json", v2("GET", "/messages/bbbbbbbb-cccc-4ddd-8eee-0123456789ab", bearer))
