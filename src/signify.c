/*
 * signify: read and write OpenBSD signify's key and signature files.  The
 * structs in docs/PROTOCOL.md mirror these bytes exactly:
 *	public key	"Ed" || keynum[8] || pk[32]
 *	signature	"Ed" || keynum[8] || sig[64]
 *	secret key	"Ed" || "A2" || keynum[8] || ops[4] || memkib[4] ||
 *			salt[16] || nonce[24] || secretbox(sk)[80]
 *			"Ed" || "N0" || keynum[8] || sk[64] || check[8]
 * Checks run cheapest first so each failure has its own message.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/keys.h"
#include "ykien/signify.h"
#include "ykien/util.h"

#define COMMENT_HDR	"untrusted comment: "
#define MAX_COMMENT	1024
#define PUB_LEN		(2 + KEYS_NUM + KEYS_PUBLIC)
#define SIG_LEN		(2 + KEYS_NUM + KEYS_SIG)
#define SEC_A2_LEN	(2 + 2 + KEYS_NUM + 4 + 4 + KEYS_SEAL_OVERHEAD + KEYS_SECRET)
#define SEC_N0_LEN	(2 + 2 + KEYS_NUM + KEYS_SECRET + 8)

static char *
two_lines(const char *comment, const uint8_t *bin, size_t len)
{
	char	*b, *s;

	if ((b = keys_b64_encode(bin, len)) == NULL)
		return NULL;
	s = util_printf(COMMENT_HDR "%s\n%s\n", comment, b);
	free(b);
	return s;
}

/*
 * Split the two-line text and decode the base64 line into *bin, which must
 * be exactly want bytes.  what names the kind of file for messages.
 */
static int
parse_two_lines(const char *text, size_t len, const char *what,
    uint8_t **bin, size_t want, char **cause)
{
	const char	*nl, *b, *end;
	size_t		 blen, outlen;
	uint8_t		*out;

	if (len < strlen(COMMENT_HDR) ||
	    memcmp(text, COMMENT_HDR, strlen(COMMENT_HDR)) != 0)
		return util_fail(cause, YK_EINVAL,
		    "%s: does not start with \"untrusted comment:\"", what);
	if ((nl = memchr(text, '\n', len)) == NULL ||
	    (size_t)(nl - text) > strlen(COMMENT_HDR) + MAX_COMMENT)
		return util_fail(cause, YK_EINVAL,
		    "%s: comment line missing or too long", what);
	b = nl + 1;
	end = text + len;
	if ((nl = memchr(b, '\n', (size_t)(end - b))) == NULL)
		return util_fail(cause, YK_EINVAL,
		    "%s: missing the line after the comment", what);
	if (nl + 1 != end)
		return util_fail(cause, YK_EINVAL,
		    "%s: unexpected data after the second line", what);
	blen = (size_t)(nl - b);
	if (keys_b64_decode(b, blen, &out, &outlen) != 0)
		return util_fail(cause, YK_EINVAL, "%s: invalid base64", what);
	if (outlen != want) {
		free(out);
		return util_fail(cause, YK_EINVAL,
		    "%s: wrong length (%zu bytes, expected %zu)", what,
		    outlen, want);
	}
	if (memcmp(out, "Ed", 2) != 0) {
		free(out);
		return util_fail(cause, YK_EINVAL,
		    "%s: unsupported algorithm (not Ed25519)", what);
	}
	*bin = out;
	return 0;
}

char *
signify_public_text(const struct keys_public *pub, const char *comment)
{
	uint8_t	bin[PUB_LEN];

	memcpy(bin, "Ed", 2);
	memcpy(bin + 2, pub->keynum, KEYS_NUM);
	memcpy(bin + 2 + KEYS_NUM, pub->pk, KEYS_PUBLIC);
	return two_lines(comment, bin, sizeof bin);
}

int
signify_parse_public(const char *text, size_t len, struct keys_public *pub,
    char **cause)
{
	uint8_t	*bin;
	int	 rc;

	if ((rc = parse_two_lines(text, len, "public key", &bin, PUB_LEN,
	    cause)) != 0)
		return rc;
	memcpy(pub->keynum, bin + 2, KEYS_NUM);
	memcpy(pub->pk, bin + 2 + KEYS_NUM, KEYS_PUBLIC);
	free(bin);
	return 0;
}

int
signify_read_public(const char *path, struct keys_public *pub, char **cause)
{
	uint8_t	*buf;
	size_t	 len;
	int	 rc;

	if ((rc = util_read_file(path, 4096, &buf, &len, cause)) != 0)
		return rc;
	rc = signify_parse_public((char *)buf, len, pub, cause);
	free(buf);
	if (rc != 0)
		return util_wrap(cause, rc, "%s: ", path);
	return 0;
}

char *
signify_sign_text(const struct keys_secret *sec, const void *msg, size_t len,
    const char *comment)
{
	uint8_t	bin[SIG_LEN];

	memcpy(bin, "Ed", 2);
	memcpy(bin + 2, sec->keynum, KEYS_NUM);
	keys_sign(sec, msg, len, bin + 2 + KEYS_NUM);
	return two_lines(comment, bin, sizeof bin);
}

int
signify_verify_text(const struct keys_public *pub, const void *msg,
    size_t len, const char *sigtext, size_t siglen, char **cause)
{
	uint8_t	*bin;
	int	 rc;

	if ((rc = parse_two_lines(sigtext, siglen, "signature", &bin, SIG_LEN,
	    cause)) != 0)
		return rc;
	if (memcmp(bin + 2, pub->keynum, KEYS_NUM) != 0) {
		free(bin);
		return util_fail(cause, YK_ESIG,
		    "signature: checked against wrong key");
	}
	rc = keys_verify(pub, msg, len, bin + 2 + KEYS_NUM);
	free(bin);
	if (rc != 0)
		return util_fail(cause, YK_ESIG, "signature verification "
		    "failed: the file was changed or signed by another key");
	return 0;
}

int
signify_verify_file(const struct keys_public *pub, const char *msgpath,
    const char *sigpath, char **cause)
{
	uint8_t	*msg, *sig;
	size_t	 mlen, slen;
	int	 rc;

	if ((rc = util_read_file(sigpath, 4096, &sig, &slen, cause)) != 0)
		return rc;
	if ((rc = util_read_file(msgpath, 256 * 1024 * 1024, &msg, &mlen,
	    cause)) != 0) {
		free(sig);
		return rc;
	}
	rc = signify_verify_text(pub, msg, mlen, (char *)sig, slen, cause);
	free(msg);
	free(sig);
	if (rc != 0)
		return util_wrap(cause, rc, "%s: ", sigpath);
	return 0;
}

int
signify_sign_file(const struct keys_secret *sec, const char *msgpath,
    const char *sigpath, const char *comment, char **cause)
{
	uint8_t	*msg;
	size_t	 mlen;
	char	*text, *def = NULL;
	int	 rc;

	if ((rc = util_read_file(msgpath, 256 * 1024 * 1024, &msg, &mlen,
	    cause)) != 0)
		return rc;
	text = signify_sign_text(sec, msg, mlen, comment);
	free(msg);
	if (text == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if (sigpath == NULL &&
	    (sigpath = def = util_printf("%s.sig", msgpath)) == NULL) {
		free(text);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	rc = util_write_atomic(sigpath, text, strlen(text), 0644, cause);
	free(text);
	free(def);
	return rc;
}

int
signify_write_secret(const char *path, const struct keys_secret *sec,
    const char *pass, char **cause)
{
	uint8_t	*bin, h[KEYS_HASH];
	size_t	 len = pass != NULL ? SEC_A2_LEN : SEC_N0_LEN;
	uint32_t ops, mem;
	char	*text;
	int	 rc;

	if ((bin = keys_secure_alloc(len)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	memcpy(bin, "Ed", 2);
	memcpy(bin + 4, sec->keynum, KEYS_NUM);
	if (pass != NULL) {
		memcpy(bin + 2, "A2", 2);
		keys_seal_costs(&ops, &mem);
		bin[12] = (uint8_t)(ops >> 24); bin[13] = (uint8_t)(ops >> 16);
		bin[14] = (uint8_t)(ops >> 8); bin[15] = (uint8_t)ops;
		bin[16] = (uint8_t)(mem >> 24); bin[17] = (uint8_t)(mem >> 16);
		bin[18] = (uint8_t)(mem >> 8); bin[19] = (uint8_t)mem;
		if ((rc = keys_seal(sec->sk, KEYS_SECRET, pass, ops, mem,
		    bin + 20)) != 0) {
			keys_secure_free(bin);
			return util_fail(cause, rc, "%s: cannot seal the key",
			    path);
		}
	} else {
		memcpy(bin + 2, "N0", 2);
		memcpy(bin + 12, sec->sk, KEYS_SECRET);
		keys_sha256(h, sec->sk, KEYS_SECRET);
		memcpy(bin + 12 + KEYS_SECRET, h, 8);
	}
	text = two_lines(pass != NULL ? "ykien secret key (passphrase)" :
	    "ykien device secret key", bin, len);
	keys_secure_free(bin);
	if (text == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = util_write_excl(path, text, strlen(text), 0600, cause);
	keys_wipe(text, strlen(text));
	free(text);
	return rc;
}

int
signify_read_secret(const char *path, const char *pass,
    struct keys_secret **out, char **cause)
{
	uint8_t			*buf, *bin = NULL, h[KEYS_HASH];
	size_t			 len, want;
	struct keys_secret	*sec;
	uint32_t		 ops, mem;
	int			 rc;

	if ((rc = util_read_file(path, 4096, &buf, &len, cause)) != 0)
		return rc;
	/* The kdf tag decides the length; peek at it through either size. */
	want = SEC_N0_LEN;
	rc = parse_two_lines((char *)buf, len, path, &bin, want, NULL);
	if (rc != 0) {
		want = SEC_A2_LEN;
		rc = parse_two_lines((char *)buf, len, path, &bin, want,
		    cause);
	}
	keys_wipe(buf, len);
	free(buf);
	if (rc != 0)
		return rc;
	if ((sec = keys_secret_new()) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(sec->keynum, bin + 4, KEYS_NUM);
	if (want == SEC_N0_LEN && memcmp(bin + 2, "N0", 2) == 0) {
		memcpy(sec->sk, bin + 12, KEYS_SECRET);
		keys_sha256(h, sec->sk, KEYS_SECRET);
		if (memcmp(h, bin + 12 + KEYS_SECRET, 8) != 0)
			rc = util_fail(cause, YK_EINVAL,
			    "%s: checksum mismatch, the key is damaged", path);
	} else if (want == SEC_A2_LEN && memcmp(bin + 2, "A2", 2) == 0) {
		if (pass == NULL)
			rc = util_fail(cause, YK_EAUTH,
			    "%s: the key needs a passphrase", path);
		else {
			ops = (uint32_t)bin[12] << 24 | (uint32_t)bin[13] << 16 |
			    (uint32_t)bin[14] << 8 | bin[15];
			mem = (uint32_t)bin[16] << 24 | (uint32_t)bin[17] << 16 |
			    (uint32_t)bin[18] << 8 | bin[19];
			rc = keys_unseal(bin + 20, want - 20, pass, ops, mem,
			    sec->sk);
			if (rc == YK_EAUTH)
				util_fail(cause, rc, "%s: wrong passphrase",
				    path);
			else if (rc != 0)
				util_fail(cause, rc, "%s: bad key parameters",
				    path);
		}
	} else
		rc = util_fail(cause, YK_EINVAL,
		    "%s: unknown key protection", path);
	if (rc != 0)
		keys_secret_free(sec);
	else
		*out = sec;
out:
	keys_wipe(bin, want);
	free(bin);
	return rc;
}
