#!/bin/sh
# usage: scripts/deb-test.sh [DEBDIR]
#
# Install the packages of DEBDIR (default build-deb/, made by `make deb`)
# into a clean Debian 12 chroot and check them as a technician would use
# them: the users and state directories exist, the units are in place and
# `systemd-analyze verify` accepts them, `ykien-kiosk --help` runs, and a
# province key, a signed poll and a provisioned kiosk work with the
# installed programs run as their own users.  `make deb-test` runs this.
#
# The chroot comes from `debootstrap --variant=minbase bookworm` with the
# mirror of /etc/apt/sources.list*; the first run caches it as a tarball in
# $YKIEN_CHROOT_CACHE (default /var/cache/ykien-deb-test), so later runs
# only unpack it (a fresh, clean copy each time) and fetch the packages'
# dependencies.  Root only (chroot, mount).  Needs network to the mirror.
set -eu
usage() { sed -n '2,16s/^# \{0,1\}//p' "$0"; }
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
die() { echo "deb-test: $*" >&2; exit 1; }
debdir=${1:-build-deb}
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot)"
ls "$debdir"/ykien-kiosk_*.deb "$debdir"/ykien-province_*.deb "$debdir"/ykien-common_*.deb \
    >/dev/null 2>&1 || die "no packages in $debdir: run make deb"
command -v debootstrap >/dev/null ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap >&2 ||
    die "apt-get install debootstrap failed"

cache=${YKIEN_CHROOT_CACHE:-/var/cache/ykien-deb-test}
base=$cache/bookworm-minbase.tar
mirror=$(grep -rhoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list \
    /etc/apt/sources.list.d/ 2>/dev/null | awk '{print $2}' | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}
t0=$(date +%s)
if [ ! -f "$base" ]; then
	echo "deb-test: debootstrap bookworm from $mirror (first run; cached in $base)" >&2
	mkdir -p "$cache"
	rm -rf "$cache/root"
	debootstrap --variant=minbase --include=systemd bookworm "$cache/root" "$mirror" \
	    >"$cache/debootstrap.log" 2>&1 ||
	    { tail -n 20 "$cache/debootstrap.log" >&2; die "debootstrap failed (log: $cache/debootstrap.log)"; }
	rm -f "$cache/root"/var/cache/apt/archives/*.deb
	tar -C "$cache/root" -cf "$base.tmp" . && mv "$base.tmp" "$base"
	rm -rf "$cache/root"
fi

root=$(mktemp -d /var/tmp/ykien-deb-test.XXXXXX)
cleanup() {
	for m in proc dev/pts dev; do umount "$root/$m" 2>/dev/null || umount -l "$root/$m" 2>/dev/null || true; done
	rm -rf "$root"
}
trap cleanup EXIT
tar -C "$root" -xf "$base"
t1=$(date +%s)
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# No daemon may start inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
mkdir -p "$root/tmp/debs"
cp "$debdir"/ykien-kiosk_*.deb "$debdir"/ykien-province_*.deb "$debdir"/ykien-common_*.deb "$root/tmp/debs/"

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
echo "deb-test: installing the packages with apt-get in a clean chroot" >&2
{ in_root apt-get update && in_root sh -c 'apt-get install -y --no-install-recommends /tmp/debs/*.deb'; } \
    >"$debdir/deb-test-install.log" 2>&1 ||
    { tail -n 30 "$debdir/deb-test-install.log" >&2; die "install failed (log: $debdir/deb-test-install.log)"; }
t2=$(date +%s)

fails=0
check() {
	what=$1; shift
	if out=$("$@" 2>&1); then
		echo "ok    $what"
	else
		echo "FAIL  $what"; echo "$out" | sed 's/^/    | /'; fails=$((fails + 1))
	fi
}
check "ykien-kiosk --help runs" in_root ykien-kiosk --help
check "ykien-province --version runs" in_root ykien-province --version
for u in ykien-kiosk ykien-province; do
	check "user $u exists" in_root getent passwd $u
	check "/var/lib/$u is $u's, mode 700" \
	    in_root sh -c "[ \"\$(stat -c '%U %a' /var/lib/$u)\" = '$u 700' ]"
done
check "/etc/ykien is mode 700" sh -c "[ \"\$(stat -c '%a' $root/etc/ykien)\" = 700 ]"
for f in lib/systemd/system/ykien-kiosk.service lib/systemd/system/ykien-upload.timer \
    lib/systemd/system/ykien-usb@.service lib/systemd/system/ykien-province.service \
    lib/udev/rules.d/90-ykien-usb.rules usr/share/ykien/polls/ntm-2026.json \
    usr/libexec/ykien/ykien-usb-mount; do
	check "/$f installed" test -e "$root/$f"
done
check "/media/ykien-usb made by tmpfiles" test -d "$root/media/ykien-usb"
check "systemd-analyze verify accepts the units" in_root sh -c '
	cd /lib/systemd/system && cp ykien-usb@.service /tmp/ykien-usb@sda1.service &&
	out=$(systemd-analyze verify --man=no ykien-kiosk.service ykien-upload.service \
	    ykien-upload.timer ykien-province.service /tmp/ykien-usb@sda1.service 2>&1 | grep ykien);
	[ -z "$out" ] || { echo "$out"; exit 1; }'
check "units are not enabled before provisioning" in_root sh -c \
    '! systemctl is-enabled --quiet ykien-kiosk.service && ! systemctl is-enabled --quiet ykien-province.service'

# Provision as OPERATIONS.md says: province key and signed poll as the
# ykien-province user, then a kiosk as the ykien-kiosk user.
check "province: init and sign a poll as ykien-province" in_root sh -c '
	export YKIEN_PASSPHRASE=deb-test
	runuser -u ykien-province -- ykien-province init --dir /var/lib/ykien-province &&
	cp /usr/share/ykien/polls/demo.json /tmp/demo.json && chmod 644 /tmp/demo.json &&
	chmod 1777 /tmp &&
	runuser -u ykien-province -- sh -c "cp /tmp/demo.json /var/lib/ykien-province/demo.json &&
	    ykien-province poll sign --dir /var/lib/ykien-province /var/lib/ykien-province/demo.json" &&
	cp /var/lib/ykien-province/demo.json /var/lib/ykien-province/demo.json.sig \
	    /var/lib/ykien-province/province.pub /tmp/ && chmod 644 /tmp/demo.json* /tmp/province.pub'
check "kiosk: init and load the poll as ykien-kiosk" in_root sh -c '
	runuser -u ykien-kiosk -- ykien-kiosk init --dir /var/lib/ykien-kiosk \
	    --province-key /tmp/province.pub --commune 14001 --village "Bản Mẫu" &&
	runuser -u ykien-kiosk -- ykien-kiosk poll load --dir /var/lib/ykien-kiosk /tmp/demo.json &&
	runuser -u ykien-kiosk -- ykien-kiosk status --dir /var/lib/ykien-kiosk'
check "kiosk state is private to ykien-kiosk" in_root sh -c '
	bad=$(find /var/lib/ykien-kiosk \( ! -user ykien-kiosk -o -perm /077 \) -print)
	[ -z "$bad" ] || { ls -la $bad; exit 1; }'
check "packages remove cleanly, state is kept" in_root sh -c '
	apt-get remove -y ykien-kiosk ykien-province >/dev/null && test -f /var/lib/ykien-kiosk/kiosk.pub'
t3=$(date +%s)
echo "deb-test: chroot ready in $((t1 - t0))s, install $((t2 - t1))s, checks $((t3 - t2))s"
[ $fails = 0 ] || die "$fails check(s) failed"
echo "deb-test: all checks passed"
