#!/bin/sh
# Kiosk cold start to first frame, and peak RSS over a whole 20-question
# session, both driven in tmux (80x24) the way a voter meets the kiosk.
# The limit is bench/floor.c, built here with ncursesw, SQLite and
# libsodium only, started and timed the same way.
#   start: from just before `tmux new-session` to the first capture-pane
#          that shows the first frame (polled in a tight loop); the median
#          of R runs.  A tmux server is already up, so its own start-up is
#          not counted.
#   RSS:   the kernel's high-water mark, VmHWM in /proc/PID/status.
# Environment from bench/run.sh: B, W, QUICK.
set -eu
D="$W/start"
mkdir -p "$D"
if [ -n "$QUICK" ]; then R=3; else R=15; fi
command -v tmux >/dev/null || { echo "tmux missing (scripts/deps.sh)" >&2; exit 1; }
# shellcheck disable=SC2086
cc -O2 -o "$D/floor" bench/floor.c $(pkg-config --cflags --libs ncursesw sqlite3 libsodium)
T="tmux -L ykien-bench-$$ -f /dev/null"
trap '$T kill-server >/dev/null 2>&1 || true' EXIT
$T new-session -d -s idle -x 80 -y 24 "sleep 3600"
$T set-option -g remain-on-exit off >/dev/null

now() { date +%s%N; }
# shown SESSION TEXT: wait (tight loop, at most 20 s) for TEXT on screen.
shown() {
	i=0
	until $T capture-pane -p -t "$1" 2>/dev/null | grep -qF -- "$2"; do
		i=$((i + 1))
		[ $i -lt 20000 ] || { echo "start: no \"$2\" in $1" >&2;
		    $T capture-pane -p -t "$1" >&2 2>/dev/null; exit 1; }
	done
}
# start_ms NAME CMD TEXT: ms from new-session to TEXT on screen; killed.
start_ms() {
	t0=$(now)
	$T new-session -d -s "$1" -x 80 -y 24 "$2"
	shown "$1" "$3"
	t1=$(now)
	$T kill-session -t "$1"
	echo $(((t1 - t0) / 1000)) | awk '{ printf "%.1f\n", $1 / 1000 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# exec: the pane's process is the program itself (for /proc/PID/status).
KRUN="exec env -u LC_ALL LANG=C.UTF-8 '$B/ykien-kiosk' run --dir '$W/kiosk' 2>>'$D/kiosk.err'"
FRUN="exec env -u LC_ALL LANG=C.UTF-8 '$D/floor' '$D/floor.db'"
WELCOME="Bấm phím bất kỳ để bắt đầu"
: >"$D/k.ms"; : >"$D/f.ms"
n=0
while [ $n -lt "$R" ]; do
	# Interleaved, so that a burst of load elsewhere hits both.
	start_ms f$n "$FRUN" "FLOOR READY" >>"$D/f.ms"
	sleep 0.2
	start_ms k$n "$KRUN" "$WELCOME" >>"$D/k.ms"
	sleep 0.2
	n=$((n + 1))
done
ks=$(median <"$D/k.ms"); fs=$(median <"$D/f.ms")

# A whole session: welcome, 20 answers, review, send, receipt.  Peak RSS
# is the kernel's high-water mark (VmHWM) read just before the session is
# closed (SIGHUP, as at a power switch).
hwm() {
	pid=$($T display -p -t "$1" '#{pane_pid}')
	awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status"
}
$T new-session -d -s sess -x 80 -y 24 "$KRUN"
shown sess "$WELCOME"
$T send-keys -t sess Space
q=1
# Each answer chosen with a digit, shown, then confirmed with Enter.
while [ $q -le 20 ]; do
	shown sess "Câu $q/20"
	$T send-keys -t sess 1
	shown sess "đã chọn 1."
	$T send-keys -t sess Enter
	q=$((q + 1))
done
shown sess "1 = Gửi phiếu"
$T send-keys -t sess 1
shown sess "đã chọn 1."
$T send-keys -t sess Enter
shown sess "Mã biên nhận"
krss=$(hwm sess)
$T kill-session -t sess
$T new-session -d -s fl -x 80 -y 24 "$FRUN"
shown fl "FLOOR READY"
frss=$(hwm fl)
$T kill-session -t fl

awk -v ks="$ks" -v fs="$fs" -v kr="$krss" -v fr="$frss" -v r="$R" 'BEGIN {
	printf "%-34s %9.1f ms %-30s %8s  %s\n", \
	    sprintf("kiosk start to first frame (%d)", r), ks, \
	    sprintf("floor.c, same way %.1f ms", fs), \
	    sprintf("%.2fx", fs > 0 ? ks / fs : 0), "<= 3x"
	printf "%-34s %8.2f MiB %-30s %8s  %s\n", \
	    "kiosk peak RSS, 20-question vote", kr / 1024, \
	    sprintf("floor.c peak RSS %.2f MiB", fr / 1024), \
	    sprintf("%.2fx", fr > 0 ? kr / fr : 0), "<= 8 MiB"
}'
