#!/bin/sh
# English, chosen with the language key on the welcome screen, and only
# arrows, Tab and Enter: on a poll in its logic-and-accuracy test, the
# ballot is a test ballot (bannered on every screen), never a real one.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk testing
start_kiosk
wait_for "THỬ NGHIỆM / TEST"
keys '*';	wait_for "Press any key to start"
keys Enter;	wait_for "Question 1/4"
screen | grep -qF "TEST" || die "no test banner on the question screen"
keys Enter Down Down Enter;	wait_for "Question 2/4"
keys Tab Tab Tab Tab Tab Enter;	wait_for "Question 3/4"
keys Down Down Enter;		wait_for "Question 4/4"
keys Enter Down Enter;		wait_for "1 = Send the ballot"
screen | grep -qF "Clean water" || die "review does not list answer 3"
keys Enter;			wait_for "Press 1 or 2"
keys Right Enter;		wait_for "Your receipt code"
expect_ballots test "2,5,2,1"
expect_ballots real ""
echo ok
