# The shipped polls with their spoken clips (included by the Makefile).
#
# $(B)/polls/ holds each kiosk-config/polls/*.json with a draft Vietnamese
# clip for every screen (scripts/poll-clips.sh, espeak-ng, about 6 s) and
# the Ogg files it lists.  `make demo` and `make install` use these; the
# clips are made here rather than committed so that a changed poll text or
# catalog line never leaves a stale clip behind.  Not made by the test
# build ($(B)/hooks: the tests read $(B)/polls) nor by a cross build (its
# ykien-province cannot run here).
POLL_SRC	= $(wildcard kiosk-config/polls/*.json)
ifeq ($(TEST_HOOKS)$(ARCH),0)
all: $(B)/polls/.made
endif

$(B)/polls/.made: $(POLL_SRC) $(B)/ykien-province $(MO) scripts/poll-clips.sh
	@echo "clips: drafting the shipped polls' Vietnamese and English clips (espeak-ng)"
	$(Q)./scripts/poll-clips.sh $(B) $(B)/polls $(POLL_SRC)
	@touch $@
