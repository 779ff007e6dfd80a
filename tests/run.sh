#!/bin/sh
# Run every test of `make check` and print one summary.
#   unit tests     build/tests/test-*       (cmocka, one binary per module)
#   fuzz replay    build/fuzz/replay-* over tests/fuzz/{corpus,crashes}/<t>
#   end-to-end     tests/e2e/*.sh           (real binaries, real files,
#                                            collector on 127.0.0.1, tmux)
# A test script exits 0 (pass), 77 (skipped, with a reason on stderr) or
# anything else (fail).  Logs go to $B/test-logs/.  ONLY=pattern runs a subset;
# JOBS=N runs N at a time (below).
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
: >"$LOGS/.start"

# Tests run JOBS at a time (default: cores + 1; most of a test's time is
# spent waiting on fsync, a collector or a tmux pane, not on a core).  Each
# is run in the background and leaves NAME.rc ("exit seconds") beside its
# log; reap prints each result as it comes in.  JOBS=1 runs one at a time.
JOBS=${JOBS:-$(($(nproc 2>/dev/null || echo 1) + 1))}
running=0

# (Its variables are its own: it runs inside run_one's loop.)
reap() {
	for f in "$LOGS"/*.rc; do
		[ -f "$f" ] || continue
		r_base=${f%.rc}
		r_name=$(cat "$r_base.name")
		read -r rc secs <"$f"
		mv "$f" "$r_base.done"
		running=$((running - 1))
		if [ "$rc" -eq 0 ]; then
			pass=$((pass + 1)); printf 'PASS  %-40s %3ss\n' "$r_name" "$secs"
		elif [ "$rc" -eq 77 ]; then
			skip=$((skip + 1)); printf 'SKIP  %-40s (%s)\n' "$r_name" "$(tail -n 1 "$r_base.log")"
		else
			fail=$((fail + 1)); failed="$failed $r_name"
			printf 'FAIL  %-40s (exit %d)\n' "$r_name" "$rc"
			sed 's/^/    | /' "$r_base.log" | tail -n 30
		fi
	done
}

run_one() {
	name=$1; shift
	case "$name" in *${ONLY:-}*) ;; *) return ;; esac
	while [ "$running" -ge "$JOBS" ]; do
		reap
		[ "$running" -ge "$JOBS" ] && sleep 0.1
	done
	base="$LOGS/$(echo "$name" | tr / -)"
	echo "$name" >"$base.name"
	running=$((running + 1))
	(
		t0=$(date +%s)
		"$@" >"$base.log" 2>&1 </dev/null
		rc=$?
		echo "$rc $(($(date +%s) - t0))" >"$base.tmp"
		mv "$base.tmp" "$base.rc"
	) &
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

while [ "$running" -gt 0 ]; do
	reap
	[ "$running" -gt 0 ] && sleep 0.1
done
wait
# The kiosk store keeps its WAL index in RAM (/dev/shm); the tests that
# kill a kiosk on purpose leave theirs behind, 32 KiB of tmpfs each.  Those
# made during this run and open in no process any more go; another run's
# live ones stay.
if command -v fuser >/dev/null 2>&1; then
	for f in /dev/shm/ykien-store-*.shm; do
		[ -e "$f" ] && [ "$f" -nt "$LOGS/.start" ] || continue
		fuser -s "$f" 2>/dev/null || rm -f "$f"
	done
fi
end=$(date +%s)
echo "----------------------------------------------------------------"
echo "ykien test summary: $pass passed, $fail failed, $skip skipped ($((end - start))s)"
[ $fail -eq 0 ] || { echo "failed:$failed"; exit 1; }
exit 0
