/* The subcommands of ykien-kiosk, one file each (src/kcmd-*.c). */
#ifndef YKIEN_KCMD_H
#define YKIEN_KCMD_H

#define KIOSK_PROG	"ykien-kiosk"
#define KIOSK_DEFDIR	"/var/lib/ykien-kiosk"

int	kcmd_init(int, char **);
int	kcmd_poll(int, char **);
int	kcmd_run(int, char **);
int	kcmd_status(int, char **);
int	kcmd_events(int, char **);
int	kcmd_pin(int, char **);
int	kcmd_codes(int, char **);
int	kcmd_closing(int, char **);
int	kcmd_upload(int, char **);
int	kcmd_export(int, char **);
int	kcmd_import_acks(int, char **);
int	kcmd_print(int, char **);

struct kiosk;
/*
 * Ask for role's PIN (PIN_OFFICIAL or PIN_FRONT; $YKIEN_PIN_OFFICIAL or
 * $YKIEN_PIN_FRONT for scripts) and check it now.  *pin (secure memory,
 * keys_secure_free) is set only on success; the cause names the role.
 */
int	kcmd_ask_pin(struct kiosk *, const char *role, char **pin,
	    char **cause);

struct poll;
struct ui_flow;
/* The officials' menu's action f->admin_op, its output in *text. */
int	kcmd_admin_do(struct kiosk *, const struct poll *,
	    const struct ui_flow *, const char *lang, char **text);
/* Now as "dd/mm/yyyy hh:mm" (UTC+7); *bad if the clock looks wrong. */
void	kcmd_admin_clock(const struct poll *, char out[32], int *bad);
/* Ballots of p not yet acknowledged by the province. */
int	kcmd_admin_unsent(struct kiosk *, const struct poll *, long long *n);
void	kcmd_admin_event(struct kiosk *, const struct poll *,
	    const char *type);

/* DECK.pdf -> DECK-expected.txt (malloc'd). */
char	*kcmd_deck_expected(const char *pdf);

/* Messages in the officials' language ($YKIEN_LANG, else the locale). */
void	kcmd_lang(void);

#endif
