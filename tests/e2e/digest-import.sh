# status --digest covers every table of the province database (found in
# its schema, so a table added later is covered too): changing any one
# table changes the digest, closings and eventlogs included.  And an
# import stores nothing of its own from a stick whose batch is refused: not
# its closing record, not its events.bin; nothing at all from a stick with
# a damaged file.  Run on SQLite and on PostgreSQL (tests/run.sh).
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
. "$TOP/tests/e2e/lib-audit.sh"

make_poll ntm-a 14001 "ban-mot:Bản Một"
make_kiosk a1 ntm-a 14001 "Bản Một"
make_kiosk a2 ntm-a 14001 "Bản Một"
"$CASTLOOP" "$T/k-a1" 10 >/dev/null
"$CASTLOOP" "$T/k-a2" 10 >/dev/null
close_kiosk a1 ntm-a
digest() { "$PROV" status --dir "$1" --digest | sed -n 's/^digest[^0-9a-f]*\([0-9a-f]\{64\}\).*/\1/p'; }
base=$(digest "$T/prov")
[ -n "$base" ] || fail "no digest printed: $("$PROV" status --dir "$T/prov" --digest)"
# Every table but audits: the recorded audit results name the digest, so
# recording one must not change it (tally-counts checks that side).
if [ -f "$T/prov/db.url" ]; then
	tables=$(sql "$T/prov/province.db" "SELECT table_name FROM information_schema.tables
	    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
	    AND table_name NOT IN ('audits', 'ykien_schema') ORDER BY 1" | tr '\n' ' ')
else
	tables=$(sql "$T/prov/province.db" "SELECT name FROM sqlite_master WHERE type = 'table'
	    AND name NOT LIKE 'sqlite_%' AND name != 'audits' ORDER BY name" | tr '\n' ' ')
fi
for want in closings eventlogs ballots batches batch_times counts kiosks polls meta; do
	case " $tables " in *" $want "*) ;; *) fail "table $want missing: $tables" ;; esac
done
for tb in $tables; do
	rm -rf "$T/p2"; clone_store "$T/prov" "$T/p2"
	[ "$(sql "$T/p2/province.db" "SELECT count(*) FROM \"$tb\"")" -gt 0 ] ||
	    fail "table $tb is empty: the test cannot change it"
	# One row fewer: the smallest change that leaves the schema alone.
	if [ -f "$T/p2/db.url" ]; then
		sqlw "$T/p2/province.db" "DELETE FROM \"$tb\" WHERE ctid = (SELECT ctid FROM \"$tb\" LIMIT 1)"
	else
		python3 - "$T/p2/province.db" "$tb" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
t = sys.argv[2]
cols = [r[1] for r in db.execute('PRAGMA table_info("%s")' % t)]
row = db.execute('SELECT * FROM "%s" LIMIT 1' % t).fetchone()
db.execute('DELETE FROM "%s" WHERE %s' % (t, " AND ".join('"%s" IS ?' % c for c in cols)), row)
db.commit()
PY
	fi
	[ "$(digest "$T/p2")" != "$base" ] || fail "the digest ignores table $tb"
done
ok "the digest changes when any table changes ($tables)"

# A stick whose batch is refused (one signature byte changed, the
# MANIFEST made to match): nothing but the other batches is stored.
rm -rf "$T/stick"; mkdir "$T/stick"
YKIEN_PIN_OFFICIAL=246813 "$KIOSK" poll close --dir "$T/k-a2" ntm-a >/dev/null
"$KIOSK" export --dir "$T/k-a2" --to "$T/stick" >/dev/null
u=$(echo "$T"/stick/ykien-*)
b=$(ls "$u"/batch-*.bin | head -1)
python3 -c 'import sys; p = sys.argv[1]; d = bytearray(open(p, "rb").read()); d[-1] ^= 1; open(p, "wb").write(d)' "$b"
(cd "$u" && sha256sum $(sed 's/^[0-9a-f]*  //' MANIFEST) >MANIFEST)
before=$(digest "$T/prov")
expect_fail 1 "$PROV" import --dir "$T/prov" "$u"
expect_msg "closing records and event log not stored"
n=$(ls "$u"/batch-*.bin | wc -l)
if [ "$n" -eq 1 ]; then
	[ "$(digest "$T/prov")" = "$before" ] || fail "a refused stick changed the store"
fi
A2=$(keynum a2)
n=$(sql "$T/prov/province.db" "SELECT (SELECT count(*) FROM closings WHERE lower(hex(kiosk)) = '$A2')
    + (SELECT count(*) FROM eventlogs WHERE lower(hex(kiosk)) = '$A2')
    + (SELECT count(*) FROM meta WHERE key = 'event-head:$A2')")
[ "$n" -eq 0 ] || fail "the refused stick's records were stored ($n rows)"
ok "a stick with a refused batch leaves no closing record, event log or head"

# A damaged file (MANIFEST not matching): nothing at all is stored.
rm -rf "$T/stick"; mkdir "$T/stick"
"$KIOSK" export --dir "$T/k-a2" --to "$T/stick" >/dev/null
u=$(echo "$T"/stick/ykien-*)
echo x >>"$u/events.bin"
before=$(digest "$T/prov")
expect_fail 1 "$PROV" import --dir "$T/prov" "$u"
expect_msg "nothing imported"
[ "$(digest "$T/prov")" = "$before" ] || fail "a damaged stick changed the store"
ok "a stick with a damaged file changes nothing"
# Intact, it imports.
"$KIOSK" export --dir "$T/k-a2" --to "$T/stick" >/dev/null
"$PROV" import --dir "$T/prov" "$u" >/dev/null || fail "the intact stick is refused"
