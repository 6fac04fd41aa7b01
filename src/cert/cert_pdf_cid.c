/*
 * cert_pdf_cid.c - the certificate's Ming font as the PDF sees it. The
 * text is written in the subset's glyph ids (the encoder in cert_pdf.c),
 * so the CIDs are glyph ids: CIDToGIDMap /Identity, widths by glyph id,
 * a ToUnicode CMap from each glyph back to its character, and a font
 * program of the glyph tables only (cert_pdf_sfnt.c). libharu 2.3.0's
 * own tables for a UTF-8 font are Unicode-keyed: a 128 KB CIDToGIDMap
 * and 65,536 glyph and width look-ups per document, a whole font file
 * embedded, and a ToUnicode "begincidrange" poppler rejects (copying
 * text then fails). Reaches into libharu's font objects (hpdf_font.h,
 * hpdf_fontdef.h, hpdf_objects.h, all installed by libhpdf-dev).
 */
#include <hb.h>
#include <hpdf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cert_pdf_int.h"

HPDF_Font
cert_pdf_ming_font(struct render *r, HPDF_Encoder utf8, const char *name)
{
	HPDF_FontDef def = HPDF_GetFontDef(r->pdf, name);
	HPDF_CMapEncoderAttr cm;
	HPDF_Encoder_ToUnicode_Func to_unicode;
	HPDF_Font font;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;

	if (def == NULL)
		return NULL;
	cm = (HPDF_CMapEncoderAttr)utf8->attr;
	memset(cm->cid_map, 0, sizeof cm->cid_map);
	while (hb_set_next(r->cps, &cp))
		if (cp < 65536)
			cm->cid_map[cp >> 8][cp & 0xff] =
			    HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
	to_unicode = utf8->to_unicode_fn;
	utf8->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	font = HPDF_GetFont(r->pdf, name, "UTF-8");
	utf8->to_unicode_fn = to_unicode;
	return font;
}

int
cert_pdf_ming_descriptor(struct render *r, hb_blob_t *blob)
{
	HPDF_FontDef def = ((HPDF_FontAttr)r->ming->attr)->fontdef;
	HPDF_TTFontDefAttr da = def->attr;
	HPDF_MMgr mm = r->pdf->mmgr;
	HPDF_Dict desc, file;
	HPDF_STATUS rc = HPDF_OK;
	unsigned n;
	const char *data = hb_blob_get_data(blob, &n);
	size_t len;
	unsigned char *prog = cert_pdf_font_program((const unsigned char *)
	    data, n, &len);

	if (prog == NULL)
		return -1;
	desc = HPDF_Dict_New(mm);
	/* the CIDToGIDMap stream libharu made, emptied by ming_tables and
	 * unreferenced since, carries the program: one object less */
	file = ((HPDF_FontAttr)r->ming->attr)->map_stream;
	if (file == NULL)
		file = HPDF_DictStream_New(mm, r->pdf->xref);
	if (desc == NULL || file == NULL ||
	    HPDF_Xref_Add(r->pdf->xref, desc) != HPDF_OK) {
		free(prog);
		return -1;
	}
	rc |= HPDF_Stream_Write(file->stream, prog, (HPDF_UINT)len);
	free(prog);
	file->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	rc |= HPDF_Dict_AddNumber(file, "Length1", (HPDF_UINT32)len);
	rc |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	rc |= HPDF_Dict_AddName(desc, "FontName", da->base_font);
	rc |= HPDF_Dict_AddNumber(desc, "Flags", def->flags);
	rc |= HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(mm,
	    def->font_bbox));
	rc |= HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle);
	rc |= HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
	rc |= HPDF_Dict_AddNumber(desc, "Descent", def->descent);
	rc |= HPDF_Dict_AddNumber(desc, "StemV", def->stemv);
	rc |= HPDF_Dict_Add(desc, "FontFile2", file);
	def->descriptor = desc;
	return rc == HPDF_OK && !r->hpdf_error ? 0 : -1;
}

/* A glyph of the subset and the character it draws. */
struct glyph {
	uint16_t gid, cp;
};

static int
by_gid(const void *a, const void *b)
{
	const struct glyph *x = a, *y = b;

	return (x->gid > y->gid) - (x->gid < y->gid);
}

/* After drawing: the Ming font's tables rewritten for the codes the
 * encoder wrote (glyph ids, see hpdf_mem_ucs2). libharu 2.3.0 maps
 * codes as Unicode: a CIDToGIDMap of two bytes for every code point up
 * to the highest one drawn, widths by code point, and a ToUnicode CMap
 * whose "begincidrange" poppler rejects (copying text then fails). Here
 * the map becomes Identity (the old stream emptied; ming_descriptor
 * reuses it), the widths are listed by glyph id where
 * they differ from 1000 (the CJK advance), and ToUnicode is a valid
 * CMap of bfchar entries, at most 100 a block as the format asks. 0 or
 * -1. */
int
cert_pdf_ming_tables(struct render *r)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)r->ming->attr;
	HPDF_Dict cid = fa->descendant_font, tu;
	HPDF_Array w;
	HPDF_Stream st;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	size_t n = 0, cap = hb_set_get_population(r->cps);
	struct glyph *g = arena_alloc(r->a, (cap + 1) * sizeof *g);
	HPDF_STATUS rc = HPDF_OK;

	while (hb_set_next(r->cps, &cp) && n < cap) {
		g[n].cp = (uint16_t)cp;
		g[n++].gid = HPDF_TTFontDef_GetGlyphid(fa->fontdef,
		    (HPDF_UINT16)cp);
	}
	qsort(g, n, sizeof *g, by_gid);
	if (fa->map_stream != NULL)
		HPDF_MemStream_FreeData(fa->map_stream->stream);
	rc |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
	rc |= HPDF_Dict_AddNumber(cid, "DW", 1000);
	if ((w = HPDF_Array_New(r->pdf->mmgr)) == NULL)
		return -1;
	rc |= HPDF_Dict_Add(cid, "W", w);
	for (size_t i = 0; i < n && rc == HPDF_OK; i++) {
		HPDF_INT16 gw = HPDF_TTFontDef_GetGidWidth(fa->fontdef,
		    g[i].gid);
		HPDF_Array one;

		if (gw == 1000 || (i > 0 && g[i].gid == g[i - 1].gid))
			continue;
		if ((one = HPDF_Array_New(r->pdf->mmgr)) == NULL)
			return -1;
		rc |= HPDF_Array_AddNumber(w, g[i].gid);
		rc |= HPDF_Array_Add(w, one);
		rc |= HPDF_Array_AddNumber(one, gw);
	}
	tu = HPDF_Dict_GetItem(r->ming, "ToUnicode", HPDF_OCLASS_DICT);
	if (tu == NULL) {
		if ((tu = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref)) ==
		    NULL)
			return -1;
		tu->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		rc |= HPDF_Dict_Add(r->ming, "ToUnicode", tu);
	}
	/* the dictionary of a ToUnicode stream holds only its length and
	 * filter; libharu's also names an Identity-H CMap */
	HPDF_Dict_RemoveElement(tu, "Type");
	HPDF_Dict_RemoveElement(tu, "CMapName");
	HPDF_Dict_RemoveElement(tu, "CIDSystemInfo");
	HPDF_Dict_RemoveElement(tu, "WMode");
	st = tu->stream;
	HPDF_MemStream_FreeData(st);
	rc |= HPDF_Stream_WriteStr(st, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n/CIDSystemInfo\n<< /Registry (Adobe) "
	    "/Ordering (UCS) /Supplement 0 >> def\n/CMapName "
	    "/Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (size_t i = 0; i < n && rc == HPDF_OK; i += 100) {
		size_t k = n - i < 100 ? n - i : 100;

		rc |= HPDF_Stream_WriteStr(st, arena_printf(r->a,
		    "%zu beginbfchar\n", k));
		for (size_t j = i; j < i + k; j++)
			rc |= HPDF_Stream_WriteStr(st, arena_printf(r->a,
			    "<%04X> <%04X>\n", g[j].gid, g[j].cp));
		rc |= HPDF_Stream_WriteStr(st, "endbfchar\n");
	}
	rc |= HPDF_Stream_WriteStr(st, "endcmap\nCMapName currentdict /CMap "
	    "defineresource pop\nend\nend\n");
	return rc == HPDF_OK && !r->hpdf_error ? 0 : -1;
}
