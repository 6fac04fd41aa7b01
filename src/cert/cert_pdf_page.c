/*
 * cert_pdf_page.c - what the certificate page says and where: the wording
 * (both languages, in one table), the colours, the drawing helpers
 * (fitting, centring, wrapping, tracking) and the layout of the frame,
 * heading, details and the QR code with how to verify; see
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

static const struct cert_pdf_words *const W = &cert_pdf_words;

/* Colours (sRGB 0..1). */
struct rgb {
	double r, g, b;
};
static const struct rgb NAVY = { 0.122, 0.227, 0.373 };	/* #1F3A5F */
static const struct rgb GOLD = { 0.659, 0.525, 0.310 };	/* #A8864F */
static const struct rgb INK = { 0.102, 0.102, 0.110 };	/* #1A1A1C */
static const struct rgb GREY = { 0.353, 0.384, 0.439 };	/* #5A6270 */

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
			hb_set_add(r->cps, cert_pdf_next_cp(&p));
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
				cert_pdf_next_cp(&next); /* a character */
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
	t = cert_pdf_word(W->title_zh, 1);
	put(r, CX, 440, CENTER, r->serif, 36, &t, 9);
	t = cert_pdf_word(W->title_en, 0);
	put(r, CX, 412, CENTER, r->serif, 16, &t, 3.2);

	colour(r, GREY);
	put_pair(r, CX, 372, &(struct run){ W->certify_zh, 1 }, 11,
	    &(struct run){ W->certify_en, 0 }, r->serif_it, 12, 10);

	colour(r, INK);
	size = fit(r, &r->holder, r->serif, r->holder.ming ? 44 : 36, 620,
	    0);
	put(r, CX, name_y, CENTER, r->serif, size, &r->holder, 0);
	size = fit(r, &r->holder_alt, r->serif_it, 18, 620, 0);
	put(r, CX, 294, CENTER, r->serif_it, size, &r->holder_alt, 0);
	rule(r, CX - 150, CX + 150, 282, 0.6);

	colour(r, GREY);
	put_pair(r, CX, 262, &(struct run){ W->passed_zh, 1 }, 11,
	    &(struct run){ W->passed_en, 0 }, r->serif_it, 12, 10);
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
	detail(r, 160, W->score_zh, W->score_en, &r->score, r->serif, NULL);
	detail(r, 131, W->issued_zh, W->issued_en, &r->issued_en, r->serif,
	    &r->issued_zh);
	detail(r, 102, W->expires_zh, W->expires_en, &r->expires_en,
	    r->serif, &r->expires_zh);
	detail(r, 73, W->serial_zh, W->serial_en, &r->serial, r->sans, NULL);
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
	size = fit(r, &(struct run){ W->verify_zh, 1 }, r->serif, 8.5, w, 0);
	put(r, x, y, LEFT, r->serif, size, &(struct run){ W->verify_zh, 1 }, 0);
	colour(r, GREY);
	y = put_wrapped(r, x, y - 11, r->sans, 7.5, 9,  w,
	    &(struct run){ W->verify_en, 0 }, 0);
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
		    &(struct run){ W->key_zh, 1 }, 0);
		kw += put(r, x + kw + 3, y - 4, LEFT, r->sans, 6,
		    &(struct run){ W->key_en, 0 }, 0);
		put(r, x + kw + 8, y - 4, LEFT, r->mono, 6.5, &r->key, 0);
	}
}

void
cert_pdf_layout(struct render *r)
{
	frame(r);
	heading(r);
	details(r);
	verification(r);
}
