#!/bin/sh
# End to end: the province signs a poll, a kiosk made with the province's
# public key loads it, refuses a tampered copy, and steps it through its
# lifecycle.  The kiosk is $YKIEN_KIOSK if set (make check-cross points it at
# the board's binary under qemu), else $B/ykien-kiosk; the province likewise
# $YKIEN_PROVINCE or $B/ykien-province.  Exit 0 pass, anything else fail.
set -eu
B=${B:-build}
TOP=${TOP:-$(pwd)}
kiosk=${YKIEN_KIOSK:-$TOP/$B/ykien-kiosk}
prov=${YKIEN_PROVINCE:-$TOP/$B/ykien-province}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

YKIEN_PASSPHRASE=e2e-passphrase
export YKIEN_PASSPHRASE
"$prov" init --dir "$t/prov" >/dev/null
cp "$TOP/kiosk-config/polls/demo.json" "$t/demo.json"
"$prov" poll sign --dir "$t/prov" "$t/demo.json" >/dev/null
[ -f "$t/demo.json.sig" ] || fail "no signature written"

"$kiosk" init --dir "$t/k" --province-key "$t/prov/province.pub" \
    --commune 14001 --village "Bản Mẫu" >"$t/init.out"
grep -q "Bản Mẫu" "$t/init.out" || fail "init did not echo the village"

# A poll changed after signing is refused and nothing is stored.
sed 's/demo-2026/demo-2027/' "$t/demo.json" >"$t/bad.json"
cp "$t/demo.json.sig" "$t/bad.json.sig"
if "$kiosk" poll load --dir "$t/k" "$t/bad.json" 2>"$t/bad.err"; then
	fail "a tampered poll was loaded"
fi
[ -s "$t/bad.err" ] || fail "no reason given for the refused poll"

"$kiosk" poll load --dir "$t/k" "$t/demo.json" | grep -q "demo-2026" ||
    fail "poll load did not report demo-2026"
for step in test open pause resume close; do
	"$kiosk" poll $step --dir "$t/k" demo-2026 >/dev/null ||
	    fail "poll $step refused"
done
"$kiosk" status --dir "$t/k" >"$t/status.out"
grep -q "state: closed" "$t/status.out" || fail "poll not closed: $(cat "$t/status.out")"
! grep -q "demo-2027" "$t/status.out" || fail "tampered poll is listed"
if "$kiosk" poll open --dir "$t/k" demo-2026 2>/dev/null; then
	fail "a closed poll was reopened"
fi
echo "ok: signed poll loaded on $("$kiosk" --version), tampered poll refused"
