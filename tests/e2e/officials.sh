#!/bin/sh
# The officials' day at the kiosk, end to end with the real binaries:
# PINs, household codes and slips, the logic and accuracy test with its
# expected totals and zero report, illegal transitions refused, closing
# with two PINs, the closing sheet checked with the real signify-openbsd
# (and one changed byte failing), the event chain verified, and a deleted
# and an edited event detected.
set -u
B=${B:-build}
K="$TOP/$B/ykien-kiosk"
P="$TOP/$B/ykien-province"
CAST="$TOP/$B/tools/cast"
command -v signify-openbsd >/dev/null || { echo "signify-openbsd not installed (apt-get install signify-openbsd)"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 shell not installed (apt-get install sqlite3)"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export YKIEN_PASSPHRASE=e2e YKIEN_PWHASH_COST=min
unset YKIEN_DIR YKIEN_PIN YKIEN_PIN_OLD YKIEN_PIN_OFFICIAL YKIEN_PIN_FRONT
D="$T/kiosk"
fail() { echo "FAIL: $*"; exit 1; }
step() { echo "== $*"; }

"$P" init --dir "$T/prov" >/dev/null || fail "province init"
# The demo poll, switched to household codes and two closing PINs.
sed -e 's/"mode": "open", "min_interval": 0/"mode": "household-code"/' \
    -e 's/"closing_pins": 1/"closing_pins": 2/' \
    "$TOP/kiosk-config/polls/demo.json" >"$T/poll.json"
grep -q household-code "$T/poll.json" || fail "could not make the test poll"
"$P" poll sign --dir "$T/prov" "$T/poll.json" >/dev/null || fail "poll sign"
"$K" init --dir "$D" --province-key "$T/prov/province.pub" --commune 14001 \
    --village "Bản Mẫu" >/dev/null || fail "kiosk init"
"$K" poll load --dir "$D" "$T/poll.json" >/dev/null || fail "poll load"

step "PINs"
YKIEN_PIN=12345 "$K" pin set --dir "$D" --role official 2>"$T/err" && fail "5-digit official PIN accepted"
YKIEN_PIN=246813 "$K" pin set --dir "$D" --role official >/dev/null || fail "pin set official"
YKIEN_PIN=135792 "$K" pin set --dir "$D" --role front >/dev/null || fail "pin set front"
YKIEN_PIN=8642 "$K" pin set --dir "$D" --role activation >/dev/null || fail "pin set activation"
# Replacing a PIN needs the current one.
YKIEN_PIN=1111 YKIEN_PIN_OLD=0000 "$K" pin set --dir "$D" --role activation 2>"$T/err" && fail "PIN replaced without the old one"
grep -q "wrong activation PIN" "$T/err" || fail "no clear message: $(cat "$T/err")"

step "illegal transitions"
"$K" poll open --dir "$D" demo-2026 2>"$T/err" && fail "opened without the test"
grep -q "is loaded: cannot open" "$T/err" || fail "unclear: $(cat "$T/err")"
"$K" poll test --dir "$D" demo-2026 >"$T/out" || fail "poll test"
grep -q "test has started (state: testing)" "$T/out" || fail "poll test says: $(cat "$T/out")"
grep -q "done" "$T/out" && fail "poll test says done when the test only started"

step "codes and slips"
"$K" codes --dir "$D" --poll demo-2026 --count 5 --out "$T/slips.txt" >/dev/null || fail "codes"
[ "$(grep -c 'Mã của hộ' "$T/slips.txt")" -eq 5 ] || fail "5 slips expected"
grep -q "Bản Mẫu" "$T/slips.txt" || fail "village missing on slips"
[ "$(stat -c %a "$T/slips.txt")" = 600 ] || fail "slips not mode 0600"
"$K" codes --dir "$D" --poll demo-2026 --count 5 --out "$T/slips.txt" 2>/dev/null && fail "slips overwritten"
CODE1=$(sed -n 's/.*Mã của hộ: *\([0-9 ]*\)$/\1/p' "$T/slips.txt" | sed -n 1p)
CODE2=$(sed -n 's/.*Mã của hộ: *\([0-9 ]*\)$/\1/p' "$T/slips.txt" | sed -n 2p)
[ -n "$CODE1" ] || fail "no code on the slip"
# No code in clear in the store.
C1=$(echo "$CODE1" | tr -d ' ')
if grep -c "$C1" "$D/kiosk.db" >/dev/null; then fail "code stored in clear"; fi

step "logic and accuracy test"
"$CAST" "$D" demo-2026 1,5,1,1 >/dev/null || fail "test ballot 1"
"$CAST" "$D" demo-2026 2,3,0,1 >/dev/null || fail "test ballot 2"
cat >"$T/expected.txt" <<'X'
# what the two officials wrote down while casting
ballots 2
giao-thong 1 1
giao-thong 2 1
dien 5 1
dien 3 1
uu-tien 1 1
uu-tien 0 1
chung 1 2
X
sed 's/chung 1 2/chung 1 1/' "$T/expected.txt" >"$T/wrong.txt"
"$K" poll open --dir "$D" --expected "$T/wrong.txt" demo-2026 >"$T/out" 2>"$T/err" && fail "opened despite a mismatch"
grep -q "KHÔNG KHỚP" "$T/out" || fail "mismatch not shown"
grep -q "stays in testing" "$T/err" || fail "unclear: $(cat "$T/err")"
"$K" poll open --dir "$D" --expected "$T/expected.txt" demo-2026 >"$T/out" || fail "poll open: $(cat "$T/out")"
cat "$T/out"
grep -q "Kết quả kiểm thử: KHỚP" "$T/out" || fail "test report not matching"
grep -q "Hòm phiếu thật (không tính phiếu thử): 0 phiếu" "$T/out" || fail "no zero report"
"$K" poll test --dir "$D" demo-2026 2>"$T/err" && fail "testing again after open"
grep -q "is open: cannot test" "$T/err" || fail "unclear: $(cat "$T/err")"

step "voting with codes"
"$CAST" "$D" demo-2026 1,4,2,1 "$CODE1" >/dev/null || fail "cast with code 1"
"$CAST" "$D" demo-2026 1,4,2,1 "$CODE1" 2>"$T/err" && fail "reused code accepted"
grep -q "already used" "$T/err" || fail "unclear: $(cat "$T/err")"
BAD=$(echo "$C1" | cut -c1-11)$(( ( $(echo "$C1" | cut -c12) + 1 ) % 10 ))
"$CAST" "$D" demo-2026 1,4,2,1 "$BAD" 2>"$T/err" && fail "wrong check digit accepted"
grep -q "check digit" "$T/err" || fail "unclear: $(cat "$T/err")"
"$CAST" "$D" demo-2026 2,2,3,2 "$CODE2" >/dev/null || fail "cast with code 2"
"$K" poll pause --dir "$D" demo-2026 </dev/null >/dev/null 2>"$T/err" && fail "paused without a PIN"
grep -q "YKIEN_PIN_OFFICIAL is not set and there is no terminal to ask" "$T/err" ||
    fail "the missing variable is not named: $(cat "$T/err")"
YKIEN_PIN_OFFICIAL=246813 "$K" poll pause --dir "$D" demo-2026 >/dev/null || fail "pause"
"$CAST" "$D" demo-2026 1,1,1,1 2>"$T/err" && fail "cast while paused"
grep -q "is paused" "$T/err" || fail "unclear: $(cat "$T/err")"
"$K" status --dir "$D" >"$T/status" || fail "status"
cat "$T/status"
grep -q "household codes used: 2 of 5 issued" "$T/status" || fail "codes in status"
grep -q "fingerprint:" "$T/status" || fail "fingerprint in status"
grep -q "ballots not yet in any batch: 2" "$T/status" || fail "pending ballots in status"
grep -q "NOT all sent: 2 ballots" "$T/status" || fail "sending in status"

step "closing"
# A wrong first PIN is reported before the second is asked for: with no
# YKIEN_PIN_FRONT and no terminal, the error is still about the first.
YKIEN_PIN_OFFICIAL=111111 "$K" poll close --dir "$D" demo-2026 </dev/null 2>"$T/err" && fail "closed with a wrong official PIN"
grep -q "the commune official's PIN was not accepted: wrong official PIN" "$T/err" ||
    fail "unclear: $(cat "$T/err")"
sleep 2	# the doubling delay after one wrong PIN
YKIEN_PIN_OFFICIAL=246813 "$K" poll close --dir "$D" demo-2026 </dev/null 2>"$T/err" && fail "closed without the Front PIN"
grep -q "YKIEN_PIN_FRONT is not set and there is no terminal to ask" "$T/err" ||
    fail "the missing variable is not named: $(cat "$T/err")"
YKIEN_PIN_OFFICIAL=246813 YKIEN_PIN_FRONT=999999 YKIEN_LANG=vi "$K" poll close --dir "$D" demo-2026 2>"$T/err" && fail "closed with a wrong Front PIN"
grep -q "PIN của đại diện Mặt trận không được chấp nhận: wrong front PIN" "$T/err" ||
    fail "unclear: $(cat "$T/err")"
"$K" poll list --dir "$D" | grep -q "paused" || fail "a wrong PIN changed the state"
sleep 2	# the doubling delay after one wrong PIN
YKIEN_PIN_OFFICIAL=246813 YKIEN_PIN_FRONT=135792 "$K" poll close --dir "$D" demo-2026 >"$T/out" || fail "poll close: $(cat "$T/out")"
cat "$T/out"
"$CAST" "$D" demo-2026 1,1,1,1 2>"$T/err" && fail "cast after close"
grep -q "is closed" "$T/err" || fail "unclear: $(cat "$T/err")"
"$K" poll open --dir "$D" demo-2026 2>"$T/err" && fail "reopened after close"
grep -q "closed is final" "$T/err" || fail "unclear: $(cat "$T/err")"
cd "$D" || fail "cd"
signify-openbsd -V -p kiosk.pub -x closing-demo-2026.txt.sig -m closing-demo-2026.txt || fail "signify-openbsd rejects the closing sheet"
grep -q "BIÊN BẢN" closing-demo-2026.txt || fail "not a biên bản"
grep -q "Số phiếu: 2" closing-demo-2026.txt || fail "ballot count on the sheet"
grep -q "Mã hộ gia đình: đã phát 5, đã dùng 2" closing-demo-2026.txt || fail "codes on the sheet"
grep -Eq "ngày [0-9]{2} tháng [0-9]{2} năm [0-9]{4}" closing-demo-2026.txt || fail "date format"
cp closing-demo-2026.txt "$T/changed.txt"
# One byte: the ballot count 2 -> 3.
sed -i 's/^\( *\)Số phiếu: 2$/\1Số phiếu: 3/' "$T/changed.txt"
cmp -s closing-demo-2026.txt "$T/changed.txt" && fail "the byte was not changed"
cp "$T/changed.txt" changed.txt
cp closing-demo-2026.txt.sig changed.txt.sig
signify-openbsd -V -p kiosk.pub -x changed.txt.sig -m changed.txt 2>/dev/null && fail "a changed sheet verifies"
rm -f changed.txt changed.txt.sig
cd "$TOP" || fail "cd"
"$K" closing --dir "$D" --poll demo-2026 >/dev/null || fail "closing record does not match a recount"

step "event log"
"$K" events --dir "$D" >"$T/events" || fail "events: $(cat "$T/events")"
cat "$T/events"
for t in poll-test test-report poll-open poll-pause poll-close closing-record codes-issued pin-failure; do
	grep -q " $t " "$T/events" || fail "no $t event"
done
cp "$D/kiosk.db" "$T/saved.db"
sqlite3 "$D/kiosk.db" "DELETE FROM events WHERE seq = 3" || fail "sqlite3"
"$K" events --dir "$D" >/dev/null 2>"$T/err" && fail "a deleted event went unnoticed"
grep -q "event 3 is missing" "$T/err" || fail "unclear: $(cat "$T/err")"
cp "$T/saved.db" "$D/kiosk.db"
sqlite3 "$D/kiosk.db" "UPDATE events SET blob = CAST(replace(CAST(blob AS TEXT), 'official', 'offici4l') AS BLOB) WHERE seq = 1" || fail "sqlite3"
"$K" events --dir "$D" >/dev/null 2>"$T/err" && fail "an edited event went unnoticed"
grep -q "event 1 (pin-set): the signature does not verify" "$T/err" || fail "unclear: $(cat "$T/err")"
echo "officials' path: all checks passed"
