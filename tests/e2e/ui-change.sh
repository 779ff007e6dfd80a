#!/bin/sh
# Going back: Backspace returns to the previous question, and on the
# review screen "2 = Sửa" then a question's number changes that answer
# and comes straight back to the review.  Only the final answers are cast.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
keys 1;		wait_for "Câu 1/4"
keys 1;		wait_for "Câu 2/4"
keys BSpace;	wait_for "Câu 1/4"
keys 2;		wait_for "Câu 2/4"
keys 4;		wait_for "Câu 3/4"
keys 3;		wait_for "Câu 4/4"
keys 2;		wait_for "1 = Gửi phiếu"
keys 2;		wait_for "Bấm số câu muốn sửa"
keys 2;		wait_for "Câu 2/4"
keys 5;		wait_for "1 = Gửi phiếu"
screen | grep -qF "Rất hài lòng" || die "review does not show the change"
keys 1;		wait_for "Mã biên nhận"
expect_ballots real "2,5,3,2"
echo ok
