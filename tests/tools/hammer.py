#!/usr/bin/env python3
"""Bad traffic for the collector load test (tests/e2e/load.sh), on 127.0.0.1.

    hammer.py PORT STOPFILE [--bad N] [--slow N] [--seconds S] [--limit S]
              [--drop S]

Runs three kinds of client at once until STOPFILE exists (and the bad
stream is done) or S seconds have passed, whichever comes first:
  - a stream of N malformed requests: garbage, truncated bodies, oversized
    bodies, oversized headers, wrong methods and paths, junk batches;
  - N slow clients that send a request's headers a byte at a time, then
    stall with the connection open (slowloris);
  - a health probe, GET /v1/health, over and over: every answer must be a
    200 with "ok" in at most --limit seconds.
With --drop S, the run then waits up to S more seconds for the collector
to drop every stalled slow client (its idle timeout).
Prints "ready" once every slow client is connected, then one summary line
per kind.  Exit status 1 if a health probe failed or was slow, if a
complete malformed request got a 2xx or a 5xx answer, or if a stalled
client was not dropped in time; else 0.
"""
import os
import random
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
args = sys.argv[1:]
PORT = int(args[0])
STOP = args[1]
opt = {"--bad": 300, "--slow": 16, "--seconds": 60, "--limit": 5, "--drop": 0}
for i in range(2, len(args), 2):
    opt[args[i]] = float(args[i + 1]) if args[i] == "--limit" else int(args[i + 1])
DEADLINE = time.monotonic() + opt["--seconds"]
LIMIT = opt["--limit"]
rng = random.Random(7)          # the same stream on every run
lock = threading.Lock()
done = threading.Event()        # set when the whole run is over
stats = {"bad": 0, "bad_status": {}, "bad_wrong": [], "slow": 0,
         "slow_bytes": 0, "slow_dropped": 0, "health": 0, "health_fail": [],
         "health_max": 0.0}


def over():
    return done.is_set() or time.monotonic() >= DEADLINE


def status_of(reply):
    """'404' from 'HTTP/1.1 404 ...', or what happened instead."""
    if not reply:
        return "closed"
    parts = reply.split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/"):
        return "junk"
    return parts[1].decode("ascii", "replace")


def exchange(data, complete, read_reply=True):
    """Send DATA on a new connection; returns the status or what happened."""
    s = socket.create_connection((HOST, PORT), timeout=10)
    try:
        try:
            s.sendall(data)
            if not complete:
                # Truncated or garbage: tell the server nothing more comes.
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may close early (e.g. 413): read its answer
        if not read_reply:
            return "sent"
        reply = b""
        try:
            while b"\r\n" not in reply:
                chunk = s.recv(4096)
                if not chunk:
                    break
                reply += chunk
        except ConnectionResetError:
            return "reset" if not reply else status_of(reply)
        except socket.timeout:
            return "timeout"
        return status_of(reply)
    finally:
        s.close()


def req(method, path, body=b"", headers=()):
    h = "%s %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n" % (
        method, path, HOST, PORT)
    for k in headers:
        h += k + "\r\n"
    if body or method == "POST":
        h += "Content-Length: %d\r\n" % len(body)
    return h.encode() + b"\r\n" + body


def bad_requests():
    """(kind, bytes, complete): complete requests deserve a 4xx answer."""
    junk = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 2048)))
    kinds = [
        ("garbage", junk, False),
        ("garbage-line", b"\x00\x01GARBAGE / HTTP/9.9\r\n\r\n", False),
        ("truncated", req("POST", "/v1/batches", b"Y" * 4000)[:-3000], False),
        ("junk-batch", req("POST", "/v1/batches", junk,
                           ["Content-Type: application/octet-stream"]), True),
        ("oversized", req("POST", "/v1/batches", b"\x00" * (2 * 1024 * 1024 + 1)), True),
        ("oversized-claim", b"POST /v1/batches HTTP/1.1\r\nHost: x\r\n"
         b"Content-Length: 999999999999\r\n\r\n" + junk, True),
        ("big-header", req("GET", "/v1/health", b"", ["X-Junk: " + "a" * 70000]), True),
        ("wrong-method", req("PUT", "/v1/batches", b"abc"), True),
        ("wrong-method-health", req("DELETE", "/v1/health"), True),
        ("get-batches", req("GET", "/v1/batches"), True),
        ("wrong-path", req("GET", "/../../etc/passwd"), True),
        ("wrong-path-post", req("POST", "/v1/batchesX", b"abc"), True),
        ("no-version", b"GET /v1/health\r\n\r\n", False),
        ("bad-length", b"POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", True),
        ("bad-chunked", b"POST /v1/batches HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", True),
    ]
    return kinds


def bad_stream():
    n = 0
    while n < opt["--bad"] and time.monotonic() < DEADLINE:
        for kind, data, complete in bad_requests():
            if n >= opt["--bad"] or time.monotonic() >= DEADLINE:
                break
            try:
                st = exchange(data, complete)
            except OSError as e:
                st = "error:" + e.__class__.__name__
            n += 1
            with lock:
                stats["bad"] += 1
                stats["bad_status"][st] = stats["bad_status"].get(st, 0) + 1
                # A complete bad request must be refused: a 4xx, or the
                # connection closed (e.g. a header too big to read).
                if complete and (st.startswith("2") or st.startswith("5")):
                    stats["bad_wrong"].append("%s -> %s" % (kind, st))


def slow_client(ready):
    head = ("POST /v1/batches HTTP/1.1\r\nHost: %s:%d\r\n"
            "Content-Type: application/octet-stream\r\n"
            "Content-Length: 100000\r\n" % (HOST, PORT)).encode()
    try:
        s = socket.create_connection((HOST, PORT), timeout=10)
    except OSError:
        ready.release()
        return
    with lock:
        stats["slow"] += 1
    ready.release()
    try:
        for b in head:
            if over():
                break
            s.sendall(bytes([b]))
            with lock:
                stats["slow_bytes"] += 1
            time.sleep(0.02)
        # Stall with the connection open until the run ends.
        s.settimeout(0.2)
        while not over():
            try:
                if s.recv(1) == b"":
                    with lock:
                        stats["slow_dropped"] += 1
                    break
            except socket.timeout:
                continue
    except OSError:
        with lock:
            stats["slow_dropped"] += 1
    finally:
        s.close()


def health():
    probe = req("GET", "/v1/health")
    while not over():
        t0 = time.monotonic()
        ok = False
        why = ""
        try:
            s = socket.create_connection((HOST, PORT), timeout=LIMIT)
            try:
                s.sendall(probe)
                reply = b""
                while True:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    reply += chunk
                ok = reply.startswith(b"HTTP/1.1 200") and b'"ok"' in reply
                why = reply[:40].decode("ascii", "replace")
            finally:
                s.close()
        except OSError as e:
            why = e.__class__.__name__
        dt = time.monotonic() - t0
        with lock:
            stats["health"] += 1
            stats["health_max"] = max(stats["health_max"], dt)
            if not ok or dt > LIMIT:
                stats["health_fail"].append("%.2fs %s" % (dt, why))
        time.sleep(0.05)


def main():
    ready = threading.Semaphore(0)
    threads = [threading.Thread(target=slow_client, args=(ready,))
               for _ in range(opt["--slow"])]
    for t in threads:
        t.start()
    for _ in threads:
        ready.acquire()
    hp = threading.Thread(target=health)
    hp.start()
    print("ready", flush=True)
    bs = threading.Thread(target=bad_stream)
    bs.start()
    bs.join()
    while not os.path.exists(STOP) and time.monotonic() < DEADLINE:
        time.sleep(0.05)
    timed_out = not os.path.exists(STOP)
    if opt["--drop"] > 0:
        until = time.monotonic() + opt["--drop"]
        while stats["slow_dropped"] < stats["slow"] and time.monotonic() < until:
            time.sleep(0.05)
    done.set()
    for t in threads + [hp]:
        t.join()
    print("bad requests: %d sent, answers %s" % (
        stats["bad"], dict(sorted(stats["bad_status"].items()))))
    print("slow clients: %d connected, %d header bytes trickled, %d dropped "
          "by the collector" % (stats["slow"], stats["slow_bytes"],
                                stats["slow_dropped"]))
    print("health probes: %d, slowest %.3fs, %d failed" % (
        stats["health"], stats["health_max"], len(stats["health_fail"])))
    rc = 0
    for f in stats["health_fail"][:10]:
        print("health failed: " + f)
        rc = 1
    for w in stats["bad_wrong"][:10]:
        print("bad request accepted or crashed: " + w)
        rc = 1
    if stats["slow"] != opt["--slow"]:
        print("only %d slow clients connected" % stats["slow"])
        rc = 1
    if opt["--drop"] > 0 and stats["slow_dropped"] != stats["slow"]:
        print("%d stalled clients still held after the idle timeout" % (
            stats["slow"] - stats["slow_dropped"]))
        rc = 1
    if timed_out:
        print("the uploads did not finish within %d s" % opt["--seconds"])
        rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
