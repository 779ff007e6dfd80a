# make install (included by the Makefile).
#
#	make B=build-usr LOCALEDIR=/usr/share/locale
#	make B=build-usr LOCALEDIR=/usr/share/locale install DESTDIR=/tmp/root PREFIX=/usr
#
# Installs the two programs, the man pages docs/*.[1-8], the translations
# $(B)/locale/LL/LC_MESSAGES/ykien.mo, the shipped polls with their draft
# clips ($(B)/polls, mk/clips.mk), and the systemd
# units, udev rule and USB mount helper of dist/.  The programs find their
# translations in LOCALEDIR, fixed at compile time: build in a fresh B with
# LOCALEDIR=$(PREFIX)/share/locale (install refuses a development build).
# debian/rules uses this target.

PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
DATADIR		?= $(PREFIX)/share
MANDIR		?= $(DATADIR)/man
LIBEXECDIR	?= $(PREFIX)/libexec
# Debian 12 keeps units and udev rules in /lib (not yet /usr/lib).
SYSTEMDUNITDIR	?= /lib/systemd/system
UDEVRULESDIR	?= /lib/udev/rules.d
TMPFILESDIR	?= /usr/lib/tmpfiles.d
INSTALL		?= install

.PHONY: install install-bin install-data install-systemd

install: install-bin install-data install-systemd

install-bin: all
	@if grep -qaF '$(CURDIR)/$(B)/locale' $(B)/ykien-kiosk $(B)/ykien-province; then \
	    echo "make install: $(B) was built with the development LOCALEDIR" \
	        "($(CURDIR)/$(B)/locale);" >&2; \
	    echo "    build in a fresh tree: make B=build-usr LOCALEDIR=$(DATADIR)/locale install ..." >&2; \
	    exit 1; fi
	$(INSTALL) -d $(DESTDIR)$(BINDIR)
	$(INSTALL) -m 0755 $(B)/ykien-kiosk $(B)/ykien-province $(DESTDIR)$(BINDIR)/

install-data: all
	@set -e; for m in $(wildcard docs/*.[1-8]); do \
	    s=$${m##*.}; $(INSTALL) -d $(DESTDIR)$(MANDIR)/man$$s; \
	    $(INSTALL) -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	@set -e; for mo in $(MO); do \
	    ll=$${mo#$(B)/locale/}; ll=$${ll%%/*}; \
	    $(INSTALL) -d $(DESTDIR)$(DATADIR)/locale/$$ll/LC_MESSAGES; \
	    $(INSTALL) -m 0644 $$mo $(DESTDIR)$(DATADIR)/locale/$$ll/LC_MESSAGES/ykien.mo; done
	$(INSTALL) -d $(DESTDIR)$(DATADIR)/ykien/polls
	$(INSTALL) -m 0644 $(B)/polls/*.json $(B)/polls/*.ogg $(DESTDIR)$(DATADIR)/ykien/polls/

# The units name /usr/bin and /usr/libexec; another PREFIX is substituted.
install-systemd:
	$(INSTALL) -d $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(UDEVRULESDIR) \
	    $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(LIBEXECDIR)/ykien
	@set -e; for u in dist/systemd/*; do \
	    sed -e 's,/usr/bin/,$(BINDIR)/,g' -e 's,/usr/libexec/,$(LIBEXECDIR)/,g' $$u \
	        >$(DESTDIR)$(SYSTEMDUNITDIR)/$${u##*/}; \
	    chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$${u##*/}; done
	$(INSTALL) -m 0644 dist/udev/90-ykien-usb.rules $(DESTDIR)$(UDEVRULESDIR)/
	$(INSTALL) -m 0644 dist/ykien-kiosk.tmpfiles $(DESTDIR)$(TMPFILESDIR)/ykien-kiosk.conf
	$(INSTALL) -m 0755 dist/ykien-usb-mount $(DESTDIR)$(LIBEXECDIR)/ykien/

.PHONY: verify-units
# systemd-analyze verify on the installed units (root; see the script).
verify-units:
	@./scripts/verify-units.sh
