/*
 * cert_pdf.h - renders one certificate as a one-page A4-landscape PDF in
 * zh-TW and English: issuer, title, holder, exam, score, dates, serial and
 * a QR code (vector squares) that opens the verification page.
 *
 * Pure rendering: no SQL, no HTTP, no clock. The same cert_doc gives the
 * same bytes every time (the issue date is the PDF's creation date), so
 * the SHA-256 the verification page publishes can be re-derived.
 *
 * Chinese is drawn in AR PL UMing TW (Debian fonts-arphic-uming), subset
 * per certificate with HarfBuzz to the characters the page uses and
 * embedded by libharu; Latin letters, digits and punctuation WinAnsi
 * holds are set in base-14 Times. The design and wording are described in
 * certs/README.md.
 */
#ifndef AICERT_CERT_PDF_H
#define AICERT_CERT_PDF_H

#include <stddef.h>

/* An image the issuer supplies (logo, seal): its bytes as uploaded, PNG
 * or JPEG. data NULL or len 0: none. */
struct cert_image {
	const unsigned char *data;
	size_t len;
	const char *type;	/* "image/png" or "image/jpeg" */
};

/* What a certificate shows. All strings are UTF-8 and stay the caller's.
 * Every field marked optional may be NULL or "": nothing is drawn for
 * it. */
struct cert_doc {
	const char *holder;	/* name as on the account, e.g. 王小明 */
	const char *holder_alt;	/* other script, e.g. "Wang Hsiao-Ming";
				 * optional */
	const char *exam_en, *exam_zh;		/* exam titles */
	const char *issuer_en, *issuer_zh;	/* issuer name */
	const char *issuer_short;	/* optional, e.g. "TAISI" */
	const char *issuer_contact;	/* optional one line, printed small
					 * at the foot */
	struct cert_image logo;	/* optional, top left */
	struct cert_image seal;	/* optional, 印信 stamped over the
				 * signature line */
	/* The signing officer, optional: no signature line without a
	 * name. */
	const char *officer_zh, *officer_en;		/* names */
	const char *officer_title_zh, *officer_title_en;	/* titles */
	const char *serial;	/* e.g. "AIC-2026-000042" */
	double percent;		/* score, 0..100 */
	long long issued_at;	/* Unix seconds */
	long long expires_at;	/* Unix seconds; 0 = does not expire */
	const char *verify_url;	/* what the QR encodes, byte for byte (an
				 * upper-case URL encodes in QR alphanumeric
				 * mode) */
	const char *verify_addr;	/* optional: where a person types the
					 * serial, e.g.
					 * "HTTPS://EXAMPLE.ORG/verify" */
	const char *check_code;	/* optional: "XXXX-XXXX", printed after
				 * the serial on the verification line */
	const char *parts;	/* optional: a programme's certificate, the
				 * exams it joined on one line beneath its
				 * title */
	const char *tz;		/* time zone for the dates; NULL or "" = the
				 * issuer's (timefmt_zone()). Zones with a
				 * fixed offset (Asia/Taipei, Asia/Tokyo,
				 * UTC, ...: see timefmt.c) are known; any
				 * other prints the dates in UTC. */
	const char *areas;	/* optional: the competency areas certified,
				 * one line under the exam ("能力領域
				 * Competency areas: AIL.1 Title · AIL.2
				 * ..."); when it does not fit at 9 pt, */
	const char *areas_short;	/* this one is printed instead
					 * ("... AIL.1 · AIL.2 ...") */
};

/* Whether im (a PNG or JPEG) is one the certificate can draw: libharu
 * decodes it as a render would. Called when the issuer uploads an image,
 * so that a damaged one is refused there rather than failing every
 * certificate after. 0, or -1 (no image, another type, or unreadable). */
int cert_pdf_image_check(const struct cert_image *im);

/* Loads the Chinese font once per process: AR PL UMing TW from uming.ttc
 * in font_dir (NULL = /usr/share/fonts/truetype/arphic), else AR PL UKai
 * TW from ukai.ttc there. Thread-safe and idempotent: a second call (with
 * any font_dir) returns 0 at once. 0, or -1 with *err set to the
 * catalog key of the reason ("cert_pdf_font_missing"; i18n_get words
 * it). cert_pdf_render calls it with NULL if nobody did. */
int cert_pdf_init(const char *font_dir, const char **err);

/* Renders d into *pdf (malloc'd, *len bytes; the caller frees). Safe to
 * call from several threads at once. A code point the font lacks, or
 * beyond U+FFFF (libharu 2.3.0 cannot draw those), prints as the geta
 * mark U+3013, the typesetter's sign for a missing character. 0, or -1
 * with *err set to the catalog key of the reason (missing field, text
 * that is not UTF-8, score outside 0..100, font or libharu failure, out
 * of memory: "cert_pdf_text_invalid" ...); nothing to free then. */
int cert_pdf_render(const struct cert_doc *d, unsigned char **pdf,
    size_t *len, const char **err);

/* Releases the font loaded by cert_pdf_init; the next render loads it
 * again. Not while a render runs. */
void cert_pdf_free_fonts(void);

#endif
