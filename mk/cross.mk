# Cross-builds for the kiosk boards (included by the Makefile).
#
#	make cross ARCH=arm64		build-arm64/ykien-kiosk, ykien-province, unit tests
#	make cross ARCH=armhf		the same in build-armhf/
#	make check-cross ARCH=arm64	unit tests and tests/e2e/*.sh under qemu-user
#
# The compiler is Debian's gcc-TRIPLET; the libraries come from Debian's
# -dev packages of ARCH unpacked into build-ARCH/sysroot by
# scripts/cross-sysroot.sh (see there for why not host multiarch).  Neither
# target is part of `make check`: the first run needs the network.
#
# -D_FILE_OFFSET_BITS=64: on armhf, off_t and readdir must be 64-bit.
# Without it, scandir() fails with EOVERFLOW under qemu-arm on a 64-bit
# host (ext4 gives a 64-bit process 64-bit directory cookies), and files
# over 2 GiB could not be read on the board.  It changes nothing on arm64.

CROSS_ARCHS	= arm64 armhf
CROSS_TRIPLET_arm64 = aarch64-linux-gnu
CROSS_TRIPLET_armhf = arm-linux-gnueabihf
CROSS_QEMU_arm64 = qemu-aarch64
CROSS_QEMU_armhf = qemu-arm

.PHONY: cross check-cross cross-check-arch

cross-check-arch:
	@case " $(CROSS_ARCHS) " in *" $(ARCH) "*) ;; \
	*) echo "make: ARCH must be one of: $(CROSS_ARCHS) (e.g. make cross ARCH=arm64)" >&2; exit 2 ;; esac

ifneq ($(filter $(ARCH),$(CROSS_ARCHS)),)
CROSS_B		= build-$(ARCH)
CROSS_SYSROOT	= $(CURDIR)/$(CROSS_B)/sysroot
CROSS_TRIPLET	= $(CROSS_TRIPLET_$(ARCH))
CROSS_MAKE	= $(MAKE) B=$(CROSS_B) \
		  CC="$(CROSS_TRIPLET)-gcc --sysroot=$(CROSS_SYSROOT) -D_FILE_OFFSET_BITS=64" \
		  AR=$(CROSS_TRIPLET)-ar \
		  PKG_CONFIG="env PKG_CONFIG_SYSROOT_DIR=$(CROSS_SYSROOT) PKG_CONFIG_LIBDIR=$(CROSS_SYSROOT)/usr/lib/$(CROSS_TRIPLET)/pkgconfig:$(CROSS_SYSROOT)/usr/share/pkgconfig pkg-config"
endif

cross: cross-check-arch
	@./scripts/cross-sysroot.sh $(ARCH) $(CROSS_SYSROOT)
	+$(Q)$(CROSS_MAKE) all unit-tests

check-cross: cross-check-arch
	@./scripts/cross-sysroot.sh $(ARCH) $(CROSS_SYSROOT) --qemu
	+$(Q)$(MAKE) all unit-tests
	+$(Q)$(CROSS_MAKE) all unit-tests
	@./scripts/check-cross.sh $(ARCH) $(CROSS_B) $(B)
