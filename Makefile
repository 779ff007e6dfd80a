# ykien: a satisfaction-polling kiosk and its province collector.
#
#	make		build build/ykien-kiosk and build/ykien-province
#	make demo	open the kiosk on the demo poll in a fresh build/demo
#	make check	every test (unit, vectors, end-to-end), with a summary
#	make bench	benchmarks (QUICK=1 for a fast pass)
#
# Missing Debian packages are installed by scripts/deps.sh (as root) or
# named with the exact apt-get line.

CC		?= cc
PKG_CONFIG	?= pkg-config
VERSION		= 0.1.0
SANITIZE	?=
ifeq ($(SANITIZE),)
B		?= build
else
B		?= build-san
endif
V		?= 0
ifeq ($(V),0)
Q		= @
endif
PKGS		= ncursesw sqlite3 libsodium libcurl libmicrohttpd jansson inih \
		  libqrencode pangocairo libpq

WARN		= -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
		  -Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wvla \
		  -Wpointer-arith -Wcast-qual -Wno-unused-parameter -Werror
CFLAGS		?= -O2 -g
ALL_CFLAGS	= -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -DYKIEN_VERSION=\"$(VERSION)\" $(WARN) $(CFLAGS) -Iinclude \
		  -DLOCALEDIR=\"$(LOCALEDIR)\" -MMD -MP
LOCALEDIR	?= $(CURDIR)/$(B)/locale
# Test hooks (YKIEN_FAULT, YKIEN_PWHASH_COST) exist only in the build that
# `make check` makes in $(B)/hooks; the binaries in $(B) never read them.
TEST_HOOKS	?= 0
ifeq ($(TEST_HOOKS),1)
ALL_CFLAGS	+= -DYKIEN_TEST_HOOKS
endif
ifneq ($(SANITIZE),)
ALL_CFLAGS	+= -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
LDFLAGS		+= -fsanitize=$(SANITIZE)
endif
# cairo and pango are dlopen()ed by src/pdf.c: headers only, not linked.
LIBS		= $$($(PKG_CONFIG) --libs $(filter-out pangocairo,$(PKGS))) \
		  -lunistring

KIOSK_SRC	= src/ykien-kiosk.c $(wildcard src/kcmd-*.c)
PROV_SRC	= src/ykien-province.c $(wildcard src/pcmd-*.c)
LIB_SRC		= $(filter-out $(KIOSK_SRC) $(PROV_SRC),$(wildcard src/*.c))
# Modules only one program may link: each program links its own archive
# and the shared libykien.a, never the other's, so a shared module that
# reached into the kiosk's store (or the province's) fails to link
# instead of dragging that code along (tests/e2e/link-boundaries.sh).
KLIB_SRC	= $(wildcard $(addprefix src/,closing-kiosk.c closing-sheet.c \
		  codes.c config.c elig.c event-chain.c kiosk.c outbox.c pin.c qr.c \
		  speak.c audio.c store.c store-admin.c store-batch.c store-fault.c store-vfs.c store-wrap.c upload.c \
		  acklog.c closing-pdf.c deck.c pdf.c slips-pdf.c)) \
		  $(wildcard src/ui-*.c)
PLIB_SRC	= $(wildcard $(addprefix src/,audit.c audit-checks.c collect.c \
		  outbuf.c publish.c records.c server.c pstore-audit.c \
		  pstore.c tally.c tally-render.c audit-record.c db.c db-pg.c \
		  pstore-copy.c pstore-counts.c store-db.c national.c vpool.c))
SLIB_SRC	= $(filter-out $(KLIB_SRC) $(PLIB_SRC),$(LIB_SRC))
SLIB_OBJ	= $(SLIB_SRC:src/%.c=$(B)/obj/%.o)
KLIB_OBJ	= $(KLIB_SRC:src/%.c=$(B)/obj/%.o)
PLIB_OBJ	= $(PLIB_SRC:src/%.c=$(B)/obj/%.o)
# Tests and tools link every module.
ALL_LIBS	= $(B)/libykien-kiosk.a $(B)/libykien-province.a $(B)/libykien.a
KIOSK_OBJ	= $(KIOSK_SRC:src/%.c=$(B)/obj/%.o)
PROV_OBJ	= $(PROV_SRC:src/%.c=$(B)/obj/%.o)
UNIT_SRC	= $(wildcard tests/unit/test-*.c)
UNIT_BIN	= $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TOOL_SRC	= $(wildcard tests/tools/*.c)
TOOL_BIN	= $(TOOL_SRC:tests/tools/%.c=$(B)/tools/%)
FUZZ_SRC	= $(wildcard tests/fuzz/fuzz-*.c)
FUZZ_REPLAY	= $(FUZZ_SRC:tests/fuzz/fuzz-%.c=$(B)/fuzz/replay-%)
FUZZ_TIME	?= 60
PO		= $(wildcard locales/*.po)
MO		= $(PO:locales/%.po=$(B)/locale/%/LC_MESSAGES/ykien.mo)

.PHONY: all deps check demo bench clean unit-tests fuzz
all: $(B)/.deps $(B)/ykien-kiosk $(B)/ykien-province $(MO)

deps $(B)/.deps: scripts/deps.sh
	@./scripts/deps.sh
	@mkdir -p $(B) && touch $(B)/.deps

$(B)/obj/%.o: src/%.c $(B)/.deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $$($(PKG_CONFIG) --cflags $(PKGS)) -c -o $@ $<

$(B)/libykien.a: $(SLIB_OBJ)
$(B)/libykien-kiosk.a: $(KLIB_OBJ)
$(B)/libykien-province.a: $(PLIB_OBJ)
# Rebuilt when the Makefile moves a module from one archive to another.
$(ALL_LIBS): Makefile
	@rm -f $@
	$(Q)$(AR) rcs $@ $(filter %.o,$^)

$(B)/ykien-kiosk: $(KIOSK_OBJ) $(B)/libykien-kiosk.a $(B)/libykien.a
	$(Q)$(CC) $(LDFLAGS) -Wl,--as-needed -o $@ $(KIOSK_OBJ) \
	    $(B)/libykien-kiosk.a $(B)/libykien.a $(LIBS) -ldl

$(B)/ykien-province: $(PROV_OBJ) $(B)/libykien-province.a $(B)/libykien.a
	$(Q)$(CC) $(LDFLAGS) -Wl,--as-needed -o $@ $(PROV_OBJ) \
	    $(B)/libykien-province.a $(B)/libykien.a $(LIBS) -ldl

$(B)/tests/%: tests/unit/%.c tests/unit/testutil.h $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $$($(PKG_CONFIG) --cflags $(PKGS) cmocka) -Itests/unit -DTOP_SRCDIR=\"$(CURDIR)\" \
	    -o $@ $< $(ALL_LIBS) $(LIBS) $$($(PKG_CONFIG) --libs cmocka) $(LDFLAGS)

$(B)/tools/%: tests/tools/%.c $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $$($(PKG_CONFIG) --cflags $(PKGS)) \
	    -o $@ $< $(ALL_LIBS) $(LIBS) $(LDFLAGS)

$(B)/locale/%/LC_MESSAGES/ykien.mo: locales/%.po
	@mkdir -p $(dir $@)
	$(Q)msgfmt -c -o $@ $<

$(B)/fuzz/replay-%: tests/fuzz/fuzz-%.c tests/fuzz/replay.c $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $$($(PKG_CONFIG) --cflags $(PKGS)) \
	    -o $@ $< tests/fuzz/replay.c $(ALL_LIBS) $(LIBS) $(LDFLAGS)

# libFuzzer with ASan and UBSan (clang); new crashes land in
# tests/fuzz/crashes/<target>/ and are replayed by `make check` from then on.
fuzz: $(B)/.deps
	@command -v clang >/dev/null || { echo "make fuzz needs clang: apt-get install -y clang"; exit 1; }
	@mkdir -p $(B)/fuzz-bin
	@for f in $(FUZZ_SRC); do \
	    t=$$(basename $$f .c | sed 's/^fuzz-//'); \
	    echo "fuzz: building $$t"; \
	    clang -g -O1 -std=c11 -D_GNU_SOURCE -DYKIEN_VERSION=\"fuzz\" \
	        -DLOCALEDIR=\"/nonexistent\" -Iinclude \
	        -fsanitize=fuzzer,address,undefined $$(pkg-config --cflags $(PKGS)) \
	        -o $(B)/fuzz-bin/$$t $$f $(LIB_SRC) $(LIBS) || exit 1; \
	    mkdir -p $(B)/fuzz-corpus/$$t tests/fuzz/crashes/$$t; \
	    cp -n tests/fuzz/corpus/$$t/* $(B)/fuzz-corpus/$$t/ 2>/dev/null; \
	    echo "fuzz: running $$t for $(FUZZ_TIME)s"; \
	    $(B)/fuzz-bin/$$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
	        -artifact_prefix=tests/fuzz/crashes/$$t/ $(B)/fuzz-corpus/$$t \
	        2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Done' ; \
	done

unit-tests: $(UNIT_BIN) $(TOOL_BIN) $(FUZZ_REPLAY)

# The tests run the test build ($(B)/hooks, -DYKIEN_TEST_HOOKS): cheap
# password hashes, injected faults.  e2e/test-hooks checks that the
# production binaries in $(B) have neither.
check: all
	@for po in $(PO); do printf '%-24s ' "$$po:"; \
	    msgfmt --check --statistics -o /dev/null $$po 2>&1 || exit 1; done
	@$(MAKE) --no-print-directory B=$(B)/hooks TEST_HOOKS=1 all unit-tests
	@PROD_B=$(B) B=$(B)/hooks ./tests/run.sh

demo: all
	@B=$(B) ./scripts/demo.sh

bench: all $(TOOL_BIN)
	@B=$(B) QUICK=$(QUICK) ./bench/run.sh

clean:
	rm -rf $(B)

include $(wildcard mk/*.mk)

-include $(wildcard $(B)/obj/*.d $(B)/tests/*.d $(B)/tools/*.d)
