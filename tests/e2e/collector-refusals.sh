# Every bad request gets its documented 4xx, the collector keeps serving,
# and no stored row changes (a digest of every table before and after).
. tests/e2e/collector.lib

province "$T/prov"
kiosk "$T/k1" "$T/prov"
kiosk "$T/k2" "$T/prov"
kiosk "$T/k3" "$T/prov" 14002
"$P" kiosk revoke --dir "$T/prov" --key "$T/k2/kiosk.pub" >/dev/null
"$P" kiosk list --dir "$T/prov" | grep -q REVOKED || fail "kiosk list"
serve "$T/prov" --max-body 65536 --timeout 1

# One good batch first, so that there are rows to protect.
"$FORGE" "$T/k1" good "$T/good.bin"
[ "$(post "$T/good.bin")" = "201 ack" ] || fail "good batch refused"

expect() {	# expect FILE "STATUS CODE"
	before=$(digest "$T/prov")
	got=$(post "$1")
	[ "$got" = "$2" ] || fail "$1: expected $2, got $got ($(cat "$T/reply"))"
	health || fail "$1: collector no longer healthy"
	[ "$(digest "$T/prov")" = "$before" ] || fail "$1: the store changed"
	echo "$1: $got"
}

"$FORGE" "$T/k1" unknown "$T/unknown.bin"
expect "$T/unknown.bin" "403 unknown-kiosk"
"$FORGE" "$T/k2" good "$T/revoked.bin"
expect "$T/revoked.bin" "403 revoked-kiosk"
"$FORGE" "$T/k3" good "$T/commune.bin"
expect "$T/commune.bin" "422 wrong-commune"
"$FORGE" "$T/k1" forged "$T/forged.bin"
expect "$T/forged.bin" "403 bad-signature"
"$FORGE" "$T/k1" ballotsig "$T/ballotsig.bin"
expect "$T/ballotsig.bin" "403 bad-signature"
# 300 ballots (batch_make shuffles them): their checks are split over the
# cores, and the bad one is still named.
"$FORGE" "$T/k1" ballotsig-big "$T/ballotsig-big.bin"
expect "$T/ballotsig-big.bin" "403 bad-signature"
grep -Eq "ballot [0-9]+: bad signature" "$T/reply" || fail "bad ballot not named: $(cat "$T/reply")"
"$FORGE" "$T/k1" truncated "$T/truncated.bin"
expect "$T/truncated.bin" "400 malformed"
head -c 3000 /dev/urandom >"$T/garbage.bin"
expect "$T/garbage.bin" "400 malformed"
: >"$T/empty.bin"
expect "$T/empty.bin" "400 malformed"
head -c 100000 /dev/zero >"$T/big.bin"
expect "$T/big.bin" "413 too-large"
"$FORGE" "$T/k1" outside "$T/outside.bin"
expect "$T/outside.bin" "422 bad-answer"
"$FORGE" "$T/k1" conflict "$T/conflict.bin"
[ "$(post "$T/conflict.bin")" = "201 ack" ] || fail "conflict: first"
expect "$T/conflict.bin.2" "409 batch-conflict"
"$FORGE" "$T/k1" dupballot "$T/dup.bin"
[ "$(post "$T/dup.bin")" = "201 ack" ] || fail "dupballot: first"
expect "$T/dup.bin.2" "409 duplicate-ballot"
grep -Eq "ballot [0-9]+: this kiosk already sent its id for this poll" "$T/reply" || fail "duplicate not named: $(cat "$T/reply")"

# Wrong endpoints and methods, and a chunked body over the limit.
st=$(curl -s -o /dev/null -w '%{http_code}' "$URL/v1/nothing")
[ "$st" = 404 ] || fail "404 expected, got $st"
st=$(curl -s -o /dev/null -w '%{http_code}' "$URL/v1/batches")
[ "$st" = 405 ] || fail "405 expected, got $st"
st=$(curl -s -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' \
    --data-binary "@$T/big.bin" "$URL/v1/batches")
[ "$st" = 413 ] || fail "chunked oversize: expected 413, got $st"
# A client that starts a request and stalls is dropped after --timeout.
python3 - "$PORT" <<'PY' || fail "a stalled connection was not dropped"
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\nabc")
s.settimeout(5)
t = time.time()
try:
    data = s.recv(100)
except ConnectionResetError:
    data = b""
sys.exit(0 if data == b"" and time.time() - t < 4 else 1)
PY
health || fail "health at the end"
[ "$(province_ballots "$T/prov" | wc -l)" -eq 30 ] || fail "ballot count (good, conflict, dupballot: 10 each)"
echo "ok"
