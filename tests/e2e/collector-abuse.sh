# The collector under abuse (THREAT-MODEL.md, "Collector limits"), on
# 127.0.0.1 only:
#  - 120 clients from one address trickling bodies do not starve
#    /v1/health for another address (per-address connection limit), and a
#    trickled body is cut off with 408 at the whole-request deadline;
#  - a chunked body gets 413 as soon as it passes --max-body, long before
#    its end;
#  - a symbolic link at any component of the publish directory is not
#    followed: the publish directory itself, a poll's directory, a file.
# Bounds are generous (a deadline of 3 s must act within 30 s); nothing
# here asserts a speed.
. tests/e2e/collector.lib

province "$T/prov"
serve "$T/prov" --deadline 3 --max-body 4096
python3 "$TOP/tests/tools/trickle.py" "$PORT" 120 8 >"$T/trickle.out" ||
    fail "trickle.py: $(cat "$T/trickle.out")"
cat "$T/trickle.out"
grep -q '^health 20/20$' "$T/trickle.out" || fail "health starved by slow clients"
grep -q '^late_status HTTP/1.1 408' "$T/trickle.out" || fail "no 408 at the deadline"
late=$(sed -n 's/^late_closed //p' "$T/trickle.out")
[ "$late" != never ] && [ "${late%.*}" -lt 30 ] || fail "the trickled body was not cut off ($late)"
health || fail "unhealthy after the slow clients"
echo "ok: slow clients: health answered, deadline enforced"

# A chunked body of up to 400 kB, 1 kB a chunk, reading between chunks.
python3 - "$PORT" >"$T/chunked.out" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"POST /v1/batches HTTP/1.1\r\nHost: c\r\nTransfer-Encoding: chunked\r\n"
          b"Content-Type: application/octet-stream\r\n\r\n")
s.settimeout(0.2)
sent, got = 0, b""
for i in range(400):
    try:
        s.sendall(b"400\r\n" + b"A" * 1024 + b"\r\n")
        sent += 1024
    except OSError:
        break
    try:
        d = s.recv(4096)
        if not d:
            break
        got += d
        if b"\r\n\r\n" in got:
            break
    except socket.timeout:
        pass
print("sent", sent)
print("status", got.split(b"\r\n")[0].decode("ascii", "replace"))
PY
cat "$T/chunked.out"
grep -q "^status HTTP/1.1 413" "$T/chunked.out" || fail "no 413 for an over-limit chunked body"
sent=$(sed -n 's/^sent //p' "$T/chunked.out")
[ "$sent" -lt 102400 ] || fail "the collector read $sent bytes of a 4096-byte limit"
health || fail "unhealthy after the chunked body"
echo "ok: a chunked body over the limit gets 413 after $sent bytes"

# Links in the publish directory.  The real files sit outside it.
mkdir -p "$T/outside/p" "$T/prov/publish/demo-2026"
echo secret >"$T/outside/p/index.html"
echo public >"$T/prov/publish/demo-2026/index.html"
ln -s "$T/outside/p" "$T/prov/publish/linked"
ln -s "$T/outside/p/index.html" "$T/prov/publish/demo-2026/leak.html"
get() { curl -s -o "$T/got" -w '%{http_code}' "$URL$1"; }
[ "$(get /polls/demo-2026/)" = 200 ] && grep -q public "$T/got" || fail "a real published file"
[ "$(get /polls/linked/)" = 404 ] || fail "a linked poll directory was followed"
[ "$(get /polls/linked/index.html)" = 404 ] || fail "a linked poll directory was followed"
[ "$(get /polls/demo-2026/leak.html)" = 404 ] || fail "a linked file was followed"
mv "$T/prov/publish" "$T/publish-real"
ln -s "$T/publish-real" "$T/prov/publish"
[ "$(get /polls/demo-2026/)" = 404 ] || fail "a linked publish directory was followed"
echo "ok: links refused at the publish directory, a poll directory and a file"
