#!/bin/sh
# The voter's screen in Vietnamese: a whole ballot, each answer chosen
# with a digit and confirmed with Enter, leaves exactly that ballot, and
# no test ballot, in the store.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;	wait_for "Câu 1/4"
pick 1 "Câu 2/4"
pick 4 "Câu 3/4"
pick 3 "Câu 4/4"
pick 2 "1 = Gửi phiếu"
screen | grep -qF "Nhà văn hóa" || die "review does not list answer 3"
screen | grep -qF "2 = Sửa câu trả lời" || die "no '2 = Sửa câu trả lời'"
expect_ballots real ""
pick 1 "Mã biên nhận"
screen | grep -qE '[0-9A-Z]{5}-[0-9A-Z]{5}' || die "no receipt code shown"
screen | grep -qF "THỬ NGHIỆM" && die "a real poll must not carry the test banner"
expect_ballots real "1,4,3,2"
expect_ballots test ""
echo ok
