#!/bin/sh
# A resize mid-ballot redraws at the new size (block-glyph numbers appear
# when there is room) and the ballot carries on unchanged.
. "$(dirname "$0")/lib/ui.sh"
make_kiosk open
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
keys 1;	wait_for "Câu 1/4"
keys 2;	wait_for "Câu 2/4"
screen | grep -qF "█" && die "80x24 should have no room for block glyphs on 5 options"
$T resize-window -x 120 -y 40 || die "resize-window"
wait_for "█"
[ "$(screen | wc -l)" -ge 40 ] || die "the pane did not grow"
keys 3;	wait_for "Câu 3/4"
$T resize-window -x 80 -y 24 || die "resize-window"
keys 1;	wait_for "Câu 4/4"
keys 1;	wait_for "1 = Gửi phiếu"
keys 1;	wait_for "Mã biên nhận"
expect_ballots real "2,3,1,1"
echo ok
