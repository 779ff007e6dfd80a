#!/bin/sh
# Inactivity: a ballot left half-way asks "Ông/bà còn ở đây không?", then is
# discarded.  Nothing is stored, and no file of the kiosk changes by a
# single byte.  Short timeouts come from kiosk.conf.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
printf '[timeouts]\ninactivity = 1\nstill_there = 1.5\n' >"$K/kiosk.conf"
snapshot() { (cd "$K" && ls -la --time-style=+%s.%N . | awk '{print $1, $5, $6, $7}'; find . -type f -exec sha256sum {} + | sort -k2); }
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
before=$(snapshot)
keys Space;	wait_for "Câu 1/4"
pick 2 "Câu 2/4"
wait_for "Ông/bà còn ở đây không?"
wait_for "Bấm phím bất kỳ để bắt đầu"
after=$(snapshot)
[ "$before" = "$after" ] || die "files changed: $(printf '%s\n' "$before" >"$SCR/b"; printf '%s\n' "$after" | diff "$SCR/b" -)"
expect_ballots real ""
expect_ballots test ""
# A voter who answers the question keeps the ballot.
keys Space;	wait_for "Câu 1/4"
pick 1 "Câu 2/4"
wait_for "Ông/bà còn ở đây không?"
keys x;	wait_for "Câu 2/4"
echo ok
