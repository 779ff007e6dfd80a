# Household slips as a PDF of cut-out cards: 23 codes make 3 A4 pages
# (10, 10, 3); every code is on a card with the poll's dates, and a code
# read back from the PDF votes.  Test slips say PHIẾU THỬ on every card.
. tests/e2e/lib.sh
command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null ||
    skip "pdftotext/pdfinfo not installed (poppler-utils)"
setup_kiosk household-code
"$KIOSK" codes --dir "$T/kiosk" --poll demo-2026 --count 23 --out "$T/slips.pdf" >/dev/null ||
    fail "codes"
[ "$(stat -c %a "$T/slips.pdf")" = 600 ] || fail "slips not mode 0600"
[ "$(pdfinfo "$T/slips.pdf" | sed -n 's/^Pages: *//p')" = 3 ] || fail "not 3 pages"
[ "$(pdfinfo -f 1 -l 3 "$T/slips.pdf" | grep -c '(A4)')" = 3 ] || fail "not A4"
pdftotext "$T/slips.pdf" "$T/slips.txt"
[ "$(grep -c 'PHIẾU MÃ HỘ GIA ĐÌNH' "$T/slips.txt")" = 23 ] || fail "23 cards expected"
grep -q "Từ 01/12/2026 đến 31/12/2026" "$T/slips.txt" || fail "the poll's dates"
grep -q "PHIẾU THỬ" "$T/slips.txt" && fail "real slips marked as test"
[ "$(grep -Ec '^[0-9]{3} [0-9]{3} [0-9]{3} [0-9]{3}$' "$T/slips.txt")" = 23 ] || fail "23 codes expected"
code=$(grep -E '^[0-9]{3} [0-9]{3} [0-9]{3} [0-9]{3}$' "$T/slips.txt" | head -n 1)
"$KIOSK" codes --dir "$T/kiosk" --poll demo-2026 --count 2 --test --out "$T/test.pdf" >/dev/null ||
    fail "codes --test"
pdftotext "$T/test.pdf" - | grep -c "PHIẾU THỬ" | grep -qx 2 || fail "test cards not marked"
"$KIOSK" poll test --dir "$T/kiosk" demo-2026 >/dev/null
"$KIOSK" poll open --dir "$T/kiosk" demo-2026 >/dev/null
"$B/tools/cast" "$T/kiosk" demo-2026 1,4,2,1 "$code" >/dev/null || fail "the code on the card does not vote"
ok "slips: 23 cards on 3 A4 pages"
