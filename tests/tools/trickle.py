#!/usr/bin/env python3
"""Slow clients against a collector on 127.0.0.1 (for collector-abuse.sh).

    trickle.py PORT SLOW SECONDS

Opens SLOW connections from 127.0.0.1 that announce a 4000-byte batch and
send it a byte every half second; meanwhile asks GET /v1/health twenty
times from 127.0.0.2 (another loopback address: another client), and
trickles one more body (opened first) from 127.0.0.3 to see the collector's deadline.
Prints one line "key value" per figure; never asserts on timing beyond
the generous bounds given by the caller.
"""
import socket
import sys
import time

PORT, SLOW, SECONDS = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
HEAD = (b"POST /v1/batches HTTP/1.1\r\nHost: collector\r\n"
        b"Content-Type: application/octet-stream\r\nContent-Length: 4000\r\n\r\n")


def connect(src):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(5)
    s.connect(("127.0.0.1", PORT))
    return s


def health():
    try:
        s = connect("127.0.0.2")
        s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: collector\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            d = s.recv(4096)
            if not d:
                break
            data += d
        s.close()
        if not data.startswith(b"HTTP/1.1 200"):
            print("health: %r" % data[:60], file=sys.stderr)
        return data.startswith(b"HTTP/1.1 200")
    except OSError as e:
        print("health: %s" % e, file=sys.stderr)
        return False


# The late client connects first: its fate must be the deadline's.
late = connect("127.0.0.3")
late.sendall(HEAD)
late.setblocking(False)
late_reply, late_closed = b"", None
slow = []
for i in range(SLOW):
    try:
        s = connect("127.0.0.1")
        s.sendall(HEAD)
        s.setblocking(False)
        slow.append(s)
    except OSError:
        pass

ok = asked = 0
t0 = time.time()
while time.time() - t0 < SECONDS:
    for s in list(slow) + ([late] if late_closed is None else []):
        try:
            s.send(b"x")
        except OSError:
            if s in slow:
                slow.remove(s)
    if late_closed is None:
        try:
            d = late.recv(4096)
            late_reply += d
            if not d:
                late_closed = time.time() - t0
        except BlockingIOError:
            pass
        except OSError:
            late_closed = time.time() - t0
    if asked < 20:
        asked += 1
        ok += health()
    time.sleep(0.25)

alive = 0
for s in slow:
    try:
        s.send(b"x")
        alive += 1
    except OSError:
        pass
print("health %d/%d" % (ok, asked))
print("slow_held %d" % alive)
print("late_closed %s" % ("%.1f" % late_closed if late_closed is not None else "never"))
print("late_status %s" % (late_reply.split(b"\r\n")[0].decode("ascii", "replace") or "none"))
