#!/usr/bin/python3 -S
# The honest peer of inbound-sms: what a careful user would write in python3 as a CGI program, doing the same work
# per request: read the configuration (environment, then the SMS_ENV_FILE file), read the body, verify Vonage's
# HS256 JWT (alg, signature in constant time, iss, iat skew, payload_hash = SHA-256 of the raw body), parse and
# check the JSON fields, and INSERT the message (and an opt-out for STOP words) into SQLite in one BEGIN IMMEDIATE
# transaction with WAL and synchronous=FULL, answering 200 only after the commit. `-S` (no site import) is the
# fastest way to start python3, so the comparison is with python at its best. Standard library only.
#
# Also importable (the Lambda peer, Benchmarks/ric_handler.py, calls `handle`).
import base64, hashlib, hmac, json, os, sqlite3, sys, time

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
SCHEMA = """
CREATE TABLE messages (
    message_uuid TEXT PRIMARY KEY NOT NULL, direction TEXT NOT NULL, to_number TEXT, from_number TEXT, body TEXT,
    status TEXT NOT NULL, vonage_timestamp TEXT, price TEXT, currency TEXT, keyword TEXT,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX messages_created ON messages (created_at, message_uuid);
CREATE TABLE opt_outs (number TEXT PRIMARY KEY NOT NULL, created_at INTEGER NOT NULL);
"""


def configuration():
    config = {}
    path = os.environ.get("SMS_ENV_FILE", ".env")
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    key, value = line.split("=", 1)
                    config[key.strip()] = value.strip()
    except OSError:
        pass
    config.update(os.environ)
    return config


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify(authorization, body, secret):
    """Returns None when the token is genuine and bound to body, else (status, reason)."""
    if not secret:
        return 503, "signature secret not configured"
    if not authorization or not authorization.lower().startswith("bearer "):
        return 503, "unsigned request"
    parts = authorization[7:].strip().split(".")
    if len(parts) != 3:
        return 401, "malformed token"
    try:
        header = json.loads(b64url(parts[0]))
        signature = b64url(parts[2])
    except (ValueError, TypeError):
        return 401, "malformed token"
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        return 401, "wrong algorithm"
    mac = hmac.new(secret.encode(), (parts[0] + "." + parts[1]).encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(mac, signature):
        return 401, "bad signature"
    try:
        claims = json.loads(b64url(parts[1]))
    except (ValueError, TypeError):
        return 401, "malformed claims"
    if not isinstance(claims, dict) or claims.get("iss", "Vonage") != "Vonage":
        return 401, "wrong issuer"
    iat = claims.get("iat")
    if not isinstance(iat, (int, float)) or iat - time.time() > 300:
        return 401, "bad iat"
    claimed = claims.get("payload_hash")
    if claimed is not None and not hmac.compare_digest(str(claimed).lower(), hashlib.sha256(body).hexdigest()):
        return 401, "payload_hash mismatch"
    return None


def connect(path):
    connection = sqlite3.connect(path, timeout=5.0, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    return connection


def store(connection, message):
    try:
        connection.execute("BEGIN IMMEDIATE")
        # Versioned schema, created once under the write lock (executescript would COMMIT the transaction).
        if connection.execute("PRAGMA user_version").fetchone()[0] == 0:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute("PRAGMA user_version=1")
        now = int(time.time() * 1000)
        cursor = connection.execute(
            "INSERT OR IGNORE INTO messages (message_uuid, direction, to_number, from_number, body, status, "
            "vonage_timestamp, price, currency, keyword, created_at, updated_at) "
            "VALUES (?, 'inbound', ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?)",
            (message["message_uuid"], message["to"], message["from"], message["text"], message["timestamp"],
             message.get("price"), message.get("currency"), message.get("keyword"), now, now))
        stored = cursor.rowcount == 1
        if stored and message["text"].strip().upper() in STOP_WORDS:
            connection.execute("INSERT OR IGNORE INTO opt_outs (number, created_at) VALUES (?, ?)",
                               (message["from"], now))
        connection.execute("COMMIT")
        return stored
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def handle(headers, body, config, connection=None):
    """headers: lower-case names; connection: an open store (Lambda keeps one per warm instance), else one is
    opened and closed for this request. Returns (status, answer dict)."""
    failure = verify(headers.get("authorization"), body, config.get("VONAGE_SIGNATURE_SECRET"))
    if failure:
        return failure[0], {"status": failure[0], "detail": failure[1]}
    try:
        payload = json.loads(body)
    except ValueError:
        return 400, {"status": 400, "detail": "body is not JSON"}
    if not isinstance(payload, dict):
        return 400, {"status": 400, "detail": "body is not a JSON object"}
    missing = [name for name in ("message_uuid", "to", "from", "text", "timestamp")
               if not isinstance(payload.get(name), str) or not payload.get(name)]
    if missing:
        return 422, {"status": 422, "invalid_params": [{"name": n, "reason": "is required"} for n in missing]}
    usage = payload.get("usage") if isinstance(payload.get("usage"), dict) else {}
    sms = payload.get("sms") if isinstance(payload.get("sms"), dict) else {}
    message = dict((name, payload[name]) for name in ("message_uuid", "to", "from", "text", "timestamp"))
    message.update(price=usage.get("price"), currency=usage.get("currency"), keyword=sms.get("keyword"))
    try:
        if connection is not None:
            stored = store(connection, message)
        else:
            connection = connect(config.get("PEER_DATABASE", "peer.sqlite"))
            try:
                stored = store(connection, message)
            finally:
                connection.close()
    except sqlite3.Error:
        return 503, {"status": 503, "detail": "store unavailable"}
    return 200, {"message_uuid": message["message_uuid"], "status": "stored" if stored else "duplicate"}


def main():
    config = configuration()
    length = int(os.environ.get("CONTENT_LENGTH") or 0)
    body = sys.stdin.buffer.read(length) if length else sys.stdin.buffer.read()
    headers = {"authorization": os.environ.get("HTTP_AUTHORIZATION")}
    status, answer = handle(headers, body, config)
    reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 422: "Unprocessable Content",
              503: "Service Unavailable"}[status]
    sys.stdout.write("Status: %d %s\r\nContent-Type: application/json\r\n\r\n%s" % (status, reason, json.dumps(answer)))


if __name__ == "__main__":
    main()
