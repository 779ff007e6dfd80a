#!/bin/sh
# Audit and tally of 1,000,000 ballots (QUICK: 10,000).
#   audit: `ykien-province audit` beside raw verification on every core at
#          once (bench-kiosk, same run): goal >= 70%.
#   tally: `ykien-province tally` beside one raw indexed GROUP BY in the
#          sqlite3 shell that counts every answer of every question per
#          kiosk from the same rows (bench-gen groupby): goal <= 2x.
# The province (key, signed poll, 100 kiosks of 10,000 ballots, batches
# of 1,000 with acknowledgements) is generated once by bench-gen db and
# cached under $B/bench-cache, keyed by the count, the seed and the bytes
# of the poll, of the generator and of the store's schema (src/pstore.c:
# a cache of an older schema would be migrated inside the timed audit);
# later runs reuse it.  Its database is
# copied before each run so that a run never changes the cache.
# Environment from bench/run.sh: B, W, QUICK.
set -eu
if [ -n "$QUICK" ]; then N=10000; else N=1000000; fi
SEED=6
P="$B/ykien-province"
POLL=son-la-ntm-2026-14001
key=$(cat kiosk-config/polls/ntm-2026.json tests/tools/bench-gen.c src/pstore.c |
    sha256sum | cut -c1-12)
C="$B/bench-cache/audit-$N-$SEED-$key"
if [ ! -f "$C/done" ]; then
	rm -rf "$C"
	mkdir -p "$C"
	"$P" init --dir "$C/prov" >/dev/null
	cp kiosk-config/polls/ntm-2026.json "$C/ntm.json"
	sed -i 's/"household-code"/"open"/' "$C/ntm.json"
	"$P" poll sign --dir "$C/prov" "$C/ntm.json" >/dev/null
	"$P" poll add --dir "$C/prov" "$C/ntm.json" >/dev/null
	"$B/tools/bench-gen" db "$C/prov" "$C/ntm.json" "$N" "$SEED" >/dev/null
	sqlite3 "$C/prov/province.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	touch "$C/done"
fi
D="$W/audit"
rm -rf "$D"
cp -r "$C/prov" "$D"
"$B/tools/bench-gen" groupby "$C/ntm.json" >"$W/groupby.sql"

ms() { echo $((($2 - $1) / 1000000)); }
# The audit: its exit status is 1 when a check fails, and some do here
# (no closing records or event logs were generated): only the ballot
# pass is timed, by the wall clock around the whole command.
t0=$(date +%s%N)
"$P" audit --dir "$D" --poll "$POLL" >"$W/audit.out" 2>"$W/audit.err" || true
t1=$(date +%s%N)
grep -q "signature" "$W/audit.out" || { cat "$W/audit.out" "$W/audit.err" >&2; exit 1; }
t2=$(date +%s%N)
# --preliminary: the generated province has no closing records.
"$P" tally --dir "$D" --poll "$POLL" --format csv --preliminary >"$W/tally.out" 2>"$W/tally.err"
t3=$(date +%s%N)
sqlite3 -readonly "$D/province.db" <"$W/groupby.sql" >"$W/groupby.out"
t4=$(date +%s%N)
[ "$(wc -l <"$W/groupby.out")" -ge 1 ] || { echo "groupby: no rows" >&2; exit 1; }

lim=$(awk '$1 == "verify_rate_all" { print $2 }' "$W/kiosk.txt")
cores=$(awk '$1 == "cores" { print $2 }' "$W/kiosk.txt")
awk -v n="$N" -v a="$(ms "$t0" "$t1")" -v t="$(ms "$t2" "$t3")" \
    -v g="$(ms "$t3" "$t4")" -v lim="$lim" -v c="$cores" 'BEGIN {
	rate = n / (a / 1000)
	printf "%-34s %9.0f /s %-30s %8s  %s\n", \
	    sprintf("audit %d ballots (%.1f s)", n, a / 1000), rate, \
	    sprintf("raw verify %d cores %.0f/s", c, lim), \
	    sprintf("%.0f%%", 100 * rate / lim), ">= 70%"
	printf "%-34s %9.0f ms %-30s %8s  %s\n", \
	    sprintf("tally %d ballots", n), t, \
	    sprintf("raw GROUP BY %.0f ms", g), \
	    sprintf("%.2fx", g > 0 ? t / g : 0), "<= 2x"
}'
