# Shared by tests/e2e/ui-*.sh: a fresh kiosk with the demo poll in a
# scratch directory, the real ykien-kiosk run inside a private tmux server
# of fixed size, and bounded waits on the pane's text (never bare sleeps:
# a slow machine only makes a test wait longer, up to WAIT seconds).
set -u
B=${B:-build}
TOP=${TOP:-$(pwd)}
case "$B" in /*) ;; *) B="$TOP/$B" ;; esac
WAIT=${WAIT:-30}
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed" >&2; exit 77; }
SCR=$(mktemp -d "${TMPDIR:-/tmp}/ykien-ui.XXXXXX")
SOCK="ykien-test-$$"
K="$SCR/kiosk"
T="tmux -L $SOCK -f /dev/null"
# kill_tmux: every private server this test started (fresh_tmux, below).
kill_tmux() {
	tmux -L "ykien-test-$$" -f /dev/null kill-server >/dev/null 2>&1
	kt=1
	while [ $kt -le "${ui_servers:-0}" ]; do
		tmux -L "ykien-test-$$-$kt" -f /dev/null kill-server >/dev/null 2>&1
		kt=$((kt + 1))
	done
	return 0
}
trap 'kill_tmux; rm -rf "$SCR"' EXIT INT TERM

die() {
	echo "FAIL: $*" >&2
	echo "--- pane ---" >&2
	$T capture-pane -p >&2 2>/dev/null
	[ -s "$SCR/stderr" ] && { echo "--- stderr ---" >&2; cat "$SCR/stderr" >&2; }
	exit 1
}

# make_kiosk STATE: a kiosk with the demo poll left in STATE (testing|open);
# a $SCR/demo.json put there first (its clips beside it) is the one used.
make_kiosk() {
	export YKIEN_PASSPHRASE=test YKIEN_PWHASH_COST=min
	"$B/ykien-province" init --dir "$SCR/province" >/dev/null || die "province init"
	[ -e "$SCR/demo.json" ] || cp "$TOP/kiosk-config/polls/demo.json" "$SCR/demo.json"
	"$B/ykien-province" poll sign --dir "$SCR/province" "$SCR/demo.json" >/dev/null ||
	    die "poll sign"
	"$B/ykien-kiosk" init --dir "$K" --province-key "$SCR/province/province.pub" \
	    --commune 14001 --village "Bản Mẫu" >/dev/null || die "kiosk init"
	"$B/ykien-kiosk" poll load --dir "$K" "$SCR/demo.json" >/dev/null || die "load"
	"$B/ykien-kiosk" poll test --dir "$K" demo-2026 >/dev/null || die "test"
	if [ "$1" = open ]; then
		"$B/ykien-kiosk" poll open --dir "$K" demo-2026 >/dev/null || die "open"
	fi
}

# fresh_tmux: a new private server's socket for the next new-session.  A
# new session on the socket of a server just killed can meet it still
# exiting ("server exited unexpectedly"); the old one is left to die.
fresh_tmux() {
	ui_servers=$((${ui_servers:-0} + 1))
	SOCK="ykien-test-$$-$ui_servers"
	T="tmux -L $SOCK -f /dev/null"
}

# start_kiosk [ENV=VALUE...] [-- RUN-OPTIONS]: the voter's screen at 80x24.
PANE="80 24"
start_kiosk() {
	fresh_tmux
	# KIOSK_LANG=vi_VN.UTF-8 runs the same test in the board's locale.
	envs="LANG=${KIOSK_LANG:-C.UTF-8}"
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	[ "${1:-}" = "--" ] && shift
	# PANE="COLS ROWS" starts the kiosk at that size (default 80x24).
	$T new-session -d -x "${PANE% *}" -y "${PANE#* }" \
	    "env -u LC_ALL $envs '$B/ykien-kiosk' run --dir '$K' $* 2>'$SCR/stderr'; echo \$? >'$SCR/exit'" ||
	    die "tmux new-session"
	$T set-option -g remain-on-exit on >/dev/null
}

screen() { $T capture-pane -p 2>/dev/null; }

# wait_for TEXT: until the pane shows TEXT (fixed string), at most WAIT s.
wait_for() {
	i=0
	while [ $i -lt $((WAIT * 20)) ]; do
		screen | grep -qF -- "$1" && return 0
		if [ "$($T display -p '#{pane_dead}' 2>/dev/null)" = 1 ]; then
			die "the kiosk exited while waiting for \"$1\""
		fi
		sleep 0.05
		i=$((i + 1))
	done
	die "timed out waiting for \"$1\""
}

keys() { $T send-keys "$@" || die "send-keys $*"; }

# click_on TEXT: a left click (X10 mouse protocol) on the first cell of
# the first line showing TEXT.
click_on() {
	# The screen may still be painting (slow boards, qemu): look again,
	# for at most WAIT s, before giving up.
	i=0
	while :; do
		pos=$(screen | awk -v t="$1" '{ i = index($0, t); if (i) { print NR - 1, i - 1; exit } }')
		[ -n "$pos" ] && break
		[ $i -lt $((WAIT * 20)) ] || die "nothing on screen reads \"$1\""
		sleep 0.05
		i=$((i + 1))
	done
	y=${pos% *}
	x=${pos#* }
	# awk's index counts bytes; count columns of the UTF-8 prefix instead.
	if [ "$x" -gt 0 ]; then
		x=$(printf '%s' "$(screen | sed -n "$((y + 1))p" | cut -b "1-$x")" |
		    LC_ALL=C.UTF-8 wc -m)
	fi
	cx="\\0$(printf %o $((33 + x)))"
	cy="\\0$(printf %o $((33 + y)))"
	# A press (button 1) then a release (button code 3).
	seq=$(printf "\\033[M %b%b\\033[M#%b%b" "$cx" "$cy" "$cx" "$cy")
	$T send-keys -l "$seq" || die "click"
}

# ballots real|test: the stored ballots' answers, sorted, one per line.
ballots() { "$B/tools/ballots" "$K" demo-2026 "$1" || die "cannot read ballots"; }

expect_ballots() {
	got=$(ballots "$1")
	[ "$got" = "$2" ] || die "$1 ballots: expected [$2], got [$got]"
}

# pick KEY NEXT: choose with KEY, see the screen show the choice, confirm
# with Enter and wait for NEXT.  CHOSE is what the screen says of a
# choice ("đã chọn 2."), in the kiosk's language.
CHOSE=${CHOSE:-đã chọn}
pick() {
	keys "$1";	wait_for "$CHOSE $1."
	keys Enter;	wait_for "$2"
}
