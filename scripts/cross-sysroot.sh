#!/bin/sh
# usage: scripts/cross-sysroot.sh ARCH SYSROOT [--qemu]
#
# Get ready to cross-build ykien for a board: ARCH is arm64 or armhf.
#   1. Debian's cross compiler gcc-TRIPLET (and qemu-user with --qemu) are
#      installed on the host with apt-get when missing (as root; otherwise
#      the exact apt-get line is printed and the script fails).
#   2. The Debian multiarch -dev packages of ARCH that ykien links with
#      (libsodium-dev:ARCH, libcurl4-openssl-dev:ARCH, ...) and everything
#      they depend on are downloaded with apt-get into a private apt state
#      under $YKIEN_CROSS_CACHE/ARCH (default /var/cache/ykien-cross/ARCH,
#      or ~/.cache/ykien-cross/ARCH when not root)
#      and unpacked into SYSROOT, which the compiler gets as --sysroot.
#
# Why not `dpkg --add-architecture` and `apt-get install libsodium-dev:arm64`
# on the host?  That needs every Multi-Arch: same library at exactly the
# host's version, and a mirror whose indexes for the two architectures are
# not in step (seen here: libssl3, linux-libc-dev) makes it uninstallable;
# it also changes the packages of a machine other people build on.  The
# sysroot uses the same Debian packages and touches nothing outside it.
#
# SYSROOT/.ykien-stamp records the package list: a second run with the same
# list does nothing.  Needs network to the Debian mirror of
# /etc/apt/sources.list* on the first run only.
set -u
usage() { sed -n '2,24s/^# \{0,1\}//p' "$0"; }
case "${1:-}" in
-h|--help) usage; exit 0 ;;
arm64) triplet=aarch64-linux-gnu ;;
armhf) triplet=arm-linux-gnueabihf ;;
*) usage >&2; echo "cross-sysroot: unknown ARCH '${1:-}' (arm64 or armhf)" >&2; exit 2 ;;
esac
arch=$1
[ $# -ge 2 ] || { usage >&2; exit 2; }
sysroot=$2
want_qemu=no
[ "${3:-}" = --qemu ] && want_qemu=yes
die() { echo "cross-sysroot: $*" >&2; exit 1; }

# The -dev packages of scripts/deps.sh, for the board.
LIBS="libc6-dev libncurses-dev libsqlite3-dev libsodium-dev
libcurl4-openssl-dev libmicrohttpd-dev libjansson-dev libinih-dev
libqrencode-dev libunistring-dev libcmocka-dev"

# 1. host tools
host="gcc-$triplet pkgconf"
[ $want_qemu = yes ] && host="$host qemu-user"
missing=""
for p in $host; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "cross-sysroot: missing host packages:$missing" >&2
	[ "$(id -u)" = 0 ] ||
	    die "run as root: apt-get install -y --no-install-recommends$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt="apt-get -o DPkg::Lock::Timeout=600"
	$apt install -y --no-install-recommends $missing >&2 ||
	    { $apt update >&2; $apt install -y --no-install-recommends $missing >&2; } ||
	    die "apt-get failed; as root run: apt-get update && apt-get install -y --no-install-recommends$missing"
fi

# 2. the sysroot
stamp="$sysroot/.ykien-stamp"
want="$arch $(echo $LIBS)"
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	cache=${YKIEN_CROSS_CACHE:-/var/cache/ykien-cross}/$arch
else
	cache=${YKIEN_CROSS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ykien-cross}/$arch
fi
{ mkdir -p "$cache/lists/partial" "$cache/archives/partial" && [ -w "$cache" ]; } ||
    die "cannot write to $cache (set YKIEN_CROSS_CACHE to a writable directory)"
[ -f "$cache/status" ] || : >"$cache/status"
# A private apt: the host's sources, but ARCH only, its own lists and cache,
# and an empty dpkg status so that every dependency is fetched.
papt() {
	apt-get -q -o APT::Architecture="$arch" -o APT::Architectures::="$arch" \
	    -o Dir::State::Lists="$cache/lists" -o Dir::State::status="$cache/status" \
	    -o Dir::Cache="$cache" -o Dir::Cache::archives="$cache/archives" \
	    -o Debug::NoLocking=1 "$@"
}
fetch() {
	papt install --download-only -y --no-install-recommends $LIBS >"$cache/fetch.log" 2>&1
}
echo "cross-sysroot: fetching the $arch -dev packages into $cache" >&2
if ! fetch; then
	# No lists yet, or stale ones.  An error for one index (a mirror being
	# synced) is not fatal: the download below says if anything is missing.
	papt update >"$cache/update.log" 2>&1 ||
	    echo "cross-sysroot: apt-get update reported errors (see $cache/update.log); going on" >&2
	fetch || { tail -n 20 "$cache/fetch.log" >&2; die "could not download the $arch packages (log: $cache/fetch.log)"; }
fi
# Unpack exactly the packages apt chose this time (the cache may hold
# older versions too).
debs=$(papt install -s -y --no-install-recommends $LIBS 2>/dev/null |
    sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*\[\([a-z0-9]\+\)\].*/\1_\2_\3.deb/p' |
    sed 's/:/%3a/')
[ -n "$debs" ] || die "apt-get chose no packages (log: $cache/fetch.log)"
rm -rf "$sysroot"
mkdir -p "$sysroot" || die "cannot create $sysroot"
n=0
for d in $debs; do
	[ -f "$cache/archives/$d" ] || die "$d is not in $cache/archives"
	dpkg-deb -x "$cache/archives/$d" "$sysroot" || die "cannot unpack $d"
	n=$((n + 1))
done
# Debian's -dev symlinks are absolute (/lib/...): inside a sysroot they
# point at the host, where nothing is, and the linker then silently takes
# the static archive instead (a static libtinfo beside a shared libncursesw
# corrupts the heap at the first initscr).  Point them into the sysroot.
find "$sysroot" -type l | while read -r l; do
	t=$(readlink "$l")
	case "$t" in /*) ln -sfn "$sysroot$t" "$l" ;; esac
done
echo "$want" >"$stamp"
echo "cross-sysroot: $n packages unpacked into $sysroot" >&2
