/* ykien-kiosk closing: show, verify or rewrite a closed poll's record. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/closing-kiosk.h"
#include "ykien/closing-sheet.h"
#include "ykien/kiosk.h"
#include "ykien/util.h"
#include "kcmd.h"

static const char help[] =
"usage: ykien-kiosk closing [--dir DIR] [--write] [--qr] --poll ID\n"
"\n"
"Print the closing record (biên bản) of closed poll ID, kept in the store\n"
"and signed by the kiosk key, after checking that its totals and ballot\n"
"set hash still equal a recount of the stored ballots.  --write writes\n"
"closing-ID.bin, closing-ID.txt and closing-ID.txt.sig into the state\n"
"directory again (if writing them at close failed).  --qr prints the text\n"
"of the closing screen's QR code instead.\n";

int
kcmd_closing(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "poll", required_argument, NULL, 'p' },
		{ "write", no_argument, NULL, 'w' },
		{ "qr", no_argument, NULL, 'q' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char		*dir = NULL, *id = NULL;
	struct kiosk		*k = NULL;
	struct poll		*p = NULL;
	struct closing		*r = NULL;
	struct closing_count	 c;
	char			*cause = NULL, *text = NULL;
	int			 ch, rc, write = 0, qr = 0;
	struct cli_args		 args = { KIOSK_PROG " closing", help,
	    KIOSK_DEFDIR, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'p': id = optarg; break;
		case 'w': write = 1; break;
		case 'q': qr = 1; break;
		default: return args.status;
		}
	}
	if (optind != argc || id == NULL)
		return cli_usage_error(KIOSK_PROG " closing", "--poll ID is "
		    "required");
	dir = args.dir;
	if ((rc = kiosk_open(dir, &k, &cause)) != 0 ||
	    (rc = kiosk_poll_get(k, id, &p, NULL, &cause)) != 0 ||
	    (rc = closing_load(k, id, &r, &cause)) != 0 ||
	    (rc = closing_count(k, p, 0, &c, &cause)) != 0)
		goto out;
	if (c.ballots != r->count.ballots ||
	    memcmp(&c, &r->count, sizeof c) != 0) {
		rc = util_fail(&cause, YK_ECONFLICT, "the stored ballots no "
		    "longer match the closing record (%llu counted, %llu "
		    "recorded): the store was changed after close",
		    (unsigned long long)c.ballots,
		    (unsigned long long)r->count.ballots);
		goto out;
	}
	if (write && (rc = closing_save(k, p, r, &cause)) != 0)
		goto out;
	text = qr ? closing_qr_text(r) : closing_text(&k->pub, p, r);
	if (text == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	fputs(text, stdout);
	if (qr)
		fputs("\n", stdout);
out:
	free(text);
	closing_free(r);
	poll_free(p);
	kiosk_close(k);
	return cli_done(KIOSK_PROG " closing", rc, cause);
}
