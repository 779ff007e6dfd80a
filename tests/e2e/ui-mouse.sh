#!/bin/sh
# Touch or mouse: every step clicked, none typed (ncurses mouse events,
# delivered by tmux as X10 mouse sequences).
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
click_on "Bấm phím bất kỳ";	wait_for "Câu 1/4"
click_on "Không hài lòng";	wait_for "Câu 2/4"
click_on "Rất hài lòng";	wait_for "Câu 3/4"
click_on "Nước sạch";		wait_for "Câu 4/4"
click_on "Hài lòng";		wait_for "1 = Gửi phiếu"
click_on "1 = Gửi phiếu";	wait_for "Mã biên nhận"
expect_ballots real "2,5,2,1"
echo ok
