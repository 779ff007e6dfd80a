# make bench QUICK=1 must keep working; it never fails on a figure.
. "$TOP/tests/e2e/lib.sh"
out=$(cd "$TOP" && B="$B" QUICK=1 sh bench/run.sh) || fail "bench harness broke"
echo "$out"
echo "$out" | grep -q "cast latency p50 (100 held)" || fail "no cast latency row"
echo "$out" | grep -q "cast latency p50 (5000 held)" || fail "no cast row at 5000 held"
echo "$out" | grep -Eq "raw 4K\+fdatasync p50 [0-9.]+ ms" || fail "no fsync limit"
for row in "ingest (" "kiosk start to first frame" "kiosk peak RSS" \
    "upload " "audit " "tally "; do
	echo "$out" | grep -q "^$row" || fail "no row \"$row\""
done
echo "$out" | grep -q "^ingest: collector CPU" || fail "no ingest CPU row"
# PostgreSQL beside SQLite, or one row that says why it could not start.
if ! echo "$out" | grep -q "^postgresql .* skipped"; then
	for row in "ingest pg (" "ingest pg: collector CPU" "tally pg "; do
		echo "$out" | grep -q "^$row" || fail "no row \"$row\""
	done
fi
