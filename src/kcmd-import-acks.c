/* ykien-kiosk import-acks: the province's acknowledgements, by USB. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "ykien/acklog.h"
#include "ykien/cli.h"
#include "ykien/i18n.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/util.h"
#include "kcmd.h"

#define PROG	KIOSK_PROG " import-acks"

static const char help[] =
"usage: ykien-kiosk import-acks [--dir DIR] --from MOUNTPOINT\n"
"\n"
"For a kiosk without a network: after 'ykien-kiosk export --to\n"
"MOUNTPOINT' and 'ykien-province import' of that stick at the province,\n"
"the stick comes back with the province's signed acknowledgements\n"
"(MOUNTPOINT/ykien-KEYNUM/ack-ID.bin).  Each is checked exactly as an\n"
"upload's would be (signed by province.pub, for this very batch, in\n"
"full) and its batch is marked sent; 'ykien-kiosk status' then says\n"
"so.  An acknowledgement that does not check out is named and skipped.\n"
"Importing twice is harmless.  Exit status 1 if any was refused.\n";

int
kcmd_import_acks(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "from", required_argument, NULL, 'f' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_args	 args = { PROG, help, KIOSK_DEFDIR, NULL, 0 };
	const char	*from = NULL;
	struct kiosk	*k = NULL;
	char		*cause = NULL, *sub = NULL, hex[2 * KEYS_NUM + 1];
	int		 ch, rc, marked = 0, held = 0, bad = 0;

	kcmd_lang();
	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'f': from = optarg; break;
		default: return args.status;
		}
	}
	if (optind != argc || from == NULL)
		return cli_usage_error(PROG, "--from MOUNTPOINT is required");
	if ((rc = kiosk_open(args.dir, &k, &cause)) != 0)
		goto out;
	keys_hex(k->pub.keynum, KEYS_NUM, hex);
	if ((sub = util_printf("%s/ykien-%s", from, hex)) == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	rc = acklog_import(k, sub, &marked, &held, &bad, &cause);
out:
	kiosk_close(k);
	free(sub);
	if (rc != 0)
		return cli_done(PROG, rc, cause);
	printf(_("acknowledgements: %d batches marked sent, %d already "
	    "marked, %d refused\n"), marked, held, bad);
	if (bad > 0) {
		fprintf(stderr, "%s: %s\n", PROG, cause != NULL ? cause : "?");
		free(cause);
		return CLI_FAIL;
	}
	free(cause);
	return CLI_OK;
}
