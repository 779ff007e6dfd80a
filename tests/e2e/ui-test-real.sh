#!/bin/sh
# Test ballots stay tests (issue: a ballot started in testing and finished
# after `poll open` was counted as real, and test ballots spent real
# household codes).  At the real screen:
# - a real slip works during the test and is not used up; a test slip is
#   used up by its test ballot and unknown once the poll is open;
# - a ballot started in testing and sent after `poll open` is refused with
#   a message, counted nowhere, and its (real) code is still good;
# - the same code then votes for real, once.
. "$(dirname "$0")/lib/ui.sh"
export YKIEN_PASSPHRASE=test YKIEN_PWHASH_COST=min
"$B/ykien-province" init --dir "$SCR/province" >/dev/null || die "province init"
sed 's/"mode": "open", "min_interval": 0/"mode": "household-code"/' \
    "$TOP/kiosk-config/polls/demo.json" >"$SCR/demo.json"
"$B/ykien-province" poll sign --dir "$SCR/province" "$SCR/demo.json" >/dev/null ||
    die "poll sign"
"$B/ykien-kiosk" init --dir "$K" --province-key "$SCR/province/province.pub" \
    --commune 14001 --village "Bản Mẫu" >/dev/null || die "kiosk init"
"$B/ykien-kiosk" poll load --dir "$K" "$SCR/demo.json" >/dev/null || die "load"
"$B/ykien-kiosk" codes --dir "$K" --poll demo-2026 --count 2 \
    --out "$SCR/slips.txt" >/dev/null || die "codes"
"$B/ykien-kiosk" codes --dir "$K" --poll demo-2026 --count 1 --test \
    --out "$SCR/test-slips.txt" >/dev/null || die "codes --test"
grep -q "PHIẾU THỬ" "$SCR/test-slips.txt" || die "test slips are not marked"
grep -q "PHIẾU THỬ" "$SCR/slips.txt" && die "real slips marked as test"
"$B/ykien-kiosk" poll test --dir "$K" demo-2026 >/dev/null || die "test"
printf '[timeouts]\nthanks = 1\n' >"$K/kiosk.conf"

slip() {
	sed -n 's/.*Mã của hộ: *\([0-9]\{3\}\) \([0-9]\{3\}\) \([0-9]\{3\}\) \([0-9]\{3\}\).*/\1\2\3\4/p' \
	    "$1" | sed -n "${2}p"
}
real=$(slip "$SCR/slips.txt" 1)
tcode=$(slip "$SCR/test-slips.txt" 1)
[ ${#real} -eq 12 ] && [ ${#tcode} -eq 12 ] || die "no codes on the slips"
# The keypad waits after a used or unknown code: until the screen says so.
wait_gone() {
	i=0
	while screen | grep -qF -- "$1"; do
		[ $i -lt $((WAIT * 20)) ] || die "\"$1\" stays on screen"
		sleep 0.05
		i=$((i + 1))
	done
}
type_code() { for d in $(echo "$1" | sed 's/./& /g'); do keys "$d"; done; }
vote() {
	keys Space;		wait_for "Nhập mã hộ gia đình"
	type_code "$1";		wait_for "Câu 1/4"
	pick 1 "Câu 2/4"
	pick 2 "Câu 3/4"
	pick 1 "Câu 4/4"
	pick 1 "1 = Gửi phiếu"
	keys 1;	wait_for "$CHOSE 1."
	keys Enter
}

start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
# A real slip during the test: a test ballot, the slip not spent.
vote "$real";		wait_for "Mã biên nhận"
wait_for "Bấm phím bất kỳ để bắt đầu"
# The test slip: once.
vote "$tcode";		wait_for "Mã biên nhận"
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;		wait_for "Nhập mã hộ gia đình"
type_code "$tcode";	wait_for "Mã hộ gia đình này đã được dùng"
wait_gone "Xin chờ"
keys BSpace;		wait_for "Bấm phím bất kỳ để bắt đầu"
expect_ballots test "$(printf '1,2,1,1\n1,2,1,1')"
expect_ballots real ""

# The race: started in testing, sent after the poll opened.
keys Space;		wait_for "Nhập mã hộ gia đình"
type_code "$real";	wait_for "Câu 1/4"
pick 1 "Câu 2/4"
"$B/ykien-kiosk" poll open --dir "$K" demo-2026 >/dev/null || die "open"
pick 4 "Câu 3/4"
pick 2 "Câu 4/4"
pick 1 "1 = Gửi phiếu"
pick 1 "Phiếu này CHƯA được ghi"
wait_for "Xin bắt đầu lại từ đầu"
expect_ballots test "$(printf '1,2,1,1\n1,2,1,1')"
expect_ballots real ""

# The same real code now votes for real; the test slip is unknown.
wait_for "Bấm phím bất kỳ để bắt đầu"
vote "$real";		wait_for "Mã biên nhận"
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;		wait_for "Nhập mã hộ gia đình"
type_code "$tcode";	wait_for "Mã hộ gia đình không hợp lệ"
screen | grep -q "Câu 1/4" && die "a test slip opened a real ballot"
expect_ballots real "1,2,1,1"
"$B/ykien-kiosk" status --dir "$K" | grep -q "codes used: 1 of 2" ||
    die "status: $("$B/ykien-kiosk" status --dir "$K")"
echo ok
