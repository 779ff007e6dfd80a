# The national roll-up (issue 17): two provinces, each with its own store
# and key, publish their polls; the national store registers both keys,
# imports each province's signed bundle with its publication, and
# publishes over both with the national key.  Totals are the provinces'
# sums; a village under k stays withheld and cannot be worked out from
# every row published (nation and provinces together); a tampered
# publication or bundle is refused and changes nothing; each province's
# publication still checks on its own.  Run on SQLite and on PostgreSQL
# (tests/run.sh).
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
command -v signify-openbsd >/dev/null || skip "signify-openbsd not installed (apt-get install signify-openbsd)"
P14="$T/p14" P15="$T/p15" N="$T/nat"
for d in "$P14" "$P15" "$N"; do
	"$PROV" init --dir "$d" >/dev/null
	fresh_store "$d"
done
PD=$P14
. "$TOP/tests/e2e/lib-audit.sh"

# kiosk NAME POLL COMMUNE VILLAGE N: N ballots, closed, imported into $PD.
kiosk() {
	make_kiosk "$1" "$2" "$3" "$4"
	"$CASTLOOP" "$T/k-$1" "$5" >/dev/null
	close_kiosk "$1" "$2"
}

# Sơn La (14): Bản Hai has 4 ballots, under k = 10.
PD=$P14
export PROVINCE=14
make_poll sl-2026 14001 "ban-mot:Bản Một" "ban-hai:Bản Hai"
kiosk a1 sl-2026 14001 "Bản Một" 12
kiosk a2 sl-2026 14001 "Bản Hai" 4
PD=$P15 PROVINCE=15
make_poll lc-2026 15001 "ban-na:Bản Nà" "ban-pa:Bản Pá"
kiosk b1 lc-2026 15001 "Bản Nà" 13
kiosk b2 lc-2026 15001 "Bản Pá" 11
for p in "$P14:sl-2026" "$P15:lc-2026"; do
	"$PROV" publish --dir "${p%%:*}" --poll "${p#*:}" --out "${p%%:*}/pub" >/dev/null ||
	    fail "publish ${p#*:}"
	"$PROV" national export --dir "${p%%:*}" --out "${p%%:*}/bundle" >/dev/null ||
	    fail "national export ${p#*:}"
done
ok "two provinces publish and export their bundles"

"$PROV" national add --dir "$N" --code 14 --key "$P14/province.pub" >/dev/null
"$PROV" national add --dir "$N" --code 15 --key "$P15/province.pub" >/dev/null
expect_fail 1 "$PROV" national add --dir "$N" --code 15 --key "$P14/province.pub"
expect_msg "registered with another key"
ndigest() { "$PROV" status --dir "$N" --digest | sed -n 's/^digest[^0-9a-f]*\([0-9a-f]\{64\}\).*/\1/p'; }
"$PROV" national import --dir "$N" "$P14/bundle" "$P14/pub" >"$T/out" ||
    fail "import of province 14: $(cat "$T/out")"
grep -q "^province 14: 1 poll," "$T/out" || fail "import said: $(cat "$T/out")"

# Tampered: a published figure, a byte of the bundle's store, the wrong
# province's key.  Each refused; the national store unchanged.
before=$(ndigest)
cp -a "$P15/pub" "$T/pub-bad"
sed -i 's/^commune,lc-2026,15001,\([^,]*\),,chung,satisfaction,24,/commune,lc-2026,15001,\1,,chung,satisfaction,25,/' "$T/pub-bad/results.csv"
cmp -s "$P15/pub/results.csv" "$T/pub-bad/results.csv" && fail "the test did not change results.csv"
expect_fail 1 "$PROV" national import --dir "$N" "$P15/bundle" "$T/pub-bad"
expect_msg "results.csv: its SHA-256 is not the one SHA256.sig lists"
cp -a "$P15/bundle" "$T/bundle-bad"
python3 -c 'import sys; p = sys.argv[1]; d = bytearray(open(p, "rb").read()); d[-100] ^= 1; open(p, "wb").write(d)' "$T/bundle-bad/store.db"
expect_fail 1 "$PROV" national import --dir "$N" "$T/bundle-bad" "$P15/pub"
expect_msg "store.db: its SHA-256 is not the one SHA256.sig lists"
expect_fail 1 "$PROV" national import --dir "$N" "$P15/bundle" "$P14/pub"
expect_msg "no publication of it was given"
expect_fail 1 "$PROV" national import --dir "$N" "$P14/bundle" "$P14/pub"
expect_msg "already in the national store"
[ "$(ndigest)" = "$before" ] || fail "a refused import changed the national store"
ok "tampered publication, tampered bundle, missing publication, import again: refused, nothing changed"

"$PROV" national import --dir "$N" "$P15/bundle" "$P15/pub" >/dev/null || fail "import of province 15"
# The audit of both polls, each against its province's key, recorded
# under the national key (the passphrase read once for both).
"$PROV" national tally --dir "$N" --audit --format csv -o "$T/tally0.csv" >"$T/out" 2>&1 ||
    { cat "$T/out"; fail "national tally --audit"; }
grep -q "not recorded" "$T/out" && { cat "$T/out"; fail "an audit was not recorded"; }
[ "$(sql "$N/province.db" "SELECT count(DISTINCT poll) FROM audits")" -eq 2 ] || fail "not both audits recorded"
"$PROV" national publish --dir "$N" --out "$T/npub" >"$T/out" ||
    { cat "$T/out"; fail "national publish"; }
grep -q "published 2 polls of 2 provinces" "$T/out" || fail "publish said: $(tail -n 1 "$T/out")"
(cd "$T/npub" && signify-openbsd -Cq -p national.pub -x SHA256.sig) ||
    fail "the national publication does not verify with national.pub"
for p in "$P14" "$P15"; do
	(cd "$p/pub" && signify-openbsd -Cq -p province.pub -x SHA256.sig) ||
	    fail "$p/pub no longer verifies on its own"
	cmp -s "$p/province.pub" "$T/npub/province-$(basename "$p" | tr -d p).pub" ||
	    fail "the national publication does not carry province key $p"
done
"$PROV" national tally --dir "$N" --format csv -o "$T/tally.csv" 2>"$T/err" || fail "national tally: $(cat "$T/err")"
grep -q UNAUDITED "$T/err" && fail "the audited national store said to be unaudited: $(cat "$T/err")"
cmp -s "$T/tally0.csv" "$T/tally.csv" || fail "the figures changed between tally --audit and tally"
ok "national publication verifies with national.pub; each province's still with its own"

# Totals, suppression and the differencing attack over every published row.
python3 - "$T/npub/results.csv" "$P14/pub/results.csv" "$P15/pub/results.csv" "$T/tally.csv" <<'PY' || fail "national results"
import csv, sys
from fractions import Fraction
nat = list(csv.DictReader(open(sys.argv[1])))
pro = [list(csv.DictReader(open(f))) for f in sys.argv[2:4]]
tal = list(csv.DictReader(open(sys.argv[4])))
def rows(rs):
    out = {}
    for r in rs:
        key = (r["level"], r["poll"], r["unit"], r["village_id"])
        out.setdefault(key, r)
    return out
N = rows(nat)
def ballots(level, unit_has=""):
    m = [r for k, r in N.items() if k[0] == level and unit_has in r["unit"]]
    return m
p14 = ballots("province", "province 14"); p15 = ballots("province", "province 15")
na = ballots("national")
assert len(p14) == 1 and len(p15) == 1 and len(na) == 1, (p14, p15, na)
assert p14[0]["ballots"] == "16" and p15[0]["ballots"] == "24", (p14, p15)
assert na[0]["ballots"] == "40", na
# Each province's commune row is the same in both publications.
for pr in pro:
    for r in pr:
        if r["level"] == "commune" and r["question"] == "chung":
            n = [x for x in nat if x["level"] == "commune" and x["poll"] == r["poll"] and x["question"] == "chung"]
            assert n and n[0]["ballots"] == r["ballots"], (r, n)
# The tally says the same as the publication.
assert [r for r in tal if r["level"] == "national"][0]["ballots"] == "40"
# Bản Hai (4 ballots) is withheld everywhere it appears.
for rs in [nat] + pro:
    for r in rs:
        if r["village_id"] == "ban-hai":
            assert r["suppressed"] == "1" and r["ballots"] == "", r
# Differencing: unknowns are the four villages' counts; every published
# row of the three publications is an equation over them.  No set of
# villages under k may lie in the span of those equations.
vill = {("sl-2026", "ban-mot"): 12, ("sl-2026", "ban-hai"): 4,
        ("lc-2026", "ban-na"): 13, ("lc-2026", "ban-pa"): 11}
keys = list(vill)
def vec(r):
    if r["level"] == "village":
        return [1 if k == (r["poll"], r["village_id"]) else 0 for k in keys]
    if r["level"] == "commune":
        return [1 if k[0] == r["poll"] else 0 for k in keys]
    if r["level"] == "province":
        code = r["unit"].split()[-1] if r["unit"][-1].isdigit() else None
        return [1 if code is None or k[0] == {"14": "sl-2026", "15": "lc-2026"}[code] else 0 for k in keys]
    return [1] * len(keys)
eqs = []
for rs in [nat] + pro:
    for r in rs:
        if r["suppressed"] == "0" and r["question"] == "chung":
            eqs.append([Fraction(x) for x in vec(r)])
def rank(m):
    m = [row[:] for row in m]; rk = 0
    for c in range(len(keys)):
        p = next((i for i in range(rk, len(m)) if m[i][c] != 0), None)
        if p is None: continue
        m[rk], m[p] = m[p], m[rk]
        for i in range(len(m)):
            if i != rk and m[i][c] != 0:
                f = m[i][c] / m[rk][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[rk])]
        rk += 1
    return rk
base = rank(eqs)
for s in range(1, 1 << len(keys)):
    v = [Fraction((s >> i) & 1) for i in range(len(keys))]
    tot = sum(vill[k] for i, k in enumerate(keys) if (s >> i) & 1)
    if 0 < tot < 10 and rank(eqs + [v]) == base:
        sys.exit("villages %s (%d ballots) can be worked out" % ([k for i, k in enumerate(keys) if (s >> i) & 1], tot))
PY
ok "national = 14 + 15 (40 = 16 + 24); Bản Hai (4) withheld and not derivable from all published rows"
