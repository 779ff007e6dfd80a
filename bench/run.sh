#!/bin/sh
# make bench: every figure beside the limit it chases, measured in this run
# on this machine, with the ratio and the goal.  Writes $B/bench.txt.
# QUICK=1 runs in seconds (make check runs it so the harness keeps working);
# the harness fails only if it breaks, never on a figure.
set -eu
B=${B:-build}
QUICK=${QUICK:-}
case "$B" in /*) ;; *) B="$(pwd)/$B" ;; esac
W="$B/bench-work"
rm -rf "$W"; mkdir -p "$W"
export YKIEN_PASSPHRASE=bench YKIEN_PWHASH_COST=min
if [ -n "$QUICK" ]; then NCAST=20; else NCAST=500; fi
OUT="$B/bench.txt"

# A kiosk on the same filesystem as the build, with the 20-question poll.
"$B/ykien-province" init --dir "$W/prov" >/dev/null
cp kiosk-config/polls/ntm-2026.json "$W/ntm.json"
sed -i 's/"household-code"/"open"/' "$W/ntm.json"
"$B/ykien-province" poll sign --dir "$W/prov" "$W/ntm.json" >/dev/null
"$B/ykien-kiosk" init --dir "$W/kiosk" --province-key "$W/prov/province.pub" \
    --commune 14001 --village "Bản Mẫu" >/dev/null
"$B/ykien-kiosk" poll load --dir "$W/kiosk" "$W/ntm.json" >/dev/null
"$B/ykien-kiosk" poll test --dir "$W/kiosk" son-la-ntm-2026-14001 >/dev/null
"$B/ykien-kiosk" poll open --dir "$W/kiosk" son-la-ntm-2026-14001 >/dev/null
# The cast must not grow with the ballots held: the same casts into a store
# that holds 100 ballots and into one that holds 5,000 (signed ballots put
# in by bench-gen; the kiosk grows and shuffles the pool at its start).
cp -r "$W/kiosk" "$W/kiosk5k"
# (Into a file first: the shell must not open the store while bench-gen
# has it open, as its WAL index is not the kiosk's: OPERATIONS.md.)
"$B/tools/bench-gen" fill "$W/kiosk" 100 7 >"$W/fill100.sql"
sqlite3 "$W/kiosk/kiosk.db" <"$W/fill100.sql"
"$B/tools/bench-gen" fill "$W/kiosk5k" 5000 8 >"$W/fill5k.sql"
sqlite3 "$W/kiosk5k/kiosk.db" <"$W/fill5k.sql"
# The two stores' casts and the raw sync take turns (bench-kiosk), so the
# disk's noise falls on all three alike.
"$B/tools/bench-kiosk" "$W/kiosk" "$W/kiosk5k" "$NCAST" > "$W/kiosk.txt"

val() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

{
	# The load average says how far the machine was shared.
	echo "ykien benchmarks ($(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores${QUICK:+, QUICK}; load average $(cut -d' ' -f1-3 /proc/loadavg))"
	printf '%-34s %12s %-30s %8s  %s\n' figure value "limit (same run)" ratio goal
	x="$W/kiosk.txt"
	f50=$(val fsync_p50 "$x"); f99=$(val fsync_p99 "$x")
	for h in 100 5000; do
		t=; [ $h = 100 ] || t=_2
		c50=$(val cast_p50$t "$x"); c99=$(val cast_p99$t "$x")
		printf '%-34s %9s ms %-30s %8s  %s\n' "cast latency p50 ($h held)" "$c50" \
		    "raw 4K+fdatasync p50 $f50 ms" "$(ratio "$c50" "$f50")x" "<= 4x"
		printf '%-34s %9s ms %-30s %8s  %s\n' "cast latency p99 ($h held)" "$c99" \
		    "raw 4K+fdatasync p99 $f99 ms" "$(ratio "$c99" "$f99")x" "<= 10x"
		printf '%-34s %9s ms %-30s %8s  %s\n' "idle step after a cast p50" \
		    "$(val idle_p50$t "$x")" "(after thank-you; not in cast)" "-" "-"
	done
	a=$(val cast_p50 "$x"); b=$(val cast_p50_2 "$x")
	printf '%-34s %9s ms %-30s %8s  %s\n' "cast p50, 5000 held ($NCAST casts)" "$b" \
	    "cast p50, 100 held $a ms" "$(ratio "$b" "$a")x" "<= 1.3x"
	printf '%-34s %9s /s %-30s %8s  %s\n' "raw Ed25519 verify (1 core)" \
	    "$(val verify_rate "$W/kiosk.txt")" "(x cores, ideally:)" "-" "-"
	printf '%-34s %9s /s %-30s %8s  %s\n' \
	    "raw Ed25519 verify ($(val cores "$W/kiosk.txt") cores at once)" \
	    "$(val verify_rate_all "$W/kiosk.txt")" "(limit for ingest/audit)" \
	    "$(ratio "$(val verify_rate_all "$W/kiosk.txt")" \
	    "$(val verify_rate "$W/kiosk.txt")")x" "-"
	for f in bench/*.sh; do
		[ "$f" = bench/run.sh ] && continue
		# A script that breaks breaks the harness; a slow figure never.
		B="$B" W="$W" QUICK="$QUICK" sh "$f" 2>"$W/$(basename "$f").err" ||
		    { echo "$f failed:" >&2; cat "$W/$(basename "$f").err" >&2;
		      echo "$f" >>"$W/failed"; }
	done
	echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
if [ -s "$W/failed" ]; then
	echo "bench: harness broken in: $(cat "$W/failed")" >&2
	exit 1
fi
echo "written to $OUT"
