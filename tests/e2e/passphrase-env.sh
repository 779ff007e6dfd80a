# The province passphrase from the environment (THREAT-MODEL.md,
# "Secrets"): an empty one is refused on every path (init, and every
# command that unlocks the key), and once read it is gone from the
# process's environment: not in /proc/PID/environ of a running collector.
. "$TOP/tests/e2e/lib.sh"
[ -r /proc/self/environ ] || skip "no /proc/PID/environ here"

for cmd in "init --dir $T/p0"; do
	YKIEN_PASSPHRASE= expect_fail 1 "$PROV" $cmd
	expect_msg "empty"
	[ ! -f "$T/p0/province.key" ] || fail "a key was sealed with an empty passphrase"
done
"$PROV" init --dir "$T/prov" >/dev/null
cp "$TOP/kiosk-config/polls/demo.json" "$T/demo.json"
for cmd in "poll sign --dir $T/prov $T/demo.json" "import --dir $T/prov $T" \
    "serve --dir $T/prov --listen 127.0.0.1:0"; do
	YKIEN_PASSPHRASE= expect_fail 1 "$PROV" $cmd
	expect_msg "empty"
done
ok "an empty passphrase is refused by init, poll sign, import and serve"

YKIEN_PASSPHRASE=e2e-passphrase "$PROV" serve --dir "$T/prov" \
    --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SPID=$!
stop_serve() { kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; }
cleanup_hooks="stop_serve"
i=0
until grep -q '^listening on' "$T/serve.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 200 ] || fail "collector did not start: $(cat "$T/serve.err")"
	sleep 0.05
done
tr '\0' '\n' </proc/$SPID/environ >"$T/environ"
grep -q "e2e-passphrase" "$T/environ" && fail "the passphrase is still in the collector's environment"
grep -q "^YKIEN_PWHASH_COST=" "$T/environ" || fail "cannot read the collector's environment"
ok "the passphrase is gone from the running collector's environment"
