# A captive portal's HTML 200, and a tampered acknowledgement: the kiosk
# marks nothing, and a later pass against the real collector does.
. tests/e2e/collector.lib

province "$T/prov"
kiosk "$T/k1" "$T/prov"
serve "$T/prov"
# 10 more than leave: k stay behind while the poll is open.
"$CAST" "$T/k1" 20

standin portal
rc=0
"$K" upload --dir "$T/k1" --url "$XURL" 2>"$T/err" || rc=$?
[ $rc -eq 3 ] || fail "portal: exit $rc, expected 3"
grep -q "captive portal" "$T/err" || fail "portal message: $(cat "$T/err")"
[ -z "$(kiosk_uploaded "$T/k1")" ] || fail "marked after a portal page"
stop "$XPID"

standin tamper "$URL"
rc=0
"$K" upload --dir "$T/k1" --url "$XURL" 2>"$T/err" || rc=$?
[ $rc -eq 3 ] || fail "tampered ack: exit $rc, expected 3"
grep -q "bad signature" "$T/err" || fail "tamper message: $(cat "$T/err")"
[ -z "$(kiosk_uploaded "$T/k1")" ] || fail "marked after a tampered ack"
[ "$(province_ballots "$T/prov" | wc -l)" -eq 10 ] || fail "not stored"

"$K" upload --dir "$T/k1" --url "$URL" | grep -q "uploaded 1 batches" ||
    fail "real collector"
[ "$(kiosk_uploaded "$T/k1" | wc -l)" -eq 10 ] || fail "not marked at last"
[ "$(province_ballots "$T/prov" | wc -l)" -eq 10 ] || fail "doubled"
echo "ok"
