/* ykien-kiosk pin: set the officials' PINs. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/pin.h"
#include "ykien/util.h"
#include "kcmd.h"

static const char help[] =
"usage: ykien-kiosk pin set [--dir DIR] --role official|front|activation\n"
"       ykien-kiosk pin check [--dir DIR] --role ROLE\n"
"\n"
"set    Set or replace a role's PIN (4 to 12 digits), stored as an Argon2id\n"
"       hash.  The PIN is read from the terminal without echo, twice, or\n"
"       from $YKIEN_PIN for scripts.  Replacing a PIN first asks for the\n"
"       current one ($YKIEN_PIN_OLD), with the same delays and lockout.\n"
"check  Ask for a role's PIN and say whether it is right (to rehearse).\n"
"\n"
"Roles: official (commune official), front (Fatherland Front\n"
"representative); closing asks for both when the poll says so.\n"
"activation: the short PIN that activates each ballot in supervised mode.\n"
"\n"
"After a wrong PIN the next try waits 2, 4, 8, 16 s; the 5th wrong PIN in\n"
"a row locks the role for 15 minutes, and so does every further one until\n"
"a right PIN.  Failures and lockouts are written to the event log.\n";

static int
check(struct kiosk *k, const char *role, const char *env, const char *prompt,
    char **cause)
{
	char	*pin = NULL;
	long	 wait;
	int	 rc;

	if ((rc = cli_secret(env, prompt, 0, &pin, cause)) != 0)
		return rc;
	rc = pin_check(k, role, pin, &wait, cause);
	keys_secure_free(pin);
	return rc;
}

int
kcmd_pin(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "role", required_argument, NULL, 'r' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char	*dir = NULL, *role = NULL, *verb;
	struct kiosk	*k;
	char		*cause = NULL, *pin = NULL, prog[64];
	int		 ch, rc;
	struct cli_args	 args = { prog, help, KIOSK_DEFDIR, NULL, 0 };

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	verb = argv[1];
	snprintf(prog, sizeof prog, KIOSK_PROG " pin %s", verb);
	if (strcmp(verb, "set") != 0 && strcmp(verb, "check") != 0)
		return cli_usage_error(KIOSK_PROG " pin", "unknown command "
		    "\"%s\" (expected set or check)", verb);
	argc--;
	argv++;
	while ((ch = cli_getopt(&args, argc, argv, "hr:", opts)) != -1) {
		switch (ch) {
		case 'r': role = optarg; break;
		default: return args.status;
		}
	}
	if (optind != argc)
		return cli_usage_error(prog, "no arguments expected");
	if (!pin_role_valid(role))
		return cli_usage_error(prog, "--role official, front or "
		    "activation is required");
	dir = args.dir;
	if ((rc = kiosk_open(dir, &k, &cause)) != 0)
		goto fail;
	if (strcmp(verb, "check") == 0) {
		rc = check(k, role, "YKIEN_PIN", "PIN: ", &cause);
		kiosk_close(k);
		if (rc != 0)
			goto fail;
		printf("the %s PIN is right\n", role);
		return CLI_OK;
	}
	if (pin_is_set(k, role) && (rc = check(k, role, "YKIEN_PIN_OLD",
	    "Current PIN: ", &cause)) != 0) {
		kiosk_close(k);
		goto fail;
	}
	if ((rc = cli_secret("YKIEN_PIN", "New PIN (4-12 digits): ", 1, &pin,
	    &cause)) == 0)
		rc = pin_set(k, role, pin, &cause);
	keys_secure_free(pin);
	kiosk_close(k);
	if (rc != 0)
		goto fail;
	printf("%s PIN set\n", role);
	return CLI_OK;
fail:
	return cli_done(prog, rc, cause);
}
