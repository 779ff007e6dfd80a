/*
 * signify: OpenBSD signify's two-line file format for public keys and
 * detached signatures, so that `signify-openbsd -V` checks our files with no
 * ykien code at all.  Secret keys use the same shape with our own payload
 * (Argon2id instead of bcrypt_pbkdf); see docs/PROTOCOL.md.
 *
 *	untrusted comment: <text>\n
 *	base64("Ed" || keynum[8] || payload)\n
 */
#ifndef YKIEN_SIGNIFY_H
#define YKIEN_SIGNIFY_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

/* The text of a public key file (malloc'd). */
char	*signify_public_text(const struct keys_public *, const char *comment);
int	 signify_parse_public(const char *text, size_t len,
	    struct keys_public *, char **cause);
int	 signify_read_public(const char *path, struct keys_public *,
	    char **cause);

/* The text of a detached signature of msg (malloc'd, NULL on no memory). */
char	*signify_sign_text(const struct keys_secret *, const void *msg,
	    size_t len, const char *comment);
/*
 * Check a detached signature text against msg.  The cheap checks come
 * first, each with its own message (malformed, wrong key number), and the
 * signature last.  Returns 0, YK_EINVAL or YK_ESIG.
 */
int	 signify_verify_text(const struct keys_public *, const void *msg,
	    size_t len, const char *sigtext, size_t siglen, char **cause);
/* Read msgpath and sigpath, then signify_verify_text. */
int	 signify_verify_file(const struct keys_public *, const char *msgpath,
	    const char *sigpath, char **cause);
/* Read msgpath, write msgpath.sig (or sigpath if not NULL) atomically. */
int	 signify_sign_file(const struct keys_secret *, const char *msgpath,
	    const char *sigpath, const char *comment, char **cause);

/*
 * Secret key files.  With a passphrase the key is sealed with Argon2id and
 * secretbox; with pass == NULL it is stored in the clear (the kiosk's device
 * key, which must boot unattended).  The file is created with O_EXCL and
 * mode 0600.
 */
int	 signify_write_secret(const char *path, const struct keys_secret *,
	    const char *pass, char **cause);
/* *sec is keys_secret_free'd by the caller.  YK_EAUTH on wrong passphrase. */
int	 signify_read_secret(const char *path, const char *pass,
	    struct keys_secret **sec, char **cause);

#endif
