/*
 * elig: the eligibility policies of a poll (see include/ykien/elig.h).
 * The household code's check digit means a slip of the finger is caught
 * for free; what is left after it (a well-formed but unknown or used code)
 * is either two slips at once or somebody guessing, so that is what pays
 * the doubling delay.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/clock.h"
#include "ykien/elig.h"
#include "ykien/event-chain.h"
#include "ykien/kiosk.h"
#include "ykien/pin.h"
#include "ykien/poll.h"
#include "ykien/store.h"
#include "ykien/store-admin.h"
#include "ykien/util.h"
#include "ykien/wire.h"

long
elig_code_delay(int fails)
{
	if (fails <= 0)
		return 0;
	if (fails >= 10)
		return ELIG_CODE_MAX_DELAY;
	return (1L << fails) < ELIG_CODE_MAX_DELAY ? 1L << fails :
	    ELIG_CODE_MAX_DELAY;
}

static int
tries_get(struct kiosk *k, const struct poll *p, int *fails,
    long long *until, char **cause)
{
	char	*key;
	int	 rc;

	if ((key = util_printf("code.tries.%s", p->id)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = store_tries_get(k->store, key, fails, until, cause);
	free(key);
	if (rc == YK_EINVAL) {
		/* Damaged: fail closed, with the longest delay. */
		*fails = 10;
		*until = clock_now() + ELIG_CODE_MAX_DELAY;
		rc = 0;
	}
	return rc;
}

static int
tries_set(struct kiosk *k, const struct poll *p, int fails, long long until,
    char **cause)
{
	char	*key;
	int	 rc;

	if ((key = util_printf("code.tries.%s", p->id)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = store_tries_set(k->store, key, fails, until, cause);
	free(key);
	return rc;
}

int
elig_code_try(struct kiosk *k, const struct poll *p, int mode,
    const char *typed, uint8_t hash[KEYS_HASH], long *wait, char **cause)
{
	char		*detail;
	long long	 until, now = clock_now();
	long		 d;
	int		 rc, crc, fails, outer;

	*wait = 0;
	if ((rc = tries_get(k, p, &fails, &until, cause)) != 0)
		return rc;
	if (now < until) {
		*wait = (long)(until - now);
		return util_fail(cause, YK_ELOCKED, "wait %ld s before the "
		    "next household code", *wait);
	}
	crc = kiosk_code_check_mode(k, p, mode, typed, hash, cause);
	if (crc == YK_EINVAL)
		return crc;	/* a typing slip: no delay, nothing looked up */
	if (crc == 0 || crc == KIOSK_CODE_UNSPENT) {
		if (fails != 0 && (rc = tries_set(k, p, 0, 0, cause)) != 0)
			return rc;
		return crc;
	}
	if (crc != YK_EAUTH && crc != YK_EDUP)
		return crc;
	fails++;
	d = elig_code_delay(fails);
	if ((rc = store_tx_begin(k->store, &outer, NULL)) != 0)
		return util_fail(cause, rc, "cannot record a wrong code");
	if ((rc = tries_set(k, p, fails, now + d, NULL)) != 0 ||
	    (rc = store_counter_add(k->store, p->id, ELIG_CTR_WRONG_CODES, 1,
	    NULL)) != 0)
		goto fail;
	if (fails % 5 == 0) {
		if ((detail = util_printf("wrong household codes in a row: %d",
		    fails)) == NULL) {
			rc = YK_ENOMEM;
			goto fail;
		}
		rc = event_append(k->store, k->sec, p->id, "code-failures", detail, NULL);
		free(detail);
		if (rc != 0)
			goto fail;
	}
	if ((rc = store_tx_commit(k->store, outer, NULL)) != 0)
		return util_fail(cause, rc, "cannot record a wrong code");
	*wait = d;
	/* The cause from kiosk_code_check ("unknown", "already used") stays. */
	return crc;
fail:
	store_tx_rollback(k->store, outer);
	return util_fail(cause, rc, "cannot record a wrong code");
}

int
elig_activate(struct kiosk *k, const struct poll *p, const char *pin,
    long *wait, char **cause)
{
	int	rc;

	if (p->elig != POLL_ELIG_SUPERVISED)
		return util_fail(cause, YK_ESTATE, "poll \"%s\" is in %s mode: "
		    "ballots are not activated by an official", p->id,
		    poll_elig_name(p->elig));
	if ((rc = pin_check_screen(k, PIN_ACTIVATION, pin, wait, cause)) != 0)
		return rc;
	return store_counter_add(k->store, p->id, ELIG_CTR_ACTIVATIONS, 1,
	    cause);
}

int
elig_open_press(struct kiosk *k, const struct poll *p, long long *last,
    long *wait, char **cause)
{
	long long	now = clock_now();
	int		rc;

	*wait = 0;
	if (*last != 0 && now >= *last && now - *last < p->open_interval) {
		*wait = (long)(p->open_interval - (now - *last));
		if ((rc = store_counter_add(k->store, p->id, ELIG_CTR_IGNORED,
		    1, cause)) != 0)
			return rc;
		return util_fail(cause, YK_ELOCKED, "too soon after the last "
		    "ballot: wait %ld s", *wait);
	}
	*last = now;
	return 0;
}

int
elig_codes_make(struct kiosk *k, const struct poll *p, int mode, int n,
    char (*codes)[CODES_DIGITS + 1], char **cause)
{
	struct codes_kdf kdf;
	uint8_t		 h[KEYS_HASH];
	char		*state = NULL, *detail = NULL, *set;
	long long	 issued, used;
	int		 rc, i, outer, tries;

	if (p->elig != POLL_ELIG_CODE)
		return util_fail(cause, YK_ESTATE, "poll \"%s\" is in %s mode: "
		    "it takes no household codes", p->id,
		    poll_elig_name(p->elig));
	if (n < 1 || n > ELIG_MAX_CODES)
		return util_fail(cause, YK_EINVAL, "--count must be 1 to %d",
		    ELIG_MAX_CODES);
	if ((rc = store_poll_get(k->store, p->id, NULL, NULL, NULL, &state,
	    cause)) != 0)
		return rc;
	rc = strcmp(state, KIOSK_CLOSED) == 0;
	free(state);
	if (rc)
		return util_fail(cause, YK_ESTATE, "poll \"%s\" is closed: no "
		    "more codes", p->id);
	if ((set = kiosk_code_set(p->id, mode)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((rc = store_tx_begin(k->store, &outer, cause)) != 0) {
		free(set);
		return rc;
	}
	/* Real and test slips share the poll's salt and cost (codes.h). */
	if ((rc = kiosk_code_kdf(k, p->id, 1, &kdf, cause)) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		/* A repeat of an earlier code (any set) is drawn again. */
		for (tries = 0; tries < 100; tries++) {
			codes_generate(codes[i]);
			if ((rc = codes_hash(&kdf, codes[i], h)) != 0) {
				rc = util_fail(cause, rc, "cannot hash a "
				    "household code");
				break;
			}
			rc = store_code_add(k->store, set, h, sizeof h, cause);
			if (rc != YK_EDUP)
				break;
		}
		if (rc != 0)
			goto fail;
	}
	if ((rc = store_code_counts(k->store, set, &issued, &used,
	    cause)) != 0)
		goto fail;
	if ((detail = util_printf("count=%d issued=%lld", n, issued)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = event_append(k->store, k->sec, p->id, mode ==
	    KIOSK_MODE_TEST ? "test-codes-issued" : "codes-issued", detail,
	    cause)) != 0)
		goto fail;
	free(detail);
	free(set);
	return store_tx_commit(k->store, outer, cause);
fail:
	free(set);
	free(detail);
	store_tx_rollback(k->store, outer);
	keys_wipe(codes, (size_t)n * sizeof *codes);
	return rc;
}

char *
elig_slips_text(const struct kiosk *k, const struct poll *p, int mode,
    char (*codes)[CODES_DIGITS + 1], int n)
{
	static const char rule[] =
	    "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - ✂\n";
	struct wire	 w;
	char		 grouped[CODES_GROUPED], *slip;
	int		 i, vi = poll_lang_index(p, "vi");

	if (vi < 0)
		vi = 0;
	wire_init(&w);
	for (i = 0; i < n; i++) {
		codes_format(codes[i], grouped);
		slip = util_printf("%s%s"
		    "PHIẾU MÃ HỘ GIA ĐÌNH (dùng một lần)\n"
		    "%s\n"
		    "%s - %s\n"
		    "\n"
		    "        Mã của hộ:   %s\n"
		    "\n"
		    "Nhập mã này tại máy ở nhà văn hóa bản. Mỗi mã chỉ dùng\n"
		    "được một lần. Mã không ghi tên hộ: không ai biết hộ đã\n"
		    "chọn gì.\n"
		    "\n", rule, mode == KIOSK_MODE_TEST ? "*** PHIẾU THỬ - CHỈ "
		    "DÙNG KHI KIỂM THỬ, KHÔNG DÙNG ĐỂ BỎ PHIẾU THẬT ***\n" : "",
		    poll_text_get(&p->title, vi),
		    poll_text_get(&p->commune_name, vi), k->village, grouped);
		keys_wipe(grouped, sizeof grouped);
		if (slip == NULL) {
			w.err = 1;
			break;
		}
		wire_raw(&w, slip, strlen(slip));
		keys_wipe(slip, strlen(slip));
		free(slip);
	}
	wire_raw(&w, rule, sizeof rule);	/* with the NUL */
	if (w.err) {
		if (w.buf != NULL)
			keys_wipe(w.buf, w.len);
		wire_free(&w);
		return NULL;
	}
	return (char *)w.buf;
}
