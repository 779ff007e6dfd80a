# USB: export from the kiosk, import into another state directory of the
# same province; the totals match those of the upload path.  Importing
# twice is harmless; a damaged file on the stick is refused.
. tests/e2e/collector.lib

province "$T/prov"
kiosk "$T/k1" "$T/prov"
# A second state directory of the same province (the office without
# network): same key, its own database.
mkdir -m 700 "$T/prov2"
fresh_store "$T/prov2"
cp "$T/prov/province.key" "$T/prov/province.pub" "$T/prov2/"
"$P" poll add --dir "$T/prov2" "$T/demo.json" >/dev/null
"$P" kiosk add --dir "$T/prov2" --key "$T/k1/kiosk.pub" --commune 14001 \
    --village "Bản Mẫu" >/dev/null

"$CAST" "$T/k1" 23
"$K" poll close --dir "$T/k1" demo-2026 >/dev/null
mkdir "$T/usb"
"$K" export --dir "$T/k1" --to "$T/usb" | tee "$T/out"
grep -q "exported 1 batches (23 ballots)" "$T/out" || fail "export"
X=$(echo "$T"/usb/ykien-*)
(cd "$X" && sha256sum -c --quiet MANIFEST) || fail "manifest does not check"
for f in kiosk.pub closing-demo-2026.txt closing-demo-2026.txt.sig \
    closing-demo-2026.bin events.bin; do
	[ -f "$X/$f" ] || fail "$f not exported"
done
ls "$X" | grep -q '^batch-.*\.bin$' || fail "no batch file"
"$K" events --dir "$T/k1" | grep -q "export" || fail "export not logged"
ls -a "$X" | grep -q '\.tmp' && fail "temporary file left behind"

"$P" import --dir "$T/prov2" "$X" | grep -q "1 batches stored (23 ballots)" ||
    fail "import"
before=$(digest "$T/prov2")
"$P" import --dir "$T/prov2" "$X" | grep -q "1 already held" ||
    fail "second import"
[ "$(digest "$T/prov2")" = "$before" ] || fail "second import changed rows"

# The same ballots by upload to the first state directory.
serve "$T/prov"
"$K" upload --dir "$T/k1" --url "$URL" | grep -q "(23 ballots)" || fail "upload"
"$P" status --dir "$T/prov" >"$T/s1"
"$P" status --dir "$T/prov2" >"$T/s2"
cat "$T/s1"
cmp -s "$T/s1" "$T/s2" || fail "totals differ: $(diff "$T/s1" "$T/s2")"

# A damaged file on the stick is refused and nothing changes.
f=$(ls "$X"/batch-*.bin | head -n 1)
printf 'x' >>"$f"
rc=0
"$P" import --dir "$T/prov2" "$X" 2>"$T/err" >/dev/null || rc=$?
[ $rc -eq 1 ] || fail "damaged import: exit $rc"
grep -q "does not match the MANIFEST" "$T/err" || fail "$(cat "$T/err")"
[ "$(digest "$T/prov2")" = "$before" ] || fail "damaged import changed rows"
echo "ok"
