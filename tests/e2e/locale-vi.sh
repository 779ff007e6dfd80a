# Numbers in files and settings never follow the locale (THREAT-MODEL.md,
# "Locale"): under a generated vi_VN.UTF-8, whose decimal point is a
# comma, the tally's JSON parses and its CSV keeps its columns, publish
# writes the same, and kiosk.conf's "still_there = 1.5" is read.
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
command -v localedef >/dev/null || skip "localedef not installed (apt-get install locales)"
mkdir "$T/loc"
localedef -i vi_VN -f UTF-8 "$T/loc/vi_VN.UTF-8" 2>"$T/localedef.err" ||
    skip "localedef cannot make vi_VN.UTF-8: $(tail -n 1 "$T/localedef.err")"
[ "$(LOCPATH="$T/loc" LC_ALL=vi_VN.UTF-8 locale decimal_point 2>/dev/null)" = "," ] ||
    skip "the generated vi_VN.UTF-8 does not load"
. "$TOP/tests/e2e/lib-audit.sh"
make_poll ntm-a 14001 "ban-mot:Bản Một"
make_kiosk a1 ntm-a 14001 "Bản Một"
"$CASTLOOP" "$T/k-a1" 12 >/dev/null
close_kiosk a1 ntm-a

vi() { LOCPATH="$T/loc" LC_ALL=vi_VN.UTF-8 LANG=vi_VN.UTF-8 "$@"; }

# check_data JSON CSV: the JSON parses and has rates with a point; every
# CSV row has the header's number of fields.
check_data() {
	python3 - "$1" "$2" <<'PY' || fail "$1 / $2 follow the locale"
import csv, json, sys
j = json.load(open(sys.argv[1]))
rates = []
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "rate" and v is not None:
                rates.append(v)
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(j)
assert rates and all(isinstance(r, (int, float)) for r in rates), rates
rows = list(csv.reader(open(sys.argv[2])))
assert len(rows) > 1
assert all(len(r) == len(rows[0]) for r in rows), [len(r) for r in rows]
assert any("." in f for r in rows[1:] for f in r), "no decimal in the CSV"
assert not any("," in f for r in rows[1:] for f in r), "a comma inside a field"
PY
}
vi "$PROV" tally --dir "$T/prov" --poll ntm-a --format json -o "$T/t.json"
vi "$PROV" tally --dir "$T/prov" --poll ntm-a --format csv -o "$T/t.csv"
check_data "$T/t.json" "$T/t.csv"
ok "tally json and csv under vi_VN.UTF-8"
vi "$PROV" publish --dir "$T/prov" --poll ntm-a --out "$T/pub" >/dev/null
[ -f "$T/pub/results.json" ] || fail "publish wrote no results.json: $(ls "$T/pub")"
check_data "$T/pub/results.json" "$T/pub/results.csv"
ok "publish under vi_VN.UTF-8"

# kiosk.conf: "1.5" is read (the run gets past its settings to the
# terminal, which this test does not give it); "1,5" is not a number.
printf '[timeouts]\nstill_there = 1.5\n' >"$T/k-a1/kiosk.conf"
set +e
vi timeout 20 "$KIOSK" run --dir "$T/k-a1" --no-upload </dev/null >/dev/null 2>"$T/err"
set -e
grep -q "not a number of seconds" "$T/err" && fail "still_there = 1.5 refused: $(cat "$T/err")"
grep -q "terminal" "$T/err" || fail "run stopped elsewhere: $(cat "$T/err")"
printf '[timeouts]\nstill_there = 1,5\n' >"$T/k-a1/kiosk.conf"
set +e
vi timeout 20 "$KIOSK" run --dir "$T/k-a1" --no-upload </dev/null >/dev/null 2>"$T/err"
set -e
grep -q "not a number of seconds" "$T/err" || fail "still_there = 1,5 accepted: $(cat "$T/err")"
ok "kiosk.conf reads 1.5 and refuses 1,5 under vi_VN.UTF-8"

# The catalogs' review states read the same under vi_VN.UTF-8 as under
# C.UTF-8 (poll check reads each catalog's header through gettext).
LC_ALL=C.UTF-8 "$PROV" poll check "$TOP/kiosk-config/polls/ntm-2026.json" >"$T/check.c"
vi "$PROV" poll check "$TOP/kiosk-config/polls/ntm-2026.json" >"$T/check.vi"
cmp -s "$T/check.c" "$T/check.vi" ||
    fail "poll check differs under vi_VN.UTF-8: $(diff "$T/check.c" "$T/check.vi")"
grep -q "language hmn@viet: poll texts draft, needs native review; screen strings draft, needs native review" \
    "$T/check.vi" || fail "poll check under vi_VN.UTF-8: $(cat "$T/check.vi")"
ok "poll check lists the same review states under vi_VN.UTF-8"
