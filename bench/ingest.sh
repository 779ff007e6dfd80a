#!/bin/sh
# Province ingest end to end: several kiosks POST signed batches of 1,000
# ballots over HTTP on 127.0.0.1 to `ykien-province serve`, which checks
# and stores them; the rate beside raw Ed25519 verification on every core
# at once, measured right before and right after the ingest and averaged
# (on a shared machine the load moves within seconds: a limit taken a
# minute earlier made the ratio swing from 33% to 80% between runs).
# Batches are generated before the clock starts; the clock covers the
# posts until every acknowledgement is back (so every batch was verified
# and committed).  A second row gives the share of the collector's own
# CPU time that the signature checks alone would take (ballots / the raw
# verifications per CPU second): the ceiling of the ratio above, and a
# figure the load of other programs moves far less.
# Environment from bench/run.sh: B, W, QUICK; from bench/pg.sh INGEST_DB
# (the store's URL) and INGEST_TAG (the row's label).
set -eu
TAG=${INGEST_TAG:+ $INGEST_TAG}
D="$W/ingest${INGEST_TAG:+-$INGEST_TAG}"
mkdir -p "$D/gen"
if [ -n "$QUICK" ]; then NK=2; NB=2; PER=200; LS=0.3
else NK=4; NB=10; PER=1000; LS=2; fi
P="$B/ykien-province"
# The run's province (key and signed poll), with a database of its own.
cp -r "$W/prov" "$D/prov"
[ -z "${INGEST_DB:-}" ] || echo "$INGEST_DB" >"$D/prov/db.url"
cp "$W/ntm.json" "$W/ntm.json.sig" "$D/"
"$P" poll add --dir "$D/prov" "$D/ntm.json" >/dev/null
"$B/tools/bench-gen" batches "$D/ntm.json" "$D/gen" "$NK" "$NB" "$PER" 8
i=0
while [ $i -lt "$NK" ]; do
	"$P" kiosk add --dir "$D/prov" --key "$D/gen/k$i.pub" --commune 14001 \
	    --village "Bản Mẫu" >/dev/null
	i=$((i + 1))
done
"$P" serve --dir "$D/prov" --listen 127.0.0.1:0 >"$D/serve.out" \
    2>"$D/serve.log" &
spid=$!
trap 'kill $spid 2>/dev/null || true' EXIT
n=0
until grep -q '^listening on' "$D/serve.out" 2>/dev/null; do
	n=$((n + 1)); [ $n -lt 200 ] || { cat "$D/serve.log" >&2; exit 1; }
	sleep 0.05
done
url="http://127.0.0.1:$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$D/serve.out")"

"$B/tools/bench-kiosk" verify "$LS" >"$D/lim0"
# The collector's CPU time (utime + stime, clock ticks) is read on each
# side of the posts: its start, which unlocks the province key with the
# passphrase (Argon2id, about 1 s of CPU), is not ingest.
ticks() { awk '{ print $14 + $15 }' "/proc/$spid/stat"; }
# The kiosks start, read their batches and wait at a gate (a FIFO), so
# that the clock times the posts, not the start of NK programs.
rm -f "$D/gate" "$D"/post*.out; mkfifo "$D/gate"
pids=""
i=0
while [ $i -lt "$NK" ]; do
	"$B/tools/bench-post" --gate "$D/gate" "$url" "$D/gen/k$i"-*.bin \
	    >"$D/post$i.out" &
	pids="$pids $!"
	i=$((i + 1))
done
n=0
until [ "$(cat "$D"/post*.out | grep -c '^ready')" -eq "$NK" ]; do
	n=$((n + 1)); [ $n -lt 400 ] || { echo "ingest: kiosks not ready" >&2; exit 1; }
	sleep 0.05
done
c0=$(ticks)
t0=$(date +%s.%N)
# Opened to read and write, which never blocks; held open until the end,
# so that a kiosk that reaches the gate late still passes.
exec 3<>"$D/gate"
for p in $pids; do wait "$p"; done
t1=$(date +%s.%N)
exec 3>&-
c1=$(ticks)
cpu=$(awk -v a="$c0" -v b="$c1" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { print (b - a) / hz }')
"$B/tools/bench-kiosk" verify "$LS" >"$D/lim1"
kill $spid; wait $spid 2>/dev/null || true
trap - EXIT
created=$(grep -c ' 201 created' "$D/serve.log" || true)
[ "$created" -eq $((NK * NB)) ] || { echo "ingest: $created of $((NK * NB)) stored" >&2; exit 1; }

# The limit: raw verification on every core at once, which is cores x
# the single-core rate when the machine is otherwise idle.
cores=$(awk '$1 == "cores" { print $2 }' "$W/kiosk.txt")
l0=$(awk '$1 == "verify_rate_all" { print $2 }' "$D/lim0")
l1=$(awk '$1 == "verify_rate_all" { print $2 }' "$D/lim1")
one=$(awk '$1 == "verify_cpu_rate" { print $2 }' "$D/lim0")
awk -v n=$((NK * NB * PER)) -v t0="$t0" -v t1="$t1" -v l0="$l0" \
    -v l1="$l1" -v c="$cores" -v nk="$NK" -v per="$PER" -v tag="$TAG" \
    -v cpu="$cpu" -v one="$one" 'BEGIN {
	rate = n / (t1 - t0)
	lim = (l0 + l1) / 2
	printf "%-34s %9.0f /s %-30s %8s  %s\n", \
	    sprintf("ingest%s (%d kiosks x %d-ballot)", tag, nk, per), rate, \
	    sprintf("raw verify %d cores %.0f/s", c, lim), \
	    sprintf("%.0f%%", 100 * rate / lim), ">= 60%"
	printf "%-34s %9.2f s  %-30s %8s  %s\n", \
	    sprintf("ingest%s: collector CPU", tag), cpu, \
	    sprintf("signatures alone %.2f s", n / one), \
	    sprintf("%.0f%%", cpu > 0 ? 100 * n / one / cpu : 0), \
	    "(ceiling)"
}'
