#!/bin/sh
# Spoken clips, end to end: the province attaches a clip (a tone of its own
# length) to every screen of the demo poll in Vietnamese, signs it, the
# kiosk loads it, and a whole ballot is cast in tmux with ALSA's real
# `file` plugin as the sound device.  The clips must start in screen order
# (welcome, each question, a replay, review, thanks), and the PCM bytes
# that reached the device must add up to those clips.  Then, with no sound
# device at all, the kiosk still votes and `status` says audio is off.
. "$(dirname "$0")/lib/ui.sh"
. "$(dirname "$0")/lib/alsa.sh"
for t in sox oggenc; do
	command -v $t >/dev/null || { echo "$t is not installed" >&2; exit 77; }
done
export YKIEN_PASSPHRASE=test YKIEN_PWHASH_COST=min
P="$B/ykien-province"
"$P" init --dir "$SCR/province" >/dev/null || die "province init"
cp "$TOP/kiosk-config/polls/demo.json" "$SCR/demo.json"

alsa_file_conf
ALSA_CONFIG_PATH="$SCR/asound.conf" aplay -q /dev/null 2>/dev/null
sox -n -r 16000 -c 1 -b 16 "$SCR/probe.wav" synth 0.1 sine 300 2>/dev/null ||
    die "sox cannot make a tone"
if ! ALSA_CONFIG_PATH="$SCR/asound.conf" aplay -q "$SCR/probe.wav" 2>"$SCR/aplay.err" ||
    [ ! -s "$SCR/out.raw" ]; then
	echo "ALSA cannot open the file PCM: $(cat "$SCR/aplay.err")" >&2
	exit 77
fi
: >"$SCR/out.raw"

# One tone per screen, 0.2 s longer each, so each clip's bytes are its own.
i=0
for s in welcome giao-thong dien uu-tien chung review thanks; do
	i=$((i + 1))
	sox -n -r 16000 -c 1 -b 16 "$SCR/$s.wav" synth "0.$((i + 1))" sine $((200 * i)) ||
	    die "sox $s"
	"$P" poll audio add "$SCR/demo.json" vi "$s" "$SCR/$s.wav" >"$SCR/add.out" ||
	    die "poll audio add $s"
	# "vi SCREEN: FILE (KEY)"
	sed -n 's/^vi [^ ]*: [^ ]* (\([0-9a-f]*\)).*/\1/p' "$SCR/add.out" >"$SCR/key-$s"
	[ -s "$SCR/key-$s" ] || die "no key for $s: $(cat "$SCR/add.out")"
done
# The clip key as PROTOCOL.md states it, computed independently.
want=$(python3 -c 'import hashlib, json, sys
t = json.load(open(sys.argv[1], encoding="utf-8"))["title"]["vi"]
print(hashlib.sha256(b"vi\0" + t.encode()).hexdigest())' "$SCR/demo.json")
[ "$want" = "$(cat "$SCR/key-welcome")" ] ||
    die "welcome clip key $(cat "$SCR/key-welcome"), PROTOCOL.md says $want"
# A question's: its text, then "K. LABEL" per item, no opinion last.
want=$(python3 -c 'import hashlib, json, sys
q = [q for q in json.load(open(sys.argv[1], encoding="utf-8"))["questions"]
    if q["id"] == "uu-tien"][0]
items = [o["vi"] for o in q["options"]] + ["Không có ý kiến"]
t = q["text"]["vi"] + "".join("\n%d. %s" % ((i + 1) % 10, s) for i, s in enumerate(items))
print(hashlib.sha256(b"vi\0" + t.encode()).hexdigest())' "$SCR/demo.json")
[ "$want" = "$(cat "$SCR/key-uu-tien")" ] ||
    die "question clip key $(cat "$SCR/key-uu-tien"), PROTOCOL.md says $want"
"$P" poll audio check "$SCR/demo.json" >"$SCR/check.out" || die "poll audio check failed"
grep -q "vi dien: ok" "$SCR/check.out" || die "check does not list vi dien: $(cat "$SCR/check.out")"
grep -q "en welcome: missing" "$SCR/check.out" || die "check does not list the missing English clips"
"$P" poll check "$SCR/demo.json" | grep -q "audio: 7 of 42 screens have a clip" ||
    die "poll check does not count the clips"
# A changed text has a new key: its old clip shows as missing (and stale).
python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["title"]["vi"] += " (2)"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)' \
    "$SCR/demo.json" "$SCR/changed.json" || die "cannot edit the title"
"$P" poll audio check "$SCR/changed.json" >"$SCR/changed.out"
grep -q "vi welcome: missing" "$SCR/changed.out" || die "a changed title keeps its clip"
grep -q "its text is gone (stale)" "$SCR/changed.out" || die "the old clip is not called stale"
# A draft from espeak-ng, at the province.
if command -v espeak-ng >/dev/null; then
	cp "$SCR/demo.json" "$SCR/draft.json"
	"$P" poll audio add --draft-espeak "$SCR/draft.json" vi thanks >/dev/null ||
	    die "--draft-espeak"
	"$P" poll audio check "$SCR/draft.json" | grep -q "vi thanks: ok, draft" ||
	    die "an espeak-ng clip is not marked draft"
fi
"$P" poll sign --dir "$SCR/province" "$SCR/demo.json" >/dev/null || die "poll sign"
"$B/ykien-kiosk" init --dir "$K" --province-key "$SCR/province/province.pub" \
    --commune 14001 --village "Bản Mẫu" >/dev/null || die "kiosk init"
"$B/ykien-kiosk" poll load --dir "$K" "$SCR/demo.json" >/dev/null || die "load"
"$B/ykien-kiosk" poll test --dir "$K" demo-2026 >/dev/null || die "test"
"$B/ykien-kiosk" poll open --dir "$K" demo-2026 >/dev/null || die "open"
printf '[audio]\nenabled = yes\nvolume = 100\n' >"$K/kiosk.conf"
ALSA_CONFIG_PATH="$SCR/asound.conf" "$B/ykien-kiosk" status --dir "$K" |
    grep -q "audio: on" || die "status does not say audio is on"

start_kiosk ALSA_CONFIG_PATH="$SCR/asound.conf" YKIEN_AUDIO_LOG="$SCR/audio.log"
wait_for "Bấm phím bất kỳ để bắt đầu";	played 1
keys Space;	wait_for "Câu 1/4";		played 2
pick 1 "Câu 2/4";			played 3
pick 2 "Câu 3/4";			played 4
pick 3 "Câu 4/4";			played 5
screen | grep -qF "/ = nghe lại" || die "the key line does not say how to replay"
keys /;					played 6
pick 1 "1 = Gửi phiếu";			played 7
pick 1 "Mã biên nhận";			played 8
expect_ballots real "1,2,3,1"
for s in welcome giao-thong dien uu-tien chung chung review thanks; do
	echo "play $(cat "$SCR/key-$s")"
done >"$SCR/audio.want"
cmp -s "$SCR/audio.want" "$SCR/audio.log" ||
    die "clips played: $(cat "$SCR/audio.log") expected: $(cat "$SCR/audio.want")"
# Each clip is 16-bit mono: 0.2 s = 6400 bytes, and so on; 8 clips with
# the replayed one.  Wait for the last to drain, then compare.
want=0
for n in 2 3 4 5 6 6 7 8; do want=$((want + n * 3200)); done
i=0
while [ "$(wc -c <"$SCR/out.raw")" -lt "$want" ]; do
	i=$((i + 1)); [ $i -lt $((WAIT * 20)) ] ||
	    die "the device got $(wc -c <"$SCR/out.raw") bytes, expected $want"
	sleep 0.05
done
got=$(wc -c <"$SCR/out.raw")
echo "audio: $got PCM bytes reached the device, $want expected" >&2
# ALSA may pad the last period of each clip (at most 0.1 s).
[ "$got" -le $((want + 8 * 3200)) ] || die "the device got $got bytes, expected $want"
$T kill-server >/dev/null 2>&1

# A device that takes its time (its reader waits 3 s, then drains and
# exits by itself): a clip is still playing when the voter moves on, and
# must be stopped, never waited for.
sed 's/file "|cat >>.*"/file "|sleep 3; cat >\/dev\/null"/' "$SCR/asound.conf" >"$SCR/slow.conf"
rm -f "$SCR/audio.log"
start_kiosk ALSA_CONFIG_PATH="$SCR/slow.conf" YKIEN_AUDIO_LOG="$SCR/audio.log"
wait_for "Bấm phím bất kỳ để bắt đầu";	played 1
kpid=$(pgrep -f "ykien-kiosk run --dir $K" | head -1)
[ -n "$kpid" ] || die "no kiosk process"
a=$(pgrep -P "$kpid")
[ -n "$a" ] || die "no player process for the welcome clip"
keys Space;	wait_for "Câu 1/4";	played 2
b=$(pgrep -P "$kpid")
[ -n "$b" ] && [ "$b" != "$a" ] || die "the question's clip did not replace the welcome's ($a, $b)"
kill -0 "$a" 2>/dev/null && die "the welcome clip (pid $a) still plays on the question screen"
keys BSpace;	wait_for "Bấm phím bất kỳ để bắt đầu"
$T kill-server >/dev/null 2>&1

# No sound device: silent, still votes, status says why.
printf '[audio]\nenabled = yes\ndevice = hw:77\n' >"$K/kiosk.conf"
"$B/ykien-kiosk" status --dir "$K" >"$SCR/status.out" || die "status"
grep -q 'audio: off: no sound device "hw:77"' "$SCR/status.out" ||
    die "status does not say audio is off: $(grep audio "$SCR/status.out")"
rm -f "$SCR/audio.log"
start_kiosk YKIEN_AUDIO_LOG="$SCR/audio.log"
wait_for "Bấm phím bất kỳ để bắt đầu"
keys Space;	wait_for "Câu 1/4"
screen | grep -qF "nghe lại" && die "a silent kiosk offers to replay"
pick 2 "Câu 2/4"
pick 2 "Câu 3/4"
pick 2 "Câu 4/4"
pick 2 "1 = Gửi phiếu"
pick 1 "Mã biên nhận"
expect_ballots real "1,2,3,1
2,2,2,2"
[ -e "$SCR/audio.log" ] && die "a kiosk without a device tried to play"
$T kill-server >/dev/null 2>&1

# Audio off: the voter's screen does not even map the libraries.
printf '[audio]\nenabled = no\n' >"$K/kiosk.conf"
"$B/ykien-kiosk" status --dir "$K" | grep -q "audio: off: off in kiosk.conf" ||
    die "status does not say audio is off in kiosk.conf"
start_kiosk
wait_for "Bấm phím bất kỳ để bắt đầu"
pid=$(pgrep -f "ykien-kiosk run --dir $K" | head -1)
[ -n "$pid" ] || die "no kiosk process"
grep -qE "libasound|libvorbis" "/proc/$pid/maps" && die "audio off, yet the libraries are mapped"
echo ok
