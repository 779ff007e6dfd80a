/* ykien-kiosk codes: make one-time household codes and their slips. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/elig.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/util.h"
#include "kcmd.h"

static const char help[] =
"usage: ykien-kiosk codes [--dir DIR] --poll ID --count N --out SLIPS.txt\n"
"\n"
"Make N one-time household codes for poll ID (household-code mode) and\n"
"write the slips to print, in Vietnamese, to SLIPS.txt (created, never\n"
"replaced; mode 0600).  A code is 9 digits, shown as \"123 456 789\"; the\n"
"last digit is a check digit that catches typing slips.  The kiosk keeps\n"
"only keyed hashes of the codes, apart from the ballots, so once the slips\n"
"are printed, delete SLIPS.txt (shred -u SLIPS.txt): it is the only copy.\n"
"Run it again to issue more codes; each run is an event.\n";

int
kcmd_codes(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "poll", required_argument, NULL, 'p' },
		{ "count", required_argument, NULL, 'n' },
		{ "out", required_argument, NULL, 'o' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char	*dir = NULL, *id = NULL, *out = NULL, *cnt = NULL;
	struct kiosk	*k = NULL;
	struct poll	*p = NULL;
	char		(*codes)[CODES_DIGITS + 1] = NULL, *cause = NULL;
	char		*text = NULL, *end;
	long		 n = 0;
	int		 ch, rc;
	struct cli_args	 args = { KIOSK_PROG " codes", help,
	    KIOSK_DEFDIR, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'p': id = optarg; break;
		case 'n': cnt = optarg; break;
		case 'o': out = optarg; break;
		default: return args.status;
		}
	}
	if (optind != argc || id == NULL || out == NULL || cnt == NULL)
		return cli_usage_error(KIOSK_PROG " codes", "--poll, --count "
		    "and --out are required");
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
	if ((rc = elig_codes_make(k, p, (int)n, codes, &cause)) != 0)
		goto out;
	if ((text = elig_slips_text(k, p, codes, (int)n)) == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = util_write_excl(out, text, strlen(text), 0600, &cause)) != 0)
		util_wrap(&cause, rc, "the %ld codes are issued but their slips "
		    "were not written; run again for new codes: ", n);
out:
	if (text != NULL)
		keys_wipe(text, strlen(text));
	free(text);
	keys_secure_free(codes);
	poll_free(p);
	kiosk_close(k);
	if (rc != 0)
		return cli_done(KIOSK_PROG " codes", rc, cause);
	printf("%ld codes for poll %s written to %s\n", n, id, out);
	return CLI_OK;
}
