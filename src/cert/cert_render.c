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

#include "cert_int.h"
#include "cert_pdf.h"
#include "i18n.h"

struct pdf_store {
	int64_t attempt;
	const char *serial;
	const unsigned char *pdf;
	size_t len;
	char hash[65];
};

/* INTEGRATOR: replace with cert_check_code() from cert_code.c (the
 * revocation-and-lookup part implements it); this stand-in follows the
 * same definition (docs/certificate-format.md): the first 40 bits of
 * SHA-256("aicert-check-v1" 0x00 CODE), CODE upper-cased as in the QR,
 * in Crockford base32, written XXXX-XXXX. */
static const char *
check_code_placeholder(struct arena *a, const char *code)
{
	static const char abc[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	static const char tag[] = "aicert-check-v1";
	crypto_hash_sha256_state st;
	unsigned char h[32];
	char *u = arena_strdup(a, code), *out = arena_alloc(a, 10);
	uint64_t v;

	for (char *p = u; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	crypto_hash_sha256_init(&st);
	/* sizeof tag: the tag and its 0x00 */
	crypto_hash_sha256_update(&st, (const unsigned char *)tag, sizeof tag);
	crypto_hash_sha256_update(&st, (const unsigned char *)u, strlen(u));
	crypto_hash_sha256_final(&st, h);
	v = (uint64_t)h[0] << 32 | (uint64_t)h[1] << 24 | (uint64_t)h[2] << 16 |
	    (uint64_t)h[3] << 8 | h[4];
	for (int i = 0, o = 0; i < 8; i++) {
		if (i == 4)
			out[o++] = '-';
		out[o++] = abc[(v >> (35 - 5 * i)) & 31];
	}
	out[9] = '\0';
	return out;
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

static int
store_pdf(struct db *d, void *ctx)
{
	static const char sql[] =
	    "UPDATE certificates SET pdf = ?, pdf_sha256 = ? WHERE serial = ? AND pdf IS NULL";
	struct pdf_store *ps = ctx;
	sqlite3_stmt *st = db_stmt(d, sql);

	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, ps->pdf, (int)ps->len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ps->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ps->serial, -1, SQLITE_STATIC);
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
	struct pdf_store ps;
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
	cert_issuer(s, a, &doc.issuer_en, &doc.issuer_zh);
	doc.serial = c.serial;
	doc.percent = c.score_bp / 100.0;
	doc.issued_at = c.issued_at;
	doc.expires_at = c.expires_at;
	doc.verify_url = cert_verify_url(a, base_url, c.code);
	doc.verify_addr = verify_addr(a, base_url);
	doc.check_code = check_code_placeholder(a, c.code);
	/* INTEGRATOR: the issuer profile (short name, contact line, logo,
	 * seal, signing officer) goes into doc here. */
	doc.tz = NULL;		/* the issuer's zone (timefmt.h) */
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
	sqlite3_stmt *st = db_stmt_text(store_db(s), sql, serial);
	int found = db_row(st);

	if (found) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		if ((*pdf = malloc(*len + 1)) == NULL)
			abort();
		memcpy(*pdf, sqlite3_column_blob(st, 0), *len);
	}
	db_end(st);
	return found;
}
