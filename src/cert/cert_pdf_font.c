/*
 * cert_pdf_font.c - the certificate's Chinese face: AR PL UMing TW (or
 * UKai) found and checked once per process, which code points it maps,
 * and per render the face subset with HarfBuzz to the characters the
 * page draws (its outlines rounded: cert_pdf_sfnt.c), written where
 * libharu can open it; see cert_pdf_int.h.
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
	    W->serial_zh, W->verify_zh, W->programme_zh, W->parts_zh,
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
		int rc = cert_pdf_font_round((const unsigned char *)data, n,
		    &r);

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
