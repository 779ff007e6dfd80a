#!/bin/sh
# Thái in Tai Viet script (U+AA80-AADF) on a real terminal: tmux must put
# each base letter and its combining vowel signs and tone marks (here
# U+AAB7 and U+AABF in "ꪚꪷ꪿") in one cell, exactly where the renderer
# put them.  The pane is compared row by row with the text backend's frame
# of the same screen (tests/golden/lang-blt.txt): a mark given a cell of
# its own would shift the rest of its row, and the "chosen" mark would move.
. "$(dirname "$0")/lib/ui.sh"
GOLD="$TOP/tests/golden/lang-blt.txt"
make_kiosk open
start_kiosk -- --lang blt
wait_for "ꪁꪫꪱꪣ ꪕꪴ꫁"
keys Space;	wait_for "ꪁꪾ ꪖꪱꪣ 1/4"
keys 2;		wait_for "<< ꪹꪩ꫁ꪱꪀ ꪵꪨ꪿ꪫ"
sed -n '/^--- q1-chosen-80x24 /,/^--- /p' "$GOLD" | sed '1d;$d' >"$SCR/want"
[ "$(wc -l <"$SCR/want")" -ge 20 ] || die "no q1-chosen-80x24 frame in $GOLD"
screen >"$SCR/got"
# The last rows hold the key hints, which name the next language.
head -n 14 "$SCR/want" >"$SCR/want14"
head -n 14 "$SCR/got" >"$SCR/got14"
cmp -s "$SCR/want14" "$SCR/got14" ||
    die "Tai Viet cells differ from the renderer's: $(diff "$SCR/want14" "$SCR/got14")"
grep -qF "ꪚꪷ꪿ ꪝꪮ ꪻꪊ" "$SCR/got" || die "the combining marks did not reach the screen"
# Byte for byte, the chosen row: marks kept, and the mark column where it
# belongs (the row ends at cell 78 of 80).
row=$(grep -F "<< ꪹꪩ꫁ꪱꪀ ꪵꪨ꪿ꪫ" "$SCR/got")
cells=$(printf '%s' "$row" | LC_ALL=C.UTF-8 python3 -c '
import sys, unicodedata
s = sys.stdin.read()
print(sum(0 if unicodedata.category(c) == "Mn" else 1 for c in s))')
[ "$cells" = 78 ] || die "the chosen row is $cells cells wide, not 78"
echo ok
