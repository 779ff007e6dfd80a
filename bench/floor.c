/*
 * floor: the limit of the kiosk's cold start.  The least a curses kiosk
 * with a signed SQLite store must do before its first frame: start with
 * the same three libraries (ncursesw, SQLite, libsodium) and only them,
 * initialise each (a database file opened and read), draw one frame, and
 * wait for a key, so that bench/start.sh times it exactly as it times
 * `ykien-kiosk run`.  Built by bench/start.sh with those three libraries
 * alone; it is not part of the product.
 *	floor DB
 */
#include <locale.h>
#include <stdio.h>

#include <curses.h>
#include <sodium.h>
#include <sqlite3.h>

int
main(int argc, char **argv)
{
	sqlite3	*db;
	int	 rc;

	if (argc != 2)
		return 2;
	setlocale(LC_ALL, "");
	if (sodium_init() < 0)
		return 1;
	rc = sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK || sqlite3_exec(db, "PRAGMA user_version", NULL,
	    NULL, NULL) != SQLITE_OK)
		return 1;
	if (initscr() == NULL)
		return 1;
	cbreak();
	noecho();
	mvaddstr(1, 2, "FLOOR READY");
	refresh();
	(void)getch();
	endwin();
	return sqlite3_close(db) == SQLITE_OK ? 0 : 1;
}
