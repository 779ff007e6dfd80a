#!/bin/sh
# L&A made light: `codes --test --deck` prints a ready-made test deck (test
# slips, each card saying which keys to press) and the matching expected
# totals; `poll test --deck 0` does the same for the fewest ballots that
# press every answer.  The deck, followed card by card on the real screen,
# then passes `poll open --expected` (KHỚP) and the poll opens.  The test
# reads each card's keys from the PDF and presses exactly those.
. "$(dirname "$0")/lib/ui.sh"
command -v pdftotext >/dev/null || { echo "pdftotext not installed (poppler-utils)" >&2; exit 77; }
export YKIEN_PASSPHRASE=test YKIEN_PWHASH_COST=min
"$B/ykien-province" init --dir "$SCR/province" >/dev/null || die "province init"
sed 's/"mode": "open", "min_interval": 0/"mode": "household-code"/' \
    "$TOP/kiosk-config/polls/demo.json" >"$SCR/demo.json"
"$B/ykien-province" poll sign --dir "$SCR/province" "$SCR/demo.json" >/dev/null || die "sign"
"$B/ykien-kiosk" init --dir "$K" --province-key "$SCR/province/province.pub" \
    --commune 14001 --village "Bản Mẫu" >/dev/null || die "kiosk init"
"$B/ykien-kiosk" poll load --dir "$K" "$SCR/demo.json" >/dev/null || die "load"
"$B/ykien-kiosk" codes --dir "$K" --poll demo-2026 --test --deck --count 5 \
    --out "$SCR/deck.pdf" >/dev/null || die "codes --test --deck"
[ -s "$SCR/deck-expected.txt" ] || die "no expected totals beside the deck"
"$B/ykien-kiosk" codes --dir "$K" --poll demo-2026 --deck --count 5 \
    --out "$SCR/bad.pdf" 2>/dev/null && die "a deck of real slips"
"$B/ykien-kiosk" poll test --dir "$K" --deck 0 --out "$SCR/deck2.pdf" demo-2026 \
    >"$SCR/out" || die "poll test --deck: $(cat "$SCR/out")"
grep -q "5 ballots" "$SCR/out" || die "poll test --deck 0: $(cat "$SCR/out")"
# The same five known ballots: the same totals.
[ "$(grep -v '^#' "$SCR/deck-expected.txt")" = "$(grep -v '^#' "$SCR/deck2-expected.txt")" ] ||
    die "the two decks' totals differ"
grep -qx "ballots 5" "$SCR/deck-expected.txt" || die "ballots line"
pdftotext "$SCR/deck.pdf" "$SCR/deck.txt" || die "pdftotext"
grep '^Mã phiếu thử:' "$SCR/deck.txt" | sed 's/[^0-9]//g' >"$SCR/codes"
grep -q "Bấm phím bất kỳ để bắt đầu, nhập mã phiếu thử" "$SCR/deck.txt" ||
    die "the cards do not say how to start: $(cat "$SCR/deck.txt")"
grep -q "✓ là phím Đồng ý" "$SCR/deck.txt" || die "the cards do not say what ✓ is"
# Each card's keys, as printed (a long poll's may wrap): "Bấm: 1✓ 4✓ ...,
# gửi 1✓" becomes "1 OK 4 OK ... 1 OK", every key the card names, in order.
python3 - "$SCR/deck.txt" >"$SCR/keys" <<'PY' || die "cannot read the cards' keys"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for seq in re.findall(r"^Bấm: (.*?gửi 1✓)$", text, re.S | re.M):
    keys = re.sub(r"[^0-9✓]", "", seq)
    print(" ".join("OK" if k == "✓" else k for k in keys))
PY
[ "$(wc -l <"$SCR/codes")" = 5 ] && [ "$(wc -l <"$SCR/keys")" = 5 ] ||
    die "5 cards expected: $(cat "$SCR/keys")"
printf '[timeouts]\nthanks = 1\n' >"$K/kiosk.conf"

# A poll worker follows each card literally: a digit (the screen marks the
# choice), then the key the card marks ✓ (Enter, "phím Đồng ý"); nothing
# else is pressed, so a card that left out a confirm leaves the screen
# waiting and the test times out.  After each ✓ the next screen must open.
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
card=1		# not i: wait_for counts with i
while [ $card -le 5 ]; do
	code=$(sed -n "${card}p" "$SCR/codes")
	keys Space;	wait_for "Nhập mã hộ gia đình"
	for d in $(echo "$code" | sed 's/./& /g'); do keys "$d"; done
	wait_for "Câu 1/4"
	n=0
	for k in $(sed -n "${card}p" "$SCR/keys"); do
		case $k in
		OK)	n=$((n + 1))
			keys Enter
			case $n in
			[123])	wait_for "Câu $((n + 1))/4" ;;
			4)	wait_for "1 = Gửi phiếu" ;;
			5)	wait_for "Mã biên nhận" ;;
			*)	die "card $card: more confirms than screens" ;;
			esac ;;
		*)	keys "$k";	wait_for "$CHOSE $k." ;;
		esac
	done
	[ $n = 5 ] || die "card $card: $n confirms, 5 screens to pass"
	wait_for "Bấm phím bất kỳ để bắt đầu"
	card=$((card + 1))
done
"$B/ykien-kiosk" poll open --dir "$K" --expected "$SCR/deck2-expected.txt" demo-2026 \
    >"$SCR/report" 2>&1 || die "the deck does not match: $(cat "$SCR/report")"
grep -q "Kết quả kiểm thử: KHỚP" "$SCR/report" || die "$(cat "$SCR/report")"
"$B/ykien-kiosk" poll list --dir "$K" | grep -q open || die "not open"
expect_ballots real ""
echo ok
