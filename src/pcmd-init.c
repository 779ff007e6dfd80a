/* ykien-province init: the province's Ed25519 key, sealed by passphrase. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ykien/cli.h"
#include "ykien/pstore.h"
#include "ykien/signify.h"
#include "ykien/util.h"
#include "pcmd.h"

static const char help[] =
"usage: ykien-province init --dir DIR\n"
"\n"
"Make the province's state directory (mode 0700) and its Ed25519 signing\n"
"key.  The secret key (province.key, mode 0600) is sealed with a\n"
"passphrase: Argon2id derives the key for XSalsa20-Poly1305.  The\n"
"passphrase is asked twice on the terminal, or read from\n"
"YKIEN_PASSPHRASE for scripts.  The public key is written to\n"
"DIR/province.pub in signify format: give it to every kiosk at init.\n"
"\n"
"An existing key is never overwritten.\n"
"\n"
"With --db URL (or YKIEN_DB), the URL of the province store is kept in\n"
"DIR/db.url (mode 0600), and every later command on DIR uses it, e.g.\n"
"  ykien-province --db postgresql://collector@db1/sonla init --dir DIR\n"
"Without it the store is DIR/province.db (SQLite).\n";

int
pcmd_unlock(const char *prog, const char *dir, struct keys_secret **sec)
{
	char	*pass = NULL, *cause = NULL, *path;
	int	 rc;

	if ((path = util_path(dir, "province.key")) == NULL)
		return cli_error(prog, YK_ENOMEM, NULL);
	if (!util_exists(path)) {
		fprintf(stderr, "%s: %s: no province key; run "
		    "'ykien-province init --dir %s' first\n", prog, path, dir);
		free(path);
		return CLI_FAIL;
	}
	if ((rc = cli_secret("YKIEN_PASSPHRASE", "Province key passphrase: ",
	    0, &pass, &cause)) == 0) {
		rc = signify_read_secret(path, pass, sec, &cause);
		keys_secure_free(pass);
	}
	free(path);
	return cli_done(prog, rc, cause);
}

int
pcmd_init(int argc, char **argv)
{
	const char		*dir = NULL;
	struct keys_public	 pub;
	struct keys_secret	*sec = NULL;
	char			*pass = NULL, *cause = NULL, *kp = NULL;
	char			*pp = NULL, *text = NULL, fpr[KEYS_FPR];
	int			 rc;
	struct cli_args		 args = { PROV_PROG " init", help,
	    NULL, NULL, 0 };

	if (cli_getopt_dir(&args, argc, argv) != -1)
		return args.status;
	if (optind != argc)
		return cli_usage_error(PROV_PROG " init",
		    "unexpected argument \"%s\"", argv[optind]);
	if ((dir = args.dir) == NULL)
		return cli_usage_error(PROV_PROG " init", "--dir is required");
	if ((kp = util_path(dir, "province.key")) == NULL ||
	    (pp = util_path(dir, "province.pub")) == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if (util_exists(kp)) {
		rc = util_fail(&cause, YK_EEXIST, "%s already exists; the "
		    "province key is made once and never overwritten", kp);
		goto out;
	}
	if ((rc = util_mkdir(dir, 0700, 0, &cause)) != 0 ||
	    (rc = cli_secret("YKIEN_PASSPHRASE", "New province key "
	    "passphrase: ", 1, &pass, &cause)) != 0)
		goto out;
	if ((rc = keys_generate(&pub, &sec)) != 0) {
		util_fail(&cause, rc, "cannot generate a key");
		goto out;
	}
	if ((rc = signify_write_secret(kp, sec, pass, &cause)) != 0)
		goto out;
	if ((text = signify_public_text(&pub, "ykien province public key"))
	    == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = util_write_excl(pp, text, strlen(text), 0644, &cause)) != 0) {
		(void)unlink(kp);
		goto out;
	}
	if ((rc = pstore_remember(dir, &cause)) != 0)
		goto out;
	keys_fingerprint(&pub, fpr);
	printf("province key made in %s\npublic key (%s):\n%sfingerprint: %s\n",
	    dir, pp, text, fpr);
out:
	keys_secure_free(pass);
	keys_secret_free(sec);
	free(text);
	free(kp);
	free(pp);
	return cli_done(PROV_PROG " init", rc, cause);
}
