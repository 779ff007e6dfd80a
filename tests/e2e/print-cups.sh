# ykien-kiosk print: the biên bản through a real CUPS scheduler.  A private
# cupsd (its own configuration, spool and a Unix socket in the scratch
# directory; never the system's) with one queue whose device is a file:
# the job must come out in that file and be the biên bản.  Without a
# printer, print says so and queues nothing.
. tests/e2e/lib.sh
. "$TOP/tests/e2e/lib-cups.sh"
command -v pdftotext >/dev/null || skip "pdftotext not installed (poppler-utils)"
cleanup_hooks="$cleanup_hooks cups_stop"
cups_start "$T"

setup_kiosk
D="$T/kiosk"
YKIEN_PIN=246813 "$KIOSK" pin set --dir "$D" --role official >/dev/null
"$KIOSK" poll test --dir "$D" demo-2026 >/dev/null
"$KIOSK" poll open --dir "$D" demo-2026 >/dev/null
"$B/tools/cast" "$D" demo-2026 1,4,2,1 >/dev/null || fail "cast"
YKIEN_PIN_OFFICIAL=246813 "$KIOSK" poll close --dir "$D" demo-2026 >/dev/null || fail "close"

# No printer at all: a clear error, nothing queued.
expect_fail 1 env PRINTER= "$KIOSK" print --dir "$D" --closing demo-2026
expect_msg "no printer configured"

cups_queue bienban || fail "lpadmin"
"$KIOSK" print --dir "$D" --printer bienban --closing demo-2026 >"$T/out" ||
    fail "print: $(cat "$T/out")"
grep -q "request id is bienban-" "$T/out" || fail "no job: $(cat "$T/out")"
cups_wait bienban || fail "the job never came out: $(tail -n 5 "$C/log/error_log")"
pdftotext "$C/out/bienban.pdf" "$T/printed.txt" || fail "the printed file is not a PDF"
grep -q "BIÊN BẢN" "$T/printed.txt" || fail "not the biên bản"
grep -q "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "$T/printed.txt" || fail "no heading"
cmp -s "$C/out/bienban.pdf" "$D/closing-demo-2026.pdf" || fail "the printed file differs"
"$KIOSK" events --dir "$D" | grep -q " print " || fail "no print event"
ok "printed through CUPS to $C/out/bienban.pdf"
