#!/bin/sh
# The voter's screen checks its store (THREAT-MODEL.md, "Store checks"):
# at start and before each ballot, PRAGMA quick_check and a write that is
# rolled back.  A damaged B-tree page, or a state directory that cannot be
# written, shows the out-of-service screen at once -- why, in Vietnamese
# and English, and what the official should do -- never the welcome screen
# and never a ballot that cannot be kept.  Once the directory can be
# written again the kiosk comes back by itself and records the next vote.
. "$(dirname "$0")/lib/ui.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 shell not installed (apt-get install sqlite3)" >&2; exit 77; }
command -v setpriv >/dev/null 2>&1 || { echo "setpriv not installed (util-linux)" >&2; exit 77; }
[ "$(id -u)" -eq 0 ] || { echo "needs root to run the kiosk as another user (a read-only directory means nothing to root)" >&2; exit 77; }
make_kiosk open
printf '[timeouts]\nretry = 0.5\n' >"$K/kiosk.conf"
"$B/tools/castloop" "$K" 40 >/dev/null || die "castloop"
cp -a "$K" "$SCR/template"

# start_as_nobody: the screen as an unprivileged user, so that file modes
# bind it.
start_as_nobody() {
	fresh_tmux
	chmod 711 "$SCR"
	chown -R 65534:65534 "$K"
	$T new-session -d -x 80 -y 24 \
	    "setpriv --reuid=65534 --regid=65534 --clear-groups env -u LC_ALL LANG=C.UTF-8 '$B/ykien-kiosk' run --no-upload --dir '$K' 2>'$SCR/stderr'; echo \$? >'$SCR/exit'" ||
	    die "tmux new-session"
	$T set-option -g remain-on-exit on >/dev/null
}
# vote_ones: from the welcome screen, a ballot of all 1s, to the receipt.
vote_ones() {
	keys Space;	wait_for "Câu 1/4"
	pick 1 "Câu 2/4"
	pick 1 "Câu 3/4"
	pick 1 "Câu 4/4"
	pick 1 "1 = Gửi phiếu"
	pick 1 "Mã biên nhận"
}
# out_of_service VI EN: the screen says it, both languages, with the
# official's instructions.
out_of_service() {
	wait_for "TẠM NGỪNG HOẠT ĐỘNG"
	wait_for "OUT OF SERVICE"
	wait_for "$1"
	wait_for "$2"
	wait_for "Cán bộ:"
	wait_for "Official:"
	screen | grep -q "Bấm phím bất kỳ để bắt đầu" && die "the welcome screen shows"
	return 0
}

# 1. A damaged page of the ballot slots (the ballots view reads them), at start.
pgsz=$(sqlite3 "$K/kiosk.db" "PRAGMA page_size")
root=$(sqlite3 "$K/kiosk.db" "SELECT rootpage FROM sqlite_master WHERE name = 'slots'")
[ -n "$root" ] && [ "$root" -gt 1 ] || die "no slots table"
printf 'damaged damaged damaged damaged damaged damaged damaged damaged' |
    dd of="$K/kiosk.db" bs=1 seek=$(((root - 1) * pgsz + 8)) conv=notrunc 2>/dev/null
start_kiosk
out_of_service "Dữ liệu của máy bị hỏng" "The kiosk's data is damaged"
keys 1
sleep 1
screen | grep -q "Câu 1/4" && die "a ballot began on a damaged store"
$T kill-server
echo "ok: a damaged page: out of service at start, no ballot begins"

# 2. A state directory that cannot be written, at start.
rm -rf "$K"; cp -a "$SCR/template" "$K"
chmod 555 "$K"
start_as_nobody
out_of_service "Máy không ghi được vào thẻ nhớ" "The kiosk cannot write to its memory card"
$T kill-server
echo "ok: a read-only directory: out of service at start"

# 3. The same, before a ballot: the directory turns read-only while the
# welcome screen waits; then it is writable again.
rm -rf "$K"; cp -a "$SCR/template" "$K"
before=$(sqlite3 "$K/kiosk.db" "SELECT count(*) FROM ballots")
start_as_nobody
wait_for "Bấm phím bất kỳ để bắt đầu"
chmod 555 "$K"
keys 1
out_of_service "Máy không ghi được vào thẻ nhớ" "The kiosk cannot write to its memory card"
chmod 755 "$K"
wait_for "Bấm phím bất kỳ để bắt đầu"
vote_ones
after=$(sqlite3 "$K/kiosk.db" "SELECT count(*) FROM ballots")
[ "$after" -eq $((before + 1)) ] || die "ballots $before -> $after, wanted one more"
echo "ok: read-only before a ballot: out of service; writable again: back, and the vote is kept"

# 4. The sqlite3 shell beside the kiosk: its WAL index (a "-shm" file on
# the card) is not the kiosk's (in RAM), so neither sees the other's
# locks.  While it holds the store, a command refuses to open it and says
# why, and the screen goes out of service before the next ballot; once it
# is closed, the kiosk comes back and records the vote.
rm -rf "$K"; cp -a "$SCR/template" "$K"
start_as_nobody
wait_for "Bấm phím bất kỳ để bắt đầu"
mkfifo "$SCR/sh.in"
sqlite3 "$K/kiosk.db" <"$SCR/sh.in" >"$SCR/sh.out" 2>&1 &
SH=$!
exec 4>"$SCR/sh.in"
printf "SELECT 'open' FROM meta LIMIT 1;\n" >&4
i=0
until grep -q open "$SCR/sh.out"; do
	i=$((i + 1)); [ $i -le 200 ] || die "the sqlite3 shell did not open the store: $(cat "$SCR/sh.out")"
	sleep 0.05
done
"$B/ykien-kiosk" status --dir "$K" >"$SCR/st.out" 2>"$SCR/st.err" &&
    die "status opened the store beside the sqlite3 shell"
grep -qF "without ykien's file layer" "$SCR/st.err" ||
    die "no clear refusal beside the sqlite3 shell: $(cat "$SCR/st.err")"
keys 1
wait_for "TẠM NGỪNG HOẠT ĐỘNG"
exec 4>&-
wait "$SH" || die "the sqlite3 shell failed: $(cat "$SCR/sh.out")"
wait_for "Bấm phím bất kỳ để bắt đầu"
vote_ones
echo "ok: the sqlite3 shell beside the kiosk: refused, out of service; closed: back, and the vote is kept"
