/*
 * ykien-kiosk: the program on the board.  main only sets up the process
 * (umask, locale, libsodium) and hands over to a subcommand.
 */
#include <sys/stat.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/keys.h"
#include "kcmd.h"

static const struct cli_cmd cmds[] = {
	{ "init",	kcmd_init,	"make a kiosk's state directory and key" },
	{ "poll",	kcmd_poll,	"load a signed poll, list polls" },
	{ "status",	kcmd_status,	"show the kiosk's state (no totals)" },
	{ "events",	kcmd_events,	"print and verify the signed event log" },
	{ "pin",	kcmd_pin,	"set the officials' PINs" },
	{ "codes",	kcmd_codes,	"make household codes and their slips" },
	{ "closing",	kcmd_closing,	"print a closed poll's closing record" },
	{ "upload",	kcmd_upload,	"send batches to the province (one pass)" },
	{ "export",	kcmd_export,	"write batches and records to a USB stick" },
	{ NULL, NULL, NULL },
};

static void
usage(void)
{
	printf("usage: %s COMMAND [OPTIONS]\n\n"
	    "The ykien polling kiosk.  Residents vote on an ncurses screen;\n"
	    "officials load, test, open and close polls.\n\n", KIOSK_PROG);
	cli_list(KIOSK_PROG, cmds);
	printf("\nThe state directory is --dir DIR, else $YKIEN_DIR, else %s.\n"
	    "See ykien-kiosk(1).\n", KIOSK_DEFDIR);
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
		printf("%s %s\n", KIOSK_PROG, YKIEN_VERSION);
		return CLI_OK;
	}
	if (keys_init() != 0) {
		fprintf(stderr, "%s: libsodium failed to initialise\n",
		    KIOSK_PROG);
		return CLI_FAIL;
	}
	return cli_dispatch(KIOSK_PROG, cmds, argc - 1, argv + 1);
}
