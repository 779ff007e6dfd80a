# Events after the close are protected: the USB export carries the
# kiosk's signature over its event log's head (events.head, in the
# MANIFEST), the province keeps it, and the audit fails a stored log that
# ends before it.  Cutting the last events (the closing-record and export
# events, which the closing record cannot commit to) is caught: in the
# province's database by the audit, on a doctored stick by the import.
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
. "$TOP/tests/e2e/lib-audit.sh"

one_kiosk 10
grep -q "^[0-9a-f]\{64\}  events.head$" "$T/usb-a1/MANIFEST" || fail "events.head not in the MANIFEST"
[ "$(wc -c <"$T/usb-a1/events.head")" -eq 135 ] || fail "events.head is not 135 bytes"
"$PROV" audit --dir "$T/prov" --poll ntm-a >"$T/audit" || { cat "$T/audit"; fail "clean audit"; }
ok "export carries the signed event head; the audit passes"

# cut_log IN OUT N: the log file IN without its last N events.
cut_log() {
	python3 - "$1" "$2" "$3" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
ev, off = [], 0
while off < len(b):
    (n,) = struct.unpack(">I", b[off:off + 4])
    ev.append(b[off:off + 4 + n])
    off += 4 + n
open(sys.argv[2], "wb").write(b"".join(ev[:len(ev) - int(sys.argv[3])]))
print(len(ev) - int(sys.argv[3]))
PY
}

# The province's stored log cut by its last two events.
cp -a "$T/prov" "$T/p2"
n=$(cut_log "$T/usb-a1/events.bin" "$T/cut.bin" 2)
python3 - "$T/p2/province.db" "$T/cut.bin" "$n" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE eventlogs SET log = ?, n = ?", (open(sys.argv[2], "rb").read(), int(sys.argv[3])))
db.commit()
PY
expect_fail 1 "$PROV" audit --dir "$T/p2" --poll ntm-a
grep -q "^\[8\] FAIL" "$T/out" || { cat "$T/out"; fail "check 8 passes a cut log"; }
grep -q "LOG CUT: it ends at event $n, but the kiosk signed its head at event $((n + 2))" "$T/out" || { cat "$T/out"; fail "the cut is not named"; }
ok "a stored log cut before the signed head fails check 8"

# A doctored stick: events.bin cut and the MANIFEST made to match.
cp -a "$T/usb-a1" "$T/usb-cut"
cut_log "$T/usb-a1/events.bin" "$T/usb-cut/events.bin" 1 >/dev/null
(cd "$T/usb-cut" && sha256sum $(sed 's/^[0-9a-f]*  //' MANIFEST) >MANIFEST)
cp -a "$T/prov" "$T/p3"
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("DELETE FROM eventlogs"); db.execute("DELETE FROM meta WHERE key LIKE ?", ("event-head:%",)); db.commit()' "$T/p3/province.db"
expect_fail 1 "$PROV" import --dir "$T/p3" "$T/usb-cut"
expect_msg "events were cut"
[ "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM eventlogs").fetchone()[0])' "$T/p3/province.db")" -eq 0 ] || fail "the cut log was stored"
ok "import refuses an events.bin that ends before its signed head"

# A forged head (another byte) is refused too.
cp -a "$T/usb-a1" "$T/usb-forged"
python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[40] ^= 1; open(p, "wb").write(b)' "$T/usb-forged/events.head"
(cd "$T/usb-forged" && sha256sum $(sed 's/^[0-9a-f]*  //' MANIFEST) >MANIFEST)
expect_fail 1 "$PROV" import --dir "$T/p3" "$T/usb-forged"
expect_msg "event head"
ok "a forged event head is refused"
