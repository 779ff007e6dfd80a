#!/bin/sh
# Household codes at the real screen: slips made by `ykien-kiosk codes`, a
# typo caught by the check digit at once, a good code lets the household
# vote, and the same code is refused afterwards.  Exactly one ballot.
. "$(dirname "$0")/lib/ui.sh"
export YKIEN_PASSPHRASE=test YKIEN_PWHASH_COST=min
"$B/ykien-province" init --dir "$SCR/province" >/dev/null || die "province init"
sed 's/"mode": "open", "min_interval": 0/"mode": "household-code"/' \
    "$TOP/kiosk-config/polls/demo.json" >"$SCR/demo.json"
grep -q '"household-code"' "$SCR/demo.json" || die "poll not in code mode"
"$B/ykien-province" poll sign --dir "$SCR/province" "$SCR/demo.json" >/dev/null ||
    die "poll sign"
"$B/ykien-kiosk" init --dir "$K" --province-key "$SCR/province/province.pub" \
    --commune 14001 --village "Bản Mẫu" >/dev/null || die "kiosk init"
"$B/ykien-kiosk" poll load --dir "$K" "$SCR/demo.json" >/dev/null || die "load"
"$B/ykien-kiosk" codes --dir "$K" --poll demo-2026 --count 2 \
    --out "$SCR/slips.txt" >/dev/null || die "codes"
"$B/ykien-kiosk" poll test --dir "$K" demo-2026 >/dev/null || die "test"
"$B/ykien-kiosk" poll open --dir "$K" demo-2026 >/dev/null || die "open"
printf '[timeouts]\nthanks = 1\n' >"$K/kiosk.conf"

# The first slip's code, and the same code with its last digit changed
# (Damm's check digit catches every single-digit slip).
code=$(sed -n 's/.*Mã của hộ: *\([0-9]\{3\}\) \([0-9]\{3\}\) \([0-9]\{3\}\).*/\1\2\3/p' \
    "$SCR/slips.txt" | head -n 1)
[ ${#code} -eq 9 ] || die "no code on the slips"
last=${code#????????}
typo="${code%?}$(( (last + 1) % 10 ))"
type_code() { for d in $(echo "$1" | sed 's/./& /g'); do keys "$d"; done; }

start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;		wait_for "Nhập mã hộ gia đình"
type_code "$typo";	wait_for "Mã chưa đúng"
type_code "$code";	wait_for "Câu 1/4"
pick 1 "Câu 2/4"
pick 4 "Câu 3/4"
pick 2 "Câu 4/4"
pick 1 "1 = Gửi phiếu"
pick 1 "Mã biên nhận"
# The thank-you screen goes back to the welcome after 1 s (kiosk.conf).
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;		wait_for "Nhập mã hộ gia đình"
type_code "$code";	wait_for "Mã hộ gia đình này đã được dùng"
expect_ballots real "1,4,2,1"
expect_ballots test ""
"$B/ykien-kiosk" status --dir "$K" | grep -q "codes used: 1 of 2" ||
    die "status: $("$B/ykien-kiosk" status --dir "$K")"
echo ok
