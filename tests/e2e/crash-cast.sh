# Crash loop: SIGKILL the casting process at random moments (a power cut),
# reopen, and check that the store is intact, every thanked ballot is there,
# and at most the one ballot in flight is there besides.
. "$TOP/tests/e2e/lib.sh"
setup_kiosk
"$KIOSK" poll test --dir "$T/kiosk" demo-2026 >/dev/null
"$KIOSK" poll open --dir "$T/kiosk" demo-2026 >/dev/null
CAST="$B/tools/castloop"
: > "$T/thanked"
kills=0
i=0
while [ $i -lt 25 ]; do
	i=$((i + 1))
	"$CAST" "$T/kiosk" 1000 >> "$T/thanked" 2>"$T/cast.err" &
	pid=$!
	# 10-300 ms: lands in all phases of a cast (sign, commit, WAL sweep).
	sleep "0.$(printf '%03d' $(( (i * 7919) % 290 + 10 )))"
	kill -9 $pid 2>/dev/null && kills=$((kills + 1))
	wait $pid 2>/dev/null || true
	"$CAST" --check "$T/kiosk" > "$T/stored" || fail "integrity after kill $i"
	sort -u "$T/thanked" > "$T/t.sorted"
	sort -u "$T/stored" > "$T/s.sorted"
	missing=$(comm -23 "$T/t.sorted" "$T/s.sorted" | wc -l)
	extra=$(comm -13 "$T/t.sorted" "$T/s.sorted" | wc -l)
	[ "$missing" -eq 0 ] || fail "kill $i: $missing thanked ballots missing"
	# A ballot committed just before its receipt was printed is the only
	# allowed extra: at most one per kill.
	[ "$extra" -le 1 ] || fail "kill $i: $extra unthanked ballots"
	# Keep the thanked list honest: extras count as thanked from now on.
	cat "$T/s.sorted" > "$T/thanked"
done
ok "$kills kills, $(wc -l < "$T/s.sorted") ballots, none lost, store intact"
