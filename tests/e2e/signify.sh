# Our public keys and detached signatures are checked by Debian's
# signify-openbsd with no ykien code at all; a tampered file fails.
. "$TOP/tests/e2e/lib.sh"
command -v signify-openbsd >/dev/null || skip "signify-openbsd not installed"
"$PROV" init --dir "$T/prov" >/dev/null
cp "$TOP/kiosk-config/polls/ntm-2026.json" "$T/ntm.json"
"$PROV" poll sign --dir "$T/prov" "$T/ntm.json" >/dev/null
signify-openbsd -V -p "$T/prov/province.pub" -x "$T/ntm.json.sig" -m "$T/ntm.json" \
    || fail "signify-openbsd rejected our signature"
# Change one byte: signify must refuse.
sed 's/Giao thông/Giao thong/' "$T/ntm.json" > "$T/ntm2.json"
cmp -s "$T/ntm.json" "$T/ntm2.json" && fail "tamper did not change the file"
if signify-openbsd -V -p "$T/prov/province.pub" -x "$T/ntm.json.sig" \
    -m "$T/ntm2.json" 2>/dev/null; then
	fail "signify-openbsd accepted a tampered poll"
fi
# A key other than the signer's is refused too.
"$PROV" init --dir "$T/other" >/dev/null
if signify-openbsd -V -p "$T/other/province.pub" -x "$T/ntm.json.sig" \
    -m "$T/ntm.json" 2>/dev/null; then
	fail "signify-openbsd accepted the wrong key"
fi
# The other direction: a signify-openbsd key and signature work with us.
signify-openbsd -G -n -p "$T/s.pub" -s "$T/s.sec" >/dev/null
cp "$T/ntm.json" "$T/s.json"
signify-openbsd -S -s "$T/s.sec" -m "$T/s.json" -x "$T/s.json.sig"
"$KIOSK" init --dir "$T/kiosk" --province-key "$T/s.pub" --commune 14001 \
    --village "Bản Mẫu" >/dev/null
"$KIOSK" poll load --dir "$T/kiosk" "$T/s.json" >/dev/null \
    || fail "a poll signed by signify-openbsd was refused"
ok "signify-openbsd verifies our files and we verify its"
