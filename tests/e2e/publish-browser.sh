# Publish: the open-data directory checked with signify-openbsd, served
# read-only by the collector at /polls/ID/ (and nothing outside it), and
# index.html opened in headless Chromium: it shows the results, finds a
# real receipt code and reports an unknown one as not found.
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
command -v curl >/dev/null || skip "curl not installed (apt-get install curl)"
command -v signify-openbsd >/dev/null || skip "signify-openbsd not installed (apt-get install signify-openbsd)"
. "$TOP/tests/e2e/lib-audit.sh"

make_poll ntm-p 14003 "ban-na:Bản Nà"
make_kiosk p1 ntm-p 14003 "Bản Nà"
"$CASTLOOP" "$T/k-p1" 12 >"$T/receipts"
close_kiosk p1 ntm-p
OUT="$T/prov/publish/ntm-p"
"$PROV" publish --dir "$T/prov" --poll ntm-p --out "$OUT" >/dev/null || fail "publish"
KN=$(keynum p1)
for f in index.html results.csv results.json receipts.txt poll.json poll.json.sig \
    province.pub README.txt audit.txt "kiosk-$KN.pub" "events-$KN.bin" \
    "closing-ntm-p-$KN.bin" "closing-ntm-p-$KN.txt" "closing-ntm-p-$KN.txt.sig"; do
	[ -s "$OUT/$f" ] || fail "published directory lacks $f"
done
LC_ALL=C sort "$T/receipts" | cmp -s - "$OUT/receipts.txt" || fail "receipts.txt is not the sorted receipt codes"
grep -q "uu-tien\|giao-thong" "$OUT/receipts.txt" && fail "receipts.txt holds choices"
(cd "$OUT" && signify-openbsd -V -q -p province.pub -x poll.json.sig -m poll.json) || fail "poll signature"
(cd "$OUT" && signify-openbsd -V -q -p "kiosk-$KN.pub" -x "closing-ntm-p-$KN.txt.sig" -m "closing-ntm-p-$KN.txt") || fail "closing sheet signature"
grep -q "signify-openbsd -V -p kiosk-$KN.pub" "$OUT/README.txt" || fail "README lacks the sheet check"
grep -q "ykien-province audit" "$OUT/README.txt" || fail "README lacks the audit"
if grep -Eq "(src|href)=\"(https?:)?//" "$OUT/index.html"; then fail "index.html loads something from outside"; fi
ok "published directory complete and signed"

# The collector serves it read-only, and nothing outside it.
"$PROV" serve --dir "$T/prov" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SPID=$!
stop_server() { kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; }
cleanup_hooks="stop_server"
i=0
while ! grep -q "listening on" "$T/serve.out"; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "collector did not start: $(cat "$T/serve.err")"
	sleep 0.1
done
URL="http://$(sed -n 's/^listening on //p' "$T/serve.out")"
curl -sf "$URL/polls/ntm-p/" -o "$T/got.html" || fail "GET /polls/ntm-p/"
cmp -s "$T/got.html" "$OUT/index.html" || fail "served index.html differs"
curl -sf "$URL/polls/ntm-p/receipts.txt" | cmp -s - "$OUT/receipts.txt" || fail "receipts.txt not served"
for bad in "/polls/ntm-p/../../province.db" "/polls/../province.db" "/polls/ntm-p/%2e%2e%2fprovince.pub" \
    "/polls/ntm-p/.hidden" "/polls/ntm-p/nothing.html" "/polls/%2e%2e/publish/ntm-p/index.html"; do
	code=$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$URL$bad")
	[ "$code" = 404 ] || fail "GET $bad: $code, wanted 404"
done
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/polls/ntm-p/index.html")
[ "$code" = 405 ] || [ "$code" = 404 ] || fail "POST to a published file: $code"
stop_server
cleanup_hooks=""
ok "collector serves /polls/ntm-p/ read-only"

# The page in a real browser.
CHROME=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROME" ] || skip "chromium not installed (apt-get install -y chromium)"
CODE=$(sed -n 3p "$T/receipts")
browse() {
	rm -rf "$T/chrome"
	timeout 90 "$CHROME" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --user-data-dir="$T/chrome" "$@" 2>>"$T/chrome.err"
}
browse --dump-dom "file://$OUT/index.html#$CODE" >"$T/dom1" || fail "chromium failed: $(tail -5 "$T/chrome.err")"
grep -q "TÌM THẤY / FOUND: $CODE" "$T/dom1" || fail "the lookup did not find real code $CODE"
grep -q "Kết luận / verdict" "$T/dom1" || fail "the page does not show the results"
grep -q "Phiếu / ballots: <b>12</b>" "$T/dom1" || fail "the page does not show 12 ballots"
browse --dump-dom "file://$OUT/index.html#ZZZZZ-ZZZZ0" >"$T/dom2" || fail "chromium failed"
grep -q "KHÔNG TÌM THẤY / NOT FOUND: ZZZZZ-ZZZZ0" "$T/dom2" || fail "an unknown code was not reported as not found"
lower=$(echo "$CODE" | tr 'A-Z' 'a-z' | tr -d -)
browse --dump-dom "file://$OUT/index.html?code=$lower" >"$T/dom3" || fail "chromium failed"
grep -q "TÌM THẤY / FOUND: $CODE" "$T/dom3" || fail "a code typed in lower case without the dash was not found"
mkdir -p "$B/test-logs"
browse --screenshot="$B/test-logs/publish-index.png" --window-size=1024,1800 \
    "file://$OUT/index.html#$CODE" >/dev/null || fail "screenshot"
[ -s "$B/test-logs/publish-index.png" ] || fail "no screenshot"
ok "index.html in headless chromium: results shown, real code found, unknown not found (screenshot $B/test-logs/publish-index.png)"
