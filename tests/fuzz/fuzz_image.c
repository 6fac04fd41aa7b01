/*
 * fuzz_image.c - libFuzzer target for the issuer's image sniffer
 * (issuer_image_sniff in issuer.c), which reads a PNG's IHDR and walks a
 * JPEG's segments to its start of frame in bytes an admin uploads.
 *
 * Build: make fuzz (target "image"). An image taken must be a PNG or JPEG
 * by its first bytes, at most ISSUER_IMAGE_MAX bytes and 1..ISSUER_IMAGE_PX
 * pixels a side; a refusal is one of the catalog keys issuer.h names. The
 * input is also run through issuer_check as a logo, which also decodes
 * it as the certificate would (a crash there would be libpng's or
 * libharu's, reached through aicert). Crashes it finds are
 * kept in tests/fuzz/regress/image/.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "issuer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "issuer_image_type", "issuer_image_corrupt",
	    "issuer_image_too_big", "issuer_image_too_wide", NULL };
	const char *type, *why;
	struct issuer is;
	struct issuer_err errs[ISSUER_MAX_ERRS];
	int w, h, known = 0, n;

	why = issuer_image_sniff(data, size, &type, &w, &h);
	if (why == NULL) {
		if (type == NULL || size > ISSUER_IMAGE_MAX || w < 1 || h < 1 ||
		    w > ISSUER_IMAGE_PX || h > ISSUER_IMAGE_PX)
			__builtin_trap();
		if (strcmp(type, "image/png") == 0 ? data[0] != 0x89 :
		    strcmp(type, "image/jpeg") != 0 || data[0] != 0xff || data[1] != 0xd8)
			__builtin_trap();
	} else {
		for (size_t i = 0; keys[i] != NULL; i++)
			known |= strcmp(why, keys[i]) == 0;
		if (!known)
			__builtin_trap();
	}
	memset(&is, 0, sizeof is);
	is.legal_en = "Example";
	is.legal_zh = "範例";
	is.logo.change = ISSUER_SET;
	is.logo.data = data;
	is.logo.len = size;
	n = issuer_check(&is, errs);
	/* The check refuses what the sniffer refuses (an empty input too: no
	 * image at all); what the sniffer takes it refuses only as an image
	 * the certificate cannot draw (decoded whole: libpng, libharu). */
	if (why != NULL || size == 0) {
		if (n == 0)
			__builtin_trap();
	} else if (n != 0 && (n != 1 || strcmp(errs[0].key, "issuer_image_unreadable") != 0)) {
		__builtin_trap();
	}
	return 0;
}
