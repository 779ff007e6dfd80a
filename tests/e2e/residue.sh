# Ballot secrecy on the raw card (DESIGN invariant 2, issue "seized card"):
# a kiosk on a small loop-mounted ext4 image stands in for the SD card.
# Households vote with their codes in a known order; the kiosk goes idle;
# the image is unmounted and its raw blocks are carved (tests/tools/
# residue.py) for any earlier state: ballots outside the live database
# (freed blocks, journals, the WAL), more than one copy of a ballot, a
# journal header, a WAL header but the live WAL's own, code hashes or
# receipts outside
# the live database, and the Spearman rho of stored position against
# casting order.  Then the same after power cuts (kill -9 mid-cast, and a
# writer that dies mid-growth) and one restart.  Needs root and a loop
# device; skipped otherwise.
. "$TOP/tests/e2e/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root to loop-mount an ext4 image"
for t in losetup mkfs.ext4 debugfs mount umount python3; do
	command -v $t >/dev/null 2>&1 || skip "needs $t"
done
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
CARVE="$PY $TOP/tests/tools/residue.py"
CAST="$B/tools/cast"
N=40
IMG="$T/card.img"
MNT="$T/mnt"
LOOP=""
umount_card() {
	if [ -n "$LOOP" ]; then
		umount "$MNT" 2>/dev/null || true
		losetup -d "$LOOP" 2>/dev/null || true
		LOOP=""
	fi
}
cleanup_hooks="umount_card"
mount_card() {
	LOOP=$(losetup -f --show "$IMG" 2>/dev/null) ||
	    skip "no loop device (losetup -f failed)"
	mount -t ext4 "$LOOP" "$MNT" || skip "cannot mount ext4 on $LOOP"
}
truncate -s 32M "$IMG"
mkfs.ext4 -q -F -b 4096 -E nodiscard "$IMG" || fail "mkfs.ext4"
mkdir -p "$MNT"
mount_card
K="$MNT/kiosk"

setup_kiosk household-code "$K"
"$KIOSK" codes --dir "$K" --poll demo-2026 --count $((N + 12)) \
    --out "$T/slips.txt" >/dev/null
"$KIOSK" poll test --dir "$K" demo-2026 >/dev/null
"$KIOSK" poll open --dir "$K" demo-2026 >/dev/null
sed -n 's/.*Mã của hộ: *\([0-9 ]*[0-9]\).*/\1/p' "$T/slips.txt" |
    tr -d ' ' >"$T/codes"
[ "$(wc -l <"$T/codes")" -eq $((N + 12)) ] || fail "codes not on the slips"

# Cast N ballots in order, one household code each, with a copy of the
# live database after each: the ballot each cast added gives the order.

: >"$T/receipts"
mkdir "$T/snap"
i=0
for code in $(head -n $N "$T/codes"); do
	i=$((i + 1))
	"$CAST" "$K" demo-2026 "$((i % 2 + 1)),$((i % 5 + 1)),$((i % 2 + 1)),1" \
	    "$code" >>"$T/receipts" || fail "cast $i"
	cp "$K/kiosk.db" "$T/snap/$i"
done
$CARVE order $(i=1; while [ $i -le $N ]; do echo "$T/snap/$i"; i=$((i + 1)); done) \
    >"$T/order" || fail "the casting order is not readable from the copies"

# Code hashes as stored (any table named codes with a hash column).
needles() {
	$PY - "$K/kiosk.db" <<'EOF' >"$T/needles"
import sqlite3, sys
db = sqlite3.connect("file:%s?immutable=1" % sys.argv[1], uri=True)
for (h,) in db.execute("SELECT hash FROM codes"):
    print(bytes(h).hex())
EOF
	cat "$T/receipts" >>"$T/needles"
}

# scan LABEL: unmount, carve the raw image, remount.
scan() {
	needles
	umount_card
	debugfs -R "blocks /kiosk/kiosk.db" "$IMG" 2>/dev/null >"$T/live"
	[ -s "$T/live" ] || fail "debugfs found no kiosk.db"
	debugfs -R "blocks /kiosk/kiosk.db-wal" "$IMG" 2>/dev/null >"$T/wal"
	echo "== $1"
	$CARVE scan "$IMG" --live "$T/live" --wal "$T/wal" --bs 4096 \
	    --order "$T/order" --needles "$T/needles" >"$T/scan.out" || {
		cat "$T/scan.out"; fail "$1: earlier states on the raw image"; }
	cat "$T/scan.out"
	mount_card
}

"$KIOSK" status --dir "$K" >/dev/null
scan "idle after $N casts"

# Power cut: kill -9 a caster mid-cast (several times), restart once.
tail -n 12 "$T/codes" >"$T/left"
kills=0
for d in 013 041 077 109 151 203; do
	code=$(sed -n "$((kills + 1))p" "$T/left")
	"$CAST" "$K" demo-2026 "1,1,1,1" "$code" >/dev/null 2>&1 &
	pid=$!
	sleep "0.$d"
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	kills=$((kills + 1))
done
# Where the kills above land is luck; this cut is not.  A writer doubles
# the ballots into new pages with a cache too small to hold them, so that
# the WAL gets the pages of its transaction, ballots and codes, before any
# commit; then it dies.  SQLite ignores frames after the last commit, but
# they are on the card until the restart overwrites them (the restart's
# full sweep, src/store-slots.c).  The writer uses the unix VFS (so an
# index file of its own beside the database: page numbers, no ballot).
$PY - "$K/kiosk.db" <<'EOF2' || fail "the cut writer"
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
    sys.exit("the store is not in WAL mode")
db.execute("PRAGMA cache_size = 2")
# Free pages (holding zeros) that the cut transaction takes: had it
# written into the database, its copies would stay there.
db.execute("CREATE TABLE pad(b BLOB)")
db.execute("INSERT INTO pad VALUES (zeroblob(400000))")
db.execute("DROP TABLE pad")
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE codes SET used = 1 - used")
db.execute("INSERT INTO slots SELECT slot + (1 << 40), state, batch, body "
           "FROM slots")
w = open(sys.argv[1] + "-wal", "rb").read()
if w.count(b"ykien/v1/ballot") < 10:
    sys.exit("the cut left no ballots in the WAL")
os._exit(0)
EOF2
"$KIOSK" status --dir "$K" >/dev/null || fail "restart after the power cut"
scan "after $kills kills, one cut mid-growth and one restart"
ok "no earlier state of ballots, codes or receipts on the raw image"
