# The known-answer vectors, checked by an independent verifier written
# from docs/PROTOCOL.md (Python, with its own Ed25519), not by our C code.
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
argon2_python
python3() { "$PY" "$@"; }
python3 "$TOP/tests/verify/ykien_verify.py" "$TOP/tests/vectors/foundation.txt" \
    "$TOP/tests/vectors/poll.json" "$TOP/docs/PROTOCOL.md"
# The closing-record vector in PROTOCOL.md, with one byte of its village_id
# changed, must fail.
sed 's/62616e2d6d6175/62616e2d6d6176/' "$TOP/docs/PROTOCOL.md" >"$T/bad.md"
if python3 "$TOP/tests/verify/ykien_verify.py" "$TOP/tests/vectors/foundation.txt" \
    "$TOP/tests/vectors/poll.json" "$T/bad.md" 2>/dev/null; then
	fail "the verifier accepted a changed closing record"
fi
# A changed vector must fail the verifier.
sed "s/^receipt.code = .*/receipt.code = 00000-00000/" \
    "$TOP/tests/vectors/foundation.txt" > "$T/bad.txt"
if python3 "$TOP/tests/verify/ykien_verify.py" "$T/bad.txt" \
    "$TOP/tests/vectors/poll.json" 2>/dev/null; then
	fail "the verifier accepted a wrong receipt"
fi
# So must a household-code hash made with another salt.
sed "s/^code.kdf = \(.*salt=\)00/code.kdf = \101/" \
    "$TOP/tests/vectors/foundation.txt" > "$T/bad.txt"
cmp -s "$T/bad.txt" "$TOP/tests/vectors/foundation.txt" && fail "sed: no code.kdf"
if python3 "$TOP/tests/verify/ykien_verify.py" "$T/bad.txt" \
    "$TOP/tests/vectors/poll.json" 2>/dev/null; then
	fail "the verifier accepted a code hash under another salt"
fi
ok "independent verifier agrees, and rejects a changed vector"
