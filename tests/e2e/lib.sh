# Shared helpers for the end-to-end scripts (sourced, not run).
# Each script runs the real binaries in a scratch directory that is removed
# on exit.  Exit 0 = pass, 77 = skipped (say why), anything else = fail.
set -eu
B=${B:-build}
TOP=${TOP:-$(pwd)}
case "$B" in /*) ;; *) B="$TOP/$B" ;; esac
KIOSK="$B/ykien-kiosk"
PROV="$B/ykien-province"
export YKIEN_PASSPHRASE=e2e-passphrase YKIEN_PWHASH_COST=min
unset YKIEN_DIR
T=$(mktemp -d "${TMPDIR:-/tmp}/ykien-e2e.XXXXXX")
cleanup_hooks=""
cleanup() {
	for h in $cleanup_hooks; do $h || true; done
	[ -z "${PG_DIR:-}" ] || pg_stop
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
. "$TOP/tests/e2e/lib-store.sh"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "skipped: $*"; exit 77; }
ok() { echo "ok: $*"; }

# expect_fail CODE CMD...: the command must exit with CODE; its stderr is
# kept in $T/err for message checks.
expect_fail() {
	want=$1; shift
	set +e
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	set -e
	[ "$got" -eq "$want" ] || { cat "$T/err" >&2; fail "exit $got, wanted $want: $*"; }
}
# expect_msg TEXT: the last expect_fail printed TEXT on stderr.
expect_msg() {
	grep -qF -- "$1" "$T/err" || { cat "$T/err" >&2; fail "message lacks \"$1\""; }
}
# argon2_python: $PY gets a python3 with argon2-cffi (python3-argon2,
# scripts/deps.sh); one of its own in PATH (pyenv, a venv) may lack it.
argon2_python() {
	for PY in "$(command -v python3 || true)" /usr/bin/python3; do
		[ -n "$PY" ] && "$PY" -c 'import argon2' 2>/dev/null && return 0
	done
	fail "python3-argon2 is not installed (run scripts/deps.sh as root)"
}
# tree_sum DIR: one checksum over every file's name and bytes.
tree_sum() {
	(cd "$1" && find . -type f | LC_ALL=C sort | while read -r f; do
		echo "$f"; sha256sum < "$f"; done) | sha256sum | cut -d' ' -f1
}
# setup_kiosk [open|household-code] [KDIR]: a province key, a signed copy
# of the demo poll (its eligibility mode as given; open by default) and a
# kiosk in KDIR (default $T/kiosk) with it loaded.
setup_kiosk() {
	"$PROV" init --dir "$T/prov" >/dev/null
	cp "$TOP/kiosk-config/polls/demo.json" "$T/demo.json"
	if [ "${1:-open}" != open ]; then
		sed -i "s/\"mode\": \"open\", \"min_interval\": 0/\"mode\": \"$1\"/" \
		    "$T/demo.json"
		grep -q "\"mode\": \"$1\"" "$T/demo.json" ||
		    fail "could not make the poll's mode $1"
	fi
	"$PROV" poll sign --dir "$T/prov" "$T/demo.json" >/dev/null
	"$KIOSK" init --dir "${2:-$T/kiosk}" --province-key "$T/prov/province.pub" \
	    --commune 14001 --village "Bản Mẫu" >/dev/null
	"$KIOSK" poll load --dir "${2:-$T/kiosk}" "$T/demo.json" >/dev/null
}
