# The house rule: no function in src/ over 80 lines without a comment
# above it that says why ("Long: ...").  scripts/funclen.sh lists them.
. "$TOP/tests/e2e/lib.sh"
command -v awk >/dev/null || skip "awk not installed"
cd "$TOP"
if ! scripts/funclen.sh > "$T/out"; then
	cat "$T/out" >&2
	fail "a function over 80 lines has no \"Long:\" comment saying why"
fi
tail -n 1 "$T/out"
# The counter must see long functions at all: a 90-line one is found.
{ printf 'static int\nlong_one(void)\n{\n'; i=0
  while [ $i -lt 87 ]; do echo "	i++;"; i=$((i + 1)); done
  printf '}\n'; } > "$T/long.c"
scripts/funclen.sh "$T/long.c" > "$T/out2" && fail "a 90-line function passed"
grep -q "^  90 long_one" "$T/out2" || fail "not counted: $(cat "$T/out2")"
ok "function lengths"
