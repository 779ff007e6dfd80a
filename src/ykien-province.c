/*
 * ykien-province: the province's program.  main only sets up the process
 * and hands over to a subcommand.
 */
#include <sys/stat.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/keys.h"
#include "pcmd.h"

static const struct cli_cmd cmds[] = {
	{ "init",	pcmd_init,	"make the province's signing key" },
	{ "poll",	pcmd_poll,	"check, sign and add poll files" },
	{ "kiosk",	pcmd_kiosk,	"register, list and revoke kiosks" },
	{ "serve",	pcmd_serve,	"run the collector (HTTP)" },
	{ "import",	pcmd_import,	"ingest batches from a USB export" },
	{ "status",	pcmd_status,	"batches and ballots held, per poll" },
	{ "audit",	pcmd_audit,	"re-verify a poll: eight numbered checks" },
	{ "tally",	pcmd_tally,	"results against the NTM thresholds" },
	{ "publish",	pcmd_publish,	"write the open-data directory of a poll" },
	{ NULL, NULL, NULL },
};

static void
usage(void)
{
	printf("usage: %s COMMAND [OPTIONS]\n\n"
	    "The ykien province office: signs polls, registers kiosks,\n"
	    "collects and checks batches, tallies and publishes.\n\n",
	    PROV_PROG);
	cli_list(PROV_PROG, cmds);
	printf("\nThe state directory is --dir DIR, else $YKIEN_DIR, else %s.\n"
	    "See ykien-province(1).\n", PROV_DEFDIR);
}

int
main(int argc, char **argv)
{
	umask(077);
	setlocale(LC_ALL, "");
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage();
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", PROV_PROG, YKIEN_VERSION);
		return CLI_OK;
	}
	if (keys_init() != 0) {
		fprintf(stderr, "%s: libsodium failed to initialise\n",
		    PROV_PROG);
		return CLI_FAIL;
	}
	return cli_dispatch(PROV_PROG, cmds, argc - 1, argv + 1);
}
