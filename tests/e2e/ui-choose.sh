#!/bin/sh
# The screen never answers for the voter (issue: twenty-two presses of
# Enter used to cast a ballot "satisfied" throughout, and a double press
# of "2" answered two questions):
# - Enter on a fresh question, and on a fresh review, does nothing;
# - a deliberate double press (choose, then confirm) answers one question
#   and the next one opens with nothing chosen;
# - a bounce (the same key twice at once) answers at most one question;
# - going back out of a ballot that has answers asks first.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
printf '[timeouts]\nthanks = 1\n' >"$K/kiosk.conf"
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;	wait_for "Câu 1/4"
screen | grep -qF "Bấm số của câu trả lời" || die "no line saying which keys to press"
# Keys are read in order: had any Enter answered, "2" would land on
# question 2.
keys Enter Enter Enter Enter Enter
keys 2;	wait_for "đã chọn 2."
screen | grep -qF "Câu 1/4" || die "Enter answered a fresh question"
screen | grep -qF "<< ĐÃ CHỌN" || die "the choice is not marked"
# A second press of the same key, well after the first, confirms.
sleep 0.6
keys 2;	wait_for "Câu 2/4"
screen | grep -qF "đã chọn" && die "question 2 opened with a choice made"
screen | grep -qF "ĐÃ CHỌN" && die "question 2 opened with an option marked"
# "3 3" at once: a bounce, or on a very slow machine a confirm; either
# way question 3 must not be answered.
keys 3 3
i=0
until screen | grep -qF "đã chọn 3." || screen | grep -qF "Câu 3/4"; do
	i=$((i + 1)); [ $i -lt $((WAIT * 20)) ] || die "no reaction to 3 3"
	sleep 0.05
done
screen | grep -qF "Câu 4/4" && die "a double press answered two questions"
screen | grep -qF "Câu 2/4" && keys Enter
wait_for "Câu 3/4"
pick 1 "Câu 4/4"
pick 1 "1 = Gửi phiếu"
keys Enter Enter Enter
keys 2;	wait_for "đã chọn 2."
screen | grep -qF "Mã biên nhận" && die "Enter cast the ballot from the review"
expect_ballots real ""
# Back to question 1 and out: the kiosk asks before throwing answers away.
keys Enter;	wait_for "Bấm số câu muốn sửa"
keys 1;		wait_for "Câu 1/4"
keys BSpace;	wait_for "1 = Gửi phiếu"
keys 1;		wait_for "đã chọn 1."
keys Enter;	wait_for "Mã biên nhận"
expect_ballots real "2,3,1,1"
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;		wait_for "Câu 1/4"
pick 1 "Câu 2/4"
# The same key twice within 0.5 s is a bounce: wait longer between.
keys BSpace;	wait_for "Câu 1/4";	sleep 0.6
keys BSpace;	wait_for "Ông/bà muốn bỏ dở phiếu này?";	sleep 0.6
keys BSpace;	wait_for "Câu 1/4";	sleep 0.6
keys BSpace;	wait_for "Ông/bà muốn bỏ dở phiếu này?"
pick 1 "Bấm phím bất kỳ để bắt đầu"
expect_ballots real "2,3,1,1"
echo ok
