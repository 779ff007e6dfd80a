# Several collectors, one store (PostgreSQL): two `serve` processes on two
# ports share one database (and reconnect when it restarts).  The same batch posted to both at the same
# moment is stored once, and both answer with the same signed
# acknowledgement.  Then three kiosks upload to both while one collector is
# killed with SIGKILL mid-load: after the kiosks retry on the other,
# nothing is lost and nothing is doubled.
YKIEN_TEST_DB=postgresql
. tests/e2e/collector.lib

province "$T/prov"
for k in k1 k2 k3; do kiosk "$T/$k" "$T/prov"; done
serve "$T/prov"; A_PID=$SPID; A=$URL
serve "$T/prov"; B_PID=$SPID; B=$URL
[ "$A" != "$B" ] || fail "one port for two collectors"

# post_to URL FILE OUT: POST a batch, the reply body in OUT, status on stdout.
post_to() {
	curl -s -o "$3" -w '%{http_code}' --data-binary "@$2" \
	    -H 'Content-Type: application/octet-stream' "$1/v1/batches"
}

# One batch at a time, formed by the kiosk against a port where nothing
# listens, then sent to both collectors at once.
serve "$T/prov"; DEAD=$URL; stop "$SPID"
# A batch leaves only with k (10) more ballots still waiting behind it.
"$CAST" "$T/k1" 10
i=0
while [ $i -lt 6 ]; do
	i=$((i + 1))
	"$CAST" "$T/k1" 10
	"$K" upload --dir "$T/k1" --url "$DEAD" 2>/dev/null && fail "upload to nothing"
	rm -f "$T/b.bin"
	sql "$T/k1/kiosk.db" "SELECT writefile('$T/b.bin', blob) FROM batches
	    WHERE acked = 0 ORDER BY id LIMIT 1" >/dev/null
	[ -s "$T/b.bin" ] || fail "round $i: no batch formed"
	post_to "$A" "$T/b.bin" "$T/ra" >"$T/sa" &
	pa=$!
	post_to "$B" "$T/b.bin" "$T/rb" >"$T/sb" &
	pb=$!
	wait $pa; wait $pb
	st="$(cat "$T/sa") $(cat "$T/sb")"
	case "$st" in "201 200"|"200 201") ;; *) fail "round $i: statuses $st" ;; esac
	cmp -s "$T/ra" "$T/rb" || fail "round $i: two different acknowledgements"
	# The kiosk takes the acknowledgement and marks the batch.
	"$K" upload --dir "$T/k1" --url "$B" >/dev/null || fail "round $i: resend"
done
n=$(sql "$T/prov/province.db" "SELECT count(*) FROM batches")
[ "$n" -eq 6 ] || fail "$n batches stored for 6 sent twice"
exactly_once "$T/k1"
echo "ok: the same batch to two collectors at once: stored once, one acknowledgement"

# Load from three kiosks on both collectors; A is killed mid-way.
round=0
while [ $round -lt 6 ]; do
	round=$((round + 1))
	ups=""
	for k in k1 k2 k3; do
		"$CAST" "$T/$k" 25
		case $k in k2) u=$B ;; *) u=$A ;; esac
		"$K" upload --dir "$T/$k" --url "$u" >/dev/null 2>&1 &
		ups="$ups $!"
	done
	if [ $round -eq 3 ]; then
		kill -9 "$A_PID"; wait "$A_PID" 2>/dev/null || true; forget "$A_PID"
	fi
	for p in $ups; do wait "$p" || true; done
done
for k in k1 k2 k3; do
	"$K" poll close --dir "$T/$k" demo-2026 >/dev/null
	"$K" upload --dir "$T/$k" --url "$B" --retries 3 >/dev/null ||
	    fail "$k: final upload to the surviving collector"
done
# Closed polls: every ballot leaves, none waits.
WAIT_LO=0 WAIT_HI=0
exactly_once "$T/k1" "$T/k2" "$T/k3"
n=$(sql "$T/prov/province.db" "SELECT count(*) FROM ballots")
[ "$n" -eq $((10 + 60 + 3 * 6 * 25)) ] || fail "province holds $n ballots"
curl -s -f "$B/v1/health" >/dev/null || fail "the surviving collector stopped"
echo "ok: three kiosks, two collectors, one killed: nothing lost, nothing doubled"

# The database restarts under the surviving collector (a failover looks
# the same to it): the next request may fail (500, the kiosk retries),
# then the collector reconnects by itself.
pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w restart >/dev/null 2>&1 ||
    fail "PostgreSQL did not restart"
kiosk "$T/k4" "$T/prov"
"$CAST" "$T/k4" 25
"$K" upload --dir "$T/k4" --url "$B" --retries 3 --retry-base 200 >/dev/null 2>&1 ||
    fail "no upload after the database restarted"
WAIT_HI=19
exactly_once "$T/k1" "$T/k2" "$T/k3" "$T/k4"
echo "ok"
