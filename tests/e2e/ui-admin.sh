#!/bin/sh
# The officials' key (F12) on the welcome screen asks for the official's
# PIN; the stub menu shows the status (a count, never totals) and can stop
# the voter's screen, which then exits cleanly.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
YKIEN_PIN=2468 "$B/ykien-kiosk" pin set --dir "$K" --role official >/dev/null ||
    die "pin set"
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
keys F12;		wait_for "Nhập mã PIN cán bộ"
keys 2 4 6 8;		wait_for "****_"
keys Enter;		wait_for "1 = Trạng thái"
keys 1;			wait_for "Số phiếu đã bỏ: 0"
screen | grep -qF "$("$B/ykien-kiosk" status --dir "$K" | sed -n 's/.*fingerprint: //p')" ||
    die "status does not show the kiosk's fingerprint"
keys x;			wait_for "9 = Tắt màn hình bỏ phiếu"
keys 9
i=0
# Wait for the pane to die and tmux to have its exit status.
while [ -z "$($T display -p '#{pane_dead_status}')" ]; do
	i=$((i + 1)); [ $i -lt $((WAIT * 20)) ] || { $T display -p "dead=#{pane_dead} st=#{pane_dead_status} pid=#{pane_pid}" >&2; ps -o pid,stat,cmd -p $($T display -p "#{pane_pid}") >&2; die "the kiosk did not stop"; }
	sleep 0.05
done
st=$($T display -p "#{pane_dead_status}")
[ "$st" = 0 ] || die "exit status [$st]"
expect_ballots real ""
echo ok
