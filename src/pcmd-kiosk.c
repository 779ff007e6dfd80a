/* ykien-province kiosk: the registry of kiosks allowed to send batches. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
"       ykien-province kiosk revoke [--dir DIR] [--from DATE|now]\n"
"                                   (--key KIOSK.pub | KEYNUM)\n"
"       ykien-province kiosk amend [--dir DIR] [--commune CODE]\n"
"                                  [--village NAME] (--key KIOSK.pub | KEYNUM)\n"
"\n"
"add     Register a kiosk's public key (the kiosk.pub printed by\n"
"        'ykien-kiosk init') for a commune (5-digit code) and village.\n"
"        Only registered, unrevoked kiosks may send batches.\n"
"list    Print every kiosk: key number, fingerprint, commune, village,\n"
"        and whether it is revoked.\n"
"revoke  Revoke a kiosk's key (a stolen or broken board) from a time:\n"
"        --from DATE (dd/mm/yyyy or yyyy-mm-dd, from 00:00 UTC+7 that day;\n"
"        optionally followed by hh:mm) or now (the default).  No batch or\n"
"        record of it is accepted from then on.  Ballots it had sent that\n"
"        were accepted before that time are kept and counted, and the\n"
"        audit reports them; any accepted at or after it (a revocation\n"
"        back-dated) fail audit check 2.  ykien-province publish\n"
"        --exclude-revoked leaves every revoked kiosk out instead, and\n"
"        says so in the publication.  Final: revoking again can only move\n"
"        the time earlier.  KEYNUM is the 16 hex digits shown by list.\n"
"amend   Correct the commune or village of a kiosk (a typo at add) that\n"
"        has no accepted batch yet and is not revoked.\n";

static int
open_registry(const char *prog, const char *dir, struct collect **c)
{
	char	*cause = NULL;
	int	 rc;

	if ((rc = collect_open(dir, NULL, c, &cause)) != 0)
		return cli_done(prog, rc, cause);
	return CLI_OK;
}

/* The options of add and amend. */
static const struct option place_opts[] = {
	CLI_OPT_DIR,
	{ "key", required_argument, NULL, 'k' },
	{ "commune", required_argument, NULL, 'c' },
	{ "village", required_argument, NULL, 'v' },
	CLI_OPT_HELP,
	{ NULL, 0, NULL, 0 },
};

/*
 * The option loop of add and amend: -1 when the options are read (each
 * pointer NULL unless given), else the status to exit with.
 */
static int
place_getopt(struct cli_args *args, int argc, char **argv, const char **key,
    const char **commune, const char **village)
{
	int	ch;

	while ((ch = cli_getopt(args, argc, argv, "h", place_opts)) != -1) {
		switch (ch) {
		case 'k': *key = optarg; break;
		case 'c': *commune = optarg; break;
		case 'v': *village = optarg; break;
		default: return args->status;
		}
	}
	return -1;
}

/* --commune and --village as add and amend take them (NULL: not given). */
static int
check_place(const char *prog, const char *commune, const char *village)
{
	if (commune != NULL && (strlen(commune) != 5 ||
	    strspn(commune, "0123456789") != 5))
		return cli_usage_error(prog, "--commune must be the 5-digit "
		    "commune code");
	if (village != NULL && (*village == '\0' || strlen(village) >
	    PSTORE_VILLAGE_MAX || !text_valid(village, strlen(village))))
		return cli_usage_error(prog, "--village must be 1-%d bytes of "
		    "UTF-8", PSTORE_VILLAGE_MAX);
	return CLI_OK;
}

/* The kiosk named by --key FILE or by one KEYNUM argument. */
static int
key_arg(const char *prog, const char *key, int argc, char **argv,
    uint8_t keynum[KEYS_NUM])
{
	struct keys_public	 pub;
	char			*cause = NULL;
	int			 rc;

	if ((key == NULL) == (optind == argc) || argc - optind > 1)
		return cli_usage_error(prog, "give --key KIOSK.pub or one "
		    "KEYNUM");
	if (key != NULL) {
		if ((rc = signify_read_public(key, &pub, &cause)) != 0)
			return cli_done(prog, rc, cause);
		memcpy(keynum, pub.keynum, KEYS_NUM);
	} else if (strlen(argv[optind]) != 2 * KEYS_NUM ||
	    keys_unhex(argv[optind], keynum, KEYS_NUM) != 0)
		return cli_usage_error(prog, "KEYNUM must be 16 hex digits "
		    "(see 'kiosk list')");
	return CLI_OK;
}

/*
 * "now", or a day as people write it (dd/mm/yyyy) or as files do
 * (yyyy-mm-dd), optionally with " hh:mm": Vietnam's time, UTC+7.
 */
static int
parse_from(const char *s, long long *out)
{
	struct tm	tm;
	int		d, m, y, hh = 0, mm = 0, n = 0;
	char		extra;

	if (strcmp(s, "now") == 0) {
		*out = (long long)time(NULL);
		return 0;
	}
	if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &n) != 3 &&
	    sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3)
		return -1;
	if (s[n] != '\0' && sscanf(s + n, " %2d:%2d%c", &hh, &mm, &extra) !=
	    2)
		return -1;
	if (y < 2000 || m < 1 || m > 12 || d < 1 || d > 31 || hh < 0 ||
	    hh > 23 || mm < 0 || mm > 59)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	*out = (long long)timegm(&tm) - 7 * 3600;
	return 0;
}

static int
add(int argc, char **argv)
{
	const char		*dir = NULL, *key = NULL, *commune = NULL;
	const char		*village = NULL, *prog = PROV_PROG " kiosk add";
	struct pstore_kiosk	 k;
	struct collect		*c;
	char			*cause = NULL, *nfc = NULL, fpr[KEYS_FPR];
	int			 rc;
	struct cli_args		 args = { prog, help, PROV_DEFDIR, NULL, 0 };

	if ((rc = place_getopt(&args, argc, argv, &key, &commune,
	    &village)) != -1)
		return rc;
	if (optind != argc)
		return cli_usage_error(prog, "unexpected argument \"%s\"",
		    argv[optind]);
	if (key == NULL || commune == NULL || village == NULL)
		return cli_usage_error(prog, "--key, --commune and --village "
		    "are required");
	if ((rc = check_place(prog, commune, village)) != CLI_OK)
		return rc;
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
	char	hex[2 * KEYS_NUM + 1], fpr[KEYS_FPR], when[64] = "", stamp[17];

	keys_hex(k->pub.keynum, KEYS_NUM, hex);
	keys_fingerprint(&k->pub, fpr);
	if (k->revoked) {
		util_time_vn(k->revoked, stamp);
		snprintf(when, sizeof when, "REVOKED from %s (UTC+7)", stamp);
	}
	printf("%s  %s  %s  %s%s%s\n", hex, fpr, k->commune, k->village,
	    k->revoked ? "  " : "", when);
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
		{ "from", required_argument, NULL, 'f' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char		*key = NULL, *prog = PROV_PROG " kiosk revoke";
	uint8_t			 keynum[KEYS_NUM];
	struct collect		*c;
	char			*cause = NULL, hex[2 * KEYS_NUM + 1], when[17];
	int			 ch, rc;
	long long		 from = (long long)time(NULL);
	struct cli_args		 args = { prog, help, PROV_DEFDIR, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'k': key = optarg; break;
		case 'f':
			if (parse_from(optarg, &from) != 0)
				return cli_usage_error(prog, "--from must be "
				    "now, dd/mm/yyyy or yyyy-mm-dd (UTC+7), "
				    "optionally with hh:mm");
			break;
		default: return args.status;
		}
	}
	if ((rc = key_arg(prog, key, argc, argv, keynum)) != CLI_OK)
		return rc;
	if (open_registry(prog, args.dir, &c) != CLI_OK)
		return CLI_FAIL;
	rc = pstore_kiosk_revoke(collect_store(c), keynum, from, &cause);
	collect_close(c);
	if (rc != 0)
		return cli_done(prog, rc, cause);
	keys_hex(keynum, KEYS_NUM, hex);
	util_time_vn(from, when);
	printf("kiosk %s revoked from %s (UTC+7); ballots accepted before "
	    "then are kept\n", hex, when);
	return CLI_OK;
}

static int
amend(int argc, char **argv)
{
	const char		*key = NULL, *commune = NULL, *village = NULL;
	const char		*prog = PROV_PROG " kiosk amend";
	struct pstore_kiosk	 k;
	uint8_t			 keynum[KEYS_NUM];
	struct collect		*c;
	char			*cause = NULL, *nfc = NULL;
	int			 rc;
	struct cli_args		 args = { prog, help, PROV_DEFDIR, NULL, 0 };

	if ((rc = place_getopt(&args, argc, argv, &key, &commune,
	    &village)) != -1)
		return rc;
	if ((rc = key_arg(prog, key, argc, argv, keynum)) != CLI_OK)
		return rc;
	if (commune == NULL && village == NULL)
		return cli_usage_error(prog, "give --commune, --village or "
		    "both");
	if ((rc = check_place(prog, commune, village)) != CLI_OK)
		return rc;
	if (open_registry(prog, args.dir, &c) != CLI_OK)
		return CLI_FAIL;
	if ((rc = pstore_kiosk_get(collect_store(c), keynum, &k, &cause)) ==
	    YK_ENOENT)
		rc = util_fail(&cause, rc, "no kiosk with that key number is "
		    "registered");
	if (rc == 0 && village != NULL && ((nfc = text_nfc(village)) == NULL ||
	    strlen(nfc) > PSTORE_VILLAGE_MAX))
		rc = util_fail(&cause, YK_EINVAL, "--village: cannot "
		    "normalise");
	if (rc == 0)
		rc = pstore_kiosk_amend(collect_store(c), keynum, commune !=
		    NULL ? commune : k.commune, nfc != NULL ? nfc : k.village,
		    &cause);
	collect_close(c);
	if (rc == 0)
		printf("kiosk amended: commune %s, village %s (was %s, %s)\n",
		    commune != NULL ? commune : k.commune, nfc != NULL ? nfc :
		    k.village, k.commune, k.village);
	free(nfc);
	return cli_done(prog, rc, cause);
}

int
pcmd_kiosk(int argc, char **argv)
{
	static const struct cli_cmd sub[] = {
		{ "add", add, "register a kiosk's public key" },
		{ "list", list, "list registered kiosks" },
		{ "revoke", revoke, "revoke a kiosk's key from a time" },
		{ "amend", amend, "correct a kiosk's commune or village" },
		{ NULL, NULL, NULL },
	};

	return cli_group(PROV_PROG " kiosk", help, sub, argc, argv);
}
