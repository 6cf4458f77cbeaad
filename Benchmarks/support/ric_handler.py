# Python handlers for the Lambda rows, run by awslambdaric (`python -m awslambdaric ric_handler.<name>`) under the
# same RIE as the Swift bootstraps. `hello` is the baseline (answer a small JSON, like the C/python CGI baselines);
# `inbound` is the honest peer of inbound-sms: the same work as Benchmarks/baselines/inbound-peer.py (verify the
# signed webhook, insert into SQLite with WAL + synchronous=FULL), with configuration read once per warm instance.
import base64
import importlib.util
import json
import os

_spec = importlib.util.spec_from_file_location(
    "inbound_peer", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "baselines", "inbound-peer.py"))
inbound_peer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(inbound_peer)
CONFIG = inbound_peer.configuration()
_connection = None


def hello(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"status": "ok", "received_bytes": len(event.get("body") or "")})}


def inbound(event, context):
    body = event.get("body") or ""
    raw = base64.b64decode(body) if event.get("isBase64Encoded") else body.encode()
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    global _connection
    if _connection is None:  # opened once per warm instance, as a Lambda function should
        _connection = inbound_peer.connect(CONFIG.get("PEER_DATABASE", "peer.sqlite"))
    status, answer = inbound_peer.handle(headers, raw, CONFIG, _connection)
    return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": json.dumps(answer)}
