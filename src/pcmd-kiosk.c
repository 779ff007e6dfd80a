/* ykien-province kiosk: the registry of kiosks allowed to send batches. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/collect.h"
#include "ykien/keys.h"
#include "ykien/pstore.h"
#include "ykien/signify.h"
#include "ykien/text.h"
#include "ykien/util.h"
#include "pcmd.h"

static const char help[] =
"usage: ykien-province kiosk add [--dir DIR] --key KIOSK.pub --commune CODE\n"
"                                --village NAME\n"
"       ykien-province kiosk list [--dir DIR]\n"
"       ykien-province kiosk revoke [--dir DIR] (--key KIOSK.pub | KEYNUM)\n"
"\n"
"add     Register a kiosk's public key (the kiosk.pub printed by\n"
"        'ykien-kiosk init') for a commune (5-digit code) and village.\n"
"        Only registered, unrevoked kiosks may send batches.\n"
"list    Print every kiosk: key number, fingerprint, commune, village,\n"
"        and whether it is revoked.\n"
"revoke  Refuse every further batch from a kiosk (a stolen board).  Final:\n"
"        batches already received stay.  KEYNUM is the 16 hex digits\n"
"        shown by list.\n";

static int
open_registry(const char *prog, const char *dir, struct collect **c)
{
	char	*cause = NULL;
	int	 rc;

	if ((rc = collect_open(dir, NULL, c, &cause)) != 0)
		return cli_done(prog, rc, cause);
	return CLI_OK;
}

static int
add(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "key", required_argument, NULL, 'k' },
		{ "commune", required_argument, NULL, 'c' },
		{ "village", required_argument, NULL, 'v' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char		*dir = NULL, *key = NULL, *commune = NULL;
	const char		*village = NULL, *prog = PROV_PROG " kiosk add";
	struct pstore_kiosk	 k;
	struct collect		*c;
	char			*cause = NULL, *nfc = NULL, fpr[KEYS_FPR];
	int			 ch, rc;
	struct cli_args		 args = { prog, help, PROV_DEFDIR, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'k': key = optarg; break;
		case 'c': commune = optarg; break;
		case 'v': village = optarg; break;
		default: return args.status;
		}
	}
	if (optind != argc)
		return cli_usage_error(prog, "unexpected argument \"%s\"",
		    argv[optind]);
	if (key == NULL || commune == NULL || village == NULL)
		return cli_usage_error(prog, "--key, --commune and --village "
		    "are required");
	if (strlen(commune) != 5 || strspn(commune, "0123456789") != 5)
		return cli_usage_error(prog, "--commune must be the 5-digit "
		    "commune code");
	if (*village == '\0' || strlen(village) > PSTORE_VILLAGE_MAX ||
	    !text_valid(village, strlen(village)))
		return cli_usage_error(prog, "--village must be 1-%d bytes of "
		    "UTF-8", PSTORE_VILLAGE_MAX);
	memset(&k, 0, sizeof k);
	if ((rc = signify_read_public(key, &k.pub, &cause)) != 0)
		goto out;
	memcpy(k.commune, commune, 6);
	if ((nfc = text_nfc(village)) == NULL || strlen(nfc) >
	    PSTORE_VILLAGE_MAX) {
		rc = util_fail(&cause, YK_EINVAL, "--village: cannot "
		    "normalise");
		goto out;
	}
	memcpy(k.village, nfc, strlen(nfc) + 1);
	dir = args.dir;
	if (open_registry(prog, dir, &c) != CLI_OK) {
		free(nfc);
		return CLI_FAIL;
	}
	rc = pstore_kiosk_add(collect_store(c), &k, &cause);
	collect_close(c);
	if (rc == 0) {
		keys_fingerprint(&k.pub, fpr);
		printf("kiosk %s registered for commune %s, village %s\n", fpr,
		    k.commune, k.village);
	}
out:
	free(nfc);
	return cli_done(prog, rc, cause);
}

static int
list_cb(void *arg, const struct pstore_kiosk *k)
{
	char	hex[2 * KEYS_NUM + 1], fpr[KEYS_FPR];

	keys_hex(k->pub.keynum, KEYS_NUM, hex);
	keys_fingerprint(&k->pub, fpr);
	printf("%s  %s  %s  %s%s\n", hex, fpr, k->commune, k->village,
	    k->revoked ? "  REVOKED" : "");
	return 0;
}

static int
list(int argc, char **argv)
{
	const char	*dir = NULL, *prog = PROV_PROG " kiosk list";
	struct collect	*c;
	char		*cause = NULL;
	int		 rc;
	struct cli_args	 args = { prog, help, PROV_DEFDIR, NULL, 0 };

	if (cli_getopt_dir(&args, argc, argv) != -1)
		return args.status;
	dir = args.dir;
	if (open_registry(prog, dir, &c) != CLI_OK)
		return CLI_FAIL;
	rc = pstore_kiosk_each(collect_store(c), list_cb, NULL, &cause);
	collect_close(c);
	return cli_done(prog, rc, cause);
}

static int
revoke(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "key", required_argument, NULL, 'k' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char		*dir = NULL, *key = NULL;
	const char		*prog = PROV_PROG " kiosk revoke";
	struct keys_public	 pub;
	struct collect		*c;
	char			*cause = NULL, hex[2 * KEYS_NUM + 1];
	int			 ch, rc;
	struct cli_args		 args = { prog, help, PROV_DEFDIR, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'k': key = optarg; break;
		default: return args.status;
		}
	}
	if ((key == NULL) == (optind == argc) || argc - optind > 1)
		return cli_usage_error(prog, "give --key KIOSK.pub or one "
		    "KEYNUM");
	if (key != NULL) {
		if ((rc = signify_read_public(key, &pub, &cause)) != 0) {
			return cli_done(prog, rc, cause);
		}
	} else if (strlen(argv[optind]) != 2 * KEYS_NUM ||
	    keys_unhex(argv[optind], pub.keynum, KEYS_NUM) != 0)
		return cli_usage_error(prog, "KEYNUM must be 16 hex digits "
		    "(see 'kiosk list')");
	dir = args.dir;
	if (open_registry(prog, dir, &c) != CLI_OK)
		return CLI_FAIL;
	rc = pstore_kiosk_revoke(collect_store(c), pub.keynum, &cause);
	collect_close(c);
	if (rc != 0)
		return cli_done(prog, rc, cause);
	keys_hex(pub.keynum, KEYS_NUM, hex);
	printf("kiosk %s revoked\n", hex);
	return CLI_OK;
}

int
pcmd_kiosk(int argc, char **argv)
{
	static const struct cli_cmd sub[] = {
		{ "add", add, "register a kiosk's public key" },
		{ "list", list, "list registered kiosks" },
		{ "revoke", revoke, "refuse a kiosk's batches from now on" },
		{ NULL, NULL, NULL },
	};

	return cli_group(PROV_PROG " kiosk", help, sub, argc, argv);
}
