# The foundation's command-line paths: help everywhere, clear refusals that
# change nothing, and the lifecycle's illegal steps.
. "$TOP/tests/e2e/lib.sh"

# --help on every command each program lists (and a few subcommands)
# exits 0 and prints a usage line on stdout.
for prog in "$KIOSK" "$PROV"; do
	cmds=$("$prog" --help | sed -n 's/^  \([a-z]*\)  .*/\1/p')
	[ -n "$cmds" ] || fail "$prog --help lists no commands"
	for c in "" $cmds; do
		"$prog" $c --help > "$T/help" || fail "$prog $c --help failed"
		grep -q "usage:" "$T/help" || fail "$prog $c --help: no usage"
	done
done
for c in "poll load" "poll list" "poll open"; do
	"$KIOSK" $c --help > "$T/help" || fail "ykien-kiosk $c --help failed"
	grep -q "usage:" "$T/help" || fail "ykien-kiosk $c --help: no usage"
done
for c in "poll sign" "poll check" "kiosk add"; do
	"$PROV" $c --help > "$T/help" || fail "ykien-province $c --help failed"
	grep -q "usage:" "$T/help" || fail "ykien-province $c --help: no usage"
done
expect_fail 2 "$KIOSK" frobnicate
expect_msg 'unknown command "frobnicate"'
expect_fail 2 "$KIOSK" init --dir "$T/x"
expect_msg "are required"

setup_kiosk
ok "provisioned"

# A second init over the state directory is refused and changes nothing.
before=$(tree_sum "$T/kiosk")
expect_fail 1 "$KIOSK" init --dir "$T/kiosk" --province-key "$T/prov/province.pub" \
    --commune 14001 --village "Bản Mẫu"
expect_msg "already exists"
[ "$(tree_sum "$T/kiosk")" = "$before" ] || fail "second init changed files"
ok "second init refused"

# Bad init arguments are named.
expect_fail 1 "$KIOSK" init --dir "$T/k2" --province-key "$T/prov/province.pub" \
    --commune 1400 --village "Bản Mẫu"
expect_msg "5-digit"
expect_fail 1 "$KIOSK" init --dir "$T/k2" --province-key "$T/nope.pub" \
    --commune 14001 --village "Bản Mẫu"
expect_msg "nope.pub"
[ ! -e "$T/k2" ] || fail "a failed init left $T/k2 behind"

# A forged poll signature: the file was changed after signing.
cp "$T/demo.json" "$T/forged.json"
cp "$T/demo.json.sig" "$T/forged.json.sig"
sed -i 's/"min_interval": 0/"min_interval": 1/' "$T/forged.json"
sed -i 's/"id": "demo-2026"/"id": "forged-2026"/' "$T/forged.json"
before=$(tree_sum "$T/kiosk")
expect_fail 1 "$KIOSK" poll load --dir "$T/kiosk" "$T/forged.json"
expect_msg "signature verification failed"
[ "$(tree_sum "$T/kiosk")" = "$before" ] || fail "forged poll changed the store"

# A poll with an unknown question kind, properly signed, is refused by field.
sed 's/"kind": "scale"/"kind": "stars"/; s/"id": "demo-2026"/"id": "stars-2026"/' \
    "$T/demo.json" > "$T/stars.json"
"$PROV" poll sign --dir "$T/prov" "$T/stars.json" >/dev/null 2>&1 && \
    fail "the province signed an invalid poll"
expect_fail 1 "$PROV" poll check "$T/stars.json"
expect_msg 'questions[1].kind: unknown kind "stars"'
# Sign it anyway with signify-compatible bytes made by a test-only path:
# the kiosk must refuse it on content even with a good signature.
if command -v signify-openbsd >/dev/null; then
	signify-openbsd -G -n -p "$T/s.pub" -s "$T/s.sec" >/dev/null
	"$KIOSK" init --dir "$T/k3" --province-key "$T/s.pub" --commune 14001 \
	    --village "Bản Mẫu" >/dev/null
	signify-openbsd -S -s "$T/s.sec" -m "$T/stars.json" -x "$T/stars.json.sig"
	before=$(tree_sum "$T/k3")
	expect_fail 1 "$KIOSK" poll load --dir "$T/k3" "$T/stars.json"
	expect_msg 'questions[1].kind: unknown kind "stars"'
	[ "$(tree_sum "$T/k3")" = "$before" ] || fail "invalid poll changed the store"
fi
ok "bad polls refused by name, store unchanged"

# Lifecycle: illegal steps are refused with the state.
expect_fail 1 "$KIOSK" poll open --dir "$T/kiosk" demo-2026
expect_msg 'is loaded: cannot open it'
"$KIOSK" poll test --dir "$T/kiosk" demo-2026 >/dev/null
"$KIOSK" poll open --dir "$T/kiosk" demo-2026 >/dev/null
expect_fail 1 "$KIOSK" poll test --dir "$T/kiosk" demo-2026
expect_msg 'is open: cannot test it'
YKIEN_PIN=246813 "$KIOSK" pin set --dir "$T/kiosk" --role official >/dev/null
YKIEN_PIN_OFFICIAL=246813 "$KIOSK" poll close --dir "$T/kiosk" demo-2026 >/dev/null
expect_fail 1 "$KIOSK" poll open --dir "$T/kiosk" demo-2026
expect_msg 'closed is final'
"$KIOSK" status --dir "$T/kiosk" | grep -q "state: closed" || fail "status"
ok "lifecycle refusals"
