/*
 * cert_pdf_sfnt.c - the certificate's subset font as bytes: its
 * outlines rounded to 1/256 em (for libharu to load), and the font
 * program the PDF embeds (the glyph tables only); see cert_pdf_int.h.
 * Reads and writes the TrueType (sfnt) tables HarfBuzz wrote: the table
 * directory, glyf and loca, head's checksum adjustment; any surprise in
 * them leaves the font as it was. No dependencies beyond HarfBuzz's
 * blob.
 */
#include <hb.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cert_pdf_int.h"

/* ---- outlines rounded to 1/256 em ----
 *
 * The glyph outlines are most of a certificate's bytes (a Ming glyph
 * of AR PL UMing takes ~600 bytes, ~290 compressed). Every point is
 * rounded to 1/256 em (0.17 pt at the 44 pt name, 0.05 pt at 12 pt,
 * below what print or screen shows), and where the em allows the
 * font's units are made that size (units_scale: UMing's em of 1,024
 * becomes 256, every metric divided with it), so most steps between
 * points fit one byte: the outlines compress ~20 % smaller.
 * The subset's glyf table is rewritten so (simple glyphs re-encoded,
 * their boxes recomputed; composite glyphs copied; .notdef, which the
 * page never draws, emptied), with a new loca (short when it fits);
 * every other table is copied. Any surprise in the font: the
 * subset is kept as HarfBuzz made it. */

#define QUANT 4

struct sfnt_tab {
	uint32_t tag, off, len;
};

static uint32_t
be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* v / d, rounded to the nearest (halves away from zero). */
static int
div_round(int v, int d)
{
	return v >= 0 ? (v + d / 2) / d : -((-v + d / 2) / d);
}

/* Room for the points of one glyph: cap of them (maxp's maxPoints); and
 * how its coordinates are rounded: divided by scale (the font's units
 * made scale times larger) when scale > 1, else to multiples of QUANT. */
struct points {
	size_t cap;
	int scale;
	unsigned char *fl;
	int *xs, *ys;
};

static int
quant(int v, int scale)
{
	return scale > 1 ? div_round(v, scale) :
	    div_round(v, QUANT) * QUANT;
}

/* Re-encodes the simple glyph g (n bytes) into out (room bytes) with
 * rounded points and no instructions, using pt; its length, or 0 if g
 * is not well formed or might not fit (a point takes at most 5 bytes:
 * a flag and two 2-byte deltas). */
static size_t
glyph_round(const unsigned char *g, size_t n, unsigned char *out,
    size_t room, struct points *pt)
{
	size_t nc = be16(g), p, np, i, k, o;
	unsigned char *fl = pt->fl;
	int *xs = pt->xs, *ys = pt->ys, v, xmin = 0, xmax = 0, ymin = 0,
	    ymax = 0;
	size_t ret = 0;

	if (10 + 2 * nc + 2 > n || nc == 0)
		return 0;
	np = be16(g + 10 + 2 * (nc - 1)) + 1;
	if (np > pt->cap || 12 + 2 * nc + 5 * np > room)
		return 0;
	p = 10 + 2 * nc;
	p += 2 + be16(g + p);		/* instructions, dropped */
	for (i = 0; i < np;) {
		unsigned char f, rep = 0;

		if (p >= n)
			goto done;
		f = g[p++];
		if (f & 8) {
			if (p >= n)
				goto done;
			rep = g[p++];
		}
		for (k = 0; k <= rep && i < np; k++)
			fl[i++] = f;
	}
	for (int axis = 0; axis < 2; axis++) {
		int *c = axis ? ys : xs;
		unsigned short_bit = axis ? 4 : 2, same = axis ? 32 : 16;

		v = 0;
		for (i = 0; i < np; i++) {
			if (fl[i] & short_bit) {
				if (p >= n)
					goto done;
				v += fl[i] & same ? g[p] : -g[p];
				p++;
			} else if (!(fl[i] & same)) {
				if (p + 2 > n)
					goto done;
				v += (int16_t)be16(g + p);
				p += 2;
			}
			c[i] = quant(v, pt->scale);
		}
	}
	for (i = 0; i < np; i++) {
		if (i == 0 || xs[i] < xmin)
			xmin = xs[i];
		if (i == 0 || xs[i] > xmax)
			xmax = xs[i];
		if (i == 0 || ys[i] < ymin)
			ymin = ys[i];
		if (i == 0 || ys[i] > ymax)
			ymax = ys[i];
	}
	/* header, end points, no instructions */
	put16(out, (uint32_t)nc);
	put16(out + 2, (uint32_t)xmin);
	put16(out + 4, (uint32_t)ymin);
	put16(out + 6, (uint32_t)xmax);
	put16(out + 8, (uint32_t)ymax);
	memcpy(out + 10, g + 10, 2 * nc);
	o = 10 + 2 * nc;
	put16(out + o, 0);
	o += 2;
	{
		/* flags (runs of equal flags repeated), then x, then y */
		unsigned char *f2 = fl;
		size_t fo = o, xo, yo;
		int px = 0, py = 0;

		for (i = 0; i < np; i++) {
			int dx = xs[i] - px, dy = ys[i] - py;
			unsigned char f = fl[i] & 1;

			px = xs[i];
			py = ys[i];
			if (dx == 0)
				f |= 16;
			else if (dx > -256 && dx < 256)
				f |= 2 | (dx > 0 ? 16 : 0);
			if (dy == 0)
				f |= 32;
			else if (dy > -256 && dy < 256)
				f |= 4 | (dy > 0 ? 32 : 0);
			f2[i] = f;
		}
		for (i = 0; i < np;) {
			size_t j = i;

			while (j + 1 < np && f2[j + 1] == f2[i] && j - i < 255)
				j++;
			if (j > i) {
				out[fo++] = f2[i] | 8;
				out[fo++] = (unsigned char)(j - i);
			} else
				out[fo++] = f2[i];
			i = j + 1;
		}
		xo = fo;
		px = 0;
		for (i = 0; i < np; i++) {
			int dx = xs[i] - px;

			px = xs[i];
			if (f2[i] & 2)
				out[xo++] = (unsigned char)(dx < 0 ? -dx : dx);
			else if (!(f2[i] & 16)) {
				put16(out + xo, (uint32_t)dx);
				xo += 2;
			}
		}
		yo = xo;
		py = 0;
		for (i = 0; i < np; i++) {
			int dy = ys[i] - py;

			py = ys[i];
			if (f2[i] & 4)
				out[yo++] = (unsigned char)(dy < 0 ? -dy : dy);
			else if (!(f2[i] & 32)) {
				put16(out + yo, (uint32_t)dy);
				yo += 2;
			}
		}
		ret = yo;
	}
done:
	return ret;
}

/* The factor by which the font's units are made larger: the em of 256
 * units when the font's em is a multiple of it (UMing's 1,024: 4), so a
 * coordinate rounded to 1/256 em is stored exactly and most deltas
 * between points fit a byte; 1 (the units kept, coordinates rounded to
 * multiples of QUANT) for any other em or when a composite glyph, whose
 * offsets would need scaling too, is present. */
static int
units_scale(const unsigned char *f, const struct sfnt_tab *t, size_t nt,
    size_t head, size_t glyf, size_t loca, size_t ng, int longloca)
{
	uint32_t upem = be16(f + t[head].off + 18);
	const unsigned char *l = f + t[loca].off;

	(void)nt;
	if (upem < 512 || upem % 256 != 0)
		return 1;
	for (size_t i = 0; i < ng; i++) {
		size_t a = longloca ? be32(l + 4 * i) : 2 * be16(l + 2 * i);
		size_t b = longloca ? be32(l + 4 * i + 4) :
		    2 * be16(l + 2 * i + 2);

		if (b >= a + 10 && b <= t[glyf].len &&
		    (int16_t)be16(f + t[glyf].off + a) < 0)
			return 1;
	}
	return (int)(upem / 256);
}

/* Divides the signed (or, with u, unsigned) 16-bit value at p by sc,
 * rounded; nothing if p + 2 is beyond end. */
static void
scale16(unsigned char *p, const unsigned char *end, int sc, int u)
{
	int v;

	if (p + 2 > end)
		return;
	v = u ? (int)be16(p) : (int16_t)be16(p);
	put16(p, (uint32_t)div_round(v, sc));
}

/* The metrics of the table tag (len bytes at p, a copy in the new font)
 * in units sc times larger: the em and box (head), the vertical and
 * horizontal extents (hhea), advances and side bearings (hmtx), the
 * OS/2 and post measures. Other tables hold no lengths libharu or a
 * viewer reads. */
static void
metrics_scale(unsigned char *p, size_t len, uint32_t tag, int sc,
    const unsigned char *f, const struct sfnt_tab *t, size_t nt,
    size_t ng)
{
	static const unsigned char hhea_s[] = { 4, 6, 8, 12, 14, 16, 22 };
	static const unsigned char os2_s[] = { 2, 10, 12, 14, 16, 18, 20, 22,
	    24, 26, 28, 68, 70, 72 };
	static const unsigned char os2_u[] = { 74, 76, 86, 88 };
	const unsigned char *end = p + len;

	switch (tag) {
	case HB_TAG('h', 'e', 'a', 'd'):
		scale16(p + 18, end, sc, 1);
		for (int k = 36; k <= 42; k += 2)
			scale16(p + k, end, sc, 0);
		break;
	case HB_TAG('h', 'h', 'e', 'a'):
		for (size_t k = 0; k < sizeof hhea_s; k++)
			scale16(p + hhea_s[k], end, sc, 0);
		scale16(p + 10, end, sc, 1);
		break;
	case HB_TAG('h', 'm', 't', 'x'): {
		size_t nh = 0;

		for (size_t i = 0; i < nt; i++)
			if (t[i].tag == HB_TAG('h', 'h', 'e', 'a') &&
			    t[i].len >= 36)
				nh = be16(f + t[i].off + 34);
		for (size_t i = 0; i < nh; i++) {
			scale16(p + 4 * i, end, sc, 1);
			scale16(p + 4 * i + 2, end, sc, 0);
		}
		for (size_t i = nh; i < ng; i++)
			scale16(p + 4 * nh + 2 * (i - nh), end, sc, 0);
		break;
	}
	case HB_TAG('O', 'S', '/', '2'):
		for (size_t k = 0; k < sizeof os2_s; k++)
			scale16(p + os2_s[k], end, sc, 0);
		for (size_t k = 0; k < sizeof os2_u; k++)
			if (os2_u[k] < 86 || be16(p) >= 2)
				scale16(p + os2_u[k], end, sc,
				    os2_u[k] < 86);
		break;
	case HB_TAG('p', 'o', 's', 't'):
		scale16(p + 8, end, sc, 0);
		scale16(p + 10, end, sc, 0);
		break;
	default:
		break;
	}
}

static uint32_t
tab_sum(const unsigned char *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 4 <= n; i += 4)
		s += be32(p + i);
	if (i < n) {
		unsigned char b[4] = { 0 };

		memcpy(b, p + i, n - i);
		s += be32(b);
	}
	return s;
}

int
cert_pdf_font_round(const unsigned char *f, size_t n, hb_blob_t **out_blob)
{
	struct points pt = { 0, 1, NULL, NULL, NULL };
	hb_blob_t *blob;
	struct sfnt_tab t[32];
	size_t nt, glyf = 0, loca = 0, head = 0, maxp = 0, ng, cap, o;
	size_t head_at = 0;
	unsigned char *out = NULL, *ng_glyf = NULL, *ng_loca = NULL;
	size_t glen = 0;
	int longloca, shortloca, rc = 1;

	if (n < 12 || (nt = be16(f + 4)) == 0 || nt > 32 ||
	    12 + 16 * nt > n)
		return 1;
	for (size_t i = 0; i < nt; i++) {
		const unsigned char *e = f + 12 + 16 * i;

		t[i].tag = be32(e);
		t[i].off = be32(e + 8);
		t[i].len = be32(e + 12);
		if (t[i].off > n || t[i].len > n - t[i].off)
			return 1;
		if (t[i].tag == HB_TAG('g', 'l', 'y', 'f'))
			glyf = i + 1;
		else if (t[i].tag == HB_TAG('l', 'o', 'c', 'a'))
			loca = i + 1;
		else if (t[i].tag == HB_TAG('h', 'e', 'a', 'd'))
			head = i + 1;
		else if (t[i].tag == HB_TAG('m', 'a', 'x', 'p'))
			maxp = i + 1;
	}
	if (!glyf-- || !loca-- || !head-- || !maxp-- || t[head].len < 54 ||
	    t[maxp].len < 6)
		return 1;
	ng = be16(f + t[maxp].off + 4);
	longloca = be16(f + t[head].off + 50) != 0;
	if (t[loca].len < (ng + 1) * (longloca ? 4 : 2))
		return 1;
	cap = 2 * t[glyf].len + 16 * ng + 16;
	ng_glyf = malloc(cap);
	ng_loca = malloc(4 * (ng + 1));
	/* maxPoints (maxp 1.0), else any glyph's 16-bit count */
	pt.cap = t[maxp].len >= 8 ? be16(f + t[maxp].off + 6) : 65536;
	pt.fl = malloc(pt.cap + 1);
	pt.xs = malloc((pt.cap + 1) * sizeof *pt.xs);
	pt.ys = malloc((pt.cap + 1) * sizeof *pt.ys);
	if (ng_glyf == NULL || ng_loca == NULL || pt.fl == NULL ||
	    pt.xs == NULL || pt.ys == NULL) {
		rc = -1;
		goto fail;
	}
	pt.scale = units_scale(f, t, nt, head, glyf, loca, ng, longloca);
	for (size_t i = 0; i < ng; i++) {
		const unsigned char *l = f + t[loca].off;
		size_t a = longloca ? be32(l + 4 * i) : 2 * be16(l + 2 * i);
		size_t b = longloca ? be32(l + 4 * i + 4) :
		    2 * be16(l + 2 * i + 2);
		const unsigned char *g = f + t[glyf].off + a;
		size_t k = 0;

		if (b < a || b > t[glyf].len)
			goto fail;	/* not as expected: rc 1 */
		put32(ng_loca + 4 * i, (uint32_t)glen);
		if (i == 0)
			continue;	/* .notdef, never drawn: left empty */
		if (b - a >= 10 && (int16_t)be16(g) > 0)
			k = glyph_round(g, b - a, ng_glyf + glen, cap - glen,
			    &pt);
		if (k == 0 && b > a) {	/* composite (or odd): as it was */
			if (b - a + 1 > cap - glen)
				goto fail;	/* rc 1: the font as it was */
			memcpy(ng_glyf + glen, g, b - a);
			k = b - a;
		}
		glen += k;
		if (glen % 2)	/* even offsets, as TrueType asks */
			ng_glyf[glen++] = 0;
	}
	put32(ng_loca + 4 * ng, (uint32_t)glen);
	/* the short loca (offsets / 2) when they fit: every offset is even */
	shortloca = glen / 2 <= 0xffff;
	if (shortloca)
		for (size_t i = 0; i <= ng; i++)
			put16(ng_loca + 2 * i, be32(ng_loca + 4 * i) / 2);
	/* the new font: the same tables, glyf and loca replaced */
	cap = 12 + 16 * nt + glen + 4 * (ng + 1) + 4 * nt;
	for (size_t i = 0; i < nt; i++)
		cap += t[i].len;
	if ((out = calloc(1, cap)) == NULL) {
		rc = -1;
		goto fail;
	}
	memcpy(out, f, 12);
	o = 12 + 16 * nt;
	for (size_t i = 0; i < nt; i++) {
		const unsigned char *src = f + t[i].off;
		size_t len = t[i].len;
		unsigned char *e = out + 12 + 16 * i;

		if (i == glyf) {
			src = ng_glyf;
			len = glen;
		} else if (i == loca) {
			src = ng_loca;
			len = (shortloca ? 2 : 4) * (ng + 1);
		}
		memcpy(out + o, src, len);
		if (i == head) {
			head_at = o;
			put32(out + o + 8, 0);		/* checkSumAdjustment */
			put16(out + o + 50, shortloca ? 0 : 1);
		}
		if (pt.scale > 1)
			metrics_scale(out + o, len, t[i].tag, pt.scale, f, t, nt,
			    ng);
		put32(e, t[i].tag);
		put32(e + 4, tab_sum(out + o, len));
		put32(e + 8, (uint32_t)o);
		put32(e + 12, (uint32_t)len);
		o += len;
		while (o % 4)
			o++;
	}
	put32(out + head_at + 8, 0xb1b0afbau - tab_sum(out, o));
	free(ng_glyf);
	free(ng_loca);
	free(pt.fl);
	free(pt.xs);
	free(pt.ys);
	/* out of memory: HarfBuzz's empty blob, which frees out at once */
	blob = hb_blob_create((const char *)out, (unsigned)o,
	    HB_MEMORY_MODE_WRITABLE, out, free);
	if (hb_blob_get_length(blob) == 0) {
		hb_blob_destroy(blob);
		return -1;
	}
	*out_blob = blob;
	return 0;
fail:
	free(ng_glyf);
	free(ng_loca);
	free(pt.fl);
	free(pt.xs);
	free(pt.ys);
	free(out);
	return rc;
}

/* Its cmap, name, OS/2 and post, which libharu needs to load the font,
 * would cost ~700 bytes of every certificate. */
unsigned char *
cert_pdf_font_program(const unsigned char *f, size_t n, size_t *len)
{
	static const uint32_t keep[] = { HB_TAG('g', 'l', 'y', 'f'),
	    HB_TAG('h', 'e', 'a', 'd'), HB_TAG('h', 'h', 'e', 'a'),
	    HB_TAG('h', 'm', 't', 'x'), HB_TAG('l', 'o', 'c', 'a'),
	    HB_TAG('m', 'a', 'x', 'p') };
	struct sfnt_tab t[6];
	size_t nt, k = 0, cap, o, head_at = 0;
	unsigned char *out;

	if (n < 12 || (nt = be16(f + 4)) == 0 || 12 + 16 * nt > n)
		return NULL;
	for (size_t i = 0; i < nt; i++) {
		const unsigned char *e = f + 12 + 16 * i;
		uint32_t tag = be32(e);

		for (size_t j = 0; j < 6; j++)
			if (keep[j] == tag && k < 6) {
				t[k].tag = tag;
				t[k].off = be32(e + 8);
				t[k].len = be32(e + 12);
				if (t[k].off > n || t[k].len > n - t[k].off)
					return NULL;
				k++;
			}
	}
	if (k != 6)
		return NULL;
	cap = 12 + 16 * 6;
	for (size_t i = 0; i < 6; i++)
		cap += t[i].len + 3;
	if ((out = calloc(1, cap)) == NULL)
		return NULL;
	memcpy(out, f, 4);		/* the sfnt version */
	put16(out + 4, 6);
	put16(out + 6, 64);		/* searchRange for 6 tables */
	put16(out + 8, 2);
	put16(out + 10, 6 * 16 - 64);
	o = 12 + 16 * 6;
	for (size_t i = 0; i < 6; i++) {	/* tags ascending, as read */
		unsigned char *e = out + 12 + 16 * i;

		memcpy(out + o, f + t[i].off, t[i].len);
		if (t[i].tag == HB_TAG('h', 'e', 'a', 'd')) {
			if (t[i].len < 54) {	/* not a head table */
				free(out);
				return NULL;
			}
			head_at = o;
			put32(out + o + 8, 0);	/* checkSumAdjustment */
		}
		put32(e, t[i].tag);
		put32(e + 4, tab_sum(out + o, t[i].len));
		put32(e + 8, (uint32_t)o);
		put32(e + 12, t[i].len);
		o += t[i].len;
		while (o % 4)
			o++;
	}
	put32(out + head_at + 8, 0xb1b0afbau - tab_sum(out, o));
	*len = o;
	return out;
}
