#!/bin/sh
# usage: scripts/verify-units.sh [ROOT]
#
# Check dist/systemd's units with `systemd-analyze verify` (systemd is
# installed with apt-get when missing, as root).  verify insists that every
# ExecStart= program exists, so the units are checked as installed: ROOT is
# a `make install DESTDIR=ROOT PREFIX=/usr` tree (default: one made in a
# temporary directory), whose /usr/bin and /usr/libexec are laid over the
# host's with a read-only overlay in a private mount namespace (unshare;
# root only).  Nothing outside that namespace changes.  Documentation=man:
# links are checked against docs/*.1 rather than the host's man database.
# `make verify-units` runs this.
set -eu
usage() { sed -n '2,13s/^# \{0,1\}//p' "$0"; }
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
die() { echo "verify-units: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (unshare -m and mount)"
if ! command -v systemd-analyze >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends systemd >&2 ||
	    die "apt-get install systemd failed"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=${1:-}
if [ -z "$root" ]; then
	root=$tmp/root
	make -s B=build-verify LOCALEDIR=/usr/share/locale install DESTDIR="$root" PREFIX=/usr >&2 ||
	    die "make install failed"
fi
[ -x "$root/usr/bin/ykien-kiosk" ] || die "$root/usr/bin/ykien-kiosk missing"
units=$root/lib/systemd/system
# A template is verified through an instance.
mkdir "$tmp/u"
for u in "$units"/ykien-*; do
	case "$u" in *@.service) cp "$u" "$tmp/u/$(basename "$u" @.service)@sda1.service" ;;
	*) cp "$u" "$tmp/u/" ;; esac
done
# man: pages named by the units must be in docs/ (installed by make install).
bad=0
for m in $(sed -n 's/^Documentation=.*man:\([a-z0-9-]*\)(\([1-8]\)).*/\1.\2/p' "$tmp"/u/* | sort -u); do
	if [ ! -f "docs/$m" ]; then
		echo "verify-units: note: docs/$m is not written yet (a unit's Documentation= names it)" >&2
	fi
done
unshare -m sh -c '
	set -e
	mount -t overlay overlay -o "lowerdir=$1/usr/bin:/usr/bin" /usr/bin
	mkdir -p /usr/libexec
	mount -t overlay overlay -o "lowerdir=$1/usr/libexec:/usr/libexec" /usr/libexec
	shift
	systemd-analyze verify --man=no "$@"' sh "$root" "$tmp"/u/* >"$tmp/out" 2>&1 || bad=1
# verify also reports problems in unrelated host units it loads; keep ours.
grep -i 'ykien' "$tmp/out" >&2 && bad=1
[ $bad = 0 ] || { cat "$tmp/out" >&2; die "systemd-analyze verify failed"; }
echo "verify-units: systemd-analyze verify accepts: $(cd "$tmp/u" && echo *)"
