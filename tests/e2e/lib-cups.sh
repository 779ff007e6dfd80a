# A private CUPS scheduler for the print tests (sourced, not run): its own
# configuration, spool and a Unix socket under a scratch directory, never
# the system's, and one way to make a queue whose device is a file.
# cups_start DIR: start cupsd under DIR/cups; sets C and CUPS_SERVER;
# exits 77 (with the reason) where it cannot run.  cups_stop: stop it.
# cups_queue NAME: a queue that writes each job, as sent, to $C/out/NAME.pdf.
cups_skip() { echo "skipped: $*" >&2; exit 77; }
cups_start() {
	command -v cupsd >/dev/null && command -v lpadmin >/dev/null &&
	    command -v lp >/dev/null || cups_skip "CUPS is not installed (cups, cups-client)"
	[ "$(id -u)" = 0 ] || cups_skip "a private cupsd needs root (its filters run as lp)"

	C="$1/cups"
	mkdir -p "$C/spool" "$C/tmp" "$C/cache" "$C/state" "$C/log" "$C/ppd" "$C/out"
	chmod 755 "$1" "$C"
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
	export CUPS_SERVER="$C/cups.sock"
	i=0
	until lpstat -r >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 200 ] || cups_skip "cupsd did not start: $(cat "$C/log/stdout" "$C/log/error_log" 2>/dev/null | tail -n 3)"
		sleep 0.05
	done
}
cups_stop() {
	[ -f "${C:-}/pid" ] || return 0
	kill "$(cat "$C/pid")" 2>/dev/null
	wait "$(cat "$C/pid")" 2>/dev/null
	rm -f "$C/pid"
}
cups_queue() {
	lpadmin -p "$1" -E -v "file://$C/out/$1.pdf" -P "$C/queue.ppd" 2>/dev/null
}
# cups_wait NAME: until the job is out in $C/out/NAME.pdf and the queue is
# empty again (at most 30 s).
cups_wait() {
	i=0
	until [ -s "$C/out/$1.pdf" ] && [ -z "$(lpstat -o "$1" 2>/dev/null)" ]; do
		i=$((i + 1))
		[ $i -lt 600 ] || return 1
		sleep 0.05
	done
}
