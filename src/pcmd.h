/* The subcommands of ykien-province, one file each (src/pcmd-*.c). */
#ifndef YKIEN_PCMD_H
#define YKIEN_PCMD_H

#include <stddef.h>
#include <stdio.h>

#include "ykien/keys.h"

#define PROV_PROG	"ykien-province"
#define PROV_DEFDIR	"/var/lib/ykien-province"

int	pcmd_init(int, char **);
int	pcmd_poll(int, char **);
int	pcmd_poll_audio(int, char **);
struct poll;
/*
 * Print the poll's spoken clips against its screens (every screen with
 * verbose, else the problems and a summary); 1 if a file is missing or
 * altered, -1 on no memory.
 */
int	pcmd_audio_report(const char *path, const struct poll *, int verbose);
int	pcmd_kiosk(int, char **);
int	pcmd_serve(int, char **);
int	pcmd_import(int, char **);
int	pcmd_status(int, char **);
int	pcmd_audit(int, char **);
int	pcmd_tally(int, char **);
int	pcmd_publish(int, char **);
int	pcmd_migrate(int, char **);
int	pcmd_national(int, char **);

struct audit;
/* --threads N for audit, tally, publish: 0, or -1 after a usage message. */
int	pcmd_threads(const char *prog, const char *arg, int *out);
/*
 * Audit poll id, print the report and the counts check to out and, when
 * rec is set and everything passed, record the signed result.  *ap gets
 * the audit (the caller frees it), *failed the failed checks.  Prints
 * its errors; returns CLI_*.
 */
struct audit_opts;
struct pstore;
int	pcmd_audit_poll(const char *prog, struct pstore *, const char *dir,
	    const char *id, const struct audit_opts *, int rec, FILE *out,
	    struct audit **ap, int *failed);
/*
 * Record the audits of pcmd_audit_poll with sec (borrowed; NULL: unlock
 * the key for each), for a command that audits several polls.
 */
struct keys_secret;
void	pcmd_audit_key(const struct keys_secret *sec);
/* The audit's printed report (malloc'd); *failed counts failed checks. */
char	*pcmd_audit_report(const struct audit *, int *failed);

/*
 * Unlock the province secret key in dir, asking for the passphrase (or
 * reading YKIEN_PASSPHRASE).  Prints the error itself; returns CLI_*.
 */
int	pcmd_unlock(const char *prog, const char *dir,
	    struct keys_secret **sec);

#endif
