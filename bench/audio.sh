#!/bin/sh
# Peak RSS of the voter's screen with audio on, over a whole 20-question
# session in tmux: a clip on every screen (welcome, 20 questions, review,
# thanks; sox tones made Ogg by `poll audio add`), played through ALSA's
# file plugin over the null device, so the real libasound and
# libvorbisfile are loaded and run.  Beside it, the same session with
# audio off, measured the same way (VmHWM in /proc/PID/status), and the
# 8 MiB goal.  The clips play in short-lived child processes, which are
# not counted in the screen's own figure.
# Environment from bench/run.sh: B, W, QUICK.
set -eu
D="$W/audio"
mkdir -p "$D"
for t in tmux sox oggenc; do
	command -v $t >/dev/null || { echo "$t missing (scripts/deps.sh)" >&2; exit 1; }
done
P="$B/ykien-province"
K="$D/kiosk"
ID=son-la-ntm-2026-14001
cp kiosk-config/polls/ntm-2026.json "$D/ntm.json"
sed -i 's/"household-code"/"open"/' "$D/ntm.json"
sox -n -r 16000 -c 1 -b 16 "$D/tone.wav" synth 0.5 sine 440
screens="welcome review thanks $(python3 -c 'import json, sys
print(" ".join(q["id"] for q in json.load(open(sys.argv[1]))["questions"]))' "$D/ntm.json")"
for s in $screens; do
	"$P" poll audio add "$D/ntm.json" vi "$s" "$D/tone.wav" >/dev/null
done
"$P" poll sign --dir "$W/prov" "$D/ntm.json" >/dev/null
"$B/ykien-kiosk" init --dir "$K" --province-key "$W/prov/province.pub" \
    --commune 14001 --village "Bản Mẫu" >/dev/null
"$B/ykien-kiosk" poll load --dir "$K" "$D/ntm.json" >/dev/null
"$B/ykien-kiosk" poll test --dir "$K" $ID >/dev/null
"$B/ykien-kiosk" poll open --dir "$K" $ID >/dev/null
cat >"$D/asound.conf" <<EOC
pcm.!default {
	type file
	slave { pcm { type null } }
	file "|cat >>$D/out.raw"
	format "raw"
}
EOC

T="tmux -L ykien-bench-audio-$$ -f /dev/null"
trap '$T kill-server >/dev/null 2>&1 || true' EXIT
shown() {
	i=0
	until $T capture-pane -p -t "$1" 2>/dev/null | grep -qF -- "$2"; do
		i=$((i + 1))
		[ $i -lt 20000 ] || { echo "audio: no \"$2\" in $1" >&2;
		    $T capture-pane -p -t "$1" >&2 2>/dev/null; exit 1; }
	done
}
# session NAME ENABLED: a whole ballot; prints VmHWM in KiB.
session() {
	printf '[audio]\nenabled = %s\n' "$2" >"$K/kiosk.conf"
	$T new-session -d -s "$1" -x 80 -y 24 "exec env -u LC_ALL LANG=C.UTF-8 \
ALSA_CONFIG_PATH='$D/asound.conf' YKIEN_AUDIO_LOG='$D/$1.log' \
'$B/ykien-kiosk' run --dir '$K' 2>>'$D/kiosk.err'"
	shown "$1" "Bấm phím bất kỳ để bắt đầu"
	$T send-keys -t "$1" Space
	q=1
	while [ $q -le 20 ]; do
		shown "$1" "Câu $q/20"
		$T send-keys -t "$1" 1
		shown "$1" "đã chọn 1."
		$T send-keys -t "$1" Enter
		q=$((q + 1))
	done
	shown "$1" "1 = Gửi phiếu"
	$T send-keys -t "$1" 1
	shown "$1" "đã chọn 1."
	$T send-keys -t "$1" Enter
	shown "$1" "Mã biên nhận"
	pid=$($T display -p -t "$1" '#{pane_pid}')
	awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status"
	$T kill-session -t "$1"
}
$T new-session -d -s idle -x 80 -y 24 "sleep 3600"
on=$(session on yes)
off=$(session off no)
clips=$(wc -l <"$D/on.log")
[ "$clips" -ge 23 ] || { echo "audio: only $clips clips started" >&2; exit 1; }
awk -v on="$on" -v off="$off" -v n="$clips" 'BEGIN {
	printf "%-34s %8.2f MiB %-30s %8s  %s\n", \
	    sprintf("kiosk peak RSS, audio on (%d clips)", n), on / 1024, \
	    sprintf("same vote, audio off %.2f MiB", off / 1024), \
	    sprintf("%.2fx", off > 0 ? on / off : 0), "<= 8 MiB"
}'
