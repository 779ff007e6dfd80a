# Text from outside is made inert before a terminal or a signed sheet shows
# it (THREAT-MODEL.md, "Text from outside"):
#  - poll text with a C0, C1, DEL or bidi control is refused (every
#    control class: tests/unit/test-text.c) by
#    `ykien-province poll check` and `poll sign`, and by `ykien-kiosk poll
#    load` even when the province's signature on it checks out;
#  - a collector's refusal is printed stripped of controls and capped;
#  - a 3xx answer is a captive portal: nothing marked, exit 3 (try again).
. tests/e2e/collector.lib
SIGNRAW="$TOP/$B/tools/signraw"
command -v python3 >/dev/null || { echo "python3 not installed" >&2; exit 77; }

province "$T/prov"
"$P" poll check "$T/demo.json" >/dev/null || fail "the clean demo poll fails its check"
"$K" init --dir "$T/k0" --province-key "$T/prov/province.pub" --commune 14001 \
    --village "Bản Mẫu" >/dev/null
n=0
for bad in 'OSC 52:\u001b]52;c;SGVsbG8=\u0007' 'RLO:\u202e' 'C1 NEL:\u0085' \
    'DEL:\u007f' 'CR:\r'; do
	n=$((n + 1))
	name=${bad%%:*} esc=${bad#*:}
	f="$T/bad-$n.json"
	python3 - "$T/demo.json" "$f" "$esc" "$n" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
ctl = json.loads('"' + sys.argv[3] + '"')
p["id"] = "bad-" + sys.argv[4]
# A different field each time: title, question and village name.
where = int(sys.argv[4]) % 3
if where == 0:
    p["title"]["vi"] += ctl
elif where == 1:
    p["questions"][0]["text"]["vi"] = "Đường " + ctl + " sạch"
else:
    p["villages"][0]["name"]["vi"] += ctl
json.dump(p, open(sys.argv[2], "w"), ensure_ascii=False)
PY
	rc=0; "$P" poll check "$f" >/dev/null 2>"$T/err" || rc=$?
	[ $rc -eq 1 ] || fail "$name: poll check exit $rc"
	grep -q "control character" "$T/err" || fail "$name: check says: $(cat "$T/err")"
	rc=0; "$P" poll sign --dir "$T/prov" "$f" >/dev/null 2>"$T/err" || rc=$?
	[ $rc -eq 1 ] && [ ! -f "$f.sig" ] || fail "$name: poll sign exit $rc"
	"$SIGNRAW" "$T/prov" "$f" || fail "signraw"
	rc=0; "$K" poll load --dir "$T/k0" "$f" >/dev/null 2>"$T/err" || rc=$?
	[ $rc -ne 0 ] || fail "$name: a kiosk loaded it"
	grep -q "control character" "$T/err" || fail "$name: load says: $(cat "$T/err")"
done
echo "ok: $n hostile poll texts refused at check, sign and load"

# clean FILE: no byte below 0x20 but newline, no DEL, no C1, no bidi.
clean() {
	python3 - "$1" <<'PY'
import re, sys
t = open(sys.argv[1], "rb").read().decode("utf-8", "strict")
bad = re.findall("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", t)
sys.exit(1 if bad else 0)
PY
}
kiosk "$T/k1" "$T/prov"
# 20: a batch leaves only while k stay behind (the poll is open).
"$CAST" "$T/k1" 20
standin hostile
rc=0
"$K" upload --dir "$T/k1" --url "$XURL" >"$T/out" 2>"$T/err" || rc=$?
[ $rc -eq 4 ] || fail "hostile refusal: exit $rc, expected 4 (refused)"
clean "$T/err" || fail "control characters reached the terminal: $(od -c "$T/err" | head)"
grep -q "refused" "$T/err" || fail "the refusal is not reported"
[ "$(wc -c <"$T/err")" -lt 2000 ] || fail "the server's text is not capped ($(wc -c <"$T/err") bytes)"
[ -z "$(kiosk_uploaded "$T/k1")" ] || fail "marked after a refusal"
stop "$XPID"
echo "ok: a hostile refusal is printed inert and capped"

standin redirect
rc=0
"$K" upload --dir "$T/k1" --url "$XURL" >"$T/out" 2>"$T/err" || rc=$?
[ $rc -eq 3 ] || fail "302: exit $rc, expected 3 (try again)"
grep -q "captive portal" "$T/err" || fail "302 message: $(cat "$T/err")"
[ -z "$(kiosk_uploaded "$T/k1")" ] || fail "marked after a 302"
stop "$XPID"
serve "$T/prov"
"$K" upload --dir "$T/k1" --url "$URL" | grep -q "uploaded 1 batches" || fail "the real collector"
echo "ok: a 302 marks nothing and says try again; the real collector then takes the batch"
