/*
 * cert_pdf.c - the certificate PDF; see cert_pdf.h, and certs/README.md for
 * the design drawn here (layout, wording, colours, fonts).
 *
 * One render: the text fields are prepared (validated, and each assigned
 * a base-14 font when it is WinAnsi text or the Ming face otherwise); the
 * page is laid out once only to collect the code points it draws in Ming;
 * HarfBuzz subsets the face to those (no hinting); the subset goes into a
 * memfd that libharu loads as /proc/self/fd/N; the same layout function
 * runs again to draw. This file holds the render and libharu's document;
 * the face and its subset are in cert_pdf_font.c, the wording and the
 * page in cert_pdf_page.c (cert_pdf_int.h holds what the three share).
 *
 * Depends on libharu (hpdf), libqrencode, HarfBuzz, timefmt.c (dates in
 * the issuer's zone) and the arena. Out of memory ends a render with an
 * error, never inside libharu (see "libharu's memory"). Errors are
 * catalog keys (templates/i18n), worded where they are shown.
 */
#include "cert_pdf.h"

#include <assert.h>
#include <errno.h>
#include <hb.h>
#include <hpdf.h>
#include <math.h>
#include <png.h>
#include <qrencode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "cert_pdf_int.h"
#include "timefmt.h"
#include "utf8.h"

static const struct cert_pdf_words *const W = &cert_pdf_words;

/* ---- libharu's memory ----
 *
 * libharu 2.3.0 does not survive a failed allocation: after one it can
 * go on to use the object it did not get (HPDF_SaveToStream crashes so).
 * So a render reserves, in one malloc before the document exists, the
 * memory libharu will take (hpdf_reserve), and HPDF_NewEx's allocator
 * hands it out: a bump region aligned for any type whose frees do
 * nothing (libharu's own pool frees nothing either), freed whole after
 * HPDF_Free. If the reservation fails the render fails before libharu
 * runs; inside it libharu meets no failed allocation. Should a render
 * outgrow its region after all, the rest comes from malloc: only then,
 * with the process out of memory beyond the reserved margin, can
 * libharu still be handed NULL.
 *
 * Not libharu's own pool (HPDF_NewEx's mem_pool_buf_size): 2.3.0 as
 * Debian builds it hands out pool memory unaligned. libharu allocates
 * past its allocator in three places on our path: its UTF-8 encoder
 * mallocs the UCS-2 form of each text drawn and does not check it
 * (hpdf_mem_ucs2 replaces that); zlib's deflateInit and stdio's fopen
 * of the font fail cleanly (HPDF_ZLIB_ERROR, HPDF_FILE_OPEN_ERROR).
 *
 * The callbacks take no context, so the region is found per thread: a
 * render drives libharu on its own thread only. */

static _Thread_local struct hpdf_mem *hpdf_mem;

static void *
hpdf_mem_alloc(HPDF_UINT n)
{
	struct hpdf_mem *m = hpdf_mem;
	size_t al = _Alignof(max_align_t);
	size_t need = ((size_t)n + al - 1) & ~(al - 1);
	void *p;

	if (m == NULL || need == 0 || need > m->size - m->used)
		return malloc(n ? n : 1);
	p = m->base + m->used;
	m->used += need;
	return p;
}

static void
hpdf_mem_free(void *p)
{
	struct hpdf_mem *m = hpdf_mem;
	uintptr_t u = (uintptr_t)p;

	if (m == NULL || u < (uintptr_t)m->base ||
	    u >= (uintptr_t)m->base + m->size)
		free(p);
}

/* The UTF-8 encoder's encode_text_fn, which libharu calls for each Ming
 * text drawn and whose result it passes to free(): returns the buffer
 * put() (cert_pdf_page.c) malloc'd and checked before the call, filled
 * with one big-endian 2-byte code per character (the text is UTF-8
 * within the BMP: prepare() sees to that): the glyph id in the subset
 * when hpdf_mem->gids is set (the certificate: its font then maps codes
 * to glyphs as Identity, see cert_pdf_cid.c), else the UCS-2 unit as
 * libharu's own encoder would write. */
static char *
hpdf_mem_ucs2(HPDF_Encoder e, const char *text, HPDF_UINT len,
    HPDF_UINT *out_len)
{
	char *buf = hpdf_mem->ucs2, *o = buf;
	const char *p = text;

	(void)e;
	assert(buf != NULL);
	hpdf_mem->ucs2 = NULL;
	while (p < text + len) {
		uint32_t cp = cert_pdf_next_cp(&p);

		if (hpdf_mem->gids != NULL)
			cp = HPDF_TTFontDef_GetGlyphid(hpdf_mem->gids,
			    (HPDF_UINT16)cp);
		*o++ = (char)(cp >> 8);
		*o++ = (char)(cp & 0xff);
	}
	*out_len = (HPDF_UINT)(o - buf);
	return buf;
}

/* For report_pdf.c (cert_pdf_int.h): the same region, allocator and
 * encoder for another document on this thread. */
void
cert_pdf_mem_use(struct hpdf_mem *m)
{
	hpdf_mem = m;
}

HPDF_Doc
cert_pdf_mem_doc(HPDF_Error_Handler on_error, void *user)
{
	return HPDF_NewEx(on_error, hpdf_mem_alloc, hpdf_mem_free, 0, user);
}

int
cert_pdf_mem_utf8(HPDF_Doc pdf)
{
	HPDF_Encoder utf8 = HPDF_GetEncoder(pdf, "UTF-8");

	if (utf8 == NULL)
		return -1;
	utf8->encode_text_fn = hpdf_mem_ucs2;
	return 0;
}

/* ---- one render ---- */

/* libharu reports here instead of aborting: the first error is kept and
 * the drawing helpers stop; the render then fails with a message. */
static void
on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	struct render *r = user;

	(void)detail;
	if (r->hpdf_error == 0)
		r->hpdf_error = code;
}

static const char *
hpdf_message(HPDF_STATUS code)
{
	switch (code) {
	case HPDF_FAILD_TO_ALLOC_MEM:
		return "cert_pdf_hpdf_memory";
	case HPDF_FILE_IO_ERROR:
	case HPDF_FILE_OPEN_ERROR:
		return "cert_pdf_hpdf_font_read";
	case HPDF_TTF_CANNOT_EMBEDDING_FONT:
	case HPDF_TTF_INVALID_CMAP:
	case HPDF_TTF_INVALID_FOMAT:
	case HPDF_TTF_MISSING_TABLE:
	case HPDF_INVALID_FONTDEF_DATA:
	case HPDF_UNSUPPORTED_FONT_TYPE:
		return "cert_pdf_hpdf_font_refused";
	default:
		return "cert_pdf_hpdf_failed";
	}
}

int
cert_pdf_winansi(uint32_t cp)
{
	static const struct {
		uint16_t cp;
		unsigned char b;
	} extra[] = {
		{ 0x2013, 0x96 }, { 0x2014, 0x97 }, { 0x2018, 0x91 },
		{ 0x2019, 0x92 }, { 0x201c, 0x93 }, { 0x201d, 0x94 },
		{ 0x2022, 0x95 }, { 0x2026, 0x85 }, { 0x20ac, 0x80 },
		{ 0x0152, 0x8c }, { 0x0153, 0x9c }, { 0x0160, 0x8a },
		{ 0x0161, 0x9a }, { 0x017d, 0x8e }, { 0x017e, 0x9e },
		{ 0x0178, 0x9f },
	};

	if ((cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp <= 0xff))
		return (int)cp;
	for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
		if (extra[i].cp == cp)
			return extra[i].b;
	return 0;
}

/* Makes s (UTF-8) drawable into *out: control characters become
 * spaces, a character neither WinAnsi (Times) nor the face has, or
 * beyond U+FFFF, becomes GETA. NULL counts as "". -1 if s is not
 * UTF-8. */
static int
prepare(struct render *r, const char *s, const char **out)
{
	size_t n = s ? strlen(s) : 0;
	const char *p;
	char *o;

	if (n == 0) {
		*out = "";
		return 0;
	}
	if (!utf8_valid(s, n))
		return -1;
	o = arena_alloc(r->a, 3 * n + 1);	/* 〓 for a 1-byte character */
	*out = o;
	for (p = s; *p;) {
		uint32_t cp = cert_pdf_next_cp(&p);

		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			cp = ' ';
		else if (!cert_pdf_winansi(cp) && !cert_pdf_covered(cp))
			cp = GETA;
		o += utf8_put(o, cp);
	}
	*o = '\0';
	return 0;
}

/* The civil date of Unix time t in the zone tz (NULL or "": the
 * issuer's; a zone timefmt does not know: UTC); 0, or -1 if out of
 * range. */
static int
civil(long long t, const char *tz, struct timefmt_tm *tm)
{
	long off = 0;

	if (t < 0 || t > TIMEFMT_MAX_TIME)
		return -1;
	if (tz == NULL || *tz == '\0')
		off = timefmt_offset();
	else if (timefmt_zone_offset(tz, &off) != 0)
		off = 0;
	timefmt_split(t, off, tm);
	return 0;
}

/* "30 November 2026" and "中華民國115年11月30日" for t. */
static int
dates(struct render *r, long long t, const char **en, const char **zh)
{
	struct timefmt_tm tm;
	char minguo[64];

	if (civil(t, r->d->tz, &tm) != 0 ||
	    timefmt_minguo(&tm, minguo, sizeof minguo) != 0)
		return -1;
	*en = arena_printf(r->a, "%d %s %lld", tm.day,
	    W->month_en[tm.month - 1], tm.year);
	*zh = arena_strdup(r->a, minguo);
	return 0;
}

/* 0 for no image, 1 for a PNG, 2 for a JPEG (by its type and its first
 * bytes, which must agree), -1 for anything else. */
static int
image_kind(const struct cert_image *im)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };

	if (im->data == NULL || im->len == 0)
		return 0;
	if (im->type == NULL)
		return -1;
	if (strcmp(im->type, "image/png") == 0)
		return im->len > 8 && memcmp(im->data, png, 8) == 0 ? 1 : -1;
	if (strcmp(im->type, "image/jpeg") == 0)
		return im->len > 3 && im->data[0] == 0xff &&
		    im->data[1] == 0xd8 && im->data[2] == 0xff ? 2 : -1;
	return -1;
}

/* Prepares every field of r->d; 0 or -1 with *err. */
static int
prepare_all(struct render *r, const char **err)
{
	const struct cert_doc *d = r->d;
	const char *pct;

	if (d->holder == NULL || *d->holder == '\0' || d->serial == NULL ||
	    *d->serial == '\0' || d->verify_url == NULL ||
	    *d->verify_url == '\0' || d->exam_en == NULL ||
	    d->exam_zh == NULL || d->issuer_en == NULL ||
	    d->issuer_zh == NULL) {
		*err = "cert_pdf_fields_missing";
		return -1;
	}
	if (!(d->percent >= 0 && d->percent <= 100)) {
		*err = "cert_pdf_score_range";
		return -1;
	}
	if (prepare(r, d->holder, &r->holder) || prepare(r, d->holder_alt,
	    &r->holder_alt) || prepare(r, d->exam_en, &r->exam_en) ||
	    prepare(r, d->exam_zh, &r->exam_zh) || prepare(r, d->issuer_en,
	    &r->issuer_en) || prepare(r, d->issuer_zh, &r->issuer_zh) ||
	    prepare(r, d->issuer_short, &r->issuer_short) ||
	    prepare(r, d->issuer_contact, &r->contact) ||
	    prepare(r, d->officer_zh, &r->officer_zh) ||
	    prepare(r, d->officer_en, &r->officer_en) ||
	    prepare(r, d->officer_title_zh, &r->otitle_zh) ||
	    prepare(r, d->officer_title_en, &r->otitle_en) ||
	    prepare(r, d->serial, &r->serial) ||
	    prepare(r, d->verify_addr, &r->addr) ||
	    prepare(r, d->check_code, &r->check) ||
	    prepare(r, d->areas, &r->areas) ||
	    prepare(r, d->areas_short, &r->areas_short) ||
	    prepare(r, d->parts, &r->parts)) {
		*err = "cert_pdf_text_invalid";
		return -1;
	}
	if (image_kind(&d->logo) < 0 || image_kind(&d->seal) < 0) {
		*err = "cert_pdf_image_invalid";
		return -1;
	}
	/* 92%, or 92.5% when the tenth shows */
	pct = fabs(d->percent - round(d->percent)) < 0.05 ?
	    arena_printf(r->a, "%.0f%%", d->percent) :
	    arena_printf(r->a, "%.1f%%", d->percent);
	r->score = pct;
	if (dates(r, d->issued_at, &r->issued_en, &r->issued_zh) != 0 ||
	    (d->expires_at != 0 && dates(r, d->expires_at, &r->expires_en,
	    &r->expires_zh) != 0)) {
		*err = "cert_pdf_date_range";
		return -1;
	}
	if (d->expires_at == 0) {
		r->expires_en = W->never_en;
		r->expires_zh = W->never_zh;
	}
	return 0;
}

/* ---- PDF plumbing ---- */


static HPDF_Date
pdf_date(long long t)
{
	HPDF_Date d;
	struct timefmt_tm tm;

	memset(&d, 0, sizeof d);
	timefmt_split(t, 0, &tm);
	d.year = (HPDF_INT)tm.year;
	d.month = tm.month;
	d.day = tm.day;
	d.hour = tm.hour;
	d.minutes = tm.min;
	d.seconds = tm.sec;
	d.ind = 'Z';
	return d;
}

/* Reserves libharu's memory for this render and makes it the thread's
 * region; 0, or -1 if out of memory. Measured with libharu 2.3.0 on
 * x86-64, a render takes about 0.6 MB, plus 2.8 bytes per byte of the
 * subset font, plus 3 per byte of the fields' text: 0.64 MB for a usual
 * certificate, 2.4 MB with every field at its limit in distinct Chinese
 * characters, 5.5 MB with 1,000-character issuer names. The reservation
 * is at least twice what each of those took; only the pages used are
 * touched. The logo and seal add their bytes several times over. */
static int
hpdf_reserve(struct render *r, size_t font_len)
{
	const char *t[] = { r->holder, r->holder_alt, r->exam_en,
	    r->exam_zh, r->issuer_en, r->issuer_zh, r->issuer_short,
	    r->contact, r->officer_zh, r->officer_en, r->otitle_zh,
	    r->otitle_en, r->serial, r->addr, r->check, r->d->verify_url, r->parts };
	size_t text = 0;

	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		text += strlen(t[i]);
	/* an image: its bytes, decoded (libharu keeps the pixels; a PNG
	 * inflates, so beyond the margin they may come from malloc) */
	r->mem.size = 1280 * 1024 + 6 * font_len + 16 * text +
	    4 * (r->d->logo.len + r->d->seal.len);
	if ((r->mem.base = malloc(r->mem.size)) == NULL)
		return -1;
	hpdf_mem = &r->mem;
	return 0;
}

/* The issuer's image im as libharu's, or NULL if there is none (the
 * kind was checked by image_kind). */
static HPDF_Image
load_image(struct render *r, const struct cert_image *im)
{
	HPDF_Image img;
	HPDF_Dict mask;

	switch (image_kind(im)) {
	case 1:
		img = HPDF_LoadPngImageFromMem(r->pdf, im->data,
		    (HPDF_UINT)im->len);
		/* libharu 2.3.0 writes a PNG's alpha channel (the soft mask)
		 * uncompressed */
		if (img != NULL && (mask = HPDF_Dict_GetItem(img, "SMask",
		    HPDF_OCLASS_DICT)) != NULL)
			mask->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		return img;
	case 2:
		return HPDF_LoadJpegImageFromMem(r->pdf, im->data,
		    (HPDF_UINT)im->len);
	default:
		return NULL;
	}
}

/* libharu's error handler for cert_pdf_image_check: notes the failure. */
static void
on_check_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	(void)error;
	(void)detail;
	*(int *)user = 1;
}

/* A PNG decoded whole by libpng's simplified API, which catches
 * libpng's errors itself. libharu 2.3.0 must never see a PNG that
 * fails to decode: its libpng error handler returns, and libpng then
 * aborts the process. */
static int
png_decodes(const unsigned char *data, size_t len)
{
	png_image img;
	void *px;
	int ok;

	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, data, len))
		return 0;
	img.format = PNG_FORMAT_RGBA;
	if ((px = malloc(PNG_IMAGE_SIZE(img))) == NULL) {
		png_image_free(&img);
		return 0;
	}
	ok = png_image_finish_read(&img, NULL, px, 0, NULL) != 0;
	free(px);
	png_image_free(&img);
	return ok;
}

int
cert_pdf_image_check(const struct cert_image *im)
{
	int kind = image_kind(im), failed = 0;
	HPDF_Doc pdf;
	HPDF_Image img;

	if (kind <= 0 || (kind == 1 && !png_decodes(im->data, im->len)))
		return -1;
	if ((pdf = HPDF_New(on_check_error, &failed)) == NULL)
		return -1;
	img = kind == 1 ? HPDF_LoadPngImageFromMem(pdf, im->data, (HPDF_UINT)im->len) :
	    HPDF_LoadJpegImageFromMem(pdf, im->data, (HPDF_UINT)im->len);
	HPDF_Free(pdf);
	return img != NULL && !failed ? 0 : -1;
}

/* A new document with the fonts, the page, the images and the metadata;
 * 0 or -1. */
static int
pdf_open(struct render *r, const char *font_path)
{
	const struct cert_doc *d = r->d;
	const char *name;
	HPDF_Encoder utf8;

	r->pdf = HPDF_NewEx(on_hpdf_error, hpdf_mem_alloc, hpdf_mem_free, 0,
	    r);
	if (r->pdf == NULL)
		return -1;
	HPDF_SetCompressionMode(r->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(r->pdf);
	HPDF_SetCurrentEncoder(r->pdf, "UTF-8");
	if ((utf8 = HPDF_GetEncoder(r->pdf, "UTF-8")) == NULL)
		return -1;
	utf8->encode_text_fn = hpdf_mem_ucs2;
	name = HPDF_LoadTTFontFromFile(r->pdf, font_path, HPDF_TRUE);
	if (name == NULL || r->hpdf_error)
		return -1;
	r->ming = cert_pdf_ming_font(r, utf8, name);
	r->serif = HPDF_GetFont(r->pdf, "Times-Roman", "WinAnsiEncoding");
	r->bold = HPDF_GetFont(r->pdf, "Times-Bold", "WinAnsiEncoding");
	r->page = HPDF_AddPage(r->pdf);
	if (r->hpdf_error || !r->ming || !r->serif || !r->bold || !r->page)
		return -1;
	r->mem.gids = ((HPDF_FontAttr)r->ming->attr)->fontdef;
	r->logo = load_image(r, &d->logo);
	r->seal = load_image(r, &d->seal);
	if (r->hpdf_error)
		return -1;
	HPDF_Page_SetSize(r->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
	/* Info strings go through the UTF-8 encoder: Chinese is fine. */
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_TITLE, arena_printf(r->a,
	    "%s %s - %s", W->title_zh, W->pdf_title_en, r->holder));
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_AUTHOR, arena_printf(r->a,
	    "%s %s", r->issuer_zh, r->issuer_en));
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_CREATOR, "aicert");
	/* libharu names itself as the producer in every file; the creator
	 * says enough */
	HPDF_Dict_RemoveElement(r->pdf->info, "Producer");
	HPDF_SetInfoDateAttr(r->pdf, HPDF_INFO_CREATION_DATE,
	    pdf_date(d->issued_at));
	return r->hpdf_error ? -1 : 0;
}

/* The finished document as malloc'd bytes; 0 or -1. */
static int
pdf_bytes(struct render *r, unsigned char **out, size_t *len)
{
	HPDF_UINT32 n, got;
	unsigned char *buf;

	if (r->hpdf_error || HPDF_SaveToStream(r->pdf) != HPDF_OK)
		return -1;
	n = HPDF_GetStreamSize(r->pdf);
	if (n == 0 || (buf = malloc(n)) == NULL)
		return -1;
	got = n;
	HPDF_ReadFromStream(r->pdf, buf, &got);
	if (got != n || r->hpdf_error) {
		free(buf);
		return -1;
	}
	*out = buf;
	*len = n;
	return 0;
}

int
cert_pdf_render(const struct cert_doc *d, unsigned char **pdf, size_t *len,
    const char **err)
{
	struct render r;
	hb_blob_t *blob = NULL;
	char path[4096];
	int fd = -1, named = 0, rc = -1;

	*pdf = NULL;
	*len = 0;
	if (cert_pdf_init(NULL, err) != 0)
		return -1;
	memset(&r, 0, sizeof r);
	r.d = d;
	r.a = arena_new();
	r.cps = hb_set_create();	/* empty singleton if out of memory */
	if (!hb_set_allocation_successful(r.cps)) {
		*err = "cert_pdf_out_of_memory";
		goto done;
	}
	if (prepare_all(&r, err) != 0)
		goto done;
	/* Case-sensitive: the QR holds verify_url byte for byte; an
	 * upper-case URL still encodes in alphanumeric mode throughout. */
	errno = 0;
	r.qr = QRcode_encodeString(d->verify_url, 0, QR_ECLEVEL_M, QR_MODE_8,
	    1);
	if (r.qr == NULL) {
		*err = errno == ENOMEM ? "cert_pdf_out_of_memory" :
		    "cert_pdf_url_too_long";
		goto done;
	}
	r.collect = 1;
	cert_pdf_layout(&r);
	r.collect = 0;
	if (!hb_set_allocation_successful(r.cps)) {
		*err = "cert_pdf_out_of_memory";	/* the set lacks code points */
		goto done;
	}
	if ((blob = cert_pdf_subset(r.cps)) == NULL) {
		*err = "cert_pdf_subset_failed";
		goto done;
	}
	if ((fd = cert_pdf_font_file(blob, path, sizeof path, &named)) < 0) {
		*err = "cert_pdf_subset_write";
		goto done;
	}
	if (hpdf_reserve(&r, hb_blob_get_length(blob)) != 0) {
		*err = "cert_pdf_out_of_memory";
		goto done;
	}
	if (pdf_open(&r, path) != 0) {
		*err = r.hpdf_error ? hpdf_message(r.hpdf_error) :
		    "cert_pdf_hpdf_start";
		goto done;
	}
	cert_pdf_layout(&r);
	if (r.hpdf_error == 0 && (cert_pdf_ming_tables(&r) != 0 ||
	    cert_pdf_ming_descriptor(&r, blob) != 0) && r.hpdf_error == 0)
		r.hpdf_error = HPDF_FAILD_TO_ALLOC_MEM;
	if (pdf_bytes(&r, pdf, len) != 0) {
		*err = hpdf_message(r.hpdf_error);
		goto done;
	}
	rc = 0;
done:
	if (r.pdf != NULL)
		HPDF_Free(r.pdf);	/* closes its stream on the font file */
	hpdf_mem = NULL;
	free(r.mem.base);
	if (fd >= 0) {
		if (named)
			unlink(path);
		close(fd);
	}
	hb_blob_destroy(blob);
	hb_set_destroy(r.cps);
	if (r.qr != NULL)
		QRcode_free(r.qr);
	arena_free(r.a);
	return rc;
}

