#!/bin/sh
# make demo: a fresh kiosk in $B/demo with the demo poll, signed by a demo
# province key made on the spot, then the voter's screen in this terminal.
# The poll is the one make drafted its Vietnamese clips for ($B/polls,
# mk/clips.mk).  The kiosk runs on its built-in default settings but for
# one line of kiosk.conf that turns audio on: with a sound device each
# screen speaks its clip; without one the kiosk runs silently and
# `status` says why.
set -eu
B=${B:-build}
# The tests make theirs elsewhere, with the test build's binaries.
D=${DEMO_DIR:-$B/demo}
POLLS=${POLLS:-$B/polls}
rm -rf "$D"
mkdir -p "$D"
export YKIEN_PASSPHRASE=demo YKIEN_PWHASH_COST=min
"$B/ykien-province" init --dir "$D/province" >/dev/null
# The poll and its clips side by side: signing the poll covers their hashes.
cp "$POLLS/demo.json" "$POLLS"/*.ogg "$D/"
"$B/ykien-province" poll sign --dir "$D/province" "$D/demo.json" >/dev/null
"$B/ykien-kiosk" init --dir "$D/kiosk" --province-key "$D/province/province.pub" \
    --commune 14001 --village "Bản Mẫu" >/dev/null
"$B/ykien-kiosk" poll load --dir "$D/kiosk" "$D/demo.json" >/dev/null
"$B/ykien-kiosk" poll test --dir "$D/kiosk" demo-2026 >/dev/null
"$B/ykien-kiosk" poll open --dir "$D/kiosk" demo-2026 >/dev/null
printf '[audio]\nenabled = yes\n' >"$D/kiosk/kiosk.conf"
# The officials' PIN, for the menu behind F12 (demo only: 123456).
YKIEN_PIN=123456 "$B/ykien-kiosk" pin set --dir "$D/kiosk" --role official >/dev/null
"$B/ykien-kiosk" status --dir "$D/kiosk"
echo
if [ ! -t 0 ] || [ ! -t 1 ]; then
	echo "No terminal here; to open the voter's screen run:"
	echo "  $B/ykien-kiosk run --dir $D/kiosk"
	exit 0
fi
echo "Opening the voter's screen (to stop it: F12, PIN 123456, then 9)..."
sleep 2
exec "$B/ykien-kiosk" run --dir "$D/kiosk"
