#!/bin/sh
# usage: scripts/deb.sh [OUTDIR]
#
# Build the Debian packages ykien-kiosk, ykien-province and ykien-common
# for this machine's architecture with `dpkg-buildpackage -us -uc -b`, then
# run lintian on them (fails on an error; warnings are printed).
# `make deb` runs this.
#   - The build dependencies of debian/control are installed with
#     `apt-get build-dep` (as root; otherwise the command is printed).
#   - The tree is copied (without .git and build*/) to OUTDIR/src, because
#     dpkg-buildpackage writes its results to the parent directory;
#     the .deb files end up in OUTDIR (default build-deb/).
#   - DEB_BUILD_OPTIONS=nocheck skips `make check` inside the build.
set -eu
usage() { sed -n '2,14s/^# \{0,1\}//p' "$0"; }
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
die() { echo "deb: $*" >&2; exit 1; }
out=${1:-build-deb}
top=$(pwd)
[ -f debian/control ] || die "run from the top of the ykien tree"

if ! dpkg-checkbuilddeps >/dev/null 2>&1 || ! command -v lintian >/dev/null; then
	[ "$(id -u)" = 0 ] ||
	    die "missing build dependencies; as root run: apt-get build-dep ./ && apt-get install lintian"
	export DEBIAN_FRONTEND=noninteractive
	apt="apt-get -o DPkg::Lock::Timeout=600"
	{ $apt build-dep -y ./ && $apt install -y --no-install-recommends lintian; } >&2 ||
	    { $apt update >&2 && $apt build-dep -y ./ >&2 &&
	      $apt install -y --no-install-recommends lintian >&2; } ||
	    die "apt-get failed; as root run: apt-get build-dep ./ && apt-get install lintian"
fi

version=$(dpkg-parsechangelog -S Version)
rm -rf "$out"
src=$out/src/ykien-$version
mkdir -p "$src"
tar --exclude=./.git --exclude=./build --exclude='./build-*' -cf - . | tar -C "$src" -xf -
cd "$src"
dpkg-buildpackage -us -uc -b >"$top/$out/build.log" 2>&1 ||
    { tail -n 40 "$top/$out/build.log" >&2; die "dpkg-buildpackage failed (log: $out/build.log)"; }
cd "$top/$out"
mv src/*.deb src/*.changes src/*.buildinfo . 2>/dev/null || true
rm -rf src
ls -l *.deb
changes=$(ls *.changes)
# Run as root, lintian would warn about it; the build itself does not need root.
lintian --fail-on error --display-info "$changes" >lintian.log 2>&1 && rc=0 || rc=$?
cat lintian.log
echo "deb: lintian: $(grep -c '^E:' lintian.log) errors, $(grep -c '^W:' lintian.log) warnings (log: $out/lintian.log)"
[ $rc = 0 ] || die "lintian reports errors"
