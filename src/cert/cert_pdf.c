/*
 * cert_pdf.c - the certificate PDF; see cert_pdf.h, and certs/README.md for
 * the design drawn here (layout, wording, colours, fonts).
 *
 * One render: the text fields are prepared (validated, and each assigned
 * a base-14 font when it is WinAnsi text or the Ming face otherwise); the
 * page is laid out once only to collect the code points it draws in Ming;
 * HarfBuzz subsets the face to those (no hinting); the subset goes into a
 * memfd that libharu loads as /proc/self/fd/N; the same layout function
 * runs again to draw. libharu 2.3.0 builds a 65,536-entry CID map for an
 * embedded TrueType font, walking the font's cmap for every entry, so a
 * subset of a few dozen glyphs is what makes a render take milliseconds
 * instead of most of a second (measurements in
 * ../shared/notes/certificate-fonts.md).
 *
 * Depends on libharu (hpdf), libqrencode, HarfBuzz (harfbuzz-subset),
 * timefmt.c (dates in the issuer's zone) and the arena. The only
 * process-wide state is the font, loaded once under a mutex and
 * read-only afterwards. Out of memory ends a render with an
 * error, never inside libharu (see "libharu's memory"). Errors are
 * catalog keys (templates/i18n), worded where they are shown.
 */
#include "cert_pdf.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>
#include <math.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arena.h"
#include "timefmt.h"
#include "utf8.h"

#define FONT_DIR "/usr/share/fonts/truetype/arphic"
#define GETA 0x3013		/* 〓, printed for a character we cannot draw */

/* ---- wording: every word the page prints, in one place ---- */

static const struct {
	const char *title_zh, *title_en;
	const char *certify_zh, *certify_en;
	const char *passed_zh, *passed_en;
	const char *score_zh, *score_en;
	const char *issued_zh, *issued_en;
	const char *expires_zh, *expires_en;
	const char *never_zh, *never_en;
	const char *serial_zh, *serial_en;
	const char *verify_zh, *verify_en;
	const char *key_zh, *key_en;
	const char *month_en[12];
	const char *pdf_title_en;	/* PDF Title: "<title_en> - <holder>" */
} W = {
	.title_zh = "成就證書",
	.title_en = "CERTIFICATE OF ACHIEVEMENT",
	.certify_zh = "茲證明",
	.certify_en = "This is to certify that",
	.passed_zh = "通過下列考試",
	.passed_en = "has passed the examination",
	.score_zh = "成績",
	.score_en = "Score",
	.issued_zh = "發證日期",
	.issued_en = "Date of issue",
	.expires_zh = "有效期限",
	.expires_en = "Valid until",
	.never_zh = "永久有效",
	.never_en = "Does not expire",
	.serial_zh = "證書編號",
	.serial_en = "Serial number",
	.verify_zh = "掃描 QR code 或開啟網址向發證單位查驗",
	.verify_en = "Scan the code or open the address to check this "
	    "certificate with the issuer",
	.key_zh = "簽章金鑰",
	.key_en = "Signing key",
	.month_en = { "January", "February", "March", "April", "May",
	    "June", "July", "August", "September", "October", "November",
	    "December" },
	.pdf_title_en = "Certificate of Achievement",
};

/* Colours (sRGB 0..1). */
struct rgb {
	double r, g, b;
};
static const struct rgb NAVY = { 0.122, 0.227, 0.373 };	/* #1F3A5F */
static const struct rgb GOLD = { 0.659, 0.525, 0.310 };	/* #A8864F */
static const struct rgb INK = { 0.102, 0.102, 0.110 };	/* #1A1A1C */
static const struct rgb GREY = { 0.353, 0.384, 0.439 };	/* #5A6270 */

/* ---- the font, loaded once per process ---- */

static struct {
	pthread_mutex_t lock;
	hb_face_t *face;		/* NULL until loaded */
	unsigned char cover[65536 / 8];	/* BMP code points the face maps */
} font = { PTHREAD_MUTEX_INITIALIZER, NULL, { 0 } };

static int
covered(uint32_t cp)
{
	return cp < 65536 && (font.cover[cp >> 3] & (1u << (cp & 7)));
}

/* Decodes the code point at *s (valid UTF-8, not at the NUL) and
 * advances *s past it. */
static uint32_t
next_cp(const char **s)
{
	uint32_t c;

	/* A character has at most 4 bytes, and the NUL ends the text. */
	*s += utf8_next(*s, strnlen(*s, 4), &c);
	return c;
}

/* 1 if every character of the UTF-8 string s is in the face. */
static int
all_covered(const char *s)
{
	while (*s)
		if (!covered(next_cp(&s)))
			return 0;
	return 1;
}

/* 1 if face f's family name (name id 1) is family. */
static int
face_is(hb_face_t *f, const char *family)
{
	char name[128];
	unsigned n = sizeof name;

	if (hb_ot_name_get_utf8(f, HB_OT_NAME_ID_FONT_FAMILY,
	    HB_LANGUAGE_INVALID, &n, name) == 0)
		return 0;
	return strcmp(name, family) == 0;
}

/* Finds the first candidate face in dir; fills font. Caller holds the
 * lock. */
static int
font_load(const char *dir, const char **err)
{
	static const struct {
		const char *file, *family;
	} cand[] = {
		{ "uming.ttc", "AR PL UMing TW" },	/* Taiwan-style Ming */
		{ "ukai.ttc", "AR PL UKai TW" },	/* Taiwan-style Kai */
	};
	const char *zh[] = { W.title_zh, W.certify_zh, W.passed_zh,
	    W.score_zh, W.issued_zh, W.expires_zh, W.never_zh, W.serial_zh,
	    W.verify_zh, W.key_zh, "中華民國年月日0123456789 〓" };
	hb_face_t *face = NULL;
	hb_set_t *cps;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	char path[4096];

	for (size_t i = 0; i < sizeof cand / sizeof *cand && !face; i++) {
		hb_blob_t *blob;
		unsigned n;

		snprintf(path, sizeof path, "%s/%s", dir, cand[i].file);
		if ((blob = hb_blob_create_from_file_or_fail(path)) == NULL)
			continue;
		n = hb_face_count(blob);
		for (unsigned k = 0; k < n && !face; k++) {
			face = hb_face_create(blob, k);
			if (!face_is(face, cand[i].family)) {
				hb_face_destroy(face);
				face = NULL;
			}
		}
		hb_blob_destroy(blob);	/* the face keeps its reference */
	}
	if (face == NULL) {
		*err = "cert_pdf_font_missing";
		return -1;
	}
	hb_face_make_immutable(face);
	memset(font.cover, 0, sizeof font.cover);
	if ((cps = hb_set_create()) == NULL) {
		hb_face_destroy(face);
		*err = "cert_pdf_out_of_memory";
		return -1;
	}
	hb_face_collect_unicodes(face, cps);
	while (hb_set_next(cps, &cp) && cp < 65536)
		font.cover[cp >> 3] |= (unsigned char)(1u << (cp & 7));
	hb_set_destroy(cps);
	for (size_t i = 0; i < sizeof zh / sizeof *zh; i++)
		if (!all_covered(zh[i])) {
			hb_face_destroy(face);
			*err = "cert_pdf_font_incomplete";
			return -1;
		}
	font.face = face;
	return 0;
}

int
cert_pdf_init(const char *font_dir, const char **err)
{
	int rc = 0;

	pthread_mutex_lock(&font.lock);
	if (font.face == NULL)
		rc = font_load(font_dir ? font_dir : FONT_DIR, err);
	pthread_mutex_unlock(&font.lock);
	return rc;
}

void
cert_pdf_free_fonts(void)
{
	pthread_mutex_lock(&font.lock);
	hb_face_destroy(font.face);	/* NULL-safe */
	font.face = NULL;
	pthread_mutex_unlock(&font.lock);
}

/* ---- libharu's memory ----
 *
 * libharu 2.3.0 does not survive a failed allocation: after one it can
 * go on to use the object it did not get (HPDF_SaveToStream crashes so).
 * So a render reserves, in one malloc before the document exists, the memory libharu
 * will take (hpdf_reserve), and HPDF_NewEx's allocator hands it out: a
 * bump region aligned for any type whose frees do nothing (libharu's own
 * pool frees nothing either), freed whole after HPDF_Free. If the
 * reservation fails the render fails before libharu runs; inside it
 * libharu meets no failed allocation. Should a render outgrow its
 * region after all, the rest comes from malloc: only then, with the
 * process out of memory beyond the reserved margin, can libharu still be
 * handed NULL.
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

struct hpdf_mem {
	unsigned char *base;
	size_t size, used;
	char *ucs2;		/* put()'s buffer for the next Ming text */
};

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
 * put() malloc'd and checked before the call, filled as libharu's own
 * would be, one big-endian UCS-2 unit per character (the text is UTF-8
 * within the BMP: prepare() sees to that). */
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
		uint32_t cp = next_cp(&p);

		*o++ = (char)(cp >> 8);
		*o++ = (char)(cp & 0xff);
	}
	*out_len = (HPDF_UINT)(o - buf);
	return buf;
}

/* ---- one render ---- */

/* A piece of text ready to draw: WinAnsi bytes for a base-14 font
 * (ming == 0), or UTF-8 every character of which the face has (ming). */
struct run {
	const char *s;
	int ming;
};

struct render {
	const struct cert_doc *d;
	struct arena *a;
	int collect;		/* 1: the first pass, gathering code points */
	hb_set_t *cps;		/* code points drawn in Ming */
	struct hpdf_mem mem;	/* libharu's memory, reserved up front */
	HPDF_Doc pdf;
	HPDF_Page page;
	HPDF_Font ming, serif, serif_it, sans, mono;
	HPDF_STATUS hpdf_error;	/* libharu's first error; 0 if none */
	QRcode *qr;
	struct run holder, holder_alt, exam_en, exam_zh, issuer_en,
	    issuer_zh, serial, url, key, score, issued_en, issued_zh,
	    expires_en, expires_zh;
};

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

/* The WinAnsi byte for cp, or 0 if it has none. */
static int
winansi(uint32_t cp)
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

/* Makes s (UTF-8) drawable: control characters become spaces; text that
 * WinAnsi holds whole stays Latin (base-14 font), anything else is set
 * whole in Ming with every character the face lacks (or beyond U+FFFF)
 * replaced by GETA. NULL counts as "". -1 if s is not UTF-8. */
static int
prepare(struct render *r, const char *s, struct run *out)
{
	size_t n = s ? strlen(s) : 0;
	const char *p;
	char *o;
	int latin = 1;

	if (n == 0) {
		out->s = "";
		out->ming = 0;
		return 0;
	}
	if (!utf8_valid(s, n))
		return -1;
	for (p = s; *p && latin;) {
		uint32_t cp = next_cp(&p);

		latin = cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || winansi(cp);
	}
	o = arena_alloc(r->a, 3 * n + 1);	/* 〓 for a 1-byte character */
	out->s = o;
	out->ming = !latin;
	for (p = s; *p;) {
		uint32_t cp = next_cp(&p);

		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			cp = ' ';
		if (latin) {
			*o++ = (char)winansi(cp);
			continue;
		}
		if (!covered(cp))
			cp = GETA;
		o += utf8_put(o, cp);
	}
	*o = '\0';
	return 0;
}

/* A constant of the wording: ASCII English or covered Chinese. */
static struct run
word(const char *s, int ming)
{
	struct run t = { s, ming };

	return t;
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
dates(struct render *r, long long t, struct run *en, struct run *zh)
{
	struct timefmt_tm tm;
	char minguo[64];

	if (civil(t, r->d->tz, &tm) != 0 ||
	    timefmt_minguo(&tm, minguo, sizeof minguo) != 0)
		return -1;
	*en = word(arena_printf(r->a, "%d %s %lld", tm.day,
	    W.month_en[tm.month - 1], tm.year), 0);
	*zh = word(arena_strdup(r->a, minguo), 1);
	return 0;
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
	    prepare(r, d->serial, &r->serial) || prepare(r, d->verify_url,
	    &r->url) || prepare(r, d->key_id, &r->key)) {
		*err = "cert_pdf_text_invalid";
		return -1;
	}
	/* 92%, or 92.5% when the tenth shows */
	pct = fabs(d->percent - round(d->percent)) < 0.05 ?
	    arena_printf(r->a, "%.0f%%", d->percent) :
	    arena_printf(r->a, "%.1f%%", d->percent);
	r->score = word(pct, 0);
	if (dates(r, d->issued_at, &r->issued_en, &r->issued_zh) != 0 ||
	    (d->expires_at != 0 && dates(r, d->expires_at, &r->expires_en,
	    &r->expires_zh) != 0)) {
		*err = "cert_pdf_date_range";
		return -1;
	}
	if (d->expires_at == 0) {
		r->expires_en = word(W.never_en, 0);
		r->expires_zh = word(W.never_zh, 1);
	}
	return 0;
}

/* ---- drawing helpers (both passes) ---- */

enum align { LEFT, CENTER, RIGHT };

static HPDF_Font
font_of(const struct render *r, const struct run *t, HPDF_Font latin)
{
	return t->ming ? r->ming : latin;
}

static size_t
count_chars(const struct run *t)
{
	size_t n = strlen(t->s);

	return t->ming ? utf8_chars(t->s, n) : n;	/* WinAnsi: a byte each */
}

/* Width in points of the first n bytes of t at size, with track points
 * between characters; 0 in the collecting pass. */
static double
width_n(struct render *r, const struct run *t, HPDF_Font latin,
    double size, size_t n, double track)
{
	HPDF_TextWidth tw;
	size_t chars;

	if (r->collect || r->hpdf_error)
		return 0;
	tw = HPDF_Font_TextWidth(font_of(r, t, latin),
	    (const HPDF_BYTE *)t->s, (HPDF_UINT)n);
	chars = count_chars(t);
	return tw.width * size / 1000.0 + (chars > 1 ? track *
	    (double)(chars - 1) : 0);
}

static double
width(struct render *r, const struct run *t, HPDF_Font latin, double size,
    double track)
{
	return width_n(r, t, latin, size, strlen(t->s), track);
}

/* size, or smaller so that t fits in maxw. */
static double
fit(struct render *r, const struct run *t, HPDF_Font latin, double size,
    double maxw, double track)
{
	double w = width(r, t, latin, size, track);

	return w > maxw ? size * maxw / w : size;
}

static void
colour(struct render *r, struct rgb c)
{
	if (!r->collect && !r->hpdf_error) {
		HPDF_Page_SetRGBFill(r->page, (HPDF_REAL)c.r, (HPDF_REAL)c.g,
		    (HPDF_REAL)c.b);
		HPDF_Page_SetRGBStroke(r->page, (HPDF_REAL)c.r,
		    (HPDF_REAL)c.g, (HPDF_REAL)c.b);
	}
}

/* Draws t on baseline y, its left end, centre or right end at x, with
 * track points between characters; returns its width. The collecting
 * pass only records the code points of Ming text. */
static double
put(struct render *r, double x, double y, enum align al, HPDF_Font latin,
    double size, const struct run *t, double track)
{
	double w;

	if (r->collect) {
		for (const char *p = t->s; t->ming && *p;)
			hb_set_add(r->cps, next_cp(&p));
		return 0;
	}
	if (r->hpdf_error || *t->s == '\0')
		return 0;
	if (t->ming && (r->mem.ucs2 = malloc(2 * strlen(t->s))) == NULL) {
		r->hpdf_error = HPDF_FAILD_TO_ALLOC_MEM;
		return 0;
	}
	w = width(r, t, latin, size, track);
	x -= al == CENTER ? w / 2 : al == RIGHT ? w : 0;
	HPDF_Page_BeginText(r->page);
	HPDF_Page_SetFontAndSize(r->page, font_of(r, t, latin),
	    (HPDF_REAL)size);
	HPDF_Page_SetCharSpace(r->page, (HPDF_REAL)track);
	HPDF_Page_TextOut(r->page, (HPDF_REAL)x, (HPDF_REAL)y, t->s);
	HPDF_Page_EndText(r->page);
	free(r->mem.ucs2);	/* unused if libharu stopped on an error */
	r->mem.ucs2 = NULL;
	return w;
}

/* Two texts on one baseline, gap points apart, centred on x as a pair:
 * Chinese first, then English (e.g. "茲證明  This is to certify that"). */
static void
put_pair(struct render *r, double x, double y, const struct run *zh,
    double zh_size, const struct run *en, HPDF_Font en_font,
    double en_size, double gap)
{
	double w1 = width(r, zh, r->serif, zh_size, 0);
	double w2 = width(r, en, en_font, en_size, 0);
	double left = x - (w1 + gap + w2) / 2;

	put(r, left, y, LEFT, r->serif, zh_size, zh, 0);
	put(r, left + w1 + gap, y, LEFT, en_font, en_size, en, 0);
}

/* Draws t wrapped to maxw from baseline y down, leading points apart,
 * breaking at spaces (words) or anywhere (by_char, for the URL); returns
 * the baseline below the last line. */
static double
put_wrapped(struct render *r, double x, double y, HPDF_Font latin,
    double size, double leading, double maxw, const struct run *t,
    int by_char)
{
	const char *s = t->s;

	while (*s) {
		size_t n = 0, good = 0;
		struct run line;

		while (s[n]) {
			const char *next = s + n;
			size_t m;
			struct run head = { s, t->ming };

			if (t->ming)
				next_cp(&next);	/* a character */
			else
				next++;		/* a WinAnsi byte */
			m = (size_t)(next - s);
			if (n > 0 && width_n(r, &head, latin, size, m, 0) >
			    maxw)
				break;
			n = m;
			if (by_char || s[n] == ' ' || s[n] == '\0')
				good = n;
		}
		if (good == 0)
			good = n;	/* one word wider than maxw */
		line.s = arena_strndup(r->a, s, good);
		line.ming = t->ming;
		put(r, x, y, LEFT, latin, size, &line, 0);
		y -= leading;
		s += good;
		while (*s == ' ')
			s++;
	}
	return y;
}

/* ---- the page (see certs/README.md) ---- */

#define PW 841.89		/* A4 landscape, points */
#define PH 595.28
#define CX (PW / 2)
#define QR_SIZE 132.0		/* the QR with its 4-module quiet zone */
#define QR_X (PW - 40 - QR_SIZE)
#define QR_Y 40.0

static void
frame(struct render *r)
{
	if (r->collect || r->hpdf_error)
		return;
	colour(r, NAVY);
	HPDF_Page_SetLineWidth(r->page, 2.0);
	HPDF_Page_Rectangle(r->page, 20, 20, PW - 40, PH - 40);
	HPDF_Page_Stroke(r->page);
	colour(r, GOLD);
	HPDF_Page_SetLineWidth(r->page, 0.75);
	HPDF_Page_Rectangle(r->page, 26, 26, PW - 52, PH - 52);
	HPDF_Page_Stroke(r->page);
}

static void
rule(struct render *r, double x0, double x1, double y, double lw)
{
	if (r->collect || r->hpdf_error)
		return;
	colour(r, GOLD);
	HPDF_Page_SetLineWidth(r->page, (HPDF_REAL)lw);
	HPDF_Page_MoveTo(r->page, (HPDF_REAL)x0, (HPDF_REAL)y);
	HPDF_Page_LineTo(r->page, (HPDF_REAL)x1, (HPDF_REAL)y);
	HPDF_Page_Stroke(r->page);
}

/* The QR code as one filled path: each horizontal run of dark modules is
 * one rectangle, so no seams show between squares. */
static void
qr_code(struct render *r)
{
	const QRcode *q = r->qr;
	double m = QR_SIZE / (q->width + 8);

	if (r->collect || r->hpdf_error)
		return;
	HPDF_Page_SetRGBFill(r->page, 0, 0, 0);
	for (int y = 0; y < q->width; y++) {
		const unsigned char *row = q->data + (size_t)y * q->width;

		for (int x = 0; x < q->width;) {
			int x0 = x;

			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			while (x < q->width && (row[x] & 1))
				x++;
			HPDF_Page_Rectangle(r->page,
			    (HPDF_REAL)(QR_X + (4 + x0) * m),
			    (HPDF_REAL)(QR_Y + (4 + q->width - 1 - y) * m),
			    (HPDF_REAL)((x - x0) * m), (HPDF_REAL)m);
		}
	}
	HPDF_Page_Fill(r->page);
}

/* Heading: issuer, title, the holder and the exam, centred. */
static void
heading(struct render *r)
{
	struct run t;
	double size, name_y = r->holder_alt.s[0] ? 319 : 310;

	colour(r, NAVY);
	size = fit(r, &r->issuer_zh, r->serif, 15, 600, 0);
	put(r, CX, 522, CENTER, r->serif, size, &r->issuer_zh, 0);
	colour(r, GREY);
	t = r->issuer_en;
	if (!t.ming) {			/* small capitals, tracked */
		char *u = arena_strdup(r->a, t.s);

		for (char *p = u; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		t.s = u;
	}
	size = fit(r, &t, r->sans, 8.5, 600, t.ming ? 0 : 1.6);
	put(r, CX, 506, CENTER, r->sans, size, &t, t.ming ? 0 : 1.6);
	rule(r, CX - 28, CX + 28, 492, 0.8);

	colour(r, NAVY);
	t = word(W.title_zh, 1);
	put(r, CX, 440, CENTER, r->serif, 36, &t, 9);
	t = word(W.title_en, 0);
	put(r, CX, 412, CENTER, r->serif, 16, &t, 3.2);

	colour(r, GREY);
	put_pair(r, CX, 372, &(struct run){ W.certify_zh, 1 }, 11,
	    &(struct run){ W.certify_en, 0 }, r->serif_it, 12, 10);

	colour(r, INK);
	size = fit(r, &r->holder, r->serif, r->holder.ming ? 44 : 36, 620,
	    0);
	put(r, CX, name_y, CENTER, r->serif, size, &r->holder, 0);
	size = fit(r, &r->holder_alt, r->serif_it, 18, 620, 0);
	put(r, CX, 294, CENTER, r->serif_it, size, &r->holder_alt, 0);
	rule(r, CX - 150, CX + 150, 282, 0.6);

	colour(r, GREY);
	put_pair(r, CX, 262, &(struct run){ W.passed_zh, 1 }, 11,
	    &(struct run){ W.passed_en, 0 }, r->serif_it, 12, 10);
	colour(r, NAVY);
	size = fit(r, &r->exam_zh, r->serif, 19, 660, 0);
	put(r, CX, 234, CENTER, r->serif, size, &r->exam_zh, 0);
	size = fit(r, &r->exam_en, r->serif, 15, 660, 0);
	put(r, CX, 212, CENTER, r->serif, size, &r->exam_en, 0);
}

/* One row of the details: "成績 Score" in grey, then the value(s). */
static void
detail(struct render *r, double y, const char *zh, const char *en,
    const struct run *v1, HPDF_Font f1, const struct run *v2)
{
	const double x0 = 72, x1 = 190;
	double w;

	colour(r, GREY);
	w = put(r, x0, y, LEFT, r->serif, 9.5, &(struct run){ zh, 1 }, 0);
	put(r, x0 + w + 5, y, LEFT, r->sans, 7.5, &(struct run){ en, 0 }, 0);
	colour(r, INK);
	w = put(r, x1, y, LEFT, f1, 12, v1, 0);
	if (v2 != NULL)
		put(r, x1 + w + 12, y, LEFT, r->serif, 10.5, v2, 0);
}

/* Bottom left: score, dates, serial. */
static void
details(struct render *r)
{
	rule(r, 72, PW - 72, 188, 0.4);
	detail(r, 160, W.score_zh, W.score_en, &r->score, r->serif, NULL);
	detail(r, 131, W.issued_zh, W.issued_en, &r->issued_en, r->serif,
	    &r->issued_zh);
	detail(r, 102, W.expires_zh, W.expires_en, &r->expires_en,
	    r->serif, &r->expires_zh);
	detail(r, 73, W.serial_zh, W.serial_en, &r->serial, r->sans, NULL);
}

/* Bottom right: the QR, and beside it how to verify, the URL and key. */
static void
verification(struct render *r)
{
	const double w = 216, x = QR_X - 6 - w;
	double y = QR_Y + QR_SIZE - 4 * QR_SIZE / (r->qr->width + 8) - 7;
	double size;

	qr_code(r);
	colour(r, INK);
	size = fit(r, &(struct run){ W.verify_zh, 1 }, r->serif, 8.5, w, 0);
	put(r, x, y, LEFT, r->serif, size, &(struct run){ W.verify_zh, 1 }, 0);
	colour(r, GREY);
	y = put_wrapped(r, x, y - 11, r->sans, 7.5, 9,  w,
	    &(struct run){ W.verify_en, 0 }, 0);
	/* 6.5 pt Courier, smaller if a long URL would reach the border:
	 * n characters take about n * 0.6 * size * 1.2 * size of area */
	size = sqrt(w * (y - 3 - 48) * 0.85 / (0.72 *
	    (double)count_chars(&r->url)));
	size = size < 6.5 ? size : 6.5;
	colour(r, NAVY);
	y = put_wrapped(r, x, y - 3, r->mono, size, size * 1.2, w, &r->url,
	    1);
	if (r->key.s[0]) {
		double kw;

		colour(r, GREY);
		kw = put(r, x, y - 4, LEFT, r->serif, 6.5,
		    &(struct run){ W.key_zh, 1 }, 0);
		kw += put(r, x + kw + 3, y - 4, LEFT, r->sans, 6,
		    &(struct run){ W.key_en, 0 }, 0);
		put(r, x + kw + 8, y - 4, LEFT, r->mono, 6.5, &r->key, 0);
	}
}

static void
layout(struct render *r)
{
	frame(r);
	heading(r);
	details(r);
	verification(r);
}

/* ---- PDF plumbing ---- */

/* The face subset to the collected code points, serialized; NULL on
 * failure. HarfBuzz does not return out of memory from set operations
 * or from serializing a face: a set then reports an unsuccessful
 * allocation, and the blob is empty. */
static hb_blob_t *
subset(struct render *r)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_set_t *cps, *drop;
	hb_face_t *sub = NULL;
	hb_blob_t *blob = NULL;

	if (in == NULL)
		return NULL;
	cps = hb_subset_input_unicode_set(in);
	hb_set_union(cps, r->cps);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	/* libharu embeds only glyf, loca, head, hhea, hmtx, maxp (and
	 * hinting, dropped above); do not spend time on layout tables */
	drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	hb_set_add(drop, HB_TAG('G', 'S', 'U', 'B'));
	hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
	hb_set_add(drop, HB_TAG('G', 'D', 'E', 'F'));
	if (hb_set_allocation_successful(cps) &&
	    hb_set_allocation_successful(drop))
		sub = hb_subset_or_fail(font.face, in);
	hb_subset_input_destroy(in);
	if (sub != NULL) {
		blob = hb_face_reference_blob(sub);
		hb_face_destroy(sub);
	}
	if (blob != NULL && hb_blob_get_length(blob) == 0) {
		hb_blob_destroy(blob);
		blob = NULL;
	}
	return blob;
}

/* Writes blob where libharu can open it by name: a memfd reached as
 * /proc/self/fd/N, else (no memfd or no /proc) an unlinked-later file
 * in $TMPDIR; *named says which. Returns the descriptor or -1. */
static int
font_file(hb_blob_t *blob, char *path, size_t cap, int *named)
{
	unsigned n;
	const char *data = hb_blob_get_data(blob, &n);
	const char *tmp = getenv("TMPDIR");
	int fd;

	*named = 0;
	fd = memfd_create("aicert-cert-font", MFD_CLOEXEC);
	if (fd >= 0) {
		snprintf(path, cap, "/proc/self/fd/%d", fd);
		if (access(path, R_OK) != 0) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0) {
		snprintf(path, cap, "%s/aicert-font-XXXXXX",
		    tmp && *tmp ? tmp : "/tmp");
		if ((fd = mkstemp(path)) < 0)
			return -1;
		*named = 1;
	}
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, data + off, n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (*named)
				unlink(path);
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	return fd;
}

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

/* Field text for the metadata, UTF-8 within the BMP (libharu's encoder
 * stops there): the Ming run when the field has one, else the caller's
 * text, which then is WinAnsi-representable. */
static const char *
meta(const struct run *t, const char *raw)
{
	return t->ming ? t->s : raw;
}

/* Reserves libharu's memory for this render and makes it the thread's
 * region; 0, or -1 if out of memory. Measured with libharu 2.3.0 on
 * x86-64, a render takes about 0.6 MB, plus 2.8 bytes per byte of the
 * subset font, plus 3 per byte of the fields' text: 0.64 MB for a usual
 * certificate, 2.4 MB with every field at its limit in distinct Chinese
 * characters, 5.5 MB with 1,000-character issuer names. The reservation
 * is at least twice what each of those took; only the pages used are
 * touched. */
static int
hpdf_reserve(struct render *r, size_t font_len)
{
	const struct run *t[] = { &r->holder, &r->holder_alt, &r->exam_en,
	    &r->exam_zh, &r->issuer_en, &r->issuer_zh, &r->serial, &r->url,
	    &r->key };
	size_t text = 0;

	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		text += strlen(t[i]->s);
	r->mem.size = 1280 * 1024 + 6 * font_len + 16 * text;
	if ((r->mem.base = malloc(r->mem.size)) == NULL)
		return -1;
	hpdf_mem = &r->mem;
	return 0;
}

/* A new document with the fonts, the page and the metadata; 0 or -1. */
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
	r->ming = HPDF_GetFont(r->pdf, name, "UTF-8");
	r->serif = HPDF_GetFont(r->pdf, "Times-Roman", "WinAnsiEncoding");
	r->serif_it = HPDF_GetFont(r->pdf, "Times-Italic", "WinAnsiEncoding");
	r->sans = HPDF_GetFont(r->pdf, "Helvetica", "WinAnsiEncoding");
	r->mono = HPDF_GetFont(r->pdf, "Courier", "WinAnsiEncoding");
	r->page = HPDF_AddPage(r->pdf);
	if (r->hpdf_error || !r->ming || !r->serif || !r->serif_it ||
	    !r->sans || !r->mono || !r->page)
		return -1;
	HPDF_Page_SetSize(r->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
	/* Info strings go through the UTF-8 encoder: Chinese is fine. */
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_TITLE, arena_printf(r->a,
	    "%s %s - %s", W.title_zh, W.pdf_title_en,
	    meta(&r->holder, d->holder)));
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_AUTHOR, arena_printf(r->a,
	    "%s %s", meta(&r->issuer_zh, d->issuer_zh),
	    meta(&r->issuer_en, d->issuer_en)));
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_SUBJECT, arena_printf(r->a,
	    "%s %s - %s", meta(&r->exam_zh, d->exam_zh),
	    meta(&r->exam_en, d->exam_en), meta(&r->serial, d->serial)));
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_CREATOR, "aicert");
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
	layout(&r);
	r.collect = 0;
	hb_set_add(r.cps, ' ');
	if (!hb_set_allocation_successful(r.cps)) {
		*err = "cert_pdf_out_of_memory";	/* the set lacks code points */
		goto done;
	}
	if ((blob = subset(&r)) == NULL) {
		*err = "cert_pdf_subset_failed";
		goto done;
	}
	if ((fd = font_file(blob, path, sizeof path, &named)) < 0) {
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
	layout(&r);
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
