# Test hooks only in test builds (THREAT-MODEL.md, "Secrets"): the
# production binaries that `make` writes to $PROD_B do not contain, so
# cannot read, YKIEN_FAULT (injected store faults) or YKIEN_PWHASH_COST
# (a cheap password hash); the test build these tests run ($B, made by
# `make check` with -DYKIEN_TEST_HOOKS) does, so the check is not vacuous.
# And a production binary given YKIEN_PWHASH_COST=min still seals with
# the real cost (written in the key file's header).
. "$TOP/tests/e2e/lib.sh"
[ -n "${PROD_B:-}" ] || skip "PROD_B unset: run through make check"
case "$PROD_B" in /*) ;; *) PROD_B="$TOP/$PROD_B" ;; esac
command -v strings >/dev/null || skip "strings not installed (apt-get install binutils)"
# PROGRAM:HOOKS — the hooks each program's test build has (the province
# never opens a store through the fault layer).
for ph in ykien-kiosk:YKIEN_FAULT,YKIEN_PWHASH_COST ykien-province:YKIEN_PWHASH_COST; do
	p=${ph%%:*}
	[ -x "$PROD_B/$p" ] || fail "no production $PROD_B/$p"
	for h in YKIEN_FAULT YKIEN_PWHASH_COST; do
		strings "$PROD_B/$p" | grep -q "$h" && fail "$PROD_B/$p contains $h"
	done
	for h in $(echo "${ph#*:}" | tr , ' '); do
		strings "$B/$p" | grep -q "$h" || fail "the test build $B/$p lacks $h: the check proves nothing"
	done
done
ok "production binaries carry no test hook; the test build does"

# The same request to both builds: only the test build takes the cheap cost.
YKIEN_PWHASH_COST=min "$PROD_B/ykien-province" init --dir "$T/prod" >/dev/null
YKIEN_PWHASH_COST=min "$B/ykien-province" init --dir "$T/test" >/dev/null
[ "$(wc -c <"$T/prod/province.key")" -gt 0 ] || fail "no key"
cmp -s "$T/prod/province.key" "$T/test/province.key" && fail "identical keys?"
python3 - "$T/prod/province.key" "$T/test/province.key" <<'PY' || fail "the production binary took YKIEN_PWHASH_COST=min"
import base64, struct, sys
# The sealed key: "Ed" || "A2" || keynum[8] || ops[4] || memkib[4] || ...
# (src/signify.c): the cost it was sealed with.
def cost(p):
    b = base64.b64decode(open(p).read().splitlines()[1])
    return struct.unpack(">II", b[12:20])
prod, test = cost(sys.argv[1]), cost(sys.argv[2])
print("sealed with ops, memkib: production %s, test build %s" % (prod, test))
sys.exit(0 if prod[0] > test[0] and prod[1] > test[1] else 1)
PY
ok "a production binary ignores YKIEN_PWHASH_COST"
