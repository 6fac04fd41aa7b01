/*
 * report_pdf.c - a sitting's report as a PDF; see report_pdf.h.
 *
 * Two passes like the certificate (cert_pdf.c): the text is first made
 * drawable (every character the face lacks, or beyond U+FFFF, becomes
 * the geta mark) while its code points are collected; HarfBuzz subsets
 * the face to them (cert_pdf_font.c); libharu loads the subset and the
 * pages are laid out and drawn. A cell's lines wrap within its column
 * (at a space when one fits), at most WRAP_MAX lines, the last cut with
 * "…"; the row is as tall as its tallest cell. Bounded: the subset holds
 * only the characters used and each character is measured once, so 500
 * learners take well under a second (docs/test-centre.md). libharu's
 * memory is reserved up front and its UTF-8 encoder fed checked buffers,
 * as for the certificate (cert_pdf.c, "libharu's memory"), so running out
 * of memory fails the render instead of crashing inside libharu.
 */
#include "report_pdf.h"

#include <hb.h>
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "cert_pdf_int.h"
#include "utf8.h"

/* A4 landscape, in points. */
#define PW 841.89
#define PH 595.28
#define MARGIN 28.0
#define FS 7.5			/* table text */
#define LH 9.5			/* table line height */
#define HEAD_H 92.0		/* the page header's height */

/* Column widths (points), summing to PW - 2 MARGIN. */
static const double colw[REPORT_PDF_COLS] = { 28, 130, 150, 78, 148, 150, 30, 71 };

struct rp {
	struct arena *a;
	hb_set_t *cps;
	HPDF_Doc pdf;
	HPDF_Page page;
	HPDF_Font font;
	HPDF_STATUS err;
	int npages;
	struct hpdf_mem mem;	/* libharu's memory, reserved up front */
};

static void
on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	struct rp *p = user;

	(void)detail;
	if (p->err == 0)
		p->err = code;
}

/* s made drawable (a copy in the arena), its code points collected. */
static const char *
prep(struct rp *p, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *o, *out;

	if (n == 0)
		return "";
	if (!utf8_valid(s, n))
		return "?";
	out = o = arena_alloc(p->a, 3 * n + 1);
	while (*s) {
		uint32_t cp = cert_pdf_next_cp(&s);

		if (cp == '\n') {
			*o++ = '\n';
			continue;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			cp = ' ';
		if (!cert_pdf_covered(cp))
			cp = GETA;
		hb_set_add(p->cps, cp);
		o += utf8_put(o, cp);
	}
	*o = '\0';
	return out;
}

static double
tw(struct rp *p, const char *s, size_t n, double size)
{
	HPDF_TextWidth w = HPDF_Font_TextWidth(p->font, (const HPDF_BYTE *)s, (HPDF_UINT)n);

	return w.width * size / 1000.0;
}

/* Draws line (n bytes) at x, y in size, cut to maxw with "…". */
static void
text(struct rp *p, double x, double y, const char *line, size_t n, double size, double maxw)
{
	char *t = arena_alloc(p->a, n + 4);

	memcpy(t, line, n);
	t[n] = '\0';
	if (tw(p, t, n, size) > maxw) {
		double ell = tw(p, "…", strlen("…"), size);

		while (n > 0 && tw(p, t, n, size) + ell > maxw) {
			do
				n--;
			while (n > 0 && ((unsigned char)t[n] & 0xc0) == 0x80);
		}
		memcpy(t + n, "…", strlen("…") + 1);
	}
	if (*t == '\0' || p->err)
		return;
	if ((p->mem.ucs2 = malloc(2 * strlen(t))) == NULL) {
		p->err = HPDF_FAILD_TO_ALLOC_MEM;
		return;
	}
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, p->font, (HPDF_REAL)size);
	HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)y, t);
	HPDF_Page_EndText(p->page);
	free(p->mem.ucs2);	/* unused if libharu stopped on an error */
	p->mem.ucs2 = NULL;
}

/* s wrapped to lines at most w points wide in size (at the last space
 * that fits, else between characters), at most WRAP_MAX lines, the last
 * cut with "…" if more would follow; in the arena. Each character is
 * measured once. */
#define WRAP_MAX 12
static const char *
wrap(struct rp *p, const char *s, double w, double size)
{
	size_t n = strlen(s), o = 0;
	char *out = arena_alloc(p->a, 2 * n + 8);
	double x = 0, at_space = -1;
	size_t space_o = 0;
	int lines = 1, cut = 0;

	while (*s) {
		const char *c = s;
		double cw;

		cert_pdf_next_cp(&s);
		if (*c == '\n') {
			if (++lines > WRAP_MAX) {
				cut = 1;
				break;
			}
			out[o++] = '\n';
			x = 0;
			at_space = -1;
			continue;
		}
		cw = tw(p, c, (size_t)(s - c), size);
		if (x + cw > w && x > 0) {
			if (++lines > WRAP_MAX) {
				cut = 1;
				break;
			}
			if (at_space >= 0 && *c != ' ') {
				/* break at the last space: what followed moves down */
				out[space_o] = '\n';
				x -= at_space;
			} else {
				out[o++] = '\n';
				x = 0;
			}
			at_space = -1;
			if (*c == ' ')
				continue;
		}
		if (*c == ' ') {
			at_space = x + cw;
			space_o = o;
		}
		memcpy(out + o, c, (size_t)(s - c));
		o += (size_t)(s - c);
		x += cw;
	}
	out[o] = '\0';
	if (cut) {	/* more than WRAP_MAX lines: the last one ends with "…" */
		char *last = strrchr(out, '\n');

		last = last ? last + 1 : out;
		while (*last && tw(p, last, strlen(last), size) + tw(p, "…", 3, size) > w) {
			size_t k = strlen(last);

			do
				k--;
			while (k > 0 && ((unsigned char)last[k] & 0xc0) == 0x80);
			last[k] = '\0';
		}
		memcpy(last + strlen(last), "…", 4);
	}
	return out;
}

/* p's document, written out, into *pdf (malloc'd) and *len: 0, or -1
 * with *err the reason when libharu failed on the way or memory ran out
 * (*err left as it is when the drawing had failed already). */
static int
take_pdf(struct rp *p, unsigned char **pdf, size_t *len, const char **err)
{
	HPDF_UINT32 n, got;

	if (p->err || HPDF_SaveToStream(p->pdf) != HPDF_OK)
		return -1;
	n = HPDF_GetStreamSize(p->pdf);
	*err = "cert_pdf_out_of_memory";
	if (n == 0 || (*pdf = malloc(n)) == NULL)
		return -1;
	got = n;
	HPDF_ReadFromStream(p->pdf, *pdf, &got);
	if (got != n || p->err) {
		free(*pdf);
		*pdf = NULL;
		*err = "cert_pdf_hpdf_failed";
		return -1;
	}
	*len = n;
	*err = NULL;
	return 0;
}

static int
nlines(const char *s)
{
	int n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Draws the lines of cell s from the top y in column x, w wide. */
static void
cell(struct rp *p, double x, double y, double w, const char *s, double size)
{
	for (int i = 0; *s || i == 0; i++) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		text(p, x + 2, y - (i + 1) * LH + 2, s, n, size, w - 4);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

static void
rule(struct rp *p, double y, double grey)
{
	HPDF_Page_SetGrayStroke(p->page, (HPDF_REAL)grey);
	HPDF_Page_MoveTo(p->page, MARGIN, (HPDF_REAL)y);
	HPDF_Page_LineTo(p->page, (HPDF_REAL)(PW - MARGIN), (HPDF_REAL)y);
	HPDF_Page_Stroke(p->page);
}

/* A new page with the header and the column heads; returns the y
 * below them. */
static double
new_page(struct rp *p, const struct report_pdf_doc *d, const char *const *hd)
{
	double y = PH - MARGIN - 14, x = MARGIN;

	p->page = HPDF_AddPage(p->pdf);
	if (p->page == NULL || p->err)
		return MARGIN;
	p->npages++;
	HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
	text(p, MARGIN, y, hd[0], strlen(hd[0]), 14, PW - 2 * MARGIN);
	y -= 6;
	for (int i = 1; i < 7 && hd[i] != NULL; i++) {
		y -= 11;
		text(p, MARGIN, y, hd[i], strlen(hd[i]), 8.5, PW - 2 * MARGIN);
	}
	y = PH - MARGIN - HEAD_H;
	HPDF_Page_SetRGBFill(p->page, 0.9f, 0.92f, 0.95f);
	HPDF_Page_Rectangle(p->page, MARGIN, (HPDF_REAL)(y - 2 * LH - 2),
	    (HPDF_REAL)(PW - 2 * MARGIN), (HPDF_REAL)(2 * LH + 2));
	HPDF_Page_Fill(p->page);
	HPDF_Page_SetGrayFill(p->page, 0);
	for (int c = 0; c < REPORT_PDF_COLS; c++) {
		cell(p, x, y, colw[c], hd[7 + c], FS);
		x += colw[c];
	}
	y -= 2 * LH + 2;
	rule(p, y, 0.3);
	(void)d;
	return y;
}

int
report_pdf_render(const struct report_pdf_doc *d, unsigned char **pdf, size_t *len,
    const char **err)
{
	struct rp p;
	const char *hd[7 + REPORT_PDF_COLS], **cells = NULL, *totals, *pages_fmt;
	hb_blob_t *blob = NULL;
	char path[4096];
	int fd = -1, named = 0, rc = -1, npages, page;
	size_t ncell = d->nrows * REPORT_PDF_COLS, i, chars = 0;
	double y;
	const char *name;

	*pdf = NULL;
	*len = 0;
	if (cert_pdf_init(NULL, err) != 0)
		return -1;
	memset(&p, 0, sizeof p);
	p.a = arena_new();
	p.cps = hb_set_create();
	*err = "cert_pdf_out_of_memory";
	if (p.a == NULL || !hb_set_allocation_successful(p.cps) ||
	    (cells = calloc(ncell + 1, sizeof *cells)) == NULL)
		goto done;
	/* Pass one: the text made drawable, its characters collected. */
	memset(hd, 0, sizeof hd);
	hd[0] = prep(&p, d->title);
	for (i = 0; i < 6 && d->header[i] != NULL; i++)
		hd[1 + i] = prep(&p, d->header[i]);
	for (i = 0; i < REPORT_PDF_COLS; i++)
		hd[7 + i] = prep(&p, d->heads[i]);
	for (i = 0; i < ncell; i++) {
		cells[i] = prep(&p, d->cells[i]);
		chars += strlen(cells[i]);
	}
	totals = prep(&p, d->totals);
	pages_fmt = prep(&p, d->page_word);
	prep(&p, "0123456789 /…");
	if (!hb_set_allocation_successful(p.cps))
		goto done;
	*err = "cert_pdf_subset_failed";
	if ((blob = cert_pdf_subset(p.cps)) == NULL)
		goto done;
	*err = "cert_pdf_subset_write";
	if ((fd = cert_pdf_font_file(blob, path, sizeof path, &named)) < 0)
		goto done;
	/* libharu's memory in one reservation, as the certificate's
	 * (cert_pdf.c): measured with libharu 2.3.0, a 500-learner report of
	 * 30 pages took 1.65 MB, 3 learners 0.6 MB, 300 of the test's 0.95
	 * MB; this reserves about twice (3.1-3.3, 1.4, 1.8 MB), only the
	 * pages used touched; past it libharu's allocations fall back to
	 * malloc. */
	p.mem.size = 1024 * 1024 + 6 * hb_blob_get_length(blob) + 16 * chars;
	*err = "cert_pdf_out_of_memory";
	if ((p.mem.base = malloc(p.mem.size)) == NULL)
		goto done;
	cert_pdf_mem_use(&p.mem);
	*err = "cert_pdf_hpdf_failed";
	if ((p.pdf = cert_pdf_mem_doc(on_error, &p)) == NULL)
		goto done;
	HPDF_SetCompressionMode(p.pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p.pdf);
	HPDF_SetCurrentEncoder(p.pdf, "UTF-8");
	if (cert_pdf_mem_utf8(p.pdf) != 0)
		goto done;
	if ((name = HPDF_LoadTTFontFromFile(p.pdf, path, HPDF_TRUE)) == NULL ||
	    (p.font = HPDF_GetFont(p.pdf, name, "UTF-8")) == NULL || p.err)
		goto done;
	HPDF_SetInfoAttr(p.pdf, HPDF_INFO_TITLE, hd[0]);
	HPDF_SetInfoAttr(p.pdf, HPDF_INFO_CREATOR, "aicert");
	/* Pass two: the pages. A row that does not fit starts a page. */
	y = new_page(&p, d, hd);
	for (size_t r = 0; r < d->nrows && !p.err; r++) {
		const char *row[REPORT_PDF_COLS];
		int lines = 1;
		double x = MARGIN, h;

		for (int c = 0; c < REPORT_PDF_COLS; c++) {
			row[c] = wrap(&p, cells[r * REPORT_PDF_COLS + c], colw[c] - 4, FS);
			if (nlines(row[c]) > lines)
				lines = nlines(row[c]);
		}
		h = lines * LH + 3;
		if (y - h < MARGIN + 14)
			y = new_page(&p, d, hd);
		if (r % 2 == 1) {
			HPDF_Page_SetGrayFill(p.page, 0.96f);
			HPDF_Page_Rectangle(p.page, MARGIN, (HPDF_REAL)(y - h),
			    (HPDF_REAL)(PW - 2 * MARGIN), (HPDF_REAL)h);
			HPDF_Page_Fill(p.page);
			HPDF_Page_SetGrayFill(p.page, 0);
		}
		for (int c = 0; c < REPORT_PDF_COLS; c++) {
			cell(&p, x, y - 1, colw[c], row[c], FS);
			x += colw[c];
		}
		y -= h;
		rule(&p, y, 0.75);
	}
	if (y - (nlines(totals) + 1) * 11 < MARGIN + 14)
		y = new_page(&p, d, hd);
	y -= 6;
	HPDF_Page_SetGrayFill(p.page, 0);
	for (const char *s = totals; *s;) {
		const char *nl = strchr(s, '\n');
		size_t k = nl ? (size_t)(nl - s) : strlen(s);

		y -= 11;
		text(&p, MARGIN, y, s, k, 9, PW - 2 * MARGIN);
		s = nl ? nl + 1 : s + k;
	}
	/* Page numbers, now that the count is known. */
	npages = p.npages;
	for (page = 0; page < npages && !p.err; page++) {
		char num[96];

		p.page = HPDF_GetPageByIndex(p.pdf, (HPDF_UINT)page);
		snprintf(num, sizeof num, "%s %d / %d", pages_fmt, page + 1, npages);
		text(&p, PW - MARGIN - 160, MARGIN - 12, num, strlen(num), 8, 160);
	}
	rc = take_pdf(&p, pdf, len, err);
done:
	if (p.pdf != NULL)
		HPDF_Free(p.pdf);
	cert_pdf_mem_use(NULL);
	free(p.mem.base);
	if (fd >= 0) {
		if (named)
			unlink(path);
		close(fd);
	}
	hb_blob_destroy(blob);
	hb_set_destroy(p.cps);
	free(cells);
	arena_free(p.a);
	return rc;
}

/* ---- a learner's score report (成績單): one A4-portrait page ---- */

#define SW 595.28
#define SH 841.89
#define SM 42.0			/* margin */
#define LABEL_W 200.0		/* a row's label column */
#define BAR_W 70.0		/* its bar */

/* Draws a bar of percent at x, y (its baseline), h high. */
static void
bar(struct rp *p, double x, double y, double h, double percent)
{
	HPDF_Page_SetRGBFill(p->page, 0.88f, 0.9f, 0.93f);
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)BAR_W, (HPDF_REAL)h);
	HPDF_Page_Fill(p->page);
	if (percent > 0) {
		HPDF_Page_SetRGBFill(p->page, 0.04f, 0.36f, 0.68f);
		HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y,
		    (HPDF_REAL)(BAR_W * (percent > 100 ? 100 : percent) / 100), (HPDF_REAL)h);
		HPDF_Page_Fill(p->page);
	}
	HPDF_Page_SetGrayFill(p->page, 0);
}

static void
srule(struct rp *p, double y, double grey)
{
	HPDF_Page_SetGrayStroke(p->page, (HPDF_REAL)grey);
	HPDF_Page_MoveTo(p->page, SM, (HPDF_REAL)y);
	HPDF_Page_LineTo(p->page, (HPDF_REAL)(SW - SM), (HPDF_REAL)y);
	HPDF_Page_Stroke(p->page);
}

static void
line_at(struct rp *p, double x, double y, const char *s, double size, double maxw)
{
	text(p, x, y, s, strlen(s), size, maxw);
}

int
score_pdf_render(const struct score_pdf_doc *d, unsigned char **pdf, size_t *len,
    const char **err)
{
	struct rp p;
	struct render cr;
	HPDF_Encoder utf8;
	const char *title, *issuer, *contact, *lines[6] = { 0 }, *verdict, *foot, *heads[2];
	const char **labels[2] = { NULL, NULL }, **values[2] = { NULL, NULL };
	hb_blob_t *blob = NULL;
	char path[4096];
	int fd = -1, named = 0, rc = -1;
	size_t nrows = 0, nheads = 0, chars = 0;
	double y, rh, fs, x0;
	HPDF_Image logo = NULL;
	const char *name;

	*pdf = NULL;
	*len = 0;
	if (cert_pdf_init(NULL, err) != 0)
		return -1;
	memset(&p, 0, sizeof p);
	p.a = arena_new();
	p.cps = hb_set_create();
	*err = "cert_pdf_out_of_memory";
	if (p.a == NULL || !hb_set_allocation_successful(p.cps))
		goto done;
	/* Pass one: the text made drawable, its characters collected. */
	title = prep(&p, d->title);
	issuer = prep(&p, d->issuer);
	contact = prep(&p, d->issuer_contact);
	verdict = prep(&p, d->verdict);
	foot = prep(&p, d->foot);
	for (size_t i = 0; i < 6 && d->lines[i] != NULL; i++)
		chars += strlen(lines[i] = prep(&p, d->lines[i]));
	for (int k = 0; k < 2; k++) {
		const struct score_pdf_part *pt = &d->parts[k];

		heads[k] = prep(&p, pt->heading);
		if (pt->nrows == 0)
			continue;
		nheads++;
		nrows += pt->nrows;
		labels[k] = arena_alloc(p.a, pt->nrows * sizeof *labels[k]);
		values[k] = arena_alloc(p.a, pt->nrows * sizeof *values[k]);
		for (size_t i = 0; i < pt->nrows; i++) {
			chars += strlen(labels[k][i] = prep(&p, pt->rows[i].label));
			chars += strlen(values[k][i] = prep(&p, pt->rows[i].value));
		}
	}
	prep(&p, "0123456789 /…");
	if (!hb_set_allocation_successful(p.cps))
		goto done;
	*err = "cert_pdf_subset_failed";
	if ((blob = cert_pdf_subset(p.cps)) == NULL)
		goto done;
	*err = "cert_pdf_subset_write";
	if ((fd = cert_pdf_font_file(blob, path, sizeof path, &named)) < 0)
		goto done;
	/* As for the sitting report, twice what one page takes, and the
	 * logo's bytes several times over (as the certificate). */
	p.mem.size = 1024 * 1024 + 6 * hb_blob_get_length(blob) + 16 * chars +
	    4 * (d->logo ? d->logo_len : 0);
	*err = "cert_pdf_out_of_memory";
	if ((p.mem.base = malloc(p.mem.size)) == NULL)
		goto done;
	cert_pdf_mem_use(&p.mem);
	*err = "cert_pdf_hpdf_failed";
	if ((p.pdf = cert_pdf_mem_doc(on_error, &p)) == NULL)
		goto done;
	HPDF_SetCompressionMode(p.pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p.pdf);
	HPDF_SetCurrentEncoder(p.pdf, "UTF-8");
	if (cert_pdf_mem_utf8(p.pdf) != 0)
		goto done;
	/* The certificate's font: codes are glyph ids, with a ToUnicode
	 * map of its own (cert_pdf_cid.c), so that text copies cleanly. */
	memset(&cr, 0, sizeof cr);
	cr.a = p.a;
	cr.cps = p.cps;
	cr.pdf = p.pdf;
	if ((name = HPDF_LoadTTFontFromFile(p.pdf, path, HPDF_TRUE)) == NULL ||
	    (utf8 = HPDF_GetEncoder(p.pdf, "UTF-8")) == NULL ||
	    (p.font = cr.ming = cert_pdf_ming_font(&cr, utf8, name)) == NULL || p.err)
		goto done;
	p.mem.gids = ((HPDF_FontAttr)cr.ming->attr)->fontdef;
	HPDF_SetInfoAttr(p.pdf, HPDF_INFO_TITLE, title);
	HPDF_SetInfoAttr(p.pdf, HPDF_INFO_CREATOR, "aicert");
	if ((p.page = HPDF_AddPage(p.pdf)) == NULL || p.err)
		goto done;
	HPDF_Page_SetSize(p.page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	/* The issuer: its logo (checked by the caller, as uploads are)
	 * left of its name, as on the certificate. */
	y = SH - SM;
	x0 = SM;
	if (d->logo != NULL && d->logo_len > 0) {
		struct cert_image im = { d->logo, d->logo_len, d->logo_type };

		if (cert_pdf_image_check(&im) == 0)
			logo = d->logo_type && strcmp(d->logo_type, "image/jpeg") == 0 ?
			    HPDF_LoadJpegImageFromMem(p.pdf, d->logo, (HPDF_UINT)d->logo_len) :
			    HPDF_LoadPngImageFromMem(p.pdf, d->logo, (HPDF_UINT)d->logo_len);
		if (logo != NULL && !p.err) {
			double iw = HPDF_Image_GetWidth(logo), ih = HPDF_Image_GetHeight(logo);
			double h = 40, w = ih > 0 ? iw * h / ih : h;

			if (w > 120) {
				h = h * 120 / w;
				w = 120;
			}
			HPDF_Page_DrawImage(p.page, logo, (HPDF_REAL)SM, (HPDF_REAL)(y - h),
			    (HPDF_REAL)w, (HPDF_REAL)h);
			x0 = SM + w + 12;
		}
		if (logo == NULL || p.err) {	/* left out, not the report */
			HPDF_ResetError(p.pdf);
			p.err = 0;
			logo = NULL;
		}
	}
	/* beside a logo, the names in its middle and the title below it */
	line_at(&p, x0, y - (logo ? 20 : 14), issuer, 12, SW - SM - x0);
	if (*contact)
		line_at(&p, x0, y - (logo ? 34 : 28), contact, 8, SW - SM - x0);
	y -= logo ? 72 : 62;
	line_at(&p, SM, y, title, 20, SW - 2 * SM);
	y -= 8;
	srule(&p, y, 0.3);
	for (int i = 0; i < 6 && lines[i] != NULL; i++) {
		y -= 16;
		line_at(&p, SM, y, lines[i], 10.5, SW - 2 * SM);
	}
	y -= 26;
	if (d->passed)
		HPDF_Page_SetRGBFill(p.page, 0.1f, 0.5f, 0.23f);
	else
		HPDF_Page_SetRGBFill(p.page, 0.64f, 0.09f, 0.1f);
	line_at(&p, SM, y, verdict, 15, SW - 2 * SM);
	HPDF_Page_SetGrayFill(p.page, 0);
	y -= 14;
	/* The rows share what is left of the page: up to 18 points each,
	 * shrinking (and their type with them) so that all fit on it. */
	{
		double room = y - SM - 30 - nheads * 26.0;

		rh = nrows > 0 ? room / (double)nrows : 18;
		rh = rh > 18 ? 18 : rh < 6 ? 6 : rh;
		fs = rh * 0.55 > 8 ? 8 : rh * 0.55;
	}
	for (int k = 0; k < 2 && !p.err; k++) {
		const struct score_pdf_part *pt = &d->parts[k];

		if (pt->nrows == 0)
			continue;
		y -= 22;
		line_at(&p, SM, y, heads[k], 11.5, SW - 2 * SM);
		y -= 4;
		srule(&p, y, 0.6);
		for (size_t i = 0; i < pt->nrows; i++) {
			double ind = 12.0 * pt->rows[i].indent, base;

			y -= rh;
			base = y + (rh - fs) / 2 + 1;
			/* an area with competencies beneath it: a light band */
			if (pt->rows[i].indent == 0 && i + 1 < pt->nrows &&
			    pt->rows[i + 1].indent > 0) {
				HPDF_Page_SetRGBFill(p.page, 0.94f, 0.95f, 0.97f);
				HPDF_Page_Rectangle(p.page, SM, (HPDF_REAL)y, (HPDF_REAL)(SW - 2 * SM),
				    (HPDF_REAL)rh);
				HPDF_Page_Fill(p.page);
				HPDF_Page_SetGrayFill(p.page, 0);
			}
			line_at(&p, SM + ind, base, labels[k][i], fs, LABEL_W - ind - 6);
			if (pt->rows[i].percent >= 0)
				bar(&p, SM + LABEL_W, base, fs * 0.8, pt->rows[i].percent);
			line_at(&p, SM + LABEL_W + BAR_W + 8, base, values[k][i], fs,
			    SW - 2 * SM - LABEL_W - BAR_W - 8);
		}
		y -= 4;
	}
	if (*foot)
		line_at(&p, SM, SM - 14, foot, 7.5, SW - 2 * SM);
	if (!p.err && (cert_pdf_ming_tables(&cr) != 0 || cert_pdf_ming_descriptor(&cr, blob) != 0))
		goto done;
	rc = take_pdf(&p, pdf, len, err);
done:
	if (p.pdf != NULL)
		HPDF_Free(p.pdf);
	cert_pdf_mem_use(NULL);
	free(p.mem.base);
	if (fd >= 0) {
		if (named)
			unlink(path);
		close(fd);
	}
	hb_blob_destroy(blob);
	hb_set_destroy(p.cps);
	arena_free(p.a);
	return rc;
}
