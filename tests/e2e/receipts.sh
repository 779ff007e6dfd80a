# Receipts reveal nothing about the answers (issue "seized card", item 2):
# a receipt is random, stored apart from the ballot, listed by the closing
# record and published as a sorted list.  Voters cast through the real
# store, the kiosk closes, exports, the province imports and publishes;
# then every receipt shown must be in the published list, and none may
# appear in, or be derived from, any stored, uploaded or published ballot
# byte: not as text, and not as the 50 bits of any 8-byte window of a
# ballot, of its hash, or of the old derivation SHA-256(str(domain) ||
# ballot hash).
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
. "$TOP/tests/e2e/lib-audit.sh"

make_poll ntm-r 14005 "ban-a:Bản A"
make_kiosk r1 ntm-r 14005 "Bản A"
"$CASTLOOP" "$T/k-r1" 15 >"$T/shown"
[ "$(sort -u "$T/shown" | wc -l)" -eq 15 ] || fail "15 distinct receipts"
cp "$T/k-r1/kiosk.db" "$T/kiosk-copy.db"
close_kiosk r1 ntm-r
"$PROV" publish --dir "$T/prov" --poll ntm-r --out "$T/pub" >/dev/null ||
    fail "publish"
LC_ALL=C sort "$T/shown" | cmp -s - "$T/pub/receipts.txt" ||
    fail "receipts.txt is not the sorted receipts shown"
ok "the published list is exactly the receipts shown"

python3 - "$T/shown" "$T/kiosk-copy.db" "$T/prov/province.db" \
    "$T/usb-r1" "$T/pub" <<'PY' || fail "a receipt is tied to a ballot"
import glob, hashlib, os, sqlite3, struct, sys
shown, kdb, pdb, usb, pub = sys.argv[1:6]
codes = set(l.strip() for l in open(shown) if l.strip())
alpha = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

def code(b8):
    v = int.from_bytes(b8, "big")
    c = "".join(alpha[(v >> (64 - 5 * (i + 1))) & 31] for i in range(10))
    return c[:5] + "-" + c[5:]

def lp(b):
    return struct.pack(">I", len(b)) + b

def blobs(db, sql):
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    return [bytes(r[0]) for r in c.execute(sql)]

ballots = blobs(kdb, "SELECT blob FROM ballots WHERE state = 'real'")
ballots += blobs(pdb, "SELECT blob FROM ballots")
assert len(ballots) == 30, "15 ballots on the kiosk and 15 at the province"
uploaded = [open(f, "rb").read() for f in glob.glob(os.path.join(usb, "batch-*.bin"))]
assert uploaded, "no batch on the stick"
# Published files that may hold ballot bytes: everything but the receipt
# lists themselves (receipts.txt and each kiosk's receipts-KEYNUM.txt),
# the lookup page that embeds them, and the signed closing record that
# lists them by design.
published = []
for f in glob.glob(os.path.join(pub, "*")):
    n = os.path.basename(f)
    if n in ("receipts.txt", "index.html") or n.startswith("receipts-") or \
            n.startswith("closing-") and n.endswith(".bin"):
        continue
    published.append(open(f, "rb").read())

found = 0
for b in ballots + uploaded + published:
    for c in codes:
        for form in (c, c.replace("-", ""), c.lower()):
            if form.encode() in b:
                found += 1
for b in ballots:
    h = hashlib.sha256(b).digest()
    old = hashlib.sha256(lp(b"ykien/v1/receipt") + h).digest()
    for src in (b, h, old):
        for i in range(len(src) - 7):
            if code(src[i:i + 8]) in codes:
                found += 1
print("ballots %d, batches %d, published files %d, receipts %d: %d ties"
      % (len(ballots), len(uploaded), len(published), len(codes), found))
sys.exit(1 if found else 0)
PY
ok "no receipt appears in, or derives from, any stored, uploaded or published ballot byte"
