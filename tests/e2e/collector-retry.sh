# Collector down, then up: the retry succeeds.  Collector gone after it
# stored a batch but before it answered, and collector killed: the kiosk
# retries and the province still holds every ballot exactly once.
. tests/e2e/collector.lib

province "$T/prov"
kiosk "$T/k1" "$T/prov"
# 10 more than leave: k stay behind while the poll is open.
"$CAST" "$T/k1" 22

# A port where nothing listens: start a collector, note its port, stop it.
serve "$T/prov"
DEAD=$PORT
stop "$SPID"
rc=0
"$K" upload --dir "$T/k1" --url "http://127.0.0.1:$DEAD" 2>"$T/err" || rc=$?
[ $rc -eq 3 ] || fail "collector down: exit $rc, expected 3"
grep -q "retry later" "$T/err" || fail "no retry advice: $(cat "$T/err")"
[ -z "$(kiosk_uploaded "$T/k1")" ] || fail "marked while down"

# The upload retries with backoff while the collector comes back.
"$K" upload --dir "$T/k1" --retries 8 --retry-base 200 >"$T/out" 2>"$T/err" &
UP=$!
sleep 0.3
LISTEN_PORT=$DEAD serve "$T/prov"
wait $UP || fail "retry did not succeed: $(cat "$T/err")"
grep -q "uploaded 1 batches (12 ballots)" "$T/out" || fail "$(cat "$T/out")"
grep -q "retry 1 of 8" "$T/err" || fail "no retry happened"

# Stored but never answered (the connection drops after the store).
"$CAST" "$T/k1" 10
standin drop "$URL"
rc=0
"$K" upload --dir "$T/k1" --url "$XURL" 2>"$T/err" || rc=$?
[ $rc -eq 3 ] || fail "dropped reply: exit $rc"
# The stand-in may still be relaying when the kiosk gives up (its own
# timeout under load): wait, bounded, for the store to land.
i=0
while [ "$(province_ballots "$T/prov" | wc -l)" -ne 22 ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
[ "$(province_ballots "$T/prov" | wc -l)" -eq 22 ] || fail "not stored"
[ "$(kiosk_uploaded "$T/k1" | wc -l)" -eq 12 ] || fail "marked without ack"
"$K" upload --dir "$T/k1" --url "$URL" | grep -q "uploaded 1 batches (10" ||
    fail "resend after a dropped reply"
grep -q "200 already-held" "$T/serve.log" || fail "resend was not a 200"

# Killed outright (SIGKILL) while the kiosk has a batch to send.
"$CAST" "$T/k1" 10
kill -9 "$SPID"; wait "$SPID" 2>/dev/null || true; forget "$SPID"
rc=0
"$K" upload --dir "$T/k1" 2>/dev/null || rc=$?
[ $rc -eq 3 ] || fail "killed collector: exit $rc"
LISTEN_PORT=$DEAD serve "$T/prov"
"$K" upload --dir "$T/k1" --url "$URL" | grep -q "uploaded 1 batches (10" ||
    fail "after restart"

kiosk_uploaded "$T/k1" >"$T/kb"
province_ballots "$T/prov" >"$T/pb"
[ "$(wc -l <"$T/pb")" -eq 32 ] || fail "province holds $(wc -l <"$T/pb")"
cmp -s "$T/kb" "$T/pb" || fail "kiosk and province differ"
[ "$(sort -u "$T/pb" | wc -l)" -eq 32 ] || fail "a ballot is doubled"
echo "ok"
