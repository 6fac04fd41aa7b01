/*
 * cert_pdf_font.c - the certificate's Chinese face: AR PL UMing TW (or
 * UKai) found and checked once per process, which code points it maps,
 * and per render the face subset with HarfBuzz to the characters the
 * page draws, written where libharu can open it; see cert_pdf_int.h.
 *
 * libharu 2.3.0 builds a 65,536-entry CID map for an embedded TrueType
 * font, walking the font's cmap for every entry, so a subset of a few
 * dozen glyphs is what makes a render take milliseconds instead of most
 * of a second (measurements in ../shared/notes/certificate-fonts.md).
 * The only process-wide state of the PDF is the face, loaded under a
 * mutex and read-only afterwards. Depends on HarfBuzz (harfbuzz-subset).
 */
#include <errno.h>
#include <fcntl.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cert_pdf.h"
#include "cert_pdf_int.h"

#define FONT_DIR "/usr/share/fonts/truetype/arphic"

static const struct cert_pdf_words *const W = &cert_pdf_words;

/* ---- the font, loaded once per process ---- */

static struct {
	pthread_mutex_t lock;
	hb_face_t *face;		/* NULL until loaded */
	unsigned char cover[65536 / 8];	/* BMP code points the face maps */
} font = { PTHREAD_MUTEX_INITIALIZER, NULL, { 0 } };

int
cert_pdf_covered(uint32_t cp)
{
	return cp < 65536 && (font.cover[cp >> 3] & (1u << (cp & 7)));
}

/* 1 if every character of the UTF-8 string s is in the face. */
static int
all_covered(const char *s)
{
	while (*s)
		if (!cert_pdf_covered(cert_pdf_next_cp(&s)))
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
	const char *zh[] = { W->title_zh, W->certify_zh, W->passed_zh,
	    W->score_zh, W->issued_zh, W->expires_zh, W->never_zh,
	    W->serial_zh, W->verify_zh,
	    "中華民國年月日0123456789 〓" };
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

/* ---- outlines rounded to 1/256 em ----
 *
 * The glyph outlines are most of a certificate's bytes (a Ming glyph
 * of AR PL UMing takes ~600 bytes, ~290 compressed). Rounding every
 * point to a multiple of 4 font units (1/256 em: 0.17 pt at the 44 pt
 * name, 0.05 pt at 12 pt, below what print or screen shows) makes the
 * coordinate bytes repeat, and the outlines compress ~15 % smaller.
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

static int
quant(int v)
{
	return v >= 0 ? (v + QUANT / 2) / QUANT * QUANT :
	    -((-v + QUANT / 2 - 1) / QUANT * QUANT);
}

/* Room for the points of one glyph: cap of them (maxp's maxPoints). */
struct points {
	size_t cap;
	unsigned char *fl;
	int *xs, *ys;
};

/* Re-encodes the simple glyph g (n bytes) into out (room for 2 * n + 16
 * bytes) with rounded points and no instructions, using pt; its length,
 * or 0 if g is not well formed. */
static size_t
glyph_round(const unsigned char *g, size_t n, unsigned char *out,
    struct points *pt)
{
	size_t nc = be16(g), p, np, i, k, o;
	unsigned char *fl = pt->fl;
	int *xs = pt->xs, *ys = pt->ys, v, xmin = 0, xmax = 0, ymin = 0,
	    ymax = 0;
	size_t ret = 0;

	if (10 + 2 * nc + 2 > n || nc == 0)
		return 0;
	np = be16(g + 10 + 2 * (nc - 1)) + 1;
	if (np > pt->cap)
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
			c[i] = quant(v);
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

/* The font f (n bytes, a subset HarfBuzz wrote) with its outlines
 * rounded, as a new blob in *out: 0; 1 if f is not as expected (it is
 * then used as it is); -1 if out of memory (the render fails rather
 * than give other bytes for the same certificate). */
static int
font_round(const unsigned char *f, size_t n, hb_blob_t **out_blob)
{
	struct points pt = { 0, NULL, NULL, NULL };
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
			k = glyph_round(g, b - a, ng_glyf + glen, &pt);
		if (k == 0 && b > a) {	/* composite (or odd): as it was */
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

/* For the PDF: f (n bytes, a font cert_pdf_subset made) with only the
 * tables a CIDFontType2 program needs when the PDF maps CIDs to glyphs
 * itself (CIDToGIDMap): glyf, loca, head, hhea, hmtx, maxp. Its cmap,
 * name, OS/2 and post, which libharu needs to load the font, would
 * cost ~700 bytes of every certificate. Malloc'd, *len bytes; NULL if f
 * is not as expected or out of memory. */
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
			head_at = o;
			if (t[i].len >= 12)
				put32(out + o + 8, 0);
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

/* ---- the subset of one render ---- */

/* The face subset to the code points want, serialized; NULL on
 * failure. HarfBuzz does not return out of memory from set operations
 * or from serializing a face: a set then reports an unsuccessful
 * allocation, and the blob is empty. */
hb_blob_t *
cert_pdf_subset(const hb_set_t *want)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_set_t *cps, *drop, *names;
	hb_face_t *sub = NULL;
	hb_blob_t *blob = NULL;

	if (in == NULL)
		return NULL;
	cps = hb_subset_input_unicode_set(in);
	hb_set_union(cps, want);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	/* libharu embeds only glyf, loca, head, hhea, hmtx, maxp (and
	 * hinting, dropped above); do not spend time on layout tables */
	drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	hb_set_add(drop, HB_TAG('G', 'S', 'U', 'B'));
	hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
	hb_set_add(drop, HB_TAG('G', 'D', 'E', 'F'));
	/* of the names, only the family, style and PostScript name (libharu
	 * reads these; the copyright and licence text would cost ~1 KB) */
	names = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID);
	hb_set_clear(names);
	hb_set_add(names, 1);
	hb_set_add(names, 2);
	hb_set_add(names, 6);
	if (hb_set_allocation_successful(cps) &&
	    hb_set_allocation_successful(drop) &&
	    hb_set_allocation_successful(names))
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
	if (blob != NULL) {
		unsigned n;
		const char *data = hb_blob_get_data(blob, &n);
		hb_blob_t *r = NULL;
		int rc = font_round((const unsigned char *)data, n, &r);

		if (rc != 1) {		/* 1: as HarfBuzz made it */
			hb_blob_destroy(blob);
			blob = r;	/* NULL if out of memory */
		}
	}
	return blob;
}

/* Writes blob where libharu can open it by name: a memfd reached as
 * /proc/self/fd/N, else (no memfd or no /proc) an unlinked-later file
 * in $TMPDIR; *named says which. Returns the descriptor or -1. */
int
cert_pdf_font_file(hb_blob_t *blob, char *path, size_t cap, int *named)
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
