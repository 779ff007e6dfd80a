#!/bin/sh
# The officials' menu on the kiosk's own screen (F12, the official's PIN),
# each action through the real screen in tmux and each leaving its signed
# event: the L&A step with the expected totals typed on the keypad form
# (test-report, poll-open), status with the date and the ballots not yet
# sent (admin-status), pause and resume each asking for the PIN again
# (poll-pause, poll-resume; a wrong PIN pauses nothing), close with both
# PINs and the closing sheet on screen (poll-close, closing-record), and
# export to the USB stick (export).
. "$(dirname "$0")/lib/ui.sh"
# The demo poll, closed with two PINs (closing_pins 2).
export YKIEN_PASSPHRASE=test YKIEN_PWHASH_COST=min
"$B/ykien-province" init --dir "$SCR/province" >/dev/null || die "province init"
sed 's/"closing_pins": 1/"closing_pins": 2/' "$TOP/kiosk-config/polls/demo.json" >"$SCR/demo.json"
grep -q '"closing_pins": 2' "$SCR/demo.json" || die "poll not for two PINs"
"$B/ykien-province" poll sign --dir "$SCR/province" "$SCR/demo.json" >/dev/null || die "sign"
"$B/ykien-kiosk" init --dir "$K" --province-key "$SCR/province/province.pub" \
    --commune 14001 --village "Bản Mẫu" >/dev/null || die "kiosk init"
"$B/ykien-kiosk" poll load --dir "$K" "$SCR/demo.json" >/dev/null || die "load"
"$B/ykien-kiosk" poll test --dir "$K" demo-2026 >/dev/null || die "test"
YKIEN_PIN=246813 "$B/ykien-kiosk" pin set --dir "$K" --role official >/dev/null || die "pin"
YKIEN_PIN=135792 "$B/ykien-kiosk" pin set --dir "$K" --role front >/dev/null || die "pin"
"$B/tools/cast" "$K" demo-2026 1,4,2,1 >/dev/null || die "test ballot"
mkdir "$SCR/usb"
events() { "$B/ykien-kiosk" events --dir "$K" 2>/dev/null; }
has_event() {
	i=0
	until events | grep -q " $1 "; do
		i=$((i + 1)); [ $i -lt $((WAIT * 20)) ] || die "no $1 event"
		sleep 0.05
	done
}
menu() {
	keys F12;	wait_for "Nhập mã PIN cán bộ"
	keys 2 4 6 8 1 3 Enter
	wait_for "1 = Trạng thái"
}
pin() { for d in $(echo "$1" | sed 's/./& /g'); do keys "$d"; done; keys Enter; }

start_kiosk YKIEN_USB="$SCR/usb"
wait_for "Bấm phím bất kỳ để bắt đầu"
menu
has_event admin-menu
screen | grep -q "Ngày giờ (giờ Việt Nam): [0-3][0-9]/[01][0-9]/20[0-9][0-9]" || die "no date on the menu"

# L&A: 1 test ballot, 1,4,2,1, typed on the form in the screen's order
# (demo: 2 + no opinion, 5, 3 + no opinion, 2 answers: 15 fields).
keys 4;			wait_for "Đã bỏ bao nhiêu phiếu thử?"
keys 1 Enter		# ballots
keys 1 Enter 0 Enter 0 Enter			# q1: yes, no, no opinion
keys 0 Enter 0 Enter 0 Enter 1 Enter 0 Enter	# q2: 1..5
keys 0 Enter 1 Enter 0 Enter 0 Enter		# q3: 3 options, no opinion
keys 1 Enter 0				# q4: yes, no (last: not yet Enter)
wait_for "Mục 15 trên 15"
wait_for "Ý kiến: Không hài lòng"
keys Enter;		wait_for "Phiếu thử đã đếm: 1   dự kiến: 1   ĐÚNG"
keys Down Down Down Down;	wait_for "Kết quả kiểm thử: KHỚP"
has_event test-report
has_event poll-open
"$B/ykien-kiosk" poll list --dir "$K" | grep -q "open" || die "not open"
keys x;			wait_for "1 = Trạng thái"

"$B/tools/cast" "$K" demo-2026 1,1,1,1 >/dev/null || die "cast"
keys 1;			wait_for "Phiếu chưa gửi về tỉnh: 1"
has_event admin-status
keys x;			wait_for "1 = Trạng thái"

# Pause: a wrong PIN pauses nothing; the right one does.
keys 2;			wait_for "Cán bộ xã: nhập mã PIN"
pin 111111;		wait_for "PIN của cán bộ xã không được chấp nhận"
"$B/ykien-kiosk" poll list --dir "$K" | grep -q "open" || die "a wrong PIN paused"
keys x;			wait_for "1 = Trạng thái"
sleep 2.2	# the delay owed after one wrong PIN
keys 2;			wait_for "Cán bộ xã: nhập mã PIN"
pin 246813;		wait_for "tạm dừng"
has_event poll-pause
keys x;			wait_for "1 = Trạng thái"
keys 3;			wait_for "Cán bộ xã: nhập mã PIN"
pin 246813;		wait_for "đã mở lại"
has_event poll-resume
keys x;			wait_for "1 = Trạng thái"

# Close: both PINs, then the biên bản on screen.
keys 5;			wait_for "Cán bộ xã: nhập mã PIN"
pin 246813;		wait_for "Đại diện Mặt trận: nhập mã PIN"
pin 135792;		wait_for "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
has_event poll-close
has_event closing-record
[ -s "$K/closing-demo-2026.pdf" ] || die "no PDF biên bản"
keys x;			wait_for "1 = Trạng thái"

keys 6;			wait_for "exported 1 batches (1 ballots)"
has_event export
ls "$SCR"/usb/ykien-*/MANIFEST >/dev/null 2>&1 || die "nothing on the USB stick"
keys x;			wait_for "1 = Trạng thái"
keys 0;			wait_for "Cuộc lấy ý kiến đã kết thúc"
expect_ballots real "1,1,1,1"
echo ok
