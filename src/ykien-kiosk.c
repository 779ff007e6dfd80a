/*
 * ykien-kiosk: the program on the board.  main only names the subcommands;
 * cli_main sets up the process and hands over.
 */
#include "ykien/cli.h"
#include "kcmd.h"

static const struct cli_cmd cmds[] = {
	{ "init",	kcmd_init,	"make a kiosk's state directory and key" },
	{ "poll",	kcmd_poll,	"load a signed poll, list polls" },
	{ "run",	kcmd_run,	"the voter's screen (ncurses)" },
	{ "status",	kcmd_status,	"show the kiosk's state (no totals)" },
	{ "events",	kcmd_events,	"print and verify the signed event log" },
	{ "pin",	kcmd_pin,	"set the officials' PINs" },
	{ "codes",	kcmd_codes,	"make household codes and their slips" },
	{ "closing",	kcmd_closing,	"print a closed poll's closing record" },
	{ "upload",	kcmd_upload,	"send batches to the province (one pass)" },
	{ "export",	kcmd_export,	"write batches and records to a USB stick" },
	{ "import-acks", kcmd_import_acks, "mark batches sent from a USB stick" },
	{ "print",	kcmd_print,	"print the biên bản or slips (CUPS lp)" },
	{ NULL, NULL, NULL },
};

int
main(int argc, char **argv)
{
	static const struct cli_prog prog = { KIOSK_PROG,
	    "The ykien polling kiosk.  Residents vote on an ncurses screen;\n"
	    "officials load, test, open and close polls.",
	    KIOSK_DEFDIR, cmds };

	return cli_main(&prog, argc, argv);
}
