# Secrets: state directories are 0700 and state files 0600 (public keys
# excepted), a passphrase typed at the terminal is never echoed, and no
# SQL is assembled from strings at run time.
. "$TOP/tests/e2e/lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
setup_kiosk

mode() { stat -c %a "$1"; }
[ "$(mode "$T/kiosk")" = 700 ] || fail "kiosk dir is $(mode "$T/kiosk")"
[ "$(mode "$T/prov")" = 700 ] || fail "province dir is $(mode "$T/prov")"
for f in kiosk.key kiosk.db; do
	[ "$(mode "$T/kiosk/$f")" = 600 ] || fail "$f is $(mode "$T/kiosk/$f")"
done
[ "$(mode "$T/prov/province.key")" = 600 ] || fail "province.key mode"
ok "modes 0700/0600"

# The secret key never appears in the clear in anything init prints.
sk_b64=$(sed -n 2p "$T/kiosk/kiosk.key")
"$KIOSK" status --dir "$T/kiosk" > "$T/status"
grep -qF "$sk_b64" "$T/status" && fail "status printed the key"

# Typed at a real terminal: the passphrase must not be echoed.
S="ykien-secrets-$$"
cleanup_tmux() { tmux -L "$S" kill-server 2>/dev/null; }
cleanup_hooks="cleanup_tmux"
tmux -L "$S" new-session -d -x 100 -y 20 \
    "env -u YKIEN_PASSPHRASE YKIEN_PWHASH_COST=min $PROV init --dir $T/typed; echo DONE; sleep 30"
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		tmux -L "$S" capture-pane -p > "$T/pane" 2>/dev/null || true
		grep -q "$1" "$T/pane" && return 0
		sleep 0.1; i=$((i + 1))
	done
	cat "$T/pane" >&2
	fail "timed out waiting for \"$1\""
}
wait_for "passphrase:"
tmux -L "$S" send-keys "Hoa-ban-trang-42" Enter
wait_for "Again:"
tmux -L "$S" send-keys "Hoa-ban-trang-42" Enter
wait_for "DONE"
grep -q "Hoa-ban-trang" "$T/pane" && fail "the passphrase was echoed"
grep -q "province key made" "$T/pane" || fail "init from the terminal failed"
ok "passphrase not echoed"

# No SQL assembled at run time in the store module; but the digest's query
# of each table (pstore_digest), whose table and column names are read
# from the schema, never from input.
if grep -nE '(util_printf|sqlite3_mprintf|asprintf|snprintf)\(' "$TOP"/src/store*.c "$TOP"/src/pstore*.c "$TOP"/src/db*.c \
    | grep -iE 'select|insert|update|delete|create|pragma' \
    | grep -vF "SELECT '%s', * FROM \\\"%s\\\"\""; then
	fail "SQL built from strings in the store"
fi
ok "no SQL string building"
