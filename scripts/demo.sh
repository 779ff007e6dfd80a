#!/bin/sh
# make demo: a fresh kiosk in $B/demo with the demo poll, signed by a demo
# province key made on the spot (the "embedded default configuration").
set -eu
B=${B:-build}
D="$B/demo"
rm -rf "$D"
mkdir -p "$D"
export YKIEN_PASSPHRASE=demo YKIEN_PWHASH_COST=min
"$B/ykien-province" init --dir "$D/province" >/dev/null
cp kiosk-config/polls/demo.json "$D/demo.json"
"$B/ykien-province" poll sign --dir "$D/province" "$D/demo.json" >/dev/null
"$B/ykien-kiosk" init --dir "$D/kiosk" --province-key "$D/province/province.pub" \
    --commune 14001 --village "Bản Mẫu" >/dev/null
"$B/ykien-kiosk" poll load --dir "$D/kiosk" "$D/demo.json" >/dev/null
"$B/ykien-kiosk" poll test --dir "$D/kiosk" demo-2026 >/dev/null
"$B/ykien-kiosk" poll open --dir "$D/kiosk" demo-2026 >/dev/null
"$B/ykien-kiosk" status --dir "$D/kiosk"
