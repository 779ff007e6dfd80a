#!/bin/sh
# Uploader: `ykien-kiosk upload` of 10,000 pending ballots to a collector
# on 127.0.0.1, beside the same bytes (the batches the uploader formed)
# POSTed by a bare libcurl loop (tests/tools/bench-post.c) to a second,
# identical collector.  Both collectors verify and store the same batches,
# so the ratio is what the uploader adds: forming and signing batches, its
# SQLite bookkeeping, the acknowledgement checks, process start.
# Environment from bench/run.sh: B, W, QUICK.
set -eu
D="$W/upload"
mkdir -p "$D/blobs"
if [ -n "$QUICK" ]; then N=500; else N=10000; fi
P="$B/ykien-province"
K="$B/ykien-kiosk"
"$K" init --dir "$D/kiosk" --province-key "$W/prov/province.pub" \
    --commune 14001 --village "Bản Mẫu" >/dev/null
"$K" poll load --dir "$D/kiosk" "$W/ntm.json" >/dev/null
"$K" poll test --dir "$D/kiosk" son-la-ntm-2026-14001 >/dev/null
"$K" poll open --dir "$D/kiosk" son-la-ntm-2026-14001 >/dev/null
# Pending ballots, signed by the kiosk's key, in one transaction.
"$B/tools/bench-gen" fill "$D/kiosk" "$N" 5 >"$D/fill.sql"	# not a pipe: run.sh
sqlite3 "$D/kiosk/kiosk.db" <"$D/fill.sql"
# bench-gen put the ballots in past the kiosk's pool, which the next open
# grows and shuffles (store_open); on a poll day the voter screen's idle
# steps grow it a cast at a time.  That growth is not the uploader's work:
# it happens here, before the clock starts.
"$K" status --dir "$D/kiosk" >/dev/null
for x in a b; do
	cp -r "$W/prov" "$D/prov-$x"
	"$P" poll add --dir "$D/prov-$x" "$W/ntm.json" >/dev/null
	"$P" kiosk add --dir "$D/prov-$x" --key "$D/kiosk/kiosk.pub" \
	    --commune 14001 --village "Bản Mẫu" >/dev/null
done
spids=""
trap 'for p in $spids; do kill $p 2>/dev/null || true; done' EXIT
for x in a b; do
	"$P" serve --dir "$D/prov-$x" --listen 127.0.0.1:0 >"$D/serve-$x.out" \
	    2>"$D/serve-$x.log" &
	spids="$spids $!"
done
port() {
	n=0
	until grep -q '^listening on' "$1" 2>/dev/null; do
		n=$((n + 1)); [ $n -lt 200 ] || exit 1
		sleep 0.05
	done
	sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$1"
}
ua="http://127.0.0.1:$(port "$D/serve-a.out")"
ub="http://127.0.0.1:$(port "$D/serve-b.out")"

t0=$(date +%s%N)
"$K" upload --dir "$D/kiosk" --url "$ua" >"$D/upload.out"
t1=$(date +%s%N)
# The poll is open, so k = 10 stay behind (outbox.h).
grep -q "($((N - 10)) ballots)" "$D/upload.out" || { cat "$D/upload.out" >&2; exit 1; }
nb=$(sqlite3 "$D/kiosk/kiosk.db" "SELECT count(*) FROM batches WHERE acked = 1")
sqlite3 "$D/kiosk/kiosk.db" "SELECT writefile('$D/blobs/' || hex(id) || '.bin',
    blob) FROM batches" >/dev/null
t2=$(date +%s%N)
"$B/tools/bench-post" "$ub" "$D/blobs/"*.bin >"$D/post.out"
t3=$(date +%s%N)
[ "$(grep -c ' 201 created' "$D/serve-b.log")" -eq "$nb" ] ||
    { echo "upload: the bare loop's batches were not all stored" >&2; exit 1; }

awk -v u=$(((t1 - t0) / 1000)) -v r=$(((t3 - t2) / 1000)) -v n="$((N - 10))" \
    -v nb="$nb" 'BEGIN {
	printf "%-34s %9.0f ms %-30s %8s  %s\n", \
	    sprintf("upload %d ballots (%d batches)", n, nb), u / 1000, \
	    sprintf("bare libcurl loop %.0f ms", r / 1000), \
	    sprintf("%.2fx", r > 0 ? u / r : 0), "<= 1.5x"
}'
