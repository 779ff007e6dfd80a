#!/bin/sh
# The shipped polls as the province receives them: each poll of
# kiosk-config/polls with a draft Vietnamese and English clip for every
# screen, spoken
# by espeak-ng and listed (key, file, SHA-256, "draft": true) in the
# poll's "audio", so that signing the poll covers its clips.  Run by make
# (mk/clips.mk) on the build machine, never on a board.
#
#	poll-clips.sh B OUTDIR POLL.json...
#
# The inputs are fixed (the poll texts, the vi catalog in B/locale, the
# espeak-ng voice) and the Ogg serial numbers come from the clip keys, so
# the same sources make the same bytes.  Only Vietnamese and English are
# drafted: espeak-ng has no Thái or Mông voice, and `poll audio check`
# lists those clips as missing until the province records them
# (OPERATIONS.md).
set -eu
B=$1
out=$2
shift 2
command -v espeak-ng >/dev/null || {
	echo "poll-clips: espeak-ng is missing (run as root: apt-get install -y espeak-ng)" >&2
	exit 1
}
tmp="$out.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"
for p in "$@"; do
	cp "$p" "$tmp/"
	for l in vi en; do
		YKIEN_LOCALEDIR="$B/locale" "$B/ykien-province" poll audio add \
		    --draft-espeak "$tmp/${p##*/}" $l all >/dev/null
	done
done
chmod 0644 "$tmp"/*
rm -rf "$out"
mv "$tmp" "$out"
