# Shared by the audit, tally and publish end-to-end tests (sourced after
# lib.sh).  It provisions real kiosks with the real CLI, casts with the
# test tools, closes with the officials' PIN, carries everything to the
# province on a "USB stick" (`ykien-kiosk export`) and imports it.
CASTLOOP="$B/tools/castloop"
CAST="$B/tools/cast"
# PD: the province's state directory the functions below work on ($T/prov,
# made here, unless the test sets PD before sourcing: several provinces).
if [ -z "${PD:-}" ]; then
	PD="$T/prov"
	"$PROV" init --dir "$PD" >/dev/null
	fresh_store "$PD"
fi

# make_poll ID COMMUNE VID:NAME... : a signed, added poll based on the demo
# poll, open eligibility, one closing PIN, villages as given, a period in
# January 2026 (the kiosk does not hold a poll to its dates).  With
# PROVINCE set, the poll names that province (else the demo's, Sơn La).
make_poll() {
	id=$1 commune=$2
	shift 2
	python3 - "$TOP/kiosk-config/polls/demo.json" "$T/$id.json" "$id" \
	    "$commune" "$@" <<'PY'
import json, os, sys
src, dst, pid, commune = sys.argv[1:5]
p = json.load(open(src))
p["id"] = pid
if os.environ.get("PROVINCE"):
    prov = os.environ["PROVINCE"]
    p["province"] = {"code": prov, "name": {"vi": "Tỉnh " + prov}}
p["commune"] = {"code": commune, "name": {"vi": "Xã " + commune, "en": "Commune " + commune}}
p["villages"] = [{"id": v.split(":")[0], "name": {"vi": v.split(":")[1], "en": v.split(":")[0]}} for v in sys.argv[5:]]
p["eligibility"] = {"mode": "open", "min_interval": 0}
# Over already, so that tally and publish may count it (no running results).
p["period"] = {"opens": "2026-01-01", "closes": "2026-01-31"}
json.dump(p, open(dst, "w"), ensure_ascii=False, indent=1)
PY
	"$PROV" poll sign --dir "$PD" "$T/$id.json" >/dev/null
	"$PROV" poll add --dir "$PD" "$T/$id.json" >/dev/null
}

# make_kiosk NAME POLL COMMUNE VILLAGE: init, register, load, test, open.
make_kiosk() {
	d="$T/k-$1"
	"$KIOSK" init --dir "$d" --province-key "$PD/province.pub" \
	    --commune "$3" --village "$4" >/dev/null
	"$PROV" kiosk add --dir "$PD" --key "$d/kiosk.pub" --commune "$3" \
	    --village "$4" >/dev/null
	"$KIOSK" poll load --dir "$d" "$T/$2.json" >/dev/null
	"$KIOSK" poll test --dir "$d" "$2" >/dev/null
	"$KIOSK" poll open --dir "$d" "$2" >/dev/null
	YKIEN_PIN=246813 "$KIOSK" pin set --dir "$d" --role official >/dev/null
}

# close_kiosk NAME POLL: close with the PIN, export, import.
close_kiosk() {
	d="$T/k-$1"
	YKIEN_PIN_OFFICIAL=246813 "$KIOSK" poll close --dir "$d" "$2" >/dev/null
	rm -rf "$T/stick-$1"
	mkdir -p "$T/stick-$1"
	"$KIOSK" export --dir "$d" --to "$T/stick-$1" >/dev/null
	rm -rf "$T/usb-$1"
	mv "$T/stick-$1"/ykien-* "$T/usb-$1"
	"$PROV" import --dir "$PD" "$T/usb-$1" >"$T/import-$1.out"
}

# keynum NAME: the kiosk's key number in hex (as the audit names it).
keynum() {
	python3 - "$T/k-$1/kiosk.pub" <<'PY'
import base64, sys
b = base64.b64decode(open(sys.argv[1]).read().splitlines()[1])
print(b[2:10].hex())
PY
}

# one_kiosk N: poll ntm-a (14001: ban-mot); kiosk a1 in Bản Một with N
# ballots, closed, exported and imported.
one_kiosk() {
	make_poll ntm-a 14001 "ban-mot:Bản Một"
	make_kiosk a1 ntm-a 14001 "Bản Một"
	"$CASTLOOP" "$T/k-a1" "$1" >/dev/null
	close_kiosk a1 ntm-a
}

# two_kiosks: poll ntm-a (14001: ban-mot, ban-hai); kiosk a1 in Bản Một
# with 12 ballots, closed and imported; kiosk a2 in Bản Hai with 11, open.
two_kiosks() {
	make_poll ntm-a 14001 "ban-mot:Bản Một" "ban-hai:Bản Hai"
	make_kiosk a1 ntm-a 14001 "Bản Một"
	make_kiosk a2 ntm-a 14001 "Bản Hai"
	"$CASTLOOP" "$T/k-a1" 12 >/dev/null
	"$CASTLOOP" "$T/k-a2" 11 >/dev/null
	close_kiosk a1 ntm-a
}
