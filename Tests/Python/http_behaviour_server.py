#!/usr/bin/env python3
"""A loopback HTTP/1.1 server whose answer is chosen by the request path, for transport tests.

    http_behaviour_server.py [--tls-cert cert.pem --tls-key key.pem]

The first stdout line is "PORT <n>" once it listens on 127.0.0.1. Paths:
    /length        200, body by Content-Length          /chunked     200, chunked body with a trailer
    /close         200, body delimited by closing        /interim     100 and 103 first, then 200
    /close-notify  as /close, ending TLS with close_notify (over TLS, /close ends without one)
    /no-content    204 with a stray Content-Length      /echo        200, JSON of the request as received
    /drop          reads the request, closes unanswered /silent      reads the request, never answers
    /partial       Content-Length 100, 10 bytes, close   /big         200 with a 2 MiB body (Content-Length)
    /big-chunked   2 MiB in chunks                       /garbage     a non-HTTP answer
A client that fails the TLS handshake just ends its connection. Only the standard library is used.
"""

import argparse
import json
import socket
import ssl
import sys
import threading
import time

BODY = b'{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}'


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = [line.split(":", 1) for line in lines[1:]]
    length = next((int(v) for k, v in headers if k.strip().lower() == "content-length"), 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return {"request_line": lines[0], "headers": [[k, v.strip()] for k, v in headers],
            "body": body.decode("utf-8", "replace")}


def answer(conn, request):
    path = request["request_line"].split(" ")[1].split("?")[0]
    if path == "/length":
        conn.sendall(b"HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                     b"X-Test:  spaced value \r\n\r\n%s" % (len(BODY), BODY))
    elif path == "/chunked":
        parts = [BODY[:7], BODY[7:30], BODY[30:]]
        out = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        for index, part in enumerate(parts):
            out += b"%x%s\r\n%s\r\n" % (len(part), b";ext=1" if index == 1 else b"", part)
        conn.sendall(out[:40])
        time.sleep(0.05)  # split across reads
        conn.sendall(out[40:] + b"0\r\nX-Trailer: t\r\n\r\n")
    elif path in ("/close", "/close-notify"):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + b"until close " * 1000)
        if path == "/close-notify" and isinstance(conn, ssl.SSLSocket):
            conn.unwrap()
    elif path == "/interim":
        conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n")
        conn.sendall(b"HTTP/1.1 201 Created\r\nX-Final: yes\r\nContent-Length: 2\r\n\r\nok")
    elif path == "/no-content":
        conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n")
    elif path == "/echo":
        body = json.dumps(request).encode()
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    elif path == "/drop":
        return
    elif path == "/silent":
        time.sleep(30)
    elif path == "/partial":
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
    elif path == "/big":
        size = 2 * 1024 * 1024
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size)
        try:
            conn.sendall(b"x" * size)
        except OSError:
            pass
    elif path == "/big-chunked":
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        try:
            for _ in range(64):
                conn.sendall(b"8000\r\n" + b"y" * 0x8000 + b"\r\n")
            conn.sendall(b"0\r\n\r\n")
        except OSError:
            pass
    elif path == "/garbage":
        conn.sendall(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")
    else:
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")


def serve(conn, context):
    try:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn.settimeout(35)
        if context is not None:
            conn = context.wrap_socket(conn, server_side=True)
        request = read_request(conn)
        if request is not None:
            answer(conn, request)
    except (OSError, ssl.SSLError):
        pass
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    context = None
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    print("PORT %d" % listener.getsockname()[1], flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn, context), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
