/*
 * cert_render.c - a certificate's PDF: rendered once (tens of ms, off
 * the connection threads), its SHA-256 published with the certificate,
 * then served from the database as stored. A render that fails is
 * recorded as an issue that failed. Depends on the PDF renderer
 * (cert_pdf.c), libsodium (the hash) and the store.
 */
#include "cert.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cert_int.h"
#include "cert_pdf.h"
#include "i18n.h"
#include "issuer.h"
#include "programme.h"

struct pdf_store {
	int64_t attempt;
	const char *serial;
	const unsigned char *pdf;
	size_t len;
	char hash[65];
};

/* The issuer's contact as one line for the certificate's foot: its
 * website (without the scheme), e-mail and phone, those it has, joined
 * by " · "; NULL when it has none. */
static const char *
contact_line(struct arena *a, const struct issuer *is)
{
	const char *parts[3], *w = is->website, *out = NULL;
	size_t n = 0;

	if (strncmp(w, "https://", 8) == 0)
		w += 8;
	else if (strncmp(w, "http://", 7) == 0)
		w += 7;
	if (*w)
		parts[n++] = w;
	if (*is->email)
		parts[n++] = is->email;
	if (*is->phone)
		parts[n++] = is->phone;
	for (size_t i = 0; i < n; i++)
		out = out ? arena_printf(a, "%s · %s", out, parts[i]) : parts[i];
	return out;
}

static void
image_of(struct cert_image *to, const struct issuer_image *from)
{
	to->data = from->data;
	to->len = from->data ? from->len : 0;
	to->type = from->type;
}

/* Where a person types the serial: the base URL with its scheme and
 * host in capitals, as the QR prints them (a path after the host keeps
 * its case: the server's paths have one), and "/verify". */
static const char *
verify_addr(struct arena *a, const char *base_url)
{
	char *u = arena_strdup(a, base_url), *p = strstr(u, "://"), *end;
	size_t n = strlen(u);

	while (n > 0 && u[n - 1] == '/')
		u[--n] = '\0';
	end = p ? p + 3 : u;
	end += strcspn(end, "/");
	for (p = u; p < end; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return arena_printf(a, "%s/verify", u);
}

/* The competency areas the attempt's items carried, as its result
 * keeps them (the titles it was graded under), into d: "能力領域
 * Competency areas: AIL.1 Title · AIL.2 ...", and with the codes alone
 * for when that is too long. The titles in English only: each Chinese
 * character adds its glyph to the certificate's font (the score report
 * has both). Nothing when the result has none. */
static void
areas_lines(struct store *s, struct arena *a, int64_t attempt, struct cert_doc *d)
{
	static const char sql[] =
	    "SELECT json_extract(c.value, '$.code'), json_extract(c.value, '$.title.en') "
	    "FROM attempts t, json_each(t.result, '$.competencies') c WHERE t.id = ? "
	    "AND json_type(c.value, '$.parent') IS NOT 'text' ORDER BY c.key";
	struct stmt *st = db_stmt_int(store_db(s), sql, attempt);
	struct buf full = BUF_INIT, codes = BUF_INIT;
	int n = 0;

	while (db_row(st)) {
		const char *code = db_col_text(st, 0);
		const char *en = db_col_text(st, 1);

		if (code == NULL)
			continue;
		buf_printf(&full, "%s%s", n ? " \u00b7 " : "", code);
		buf_printf(&codes, "%s%s", n++ ? " \u00b7 " : "", code);
		if (en != NULL && *en)
			buf_printf(&full, " %s", en);
	}
	db_end(st);
	if (n > 0 && full.data != NULL && codes.data != NULL) {
		const char *label = arena_printf(a, "%s %s:", i18n_get("zh-TW", "cert_areas"),
		    i18n_get("en", "cert_areas"));

		d->areas = arena_printf(a, "%s %s", label, full.data);
		d->areas_short = arena_printf(a, "%s %s", label, codes.data);
	}
	buf_free(&full);
	buf_free(&codes);
}

static int
store_pdf(struct db *d, void *ctx)
{
	static const char sql[] =
	    "UPDATE certificates SET pdf = ?, pdf_sha256 = ? WHERE serial = ? AND pdf IS NULL";
	struct pdf_store *ps = ctx;
	struct stmt *st = db_stmt(d, sql);

	if (st == NULL)
		return -1;
	db_bind_blob(st, 1, ps->pdf, (int)ps->len);
	db_bind_text(st, 2, ps->hash);
	db_bind_text(st, 3, ps->serial);
	if (db_done(st) != 0)
		return -1;
	return cert_clear_failure(d, ps->attempt);	/* issued and rendered: done */
}

int
cert_render(struct store *s, const char *serial, const char *base_url)
{
	struct arena *a = arena_new();
	struct cert c;
	struct cert_doc doc;
	struct issuer is;
	struct pdf_store ps;
	char check[CERT_CHECK_LEN + 1];
	unsigned char *pdf = NULL, h[32];
	size_t len = 0;
	const char *err = NULL;
	int rc = -1;

	if (!cert_find(s, a, serial, &c))
		goto done;
	if (c.pdf_sha256 != NULL) {
		rc = 0;		/* rendered once, never again: its hash is published */
		goto done;
	}
	memset(&doc, 0, sizeof doc);
	doc.holder = c.holder;
	doc.holder_alt = c.holder_alt;
	doc.exam_en = c.exam_en;
	doc.exam_zh = c.exam_zh;
	/* The issuer as its profile stands now: a certificate is drawn
	 * once, so one issued before a change keeps the old one. */
	issuer_load(s, a, &is);
	doc.issuer_en = is.legal_en;
	doc.issuer_zh = is.legal_zh;
	doc.issuer_short = is.short_name;
	doc.issuer_contact = contact_line(a, &is);
	image_of(&doc.logo, &is.logo);
	image_of(&doc.seal, &is.seal);
	doc.officer_en = is.officer_en;
	doc.officer_zh = is.officer_zh;
	doc.officer_title_en = is.officer_title_en;
	doc.officer_title_zh = is.officer_title_zh;
	doc.serial = c.serial;
	doc.percent = c.score_bp / 100.0;
	doc.issued_at = c.issued_at;
	doc.expires_at = c.expires_at;
	doc.verify_url = cert_verify_url(a, base_url, c.code);
	doc.verify_addr = verify_addr(a, base_url);
	if (cert_check_code(c.code, check) == 0)
		doc.check_code = check;
	doc.tz = NULL;		/* the issuer's zone (timefmt.h) */
	if (c.programme_id != NULL)
		doc.parts = cert_programme_parts(s, a, c.programme_id, 1);
	else
		areas_lines(s, a, c.attempt_id, &doc);
	if (cert_pdf_render(&doc, &pdf, &len, &err) != 0) {
		/* Recorded as the other reasons are, in English (err is a
		 * catalog key). */
		cert_record_failure(s, c.attempt_id, arena_printf(a, "%s: the PDF could not be "
		    "rendered: %s", serial, err ? i18n_get(I18N_DEFAULT, err) : "render failed"));
		goto done;
	}
	crypto_hash_sha256(h, pdf, len);
	sodium_bin2hex(ps.hash, sizeof ps.hash, h, sizeof h);
	ps.attempt = c.attempt_id;
	ps.serial = serial;
	ps.pdf = pdf;
	ps.len = len;
	rc = store_write(s, store_pdf, &ps);
	cert_changed();		/* a verification shows the PDF's hash */
done:
	free(pdf);
	arena_free(a);
	return rc;
}

int
cert_pdf_load(struct store *s, const char *serial, unsigned char **pdf, size_t *len)
{
	static const char sql[] = "SELECT pdf FROM certificates WHERE serial = ? AND pdf IS NOT NULL";
	struct stmt *st = db_stmt_text(store_db(s), sql, serial);
	int found = db_row(st);

	if (found) {
		*len = (size_t)db_col_bytes(st, 0);
		if ((*pdf = malloc(*len + 1)) == NULL)
			abort();
		memcpy(*pdf, db_col_blob(st, 0), *len);
	}
	db_end(st);
	return found;
}
