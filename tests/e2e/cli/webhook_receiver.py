#!/usr/bin/env python3
"""A webhook receiver for the e2e tests: prints its port, then appends each POST it gets to FILE as
one JSON line {"path", "body", "signature", "delivery", "valid"} ("valid": the HMAC-SHA256 signature
matches SECRET). Usage: webhook_receiver.py FILE SECRET"""
import hashlib
import hmac
import http.server
import json
import sys

OUT, SECRET = sys.argv[1], sys.argv[2].encode()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        signature = self.headers.get("X-Rolecall-Signature-256", "")
        expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        with open(OUT, "a") as out:
            out.write(json.dumps({"path": self.path, "body": body.decode(), "signature": signature,
                                  "delivery": self.headers.get("X-Rolecall-Delivery", ""),
                                  "valid": hmac.compare_digest(signature, expected)}) + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
print(server.server_address[1], flush=True)
server.serve_forever()
