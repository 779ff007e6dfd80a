# Several of the kiosk's processes on one store at once, as on a poll day:
# two casters, each with the voter screen's idle step after every cast
# (the WAL copied into the database, overwritten with zeros, primed), and
# officials' commands opening and closing the store all the while (each
# sweeps the WAL too), all through the store's VFS and its index in RAM.
# Every thanked ballot is stored, once; the store is intact; the sweeps
# never zero a frame another process still needs; and once all have
# closed, the WAL holds zeros only.
. "$TOP/tests/e2e/lib.sh"
setup_kiosk
"$KIOSK" poll test --dir "$T/kiosk" demo-2026 >/dev/null
"$KIOSK" poll open --dir "$T/kiosk" demo-2026 >/dev/null
CAST="$B/tools/castloop"
N=400
"$CAST" --idle "$T/kiosk" $N >"$T/t1" 2>"$T/e1" & p1=$!
"$CAST" --idle "$T/kiosk" $N >"$T/t2" 2>"$T/e2" & p2=$!
opens=0
while kill -0 $p1 2>/dev/null || kill -0 $p2 2>/dev/null; do
	"$KIOSK" status --dir "$T/kiosk" >/dev/null 2>"$T/status.err" ||
	    fail "status beside the casters: $(cat "$T/status.err")"
	opens=$((opens + 1))
done
wait $p1 || fail "caster 1: $(cat "$T/e1")"
wait $p2 || fail "caster 2: $(cat "$T/e2")"
"$CAST" --check "$T/kiosk" >"$T/stored" || fail "integrity"
cat "$T/t1" "$T/t2" | sort >"$T/thanked"
sort "$T/stored" >"$T/s.sorted"
[ "$(wc -l <"$T/thanked")" -eq $((2 * N)) ] || fail "receipts printed: $(wc -l <"$T/thanked")"
cmp -s "$T/thanked" "$T/s.sorted" ||
    fail "stored receipts differ from thanked ones: $(comm -3 "$T/thanked" "$T/s.sorted" | head -5)"
[ ! -e "$T/kiosk/kiosk.db-shm" ] || fail "a WAL index on the card"
cmp -s -n "$(stat -c %s "$T/kiosk/kiosk.db-wal")" "$T/kiosk/kiosk.db-wal" /dev/zero ||
    fail "the WAL holds non-zero bytes after the last close"
ok "$((2 * N)) ballots from two casters beside $opens opens of the store: all stored once, store intact, WAL zero"
