# `ykien-kiosk pin reset`: a blocked role's PIN is reset only with the
# other role's PIN; a wrong one changes nothing; the old PIN then fails,
# the new one works, and a signed pin-reset event is in the chain.
# Reaching "blocked" for real takes three 15-minute lockouts (the count
# itself is unit-tested with a moved clock in test-pin), so the three
# lockouts are written into the store here, as pin.c keeps them.
. "$TOP/tests/e2e/lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 not installed"
setup_kiosk
D="$T/kiosk"
YKIEN_PIN=246813 "$KIOSK" pin set --dir "$D" --role official >/dev/null
YKIEN_PIN=135792 "$KIOSK" pin set --dir "$D" --role front >/dev/null
unset YKIEN_PIN_OFFICIAL YKIEN_PIN_FRONT YKIEN_PIN YKIEN_PIN_OLD

sqlite3 "$D/kiosk.db" "INSERT OR REPLACE INTO meta(key, value) VALUES
    ('pin.lockouts.official', '3 0')"
set +e
YKIEN_PIN=246813 "$KIOSK" pin check --dir "$D" --role official >"$T/out" 2>"$T/err"
rc=$?
set -e
[ $rc -ne 0 ] || fail "a blocked PIN was accepted"
expect_msg "pin reset --role official"

# The wrong other-role PIN, the role's own PIN, a short new PIN: refused,
# and the role stays blocked.
# (A wrong PIN makes the next try wait 2 s, then 4 s: the sleeps.)
for bad in "YKIEN_PIN_FRONT=135792 YKIEN_PIN=12" \
    "YKIEN_PIN_FRONT=999999 YKIEN_PIN=975310" \
    "YKIEN_PIN_FRONT=246813 YKIEN_PIN=975310"; do
	set +e
	env $bad "$KIOSK" pin reset --dir "$D" --role official >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	[ $rc -ne 0 ] || fail "reset with $bad succeeded"
	grep -q . "$T/err" || fail "reset with $bad: no message"
	grep -q "wait [0-9]* s before" "$T/err" && fail "reset with $bad: refused only for the delay"
	case $bad in *999999*) sleep 2.2 ;; *246813*) sleep 4.2 ;; esac
done
[ "$(sqlite3 "$D/kiosk.db" "SELECT value FROM meta WHERE key = 'pin.lockouts.official'")" = "3 0" ] ||
    fail "a refused reset unblocked the role"
n0=$("$KIOSK" events --dir "$D" | grep -c "pin-reset" || true)

# The Front's PIN and a new one: reset.
out=$(YKIEN_PIN_FRONT=135792 YKIEN_PIN=975310 "$KIOSK" pin reset --dir "$D" --role official) ||
    fail "reset: $out"
echo "$out" | grep -q "official PIN reset" || fail "reset said: $out"
set +e
YKIEN_PIN=246813 "$KIOSK" pin check --dir "$D" --role official >/dev/null 2>&1
rc=$?
set -e
[ $rc -ne 0 ] || fail "the old PIN still works after the reset"
sleep 2.2
YKIEN_PIN=975310 "$KIOSK" pin check --dir "$D" --role official >/dev/null ||
    fail "the new PIN does not work"
"$KIOSK" events --dir "$D" >"$T/events" || fail "the event chain does not verify"
[ "$(grep -c "pin-reset" "$T/events")" -eq $((n0 + 1)) ] ||
    fail "no pin-reset event: $(tail -n 3 "$T/events")"
ok "a blocked PIN reset only with the other role's PIN; signed event"
