/*
 * ykien-province: the province's program.  main only names the
 * subcommands; cli_main sets up the process and hands over.
 */
#include "ykien/cli.h"
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

int
main(int argc, char **argv)
{
	static const struct cli_prog prog = { PROV_PROG,
	    "The ykien province office: signs polls, registers kiosks,\n"
	    "collects and checks batches, tallies and publishes.",
	    PROV_DEFDIR, cmds };

	return cli_main(&prog, argc, argv);
}
