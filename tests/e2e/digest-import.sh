# status --digest covers every table of the province database (found in
# its schema, so a table added later is covered too): changing any one
# table changes the digest, closings and eventlogs included.  And an
# import stores nothing of its own from a stick whose batch is refused: not
# its closing record, not its events.bin; nothing at all from a stick with
# a damaged file.
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
tables=$(python3 -c 'import sqlite3, sys; print(" ".join(r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE ? AND name != ? ORDER BY name", ("table", "sqlite_%", "audits"))))' "$T/prov/province.db")
for want in closings eventlogs ballots batches batch_times counts kiosks polls meta; do
	case " $tables " in *" $want "*) ;; *) fail "table $want missing: $tables" ;; esac
done
for tb in $tables; do
	rm -rf "$T/p2"; cp -a "$T/prov" "$T/p2"
	python3 - "$T/p2/province.db" "$tb" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
t = sys.argv[2]
n = db.execute('SELECT count(*) FROM "%s"' % t).fetchone()[0]
assert n > 0, "table %s is empty: the test cannot change it" % t
# One row fewer: the smallest change that leaves the schema alone.
cols = [r[1] for r in db.execute('PRAGMA table_info("%s")' % t)]
row = db.execute('SELECT * FROM "%s" LIMIT 1' % t).fetchone()
db.execute('DELETE FROM "%s" WHERE %s' % (t, " AND ".join('"%s" IS ?' % c for c in cols)), row)
db.commit()
PY
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
python3 - "$T/prov/province.db" "$A2" <<'PY' || fail "the refused stick's records were stored"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
k = bytes.fromhex(sys.argv[2])
for t in ("closings", "eventlogs"):
    assert db.execute("SELECT count(*) FROM %s WHERE kiosk = ?" % t, (k,)).fetchone()[0] == 0, t
assert db.execute("SELECT count(*) FROM meta WHERE key = ?", ("event-head:" + sys.argv[2],)).fetchone()[0] == 0
PY
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
