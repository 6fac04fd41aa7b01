/*
 * cert_pdf_int.h - what the files of the certificate PDF share:
 * cert_pdf.c (one render: the fields made drawable, libharu's document
 * and memory), cert_pdf_cid.c (the Ming font as the PDF sees it: glyph
 * ids, widths, ToUnicode, the embedded program), cert_pdf_font.c (the
 * Ming face, loaded once, and its subset per render; HarfBuzz),
 * cert_pdf_sfnt.c (the subset's bytes: outlines rounded, the program)
 * and cert_pdf_page.c (the wording, and the page drawn in both
 * passes). The public interface is cert_pdf.h. report_pdf.c (a sitting's report) borrows the face and its
 * subset: cert_pdf_covered, cert_pdf_subset, cert_pdf_font_file, GETA.
 * Depends on libharu, HarfBuzz, libqrencode and the arena.
 */
#ifndef AICERT_CERT_PDF_INT_H
#define AICERT_CERT_PDF_INT_H

#include <hb.h>
#include <hpdf.h>
#include <qrencode.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "cert_pdf.h"
#include "utf8.h"

#define GETA 0x3013		/* 〓, printed for a character we cannot draw */

/* cert_pdf_page.c: every word the page prints, in one place. Each file
 * reads it through a local pointer W. */
struct cert_pdf_words {
	const char *title_zh, *title_en;
	const char *certify_zh, *certify_en;
	const char *passed_zh, *passed_en;
	const char *score_zh, *score_en;
	const char *issued_zh, *issued_en;
	const char *expires_zh, *expires_en;
	const char *never_zh, *never_en;
	const char *serial_zh, *serial_en;
	const char *verify_zh, *verify_en;
	const char *month_en[12];
	const char *pdf_title_en;	/* PDF Title: "<title_en> - <holder>" */
	const char *programme_zh, *programme_en;	/* a programme's, for passed_* */
	const char *parts_zh, *parts_en;		/* before its exams */
};
extern const struct cert_pdf_words cert_pdf_words;

/* libharu's memory for one render, reserved up front (cert_pdf.c says
 * why and how). */
struct hpdf_mem {
	unsigned char *base;
	size_t size, used;
	char *ucs2;		/* put()'s buffer for the next Ming text */
	HPDF_FontDef gids;	/* the certificate's face: the encoder writes
				 * its glyph ids; NULL: Unicode (UCS-2) */
};

/* One render: the document, its fields made drawable, and the pass.
 * Every text is UTF-8 that the page can draw: each character is either
 * in WinAnsi (set in Times) or in the Ming face (cert_pdf_covered). */
struct render {
	const struct cert_doc *d;
	struct arena *a;
	int collect;		/* 1: the first pass, gathering code points */
	hb_set_t *cps;		/* code points drawn in Ming */
	struct hpdf_mem mem;	/* libharu's memory, reserved up front */
	HPDF_Doc pdf;
	HPDF_Page page;
	HPDF_Font ming, serif, bold;
	HPDF_Image logo, seal;	/* NULL when the issuer has none */
	HPDF_STATUS hpdf_error;	/* libharu's first error; 0 if none */
	QRcode *qr;
	const char *holder, *holder_alt, *exam_en, *exam_zh, *issuer_en,
	    *issuer_zh, *issuer_short, *contact, *officer_zh, *officer_en,
	    *otitle_zh, *otitle_en, *serial, *check, *addr, *score,
	    *issued_en, *issued_zh, *expires_en, *expires_zh;
	const char *areas, *areas_short;	/* "" when none */
	const char *parts;	/* "" when the certificate is no programme's */
};

/* cert_pdf.c: the WinAnsi byte for cp, or 0 if it has none. */
int cert_pdf_winansi(uint32_t cp);

/* Decodes the code point at *s (valid UTF-8, not at the NUL) and
 * advances *s past it. */
static inline uint32_t
cert_pdf_next_cp(const char **s)
{
	uint32_t c;

	/* A character has at most 4 bytes, and the NUL ends the text. */
	*s += utf8_next(*s, strnlen(*s, 4), &c);
	return c;
}

/* cert_pdf.c, for report_pdf.c: makes m (size bytes reserved at base)
 * the thread's region for libharu (NULL: none); a document allocating
 * from it; the document's UTF-8 encoder made to take each text's UCS-2
 * buffer from m->ucs2, which the caller mallocs (2 bytes a byte of the
 * text) before each text it draws. "libharu's memory" in cert_pdf.c
 * says why. */
void cert_pdf_mem_use(struct hpdf_mem *m);
HPDF_Doc cert_pdf_mem_doc(HPDF_Error_Handler on_error, void *user);
int cert_pdf_mem_utf8(HPDF_Doc pdf);

/* cert_pdf_font.c: 1 if the loaded face maps code point cp (in the BMP),
 * else 0. Only after cert_pdf_init succeeded. */
int cert_pdf_covered(uint32_t cp);

/* cert_pdf_font.c: the face subset to the code points want, serialized
 * (the caller destroys it); NULL on failure. */
hb_blob_t *cert_pdf_subset(const hb_set_t *want);

/* cert_pdf_sfnt.c: the font f (n bytes, a subset HarfBuzz wrote) with
 * its outlines rounded, as a new blob in *out: 0; 1 if f is not as
 * expected (use it as it is); -1 if out of memory (the render fails
 * rather than give other bytes for the same certificate). */
int cert_pdf_font_round(const unsigned char *f, size_t n, hb_blob_t **out);

/* cert_pdf_sfnt.c: for the PDF, f (n bytes, a font cert_pdf_subset
 * made) with only the tables a CIDFontType2 program needs when the PDF
 * maps CIDs to glyphs itself (CIDToGIDMap): glyf, loca, head, hhea,
 * hmtx, maxp. Malloc'd, *len bytes; NULL if f is not as expected or
 * out of memory. */
unsigned char *cert_pdf_font_program(const unsigned char *f, size_t n,
    size_t *len);

/* cert_pdf_font.c: writes blob where libharu can open it by name into
 * path (cap bytes): a memfd reached as /proc/self/fd/N, else a file in
 * $TMPDIR that the caller unlinks when *named. The descriptor (the
 * caller closes it), or -1. */
int cert_pdf_font_file(hb_blob_t *blob, char *path, size_t cap, int *named);

/* cert_pdf_cid.c: the Ming font of r's document, from the font libharu
 * loaded as name, with the code points of r->cps as its CIDs, each the
 * subset's glyph id: libharu takes a font's CIDs from a CMap encoder's
 * map, so while the font is made the UTF-8 encoder utf8 passes for one,
 * its map holding only those code points (else libharu looks up a glyph
 * and a width for all 65,536, most of a render's time). NULL on
 * failure. */
HPDF_Font cert_pdf_ming_font(struct render *r, HPDF_Encoder utf8,
    const char *name);

/* cert_pdf_cid.c: after drawing, the Ming font's tables rewritten for
 * the glyph-id codes: CIDToGIDMap /Identity (libharu's stream emptied;
 * cert_pdf_ming_descriptor reuses it), widths by glyph id where they
 * differ from 1000 (the CJK advance), and a ToUnicode CMap of bfchar
 * entries, at most 100 a block as the format asks. 0 or -1. */
int cert_pdf_ming_tables(struct render *r);

/* cert_pdf_cid.c: the Ming font's descriptor, with the font program of
 * the subset blob (cert_pdf_font_program), made before libharu would
 * make one when saving (it makes one only for a font that has none) and
 * embed the whole subset file. 0 or -1. */
int cert_pdf_ming_descriptor(struct render *r, hb_blob_t *blob);

/* cert_pdf_page.c: lays out the page of r: in the collecting pass
 * (r->collect) only gathers the Ming code points into r->cps, else
 * draws on r->page. Stops drawing after a libharu error. */
void cert_pdf_layout(struct render *r);

#endif
