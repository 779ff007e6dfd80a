# The kiosk's store keeps its WAL index in /dev/shm, in RAM (THREAT-MODEL.md,
# "The seized card").  Without a writable /dev/shm every command says so,
# and what it must be, and changes no byte of the state directory; with it
# back, the store opens.  Needs root for a private mount namespace
# (unshare -m) with a read-only tmpfs over /dev/shm; skipped otherwise.
. "$TOP/tests/e2e/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root for a private mount namespace"
command -v unshare >/dev/null 2>&1 || skip "needs unshare (util-linux)"
unshare -m sh -c 'mount -t tmpfs -o ro none /dev/shm' 2>/dev/null ||
    skip "cannot mount a tmpfs in a private mount namespace here"
setup_kiosk
before=$(tree_sum "$T/kiosk")
unshare -m sh -c "mount -t tmpfs -o ro none /dev/shm && exec '$KIOSK' status --dir '$T/kiosk'" \
    >"$T/out" 2>"$T/err" && fail "status ran without a writable /dev/shm"
grep -qF "/dev/shm: Read-only file system: the kiosk's store keeps its WAL index there" "$T/err" ||
    fail "no clear message: $(cat "$T/err")"
grep -qF "writable tmpfs" "$T/err" || fail "the message does not say what /dev/shm must be"
[ "$(tree_sum "$T/kiosk")" = "$before" ] || fail "the state directory changed"
"$KIOSK" status --dir "$T/kiosk" >/dev/null || fail "status with /dev/shm back"
ok "no writable /dev/shm: refused with the fix, nothing changed; back: the store opens"
