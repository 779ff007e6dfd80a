/*
 * tally-render: a tally as text (80 columns), CSV, JSON and HTML with
 * inline SVG bars (include/ykien/tally.h).  Labels are Vietnamese first,
 * then English; poll texts come from the poll file.  Suppressed rows
 * carry no number at all, and every output says why.  The HTML loads
 * nothing from outside and prints on A4.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/json.h"
#include "ykien/outbuf.h"
#include "ykien/tally.h"
#include "ykien/text.h"
#include "ykien/util.h"
#include "ykien/wire.h"

static const char *const levels[] = { "village", "commune", "province",
    "national" };

static int
vi(const struct poll *p)
{
	int	i = p != NULL ? poll_lang_index(p, "vi") : 0;

	return i < 0 ? 0 : i;
}

static double
pct(uint64_t a, uint64_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static const char *
row_title(const struct tally_row *r, char *buf, size_t len)
{
	if (r->level == TALLY_VILLAGE)
		snprintf(buf, len, "Bản / village: %s - %s", r->name,
		    r->poll->id);
	else if (r->level == TALLY_COMMUNE)
		snprintf(buf, len, "Xã / commune: %s - %s", r->name,
		    r->poll->id);
	else if (r->level == TALLY_NATION)
		snprintf(buf, len, "%s: tổng các tỉnh / all provinces",
		    r->name);
	else
		snprintf(buf, len, "%s: %s", r->name, "tổng các xã / all "
		    "communes");
	return buf;
}

/* The status column and member: what this output may be used for. */
static const char *
status(const struct tally *t)
{
	if (t->preliminary)
		return t->suppress ? "preliminary" : "preliminary-internal";
	return t->suppress ? "final" : "internal";
}

static const char prelim[] = "SƠ BỘ, CHƯA KẾT THÚC, KHÔNG CÔNG BỐ / "
    "PRELIMINARY, THE POLL IS NOT OVER, NOT FOR PUBLICATION";

static void
notes_text(const struct tally *t, struct wire *w)
{
	char	date[11];

	util_date_vn(t->made, date);
	if (t->preliminary)
		outbuf_printf(w, "*** %s ***\n", prelim);
	outbuf_printf(w, "KẾT QUẢ LẤY Ý KIẾN SỰ HÀI LÒNG / SATISFACTION "
	    "RESULTS\nLập ngày / made on %s (UTC+7)\n", date);
	if (!t->suppress)
		outbuf_puts(w, "BẢN NỘI BỘ, KHÔNG CÔNG BỐ / INTERNAL, NOT FOR "
		    "PUBLICATION (--no-suppress)\n");
	else if (t->any_suppressed)
		outbuf_puts(w, "* Ô dưới k phiếu, và ô giúp suy ra chúng, không "
		    "công bố /\n  rows under k ballots, and rows that would "
		    "give them away, are withheld\n");
	if (t->excluded)
		outbuf_printf(w, "! %llu phiếu không được tính / ballots not "
		    "counted:\n  see ykien-province audit\n",
		    (unsigned long long)t->excluded);
	outbuf_puts(w, "Tỷ lệ hài lòng: không tính \"không ý kiến\" / "
	    "satisfaction rate leaves out\n\"no opinion\"; thang 1-5: 4 và 5 "
	    "là hài lòng / scale: 4 and 5 are satisfied\n");
}

/* s cut to cols columns, into buf. */
static const char *
fit(const char *s, int cols, char *buf, size_t len)
{
	size_t	n = text_fit(s, cols);

	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

static void
q_text(const struct tally_q *q, struct wire *w)
{
	char	id[64];
	int	o;

	outbuf_printf(w, "  %-16s ", fit(q->id, 16, id, sizeof id));
	if (q->rated) {
		outbuf_printf(w, "%s %llu/%llu", q->pq->kind == POLL_SCALE ?
		    "4-5:" : "hài lòng/sat.", (unsigned long long)q->sat,
		    (unsigned long long)q->answered);
		if (q->answered)
			outbuf_printf(w, " = %.1f%%", pct(q->sat,
			    q->answered));
	} else
		for (o = 1; o <= q->pq->n_options; o++)
			outbuf_printf(w, "%s%d: %llu", o > 1 ? "  " : "", o,
			    (unsigned long long)q->n[o]);
	if (q->pq->no_opinion)
		outbuf_printf(w, "  (KYK/none %llu)",
		    (unsigned long long)q->n[0]);
	outbuf_puts(w, "\n");
}

/* words wrapped at "; " to fit 78 columns after indent. */
static void
wrap(struct wire *w, const char *lead, const char *s)
{
	int	col = text_width(lead);
	char	*copy, *part, *save = NULL;
	int	 first = 1;

	outbuf_puts(w, lead);
	if ((copy = util_strdup(s)) == NULL) {
		w->err = YK_ENOMEM;
		return;
	}
	for (part = strtok_r(copy, ";", &save); part != NULL;
	    part = strtok_r(NULL, ";", &save)) {
		while (*part == ' ')
			part++;
		if (!first)
			outbuf_puts(w, ";");
		if (col + text_width(part) + 2 > 78) {
			outbuf_puts(w, "\n    ");
			col = 4;
		} else if (!first)
			outbuf_puts(w, " ");
		outbuf_puts(w, part);
		col += text_width(part) + 2;
		first = 0;
	}
	outbuf_puts(w, "\n");
	free(copy);
}

int
tally_text(const struct tally *t, char **out)
{
	struct wire	 w;
	char		 title[512], line[128];
	size_t		 i, j;
	int		 q;

	wire_init(&w);
	notes_text(t, &w);
	for (j = 0; j < t->npolls; j++) {
		const struct poll *p = t->polls[j];

		outbuf_printf(&w, "\nCâu hỏi / questions, %s\n  ngưỡng / "
		    "threshold: chung/overall >= %g%%, mục/item >= %g%%\n",
		    p->id, p->th_overall, p->th_item);
		for (q = 0; q < p->n_questions; q++) {
			snprintf(title, sizeof title, "  %s: %s",
			    p->questions[q].id,
			    poll_text_get(&p->questions[q].text, vi(p)));
			outbuf_printf(&w, "%s\n", fit(title, 78, line,
			    sizeof line));
		}
	}
	for (i = 0; i < t->n; i++) {
		const struct tally_row *r = &t->rows[i];

		outbuf_printf(&w, "\n%s\n", fit(row_title(r, title,
		    sizeof title), 78, line, sizeof line));
		if (r->suppressed) {
			outbuf_printf(&w, "  * không công bố (dưới %d phiếu, hoặc "
			    "để không suy ra được ô khác) /\n    withheld (under "
			    "%d ballots, or so that no other row can be worked "
			    "out)\n", r->k, r->k);
			continue;
		}
		outbuf_printf(&w, "  Phiếu / ballots: %llu   Tham gia / "
		    "participation: ", (unsigned long long)r->ballots);
		if (r->codes_known && r->codes_issued)
			outbuf_printf(&w, "%llu/%llu = %.1f%%\n",
			    (unsigned long long)r->ballots,
			    (unsigned long long)r->codes_issued,
			    pct(r->ballots, r->codes_issued));
		else
			outbuf_puts(&w, "không rõ / unknown\n");
		for (q = 0; q < r->nq; q++)
			if (r->q[q].suppressed)
				outbuf_printf(&w, "  %-16s * không công bố / "
				    "withheld\n", fit(r->q[q].id, 16, line,
				    sizeof line));
			else
				q_text(&r->q[q], &w);
		if (r->has_verdict && r->verdict)
			outbuf_puts(&w, "  Kết luận / verdict: ĐẠT / MEETS THE "
			    "RULE\n");
		else if (r->has_verdict)
			wrap(&w, "  Kết luận / verdict: KHÔNG ĐẠT / NOT MET: ",
			    r->failed != NULL ? r->failed : "?");
	}
	if (t->preliminary)
		outbuf_printf(&w, "\n*** %s ***\n", prelim);
	return (*out = outbuf_finish(&w)) == NULL ? YK_ENOMEM : 0;
}

int
tally_csv(const struct tally *t, char **out)
{
	struct wire	 w;
	size_t		 i;
	int		 q, o;

	wire_init(&w);
	outbuf_puts(&w, "level,poll,commune_code,unit,village_id,question,"
	    "kind,ballots,no_opinion");
	for (o = 1; o <= POLL_MAX_OPTIONS; o++)
		outbuf_printf(&w, ",opt%d", o);
	outbuf_puts(&w, ",satisfied,answered,rate_percent,codes_issued,"
	    "participation_percent,verdict,failed_items,suppressed,status\n");
	for (i = 0; i < t->n; i++) {
		const struct tally_row *r = &t->rows[i];

		for (q = 0; q < r->nq; q++) {
			const struct tally_q *tq = &r->q[q];

			outbuf_printf(&w, "%s,%s,%s,", levels[r->level],
			    r->poll ? r->poll->id : "",
			    r->poll ? r->poll->commune_code : "");
			outbuf_csv(&w, r->name);
			outbuf_printf(&w, ",%s,%s,%s,", r->village_id ?
			    r->village_id : "", tq->id,
			    poll_kind_name(tq->pq->kind));
			if (r->suppressed || tq->suppressed) {
				outbuf_printf(&w, ",,,,,,,,,,,,,,,,,,,1,%s\n",
				    status(t));
				continue;
			}
			outbuf_printf(&w, "%llu,", (unsigned long long)
			    r->ballots);
			if (tq->pq->no_opinion)
				outbuf_printf(&w, "%llu", (unsigned long long)
				    tq->n[0]);
			for (o = 1; o <= POLL_MAX_OPTIONS; o++)
				if (o <= tq->pq->n_options)
					outbuf_printf(&w, ",%llu",
					    (unsigned long long)tq->n[o]);
				else
					outbuf_puts(&w, ",");
			if (tq->rated)
				outbuf_printf(&w, ",%llu,%llu,", (unsigned long
				    long)tq->sat, (unsigned long long)
				    tq->answered);
			else
				outbuf_printf(&w, ",,%llu,", (unsigned long long)
				    tq->answered);
			if (tq->rated && tq->answered)
				outbuf_printf(&w, "%.1f", pct(tq->sat,
				    tq->answered));
			if (r->codes_known && r->codes_issued)
				outbuf_printf(&w, ",%llu,%.1f", (unsigned long
				    long)r->codes_issued, pct(r->ballots,
				    r->codes_issued));
			else
				outbuf_puts(&w, ",,");
			outbuf_printf(&w, ",%s,", r->has_verdict ? (r->verdict ?
			    "meets" : "not-met") : "");
			outbuf_csv(&w, r->failed != NULL ? r->failed : "");
			outbuf_printf(&w, ",0,%s\n", status(t));
		}
	}
	return (*out = outbuf_finish(&w)) == NULL ? YK_ENOMEM : 0;
}

/* One row of results.json: a unit, and its counts unless suppressed. */
static struct json *
json_row(const struct tally_row *r)
{
	struct json	*o, *qs, *qo, *counts;
	int		 q, a, bad;

	if ((o = json_new_object()) == NULL)
		return NULL;
	bad = json_set_str(o, "level", levels[r->level]) |
	    json_set_str(o, "poll", r->poll ? r->poll->id : "") |
	    json_set_str(o, "unit", r->name);
	if (r->village_id != NULL)
		bad |= json_set_str(o, "village_id", r->village_id);
	bad |= json_set_int(o, "k", r->k) |
	    json_set_bool(o, "suppressed", r->suppressed);
	if (r->has_verdict && !r->suppressed)
		bad |= json_set_str(o, "verdict", r->verdict ? "meets" :
		    "not-met") | json_set_str(o, "failed", r->failed != NULL ?
		    r->failed : "");
	if (r->suppressed)
		goto out;
	bad |= json_set_int(o, "ballots", (long long)r->ballots);
	if (r->codes_known && r->codes_issued)
		bad |= json_set_int(o, "codes_issued",
		    (long long)r->codes_issued);
	else
		bad |= json_set_null(o, "codes_issued");
	qs = json_new_array();
	for (q = 0; q < r->nq; q++) {
		const struct tally_q *tq = &r->q[q];

		qo = json_new_object();
		if (tq->suppressed) {
			bad |= json_set_str(qo, "id", tq->id) |
			    json_set_bool(qo, "suppressed", 1) |
			    json_push(qs, qo);
			continue;
		}
		counts = json_new_array();
		for (a = 0; a <= tq->pq->n_options; a++)
			bad |= json_push_int(counts, (long long)tq->n[a]);
		bad |= json_set_str(qo, "id", tq->id) |
		    json_set_str(qo, "kind", poll_kind_name(tq->pq->kind)) |
		    json_set(qo, "counts", counts) |
		    json_set_int(qo, "answered", (long long)tq->answered);
		if (tq->rated)
			bad |= json_set_int(qo, "satisfied",
			    (long long)tq->sat);
		if (tq->rated && tq->answered)
			bad |= json_set_tenths(qo, "rate", pct(tq->sat,
			    tq->answered));
		bad |= json_push(qs, qo);
	}
	bad |= json_set(o, "questions", qs);
out:
	if (bad) {
		json_free(o);
		return NULL;
	}
	return o;
}

int
tally_json(const struct tally *t, char **out)
{
	struct json	*o, *rows;
	char		 date[11];
	size_t		 i;
	int		 bad;

	*out = NULL;
	util_date_vn(t->made, date);
	if ((o = json_new_object()) == NULL)
		return YK_ENOMEM;
	bad = json_set_str(o, "format", "ykien/v2/tally") |
	    json_set_str(o, "made", date) |
	    json_set_bool(o, "suppressed_for_publication", t->suppress) |
	    json_set_str(o, "status", status(t)) |
	    json_set_int(o, "ballots_not_counted", (long long)t->excluded) |
	    json_set_str(o, "rate_rule", "satisfaction: option 1; scale: "
	    "options 4 and 5; over all answers except no opinion");
	rows = json_new_array();
	for (i = 0; i < t->n; i++)
		bad |= json_push(rows, json_row(&t->rows[i]));
	bad |= json_set(o, "rows", rows);
	if (!bad)
		*out = json_write(o);
	json_free(o);
	return *out == NULL ? YK_ENOMEM : 0;
}

/* A horizontal bar per rated question, with the threshold as a line. */
static void
svg_bars(const struct tally_row *r, struct wire *w)
{
	int	q, n = 0, y;
	double	th;

	for (q = 0; q < r->nq; q++)
		n += r->q[q].rated && !r->q[q].suppressed;
	if (n == 0)
		return;
	outbuf_printf(w, "<svg class=\"bars\" viewBox=\"0 0 600 %d\" "
	    "role=\"img\" aria-label=\"tỷ lệ hài lòng / satisfaction "
	    "rates\">", 22 * n + 4);
	for (q = 0, y = 2; q < r->nq; q++) {
		const struct tally_q *tq = &r->q[q];
		double v = pct(tq->sat, tq->answered);

		if (!tq->rated || tq->suppressed)
			continue;
		th = r->poll == NULL ? 0 : tq->pq->overall ?
		    r->poll->th_overall : r->poll->th_item;
		outbuf_puts(w, "<text x=\"0\" y=\"");
		outbuf_printf(w, "%d\" font-size=\"12\">", y + 14);
		outbuf_html(w, tq->id);
		outbuf_printf(w, "</text><rect x=\"160\" y=\"%d\" width=\"380\""
		    " height=\"16\" fill=\"#eee\"/><rect x=\"160\" y=\"%d\" "
		    "width=\"%.1f\" height=\"16\" fill=\"%s\"/>", y, y,
		    3.8 * v, th > 0 && !tally_meets(tq->sat, tq->answered, th)
		    ? "#c0392b" : "#2e7d32");
		if (th > 0)
			outbuf_printf(w, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\""
			    " y2=\"%d\" stroke=\"#000\" stroke-dasharray=\"2,2\""
			    "/>", 160 + 3.8 * th, 160 + 3.8 * th, y, y + 16);
		outbuf_printf(w, "<text x=\"545\" y=\"%d\" font-size=\"12\">"
		    "%.1f%%</text>", y + 13, v);
		y += 22;
	}
	outbuf_puts(w, "</svg>\n");
}

static void
html_row(const struct tally_row *r, struct wire *w)
{
	char	title[512];
	int	q, o;

	outbuf_printf(w, "<section class=\"row %s\"><h2>", levels[r->level]);
	outbuf_html(w, row_title(r, title, sizeof title));
	outbuf_puts(w, "</h2>\n");
	if (r->suppressed) {
		outbuf_printf(w, "<p class=\"sup\">Không công bố (dưới %d "
		    "phiếu, hoặc để không suy ra được ô khác) / withheld "
		    "(under %d ballots, or so that no other row can be worked "
		    "out)</p></section>\n", r->k, r->k);
		return;
	}
	outbuf_printf(w, "<p>Phiếu / ballots: <b>%llu</b>. Tham gia / "
	    "participation: ", (unsigned long long)r->ballots);
	if (r->codes_known && r->codes_issued)
		outbuf_printf(w, "%llu / %llu = %.1f%%", (unsigned long long)
		    r->ballots, (unsigned long long)r->codes_issued,
		    pct(r->ballots, r->codes_issued));
	else
		outbuf_puts(w, "không rõ / unknown");
	outbuf_puts(w, "</p>\n");
	if (r->has_verdict) {
		outbuf_printf(w, "<p class=\"verdict %s\">Kết luận / verdict: "
		    "<b>%s</b>", r->verdict ? "ok" : "no", r->verdict ?
		    "ĐẠT / meets the rule" : "KHÔNG ĐẠT / not met");
		if (r->failed != NULL) {
			outbuf_puts(w, ": ");
			outbuf_html(w, r->failed);
		}
		outbuf_puts(w, "</p>\n");
	}
	svg_bars(r, w);
	outbuf_puts(w, "<table><tr><th>Câu / question</th><th>Số phiếu theo "
	    "phương án / counts by option</th><th>Tỷ lệ hài lòng / "
	    "rate</th></tr>\n");
	for (q = 0; q < r->nq; q++) {
		const struct tally_q *tq = &r->q[q];

		outbuf_puts(w, "<tr><td>");
		outbuf_html(w, tq->id);
		outbuf_puts(w, "</td><td>");
		if (tq->suppressed) {
			outbuf_puts(w, "không công bố / withheld</td><td>-"
			    "</td></tr>\n");
			continue;
		}
		if (tq->pq->no_opinion)
			outbuf_printf(w, "không ý kiến / none: %llu; ",
			    (unsigned long long)tq->n[0]);
		for (o = 1; o <= tq->pq->n_options; o++)
			outbuf_printf(w, "%s%d: %llu", o > 1 ? "; " : "", o,
			    (unsigned long long)tq->n[o]);
		outbuf_puts(w, "</td><td>");
		if (tq->rated && tq->answered)
			outbuf_printf(w, "%.1f%% (%llu/%llu)", pct(tq->sat,
			    tq->answered), (unsigned long long)tq->sat,
			    (unsigned long long)tq->answered);
		else
			outbuf_puts(w, "-");
		outbuf_puts(w, "</td></tr>\n");
	}
	outbuf_puts(w, "</table></section>\n");
}

static const char css[] =
"body{font-family:sans-serif;max-width:52em;margin:1em auto;padding:0 1em;"
"color:#111}h1{font-size:1.4em}h2{font-size:1.1em;margin:.2em 0}"
"table{border-collapse:collapse;width:100%;font-size:.9em}"
"td,th{border:1px solid #999;padding:2px 4px;text-align:left}"
".row{border-top:2px solid #333;margin-top:1em;page-break-inside:avoid}"
".commune,.province{background:#f5f5f5}.verdict.ok b{color:#2e7d32}"
".verdict.no b{color:#c0392b}.bars{width:100%;max-width:600px}"
".note{font-size:.9em}"
".prelim{position:fixed;top:0;left:0;right:0;margin:0;padding:2px;"
"background:#c0392b;color:#fff;font-weight:bold;text-align:center}"
"body:has(.prelim){padding-top:2.5em}"
"@page{size:A4;margin:15mm}@media print{body{max-width:none}"
"#lookup{display:none}}\n";

int
tally_html(const struct tally *t, int body_only, char **out)
{
	struct wire	 w;
	char		 date[11];
	size_t		 i, j;
	int		 q;

	wire_init(&w);
	util_date_vn(t->made, date);
	if (!body_only)
		outbuf_printf(&w, "<!DOCTYPE html>\n<html lang=\"vi\"><head>"
		    "<meta charset=\"utf-8\"><meta name=\"viewport\" content="
		    "\"width=device-width\"><title>Kết quả lấy ý kiến / "
		    "results</title><style>%s</style></head><body>\n", css);
	/* Fixed: printed on every page of the paper copy too. */
	if (t->preliminary)
		outbuf_printf(&w, "<p class=\"prelim\">%s</p>\n", prelim);
	outbuf_printf(&w, "<h1>Kết quả lấy ý kiến sự hài lòng / satisfaction "
	    "results</h1>\n<p class=\"note\">Lập ngày / made on %s (UTC+7). "
	    "Tỷ lệ hài lòng không tính \"không ý kiến\"; thang 1-5: 4 và 5 là "
	    "hài lòng / the rate leaves out \"no opinion\"; on a 1-5 scale 4 "
	    "and 5 count as satisfied.", date);
	if (!t->suppress)
		outbuf_puts(&w, " <b>BẢN NỘI BỘ, KHÔNG CÔNG BỐ / INTERNAL, NOT "
		    "FOR PUBLICATION.</b>");
	else if (t->any_suppressed)
		outbuf_puts(&w, " Ô dưới k phiếu, và ô giúp suy ra chúng, không "
		    "công bố / rows under k ballots, and rows that would give "
		    "them away, are withheld.");
	if (t->excluded)
		outbuf_printf(&w, " %llu phiếu không được tính / ballots not "
		    "counted (see the audit).", (unsigned long long)
		    t->excluded);
	outbuf_puts(&w, "</p>\n");
	for (j = 0; j < t->npolls; j++) {
		const struct poll *p = t->polls[j];

		outbuf_puts(&w, "<h2>");
		outbuf_html(&w, poll_text_get(&p->title, vi(p)));
		outbuf_printf(&w, " (%s)</h2><p class=\"note\">Ngưỡng / "
		    "threshold: chung / overall &ge; %g%%, từng mục / each item "
		    "&ge; %g%%.</p><ol class=\"note\">", p->id, p->th_overall,
		    p->th_item);
		for (q = 0; q < p->n_questions; q++) {
			outbuf_puts(&w, "<li><b>");
			outbuf_html(&w, p->questions[q].id);
			outbuf_puts(&w, "</b>: ");
			outbuf_html(&w, poll_text_get(&p->questions[q].text,
			    vi(p)));
			outbuf_puts(&w, "</li>");
		}
		outbuf_puts(&w, "</ol>\n");
	}
	for (i = 0; i < t->n; i++)
		html_row(&t->rows[i], &w);
	if (!body_only)
		outbuf_puts(&w, "</body></html>\n");
	return (*out = outbuf_finish(&w)) == NULL ? YK_ENOMEM : 0;
}

const char *
tally_css(void)
{
	return css;
}
