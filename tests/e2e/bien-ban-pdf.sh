# The biên bản as an A4 PDF (closing-ID.pdf, written at close): the
# national heading, "Số:", the place and date, the people present and the
# households entered at close, the opening and closing times, the ballots
# cast and each total in the screen's order; every page A4; fonts
# embedded.  And the signed text sheet, its twin: "HÒA", centred.
. tests/e2e/lib.sh
command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null ||
    skip "pdftotext/pdfinfo not installed (poppler-utils)"
setup_kiosk
D="$T/kiosk"
YKIEN_PIN=246813 "$KIOSK" pin set --dir "$D" --role official >/dev/null
YKIEN_PIN=135792 "$KIOSK" pin set --dir "$D" --role front >/dev/null
"$KIOSK" poll test --dir "$D" demo-2026 >/dev/null
"$KIOSK" poll open --dir "$D" demo-2026 >/dev/null
# k = 10 ballots: under k the sheet carries no totals (checked below).
for a in 1,4,2,1 1,4,2,1 2,3,0,2 0,5,3,1 1,1,1,1 1,1,1,1 1,1,1,1 1,1,1,1 \
    1,1,1,1 1,1,1,1; do
	"$B/tools/cast" "$D" demo-2026 "$a" >/dev/null || fail "cast $a"
done
YKIEN_PIN_OFFICIAL=246813 YKIEN_PIN_FRONT=135792 "$KIOSK" poll close --dir "$D" \
    --households 57 --present "Lò Văn Mạnh, cán bộ UBND xã; Cầm Thị Xuân, Trưởng Ban Công tác Mặt trận bản" \
    demo-2026 >/dev/null || fail "close"
pdf="$D/closing-demo-2026.pdf"
[ -s "$pdf" ] || fail "no PDF biên bản"
pdftotext -layout "$pdf" "$T/bb.txt" || fail "pdftotext"
for s in "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Độc lập - Tự do - Hạnh phúc" \
    "Số:" "BIÊN BẢN" "I. THÀNH PHẦN THAM DỰ" "Lò Văn Mạnh, cán bộ UBND xã" \
    "Cầm Thị Xuân" "Số hộ gia đình trong bản: 57" "Số phiếu: 10" \
    "Mở bỏ phiếu lúc:" "lập thành 02 bản" "ĐẠI DIỆN UBND XÃ" "Mã khóa máy"; do
	grep -qF "$s" "$T/bb.txt" || { cat "$T/bb.txt" >&2; fail "the PDF lacks \"$s\""; }
done
grep -Eq "Bản Mẫu, ngày [0-9]{2} tháng [0-9]{2} năm [0-9]{4}" "$T/bb.txt" || fail "place and date"
# Question 1 in the screen's order: satisfied 8, not satisfied 1, no opinion 1.
tr -s ' ' <"$T/bb.txt" | grep -q "Hài lòng 8" || fail "total: satisfied 8"
tr -s ' ' <"$T/bb.txt" | grep -q "Không hài lòng 1" || fail "total: not satisfied 1"
l1=$(grep -n "Hài lòng" "$T/bb.txt" | head -n 1 | cut -d: -f1)
l0=$(grep -n "Không có ý kiến" "$T/bb.txt" | head -n 1 | cut -d: -f1)
[ "$l0" -gt "$l1" ] || fail "no opinion is not last, as on the screen"
pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
[ "$pages" -ge 1 ] || fail "no pages"
n=$(pdfinfo -f 1 -l "$pages" "$pdf" | grep -c "size: *595.276 x 841.89 pts (A4)")
[ "$n" -eq "$pages" ] || fail "$n of $pages pages are A4"
if command -v pdffonts >/dev/null; then
	pdffonts "$pdf" | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' ||
	    fail "a font is not embedded: $(pdffonts "$pdf")"
fi
# The signed twin.
txt="$D/closing-demo-2026.txt"
grep -q "^ *CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$" "$txt" || fail "HÒA"
grep -q "HOÀ" "$txt" && fail "HOÀ on the sheet"
lead=$(sed -n '1s/^\( *\).*/\1/p' "$txt" | wc -c)
[ "$lead" -gt 10 ] || fail "the heading is not centred"
grep -q "Số hộ gia đình trong bản: 57" "$txt" || fail "households on the text sheet"
(cd "$D" && signify-openbsd -V -q -p kiosk.pub -x closing-demo-2026.txt.sig \
    -m closing-demo-2026.txt) || fail "the text sheet does not verify"

# A second kiosk under k: its PDF, like its text sheet, shows the ballot
# count and no total of any question.
D2="$T/kiosk2"
"$KIOSK" init --dir "$D2" --province-key "$T/prov/province.pub" \
    --commune 14001 --village "Bản Mẫu" >/dev/null || fail "init 2"
"$KIOSK" poll load --dir "$D2" "$T/demo.json" >/dev/null || fail "load 2"
YKIEN_PIN=246813 "$KIOSK" pin set --dir "$D2" --role official >/dev/null
YKIEN_PIN=135792 "$KIOSK" pin set --dir "$D2" --role front >/dev/null
"$KIOSK" poll test --dir "$D2" demo-2026 >/dev/null
"$KIOSK" poll open --dir "$D2" demo-2026 >/dev/null
for a in 1,4,2,1 2,3,0,2 0,5,3,1; do
	"$B/tools/cast" "$D2" demo-2026 "$a" >/dev/null || fail "cast 2 $a"
done
YKIEN_PIN_OFFICIAL=246813 YKIEN_PIN_FRONT=135792 "$KIOSK" poll close \
    --dir "$D2" demo-2026 >/dev/null || fail "close 2"
pdftotext -layout "$D2/closing-demo-2026.pdf" "$T/bb2.txt" || fail "pdftotext 2"
grep -qF "Số phiếu: 3" "$T/bb2.txt" || fail "under k: no ballot count"
grep -qF "Dưới 10 phiếu" "$T/bb2.txt" || fail "under k: no note"
tr -s ' ' <"$T/bb2.txt" | grep -q "Hài lòng [0-9]" && fail "under k: a total is on the PDF"
ok "biên bản PDF ($pages page(s), A4); under k it has no totals"
