/*
 * cert_pdf_page.c - what the certificate page says and where: the wording
 * (both languages, in one table), the colours, the drawing helpers
 * (script runs, fitting, centring, tracking) and the layout of the
 * frame, heading, details, signature, QR code and how to verify; see
 * certs/README.md for the design drawn here, cert_pdf_int.h for the
 * render it draws into.
 *
 * Every function runs in both passes of a render: the collecting pass
 * only gathers the code points drawn in Ming (for the subset), the
 * drawing pass draws with libharu. Depends on libharu and the arena.
 */
#include <hb.h>
#include <hpdf.h>
#include <math.h>
#include <qrencode.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cert_pdf_int.h"
#include "utf8.h"

/* ---- wording: every word the page prints, in one place ---- */

const struct cert_pdf_words cert_pdf_words = {
	.title_zh = "合格證書",
	.title_en = "CERTIFICATE",
	.certify_zh = "茲證明",
	.certify_en = "This is to certify that",
	.passed_zh = "經考試合格",
	.passed_en = "has passed the examination",
	.score_zh = "成績",
	.score_en = "Score",
	.issued_zh = "發證日期",
	.issued_en = "Date of issue",
	.expires_zh = "有效期限",
	.expires_en = "Valid until",
	.never_zh = "永久有效",
	.never_en = "Does not expire",
	.serial_zh = "證書字號",
	.serial_en = "Certificate No.",
	.verify_zh = "驗證",
	.verify_en = "Verify:",
	.month_en = { "January", "February", "March", "April", "May",
	    "June", "July", "August", "September", "October", "November",
	    "December" },
	.pdf_title_en = "Certificate",
	.programme_zh = "完成學程",
	.programme_en = "has completed the programme",
	.parts_zh = "科目",
	.parts_en = "Parts:",
};

static const struct cert_pdf_words *const W = &cert_pdf_words;

/* Colours (sRGB 0..1). */
struct rgb {
	double r, g, b;
};
static const struct rgb NAVY = { 0.122, 0.227, 0.373 };	/* #1F3A5F */
static const struct rgb GOLD = { 0.659, 0.525, 0.310 };	/* #A8864F */
static const struct rgb INK = { 0.102, 0.102, 0.110 };	/* #1A1A1C */
static const struct rgb GREY = { 0.290, 0.318, 0.365 };	/* #4A515D,
								 * 8:1 on white */

/* ---- drawing helpers (both passes) ---- */

enum align { LEFT, CENTER, RIGHT };

/* A stretch of text in one font: WinAnsi bytes for Times, or UTF-8 for
 * the Ming face. */
struct seg {
	const char *s;
	size_t len, chars;
	int ming;
};

/* 1 if cp is set in Times (WinAnsi has it), 0 if in Ming. */
static int
latin(uint32_t cp)
{
	return cert_pdf_winansi(cp) != 0;
}

/* The next stretch of s (drawable UTF-8) from *p in one script, made
 * ready for its font in buf (room for strlen(s) + 1 bytes); 0 at the
 * end. */
static int
next_seg(const char **p, char *buf, struct seg *g)
{
	const char *q = *p;
	char *o = buf;
	int lat;

	if (*q == '\0')
		return 0;
	{
		const char *t = q;

		lat = latin(cert_pdf_next_cp(&t));
	}
	g->chars = 0;
	while (*q) {
		const char *t = q;
		uint32_t cp = cert_pdf_next_cp(&t);

		if (latin(cp) != lat)
			break;
		if (lat)
			*o++ = (char)cert_pdf_winansi(cp);
		else {
			memcpy(o, q, (size_t)(t - q));
			o += t - q;
		}
		g->chars++;
		q = t;
	}
	*o = '\0';
	g->s = buf;
	g->len = (size_t)(o - buf);
	g->ming = !lat;
	*p = q;
	return 1;
}

static HPDF_Font
seg_font(const struct render *r, const struct seg *g, HPDF_Font lat)
{
	return g->ming ? r->ming : lat;
}

static double
seg_width(struct render *r, const struct seg *g, HPDF_Font lat,
    double size)
{
	HPDF_TextWidth tw = HPDF_Font_TextWidth(seg_font(r, g, lat),
	    (const HPDF_BYTE *)g->s, (HPDF_UINT)g->len);

	return tw.width * size / 1000.0;
}

/* Width in points of s in lat (Times) and Ming at size, with track
 * points between characters; 0 in the collecting pass. */
static double
width(struct render *r, const char *s, HPDF_Font lat, double size,
    double track)
{
	char *buf;
	struct seg g;
	double w = 0;
	size_t chars = 0;

	if (r->collect || r->hpdf_error || *s == '\0')
		return 0;
	buf = arena_alloc(r->a, strlen(s) + 1);
	while (next_seg(&s, buf, &g)) {
		w += seg_width(r, &g, lat, size);
		chars += g.chars;
	}
	return w + track * (double)(chars - 1);
}

/* size, or smaller so that s fits in maxw. */
static double
fit(struct render *r, const char *s, HPDF_Font lat, double size,
    double maxw, double track)
{
	double w = width(r, s, lat, size, track);

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

/* Draws s on baseline y, its left end, centre or right end at x, with
 * track points between characters; returns its width. Latin stretches
 * are set in lat (Times-Roman or Times-Bold), the others in Ming, one
 * after the other on the same baseline: one text object, placed once,
 * each stretch starting where the one before ended as the viewer drew
 * it. (Times is not embedded: a viewer without it draws a substitute of
 * other widths, and stretches placed by Times' widths would then
 * overlap or gape.) The collecting pass only records the code points
 * set in Ming. */
static double
put(struct render *r, double x, double y, enum align al, HPDF_Font lat,
    double size, const char *s, double track)
{
	char *buf;
	struct seg g;
	double w;

	if (r->collect) {
		for (const char *p = s; *p;) {
			uint32_t cp = cert_pdf_next_cp(&p);

			if (!latin(cp))
				hb_set_add(r->cps, cp);
		}
		return 0;
	}
	if (r->hpdf_error || *s == '\0')
		return 0;
	w = width(r, s, lat, size, track);
	x -= al == CENTER ? w / 2 : al == RIGHT ? w : 0;
	buf = arena_alloc(r->a, strlen(s) + 1);
	HPDF_Page_BeginText(r->page);
	HPDF_Page_SetCharSpace(r->page, (HPDF_REAL)track);
	HPDF_Page_MoveTextPos(r->page, (HPDF_REAL)x, (HPDF_REAL)y);
	while (!r->hpdf_error && next_seg(&s, buf, &g)) {
		if (g.ming && (r->mem.ucs2 = malloc(2 * g.len)) == NULL) {
			r->hpdf_error = HPDF_FAILD_TO_ALLOC_MEM;
			break;
		}
		HPDF_Page_SetFontAndSize(r->page, seg_font(r, &g, lat),
		    (HPDF_REAL)size);
		HPDF_Page_ShowText(r->page, g.s);
		free(r->mem.ucs2);	/* unused if libharu stopped */
		r->mem.ucs2 = NULL;
	}
	HPDF_Page_EndText(r->page);
	return w;
}

/* Two texts on one baseline, gap points apart, centred on x as a pair:
 * Chinese first, then English (e.g. "茲證明  This is to certify that"). */
static void
put_pair(struct render *r, double x, double y, const char *zh,
    double zh_size, const char *en, double en_size, double gap)
{
	double w1 = width(r, zh, r->serif, zh_size, 0);
	double w2 = width(r, en, r->serif, en_size, 0);
	double left = x - (w1 + gap + w2) / 2;

	put(r, left, y, LEFT, r->serif, zh_size, zh, 0);
	put(r, left + w1 + gap, y, LEFT, r->serif, en_size, en, 0);
}

/* Draws im scaled to fit a box w x h points (keeping its proportions),
 * centred in it; the box's lower left corner at x, y. */
static void
image(struct render *r, HPDF_Image im, double x, double y, double w,
    double h, enum align al)
{
	double iw, ih, k;

	if (r->collect || r->hpdf_error || im == NULL)
		return;
	iw = HPDF_Image_GetWidth(im);
	ih = HPDF_Image_GetHeight(im);
	if (iw <= 0 || ih <= 0)
		return;
	k = w / iw < h / ih ? w / iw : h / ih;
	x += al == CENTER ? (w - iw * k) / 2 : al == RIGHT ? w - iw * k : 0;
	HPDF_Page_DrawImage(r->page, im, (HPDF_REAL)x,
	    (HPDF_REAL)(y + (h - ih * k) / 2), (HPDF_REAL)(iw * k),
	    (HPDF_REAL)(ih * k));
}

/* ---- the page (see certs/README.md) ---- */

#define PW 841.89		/* A4 landscape, points */
#define PH 595.28
#define CX (PW / 2)
#define QR_SIZE 132.0		/* the QR with its 4-module quiet zone */
#define QR_X (PW - 40 - QR_SIZE)
#define QR_Y 40.0
#define LX 60.0			/* left edge of the bottom band */

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
rule(struct render *r, double x0, double x1, double y, double lw,
    struct rgb c)
{
	if (r->collect || r->hpdf_error)
		return;
	colour(r, c);
	HPDF_Page_SetLineWidth(r->page, (HPDF_REAL)lw);
	HPDF_Page_MoveTo(r->page, (HPDF_REAL)x0, (HPDF_REAL)y);
	HPDF_Page_LineTo(r->page, (HPDF_REAL)x1, (HPDF_REAL)y);
	HPDF_Page_Stroke(r->page);
}

/* The QR code as one filled path: each horizontal run of dark modules is
 * one rectangle, so no seams show between squares. Drawn in module
 * units (the matrix scales them), so every number is a small integer. */
static void
qr_code(struct render *r)
{
	const QRcode *q = r->qr;
	double m = QR_SIZE / (q->width + 8);

	if (r->collect || r->hpdf_error)
		return;
	HPDF_Page_GSave(r->page);
	HPDF_Page_Concat(r->page, (HPDF_REAL)m, 0, 0, (HPDF_REAL)m,
	    (HPDF_REAL)(QR_X + 4 * m), (HPDF_REAL)(QR_Y + 4 * m));
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
			HPDF_Page_Rectangle(r->page, (HPDF_REAL)x0,
			    (HPDF_REAL)(q->width - 1 - y),
			    (HPDF_REAL)(x - x0), 1);
		}
	}
	HPDF_Page_Fill(r->page);
	HPDF_Page_GRestore(r->page);
}

/* 1 if s has a character set in Ming. */
static int
any_ming(const char *s)
{
	while (*s)
		if (!latin(cert_pdf_next_cp(&s)))
			return 1;
	return 0;
}

/* Upper-case ASCII letters of s (drawable UTF-8), in the arena. */
static const char *
upper(struct render *r, const char *s)
{
	char *u = arena_strdup(r->a, s);

	for (char *p = u; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return u;
}

/* Heading: logo, issuer, title, the holder and the exam, centred. */
static void
heading(struct render *r)
{
	const char *en;
	double size, name_y = r->holder_alt[0] ? 322 : 312, up;

	image(r, r->logo, 44, 500, 120, 52, LEFT);
	colour(r, NAVY);
	size = fit(r, r->issuer_zh, r->serif, 17, 520, 0);
	put(r, CX, 526, CENTER, r->serif, size, r->issuer_zh, 0);
	colour(r, GREY);
	en = upper(r, r->issuer_en);
	if (r->issuer_short[0])
		en = arena_printf(r->a, "%s (%s)", en, r->issuer_short);
	size = fit(r, en, r->serif, 10, 520, 0.8);
	put(r, CX, 509, CENTER, r->serif, size, en, 0.8);
	rule(r, CX - 28, CX + 28, 496, 0.8, GOLD);

	colour(r, NAVY);
	put(r, CX, 448, CENTER, r->serif, 36, W->title_zh, 10);
	put(r, CX, 420, CENTER, r->bold, 15, W->title_en, 4);

	colour(r, GREY);
	put_pair(r, CX, 380, W->certify_zh, 12, W->certify_en, 12.5, 10);

	colour(r, INK);
	/* a name all in Times is set smaller: Latin letters look larger
	 * than Chinese characters at one size */
	size = fit(r, r->holder, r->serif, any_ming(r->holder) ? 44 : 36, 620,
	    0);
	put(r, CX, name_y, CENTER, r->serif, size, r->holder, 0);
	size = fit(r, r->holder_alt, r->serif, 18, 620, 0);
	put(r, CX, 297, CENTER, r->serif, size, r->holder_alt, 0);
	rule(r, CX - 150, CX + 150, 285, 0.6, GOLD);

	colour(r, GREY);
	if (r->parts[0] != '\0')
		put_pair(r, CX, 265, W->programme_zh, 12, W->programme_en, 12.5, 10);
	else
		put_pair(r, CX, 265, W->passed_zh, 12, W->passed_en, 12.5, 10);
	colour(r, NAVY);
	if (r->parts[0] != '\0') {
		/* a programme's: its title a little higher, its exams beneath */
		size = fit(r, r->exam_zh, r->serif, 18, 660, 0);
		put(r, CX, 242, CENTER, r->serif, size, r->exam_zh, 0);
		size = fit(r, r->exam_en, r->serif, 14, 660, 0);
		put(r, CX, 224, CENTER, r->serif, size, r->exam_en, 0);
		colour(r, GREY);
		size = fit(r, r->parts, r->serif, 9, 680, 0);
		put(r, CX, 208, CENTER, r->serif, size, r->parts, 0);
		return;
	}
	/* a line of competency areas beneath lifts the exam's titles */
	up = r->areas[0] ? 4 : 0;
	size = fit(r, r->exam_zh, r->serif, 19, 660, 0);
	put(r, CX, 238 + up, CENTER, r->serif, size, r->exam_zh, 0);
	size = fit(r, r->exam_en, r->serif, 15, 660, 0);
	put(r, CX, 216 + up, CENTER, r->serif, size, r->exam_en, 0);
	/* the competency areas certified, one small line above the rule */
	if (r->areas[0]) {
		const char *s = r->areas;

		colour(r, GREY);
		/* the collecting pass measures nothing: it takes both */
		if (r->collect || (fit(r, s, r->serif, 9, PW - 2 * LX, 0) < 9 && r->areas_short[0]))
			s = r->collect ? arena_printf(r->a, "%s%s", r->areas, r->areas_short) :
			    r->areas_short;
		if (!r->collect)
			size = fit(r, s, r->serif, 9, PW - 2 * LX, 0);
		put(r, CX, 205, CENTER, r->serif, size, s, 0);
	}
}

/* One row of the details: "成績 Score" in grey, then the value, and the
 * second value (the Minguo date) after three spaces on the same line. */
static void
detail(struct render *r, double y, const char *zh, const char *en,
    const char *v1, const char *v2)
{
	const double x1 = LX + 130;

	colour(r, GREY);
	put(r, LX, y, LEFT, r->serif, 10, arena_printf(r->a, "%s %s", zh, en),
	    0);
	colour(r, INK);
	put(r, x1, y, LEFT, r->serif, 12, v2 ? arena_printf(r->a,
	    "%s   %s", v1, v2) : v1, 0);
}

/* Bottom left: score, dates, serial. */
static void
details(struct render *r)
{
	rule(r, LX, PW - LX, 200, 0.4, GOLD);
	detail(r, 176, W->score_zh, W->score_en, r->score, NULL);
	detail(r, 154, W->issued_zh, W->issued_en, r->issued_en,
	    r->issued_zh);
	detail(r, 132, W->expires_zh, W->expires_en, r->expires_en,
	    r->expires_zh);
	detail(r, 110, W->serial_zh, W->serial_en, r->serial, NULL);
}

/* Bottom middle: the signing officer's line, name and title in both
 * languages beneath it, and the seal stamped across the line's end as
 * an office's 印信 is. */
#define SIG_X0 424.0
#define SIG_X1 584.0
#define SIG_Y 112.0

static void
signature(struct render *r)
{
	double cx = (SIG_X0 + SIG_X1) / 2;

	if (r->officer_zh[0] || r->officer_en[0]) {
		const char *zh = r->otitle_zh[0] ? arena_printf(r->a,
		    "%s %s", r->otitle_zh, r->officer_zh) : r->officer_zh;
		const char *en = r->otitle_en[0] ? arena_printf(r->a,
		    "%s, %s", r->officer_en, r->otitle_en) : r->officer_en;
		double size;

		rule(r, SIG_X0, SIG_X1, SIG_Y, 0.6, INK);
		colour(r, INK);
		size = fit(r, zh, r->serif, 12, SIG_X1 - SIG_X0, 0);
		put(r, cx, SIG_Y - 15, CENTER, r->serif, size, zh, 0);
		size = fit(r, en, r->serif, 10, SIG_X1 - SIG_X0, 0);
		put(r, cx, SIG_Y - 28, CENTER, r->serif, size, en, 0);
	}
	image(r, r->seal, SIG_X1 - 6, SIG_Y - 34, 64, 64, CENTER);
}

/* The line a person types from: "驗證 Verify: ADDRESS · SERIAL · CODE",
 * and the issuer's contact line beneath it. */
static void
verify_line(struct render *r)
{
	const char *s = arena_printf(r->a, "%s %s %s%s%s%s%s", W->verify_zh,
	    W->verify_en, r->addr, r->addr[0] ? " \u00b7 " : "", r->serial,
	    r->check[0] ? " \u00b7 " : "", r->check);
	double size, maxw = QR_X - 12 - LX;

	colour(r, INK);
	size = fit(r, s, r->serif, 11, maxw, 0);
	put(r, LX, 62, LEFT, r->serif, size, s, 0);
	colour(r, GREY);
	size = fit(r, r->contact, r->serif, 9, maxw, 0);
	put(r, LX, 44, LEFT, r->serif, size, r->contact, 0);
}

void
cert_pdf_layout(struct render *r)
{
	frame(r);
	heading(r);
	details(r);
	signature(r);
	verify_line(r);
	qr_code(r);
}
