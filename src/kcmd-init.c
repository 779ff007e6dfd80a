/* ykien-kiosk init: provision a board's state directory. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "ykien/cli.h"
#include "ykien/kiosk.h"
#include "ykien/signify.h"
#include "ykien/util.h"
#include "kcmd.h"

static const char help[] =
"usage: ykien-kiosk init --dir DIR --province-key FILE --commune CODE\n"
"                        --village NAME\n"
"\n"
"Make a new kiosk state directory (mode 0700) holding a fresh Ed25519\n"
"device key (kiosk.key, mode 0600, created once), its public key\n"
"(kiosk.pub, signify format), the province's public key and an empty\n"
"SQLite store.  Prints the public key and its fingerprint: register them\n"
"at the province with 'ykien-province kiosk add'.\n"
"\n"
"  --dir DIR            the state directory; must not exist or be empty\n"
"  --province-key FILE  the province's public key (signify format)\n"
"  --commune CODE       the 5-digit commune code\n"
"  --village NAME       the village (bản) this kiosk serves\n"
"\n"
"A directory that already holds a kiosk is refused and left untouched.\n";

int
kcmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "province-key", required_argument, NULL, 'p' },
		{ "commune", required_argument, NULL, 'c' },
		{ "village", required_argument, NULL, 'v' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char		*dir = NULL, *pkey = NULL, *commune = NULL;
	const char		*village = NULL;
	struct keys_public	 pub;
	char			*cause = NULL, *text, fpr[KEYS_FPR];
	int			 ch, rc;
	struct cli_args		 args = { KIOSK_PROG " init", help,
	    NULL, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'p': pkey = optarg; break;
		case 'c': commune = optarg; break;
		case 'v': village = optarg; break;
		default: return args.status;
		}
	}
	if (optind != argc)
		return cli_usage_error(KIOSK_PROG " init",
		    "unexpected argument \"%s\"", argv[optind]);
	dir = args.dir;
	if (dir == NULL || pkey == NULL || commune == NULL || village == NULL)
		return cli_usage_error(KIOSK_PROG " init", "--dir, "
		    "--province-key, --commune and --village are required");
	if ((rc = kiosk_init(dir, pkey, commune, village, &pub, &cause)) != 0)
		return cli_done(KIOSK_PROG " init", rc, cause);
	keys_fingerprint(&pub, fpr);
	if ((text = signify_public_text(&pub, "ykien kiosk public key"))
	    == NULL)
		return cli_error(KIOSK_PROG " init", YK_ENOMEM, NULL);
	printf("kiosk initialised in %s\n"
	    "commune %s, village %s\n"
	    "public key (%s/kiosk.pub):\n%s"
	    "fingerprint: %s\n", dir, commune, village, dir, text, fpr);
	free(text);
	return CLI_OK;
}
