#!/bin/sh
# One voter screen per state directory: while `run` holds DIR/run.lock a
# second `run` on the same directory is refused with a clear message (and
# the first screen keeps working); after the poll is closed, a restarted
# kiosk says the poll has ended rather than that none was ever opened.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
YKIEN_PIN=246813 "$B/ykien-kiosk" pin set --dir "$K" --role official >/dev/null ||
    die "pin set"
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
# Before the first voter the screen primes the store's WAL (its header is
# written and synced then, not in that voter's cast); its index is in RAM,
# never beside the database on the card.
i=0
until [ "$(od -An -tx1 -N3 "$K/kiosk.db-wal" 2>/dev/null | tr -d ' ')" = 377f06 ]; do
	i=$((i + 1)); [ $i -lt $((WAIT * 10)) ] || die "the WAL was not primed before the first voter"
	sleep 0.1
done
[ ! -e "$K/kiosk.db-shm" ] || die "a WAL index on the card"
"$B/ykien-kiosk" run --dir "$K" </dev/null >"$SCR/second.out" 2>"$SCR/second.err" &&
    die "a second run on the same directory started"
grep -q "another voter screen (pid [0-9]*) is already running on" "$SCR/second.err" ||
    die "no clear refusal: $(cat "$SCR/second.err")"
grep -q "F12, then 9" "$SCR/second.err" || die "the refusal does not say how to stop the first"
keys Space;	wait_for "Câu 1/4"
# The first screen goes with its terminal (SIGHUP), and its lock with it.
keys BSpace;	wait_for "Bấm phím bất kỳ để bắt đầu"
$T kill-server >/dev/null 2>&1
i=0
while ! YKIEN_PIN_OFFICIAL=246813 "$B/ykien-kiosk" poll close --dir "$K" demo-2026 >/dev/null 2>"$SCR/close.err"; do
	# The screen may still be letting go of the store.
	i=$((i + 1)); [ $i -lt $((WAIT * 10)) ] || die "poll close: $(cat "$SCR/close.err")"
	sleep 0.1
done
start_kiosk
wait_for "Cuộc lấy ý kiến đã kết thúc"
screen | grep -qF "chưa mở" && die "a closed poll reads as never opened"
echo ok
