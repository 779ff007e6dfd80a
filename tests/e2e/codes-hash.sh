# Household codes against an offline search (THREAT-MODEL.md, "Household
# codes"): the store holds Argon2id hashes made with the salt and cost it
# records for the poll, recomputed here by an independent Argon2id
# (argon2-cffi) from a code printed on a slip; the production binary
# records the tuned default cost even when asked for the test cost; a code
# is typed with or without the slip's spaces; a wrong check digit, a short
# code and a damaged record are each refused with their own message.
. "$TOP/tests/e2e/lib.sh"
[ -n "${PROD_B:-}" ] || skip "PROD_B unset: run through make check"
case "$PROD_B" in /*) ;; *) PROD_B="$TOP/$PROD_B" ;; esac
command -v sqlite3 >/dev/null || skip "sqlite3 not installed"
argon2_python
CAST="$B/tools/cast"
setup_kiosk household-code "$T/k"
cp -a "$T/k" "$T/prod"
record() { sqlite3 "$1/kiosk.db" "SELECT value FROM meta WHERE key = 'code.kdf.demo-2026'"; }
slip() { sed -n 's/.*Mã của hộ: *\([0-9 ]*[0-9]\)$/\1/p' "$1" | sed -n "${2}p"; }
# argon2 DIR CODE: the code's hash, from DIR's record, by argon2-cffi.
argon2() {
	"$PY" - "$(record "$1")" "$2" <<'PY'
import struct, sys
from argon2.low_level import Type, hash_secret_raw
alg, ops, mem, salt = sys.argv[1].split(" ")
assert alg == "argon2id13", alg
lp = lambda b: struct.pack(">I", len(b)) + b
print(hash_secret_raw(lp(b"ykien/v2/code") + lp(sys.argv[2].encode()),
                      bytes.fromhex(salt[5:]), time_cost=int(ops[4:]),
                      memory_cost=int(mem[8:]), parallelism=1, hash_len=32,
                      type=Type.ID, version=19).hex().upper())
PY
}
stored() { sqlite3 "$1/kiosk.db" "SELECT poll FROM codes WHERE hex(hash) = '$2'"; }

# The production binary: the tuned default, whatever the environment says.
YKIEN_PWHASH_COST=min "$PROD_B/ykien-kiosk" codes --dir "$T/prod" \
    --poll demo-2026 --count 2 --out "$T/prod.txt" >/dev/null || fail "codes (production)"
case "$(record "$T/prod")" in
"argon2id13 ops=24 mem_kib=1024 salt="????????????????????????????????) ;;
*) fail "production record: $(record "$T/prod")" ;;
esac
c=$(slip "$T/prod.txt" 1 | tr -d ' ')
[ ${#c} -eq 12 ] || fail "no 12-digit code on the production slips"
[ "$(stored "$T/prod" "$(argon2 "$T/prod" "$c")")" = demo-2026 ] ||
    fail "the production code's Argon2id hash is not the stored one"
ok "production: ops=24 mem_kib=1024 recorded; a slip's hash recomputed"

# The test build with the test-only cost records that cost; a second run
# and the test slips keep the poll's one salt.
"$KIOSK" codes --dir "$T/k" --poll demo-2026 --count 3 --out "$T/s1.txt" >/dev/null
r1=$(record "$T/k")
case "$r1" in "argon2id13 ops=1 mem_kib=8 salt="*) ;; *) fail "test record: $r1" ;; esac
[ "$r1" != "$(record "$T/prod")" ] || fail "the same salt twice"
"$KIOSK" codes --dir "$T/k" --poll demo-2026 --count 1 --out "$T/s2.txt" >/dev/null
"$KIOSK" codes --dir "$T/k" --poll demo-2026 --count 1 --test --out "$T/t.txt" >/dev/null
[ "$(record "$T/k")" = "$r1" ] || fail "the record changed: $(record "$T/k")"
for f in s1 s2 t; do
	c=$(slip "$T/$f.txt" 1 | tr -d ' ')
	want=demo-2026; [ $f = t ] && want="demo-2026#test"
	[ "$(stored "$T/k" "$(argon2 "$T/k" "$c")")" = "$want" ] ||
	    fail "$f: the slip's hash is not in set $want"
done
ok "one salt per poll, real and test slips; hashes recomputed"

"$KIOSK" poll test --dir "$T/k" demo-2026 >/dev/null
"$KIOSK" poll open --dir "$T/k" demo-2026 >/dev/null
g1=$(slip "$T/s1.txt" 1); g2=$(slip "$T/s1.txt" 2); g3=$(slip "$T/s1.txt" 3)
echo "$g1" | grep -Eqx '[0-9]{3} [0-9]{3} [0-9]{3} [0-9]{3}' || fail "slip not grouped: $g1"
"$CAST" "$T/k" demo-2026 1,4,2,1 "$g1" >/dev/null || fail "code with spaces"
"$CAST" "$T/k" demo-2026 1,4,2,1 "$(echo "$g2" | tr -d ' ')" >/dev/null ||
    fail "code without spaces"
c3=$(echo "$g3" | tr -d ' ')
bad="$(echo "$c3" | cut -c1-11)$(( ($(echo "$c3" | cut -c12) + 1) % 10 ))"
expect_fail 1 "$CAST" "$T/k" demo-2026 1,4,2,1 "$bad"
expect_msg "wrong check digit: the household code was mistyped"
expect_fail 1 "$CAST" "$T/k" demo-2026 1,4,2,1 "$(echo "$c3" | cut -c1-11)"
expect_msg "a code is 12 digits"
expect_fail 1 "$CAST" "$T/k" demo-2026 1,4,2,1 "$(echo "$c3" | cut -c1-9)"
expect_msg "a code is 12 digits"
"$CAST" "$T/k" demo-2026 1,4,2,1 "$g1" 2>/dev/null && fail "a used code voted again"
ok "typed with or without spaces; a wrong check digit and a short code refused"

# Codes with no record (an older ykien's): named, and no new ones mixed in.
sqlite3 "$T/prod/kiosk.db" "DELETE FROM meta WHERE key = 'code.kdf.demo-2026'"
expect_fail 1 "$PROD_B/ykien-kiosk" codes --dir "$T/prod" --poll demo-2026 \
    --count 1 --out "$T/prod2.txt"
expect_msg "household codes from an older ykien"
[ -z "$(record "$T/prod")" ] || fail "a record was made beside older codes"
ok "codes from before Argon2id are named, not mixed with new ones"

# A damaged record: a clear refusal, not "unknown code" nor a typo.
sqlite3 "$T/k/kiosk.db" "UPDATE meta SET value = 'argon2id13 ops=9999 mem_kib=8 salt=00' WHERE key = 'code.kdf.demo-2026'"
expect_fail 1 "$CAST" "$T/k" demo-2026 1,4,2,1 "$g3"
expect_msg "household codes are hashed is damaged"
ok "a damaged cost record is named"
