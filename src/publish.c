/*
 * publish: the open-data directory (contract in include/ykien/publish.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int
put(const char *out, const char *name, const void *buf, size_t len,
    char **cause)
{
	char	*p;
	int	 rc;

	if ((p = util_path(out, name)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = util_write_atomic(p, buf, len, 0644, cause);
	free(p);
	return rc;
}

static int
put_text(const char *out, const char *name, char *text, char **cause)
{
	int	rc;

	if (text == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = put(out, name, text, strlen(text), cause);
	free(text);
	return rc;
}

static int
counted(const struct audit *a, const struct audit_kiosk *k)
{
	return k->registered && !k->revoked &&
	    strcmp(k->commune, a->commune) == 0 && k->relevant;
}

static int
code_cmp(const void *x, const void *y)
{
	return strcmp(x, y);
}

/* receipts.txt: the sorted codes of every counted ballot, nothing else. */
static char *
receipts(const struct audit *a, size_t *n)
{
	char	(*codes)[RECEIPT_LEN + 1], *s;
	size_t	 i, j, m = 0, total = 0;

	for (i = 0; i < a->nk; i++)
		if (counted(a, &a->k[i]))
			total += a->k[i].nh;
	if ((codes = calloc(total ? total : 1, sizeof *codes)) == NULL)
		return NULL;
	for (i = 0; i < a->nk; i++)
		if (counted(a, &a->k[i]))
			for (j = 0; j < a->k[i].nh; j++)
				ballot_receipt(a->k[i].hashes[j], codes[m++]);
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
	const char	*out;
	const char	*poll;
	struct wire	*readme;
	char		**cause;
};

static int
closing_cb(void *arg, const struct pstore_closing *c)
{
	struct cctx	*x = arg;
	uint8_t		 kn[KEYS_NUM];
	char		 hex[2 * KEYS_NUM + 1], name[256];
	int		 rc;

	if (records_closing_keynum(c->rec, c->len, kn) != 0)
		return 0;
	keys_hex(kn, KEYS_NUM, hex);
	snprintf(name, sizeof name, "closing-%s-%s.bin", x->poll, hex);
	if ((rc = put(x->out, name, c->rec, c->len, x->cause)) != 0)
		return rc;
	if (c->sheet == NULL || c->sheet_sig == NULL)
		return 0;
	snprintf(name, sizeof name, "closing-%s-%s.txt", x->poll, hex);
	if ((rc = put(x->out, name, c->sheet, c->slen, x->cause)) != 0)
		return rc;
	outbuf_printf(x->readme, "  signify-openbsd -V -p kiosk-%s.pub "
	    "-x %s.sig -m %s\n", hex, name, name);
	snprintf(name, sizeof name, "closing-%s-%s.txt.sig", x->poll, hex);
	return put(x->out, name, c->sheet_sig, strlen(c->sheet_sig),
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

/* README.txt of a published poll, around the closing records' lines. */
static const char readme_head[] =
"Open data of poll %s (commune %s), published by the province.\n"
"Dữ liệu mở của cuộc lấy ý kiến %s.\n\n"
"Files\n"
"  index.html       the results, and a receipt-code lookup that works\n"
"                   offline in any browser (it loads nothing)\n"
"  results.csv/json the tally: each village, the commune, the province.\n"
"                   Rows under k ballots are withheld (empty, suppressed=1)\n"
"  receipts.txt     the sorted receipt codes of every counted ballot;\n"
"                   never the choices.  A voter finds the code the kiosk\n"
"                   showed; a missing code is to be reported\n"
"  poll.json(.sig)  the poll, signed by the province key province.pub\n"
"  kiosk-KEYNUM.pub each kiosk's public key (signify format)\n"
"  closing-%s-KEYNUM.bin, .txt, .txt.sig\n"
"                   each kiosk's signed closing record and its text sheet\n"
"                   (the one posted at the cultural house)\n"
"  events-KEYNUM.bin each kiosk's signed, hash-chained event log\n"
"  audit.txt        the province's audit of this poll (eight checks)\n\n"
"Check with signify-openbsd (Debian: apt-get install signify-openbsd)\n"
"  signify-openbsd -V -p province.pub -x poll.json.sig -m poll.json\n";
static const char readme_tail[] = "\n"
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
"are in docs/PROTOCOL.md of ykien, enough to write a verifier of your\n"
"own.\n";

/* The signed poll (poll.json and .sig) and the province's public key. */
static int
put_poll(struct pstore *ps, const char *dir, const char *poll_id,
    const char *out, char **cause)
{
	uint8_t	*raw = NULL;
	size_t	 len;
	char	*sig = NULL, *pp, commune[6];
	int	 rc;

	if ((rc = pstore_poll_get(ps, poll_id, &raw, &len, commune,
	    cause)) != 0 || (rc = pstore_poll_sig(ps, poll_id, &sig,
	    cause)) != 0 ||
	    (rc = put(out, "poll.json", raw, len, cause)) != 0 ||
	    (rc = put(out, "poll.json.sig", sig, strlen(sig), cause)) != 0)
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
		rc = put(out, "province.pub", raw, len, cause);
out:
	free(raw);
	free(sig);
	return rc;
}

/* Each counted kiosk's public key and event log. */
static int
put_kiosks(struct pstore *ps, const struct audit *a, const char *out,
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
		if ((rc = put_text(out, name, text, cause)) != 0)
			return rc;
		if (pstore_evlog_get(ps, k->keynum, &log, &len, NULL) == 0) {
			snprintf(name, sizeof name, "events-%s.bin", hex);
			rc = put(out, name, log, len, cause);
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
    char **cause)
{
	struct wire	 readme;
	struct cctx	 x;
	size_t		 ncodes = 0;
	char		*text = NULL, *codes = NULL;
	int		 rc;

	if ((rc = mkdirs(out, cause)) != 0)
		return rc;
	wire_init(&readme);
	if ((rc = tally_csv(t, &text)) != 0 ||
	    (rc = put_text(out, "results.csv", text, cause)) != 0 ||
	    (rc = tally_json(t, &text)) != 0 ||
	    (rc = put_text(out, "results.json", text, cause)) != 0 ||
	    (rc = put(out, "audit.txt", audit_text, strlen(audit_text),
	    cause)) != 0)
		goto out;
	if ((codes = receipts(a, &ncodes)) == NULL ||
	    (text = index_html(t, codes, ncodes, a->poll_id)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = put(out, "receipts.txt", codes, strlen(codes), cause)) != 0
	    || (rc = put_text(out, "index.html", text, cause)) != 0)
		goto out;
	if ((rc = put_poll(ps, dir, a->poll_id, out, cause)) != 0)
		goto out;
	outbuf_printf(&readme, readme_head, a->poll_id, a->commune, a->poll_id,
	    a->poll_id);
	x.out = out;
	x.poll = a->poll_id;
	x.readme = &readme;
	x.cause = cause;
	if ((rc = pstore_closing_each(ps, a->poll_id, closing_cb, &x,
	    cause)) != 0)
		goto out;
	outbuf_printf(&readme, readme_tail, a->poll_id);
	if ((rc = put_kiosks(ps, a, out, cause)) != 0)
		goto out;
	rc = put_text(out, "README.txt", outbuf_finish(&readme), cause);
	wire_init(&readme);
out:
	wire_free(&readme);
	free(codes);
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
