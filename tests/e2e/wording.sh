#!/bin/sh
# The voter's Vietnamese (issue 15, wording): one register ("Ông/bà", never
# "Bạn"), keys named in Vietnamese (the stickers "Đồng ý" and "Quay lại",
# never "Enter" or "Backspace"), one accent style (hòa, thủy, hủy: the old
# style, the mark on the first vowel of an open oa/oe/uy) in the vi
# catalog and in the vi texts of the shipped polls.  The shipped polls
# carry every text in every language they list, and `poll check` names
# each language's review state, drafts as drafts.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
cd "$TOP"

cat >"$T/check.py" <<'PY'
import json, re, sys, unicodedata
# New style puts the mark on the last vowel of an open oa/oe/uy ("hoà",
# "thuỷ", "huỷ"); "quý" keeps it on y in both styles, hence no q before.
new_style = re.compile(r'(?<![qQ])([oO][àáảãạ]|[oO][èéẻẽẹ]|[uU][ỳýỷỹỵ])(?!\w)')
forbidden = [(re.compile(r'\b[Bb]ạn\b'), '"Bạn" (say "Ông/bà")'),
             (re.compile(r'\bEnter\b'), '"Enter" (say "phím Đồng ý")'),
             (re.compile(r'\bBackspace\b'), '"Backspace" (say "Quay lại")'),
             (new_style, 'a new-style accent (write hòa, thủy, hủy)')]
bad = 0
def check(where, s):
    global bad
    if s != unicodedata.normalize("NFC", s):
        print(f"{where}: not NFC: {s}"); bad += 1
    for rx, why in forbidden:
        m = rx.search(s)
        if m:
            print(f"{where}: {why}: ...{s[max(0, m.start() - 20):m.end() + 20]}...")
            bad += 1

# The vi catalog's translations (msgstr and its continuation lines).
po, polls = sys.argv[1], sys.argv[2:]
msgs, cur, key = {}, None, None
for n, line in enumerate(open(po, encoding="utf-8"), 1):
    if line.startswith("#"):
        continue
    m = re.match(r'(msgid|msgstr) "(.*)"$', line.rstrip("\n"))
    c = re.match(r'"(.*)"$', line.rstrip("\n"))
    if m:
        cur = m.group(1)
        if cur == "msgid":
            key = m.group(2)
            msgs[key] = ""
        else:
            msgs[key] = m.group(2)
        if cur == "msgstr":
            check(f"{po}:{n}", m.group(2))
    elif c and cur:
        if cur == "msgid":
            key += c.group(1)
            msgs[key] = ""
        else:
            msgs[key] += c.group(1)
            check(f"{po}:{n}", c.group(1))
want = {"2 = Change an answer": "2 = Sửa câu trả lời",
        "Voting has ended": "Cuộc lấy ý kiến đã kết thúc",
        "Are you still there?": "Ông/bà còn ở đây không?"}
for k, v in want.items():
    if msgs.get(k) != v:
        print(f"{po}: {k!r} reads {msgs.get(k)!r}, not {v!r}"); bad += 1

# The polls: the vi text of every field, and every field in every language.
for path in [a for a in polls if a.endswith(".json")]:
    p = json.load(open(path, encoding="utf-8"))
    langs = p["languages"]
    def walk(o, where):
        global bad
        if isinstance(o, dict) and isinstance(o.get("vi"), str):
            check(f"{path} {where}", o["vi"])
            for l in langs:
                if not isinstance(o.get(l), str) or not o[l].strip():
                    print(f"{path} {where}: no {l} text"); bad += 1
            return
        items = o.items() if isinstance(o, dict) else enumerate(o) \
            if isinstance(o, list) else []
        for k, v in items:
            walk(v, f"{where}.{k}")
    walk(p, "")
# Vietnamese written straight into the sources (the printed sheets and
# slips): the same register and accents; English there may name keys.
for path in [a for a in sys.argv[2:] if a.endswith(".c")]:
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', line):
            if re.search(r"[^\x00-\x7f]", lit):
                for rx, why in forbidden[:1] + forbidden[3:]:
                    if rx.search(lit):
                        print(f"{path}:{n}: {why}: {lit}"); bad += 1
sys.exit(1 if bad else 0)
PY
python3 "$T/check.py" locales/vi.po kiosk-config/polls/*.json src/*.c ||
    fail "the Vietnamese wording regressed (above)"
ok "vi catalog and poll texts: Ông/bà, Vietnamese key names, one accent style"

# The check sees each kind of regression, in the catalog and in a poll.
for bad in 's/"Xin kiểm tra lại/"Bạn kiểm tra lại/' 's/xóa/xoá/' \
    's/"Bấm phím Đồng ý để trả lời"/"Bấm Enter để trả lời"/' \
    's/hủy phiếu/huỷ phiếu/' 's/"Quay lại: xóa/"Backspace: xóa/'; do
	sed -e "$bad" locales/vi.po >"$T/vi.po"
	cmp -s locales/vi.po "$T/vi.po" && fail "planting '$bad' changed nothing"
	python3 "$T/check.py" "$T/vi.po" kiosk-config/polls/demo.json >/dev/null &&
	    fail "the check let '$bad' through in the catalog"
done
sed -e 's/Thủy lợi/Thuỷ lợi/' kiosk-config/polls/ntm-2026.json >"$T/p.json"
python3 "$T/check.py" locales/vi.po "$T/p.json" >/dev/null &&
    fail "the check let 'Thuỷ' through in a poll"
python3 - kiosk-config/polls/demo.json "$T/p.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
del p["questions"][0]["text"]["hmn"]
json.dump(p, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
python3 "$T/check.py" locales/vi.po "$T/p.json" >/dev/null &&
    fail "the check let a poll text missing in hmn through"
sed -e '0,/Số lần bấm/s//Số lần hoà bấm/' src/closing-sheet.c >"$T/sheet.c"
cmp -s src/closing-sheet.c "$T/sheet.c" && fail "planting in closing-sheet.c changed nothing"
python3 "$T/check.py" locales/vi.po "$T/sheet.c" >/dev/null &&
    fail "the check let 'hoà' through in a source's Vietnamese"
ok "planted regressions are seen"

# poll check: one line per language, with the review state of the poll's
# texts and of the screen strings; Thái and Mông are drafts in both.
for poll in demo ntm-2026; do
	"$PROV" poll check "$TOP/kiosk-config/polls/$poll.json" >"$T/check" ||
	    fail "poll check $poll: $(cat "$T/check")"
	for l in vi en; do
		grep -qx "  language $l: poll texts reviewed; screen strings reviewed" \
		    "$T/check" || fail "$poll: $l not listed as reviewed: $(cat "$T/check")"
	done
	for l in blt blt@latin hmn hmn@viet; do
		grep -qx "  language $l: poll texts draft, needs native review; screen strings draft, needs native review" \
		    "$T/check" || fail "$poll: $l not listed as a draft: $(cat "$T/check")"
	done
done
ok "poll check lists each language's review state"

# A line on every question says which keys to press, in the screen's
# language: every question frame of the golden screens (which test-ui-golden
# holds equal to the renderer's) carries one of the catalogs' key lines.
python3 - locales/*.po tests/golden/*.txt <<'PY' || fail "a question screen without its key line (above)"
import re, sys, unicodedata
pos = [a for a in sys.argv[1:] if a.endswith(".po")]
golds = [a for a in sys.argv[1:] if a.endswith(".txt")]
ids = ["Press the number of your answer (1 to %d)", "Press Enter to answer",
       "You chose %c. Press %c again or Enter to answer"]
lines = set(ids)
for po in pos:
    text = open(po, encoding="utf-8").read()
    for mid in ids:
        m = re.search(r'msgid "%s"\nmsgstr "(.*)"' % re.escape(mid), text)
        if m and m.group(1):
            lines.add(m.group(1))
# An ASCII terminal gets the same line without its marks.
fold = lambda s: "".join(c for c in unicodedata.normalize("NFD", s)
                         if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D")
lines |= {fold(l) for l in lines}
pats = [re.compile(re.escape(l).replace("%d", r"\d+").replace("%c", r"\w"))
        for l in lines]
bad = n = 0
for g in golds:
    frames = re.split(r"^(--- .*)$", open(g, encoding="utf-8").read(), flags=re.M)
    for head, body in zip(frames[1::2], frames[2::2]):
        if "(question," not in head:
            continue
        n += 1
        if not any(p.search(body) for p in pats):
            print(f"{g}: {head}: no key line"); bad += 1
print(f"{n} question frames")
sys.exit(1 if bad or n < 20 else 0)
PY
ok "every question screen says which keys to press"
