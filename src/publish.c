/*
 * publish: the open-data directory (contract in include/ykien/publish.h).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ykien/audit.h"
#include "ykien/ballot.h"
#include "ykien/event.h"
#include "ykien/keys.h"
#include "ykien/outbuf.h"
#include "ykien/pstore.h"
#include "ykien/pstore-audit.h"
#include "ykien/publish.h"
#include "ykien/records.h"
#include "ykien/signify.h"
#include "ykien/tally.h"
#include "ykien/util.h"
#include "ykien/wire.h"

/*
 * The directory being written: every file put goes into the SHA256
 * manifest as "SHA256 (name) = hex", the BSD form signify -C checks.
 */
struct pubdir {
	const char	*out;
	struct wire	 sums;
	const char	*key;		/* the key file that checks it */
};

static int	plain_name(const char *, size_t);

static int
put(struct pubdir *d, const char *name, const void *buf, size_t len,
    char **cause)
{
	uint8_t	 h[KEYS_HASH];
	char	*p, hex[2 * KEYS_HASH + 1];
	int	 rc;

	if ((p = util_path(d->out, name)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = util_write_atomic(p, buf, len, 0644, cause);
	free(p);
	if (rc != 0)
		return rc;
	keys_sha256(h, buf, len);
	keys_hex(h, KEYS_HASH, hex);
	outbuf_printf(&d->sums, "SHA256 (%s) = %s\n", name, hex);
	return d->sums.err ? util_fail(cause, YK_ENOMEM, "out of memory") : 0;
}

static int
put_text(struct pubdir *d, const char *name, char *text, char **cause)
{
	int	rc;

	if (text == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = put(d, name, text, strlen(text), cause);
	free(text);
	return rc;
}

static int
counted(const struct audit *a, const struct audit_kiosk *k)
{
	return audit_counted(a, k);
}

static int
code_cmp(const void *x, const void *y)
{
	return strcmp(x, y);
}

/*
 * The sorted receipt codes of kiosk only, or of every counted kiosk when
 * only is NULL, as their signed closing records list them, one a line;
 * nothing else.  A receipt is random (receipt.h): it cannot be derived
 * from the ballots, only listed.
 */
static char *
receipts(const struct audit *a, const struct audit_kiosk *only, size_t *n)
{
	char	(*codes)[RECEIPT_LEN + 1], *s;
	size_t	 i, j, m = 0, total = 0;

	for (i = 0; i < a->nk; i++)
		if (counted(a, &a->k[i]) && a->k[i].closing != NULL &&
		    (only == NULL || only == &a->k[i]))
			total += a->k[i].closing->n_receipts;
	if ((codes = calloc(total ? total : 1, sizeof *codes)) == NULL)
		return NULL;
	for (i = 0; i < a->nk; i++)
		if (counted(a, &a->k[i]) && a->k[i].closing != NULL &&
		    (only == NULL || only == &a->k[i]))
			for (j = 0; j < a->k[i].closing->n_receipts; j++)
				memcpy(codes[m++], a->k[i].closing->receipts[j],
				    RECEIPT_LEN + 1);
	qsort(codes, m, sizeof *codes, code_cmp);
	if ((s = malloc(m * (RECEIPT_LEN + 1) + 1)) != NULL) {
		for (i = 0; i < m; i++) {
			memcpy(s + i * (RECEIPT_LEN + 1), codes[i],
			    RECEIPT_LEN);
			s[i * (RECEIPT_LEN + 1) + RECEIPT_LEN] = '\n';
		}
		s[m * (RECEIPT_LEN + 1)] = '\0';
	}
	free(codes);
	*n = m;
	return s;
}

struct cctx {
	struct pubdir		*d;
	const char		*poll;
	const struct audit	*a;
	const struct tally	*t;
	struct wire		*readme;
	char			**cause;
};

/*
 * In place of a withheld kiosk's record and sheet (their totals would
 * give a count under k away): the ballot count, the set hash and the
 * record's digest, which the province's auditors can match with the
 * record they hold.
 */
static int
withheld_note(const struct cctx *x, const uint8_t kn[KEYS_NUM],
    const char *hex)
{
	const struct audit_kiosk	*k = NULL;
	char				 name[256], sh[2 * KEYS_HASH + 1];
	char				 dg[2 * KEYS_HASH + 1];
	size_t				 i;

	for (i = 0; i < x->a->nk; i++)
		if (memcmp(x->a->k[i].keynum, kn, KEYS_NUM) == 0)
			k = &x->a->k[i];
	if (k == NULL || k->closing == NULL)
		return 0;
	keys_hex(k->closing->count.set_hash, KEYS_HASH, sh);
	keys_hex(k->closing->digest, KEYS_HASH, dg);
	snprintf(name, sizeof name, "closing-%s-%s.withheld.txt", x->poll,
	    hex);
	return put_text(x->d, name, util_printf(
	    "poll: %s\nkiosk: %s\nballots: %llu\nset_hash: %s\n"
	    "record_sha256: %s\nwithheld: the totals of this kiosk's closing "
	    "record and sheet would let a count under k = %d ballots be "
	    "worked out, so they are not published; the province audits "
	    "the full record (audit.txt)\n", x->poll, hex,
	    (unsigned long long)k->closing->count.ballots, sh, dg,
	    x->a->poll->k_anon), x->cause);
}

/*
 * The sheet a kiosk under k ballots posts carries no question's totals
 * (closing_withheld), so its signed copy may be published.  Checked on
 * the text itself, since a sheet from an older kiosk would have them.
 */
static int
short_sheet(const struct pstore_closing *c)
{
	static const char	q[] = "Câu ";
	size_t			i, j;

	if (c->sheet == NULL)
		return 0;
	/* A question's totals start a line "Câu N", indented or not. */
	for (i = 0; i < c->slen; i++) {
		if (i > 0 && c->sheet[i - 1] != '\n')
			continue;
		for (j = i; j < c->slen && c->sheet[j] == ' '; j++)
			;
		if (j + sizeof q - 1 < c->slen &&
		    memcmp(c->sheet + j, q, sizeof q - 1) == 0 &&
		    c->sheet[j + sizeof q - 1] >= '0' &&
		    c->sheet[j + sizeof q - 1] <= '9')
			return 0;
	}
	return 1;
}

static int
closing_cb(void *arg, const struct pstore_closing *c)
{
	struct cctx			*x = arg;
	const struct tally_kiosk	*tk;
	uint8_t				 kn[KEYS_NUM];
	char				 hex[2 * KEYS_NUM + 1], name[256];
	int				 rc;

	if (records_closing_keynum(c->rec, c->len, kn) != 0)
		return 0;
	keys_hex(kn, KEYS_NUM, hex);
	tk = tally_kiosk_find(x->t, x->a->poll, kn);
	if (tk == NULL || tk->suppressed) {
		if ((rc = withheld_note(x, kn, hex)) != 0 ||
		    !short_sheet(c))
			return rc;
	} else {
		snprintf(name, sizeof name, "closing-%s-%s.bin", x->poll,
		    hex);
		if ((rc = put(x->d, name, c->rec, c->len, x->cause)) != 0)
			return rc;
	}
	if (c->sheet == NULL || c->sheet_sig == NULL)
		return 0;
	snprintf(name, sizeof name, "closing-%s-%s.txt", x->poll, hex);
	if ((rc = put(x->d, name, c->sheet, c->slen, x->cause)) != 0)
		return rc;
	outbuf_printf(x->readme, "  signify-openbsd -V -p kiosk-%s.pub "
	    "-x %s.sig -m %s\n", hex, name, name);
	snprintf(name, sizeof name, "closing-%s-%s.txt.sig", x->poll, hex);
	return put(x->d, name, c->sheet_sig, strlen(c->sheet_sig),
	    x->cause);
}

/* The receipt lookup: the sorted codes inline, searched in the browser. */
static const char lookup_js[] =
"(function(){\n"
"var codes=document.getElementById('codes').textContent.trim().split('\\n');\n"
"function norm(s){s=s.toUpperCase().replace(/[^0-9A-Z]/g,'')"
".replace(/[IL]/g,'1').replace(/O/g,'0');"
"return s.length==10?s.slice(0,5)+'-'+s.slice(5):s;}\n"
"function has(c){var lo=0,hi=codes.length-1;while(lo<=hi){"
"var m=(lo+hi)>>1;if(codes[m]===c)return true;"
"if(codes[m]<c)lo=m+1;else hi=m-1;}return false;}\n"
"function show(raw){var c=norm(raw),o=document.getElementById('result');"
"if(!c){o.textContent='';return;}"
"if(has(c)){o.className='found';o.textContent='TÌM THẤY / FOUND: '+c+"
"' - phiếu của ông/bà đã được tính / your ballot was counted';}"
"else{o.className='missing';o.textContent='KHÔNG TÌM THẤY / NOT FOUND: '+c+"
"' - hãy báo Ban công tác Mặt trận / tell the Front committee';}}\n"
"var f=document.getElementById('lookupform'),i=document.getElementById('code');\n"
"f.addEventListener('submit',function(e){e.preventDefault();show(i.value);});\n"
"var q=decodeURIComponent((location.hash||'').replace(/^#/,''))||"
"(new URLSearchParams(location.search)).get('code')||'';\n"
"if(q){i.value=q;show(q);}\n"
"})();\n";

static char *
index_html(const struct tally *t, const char *codes, size_t ncodes,
    const char *poll_id)
{
	struct wire	 w;
	char		*body = NULL;

	if (tally_html(t, 1, &body) != 0)
		return NULL;
	wire_init(&w);
	outbuf_printf(&w, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta "
	    "charset=\"utf-8\"><meta name=\"viewport\" content=\"width="
	    "device-width\"><meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; style-src 'unsafe-inline'; "
	    "script-src 'unsafe-inline'; img-src data:\"><title>%s: kết quả "
	    "/ results</title><style>%s#result.found{color:#2e7d32;font-"
	    "weight:bold}#result.missing{color:#c0392b;font-weight:bold}"
	    "</style></head><body>\n", poll_id, tally_css());
	outbuf_printf(&w, "<section id=\"lookup\"><h2>Tra mã biên nhận / "
	    "check your receipt code</h2><p class=\"note\">Nhập mã in sau "
	    "khi bỏ phiếu (ví dụ 2GRDA-D5RQJ). Trang này không gửi gì đi "
	    "đâu / this page sends nothing anywhere. %zu mã / codes.</p>"
	    "<form id=\"lookupform\"><input id=\"code\" size=\"14\" "
	    "autocomplete=\"off\" aria-label=\"mã / code\"> <button>Tra / "
	    "check</button></form><p id=\"result\" aria-live=\"polite\">"
	    "</p></section>\n", ncodes);
	outbuf_puts(&w, body);
	outbuf_puts(&w, "<p class=\"note\">Dữ liệu mở, cách kiểm tra: "
	    "README.txt / open data and how to check it: <a href=\"README.txt"
	    "\">README.txt</a>, <a href=\"results.csv\">results.csv</a>, "
	    "<a href=\"results.json\">results.json</a>, <a href=\"receipts."
	    "txt\">receipts.txt</a>, <a href=\"audit.txt\">audit.txt</a>."
	    "</p>\n<pre id=\"codes\" hidden>\n");
	outbuf_puts(&w, codes);
	outbuf_printf(&w, "</pre>\n<script>%s</script>\n</body></html>\n",
	    lookup_js);
	free(body);
	return outbuf_finish(&w);
}

/* mkdir -p: DIR/publish/ID is the usual place and publish may not exist. */
static int
mkdirs(const char *path, char **cause)
{
	char	*p, *s;
	int	 rc = 0;

	if ((p = util_strdup(path)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	for (s = p + 1; rc == 0 && (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (!util_exists(p))
			rc = util_mkdir(p, 0755, 0, cause);
		*s = '/';
	}
	if (rc == 0)
		rc = util_mkdir(p, 0755, 0, cause);
	free(p);
	return rc;
}

/* t as 2026-11-30T06:00:00Z, or "-" for 0. */
static const char *
iso_time(long long t, char out[32])
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (t == 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return "-";
	return out;
}

/*
 * excluded.txt: each kiosk left out of the count, and why, so that the
 * publication says what it does not hold.
 */
static int
excluded_put(struct pubdir *d, const struct audit *a, char **cause)
{
	struct wire	w;
	char		hex[2 * KEYS_NUM + 1], iso[32], when[17];
	size_t		i;
	int		n = 0;

	wire_init(&w);
	outbuf_printf(&w, "# Kiosks whose ballots are not counted in poll %s, "
	    "one a line, tab-separated:\n# keynum, village as registered, "
	    "ballots received, revoked from (UTC), reason\n", a->poll_id);
	for (i = 0; i < a->nk; i++) {
		const struct audit_kiosk *k = &a->k[i];

		if (!k->relevant || audit_counted(a, k))
			continue;
		keys_hex(k->keynum, KEYS_NUM, hex);
		util_time_vn(k->revoked, when);
		outbuf_printf(&w, "%s\t%s\t%llu\t%s\t", hex, k->village,
		    (unsigned long long)k->received, iso_time(k->revoked,
		    iso));
		if (k->excluded)
			outbuf_printf(&w, "its key was revoked from %s (UTC+7) "
			    "and the province published with "
			    "--exclude-revoked: none of its ballots is "
			    "counted\n", when);
		else
			outbuf_puts(&w, "not counted (see audit.txt)\n");
		n++;
	}
	if (n == 0)
		outbuf_puts(&w, "# none: every kiosk that sent ballots is "
		    "counted\n");
	return put_text(d, "excluded.txt", outbuf_finish(&w), cause);
}

/* One line of kiosks.txt (struct kctx carries the poll and output). */
struct kctx {
	const struct audit	*a;
	struct wire		*w;
};

static int
kiosk_line(void *arg, const struct pstore_kiosk *pk)
{
	struct kctx	*x = arg;
	const struct poll *p = x->a->poll;
	char		 hex[2 * KEYS_NUM + 1], fpr[KEYS_FPR], *pub, *nl, iso[32];
	size_t		 i;
	int		 v, relevant = 0;

	for (i = 0; i < x->a->nk; i++)
		if (memcmp(x->a->k[i].keynum, pk->pub.keynum, KEYS_NUM) == 0)
			relevant = x->a->k[i].relevant;
	if (strcmp(pk->commune, x->a->commune) != 0 && !relevant)
		return 0;
	if ((pub = signify_public_text(&pk->pub, "k")) == NULL)
		return YK_ENOMEM;
	/* The key is the second line of the signify public key file. */
	if ((nl = strchr(pub, '\n')) == NULL) {
		free(pub);
		return YK_ENOMEM;
	}
	nl[strcspn(nl + 1, "\n") + 1] = '\0';
	keys_hex(pk->pub.keynum, KEYS_NUM, hex);
	keys_fingerprint(&pk->pub, fpr);
	v = p != NULL ? poll_village_index(p, pk->village) : -1;
	outbuf_printf(x->w, "%s\t%s\t%s\t%s\t%s\t", hex, nl + 1, fpr,
	    pk->commune, v >= 0 ? p->villages[v].id : "-");
	outbuf_puts(x->w, pk->village);
	outbuf_printf(x->w, "\t%s\t%s\n", pk->revoked ? "revoked" :
	    "registered", iso_time(pk->revoked, iso));
	free(pub);
	return x->w->err ? YK_ENOMEM : 0;
}

/*
 * kiosks.txt and its province signature kiosks.txt.sig: each kiosk of
 * the poll's commune, or that sent anything for the poll, with its key,
 * fingerprint, commune, village id and registration state, so a kiosk's
 * key is anchored in the province's signature and not only on paper.
 * Also receipts-KEYNUM.txt, each counted kiosk's sorted receipt codes.
 */
static int
kiosks_put(struct pubdir *d, struct pstore *ps, const struct audit *a,
    const struct keys_secret *sec, char **cause)
{
	struct wire	 w;
	struct kctx	 x;
	char		*text = NULL, *sig, name[64], hex[2 * KEYS_NUM + 1];
	size_t		 i, n;
	int		 rc;

	wire_init(&w);
	outbuf_printf(&w, "# ykien/v1/kiosks: poll %s, commune %s.  One "
	    "kiosk a line, tab-separated:\n# keynum, public key (signify), "
	    "fingerprint, commune, village_id (- if none of the poll's),\n"
	    "# village as registered, state (registered or revoked), revoked\n"
	    "# from (UTC, ISO 8601; - if not revoked)\n",
	    a->poll_id, a->commune);
	x.a = a;
	x.w = &w;
	if ((rc = pstore_kiosk_each(ps, kiosk_line, &x, cause)) != 0) {
		wire_free(&w);
		return rc;
	}
	if ((text = outbuf_finish(&w)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	sig = signify_sign_text(sec, text, strlen(text), "kiosks.txt of "
	    "the poll, signed by the province: verify with province.pub");
	if (sig == NULL || (rc = put(d, "kiosks.txt", text, strlen(text),
	    cause)) != 0 || (rc = put_text(d, "kiosks.txt.sig", sig,
	    cause)) != 0) {
		if (sig == NULL)
			rc = util_fail(cause, YK_ENOMEM, "out of memory");
		free(text);
		return rc;
	}
	free(text);
	for (i = 0; i < a->nk; i++) {
		if (!counted(a, &a->k[i]))
			continue;
		keys_hex(a->k[i].keynum, KEYS_NUM, hex);
		snprintf(name, sizeof name, "receipts-%s.txt", hex);
		if ((rc = put_text(d, name, receipts(a, &a->k[i], &n),
		    cause)) != 0)
			return rc;
	}
	return 0;
}

/*
 * A file an earlier publish wrote that this one did not (a kiosk's record
 * now withheld, say) must not stay served beside the new publication:
 * remove every file of ours (by its name's shape) that the manifest does
 * not list.  Files of other shapes are left alone.
 */
static int
prune(struct pubdir *d, char **cause)
{
	static const char *const ours[] = { "closing-", "kiosk-", "events-",
	    "receipts-", NULL };
	DIR		*dp;
	struct dirent	*e;
	char		 line[300], *p;
	int		 i, rc = 0, mine;

	if ((dp = opendir(d->out)) == NULL)
		return util_fail(cause, YK_EIO, "%s: cannot list", d->out);
	while (rc == 0 && (e = readdir(dp)) != NULL) {
		for (i = 0, mine = 0; ours[i] != NULL; i++)
			mine |= strncmp(e->d_name, ours[i], strlen(ours[i])) ==
			    0;
		snprintf(line, sizeof line, "SHA256 (%s) = ", e->d_name);
		if (!mine || (d->sums.buf != NULL && memmem(d->sums.buf,
		    d->sums.len, line, strlen(line)) != NULL))
			continue;
		if ((p = util_path(d->out, e->d_name)) == NULL)
			rc = util_fail(cause, YK_ENOMEM, "out of memory");
		else if (unlink(p) != 0)
			rc = util_fail(cause, YK_EIO, "%s: cannot remove a file "
			    "of an earlier publication", p);
		free(p);
	}
	closedir(dp);
	return rc;
}

/*
 * SHA256 (the manifest of every file written, in the form signify -C
 * reads) and SHA256.sig: the province's signature with the manifest
 * embedded after it, as signify -S -e writes it, so that
 * `signify-openbsd -C -p province.pub -x SHA256.sig` checks the whole
 * directory.
 */
static int
sums_put(struct pubdir *d, const struct keys_secret *sec, char **cause)
{
	char	*list, *sig, *emb, *p;
	int	 rc;

	if ((list = outbuf_finish(&d->sums)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	wire_init(&d->sums);
	emb = util_printf("verify with signify-openbsd -C -p %s -x "
	    "SHA256.sig", d->key != NULL ? d->key : "province.pub");
	sig = emb != NULL ? signify_sign_text(sec, list, strlen(list), emb) :
	    NULL;
	free(emb);
	emb = sig != NULL ? util_printf("%s%s", sig, list) : NULL;
	free(sig);
	if (emb == NULL) {
		free(list);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	/* Written last and outside the manifest it signs. */
	if ((p = util_path(d->out, "SHA256")) == NULL)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
	else
		rc = util_write_atomic(p, list, strlen(list), 0644, cause);
	free(p);
	if (rc == 0 && (p = util_path(d->out, "SHA256.sig")) == NULL)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
	else if (rc == 0) {
		rc = util_write_atomic(p, emb, strlen(emb), 0644, cause);
		free(p);
	}
	free(list);
	free(emb);
	return rc;
}

/* README.txt: what each file is and how to check it with stock tools. */
static void
readme_head(struct wire *w, const struct audit *a)
{
	outbuf_printf(w,
"Open data of poll %s (commune %s), published by the province.\n"
"Dữ liệu mở của cuộc lấy ý kiến %s.\n\n"
"Check the whole directory first, with a stock tool (Debian:\n"
"apt-get install signify-openbsd) and the province's key obtained\n"
"independently of this directory:\n"
"  signify-openbsd -C -p province.pub -x SHA256.sig\n"
"SHA256.sig is the province's signature over the list of every file's\n"
"SHA-256 (also in SHA256); a file it does not list is not part of the\n"
"publication.  Every file is described in ykien's docs/PROTOCOL.md,\n"
"\"Published directory\".\n\n"
"Files\n"
"  index.html       the results, and a receipt-code lookup that works\n"
"                   offline in any browser (it loads nothing)\n"
"  results.csv/json the tally: each village, the commune, the province.\n"
"                   Rows that would give a count under k away are\n"
"                   withheld (empty, suppressed=1)\n"
"  receipts.txt     the sorted receipt codes of every counted ballot;\n"
"                   never the choices.  A voter finds the code the kiosk\n"
"                   showed; a missing code is to be reported\n"
"  receipts-KEYNUM.txt  the same, kiosk by kiosk\n"
"  kiosks.txt(.sig) every kiosk: key, fingerprint, commune, village,\n"
"                   state; signed by the province:\n"
"    signify-openbsd -V -p province.pub -x kiosks.txt.sig -m kiosks.txt\n"
"  poll.json(.sig)  the poll, signed by the province key province.pub\n"
"  kiosk-KEYNUM.pub each kiosk's public key (signify format)\n"
"  closing-%s-KEYNUM.bin, .txt, .txt.sig\n"
"                   each kiosk's signed closing record and its text sheet\n"
"                   (the one posted at the cultural house); for a kiosk\n"
"                   whose totals would give a count under k away,\n"
"                   closing-%s-KEYNUM.withheld.txt instead: its ballot\n"
"                   count, set hash and the record's SHA-256 (and the\n"
"                   sheet, which then has no totals, when it was under k)\n"
"  events-KEYNUM.bin each kiosk's signed, hash-chained event log\n"
"  audit.txt        the province's audit of this poll (eight checks)\n"
"  excluded.txt     each kiosk whose ballots are not counted, and why\n"
"                   (a key revoked, and published with --exclude-revoked)\n\n"
"Signatures, with signify-openbsd:\n"
"  signify-openbsd -V -p province.pub -x poll.json.sig -m poll.json\n",
	    a->poll_id, a->commune, a->poll_id, a->poll_id, a->poll_id);
}

static void
readme_tail(struct wire *w, const struct audit *a)
{
	outbuf_printf(w, "\n"
"Then compare each closing sheet's totals with the village rows of\n"
"results.csv (a village's row is the sum of its kiosks' sheets), and\n"
"look your receipt code up in receipts.txt or index.html.\n\n"
"Check everything with ykien-province (the province's auditors, and\n"
"anyone given a copy of the province's database):\n"
"  ykien-province audit --dir DIR --poll %s\n"
"re-verifies from the stored bytes the poll signature, every kiosk's\n"
"registration, every ballot's signature, answers and id, every closing\n"
"record (signature, count, totals, set hash over the sorted ballot\n"
"hashes) and every event chain; its report is audit.txt.  The formats\n"
"are in ykien's docs/PROTOCOL.md, enough to write a verifier of your\n"
"own.\n", a->poll_id);
}

/* The signed poll (poll.json and .sig) and the province's public key. */
static int
put_poll(struct pubdir *d, struct pstore *ps, const char *dir,
    const char *poll_id, char **cause)
{
	uint8_t	*raw = NULL;
	size_t	 len;
	char	*sig = NULL, *pp, commune[6];
	int	 rc;

	if ((rc = pstore_poll_get(ps, poll_id, &raw, &len, commune,
	    cause)) != 0 || (rc = pstore_poll_sig(ps, poll_id, &sig,
	    cause)) != 0 ||
	    (rc = put(d, "poll.json", raw, len, cause)) != 0 ||
	    (rc = put(d, "poll.json.sig", sig, strlen(sig), cause)) != 0)
		goto out;
	if ((pp = util_path(dir, "province.pub")) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	free(raw);
	raw = NULL;
	rc = util_read_file(pp, 4096, &raw, &len, cause);
	free(pp);
	if (rc == 0)
		rc = put(d, "province.pub", raw, len, cause);
out:
	free(raw);
	free(sig);
	return rc;
}

/* Each kiosk's public key and event log. */
static int
put_kiosks(struct pubdir *d, struct pstore *ps, const struct audit *a,
    char **cause)
{
	uint8_t	*log;
	size_t	 len, i;
	char	*text, *pp, name[256], hex[2 * KEYS_NUM + 1];
	int	 rc;

	for (i = 0; i < a->nk; i++) {
		const struct audit_kiosk *k = &a->k[i];

		if (!k->relevant || !k->registered)
			continue;
		keys_hex(k->keynum, KEYS_NUM, hex);
		snprintf(name, sizeof name, "kiosk-%s.pub", hex);
		if ((pp = util_printf("kiosk %s, %s", hex, k->village)) ==
		    NULL || (text = signify_public_text(&k->pub, pp)) == NULL) {
			free(pp);
			return util_fail(cause, YK_ENOMEM, "out of memory");
		}
		free(pp);
		if ((rc = put_text(d, name, text, cause)) != 0)
			return rc;
		if (pstore_evlog_get(ps, k->keynum, &log, &len, NULL) == 0) {
			snprintf(name, sizeof name, "events-%s.bin", hex);
			rc = put(d, name, log, len, cause);
			free(log);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

int
publish_write(struct pstore *ps, const char *dir, const struct audit *a,
    const struct tally *t, const char *audit_text, const char *out,
    const struct keys_secret *sec, char **cause)
{
	struct pubdir	 d;
	struct wire	 readme;
	struct cctx	 x;
	size_t		 ncodes = 0;
	char		*text = NULL, *codes = NULL;
	int		 rc;

	if ((rc = mkdirs(out, cause)) != 0)
		return rc;
	d.out = out;
	d.key = NULL;
	wire_init(&d.sums);
	wire_init(&readme);
	if ((rc = tally_csv(t, &text)) != 0 ||
	    (rc = put_text(&d, "results.csv", text, cause)) != 0 ||
	    (rc = tally_json(t, &text)) != 0 ||
	    (rc = put_text(&d, "results.json", text, cause)) != 0 ||
	    (rc = put(&d, "audit.txt", audit_text, strlen(audit_text),
	    cause)) != 0)
		goto out;
	if ((codes = receipts(a, NULL, &ncodes)) == NULL ||
	    (text = index_html(t, codes, ncodes, a->poll_id)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = put(&d, "receipts.txt", codes, strlen(codes), cause)) != 0
	    || (rc = put_text(&d, "index.html", text, cause)) != 0 ||
	    (rc = put_poll(&d, ps, dir, a->poll_id, cause)) != 0)
		goto out;
	readme_head(&readme, a);
	x.d = &d;
	x.poll = a->poll_id;
	x.a = a;
	x.t = t;
	x.readme = &readme;
	x.cause = cause;
	if ((rc = pstore_closing_each(ps, a->poll_id, closing_cb, &x,
	    cause)) != 0)
		goto out;
	readme_tail(&readme, a);
	if ((rc = put_kiosks(&d, ps, a, cause)) != 0 ||
	    (rc = kiosks_put(&d, ps, a, sec, cause)) != 0 ||
	    (rc = excluded_put(&d, a, cause)) != 0 ||
	    (rc = put_text(&d, "README.txt", outbuf_finish(&readme),
	    cause)) != 0)
		goto out;
	wire_init(&readme);
	if ((rc = prune(&d, cause)) == 0)
		rc = sums_put(&d, sec, cause);
out:
	wire_free(&d.sums);
	wire_free(&readme);
	free(codes);
	return rc;
}

/* The SHA-256 of file dir/name in hex, read in pieces (a store copy). */
static int
file_sha256(const char *dir, const char *name, char hex[2 * KEYS_HASH + 1],
    char **cause)
{
	struct keys_hasher	*h;
	uint8_t			 buf[65536], d[KEYS_HASH];
	size_t			 n;
	char			*p;
	FILE			*f;
	int			 err;

	if ((p = util_path(dir, name)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	f = fopen(p, "rb");
	free(p);
	if (f == NULL)
		return util_fail(cause, YK_EIO, "%s/%s: cannot read it",
		    dir, name);
	if ((h = keys_hasher_new()) == NULL) {
		fclose(f);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		keys_hasher_update(h, buf, n);
	err = ferror(f);
	fclose(f);
	keys_hasher_final(h, d);
	if (err)
		return util_fail(cause, YK_EIO, "%s/%s: read error", dir,
		    name);
	keys_hex(d, KEYS_HASH, hex);
	return 0;
}

/*
 * The national roll-up (ykien-province national publish): results and
 * page over every province, the national key and each province's,
 * signed as a province's publication is.  keys[i] is copied under
 * names[i].
 */
int
publish_national(const struct tally *t, const char *out,
    const char *const *keys, const char *const *names, size_t nkeys,
    const struct keys_secret *sec, char **cause)
{
	struct pubdir	 d;
	uint8_t		*buf = NULL;
	size_t		 i, len;
	char		*text = NULL;
	int		 rc;

	if ((rc = mkdirs(out, cause)) != 0)
		return rc;
	d.out = out;
	d.key = "national.pub";
	wire_init(&d.sums);
	if ((rc = tally_csv(t, &text)) != 0 ||
	    (rc = put_text(&d, "results.csv", text, cause)) != 0 ||
	    (rc = tally_json(t, &text)) != 0 ||
	    (rc = put_text(&d, "results.json", text, cause)) != 0 ||
	    (rc = tally_html(t, 0, &text)) != 0 ||
	    (rc = put_text(&d, "index.html", text, cause)) != 0)
		goto out;
	for (i = 0; i < nkeys; i++) {
		if ((rc = util_read_file(keys[i], 4096, &buf, &len,
		    cause)) != 0)
			goto out;
		rc = put(&d, names[i], buf, len, cause);
		free(buf);
		if (rc != 0)
			goto out;
	}
	rc = sums_put(&d, sec, cause);
out:
	/* The renderers fail only for memory, and name no cause. */
	if (rc != 0 && cause != NULL && *cause == NULL)
		rc = util_fail(cause, rc, "out of memory");
	wire_free(&d.sums);
	return rc;
}

/*
 * Check a published directory as signify-openbsd -C does: SHA256.sig by
 * pub, with the list embedded after its two lines, and each file listed
 * there present with that SHA-256.  Names are plain (no '/').
 */
int
publish_check(const char *dir, const struct keys_public *pub,
    const char *must, char **cause)
{
	uint8_t		*sig = NULL;
	char		*p, *line, *end, *name, hex[2 * KEYS_HASH + 1];
	size_t		 len, head;
	int		 rc, n = 0;

	if ((p = util_path(dir, "SHA256.sig")) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = util_read_file(p, 1 << 22, &sig, &len, cause);
	free(p);
	if (rc != 0)
		return rc;
	/* Two lines of signature, then the list it signs. */
	if ((end = memchr(sig, '\n', len)) == NULL || (end = memchr(end + 1,
	    '\n', len - (size_t)(end + 1 - (char *)sig))) == NULL) {
		free(sig);
		return util_fail(cause, YK_EINVAL, "%s/SHA256.sig: not a "
		    "signify signature with an embedded list", dir);
	}
	head = (size_t)(end + 1 - (char *)sig);
	if ((rc = signify_verify_text(pub, sig + head, len - head,
	    (char *)sig, head, cause)) != 0) {
		free(sig);
		return util_wrap(cause, rc, "%s/SHA256.sig: ", dir);
	}
	for (line = (char *)sig + head; rc == 0 && *line != '\0';
	    line = end + 1) {
		if ((end = strchr(line, '\n')) == NULL)
			break;
		*end = '\0';
		name = line + 8;
		if (strncmp(line, "SHA256 (", 8) != 0 || (p = strstr(name,
		    ") = ")) == NULL || strlen(p + 4) != 2 * KEYS_HASH ||
		    !plain_name(name, (size_t)(p - name))) {
			rc = util_fail(cause, YK_EINVAL, "%s/SHA256.sig: bad "
			    "line \"%s\"", dir, line);
			break;
		}
		*p = '\0';
		if ((rc = file_sha256(dir, name, hex, cause)) != 0)
			break;
		if (must != NULL && strcmp(name, must) == 0)
			must = NULL;
		if (strcmp(hex, name + strlen(name) + 4) != 0)
			rc = util_fail(cause, YK_ESIG, "%s/%s: its SHA-256 is "
			    "not the one SHA256.sig lists (changed after it "
			    "was signed)", dir, name);
		n++;
	}
	free(sig);
	if (rc == 0 && (n == 0 || must != NULL))
		rc = util_fail(cause, YK_EINVAL, "%s/SHA256.sig does not list "
		    "%s", dir, must != NULL ? must : "any file");
	return rc;
}

/* Sign the files names[0..n-1] of dir: SHA256 and SHA256.sig. */
int
publish_seal(const char *dir, const char *const *names, size_t n,
    const struct keys_secret *sec, char **cause)
{
	struct pubdir	 d;
	char		 hex[2 * KEYS_HASH + 1];
	size_t		 i;
	int		 rc = 0;

	d.out = dir;
	d.key = "province.pub";
	wire_init(&d.sums);
	for (i = 0; i < n && rc == 0; i++)
		if ((rc = file_sha256(dir, names[i], hex, cause)) == 0)
			outbuf_printf(&d.sums, "SHA256 (%s) = %s\n", names[i],
			    hex);
	if (rc == 0)
		rc = sums_put(&d, sec, cause);
	wire_free(&d.sums);
	return rc;
}

static int
plain_name(const char *s, size_t n)
{
	size_t	i;

	if (n == 0 || n > 128 || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '.' || s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

int
publish_resolve(const char *root, const char *url, char **path,
    const char **type)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".csv", "text/csv; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".sig", "text/plain; charset=utf-8" },
		{ ".pub", "text/plain; charset=utf-8" },
		{ ".bin", "application/octet-stream" },
	};
	const char	*id, *slash, *name;
	size_t		 i, n;

	if (root == NULL || strncmp(url, "/polls/", 7) != 0)
		return YK_ENOENT;
	id = url + 7;
	if ((slash = strchr(id, '/')) == NULL || !plain_name(id,
	    (size_t)(slash - id)))
		return YK_ENOENT;
	name = slash[1] != '\0' ? slash + 1 : "index.html";
	if (!plain_name(name, strlen(name)))
		return YK_ENOENT;
	n = strlen(name);
	*type = NULL;
	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (n > strlen(types[i].ext) && strcmp(name + n -
		    strlen(types[i].ext), types[i].ext) == 0)
			*type = types[i].type;
	if (*type == NULL)
		return YK_ENOENT;
	if ((*path = util_printf("%s/%.*s/%s", root, (int)(slash - id), id,
	    name)) == NULL)
		return YK_ENOMEM;
	return 0;
}
