/*
 * cert_bulk.c - an exam's or a sitting's certificates at once: the ZIP of
 * their PDFs, streamed, and their CSV; see cert_bulk.h.
 *
 * The archive is planned when it is opened (which certificates, their
 * names, whether the whole fits a plain ZIP) and made while it is sent:
 * cert_zip_read loads one PDF from the store, appends its entry (zip.h)
 * to a buffer and hands that out, so the server holds one PDF and the
 * central directory (tens of bytes per entry), never the archive.
 */
#include "cert_bulk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "cert.h"
#include "timefmt.h"
#include "zip.h"

#define NAME_MAX_BYTES 200	/* an entry's name, with ".pdf" */

static const char by_exam[] =
    "SELECT c.serial, c.holder, c.issued_at, c.revoked_at, c.superseded_by, length(c.pdf), "
    "c.holder_alt, c.exam_en, c.exam_zh, c.score_bp, c.expires_at, c.revoke_reason, c.code "
    "FROM certificates c WHERE c.exam_id = ?1 ORDER BY c.id";
static const char by_sitting[] =
    "SELECT c.serial, c.holder, c.issued_at, c.revoked_at, c.superseded_by, length(c.pdf), "
    "c.holder_alt, c.exam_en, c.exam_zh, c.score_bp, c.expires_at, c.revoke_reason, c.code "
    "FROM certificates c JOIN attempts a ON a.id = c.attempt_id "
    "WHERE a.sitting_id = ?1 ORDER BY c.id";

static struct stmt *
select_rows(struct store *s, const char *exam, int64_t sitting)
{
	struct db *d = store_db(s);

	return exam != NULL ? db_stmt_text(d, by_exam, exam) : db_stmt_int(d, by_sitting, sitting);
}

int
cert_bulk_sitting_exists(struct store *s, int64_t sitting)
{
	static const char sql[] = "SELECT 1 FROM sittings WHERE id = ?";

	return sitting > 0 && db_exists(db_stmt_int(store_db(s), sql, sitting));
}

/* ---- the ZIP ---- */

struct item {
	char *serial, *name;	/* name NULL: not in the archive */
	int64_t issued_at;
	int render;		/* in force, its PDF not made yet */
};

struct cert_zip {
	struct store *s;
	struct item *items;
	size_t n, next;
	char *readme;		/* NULL: none */
	int64_t now;
	int state;		/* 0 entries, 1 README, 2 end record, 3 done */
	unsigned entries;
	struct zip zip;
	struct buf pending;	/* made, not yet handed out */
	size_t pos;
};

void
cert_zip_free(void *v)
{
	struct cert_zip *z = v;

	if (z == NULL)
		return;
	for (size_t i = 0; i < z->n; i++) {
		free(z->items[i].serial);
		free(z->items[i].name);
	}
	free(z->items);
	free(z->readme);
	zip_free(&z->zip);
	buf_free(&z->pending);
	free(z);
}

unsigned
cert_zip_entries(const struct cert_zip *z)
{
	return z->entries;
}

static char *
dup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (d == NULL)
		abort();
	return d;
}

struct cert_zip *
cert_zip_open(struct store *s, const char *exam, int64_t sitting, const char *base_url,
    const char **err)
{
	struct cert_zip *z = calloc(1, sizeof *z);
	struct buf left = BUF_INIT, failed = BUF_INIT, readme = BUF_INIT;
	uint64_t data = 0, names = 0;
	size_t cap = 0;
	struct stmt *st;

	*err = "internal_error";
	if (z == NULL)
		return NULL;
	z->s = s;
	z->now = (int64_t)time(NULL);
	/* Render what is due first, then plan from what the store holds. */
	if ((st = select_rows(s, exam, sitting)) == NULL)
		goto fail;
	while (db_row(st)) {
		if (z->n == cap) {
			struct item *more = realloc(z->items, (cap = cap ? 2 * cap : 64) *
			    sizeof *more);

			if (more == NULL)
				abort();
			z->items = more;
		}
		z->items[z->n].serial = dup(db_col_text(st, 0));
		z->items[z->n].name = NULL;
		z->items[z->n].issued_at = db_col_int64(st, 2);
		z->items[z->n].render = db_col_int64(st, 3) == 0 &&
		    db_col_type(st, 4) == DB_NULL &&
		    db_col_type(st, 5) == DB_NULL;
		z->n++;
	}
	db_end(st);
	for (size_t i = 0; i < z->n; i++)
		if (z->items[i].render)
			cert_render(s, z->items[i].serial, base_url);	/* failure: below */
	if ((st = select_rows(s, exam, sitting)) == NULL)
		goto fail;
	for (size_t i = 0; i < z->n && db_row(st); i++) {
		struct item *it = &z->items[i];
		const char *holder = db_col_text(st, 1);

		if (strcmp(it->serial, db_col_text(st, 0)) != 0)
			continue;	/* changed meanwhile: leave it out */
		if (db_col_int64(st, 3) != 0 || db_col_type(st, 4) != DB_NULL) {
			buf_printf(&left, "  %s  %s\r\n", it->serial, holder ? holder : "");
			continue;
		}
		if (db_col_type(st, 5) == DB_NULL) {
			buf_printf(&failed, "  %s  %s\r\n", it->serial, holder ? holder : "");
			continue;
		}
		it->name = zip_safe_name(it->serial, holder, ".pdf", NAME_MAX_BYTES);
		data += (uint64_t)db_col_int64(st, 5);
		names += strlen(it->name);
		z->entries++;
	}
	db_end(st);
	if (left.len > 0 || failed.len > 0 || z->entries == 0) {
		buf_str(&readme, "Certificates not in this archive / 未收入本壓縮檔的證書\r\n\r\n");
		if (z->entries == 0 && left.len == 0 && failed.len == 0)
			buf_str(&readme, "No certificate has been issued here yet.\r\n"
			    "這裡尚未核發任何證書。\r\n");
		if (left.len > 0) {
			buf_str(&readme, "Revoked or replaced (the verification page says so) / "
			    "已撤銷或已換發（查驗頁面會註明）:\r\n");
			buf_raw(&readme, left.data, left.len);
			buf_str(&readme, "\r\n");
		}
		if (failed.len > 0) {
			buf_str(&readme, "Their PDF could not be made yet; the console's results "
			    "say why / PDF 尚無法產生，原因見管理介面的成績頁:\r\n");
			buf_raw(&readme, failed.data, failed.len);
		}
		z->readme = buf_steal(&readme, NULL);
		data += strlen(z->readme);
		names += strlen("README.txt");
		z->entries++;
	}
	buf_free(&left);
	buf_free(&failed);
	if (!zip_fits(z->entries, data, names)) {
		*err = "bulk_too_large";
		cert_zip_free(z);
		return NULL;
	}
	*err = NULL;
	return z;
fail:
	buf_free(&left);
	buf_free(&failed);
	buf_free(&readme);
	cert_zip_free(z);
	return NULL;
}

/* Makes the next piece of the archive into z->pending: 1, 0 at the end,
 * -1 on a failure. */
static int
make_next(struct cert_zip *z)
{
	buf_reset(&z->pending);
	z->pos = 0;
	while (z->state == 0 && z->next < z->n) {
		struct item *it = &z->items[z->next++];
		unsigned char *pdf = NULL;
		size_t len = 0;
		int rc;

		if (it->name == NULL)
			continue;
		if (!cert_pdf_load(z->s, it->serial, &pdf, &len))
			return -1;
		rc = zip_add(&z->zip, &z->pending, it->name, pdf, len, it->issued_at);
		free(pdf);
		return rc == 0 ? 1 : -1;
	}
	if (z->state == 0) {
		z->state = 1;
		if (z->readme != NULL)
			return zip_add(&z->zip, &z->pending, "README.txt", z->readme,
			    strlen(z->readme), z->now) == 0 ? 1 : -1;
	}
	if (z->state == 1) {
		z->state = 2;
		zip_finish(&z->zip, &z->pending);
		return 1;
	}
	return 0;
}

long
cert_zip_read(void *v, char *buf, size_t max)
{
	struct cert_zip *z = v;
	size_t n;

	while (z->pos >= z->pending.len) {
		int rc = make_next(z);

		if (rc <= 0)
			return rc;
	}
	n = z->pending.len - z->pos;
	if (n > max)
		n = max;
	memcpy(buf, z->pending.data + z->pos, n);
	z->pos += n;
	return (long)n;
}

/* ---- the CSV ---- */

/* One CSV cell (a spreadsheet formula's first character defused, as the
 * sitting report's CSV does), then "," or the end of the row. */
static void
cell(struct buf *b, const char *s, int last)
{
	if (s == NULL)
		s = "";
	buf_str(b, "\"");
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r')
		buf_str(b, "'");
	for (; *s; s++) {
		if (*s == '"')
			buf_str(b, "\"\"");
		else
			buf_raw(b, s, 1);
	}
	buf_str(b, last ? "\"\r\n" : "\",");
}

/* YYYY-MM-DD (UTC) of t into out; "" for 0. */
static const char *
day(char out[16], int64_t t)
{
	long long y;
	int m, d;

	if (t == 0)
		return "";
	timefmt_civil_from_days(t / 86400, &y, &m, &d);
	snprintf(out, 16, "%04lld-%02d-%02d", y, m, d);
	return out;
}

void
cert_bulk_csv(struct store *s, const char *exam, int64_t sitting, const char *base_url,
    struct buf *out)
{
	static const char *const head[] = { "serial", "holder", "holder_alt", "exam_en",
	    "exam_zh", "score", "issued_utc", "expires_utc", "status", "revoked_utc",
	    "revoke_reason", "verify_url" };
	size_t nh = sizeof head / sizeof *head;
	struct stmt *st = select_rows(s, exam, sitting);
	struct arena *a = arena_new();
	long today = (long)(time(NULL) / 86400);

	buf_str(out, "\xEF\xBB\xBF");	/* UTF-8 BOM: Excel then reads Chinese */
	for (size_t i = 0; i < nh; i++)
		cell(out, head[i], i == nh - 1);
	while (st != NULL && db_row(st)) {
		char d1[16], d2[16], d3[16], score[16];
		int64_t revoked = db_col_int64(st, 3), expires = db_col_int64(st, 10);
		const char *status = db_col_type(st, 4) != DB_NULL ? "superseded" :
		    revoked ? "revoked" : expires && expires / 86400 < today ? "expired" : "valid";

		snprintf(score, sizeof score, "%.2f", db_col_int(st, 9) / 100.0);
		for (int i = 0; i < 2; i++)
			cell(out, db_col_text(st, i), 0);
		for (int i = 6; i < 9; i++)
			cell(out, db_col_text(st, i), 0);
		cell(out, score, 0);
		cell(out, day(d1, db_col_int64(st, 2)), 0);
		cell(out, day(d2, expires), 0);
		cell(out, status, 0);
		cell(out, day(d3, revoked), 0);
		cell(out, db_col_text(st, 11), 0);
		cell(out, cert_verify_url(a, base_url, db_col_text(st, 12)), 1);
	}
	db_end(st);
	arena_free(a);
}
