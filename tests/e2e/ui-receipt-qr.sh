#!/bin/sh
# The receipt's QR code reads as a phone would read it off the screen: the
# pane is captured from tmux with its attributes, drawn as an image (one
# module a square of pixels, light ink on the console's dark ground, the
# panel's dark edge around it; tests/e2e/lib/pane2pgm.py) and decoded by
# zbarimg.  It must hold the lookup URL with this voter's code, at 80x24
# and again on a 64x18 panel, and be drawn inside a light quiet zone: 4
# modules at 80x24; at 64x18, where a 33-module code fills the 18 lines,
# 2 on the top and the sides and 1 below (src/ui-render.c says why).
. "$(dirname "$0")/lib/ui.sh"
command -v zbarimg >/dev/null ||
    { echo "zbarimg is not installed (apt-get install zbar-tools)" >&2; exit 77; }
command -v python3 >/dev/null || { echo "python3 is not installed" >&2; exit 77; }
# A base as long as a real province's makes a 33-module code (version 4):
# the longest that fits a 64x18 panel.
LOOKUP="https://ykien.sonla.gov.vn/tra-cuu"
python3 - "$TOP/kiosk-config/polls/demo.json" "$SCR/demo.json" "$LOOKUP" <<'PY' ||
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["lookup"] = sys.argv[3]
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
    die "cannot add a lookup URL to the demo poll"
make_kiosk open
printf '[timeouts]\nthanks = 120\n' >"$K/kiosk.conf"

start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;	wait_for "Câu 1/4"
pick 1 "Câu 2/4"
pick 5 "Câu 3/4"
pick 3 "Câu 4/4"
pick 2 "1 = Gửi phiếu"
pick 1 "Mã biên nhận"
code=$(screen | grep -oE '\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b' | head -1)
[ -n "$code" ] || die "no receipt code on the screen"
want="$LOOKUP/polls/demo-2026/#$code"

# read_qr SIZE ZONE: the pane (SIZE, once redrawn) shows a QR code that
# decodes to $want, drawn inside a light quiet zone of ZONE modules (1
# below when ZONE is 2: the short panel's case).  A capture taken while
# the screen is still being drawn is taken again, for at most WAIT s.
read_qr() {
	size=$1 zone=$2 i=0
	while :; do
		$T capture-pane -e -p >"$SCR/pane-$size" || die "capture-pane"
		python3 "$TOP/tests/e2e/lib/pane2pgm.py" "$SCR/pane-$size" \
		    "$SCR/pane-$size.pgm" 4 >"$SCR/qr-$size" || die "pane2pgm"
		got=$(zbarimg -q --raw "$SCR/pane-$size.pgm" 2>/dev/null)
		[ "$($T display -p '#{window_width}x#{window_height}')" = "$size" ] &&
		    [ -n "$got" ] && break
		i=$((i + 1))
		[ $i -lt $((WAIT * 4)) ] ||
		    die "$size: zbarimg reads no QR code off the screen ($(cat "$SCR/qr-$size"))"
		sleep 0.25
	done
	[ "$got" = "$want" ] || die "$size: the QR code holds \"$got\", not \"$want\""
	set -- $(sed -n 's/^qr .*top \([0-9]*\) bottom \([0-9]*\) left \([0-9]*\) right \([0-9]*\)$/\1 \2 \3 \4/p' \
	    "$SCR/qr-$size")
	[ $# = 4 ] || die "$size: no QR code found in the pane ($(cat "$SCR/qr-$size"))"
	for side in top bottom left right; do
		lim=$zone
		[ $side = bottom ] && [ "$zone" = 2 ] && lim=1
		[ "$1" -ge $lim ] ||
		    die "$size: the quiet zone is $1 modules on the $side, not $lim ($(cat "$SCR/qr-$size"))"
		shift
	done
	echo "$size: $(sed -n 's/^qr //p' "$SCR/qr-$size"); decodes to $want" >&2
}
read_qr 80x24 4
$T resize-window -x 64 -y 18 || die "resize-window"
read_qr 64x18 2
grep -q "^qr 33 modules" "$SCR/qr-64x18" ||
    die "not the 33-module code this test means to fit at 64x18: $(cat "$SCR/qr-64x18")"
expect_ballots real "1,5,3,2"
echo ok
