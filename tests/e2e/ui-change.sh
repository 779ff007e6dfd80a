#!/bin/sh
# Going back: Back (Backspace) returns to the previous question, and on the
# review screen "2 = Sửa" then a question's number changes that answer
# and comes straight back to the review.  Only the final answers are cast.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;		wait_for "Câu 1/4"
pick 1 "Câu 2/4"
keys BSpace;	wait_for "Câu 1/4"
pick 2 "Câu 2/4"
pick 4 "Câu 3/4"
pick 3 "Câu 4/4"
pick 2 "1 = Gửi phiếu"
pick 2 "Bấm số câu muốn sửa"
keys 2;		wait_for "Câu 2/4"
pick 5 "1 = Gửi phiếu"
screen | grep -qF "Rất hài lòng" || die "review does not show the change"
pick 1 "Mã biên nhận"
expect_ballots real "2,5,3,2"
echo ok
