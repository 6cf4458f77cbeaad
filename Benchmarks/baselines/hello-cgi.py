#!/usr/bin/python3 -S
# What many users would write instead: a python3 -S CGI that reads the body and answers small JSON.
import os, sys
n = int(os.environ.get("CONTENT_LENGTH") or 0)
body = sys.stdin.buffer.read(n) if n else b""
sys.stdout.write('Status: 200 OK\r\nContent-Type: application/json\r\n\r\n{"status":"ok","received_bytes":%d}' % len(body))
