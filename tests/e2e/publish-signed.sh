# The publication checks with stock tools alone: signify-openbsd -C over the
# province-signed SHA256 manifest covers every file; kiosks.txt carries
# each kiosk's key, fingerprint, commune, village id and state under the
# province's signature (-V); each kiosk's receipt list is there.  A file
# changed or added afterwards is caught, and so is a forged kiosks.txt.
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
command -v signify-openbsd >/dev/null || skip "signify-openbsd not installed (apt-get install signify-openbsd)"
. "$TOP/tests/e2e/lib-audit.sh"

make_poll ntm-a 14001 "ban-mot:Bản Một" "ban-hai:Bản Hai"
make_kiosk a1 ntm-a 14001 "Bản Một"
make_kiosk a2 ntm-a 14001 "ban-hai"
"$CASTLOOP" "$T/k-a1" 12 >"$T/r-a1"
"$CASTLOOP" "$T/k-a2" 11 >"$T/r-a2"
close_kiosk a1 ntm-a
close_kiosk a2 ntm-a
P="$T/pub"
"$PROV" publish --dir "$T/prov" --poll ntm-a --out "$P" >/dev/null

(cd "$P" && signify-openbsd -C -p province.pub -x SHA256.sig) >"$T/check" || { cat "$T/check"; fail "signify-openbsd -C"; }
# Every file but the manifest and its signature is listed, and checked OK.
n=$(ls "$P" | grep -cv '^SHA256')
[ "$(grep -c ': OK$' "$T/check")" -eq "$n" ] || { cat "$T/check"; ls "$P"; fail "not every file is in the manifest"; }
grep -q '^SHA256 (results.json) = ' "$P/SHA256" || fail "manifest form"
ok "signify-openbsd -C checks all $n files against the province key"

signify-openbsd -Vq -p "$P/province.pub" -x "$P/kiosks.txt.sig" -m "$P/kiosks.txt" || fail "kiosks.txt signature"
for k in a1:ban-mot a2:ban-hai; do
	n=${k%%:*} v=${k#*:} kn=$(keynum "${k%%:*}")
	key=$(sed -n 2p "$T/k-$n/kiosk.pub")
	# fingerprint: SHA-256 of keynum || public key, 12 groups of 4 hex digits
	fpr=$(python3 -c 'import base64, hashlib, sys; b = base64.b64decode(open(sys.argv[1]).read().splitlines()[1]); h = hashlib.sha256(b[2:]).hexdigest()[:48]; print(" ".join(h[i:i + 4] for i in range(0, 48, 4)))' "$T/k-$n/kiosk.pub")
	awk -F '\t' -v kn="$kn" -v key="$key" -v v="$v" -v fpr="$fpr" '$1 == kn && $2 == key && $3 == fpr && $4 == "14001" && $5 == v && $7 == "registered" { f = 1 } END { exit !f }' "$P/kiosks.txt" ||
	    { cat "$P/kiosks.txt"; fail "kiosks.txt lacks kiosk $n as registered in $v"; }
	sort "$T/r-$n" | cmp -s - "$P/receipts-$kn.txt" || fail "receipts-$kn.txt is not kiosk $n's sorted receipt list"
done
ok "kiosks.txt signed (signify-openbsd -V), with each kiosk's key, village id and state; receipt lists"

# Tampering: a changed file, a forged kiosks.txt.
cp -a "$P" "$T/p2"
sed -i 's/registered/revoked/' "$T/p2/kiosks.txt"
if signify-openbsd -Vq -p "$P/province.pub" -x "$T/p2/kiosks.txt.sig" -m "$T/p2/kiosks.txt" 2>/dev/null; then fail "forged kiosks.txt verifies"; fi
if (cd "$T/p2" && signify-openbsd -Cq -p province.pub -x SHA256.sig) 2>/dev/null; then fail "changed file passes -C"; fi
cp -a "$P" "$T/p3"
echo "AAAAA-AAAAA" >>"$T/p3/receipts.txt"
(cd "$T/p3" && signify-openbsd -C -p province.pub -x SHA256.sig) >"$T/check" 2>&1 && fail "added receipt passes -C"
grep -q "receipts.txt: FAIL" "$T/check" || { cat "$T/check"; fail "-C does not name the changed file"; }
ok "a changed file or a forged kiosks.txt fails the stock checks"

# Numbers in files never follow the locale (vi_VN writes 92,5).
mkdir -p "$T/loc"
if command -v localedef >/dev/null && localedef -i vi_VN -f UTF-8 "$T/loc/vi_VN.UTF-8" >/dev/null 2>&1; then
	# glibc keeps LOCPATH's list for the life of the process: not a leak of ours.
	ASAN_OPTIONS=detect_leaks=0 LOCPATH="$T/loc" LC_ALL=vi_VN.UTF-8 "$PROV" tally --dir "$T/prov" --poll ntm-a --format csv -o "$T/vi.csv"
	[ "$(LOCPATH="$T/loc" LC_ALL=vi_VN.UTF-8 locale decimal_point 2>/dev/null)" = "," ] || skip "the vi_VN locale made has no decimal comma"
	python3 -c 'import csv, sys; r = [x["rate_percent"] for x in csv.DictReader(open(sys.argv[1])) if x["rate_percent"]]; assert r and all("," not in v and "." in v for v in r), r' "$T/vi.csv" ||
	    fail "rates follow the locale's decimal comma"
	ok "rates written with a decimal point under LC_ALL=vi_VN.UTF-8"
fi

# Closing records name the village by the poll's id, whatever text the
# kiosk was set up with ("Bản Một" for a1, the id itself for a2), and the
# sheet shows both; checked with the independent decoder.
for k in a1:ban-mot a2:ban-hai; do
	n=${k%%:*}
	python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import ykien_verify as v
c = v.decode_closing(open(sys.argv[2], "rb").read())
assert c["village_id"] == sys.argv[3], c["village_id"]' "$TOP/tests/verify" "$T/usb-$n/closing-ntm-a.bin" "${k#*:}" ||
	    fail "closing record of $n does not carry village_id ${k#*:}"
	grep -q "Bản: .* (mã ${k#*:})" "$T/usb-$n/closing-ntm-a.txt" || fail "sheet of $n lacks the village id"
done
ok "closing records carry the poll's village_id"
"$KIOSK" init --dir "$T/k-x" --province-key "$T/prov/province.pub" --commune 14001 --village "Bản Lạ" >/dev/null
expect_fail 1 "$KIOSK" poll load --dir "$T/k-x" "$T/ntm-a.json"
expect_msg "village \"Bản Lạ\" is not in the poll"
ok "a kiosk whose village is none of the poll's cannot load it"

# Publishing again removes what an earlier publication wrote and this one
# does not (a record now withheld stays no longer), and nothing else.
echo stale >"$P/closing-ntm-a-0000000000000000.bin"
echo stale >"$P/receipts-0000000000000000.txt"
echo mine >"$P/notes-of-the-webmaster.txt"
"$PROV" publish --dir "$T/prov" --poll ntm-a --out "$P" >/dev/null
[ ! -e "$P/closing-ntm-a-0000000000000000.bin" ] && [ ! -e "$P/receipts-0000000000000000.txt" ] ||
    fail "files of an earlier publication stay"
[ -e "$P/notes-of-the-webmaster.txt" ] || fail "publish removed a file not its own"
(cd "$P" && signify-openbsd -Cq -p province.pub -x SHA256.sig) || fail "-C after publishing again"
ok "publishing again prunes its own stale files only"
