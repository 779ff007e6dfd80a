#!/bin/sh
# LANG=C, a terminal that is not UTF-8: Vietnamese is shown transliterated
# to ASCII ("Bam phim bat ky"), never as mojibake, and voting works.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
start_kiosk LANG=C
wait_for "Bam phim bat ky de bat dau"
ascii_only() {
	n=$(screen | LC_ALL=C grep -c '[^ -~]')
	[ "$n" = 0 ] || die "non-ASCII bytes on an ASCII terminal"
}
ascii_only
keys Space;	wait_for "Cau 1/4"
ascii_only
CHOSE="da chon"
pick 1 "Cau 2/4"
pick 4 "Cau 3/4"
pick 3 "Cau 4/4"
pick 2 "1 = Gui phieu"
ascii_only
pick 1 "Ma bien nhan"
ascii_only
expect_ballots real "1,4,3,2"
echo ok
