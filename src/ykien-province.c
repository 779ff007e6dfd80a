/*
 * ykien-province: the province's program.  main only names the
 * subcommands; cli_main sets up the process and hands over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	{ "migrate-store", pcmd_migrate, "copy the store to another database" },
	{ "national",	pcmd_national,	"roll provinces up into a national store" },
	{ NULL, NULL, NULL },
};

/*
 * --db URL (or --db=URL), anywhere on the line, names the province store
 * for every command: it is taken out of argv and passed on as $YKIEN_DB,
 * which the store reads (pstore_locate), so no command parses it.
 */
static int
take_db(int *argc, char **argv)
{
	int	i, j, n;

	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--db") == 0 && i + 1 < *argc)
			n = 2;
		else if (strncmp(argv[i], "--db=", 5) == 0)
			n = 1;
		else if (strcmp(argv[i], "--db") == 0) {
			fprintf(stderr, "%s: --db needs a URL (sqlite:PATH or "
			    "postgresql://HOST/DBNAME)\n", PROV_PROG);
			return -1;
		} else
			continue;
		if (setenv("YKIEN_DB", n == 2 ? argv[i + 1] : argv[i] + 5,
		    1) != 0)
			return -1;
		for (j = i; j + n <= *argc; j++)
			argv[j] = argv[j + n];
		*argc -= n;
		i--;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct cli_prog prog = { PROV_PROG,
	    "The ykien province office: signs polls, registers kiosks,\n"
	    "collects and checks batches, tallies and publishes.\n"
	    "The store is --db URL (any command; sqlite:PATH or\n"
	    "postgresql://HOST/DBNAME), else $YKIEN_DB, else DIR/db.url,\n"
	    "else DIR/province.db.",
	    PROV_DEFDIR, cmds };

	if (take_db(&argc, argv) != 0)
		return CLI_USAGE;
	return cli_main(&prog, argc, argv);
}
