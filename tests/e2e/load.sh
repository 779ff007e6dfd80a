# Load: four kiosks with a few hundred ballots each upload at once, in
# rounds, to one collector, while a bounded stream of malformed requests
# and a crowd of slow clients (headers a byte at a time, then a stall) hit
# it (tests/tools/hammer.py).  Every /v1/health probe throughout must
# answer 200 within 5 s, every upload must succeed, every complete bad
# request must get a 4xx (or a closed connection), the stalled clients must
# be dropped by the collector's idle timeout, and at the end the province
# holds each ballot of every kiosk exactly once.  Bounded: 300
# bad requests, 16 slow clients, 3 rounds, 60 s at most; 127.0.0.1 only.
. tests/e2e/collector.lib
KIOSKS="k1 k2 k3 k4"

province "$T/prov"
for k in $KIOSKS; do kiosk "$T/$k" "$T/prov"; done
# A short idle timeout: the stalled clients must be dropped by it.
# Every client here shares 127.0.0.1: no per-address limit (that one is
# collector-abuse.sh's).
serve "$T/prov" --timeout 2 --max-per-ip 0

: >"$T/hammer.out"
python3 "$TOP/tests/tools/hammer.py" "$PORT" "$T/stop" --bad 300 --slow 16 \
    --seconds 60 --limit 5 --drop 10 >"$T/hammer.out" 2>&1 &
HPID=$!
PIDS="$PIDS $HPID"
i=0
until grep -q '^ready' "$T/hammer.out"; do
	i=$((i + 1))
	[ $i -le 200 ] || fail "the slow clients did not connect: $(cat "$T/hammer.out")"
	kill -0 "$HPID" 2>/dev/null || fail "hammer died: $(cat "$T/hammer.out")"
	sleep 0.05
done

uploads=0 round=0
for n in 300 100 100; do
	round=$((round + 1))
	ups=""
	for k in $KIOSKS; do "$CAST" "$T/$k" "$n" & ups="$ups $!"; done
	for u in $ups; do wait "$u" || fail "cast, round $round"; done
	ups=""
	for k in $KIOSKS; do
		"$K" upload --dir "$T/$k" --url "$URL" --timeout 30 \
		    >"$T/up-$k.out" 2>"$T/up-$k.err" &
		ups="$ups $!"
	done
	for u in $ups; do
		wait "$u" || fail "an upload failed under load (round $round): $(cat "$T"/up-*.err)"
		uploads=$((uploads + 1))
	done
done
touch "$T/stop"
rc=0; wait "$HPID" || rc=$?
forget "$HPID"
cat "$T/hammer.out"
[ $rc -eq 0 ] || fail "the collector misbehaved under load"
kill -0 "$SPID" 2>/dev/null || fail "the collector died"
health || fail "no health after the load"

exactly_once "$T/k1" "$T/k2" "$T/k3" "$T/k4"
integrity "$T/prov/province.db"
bad=$(sed -n 's/^bad requests: \([0-9]*\) sent.*/\1/p' "$T/hammer.out")
probes=$(sed -n 's/^health probes: \([0-9]*\),.*/\1/p' "$T/hammer.out")
echo "ok: $uploads uploads ($(province_ballots "$T/prov" | wc -l) ballots, each held once), $bad bad requests, 16 slow clients, $probes health probes: $((uploads + bad + 16 + probes)) requests"
