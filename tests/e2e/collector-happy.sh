# Kiosk -> collector on 127.0.0.1 with real libcurl: the k rule, the
# upload, the closing flush, and a replayed batch (200, nothing doubled).
. tests/e2e/collector.lib

province "$T/prov"
kiosk "$T/k1" "$T/prov"
serve "$T/prov"

# While the poll is open a batch leaves only if k = 10 stay behind: with
# 7 pending nothing leaves the kiosk.
"$CAST" "$T/k1" 7
out=$("$K" upload --dir "$T/k1" --url "$URL")
echo "$out" | grep -q "nothing to upload" || fail "7 ballots uploaded: $out"
[ -z "$(province_ballots "$T/prov")" ] || fail "province got ballots below k"

# 35 pending: one batch of 25, 10 stay; the URL was remembered.
"$CAST" "$T/k1" 28
out=$("$K" upload --dir "$T/k1")
echo "$out" | grep -q "uploaded 1 batches (25 ballots)" || fail "upload: $out"
[ "$(province_ballots "$T/prov" | wc -l)" -eq 25 ] || fail "province count"
"$K" status --dir "$T/k1" | grep -q "last acknowledgement: .* (upload)" ||
    fail "status: no last acknowledgement by upload"

# Open poll, 5 more (15 pending): a batch would leave 5, so they wait.
# Closed: the 15 are flushed, never a batch under k.
"$CAST" "$T/k1" 5
"$K" upload --dir "$T/k1" | grep -q "nothing to upload" || fail "left early"
"$K" poll close --dir "$T/k1" demo-2026 >/dev/null
out=$("$K" upload --dir "$T/k1")
echo "$out" | grep -q "uploaded 1 batches (15 ballots)" || fail "flush: $out"

# The province has exactly the kiosk's ballots, each once.
kiosk_uploaded "$T/k1" >"$T/kb"
province_ballots "$T/prov" >"$T/pb"
[ "$(wc -l <"$T/kb")" -eq 40 ] || fail "kiosk marked $(wc -l <"$T/kb")"
cmp -s "$T/kb" "$T/pb" || fail "province ballots differ from the kiosk's"
"$K" upload --dir "$T/k1" | grep -q "nothing to upload" || fail "second pass"

# Replay a stored batch by hand: 200, the same ack, nothing changes.
sql "$T/k1/kiosk.db" "SELECT writefile('$T/replay.bin', blob) FROM batches
    ORDER BY id LIMIT 1" >/dev/null
sql "$T/k1/kiosk.db" "SELECT writefile('$T/ack.bin', ack) FROM batches
    ORDER BY id LIMIT 1" >/dev/null
before=$(digest "$T/prov")
[ "$(post "$T/replay.bin")" = "200 ack" ] || fail "replay not 200"
cmp -s "$T/reply" "$T/ack.bin" || fail "replay got another acknowledgement"
[ "$(digest "$T/prov")" = "$before" ] || fail "replay changed the store"
# The province keeps each ballot once: of the batch only its envelope
# (header and signature); put back together, it is the batch sent.
id=$(sql "$T/k1/kiosk.db" "SELECT hex(id) FROM batches ORDER BY id LIMIT 1")
pk=$(sql "$T/prov/province.db" "SELECT poll || ' ' || hex(kiosk) FROM batches
    WHERE hex(id) = '$id'")
# shellcheck disable=SC2086 # poll and kiosk, two words
"$TOP/$B/tools/batch-join" "$T/prov" $pk "$id" "$T/joined.bin" >"$T/join.out" ||
    fail "batch-join: $(cat "$T/join.out")"
cmp -s "$T/replay.bin" "$T/joined.bin" || fail "the stored batch does not join back"
stored=$(sql "$T/prov/province.db" "SELECT length(blob) FROM batches WHERE hex(id) = '$id'")
[ "$stored" -lt 300 ] || fail "the batch blob still holds its ballots ($stored bytes)"
health || fail "health"
grep -q "POST /v1/batches 201 created ballots=25" "$T/serve.log" ||
    fail "no request log line"
echo "ok"
