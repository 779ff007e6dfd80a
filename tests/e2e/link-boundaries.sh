# Each program links only its own modules: ykien-province holds no kiosk
# code (the voter's store, PINs, codes, the event log writer, the close
# step) and ykien-kiosk no province code (registry, collector, audit,
# tally, publish).  The Makefile links each program with its own archive
# plus the shared libykien.a; this checks the result with nm.
. "$TOP/tests/e2e/lib.sh"
command -v nm >/dev/null || skip "nm not installed (apt-get install binutils)"
for f in "$PROV" "$KIOSK" "$B/libykien-kiosk.a" "$B/libykien-province.a"; do
	[ -f "$f" ] || fail "$f missing: run make first"
done
# The global functions and data a binary or archive defines.
defined() { nm -g --defined-only "$1" 2>/dev/null | awk 'NF == 3 { print $3 }' | LC_ALL=C sort -u; }
defined "$PROV" > "$T/prov"
defined "$KIOSK" > "$T/kiosk"
grep -qx kiosk_cast "$T/kiosk" || fail "nm finds no kiosk_cast in ykien-kiosk: stripped?"
grep -qx pstore_open "$T/prov" || fail "nm finds no pstore_open in ykien-province: stripped?"

# 1. Named: the kiosk's own prefixes and the kiosk store's functions.
KIOSK_RE='^(kiosk_|pin_|elig_|codes_|outbox_|upload_|ui_|qr_|config_)'
KIOSK_RE="$KIOSK_RE|^closing_(count|test_report|close|load|save|text|qr_text|test_text)\$"
KIOSK_RE="$KIOSK_RE|^event_(append|verify|head|log_file)\$"
KIOSK_RE="$KIOSK_RE|^store_(open|close|check|slots_|idle|sweep|receipt_each|pool_|slot_|meta_|poll_|put_ballot|ballot_each|count_ballots|code_|counter_|tx_|pin_|event_|tries_|pending_|batch|fault_)"
if grep -E "$KIOSK_RE" "$T/prov" > "$T/bad"; then
	fail "ykien-province links kiosk code: $(tr '\n' ' ' < "$T/bad")"
fi
ok "ykien-province: no symbol matches $KIOSK_RE"

# 2. Exhaustive: no global symbol of any kiosk-only module.
defined "$B/libykien-kiosk.a" > "$T/konly"
[ -s "$T/konly" ] || fail "libykien-kiosk.a defines nothing"
LC_ALL=C comm -12 "$T/konly" "$T/prov" > "$T/bad"
[ -s "$T/bad" ] && fail "ykien-province links kiosk-only modules: $(tr '\n' ' ' < "$T/bad")"
ok "ykien-province: none of the $(wc -l < "$T/konly") symbols of libykien-kiosk.a"

# 3. And the other way: the kiosk holds no province module.
defined "$B/libykien-province.a" > "$T/ponly"
LC_ALL=C comm -12 "$T/ponly" "$T/kiosk" > "$T/bad"
[ -s "$T/bad" ] && fail "ykien-kiosk links province-only modules: $(tr '\n' ' ' < "$T/bad")"
grep -E '^pstore_' "$T/kiosk" && fail "ykien-kiosk links the province store"
ok "ykien-kiosk: none of the $(wc -l < "$T/ponly") symbols of libykien-province.a"
# The province store's PostgreSQL driver stays out of the kiosk entirely.
if command -v ldd >/dev/null && ldd "$KIOSK" | grep -q libpq; then
	fail "ykien-kiosk is linked with libpq"
fi
exit 0
