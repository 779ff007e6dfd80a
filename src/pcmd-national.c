/*
 * ykien-province national: the level above the provinces (the why in
 * include/ykien/national.h).  A province exports a signed bundle of its
 * store; the national state directory registers each province's key,
 * imports the bundles with the provinces' publications, and tallies and
 * publishes over every province with the same suppression rule.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ykien/audit.h"
#include "ykien/cli.h"
#include "ykien/collect.h"
#include "ykien/national.h"
#include "ykien/provkey.h"
#include "ykien/pstore.h"
#include "ykien/publish.h"
#include "ykien/signify.h"
#include "ykien/tally.h"
#include "ykien/util.h"
#include "pcmd.h"

#define PROG		PROV_PROG " national"
#define MAX_POLLS	4096

static const char help[] =
"usage: ykien-province national add [--dir DIR] --code CC --key FILE\n"
"       ykien-province national export [--dir DIR] --out BUNDLE\n"
"       ykien-province national import [--dir DIR] BUNDLE PUBDIR...\n"
"       ykien-province national tally [--dir DIR] [tally options]\n"
"       ykien-province national publish [--dir DIR] --out OUTDIR\n"
"\n"
"The level above the provinces.  A national state directory is made\n"
"like a province's ('ykien-province init --dir DIR'; its key signs the\n"
"national results; --db or DIR/db.url picks SQLite or PostgreSQL).\n"
"\n"
"add      register province CC's public key (CC: the 2-digit province\n"
"         code, Sơn La 14), got from the province itself, as\n"
"         DIR/provinces/CC.pub.  Only polls that name province CC and\n"
"         are signed by this key are taken in for it.\n"
"export   (at a province) write BUNDLE: store.db, a copy of the\n"
"         province's whole store; province.pub; SHA256 and SHA256.sig,\n"
"         signed by the province key.\n"
"import   (at the nation) take BUNDLE in, with the province's own\n"
"         publication of each of its polls (the directories 'publish'\n"
"         wrote).  Refused, with nothing stored, unless the bundle\n"
"         verifies with a registered province key, every poll in it is\n"
"         signed by that key and names that province, no poll is held\n"
"         already, and each poll's publication verifies with that key\n"
"         and holds the same poll file.\n"
"tally    the tally of every poll held ('ykien-province tally' with\n"
"         --poll for each; the same options otherwise): a row per\n"
"         village, commune and province, and the national row, with\n"
"         the same suppression rule as a province's.\n"
"publish  audit every poll (each ballot re-verified against its kiosk's\n"
"         key; the polls against their provinces' keys), refuse unless\n"
"         all pass and are over, and write OUTDIR: results.csv,\n"
"         results.json, index.html, national.pub, province-CC.pub for\n"
"         each province, SHA256 and SHA256.sig by the national key:\n"
"           signify-openbsd -C -p national.pub -x SHA256.sig\n"
"\n"
"The provinces' publications are not changed: each still checks with\n"
"its own province.pub.\n";

static int
add(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "code", required_argument, NULL, 'c' },
		{ "key", required_argument, NULL, 'k' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	struct keys_public	 pub, held;
	struct cli_args		 args = { PROG " add", help, PROV_DEFDIR, NULL,
				    0 };
	const char		*code = NULL, *key = NULL;
	uint8_t			*buf = NULL;
	size_t			 len;
	char			*cause = NULL, *path = NULL, *sub = NULL;
	int			 ch, rc;

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'c': code = optarg; break;
		case 'k': key = optarg; break;
		default: return args.status;
		}
	}
	if (optind != argc || code == NULL || key == NULL)
		return cli_usage_error(args.prog, "give --code CC and --key "
		    "FILE, and nothing else");
	if (strlen(code) != 2 || strspn(code, "0123456789") != 2)
		return cli_usage_error(args.prog, "--code: the 2-digit "
		    "province code (Sơn La: 14)");
	if ((rc = util_read_file(key, 4096, &buf, &len, &cause)) != 0 ||
	    (rc = signify_parse_public((char *)buf, len, &pub, &cause)) != 0)
		goto out;
	if ((sub = util_path(args.dir, "provinces")) == NULL ||
	    (path = provkey_path(args.dir, code)) == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if (util_exists(path)) {
		if ((rc = signify_read_public(path, &held, &cause)) == 0 &&
		    memcmp(&held, &pub, sizeof pub) != 0)
			rc = util_fail(&cause, YK_ECONFLICT, "province %s is "
			    "registered with another key (%s); a key is never "
			    "replaced here", code, path);
		else if (rc == 0)
			printf("province %s: already registered with this "
			    "key\n", code);
		goto out;
	}
	if ((!util_exists(sub) && (rc = util_mkdir(sub, 0755, 0,
	    &cause)) != 0) ||
	    (rc = util_write_excl(path, buf, len, 0644, &cause)) != 0)
		goto out;
	printf("province %s registered (%s)\n", code, path);
out:
	free(buf);
	free(sub);
	free(path);
	return cli_done(args.prog, rc, cause);
}

static int
export(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "out", required_argument, NULL, 'o' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_args		 args = { PROG " export", help, PROV_DEFDIR,
				    NULL, 0 };
	struct keys_secret	*sec = NULL;
	struct collect		*c = NULL;
	const char		*out = NULL;
	char			*cause = NULL;
	long long		 rows = 0;
	int			 ch, rc;

	while ((ch = cli_getopt(&args, argc, argv, "ho:", opts)) != -1) {
		if (ch != 'o')
			return args.status;
		out = optarg;
	}
	if (optind != argc || out == NULL)
		return cli_usage_error(args.prog, "give --out BUNDLE (a new "
		    "directory), and nothing else");
	if ((rc = pcmd_unlock(args.prog, args.dir, &sec)) != CLI_OK)
		return rc;
	if ((rc = collect_open(args.dir, NULL, &c, &cause)) == 0 &&
	    (rc = national_export(collect_store(c), args.dir, out, sec, &rows,
	    &cause)) == 0)
		printf("bundle %s: %lld rows, signed by the province key\n",
		    out, rows);
	keys_secret_free(sec);
	collect_close(c);
	return cli_done(args.prog, rc, cause);
}

static int
import(int argc, char **argv)
{
	struct cli_args		 args = { PROG " import", help, PROV_DEFDIR,
				    NULL, 0 };
	struct national_import	 res;
	struct collect		*c = NULL;
	char			*cause = NULL;
	int			 rc;

	if (cli_getopt_dir(&args, argc, argv) != -1)
		return args.status;
	if (argc - optind < 2)
		return cli_usage_error(args.prog, "give the BUNDLE and the "
		    "publication directory of each of its polls");
	if ((rc = collect_open(args.dir, NULL, &c, &cause)) == 0 &&
	    (rc = national_import(collect_store(c), args.dir, argv[optind],
	    argv + optind + 1, argc - optind - 1, &res, &cause)) == 0)
		printf("province %s: %d poll%s, %lld rows imported\n",
		    res.code, res.polls, res.polls == 1 ? "" : "s", res.rows);
	collect_close(c);
	return cli_done(args.prog, rc, cause);
}

struct ids {
	char	*v[MAX_POLLS];
	int	 n;
};

static int
id_cb(void *arg, const char *id, const char *commune)
{
	struct ids	*x = arg;

	(void)commune;
	if (x->n == MAX_POLLS)
		return YK_EINVAL;	/* more polls than a tally takes */
	if ((x->v[x->n] = util_strdup(id)) == NULL)
		return YK_ENOMEM;
	x->n++;
	return 0;
}

/* Every poll id of the store of dir. */
static int
poll_ids(const char *dir, struct ids *x, char **cause)
{
	struct collect	*c = NULL;
	int		 rc;

	x->n = 0;
	if ((rc = collect_open(dir, NULL, &c, cause)) == 0 &&
	    (rc = pstore_poll_each(collect_store(c), id_cb, x, cause)) == 0 &&
	    x->n == 0)
		rc = util_fail(cause, YK_ENOENT, "the national store holds no "
		    "poll yet (ykien-province national import)");
	collect_close(c);
	return rc;
}

static void
ids_free(struct ids *x)
{
	while (x->n > 0)
		free(x->v[--x->n]);
}

/* The province tally, with --poll for every poll held. */
static int
tally(int argc, char **argv)
{
	static char	 name[] = "tally", poll[] = "--poll";
	struct ids	 x;
	const char	*dir = NULL;
	char		**av, *cause = NULL;
	int		 i, ac = 0, rc;

	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return CLI_OK;
	}
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[i + 1];
		else if (strncmp(argv[i], "--dir=", 6) == 0)
			dir = argv[i] + 6;
	if ((rc = poll_ids(cli_dir(dir, PROV_DEFDIR), &x, &cause)) != 0)
		return cli_done(PROG " tally", rc, cause);
	if ((av = calloc((size_t)(argc + 2 * x.n + 1), sizeof *av)) == NULL) {
		ids_free(&x);
		return cli_done(PROG " tally", YK_ENOMEM, NULL);
	}
	av[ac++] = name;
	for (i = 1; i < argc; i++)
		av[ac++] = argv[i];
	for (i = 0; i < x.n; i++) {
		av[ac++] = poll;
		av[ac++] = x.v[i];
	}
	optind = 0;
	rc = pcmd_tally(ac, av);
	free(av);
	ids_free(&x);
	return rc;
}

/* The key files of the publication: the nation's and each province's. */
static int
keys_of(const char *dir, struct audit *const *a, int n, char **keys,
    char **names, size_t *nk)
{
	int	i;
	size_t	j;

	*nk = 0;
	if ((keys[0] = util_path(dir, "province.pub")) == NULL ||
	    (names[0] = util_strdup("national.pub")) == NULL)
		return YK_ENOMEM;
	*nk = 1;
	for (i = 0; i < n; i++) {
		const char *code = a[i]->poll->province_code;

		for (j = 1; j < *nk; j++)
			if (strncmp(names[j] + 9, code, 2) == 0)
				break;
		if (j < *nk || code[0] == '\0')
			continue;
		if ((keys[*nk] = provkey_path(dir, code)) == NULL ||
		    (names[*nk] = util_printf("province-%s.pub", code)) ==
		    NULL)
			return YK_ENOMEM;
		(*nk)++;
	}
	return 0;
}

/*
 * Long: options, then one step a line: audit every poll (all must
 * pass and be over), build the tally with suppression, write and sign.
 */
static int
publish(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "out", required_argument, NULL, 'o' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_args		 args = { PROG " publish", help, PROV_DEFDIR,
				    NULL, 0 };
	struct keys_secret	*sec = NULL;
	struct collect		*c = NULL;
	struct audit_opts	 o;
	struct audit		*a[MAX_POLLS];
	struct tally		*t = NULL;
	struct ids		 x = { { NULL }, 0 };
	const char		*out = NULL;
	char			*cause = NULL, *keys[MAX_POLLS + 1];
	char			*names[MAX_POLLS + 1];
	size_t			 nk = 0, j;
	int			 ch, rc, i, na = 0, failed;

	while ((ch = cli_getopt(&args, argc, argv, "ho:", opts)) != -1) {
		if (ch != 'o')
			return args.status;
		out = optarg;
	}
	if (optind != argc || out == NULL)
		return cli_usage_error(args.prog, "give --out OUTDIR, and "
		    "nothing else");
	/* Unlocked once: it records every poll's audit and signs the lot. */
	if ((rc = pcmd_unlock(args.prog, args.dir, &sec)) != CLI_OK)
		return rc;
	pcmd_audit_key(sec);
	memset(&o, 0, sizeof o);
	if ((rc = poll_ids(args.dir, &x, &cause)) != 0 ||
	    (rc = collect_open(args.dir, NULL, &c, &cause)) != 0)
		goto out;
	for (i = 0; i < x.n; i++, na++) {
		if (pcmd_audit_poll(args.prog, collect_store(c), args.dir,
		    x.v[i], &o, 1, stdout, &a[i], &failed) != CLI_OK) {
			rc = util_fail(&cause, YK_EIO, "the audit of poll %s "
			    "could not run", x.v[i]);
			goto out;
		}
		if (failed) {
			na++;
			rc = util_fail(&cause, YK_ESTATE, "the audit of poll "
			    "%s fails %d checks: nothing published", x.v[i],
			    failed);
			goto out;
		}
		if ((rc = tally_final(a[i], (long long)time(NULL),
		    &cause)) != 0) {
			na++;
			util_wrap(&cause, rc, "nothing published: ");
			goto out;
		}
	}
	if ((rc = tally_build(a, (size_t)na, 1, (long long)time(NULL), &t,
	    &cause)) != 0)
		goto out;
	if (keys_of(args.dir, a, na, keys, names, &nk) != 0) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = publish_national(t, out, (const char *const *)keys,
	    (const char *const *)names, nk, sec, &cause)) == 0)
		printf("published %d polls of %zu provinces in %s\n", na,
		    nk - 1, out);
out:
	for (j = 0; j < nk + 1 && j <= MAX_POLLS; j++) {
		free(j < nk ? keys[j] : NULL);
		free(j < nk ? names[j] : NULL);
	}
	tally_free(t);
	for (i = 0; i < na; i++)
		audit_free(a[i]);
	ids_free(&x);
	pcmd_audit_key(NULL);
	keys_secret_free(sec);
	collect_close(c);
	return cli_done(args.prog, rc, cause);
}

int
pcmd_national(int argc, char **argv)
{
	static const struct cli_cmd sub[] = {
		{ "add", add, "register a province's public key" },
		{ "export", export, "a province's signed bundle of its store" },
		{ "import", import, "take a province's bundle in" },
		{ "tally", tally, "results over every province" },
		{ "publish", publish, "the national results, signed" },
		{ NULL, NULL, NULL },
	};

	return cli_group(PROG, help, sub, argc, argv);
}
