#!/bin/sh
# Make sure the Debian packages ykien builds and tests with are installed.
# As root, install what is missing with apt-get; otherwise print the line.
set -u
PKGS="build-essential pkg-config libncurses-dev libsqlite3-dev libsodium-dev
libcurl4-openssl-dev libmicrohttpd-dev libjansson-dev libinih-dev
libqrencode-dev libunistring-dev libcmocka-dev gettext sqlite3 tmux
signify-openbsd locales curl openssl python3 python3-argon2 procps chromium
libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils cups
cups-client printer-driver-cups-pdf libpq-dev postgresql
libasound2-dev libvorbis-dev vorbis-tools sox espeak-ng alsa-utils
zbar-tools nginx psmisc"
# Why the last lines: the end-to-end tests talk HTTP with curl, make TLS
# certificates with openssl, check formats with an independent Python
# verifier (python3-argon2: household-code hashes, with no code shared with
# libsodium's), find processes with pgrep, and open the published page in
# headless Chromium.  cairo and pango make the PDF biên bản and slips
# (DejaVu embedded); the tests read PDFs with poppler's pdftotext and
# pdfinfo and print through a private cupsd with the cups-pdf backend.
# libpq-dev is the province store's PostgreSQL backend; postgresql gives
# the tests a throwaway server (initdb, pg_ctl, psql).
# The audio line: ALSA and libvorbisfile headers (the kiosk dlopens both),
# oggenc and espeak-ng for `ykien-province poll audio`, and sox and aplay
# to make and play test clips.  zbar-tools: zbarimg reads the receipt's QR
# code off a captured screen, as a phone would.  nginx: e2e/nginx-front
# runs the shipped dist/nginx/ykien.conf in front of real collectors.
# psmisc: fuser, with which make check clears the WAL indexes that the
# kiosks it killed on purpose left in /dev/shm.
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "ykien: missing Debian packages:$missing" >&2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "ykien: installing them with apt-get" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y --no-install-recommends $missing >&2 ||
	    { apt-get update >&2 && apt-get install -y --no-install-recommends $missing >&2; } ||
	    { echo "ykien: apt-get failed; run as root: apt-get install -y$missing" >&2; exit 1; }
	exit 0
fi
echo "ykien: run as root: apt-get install -y$missing" >&2
exit 1
