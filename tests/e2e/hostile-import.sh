# Hostile sticks at `ykien-province import` (THREAT-MODEL.md, "USB
# import"): files that pass the MANIFEST's SHA-256 (whoever wrote the stick
# wrote the MANIFEST too) but are empty or cut are refused with a reason,
# never crash the import, and leave what is held untouched.
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
. "$TOP/tests/e2e/lib-audit.sh"

one_kiosk 10
digest() { "$PROV" status --dir "$T/prov" --digest | sed -n 's/^digest //p'; }
d0=$(digest)

# restick NAME BYTES: a copy of the stick with NAME replaced by BYTES
# (printf format) and the MANIFEST rewritten to match.
restick() {
	rm -rf "$T/bad"
	cp -a "$T/usb-a1" "$T/bad"
	printf "$2" >"$T/bad/$1"
	h=$(sha256sum <"$T/bad/$1" | cut -d' ' -f1)
	sed -i "s/^[0-9a-f]*  $1\$/$h  $1/" "$T/bad/MANIFEST"
}

restick events.bin ''
set +e
"$PROV" import --dir "$T/prov" "$T/bad" >"$T/out" 2>"$T/err"
rc=$?
set -e
[ $rc -eq 1 ] || { cat "$T/out" "$T/err"; fail "empty events.bin: exit $rc, wanted 1 (refused)"; }
grep -q "holds no event" "$T/err" || fail "no reason given: $(cat "$T/err")"
[ "$(digest)" = "$d0" ] || fail "the province store changed"
ok "an empty events.bin is refused, the held log kept"

restick events.bin '\000\000\000\100abc'
expect_fail 1 "$PROV" import --dir "$T/prov" "$T/bad"
expect_msg "cut short"
[ "$(digest)" = "$d0" ] || fail "the province store changed"
ok "a cut events.bin is refused"
