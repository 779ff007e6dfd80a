#!/bin/sh
# Household codes: what one typed code costs the kiosk (kiosk_code_check:
# one Argon2id at the poll's recorded cost, from the production binary's
# default, plus one indexed lookup), the board estimate from it, the
# offline search it implies, and the voter screen's peak RSS with a code
# typed (Argon2id's memory is mmap'd and touched, so the kernel's VmHWM
# counts it) beside the same screen in open mode, both read at question 1.
# Board factors (stated, not measured here): libsodium has no NEON Argon2,
# so an arm64 board runs the portable code; a Cortex-A72 at 1.5 GHz (Pi 4)
# is taken as 10x slower than one x86-64 core with AVX2, a Cortex-A53 at
# 1.2 GHz (Pi 3) as 25x.  Environment from bench/run.sh: B, W, QUICK.
set -eu
D="$W/codes"
mkdir -p "$D"
if [ -n "$QUICK" ]; then N=5; else N=50; fi
K="$B/ykien-kiosk"
cp kiosk-config/polls/ntm-2026.json "$D/ntm.json"
grep -q '"household-code"' "$D/ntm.json" || { echo "ntm-2026 is not in household-code mode" >&2; exit 1; }
"$B/ykien-province" poll sign --dir "$W/prov" "$D/ntm.json" >/dev/null
"$K" init --dir "$D/kiosk" --province-key "$W/prov/province.pub" \
    --commune 14001 --village "Bản Mẫu" >/dev/null
"$K" poll load --dir "$D/kiosk" "$D/ntm.json" >/dev/null
"$K" codes --dir "$D/kiosk" --poll son-la-ntm-2026-14001 --count 2 \
    --out "$D/slips.txt" >/dev/null
"$K" poll test --dir "$D/kiosk" son-la-ntm-2026-14001 >/dev/null
"$K" poll open --dir "$D/kiosk" son-la-ntm-2026-14001 >/dev/null
code() { sed -n 's/.*Mã của hộ: *\([0-9 ]*[0-9]\)$/\1/p' "$D/slips.txt" | sed -n "$1p"; }
"$B/tools/bench-codes" "$D/kiosk" son-la-ntm-2026-14001 "$(code 1)" "$N" >"$D/lookup.txt"
val() { awk -v k="$1" '$1 == k { print $2 }' "$D/lookup.txt"; }

# The voter screen in tmux (as bench/start.sh), to question 1.
command -v tmux >/dev/null || { echo "tmux missing (scripts/deps.sh)" >&2; exit 1; }
T="tmux -L ykien-bench-codes-$$ -f /dev/null"
trap '$T kill-server >/dev/null 2>&1 || true' EXIT
$T new-session -d -s idle -x 80 -y 24 "sleep 3600"
shown() {
	i=0
	until $T capture-pane -p -t "$1" 2>/dev/null | grep -qF -- "$2"; do
		i=$((i + 1))
		[ $i -lt 20000 ] || { echo "codes: no \"$2\" in $1" >&2; exit 1; }
	done
}
# hwm SESSION DIR [CODE]: VmHWM (KiB) of the screen at question 1.
hwm() {
	$T new-session -d -s "$1" -x 80 -y 24 "exec env -u LC_ALL LANG=C.UTF-8 \
	    '$K' run --dir '$2' 2>>'$D/kiosk.err'"
	shown "$1" "Bấm phím bất kỳ để bắt đầu"
	$T send-keys -t "$1" Space
	if [ -n "${3:-}" ]; then
		shown "$1" "Nhập mã hộ gia đình"
		$T send-keys -t "$1" $(echo "$3" | tr -d ' ' | sed 's/./& /g')
	fi
	shown "$1" "Câu 1/20"
	pid=$($T display -p -t "$1" '#{pane_pid}')
	awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status"
	$T kill-session -t "$1"
}
rc=$(hwm code "$D/kiosk" "$(code 2)")
ro=$(hwm open "$W/kiosk")

# The best of N, not the median: on a shared machine the median measures
# the other work; the attacker's search runs at the best rate.
awk -v p50="$(val lookup_min)" -v med="$(val lookup_p50)" -v ops="$(val ops)" -v mem="$(val mem_kib)" \
    -v rc="$rc" -v ro="$ro" -v n="$N" 'BEGIN {
	printf "%-34s %9.2f ms %-30s %8s  %s\n", \
	    sprintf("code lookup t=%d %dK, best of %d", ops, mem, n), p50, \
	    sprintf("Pi 4 ~%.0f ms (x10), Pi 3 ~%.0f (x25)", p50 * 10, p50 * 25), \
	    sprintf("%.2fx", p50 * 10 / 50), "Pi 4 ~50 ms"
	printf "%-34s %9.2f ms %-30s %8s  %s\n", "code lookup, median", med, \
	    "(shared machine: see best)", "-", "-"
	# 11 random digits; every issued code shares the poll salt, so the
	# whole space finds every code (years), and 1/(codes+1) of it the
	# first one.
	y = 1e11 * p50 / 1000 / (365.25 * 86400)
	printf "%-34s %9.1f y  %-30s %8s  %s\n", \
	    "offline search, 1 core here", y, \
	    sprintf("10^11 codes x %.2f ms", p50), "-", ">= years"
	printf "%-34s %8.2f MiB %-30s %8s  %s\n", \
	    "kiosk peak RSS, code typed (Q1)", rc / 1024, \
	    sprintf("open mode, no code %.2f MiB", ro / 1024), \
	    sprintf("%.2fx", ro > 0 ? rc / ro : 0), "<= 8 MiB"
}'
