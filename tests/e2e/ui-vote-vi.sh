#!/bin/sh
# The voter's screen in Vietnamese: a whole ballot typed with digits
# leaves exactly that ballot, and no test ballot, in the store.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
keys 1;	wait_for "Câu 1/4"
keys 1;	wait_for "Câu 2/4"
keys 4;	wait_for "Câu 3/4"
keys 3;	wait_for "Câu 4/4"
keys 2;	wait_for "1 = Gửi phiếu"
screen | grep -qF "Nhà văn hoá" || die "review does not list answer 3"
expect_ballots real ""
keys 1;	wait_for "Mã biên nhận"
screen | grep -qE '[0-9A-Z]{5}-[0-9A-Z]{5}' || die "no receipt code shown"
screen | grep -qF "THỬ NGHIỆM" && die "a real poll must not carry the test banner"
expect_ballots real "1,4,3,2"
expect_ballots test ""
echo ok
