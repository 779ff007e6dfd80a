# Debian packages (included by the Makefile).  Not part of `make check`.
#
#	make deb	build-deb/ykien-{kiosk,province,common}_*.deb, lintian
#	make deb-test	install them in a clean Debian 12 chroot and run them
.PHONY: deb deb-test
deb:
	@./scripts/deb.sh build-deb

deb-test: deb
	@./scripts/deb-test.sh build-deb
