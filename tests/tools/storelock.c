/*
 * storelock: hold a kiosk store's write lock, as another of the kiosk's
 * own processes would (an official's command, a stuck uploader), through
 * the store's own file layer, until standard input closes.  Prints
 * "locked" once it holds the lock.  For tests only.
 *	storelock KIOSK_DB
 */
#include <sqlite3.h>
#include <stdio.h>

#include "ykien/store.h"

int
main(int argc, char **argv)
{
	struct store	*s;
	sqlite3		*db;
	char		*cause = NULL;
	int		 c;

	if (argc != 2) {
		fprintf(stderr, "usage: storelock KIOSK_DB\n");
		return 2;
	}
	/* Opening the store registers its file layer ("ykien-store"). */
	if (store_open(argv[1], 0, &s, &cause) != 0) {
		fprintf(stderr, "storelock: %s\n", cause);
		return 1;
	}
	store_close(s);
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE,
	    "ykien-store") != SQLITE_OK ||
	    sqlite3_busy_timeout(db, 5000) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "storelock: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	printf("locked\n");
	fflush(stdout);
	while ((c = getchar()) != EOF)
		;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_close(db) != SQLITE_OK) {
		fprintf(stderr, "storelock: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	return 0;
}
