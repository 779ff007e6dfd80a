# Crash loops around the upload (a power cut at the kiosk, a collector that
# dies): SIGKILL `ykien-kiosk upload` at moments spread over a whole pass,
# then SIGKILL the collector at moments spread over ingest while several
# kiosks upload.  After every kill the stores are reopened and checked:
# both pass integrity_check, no ballot is marked uploaded that the province
# lacks, and once an upload pass has run to the end the province holds each
# ballot of every kiosk exactly once.
# SIGKILL loses no page cache, so these kills test the same on tmpfs,
# where a sync costs nothing (on a busy disk the casting alone took 50 s).
if [ -d /dev/shm ] && [ -w /dev/shm ]; then TMPDIR=/dev/shm; export TMPDIR; fi
. tests/e2e/collector.lib
KILLS=${KILLS:-30}	# kiosk kills; half as many collector kills

province "$T/prov"
for k in k1 k2 k3; do kiosk "$T/$k" "$T/prov"; done
serve "$T/prov"

# finish KDIR: one more upload pass, which must succeed.
finish() {
	"$K" upload --dir "$1" --url "$URL" >"$T/up.out" 2>"$T/up.err" ||
	    fail "$1: upload after the kill failed: $(cat "$T/up.err")"
}

# How long a pass takes here (the fastest of three): the kills are spread
# over 0 .. 1 times it.  Only the spread depends on it, never a verdict.
pass_ms=100000
for n in 1 2 3; do
	"$CAST" "$T/k1" 20
	t0=$(date +%s%N)
	"$K" upload --dir "$T/k1" --url "$URL" >/dev/null || fail "upload $n"
	t=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ "$t" -ge "$pass_ms" ] || pass_ms=$t
done
[ "$pass_ms" -ge 5 ] || pass_ms=5
echo "one upload pass of 20 ballots: ${pass_ms} ms"

# 1. The kiosk's uploader killed.  The state after the kill says where it
# landed: no batch formed yet, formed but not held, held but not marked
# (acknowledgement lost with the process), or done before the signal.
killed=0 early=0 formed=0 unmarked=0 done=0
i=0
while [ $i -lt "$KILLS" ]; do
	i=$((i + 1))
	"$CAST" "$T/k1" 20 || fail "cast"
	before=$(province_ballots "$T/prov" | wc -l)
	"$K" upload --dir "$T/k1" --url "$URL" >/dev/null 2>&1 &
	up=$!
	us=$(( ((i - 1) * pass_ms * 1000) / KILLS ))
	sleep "$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))"
	kill -9 "$up" 2>/dev/null || true
	rc=0; wait "$up" || rc=$?
	integrity "$T/k1/kiosk.db"
	marks_consistent "$T/k1"
	if [ $rc -eq 137 ]; then
		killed=$((killed + 1))
		held=$(province_ballots "$T/prov" | wc -l)
		pend=$(sql "$T/k1/kiosk.db" "SELECT count(*) FROM batches WHERE acked = 0")
		if [ "$held" -gt "$before" ]; then unmarked=$((unmarked + 1))
		elif [ "$pend" -gt 0 ]; then formed=$((formed + 1))
		else early=$((early + 1)); fi
	else
		[ $rc -eq 0 ] || fail "upload $i exited $rc before the kill"
		done=$((done + 1))
	fi
	finish "$T/k1"
	exactly_once "$T/k1"
done
# The first kill comes right after the fork: it always lands.
echo "kiosk uploader: $killed kills ($early before a batch, $formed batch formed not held, $unmarked held not marked), $done passes ended before the signal"
[ $killed -gt 0 ] || fail "no kill landed during an upload"

# 2. The collector killed during ingest while three kiosks upload.
SKILLS=$((KILLS / 2))
skilled=0 cut=0
i=0
while [ $i -lt $SKILLS ]; do
	i=$((i + 1))
	for k in k1 k2 k3; do "$CAST" "$T/$k" 20 || fail "cast"; done
	ups=""
	for k in k1 k2 k3; do
		"$K" upload --dir "$T/$k" --url "$URL" --timeout 20 >/dev/null 2>&1 &
		ups="$ups $!"
	done
	us=$(( ((i - 1) * pass_ms * 3000) / SKILLS ))
	sleep "$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))"
	kill -9 "$SPID"
	wait "$SPID" 2>/dev/null || true
	forget "$SPID"
	skilled=$((skilled + 1))
	for u in $ups; do
		rc=0; wait "$u" || rc=$?
		# 0: it finished before the kill; 3: cut off, nothing lost.
		case $rc in 0) ;; 3) cut=$((cut + 1)) ;; *) fail "upload exited $rc after a collector kill" ;; esac
	done
	integrity "$T/prov/province.db"
	for k in k1 k2 k3; do marks_consistent "$T/$k"; done
	serve "$T/prov"
	for k in k1 k2 k3; do finish "$T/$k"; done
	exactly_once "$T/k1" "$T/k2" "$T/k3"
done
integrity "$T/prov/province.db"
"$P" status --dir "$T/prov" --digest >/dev/null || fail "province status after the kills"
echo "ok: $killed kiosk uploader kills, $skilled collector kills ($cut uploads cut off), $(province_ballots "$T/prov" | wc -l) ballots held exactly once"
