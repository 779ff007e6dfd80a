# The uploader sends one batch while it forms the next (src/upload.c): a
# pass over 2,510 pending ballots forms and sends three batches, and marks
# each only after its acknowledgement.  When the collector fails in the
# middle (a relay on 127.0.0.1 answers 503 to the second POST), the first
# batch stays marked, nothing after the failure is sent or marked, and the
# next pass sends the rest: every ballot held by the province exactly once.
. tests/e2e/collector.lib
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }

province "$T/prov"
kiosk "$T/k1" "$T/prov"
"$CAST" "$T/k1" 2510 >/dev/null
serve "$T/prov"

# The relay: forwards each POST to the collector, except the second.
cat >"$T/relay.py" <<'PY'
import http.client, http.server, sys
target, portfile = int(sys.argv[1]), sys.argv[2]
posts = 0
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a):
        pass
    def do_POST(self):
        global posts
        posts += 1
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if posts == 2:
            status, out = 503, b'{"code":"busy","message":"relay: second post"}'
        else:
            c = http.client.HTTPConnection("127.0.0.1", target)
            c.request("POST", self.path, body,
                      {"Content-Type": "application/octet-stream"})
            r = c.getresponse()
            status, out = r.status, r.read()
        self.send_response(status)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
s = http.server.HTTPServer(("127.0.0.1", 0), H)
with open(portfile + ".tmp", "w") as f:
    f.write(str(s.server_address[1]))
import os
os.rename(portfile + ".tmp", portfile)
s.serve_forever()
PY
python3 "$T/relay.py" "$PORT" "$T/relay.port" &
RELAY=$!
PIDS="$PIDS $RELAY"
i=0
until [ -s "$T/relay.port" ]; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "the relay did not start"
	sleep 0.05
done

rc=0
"$K" upload --dir "$T/k1" --url "http://127.0.0.1:$(cat "$T/relay.port")" \
    >"$T/out" 2>"$T/err" || rc=$?
[ $rc -eq 3 ] || fail "503 in the middle: exit $rc, expected 3 ($(cat "$T/err"))"
grep -q "503" "$T/err" || fail "the 503 is not reported: $(cat "$T/err")"
n=$(sql "$T/k1/kiosk.db" "SELECT count(*) FROM batches")
[ "$n" -eq 3 ] || fail "$n batches formed, not 3"
n=$(sql "$T/k1/kiosk.db" "SELECT count(*) FROM batches WHERE acked = 1")
[ "$n" -eq 1 ] || fail "$n batches marked after a 503 on the second, not 1"
[ "$(kiosk_uploaded "$T/k1" | wc -l)" -eq 1000 ] || fail "not the first batch's 1,000 ballots marked"
marks_consistent "$T/k1"
[ "$(province_ballots "$T/prov" | wc -l)" -eq 1000 ] ||
    fail "the province holds $(province_ballots "$T/prov" | wc -l) ballots, not the first batch's 1,000"
echo "ok: a 503 on the second batch: the first marked, nothing after it sent"

"$K" upload --dir "$T/k1" --url "$URL" >"$T/out" 2>"$T/err" ||
    fail "the next pass: $(cat "$T/err")"
grep -q "uploaded 2 batches (1500 ballots)" "$T/out" || fail "next pass: $(cat "$T/out")"
exactly_once "$T/k1"
echo "ok: the next pass sends the other two; every ballot held once"

# One pass from the start: three batches formed and sent together.
kiosk "$T/k2" "$T/prov"
"$CAST" "$T/k2" 2510 >/dev/null
"$K" upload --dir "$T/k2" --url "$URL" >"$T/out" 2>"$T/err" ||
    fail "one pass: $(cat "$T/err")"
grep -q "uploaded 3 batches (2500 ballots)" "$T/out" || fail "one pass: $(cat "$T/out")"
exactly_once "$T/k1" "$T/k2"
echo "ok: one pass of three batches, each marked after its acknowledgement"
