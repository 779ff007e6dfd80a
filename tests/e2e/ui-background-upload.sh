# While the voter's screen runs, ballots go to the collector in the
# background (a child process), which never draws on the screen and stops
# with it; --no-upload keeps it off.
. tests/e2e/collector.lib
command -v tmux >/dev/null || { echo "skipped: tmux not installed"; exit 77; }
# One tmux server per run below: a server being killed may still hold its
# socket, and a new session on it would fail ("server exited unexpectedly").
TM="tmux -L ykien-bg-$$-a -f /dev/null"
stop_tmux() { $TM kill-server >/dev/null 2>&1 || true; }
trap 'rc=$?; stop_tmux; (exit $rc); cleanup' EXIT INT TERM

province "$T/prov"
kiosk "$T/k1" "$T/prov"
serve "$T/prov"
# Nothing to send yet, but the URL is remembered.
"$K" upload --dir "$T/k1" --url "$URL" | grep -q "nothing to upload" ||
    fail "first upload"
# 10 more than leave: k stay behind while the poll is open.
"$CAST" "$T/k1" 22

screen() { $TM capture-pane -p 2>/dev/null; }
wait_screen() {
	i=0
	until screen | grep -qF "$1"; do
		i=$((i + 1))
		[ $i -lt 600 ] || fail "timed out waiting for \"$1\": $(screen; cat "$T/run.err")"
		sleep 0.05
	done
}
# The screen and its forked uploader share one command line (under
# qemu-user it starts with the emulator); tmux's shell, which also names
# the command, is the one that says LANG=.
kiosk_procs() {
	pgrep -af -- "ykien-kiosk run --dir $T/k1" | grep -vc "LANG=" || true
}

# --no-upload: nothing leaves while the screen runs.
$TM new-session -d -x 80 -y 24 "LANG=C.UTF-8 $K run --dir $T/k1 --no-upload 2>$T/run.err; sleep 60"
wait_screen "Bấm phím bất kỳ"
sleep 1
[ -z "$(province_ballots "$T/prov")" ] || fail "uploaded with --no-upload"
[ "$(kiosk_procs)" -eq 1 ] || fail "an uploader runs with --no-upload"
stop_tmux

# With the uploader: the 12 ballots arrive while the welcome screen shows.
TM="tmux -L ykien-bg-$$-b -f /dev/null"
$TM new-session -d -x 80 -y 24 "LANG=C.UTF-8 $K run --dir $T/k1 2>$T/run.err; sleep 60"
wait_screen "Bấm phím bất kỳ"
i=0
while [ "$(province_ballots "$T/prov" | wc -l)" -ne 12 ]; do
	i=$((i + 1)); [ $i -lt 600 ] || fail "the background upload never arrived"
	sleep 0.05
done
[ "$(kiosk_uploaded "$T/k1" | wc -l)" -eq 12 ] || fail "kiosk marks"
screen | grep -qi "upload" && fail "the uploader wrote on the voter's screen"
[ "$(kiosk_procs)" -eq 2 ] || fail "expected the screen and its uploader"
# No core dumps of the voter screen (nor of its forked uploader).
for pid in $(pgrep -f -- "ykien-kiosk run --dir $T/k1"); do
	grep -q "LANG=" "/proc/$pid/cmdline" 2>/dev/null && continue
	grep -Eq "^Max core file size +0 +0 " "/proc/$pid/limits" ||
	    fail "core dumps are on for $pid: $(grep core "/proc/$pid/limits")"
done
grep -q "^LimitCORE=0$" "$TOP/dist/systemd/ykien-kiosk.service" ||
    fail "the unit lacks LimitCORE=0"
# Ending the screen ends the uploader.
stop_tmux
i=0
while [ "$(kiosk_procs)" -ne 0 ]; do
	i=$((i + 1)); [ $i -lt 200 ] || fail "the uploader outlived the screen"
	sleep 0.05
done
echo "ok: background upload of 12 ballots, uploader stopped with the screen"
