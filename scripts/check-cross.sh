#!/bin/sh
# usage: scripts/check-cross.sh ARCH CROSS_B NATIVE_B
#
# Run ykien's tests with the cross-built binaries under qemu-user (called by
# `make check-cross ARCH=arm64`, which builds both trees first).
#
# It makes CROSS_B/qemu, a build directory whose programs are small
# wrappers: ykien-kiosk, tests/test-* and fuzz/replay-* run CROSS_B's ARCH
# binaries with qemu-ARCH -L CROSS_B/sysroot; ykien-province (the collector)
# and tools/
# are NATIVE_B's, since the collector runs on an amd64 server anyway
# (QEMU_PROVINCE=1 runs it under qemu too).  Then it runs tests/run.sh with
# B=CROSS_B/qemu (relative: tests use "$TOP/$B/..."), so every unit test,
# fuzz replay and tests/e2e/*.sh that calls "$B/ykien-kiosk" (or
# $YKIEN_KIOSK, also set) exercises the board's binary.
# Prints the usual summary line; exits non-zero if a test failed.
set -u
usage() { sed -n '2,14s/^# \{0,1\}//p' "$0"; }
case "${1:-}" in
-h|--help) usage; exit 0 ;;
arm64) qemu="qemu-aarch64" ;;
armhf) qemu="qemu-arm" ;;
*) usage >&2; exit 2 ;;
esac
[ $# -eq 3 ] || { usage >&2; exit 2; }
top=$(pwd)
cb=$top/$2 nb=$top/$3
sysroot=$cb/sysroot
w=$2/qemu
die() { echo "check-cross: $*" >&2; exit 1; }
command -v $qemu >/dev/null || die "$qemu not found: apt-get install qemu-user"
[ -x "$cb/ykien-kiosk" ] || die "no $cb/ykien-kiosk: run make cross ARCH=$1"
[ -x "$nb/ykien-province" ] || die "no $nb/ykien-province: run make"
[ -d "$sysroot" ] || die "no $sysroot: run make cross ARCH=$1"

# wrap FILE: write $w/FILE, which runs $cb/FILE under qemu.
wrap() {
	printf '#!/bin/sh\nexec %s -L %s %s "$@"\n' "$qemu" "$sysroot" "$cb/$1" >"$w/$1"
	chmod +x "$w/$1"
}
rm -rf "$w"
mkdir -p "$w/tests" "$w/fuzz" || die "cannot create $w"
wrap ykien-kiosk
if [ "${QEMU_PROVINCE:-0}" = 1 ]; then
	wrap ykien-province
else
	ln -s "$nb/ykien-province" "$w/ykien-province"
fi
for t in "$cb"/tests/test-*; do
	case "$t" in *.d) continue ;; esac
	[ -x "$t" ] && wrap "tests/${t##*/}"
done
for t in "$cb"/fuzz/replay-*; do
	case "$t" in *.d) continue ;; esac
	[ -x "$t" ] && wrap "fuzz/${t##*/}"
done
[ -d "$nb/tools" ] && ln -s "$nb/tools" "$w/tools"
[ -d "$cb/locale" ] && ln -s "$cb/locale" "$w/locale"
touch "$w/.deps"

# Show that the wrapper really runs the board's binary.
"$w/ykien-kiosk" --version >/dev/null || die "$qemu cannot run $cb/ykien-kiosk"
echo "check-cross: $1 kiosk and unit tests under $qemu ($(file -b "$cb/ykien-kiosk" | cut -d, -f1-2)); collector: $(
    [ "${QEMU_PROVINCE:-0}" = 1 ] && echo "$qemu" || echo native)"
YKIEN_KIOSK=$top/$w/ykien-kiosk YKIEN_PROVINCE=$top/$w/ykien-province \
    B=$w exec ./tests/run.sh
