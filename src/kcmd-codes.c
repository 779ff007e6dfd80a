/* ykien-kiosk codes: make one-time household codes and their slips. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/deck.h"
#include "ykien/i18n.h"
#include "ykien/elig.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/util.h"
#include "kcmd.h"

static const char help[] =
"usage: ykien-kiosk codes [--dir DIR] [--test] --poll ID --count N\n"
"                         --out SLIPS.pdf|SLIPS.txt\n"
"\n"
"Make N one-time household codes for poll ID (household-code mode) and\n"
"write the slips to print, in Vietnamese, to SLIPS.pdf: cut-out cards, ten\n"
"to an A4 page, each with the code, the poll's dates and a QR code (a\n"
"name not ending in .pdf gets plain text).  The file is created, never\n"
"replaced, mode 0600.  A code is 12 digits, shown as \"123 456 789 012\"\n"
"(typed with or without the spaces); the last digit is a check digit that\n"
"catches typing slips.  The kiosk keeps only Argon2id hashes of the codes,\n"
"apart from the ballots, so once the slips are printed ('ykien-kiosk\n"
"print SLIPS.pdf'), delete the file (shred -u SLIPS.pdf): it is the only\n"
"copy.  Each code costs one Argon2id hash (about 50 ms on the board, so\n"
"200 codes take some 10 s).\n"
"Run it again to issue more codes; each run is an event.\n"
"\n"
"  --test   make test slips for the logic and accuracy test instead: a\n"
"           marked set of their own, printed \"PHIẾU THỬ\" on every slip,\n"
"           taken only by test ballots and unknown to the real poll.  (A\n"
"           real slip also works during the test, and is not used up.)\n"
"  --deck   with --test: a ready-made test deck instead of bare slips:\n"
"           each card carries a test slip and the keys to press (known\n"
"           answers that press every answer), and DECK-expected.txt beside\n"
"           --out DECK.pdf holds their totals for poll open --expected.\n";

/* The slips (a deck, a PDF or text) at out; the codes are the only copy. */
static int
write_slips(struct kiosk *k, const struct poll *p, int mode, int deck,
    char (*codes)[CODES_DIGITS + 1], int n, const char *out, char **cause)
{
	size_t	 len = strlen(out);
	char	*text = NULL, *exp = NULL;
	int	 rc;

	if (deck) {
		if ((exp = kcmd_deck_expected(out)) == NULL)
			rc = util_fail(cause, YK_ENOMEM, "out of memory");
		else
			rc = deck_write(k, p, n, codes, out, exp, cause);
		free(exp);
		return rc;
	}
	if (len > 4 && strcmp(out + len - 4, ".pdf") == 0)
		return elig_slips_pdf(out, k, p, mode, codes, n, cause);
	if ((text = elig_slips_text(k, p, mode, codes, n)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = util_write_excl(out, text, strlen(text), 0600, cause);
	keys_wipe(text, strlen(text));
	free(text);
	return rc;
}

int
kcmd_codes(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "poll", required_argument, NULL, 'p' },
		{ "count", required_argument, NULL, 'n' },
		{ "out", required_argument, NULL, 'o' },
		{ "test", no_argument, NULL, 't' },
		{ "deck", no_argument, NULL, 'D' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char	*dir = NULL, *id = NULL, *out = NULL, *cnt = NULL;
	struct kiosk	*k = NULL;
	struct poll	*p = NULL;
	char		(*codes)[CODES_DIGITS + 1] = NULL, *cause = NULL;
	char		*end;
	long		 n = 0;
	int		 ch, rc, mode = KIOSK_MODE_REAL, deck = 0;
	struct cli_args	 args = { KIOSK_PROG " codes", help,
	    KIOSK_DEFDIR, NULL, 0 };

	kcmd_lang();
	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'p': id = optarg; break;
		case 'n': cnt = optarg; break;
		case 'o': out = optarg; break;
		case 't': mode = KIOSK_MODE_TEST; break;
		case 'D': deck = 1; break;
		default: return args.status;
		}
	}
	if (optind != argc || id == NULL || out == NULL || cnt == NULL)
		return cli_usage_error(KIOSK_PROG " codes", "--poll, --count "
		    "and --out are required");
	if (deck && mode != KIOSK_MODE_TEST)
		return cli_usage_error(KIOSK_PROG " codes", "--deck goes with "
		    "--test: a test deck carries test slips only");
	n = strtol(cnt, &end, 10);
	if (*end != '\0' || n < 1 || n > ELIG_MAX_CODES)
		return cli_usage_error(KIOSK_PROG " codes", "--count must be "
		    "a number from 1 to %d", ELIG_MAX_CODES);
	if (util_exists(out))
		return cli_usage_error(KIOSK_PROG " codes", "%s already "
		    "exists; slips are never overwritten (choose a new name)",
		    out);
	dir = args.dir;
	if ((rc = kiosk_open(dir, &k, &cause)) != 0 ||
	    (rc = kiosk_poll_get(k, id, &p, NULL, &cause)) != 0)
		goto out;
	if ((codes = keys_secure_alloc((size_t)n * sizeof *codes)) == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = elig_codes_make(k, p, mode, (int)n, codes, &cause)) != 0)
		goto out;
	if ((rc = write_slips(k, p, mode, deck, codes, (int)n, out,
	    &cause)) != 0)
		util_wrap(&cause, rc, _("the %ld codes are issued but their "
		    "slips were not written; run again for new codes: "), n);
out:
	keys_secure_free(codes);
	poll_free(p);
	kiosk_close(k);
	if (rc != 0)
		return cli_done(KIOSK_PROG " codes", rc, cause);
	printf(mode == KIOSK_MODE_TEST ? _("%ld test slips for poll %s "
	    "written to %s\n") : _("%ld household codes for poll %s written "
	    "to %s\n"), n, id, out);
	return CLI_OK;
}
