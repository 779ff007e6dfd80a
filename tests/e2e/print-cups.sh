# ykien-kiosk print: the biên bản through a real CUPS scheduler.  A private
# cupsd (its own configuration, spool and a Unix socket in the scratch
# directory; never the system's) with one queue whose device is a file:
# the job must come out in that file and be the biên bản.  Without a
# printer, print says so and queues nothing.
. tests/e2e/lib.sh
command -v cupsd >/dev/null && command -v lpadmin >/dev/null &&
    command -v lp >/dev/null || skip "CUPS is not installed (cups, cups-client)"
[ "$(id -u)" = 0 ] || skip "a private cupsd needs root (its filters run as lp)"
command -v pdftotext >/dev/null || skip "pdftotext not installed (poppler-utils)"

C="$T/cups"
mkdir -p "$C/spool" "$C/tmp" "$C/cache" "$C/state" "$C/log" "$C/ppd" "$C/out"
chmod 755 "$T" "$C"
chmod 1777 "$C/tmp" "$C/out"
cat >"$C/cupsd.conf" <<X
Listen $C/cups.sock
LogLevel info
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
X
cat >"$C/cups-files.conf" <<X
ServerRoot $C
RequestRoot $C/spool
TempDir $C/tmp
CacheDir $C/cache
StateDir $C/state
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
FileDevice Yes
Printcap
X
# A pass-through filter: the queue's "printer" is the file itself.
printf '#!/bin/sh\nif [ -n "${6:-}" ]; then exec cat "$6"; else exec cat; fi\n' >"$C/pass"
chmod 755 "$C/pass"
cat >"$C/queue.ppd" <<X
*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "YKIEN.PPD"
*Manufacturer: "ykien"
*Product: "(ykien test)"
*ModelName: "ykien test file"
*ShortNickName: "ykien test file"
*NickName: "ykien test file"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: False
*DefaultColorSpace: Gray
*FileSystem: False
*Throughput: "1"
*cupsFilter: "application/pdf 0 $C/pass"
*OpenUI *PageSize/Page Size: PickOne
*DefaultPageSize: A4
*PageSize A4/A4: "<</PageSize[595 842]>>setpagedevice"
*CloseUI: *PageSize
*DefaultImageableArea: A4
*ImageableArea A4/A4: "0 0 595 842"
*DefaultPaperDimension: A4
*PaperDimension A4/A4: "595 842"
X
cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" >"$C/log/stdout" 2>&1 &
echo $! >"$C/pid"
stop_cupsd() { kill "$(cat "$C/pid")" 2>/dev/null; wait "$(cat "$C/pid")" 2>/dev/null; }
cleanup_hooks="$cleanup_hooks stop_cupsd"
export CUPS_SERVER="$C/cups.sock"
i=0
until lpstat -r >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 200 ] || skip "cupsd did not start: $(cat "$C/log/stdout" "$C/log/error_log" 2>/dev/null | tail -n 3)"
	sleep 0.05
done

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

lpadmin -p bienban -E -v "file://$C/out/bienban.pdf" -P "$C/queue.ppd" 2>/dev/null ||
    fail "lpadmin"
"$KIOSK" print --dir "$D" --printer bienban --closing demo-2026 >"$T/out" ||
    fail "print: $(cat "$T/out")"
grep -q "request id is bienban-" "$T/out" || fail "no job: $(cat "$T/out")"
i=0
# Done when the file is there and the queue is empty again.
until [ -s "$C/out/bienban.pdf" ] && [ -z "$(lpstat -o bienban 2>/dev/null)" ]; do
	i=$((i + 1))
	[ $i -lt 600 ] || fail "the job never came out: $(tail -n 5 "$C/log/error_log")"
	sleep 0.05
done
pdftotext "$C/out/bienban.pdf" "$T/printed.txt" || fail "the printed file is not a PDF"
grep -q "BIÊN BẢN" "$T/printed.txt" || fail "not the biên bản"
grep -q "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "$T/printed.txt" || fail "no heading"
cmp -s "$C/out/bienban.pdf" "$D/closing-demo-2026.pdf" || fail "the printed file differs"
"$KIOSK" events --dir "$D" | grep -q " print " || fail "no print event"
ok "printed through CUPS to $C/out/bienban.pdf"
