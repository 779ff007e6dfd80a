#!/usr/bin/env python3
"""Stand-in HTTP servers on 127.0.0.1 for the collector tests.

    stand-in.py portal            answer every request 200 with an HTML page
    stand-in.py drop URL          forward a POST to URL, then close the
                                  connection without replying (a collector
                                  that dies after storing, before answering)
    stand-in.py tamper URL        forward, then flip the last byte of the reply
    stand-in.py redirect          answer every POST 302 to a login page
    stand-in.py hostile           refuse every POST 422 with a code and a
                                  message full of control characters
                                  (OSC 52, CR, bidi) and 20 kB long

Binds port 0 and prints "listening on 127.0.0.1:PORT" once ready.
"""
import http.server
import socketserver
import sys
import urllib.error
import urllib.request

MODE = sys.argv[1]
TARGET = sys.argv[2] if len(sys.argv) > 2 else None


class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def portal(self):
        body = b"<html><body>Welcome! Please log in to the WiFi.</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.portal()

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(n)
        if MODE == "portal":
            return self.portal()
        if MODE == "redirect":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/login")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if MODE == "hostile":
            body = ('{"code":"bad\\u001b]52;c;SGVsbG8=\\u0007","message":'
                    '"refused\\r\\u001b[2Kuploaded OK \\u202e\\u0085' +
                    "A" * 20000 + '"}').encode()
            self.send_response(422)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        req = urllib.request.Request(TARGET + self.path, data=data, method="POST",
                                     headers={"Content-Type": "application/octet-stream"})
        try:
            with urllib.request.urlopen(req) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read()
        if MODE == "drop":
            self.close_connection = True
            self.connection.close()
            return
        if MODE == "tamper" and body:
            body = body[:-1] + bytes([body[-1] ^ 1])
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


srv = S(("127.0.0.1", 0), H)
print("listening on 127.0.0.1:%d" % srv.server_address[1], flush=True)
srv.serve_forever()
