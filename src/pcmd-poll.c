/* ykien-province poll: check and sign poll files. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/i18n.h"
#include "ykien/collect.h"
#include "ykien/pstore.h"
#include "ykien/poll.h"
#include "ykien/signify.h"
#include "ykien/util.h"
#include "pcmd.h"

static const char help[] =
"usage: ykien-province poll check POLL.json...\n"
"       ykien-province poll sign --dir DIR POLL.json\n"
"       ykien-province poll add --dir DIR POLL.json\n"
"       ykien-province poll list --dir DIR\n"
"       ykien-province poll audio add|check|list ... (poll audio --help)\n"
"\n"
"check  Validate poll files and print a summary of each, or the field and\n"
"       the reason for the first problem; with spoken clips, how many\n"
"       screens have one and which are missing (a changed text's clip is).\n"
"sign   Validate POLL.json, then write its detached signature\n"
"       POLL.json.sig (signify format) with the province key.  Kiosks load\n"
"       only polls whose signature checks out.  Any change to the file\n"
"       after signing, even in white space, voids the signature.\n"
"add    Make a signed poll known to the collector: POLL.json.sig must\n"
"       check out against DIR/province.pub.  The poll is assigned to its\n"
"       commune (commune.code): only kiosks registered in that commune may\n"
"       send ballots for it.  Adding the same file twice is harmless.\n"
"list   Print the polls the collector knows and their communes.\n"
"\n"
"The passphrase is asked on the terminal or read from YKIEN_PASSPHRASE.\n";

/*
 * Each language's review state, for the poll's texts (its "drafts") and
 * for the kiosk's own screen strings (the catalog's Review-Status), so
 * that a draft translation is never taken for a reviewed one.
 */
static void
languages(const struct poll *p)
{
	char	st[128];
	int	i, utf8;

	(void)i18n_init(NULL, &utf8, NULL);
	for (i = 0; i < p->n_langs; i++) {
		i18n_review_status(p->langs[i], st, sizeof st);
		printf("  language %s: poll texts %s; screen strings %s\n",
		    p->langs[i], p->draft[i] ? "draft, needs native review" :
		    "reviewed", strcmp(st, "none") == 0 ? "none (shown in "
		    "Vietnamese)" : st);
	}
}

static int
check(int argc, char **argv)
{
	struct poll	*p;
	char		*cause = NULL;
	int		 i, rc, bad = 0;

	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return CLI_OK;
	}
	if (argc < 2)
		return cli_usage_error(PROV_PROG " poll check",
		    "no poll file given");
	for (i = 1; i < argc; i++) {
		if ((rc = poll_load_file(argv[i], &p, &cause)) != 0) {
			cli_error(PROV_PROG " poll check", rc, cause);
			free(cause);
			cause = NULL;
			bad = 1;
			continue;
		}
		printf("%s: ok: poll %s, commune %s, %d villages, %d "
		    "questions, %d languages, eligibility %s\n", argv[i],
		    p->id, p->commune_code, p->n_villages, p->n_questions,
		    p->n_langs, poll_elig_name(p->elig));
		languages(p);
		if (p->n_clips > 0 && pcmd_audio_report(argv[i], p, 0) != 0)
			bad = 1;
		poll_free(p);
	}
	return bad ? CLI_FAIL : CLI_OK;
}

static int
sign(int argc, char **argv)
{
	const char		*dir = NULL;
	struct keys_secret	*sec = NULL;
	struct poll		*p = NULL;
	char			*cause = NULL, *sigpath;
	int			 rc;
	struct cli_args		 args = { PROV_PROG " poll sign", help,
	    PROV_DEFDIR, NULL, 0 };

	if (cli_getopt_dir(&args, argc, argv) != -1)
		return args.status;
	if (optind + 1 != argc)
		return cli_usage_error(PROV_PROG " poll sign",
		    "exactly one poll file expected");
	dir = args.dir;
	/* Never sign something a kiosk would refuse. */
	if ((rc = poll_load_file(argv[optind], &p, &cause)) != 0)
		return cli_done(PROV_PROG " poll sign", rc, cause);
	poll_free(p);
	if ((rc = pcmd_unlock(PROV_PROG " poll sign", dir, &sec)) != CLI_OK)
		return rc;
	rc = signify_sign_file(sec, argv[optind], NULL,
	    "verify with province.pub", &cause);
	keys_secret_free(sec);
	if (rc != 0)
		return cli_done(PROV_PROG " poll sign", rc, cause);
	if ((sigpath = util_printf("%s.sig", argv[optind])) != NULL)
		printf("signed: %s\n", sigpath);
	free(sigpath);
	return CLI_OK;
}

static int
add(int argc, char **argv)
{
	const char		*dir = NULL, *prog = PROV_PROG " poll add";
	struct keys_public	 pub;
	struct collect		*c = NULL;
	struct poll		*p = NULL;
	uint8_t			*raw = NULL, *sig = NULL;
	size_t			 rlen, slen;
	char			*cause = NULL, *path = NULL;
	int			 rc;
	struct cli_args		 args = { prog, help, PROV_DEFDIR, NULL, 0 };

	if (cli_getopt_dir(&args, argc, argv) != -1)
		return args.status;
	if (optind + 1 != argc)
		return cli_usage_error(prog, "exactly one poll file expected");
	dir = args.dir;
	if ((rc = collect_open(dir, NULL, &c, &cause)) != 0)
		goto out;
	if ((path = util_path(dir, "province.pub")) == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = signify_read_public(path, &pub, &cause)) != 0)
		goto out;
	free(path);
	if ((path = util_printf("%s.sig", argv[optind])) == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = util_read_file(argv[optind], POLL_MAX_FILE, &raw, &rlen,
	    &cause)) != 0 ||
	    (rc = util_read_file(path, 4096, &sig, &slen, &cause)) != 0)
		goto out;
	if ((rc = signify_verify_text(&pub, raw, rlen, (char *)sig, slen,
	    &cause)) != 0) {
		util_wrap(&cause, rc, "%s: ", path);
		goto out;
	}
	if ((rc = poll_parse(raw, rlen, &p, &cause)) != 0) {
		util_wrap(&cause, rc, "%s: ", argv[optind]);
		goto out;
	}
	rc = pstore_poll_add(collect_store(c), p->id, p->hash,
	    p->commune_code, raw, rlen, (char *)sig, &cause);
	if (rc == YK_EDUP) {
		printf("poll %s: already known (same file)\n", p->id);
		rc = 0;
	} else if (rc == 0)
		printf("poll %s added for commune %s\n", p->id,
		    p->commune_code);
out:
	poll_free(p);
	collect_close(c);
	free(raw);
	free(sig);
	free(path);
	return cli_done(prog, rc, cause);
}

static int
list_cb(void *arg, const char *id, const char *commune)
{
	printf("%-40s %s\n", id, commune);
	return 0;
}

static int
list(int argc, char **argv)
{
	const char	*dir = NULL, *prog = PROV_PROG " poll list";
	struct collect	*c = NULL;
	char		*cause = NULL;
	int		 rc;
	struct cli_args	 args = { prog, help, PROV_DEFDIR, NULL, 0 };

	if (cli_getopt_dir(&args, argc, argv) != -1)
		return args.status;
	dir = args.dir;
	if ((rc = collect_open(dir, NULL, &c, &cause)) == 0)
		rc = pstore_poll_each(collect_store(c), list_cb, NULL, &cause);
	collect_close(c);
	return cli_done(prog, rc, cause);
}

int
pcmd_poll(int argc, char **argv)
{
	static const struct cli_cmd sub[] = {
		{ "check", check, "validate poll files" },
		{ "sign", sign, "sign a poll file with the province key" },
		{ "add", add, "make a signed poll known to the collector" },
		{ "list", list, "list the polls the collector knows" },
		{ "audio", pcmd_poll_audio, "the poll's spoken clips" },
		{ NULL, NULL, NULL },
	};

	return cli_group(PROV_PROG " poll", help, sub, argc, argv);
}
