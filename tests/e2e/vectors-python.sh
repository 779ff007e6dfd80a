# The known-answer vectors, checked by an independent verifier written
# from docs/PROTOCOL.md (Python, with its own Ed25519), not by our C code.
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
python3 "$TOP/tests/verify/ykien_verify.py" "$TOP/tests/vectors/foundation.txt" \
    "$TOP/tests/vectors/poll.json"
# A changed vector must fail the verifier.
sed "s/^receipt.code = .*/receipt.code = 00000-00000/" \
    "$TOP/tests/vectors/foundation.txt" > "$T/bad.txt"
if python3 "$TOP/tests/verify/ykien_verify.py" "$T/bad.txt" \
    "$TOP/tests/vectors/poll.json" 2>/dev/null; then
	fail "the verifier accepted a wrong receipt"
fi
ok "independent verifier agrees, and rejects a changed vector"
