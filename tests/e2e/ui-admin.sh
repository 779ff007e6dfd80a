#!/bin/sh
# The officials' key (F12) on the welcome screen asks for the official's
# PIN; the stub menu shows the status (a count, never totals) and can stop
# the voter's screen, which then exits cleanly.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
YKIEN_PIN=246813 "$B/ykien-kiosk" pin set --dir "$K" --role official >/dev/null ||
    die "pin set"
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
keys F12;		wait_for "Nhập mã PIN cán bộ"
keys 2 4 6 8 1 3;	wait_for "******_"
keys Enter;		wait_for "1 = Trạng thái"
keys 1;			wait_for "Số phiếu đã bỏ: 0"
screen | grep -qF "$("$B/ykien-kiosk" status --dir "$K" | sed -n 's/.*fingerprint: //p')" ||
    die "status does not show the kiosk's fingerprint"
keys x;			wait_for "9 = Tắt màn hình bỏ phiếu"
keys 9
# start_kiosk writes the exit status to $SCR/exit when the kiosk stops.
i=0
while [ ! -s "$SCR/exit" ]; do
	i=$((i + 1)); [ $i -lt $((WAIT * 20)) ] || die "the kiosk did not stop"
	sleep 0.05
done
[ "$(cat "$SCR/exit")" = 0 ] || die "exit status $(cat "$SCR/exit")"
expect_ballots real ""
echo ok
