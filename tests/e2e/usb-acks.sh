# USB acknowledgements round trip: a kiosk with no network exports, the
# province imports (and writes its signed acknowledgements back onto the
# stick), the kiosk imports them and `status` says "all sent" ("đã gửi
# đủ"); before that it says what is still missing.  A tampered
# acknowledgement is refused and marks nothing.
. tests/e2e/collector.lib

province "$T/prov"
kiosk "$T/k1" "$T/prov"
"$CAST" "$T/k1" 23
"$K" status --dir "$T/k1" >"$T/st" || fail "status"
grep -q "ballots not yet in any batch: 23" "$T/st" || fail "pending: $(cat "$T/st")"
grep -q "NOT all sent: 23 ballots" "$T/st" || fail "not-sent: $(cat "$T/st")"
grep -q "last acknowledgement: never" "$T/st" || fail "last ack: $(cat "$T/st")"
"$K" poll close --dir "$T/k1" demo-2026 >/dev/null
mkdir "$T/usb"
"$K" export --dir "$T/k1" --to "$T/usb" >/dev/null || fail "export"
"$K" status --dir "$T/k1" >"$T/st"
grep -q "batches not acknowledged by the province: 1 (23 ballots)" "$T/st" ||
    fail "unacked after export: $(cat "$T/st")"
X=$(echo "$T"/usb/ykien-*)

"$P" import --dir "$T/prov" "$X" >/dev/null || fail "import"
ls "$X" | grep -q '^ack-[0-9a-f]*\.bin$' || fail "no acknowledgement on the stick"
b=$(ls "$X" | sed -n 's/^batch-\(.*\)\.bin$/\1/p')
[ -f "$X/ack-$b.bin" ] || fail "the acknowledgement is not named after its batch"

# A tampered copy first: refused, nothing marked.
mkdir -p "$T/bad/$(basename "$X")"
python3 -c 'import sys; d=bytearray(open(sys.argv[1],"rb").read()); d[-1]^=1; open(sys.argv[2],"wb").write(d)' \
    "$X/ack-$b.bin" "$T/bad/$(basename "$X")/ack-$b.bin"
rc=0
"$K" import-acks --dir "$T/k1" --from "$T/bad" >"$T/out" 2>"$T/err" || rc=$?
[ $rc -eq 1 ] || fail "tampered ack: exit $rc"
grep -q "bad signature" "$T/err" || fail "unclear: $(cat "$T/err")"
"$K" status --dir "$T/k1" | grep -q "NOT all sent: 23" || fail "tampered ack marked"

"$K" import-acks --dir "$T/k1" --from "$T/usb" >"$T/out" || fail "import-acks: $(cat "$T/out")"
grep -q "1 batches marked sent, 0 already marked, 0 refused" "$T/out" || fail "$(cat "$T/out")"
"$K" status --dir "$T/k1" >"$T/st"
cat "$T/st"
grep -q "sending: all sent" "$T/st" || fail "not all sent"
grep -q "ballots acknowledged by the province: 23" "$T/st" || fail "acked count"
grep -q "last acknowledgement: [0-3][0-9]/[01][0-9]/20[0-9][0-9] [0-2][0-9]:[0-5][0-9] (usb)" \
    "$T/st" || fail "last ack"
YKIEN_LANG=vi "$K" status --dir "$T/k1" | grep -q "gửi về tỉnh: đã gửi đủ" ||
    fail "Vietnamese: $(YKIEN_LANG=vi "$K" status --dir "$T/k1")"
"$K" events --dir "$T/k1" | grep -q "acks-imported" || fail "no event"
"$K" import-acks --dir "$T/k1" --from "$T/usb" | grep -q "0 batches marked sent, 1 already marked" ||
    fail "second import-acks"
echo "ok"
