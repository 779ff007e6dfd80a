#!/bin/sh
# Run every test of `make check` and print one summary.
#   unit tests     build/tests/test-*       (cmocka, one binary per module)
#   fuzz replay    build/fuzz/replay-* over tests/fuzz/{corpus,crashes}/<t>
#   end-to-end     tests/e2e/*.sh           (real binaries, real files,
#                                            collector on 127.0.0.1, tmux)
# A test script exits 0 (pass), 77 (skipped, with a reason on stderr) or
# anything else (fail).  Logs go to $B/test-logs/.  ONLY=pattern runs a subset.
# make check runs it with B=build/hooks (the test build, -DYKIEN_TEST_HOOKS)
# and PROD_B=build (the production binaries, for e2e/test-hooks).
set -u
B=${B:-build}
export B
[ -n "${PROD_B:-}" ] && export PROD_B
TOP=$(pwd)
export TOP
# Sanitizer builds: the caches third-party libraries keep are not leaks.
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$TOP/tests/lsan.supp:print_suppressions=0}
export LSAN_OPTIONS
LOGS="$B/test-logs"
rm -rf "$LOGS"
mkdir -p "$LOGS"
pass=0 fail=0 skip=0 failed=""
PG_TESTS="collector-happy collector-refusals collector-records
usb-export tally-counts ids-per-kiosk revoke digest-import national
nginx-front"
start=$(date +%s)

run_one() {
	name=$1; shift
	case "$name" in *${ONLY:-}*) ;; *) return ;; esac
	log="$LOGS/$(echo "$name" | tr / -).log"
	t0=$(date +%s)
	"$@" >"$log" 2>&1
	rc=$?
	t1=$(date +%s)
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1)); printf 'PASS  %-40s %3ss\n' "$name" $((t1 - t0))
	elif [ $rc -eq 77 ]; then
		skip=$((skip + 1)); printf 'SKIP  %-40s (%s)\n' "$name" "$(tail -n 1 "$log")"
	else
		fail=$((fail + 1)); failed="$failed $name"
		printf 'FAIL  %-40s (exit %d)\n' "$name" $rc
		sed 's/^/    | /' "$log" | tail -n 30
	fi
}

for t in "$B"/tests/test-*; do
	[ -x "$t" ] || continue
	case "$t" in *.d) continue ;; esac
	run_one "unit/$(basename "$t")" "$t"
done
for t in "$B"/fuzz/replay-*; do
	[ -x "$t" ] || continue
	case "$t" in *.d) continue ;; esac
	n=${t##*/replay-}
	run_one "fuzz/$n" "$t" "tests/fuzz/corpus/$n" "tests/fuzz/crashes/$n"
done
for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	case "$(basename "$t")" in lib*.sh|_*) continue ;; esac
	run_one "e2e/$(basename "$t" .sh)" sh "$t"
done
# The province's key tests again with the store on PostgreSQL (each starts
# a throwaway cluster; skipped, saying why, where PostgreSQL cannot run).
for n in $PG_TESTS; do
	run_one "e2e-pg/$n" env YKIEN_TEST_DB=postgresql sh "tests/e2e/$n.sh"
done

end=$(date +%s)
echo "----------------------------------------------------------------"
echo "ykien test summary: $pass passed, $fail failed, $skip skipped ($((end - start))s)"
[ $fail -eq 0 ] || { echo "failed:$failed"; exit 1; }
exit 0
