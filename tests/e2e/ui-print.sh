#!/bin/sh
# Printing the biên bản from the officials' menu on the kiosk's own screen
# (F12, the official's PIN, 7), through a real private CUPS scheduler whose
# queue writes to a file: the job comes out, is the closing record's PDF,
# and leaves a signed print event.  Before the close the menu prints
# nothing (there is no record yet) and says so.
. "$(dirname "$0")/lib/ui.sh"
. "$TOP/tests/e2e/lib-cups.sh"
command -v pdftotext >/dev/null || { echo "skipped: pdftotext not installed (poppler-utils)" >&2; exit 77; }
cups_start "$SCR"
trap 'cups_stop; kill_tmux; rm -rf "$SCR"' EXIT INT TERM
cups_queue bienban || die "lpadmin"

make_kiosk open
YKIEN_PIN=246813 "$B/ykien-kiosk" pin set --dir "$K" --role official >/dev/null || die "pin set"
"$B/tools/cast" "$K" demo-2026 1,4,2,1 >/dev/null || die "cast"
menu() {
	keys F12;	wait_for "Nhập mã PIN cán bộ"
	keys 2 4 6 8 1 3 Enter
	wait_for "1 = Trạng thái"
}

start_kiosk PRINTER=bienban "CUPS_SERVER=$CUPS_SERVER"
wait_for "Bấm phím bất kỳ để bắt đầu"
menu
keys 7
wait_for "cuộc lấy ý kiến đã kết thúc chưa?"
sleep 1
[ -e "$C/out/bienban.pdf" ] && die "printed something before the close"
[ -z "$(lpstat -o bienban 2>/dev/null)" ] || die "a job was queued before the close"
$T kill-server >/dev/null 2>&1

YKIEN_PIN_OFFICIAL=246813 "$B/ykien-kiosk" poll close --dir "$K" demo-2026 >/dev/null || die "close"
start_kiosk PRINTER=bienban "CUPS_SERVER=$CUPS_SERVER"
wait_for "Cuộc lấy ý kiến đã kết thúc"
menu
keys 7
wait_for "request id is bienban-"
cups_wait bienban || die "the job never came out: $(tail -n 5 "$C/log/error_log")"
pdftotext "$C/out/bienban.pdf" "$SCR/printed.txt" || die "the printed file is not a PDF"
grep -q "BIÊN BẢN" "$SCR/printed.txt" || die "not the biên bản"
cmp -s "$C/out/bienban.pdf" "$K/closing-demo-2026.pdf" || die "the printed file differs from the record's PDF"
"$B/ykien-kiosk" events --dir "$K" | grep -q " print " || die "no print event"
echo "ok: printed from the F12 menu through CUPS"
