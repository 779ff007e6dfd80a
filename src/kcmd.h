/* The subcommands of ykien-kiosk, one file each (src/kcmd-*.c). */
#ifndef YKIEN_KCMD_H
#define YKIEN_KCMD_H

#define KIOSK_PROG	"ykien-kiosk"
#define KIOSK_DEFDIR	"/var/lib/ykien-kiosk"

int	kcmd_init(int, char **);
int	kcmd_poll(int, char **);
int	kcmd_run(int, char **);
int	kcmd_status(int, char **);

#endif
