#!/bin/sh
# The shipped demo poll speaks Vietnamese and English: make drafts a clip
# for every screen with espeak-ng ($PROD_B/polls, mk/clips.mk).  `poll
# check` counts them per language: Vietnamese and English complete and
# marked draft, every other language missing (no voice to draft Thái or Mông with).  Drafting again
# from the same sources makes the same bytes.  Then the poll is signed as
# shipped, loaded, and a whole ballot is cast in tmux with ALSA's `file`
# plugin as the sound device: the clips must start in screen order, each
# the one whose key PROTOCOL.md gives for the screen's exact text
# (computed here from the poll and the vi catalog, not by ykien), and the
# last one must reach the device whole, as oggdec decodes it.
. "$(dirname "$0")/lib/ui.sh"
. "$(dirname "$0")/lib/alsa.sh"
for t in oggdec aplay espeak-ng python3; do
	command -v $t >/dev/null || { echo "$t is not installed" >&2; exit 77; }
done
PB=${PROD_B:-build}
case "$PB" in /*) ;; *) PB="$TOP/$PB" ;; esac
POLLS="$PB/polls"
[ -s "$POLLS/demo.json" ] || die "no $POLLS/demo.json: make drafts it (mk/clips.mk)"
export YKIEN_PASSPHRASE=test YKIEN_PWHASH_COST=min
P="$B/ykien-province"
"$P" poll check "$POLLS/demo.json" >"$SCR/check.out" ||
    die "poll check fails on the shipped poll: $(cat "$SCR/check.out")"
for l in vi en; do
	grep -qx "  audio $l: 7 of 7 screens (7 draft), 0 missing" "$SCR/check.out" ||
	    die "$l is not complete and draft: $(grep audio "$SCR/check.out")"
done
for l in blt blt@latin hmn hmn@viet; do
	grep -qx "  audio $l: 0 of 7 screens (0 draft), 7 missing" "$SCR/check.out" ||
	    die "$l is not reported missing: $(grep audio "$SCR/check.out")"
done
"$P" poll check "$POLLS/ntm-2026.json" | grep -q "audio vi: \([0-9]*\) of \1 screens (\1 draft), 0 missing" ||
    die "ntm-2026 lacks Vietnamese clips"
"$P" poll audio text "$POLLS/demo.json" hmn dien | grep -q "^1\. " ||
    die "poll audio text does not give the text to record"

# The same sources, the same bytes.
"$TOP/scripts/poll-clips.sh" "$PB" "$SCR/again" "$TOP/kiosk-config/polls/demo.json" ||
    die "poll-clips.sh"
cmp -s "$SCR/again/demo.json" "$POLLS/demo.json" || die "drafting again made another demo.json"
for f in "$SCR/again"/*.ogg; do
	cmp -s "$f" "$POLLS/${f##*/}" || die "drafting again made another ${f##*/}"
done

# make demo's kiosk: the shipped poll's clips loaded and audio on (without
# a device it is off and silent: tests/e2e/audio.sh).
alsa_file_conf
ALSA_CONFIG_PATH="$SCR/asound.conf" DEMO_DIR="$SCR/demo" POLLS="$POLLS" B="$B" \
    "$TOP/scripts/demo.sh" </dev/null >"$SCR/demo.out" 2>&1 ||
    die "scripts/demo.sh: $(cat "$SCR/demo.out")"
[ "$(ls "$SCR/demo/kiosk/clips" | wc -l)" = 14 ] ||
    die "make demo's kiosk has $(ls "$SCR/demo/kiosk/clips" | wc -l) clips, not 14 (7 screens in vi and en)"
grep -q "audio: on" "$SCR/demo.out" || die "make demo: $(grep audio "$SCR/demo.out")"

# The expected keys, from the poll's texts and the vi catalog.
python3 - "$POLLS/demo.json" "$PB/locale/vi/LC_MESSAGES/ykien.mo" \
    >"$SCR/audio.want" <<'PY' || die "cannot compute the expected clip keys"
import gettext, hashlib, json, sys
poll = json.load(open(sys.argv[1], encoding="utf-8"))
_ = gettext.GNUTranslations(open(sys.argv[2], "rb")).gettext
default = {"satisfaction": ["Satisfied", "Not satisfied"],
           "scale": ["Very unsatisfied", "Unsatisfied", "Neither",
                     "Satisfied", "Very satisfied"]}
texts = [poll["title"]["vi"]]
for q in poll["questions"]:
    items = [o["vi"] for o in q.get("options", [])] or \
        [_(s) for s in default[q["kind"]]]
    if q.get("no_opinion"):
        items.append(_("No opinion"))
    texts.append(q["text"]["vi"] + "".join("\n%d. %s" % ((i + 1) % 10, s)
                 for i, s in enumerate(items)))
texts.append("\n".join(_(s) for s in ("Please check your answers",
    "1 = Send the ballot", "2 = Change an answer")))
texts.append(_("Thank you! Your ballot has been recorded."))
for t in texts:
    key = hashlib.sha256(b"vi\0" + t.encode()).hexdigest()
    clip = poll["audio"][key]           # KeyError: no clip for this text
    assert clip["draft"] is True, key
    print("play", key)
PY
thanks=$(python3 -c 'import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
print(p["audio"][sys.argv[2]]["file"])' "$POLLS/demo.json" "$(tail -n 1 "$SCR/audio.want" | cut -d' ' -f2)")
oggdec -Q -R -o "$SCR/thanks.raw" "$POLLS/$thanks" || die "oggdec $thanks"

# Shipped as it is: the poll and its clips side by side, then signed.
cp "$POLLS/demo.json" "$POLLS"/*.ogg "$SCR/"
make_kiosk open
printf '[audio]\nenabled = yes\nvolume = 100\n[timeouts]\nthanks = 60\n' >"$K/kiosk.conf"

alsa_file_conf
ALSA_CONFIG_PATH="$SCR/asound.conf" "$B/ykien-kiosk" status --dir "$K" >"$SCR/status" 2>&1
grep -q "audio: on" "$SCR/status" || {
	echo "ALSA cannot open the file PCM: $(grep audio "$SCR/status")" >&2
	exit 77
}

start_kiosk ALSA_CONFIG_PATH="$SCR/asound.conf" YKIEN_AUDIO_LOG="$SCR/audio.log"
wait_for "Bấm phím bất kỳ để bắt đầu";	played 1
keys Space;	wait_for "Câu 1/4";		played 2
pick 1 "Câu 2/4";			played 3
pick 4 "Câu 3/4";			played 4
pick 2 "Câu 4/4";			played 5
pick 2 "1 = Gửi phiếu";			played 6
: >"$SCR/out.raw"
pick 1 "Mã biên nhận";			played 7
expect_ballots real "1,4,2,2"
cmp -s "$SCR/audio.want" "$SCR/audio.log" ||
    die "clips played: $(cat "$SCR/audio.log") expected: $(cat "$SCR/audio.want")"
# The thanks clip plays to its end while the receipt shows: every sample
# oggdec decodes from the shipped file must reach the device, in order.
want=$(wc -c <"$SCR/thanks.raw")
i=0
until python3 - "$SCR/thanks.raw" "$SCR/out.raw" <<'PY'
import sys
sys.exit(open(sys.argv[1], "rb").read() not in open(sys.argv[2], "rb").read())
PY
do
	i=$((i + 1)); [ $i -lt $((WAIT * 4)) ] ||
	    die "the device got $(wc -c <"$SCR/out.raw") bytes, not the thanks clip's $want"
	sleep 0.25
done
echo "audio: 7 clips in screen order; thanks clip, $want PCM bytes, reached the device whole" >&2

# With audio the key line carries one more hint ("listen again"): in
# English at 64x18 the three no longer fit while an answer is changed.
# The last ones are left out whole; no hint is cut inside a word.
# The kiosk starts at that size: a key sent while it redraws after a
# resize can land before the new screen takes keys, and be dropped.
$T kill-server >/dev/null 2>&1
PANE="64 18"
start_kiosk ALSA_CONFIG_PATH="$SCR/asound.conf"
PANE="80 24"
[ "$($T display -p '#{window_width}x#{window_height}')" = 64x18 ] ||
    die "the pane is not 64x18"
wait_for "Bấm phím bất kỳ để bắt đầu"
keys '*';	wait_for "Press any key to start"
CHOSE="You chose"
keys Space;	wait_for "Question 1/4"
pick 1 "Question 2/4"
pick 4 "Question 3/4"
pick 2 "Question 4/4"
pick 2 "1 = Send the ballot"
pick 2 "Type the number of the question to change"
keys 1;		wait_for "Question 1/4"
footer=$(screen | sed -n '18p' | sed 's/ *$//')
echo "key line at 64x18: [$footer]" >&2
case "$footer" in
"  Back = return to the review" | \
"  Back = return to the review   * = "*) ;;
*) die "the key line at 64x18 is not whole hints: [$footer]" ;;
esac
case "$footer" in *"listen again"|*"= "[!\ ]*) ;; *) die "a hint ends cut: [$footer]" ;; esac
echo ok
