#!/bin/sh
# A lost terminal stops the voter's screen (THREAT-MODEL.md, "Lost
# terminal"): when its tmux pane is closed mid-ballot, `run` is gone within
# 2 s, exits non-zero (so that systemd restarts it), logs one line, and
# the half-answered ballot is stored nowhere.  Twice: a screen in the
# terminal's session (it gets SIGHUP) and one started with setsid (it gets
# no signal, only EOF/EIO; it used to spin on it at 30% CPU).
. "$(dirname "$0")/lib/ui.sh"
command -v setsid >/dev/null 2>&1 || { echo "setsid is not installed (util-linux)" >&2; exit 77; }
make_kiosk open
$T new-session -d -x 80 -y 24 "sleep 600" || die "tmux new-session"

# hangup NAME PREFIX: start run in a new pane under PREFIX, answer one
# question, close the pane, and check what is left.
hangup() {
	rm -f "$SCR/exit" "$SCR/stderr"
	pane=$($T new-window -P -F '#{pane_id}' -d \
	    "$2 sh -c 'trap \"\" HUP; env -u LC_ALL LANG=C.UTF-8 \"$B/ykien-kiosk\" run --no-upload --dir \"$K\" 2>\"$SCR/stderr\"; echo \$? >\"$SCR/exit\"'") ||
	    die "tmux new-window"
	$T select-window -t "$pane"
	wait_for "Bấm phím bất kỳ để bắt đầu"
	keys Space;	wait_for "Câu 1/4"
	keys 1; keys Enter;	wait_for "Câu 2/4"
	pid=$(pgrep -f -n -x ".*/ykien-kiosk run --no-upload --dir $K") ||
	    die "$1: no kiosk process"
	$T kill-pane -t "$pane" || die "kill-pane"
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 20 ]; then
			ps -o pid,stat,pcpu,args -p "$pid" >&2
			kill "$pid"
			die "$1: still running 2 s after its pane was closed"
		fi
		sleep 0.1
	done
	i=0
	while [ ! -s "$SCR/exit" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	rc=$(cat "$SCR/exit" 2>/dev/null)
	[ -n "$rc" ] && [ "$rc" -ne 0 ] || die "$1: exit status \"$rc\", wanted non-zero"
	[ "$(wc -l <"$SCR/stderr")" -eq 1 ] || die "$1: not one log line: $(cat "$SCR/stderr")"
	grep -q "hung up" "$SCR/stderr" || die "$1: the line does not say why"
	expect_ballots real ""
	expect_ballots test ""
	echo "ok: $1: gone, exit $rc, one line, no ballot"
}
hangup "in the terminal's session (SIGHUP)" ""
hangup "in a session of its own (EOF/EIO only)" "setsid -w"
