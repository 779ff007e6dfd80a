#!/bin/sh
# A resize mid-ballot redraws at the new size (block-glyph numbers appear
# when there is room) and the ballot carries on unchanged.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;	wait_for "Câu 1/4"
pick 2 "Câu 2/4"
screen | grep -qF "█" && die "80x24 should have no room for block glyphs on 5 options"
$T resize-window -x 120 -y 40 || die "resize-window"
wait_for "█"
[ "$(screen | wc -l)" -ge 40 ] || die "the pane did not grow"
pick 3 "Câu 3/4"
$T resize-window -x 80 -y 24 || die "resize-window"
pick 1 "Câu 4/4"
pick 1 "1 = Gửi phiếu"
pick 1 "Mã biên nhận"
expect_ballots real "2,3,1,1"
echo ok
