# A closed poll's records (closing record, sheet, signature, event log) go
# over the network too: a captive portal marks nothing, the real collector
# stores them, and the province's audit then passes all eight checks with
# no USB stick.  A bundle with one byte changed is refused, nothing changes.
. tests/e2e/collector.lib

province "$T/prov"
kiosk "$T/k1" "$T/prov"
serve "$T/prov"
"$CAST" "$T/k1" 12
"$K" upload --dir "$T/k1" --url "$URL" >/dev/null || fail "first upload"
"$K" poll close --dir "$T/k1" demo-2026 >/dev/null || fail "close"
[ -f "$T/k1/closing-demo-2026.bin" ] || fail "no closing record written"
records_acked() { sql "$T/k1/kiosk.db" "SELECT value FROM meta WHERE key = 'records.demo-2026'"; }

# A portal's 200 is not an acknowledgement of the records.
standin portal
rc=0
"$K" upload --dir "$T/k1" --url "$XURL" >"$T/out" 2>"$T/err" || rc=$?
[ $rc -eq 3 ] || fail "portal: exit $rc: $(cat "$T/err")"
[ -z "$(records_acked)" ] || fail "records marked after a portal page"

# The collector: stored, acknowledged, and not sent again.
out=$("$K" upload --dir "$T/k1" --url "$URL") || fail "upload: $out"
echo "$out" | grep -q "sent the closing records and event log of 1" ||
    fail "records not sent: $out"
[ -n "$(records_acked)" ] || fail "records not marked after the ack"
out=$("$K" upload --dir "$T/k1")
echo "$out" | grep -q "nothing to upload" || fail "records sent twice: $out"
[ "$(sql "$T/prov/province.db" "SELECT count(*) FROM closings")" -eq 1 ] ||
    fail "province has no closing record"
"$P" audit --dir "$T/prov" --poll demo-2026 >"$T/audit" ||
    { cat "$T/audit"; fail "audit failed on network-only records"; }
[ "$(grep -c '^ *[0-9]\. .*PASS\|PASS' "$T/audit")" -ge 8 ] ||
    { cat "$T/audit"; fail "audit did not pass 8 checks"; }

# A bundle built by hand from the layout in PROTOCOL.md, first intact (an
# already-held 200), then with one byte of the closing record changed.
python3 - "$T/k1" "$T/bundle" "$T/bad" <<'PY'
import base64, struct, sys
d, out, bad = sys.argv[1:]
def lp(b): return struct.pack(">I", len(b)) + b
pub = base64.b64decode(open(d + "/kiosk.pub").read().split("\n")[1])
keynum = pub[2:10]
rec = open(d + "/closing-demo-2026.bin", "rb").read()
txt = open(d + "/closing-demo-2026.txt", "rb").read()
sig = open(d + "/closing-demo-2026.txt.sig", "rb").read()
mk = lambda r: lp(b"ykien/v1/records") + keynum + lp(r) + lp(txt) + lp(sig) + lp(b"") + lp(b"")
open(out, "wb").write(mk(rec))
r = bytearray(rec); r[len(r) // 2] ^= 1
open(bad, "wb").write(mk(bytes(r)))
PY
before=$(digest "$T/prov")
st=$(curl -s -o "$T/reply" -w '%{http_code}' --data-binary "@$T/bundle" "$URL/v1/records")
[ "$st" = 200 ] || fail "intact bundle: HTTP $st $(cat "$T/reply")"
st=$(curl -s -o "$T/reply" -w '%{http_code}' --data-binary "@$T/bad" "$URL/v1/records")
case "$st" in 4??) ;; *) fail "tampered bundle: HTTP $st" ;; esac
grep -q '"code"' "$T/reply" || fail "no JSON error: $(cat "$T/reply")"
st=$(curl -s -o "$T/reply" -w '%{http_code}' --data-binary "garbage" "$URL/v1/records")
[ "$st" = 400 ] || fail "garbage: HTTP $st"

# No acknowledgement is signed for an empty bundle, or for a key number
# the province never registered (even with a registered kiosk's log).
mkdir "$T/stick"
"$K" export --dir "$T/k1" --to "$T/stick" >/dev/null || fail "export"
python3 - "$T/k1" "$T" "$T"/stick/ykien-*/events.bin <<'PY'
import base64, os, struct, sys
d, t, evf = sys.argv[1:]
def lp(b): return struct.pack(">I", len(b)) + b
pub = base64.b64decode(open(d + "/kiosk.pub").read().split("\n")[1])
mk = lambda k, ev: lp(b"ykien/v1/records") + k + lp(b"") + lp(b"") + lp(b"") + lp(ev) + lp(b"")
ev = open(evf, "rb").read()
assert ev
open(t + "/empty", "wb").write(mk(pub[2:10], b""))
open(t + "/empty-stranger", "wb").write(mk(os.urandom(8), b""))
open(t + "/stranger", "wb").write(mk(os.urandom(8), ev))
PY
for b in empty:400 empty-stranger:400 stranger:403; do
	st=$(curl -s -o "$T/reply" -w '%{http_code}' --data-binary "@$T/${b%:*}" "$URL/v1/records")
	[ "$st" = "${b#*:}" ] || fail "${b%:*} bundle: HTTP $st $(cat "$T/reply"), wanted ${b#*:}"
done
[ "$(digest "$T/prov")" = "$before" ] || fail "a refused bundle changed the store"
health || fail "collector unhealthy after refusals"
echo "ok: records over the network; audit passes; tampered, empty and unregistered bundles refused"
