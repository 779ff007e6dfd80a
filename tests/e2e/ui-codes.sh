#!/bin/sh
# Household codes at the real screen: slips made by `ykien-kiosk codes`
# (12 digits in groups of three), a typo caught by the check digit at
# once, a good code typed with the spaces of the slip lets the household
# vote, shown grouped as typed, and the same code typed without spaces is
# refused afterwards.  Exactly one ballot.
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
grouped=$(sed -n 's/.*Mã của hộ: *\([0-9]\{3\} [0-9]\{3\} [0-9]\{3\} [0-9]\{3\}\)$/\1/p' \
    "$SCR/slips.txt" | head -n 1)
code=$(echo "$grouped" | tr -d ' ')
[ ${#code} -eq 12 ] || die "no 12-digit code in groups of 3 on the slips"
last=${code#???????????}
typo="${code%?}$(( (last + 1) % 10 ))"
# Digits one by one; a space in the code is the Space key, as typed on a
# keyboard from the slip.
type_code() {
	for d in $(echo "$1" | sed 's/ /_/g; s/./& /g'); do
		if [ "$d" = _ ]; then keys Space; else keys "$d"; fi
	done
}

start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;		wait_for "Nhập mã hộ gia đình"
type_code "$typo";	wait_for "Mã chưa đúng"
# With the slip's spaces (the screen's grouping is in tests/golden/code).
type_code "$grouped";	wait_for "Câu 1/4"
pick 1 "Câu 2/4"
pick 4 "Câu 3/4"
pick 2 "Câu 4/4"
pick 1 "1 = Gửi phiếu"
pick 1 "Mã biên nhận"
# The thank-you screen goes back to the welcome after 1 s (kiosk.conf).
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;		wait_for "Nhập mã hộ gia đình"
# Without them.
type_code "$code";	wait_for "Mã hộ gia đình này đã được dùng"
expect_ballots real "1,4,2,1"
expect_ballots test ""
"$B/ykien-kiosk" status --dir "$K" | grep -q "codes used: 1 of 2" ||
    die "status: $("$B/ykien-kiosk" status --dir "$K")"
echo ok
