#!/bin/sh
# Touch or mouse: every step clicked, none typed (ncurses mouse events,
# delivered by tmux as X10 mouse sequences).
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
click_on "Bấm phím bất kỳ";	wait_for "Câu 1/4"
# A tap chooses and shows the choice; a second tap on it confirms.
# Each tap slower than a bounce: a tap on the same target (or on what
# takes its place on the next screen) within 0.5 s is one.
tap() {
	sleep 0.6;	click_on "$1";	wait_for "đã chọn"
	sleep 0.6;	click_on "$1";	wait_for "$2"
}
tap "Không hài lòng" "Câu 2/4"
tap "Rất hài lòng" "Câu 3/4"
tap "Nước sạch" "Câu 4/4"
tap "Hài lòng" "1 = Gửi phiếu"
tap "1 = Gửi phiếu" "Mã biên nhận"
expect_ballots real "2,5,2,1"
echo ok
