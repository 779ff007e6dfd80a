#!/bin/sh
# The voter's half of the fault injection (tests/unit/test-fault.c is the
# store's half): the real `ykien-kiosk run` in tmux, with the N-th write
# (EIO, then ENOSPC) or the N-th sync of the store failing, for every N from
# 1 until a cast needs fewer writes or syncs than N (the fault never fires).
# A cast the store refused must show "Phiếu CHƯA được ghi / NOT recorded"
# and leave no ballot; a thanked one must be stored, exactly it, under the
# receipt shown.  After a refusal the kiosk must come back by itself (out of
# service, retry the store) and record the next voter's ballot; once with
# the store held locked by another process, so that the out-of-service
# screen shows until the lock goes.  The store passes integrity_check after
# every run.
. "$(dirname "$0")/lib/ui.sh"
MAXN=40		# a cast that needs more writes than this is a bug here
CHECK="$B/tools/castloop"
make_kiosk open
# Short failure screens, or 40 runs take minutes (kiosk.conf's own keys).
printf '[timeouts]\nnot_recorded = 0.3\nretry = 0.3\n' >"$K/kiosk.conf"
cp -a "$K" "$SCR/template"
runs=0

# stored: integrity_check, then every stored receipt (one per line).
stored() { "$CHECK" --check "$K" 2>"$SCR/check.err" || die "integrity: $(cat "$SCR/check.err")"; }

# receipt_shown: the receipt code on the thank-you screen.
receipt_shown() { screen | grep -oE '[0-9A-Z]{5}-[0-9A-Z]{5}' | head -n 1; }

# vote D1 D2 D3 D4: one whole ballot by digits, then "1 = send"; waits for
# the outcome and echoes "thanks" or "refused".
vote() {
	wait_for "Bấm phím bất kỳ để bắt đầu"
	keys Space;	wait_for "Câu 1/4"
	pick "$1" "Câu 2/4"
	pick "$2" "Câu 3/4"
	pick "$3" "Câu 4/4"
	pick "$4" "1 = Gửi phiếu"
	keys 1;		wait_for "đã chọn 1."
	keys Enter
	i=0
	while [ $i -lt $((WAIT * 20)) ]; do
		s=$(screen)
		case "$s" in
		*"Mã biên nhận"*) echo thanks; return 0 ;;
		*"Phiếu CHƯA được ghi"*)
			# The screen lasts 0.3 s: keep every capture of it,
			# for the English line (a loaded machine may see
			# only one or two).
			echo "$s" >"$SCR/refused.txt"
			j=0
			while [ $j -lt 20 ]; do
				s=$(screen)
				case "$s" in *"CHƯA được ghi"*) ;; *) break ;; esac
				echo "$s" >>"$SCR/refused.txt"
				j=$((j + 1))
			done
			echo refused; return 0 ;;
		esac
		[ "$($T display -p '#{pane_dead}' 2>/dev/null)" = 1 ] &&
		    die "the kiosk exited after a cast"
		sleep 0.05
		i=$((i + 1))
	done
	die "neither thanks nor NOT recorded after a cast"
}

# run SPEC: one fresh kiosk, one cast with YKIEN_FAULT=SPEC; sets OUT to
# the outcome of the first cast (not a subshell: the EXIT trap must see
# this run's tmux server).
run() {
	runs=$((runs + 1))
	rm -rf "$K"
	cp -a "$SCR/template" "$K" || die "copy the kiosk"
	# (start_kiosk: a private tmux server per run.)
	start_kiosk "YKIEN_FAULT=$1"
	out=$(vote 1 4 3 2) || exit 1
	case $out in
	refused)
		grep -qF "Your ballot was NOT recorded" "$SCR/refused.txt" ||
		    die "$1: no English NOT recorded line"
		[ -z "$(stored)" ] || die "$1: a refused ballot was stored"
		# Out of service, a probe of the store, then the welcome
		# screen again: the next voter's ballot is recorded.
		[ "$(vote 2 2 2 2)" = thanks ] ||
		    die "$1: the kiosk did not recover after a refusal"
		r=$(receipt_shown)
		[ "$(stored)" = "$r" ] || die "$1: after recovery, stored [$(stored)], shown [$r]"
		expect_ballots real "2,2,2,2"
		;;
	thanks)
		r=$(receipt_shown)
		[ -n "$r" ] || die "$1: no receipt code shown"
		[ "$(stored)" = "$r" ] || die "$1: stored [$(stored)], shown [$r]"
		expect_ballots real "1,4,3,2"
		;;
	esac
	expect_ballots test ""
	$T kill-server >/dev/null 2>&1
	OUT=$out
}

# sweep KIND [SUFFIX]: N = 1, 2, ... until the first thanked cast, then one
# more N, which must be thanked too (no write after the commit may turn a
# stored ballot into a "NOT recorded").
sweep() {
	n=1 first=0
	while [ $n -le $MAXN ]; do
		run "$1:$n${2:-}"
		echo "$1:$n${2:-} $OUT" >>"$SCR/log"
		if [ "$OUT" = thanks ]; then
			[ $first -eq 0 ] || return 0
			first=$n
		else
			[ $first -eq 0 ] || die "$1:$n${2:-} refused after $1:$first was thanked; out of service while the store was locked, then recovered"
		fi
		n=$((n + 1))
	done
	die "$1: a cast still fails at N = $MAXN"
}

sweep write
sweep write :full
sweep sync

# The out-of-service screen itself, with a store that stays stuck: after a
# refused cast, another process holds the database locked (an official's
# command, a stuck card) while the kiosk probes it.  The screen must say
# so, and come back by itself once the lock goes.
runs=$((runs + 1))
rm -rf "$K"
cp -a "$SCR/template" "$K" || die "copy the kiosk"
# 5 s of "NOT recorded": time enough to take the lock before the probe.
printf '[timeouts]\nnot_recorded = 5\nretry = 0.3\n' >"$K/kiosk.conf"
start_kiosk "YKIEN_FAULT=write:1"
[ "$(vote 1 4 3 2)" = refused ] || die "write:1 was not refused"
echo "oos write:1 refused" >>"$SCR/log"
mkfifo "$SCR/lock.in"
# Another of the kiosk's processes, through the store's own file layer
# (the sqlite3 shell's locks are not the kiosk's: see e2e/ui-store-check).
"$B/tools/storelock" "$K/kiosk.db" <"$SCR/lock.in" >"$SCR/lock.out" 2>&1 &
LOCKER=$!
exec 3>"$SCR/lock.in"
i=0
until grep -q locked "$SCR/lock.out"; do
	i=$((i + 1))
	[ $i -le 200 ] || die "could not lock the store: $(cat "$SCR/lock.out")"
	sleep 0.05
done
screen | grep -qF "Phiếu CHƯA được ghi" ||
    die "the lock came after the kiosk had recovered (a very slow machine?)"
wait_for "TẠM NGỪNG HOẠT ĐỘNG"
screen | grep -qF "OUT OF SERVICE" || die "no English out-of-service line"
exec 3>&-
wait "$LOCKER" || die "the locking storelock failed: $(cat "$SCR/lock.out")"
[ "$(vote 2 2 2 2)" = thanks ] || die "no recovery after the lock went"
[ "$(stored)" = "$(receipt_shown)" ] || die "after out of service: stored [$(stored)]"
expect_ballots real "2,2,2,2"
$T kill-server >/dev/null 2>&1
cat "$SCR/log"
runs=$(wc -l <"$SCR/log")
faults=$(grep -c refused "$SCR/log")
[ "$faults" -ge 3 ] || die "too few faults fired: $faults"
echo "ok: $runs runs, $faults faults injected (each NOT recorded, nothing stored, recovered), $((runs - faults)) thanked; out of service while the store was locked, then recovered"
